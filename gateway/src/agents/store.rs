//! Agents in SQLite: the `agents` row, its ordered links in `agent_tools`, and the
//! linked tools read from the `tools` table with their current status.

use crate::error::{Error, Result};
use crate::store::ToolRecord;
use patchbay_wire::{Agent, AgentOutput, AgentStatus, AgentSummary, ReasoningEffort, Tool};
use sqlx::SqliteConnection;
use std::collections::HashMap;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// One agent as stored, with typed fields; `tools` are resolved separately.
#[derive(Debug, Clone, PartialEq)]
pub struct AgentRecord {
    pub id: String,
    pub name: String,
    pub instructions: String,
    pub status: AgentStatus,
    pub model_id: Option<String>,
    pub planner_model_id: Option<String>,
    pub tool_model_id: Option<String>,
    pub output: Option<AgentOutput>,
    pub reasoning_effort: ReasoningEffort,
    pub temperature: Option<f64>,
    pub user_id: String,
    pub created_at: String,
    pub updated_at: String,
    pub last_deployed_at: Option<String>,
    pub active_duration: i64,
    pub tool_ids: Vec<String>,
}

#[derive(sqlx::FromRow)]
struct AgentRow {
    id: String,
    name: String,
    instructions: String,
    status: String,
    model_id: Option<String>,
    planner_model_id: Option<String>,
    tool_model_id: Option<String>,
    output: Option<String>,
    reasoning_effort: String,
    temperature: Option<f64>,
    user_id: String,
    created_at: String,
    updated_at: String,
    last_deployed_at: Option<String>,
    active_duration: i64,
}

#[derive(sqlx::FromRow)]
struct LinkedToolRow {
    agent_id: String,
    #[sqlx(flatten)]
    tool: ToolRecord,
}

/// `ToolRecord`'s columns, so the tools module's `to_tool` builds each embedded tool
/// exactly as `GET v1/flow/tools/{id}` answers it (never with secrets).
const TOOL_COLUMNS: &str = "t.id, t.name, t.description, t.url, t.transport, t.status, t.status_reason, \
     t.auth_mode, t.authorization_url, t.authorization_expires_at, t.user_id, t.version, t.created_at, t.updated_at";

pub use crate::store::now;

fn parse_time(s: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(s, &Rfc3339).ok()
}

/// Seconds between two stored timestamps, never negative.
pub fn seconds_between(from: &str, to: &str) -> i64 {
    match (parse_time(from), parse_time(to)) {
        (Some(a), Some(b)) => (b - a).whole_seconds().max(0),
        _ => 0,
    }
}

impl AgentRow {
    fn into_record(self, tool_ids: Vec<String>) -> AgentRecord {
        AgentRecord {
            status: self.status.parse().unwrap_or(AgentStatus::Failed),
            // The output column only ever holds what we serialized, so a parse failure is a bug worth hearing about.
            output: self.output.and_then(|s| {
                serde_json::from_str(&s)
                    .inspect_err(|e| tracing::warn!(agent = %self.id, error = %e, "bad output"))
                    .ok()
            }),
            reasoning_effort: serde_json::from_value(serde_json::Value::String(self.reasoning_effort))
                .unwrap_or_default(),
            id: self.id,
            name: self.name,
            instructions: self.instructions,
            model_id: self.model_id,
            planner_model_id: self.planner_model_id,
            tool_model_id: self.tool_model_id,
            temperature: self.temperature,
            user_id: self.user_id,
            created_at: self.created_at,
            updated_at: self.updated_at,
            last_deployed_at: self.last_deployed_at,
            active_duration: self.active_duration,
            tool_ids,
        }
    }
}

fn reasoning_effort_str(r: ReasoningEffort) -> String {
    match serde_json::to_value(r) {
        Ok(serde_json::Value::String(s)) => s,
        _ => "medium".into(),
    }
}

pub fn not_found(id: &str) -> Error {
    Error::NotFound(format!("No agent has the id \"{id}\"; it may have been deleted. Reload the list of agents."))
}

pub async fn find(conn: &mut SqliteConnection, id: &str) -> Result<AgentRecord> {
    let row: Option<AgentRow> =
        sqlx::query_as("SELECT * FROM agents WHERE id = ?").bind(id).fetch_optional(&mut *conn).await?;
    let row = row.ok_or_else(|| not_found(id))?;
    let tool_ids = sqlx::query_scalar("SELECT tool_id FROM agent_tools WHERE agent_id = ? ORDER BY position, tool_id")
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
    Ok(row.into_record(tool_ids))
}

