//! One tool, kept current: polled while its sign-in is pending, refreshed at once when
//! the `/authorized` window reports back, quiet once its status is final.

use crate::api::{ApiError, use_api};
use crate::hooks::{use_auth_events, use_poll};
use crate::signin::AuthResult;
use leptos::prelude::*;
use patchbay_wire::Tool;

pub struct UseToolStatusReturn {
    /// The tool as last read; `None` until the first answer.
    pub tool: RwSignal<Option<Tool>>,
    /// Why the last read failed, if it did.
    pub error: ReadSignal<Option<ApiError>>,
    /// The latest sign-in result for this tool heard from the `/authorized` window.
    pub auth_result: Signal<Option<AuthResult>>,
    /// Reads the tool again now (and resumes polling if it is still pending).
    pub refresh: Callback<()>,
}

/// Watches tool `id`. Writes to `tool` (after an edit, say) show at once.
pub fn use_tool_status(id: String) -> UseToolStatusReturn {
    let api = use_api();
    let tool = RwSignal::new(None::<Tool>);
    let (error, set_error) = signal(None::<ApiError>);

    let poll = use_poll({
        let id = id.clone();
        move || {
            let id = id.clone();
            async move {
                match api.tool(&id).await {
                    Ok(t) => {
                        let keep_waiting = !t.status.is_final();
                        set_error.try_set(None);
                        tool.try_set(Some(t));
                        keep_waiting
                    }
                    // The page went away: nothing is left to show it to.
                    Err(ApiError::Cancelled) => false,
                    // Deleted, or never existed: nothing will change by asking again.
                    Err(e) if e.status() == Some(404) => {
                        set_error.try_set(Some(e));
                        false
                    }
                    // The gateway may come back; keep asking, more slowly.
                    Err(e) => {
                        set_error.try_set(Some(e));
                        true
                    }
                }
            }
        }
    });
    let kick = poll.kick;
    let auth_result = use_auth_events(Some(id), move |_| kick.run(()));
    UseToolStatusReturn { tool, error, auth_result, refresh: poll.kick }
}
