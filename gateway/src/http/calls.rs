//! The call log (Patchbay's addition to the contract): newest first, `total` with each
//! page, `offset` from 0 and `limit` 1..=200 (default 50).
//! - `GET /v1/flow/tools/{id}/calls`: the calls to one connector.
//! - `GET /v2/flow/agents/{id}/calls`: the calls through one agent's endpoint.

use crate::activity;
use crate::error::{Json, Query, Result};
use crate::http::query;
use crate::state::AppState;
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;
use patchbay_wire::{CallList, PageQuery};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/flow/tools/{id}/calls", get(list_tool_calls))
        .route("/v2/flow/agents/{id}/calls", get(list_agent_calls))
}

fn page(q: &PageQuery) -> Result<(i64, i64)> {
    query::page(q.offset.as_deref(), q.limit.as_deref(), 50, 200)
}

async fn list_tool_calls(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<Json<CallList>> {
    let (offset, limit) = page(&q)?;
    Ok(Json(activity::log::of_tool(&state, &id, offset, limit).await?))
}

async fn list_agent_calls(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<Json<CallList>> {
    let (offset, limit) = page(&q)?;
    Ok(Json(activity::log::of_agent(&state, &id, offset, limit).await?))
}
