//! The builder's form: fields checked as the person types with the same checks the
//! gateway runs (`patchbay_wire`), then create or update, and back to the agents list.

use super::encode;
use super::picker::ToolPicker;
use crate::api::{ApiClient, ApiError};
use crate::components::TextField;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use patchbay_wire::{
    Agent, CreateAgentRequest, ReasoningEffort, Tool, UpdateAgentRequest, check_instructions, check_model_id,
    check_temperature, validate,
};

/// Model ids to suggest; any other id the gateway's models know may be typed.
const MODELS: [&str; 4] = [
    "meta-llama/Llama-3.3-70B-Instruct",
    "meta-llama/Llama-3.1-8B-Instruct",
    "Qwen/Qwen2.5-72B-Instruct",
    "mistralai/Mistral-7B-Instruct-v0.3",
];

/// Each effort with its wire spelling and its words; a table rather than serde, to keep
/// `serde_json::Value` conversions out of the bundle.
const EFFORTS: [(ReasoningEffort, &str, &str); 5] = [
    (ReasoningEffort::Low, "low", "Low"),
    (ReasoningEffort::Medium, "medium", "Medium"),
    (ReasoningEffort::High, "high", "High"),
    (ReasoningEffort::PerformanceOptimized, "performance_optimized", "Performance optimized"),
    (ReasoningEffort::SpeedOptimized, "speed_optimized", "Speed optimized"),
];

/// The form's values as text, the way the inputs hold them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Draft {
    pub name: String,
    pub instructions: String,
    pub model: String,
    /// Empty: the gateway's default (medium).
    pub effort: String,
    /// Empty: the model's default.
    pub temperature: String,
    pub tool_ids: Vec<String>,
}

impl Draft {
    pub fn from_agent(a: &Agent) -> Self {
        Self {
            name: a.name.clone(),
            instructions: a.instructions.clone(),
            model: a
                .model_id
                .clone()
                .or_else(|| a.output.as_ref().and_then(|o| o.model_id.clone()))
                .unwrap_or_default(),
            effort: effort_str(a.reasoning_effort),
            // serde_json prints the float (it is in the bundle already; `format!` would add more).
            temperature: a.temperature.map(|t| serde_json::to_string(&t).unwrap_or_default()).unwrap_or_default(),
            tool_ids: a.tools.iter().map(|t| t.id.clone()).collect(),
        }
    }
}

fn effort_str(e: ReasoningEffort) -> String {
    EFFORTS.iter().find(|(v, _, _)| *v == e).map(|(_, wire, _)| wire.to_string()).unwrap_or_default()
}

fn parse_effort(s: &str) -> Option<ReasoningEffort> {
    EFFORTS.iter().find(|(_, wire, _)| *wire == s).map(|(v, _, _)| *v)
}

/// The temperature as typed: `Ok(None)` when blank.
fn parse_temperature(s: &str) -> Result<Option<f64>, String> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    // serde_json's number parser is in the bundle already; `str::parse::<f64>` would add another.
    let json = if s.starts_with('.') { format!("0{s}") } else { s.to_string() };
    let t: f64 = serde_json::from_str(&json)
        .map_err(|_| "Enter the temperature as a number from 0 to 2, such as 0.7.".to_string())?;
    check_temperature(t).map(|()| Some(t))
}

#[component]
pub fn AgentForm(
    /// Where the fields start.
    draft: Draft,
    /// The agent being edited; `None` creates a new one.
    id: Option<String>,
    /// The live tool list from the page's poller.
    tools: Signal<Option<Vec<Tool>>>,
) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let name = RwSignal::new(draft.name);
    let instructions = RwSignal::new(draft.instructions);
    let model = RwSignal::new(draft.model);
    let effort = RwSignal::new(draft.effort);
    let temperature = RwSignal::new(draft.temperature);
    let selected = RwSignal::new(draft.tool_ids);
    let reveal = RwSignal::new(false);
    let saving = RwSignal::new(false);
    let refused = RwSignal::new(None::<ApiError>);

    let name_error = Signal::derive(move || name.with(|n| validate::name(n).err()));
    let instructions_error = Signal::derive(move || instructions.with(|i| check_instructions(i).err()));
    let model_error = Signal::derive(move || model.with(|m| check_model_id(m).err()));
    let temperature_error = Signal::derive(move || temperature.with(|t| parse_temperature(t).err()));
    let show = move |e: Signal<Option<String>>| move || e.get().filter(|_| reveal.get());
    let editing = id.is_some();
    let navigate = use_navigate();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        reveal.set(true);
        let errors = [name_error, instructions_error, model_error, temperature_error];
        if errors.iter().any(|e| e.get_untracked().is_some()) || saving.get_untracked() {
            return;
        }
        let temp = parse_temperature(&temperature.get_untracked()).ok().flatten();
        let effort = parse_effort(&effort.get_untracked());
        let (api, id, navigate) = (api.clone(), id.clone(), navigate.clone());
        let create = CreateAgentRequest {
            name: name.get_untracked().trim().to_string(),
            instructions: instructions.get_untracked(),
            tool_ids: Some(selected.get_untracked()),
            model_id: Some(model.get_untracked().trim().to_string()),
            reasoning_effort: effort.unwrap_or_default(),
            temperature: temp,
            ..Default::default()
        };
        saving.set(true);
        refused.set(None);
        spawn_local(async move {
            let answer = match id {
                None => api.post::<_, Agent>("/v2/flow/agents/create", &create).await,
                Some(id) => {
                    let update = UpdateAgentRequest {
                        name: Some(create.name),
                        instructions: Some(create.instructions),
                        tool_ids: create.tool_ids,
                        model_id: create.model_id,
                        reasoning_effort: effort,
                        temperature: temp,
                        ..Default::default()
                    };
                    api.patch::<_, Agent>(&format!("/v2/flow/agents/{}", encode(&id)), &update).await
                }
            };
            match answer {
                Ok(_) => navigate("/agents", Default::default()),
                Err(e) => {
                    refused.try_set(Some(e));
                    saving.try_set(false);
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
                    {EFFORTS.map(|(_, v, l)| view! { <option value=v>{l}</option> }).collect_view()}
                </select>
            </div>
            <div class="field" class:invalid=move || show(temperature_error)().is_some()>
                <label for="agent-temperature">"Temperature (optional)"</label>
                <p class="hint">"From 0 to 2; lower is more predictable. Leave blank for the model's default."</p>
                <input id="agent-temperature" type="number" min="0" max="2" step="0.1" inputmode="decimal"
                    prop:value=move || temperature.get() on:input=move |ev| temperature.set(event_target_value(&ev)) />
                {move || show(temperature_error)().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            </div>
            <ToolPicker tools selected />
            {move || refused.get().map(|e| view! { <p class="error" role="alert">{e.to_string()}</p> })}
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blank_temperature_means_the_default_and_a_wild_one_is_refused() {
        assert_eq!(parse_temperature(" "), Ok(None));
        assert_eq!(parse_temperature("0.7"), Ok(Some(0.7)));
        assert_eq!(parse_temperature(".5"), Ok(Some(0.5)));
        assert!(parse_temperature("3").is_err());
        assert!(parse_temperature("warm").is_err());
    }

    #[test]
    fn effort_round_trips_through_its_wire_spelling() {
        assert_eq!(effort_str(ReasoningEffort::PerformanceOptimized), "performance_optimized");
        assert_eq!(parse_effort("high"), Some(ReasoningEffort::High));
        assert_eq!(parse_effort(""), None);
    }
}
