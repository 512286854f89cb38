//! MCP connector tools, SeekrFlow's `v1/flow/tools`.
//! - `POST /v1/flow/tools` (query `expect_auth`): create, after checking the server.
//! - `GET /v1/flow/tools`: list, with `offset`, `limit`, `tool_type`, `tool_status`.
//! - `GET|PATCH|DELETE /v1/flow/tools/{id}`: read, update name/description, delete.
//! - `PATCH /v1/flow/tools/{id}/diff`: what an update would change, storing nothing.
//! - `POST /v1/flow/tools/{id}/duplicate`: refused; MCP connectors cannot be duplicated.
//!
//! `GET /v1/flow/tools/{id}/agents` is served by the agents module.

use crate::error::{Error, Json, Result};
use crate::state::AppState;
use crate::store::{self, ToolRecord};
use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::routing::{get, patch, post};
use patchbay_wire::{
    AuthMode, CreateTool, Diff, FieldChange, Tool, ToolDeleted, ToolList, ToolStatus, ToolType, UpdateTool, validate,
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
}

pub fn not_found(id: &str) -> Error {
    let shown: String = id.chars().take(64).collect();
    Error::NotFound(format!("No tool has the id \"{shown}\"; it may have been deleted. List the tools to find it."))
}

/// Query pairs; repeated keys keep the last.
fn query_pairs(raw: Option<String>) -> BTreeMap<String, String> {
    url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes()).into_owned().collect()
}

/// Other SeekrFlow tool types parse, but this gateway only serves MCP connectors.
fn refuse_other_types(body: &Value) -> Result<()> {
    let Some(kind) = body.get("type") else { return Ok(()) };
    match serde_json::from_value::<ToolType>(kind.clone()) {
        Ok(ToolType::McpConnector) => Ok(()),
        Ok(_) => Err(Error::field(
            "type",
            format!(
                "This gateway serves MCP connector tools only; {kind} tools are not available here. Use \"mcp_connector\"."
            ),
        )),
        Err(_) => Err(Error::field("type", format!("{kind} is not a tool type; use \"mcp_connector\"."))),
    }
}

fn parse_body<T: serde::de::DeserializeOwned>(body: Value) -> Result<T> {
    serde_json::from_value(body)
        .map_err(|e| Error::bad_request(format!("The request body is not what this endpoint takes: {e}.")))
}

async fn create_tool(
    State(state): State<AppState>,
    RawQuery(q): RawQuery,
    Json(body): Json<Value>,
) -> Result<Json<Tool>> {
    let expect = match query_pairs(q).get("expect_auth") {
        None => None,
        Some(v) => Some(
            serde_json::from_value::<AuthMode>(Value::String(v.clone()))
                .map_err(|_| Error::field("expect_auth", "expect_auth must be oauth_dynamic, oauth_client or none."))?,
        ),
    };
    refuse_other_types(&body)?;
    let req: CreateTool = parse_body(body)?;
    let id = crate::connect::create(&state, req, expect).await?;
    Ok(Json(load(&state, &id).await?.to_tool()))
}

async fn list_tools(State(state): State<AppState>, RawQuery(q): RawQuery) -> Result<Json<ToolList>> {
    let q = query_pairs(q);
    let number = |key: &str, default: i64| -> Result<i64> {
        q.get(key).map_or(Ok(default), |v| {
            v.trim().parse().map_err(|_| Error::field(key, format!("{key} must be a whole number, not \"{v}\".")))
        })
    };
    let (offset, limit) = (number("offset", 0)?, number("limit", 100)?);
    if offset < 0 || !(1..=1000).contains(&limit) {
        return Err(Error::bad_request("offset must be 0 or more and limit from 1 to 1000."));
    }
    let status = match q.get("tool_status") {
        None => None,
        Some(s) => Some(s.parse::<ToolStatus>().map_err(|_| {
            Error::field(
                "tool_status",
                format!(
                    "\"{s}\" is not a tool status; use Active, Pending_authorization, Inactive, Deprecated or Failed."
                ),
            )
        })?),
    };
    if let Some(t) = q.get("tool_type") {
        refuse_unknown_type_filter(t)?;
        if t != "mcp_connector" {
            return Ok(Json(ToolList { data: Vec::new(), total: 0 }));
        }
    }
    store::expire_pending(&state.db).await?;
    let (rows, total) = store::list(&state.db, status, offset, limit).await?;
    Ok(Json(ToolList { data: rows.iter().map(ToolRecord::to_tool).collect(), total }))
}

