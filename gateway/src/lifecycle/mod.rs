//! Background work: the sweeper stores `Failed` for pending tools whose authorization
//! window has closed (reads already show it; this persists it), and the health check
//! renews tokens and re-lists each active tool's server, failing a tool only when it
//! cannot recover (see `health`).

pub mod health;

use crate::clock;
use crate::db;
use crate::state::AppState;
use std::time::Duration;

/// Starts the loops; they run until the process ends (or the handles are aborted).
pub fn spawn(state: AppState) -> Vec<tokio::task::JoinHandle<()>> {
    let sweep_every =
        (state.config.authorization_window / 4).clamp(Duration::from_millis(250), Duration::from_secs(30));
    let s = state.clone();
    let sweeper = tokio::spawn(async move {
        let mut tick = tokio::time::interval(sweep_every);
        loop {
            tick.tick().await;
            if let Err(e) = db::tools::expire_pending(&s.db, clock::now_unix()).await {
                tracing::warn!(error = %e, "sweeping expired authorizations failed");
            }
        }
    });
    let s = state.clone();
    let checks = tokio::spawn(async move {
        let mut tick = tokio::time::interval(s.config.health_interval);
        tick.tick().await; // the first tick is immediate; tools were just checked at create
        loop {
            tick.tick().await;
            health::check_all(&s).await;
        }
    });
    // Servers that failed a check are tried again sooner, so an outage is judged over
    // several attempts within the grace period, not one attempt per health interval.
    let retry_every = (state.config.unreachable_grace / 5).clamp(Duration::from_millis(200), Duration::from_secs(60));
    let pruning = crate::activity::spawn_pruning(state.clone());
    let retries = tokio::spawn(async move {
        let mut tick = tokio::time::interval(retry_every);
        loop {
            tick.tick().await;
            health::recheck_unreachable(&state).await;
        }
    });
    vec![sweeper, checks, retries, pruning]
}
