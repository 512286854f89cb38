//! Ready-to-paste set-up for each MCP client, one tab each (the ARIA tabs pattern: arrow
//! keys, Home and End move between tabs; Tab goes into the panel), filled with the
//! endpoint and, while it is on screen, the new token.

use crate::components::CopyButton;
use crate::snippets::{Client, TOKEN_PLACEHOLDER, snippet};
use leptos::prelude::*;
use patchbay_wire::CreatedAgentToken;

#[component]
pub fn SetupTabs(
    /// The agent's name (the clients' name for the server is made from it).
    name: Signal<String>,
    /// The endpoint URL, once known.
    endpoint: Signal<Option<String>>,
    /// The token whose secret is on screen, if any.
    token: RwSignal<Option<CreatedAgentToken>>,
) -> impl IntoView {
    let selected = RwSignal::new(0usize);
    let count = Client::ALL.len();
    let tab_id = |i: usize| format!("setup-tab-{}", Client::ALL[i].key());
    let focus_tab = move |i: usize| {
        selected.set(i);
        let id = tab_id(i);
        request_animation_frame(move || {
            if let Some(el) = document().get_element_by_id(&id)
                && let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el)
            {
                let _ = el.focus();
            }
        });
    };
    let keydown = move |ev: leptos::ev::KeyboardEvent| {
        let now = selected.get_untracked();
        let next = match ev.key().as_str() {
            "ArrowRight" => (now + 1) % count,
            "ArrowLeft" => (now + count - 1) % count,
            "Home" => 0,
            "End" => count - 1,
            _ => return,
        };
        ev.prevent_default();
        focus_tab(next);
    };
    let text = move |client: Client| {
        let secret = token.with(|t| t.as_ref().map(|t| t.token.clone()));
        endpoint.get().map(|url| snippet(client, &name.get(), &url, secret.as_deref())).unwrap_or_default()
    };

    view! {
        <h3 id="setup-heading">"Set up a client"</h3>
        <p class="muted small">{move || if token.with(Option::is_some) {
            "These include the token you just created. Once you hide it, they show a placeholder instead.".to_string()
        } else {
            format!("Replace {TOKEN_PLACEHOLDER} with an access token (create one above to have it filled in).")
        }}</p>
        <div class="tabs">
            <div role="tablist" aria-labelledby="setup-heading" class="tablist" on:keydown=keydown>
                {Client::ALL.iter().enumerate().map(|(i, c)| view! {
                    <button type="button" role="tab" id=tab_id(i) class="tab"
                        aria-selected=move || (selected.get() == i).to_string()
                        aria-controls=format!("setup-panel-{}", c.key())
                        tabindex=move || if selected.get() == i { "0" } else { "-1" }
                        on:click=move |_| selected.set(i)>
                        {c.label()}
                    </button>
                }).collect_view()}
            </div>
            {Client::ALL.iter().enumerate().map(|(i, c)| {
                let c = *c;
                view! {
                    <div role="tabpanel" id=format!("setup-panel-{}", c.key()) class="tabpanel"
                        aria-labelledby=tab_id(i) tabindex="0" hidden=move || selected.get() != i>
                        <p>{c.where_to()}</p>
                        <CopyButton text=Signal::derive(move || text(c)) what=format!("{} set-up", c.label()) />
                    </div>
                }
            }).collect_view()}
        </div>
    }
}
