//! The way back into a sign-in when the popup was blocked or closed: a real link, so it
//! works even where scripts may not open windows. `noopener`: the sign-in page belongs
//! to someone else and must not be able to steer this window; the result comes back over
//! `BroadcastChannel` instead. Only http(s) addresses become links: a remote server picks
//! this URL, and a `javascript:` one would run in Patchbay's origin when clicked.

use crate::signin::WINDOW_NAME;
use crate::url::safe_http_url;
use leptos::prelude::*;

/// A button-styled link to the authorization URL, opening in the sign-in window; in its
/// place, a warning when the URL is not a plain http(s) address.
#[component]
pub fn SignInLink(
    /// The gateway's `AUTHORIZATION_URL`, as it sent it.
    #[prop(into)]
    url: Signal<String>,
    /// Large and filled when the person must act; plain when a sign-in window is open.
    #[prop(into)]
    prominent: Signal<bool>,
) -> impl IntoView {
    move || match safe_http_url(&url.get()) {
        Some(href) => view! {
            <a class=move || if prominent.get() { "button big" } else { "button secondary" }
                href=href target=WINDOW_NAME rel="noopener">
                {move || if prominent.get() { "Open the sign-in page" } else { "Open the sign-in page again" }}
            </a>
        }
        .into_any(),
        None => view! {
            <p class="error unsafe-signin" role="alert">
                "The sign-in link for this server is unsafe: it is not an http:// or https:// address, so \
                 Patchbay will not open it. Do not copy it into your browser. Delete this tool, and tell \
                 whoever runs the MCP server (or the gateway) that its sign-in address is wrong."
            </p>
        }
        .into_any(),
    }
}
