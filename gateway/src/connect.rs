//! Creating a connector: checks the server before anything is stored, then stores
//! it `Active` (no sign-in) or `Pending_authorization` with its authorization URL.
//! Every refusal is a sentence tied to the field to fix.

use crate::error::{Error, Result};
use crate::mcp::{self, Probe};
use crate::state::AppState;
use crate::store::{self, NewTool};
use crate::{oauth, outbound};
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
        let (answer, transport) = mcp::detect(state, &url).await;
        match answer {
            Probe::Unreachable(why) => {
                Err(Error::field("config.URL", format!("{why} Check the URL and that the server is running.")))
            }
            Probe::NotMcp(why) => Err(Error::field("config.URL", why)),
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
    let tools = mcp::fetch_tools(state, url, transport, None).await.map_err(|e| {
        Error::field(
            "config.URL",
            format!("The server answered, but an MCP session with it failed ({e}); check that it is an MCP server."),
        )
    })?;
    let tool =
        NewTool { mcp_tools: Some(tools), ..new_tool(req, (url, transport), ToolStatus::Active, AuthMode::None) };
    store::insert(&state.db, &state.cipher, &tool).await?;
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
    let mode = if client.is_some() { AuthMode::OauthClient } else { AuthMode::OauthDynamic };
    let secret = client.as_ref().map(|(_, s)| s.clone());
    let started = oauth::start(state, url, challenge.as_deref(), client).await?;
    let expires = store::now_unix() + state.config.authorization_window.as_secs().max(1) as i64;
    let mut tool = new_tool(req, (url, transport), ToolStatus::PendingAuthorization, mode);
    tool.status_reason = Some(format!(
        "Waiting for sign-in: open the authorization URL and finish signing in before {}.",
        store::rfc3339(expires)
    ));
    tool.authorization_url = Some(started.authorization_url);
    tool.authorization_expires_at = Some(expires);
    tool.client_id = Some(started.client_id);
    tool.client_secret = secret;
    let mut tx = state.db.begin().await?;
    store::insert(&mut *tx, &state.cipher, &tool).await?;
    sqlx::query("UPDATE tools SET oauth_challenge = ? WHERE id = ?")
        .bind(&challenge)
        .bind(&tool.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO oauth_states (state, tool_id, data_enc, created_at) VALUES (?, ?, ?, ?)")
        .bind(&started.state)
        .bind(&tool.id)
        .bind(state.cipher.seal(&started.state_data))
        .bind(store::now_unix())
        .execute(&mut *tx)
        .await?;
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
        mcp_tools: None,
    }
}
