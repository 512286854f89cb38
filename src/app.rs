//! The router and the page frame around every route.

use crate::api::ApiClient;
use crate::components::layout::Layout;
use crate::pages::{
    add_tool::AddToolPage, agent::AgentPage, agent_builder::AgentBuilderPage, agents::AgentsPage,
    authorized::AuthorizedPage, not_found::NotFoundPage, settings::SettingsPage, tool::ToolPage, tools::ToolsPage,
};
use crate::url::encode;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// The app's address of a tool's page (ids come from a gateway: encoded, like every path).
pub fn tool_href(id: &str) -> String {
    format!("/tools/{}", encode(id))
}

/// The app's address of an agent's page.
pub fn agent_href(id: &str) -> String {
    format!("/agents/{}", encode(id))
}

/// The app's address of an agent in the builder.
pub fn agent_edit_href(id: &str) -> String {
    format!("/agents/{}/edit", encode(id))
}

#[component]
pub fn App() -> impl IntoView {
    provide_context(ApiClient::from_settings());
    // One listener for the whole app: every page hears the sign-in window's result.
    crate::signin::provide_auth_events();
    view! {
        <Router>
            <Layout>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=ToolsPage />
                    <Route path=path!("/tools") view=ToolsPage />
                    <Route path=path!("/tools/new") view=AddToolPage />
                    <Route path=path!("/tools/:id") view=ToolPage />
                    <Route path=path!("/authorized") view=AuthorizedPage />
                    <Route path=path!("/agents") view=AgentsPage />
                    <Route path=path!("/agents/new") view=AgentBuilderPage />
                    <Route path=path!("/agents/:id") view=AgentPage />
                    <Route path=path!("/agents/:id/edit") view=AgentBuilderPage />
                    <Route path=path!("/settings") view=SettingsPage />
                </Routes>
            </Layout>
        </Router>
    }
}
