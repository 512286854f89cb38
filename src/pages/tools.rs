//! Tools: every MCP connector with its status, kept current while any sign-in is pending.

mod row;

use crate::api::{ApiError, use_api};
use crate::hooks::{use_auth_events, use_now, use_poll};
use crate::text::{contains_lowercased, lowercase};
use leptos::prelude::*;
use patchbay_wire::{Tool, ToolStatus};
use row::ToolRow;
use std::time::Duration;

#[component]
pub fn ToolsPage() -> impl IntoView {
    let api = use_api();
    // The poller owns the list (rather than a Resource) so updates land in place,
    // without a loading state flashing every two seconds.
    let list = RwSignal::new(None::<Result<Vec<Tool>, ApiError>>);
    let poll = use_poll(move || {
        async move {
            let answer = api.list_tools().await.map(|l| l.data);
            if matches!(answer, Err(ApiError::Cancelled)) {
                return false;
            }
            let pending = answer.as_ref().is_ok_and(|ts| ts.iter().any(|t| !t.status.is_final()));
            // A failed read keeps polling: the gateway may be restarting.
            let keep_waiting = pending || answer.is_err();
            list.try_set(Some(answer));
            keep_waiting
        }
    });
    // Any tool's sign-in may change a row.
    let kick = poll.kick;
    use_auth_events(None, move |_| kick.run(()));
    let now = use_now(Duration::from_secs(1));
    let query = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let shown = Memo::new(move |_| {
        let q = lowercase(query.get().trim());
        let s = status.get().parse::<ToolStatus>().ok();
        list.with(|l| match l {
            Some(Ok(ts)) => ts
                .iter()
                .filter(|t| s.is_none_or(|s| t.status == s) && contains_lowercased(&t.name, &q))
                .cloned()
                .collect(),
            _ => Vec::new(),
        })
    });
    let clear = move |_| {
        query.set(String::new());
        status.set(String::new());
    };

    view! {
        <section class="page">
            <div class="page-head">
                <div>
                    <h1>"Tools"</h1>
                    <p class="lead">"MCP servers your agents can call."</p>
                </div>
                <a class="button" href="/tools/new">"Add an MCP server"</a>
            </div>
            {move || match list.get() {
                None => view! { <p class="muted">"Loading tools…"</p> }.into_any(),
                Some(Err(e)) => view! {
                    <div class="error" role="alert">
                        <p>{e.to_string()}</p>
                        <button type="button" class="secondary" on:click=move |_| poll.kick.run(())>"Try again"</button>
                    </div>
                }.into_any(),
                Some(Ok(ts)) if ts.is_empty() => view! { <EmptyState /> }.into_any(),
                Some(Ok(_)) => view! {
                    <div class="filters" role="search">
                        <div class="field">
                            <label for="tool-search">"Search by name"</label>
                            <input id="tool-search" type="search" prop:value=move || query.get()
                                on:input=move |ev| query.set(event_target_value(&ev)) />
                        </div>
                        <div class="field">
                            <label for="tool-status">"Status"</label>
                            <select id="tool-status" prop:value=move || status.get()
                                on:change=move |ev| status.set(event_target_value(&ev))>
                                <option value="">"All"</option>
                                {ToolStatus::ALL.iter().map(|s| view! { <option value=s.as_str()>{s.label()}</option> }).collect_view()}
                            </select>
                        </div>
                    </div>
                    <p class="muted small" role="status">{move || count_sentence(shown.with(Vec::len), list.with(|l| l.as_ref().map_or(0, |l| l.as_ref().map_or(0, Vec::len))))}</p>
                    <Show when=move || !shown.with(Vec::is_empty)
                        fallback=move || view! {
                            <div class="empty">
                                <p>"No tools match the search or the status chosen."</p>
                                <button type="button" class="secondary" on:click=clear>"Show all tools"</button>
                            </div>
                        }>
                        <ul class="tool-list">
                            <For each=move || shown.get() key=|t| (t.id.clone(), t.updated_at.clone(), t.status) let:tool>
                                <ToolRow tool now />
                            </For>
                        </ul>
                    </Show>
                }.into_any(),
            }}
        </section>
    }
}

fn count_sentence(shown: usize, total: usize) -> String {
    match (shown, total) {
        (s, t) if s == t => format!("{t} tool{}", if t == 1 { "" } else { "s" }),
        (s, t) => format!("Showing {s} of {t} tools"),
    }
}

/// What a first-time visitor sees: what this is for and the one next step.
#[component]
fn EmptyState() -> impl IntoView {
    view! {
        <div class="empty first-run">
            <p class="empty-title">"No MCP servers yet."</p>
            <p>"Connect a remote MCP server and your agents can use its tools. You need the server's address; \
               if it asks you to sign in, Patchbay opens the sign-in page for you."</p>
            <a class="button big" href="/tools/new">"Add an MCP server"</a>
        </div>
    }
}
