//! What a fault of a connector's server means for the connector, whoever met it (the
//! health check or a call): a refused sign-in fails it at once; an unreachable server
//! only warns, and fails it once it has stayed unreachable for at least `MIN_ATTEMPTS`
//! attempts spanning `--unreachable-grace`, so a short outage never fails it for good. A
//! protocol error or a tool's own error changes nothing.

use crate::clock;
use crate::connectors::RECREATE;
use crate::db::{self, tools::ToolRecord};
use crate::error::Error;
use crate::state::AppState;
use crate::upstream::UpstreamError;

/// Where a fault was met: a call's protocol error is the call's, not the connector's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeenIn {
    Check,
    Call,
}

/// Failed attempts in a row, at the least, before an unreachable server fails its tool.
pub const MIN_ATTEMPTS: i64 = 3;

/// Stores what a fault means for the tool: dead faults fail it, transient ones warn
/// until the grace period is over.
pub async fn record(state: &AppState, tool: &ToolRecord, fault: &UpstreamError, seen_in: SeenIn) -> Result<(), Error> {
    // A call that timed out may just be a slow tool; only a server that cannot be reached counts.
    if seen_in == SeenIn::Call && !fault.is_dead() && !matches!(fault, UpstreamError::Unreachable(_)) {
        return Ok(());
    }
    if !fault.is_transient() {
        tracing::info!(tool = %tool.id, %fault, "tool failed for good");
        db::tools::fail(&state.db, &tool.id, &format!("{fault} {RECREATE}")).await?;
        state.watch.nudge();
        return Ok(());
    }
    let now = clock::now_unix();
    let warning = format!(
        "The MCP server could not be reached at the last attempt ({fault}); the gateway keeps trying and fails the \
         tool if it stays unreachable."
    );
    let (since, attempts) = db::tools::mark_unreachable(&state.db, &tool.id, now, &warning).await?;
    let grace = state.config.unreachable_grace.as_secs() as i64;
    if attempts >= MIN_ATTEMPTS && now - since >= grace {
        let reason = format!(
            "The MCP server has been unreachable since {} ({attempts} attempts). {RECREATE}",
            clock::rfc3339(since)
        );
        tracing::info!(tool = %tool.id, attempts, "tool unreachable past its grace period");
        db::tools::fail(&state.db, &tool.id, &reason).await?;
        state.watch.nudge();
    }
    Ok(())
}
