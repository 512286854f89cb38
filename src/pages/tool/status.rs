//! The tool's status and the one thing to do about it: sign in (with a countdown), or
//! start over after a failure. The live region tells screen readers when it turns Active.

use crate::components::agent_replace::ReplaceButton;
use crate::components::{SignInLink, StatusBadge};
use crate::format::{parse_time, time_left};
use crate::hooks::use_now;
use crate::router::navigate;
use crate::signin::{self, AuthResult};
use crate::url::{encode, safe_http_url};
use leptos::prelude::*;
use patchbay_wire::{AuthMode, Tool, ToolStatus};
use std::time::Duration;

#[component]
pub fn StatusPanel(
    tool: RwSignal<Option<Tool>>,
    auth_result: Signal<Option<AuthResult>>,
    refresh: Callback<()>,
) -> impl IntoView {
    let status = Memo::new(move |_| tool.with(|t| t.as_ref().map_or(ToolStatus::PendingAuthorization, |t| t.status)));
    let now = use_now(Duration::from_secs(1));
    let id = move || tool.with(|t| t.as_ref().map(|t| t.id.clone()).unwrap_or_default());
    // Re-checked every tick: closing a window fires no event in the opener.
    let popup_open = Memo::new(move |_| {
        now.track();
        signin::is_open_for(&id())
    });
    // Once a replacement is active the gateway has moved the agents and deleted this tool.
    let replaced = Callback::new(move |()| navigate("/tools"));
    let announcement = move || match (status.get(), tool.with(|t| t.as_ref().map(|t| t.name.clone()))) {
        (ToolStatus::Active, Some(name)) => format!("Connected: {name} is active and ready for agents."),
        (ToolStatus::Failed, Some(name)) => format!("{name} failed."),
        _ => String::new(),
    };

    view! {
        <div class="status-panel card" data-status=move || status.get().as_str()>
            <p class="status-line">
                <StatusBadge status=Signal::derive(move || status.get()) />
                <span class="visually-hidden" role="status" aria-live="polite">{announcement}</span>
                {move || (status.get() == ToolStatus::Active).then(|| view! {
                    <span class="status-words">"Connected. Agents can use this server's tools."</span>
                })}
            </p>
            {move || tool.get().and_then(|t| match t.status {
                ToolStatus::PendingAuthorization => Some(pending(t, now, popup_open, auth_result, refresh).into_any()),
                ToolStatus::Failed => Some(failed(t, replaced).into_any()),
                _ => None,
            })}
        </div>
    }
}

fn pending(
    t: Tool,
    now: Signal<f64>,
    popup_open: Memo<bool>,
    auth_result: Signal<Option<AuthResult>>,
    refresh: Callback<()>,
) -> impl IntoView {
    let expires = t.authorization_expires_at.as_deref().and_then(parse_time);
    let url = t.config.authorization_url.clone().unwrap_or_default();
    // An unsafe URL gets SignInLink's warning instead of an invitation to sign in.
    let unsafe_url = !url.is_empty() && safe_http_url(&url).is_none();
    view! {
        <div class="pending-box">
            <p hidden=unsafe_url>
                {move || if popup_open.get() {
                    "A sign-in window is open: finish signing in there, and this page updates by itself."
                } else {
                    "Sign in to the server to finish connecting it. If no sign-in window opened, or you closed it, open it here."
                }}
            </p>
            {expires.map(|at| view! {
                <p class="countdown">"Time left to sign in: "<strong class="time-left">{move || time_left(at - now.get())}</strong></p>
            })}
            {move || auth_result.get().filter(|r| !r.ok).map(|r| view! {
                <p class="error" role="alert">"The sign-in did not finish: "{r.error.unwrap_or_else(|| "the server refused it.".into())}</p>
            })}
            <div class="actions">
                {(!url.is_empty()).then(|| view! { <SignInLink url prominent=Signal::derive(move || !popup_open.get()) /> })}
                <button type="button" class="secondary" on:click=move |_| refresh.run(())>"Check now"</button>
            </div>
        </div>
    }
}

fn failed(t: Tool, replaced: Callback<()>) -> impl IntoView {
    let reason = t.status_reason.clone().unwrap_or_else(|| "It stopped working.".into());
    let mode = t.auth_mode.unwrap_or(AuthMode::OauthDynamic).as_str();
    let again = format!(
        "/tools/new?name={}&description={}&url={}&mode={mode}",
        encode(&t.name),
        encode(t.description.as_deref().unwrap_or_default()),
        encode(&t.config.url)
    );
    view! {
        <div class="failed-box">
            <p class="reason"><strong>"Why: "</strong>{reason}</p>
            <p>"A failed tool cannot be repaired. Replace it: a new one like it is created and, once you sign in, \
                the agents using this one move to it and this one is deleted. Or create it again from a filled-in \
                form (except any secret) to change something first."</p>
            <div class="actions">
                <ReplaceButton tool=t on_done=replaced />
                <a class="button secondary" href=again>"Create it again"</a>
            </div>
        </div>
    }
}
