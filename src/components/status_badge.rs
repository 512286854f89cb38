//! A status in words and colour (never colour alone), for tools and agents alike.

use leptos::prelude::*;
use patchbay_wire::{AgentStatus, ToolStatus};

/// The colour family of a status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Ok,
    Waiting,
    Bad,
    Neutral,
}

impl Tone {
    fn class(self) -> &'static str {
        match self {
            Self::Ok => "badge active",
            Self::Waiting => "badge pending",
            Self::Bad => "badge failed",
            Self::Neutral => "badge other",
        }
    }
}

/// Anything a badge can show: words for a person and a tone.
pub trait BadgeStatus: Copy + Send + Sync + 'static {
    fn label(self) -> &'static str;
    fn tone(self) -> Tone;
}

impl BadgeStatus for ToolStatus {
    fn label(self) -> &'static str {
        ToolStatus::label(self)
    }
    fn tone(self) -> Tone {
        match self {
            Self::Active => Tone::Ok,
            Self::PendingAuthorization => Tone::Waiting,
            Self::Failed => Tone::Bad,
            Self::Inactive | Self::Deprecated => Tone::Neutral,
        }
    }
}

impl BadgeStatus for AgentStatus {
    fn label(self) -> &'static str {
        match self {
            Self::Inactive => "Inactive",
            Self::Pending => "Deploying",
            Self::Active => "Active",
            Self::Updating => "Updating",
            Self::Failed => "Failed",
        }
    }
    fn tone(self) -> Tone {
        match self {
            Self::Active => Tone::Ok,
            Self::Pending | Self::Updating => Tone::Waiting,
            Self::Failed => Tone::Bad,
            Self::Inactive => Tone::Neutral,
        }
    }
}

/// A pill with the status's words, e.g. `<StatusBadge status=Signal::derive(move || t.status) />`
/// or, for a value that will not change, `status=Signal::stored(t.status)`.
#[component]
pub fn StatusBadge<S: BadgeStatus>(
    /// The status to show; `ToolStatus` or `AgentStatus`.
    status: Signal<S>,
) -> impl IntoView {
    view! {
        <span class=move || status.get().tone().class() data-status=move || status.get().label()>
            {move || status.get().label()}
        </span>
    }
}
