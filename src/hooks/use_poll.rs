//! The polling loop behind live statuses: about every 2 s, backing off to 15 s, paused
//! while the tab is hidden, resumed at once when it shows or regains focus, stopped when
//! the tick says there is nothing left to wait for, and torn down on cleanup.

use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::time::Duration;

const FIRST_DELAY_MS: f64 = 2_000.0;
const MAX_DELAY_MS: f64 = 15_000.0;
/// Gentle: the delay passes 5 s only after about a minute of waiting.
const BACKOFF: f64 = 1.15;

type Tick = Box<dyn Fn() -> Pin<Box<dyn Future<Output = bool>>>>;

pub struct UsePollReturn {
    /// Polls now and resets the backoff (a sign-in message arrived, the person clicked).
    pub kick: Callback<()>,
}

/// Runs `tick` now and then repeatedly while it returns true (keep waiting).
pub fn use_poll<F, Fut>(tick: F) -> UsePollReturn
where
    F: Fn() -> Fut + 'static,
    Fut: Future<Output = bool> + 'static,
{
    let poller = Rc::new(Poller {
        tick: Box::new(move || Box::pin(tick())),
        timer: Cell::new(None),
        delay_ms: Cell::new(FIRST_DELAY_MS),
        busy: Cell::new(false),
        again: Cell::new(false),
        done: Cell::new(false),
        alive: Cell::new(true),
    });
    poller.run();

    // Stored in the (local) arena: cleanup and callbacks must be `Send`, an `Rc` is not.
    let stored = StoredValue::new_local(poller);
    let resume = move |_| {
        if !is_hidden() {
            stored.with_value(|p| p.kick())
        }
    };
    let on_visible = window_event_listener_untyped("visibilitychange", resume);
    let on_focus = window_event_listener_untyped("focus", resume);
    on_cleanup(move || {
        stored.with_value(|p| {
            p.alive.set(false);
            if let Some(t) = p.timer.take() {
                t.clear();
            }
        });
        on_visible.remove();
        on_focus.remove();
    });
    UsePollReturn { kick: Callback::new(move |()| stored.with_value(|p| p.kick())) }
}

struct Poller {
    tick: Tick,
    timer: Cell<Option<TimeoutHandle>>,
    delay_ms: Cell<f64>,
    /// A tick is in flight; a kick meanwhile sets `again` instead of overlapping it.
    busy: Cell<bool>,
    again: Cell<bool>,
    /// The last tick said there is nothing left to wait for.
    done: Cell<bool>,
    alive: Cell<bool>,
}

impl Poller {
    fn kick(self: &Rc<Self>) {
        self.delay_ms.set(FIRST_DELAY_MS);
        self.done.set(false);
        self.run();
    }

    fn run(self: &Rc<Self>) {
        if let Some(t) = self.timer.take() {
            t.clear();
        }
        // A hidden tab waits for `visibilitychange`, which kicks it.
        if !self.alive.get() || self.done.get() || is_hidden() {
            return;
        }
        if self.busy.replace(true) {
            self.again.set(true);
            return;
        }
        let me = self.clone();
        spawn_local(async move {
            let keep_waiting = (me.tick)().await;
            me.busy.set(false);
            me.done.set(!keep_waiting);
            if me.again.replace(false) {
                me.done.set(false);
                me.run();
            } else if keep_waiting {
                me.schedule();
            }
        });
    }

    fn schedule(self: &Rc<Self>) {
        if !self.alive.get() {
            return;
        }
        let delay = self.delay_ms.get();
        self.delay_ms.set((delay * BACKOFF).min(MAX_DELAY_MS));
        let me = self.clone();
        if let Ok(handle) = set_timeout_with_handle(move || me.run(), Duration::from_millis(delay as u64)) {
            self.timer.set(Some(handle));
        }
    }
}

fn is_hidden() -> bool {
    web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.hidden())
}
