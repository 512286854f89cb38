//! A connector's MCP server, seen through the gateway (Patchbay's addition).
//! - `GET /v1/flow/tools/{id}/mcp/tools`: the server's tools, as cached.
//! - `POST /v1/flow/tools/{id}/mcp/tools/{name}/call`: try one by hand; the arguments
//!   are checked against its `inputSchema` first; the answer is MCP's `CallToolResult`.

use crate::connectors::{self, arguments, calls};
use crate::error::{Error, Json, Result};
use crate::state::AppState;
use crate::upstream::catalog;
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use patchbay_wire::{CallToolRequest, McpServerTool};
use rmcp::model::CallToolResult;
use serde_json::Value;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/flow/tools/{id}/mcp/tools", get(list_server_tools))
        .route("/v1/flow/tools/{id}/mcp/tools/{name}/call", post(call_server_tool))
}

async fn list_server_tools(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Vec<McpServerTool>>> {
    let tool = connectors::load(&state, &id).await?;
    let listed = connectors::catalog::server_tools(&state, &tool).await?;
    Ok(Json(catalog::to_server_tools(&listed)))
}

async fn call_server_tool(
    State(state): State<AppState>,
    Path((id, name)): Path<(String, String)>,
    Json(req): Json<CallToolRequest>,
) -> Result<Json<CallToolResult>> {
    let tool = connectors::load(&state, &id).await?;
    let listed = connectors::catalog::server_tools(&state, &tool).await?;
    let Some(definition) = listed.iter().find(|t| t.get("name").and_then(Value::as_str) == Some(name.as_str())) else {
        return Err(Error::NotFound(format!(
            "\"{}\"'s server has no tool named \"{}\"; list its tools to see what it offers.",
            tool.name,
            crate::error::clip(&name)
        )));
    };
    let schema = definition.get("inputSchema").cloned().unwrap_or(Value::Null);
    let problems = arguments::check(&schema, &req.arguments);
    if !problems.is_empty() {
        let said = problems.iter().map(|p| p.detail.as_str()).collect::<Vec<_>>().join(" ");
        calls::record_refused(&state, &tool, &name, said);
        Error::refuse(problems)?;
    }
    let request = calls::Request {
        upstream_name: name,
        arguments: Some(req.arguments),
        progress: None,
        cancel: tokio_util::sync::CancellationToken::new(),
    };
    Ok(Json(calls::call(&state, &tool, request, None).await))
}
