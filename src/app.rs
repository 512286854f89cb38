//! The router and the page frame around every route.

use crate::api::ApiClient;
use crate::components::layout::Layout;
use crate::pages::{agents::AgentsPage, not_found::NotFoundPage, settings::SettingsPage, tools::ToolsPage};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    provide_context(ApiClient::from_settings());
    view! {
        <Router>
            <Layout>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=ToolsPage />
                    <Route path=path!("/tools") view=ToolsPage />
                    <Route path=path!("/agents") view=AgentsPage />
                    <Route path=path!("/settings") view=SettingsPage />
                </Routes>
            </Layout>
        </Router>
    }
}
