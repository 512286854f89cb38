//! Routes an upstream server's progress notifications to the call they belong to. A call's
//! progress token is known only once its request is queued, and a fast server may report
//! progress before the call has registered where it goes: such early notifications are
//! held (a few, not without bound: the server chooses what it sends) and handed over when
//! the call registers.

use rmcp::model::{ProgressNotificationParam, ProgressToken};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Where a call's progress goes: the downstream client's own token and peer.
pub type ProgressSink = Arc<dyn Fn(ProgressNotificationParam) + Send + Sync>;

/// Notifications held for calls not registered yet, over all of a session's calls.
const MAX_EARLY: usize = 64;

#[derive(Default)]
pub struct Routes(Mutex<Inner>);

#[derive(Default)]
struct Inner {
    sinks: HashMap<ProgressToken, ProgressSink>,
    early: HashMap<ProgressToken, Vec<ProgressNotificationParam>>,
    held: usize,
}

impl Routes {
    /// One notification from the server: to its call, or held until the call registers.
    pub fn deliver(&self, params: ProgressNotificationParam) {
        let mut inner = self.0.lock().expect("not poisoned");
        if let Some(sink) = inner.sinks.get(&params.progress_token) {
            // Under the lock, so a call's notifications keep their order.
            sink(params);
        } else if inner.held < MAX_EARLY {
            inner.held += 1;
            inner.early.entry(params.progress_token.clone()).or_default().push(params);
        }
    }

    /// Sends the progress of the call with `token` to `sink`, starting with any held.
    pub fn register(&self, token: &ProgressToken, sink: ProgressSink) {
        let mut inner = self.0.lock().expect("not poisoned");
        for params in inner.early.remove(token).unwrap_or_default() {
            inner.held -= 1;
            sink(params);
        }
        inner.sinks.insert(token.clone(), sink);
    }

    /// The call ended: nothing more goes to it, and nothing is held for it.
    pub fn end(&self, token: &ProgressToken) {
        let mut inner = self.0.lock().expect("not poisoned");
        inner.sinks.remove(token);
        if let Some(dropped) = inner.early.remove(token) {
            inner.held -= dropped.len();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(token: i64, progress: f64) -> ProgressNotificationParam {
        ProgressNotificationParam::new(ProgressToken(rmcp::model::NumberOrString::Number(token)), progress)
    }

    fn collecting() -> (ProgressSink, Arc<Mutex<Vec<f64>>>) {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let into = seen.clone();
        (Arc::new(move |p: ProgressNotificationParam| into.lock().unwrap().push(p.progress)), seen)
    }

    #[test]
    fn progress_before_the_call_registers_is_handed_over_in_order() {
        let routes = Routes::default();
        routes.deliver(note(1, 1.0));
        routes.deliver(note(2, 9.0));
        let (sink, seen) = collecting();
        routes.register(&note(1, 0.0).progress_token, sink);
        routes.deliver(note(1, 2.0));
        assert_eq!(*seen.lock().unwrap(), [1.0, 2.0]);
        routes.end(&note(2, 0.0).progress_token);
        routes.end(&note(1, 0.0).progress_token);
        routes.deliver(note(1, 3.0));
        assert_eq!(*seen.lock().unwrap(), [1.0, 2.0], "nothing after the call ended");
        assert_eq!(routes.0.lock().unwrap().held, 1, "only the ended call's late one is held");
    }

    #[test]
    fn a_server_cannot_make_the_gateway_hold_unbounded_progress() {
        let routes = Routes::default();
        for i in 0..10_000 {
            routes.deliver(note(i, 1.0));
        }
        assert_eq!(routes.0.lock().unwrap().held, MAX_EARLY);
        assert_eq!(routes.0.lock().unwrap().early.len(), MAX_EARLY);
    }
}
