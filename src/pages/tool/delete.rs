//! Deleting a tool, confirmed in a modal dialog that names the agents using it. The
//! gateway refuses while an active agent does; its sentence shows in the dialog.

use crate::api::{ApiError, use_api};
use crate::components::StatusBadge;
use crate::router::navigate;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use patchbay_wire::{AgentSummary, Tool};

#[component]
pub fn DeleteTool(tool: RwSignal<Option<Tool>>) -> impl IntoView {
    let api = use_api();
    let dialog = NodeRef::<html::Dialog>::new();
    let agents = RwSignal::new(None::<Result<Vec<AgentSummary>, ApiError>>);
    let refused = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let id = move || tool.with_untracked(|t| t.as_ref().map(|t| t.id.clone())).unwrap_or_default();
    let name = move || tool.with(|t| t.as_ref().map(|t| t.name.clone())).unwrap_or_default();

    let open = move |_| {
        refused.set(None);
        agents.set(None);
        if let Some(d) = dialog.get_untracked() {
            // Modal: focus moves into the dialog and Escape closes it.
            let _ = d.show_modal();
        }
        let id = id();
        spawn_local(async move {
            agents.try_set(Some(api.tool_agents(&id).await));
        });
    };
    let close = move || {
        if let Some(d) = dialog.get_untracked() {
            d.close();
        }
    };
    let confirm = move |_| {
        busy.set(true);
        let id = id();
        spawn_local(async move {
            match api.delete_tool(&id).await {
                Ok(_) => {
                    // Closed first: a modal removed while open hands focus back to nothing.
                    if let Some(d) = dialog.get_untracked() {
                        d.close();
                    }
                    navigate("/tools")
                }
                Err(e) => {
                    refused.set(Some(e.to_string()));
                    busy.set(false);
                }
            }
        });
    };

    view! {
        <section class="card danger-zone" aria-labelledby="delete-heading">
            <h2 id="delete-heading">"Delete this tool"</h2>
            <p>"Agents that use it lose its tools. This cannot be undone."</p>
            <button type="button" class="danger" on:click=open>"Delete…"</button>
        </section>
        <dialog node_ref=dialog aria-labelledby="confirm-heading" class="confirm">
            <h2 id="confirm-heading">"Delete " {name} "?"</h2>
            {move || match agents.get() {
                None => view! { <p class="muted">"Checking which agents use it…"</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p>"No agent uses it."</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <p>"These agents use it and will lose its tools:"</p>
                    <ul class="agent-list">
                        {list.into_iter().map(|a| view! {
                            <li>{a.name}" "<StatusBadge status=Signal::stored(a.status) /></li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
                Some(Err(e)) => view! { <p class="warn-note">"Could not check its agents: "{e.to_string()}</p> }.into_any(),
            }}
            <p class="error" role="alert" hidden=move || refused.with(Option::is_none)>{move || refused.get()}</p>
            <div class="actions">
                <button type="button" class="danger" on:click=confirm disabled=move || busy.get()>
                    {move || if busy.get() { "Deleting…" } else { "Delete" }}
                </button>
                <button type="button" class="secondary" autofocus on:click=move |_| close()>"Keep it"</button>
            </div>
        </dialog>
    }
}
