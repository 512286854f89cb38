//! A connector's MCP server, seen through the gateway (Patchbay's addition).
//! - `GET /v1/flow/tools/{id}/mcp/tools`: the server's tools, as cached.

use crate::connectors;
use crate::error::{Json, Result};
use crate::state::AppState;
use crate::upstream::catalog;
use axum::extract::{Path, State};
use axum::{Router, routing::get};
use patchbay_wire::McpServerTool;

pub fn router() -> Router<AppState> {
    Router::new().route("/v1/flow/tools/{id}/mcp/tools", get(list_server_tools))
}

async fn list_server_tools(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Vec<McpServerTool>>> {
    let tool = connectors::load(&state, &id).await?;
    let listed = connectors::catalog::server_tools(&state, &tool).await?;
    Ok(Json(catalog::to_server_tools(&listed)))
}
