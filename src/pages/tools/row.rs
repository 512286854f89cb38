//! One connector in the list: name, status in words, what it is, and what to do next.

use crate::app::tool_href;
use crate::components::StatusBadge;
use crate::format::{parse_time, time_left};
use leptos::prelude::*;
use patchbay_wire::{Tool, ToolStatus};

#[component]
pub fn ToolRow(
    /// The tool as last read (the row is rebuilt when it changes).
    tool: Tool,
    /// The clock, for the sign-in countdown.
    now: Signal<f64>,
) -> impl IntoView {
    let expires = tool.authorization_expires_at.as_deref().and_then(parse_time);
    let status = tool.status;
    let detail = match status {
        ToolStatus::PendingAuthorization => Some(
            view! {
                <p class="row-note pending-note">
                    "Waiting for you to sign in"
                    {expires.map(|at| view! { " · " <span class="time-left">{move || time_left(at - now.get())}</span> })}
                </p>
            }
            .into_any(),
        ),
        ToolStatus::Failed => Some(
            view! {
                <p class="row-note failed-note">
                    {tool.status_reason.clone().unwrap_or_else(|| "It stopped working; delete it and add it again.".into())}
                </p>
            }
            .into_any(),
        ),
        _ => None,
    };
    view! {
        <li class="card tool-row" data-tool-id=tool.id.clone()>
            <div class="row-head">
                <a class="row-name" href=tool_href(&tool.id)>{tool.name.clone()}</a>
                <StatusBadge status=Signal::stored(status) />
            </div>
            {tool.description.clone().map(|d| view! { <p class="row-desc">{d}</p> })}
            <p class="row-url"><code>{tool.config.url.clone()}</code></p>
            {detail}
        </li>
    }
}
