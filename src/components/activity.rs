//! Recent calls of a tool or an agent (time, tool, duration, outcome and its sentence),
//! newest first, paged, and kept current while the page is open (`use_poll`: it backs off
//! while nothing happens and pauses while the tab is hidden).

use crate::api::{ApiError, use_api};
use crate::format::{duration_words, local_time, outcome_label};
use crate::hooks::use_poll;
use leptos::prelude::*;
use patchbay_wire::{CallList, CallOutcome, CallRecord};

const PAGE: usize = 20;

/// Whose calls to list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallsOf {
    /// A connector: calls by every agent, and tries by hand.
    Tool,
    /// An agent: calls through its MCP endpoint, to any of its tools.
    Agent,
}

#[component]
pub fn Activity(
    /// A tool or an agent.
    of: CallsOf,
    /// Its id.
    id: String,
    /// Bumped by the page after a call it made itself, to show it at once.
    #[prop(into, optional)]
    refresh: Signal<u32>,
) -> impl IntoView {
    let api = use_api();
    let page = RwSignal::new(0usize);
    let list = RwSignal::new(None::<Result<CallList, ApiError>>);
    let id = StoredValue::new(id);
    let poll = use_poll(move || async move {
        let (id, offset) = (id.get_value(), page.get_untracked() * PAGE);
        let answer = match of {
            CallsOf::Tool => api.tool_calls(&id, offset, PAGE).await,
            CallsOf::Agent => api.agent_calls(&id, offset, PAGE).await,
        };
        // Gone, or a gateway that keeps no record: asking again changes nothing.
        let keep = !matches!(&answer, Err(e) if *e == ApiError::Cancelled || e.status() == Some(404));
        // Set only when it changed, so a poll does not redraw the table under the reader.
        if !matches!(answer, Err(ApiError::Cancelled)) && list.with_untracked(|l| l.as_ref() != Some(&answer)) {
            list.try_set(Some(answer));
        }
        keep
    });
    let kick = poll.kick;
    Effect::new(move |previous: Option<(usize, u32)>| {
        let now = (page.get(), refresh.get());
        if previous.is_some_and(|p| p != now) {
            kick.run(());
        }
        now
    });
    let heading_id = match of {
        CallsOf::Tool => "tool-activity-heading",
        CallsOf::Agent => "agent-activity-heading",
    };

    view! {
        <section class="card activity" aria-labelledby=heading_id>
            <h2 id=heading_id>"Activity"</h2>
            <p class="muted small">"Recent calls, newest first. Their arguments and results are never kept."</p>
            {move || match list.get() {
                None => view! { <p class="muted">"Loading calls…"</p> }.into_any(),
                Some(Err(e)) if e.status() == Some(404) => view! {
                    <p class="muted">"This gateway keeps no record of calls."</p>
                }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                Some(Ok(calls)) if calls.total == 0 => view! {
                    <p class="muted empty-activity">{match of {
                        CallsOf::Tool => "No calls yet. Calls from agents, and tries on this page, show here.",
                        CallsOf::Agent => "No calls yet. Calls from MCP clients using this agent show here.",
                    }}</p>
                }.into_any(),
                Some(Ok(calls)) => call_table(calls, of).into_any(),
            }}
            <Pager list page />
        </section>
    }
}

fn call_table(calls: CallList, of: CallsOf) -> impl IntoView {
    view! {
        <table class="calls">
            <caption class="visually-hidden">"Recent calls"</caption>
            <thead>
                <tr>
                    <th scope="col">"Time"</th>
                    <th scope="col">"Tool"</th>
                    {(of == CallsOf::Tool).then(|| view! { <th scope="col">"By"</th> })}
                    <th scope="col">"Duration"</th>
                    <th scope="col">"Outcome"</th>
                </tr>
            </thead>
            <tbody>{calls.data.into_iter().map(|c| call_row(c, of)).collect_view()}</tbody>
        </table>
    }
}

/// Which calls show, and the way to newer and older ones; drawn once, so its buttons keep
/// focus while the list under them refreshes.
#[component]
fn Pager(list: RwSignal<Option<Result<CallList, ApiError>>>, page: RwSignal<usize>) -> impl IntoView {
    let counts = Memo::new(move |_| {
        list.with(|l| match l {
            Some(Ok(c)) if c.total > 0 => Some((c.data.len(), usize::try_from(c.total).unwrap_or_default())),
            _ => None,
        })
    });
    let first = move || page.get() * PAGE;
    let shown = move || counts.get().map(|(n, total)| format!("Calls {}–{} of {total}", first() + 1, first() + n));
    view! {
        <div class="pager" hidden=move || counts.get().is_none()>
            <span class="muted small">{shown}</span>
            <button type="button" class="secondary small" disabled=move || first() == 0
                on:click=move |_| page.update(|p| *p = p.saturating_sub(1))>"Newer"</button>
            <button type="button" class="secondary small"
                disabled=move || counts.get().is_none_or(|(n, total)| first() + n >= total)
                on:click=move |_| page.update(|p| *p += 1)>"Older"</button>
        </div>
    }
}

fn call_row(c: CallRecord, of: CallsOf) -> impl IntoView {
    let tool = match of {
        CallsOf::Tool => c.upstream_tool.clone(),
        CallsOf::Agent => format!("{} · {}", c.tool_name, c.upstream_tool),
    };
    let by = c.agent_name.clone().unwrap_or_else(|| "Tried by hand".into());
    let tone = match c.outcome {
        CallOutcome::Ok => "badge active",
        CallOutcome::Refused => "badge other",
        _ => "badge failed",
    };
    view! {
        <tr data-outcome=c.outcome.as_str()>
            <td><time datetime=c.at.clone()>{local_time(&c.at)}</time></td>
            <td><code>{tool}</code></td>
            {(of == CallsOf::Tool).then(|| view! { <td>{by}</td> })}
            <td>{duration_words(c.duration_ms)}</td>
            <td>
                <span class=tone>{outcome_label(c.outcome)}</span>
                {c.message.map(|m| view! { " " <span class="call-message">{m}</span> })}
            </td>
        </tr>
    }
}
