//! Settings: which gateway this app talks to (same origin by default), its API key, the
//! OAuth redirect URI to register with providers, and a connection test. When the browser
//! refuses to store them, the page says so and keeps what was typed.

use crate::api::{Api, ApiClient, ApiError, use_api};
use crate::components::{CopyButton, TextField};
use crate::router::query;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use patchbay_wire::validate::{is_loopback_host, split_url};

#[component]
pub fn SettingsPage() -> impl IntoView {
    let current = expect_context::<ApiClient>();
    let base = RwSignal::new(current.base.clone());
    let key = RwSignal::new(current.api_key.clone().unwrap_or_default());
    let just_saved = query("saved").is_some();
    let base_error = Signal::derive(move || base_problem(&base.get()));
    let form = move || ApiClient {
        base: base.get_untracked().trim().trim_end_matches('/').to_string(),
        api_key: Some(key.get_untracked().trim().to_string()).filter(|k| !k.is_empty()),
    };
    let needs_key = move || split_url(base.get().trim()).is_some_and(|u| !is_loopback_host(u.host));
    let not_saved = RwSignal::new(None::<String>);

    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        if base_error.get_untracked().is_some() {
            return;
        }
        match form().save() {
            // Every page reads the client once at start; a reload is the honest way to switch.
            Ok(()) => {
                if let Some(w) = web_sys::window() {
                    let _ = w.location().assign("/settings?saved=1");
                }
            }
            Err(e) => not_saved.set(Some(e.to_string())),
        }
    };

    let (test, set_test) = signal(None::<Result<String, ApiError>>);
    let testing = RwSignal::new(false);
    // Its own handle, pointed at the address being tried rather than the saved one.
    let tester = use_api();
    let run_test = move |_| {
        if base_error.get_untracked().is_some() {
            return;
        }
        testing.set(true);
        set_test.set(None);
        tester.retarget(form());
        spawn_local(async move {
            set_test.set(Some(describe(tester).await));
            testing.set(false);
        });
    };

    let api = use_api();
    let info = LocalResource::new(move || api.info());

    view! {
        <section class="page narrow">
            <h1>"Settings"</h1>
            <p class="lead">"This app talks to the gateway at "<code>{expect_context::<ApiClient>().base_label()}</code>"."</p>
            {just_saved.then(|| view! { <p class="ok-note" role="status">"Saved. The app now uses these settings."</p> })}
            <form class="card" novalidate on:submit=save>
                <p class="error not-saved" role="alert" hidden=move || not_saved.with(Option::is_none)>{not_saved}</p>
                <h2>"Gateway"</h2>
                <TextField id="gateway-url" label="Gateway base URL" kind="url" value=base error=base_error
                    hint="Leave empty to use the gateway that serves this page. Or a SeekrFlow-compatible address, like https://flow.seekr.com." />
                <TextField id="api-key" label="API key" kind="password" value=key
                    hint="Needed only for a gateway on another computer. Kept in this browser's storage, sent with every request." />
                <p class="warn-note" hidden=move || !needs_key() || !key.get().trim().is_empty()>
                    "A gateway on another computer usually needs an API key."
                </p>
                <div class="actions">
                    <button type="submit">"Save"</button>
                    <button type="button" class="secondary" on:click=run_test disabled=move || testing.get()>
                        {move || if testing.get() { "Testing…" } else { "Test connection" }}
                    </button>
                </div>
                <div role="status" class="test-result">
                    {move || test.get().map(|r| match r {
                        Ok(found) => view! { <p class="ok-note">{found}</p> }.into_any(),
                        Err(e) => view! { <p class="error">{e.to_string()}</p> }.into_any(),
                    })}
                </div>
            </form>
            <section class="card" aria-labelledby="redirect-heading">
                <h2 id="redirect-heading">"Redirect URI"</h2>
                <p>"Register this with OAuth providers that have no automatic registration."</p>
                <Suspense fallback=|| view! { <p class="muted">"Asking the gateway…"</p> }>
                    {move || info.get().map(|r| match r {
                        Ok(i) => view! { <CopyButton text=i.redirect_uri what="redirect URI" /> }.into_any(),
                        Err(_) => view! { <p class="muted">"This gateway does not report one; see your SeekrFlow account settings."</p> }.into_any(),
                    })}
                </Suspense>
            </section>
        </section>
    }
}

/// Empty (same origin) or an http(s) address.
fn base_problem(value: &str) -> Option<String> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    match split_url(v) {
        Some(u) if (u.scheme == "https" || u.scheme == "http") && !u.host.is_empty() => None,
        _ => Some("Enter an address starting with https:// (or http:// for this computer), or leave it empty.".into()),
    }
}

/// What is at the address: a Patchbay gateway, another SeekrFlow-compatible one, or an error.
async fn describe(api: Api) -> Result<String, ApiError> {
    let client = api.client();
    match api.info().await {
        Ok(i) => Ok(format!(
            "Connected to {} {} at {}. Sign-ins have {} minutes to finish.",
            i.name,
            i.version,
            client.base_label(),
            i.authorization_window_seconds / 60
        )),
        Err(e) if e.status() == Some(404) => {
            let list = api.list_tools().await?;
            Ok(format!(
                "Connected to a SeekrFlow-compatible gateway at {}; it holds {} tools.",
                client.base_label(),
                list.total
            ))
        }
        Err(e) => Err(e),
    }
}
