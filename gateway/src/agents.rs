//! Agents, SeekrFlow's `v2/flow/agents` (built by the agents issue).

use crate::state::AppState;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
}
