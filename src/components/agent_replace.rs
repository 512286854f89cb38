//! "Replace" for a failed tool (on the Agents page, and wherever a failed tool shows):
//! the gateway creates a connector like it (same name, description, URL and sign-in;
//! the secret is asked again), the person signs in, and once the new one is active the
//! gateway moves every agent to it and deletes the old one. Leaving halfway changes nothing.

use crate::api::{ApiError, use_api};
use crate::components::SignInLink;
use crate::hooks::{use_auth_events, use_poll};
use crate::signin;
use leptos::prelude::*;
use leptos::task::spawn_local;
use patchbay_wire::{AuthMode, ReplaceTool, Tool, ToolStatus};

/// A "Replace" button for a failed tool, with what follows it: the secret again (own
/// OAuth client), the sign-in popup, and a wait until the new tool is active.
#[component]
pub fn ReplaceButton(
    /// The failed tool.
    tool: Tool,
    /// Called once the swap is done, so the list reloads and shows the new tool.
    on_done: Callback<()>,
) -> impl IntoView {
    let api = use_api();
    let needs_secret = tool.auth_mode == Some(AuthMode::OauthClient);
    let signs_in = matches!(tool.auth_mode, Some(AuthMode::OauthDynamic | AuthMode::OauthClient));
    let asking = RwSignal::new(false);
    let secret = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let waiting = RwSignal::new(None::<Tool>);
    let id = tool.id.clone();
    let start = Callback::new(move |()| {
        // Opened inside the click, or the browser blocks it; sent to the sign-in page once known.
        let popup = if signs_in { signin::open_blank() } else { None };
        let body = ReplaceTool { client_id: None, client_secret: needs_secret.then(|| secret.get_untracked()) };
        let id = id.clone();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api.replace_tool(&id, &body).await {
                Ok(r) if r.swapped => {
                    if let Some(p) = popup {
                        signin::discard(p);
                    }
                    on_done.run(());
                }
                Ok(r) => {
                    match (popup, r.tool.config.authorization_url.as_deref()) {
                        (Some(p), Some(url)) => _ = signin::send_to(p, &r.tool.id, url),
                        (Some(p), None) => signin::discard(p),
                        _ => {}
                    }
                    waiting.try_set(Some(r.tool));
                }
                Err(e) => {
                    if let Some(p) = popup {
                        signin::discard(p);
                    }
                    error.try_set(Some(e.to_string()));
                    busy.try_set(false);
                }
            }
        });
    });
    let name = tool.name.clone();
    let secret_id = format!("replace-secret-{}", tool.id);
    view! {
        <span class="replace">
            {move || match waiting.get() {
                Some(new) => view! { <ReplaceWaiting tool=new on_done /> }.into_any(),
                None if asking.get() => view! {
                    <span class="replace-secret">
                        <label for=secret_id.clone()>"Client secret (asked again: the gateway never shows it back)"</label>
                        <input id=secret_id.clone() type="password" autocomplete="off"
                            prop:value=move || secret.get() on:input=move |ev| secret.set(event_target_value(&ev)) />
                        <button type="button" class="small" disabled=move || busy.get() on:click=move |_| start.run(())>
                            "Replace and sign in"
                        </button>
                        <button type="button" class="small secondary" on:click=move |_| asking.set(false)>"Cancel"</button>
                    </span>
                }.into_any(),
                None => {
                    view! {
                        <button type="button" class="small" aria-label=format!("Replace {}", name)
                            disabled=move || busy.get()
                            on:click=move |_| if needs_secret { asking.set(true) } else { start.run(()) }>
                            "Replace"
                        </button>
                    }.into_any()
                }
            }}
            {move || error.get().map(|e| view! { <span class="error" role="alert">{e}</span> })}
        </span>
    }
}

/// While the new tool waits for sign-in: the way to sign in, and a poll until it is active.
#[component]
fn ReplaceWaiting(tool: Tool, on_done: Callback<()>) -> impl IntoView {
    let api = use_api();
    let status = RwSignal::new(tool.status);
    let reason = RwSignal::new(None::<String>);
    let id = tool.id.clone();
    let poll = use_poll(move || {
        let id = id.clone();
        async move {
            let t = match api.tool(&id).await {
                Ok(t) => t,
                Err(e) => return e != ApiError::Cancelled,
            };
            status.try_set(t.status);
            reason.try_set(t.status_reason);
            if t.status == ToolStatus::Active {
                // The gateway swaps on its side; reloading the list reads the result.
                on_done.run(());
            }
            !t.status.is_final()
        }
    });
    use_auth_events(Some(tool.id.clone()), move |_| poll.kick.run(()));
    let url = tool.config.authorization_url.clone().unwrap_or_default();
    view! {
        <span class="replace-waiting" role="status">
            {move || match status.get() {
                ToolStatus::Failed => format!(
                    "The replacement failed too: {} Nothing was changed.",
                    reason.get().unwrap_or_default()
                ),
                _ => "Sign in to finish: once the new tool is active, its agents switch to it and the failed one \
                      is deleted. Until then nothing changes."
                    .to_string(),
            }}
            {(!url.is_empty()).then(|| view! { " "<SignInLink url=url prominent=true /> })}
        </span>
    }
}
