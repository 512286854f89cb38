//! What an active MCP server offers: each tool's title, description, hints in plain words
//! and input parameters, with "Try it" to call it by hand.

use crate::api::use_api;
use crate::format::{hint_words, params};
use crate::try_it::{self, TryItView};
use leptos::prelude::*;
use leptos::task::spawn_local;
use patchbay_wire::McpServerTool;

/// Lists the server's tools, read once from the gateway (which asks the server itself).
#[component]
pub fn ServerTools(
    /// The connector's id.
    tool_id: String,
    /// Called after each call made from a "Try it" form.
    on_ran: Callback<()>,
) -> impl IntoView {
    let api = use_api();
    let id = StoredValue::new(tool_id);
    let tools = LocalResource::new(move || {
        let id = id.get_value();
        async move { api.server_tools(&id).await }
    });
    view! {
        <section class="server-tools" aria-labelledby="server-tools-heading">
            <h2 id="server-tools-heading">"What this server offers"</h2>
            <Suspense fallback=|| view! { <p class="muted">"Asking the server for its tools…"</p> }>
                {move || tools.get().map(|answer| match answer {
                    Ok(list) if list.is_empty() => view! {
                        <p class="muted">"The server offers no tools right now."</p>
                    }.into_any(),
                    Ok(list) => view! {
                        <ul class="server-tool-list">
                            {list.into_iter().enumerate().map(|(i, t)| view! {
                                <ServerTool tool=t tool_id=id.get_value() index=i on_ran />
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

/// One of the server's tools, and its "Try it" panel (built when opened).
#[component]
fn ServerTool(tool: McpServerTool, tool_id: String, index: usize, on_ran: Callback<()>) -> impl IntoView {
    let params = params(&tool.input_schema);
    let hints = tool.annotations.as_ref().map(hint_words).unwrap_or_default();
    let title = tool.title.clone().or_else(|| tool.annotations.as_ref().and_then(|a| a.title.clone()));
    let open = RwSignal::new(false);
    // The form's code is fetched on the first open; `Some(None)` means it could not be.
    let code = RwSignal::new(None::<Option<TryItView>>);
    let fetch = move || {
        code.set(None);
        spawn_local(async move {
            code.try_set(Some(try_it::load().await.ok()));
        });
    };
    let toggle = move |_| {
        open.update(|o| *o = !*o);
        if open.get_untracked() && !matches!(code.get_untracked(), Some(Some(_))) {
            fetch();
        }
    };
    let panel_id = format!("try-panel-{index}");
    let name = tool.name.clone();
    let stored = StoredValue::new(tool.clone());
    let tool_id = StoredValue::new(tool_id);
    view! {
        <li class="card server-tool" data-tool-name=tool.name.clone()>
            <h3>
                {title.clone().unwrap_or_else(|| tool.name.clone())}
                {title.is_some().then(|| view! { " " <code class="muted">{tool.name.clone()}</code> })}
            </h3>
            {tool.description.clone().map(|d| view! { <p class="tool-description">{d}</p> })}
            {(!hints.is_empty()).then(|| view! {
                <ul class="hints" aria-label="Hints from the server (not guarantees)">
                    {hints.into_iter().map(|h| view! { <li>{h}</li> }).collect_view()}
                </ul>
            })}
            {if params.is_empty() {
                view! { <p class="muted small">"No input parameters."</p> }.into_any()
            } else {
                view! {
                    <dl class="params">
                        {params.into_iter().map(|p| view! {
                            <dt><code>{p.name}</code>" "<span class="muted">{p.kind}</span>
                                {p.required.then(|| view! { " " <span class="req">"required"</span> })}</dt>
                            <dd>{p.description.unwrap_or_default()}</dd>
                        }).collect_view()}
                    </dl>
                }.into_any()
            }}
            <button type="button" class="secondary" aria-expanded=move || open.get().to_string()
                aria-controls=panel_id.clone() aria-label=format!("Try it: {name}")
                on:click=toggle>
                "Try it"
            </button>
            <div id=panel_id class="try-panel" hidden=move || !open.get()>
                {move || open.get().then(|| match code.get() {
                    Some(Some(form)) => form(tool_id.get_value(), stored.get_value(), on_ran),
                    Some(None) => view! {
                        <div class="error" role="alert">
                            <p>"The form could not be downloaded: you may be offline, or a new version of Patchbay \
                                is being deployed. Check your connection, then try again."</p>
                            <button type="button" class="secondary small" on:click=move |_| fetch()>"Try again"</button>
                        </div>
                    }.into_any(),
                    None => view! { <p class="muted" role="status">"Loading the form…"</p> }.into_any(),
                })}
            </div>
        </li>
    }
}
