//! The health check of active tools: a bearer (renewed if due), then a real tools/list.
//! What a fault means for the tool is `connectors::faults`' decision, shared with calls.

use crate::connectors::{catalog, faults};
use crate::db::{self, tools::ToolRecord};
use crate::error::Error;
use crate::state::AppState;
use crate::upstream::UpstreamError;
use crate::upstream::probe::{self, Probe};

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
    faults::record(state, tool, &fault, faults::SeenIn::Check).await
}
