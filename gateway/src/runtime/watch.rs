//! Who hears that an agent's tools changed: every open MCP session of the agent
//! subscribes here, and gets a signal whenever the set of tools the agent serves
//! differs from the last one seen (a connector turned active or failed, was replaced,
//! the agent was edited, an upstream list changed). The set is recomputed from the
//! database, so a change made by another instance is heard too: at once after a local
//! `nudge`, within `POLL` otherwise.

use std::any::Any;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{Notify, broadcast};

/// How often agents with open sessions are recomputed without a nudge.
pub const POLL: Duration = Duration::from_secs(2);

struct Watched {
    tx: broadcast::Sender<()>,
    fingerprint: Option<u64>,
}

#[derive(Default)]
pub struct Watch {
    agents: Mutex<HashMap<String, Watched>>,
    nudged: Notify,
    /// Bumped by every nudge: what was computed before a local change is stale at once.
    generation: AtomicU64,
    /// What each agent served when last computed (`agents::serving::Served`, kept as
    /// `Any` so this room needs none above it), for the calls in between: an agent's
    /// every call would otherwise read the database three times.
    served: Mutex<HashMap<String, Cached>>,
}

/// When it was computed, the generation it was computed in, and the value.
type Cached = (Instant, u64, Arc<dyn Any + Send + Sync>);

impl Watch {
    /// A receiver that gets `()` each time the agent's served tools change.
    pub fn subscribe(&self, agent_id: &str) -> broadcast::Receiver<()> {
        let mut agents = self.agents.lock().expect("not poisoned");
        let w = agents
            .entry(agent_id.to_string())
            .or_insert_with(|| Watched { tx: broadcast::channel(4).0, fingerprint: None });
        w.tx.subscribe()
    }

    /// Something that may change served tools happened here: recompute now.
    pub fn nudge(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.nudged.notify_one();
    }

    /// Recompute soon, without making cached computations stale (a new session wants its
    /// first fingerprint early; nothing changed).
    pub fn wake(&self) {
        self.nudged.notify_one();
    }

    /// The generation to stamp a computation with; read it before computing.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// What the agent served, if computed since the last local change and within
    /// `POLL` (a change on another instance shows within that).
    pub fn cached(&self, agent_id: &str) -> Option<Arc<dyn Any + Send + Sync>> {
        let served = self.served.lock().expect("not poisoned");
        let (at, generation, s) = served.get(agent_id)?;
        (*generation == self.generation() && at.elapsed() < POLL).then(|| s.clone())
    }

    pub fn remember(&self, agent_id: &str, generation: u64, served: Arc<dyn Any + Send + Sync>) {
        let mut all = self.served.lock().expect("not poisoned");
        if all.len() > 10_000 {
            all.clear(); // agents come and go; a bound beats a leak
        }
        all.insert(agent_id.to_string(), (Instant::now(), generation, served));
    }

    /// Waits for a nudge or the poll interval.
    pub async fn next_round(&self) {
        let _ = tokio::time::timeout(POLL, self.nudged.notified()).await;
    }

    /// The agents someone listens to; forgets the others.
    pub fn watched(&self) -> Vec<String> {
        let mut agents = self.agents.lock().expect("not poisoned");
        agents.retain(|_, w| w.tx.receiver_count() > 0);
        agents.keys().cloned().collect()
    }

    /// Records the agent's current fingerprint; signals its listeners when it changed.
    pub fn seen(&self, agent_id: &str, fingerprint: u64) {
        let mut agents = self.agents.lock().expect("not poisoned");
        if let Some(w) = agents.get_mut(agent_id) {
            if w.fingerprint.is_some_and(|f| f != fingerprint) {
                let _ = w.tx.send(());
            }
            w.fingerprint = Some(fingerprint);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listeners_hear_a_change_but_not_the_first_sight_or_a_repeat() {
        let watch = Watch::default();
        let mut rx = watch.subscribe("a");
        watch.seen("a", 1);
        assert!(rx.try_recv().is_err(), "the first fingerprint is no change");
        watch.seen("a", 1);
        assert!(rx.try_recv().is_err());
        watch.seen("a", 2);
        assert!(rx.try_recv().is_ok());
        drop(rx);
        assert!(watch.watched().is_empty(), "an agent nobody listens to is forgotten");
    }
}
