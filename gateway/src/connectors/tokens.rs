//! The bearer token for calls to a connector's server: the stored one while it is fresh,
//! else renewed once (one refresh per tool at a time, so a rotating refresh token is
//! never used twice). A refusal to renew fails the tool for good.

use crate::connectors::RECREATE;
use crate::db;
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::upstream::{UpstreamError, oauth};
use patchbay_wire::AuthMode;
use rmcp::transport::CredentialStore;

fn store(state: &AppState, tool_id: &str) -> db::credentials::Store {
    db::credentials::Store { db: state.db.clone(), cipher: state.cipher.clone(), tool_id: tool_id.to_string() }
}

/// How the gateway signs in to the tool's server, from its row.
pub async fn client(state: &AppState, tool: &db::tools::ToolRecord) -> Result<oauth::Client> {
    let (client_id, client_secret) = db::tools::client(&state.db, &state.cipher, &tool.id).await?;
    let client_id = client_id.ok_or_else(|| Error::Internal(format!("tool {} signs in but has no client", tool.id)))?;
    Ok(oauth::Client {
        server_url: tool.url.clone(),
        challenge: db::tools::challenge(&state.db, &tool.id).await?,
        client_id,
        client_secret,
        redirect_uri: state.config.redirect_uri(),
    })
}

/// The bearer for a call (`None` for servers without sign-in). `stale` is a token the
/// server just refused: renew even if it looks fresh, unless another caller already has.
pub async fn bearer(state: &AppState, tool: &db::tools::ToolRecord, stale: Option<&str>) -> Result<Option<String>> {
    if tool.auth_mode == AuthMode::None {
        return Ok(None);
    }
    let now = || crate::clock::now_unix().max(0) as u64;
    // The common case takes no lock: a stored token that is fresh and not the refused one.
    if let oauth::TokenState::Fresh(t) = oauth::token_state(load(state, tool).await?.as_ref(), now())
        && stale != Some(t.as_str())
    {
        return Ok(Some(t));
    }
    // One refresh at a time for a tool: in this process, then across instances; and
    // looked at again once held, since whoever held it before may have renewed already.
    let lock = state.tool_lock(&tool.id);
    let _one_here = lock.lock().await;
    let _one_anywhere = db::locks::refresh(&state.db, &tool.id).await?;
    let store = store(state, &tool.id);
    let renew = match oauth::token_state(load(state, tool).await?.as_ref(), now()) {
        oauth::TokenState::Fresh(t) if stale != Some(t.as_str()) => return Ok(Some(t)),
        oauth::TokenState::Fresh(_) => true,
        oauth::TokenState::Due { renewable } => renewable,
        oauth::TokenState::Missing => {
            return fail(
                state,
                tool,
                UpstreamError::RefreshRejected("The gateway holds no token for this server.".into()),
            )
            .await;
        }
    };
    if !renew {
        let why = "The access token expired and the provider gave no refresh token.";
        return fail(state, tool, UpstreamError::RefreshRejected(why.into())).await;
    }
    let client = client(state, tool).await?;
    match oauth::refresh(&state.upstream, &client, store).await {
        Ok(token) => Ok(Some(token)),
        Err(e) if e.is_dead() => fail(state, tool, e).await,
        Err(e) => Err(Error::Upstream(e)),
    }
}

async fn load(
    state: &AppState,
    tool: &db::tools::ToolRecord,
) -> Result<Option<rmcp::transport::auth::StoredCredentials>> {
    store(state, &tool.id).load().await.map_err(|e| Error::Internal(format!("loading tokens of {}: {e}", tool.id)))
}

/// Fails the tool with the fault's sentence, then answers the fault.
async fn fail<T>(state: &AppState, tool: &db::tools::ToolRecord, e: UpstreamError) -> Result<T> {
    db::tools::fail(&state.db, &tool.id, &format!("{e} {RECREATE}")).await?;
    state.watch.nudge();
    Err(Error::Upstream(e))
}
