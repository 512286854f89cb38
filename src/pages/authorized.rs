//! Placeholder: built by its issue.

use leptos::prelude::*;

#[component]
pub fn AuthorizedPage() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"Signing in"</h1>
        </section>
    }
}
