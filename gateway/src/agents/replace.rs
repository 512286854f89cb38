//! Replacing a failed tool in one action (Patchbay's addition to SeekrFlow's "delete it,
//! create a new one, then update your agent's tool_ids"):
//! - `POST /v1/flow/tools/{id}/replace`: creates a connector with the failed one's name,
//!   description, URL and sign-in mode, linked to it in `tool_replacements`.
//!
//! The swap (every agent's link moved to the new tool, the old tool deleted) happens on
//! the server once the new tool is `Active`: a trigger (migration 0102) does it in the
//! very transaction that activates the tool, whichever module does that; `swap` here does
//! it for a replacement that is Active at once. Abandoning the sign-in halfway leaves the
//! old tool and its agents exactly as they were.

use crate::error::{Error, Json, Result};
use crate::state::AppState;
use crate::store;
use axum::extract::{Path, State};
use patchbay_wire::{AuthMode, CreateMcpConfig, CreateTool, ReplaceTool, ToolReplacement, ToolStatus, ToolType};
use sqlx::SqlitePool;

/// Finishes every replacement whose new tool is `Active` but not yet swapped (one that
/// needed no sign-in, or a database from before the trigger); returns how many.
pub async fn complete_replacements(db: &SqlitePool) -> Result<u64> {
    let ready: Vec<(String, String)> = sqlx::query_as(
        "SELECT r.new_tool_id, r.old_tool_id FROM tool_replacements r JOIN tools t ON t.id = r.new_tool_id \
         WHERE t.status = 'Active'",
    )
    .fetch_all(db)
    .await?;
    let mut done = 0;
    for (new, old) in ready {
        done += u64::from(swap(db, &new, &old).await?);
    }
    Ok(done)
}

/// Moves the old tool's links to the new one and deletes the old tool, in one write transaction.
async fn swap(db: &SqlitePool, new: &str, old: &str) -> Result<bool> {
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    // Checked again under the write lock: the new tool may have failed meanwhile.
    let still: Option<String> = sqlx::query_scalar(
        "SELECT t.status FROM tool_replacements r JOIN tools t ON t.id = r.new_tool_id \
         WHERE r.new_tool_id = ? AND r.old_tool_id = ?",
    )
    .bind(new)
    .bind(old)
    .fetch_optional(&mut *tx)
    .await?;
    if still.as_deref() != Some(ToolStatus::Active.as_str()) {
        return Ok(false);
    }
    let now = store::now();
    sqlx::query("UPDATE agents SET updated_at = ? WHERE id IN (SELECT agent_id FROM agent_tools WHERE tool_id = ?)")
        .bind(&now)
        .bind(old)
        .execute(&mut *tx)
        .await?;
    // An agent that somehow links both keeps one link, in the old one's place.
    sqlx::query(
        "DELETE FROM agent_tools WHERE tool_id = ? AND agent_id IN (SELECT agent_id FROM agent_tools WHERE tool_id = ?)",
    )
    .bind(new)
    .bind(old)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE agent_tools SET tool_id = ? WHERE tool_id = ?").bind(new).bind(old).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM tools WHERE id = ?").bind(old).execute(&mut *tx).await?;
    tx.commit().await?;
    tracing::info!(old, new, "replaced a failed tool in its agents");
    Ok(true)
}

pub async fn replace_tool(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Json(req): Json<ReplaceTool>,
) -> Result<Json<ToolReplacement>> {
    complete_replacements(&state.db).await?;
    let old = store::get(&state.db, &id).await?.ok_or_else(|| crate::tools::not_found(&id))?;
    if old.status() != ToolStatus::Failed {
        return Err(Error::bad_request(format!(
            "Only a failed tool needs replacing; \"{}\" is {}.",
            old.name,
            old.status().label().to_lowercase()
        )));
    }
    let mode = old.auth_mode();
    let (client_id, client_secret) = credentials(&state, &id, mode, req).await?;
    // An earlier attempt that never finished signing in was abandoned: it goes, so only one waits.
    sqlx::query(
        "DELETE FROM tools WHERE status != 'Active' AND id IN \
         (SELECT new_tool_id FROM tool_replacements WHERE old_tool_id = ?)",
    )
    .bind(&id)
    .execute(&state.db)
    .await?;
    let create = CreateTool {
        tool_type: ToolType::McpConnector,
        name: old.name.clone(),
        description: old.description.clone(),
        config: CreateMcpConfig { url: old.url.clone(), client_id, client_secret },
    };
    let new_id = crate::connect::create(&state, create, Some(mode)).await?;
    sqlx::query("INSERT INTO tool_replacements (new_tool_id, old_tool_id, created_at) VALUES (?, ?, ?)")
        .bind(&new_id)
        .bind(&id)
        .bind(store::now())
        .execute(&state.db)
        .await?;
    // A server without sign-in is Active at once: swap now.
    let swapped = complete_replacements(&state.db).await? > 0 && store::get(&state.db, &id).await?.is_none();
    let tool = store::get(&state.db, &new_id).await?.ok_or_else(|| crate::tools::not_found(&new_id))?;
    Ok(Json(ToolReplacement { replaced_tool_id: id, tool: tool.to_tool(), swapped }))
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
                None => store::client(&state.db, &state.cipher, id).await?.0,
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
