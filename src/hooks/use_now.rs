//! A clock signal for countdowns, ticking while its component lives.

use leptos::prelude::*;
use std::time::Duration;

/// Milliseconds since the epoch, refreshed every `period`; the timer stops on cleanup.
pub fn use_now(period: Duration) -> Signal<f64> {
    let (now, set_now) = signal(js_sys::Date::now());
    if let Ok(handle) = set_interval_with_handle(move || set_now.set(js_sys::Date::now()), period) {
        on_cleanup(move || handle.clear());
    }
    now.into()
}
