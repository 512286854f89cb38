//! The health check of active tools: a bearer (renewed if due), then a real tools/list.
//! A refused sign-in fails the tool at once. An unreachable server only warns: the tool
//! stays active with a `status_reason` until it has failed at least `MIN_ATTEMPTS`
//! checks spanning `--unreachable-grace`, so a short outage never fails it for good.

use crate::clock;
use crate::connectors::{RECREATE, catalog};
use crate::db::{self, tools::ToolRecord};
use crate::error::Error;
use crate::state::AppState;
use crate::upstream::UpstreamError;
use crate::upstream::probe::{self, Probe};

/// Failed attempts in a row, at the least, before an unreachable server fails its tool.
pub const MIN_ATTEMPTS: i64 = 3;

pub async fn check_all(state: &AppState) {
    match db::tools::active(&state.db).await {
        Ok(tools) => check_each(state, tools).await,
        Err(e) => tracing::warn!(error = %e, "health check could not list tools"),
    }
}

pub async fn recheck_unreachable(state: &AppState) {
    match db::tools::unreachable(&state.db).await {
        Ok(tools) => check_each(state, tools).await,
        Err(e) => tracing::warn!(error = %e, "health check could not list unreachable tools"),
    }
}

async fn check_each(state: &AppState, tools: Vec<ToolRecord>) {
    for tool in tools {
        if let Err(e) = check(state, &tool).await {
            tracing::warn!(tool = %tool.id, error = %e, "health check of a tool failed");
        }
    }
}

/// One tool. `Err` is the gateway's own fault (logged); the tool's are stored on it.
pub async fn check(state: &AppState, tool: &ToolRecord) -> Result<(), Error> {
    let fault = match catalog::refresh(state, tool).await {
        Ok(_) => return Ok(()),
        Err(Error::Upstream(e)) => e,
        Err(e) => return Err(e),
    };
    // A failed session does not say whether the token or the network is at fault; the
    // plain probe does.
    let fault = match fault {
        e @ (UpstreamError::RefreshRejected(_) | UpstreamError::SignInRejected(_)) => e,
        e => match probe::probe_on(&state.upstream, &tool.url, tool.transport, None).await {
            Probe::Refused(p) if p.is_transient() => p,
            _ => e,
        },
    };
    record_fault(state, tool, &fault).await
}

/// Stores what a fault means for the tool: dead faults fail it, transient ones warn
/// until the grace period is over.
pub async fn record_fault(state: &AppState, tool: &ToolRecord, fault: &UpstreamError) -> Result<(), Error> {
    if !fault.is_transient() {
        tracing::info!(tool = %tool.id, %fault, "tool failed its health check");
        db::tools::fail(&state.db, &tool.id, &format!("{fault} {RECREATE}")).await?;
        return Ok(());
    }
    let now = clock::now_unix();
    let warning = format!(
        "The MCP server could not be reached at the last check ({fault}); the gateway keeps trying and fails the tool \
         if it stays unreachable."
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
    }
    Ok(())
}
