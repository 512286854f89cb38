//! OAuth for MCP connectors, through rmcp's auth module: RFC 9728 / 8414 discovery,
//! RFC 7591 registration (or the person's own client), PKCE S256, `state`, RFC 8707
//! `resource`, the scopes the server advertises; then the code exchange.
//! - `GET /oauth/callback`: the provider sends the person back here.
//!
//! Outcome of the callback: when the `state` names a tool, the browser is sent (303)
//! to `<public-url>/authorized?tool=<id>`, with `&error=<sentence>` if signing in
//! failed (the SPA shows it). When the `state` is missing, forged, or already used,
//! no tool can be named, so a small HTML page says what went wrong and what to do.
//! A provider `error` (e.g. `access_denied`) leaves the tool pending and its link
//! valid, so the person can try again within the window.

use crate::credentials;
use crate::error::Error;
use crate::state::AppState;
use crate::store::{self, ToolRecord};
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::{Router, routing::get};
use patchbay_wire::ToolStatus;
use rmcp::transport::auth::{
    AuthError, AuthorizationManager, AuthorizationMetadataSource, AuthorizationRequest, AuthorizationSession,
    StateStore, StoredAuthorizationState,
};
use std::sync::{Arc, Mutex};

pub fn router() -> Router<AppState> {
    Router::new().route("/oauth/callback", get(handle_callback))
}

/// An authorization begun at create time, ready to be stored with the tool.
pub struct Started {
    pub authorization_url: String,
    pub client_id: String,
    pub state: String,
    pub state_data: String,
}

/// Keeps what rmcp saves while building the authorization URL, so it is stored in
/// SQLite together with the tool (and nothing is stored when create is refused).
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Option<(String, StoredAuthorizationState)>>>);

#[async_trait::async_trait]
impl StateStore for Captured {
    async fn save(&self, csrf: &str, s: StoredAuthorizationState) -> Result<(), AuthError> {
        *self.0.lock().expect("not poisoned") = Some((csrf.to_string(), s));
        Ok(())
    }
    async fn load(&self, csrf: &str) -> Result<Option<StoredAuthorizationState>, AuthError> {
        Ok(self.0.lock().expect("not poisoned").clone().filter(|(k, _)| k == csrf).map(|(_, s)| s))
    }
    async fn delete(&self, _csrf: &str) -> Result<(), AuthError> {
        *self.0.lock().expect("not poisoned") = None;
        Ok(())
    }
}

/// Discovers the server's authorization server, registers (unless a client is given)
/// and builds the authorization URL. Refusals name the field to fix.
pub async fn start(
    state: &AppState,
    url: &str,
    challenge: Option<&str>,
    client: Option<(String, String)>,
) -> Result<Started, Error> {
    let redirect = state.config.redirect_uri();
    let mut m = if state.config.allow_private_networks {
        AuthorizationManager::new_allowing_private_addresses(url).await
    } else {
        AuthorizationManager::new(url).await
    }
    .map_err(|e| Error::field("config.URL", format!("That URL cannot be used for sign-in: {e}.")))?;
    let resolved = m.resolve_metadata_from_challenge(challenge).await.map_err(|e| {
        Error::field("config.URL", format!("The server asks for sign-in, but its OAuth metadata could not be read ({e}); check the URL or ask its operator."))
    })?;
    if resolved.source == AuthorizationMetadataSource::LegacyEndpointFallback {
        return Err(Error::field(
            "config.URL",
            "The server asks for sign-in but publishes no OAuth metadata (RFC 9728 or RFC 8414), so the gateway cannot sign in to it.",
        ));
    }
    if client.is_none() && resolved.metadata.registration_endpoint.is_none() {
        return Err(Error::field(
            "config.CLIENT_ID",
            format!(
                "This server's sign-in provider has no automatic client registration: register {redirect} as a redirect URI with the provider and enter its client ID and secret."
            ),
        ));
    }
    m.set_metadata(resolved.metadata);
    let captured = Captured::default();
    m.set_state_store(captured.clone());
    let mut request = AuthorizationRequest::new(&redirect).with_client_name("Patchbay").with_application_type("web");
    if let Some((id, secret)) = client {
        request = request.with_preregistered_client(id).with_client_secret(secret);
    }
    let session = AuthorizationSession::new(m, request).await.map_err(|(_, e)| refusal(e, &redirect))?;
    let (client_id, _) = session.get_credentials().await.map_err(|e| Error::Internal(e.to_string()))?;
    let (csrf, saved) =
        captured.0.lock().expect("not poisoned").take().ok_or_else(|| Error::Internal("rmcp saved no state".into()))?;
    Ok(Started {
        authorization_url: session.get_authorization_url().to_string(),
        client_id,
        state: csrf,
        state_data: serde_json::to_string(&saved).map_err(|e| Error::Internal(e.to_string()))?,
    })
}

fn refusal(e: AuthError, redirect: &str) -> Error {
    match e {
        AuthError::RegistrationFailed(why) => Error::field(
            "config.CLIENT_ID",
            format!(
                "The provider refused automatic registration ({why}); register {redirect} with the provider and enter its client ID and secret."
            ),
        ),
        AuthError::PkceUnsupported => Error::field(
            "config.URL",
            "The provider does not support PKCE (S256), which the gateway requires for sign-in.",
        ),
        other => Error::field("config.URL", format!("Sign-in could not be prepared with this server: {other}.")),
    }
}

#[derive(Debug, serde::Deserialize)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
    iss: Option<String>,
}

