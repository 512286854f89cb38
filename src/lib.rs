//! Patchbay's single-page app: connect remote MCP servers to AI agents.
//!
//! `app` holds the router and layout, `pages` one routed page per file,
//! `components` shared widgets, `api` the one client every HTTP call goes through.

pub mod api;
pub mod app;
pub mod components;
pub mod pages;
