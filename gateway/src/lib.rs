//! Patchbay's gateway: SeekrFlow's REST contract for MCP connector tools and agents,
//! doing the real OAuth and MCP work. Rooms, top down (calls only go down):
//! - `http`: one module per resource, each with its routes;
//! - `connectors`, `agents`, `activity`, `lifecycle`: the decisions;
//! - `activity` (the call log and agents' tokens), `runtime` (the live parts `AppState`
//!   holds: the call-log writer, the watch on agents' tools, cached lists);
//! - `db` (the only room with SQL) and `upstream` (everything that talks to MCP and
//!   OAuth servers); beside them small leaves: `config`, `error`, `crypto`, `clock`.
//!
//! `app(state)` builds the whole router so tests drive it in-process.

pub mod activity;
pub mod agents;
pub mod clock;
pub mod config;
pub mod connectors;
pub mod crypto;
pub mod db;
pub mod error;
pub mod http;
pub mod lifecycle;
pub mod runtime;
pub mod state;
pub mod tls;
pub mod upstream;

pub use config::Config;

pub fn app(state: state::AppState) -> axum::Router {
    http::router(state)
}
