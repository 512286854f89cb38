//! Agents: the agents that use your tools (the builder comes with the agents work).

use leptos::prelude::*;

#[component]
pub fn AgentsPage() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"Agents"</h1>
            <p class="lead">"Agents use your active MCP tools. Building agents arrives soon."</p>
        </section>
    }
}
