//! Agents, SeekrFlow's `v2/flow/agents`, stored beside the tools they link.
//! - `POST /v2/flow/agents/create`: create (only `Active` tools may be linked); the agent is deployed at once.
//! - `GET /v2/flow/agents/` (also without the slash): list, `{"data": [Agent]}`.
//! - `GET|PATCH|DELETE /v2/flow/agents/{id}`: read, update, delete.
//! - `PATCH /v2/flow/agents/{id}/diff`: what an update would change, storing nothing.
//! - `PUT /v2/flow/agents/{id}/promote`, `.../demote`: deploy (`Active`) or stop (`Inactive`).
//! - `GET /v1/flow/tools/{id}/agents`: the agents that link a tool.
//! - `POST /v1/flow/tools/{id}/replace`: replace a failed tool in every agent (see `replace`).

pub mod replace;
mod rules;
mod store;

pub use replace::complete_replacements;

use crate::error::{Error, Json, Result};
use crate::state::AppState;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::routing::{get, patch, post, put};
use patchbay_wire::{
    Agent, AgentDeleted, AgentList, AgentStatus, AgentSummary, CreateAgentRequest, Diff, UpdateAgentRequest,
};
use sqlx::{SqliteConnection, SqlitePool};
use store::AgentRecord;

use crate::store::LOCAL_USER;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v2/flow/agents/create", post(create_agent))
        .route("/v2/flow/agents/", get(list_agents))
        .route("/v2/flow/agents", get(list_agents))
        .route("/v2/flow/agents/{id}", get(read_agent).patch(update_agent).delete(delete_agent))
        .route("/v2/flow/agents/{id}/diff", patch(diff_agent))
        .route("/v2/flow/agents/{id}/promote", put(promote_agent))
        .route("/v2/flow/agents/{id}/demote", put(demote_agent))
        .route("/v1/flow/tools/{id}/agents", get(list_tool_agents))
        .route("/v1/flow/tools/{id}/replace", post(replace::replace_tool))
        // Instructions may run to `INSTRUCTIONS_MAX` characters, past the app's default for tool bodies.
        .layer(DefaultBodyLimit::max(INSTRUCTIONS_BODY_LIMIT))
}

/// Room for 100 000 characters of instructions (up to 4 bytes each) and the rest.
const INSTRUCTIONS_BODY_LIMIT: usize = 4 * patchbay_wire::validate::INSTRUCTIONS_MAX + 64 * 1024;

/// The active agents that link a tool: the tools module refuses to delete it while any exist.
pub async fn active_agents_using(db: &SqlitePool, tool_id: &str) -> Result<Vec<AgentSummary>> {
    store::agents_using(&mut *db.acquire().await?, tool_id, true).await
}

/// `Err(Conflict)` naming the active agents that link the tool, for `DELETE v1/flow/tools/{id}`.
pub async fn refuse_deleting_tool_in_use(db: &SqlitePool, tool_id: &str, tool_name: &str) -> Result<()> {
    let agents = active_agents_using(db, tool_id).await?;
    if agents.is_empty() {
        return Ok(());
    }
    let names = agents.iter().map(|a| format!("\"{}\"", a.name)).collect::<Vec<_>>().join(", ");
    let (noun, them) = if agents.len() == 1 { ("agent", "it") } else { ("agents", "them") };
    Err(Error::Conflict(format!(
        "\"{tool_name}\" is used by the active {noun} {names}. Stop {them} or remove the tool from {them} first, \
         then delete the tool."
    )))
}

/// Resolves a record's tools as they are now and builds the answer.
async fn answer(conn: &mut SqliteConnection, record: AgentRecord) -> Result<Agent> {
    let tools = store::tools_by_id(conn, &record.tool_ids).await?.into_iter().filter_map(|(_, t)| t).collect();
    Ok(store::to_agent(record, tools, &store::now()))
}

/// Links the record's tools after checking each is allowed, inside the caller's write transaction.
async fn save_checked(conn: &mut SqliteConnection, record: &AgentRecord, already_linked: &[String]) -> Result<()> {
    let requested = store::tools_by_id(conn, &record.tool_ids).await?;
    rules::check_links(&requested, already_linked)?;
    store::save(conn, record).await
}

