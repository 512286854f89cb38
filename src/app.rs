//! The routes and the page frame around every page. The Tools list is in the first
//! download; every other page's code is fetched on its first visit (see `LazyPage`).

use crate::api::ApiClient;
use crate::components::layout::Layout;
use crate::components::lazy_page::LazyPage;
use crate::lazy_page;
use crate::pages::{
    add_tool::AddToolPage, agent::AgentPage, agent_builder::AgentBuilderPage, agents::AgentsPage,
    authorized::AuthorizedPage, not_found::NotFoundPage, settings::SettingsPage, tool::ToolPage, tools::ToolsPage,
};
use crate::router::{Route, provide_router};
use crate::url::encode;
use leptos::prelude::*;

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
    crate::api::policy::watch();
    let location = provide_router();
    // A page is built anew only when the route changes (`/` and `/tools` are one page).
    let route = Memo::new(move |_| location.route());
    view! {
        <Layout>
            {move || match route.get() {
                Route::Tools => view! { <ToolsPage /> }.into_any(),
                Route::AddTool => view! { <LazyPage load=add_tool::load /> }.into_any(),
                Route::Tool { .. } => view! { <LazyPage load=tool::load /> }.into_any(),
                Route::Authorized => view! { <LazyPage load=authorized::load /> }.into_any(),
                Route::Agents => view! { <LazyPage load=agents::load /> }.into_any(),
                Route::AgentBuilder { .. } => view! { <LazyPage load=agent_builder::load /> }.into_any(),
                Route::Agent { .. } => view! { <LazyPage load=agent::load /> }.into_any(),
                Route::Settings => view! { <LazyPage load=settings::load /> }.into_any(),
                Route::NotFound => view! { <NotFoundPage /> }.into_any(),
            }}
        </Layout>
    }
}
