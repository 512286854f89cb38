//! The `mcp_sessions` table: rmcp's `SessionStore` for one agent's endpoint, so a
//! session opened on one instance (or before a restart) is restored where its next
//! request lands. Scoped to its agent: another agent's session id finds nothing.

use crate::clock;
use crate::db::Db;
use crate::error::Result;
use rmcp::transport::streamable_http_server::session::{SessionState, SessionStore, SessionStoreError};

pub struct Store {
    pub db: Db,
    pub agent_id: String,
}

#[async_trait::async_trait]
impl SessionStore for Store {
    async fn load(&self, session_id: &str) -> Result<Option<SessionState>, SessionStoreError> {
        let state: Option<String> =
            sqlx::query_scalar("SELECT state FROM mcp_sessions WHERE id = $1 AND agent_id = $2")
                .bind(session_id)
                .bind(&self.agent_id)
                .fetch_optional(self.db.pool())
                .await?;
        Ok(state.map(|s| serde_json::from_str(&s)).transpose()?)
    }

    async fn store(&self, session_id: &str, state: &SessionState) -> Result<(), SessionStoreError> {
        sqlx::query(
            "INSERT INTO mcp_sessions (id, agent_id, state, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (id) DO UPDATE SET state = excluded.state",
        )
        .bind(session_id)
        .bind(&self.agent_id)
        .bind(serde_json::to_string(state)?)
        .bind(clock::now_unix())
        .execute(self.db.pool())
        .await?;
        Ok(())
    }

    async fn delete(&self, session_id: &str) -> Result<(), SessionStoreError> {
        sqlx::query("DELETE FROM mcp_sessions WHERE id = $1").bind(session_id).execute(self.db.pool()).await?;
        Ok(())
    }
}

/// Records which access token opened a session.
pub async fn bind_token(db: &Db, session_id: &str, token_id: &str) -> Result<()> {
    sqlx::query("UPDATE mcp_sessions SET token_id = $1 WHERE id = $2")
        .bind(token_id)
        .bind(session_id)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Forgets sessions older than `max_age_secs` (clients that vanished without closing).
pub async fn prune(db: &Db, max_age_secs: i64) -> Result<u64> {
    let done = sqlx::query("DELETE FROM mcp_sessions WHERE created_at < $1")
        .bind(clock::now_unix() - max_age_secs)
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected())
}
