//! Serves a built SPA bundle on the gateway's own origin (the release deployment):
//! files from `--static-dir`, and `index.html` for every other non-API path so the
//! SPA's client-side routes load directly.

use crate::state::AppState;
use axum::Router;
use std::path::Path;
use tower_http::services::{ServeDir, ServeFile};

pub fn with_static_files(api: Router<AppState>, dir: Option<&Path>) -> Router<AppState> {
    match dir {
        Some(dir) => api
            .fallback_service(ServeDir::new(dir).precompressed_gzip().fallback(ServeFile::new(dir.join("index.html")))),
        None => api,
    }
}
