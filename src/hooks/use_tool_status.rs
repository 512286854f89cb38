//! One tool, kept current: polled while its sign-in is pending, refreshed at once when
//! the `/authorized` window reports back, quiet once its status is final.

use crate::api::{ApiClient, ApiError};
use crate::hooks::use_poll;
use crate::signin::{AuthEvents, AuthResult};
use leptos::prelude::*;
use patchbay_wire::Tool;
use std::cell::RefCell;
use std::rc::Rc;

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
    let api = expect_context::<ApiClient>();
    let tool = RwSignal::new(None::<Tool>);
    let (error, set_error) = signal(None::<ApiError>);
    // Aborted on cleanup, so a page left mid-request does not write into disposed signals.
    let in_flight: Rc<RefCell<Option<web_sys::AbortController>>> = Rc::default();

    let tick = {
        let (id, in_flight) = (id.clone(), in_flight.clone());
        move || {
            let (api, id, in_flight) = (api.clone(), id.clone(), in_flight.clone());
            async move {
                let controller = web_sys::AbortController::new().ok();
                let signal = controller.as_ref().map(|c| c.signal());
                in_flight.replace(controller);
                let answer = api.tool(&id, signal.as_ref()).await;
                in_flight.take();
                match answer {
                    Ok(t) => {
                        let keep_waiting = !t.status.is_final();
                        set_error.try_set(None);
                        tool.try_set(Some(t));
                        keep_waiting
                    }
                    // Deleted, or never existed: nothing will change by asking again.
                    Err(e @ ApiError::Http { status: 404, .. }) => {
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
    };
    let poll = use_poll(tick);

    let in_flight = StoredValue::new_local(in_flight);
    on_cleanup(move || {
        if let Some(c) = in_flight.with_value(|f| f.take()) {
            c.abort();
        }
    });

    let events = use_context::<AuthEvents>();
    let auth_result = Signal::derive({
        let id = id.clone();
        move || events.and_then(|e| e.0.get()).filter(|r| r.tool == id)
    });
    let kick = poll.kick;
    Effect::new(move |first: Option<()>| {
        // The channel's last message may predate this page; only new ones matter.
        if auth_result.get().is_some() && first.is_some() {
            kick.run(());
        }
    });

    UseToolStatusReturn { tool, error, auth_result, refresh: poll.kick }
}
