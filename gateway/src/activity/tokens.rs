//! Agents' access tokens for their MCP endpoints: issued with a name (the secret answered
//! once), listed without secrets, revoked at once (open MCP sessions using one hear of it
//! on `AppState::revoked_tokens` and close).

use crate::db;
use crate::error::{Error, Result, clip};
use crate::state::AppState;
use patchbay_wire::{AgentToken, CreateAgentToken, CreatedAgentToken};

/// Enough for every client of one agent; a bound so a runaway script cannot grow the table.
pub const MAX_PER_AGENT: i64 = 100;

pub async fn create(state: &AppState, agent_id: &str, req: CreateAgentToken) -> Result<CreatedAgentToken> {
    patchbay_wire::validate::name(&req.name).map_err(|e| Error::field("name", e))?;
    if db::agent_tokens::count(&state.db, agent_id).await? >= MAX_PER_AGENT {
        return Err(Error::Conflict(format!(
            "This agent already has {MAX_PER_AGENT} access tokens; revoke the ones no longer used, then create this one."
        )));
    }
    let issued = db::agent_tokens::issue(&state.db, agent_id, req.name.trim())
        .await?
        .ok_or_else(|| Error::agent_not_found(agent_id))?;
    Ok(CreatedAgentToken { id: issued.id, name: issued.name, token: issued.secret, created_at: issued.created_at })
}

pub async fn list(state: &AppState, agent_id: &str) -> Result<Vec<AgentToken>> {
    super::require_agent(state, agent_id).await?;
    db::agent_tokens::list(&state.db, agent_id).await
}

/// Deletes the token, then tells open sessions using it to close.
pub async fn revoke(state: &AppState, agent_id: &str, token_id: &str) -> Result<()> {
    if !db::agent_tokens::revoke(&state.db, agent_id, token_id).await? {
        super::require_agent(state, agent_id).await?;
        return Err(Error::NotFound(format!(
            "This agent has no access token with the id \"{}\"; it may have been revoked already. \
             List the agent's tokens to find it.",
            clip(token_id)
        )));
    }
    // No receiver means no session is open: nothing to close.
    let _ = state.revoked_tokens.send(token_id.to_string());
    Ok(())
}
