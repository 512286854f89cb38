//! One agent (`/agents/:id`): its details and linked tools, what a model sees through its
//! MCP endpoint (kept current while open), how to use it from an MCP client (endpoint,
//! access tokens, set-up for each client), and its recent calls; deploying or stopping it.
//! Editing is the builder's.

mod deploy;
mod served;
mod setup;
mod tokens;

use crate::api::{ApiError, use_api};
use crate::app::agent_edit_href;
use crate::components::StatusBadge;
use crate::components::activity::{Activity, CallsOf};
use crate::components::agent_tools::AgentTools;
use crate::format::local_time;
use crate::hooks::use_poll;
use deploy::DeployToggle;
use leptos::html;
use leptos::prelude::*;
use patchbay_wire::{Agent, AgentMcpTools, CreatedAgentToken};
use served::WhatTheModelSees;
use setup::SetupTabs;
use tokens::{Endpoint, Tokens};

#[component]
pub fn AgentPage() -> impl IntoView {
    // The app builds this page anew for each id, so moving between agents restarts the
    // polling cleanly.
    let id = crate::router::route_id().unwrap_or_default();
    view! { <AgentView id /> }
}

#[component]
fn AgentView(id: String) -> impl IntoView {
    let api = use_api();
    let agent = RwSignal::new(None::<Result<Agent, ApiError>>);
    let served = RwSignal::new(None::<Result<AgentMcpTools, ApiError>>);
    let stored_id = StoredValue::new(id.clone());
    // One loop for both: a connector that fails changes the tools' statuses and what is served.
    let poll = use_poll(move || async move {
        let id = stored_id.get_value();
        let read = api.agent(&id).await;
        if read == Err(ApiError::Cancelled) {
            return false;
        }
        let gone = read.as_ref().is_err_and(|e| e.status() == Some(404));
        if agent.with_untracked(|a| a.as_ref() != Some(&read)) {
            agent.try_set(Some(read));
        }
        if gone {
            return false;
        }
        match api.agent_mcp_tools(&id).await {
            Err(ApiError::Cancelled) => return false,
            now => {
                if served.with_untracked(|s| s.as_ref() != Some(&now)) {
                    served.try_set(Some(now));
                }
            }
        }
        true
    });
    let refresh = poll.kick;
    let shown_token = RwSignal::new(None::<CreatedAgentToken>);
    let endpoint =
        Signal::derive(move || served.with(|s| s.as_ref().and_then(|s| s.as_ref().ok()).map(|s| s.endpoint.clone())));
    let name = Signal::derive(move || {
        agent.with(|a| a.as_ref().and_then(|a| a.as_ref().ok()).map(|a| a.name.clone())).unwrap_or_default()
    });
    let heading = NodeRef::<html::H1>::new();
    // Arriving from a link: start the reader at the agent's name once it is known.
    Effect::new(move |done: Option<bool>| {
        done == Some(true) || (name.with(|n| !n.is_empty()) && heading.get().is_some_and(|h| h.focus().is_ok()))
    });

    view! {
        <section class="page agent-page">
            <p class="crumbs"><a href="/agents">"Agents"</a></p>
            {move || match agent.get() {
                None => view! { <h1>"Agent"</h1><p class="muted">"Loading…"</p> }.into_any(),
                Some(Err(e)) => view! {
                    <h1>"Agent"</h1>
                    <div class="error" role="alert">
                        <p>{e.to_string()}</p>
                        <p><a href="/agents">"Back to your agents"</a></p>
                    </div>
                }.into_any(),
                Some(Ok(_)) => ().into_any(),
            }}
            <Show when=move || agent.with(|a| matches!(a, Some(Ok(_))))>
                <div class="page-head">
                    <h1 node_ref=heading tabindex="-1">{name}</h1>
                    <div class="actions">
                        <DeployToggle agent on_changed=refresh />
                        <a class="button secondary" href=agent_edit_href(&stored_id.get_value())>"Edit in the builder"</a>
                    </div>
                </div>
                {move || agent.get().and_then(Result::ok).map(|a| view! { <Details agent=a on_replaced=refresh /> })}
                <WhatTheModelSees served agent on_replaced=refresh />
                <section class="card" aria-labelledby="use-heading">
                    <h2 id="use-heading">"Use this agent from an MCP client"</h2>
                    <p class="muted small">"Any MCP client can call the agent's tools at this address, with an access token of the agent."</p>
                    <Endpoint endpoint />
                    <Tokens agent_id=stored_id.get_value() shown=shown_token />
                    <SetupTabs name endpoint token=shown_token />
                </section>
                <Activity of=CallsOf::Agent id=stored_id.get_value() />
            </Show>
        </section>
    }
}

/// What the agent is: status, model, instructions, its tools and their status.
#[component]
fn Details(agent: Agent, on_replaced: Callback<()>) -> impl IntoView {
    let model = agent.model_id.clone().or_else(|| agent.output.as_ref().and_then(|o| o.model_id.clone()));
    view! {
        <section class="card" aria-labelledby="agent-details-heading">
            <h2 id="agent-details-heading">"Details"</h2>
            <dl class="facts">
                <dt>"Status"</dt><dd><StatusBadge status=Signal::stored(agent.status) /></dd>
                <dt>"Model"</dt><dd><code>{model.unwrap_or_else(|| "none".into())}</code></dd>
                <dt>"Created"</dt><dd><time datetime=agent.created_at.clone()>{local_time(&agent.created_at)}</time></dd>
                <dt>"Updated"</dt><dd><time datetime=agent.updated_at.clone()>{local_time(&agent.updated_at)}</time></dd>
            </dl>
            <h3>"Instructions"</h3>
            <p class="instructions">{agent.instructions}</p>
            <h3>"Tools"</h3>
            <AgentTools tools=agent.tools on_replaced />
            {agent.status_reason.map(|r| view! { <p class="warn-note agent-warning">"Warning: "{r}</p> })}
        </section>
    }
}
