//! An agent's linked tools, each a link to its page with its status in words; a failed one
//! can be replaced right there (the agent follows the replacement).

use crate::app::tool_href;
use crate::components::StatusBadge;
use crate::components::agent_replace::ReplaceButton;
use leptos::prelude::*;
use patchbay_wire::{Tool, ToolStatus};

#[component]
pub fn AgentTools(
    /// The agent's tools, as last read.
    tools: Vec<Tool>,
    /// Called once a failed tool has been replaced, so the caller reads the agent again.
    on_replaced: Callback<()>,
) -> impl IntoView {
    if tools.is_empty() {
        return view! { <p class="muted small">"No tools linked."</p> }.into_any();
    }
    view! {
        <ul class="agent-tools" aria-label="Tools">
            {tools.into_iter().map(|t| view! {
                <li>
                    <a href=tool_href(&t.id)>{t.name.clone()}</a>" "
                    <StatusBadge status=Signal::stored(t.status) />" "
                    {(t.status == ToolStatus::Failed).then(|| view! { <ReplaceButton tool=t.clone() on_done=on_replaced /> })}
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}
