//! The HTTP room: one module per resource, each with its `router()` and every route of
//! that resource; this module stacks them with the layers every answer passes through
//! (access guard, body limit, security headers, one trace line per request) and answers
//! unknown API paths and wrong methods with the JSON error shape.

mod access;
mod agent_mcp;
mod agent_tokens;
mod agents;
mod calls;
mod health;
mod info;
mod oauth;
mod query;
mod spa;
mod tool_servers;
mod tools;

use crate::error::Error;
use crate::state::AppState;
use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::response::{IntoResponse, Response};
use tower_http::trace::TraceLayer;

/// A tool's fields fit in a few kilobytes; anything much larger is refused unread.
const BODY_LIMIT: usize = 64 * 1024;

pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .merge(health::router())
        .merge(info::router())
        .merge(tools::router())
        .merge(tool_servers::router())
        .merge(oauth::router())
        .merge(agents::router())
        .merge(agent_mcp::router())
        .merge(agent_tokens::router())
        .merge(calls::router())
        .method_not_allowed_fallback(method_not_allowed);
    spa::with_static_files(api, state.config.static_dir.as_deref())
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn_with_state(state.clone(), access::guard))
        .layer(axum::middleware::from_fn_with_state(
            spa::Policies::for_dir(state.config.static_dir.as_deref(), &state.config.allow_gateways),
            spa::security_headers,
        ))
        .layer(
            // One line per request, named by its route; errors log themselves once
            // (`Error::into_response`), so `on_failure` stays quiet.
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request| {
                    let route = req.extensions().get::<MatchedPath>().map(MatchedPath::as_str).unwrap_or("");
                    tracing::info_span!("request", method = %req.method(), route)
                })
                .on_failure(()),
        )
        .with_state(state)
}

/// The listener with `TCP_NODELAY` on every connection: small answers (static files,
/// JSON) go out at once instead of waiting on the client's delayed ACK (Nagle).
pub fn no_delay(listener: tokio::net::TcpListener) -> impl axum::serve::Listener<Addr = std::net::SocketAddr> {
    use axum::serve::ListenerExt;
    listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(error = %e, "TCP_NODELAY could not be set");
        }
    })
}

/// A path segment as URLs carry it (ids are ours, but a URL is built for people to copy).
pub fn encode_segment(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>().replace('+', "%20")
}

/// Paths the SPA must never answer: the API's own, where a typo deserves a JSON 404.
pub fn is_api_path(path: &str) -> bool {
    ["/v1", "/v2", "/oauth", "/healthz"].iter().any(|p| path == *p || path.starts_with(&format!("{p}/")))
}

pub async fn not_found(req: Request) -> Response {
    let path: String = req.uri().path().chars().take(100).collect();
    Error::NotFound(format!("Nothing is at {path} on this gateway; check the path (the API lives under /v1 and /v2)."))
        .into_response()
}

async fn method_not_allowed(req: Request) -> Response {
    let mut res = Error::MethodNotAllowed(format!(
        "{} is not allowed on {}; see the API reference for the methods this path takes.",
        req.method(),
        req.uri().path().chars().take(100).collect::<String>()
    ))
    .into_response();
    *res.status_mut() = axum::http::StatusCode::METHOD_NOT_ALLOWED;
    res
}
