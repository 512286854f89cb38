//! The way back into a sign-in when the popup was blocked or closed: a real link, so it
//! works even where scripts may not open windows. `noopener`: the sign-in page belongs
//! to someone else and must not be able to steer this window; the result comes back over
//! `BroadcastChannel` instead.

use crate::signin::WINDOW_NAME;
use leptos::prelude::*;

/// A button-styled link to the authorization URL, opening in the sign-in window.
#[component]
pub fn SignInLink(
    /// The gateway's `AUTHORIZATION_URL`.
    #[prop(into)]
    url: Signal<String>,
    /// Large and filled when the person must act; plain when a sign-in window is open.
    #[prop(into)]
    prominent: Signal<bool>,
) -> impl IntoView {
    view! {
        <a class=move || if prominent.get() { "button big" } else { "button secondary" }
            href=url target=WINDOW_NAME rel="noopener">
            {move || if prominent.get() { "Open the sign-in page" } else { "Open the sign-in page again" }}
        </a>
    }
}
