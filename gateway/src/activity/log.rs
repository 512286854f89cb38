//! Reading the call log: a tool's or an agent's calls, newest first, paged. A call
//! outlives its agent and its tool in the log (the agent's list keeps a deleted tool's
//! calls, with its name then), but only a tool or agent that exists has a list.

use crate::db::{self, calls::CallsOf};
use crate::error::{Error, Result};
use crate::state::AppState;
use patchbay_wire::CallList;

pub async fn of_tool(state: &AppState, tool_id: &str, offset: i64, limit: i64) -> Result<CallList> {
    if !db::tools::exists(&state.db, tool_id).await? {
        return Err(Error::tool_not_found(tool_id));
    }
    let (data, total) = db::calls::page(&state.db, CallsOf::Tool(tool_id), offset, limit).await?;
    Ok(CallList { data, total })
}

pub async fn of_agent(state: &AppState, agent_id: &str, offset: i64, limit: i64) -> Result<CallList> {
    super::require_agent(state, agent_id).await?;
    let (data, total) = db::calls::page(&state.db, CallsOf::Agent(agent_id), offset, limit).await?;
    Ok(CallList { data, total })
}
