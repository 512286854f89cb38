//! The router and the page frame around every route. The Tools list is in the first
//! download; every other page's code is fetched on its first visit (see `LazyPage`).

use crate::api::ApiClient;
use crate::components::layout::Layout;
use crate::components::lazy_page::LazyPage;
use crate::lazy_page;
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

lazy_page!(add_tool, AddToolPage);
lazy_page!(tool, ToolPage);
lazy_page!(authorized, AuthorizedPage);
lazy_page!(agents, AgentsPage);
lazy_page!(agent, AgentPage);
lazy_page!(agent_builder, AgentBuilderPage);
lazy_page!(settings, SettingsPage);

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
                    <Route path=path!("/tools/new") view=|| view! { <LazyPage load=add_tool::load /> } />
                    <Route path=path!("/tools/:id") view=|| view! { <LazyPage load=tool::load /> } />
                    <Route path=path!("/authorized") view=|| view! { <LazyPage load=authorized::load /> } />
                    <Route path=path!("/agents") view=|| view! { <LazyPage load=agents::load /> } />
                    <Route path=path!("/agents/new") view=|| view! { <LazyPage load=agent_builder::load /> } />
                    <Route path=path!("/agents/:id") view=|| view! { <LazyPage load=agent::load /> } />
                    <Route path=path!("/agents/:id/edit") view=|| view! { <LazyPage load=agent_builder::load /> } />
                    <Route path=path!("/settings") view=|| view! { <LazyPage load=settings::load /> } />
                </Routes>
            </Layout>
        </Router>
    }
}
