//! What an active MCP server offers: each tool's name, description and input parameters.

use crate::api::use_api;
use crate::format::params;
use leptos::prelude::*;
use patchbay_wire::McpServerTool;

/// Lists the server's tools, read once from the gateway (which asks the server itself).
#[component]
pub fn ServerTools(
    /// The connector's id.
    tool_id: String,
) -> impl IntoView {
    let api = use_api();
    let tools = LocalResource::new(move || {
        let id = tool_id.clone();
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
                        <ul class="server-tool-list">{list.into_iter().map(server_tool).collect_view()}</ul>
                    }.into_any(),
                    Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

fn server_tool(t: McpServerTool) -> impl IntoView {
    let params = params(&t.input_schema);
    view! {
        <li class="card server-tool">
            <h3><code>{t.name}</code></h3>
            {t.description.map(|d| view! { <p>{d}</p> })}
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
        </li>
    }
}
