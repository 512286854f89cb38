//! The `agents` table and its ordered links in `agent_tools`, with the linked tools read
//! from the `tools` table as they are now.

use crate::db::tools::{self, COLUMNS, ToolRecord, stored};
use crate::error::{Error, Result};
use patchbay_wire::{AgentOutput, AgentStatus, AgentSummary, ReasoningEffort};
use sqlx::AnyConnection;
use std::collections::HashMap;

/// One agent as stored, with typed fields; its tools are resolved separately.
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

const AGENT_COLUMNS: &str = "id, name, instructions, status, model_id, planner_model_id, tool_model_id, output, \
    reasoning_effort, temperature, user_id, created_at, updated_at, last_deployed_at, active_duration";

impl AgentRow {
    fn into_record(self, tool_ids: Vec<String>) -> Result<AgentRecord> {
        let output = self
            .output
            .map(|s| {
                serde_json::from_str(&s).map_err(|e| {
                    Error::Internal(format!("the output stored for agent {} does not parse: {e}", self.id))
                })
            })
            .transpose()?;
        Ok(AgentRecord {
            status: stored("agent status", &self.id, &self.status)?,
            reasoning_effort: stored("reasoning effort", &self.id, &self.reasoning_effort)?,
            output,
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
        })
    }
}

pub fn new_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

pub async fn find(conn: &mut AnyConnection, id: &str) -> Result<Option<AgentRecord>> {
    let row: Option<AgentRow> = sqlx::query_as(&format!("SELECT {AGENT_COLUMNS} FROM agents WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let tool_ids = sqlx::query_scalar("SELECT tool_id FROM agent_tools WHERE agent_id = $1 ORDER BY position, tool_id")
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
    row.into_record(tool_ids).map(Some)
}

/// Every agent, oldest first, each with the tools it links in order.
pub async fn all(conn: &mut AnyConnection) -> Result<Vec<(AgentRecord, Vec<ToolRecord>)>> {
    let rows: Vec<AgentRow> = sqlx::query_as(&format!("SELECT {AGENT_COLUMNS} FROM agents ORDER BY created_at, id"))
        .fetch_all(&mut *conn)
        .await?;
    let links = sqlx::query(&format!(
        "SELECT at.agent_id, {COLUMNS} FROM agent_tools at JOIN tools t ON t.id = at.tool_id \
         ORDER BY at.agent_id, at.position, at.tool_id"
    ))
    .fetch_all(&mut *conn)
    .await?;
    let mut by_agent: HashMap<String, Vec<ToolRecord>> = HashMap::new();
    for link in &links {
        use sqlx::Row;
        let agent: String = link.try_get("agent_id")?;
        by_agent.entry(agent).or_default().push(tools::from_row(link)?);
    }
    rows.into_iter()
        .map(|row| {
            let linked = by_agent.remove(&row.id).unwrap_or_default();
            let ids = linked.iter().map(|t| t.id.clone()).collect();
            Ok((row.into_record(ids)?, linked))
        })
        .collect()
}

/// The tools with these ids as they are now, in the given order; `None` for an unknown
/// id. `lock` is `Db::for_share()` when the caller is about to link them.
pub async fn tools_by_id(
    conn: &mut AnyConnection,
    ids: &[String],
    lock: &str,
) -> Result<Vec<(String, Option<ToolRecord>)>> {
    let mut found = Vec::with_capacity(ids.len());
    for id in ids {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM tools t WHERE t.id = $1{lock}"))
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
        found.push((id.clone(), row.as_ref().map(tools::from_row).transpose()?));
    }
    Ok(found)
}

/// Writes the agent row (insert or update) and its links, replacing any old links.
pub async fn save(conn: &mut AnyConnection, a: &AgentRecord) -> Result<()> {
    let output = a.output.as_ref().map(|o| serde_json::to_string(o).expect("AgentOutput serializes"));
    sqlx::query(
        "INSERT INTO agents (id, name, instructions, status, model_id, planner_model_id, tool_model_id, output, \
         reasoning_effort, temperature, user_id, created_at, updated_at, last_deployed_at, active_duration) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) \
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
    .bind(a.reasoning_effort.as_str())
    .bind(a.temperature)
    .bind(&a.user_id)
    .bind(&a.created_at)
    .bind(&a.updated_at)
    .bind(&a.last_deployed_at)
    .bind(a.active_duration)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM agent_tools WHERE agent_id = $1").bind(&a.id).execute(&mut *conn).await?;
    for (position, tool_id) in a.tool_ids.iter().enumerate() {
        sqlx::query("INSERT INTO agent_tools (agent_id, tool_id, position) VALUES ($1, $2, $3)")
            .bind(&a.id)
            .bind(tool_id)
            .bind(position as i64)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Removes the agent and its links; false when there was no such agent.
pub async fn remove(conn: &mut AnyConnection, id: &str) -> Result<bool> {
    let done = sqlx::query("DELETE FROM agents WHERE id = $1").bind(id).execute(&mut *conn).await?;
    Ok(done.rows_affected() > 0)
}

/// Agents linking a tool, by name; `only_active` keeps the deployed ones.
pub async fn using_tool(conn: &mut AnyConnection, tool_id: &str, only_active: bool) -> Result<Vec<AgentSummary>> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT a.id, a.name, a.status FROM agents a JOIN agent_tools at ON at.agent_id = a.id \
         WHERE at.tool_id = $1 ORDER BY a.name, a.id",
    )
    .bind(tool_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut found = Vec::with_capacity(rows.len());
    for (id, name, status) in rows {
        let status: AgentStatus = stored("agent status", &id, &status)?;
        if !only_active || status == AgentStatus::Active {
            found.push(AgentSummary { id, name, status });
        }
    }
    Ok(found)
}

/// The tools an agent links, in its order, each with its cached server tool list (JSON).
pub async fn linked_catalogs(conn: &mut AnyConnection, agent_id: &str) -> Result<Vec<(ToolRecord, Option<String>)>> {
    use sqlx::Row;
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS}, t.mcp_tools FROM agent_tools at JOIN tools t ON t.id = at.tool_id \
         WHERE at.agent_id = $1 ORDER BY at.position, at.tool_id"
    ))
    .bind(agent_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|r| Ok((tools::from_row(r)?, r.try_get::<Option<String>, _>("mcp_tools")?))).collect()
}
