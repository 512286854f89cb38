//! Patchbay's single-page app: connect remote MCP servers to AI agents.
//!
//! `app` holds the routes and layout, `router` follows the address, `pages` one routed page per file,
//! `components` shared widgets, `hooks` reusable reactive logic (polling, sign-in events),
//! `signin` the OAuth popup and its broadcast, `api` the one client every HTTP call goes
//! through (one module per resource), `url` the one encoder and the http(s)-only check,
//! `try_it` a server tool's generated form and its result, `snippets` MCP clients' set-up,
//! `text` the browser's lowercasing.

pub mod api;
pub mod app;
pub mod components;
pub mod format;
pub mod hooks;
pub mod pages;
pub mod refusal;
pub mod router;
pub mod signin;
pub mod snippets;
pub mod text;
pub mod try_it;
pub mod url;
