//! One agent in the list: what it runs on, its tools with their status, why it may not
//! work, a link to its own page, and edit and delete (asked twice, since an agent cannot
//! be recovered).

use crate::api::use_api;
use crate::app::{agent_edit_href, agent_href};
use crate::components::StatusBadge;
use crate::components::agent_tools::AgentTools;
use leptos::prelude::*;
use leptos::task::spawn_local;
use patchbay_wire::Agent;

#[component]
pub fn AgentCard(
    /// The agent as listed.
    agent: Agent,
    /// Called once the agent is deleted (or a tool of it replaced), so the list reloads.
    on_deleted: Callback<()>,
) -> impl IntoView {
    let api = use_api();
    let confirming = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let id = agent.id.clone();
    let delete = move |_| {
        let id = id.clone();
        busy.set(true);
        spawn_local(async move {
            match api.delete_agent(&id).await {
                Ok(_) => on_deleted.run(()),
                Err(e) => {
                    error.try_set(Some(e.to_string()));
                    busy.try_set(false);
                }
            }
        });
    };
    let model = agent.model_id.clone().or_else(|| agent.output.as_ref().and_then(|o| o.model_id.clone()));
    let edit = agent_edit_href(&agent.id);
    let name = agent.name.clone();
    view! {
        <li class="card tool-row agent-card" data-agent=agent.name.clone()>
            <div class="row-head">
                <a class="row-name" href=agent_href(&agent.id)>{agent.name.clone()}</a>
                <StatusBadge status=Signal::stored(agent.status) />
            </div>
            <p class="muted small">"Model: "<code>{model.unwrap_or_else(|| "none".into())}</code></p>
            <AgentTools tools=agent.tools on_replaced=on_deleted />
            {agent.status_reason.map(|r| view! { <p class="warn-note agent-warning">"Warning: "{r}</p> })}
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <div class="actions">
                <a class="button secondary" href=edit>"Edit"</a>
                <Show when=move || confirming.get()
                    fallback=move || view! {
                        <button type="button" class="secondary" on:click=move |_| confirming.set(true)>"Delete"</button>
                    }>
                    <span role="status">{format!("Delete \"{name}\"? This cannot be undone.")}</span>
                    <button type="button" class="danger" disabled=move || busy.get() on:click=delete.clone()>
                        "Delete agent"
                    </button>
                    <button type="button" class="secondary" on:click=move |_| confirming.set(false)>"Keep it"</button>
                </Show>
            </div>
        </li>
    }
}
