//! Tools: every MCP connector, with its status.

use crate::api::{ApiClient, ApiError};
use leptos::prelude::*;
use patchbay_wire::ToolList;

#[component]
pub fn ToolsPage() -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let tools = LocalResource::new(move || {
        let api = api.clone();
        async move { api.get::<ToolList>("/v1/flow/tools").await }
    });
    view! {
        <section class="page">
            <h1>"Tools"</h1>
            <p class="lead">"MCP servers your agents can call."</p>
            <Suspense fallback=|| view! { <p class="muted">"Loading tools…"</p> }>
                {move || tools.get().map(|r: Result<ToolList, ApiError>| match r {
                    Ok(list) if list.data.is_empty() => view! {
                        <p class="empty">"No MCP servers yet."</p>
                    }.into_any(),
                    Ok(list) => view! {
                        <ul class="tool-list">
                            {list.data.into_iter().map(|t| view! { <li>{t.name}</li> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}
