//! `GET /v1/patchbay/info`: what the SPA needs to know about its gateway.

use crate::error::Json;
use crate::state::AppState;
use axum::extract::State;
use axum::{Router, routing::get};
use patchbay_wire::GatewayInfo;

pub fn router() -> Router<AppState> {
    Router::new().route("/v1/patchbay/info", get(read_info))
}

async fn read_info(State(state): State<AppState>) -> Json<GatewayInfo> {
    Json(GatewayInfo {
        name: "patchbay-gateway".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        redirect_uri: state.config.redirect_uri(),
        public_url: state.config.public_url(),
        authorization_window_seconds: state.config.authorization_window.as_secs(),
    })
}
