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
                <span class="brand-mark" aria-hidden="true">"⧉"</span>
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
