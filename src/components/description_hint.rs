//! Live coaching for a tool description, from the seed's best practice: say when the
//! agent should use the tool and what it gives.

use leptos::prelude::*;
use patchbay_wire::validate::description_hint;

/// Shows a hint while `text` is too vague for an agent, and a short confirmation once it
/// is specific; give the textarea `aria-describedby` = `id` so screen readers hear it.
#[component]
pub fn DescriptionHint(
    /// The description as typed.
    #[prop(into)]
    text: Signal<String>,
    /// The element id, for the field's `aria-describedby`.
    #[prop(default = "description-hint")]
    id: &'static str,
) -> impl IntoView {
    let hint = Memo::new(move |_| text.with(|t| description_hint(t)));
    view! {
        <p id=id class="coach" aria-live="polite">
            {move || match (hint.get(), text.with(|t| t.trim().is_empty())) {
                (_, true) => view! {
                    <span class="muted">"Tell the agent when to use this tool and what it gives."</span>
                }.into_any(),
                (Some(h), false) => view! { <span class="coach-tip">"Tip: "{h}</span> }.into_any(),
                (None, false) => view! {
                    <span class="coach-good">"Good: it says when to use the tool and what it gives."</span>
                }.into_any(),
            }}
        </p>
    }
}
