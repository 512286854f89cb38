//! The builder's form: fields checked as the person types with the same checks the
//! gateway runs (`patchbay_wire`), then create or update, and back to the agents list.
//! Every problem the gateway names shows at its field.

use super::draft::{
    Draft, EFFORT, FIELDS, INSTRUCTIONS, MODEL, NAME, TEMPERATURE, TOOLS, effort_label, parse_temperature,
};
use super::picker::ToolPicker;
use crate::api::{ApiError, use_api};
use crate::components::TextField;
use crate::refusal::Refusal;
use crate::router::navigate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use patchbay_wire::{ReasoningEffort, Tool, check_instructions, check_model_id, validate};

/// Model ids to suggest; any other id the gateway's models know may be typed.
const MODELS: [&str; 4] = [
    "meta-llama/Llama-3.3-70B-Instruct",
    "meta-llama/Llama-3.1-8B-Instruct",
    "Qwen/Qwen2.5-72B-Instruct",
    "mistralai/Mistral-7B-Instruct-v0.3",
];

#[component]
pub fn AgentForm(
    /// Where the fields start.
    draft: Draft,
    /// The agent being edited; `None` creates a new one.
    id: Option<String>,
    /// The live tool list from the page's poller.
    tools: Signal<Option<Vec<Tool>>>,
) -> impl IntoView {
    let api = use_api();
    let name = RwSignal::new(draft.name);
    let instructions = RwSignal::new(draft.instructions);
    let model = RwSignal::new(draft.model);
    let effort = RwSignal::new(draft.effort);
    let temperature = RwSignal::new(draft.temperature);
    let selected = RwSignal::new(draft.tool_ids);
    let reveal = RwSignal::new(false);
    let saving = RwSignal::new(false);
    let refused = RwSignal::new(None::<Refusal>);

    // Each field's value as text, in `FIELDS` order, for pinning the gateway's problems.
    let values: [Signal<String>; 6] = [
        name.into(),
        instructions.into(),
        model.into(),
        effort.into(),
        temperature.into(),
        Signal::derive(move || selected.get().join(",")),
    ];
    let value_of = move |f: &str| {
        FIELDS.iter().position(|x| *x == f).and_then(|i| values[i].try_get_untracked()).unwrap_or_default()
    };
    // Our own check first; then the gateway's problem at this field, until its value changes.
    let problem = move |field: &'static str, own: fn(&str) -> Option<String>| {
        let value = values[FIELDS.iter().position(|f| *f == field).unwrap_or_default()];
        Signal::derive(move || {
            value.with(|v| own(v).or_else(|| refused.with(|r| r.as_ref().and_then(|r| r.at(field, v)))))
        })
    };
    let name_error = problem(NAME, |v| validate::name(v).err());
    let instructions_error = problem(INSTRUCTIONS, |v| check_instructions(v).err());
    let model_error = problem(MODEL, |v| check_model_id(v).err());
    let effort_error = problem(EFFORT, |_| None);
    let temperature_error = problem(TEMPERATURE, |v| parse_temperature(v).err());
    let tools_error = problem(TOOLS, |_| None);
    let general = move || refused.with(|r| r.as_ref().and_then(|r| r.general.clone()));
    let show = move |e: Signal<Option<String>>| move || e.get().filter(|_| reveal.get());
    let editing = id.is_some();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        reveal.set(true);
        // Only our own checks hold the form back: a field the gateway refused may be worth
        // sending again as it is (a tool that has signed in since, say).
        let own_invalid = validate::name(&name.get_untracked()).is_err()
            || check_instructions(&instructions.get_untracked()).is_err()
            || check_model_id(&model.get_untracked()).is_err()
            || parse_temperature(&temperature.get_untracked()).is_err();
        if saving.get_untracked() || own_invalid {
            return;
        }
        let draft = Draft {
            name: name.get_untracked(),
            instructions: instructions.get_untracked(),
            model: model.get_untracked(),
            effort: effort.get_untracked(),
            temperature: temperature.get_untracked(),
            tool_ids: selected.get_untracked(),
        };
        let id = id.clone();
        saving.set(true);
        refused.set(None);
        spawn_local(async move {
            let answer = match id {
                None => api.create_agent(&draft.create()).await,
                Some(id) => api.update_agent(&id, &draft.update()).await,
            };
            match answer {
                Ok(_) => navigate("/agents"),
                Err(ApiError::Cancelled) => {}
                Err(e) => {
                    refused.set(Some(Refusal::new(&e, &FIELDS, value_of)));
                    saving.set(false);
                }
            }
        });
    };

    view! {
        <form class="agent-form" on:submit=submit novalidate>
            <TextField id="agent-name" label="Name" value=name error=name_error reveal=reveal />
            <div class="field" class:invalid=move || show(instructions_error)().is_some()>
                <label for="agent-instructions">"Instructions"</label>
                <p class="hint" id="agent-instructions-hint">
                    "What the agent is for, how it should answer, and when to use each tool. The agent reads this on every run."
                </p>
                <textarea id="agent-instructions" rows="14" aria-describedby="agent-instructions-hint"
                    prop:value=move || instructions.get()
                    on:input=move |ev| instructions.set(event_target_value(&ev))></textarea>
                {move || show(instructions_error)().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            </div>
            <div class="field" class:invalid=move || show(model_error)().is_some()>
                <label for="agent-model">"Model"</label>
                <p class="hint">"Type any model id, or pick a suggestion."</p>
                <input id="agent-model" list="model-suggestions" autocomplete="off"
                    prop:value=move || model.get() on:input=move |ev| model.set(event_target_value(&ev)) />
                <datalist id="model-suggestions">
                    {MODELS.map(|m| view! { <option value=m></option> }).collect_view()}
                </datalist>
                {move || show(model_error)().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            </div>
            <div class="field">
                <label for="agent-effort">"Reasoning effort (optional)"</label>
                <select id="agent-effort" prop:value=move || effort.get()
                    on:change=move |ev| effort.set(event_target_value(&ev))>
                    <option value="">"Default (medium)"</option>
                    {ReasoningEffort::ALL.iter().map(|e| view! { <option value=e.as_str()>{effort_label(*e)}</option> }).collect_view()}
                </select>
                {move || show(effort_error)().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            </div>
            <div class="field" class:invalid=move || show(temperature_error)().is_some()>
                <label for="agent-temperature">"Temperature (optional)"</label>
                <p class="hint">"From 0 to 2; lower is more predictable. Leave blank for the model's default."</p>
                <input id="agent-temperature" type="number" min="0" max="2" step="0.1" inputmode="decimal"
                    prop:value=move || temperature.get() on:input=move |ev| temperature.set(event_target_value(&ev)) />
                {move || show(temperature_error)().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            </div>
            <ToolPicker tools selected />
            {move || show(tools_error)().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            {move || general().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <div class="actions">
                <button type="submit" disabled=move || saving.get()>
                    {move || match (saving.get(), editing) {
                        (true, _) => "Saving…",
                        (false, true) => "Save changes",
                        (false, false) => "Create agent",
                    }}
                </button>
                <a class="button secondary" href="/agents">"Cancel"</a>
            </div>
        </form>
    }
}
