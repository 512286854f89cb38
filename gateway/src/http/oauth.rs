//! `GET /oauth/callback`: the provider sends the person back here.
//!
//! When the `state` names a tool, the browser is sent (303) to
//! `<public-url>/authorized?tool=<id>`, with `&error=<sentence>` if signing in failed (the
//! SPA shows it). When the `state` is missing, forged or already used, no tool can be
//! named, so a small HTML page says what went wrong and what to do. A provider `error`
//! (e.g. `access_denied`) leaves the tool pending and its link valid, so the person can
//! try again within the window. Internal faults are logged and answered with a generic
//! sentence: nothing internal reaches the page or the tool's reason.

use crate::connectors::sign_in::{self, Outcome};
use crate::error::Error;
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::{Router, routing::get};

pub fn router() -> Router<AppState> {
    Router::new().route("/oauth/callback", get(handle_callback))
}

#[derive(Debug, serde::Deserialize)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
    iss: Option<String>,
}

const INTERNAL: &str = "The gateway hit an internal error while finishing sign-in; try the authorization link again, \
    and see the gateway's log if it persists.";

async fn handle_callback(State(state): State<AppState>, Query(q): Query<CallbackQuery>) -> Response {
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
    match sign_in::finish(&state, csrf, code, q.iss.as_deref()).await {
        Ok(Outcome::Active { tool_id }) => authorized(&state, &tool_id, None),
        Ok(Outcome::NotActive { tool_id, why }) => authorized(&state, &tool_id, Some(&why)),
        Ok(Outcome::UnknownState) => page(
            "This sign-in link was already used, or it did not come from this gateway. Open Patchbay and check the tool's status; if it is not active, delete it and create it again.",
        ),
        Ok(Outcome::ToolGone) => page("The tool this sign-in was for no longer exists. Create it again in Patchbay."),
        Err(e) => {
            log_internal(&e);
            page(INTERNAL)
        }
    }
}

fn log_internal(e: &Error) {
    tracing::error!(error = %e, "finishing a sign-in failed inside the gateway");
}

/// The provider said no (e.g. `access_denied`): the tool stays pending, its link valid.
async fn provider_error(state: &AppState, csrf: &str, code: &str, description: Option<&str>) -> Response {
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
    match sign_in::refused(state, csrf).await {
        Ok(Some(id)) => authorized(state, &id, Some(&sentence)),
        Ok(None) => page(&format!("{sentence} This answer did not match any pending tool, so nothing was changed.")),
        Err(e) => {
            log_internal(&e);
            page(INTERNAL)
        }
    }
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
