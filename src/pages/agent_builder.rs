//! The agent builder (`/agents/new`, `/agents/:id/edit`): name, instructions, model, optional
//! reasoning effort and temperature, and a picker of the tools that are active now,
//! kept current by polling `GET v1/flow/tools` while the page is open.

mod draft;
mod form;
mod picker;

use crate::api::{ApiError, use_api};
use crate::hooks::use_poll;
use draft::Draft;
use form::AgentForm;
use leptos::prelude::*;
use leptos::task::spawn_local;
use patchbay_wire::Tool;

#[component]
pub fn AgentBuilderPage() -> impl IntoView {
    let api = use_api();
    let id = crate::router::route_id();
    let editing = id.is_some();

    // The live tool list: polled for as long as the builder is open (the hook stops on cleanup),
    // so a tool that signs in appears and one that fails leaves while the person works.
    let tools = RwSignal::new(None::<Vec<Tool>>);
    let tools_error = RwSignal::new(None::<ApiError>);
    use_poll(move || async move {
        match api.list_tools().await {
            Ok(list) => {
                tools_error.try_set(None);
                tools.try_set(Some(list.data));
            }
            Err(ApiError::Cancelled) => return false,
            Err(e) => _ = tools_error.try_set(Some(e)),
        }
        true
    });

    // Editing starts from the stored agent; creating from an empty draft.
    let draft = RwSignal::new(if editing { None } else { Some(Ok(Draft::default())) });
    if let Some(id) = id.clone() {
        spawn_local(async move {
            let answer = api.agent(&id).await;
            draft.try_set(Some(answer.map(|a| Draft::from_agent(&a))));
        });
    }

    view! {
        <section class="page">
            <p class="crumbs"><a href="/agents">"Agents"</a></p>
            <h1>{if editing { "Edit agent" } else { "New agent" }}</h1>
            <p class="lead">"An agent follows your instructions and calls the tools you link. Only active tools can be linked."</p>
            {move || tools_error.get().map(|e| view! { <p class="error" role="alert">{e.to_string()}</p> })}
            {move || match draft.get() {
                None => view! { <p class="muted">"Loading the agent…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                Some(Ok(d)) => view! { <AgentForm draft=d id=id.clone() tools=tools.into() /> }.into_any(),
            }}
        </section>
    }
}