async fn handle_callback(State(state): State<AppState>, Query(q): Query<CallbackQuery>) -> Response {
    if let Err(e) = store::expire_pending(&state.db).await {
        return e.into_response();
    }
    let Some(csrf) = q.state.as_deref().filter(|s| !s.is_empty() && s.len() <= 512) else {
        return page(
            "This sign-in answer has no state, so it cannot be matched to a tool. Start again from the tool's authorization link in Patchbay.",
        );
    };
    if let Some(code) = q.error.as_deref() {
        return provider_error(&state, csrf, code, q.error_description.as_deref()).await;
    }
    let Some(code) = q.code.as_deref().filter(|c| !c.is_empty()) else {
        return page(
            "The provider sent no authorization code. Start again from the tool's authorization link in Patchbay.",
        );
    };
    // Deleting the row is what makes a state single-use, even under concurrent callbacks.
    let row: Option<(String, String)> =
        match sqlx::query_as("DELETE FROM oauth_states WHERE state = ? RETURNING tool_id, data_enc")
            .bind(csrf)
            .fetch_optional(&state.db)
            .await
        {
            Ok(r) => r,
            Err(e) => return Error::from(e).into_response(),
        };
    let Some((tool_id, sealed)) = row else {
        return page(
            "This sign-in link was already used, or it did not come from this gateway. Open Patchbay and check the tool's status; if it is not active, delete it and create it again.",
        );
    };
    let tool = match store::get(&state.db, &tool_id).await {
        Ok(Some(t)) => t,
        _ => return page("The tool this sign-in was for no longer exists. Create it again in Patchbay."),
    };
    if tool.status() != ToolStatus::PendingAuthorization {
        let why = tool.status_reason.clone().unwrap_or_else(|| "This tool is no longer waiting for sign-in.".into());
        return authorized(&state, &tool.id, Some(&why));
    }
    match finish(&state, &tool, csrf, &sealed, code, q.iss.as_deref()).await {
        Ok(()) => authorized(&state, &tool.id, None),
        Err(why) => {
            let reason = format!("{why} Delete this tool and create it again.");
            let _ = store::set_status(&state.db, &tool.id, ToolStatus::Failed, Some(&reason)).await;
            authorized(&state, &tool.id, Some(&reason))
        }
    }
}

/// The provider said no (e.g. `access_denied`): the tool stays pending, its link valid.
async fn provider_error(state: &AppState, csrf: &str, code: &str, description: Option<&str>) -> Response {
    let tool: Option<String> = sqlx::query_scalar("SELECT tool_id FROM oauth_states WHERE state = ?")
        .bind(csrf)
        .fetch_optional(&state.db)
        .await
        .ok()
        .flatten();
    let said = description.map(|d| format!(" ({})", d.chars().take(200).collect::<String>())).unwrap_or_default();
    let sentence = if code == "access_denied" {
        format!(
            "Access was not granted at the provider{said}. Open the authorization link again to retry before the window closes."
        )
    } else {
        format!(
            "The provider reported \"{}\"{said}. Open the authorization link again to retry.",
            code.chars().take(64).collect::<String>()
        )
    };
    match tool {
        Some(id) => authorized(state, &id, Some(&sentence)),
        None => page(&format!("{sentence} This answer did not match any pending tool, so nothing was changed.")),
    }
}

/// Exchanges the code (PKCE verifier from the stored state), then lists the server's tools.
async fn finish(
    state: &AppState,
    tool: &ToolRecord,
    csrf: &str,
    sealed: &str,
    code: &str,
    iss: Option<&str>,
) -> Result<(), String> {
    let saved: StoredAuthorizationState = state
        .cipher
        .open_sealed(sealed)
        .and_then(|json| serde_json::from_str(&json).ok())
        .ok_or("The stored sign-in state could not be read.")?;
    let challenge = credentials::challenge(&state.db, &tool.id).await;
    let mut m = credentials::manager(state, tool, challenge.as_deref())
        .await
        .map_err(|e| format!("The sign-in provider could not be reached ({e})."))?;
    let one = Captured::default();
    one.save(csrf, saved).await.map_err(|e| e.to_string())?;
    m.set_state_store(one);
    m.exchange_code_for_token_with_issuer(code, csrf, iss)
        .await
        .map_err(|e| format!("The provider did not accept the sign-in ({e})."))?;
    let token =
        credentials::bearer(state, tool).await.map_err(|_| "The provider's token could not be used.".to_string())?;
    let listed = crate::mcp::fetch_tools(state, &tool.url, tool.transport(), token)
        .await
        .map_err(|e| format!("Signed in, but the MCP server did not list its tools ({e})."))?;
    store::set_mcp_tools(&state.db, &tool.id, &listed).await.map_err(|e| e.to_string())?;
    store::set_status(&state.db, &tool.id, ToolStatus::Active, None).await.map_err(|e| e.to_string())?;
    Ok(())
}

/// 303 to the SPA's `/authorized` page on the public origin.
fn authorized(state: &AppState, tool_id: &str, error: Option<&str>) -> Response {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    query.append_pair("tool", tool_id);
    if let Some(e) = error {
        query.append_pair("error", e);
    }
    let to = format!("{}/authorized?{}", state.config.public_url(), query.finish());
    (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response()
}

/// A small page for failures that cannot be tied to a tool.
fn page(sentence: &str) -> Response {
    let text = sentence.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let html = format!(
        "<!doctype html><meta charset=utf-8><title>Sign-in did not finish</title>\
         <body style=\"font:16px system-ui;max-width:36em;margin:3em auto\"><h1>Sign-in did not finish</h1><p>{text}</p>\
         <p><a href=\"/\">Back to Patchbay</a></p></body>"
    );
    (StatusCode::BAD_REQUEST, Html(html)).into_response()
}
