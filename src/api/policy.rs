//! Requests this page's security policy refused. A deployed Patchbay lets its console call
//! only the gateway that serves it and those its operator allowed (`--allow-gateway`, the
//! page's `connect-src`), so an address saved in Settings may be blocked before a request
//! leaves the browser. Such a fetch fails exactly like an unreachable server; the browser
//! also reports it as a `securitypolicyviolation` event, and remembering those lets the
//! error say the real reason and the way out.

use std::cell::RefCell;
use wasm_bindgen::JsCast;

thread_local! {
    /// The URLs (or origins) refused so far, newest last; a few are enough.
    static BLOCKED: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Starts listening for the browser's reports; once, in `App`.
pub fn watch() {
    let listener = leptos::prelude::window_event_listener_untyped("securitypolicyviolation", |ev| {
        let Ok(ev) = ev.dyn_into::<web_sys::SecurityPolicyViolationEvent>() else { return };
        if ev.effective_directive() == "connect-src" {
            BLOCKED.with_borrow_mut(|b| {
                b.push(ev.blocked_uri());
                if b.len() > 16 {
                    b.remove(0);
                }
            });
        }
    });
    // For the page's lifetime.
    std::mem::forget(listener);
}

/// Whether a request to `url` was refused by the policy.
pub fn blocked(url: &str) -> bool {
    BLOCKED.with_borrow(|b| b.iter().any(|u| !u.is_empty() && (url.starts_with(u.as_str()) || u.starts_with(url))))
}
