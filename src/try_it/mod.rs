//! "Try it": a form generated from one server tool's `inputSchema`, run through the gateway
//! (`.../mcp/tools/{name}/call`), and the answer shown as a person wants it. Its code is a
//! wasm part of its own (`load`), fetched when a person first opens a "Try it" panel: it
//! is half of the tool page's code, and most visits never open it.
//! `schema`, `arguments` and `result` are pure (tested natively); `form`, `list`,
//! `result_view` and `json_tree` draw them.

pub mod arguments;
mod form;
pub mod json_tree;
mod list;
pub mod result;
mod result_view;
pub mod schema;

use crate::api::{ApiError, use_api};
use arguments::{Entry, Problem, place};
use form::{FormCtx, Slot, Slots};
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_split::{SplitLoaderError, wasm_split};
use patchbay_wire::{CallToolRequest, McpServerTool};
use result::Outcome;
use result_view::ResultView;
use schema::Field;
use std::cell::Cell;

/// Where a run stands.
#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Idle,
    /// A destructive tool waits for "Run it" after Run.
    Confirming,
    Running,
    Done {
        outcome: Outcome,
        ms: u64,
    },
    /// The call never got an answer from the tool (unreachable gateway, unreadable reply).
    Failed(String),
}

thread_local! {
    static FORMS: Cell<u32> = const { Cell::new(0) };
}

/// Builds a "Try it" form (connector id, server tool, after-call callback).
pub type TryItView = fn(String, McpServerTool, Callback<()>) -> AnyView;

/// Fetches the form's wasm part (at once if it is here already) and hands back its builder.
pub async fn load() -> Result<TryItView, SplitLoaderError> {
    split_view().await
}

// `fallible`: a failed download comes back as an error, not a panic that aborts the app.
#[wasm_split(try_it, fallible, wasm_split_path = ::leptos::wasm_split)]
fn split_view() -> Result<TryItView, SplitLoaderError> {
    Ok(|tool_id, tool, on_ran| view! { <TryIt tool_id tool on_ran /> }.into_any())
}

