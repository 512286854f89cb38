//! One tool: its status (live while pending), details, the server's tools (each can be
//! tried), its recent calls, and editing and deleting it.

mod delete;
mod edit;
mod status;

use crate::components::ServerTools;
use crate::components::activity::{Activity, CallsOf};
use crate::format::{auth_mode_label, local_time, transport_label};
use crate::hooks::{UseToolStatusReturn, use_tool_status};
use delete::DeleteTool;
use edit::EditDetails;
use leptos::html;
use leptos::prelude::*;
use patchbay_wire::ToolStatus;
use status::StatusPanel;

#[component]
pub fn ToolPage() -> impl IntoView {
    // The app builds this page anew for each id, so moving between tools restarts the
    // watcher cleanly.
    let id = crate::router::route_id().unwrap_or_default();
    view! { <ToolView id /> }
}

#[component]
fn ToolView(id: String) -> impl IntoView {
    let UseToolStatusReturn { tool, error, auth_result, refresh } = use_tool_status(id.clone());
    let heading = NodeRef::<html::H1>::new();
    // Arriving here right after "Add": put the reader at the top of what changed.
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        match heading.get() {
            Some(h) if tool.with(Option::is_some) => h.focus().is_ok(),
            _ => false,
        }
    });
    let active = Memo::new(move |_| tool.with(|t| t.as_ref().is_some_and(|t| t.status == ToolStatus::Active)));
    // Each call tried here shows in the activity list at once.
    let calls_made = RwSignal::new(0u32);
    let on_ran = Callback::new(move |()| calls_made.update(|n| *n += 1));

    view! {
        <section class="page">
            <p class="crumbs"><a href="/tools">"Tools"</a></p>
            {move || match (tool.get(), error.get()) {
                (None, Some(e)) => view! {
                    <h1>"Tool"</h1>
                    <div class="error" role="alert">
                        <p>{e.to_string()}</p>
                        <p><a href="/tools">"Back to your tools"</a></p>
                    </div>
                }.into_any(),
                (None, None) => view! { <h1>"Tool"</h1><p class="muted">"Loading…"</p> }.into_any(),
                (Some(_), _) => ().into_any(),
            }}
            <Show when=move || tool.with(Option::is_some)>
                <h1 node_ref=heading tabindex="-1">{move || tool.with(|t| t.as_ref().map(|t| t.name.clone()))}</h1>
                <StatusPanel tool auth_result refresh />
                {move || error.get().map(|e| view! {
                    <p class="warn-note" role="status">"Could not refresh: "{e.to_string()}</p>
                })}
                <EditDetails tool />
                <Details tool />
                {let id = id.clone(); move || active.get().then(|| view! { <ServerTools tool_id=id.clone() on_ran /> })}
                <Activity of=CallsOf::Tool id=id.clone() refresh=calls_made />
                <DeleteTool tool />
            </Show>
        </section>
    }
}

/// What cannot change on a connector: where it points and how it connects.
#[component]
fn Details(tool: RwSignal<Option<patchbay_wire::Tool>>) -> impl IntoView {
    move || {
        tool.get().map(|t| {
            view! {
                <section class="card" aria-labelledby="details-heading">
                    <h2 id="details-heading">"Connection"</h2>
                    <dl class="facts">
                        <dt>"Server URL"</dt><dd><code>{t.config.url}</code></dd>
                        <dt>"Transport"</dt><dd>{transport_label(t.config.transport)}</dd>
                        <dt>"Sign-in"</dt><dd>{auth_mode_label(t.auth_mode)}</dd>
                        <dt>"Created"</dt><dd><time datetime=t.created_at.clone()>{local_time(&t.created_at)}</time></dd>
                        <dt>"Updated"</dt><dd><time datetime=t.updated_at.clone()>{local_time(&t.updated_at)}</time></dd>
                    </dl>
                    <p class="hint">"The URL and sign-in cannot change. To use another server or account, add a new tool and delete this one."</p>
                </section>
            }
        })
    }
}
