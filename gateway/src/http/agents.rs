//! Agents, SeekrFlow's `v2/flow/agents`.
//! - `POST /v2/flow/agents/create`: create (only `Active` tools may be linked); deployed at once.
//! - `GET /v2/flow/agents/` (also without the slash): list, `{"data": [Agent]}`.
//! - `GET|PATCH|DELETE /v2/flow/agents/{id}`: read, update, delete.
//! - `PATCH /v2/flow/agents/{id}/diff`: what an update would change, storing nothing.
//! - `PUT /v2/flow/agents/{id}/promote`, `.../demote`: deploy (`Active`) or stop (`Inactive`).
//! - `GET /v2/flow/agents/{id}/mcp/tools`: what the agent's MCP clients see now (Patchbay's addition).

use crate::agents::{self, serving};
use crate::error::{Error, Json, Result};
use crate::state::AppState;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::routing::{get, patch, post, put};
use patchbay_wire::{
    Agent, AgentDeleted, AgentList, AgentMcpTools, AgentStatus, CreateAgentRequest, Diff, UpdateAgentRequest,
};

/// Room for 100 000 characters of instructions (up to 4 bytes each) and the rest.
const INSTRUCTIONS_BODY_LIMIT: usize = 4 * patchbay_wire::validate::INSTRUCTIONS_MAX + 64 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v2/flow/agents/create", post(create_agent))
        .route("/v2/flow/agents/", get(list_agents))
        .route("/v2/flow/agents", get(list_agents))
        .route("/v2/flow/agents/{id}", get(read_agent).patch(update_agent).delete(delete_agent))
        .route("/v2/flow/agents/{id}/diff", patch(diff_agent))
        .route("/v2/flow/agents/{id}/promote", put(promote_agent))
        .route("/v2/flow/agents/{id}/demote", put(demote_agent))
        .route("/v2/flow/agents/{id}/mcp/tools", get(list_served_tools))
        // Instructions may run to `INSTRUCTIONS_MAX` characters, past the app's default for tool bodies.
        .layer(DefaultBodyLimit::max(INSTRUCTIONS_BODY_LIMIT))
}

async fn create_agent(State(state): State<AppState>, Json(req): Json<CreateAgentRequest>) -> Result<Json<Agent>> {
    Ok(Json(agents::create(&state, req).await?))
}

async fn list_agents(State(state): State<AppState>) -> Result<Json<AgentList>> {
    Ok(Json(AgentList { data: agents::list(&state).await? }))
}

async fn read_agent(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Agent>> {
    Ok(Json(agents::read(&state, &id).await?))
}

async fn update_agent(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Json(req): Json<UpdateAgentRequest>,
) -> Result<Json<Agent>> {
    Ok(Json(agents::update(&state, &id, req).await?))
}

async fn diff_agent(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Json(req): Json<UpdateAgentRequest>,
) -> Result<Json<Diff<Agent>>> {
    Ok(Json(agents::preview(&state, &id, req).await?))
}

async fn delete_agent(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<AgentDeleted>> {
    agents::delete(&state, &id).await?;
    Ok(Json(AgentDeleted { id, deleted: true }))
}

async fn promote_agent(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Agent>> {
    Ok(Json(agents::deploy(&state, &id, AgentStatus::Active).await?))
}

async fn demote_agent(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Agent>> {
    Ok(Json(agents::deploy(&state, &id, AgentStatus::Inactive).await?))
}

async fn list_served_tools(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<AgentMcpTools>> {
    let served = serving::load(&state, &id).await?.ok_or_else(|| Error::agent_not_found(&id))?;
    let endpoint = format!("{}/v2/flow/agents/{}/mcp", state.config.public_url(), crate::http::encode_segment(&id));
    Ok(Json(serving::to_wire(&served, endpoint)))
}
