//! Patchbay's gateway: SeekrFlow's REST contract for MCP connector tools, served from
//! SQLite. `app(state)` builds the whole router so tests drive it in-process.

pub mod agents;
pub mod config;
pub mod db;
pub mod error;
pub mod health;
pub mod spa;
pub mod state;
pub mod tools;

pub use config::Config;

use axum::Router;
use state::AppState;
use tower_http::trace::TraceLayer;

pub fn app(state: AppState) -> Router {
    let api = Router::new().merge(health::router()).merge(tools::router()).merge(agents::router());
    spa::with_static_files(api, state.config.static_dir.as_deref()).layer(TraceLayer::new_for_http()).with_state(state)
}
