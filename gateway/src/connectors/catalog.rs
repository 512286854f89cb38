//! A connector's tool list: cached in its row (fetched at activation, by the health
//! check, and when the server says its list changed), listed afresh when none is cached.

use crate::clock;
use crate::connectors::tokens;
use crate::db::{self, tools::ToolRecord};
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::upstream::{catalog, mcp};
use patchbay_wire::ToolStatus;
use serde_json::Value;

/// The server's tools as cached, or listed now for an active tool without a cache.
pub async fn server_tools(state: &AppState, tool: &ToolRecord) -> Result<Vec<Value>> {
    if let Some(cached) = db::tools::mcp_tools(&state.db, &tool.id).await? {
        return catalog::parse(&cached)
            .ok_or_else(|| Error::Internal(format!("the tool list cached for {} does not parse", tool.id)));
    }
    let (status, reason) = tool.status_at(clock::now_unix());
    if status != ToolStatus::Active {
        return Err(Error::Conflict(format!(
            "\"{}\" is not active, so its server's tools cannot be listed yet: {}",
            tool.name,
            reason.unwrap_or("finish signing in first.")
        )));
    }
    refresh(state, tool).await
}

/// Lists the server's tools with a fresh bearer and caches them.
pub async fn refresh(state: &AppState, tool: &ToolRecord) -> Result<Vec<Value>> {
    let token = tokens::bearer(state, tool, None).await?;
    let listed = mcp::list_tools(&state.upstream, &tool.url, tool.transport, token.as_deref()).await?;
    db::tools::set_mcp_tools(&state.db, &tool.id, &to_json(&listed)).await?;
    state.watch.nudge();
    Ok(listed)
}

pub fn to_json(tools: &[Value]) -> String {
    serde_json::to_string(tools).expect("JSON values serialize")
}
