//! Locks that hold across gateway instances on one PostgreSQL database (advisory locks);
//! on SQLite there is one instance, and these are free. A tool's token refresh takes
//! `refresh`, so a rotating refresh token is used once across every instance; the
//! background loops run only on the instance that holds `Leadership`.

use crate::db::{Backend, Db, Tx};
use crate::error::Result;
use sqlx::{AnyConnection, Connection};
use tokio::sync::Mutex;

/// One key for "the background worker", beside the per-tool keys (which are hashes).
const LEADER_KEY: i64 = 0x7061_7463_6862_6179; // "patchbay"

/// Held while a tool's tokens are renewed; released when dropped (its transaction ends).
pub struct RefreshGuard(#[allow(dead_code)] Option<Tx>);

/// Waits until no other instance is renewing this tool's tokens.
pub async fn refresh(db: &Db, tool_id: &str) -> Result<RefreshGuard> {
    if db.backend == Backend::Sqlite {
        return Ok(RefreshGuard(None));
    }
    let mut tx = db.pool().begin().await?;
    sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1)::bigint)").bind(tool_id).execute(&mut *tx).await?;
    Ok(RefreshGuard(Some(tx)))
}

/// Whether this instance runs the background work: the one holding the leader lock,
/// on a connection of its own (so the lock goes when the instance dies, and another
/// takes it at its next try).
pub struct Leadership {
    url: Option<String>,
    held: Mutex<Option<AnyConnection>>,
}

impl Leadership {
    pub fn new(db: &Db, url: Option<&str>) -> Self {
        let url = (db.backend == Backend::Postgres).then(|| url.unwrap_or_default().to_string());
        Self { url, held: Mutex::new(None) }
    }

    /// Gives up leading at once (shutting down), so another instance takes over at its
    /// next try instead of when this connection times out.
    pub fn resign(&self) {
        if let Ok(mut held) = self.held.try_lock() {
            held.take();
        }
    }

    /// True while this instance leads; tries to become the leader when nobody does.
    pub async fn leads(&self) -> bool {
        let Some(url) = &self.url else { return true };
        let mut held = self.held.lock().await;
        if let Some(conn) = held.as_mut() {
            if conn.ping().await.is_ok() {
                return true;
            }
            *held = None; // the connection died, and the lock with it
        }
        let Ok(mut conn) = AnyConnection::connect(url).await else { return false };
        let won: Result<bool, sqlx::Error> =
            sqlx::query_scalar("SELECT pg_try_advisory_lock($1)").bind(LEADER_KEY).fetch_one(&mut conn).await;
        if won.unwrap_or(false) {
            tracing::info!("this instance now runs the background work");
            *held = Some(conn);
            true
        } else {
            false
        }
    }
}