async fn create_agent(State(state): State<AppState>, Json(req): Json<CreateAgentRequest>) -> Result<Json<Agent>> {
    Error::refuse(req.problems())?;
    let now = store::now();
    // IMMEDIATE takes the write lock first, so no tool changes status between the check and the link.
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let record = AgentRecord {
        id: store::new_id(&mut tx).await?,
        name: req.name.trim().to_string(),
        instructions: req.instructions,
        // SeekrFlow deploys an agent on creation; `demote` stops it.
        status: AgentStatus::Active,
        model_id: req.model_id,
        planner_model_id: req.planner_model_id,
        tool_model_id: req.tool_model_id,
        output: req.output,
        reasoning_effort: req.reasoning_effort,
        temperature: req.temperature,
        user_id: LOCAL_USER.into(),
        created_at: now.clone(),
        updated_at: now.clone(),
        last_deployed_at: Some(now),
        active_duration: 0,
        tool_ids: rules::dedupe(req.tool_ids.unwrap_or_default()),
    };
    save_checked(&mut tx, &record, &[]).await?;
    let agent = answer(&mut tx, record).await?;
    tx.commit().await?;
    Ok(Json(agent))
}

async fn list_agents(State(state): State<AppState>) -> Result<Json<AgentList>> {
    complete_replacements(&state.db).await?;
    let now = store::now();
    let all = store::all(&mut *state.db.acquire().await?).await?;
    Ok(Json(AgentList { data: all.into_iter().map(|(r, tools)| store::to_agent(r, tools, &now)).collect() }))
}

async fn read_agent(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Agent>> {
    complete_replacements(&state.db).await?;
    let mut conn = state.db.acquire().await?;
    let record = store::find(&mut conn, &id).await?;
    Ok(Json(answer(&mut conn, record).await?))
}

/// The record an update would produce, checked; `None` model anywhere is refused here
/// because only the merged result shows whether a model remains.
fn updated(mut record: AgentRecord, req: UpdateAgentRequest) -> Result<AgentRecord> {
    Error::refuse(req.problems())?;
    if let Some(name) = &req.name {
        record.name = name.trim().to_string();
    }
    rules::apply(&mut record, UpdateAgentRequest { name: None, ..req });
    if record.model_id.is_none() && record.output.as_ref().and_then(|o| o.model_id.as_ref()).is_none() {
        return Err(Error::BadRequest(patchbay_wire::ErrorBody::for_field(
            "model_id",
            "Choose a model for the agent, such as meta-llama/Llama-3.3-70B-Instruct.",
        )));
    }
    Ok(record)
}

async fn update_agent(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Json(req): Json<UpdateAgentRequest>,
) -> Result<Json<Agent>> {
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let before = store::find(&mut tx, &id).await?;
    let mut after = updated(before.clone(), req)?;
    if after != before {
        after.updated_at = store::now();
    }
    save_checked(&mut tx, &after, &before.tool_ids).await?;
    let agent = answer(&mut tx, after).await?;
    tx.commit().await?;
    Ok(Json(agent))
}

async fn diff_agent(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Json(req): Json<UpdateAgentRequest>,
) -> Result<Json<Diff<Agent>>> {
    let mut conn = state.db.acquire().await?;
    let before = store::find(&mut conn, &id).await?;
    let after = updated(before.clone(), req)?;
    // The preview refuses what the update would refuse, so it never promises a change that cannot happen.
    let requested = store::tools_by_id(&mut conn, &after.tool_ids).await?;
    rules::check_links(&requested, &before.tool_ids)?;
    let (before, after) = (answer(&mut conn, before).await?, answer(&mut conn, after).await?);
    Ok(Json(Diff { diff: rules::diff(&before, &after), before, after }))
}

async fn delete_agent(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<AgentDeleted>> {
    if !store::remove(&mut *state.db.acquire().await?, &id).await? {
        return Err(store::not_found(&id));
    }
    Ok(Json(AgentDeleted { id, deleted: true }))
}

/// Moves an agent to `status`, banking the time it was active so far.
async fn deploy(db: &SqlitePool, id: &str, status: AgentStatus) -> Result<Agent> {
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let mut record = store::find(&mut tx, id).await?;
    let now = store::now();
    if let (AgentStatus::Active, Some(since)) = (record.status, &record.last_deployed_at) {
        record.active_duration += store::seconds_between(since, &now);
    }
    if status == AgentStatus::Active {
        record.last_deployed_at = Some(now.clone());
    }
    record.status = status;
    record.updated_at = now;
    store::save(&mut tx, &record).await?;
    let agent = answer(&mut tx, record).await?;
    tx.commit().await?;
    Ok(agent)
}

async fn promote_agent(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Agent>> {
    Ok(Json(deploy(&state.db, &id, AgentStatus::Active).await?))
}

async fn demote_agent(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Agent>> {
    Ok(Json(deploy(&state.db, &id, AgentStatus::Inactive).await?))
}

async fn list_tool_agents(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Vec<AgentSummary>>> {
    complete_replacements(&state.db).await?;
    let mut conn = state.db.acquire().await?;
    if !store::tool_exists(&mut conn, &id).await? {
        return Err(Error::NotFound(format!("No tool has the id \"{id}\"; it may have been deleted.")));
    }
    Ok(Json(store::agents_using(&mut conn, &id, false).await?))
}
