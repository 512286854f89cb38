//! The frame around every page: a skip link, the header with navigation, the main area.

use crate::router::{is_current_section, use_location};
use leptos::html;
use leptos::prelude::*;

/// Wraps a routed page in the app's header and main landmark.
#[component]
pub fn Layout(
    /// The routed page.
    children: Children,
) -> impl IntoView {
    // After a client-side navigation, start keyboard and screen-reader users at the new
    // page rather than on the link they left; pages may move focus further once loaded.
    let main = NodeRef::<html::Main>::new();
    let location = use_location();
    Effect::new(move |previous: Option<String>| {
        let now = location.path();
        if previous.is_some_and(|p| p != now)
            && let Some(m) = main.get_untracked()
        {
            let _ = m.focus();
        }
        now
    });
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="app-header">
            <a class="brand" href="/">
                // Two patched squares, drawn rather than a glyph that some fonts lack.
                <svg class="brand-mark" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2.2">
                    <rect x="3" y="3" width="12" height="12" rx="2" />
                    <rect x="9" y="9" width="12" height="12" rx="2" />
                </svg>
                "Patchbay"
            </a>
            <nav aria-label="Main">
                <NavLink href="/tools" label="Tools" />
                <NavLink href="/agents" label="Agents" />
                <NavLink href="/settings" label="Settings" />
            </nav>
        </header>
        <main id="main" tabindex="-1" node_ref=main>{children()}</main>
    }
}

/// A header link, marked `aria-current="page"` while its section is shown.
#[component]
fn NavLink(href: &'static str, label: &'static str) -> impl IntoView {
    let location = use_location();
    let current = move || is_current_section(&location.path(), href).then_some("page");
    view! { <a href=href aria-current=current>{label}</a> }
}
