//! Finishing a sign-in when the provider sends the person back: the single-use `state`
//! names the tool; the code is exchanged (PKCE verifier from the stored state), the
//! server's tools are listed, and the tool turns `Active`. Only sentences meant for a
//! person come out of here; internal faults are errors for the caller to log.

use crate::clock;
use crate::connectors::{RECREATE, catalog, tokens};
use crate::db;
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::upstream::{mcp, oauth};
use patchbay_wire::ToolStatus;

/// How a callback ended, for the page the person lands on.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The tool is active.
    Active {
        tool_id: String,
    },
    /// The tool is not active; `why` says what happened and what to do.
    NotActive {
        tool_id: String,
        why: String,
    },
    /// The state matches nothing: already used, forged, or its tool deleted.
    UnknownState,
    ToolGone,
}

pub async fn finish(state: &AppState, csrf: &str, code: &str, iss: Option<&str>) -> Result<Outcome> {
    let Some((tool_id, sealed)) = db::oauth_states::take(&state.db, csrf).await? else {
        return Ok(Outcome::UnknownState);
    };
    let outcome = finish_taken(state, csrf, (&tool_id, &sealed), code, iss).await;
    if outcome.is_err() {
        // The gateway's own fault: put the state back so the same link can be tried again.
        let mut conn = state.db.pool().acquire().await?;
        if let Err(e) = db::oauth_states::insert(&mut conn, csrf, &tool_id, &sealed).await {
            tracing::warn!(error = %e, tool = %tool_id, "the sign-in state could not be put back");
        }
    }
    outcome
}

async fn finish_taken(
    state: &AppState,
    csrf: &str,
    (tool_id, sealed): (&str, &str),
    code: &str,
    iss: Option<&str>,
) -> Result<Outcome> {
    let tool_id = tool_id.to_string();
    let Some(tool) = db::tools::get(&state.db, &tool_id).await? else { return Ok(Outcome::ToolGone) };
    let (status, reason) = tool.status_at(clock::now_unix());
    if status != ToolStatus::PendingAuthorization {
        let why = reason.unwrap_or("This tool is no longer waiting for sign-in.").to_string();
        return Ok(Outcome::NotActive { tool_id, why });
    }
    let state_data = state
        .cipher
        .open_sealed(sealed)
        .ok_or_else(|| Error::Internal(format!("the sign-in state of {tool_id} does not open with this key")))?;
    let client = tokens::client(state, &tool).await?;
    let store = db::credentials::Store { db: state.db.clone(), cipher: state.cipher.clone(), tool_id: tool_id.clone() };
    if let Err(e) = oauth::exchange(&state.upstream, &client, store, (csrf, &state_data), code, iss).await {
        return fail(state, tool_id, e.to_string()).await;
    }
    let token = match tokens::bearer(state, &tool, None).await {
        Ok(t) => t,
        Err(Error::Upstream(e)) => {
            return fail(state, tool_id, format!("The provider's token could not be used ({e}).")).await;
        }
        Err(e) => return Err(e),
    };
    let listed = match mcp::list_tools(&state.upstream, &tool.url, tool.transport, token.as_deref()).await {
        Ok(l) => l,
        Err(e) => {
            return fail(state, tool_id, format!("Signed in, but the MCP server did not list its tools ({e}).")).await;
        }
    };
    if db::tools::activate(&state.db, &tool_id, &catalog::to_json(&listed)).await? {
        state.watch.nudge();
        return Ok(Outcome::Active { tool_id });
    }
    let now = db::tools::get(&state.db, &tool_id).await?.ok_or(Error::Internal("activated tool vanished".into()));
    let why = now?.status_at(clock::now_unix()).1.unwrap_or("This tool is no longer waiting for sign-in.").to_string();
    Ok(Outcome::NotActive { tool_id, why })
}

async fn fail(state: &AppState, tool_id: String, why: String) -> Result<Outcome> {
    let why = format!("{why} {RECREATE}");
    db::tools::fail(&state.db, &tool_id, &why).await?;
    state.watch.nudge();
    Ok(Outcome::NotActive { tool_id, why })
}

/// The provider said no (e.g. `access_denied`): the tool stays pending and its link valid,
/// so the person can retry within the window. Answers the tool the state names.
pub async fn refused(state: &AppState, csrf: &str) -> Result<Option<String>> {
    db::oauth_states::tool_of(&state.db, csrf).await
}
