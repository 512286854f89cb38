//! The three ways an MCP server can sign in, each explained in plain words, and the
//! redirect URI a person needs before registering Patchbay with a provider.

use crate::api::use_api;
use crate::components::CopyButton;
use leptos::prelude::*;
use patchbay_wire::AuthMode;

const CHOICES: [(AuthMode, &str, &str); 3] = [
    (
        AuthMode::OauthDynamic,
        "Sign in with OAuth (automatic registration)",
        "Most hosted MCP servers work this way. Patchbay registers itself with the server, \
         then opens its sign-in page for you.",
    ),
    (
        AuthMode::OauthClient,
        "Sign in with OAuth (I have a client ID and secret)",
        "For servers without automatic registration. Register Patchbay with the provider first, \
         using the redirect URI below, then enter the client ID and secret it gives you.",
    ),
    (
        AuthMode::None,
        "No sign-in needed",
        "For open servers, such as one running on your own computer. The tool is ready at once.",
    ),
];

/// A radio group of the three modes; picking one clears a refusal about the old one.
#[component]
pub fn ModeChoice(
    /// The chosen mode, two-way.
    mode: RwSignal<AuthMode>,
    /// Called when the person picks another mode.
    on_change: Callback<()>,
) -> impl IntoView {
    view! {
        <fieldset class="choices">
            <legend>"How does this server sign you in?"</legend>
            {CHOICES.map(|(m, title, explain)| {
                let id = format!("mode-{}", m.as_str());
                let explain_id = format!("{id}-explain");
                view! {
                    <div class="choice" class:chosen=move || mode.get() == m>
                        <input type="radio" name="mode" id=id.clone() value=m.as_str()
                            aria-describedby=explain_id.clone()
                            prop:checked=move || mode.get() == m
                            on:change=move |_| { mode.set(m); on_change.run(()); } />
                        <label for=id>{title}</label>
                        <p id=explain_id class="hint">{explain}</p>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// The redirect URI to register with the provider, read from the gateway.
#[component]
pub fn RedirectUri() -> impl IntoView {
    let api = use_api();
    let info = LocalResource::new(move || api.info());
    view! {
        <div class="callout" id="redirect-uri">
            <p class="callout-title">"Redirect URI to register with the provider"</p>
            <Suspense fallback=|| view! { <p class="muted">"Asking the gateway…"</p> }>
                {move || info.get().map(|answer| match answer {
                    Ok(info) => view! {
                        <CopyButton text=info.redirect_uri what="redirect URI" />
                        <p class="hint">"Enter it exactly as shown where the provider asks for a redirect or callback URL."</p>
                    }.into_any(),
                    Err(_) => view! {
                        <p>"This gateway does not report one: use the redirect URI from your account settings."</p>
                    }.into_any(),
                })}
            </Suspense>
        </div>
    }
}
