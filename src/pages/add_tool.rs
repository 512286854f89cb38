//! Placeholder: built by its issue.

use leptos::prelude::*;

#[component]
pub fn AddToolPage() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"Add an MCP server"</h1>
        </section>
    }
}
