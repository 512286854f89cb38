//! Patchbay's single-page app: connect remote MCP servers to AI agents.
//!
//! `app` holds the router and layout, `pages` one routed page per file,
//! `components` shared widgets, `hooks` reusable reactive logic (polling), `signin` the
//! OAuth popup and its broadcast, `api` the one client every HTTP call goes through.

pub mod api;
pub mod app;
pub mod components;
pub mod format;
pub mod hooks;
pub mod pages;
pub mod signin;
