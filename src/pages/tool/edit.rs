//! The tool's name and description, edited in place with the same checks as the Add form.

use crate::api::use_api;
use crate::components::{DescriptionHint, TextField};
use crate::refusal::Refusal;
use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use patchbay_wire::{Tool, ToolType, UpdateTool, validate};

const NAME: &str = "name";
const DESCRIPTION: &str = "description";

#[component]
pub fn EditDetails(tool: RwSignal<Option<Tool>>) -> impl IntoView {
    let api = use_api();
    let editing = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let refused = RwSignal::new(None::<Refusal>);
    let (saved, set_saved) = signal(String::new());
    let name_ref = NodeRef::<html::Input>::new();
    let edit_ref = NodeRef::<html::Button>::new();

    let start = move |_| {
        let t = tool.get_untracked().unwrap_or_else(|| unreachable!("shown only with a tool"));
        name.set(t.name);
        description.set(t.description.unwrap_or_default());
        refused.set(None);
        set_saved.set(String::new());
        editing.set(true);
        request_animation_frame(move || {
            if let Some(el) = name_ref.get_untracked() {
                let _ = el.focus();
            }
        });
    };
    let stop = move || {
        editing.set(false);
        request_animation_frame(move || {
            if let Some(el) = edit_ref.get_untracked() {
                let _ = el.focus();
            }
        });
    };
    // Our check first; then the gateway's refusal at this field, until its value changes.
    let check = move |field: &'static str, value: RwSignal<String>, own: fn(&str) -> Result<(), String>| {
        Signal::derive(move || {
            value.with(|v| own(v).err().or_else(|| refused.with(|r| r.as_ref().and_then(|r| r.at(field, v)))))
        })
    };
    let name_error = check(NAME, name, validate::name);
    let description_error = check(DESCRIPTION, description, validate::description);
    let general = move || refused.with(|r| r.as_ref().and_then(|r| r.general.clone()));

    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() || name_error.get_untracked().is_some() || description_error.get_untracked().is_some() {
            return;
        }
        let Some(id) = tool.with_untracked(|t| t.as_ref().map(|t| t.id.clone())) else { return };
        let body = UpdateTool {
            tool_type: Some(ToolType::McpConnector),
            name: Some(name.get_untracked().trim().to_string()),
            description: Some(description.get_untracked().trim().to_string()),
            config: None,
        };
        busy.set(true);
        spawn_local(async move {
            match api.update_tool(&id, &body).await {
                Ok(updated) => {
                    tool.set(Some(updated));
                    set_saved.set("Saved.".into());
                    stop();
                }
                Err(e) => {
                    let value = |f: &str| if f == NAME { name } else { description }.get_untracked();
                    refused.try_set(Some(Refusal::new(&e, &[NAME, DESCRIPTION], value)));
                }
            }
            busy.set(false);
        });
    };

    view! {
        <section class="card" aria-labelledby="about-heading">
            <h2 id="about-heading">"Name and description"</h2>
            <Show when=move || editing.get()
                fallback=move || view! {
                    <p class="description">{move || tool.with(|t| t.as_ref().and_then(|t| t.description.clone()))}</p>
                    <button type="button" class="secondary" node_ref=edit_ref on:click=start>"Edit name and description"</button>
                }>
                <form novalidate on:submit=save>
                    <p class="error" role="alert" hidden=move || general().is_none()>{general}</p>
                    <TextField id="edit-name" label="Name" value=name error=name_error input_ref=name_ref />
                    <TextField id="edit-description" label="Description" value=description error=description_error
                        multiline=true described_by="edit-description-hint" />
                    <DescriptionHint text=description id="edit-description-hint" />
                    <div class="actions">
                        <button type="submit" disabled=move || busy.get()>{move || if busy.get() { "Saving…" } else { "Save" }}</button>
                        <button type="button" class="secondary" on:click=move |_| stop()>"Cancel"</button>
                    </div>
                </form>
            </Show>
            <p class="visually-hidden" role="status">{saved}</p>
        </section>
    }
}
