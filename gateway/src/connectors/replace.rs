//! Replacing a failed tool in one action (Patchbay's addition to SeekrFlow's "delete it,
//! create a new one, then update your agent's tool_ids"): a connector with the failed
//! one's name, description, URL and sign-in mode, linked to it as its replacement. The
//! swap (agents' links moved, old tool deleted) happens in the transaction that makes
//! the new tool `Active` (`db::tools::activate`), or at once when it needs no sign-in.
//! Abandoning the sign-in halfway leaves the old tool and its agents as they were.

use crate::clock;
use crate::connectors::{create, load};
use crate::db;
use crate::error::{Error, Result};
use crate::state::AppState;
use patchbay_wire::{AuthMode, CreateMcpConfig, CreateTool, ReplaceTool, ToolReplacement, ToolStatus, ToolType};

pub async fn replace(state: &AppState, id: &str, req: ReplaceTool) -> Result<ToolReplacement> {
    let old = load(state, id).await?;
    let (status, _) = old.status_at(clock::now_unix());
    if status != ToolStatus::Failed {
        return Err(Error::bad_request(format!(
            "Only a failed tool needs replacing; \"{}\" is {}.",
            old.name,
            status.label().to_lowercase()
        )));
    }
    let (client_id, client_secret) = credentials(state, id, old.auth_mode, req).await?;
    {
        let mut conn = state.db.pool().acquire().await?;
        db::replacements::abandon_unfinished(&mut conn, id).await?;
    }
    let create = CreateTool {
        tool_type: ToolType::McpConnector,
        name: old.name.clone(),
        description: old.description.clone(),
        config: CreateMcpConfig { url: old.url.clone(), client_id, client_secret },
    };
    let new_id = create::create(state, create, Some(old.auth_mode)).await?;
    let mut tx = state.db.begin_write().await?;
    db::replacements::insert(&mut tx, &new_id, id).await?;
    let new =
        db::tools::get_locked(&state.db, &mut tx, &new_id).await?.ok_or_else(|| Error::tool_not_found(&new_id))?;
    // A server without sign-in is Active at once: swap now.
    let swapped = new.status == ToolStatus::Active && db::replacements::swap(&mut tx, &new_id).await?.is_some();
    tx.commit().await?;
    state.watch.nudge();
    Ok(ToolReplacement { replaced_tool_id: id.to_string(), tool: new.to_tool(clock::now_unix()), swapped })
}

/// The client to sign in with: for the person's own OAuth client, the secret again (it is
/// never read back out) and the id as typed or as stored; no credentials otherwise.
async fn credentials(
    state: &AppState,
    id: &str,
    mode: AuthMode,
    req: ReplaceTool,
) -> Result<(Option<String>, Option<String>)> {
    match mode {
        AuthMode::OauthClient => {
            let secret = req.client_secret.filter(|s| !s.trim().is_empty()).ok_or_else(|| {
                Error::field("config.CLIENT_SECRET", "Enter the client secret again; the gateway never shows it back.")
            })?;
            let client_id = match req.client_id.filter(|c| !c.trim().is_empty()) {
                Some(c) => Some(c),
                None => db::tools::client(&state.db, &state.cipher, id).await?.0,
            };
            Ok((client_id, Some(secret)))
        }
        AuthMode::OauthDynamic | AuthMode::None => {
            if req.client_id.is_some() || req.client_secret.is_some() {
                return Err(Error::field(
                    "config.CLIENT_ID",
                    "This tool signs in without a client ID and secret of yours; leave them out.",
                ));
            }
            Ok((None, None))
        }
    }
}
