//! A list field's rows: one input per item, each removable, and "Add item". Rows keep a
//! key of their own, so removing one leaves the values typed in the others.

use super::arguments::new_row;
use super::form::{FormCtx, Slot, input_view};
use super::schema::Control;
use leptos::prelude::*;

/// The rows of list `name` (element ids from `list_id`), each filled with an `item` control.
pub fn rows_view(
    item: Control,
    rows: RwSignal<Vec<(u32, Slot)>>,
    ctx: FormCtx,
    list_id: String,
    name: String,
    path: StoredValue<String>,
) -> impl IntoView {
    let item = StoredValue::new(item);
    let edited = move || path.with_value(|p| ctx.clear(p));
    let add = move |_| {
        let row = ctx.slot(item.with_value(new_row));
        rows.update(|r| r.push((ctx.key(), row)));
        edited();
    };
    let add_label = format!("Add item to {name}");
    view! {
        <ul class="rows">
            // Keyed by position too: a row's label and path say where it is now.
            <For each=move || rows.get().into_iter().enumerate()
                key=|(i, (k, _))| (*k, *i)
                children=move |(i, (k, slot))| {
                    let remove = move |_| {
                        rows.update(|r| r.retain(|(x, _)| *x != k));
                        edited();
                    };
                    let row_path = path.with_value(|p| format!("{p}.{i}"));
                    view! {
                        <li>{row_view(item, slot, ctx, format!("{list_id}-r{k}"), format!("{name}, item {}", i + 1), row_path)}
                            <button type="button" class="secondary small" on:click=remove
                                aria-label=format!("Remove item {} of {}", i + 1, name)>"Remove"</button>
                        </li>
                    }
                } />
        </ul>
        <button type="button" class="secondary small" on:click=add aria-label=add_label>"Add item"</button>
    }
}

/// One row: its input, labelled by the list's name and its position, and its problem.
fn row_view(
    item: StoredValue<Control>,
    slot: Slot,
    ctx: FormCtx,
    id: String,
    label: String,
    path: String,
) -> impl IntoView + use<> {
    let error_id = format!("{id}-error");
    let path = StoredValue::new(path);
    let error = Signal::derive(move || path.with_value(|p| ctx.problem(p)));
    let describedby = {
        let error_id = error_id.clone();
        move || if error.with(Option::is_some) { error_id.clone() } else { String::new() }
    };
    let invalid = move || error.with(Option::is_some).to_string();
    let edited = move || path.with_value(|p| ctx.clear(p));
    view! {
        <label class="visually-hidden" for=id.clone()>{label}</label>
        {item.with_value(|c| input_view(c, slot, id, "true".into(), describedby, invalid, edited))}
        <span id=error_id class="field-error" hidden=move || error.with(Option::is_none)>{move || error.get()}</span>
    }
}
