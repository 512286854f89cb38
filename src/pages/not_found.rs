//! Shown for any path the app does not know.

use leptos::prelude::*;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address. "<a href="/tools">"Go to your tools"</a>"."</p>
        </section>
    }
}
