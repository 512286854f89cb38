//! The "sign-in finished" effect: what the `/authorized` window reported over the
//! `BroadcastChannel`, for one tool or for any, and a reaction to each new report.

use crate::signin::{AuthEvents, AuthResult};
use leptos::prelude::*;

/// Calls `on_new` for each sign-in result heard after this call, for `tool` (or for any
/// tool when `None`), and returns the latest such result (which may predate this call).
/// Without `AuthEvents` (no `BroadcastChannel`) it never fires; polling covers that.
pub fn use_auth_events(tool: Option<String>, on_new: impl Fn(AuthResult) + 'static) -> Signal<Option<AuthResult>> {
    let events = use_context::<AuthEvents>();
    let latest =
        Signal::derive(move || events.and_then(|e| e.0.get()).filter(|r| tool.as_ref().is_none_or(|t| *t == r.tool)));
    // The channel's last message may predate the caller; only new ones are reactions' business.
    Effect::new(move |first: Option<()>| {
        if let Some(result) = latest.get()
            && first.is_some()
        {
            on_new(result);
        }
    });
    latest
}
