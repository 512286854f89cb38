//! "What the model sees": the namespaced tools the agent's endpoint serves right now, with
//! their descriptions, and each linked connector that gives nothing, with why (and Replace
//! for a failed one).

use crate::api::ApiError;
use crate::app::tool_href;
use crate::components::StatusBadge;
use crate::components::agent_replace::ReplaceButton;
use leptos::prelude::*;
use patchbay_wire::{Agent, AgentMcpTools, IdleConnector, ServedTool, ToolStatus};

#[component]
pub fn WhatTheModelSees(
    /// The page's latest read of `.../mcp/tools`.
    served: RwSignal<Option<Result<AgentMcpTools, ApiError>>>,
    /// The agent, for the failed tools' sign-in mode (Replace needs it).
    agent: RwSignal<Option<Result<Agent, ApiError>>>,
    /// Called once a failed tool is replaced.
    on_replaced: Callback<()>,
) -> impl IntoView {
    view! {
        <section class="card served" aria-labelledby="served-heading">
            <h2 id="served-heading">"What the model sees"</h2>
            {move || match served.get() {
                None => view! { <p class="muted">"Asking the gateway…"</p> }.into_any(),
                Some(Err(e)) if e.status() == Some(404) => view! {
                    <p class="muted">"This gateway does not serve agents over MCP."</p>
                }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                Some(Ok(s)) => served_view(s, agent, on_replaced).into_any(),
            }}
        </section>
    }
}

fn served_view(
    s: AgentMcpTools,
    agent: RwSignal<Option<Result<Agent, ApiError>>>,
    on_replaced: Callback<()>,
) -> impl IntoView {
    let count = match s.tools.len() {
        0 => "No tools right now.".to_string(),
        1 => "1 tool, under these names:".to_string(),
        n => format!("{n} tools, under these names:"),
    };
    view! {
        {(!s.serving).then(|| view! {
            <p class="warn-note">"Not serving: only a deployed agent answers MCP clients. Deploy it to use it."</p>
        })}
        <p role="status">{count}</p>
        {(!s.tools.is_empty()).then(|| view! {
            <ul class="served-tools">{s.tools.into_iter().map(served_tool).collect_view()}</ul>
        })}
        {(!s.idle.is_empty()).then(|| view! {
            <h3>"Giving no tools"</h3>
            <ul class="idle-connectors">
                {s.idle.into_iter().map(|c| idle_connector(c, agent, on_replaced)).collect_view()}
            </ul>
        })}
    }
}

fn served_tool(t: ServedTool) -> impl IntoView {
    let key = t.name.clone();
    view! {
        <li data-served=key>
            <code class="served-name">{t.name}</code>
            {t.title.map(|title| view! { " " <span>{title}</span> })}
            {t.description.map(|d| view! { <p class="muted small">{d}</p> })}
        </li>
    }
}

fn idle_connector(
    c: IdleConnector,
    agent: RwSignal<Option<Result<Agent, ApiError>>>,
    on_replaced: Callback<()>,
) -> impl IntoView {
    // Replace needs the connector itself (its sign-in mode); the agent lists it.
    let tool = (c.status == ToolStatus::Failed)
        .then(|| agent.with_untracked(|a| a.as_ref()?.as_ref().ok()?.tools.iter().find(|t| t.id == c.tool_id).cloned()))
        .flatten();
    let key = c.name.clone();
    view! {
        <li class="idle" data-idle=key>
            <a href=tool_href(&c.tool_id)>{c.name}</a>" "
            <StatusBadge status=Signal::stored(c.status) />
            <p class="idle-reason">{c.reason}</p>
            {tool.map(|tool| view! { <ReplaceButton tool on_done=on_replaced /> })}
        </li>
    }
}
