//! The `tool_replacements` table: a new connector standing in for a failed one until it
//! is `Active`, when `swap` moves every agent's link to it and deletes the old one.

use crate::clock;
use crate::db::Db;
use crate::error::Result;
use sqlx::AnyConnection;

pub async fn insert(conn: &mut AnyConnection, new_tool_id: &str, old_tool_id: &str) -> Result<()> {
    sqlx::query("INSERT INTO tool_replacements (new_tool_id, old_tool_id, created_at) VALUES ($1, $2, $3)")
        .bind(new_tool_id)
        .bind(old_tool_id)
        .bind(clock::now())
        .execute(conn)
        .await?;
    Ok(())
}

/// Deletes earlier attempts to replace `old_tool_id` that never became active, so only
/// one replacement waits for sign-in at a time.
pub async fn abandon_unfinished(conn: &mut AnyConnection, old_tool_id: &str) -> Result<u64> {
    let done = sqlx::query(
        "DELETE FROM tools WHERE status != 'Active' AND id IN \
         (SELECT new_tool_id FROM tool_replacements WHERE old_tool_id = $1)",
    )
    .bind(old_tool_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// When `new_tool_id` replaces a tool: every agent linking the old tool links the new one
/// in its place, and the old tool goes (dropping the replacement row). Runs inside the
/// transaction that makes the new tool `Active`; returns the old tool's id if it swapped.
pub async fn swap(conn: &mut AnyConnection, new_tool_id: &str) -> Result<Option<String>> {
    let old: Option<String> = sqlx::query_scalar("SELECT old_tool_id FROM tool_replacements WHERE new_tool_id = $1")
        .bind(new_tool_id)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(old) = old else { return Ok(None) };
    sqlx::query("UPDATE agents SET updated_at = $1 WHERE id IN (SELECT agent_id FROM agent_tools WHERE tool_id = $2)")
        .bind(clock::now())
        .bind(&old)
        .execute(&mut *conn)
        .await?;
    // An agent that somehow links both keeps one link, in the old one's place.
    sqlx::query(
        "DELETE FROM agent_tools WHERE tool_id = $1 AND agent_id IN (SELECT agent_id FROM agent_tools WHERE tool_id = $2)",
    )
    .bind(new_tool_id)
    .bind(&old)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE agent_tools SET tool_id = $1 WHERE tool_id = $2")
        .bind(new_tool_id)
        .bind(&old)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM tools WHERE id = $1").bind(&old).execute(&mut *conn).await?;
    tracing::info!(old = %old, new = new_tool_id, "replaced a failed tool in its agents");
    Ok(Some(old))
}

/// Whether the old tool is still there (the swap has not happened).
pub async fn is_pending(db: &Db, new_tool_id: &str) -> Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tool_replacements WHERE new_tool_id = $1")
        .bind(new_tool_id)
        .fetch_one(db.pool())
        .await?;
    Ok(n > 0)
}
