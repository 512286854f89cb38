//! The `calls` table: the call log (never a call's arguments or result), read newest first
//! per tool or agent, pruned oldest first, and the counters a call leaves on its tool's row.

use crate::db::Db;
use crate::db::tools::stored;
use crate::error::Result;
use patchbay_wire::{CallOutcome, CallRecord};
use sqlx::AnyConnection;

/// A call about to be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCall {
    pub id: String,
    /// RFC 3339 with milliseconds; `at_ms` is the same instant, for ordering and pruning.
    pub at: String,
    pub at_ms: i64,
    pub agent_id: Option<String>,
    pub agent_name: Option<String>,
    pub tool_id: String,
    pub tool_name: String,
    pub upstream_tool: String,
    pub duration_ms: i64,
    pub outcome: CallOutcome,
    pub message: Option<String>,
}

/// What a batch of calls leaves on one tool's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolUse {
    pub tool_id: String,
    /// RFC 3339 (seconds, like the tool's other times); never moves the stored one back.
    pub last_used_at: String,
    /// A call succeeded: the failure streak restarts from `failures`.
    pub reset: bool,
    /// Failed calls after the last success in the batch (or in all of it, without one).
    pub failures: i64,
}

/// Whose calls to list.
#[derive(Debug, Clone, Copy)]
pub enum CallsOf<'a> {
    Tool(&'a str),
    Agent(&'a str),
}

const COLUMNS: &str =
    "id, at, at_ms, agent_id, agent_name, tool_id, tool_name, upstream_tool, duration_ms, outcome, message";
const PER_ROW: usize = 11;

/// Rows per `INSERT`, largest first: a batch goes out in few statements of few shapes, so
/// each connection's prepared-statement cache holds them all.
const CHUNKS: [usize; 6] = [32, 16, 8, 4, 2, 1];

fn insert_sql(rows: usize) -> String {
    let values: Vec<String> = (0..rows)
        .map(|r| {
            let marks: Vec<String> = (1..=PER_ROW).map(|c| format!("${}", r * PER_ROW + c)).collect();
            format!("({})", marks.join(", "))
        })
        .collect();
    format!("INSERT INTO calls ({COLUMNS}) VALUES {}", values.join(", "))
}

/// Stores the calls, inside the caller's transaction.
pub async fn insert(conn: &mut AnyConnection, calls: &[NewCall]) -> Result<()> {
    let mut rest = calls;
    while !rest.is_empty() {
        let n = CHUNKS.into_iter().find(|&n| n <= rest.len()).unwrap_or(1);
        let (chunk, tail) = rest.split_at(n);
        let sql = insert_sql(n);
        let mut q = sqlx::query(&sql);
        for c in chunk {
            q = q
                .bind(&c.id)
                .bind(&c.at)
                .bind(c.at_ms)
                .bind(&c.agent_id)
                .bind(&c.agent_name)
                .bind(&c.tool_id)
                .bind(&c.tool_name)
                .bind(&c.upstream_tool)
                .bind(c.duration_ms)
                .bind(c.outcome.as_str())
                .bind(&c.message);
        }
        q.execute(&mut *conn).await?;
        rest = tail;
    }
    Ok(())
}

/// Updates the tool's `last_used_at` and `failed_calls_in_a_row`, inside the caller's
/// transaction; a tool deleted meanwhile is simply not there to update.
pub async fn count_on_tool(conn: &mut AnyConnection, u: &ToolUse) -> Result<()> {
    sqlx::query(
        "UPDATE tools SET \
         last_used_at = CASE WHEN last_used_at IS NULL OR last_used_at < $1 THEN $1 ELSE last_used_at END, \
         failed_calls_in_a_row = CASE WHEN $2 = 1 THEN $3 ELSE failed_calls_in_a_row + $3 END \
         WHERE id = $4",
    )
    .bind(&u.last_used_at)
    .bind(i64::from(u.reset))
    .bind(u.failures)
    .bind(&u.tool_id)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct CallRow {
    id: String,
    at: String,
    agent_id: Option<String>,
    agent_name: Option<String>,
    tool_id: String,
    tool_name: String,
    upstream_tool: String,
    duration_ms: i64,
    outcome: String,
    message: Option<String>,
}

impl CallRow {
    fn into_record(self) -> Result<CallRecord> {
        Ok(CallRecord {
            outcome: stored("call outcome", &self.id, &self.outcome)?,
            id: self.id,
            at: self.at,
            agent_id: self.agent_id,
            agent_name: self.agent_name,
            tool_id: self.tool_id,
            tool_name: self.tool_name,
            upstream_tool: self.upstream_tool,
            duration_ms: u64::try_from(self.duration_ms).unwrap_or(0),
            message: self.message,
        })
    }
}

/// A page of the tool's or agent's calls, newest first, and how many there are.
pub async fn page(db: &Db, of: CallsOf<'_>, offset: i64, limit: i64) -> Result<(Vec<CallRecord>, i64)> {
    let (column, id) = match of {
        CallsOf::Tool(id) => ("tool_id", id),
        CallsOf::Agent(id) => ("agent_id", id),
    };
    let rows: Vec<CallRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM calls WHERE {column} = $1 ORDER BY at_ms DESC, id DESC LIMIT $2 OFFSET $3"
    ))
    .bind(id)
    .bind(limit)
    .bind(offset)
    .fetch_all(db.pool())
    .await?;
    let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM calls WHERE {column} = $1"))
        .bind(id)
        .fetch_one(db.pool())
        .await?;
    Ok((rows.into_iter().map(CallRow::into_record).collect::<Result<_>>()?, total))
}

/// Deletes up to `chunk` of the oldest calls that started before `before_ms`; returns how many.
pub async fn delete_older_than(conn: &mut AnyConnection, before_ms: i64, chunk: i64) -> Result<u64> {
    let done = sqlx::query(
        "DELETE FROM calls WHERE id IN (SELECT id FROM calls WHERE at_ms < $1 ORDER BY at_ms, id LIMIT $2)",
    )
    .bind(before_ms)
    .bind(chunk)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// The newest call beyond the newest `keep` (its `at_ms` and id): it and every older one
/// may go. `None` when there are at most `keep` calls.
pub async fn first_beyond(db: &Db, keep: i64) -> Result<Option<(i64, String)>> {
    Ok(sqlx::query_as("SELECT at_ms, id FROM calls ORDER BY at_ms DESC, id DESC LIMIT 1 OFFSET $1")
        .bind(keep)
        .fetch_optional(db.pool())
        .await?)
}

/// Deletes up to `chunk` of the oldest calls up to and including `(at_ms, id)`; returns how many.
pub async fn delete_through(conn: &mut AnyConnection, at_ms: i64, id: &str, chunk: i64) -> Result<u64> {
    let done = sqlx::query(
        "DELETE FROM calls WHERE id IN (SELECT id FROM calls WHERE at_ms < $1 OR (at_ms = $1 AND id <= $2) \
         ORDER BY at_ms, id LIMIT $3)",
    )
    .bind(at_ms)
    .bind(id)
    .bind(chunk)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_row_gets_its_own_placeholders() {
        let sql = insert_sql(2);
        assert!(sql.ends_with("VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11), ($12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)"), "{sql}");
    }
}
