//! The `oauth_states` table: one row per authorization URL handed out, holding rmcp's
//! sealed PKCE verifier; deleted when used, so a replayed or forged `state` finds nothing.

use crate::clock;
use crate::db::Db;
use crate::error::Result;
use sqlx::AnyConnection;

pub async fn insert(conn: &mut AnyConnection, state: &str, tool_id: &str, sealed: &str) -> Result<()> {
    sqlx::query("INSERT INTO oauth_states (state, tool_id, data_enc, created_at) VALUES ($1, $2, $3, $4)")
        .bind(state)
        .bind(tool_id)
        .bind(sealed)
        .bind(clock::now_unix())
        .execute(conn)
        .await?;
    Ok(())
}

/// Takes the state for good: `(tool_id, sealed data)`. Deleting is what makes a state
/// single-use, even under concurrent callbacks on several instances.
pub async fn take(db: &Db, state: &str) -> Result<Option<(String, String)>> {
    Ok(sqlx::query_as("DELETE FROM oauth_states WHERE state = $1 RETURNING tool_id, data_enc")
        .bind(state)
        .fetch_optional(db.pool())
        .await?)
}

/// The tool a state belongs to, leaving the state usable (a provider's refusal).
pub async fn tool_of(db: &Db, state: &str) -> Result<Option<String>> {
    Ok(sqlx::query_scalar("SELECT tool_id FROM oauth_states WHERE state = $1")
        .bind(state)
        .fetch_optional(db.pool())
        .await?)
}
