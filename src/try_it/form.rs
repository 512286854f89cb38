//! The generated form's controls: one per field of `schema`, each labelled, with its
//! description as a hint and its problem (ours or the gateway's) beside it.

use super::arguments::{Entry, Problem};
use super::schema::{Control, Field};
use leptos::prelude::*;

/// A field's live value, shaped like `Entry`.
#[derive(Clone)]
pub enum Slot {
    Text(RwSignal<String>),
    Flag(RwSignal<bool>),
    Pick(RwSignal<Option<usize>>),
    /// Rows with a key each, so removing one keeps the values of the others.
    Rows(RwSignal<Vec<(u32, Slot)>>),
    Group(Vec<Slot>),
}

pub type Slots = Vec<Slot>;

impl Slot {
    /// The value now, as the pure side reads it.
    pub fn snapshot(&self) -> Entry {
        match self {
            Self::Text(s) => Entry::Text(s.get_untracked()),
            Self::Flag(s) => Entry::Flag(s.get_untracked()),
            Self::Pick(s) => Entry::Pick(s.get_untracked()),
            Self::Rows(rows) => Entry::Rows(rows.with_untracked(|r| r.iter().map(|(_, s)| s.snapshot()).collect())),
            Self::Group(slots) => Entry::Group(slots.iter().map(Slot::snapshot).collect()),
        }
    }
}

/// What every control of one form shares: its id prefix, its problems, its row keys.
#[derive(Clone, Copy)]
pub struct FormCtx {
    form: u32,
    /// (control path, sentence): each control shows those at its own path.
    problems: RwSignal<Vec<Problem>>,
    next_key: StoredValue<u32>,
}

impl FormCtx {
    pub fn new(form: u32) -> Self {
        Self { form, problems: RwSignal::new(Vec::new()), next_key: StoredValue::new(0) }
    }

    pub fn slot(&self, entry: Entry) -> Slot {
        match entry {
            Entry::Text(t) => Slot::Text(RwSignal::new(t)),
            Entry::Flag(b) => Slot::Flag(RwSignal::new(b)),
            Entry::Pick(p) => Slot::Pick(RwSignal::new(p)),
            Entry::Rows(rows) => {
                Slot::Rows(RwSignal::new(rows.into_iter().map(|r| (self.key(), self.slot(r))).collect()))
            }
            Entry::Group(entries) => Slot::Group(entries.into_iter().map(|e| self.slot(e)).collect()),
        }
    }

    pub(super) fn key(&self) -> u32 {
        self.next_key.update_value(|k| *k += 1);
        self.next_key.get_value()
    }

    pub fn show(&self, problems: Vec<Problem>) {
        self.problems.try_set(problems);
    }

    pub fn clear_all(&self) {
        self.problems.set(Vec::new());
    }

    /// Once a control is edited its problems (and those inside it) are stale.
    pub(super) fn clear(&self, path: &str) {
        let stale = |p: &String| p == path || p.strip_prefix(path).is_some_and(|r| r.starts_with('.'));
        if self.problems.with_untracked(|ps| ps.iter().any(|(p, _)| stale(p))) {
            self.problems.update(|ps| ps.retain(|(p, _)| !stale(p)));
        }
    }

    pub(super) fn problem(&self, path: &str) -> Option<String> {
        self.problems.with(|ps| ps.iter().find(|(p, _)| p == path).map(|(_, d)| d.clone()))
    }

    fn id(&self, field: &Field) -> String {
        format!("try{}-f{}", self.form, field.id)
    }
}

/// The controls for `fields`, `slots` holding their values.
#[component]
pub fn Fields(fields: Vec<Field>, slots: Slots, ctx: FormCtx) -> impl IntoView {
    fields.into_iter().zip(slots).map(|(field, slot)| field_view(field, slot, ctx)).collect_view()
}