/// Every agent, oldest first, each with the tools it links in order.
pub async fn all(conn: &mut SqliteConnection) -> Result<Vec<(AgentRecord, Vec<Tool>)>> {
    let rows: Vec<AgentRow> =
        sqlx::query_as("SELECT * FROM agents ORDER BY created_at, id").fetch_all(&mut *conn).await?;
    let links: Vec<LinkedToolRow> = sqlx::query_as(&format!(
        "SELECT at.agent_id, {TOOL_COLUMNS} FROM agent_tools at JOIN tools t ON t.id = at.tool_id \
         ORDER BY at.agent_id, at.position, at.tool_id"
    ))
    .fetch_all(&mut *conn)
    .await?;
    let mut by_agent: HashMap<String, Vec<Tool>> = HashMap::new();
    for link in links {
        by_agent.entry(link.agent_id).or_default().push(link.tool.to_tool());
    }
    Ok(rows
        .into_iter()
        .map(|row| {
            let tools = by_agent.remove(&row.id).unwrap_or_default();
            (row.into_record(tools.iter().map(|t| t.id.clone()).collect()), tools)
        })
        .collect())
}

/// The tools with these ids as they are now, in the given order; `None` for an unknown id.
pub async fn tools_by_id(conn: &mut SqliteConnection, ids: &[String]) -> Result<Vec<(String, Option<Tool>)>> {
    let mut found = Vec::with_capacity(ids.len());
    for id in ids {
        let row: Option<ToolRecord> = sqlx::query_as(&format!("SELECT {TOOL_COLUMNS} FROM tools t WHERE t.id = ?"))
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
        found.push((id.clone(), row.as_ref().map(ToolRecord::to_tool)));
    }
    Ok(found)
}

/// Writes the agent row (insert or replace) and its links, replacing any old links.
pub async fn save(conn: &mut SqliteConnection, a: &AgentRecord) -> Result<()> {
    let output = a.output.as_ref().map(|o| serde_json::to_string(o).expect("AgentOutput serializes"));
    sqlx::query(
        "INSERT INTO agents (id, name, instructions, status, model_id, planner_model_id, tool_model_id, output, \
         reasoning_effort, temperature, user_id, created_at, updated_at, last_deployed_at, active_duration) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, instructions = excluded.instructions, \
         status = excluded.status, model_id = excluded.model_id, planner_model_id = excluded.planner_model_id, \
         tool_model_id = excluded.tool_model_id, output = excluded.output, \
         reasoning_effort = excluded.reasoning_effort, temperature = excluded.temperature, \
         updated_at = excluded.updated_at, last_deployed_at = excluded.last_deployed_at, \
         active_duration = excluded.active_duration",
    )
    .bind(&a.id)
    .bind(&a.name)
    .bind(&a.instructions)
    .bind(a.status.as_str())
    .bind(&a.model_id)
    .bind(&a.planner_model_id)
    .bind(&a.tool_model_id)
    .bind(output)
    .bind(reasoning_effort_str(a.reasoning_effort))
    .bind(a.temperature)
    .bind(&a.user_id)
    .bind(&a.created_at)
    .bind(&a.updated_at)
    .bind(&a.last_deployed_at)
    .bind(a.active_duration)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM agent_tools WHERE agent_id = ?").bind(&a.id).execute(&mut *conn).await?;
    for (position, tool_id) in a.tool_ids.iter().enumerate() {
        sqlx::query("INSERT INTO agent_tools (agent_id, tool_id, position) VALUES (?, ?, ?)")
            .bind(&a.id)
            .bind(tool_id)
            .bind(position as i64)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Removes the agent and its links; false when there was no such agent.
pub async fn remove(conn: &mut SqliteConnection, id: &str) -> Result<bool> {
    let done = sqlx::query("DELETE FROM agents WHERE id = ?").bind(id).execute(&mut *conn).await?;
    Ok(done.rows_affected() > 0)
}

/// Agents linking a tool, by name; `only_active` keeps the deployed ones.
pub async fn agents_using(conn: &mut SqliteConnection, tool_id: &str, only_active: bool) -> Result<Vec<AgentSummary>> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT a.id, a.name, a.status FROM agents a JOIN agent_tools at ON at.agent_id = a.id \
         WHERE at.tool_id = ? ORDER BY a.name, a.id",
    )
    .bind(tool_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, status)| AgentSummary { id, name, status: status.parse().unwrap_or(AgentStatus::Failed) })
        .filter(|a| !only_active || a.status == AgentStatus::Active)
        .collect())
}

pub async fn tool_exists(conn: &mut SqliteConnection, tool_id: &str) -> Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tools WHERE id = ?").bind(tool_id).fetch_one(conn).await?;
    Ok(n > 0)
}

/// A fresh id: 128 random bits from SQLite, so the gateway needs no RNG crate.
pub async fn new_id(conn: &mut SqliteConnection) -> Result<String> {
    Ok(sqlx::query_scalar("SELECT lower(hex(randomblob(16)))").fetch_one(conn).await?)
}

/// The answer: the record with its tools as they are now and why it may not work.
pub fn to_agent(a: AgentRecord, tools: Vec<Tool>, now: &str) -> Agent {
    let live = match (&a.status, &a.last_deployed_at) {
        (AgentStatus::Active, Some(since)) => seconds_between(since, now),
        _ => 0,
    };
    Agent {
        status_reason: super::rules::status_reason(&tools),
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
