//! `patchbay-gateway`: reads its config, opens the database, runs migrations, serves.

use clap::Parser;
use patchbay_gateway::{Config, app, state::AppState};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn".into()))
        .init();
    let config = Config::parse();
    match run(config).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            // Start-up problems are the operator's to fix: say what and how.
            eprintln!("patchbay-gateway: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(config: Config) -> Result<(), Box<dyn std::error::Error>> {
    config.check()?;
    let state = AppState::open(config.clone()).await?;
    patchbay_gateway::lifecycle::spawn(state.clone());
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}; choose another address with --listen", config.listen))?;
    tracing::info!(
        listen = %config.listen, public_url = %config.public_url(), database = %config.database_label(),
        "patchbay-gateway ready"
    );
    let recorder = state.recorder.clone();
    axum::serve(patchbay_gateway::http::no_delay(listener), app(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    // The last calls are still on their way to the database.
    recorder.flush().await;
    Ok(())
}
