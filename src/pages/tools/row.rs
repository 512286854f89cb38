//! One connector in the list: name, status in words, what it is, when it was last used,
//! whether its recent calls fail, and what to do next.

use crate::app::tool_href;
use crate::components::StatusBadge;
use crate::format::{local_time, parse_time, time_left};
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
            <p class="row-used muted small">{match tool.last_used_at.clone() {
                Some(at) => view! { "Last used " <time datetime=at.clone()>{local_time(&at)}</time> }.into_any(),
                None => view! { "Not used yet" }.into_any(),
            }}</p>
            {failing_sentence(tool.failed_calls_in_a_row).map(|s| view! { <p class="row-note failing-note">{s}</p> })}
            {detail}
        </li>
    }
}

/// Two failures in a row is a pattern, not bad luck: say so. One may be the tool's own answer.
pub fn failing_sentence(failed_in_a_row: u32) -> Option<String> {
    (failed_in_a_row >= 2)
        .then(|| format!("Warning: its last {failed_in_a_row} calls failed. Open it to see why in its activity."))
}

#[cfg(test)]
mod tests {
    use super::failing_sentence;

    #[test]
    fn a_tool_is_flagged_once_two_calls_in_a_row_fail() {
        assert_eq!(failing_sentence(0), None);
        assert_eq!(failing_sentence(1), None);
        assert_eq!(
            failing_sentence(3).as_deref(),
            Some("Warning: its last 3 calls failed. Open it to see why in its activity.")
        );
    }
}
