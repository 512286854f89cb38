//! The tools list (`GET v1/flow/tools`), answered from a cache of its serialized JSON
//! while the tools table's change counter stands still and no pending tool's window has
//! closed since (that turns it `Failed` in what a read shows). A thousand tools make
//! ~470 KB of JSON; building it once per change instead of once per read is what keeps
//! the list fast for every poller.

use crate::clock;
use crate::db;
use crate::error::Result;
use crate::state::AppState;
use patchbay_wire::{ToolList, ToolStatus};

/// The JSON of `ToolList` for a filter and page, as of now.
pub async fn list_json(
    state: &AppState,
    status: Option<ToolStatus>,
    offset: i64,
    limit: i64,
) -> Result<axum::body::Bytes> {
    let key = (status, offset, limit);
    let version = db::tools::version(&state.db).await?;
    let now = clock::now_unix();
    if let Some(body) = state.tool_lists.get(key, version, now) {
        return Ok(body);
    }
    // Stamped with the version read before building: a change meanwhile is seen next time.
    let valid_until = db::tools::next_expiry(&state.db).await?;
    let (rows, total) = db::tools::list(&state.db, status, offset, limit, now).await?;
    let list = ToolList { data: rows.iter().map(|t| t.to_tool(now)).collect(), total };
    let body = axum::body::Bytes::from(serde_json::to_vec(&list).expect("a tool list serializes"));
    state.tool_lists.put(key, version, valid_until, body.clone());
    Ok(body)
}
