//! Background work: the sweeper fails pending tools whose authorization window has
//! closed (whether or not anyone reads them), and the health check renews tokens and
//! re-lists each active tool's server, failing the tool when it cannot recover.

use crate::credentials::{self, TokenFault};
use crate::mcp::{self, Probe};
use crate::state::AppState;
use crate::store::{self, ToolRecord};
use patchbay_wire::ToolStatus;
use std::time::Duration;

/// Starts both loops; they run until the process ends (or the handles are aborted).
pub fn spawn(state: AppState) -> [tokio::task::JoinHandle<()>; 2] {
    let sweep_every =
        (state.config.authorization_window / 4).clamp(Duration::from_millis(250), Duration::from_secs(30));
    let s = state.clone();
    let sweeper = tokio::spawn(async move {
        let mut tick = tokio::time::interval(sweep_every);
        loop {
            tick.tick().await;
            if let Err(e) = store::expire_pending(&s.db).await {
                tracing::warn!(error = %e, "sweeping expired authorizations failed");
            }
        }
    });
    let health = tokio::spawn(async move {
        let mut tick = tokio::time::interval(state.config.health_interval);
        tick.tick().await; // the first tick is immediate; tools were just checked at create
        loop {
            tick.tick().await;
            check_all(&state).await;
        }
    });
    [sweeper, health]
}

pub async fn check_all(state: &AppState) {
    let active = match store::list(&state.db, Some(ToolStatus::Active), 0, i64::MAX).await {
        Ok((rows, _)) => rows,
        Err(e) => return tracing::warn!(error = %e, "health check could not list tools"),
    };
    for tool in active {
        if let Err(reason) = check(state, &tool).await {
            tracing::info!(tool = %tool.id, %reason, "tool failed its health check");
            let reason = format!("{reason} Delete this tool and create it again.");
            let _ = store::set_status(&state.db, &tool.id, ToolStatus::Failed, Some(&reason)).await;
        }
    }
}

/// One tool: a bearer (refreshed if due), then a real tools/list. A failure is retried
/// once after a pause, so one dropped connection does not fail a tool for good.
async fn check(state: &AppState, tool: &ToolRecord) -> Result<(), String> {
    match check_once(state, tool).await {
        Ok(()) => Ok(()),
        Err((_, true)) => {
            tokio::time::sleep(Duration::from_secs(1)).await;
            check_once(state, tool).await.map_err(|(why, _)| why)
        }
        Err((why, false)) => Err(why),
    }
}

/// `Err((reason, worth_retrying))`.
async fn check_once(state: &AppState, tool: &ToolRecord) -> Result<(), (String, bool)> {
    let token = match credentials::bearer(state, tool).await {
        Ok(t) => t,
        Err(TokenFault::Rejected(why)) => return Err((why, false)),
        Err(TokenFault::Unavailable(e)) => {
            tracing::warn!(tool = %tool.id, error = %e, "token refresh failed");
            return Err(("The sign-in provider could not be reached to renew the token.".into(), true));
        }
    };
    match mcp::fetch_tools(state, &tool.url, tool.transport(), token.clone()).await {
        Ok(listed) => store::set_mcp_tools(&state.db, &tool.id, &listed).await.map_err(|e| (e.to_string(), true)),
        Err(e) => Err(match mcp::probe_on(state, &tool.url, tool.transport(), token.as_deref()).await {
            Probe::NeedsAuth(_) => ("The MCP server refused the gateway's token; access was revoked.".into(), false),
            Probe::Unreachable(why) => (format!("The MCP server could not be reached: {why}"), true),
            Probe::NotMcp(why) => (why, true),
            Probe::Mcp => (format!("The MCP server failed to list its tools ({e})."), true),
        }),
    }
}
