//! The frame around every page: a skip link, the header with navigation, the main area.

use leptos::prelude::*;
use leptos_router::components::A;

/// Wraps a routed page in the app's header and main landmark.
#[component]
pub fn Layout(
    /// The routed page.
    children: Children,
) -> impl IntoView {
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
                <A href="/tools">"Tools"</A>
                <A href="/agents">"Agents"</A>
                <A href="/settings">"Settings"</A>
            </nav>
        </header>
        <main id="main" tabindex="-1">{children()}</main>
    }
}
