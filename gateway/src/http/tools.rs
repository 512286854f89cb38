//! MCP connector tools, SeekrFlow's `v1/flow/tools`.
//! - `POST /v1/flow/tools` (query `expect_auth`): create, after checking the server.
//! - `GET /v1/flow/tools`: list, with `offset`, `limit`, `tool_type`, `tool_status`.
//! - `GET|PATCH|DELETE /v1/flow/tools/{id}`: read, update name/description, delete.
//! - `PATCH /v1/flow/tools/{id}/diff`: what an update would change, storing nothing.
//! - `POST /v1/flow/tools/{id}/duplicate`: refused; MCP connectors cannot be duplicated.
//! - `GET /v1/flow/tools/{id}/agents`: the agents that link it.
//! - `POST /v1/flow/tools/{id}/replace`: replace a failed tool in every agent.
//!
//! Its server's own tools (`.../mcp/tools`) are in `tool_servers`.

use crate::error::{Error, Json, Query, Result};
use crate::http::query;
use crate::state::AppState;
use crate::{agents, connectors, db};
use axum::Router;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use patchbay_wire::{
    AgentSummary, AuthMode, CreateTool, CreateToolQuery, Diff, FieldChange, ListToolsQuery, ReplaceTool, Tool,
    ToolDeleted, ToolList, ToolReplacement, ToolStatus, ToolType, UpdateTool,
};
use serde_json::Value;
use std::collections::BTreeMap;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/flow/tools", post(create_tool).get(list_tools))
        .route("/v1/flow/tools/", post(create_tool).get(list_tools))
        .route("/v1/flow/tools/{id}", get(read_tool).patch(update_tool).delete(delete_tool))
        .route("/v1/flow/tools/{id}/diff", patch(diff_tool))
        .route("/v1/flow/tools/{id}/duplicate", post(duplicate_tool))
        .route("/v1/flow/tools/{id}/agents", get(list_tool_agents))
        .route("/v1/flow/tools/{id}/replace", post(replace_tool))
}

/// Other SeekrFlow tool types parse, but this gateway only serves MCP connectors.
fn refuse_other_types(body: &Value) -> Result<()> {
    let Some(kind) = body.get("type") else { return Ok(()) };
    let kind = kind.as_str().unwrap_or_default();
    match query::word::<ToolType>("type", Some(kind))? {
        Some(ToolType::McpConnector) | None => Ok(()),
        Some(other) => Err(Error::field(
            "type",
            format!(
                "This gateway serves MCP connector tools only; \"{other}\" tools are not available here. Use \"mcp_connector\"."
            ),
        )),
    }
}

fn parse_body<T: serde::de::DeserializeOwned>(body: Value) -> Result<T> {
    serde_json::from_value(body).map_err(|e| {
        let said: String = e.to_string().chars().take(300).collect();
        Error::bad_request(format!("The request body is not what this endpoint takes: {said}."))
    })
}

async fn create_tool(
    State(state): State<AppState>,
    Query(q): Query<CreateToolQuery>,
    Json(body): Json<Value>,
) -> Result<Json<Tool>> {
    let expect = query::word::<AuthMode>("expect_auth", q.expect_auth.as_deref())?;
    refuse_other_types(&body)?;
    let req: CreateTool = parse_body(body)?;
    let id = connectors::create::create(&state, req, expect).await?;
    Ok(Json(connectors::read(&state, &id).await?))
}

async fn list_tools(State(state): State<AppState>, Query(q): Query<ListToolsQuery>) -> Result<Response> {
    let (offset, limit) = query::page(q.offset.as_deref(), q.limit.as_deref(), 100, 1000)?;
    let status = query::word::<ToolStatus>("tool_status", q.tool_status.as_deref())?;
    if let Some(t) = query::word::<ToolType>("tool_type", q.tool_type.as_deref())?
        && t != ToolType::McpConnector
    {
        return Ok(Json(ToolList { data: Vec::new(), total: 0 }).into_response());
    }
    let body = connectors::listing::list_json(&state, status, offset, limit).await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

async fn read_tool(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Tool>> {
    Ok(Json(connectors::read(&state, &id).await?))
}

/// The name and description an update would leave, after its checks.
fn apply(before: &Tool, body: Value) -> Result<(String, String)> {
    refuse_other_types(&body)?;
    let update: UpdateTool = parse_body(body)?;
    Error::refuse(update.problems())?;
    let name = update.name.map(|n| n.trim().to_string()).unwrap_or_else(|| before.name.clone());
    let description = update
        .description
        .map(|d| d.trim().to_string())
        .unwrap_or_else(|| before.description.clone().unwrap_or_default());
    Ok((name, description))
}

async fn update_tool(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Json(body): Json<Value>,
) -> Result<Json<Tool>> {
    let before = connectors::read(&state, &id).await?;
    let (name, description) = apply(&before, body)?;
    if !db::tools::update_text(&state.db, &id, &name, &description).await? {
        return Err(Error::tool_not_found(&id));
    }
    Ok(Json(connectors::read(&state, &id).await?))
}

async fn diff_tool(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Json(body): Json<Value>,
) -> Result<Json<Diff<Tool>>> {
    let before = connectors::read(&state, &id).await?;
    let (name, description) = apply(&before, body)?;
    let after = Tool { name, description: Some(description), ..before.clone() };
    let mut diff = BTreeMap::new();
    for (field, b, a) in [
        ("name", Some(&before.name), Some(&after.name)),
        ("description", before.description.as_ref(), after.description.as_ref()),
    ] {
        if a != b {
            diff.insert(
                field.to_string(),
                FieldChange { before: Value::from(b.cloned()), after: Value::from(a.cloned()) },
            );
        }
    }
    Ok(Json(Diff { before, after, diff }))
}

async fn delete_tool(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<ToolDeleted>> {
    Ok(Json(connectors::delete(&state, &id).await?))
}

async fn duplicate_tool(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Tool>> {
    let tool = connectors::read(&state, &id).await?;
    Err(Error::bad_request(format!(
        "MCP connector tools cannot be duplicated; create a new tool with the URL of \"{}\" instead.",
        tool.name
    )))
}

async fn list_tool_agents(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Vec<AgentSummary>>> {
    Ok(Json(agents::using_tool(&state, &id).await?))
}

async fn replace_tool(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Json(req): Json<ReplaceTool>,
) -> Result<Json<ToolReplacement>> {
    Ok(Json(connectors::replace::replace(&state, &id, req).await?))
}
