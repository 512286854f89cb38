//! Patchbay's gateway: SeekrFlow's REST contract for MCP connector tools, served from
//! SQLite. `app(state)` builds the whole router so tests drive it in-process.

pub mod access;
pub mod agents;
pub mod config;
pub mod connect;
pub mod credentials;
pub mod crypto;
pub mod db;
pub mod error;
pub mod health;
pub mod info;
pub mod lifecycle;
pub mod mcp;
pub mod mcp_sse;
pub mod oauth;
pub mod outbound;
pub mod spa;
pub mod state;
pub mod store;
pub mod tls;
pub mod tools;

pub use config::Config;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use state::AppState;
use tower_http::trace::TraceLayer;

/// A tool's fields fit in a few kilobytes; anything much larger is refused unread.
const BODY_LIMIT: usize = 64 * 1024;

pub fn app(state: AppState) -> Router {
    let api = Router::new()
        .merge(health::router())
        .merge(info::router())
        .merge(tools::router())
        .merge(mcp::router())
        .merge(oauth::router())
        .merge(agents::router());
    spa::with_static_files(api, state.config.static_dir.as_deref())
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn_with_state(state.clone(), access::guard))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