/// The form for `tool` of connector `tool_id`, its Run button and its last result.
#[component]
pub fn TryIt(
    /// The connector (`v1/flow/tools`) id.
    tool_id: String,
    /// The server's tool, as listed.
    tool: McpServerTool,
    /// Called after each call that reached the gateway, so the activity list refreshes.
    on_ran: Callback<()>,
) -> impl IntoView {
    let api = use_api();
    let fields = schema::read(&tool.input_schema);
    // Element ids must be unique on the page, whatever the tools' and properties' names.
    let form_no = FORMS.with(|n| {
        n.set(n.get() + 1);
        n.get()
    });
    let ctx = FormCtx::new(form_no);
    let slots: Slots = fields.iter().map(|f| ctx.slot(arguments::initial(&f.control))).collect();
    let destructive =
        tool.annotations.as_ref().is_some_and(|a| a.destructive_hint == Some(true) && a.read_only_hint != Some(true));
    let phase = RwSignal::new(Phase::Idle);
    let general = RwSignal::new(None::<String>);
    let form_ref = NodeRef::<html::Form>::new();
    let confirm_ref = NodeRef::<html::Button>::new();
    let stored_fields = StoredValue::new(fields.clone());
    let stored_slots = StoredValue::new(slots.clone());
    let name = tool.name.clone();

    let run = Callback::new(move |()| {
        let entries: Vec<Entry> = stored_slots.with_value(|s| s.iter().map(Slot::snapshot).collect());
        let built = stored_fields.with_value(|f| arguments::arguments(f, &entries));
        let arguments = match built {
            Ok(a) => a,
            Err(problems) => {
                ctx.show(problems);
                focus_first_invalid(form_ref);
                return;
            }
        };
        let (id, name) = (tool_id.clone(), name.clone());
        phase.set(Phase::Running);
        let started = js_sys::Date::now();
        spawn_local(async move {
            let answer = api.call_server_tool(&id, &name, &CallToolRequest { arguments }).await;
            let ms = (js_sys::Date::now() - started).max(0.0) as u64;
            match answer {
                Err(ApiError::Cancelled) => return,
                Ok(value) => _ = phase.try_set(Phase::Done { outcome: result::read(&value), ms }),
                Err(e) if !e.problems().is_empty() => {
                    let (placed, rest) = stored_fields.with_value(|f| split_problems(f, &e));
                    ctx.show(placed);
                    general.try_set(rest);
                    phase.try_set(Phase::Idle);
                    focus_first_invalid(form_ref);
                }
                Err(e) => _ = phase.try_set(Phase::Failed(e.to_string())),
            }
            on_ran.run(());
        });
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if phase.get_untracked() == Phase::Running {
            return;
        }
        general.set(None);
        ctx.clear_all();
        if destructive && phase.get_untracked() != Phase::Confirming {
            phase.set(Phase::Confirming);
            request_animation_frame(move || {
                if let Some(b) = confirm_ref.get_untracked() {
                    let _ = b.focus();
                }
            });
        } else {
            run.run(());
        }
    };
    let tool_name = tool.name.clone();
    let label = tool.title.clone().unwrap_or_else(|| tool.name.clone());

    view! {
        <form class="try-form" novalidate node_ref=form_ref on:submit=submit>
            {if fields.is_empty() {
                view! { <p class="muted small">"This tool takes no arguments."</p> }.into_any()
            } else {
                view! { <form::Fields fields slots ctx /> }.into_any()
            }}
            <p class="error" role="alert" hidden=move || general.with(Option::is_none)>{move || general.get()}</p>
            {move || (phase.get() == Phase::Confirming).then(|| view! {
                <div class="confirm-run warn-note" role="alert">
                    <p>{format!("\"{label}\" says it may delete or overwrite data. Run it anyway?")}</p>
                    <button type="submit" class="danger" node_ref=confirm_ref>"Run it"</button>
                    " "
                    <button type="button" class="secondary" on:click=move |_| phase.set(Phase::Idle)>"Cancel"</button>
                </div>
            })}
            <div class="actions" hidden=move || phase.get() == Phase::Confirming>
                <button type="submit" disabled=move || phase.get() == Phase::Running>
                    {move || if phase.get() == Phase::Running { format!("Running {tool_name}…") } else { format!("Run {tool_name}") }}
                </button>
            </div>
        </form>
        <p class="visually-hidden" role="status">{move || match phase.get() {
            Phase::Running => "Running…".to_string(),
            Phase::Done { outcome, ms } => format!(
                "{} in {}.",
                if outcome.is_error { "The tool answered with an error" } else { "The tool answered" },
                crate::format::duration_words(ms)
            ),
            Phase::Failed(e) => e,
            _ => String::new(),
        }}</p>
        {move || match phase.get() {
            Phase::Done { outcome, ms } => Some(view! { <ResultView outcome ms /> }.into_any()),
            Phase::Failed(e) => Some(view! { <p class="error">{e}</p> }.into_any()),
            _ => None,
        }}
    }
}

/// The gateway's problems split into those a control shows and the sentence for the rest.
fn split_problems(fields: &[Field], e: &ApiError) -> (Vec<Problem>, Option<String>) {
    let mut placed = Vec::new();
    let mut rest = Vec::new();
    for (field, detail) in e.problems() {
        match place(fields, field) {
            Some(path) => placed.push((path, detail.to_string())),
            None => rest.push(detail),
        }
    }
    (placed, (!rest.is_empty()).then(|| rest.join(" ")))
}

/// Puts the cursor in the first field with a problem, once it shows.
fn focus_first_invalid(form: NodeRef<html::Form>) {
    request_animation_frame(move || {
        let first = form.get_untracked().and_then(|f| f.query_selector("[aria-invalid=\"true\"]").ok().flatten());
        if let Some(el) = first.and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok()) {
            let _ = el.focus();
        }
    });
}
