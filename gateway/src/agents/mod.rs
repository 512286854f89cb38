//! Agents: the decisions behind `v2/flow/agents`. Only `Active` tools may be newly
//! linked, and the check and the link share one write transaction with the tools' rows
//! locked, so a tool cannot fail or be deleted between them.

pub mod naming;
pub mod rules;
pub mod serving;

use crate::clock;
use crate::db::{self, agents::AgentRecord, tools::ToolRecord};
use crate::error::{Error, Result};
use crate::state::AppState;
use patchbay_wire::{Agent, AgentStatus, AgentSummary, CreateAgentRequest, Diff, UpdateAgentRequest};
use sqlx::AnyConnection;

/// The answer: the record with its tools as they read now and why it may not work.
pub fn answer(a: AgentRecord, tools: &[ToolRecord], now: i64) -> Agent {
    let tools: Vec<_> = tools.iter().map(|t| t.to_tool(now)).collect();
    let now_text = clock::rfc3339(now);
    let live = match (&a.status, &a.last_deployed_at) {
        (AgentStatus::Active, Some(since)) => clock::seconds_between(since, &now_text),
        _ => 0,
    };
    Agent {
        status_reason: rules::status_reason(&tools),
        id: a.id,
        name: a.name,
        instructions: a.instructions,
        status: a.status,
        model_id: a.model_id,
        planner_model_id: a.planner_model_id,
        tool_model_id: a.tool_model_id,
        output: a.output,
        user_id: a.user_id,
        team_id: None,
        tools,
        created_at: a.created_at,
        updated_at: a.updated_at,
        last_deployed_at: a.last_deployed_at,
        active_duration: a.active_duration + live,
        reasoning_effort: a.reasoning_effort,
        temperature: a.temperature,
    }
}

async fn resolve(conn: &mut AnyConnection, record: AgentRecord) -> Result<Agent> {
    let tools: Vec<ToolRecord> =
        db::agents::tools_by_id(conn, &record.tool_ids, "").await?.into_iter().filter_map(|(_, t)| t).collect();
    Ok(answer(record, &tools, clock::now_unix()))
}

async fn find(conn: &mut AnyConnection, id: &str) -> Result<AgentRecord> {
    db::agents::find(conn, id).await?.ok_or_else(|| Error::agent_not_found(id))
}

/// Checks the record's links (tool rows locked) and saves it, inside the caller's transaction.
async fn save_checked(state: &AppState, tx: &mut AnyConnection, record: &AgentRecord, linked: &[String]) -> Result<()> {
    let requested = db::agents::tools_by_id(tx, &record.tool_ids, state.db.for_share()).await?;
    let now = clock::now_unix();
    let requested: Vec<_> = requested.into_iter().map(|(id, t)| (id, t.map(|t| t.to_tool(now)))).collect();
    rules::check_links(&requested, linked)?;
    db::agents::save(tx, record).await
}

pub async fn create(state: &AppState, req: CreateAgentRequest) -> Result<Agent> {
    Error::refuse(req.problems())?;
    let now = clock::now();
    let record = AgentRecord {
        id: db::agents::new_id(),
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
        user_id: db::tools::LOCAL_USER.into(),
        created_at: now.clone(),
        updated_at: now.clone(),
        last_deployed_at: Some(now),
        active_duration: 0,
        tool_ids: rules::dedupe(req.tool_ids.unwrap_or_default()),
    };
    let mut tx = state.db.begin_write().await?;
    save_checked(state, &mut tx, &record, &[]).await?;
    let agent = resolve(&mut tx, record).await?;
    tx.commit().await?;
    state.watch.nudge();
    Ok(agent)
}

pub async fn list(state: &AppState) -> Result<Vec<Agent>> {
    let now = clock::now_unix();
    let all = db::agents::all(&mut *state.db.pool().acquire().await?).await?;
    Ok(all.into_iter().map(|(r, tools)| answer(r, &tools, now)).collect())
}

pub async fn read(state: &AppState, id: &str) -> Result<Agent> {
    let mut conn = state.db.pool().acquire().await?;
    let record = find(&mut conn, id).await?;
    resolve(&mut conn, record).await
}

/// The record an update would produce, checked; whether a model remains is checked on
/// the merged result, since only it shows that.
fn updated(mut record: AgentRecord, req: UpdateAgentRequest) -> Result<AgentRecord> {
    Error::refuse(req.problems())?;
    if let Some(name) = &req.name {
        record.name = name.trim().to_string();
    }
    rules::apply(&mut record, UpdateAgentRequest { name: None, ..req });
    if record.model_id.is_none() && record.output.as_ref().and_then(|o| o.model_id.as_ref()).is_none() {
        return Err(Error::field(
            "model_id",
            "Choose a model for the agent, such as meta-llama/Llama-3.3-70B-Instruct.",
        ));
    }
    Ok(record)
}

pub async fn update(state: &AppState, id: &str, req: UpdateAgentRequest) -> Result<Agent> {
    let mut tx = state.db.begin_write().await?;
    let before = find(&mut tx, id).await?;
    let mut after = updated(before.clone(), req)?;
    if after != before {
        after.updated_at = clock::now();
    }
    save_checked(state, &mut tx, &after, &before.tool_ids).await?;
    let agent = resolve(&mut tx, after).await?;
    tx.commit().await?;
    state.watch.nudge();
    Ok(agent)
}

/// What an update would change, storing nothing; it refuses what the update would refuse.
pub async fn preview(state: &AppState, id: &str, req: UpdateAgentRequest) -> Result<Diff<Agent>> {
    let mut conn = state.db.pool().acquire().await?;
    let before = find(&mut conn, id).await?;
    let after = updated(before.clone(), req)?;
    let now = clock::now_unix();
    let requested = db::agents::tools_by_id(&mut conn, &after.tool_ids, "").await?;
    let requested: Vec<_> = requested.into_iter().map(|(id, t)| (id, t.map(|t| t.to_tool(now)))).collect();
    rules::check_links(&requested, &before.tool_ids)?;
    let (before, after) = (resolve(&mut conn, before).await?, resolve(&mut conn, after).await?);
    Ok(Diff { diff: rules::diff(&before, &after), before, after })
}

pub async fn delete(state: &AppState, id: &str) -> Result<()> {
    if !db::agents::remove(&mut *state.db.pool().acquire().await?, id).await? {
        return Err(Error::agent_not_found(id));
    }
    state.watch.nudge();
    Ok(())
}

/// Moves an agent to `status` (deploy or stop), banking the time it was active so far.
pub async fn deploy(state: &AppState, id: &str, status: AgentStatus) -> Result<Agent> {
    let mut tx = state.db.begin_write().await?;
    let mut record = find(&mut tx, id).await?;
    let now = clock::now();
    if let (AgentStatus::Active, Some(since)) = (record.status, &record.last_deployed_at) {
        record.active_duration += clock::seconds_between(since, &now);
    }
    if status == AgentStatus::Active {
        record.last_deployed_at = Some(now.clone());
    }
    record.status = status;
    record.updated_at = now;
    db::agents::save(&mut tx, &record).await?;
    let agent = resolve(&mut tx, record).await?;
    tx.commit().await?;
    state.watch.nudge();
    Ok(agent)
}

/// The agents that link a tool.
pub async fn using_tool(state: &AppState, tool_id: &str) -> Result<Vec<AgentSummary>> {
    if !db::tools::exists(&state.db, tool_id).await? {
        return Err(Error::tool_not_found(tool_id));
    }
    db::agents::using_tool(&mut *state.db.pool().acquire().await?, tool_id, false).await
}