fn refuse_unknown_type_filter(t: &str) -> Result<()> {
    serde_json::from_value::<ToolType>(Value::String(t.into()))
        .map(|_| ())
        .map_err(|_| Error::field("tool_type", format!("\"{t}\" is not a tool type; use mcp_connector.")))
}

/// The tool, with its authorization window applied first.
async fn load(state: &AppState, id: &str) -> Result<ToolRecord> {
    store::expire_pending(&state.db).await?;
    store::get(&state.db, id).await?.ok_or_else(|| not_found(id))
}

async fn read_tool(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Tool>> {
    Ok(Json(load(&state, &id).await?.to_tool()))
}

/// The name and description an update would leave, after its checks.
fn apply(before: &ToolRecord, body: Value) -> Result<(String, String)> {
    refuse_other_types(&body)?;
    let update: UpdateTool = parse_body(body)?;
    if update.config.is_some() {
        return Err(Error::field(
            "config",
            "The URL and sign-in of an MCP connector cannot change; delete this tool and create a new one with the new settings.",
        ));
    }
    if update.name.is_none() && update.description.is_none() {
        return Err(Error::bad_request("Send a new name or description; nothing else of a connector can change."));
    }
    let name = update.name.map(|n| n.trim().to_string()).unwrap_or_else(|| before.name.clone());
    let description = update.description.map(|d| d.trim().to_string()).unwrap_or_else(|| before.description.clone());
    validate::name(&name).map_err(|e| Error::field("name", e))?;
    validate::description(&description).map_err(|e| Error::field("description", e))?;
    Ok((name, description))
}

async fn update_tool(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Json(body): Json<Value>,
) -> Result<Json<Tool>> {
    let before = load(&state, &id).await?;
    let (name, description) = apply(&before, body)?;
    store::update_text(&state.db, &id, &name, &description).await?;
    Ok(Json(load(&state, &id).await?.to_tool()))
}

async fn diff_tool(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Json(body): Json<Value>,
) -> Result<Json<Diff<Tool>>> {
    let before = load(&state, &id).await?;
    let (name, description) = apply(&before, body)?;
    let after = ToolRecord { name, description, ..before.clone() }.to_tool();
    let before = before.to_tool();
    let mut diff = BTreeMap::new();
    for (field, b, a) in [
        ("name", &before.name, &after.name),
        (
            "description",
            &before.description.clone().unwrap_or_default(),
            &after.description.clone().unwrap_or_default(),
        ),
    ] {
        if a != b {
            diff.insert(
                field.to_string(),
                FieldChange { before: Value::from(b.as_str()), after: Value::from(a.as_str()) },
            );
        }
    }
    Ok(Json(Diff { before, after, diff }))
}

async fn delete_tool(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<ToolDeleted>> {
    let tool = load(&state, &id).await?;
    // Active agents that link the tool block its deletion (the agents module owns those tables).
    crate::agents::refuse_deleting_tool_in_use(&state.db, &tool.id, &tool.name).await?;
    let deleted = store::delete(&state.db, &id).await?;
    Ok(Json(ToolDeleted { id, deleted, message: format!("Deleted \"{}\".", tool.name) }))
}

async fn duplicate_tool(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Tool>> {
    let tool = load(&state, &id).await?;
    Err(Error::bad_request(format!(
        "MCP connector tools cannot be duplicated; create a new tool with the URL of \"{}\" instead.",
        tool.name
    )))
}
