//! Add an MCP server: one form, three sign-in modes, checks as the person types. On
//! submit the sign-in popup opens (blank, inside the click) before the tool is created,
//! then goes to the gateway's authorization URL; the tool's page takes it from there.

mod draft;
mod mode_choice;

use crate::api::{ApiError, use_api};
use crate::app::tool_href;
use crate::components::{DescriptionHint, TextField};
use crate::router::{navigate, query};
use crate::signin;
use draft::{CLIENT_ID, CLIENT_SECRET, DESCRIPTION, Draft, NAME, URL};
use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use mode_choice::{ModeChoice, RedirectUri};
use patchbay_wire::{AuthMode, ToolStatus};

#[component]
pub fn AddToolPage() -> impl IntoView {
    let api = use_api();
    let draft = Draft::from_query(query);
    let again = !draft.name.get_untracked().is_empty();
    let reveal = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let refs: [NodeRef<html::Input>; 5] = Default::default();
    let description_ref = NodeRef::<html::Textarea>::new();
    let alert_ref = NodeRef::<html::Div>::new();

    let focus_field = move |field: &str| {
        let _ = match field {
            DESCRIPTION => description_ref.get_untracked().map(|el| el.focus()),
            f => draft::FIELDS.iter().position(|x| *x == f).and_then(|i| refs[i].get_untracked()).map(|el| el.focus()),
        };
    };

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        reveal.set(true);
        if busy.get_untracked() {
            return;
        }
        if let Some(field) = draft.first_invalid() {
            focus_field(field);
            return;
        }
        let mode = draft.mode.get_untracked();
        // Must happen now, inside the click: after the `await` the browser would block it.
        let popup = (mode != AuthMode::None).then(signin::open_blank).flatten();
        let body = draft.request();
        busy.set(true);
        spawn_local(async move {
            match api.create_tool(&body, mode).await {
                Ok(tool) => {
                    match (popup, tool.config.authorization_url.as_deref()) {
                        (Some(p), Some(url)) if tool.status == ToolStatus::PendingAuthorization => {
                            signin::send_to(p, &tool.id, url);
                        }
                        (Some(p), _) => signin::discard(p),
                        _ => {}
                    }
                    draft.client_secret.set(String::new());
                    navigate(&tool_href(&tool.id));
                }
                Err(e) => {
                    if let Some(p) = popup {
                        signin::discard(p);
                    }
                    // The person left the page: nothing is there to show the refusal in.
                    if e == ApiError::Cancelled {
                        return;
                    }
                    busy.set(false);
                    match draft.refuse(&e) {
                        Some(f) => focus_field(f),
                        None => {
                            if let Some(el) = alert_ref.get_untracked() {
                                let _ = el.focus();
                            }
                        }
                    }
                }
            }
        });
    };

    let mode = draft.mode;
    let error = move |f: &'static str| Signal::derive(move || draft.error(f));
    view! {
        <section class="page narrow">
            <p class="crumbs"><a href="/tools">"Tools"</a></p>
            <h1>"Add an MCP server"</h1>
            <p class="lead">
                {if again { "The form is filled in from the tool that failed; check it and create it again." }
                 else { "Connect a remote MCP server so your agents can use its tools." }}
            </p>
            <form novalidate on:submit=on_submit>
                <div node_ref=alert_ref tabindex="-1" class="error" role="alert"
                    hidden=move || draft.general_refusal().is_none()>
                    {move || draft.general_refusal()}
                </div>
                <ModeChoice mode on_change=Callback::new(move |()| draft.refusal.set(None)) />
                // Right under the choice: the person registers it before they have an ID to enter.
                <Show when=move || mode.get() == AuthMode::OauthClient>
                    <RedirectUri />
                </Show>
                <TextField id="tool-name" label="Name" value=draft.name error=error(NAME) reveal
                    hint="A short name you will recognise, like \"Warehouse inventory\"." input_ref=refs[0] />
                <TextField id="tool-description" label="Description" value=draft.description
                    error=error(DESCRIPTION) reveal multiline=true textarea_ref=description_ref
                    hint="The agent reads this to decide when to call the server." described_by="description-hint" />
                <DescriptionHint text=draft.description />
                <TextField id="tool-url" label="Server URL" kind="url" value=draft.url error=error(URL) reveal
                    hint="The MCP endpoint, such as https://mcp.example.com/mcp." input_ref=refs[2] />
                <Show when=move || mode.get() == AuthMode::OauthClient>
                    <TextField id="client-id" label="Client ID" value=draft.client_id error=error(CLIENT_ID)
                        reveal input_ref=refs[3] />
                    <TextField id="client-secret" label="Client secret" kind="password" value=draft.client_secret
                        error=error(CLIENT_SECRET) reveal autocomplete="new-password" input_ref=refs[4]
                        hint="Sent once to the gateway, which keeps it encrypted. This browser never stores it." />
                </Show>
                <div class="actions">
                    <button type="submit" disabled=move || busy.get()>
                        {move || match (busy.get(), mode.get()) {
                            (true, _) => "Adding…",
                            (false, AuthMode::None) => "Add the server",
                            (false, _) => "Add and sign in",
                        }}
                    </button>
                    <a class="button secondary" href="/tools">"Cancel"</a>
                </div>
                <p class="hint" hidden=move || mode.get() == AuthMode::None>
                    "A sign-in window opens. Finish signing in there within an hour; this page follows along."
                </p>
            </form>
        </section>
    }
}
