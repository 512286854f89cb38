//! Deploying and stopping an agent from its page: only a deployed agent answers MCP
//! clients, so the page that shows how to connect one also says whether it will answer.

use crate::api::{ApiError, use_api};
use leptos::prelude::*;
use leptos::task::spawn_local;
use patchbay_wire::{Agent, AgentStatus};

/// "Deploy" for a stopped agent, "Stop serving" for a deployed one; the gateway's refusal,
/// if any, in words beside it.
#[component]
pub fn DeployToggle(
    agent: RwSignal<Option<Result<Agent, ApiError>>>,
    /// Reads the agent and what it serves again.
    on_changed: Callback<()>,
) -> impl IntoView {
    let api = use_api();
    let busy = RwSignal::new(false);
    let refused = RwSignal::new(None::<String>);
    let status = move || agent.with(|a| a.as_ref().and_then(|a| a.as_ref().ok()).map(|a| (a.id.clone(), a.status)));
    let toggle = move |_| {
        let Some((id, now)) = status() else { return };
        busy.set(true);
        refused.set(None);
        spawn_local(async move {
            let done = if now == AgentStatus::Active { api.stop_agent(&id).await } else { api.deploy_agent(&id).await };
            match done {
                Ok(changed) => {
                    agent.try_set(Some(Ok(changed)));
                    on_changed.run(());
                }
                // The page was left: nothing to show.
                Err(ApiError::Cancelled) => return,
                Err(e) => _ = refused.try_set(Some(e.to_string())),
            }
            busy.try_set(false);
        });
    };
    let deployed = move || status().is_some_and(|(_, s)| s == AgentStatus::Active);
    view! {
        <button type="button" class=move || if deployed() { "secondary" } else { "" }
            disabled=move || busy.get() on:click=toggle>
            {move || match (busy.get(), deployed()) {
                (true, _) => "Saving…",
                (false, true) => "Stop serving",
                (false, false) => "Deploy",
            }}
        </button>
        {move || refused.get().map(|r| view! { <p class="error" role="alert">{r}</p> })}
    }
}
