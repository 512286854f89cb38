//! A value shown in full with a button that copies it, and says so.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;

/// The value in a code box and a "Copy" button; the result is announced politely.
#[component]
pub fn CopyButton(
    /// What to copy (and show).
    #[prop(into)]
    text: Signal<String>,
    /// What the value is, for the button's accessible name ("Copy redirect URI").
    #[prop(into)]
    what: String,
) -> impl IntoView {
    let (said, set_said) = signal(String::new());
    let copy = move |_| {
        let value = text.get_untracked();
        spawn_local(async move {
            let copied = match web_sys::window().map(|w| w.navigator().clipboard()) {
                Some(c) => JsFuture::from(c.write_text(&value)).await.is_ok(),
                None => false,
            };
            set_said.set(if copied { "Copied.".into() } else { "Could not copy; select the text and copy it.".into() });
        });
    };
    view! {
        <div class="copy-box">
            <code>{text}</code>
            <button type="button" class="secondary small" on:click=copy aria-label=format!("Copy {what}")>"Copy"</button>
            <span class="copy-said" role="status">{said}</span>
        </div>
    }
}
