//! Connectors (SeekrFlow's MCP connector tools): the decisions about creating one,
//! finishing its sign-in, keeping its token and tool list fresh, replacing a failed one
//! and deleting one. Handlers call these; these call `db` and `upstream`.

pub mod arguments;
pub mod calls;
pub mod catalog;
pub mod create;
pub mod faults;
pub mod listing;
pub mod replace;
pub mod sign_in;
pub mod tokens;

use crate::clock;
use crate::db;
use crate::error::{Error, Result};
use crate::state::AppState;
use patchbay_wire::{Tool, ToolDeleted, ToolStatus};

/// The sentence that ends every reason a tool failed for good.
pub const RECREATE: &str = "Delete this tool and create it again.";

/// Why a connector offers no tools now, as a person (or a model) should hear it; `None`
/// when it is active.
pub fn unavailable(tool: &db::tools::ToolRecord, now: i64) -> Option<String> {
    let (status, reason) = tool.status_at(now);
    let name = &tool.name;
    match status {
        ToolStatus::Active => None,
        ToolStatus::PendingAuthorization => {
            Some(format!("The \"{name}\" connector is waiting for sign-in; finish signing in to it in Patchbay."))
        }
        ToolStatus::Failed => Some(format!(
            "The \"{name}\" connector has failed ({}); replace it in Patchbay.",
            reason.unwrap_or("no reason recorded").trim_end_matches('.')
        )),
        other => Some(format!("The \"{name}\" connector is {}; it offers no tools.", other.label().to_lowercase())),
    }
}

/// The tool as it reads now, or the one "no such tool" answer.
pub async fn load(state: &AppState, id: &str) -> Result<db::tools::ToolRecord> {
    db::tools::get(&state.db, id).await?.ok_or_else(|| Error::tool_not_found(id))
}

pub async fn read(state: &AppState, id: &str) -> Result<Tool> {
    Ok(load(state, id).await?.to_tool(clock::now_unix()))
}

/// Deletes a tool unless an active agent links it. The check and the delete share one
/// write transaction, and agent create/update link tools in one too, so neither can
/// slip between the other's check and write.
pub async fn delete(state: &AppState, id: &str) -> Result<ToolDeleted> {
    let mut tx = state.db.begin_write().await?;
    let tool = db::tools::get_locked(&state.db, &mut tx, id).await?.ok_or_else(|| Error::tool_not_found(id))?;
    let agents = db::agents::using_tool(&mut tx, id, true).await?;
    if !agents.is_empty() {
        let names = agents.iter().take(5).map(|a| format!("\"{}\"", a.name)).collect::<Vec<_>>().join(", ");
        let more = if agents.len() > 5 { format!(" and {} more", agents.len() - 5) } else { String::new() };
        let (noun, them) = if agents.len() == 1 { ("agent", "it") } else { ("agents", "them") };
        return Err(Error::Conflict(format!(
            "\"{}\" is used by the active {noun} {names}{more}. Stop {them} or remove the tool from {them} first, \
             then delete the tool.",
            tool.name
        )));
    }
    let deleted = db::tools::delete(&mut tx, id).await?;
    tx.commit().await?;
    state.pool.forget(id).await;
    state.watch.nudge();
    Ok(ToolDeleted { id: id.to_string(), deleted, message: format!("Deleted \"{}\".", tool.name) })
}
