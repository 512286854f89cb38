//! The agent's MCP endpoint and its access tokens: create one (named; its secret shown this
//! once, with a copy button and a plain warning), list them (created, last used, kept
//! current while the page is open), revoke.

use crate::api::{ApiError, use_api};
use crate::components::{CopyButton, TextField};
use crate::format::local_time;
use crate::hooks::use_poll;
use crate::refusal::Refusal;
use leptos::prelude::*;
use leptos::task::spawn_local;
use patchbay_wire::{AgentToken, AgentTokenList, CreateAgentToken, CreatedAgentToken};

const NAME: &str = "name";

/// The endpoint URL with its copy button.
#[component]
pub fn Endpoint(
    /// The URL, once the gateway said it.
    endpoint: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <h3>"Endpoint"</h3>
        {move || match endpoint.get() {
            Some(url) => view! { <CopyButton text=url what="endpoint URL" /> }.into_any(),
            None => view! { <p class="muted">"Asking the gateway for the address…"</p> }.into_any(),
        }}
    }
}

#[component]
pub fn Tokens(
    agent_id: String,
    /// The token just created, while its secret is on screen (the set-up tabs use it too).
    shown: RwSignal<Option<CreatedAgentToken>>,
) -> impl IntoView {
    let api = use_api();
    let id = StoredValue::new(agent_id);
    // Polled while the page is open, so "Last used" moves when a client calls.
    let list = RwSignal::new(None::<Result<AgentTokenList, ApiError>>);
    let poll = use_poll(move || async move {
        let read = api.agent_tokens(&id.get_value()).await;
        if read == Err(ApiError::Cancelled) {
            return false;
        }
        if list.with_untracked(|l| l.as_ref() != Some(&read)) {
            list.try_set(Some(read));
        }
        true
    });
    let reload = poll.kick;
    // What the section shows, apart from the rows: rebuilt only when this changes.
    let shape = Memo::new(move |_| {
        list.with(|l| l.as_ref().map(|r| r.as_ref().map(|l| !l.data.is_empty()).map_err(ToString::to_string)))
    });
    view! {
        <h3>"Access tokens"</h3>
        <p class="muted small">"Each MCP client sends one as \"Authorization: Bearer <token>\". Give each client its own, so you can revoke one alone."</p>
        <CreateToken agent_id=id.get_value() shown on_created=reload />
        {move || shown.get().map(|t| view! {
            <div class="token-once warn-note" role="alert">
                <p><strong>{format!("Copy the token \"{}\" now: it will not be shown again.", t.name)}</strong>
                    " Anyone who has it can call this agent's tools. The set-up below includes it until you hide it."</p>
                <CopyButton text=t.token.clone() what="access token" />
                <button type="button" class="secondary small" on:click=move |_| shown.set(None)>"I have copied it; hide it"</button>
            </div>
        })}
        {move || match shape.get() {
                None => view! { <p class="muted">"Loading tokens…"</p> }.into_any(),
                Some(Ok(false)) => view! { <p class="muted">"No tokens yet: no MCP client can use this agent."</p> }.into_any(),
                Some(Ok(true)) => view! {
                    <table class="tokens">
                        <caption class="visually-hidden">"Access tokens"</caption>
                        <thead><tr>
                            <th scope="col">"Name"</th><th scope="col">"Created"</th><th scope="col">"Last used"</th>
                            <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                        </tr></thead>
                        // Keyed by last use: a row is rebuilt only when its own token changed, so a
                        // revoke being confirmed in another row is left alone.
                        <tbody><For each=move || list.with(|l| l.as_ref().and_then(|l| l.as_ref().ok()).map(|l| l.data.clone()).unwrap_or_default())
                            key=|t| (t.id.clone(), t.last_used_at.clone()) let:t>
                            <TokenRow agent_id=id.get_value() token=t on_revoked=reload />
                        </For></tbody>
                    </table>
                }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
            }}
    }
}

/// "Create access token": a name, then the secret shown once.
#[component]
fn CreateToken(
    agent_id: String,
    shown: RwSignal<Option<CreatedAgentToken>>,
    on_created: Callback<()>,
) -> impl IntoView {
    let api = use_api();
    let name = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let refused = RwSignal::new(None::<Refusal>);
    let reveal = RwSignal::new(false);
    let own = move |v: &str| v.trim().is_empty().then(|| "Name the token after who or what will use it.".to_string());
    let error = Signal::derive(move || {
        name.with(|v| own(v).or_else(|| refused.with(|r| r.as_ref().and_then(|r| r.at(NAME, v)))))
    });
    let general = move || refused.with(|r| r.as_ref().and_then(|r| r.general.clone()));
    let id = StoredValue::new(agent_id);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        reveal.set(true);
        if busy.get_untracked() || error.get_untracked().is_some() {
            return;
        }
        let body = CreateAgentToken { name: name.get_untracked().trim().to_string() };
        busy.set(true);
        refused.set(None);
        spawn_local(async move {
            match api.create_agent_token(&id.get_value(), &body).await {
                Ok(created) => {
                    shown.set(Some(created));
                    name.set(String::new());
                    reveal.set(false);
                    on_created.run(());
                }
                Err(ApiError::Cancelled) => return,
                Err(e) => refused.set(Some(Refusal::new(&e, &[NAME], |_| name.get_untracked()))),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="create-token" novalidate on:submit=submit>
            <TextField id="token-name" label="Token name" value=name error reveal
                hint="Who or what will use it, like \u{201c}Claude Code on my laptop\u{201d}." />
            <p class="error" role="alert" hidden=move || general().is_none()>{general}</p>
            <button type="submit" disabled=move || busy.get()>
                {move || if busy.get() { "Creating…" } else { "Create access token" }}
            </button>
        </form>
    }
}

#[component]
fn TokenRow(agent_id: String, token: AgentToken, on_revoked: Callback<()>) -> impl IntoView {
    let api = use_api();
    let confirming = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let ids = StoredValue::new((agent_id, token.id.clone()));
    let revoke = move |_| {
        let (agent, token) = ids.get_value();
        spawn_local(async move {
            match api.revoke_agent_token(&agent, &token).await {
                Ok(_) => on_revoked.run(()),
                Err(ApiError::Cancelled) => {}
                Err(e) => _ = error.try_set(Some(e.to_string())),
            }
        });
    };
    let name = token.name.clone();
    let (key, label) = (token.name.clone(), format!("Revoke {}", token.name));
    view! {
        <tr data-token=key>
            <td>{token.name.clone()}</td>
            <td><time datetime=token.created_at.clone()>{local_time(&token.created_at)}</time></td>
            <td>{match token.last_used_at {
                Some(at) => view! { <time datetime=at.clone()>{local_time(&at)}</time> }.into_any(),
                None => view! { <span class="muted">"Never"</span> }.into_any(),
            }}</td>
            <td>
                <Show when=move || confirming.get()
                    fallback=move || view! {
                        <button type="button" class="secondary small" aria-label=label.clone()
                            on:click=move |_| confirming.set(true)>"Revoke"</button>
                    }>
                    <span role="status">{format!("Revoke \"{name}\"? Clients using it are refused at once.")}</span>" "
                    <button type="button" class="danger small" on:click=revoke>"Revoke token"</button>" "
                    <button type="button" class="secondary small" on:click=move |_| confirming.set(false)>"Keep it"</button>
                </Show>
                {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            </td>
        </tr>
    }
}
