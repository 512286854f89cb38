//! Agents: each agent with its model, status and tools (with their status now), a
//! warning on agents whose tools have failed, and edit and delete.

mod card;

use crate::api::{ApiError, use_api};
use card::AgentCard;
use leptos::prelude::*;
use patchbay_wire::AgentList;

#[component]
pub fn AgentsPage() -> impl IntoView {
    let api = use_api();
    let agents = LocalResource::new(move || api.list_agents());
    let reload = Callback::new(move |()| agents.refetch());
    view! {
        <section class="page">
            <div class="page-head">
                <div>
                    <h1>"Agents"</h1>
                    <p class="lead">"Agents follow your instructions and call your active MCP tools."</p>
                </div>
                <a class="button" href="/agents/new">"New agent"</a>
            </div>
            <Transition fallback=|| view! { <p class="muted">"Loading agents…"</p> }>
                {move || agents.get().map(|r: Result<AgentList, ApiError>| match r {
                    Ok(list) if list.data.is_empty() => view! {
                        <div class="empty first-run">
                            <p class="empty-title">"No agents yet."</p>
                            <p>"Build one from the tools that are active: give it instructions, a model and its tools."</p>
                            <a class="button big" href="/agents/new">"New agent"</a>
                        </div>
                    }.into_any(),
                    Ok(list) => view! {
                        <ul class="tool-list agent-cards">
                            {list.data.into_iter().map(|agent| view! { <AgentCard agent on_deleted=reload /> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! {
                        <div class="error" role="alert">
                            <p>{e.to_string()}</p>
                            <button type="button" class="secondary" on:click=move |_| agents.refetch()>"Try again"</button>
                        </div>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}
