//! `GET /healthz`: the gateway is up and its database answers.

use crate::{error::Result, state::AppState};
use axum::{Router, extract::State, routing::get};

pub fn router() -> Router<AppState> {
    Router::new().route("/healthz", get(get_health))
}

async fn get_health(State(state): State<AppState>) -> Result<&'static str> {
    state.db.ping().await?;
    Ok("ok")
}
