//! Placeholder: built by its issue.

use leptos::prelude::*;

#[component]
pub fn AgentBuilderPage() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"New agent"</h1>
        </section>
    }
}
