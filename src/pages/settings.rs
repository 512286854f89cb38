//! Settings: which gateway the app talks to.

use crate::api::ApiClient;
use leptos::prelude::*;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let api = expect_context::<ApiClient>();
    view! {
        <section class="page">
            <h1>"Settings"</h1>
            <p class="lead">"This app talks to the gateway at "<code>{api.base_label()}</code>"."</p>
        </section>
    }
}
