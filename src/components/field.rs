//! A labelled text input or textarea with its hint and its error, wired for screen readers.

use leptos::html;
use leptos::prelude::*;

/// One form field. The error shows once the person has typed in or left the field, or
/// when `reveal` turns true (after a submit attempt), so an untouched form is not red.
#[component]
pub fn TextField(
    /// The input's id; the hint and error ids derive from it.
    id: &'static str,
    /// The visible label.
    label: &'static str,
    /// The value, two-way.
    value: RwSignal<String>,
    /// The current error for this value, if any (validation or the gateway's refusal).
    #[prop(into, optional)]
    error: Signal<Option<String>>,
    /// Shows the error even if untouched.
    #[prop(into, optional)]
    reveal: Signal<bool>,
    /// A short help line under the label.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// `text`, `url`, `password`...
    #[prop(default = "text")]
    kind: &'static str,
    /// A textarea instead of an input.
    #[prop(optional)]
    multiline: bool,
    /// The `autocomplete` attribute ("off" for secrets).
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// Extra ids for `aria-describedby` (e.g. a live description hint).
    #[prop(optional)]
    described_by: Option<&'static str>,
    /// For focusing the field from the form (the first invalid one after submit).
    #[prop(optional)]
    input_ref: Option<NodeRef<html::Input>>,
    #[prop(optional)] textarea_ref: Option<NodeRef<html::Textarea>>,
) -> impl IntoView {
    let touched = RwSignal::new(false);
    let shown = Memo::new(move |_| error.get().filter(|_| touched.get() || reveal.get()));
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let describedby = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids: Vec<&str> = Vec::new();
            if hint.is_some() {
                ids.push(&hint_id);
            }
            ids.extend(described_by);
            if shown.get().is_some() {
                ids.push(&error_id);
            }
            ids.join(" ")
        }
    };
    let invalid = move || shown.get().is_some().to_string();
    let control = if multiline {
        let node = textarea_ref.unwrap_or_default();
        view! {
            <textarea id=id node_ref=node rows="4" aria-invalid=invalid aria-describedby=describedby
                prop:value=move || value.get()
                on:input=move |ev| { touched.set(true); value.set(event_target_value(&ev)); }
                on:blur=move |_| touched.set(true)></textarea>
        }
        .into_any()
    } else {
        let node = input_ref.unwrap_or_default();
        view! {
            <input id=id node_ref=node type=kind autocomplete=autocomplete spellcheck="false"
                aria-invalid=invalid aria-describedby=describedby
                prop:value=move || value.get()
                on:input=move |ev| { touched.set(true); value.set(event_target_value(&ev)); }
                on:blur=move |_| touched.set(true) />
        }
        .into_any()
    };
    view! {
        <div class="field" class:invalid=move || shown.get().is_some()>
            <label for=id>{label}</label>
            {hint.map(|h| view! { <p id=hint_id class="hint">{h}</p> })}
            {control}
            <p id=error_id class="field-error" hidden=move || shown.get().is_none()>{move || shown.get()}</p>
        </div>
    }
}