fn field_view(field: Field, slot: Slot, ctx: FormCtx) -> AnyView {
    let id = ctx.id(&field);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let path = StoredValue::new(field.path.clone());
    let error = Signal::derive(move || path.with_value(|p| ctx.problem(p)));
    let hint = hint_text(&field);
    let has_hint = hint.is_some();
    let describedby = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.as_str());
            }
            if error.with(Option::is_some) {
                ids.push(error_id.as_str());
            }
            ids.join(" ")
        }
    };
    let invalid = move || error.with(Option::is_some).to_string();
    let label = label_view(&field);
    let hint_p = hint.map(|h| view! { <p id=hint_id.clone() class="hint">{h}</p> });
    let error_p = view! { <p id=error_id class="field-error" hidden=move || error.with(Option::is_none)>{move || error.get()}</p> };
    let edited = move || path.with_value(|p| ctx.clear(p));
    let required = field.required.to_string();

    match (field.control, slot) {
        (Control::Group { fields }, Slot::Group(slots)) => view! {
            <fieldset class="group">
                <legend>{label}</legend>
                {hint_p}
                <Fields fields slots ctx />
                {error_p}
            </fieldset>
        }
        .into_any(),
        (Control::List { item, .. }, Slot::Rows(rows)) => view! {
            <fieldset class="group list-field" aria-describedby=describedby>
                <legend>{label}</legend>
                {hint_p}
                {super::list::rows_view(*item, rows, ctx, id, field.name.clone(), path)}
                {error_p}
            </fieldset>
        }
        .into_any(),
        (Control::Check { .. }, Slot::Flag(value)) => view! {
            <div class="field check" class:invalid=move || error.with(Option::is_some)>
                <input id=id.clone() type="checkbox" aria-invalid=invalid aria-describedby=describedby
                    prop:checked=move || value.get()
                    on:change=move |ev| { value.set(event_target_checked(&ev)); edited(); } />
                <label for=id>{label}</label>
                {hint_p}
                {error_p}
            </div>
        }
        .into_any(),
        (control, slot) => view! {
            <div class="field" class:invalid=move || error.with(Option::is_some)>
                <label for=id.clone()>{label}</label>
                {hint_p}
                {input_view(&control, slot, id, required, describedby, invalid, edited)}
                {error_p}
            </div>
        }
        .into_any(),
    }
}

/// A single input, select or textarea for a scalar control.
pub(super) fn input_view(
    control: &Control,
    slot: Slot,
    id: String,
    required: String,
    describedby: impl Fn() -> String + Send + Sync + Clone + 'static,
    invalid: impl Fn() -> String + Send + Sync + Clone + 'static,
    edited: impl Fn() + Send + Sync + Copy + 'static,
) -> AnyView {
    match (control, slot) {
        (Control::Choice { options, .. }, Slot::Pick(value)) => {
            let empty = if required == "true" { "Choose…" } else { "Not set (leave it out)" };
            view! {
                <select id=id aria-required=required aria-invalid=invalid aria-describedby=describedby
                    prop:value=move || value.get().map(|i| i.to_string()).unwrap_or_default()
                    on:change=move |ev| { value.set(event_target_value(&ev).parse().ok()); edited(); }>
                    <option value="">{empty}</option>
                    {options.iter().enumerate().map(|(i, (label, _))| view! { <option value=i.to_string()>{label.clone()}</option> }).collect_view()}
                </select>
            }
            .into_any()
        }
        (Control::Text { multiline: true, .. } | Control::Json { .. }, Slot::Text(value)) => {
            let json = matches!(control, Control::Json { .. });
            view! {
                <textarea id=id rows=if json { "6" } else { "4" } class:json-editor=json spellcheck="false"
                    aria-required=required aria-invalid=invalid aria-describedby=describedby
                    prop:value=move || value.get()
                    on:input=move |ev| { value.set(event_target_value(&ev)); edited(); }></textarea>
            }
            .into_any()
        }
        (c, Slot::Text(value)) => {
            // Numbers are typed as text: a number input hides what was typed when it is not one.
            let (kind, mode) = match c {
                Control::Text { input, .. } => (*input, "text"),
                Control::Number { integer: true, .. } => ("text", "numeric"),
                _ => ("text", "decimal"),
            };
            view! {
                <input id=id type=kind inputmode=mode autocomplete="off" spellcheck="false"
                    aria-required=required aria-invalid=invalid aria-describedby=describedby
                    prop:value=move || value.get()
                    on:input=move |ev| { value.set(event_target_value(&ev)); edited(); } />
            }
            .into_any()
        }
        _ => ().into_any(),
    }
}

/// The field's name (its title when it has one), marked when required.
fn label_view(field: &Field) -> impl IntoView + use<> {
    let name = field.name.clone();
    let title = field.title.clone().filter(|t| *t != name);
    view! {
        {title.clone().unwrap_or_else(|| name.clone())}
        {title.is_some().then(|| view! { " " <code class="muted">{name.clone()}</code> })}
        {field.required.then(|| view! { " " <span class="req">"required"</span> })}
    }
}

/// The description, then what the control expects (format, range, JSON).
fn hint_text(field: &Field) -> Option<String> {
    let expects: Option<String> = match &field.control {
        Control::Text { hint, .. } => hint.map(str::to_string),
        Control::Number { integer, min, max, .. } => {
            let kind = if *integer { "A whole number" } else { "A number" };
            Some(match (min, max) {
                (Some(lo), Some(hi)) => format!("{kind} from {lo} to {hi}."),
                (Some(lo), None) => format!("{kind}, at least {lo}."),
                (None, Some(hi)) => format!("{kind}, at most {hi}."),
                (None, None) => format!("{kind}."),
            })
        }
        Control::Json { .. } => Some("JSON, checked before it is sent. Leave it empty to leave it out.".into()),
        Control::List { .. } => Some("Add as many items as you need.".into()),
        _ => None,
    };
    match (field.description.clone(), expects) {
        (Some(d), Some(e)) => Some(format!("{d} {e}")),
        (d, e) => d.or(e),
    }
}
