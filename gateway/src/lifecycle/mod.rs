//! Background work, run by one instance at a time (`db::locks::Leadership`; on SQLite
//! the only one): the sweeper stores `Failed` for pending tools whose authorization
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
            if !s.leadership.leads().await {
                continue;
            }
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
            if s.leadership.leads().await {
                health::check_all(&s).await;
            }
        }
    });
    // Servers that failed a check are tried again sooner, so an outage is judged over
    // several attempts within the grace period, not one attempt per health interval.
    let retry_every = (state.config.unreachable_grace / 5).clamp(Duration::from_millis(200), Duration::from_secs(60));
    let pruning = crate::activity::spawn_pruning(state.clone());
    let s = state.clone();
    let retries = tokio::spawn(async move {
        let mut tick = tokio::time::interval(retry_every);
        loop {
            tick.tick().await;
            if s.leadership.leads().await {
                health::recheck_unreachable(&s).await;
            }
        }
    });
    vec![
        sweeper,
        checks,
        retries,
        pruning,
        tokio::spawn(watch_agents(state.clone())),
        tokio::spawn(relist_changed(state)),
    ]
}

/// Recomputes the served tools of every agent with open MCP sessions, after a local
/// nudge or every `watch::POLL`, and signals the sessions whose tools changed.
async fn watch_agents(state: AppState) {
    loop {
        state.watch.next_round().await;
        for id in state.watch.watched() {
            let generation = state.watch.generation();
            match crate::agents::serving::load(&state, &id).await {
                Ok(Some(served)) => {
                    state.watch.seen(&id, served.fingerprint());
                    state.watch.remember(&id, generation, std::sync::Arc::new(served));
                }
                Ok(None) => {}
                Err(e) => tracing::warn!(agent = %id, error = %e, "recomputing an agent's tools failed"),
            }
        }
    }
}

/// Lists a connector's tools again when its server says they changed.
async fn relist_changed(state: AppState) {
    let Some(mut changed) = state.list_changed.lock().expect("not poisoned").take() else { return };
    while let Some(tool_id) = changed.recv().await {
        let relisted = match db::tools::get(&state.db, &tool_id).await {
            Ok(Some(tool)) => crate::connectors::catalog::refresh(&state, &tool).await.map(|_| ()),
            Ok(None) => Ok(()),
            Err(e) => Err(e),
        };
        if let Err(e) = relisted {
            tracing::warn!(tool = %tool_id, error = %e, "listing a server's changed tools failed");
        }
    }
}
