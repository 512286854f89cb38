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
use std::collections::HashMap;
use std::sync::Mutex;

/// Distinct pages kept; pollers ask for few.
const MAX_ENTRIES: usize = 64;

type Key = (Option<ToolStatus>, i64, i64);

struct Entry {
    version: i64,
    /// The last second the answer holds (a pending tool's window closes after it).
    valid_until: Option<i64>,
    body: axum::body::Bytes,
}

#[derive(Default)]
pub struct ListCache(Mutex<HashMap<Key, Entry>>);

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
    {
        let cache = state.tool_lists.0.lock().expect("not poisoned");
        if let Some(e) = cache.get(&key)
            && e.version == version
            && e.valid_until.is_none_or(|until| now <= until)
        {
            return Ok(e.body.clone());
        }
    }
    // Stamped with the version read before building: a change meanwhile is seen next time.
    let valid_until = db::tools::next_expiry(&state.db).await?;
    let (rows, total) = db::tools::list(&state.db, status, offset, limit, now).await?;
    let list = ToolList { data: rows.iter().map(|t| t.to_tool(now)).collect(), total };
    let body = axum::body::Bytes::from(serde_json::to_vec(&list).expect("a tool list serializes"));
    let mut cache = state.tool_lists.0.lock().expect("not poisoned");
    if cache.len() >= MAX_ENTRIES {
        cache.clear();
    }
    cache.insert(key, Entry { version, valid_until, body: body.clone() });
    Ok(body)
}
