//! `patchbay-gateway`: reads its config, opens the database, runs migrations, serves.

use clap::Parser;
use patchbay_gateway::{Config, app, state::AppState};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn,rmcp::transport::worker=off".into()),
        )
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

async fn run(mut config: Config) -> Result<(), Box<dyn std::error::Error>> {
    config.check()?;
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}; choose another address with --listen", config.listen))?;
    // Port 0 means "any": the rest (the default public URL) uses the one it got.
    config.listen = listener.local_addr()?;
    let state = AppState::open(config.clone()).await?;
    patchbay_gateway::lifecycle::spawn(state.clone());
    tracing::info!(
        listen = %config.listen, public_url = %config.public_url(), database = %config.database_label(),
        "patchbay-gateway ready"
    );
    // One plain line on stdout for scripts that start it on port 0.
    println!("listening on http://{}", config.listen);
    let recorder = state.recorder.clone();
    axum::serve(patchbay_gateway::http::no_delay(listener), app(state.clone()))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    state.leadership.resign();
    // The last calls are still on their way to the database.
    recorder.flush().await;
    Ok(())
}
