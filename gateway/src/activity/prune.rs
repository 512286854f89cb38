//! Keeps the call log bounded: calls older than `--call-log-retention` go, then the
//! oldest beyond `--call-log-max-rows`. Deleted in chunks, one short write transaction
//! each, so the recorder and the API never wait long behind a prune.

use crate::clock;
use crate::db::{self, Db};
use crate::error::Result;
use crate::state::AppState;
use std::time::Duration;

/// Rows deleted per transaction.
const CHUNK: i64 = 5_000;

/// How much of the call log to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    pub max_age: Duration,
    pub max_rows: u64,
}

impl Retention {
    pub fn of(config: &crate::Config) -> Self {
        Self { max_age: config.call_log_retention, max_rows: config.call_log_max_rows }
    }
}

/// Starts the pruning loop (called from `lifecycle::spawn`): a tenth of the retention
/// apart, between 200 ms and a minute, so short test retentions are honoured too.
pub fn spawn_pruning(state: AppState) -> tokio::task::JoinHandle<()> {
    let keep = Retention::of(&state.config);
    let every = (keep.max_age / 10).clamp(Duration::from_millis(200), Duration::from_secs(60));
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            // One instance prunes for all of them.
            if !state.leadership.leads().await {
                continue;
            }
            if let Err(e) = prune(&state.db, clock::now_ms(), keep).await {
                tracing::warn!(error = %e, "pruning the call log failed; trying again later");
            }
            // MCP sessions whose client vanished without closing: gone after the same age.
            let max_age = i64::try_from(keep.max_age.as_secs()).unwrap_or(i64::MAX);
            if let Err(e) = db::mcp_sessions::prune(&state.db, max_age).await {
                tracing::warn!(error = %e, "pruning old MCP sessions failed; trying again later");
            }
        }
    })
}

/// Deletes calls that started before `now_ms - max_age`, then all but the newest
/// `max_rows`; returns how many went.
pub async fn prune(db: &Db, now_ms: i64, keep: Retention) -> Result<u64> {
    let max_age_ms = i64::try_from(keep.max_age.as_millis()).unwrap_or(i64::MAX);
    let before = now_ms.saturating_sub(max_age_ms);
    let mut deleted = 0;
    loop {
        let mut tx = db.begin_write().await?;
        let n = db::calls::delete_older_than(&mut tx, before, CHUNK).await?;
        tx.commit().await?;
        deleted += n;
        if n < CHUNK as u64 {
            break;
        }
    }
    let Some((at_ms, id)) = db::calls::first_beyond(db, i64::try_from(keep.max_rows).unwrap_or(i64::MAX)).await? else {
        return Ok(deleted);
    };
    loop {
        let mut tx = db.begin_write().await?;
        let n = db::calls::delete_through(&mut tx, at_ms, &id, CHUNK).await?;
        tx.commit().await?;
        deleted += n;
        if n < CHUNK as u64 {
            return Ok(deleted);
        }
    }
}
