//! Placeholder: built by its issue.

use leptos::prelude::*;

#[component]
pub fn ToolPage() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"Tool"</h1>
        </section>
    }
}
