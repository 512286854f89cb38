//! Creating a connector: checks the server before anything is stored, then stores it
//! `Active` (no sign-in) or `Pending_authorization` with its authorization URL. Every
//! refusal is a sentence tied to the field to fix.

use crate::clock;
use crate::connectors::catalog;
use crate::db::{self, tools::NewTool};
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::upstream::probe::{self, Probe};
use crate::upstream::{UpstreamError, mcp, oauth, outbound};
use patchbay_wire::{AuthMode, CreateTool, ToolStatus, Transport};

/// Runs the checks and the outbound calls; returns the stored tool's id.
pub async fn create(state: &AppState, req: CreateTool, expect: Option<AuthMode>) -> Result<String> {
    Error::refuse(req.problems())?;
    outbound::check_url(&req.config.url, state.config.allow_private_networks)
        .await
        .map_err(|e| Error::field("config.URL", e))?;
    // Stored as typed, so answers show the URL the person entered.
    let url = req.config.url.trim().to_string();
    let client = req.config.client_id.clone().zip(req.config.client_secret.clone());
    check_choice(expect, client.is_some())?;
    let limit = state.config.outbound_timeout * 3;
    let work = async {
        let (answer, transport) = probe::detect(&state.upstream, &url).await;
        match answer {
            Probe::Refused(e) if e.is_transient() => {
                Err(Error::field("config.URL", format!("{e} Check the URL and that the server is running.")))
            }
            Probe::Refused(e) => Err(Error::field("config.URL", e.to_string())),
            Probe::Mcp => open_server(state, &req, &url, transport, expect, client.is_some()).await,
            Probe::NeedsAuth(challenge) => {
                oauth_server(state, &req, (&url, transport), expect, client, challenge).await
            }
        }
    };
    tokio::time::timeout(limit, work).await.map_err(|_| {
        Error::field(
            "config.URL",
            format!("The server took longer than {}s to answer; try again, or check the URL.", limit.as_secs()),
        )
    })?
}

/// The person's choice and the fields they filled must agree.
fn check_choice(expect: Option<AuthMode>, has_client: bool) -> Result<()> {
    match (expect, has_client) {
        (Some(AuthMode::None), true) => Err(Error::field(
            "config.CLIENT_ID",
            "You chose no sign-in but entered a client ID and secret; leave them empty, or choose OAuth with your own client.",
        )),
        (Some(AuthMode::OauthDynamic), true) => Err(Error::field(
            "config.CLIENT_ID",
            "You chose automatic registration but entered a client ID and secret; leave them empty, or choose OAuth with your own client.",
        )),
        (Some(AuthMode::OauthClient), false) => {
            Err(Error::field("config.CLIENT_ID", "Enter the client ID and secret the provider gave you."))
        }
        _ => Ok(()),
    }
}

/// A server that answered `initialize` without a token: list its tools, store it active.
async fn open_server(
    state: &AppState,
    req: &CreateTool,
    url: &str,
    transport: Transport,
    expect: Option<AuthMode>,
    has_client: bool,
) -> Result<String> {
    if has_client || matches!(expect, Some(AuthMode::OauthDynamic | AuthMode::OauthClient)) {
        let field = if has_client { "config.CLIENT_ID" } else { "config.URL" };
        return Err(Error::field(
            field,
            "This server needs no sign-in; choose no sign-in and leave the client ID and secret empty.",
        ));
    }
    let tools = mcp::list_tools(&state.upstream, url, transport, None).await.map_err(|e| {
        Error::field(
            "config.URL",
            format!("The server answered, but an MCP session with it failed ({e}); check that it is an MCP server."),
        )
    })?;
    let tool = NewTool {
        mcp_tools: Some(catalog::to_json(&tools)),
        ..new_tool(req, (url, transport), ToolStatus::Active, AuthMode::None)
    };
    let mut conn = state.db.pool().acquire().await?;
    db::tools::insert(&mut conn, &state.cipher, &tool).await?;
    Ok(tool.id)
}

/// A server that wants a token: prepare sign-in, store it pending with its state.
async fn oauth_server(
    state: &AppState,
    req: &CreateTool,
    (url, transport): (&str, Transport),
    expect: Option<AuthMode>,
    client: Option<(String, String)>,
    challenge: Option<String>,
) -> Result<String> {
    if expect == Some(AuthMode::None) {
        return Err(Error::field(
            "config.URL",
            "This server requires OAuth sign-in; choose automatic registration, or OAuth with your own client ID and secret.",
        ));
    }
    let redirect = state.config.redirect_uri();
    let discovered = oauth::discover(&state.upstream, url, challenge.as_deref())
        .await
        .map_err(|e| Error::field("config.URL", e.to_string()))?;
    if client.is_none() && !discovered.has_registration {
        return Err(Error::field(
            "config.CLIENT_ID",
            format!(
                "This server's sign-in provider has no automatic client registration: register {redirect} as a redirect URI with the provider and enter its client ID and secret."
            ),
        ));
    }
    let mode = if client.is_some() { AuthMode::OauthClient } else { AuthMode::OauthDynamic };
    let secret = client.as_ref().map(|(_, s)| s.clone());
    let started = oauth::authorize(discovered, client, &redirect).await.map_err(|e| match e {
        UpstreamError::SignInRejected(why) => Error::field(
            "config.CLIENT_ID",
            format!("{why} Register {redirect} with the provider and enter its client ID and secret."),
        ),
        other => Error::field("config.URL", other.to_string()),
    })?;
    let expires = clock::now_unix() + state.config.authorization_window.as_secs().max(1) as i64;
    let mut tool = new_tool(req, (url, transport), ToolStatus::PendingAuthorization, mode);
    tool.status_reason = Some(format!(
        "Waiting for sign-in: open the authorization URL and finish signing in before {}.",
        clock::rfc3339(expires)
    ));
    tool.authorization_url = Some(started.authorization_url);
    tool.authorization_expires_at = Some(expires);
    tool.client_id = Some(started.client_id);
    tool.client_secret = secret;
    tool.oauth_challenge = challenge;
    let mut tx = state.db.begin_write().await?;
    db::tools::insert(&mut tx, &state.cipher, &tool).await?;
    db::oauth_states::insert(&mut tx, &started.state, &tool.id, &state.cipher.seal(&started.state_data)).await?;
    tx.commit().await?;
    Ok(tool.id)
}

fn new_tool(req: &CreateTool, (url, transport): (&str, Transport), status: ToolStatus, auth_mode: AuthMode) -> NewTool {
    NewTool {
        id: uuid::Uuid::new_v4().to_string(),
        name: req.name.trim().to_string(),
        description: req.description.trim().to_string(),
        url: url.to_string(),
        transport,
        status,
        status_reason: None,
        auth_mode,
        authorization_url: None,
        authorization_expires_at: None,
        client_id: None,
        client_secret: None,
        oauth_challenge: None,
        mcp_tools: None,
    }
}
