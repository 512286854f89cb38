//! The app's own client-side router, in place of `leptos_router`, which weighed about a
//! fifth of the first load's wasm (80 of 420 KB raw, measured with twiggy) for what the app
//! uses of it: nine fixed routes, an id in the path, a query string, `pushState`.
//!
//! `provide_router` keeps the current address in a signal, updated by `navigate`, by the
//! browser's back and forward (`popstate`) and by clicks on same-origin links, which it
//! turns into in-app navigations as `leptos_router` does. `routes` says which page an
//! address shows.

mod routes;

pub use routes::{Route, is_current_section};

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The address the app shows: its path and its route, read reactively.
#[derive(Clone, Copy)]
pub struct Location {
    path: RwSignal<String>,
}

impl Location {
    /// The current path (tracked).
    pub fn path(&self) -> String {
        self.path.get()
    }

    /// The current page (tracked).
    pub fn route(&self) -> Route {
        self.path.with(|p| Route::from_path(p))
    }
}

thread_local! {
    /// The app's one location, for `navigate`, which runs in event handlers and tasks
    /// where no reactive context can be looked up.
    static CURRENT: std::cell::Cell<Option<Location>> = const { std::cell::Cell::new(None) };
}

/// Starts following the browser's address; call once, in `App`.
pub fn provide_router() -> Location {
    let location = Location { path: RwSignal::new(window_path()) };
    CURRENT.set(Some(location));
    let on_pop = window_event_listener(ev::popstate, move |_| location.path.set(window_path()));
    let on_click = window_event_listener(ev::click, move |ev| {
        if let Some(to) = in_app_link(&ev) {
            ev.prevent_default();
            navigate(&to);
        }
    });
    on_cleanup(move || {
        on_pop.remove();
        on_click.remove();
    });
    location
}

/// The router's location; `provide_router` must have run.
pub fn use_location() -> Location {
    CURRENT.get().expect("provide_router runs in App before any page")
}

/// The id in the current address (a tool's or an agent's), read once: a page with an id
/// is built anew when the address changes.
pub fn route_id() -> Option<String> {
    use_location().path.with_untracked(|p| Route::from_path(p).id().map(str::to_owned))
}

/// One query parameter of the current address, decoded.
pub fn query(name: &str) -> Option<String> {
    let search = window().location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()?.get(name)
}

/// Shows `to` (a path with an optional query) as a new history entry, at the page's top.
pub fn navigate(to: &str) {
    let w = window();
    if w.history().and_then(|h| h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(to))).is_err() {
        // No history API: a full load still shows the page.
        let _ = w.location().set_href(to);
        return;
    }
    if let Some(location) = CURRENT.get() {
        location.path.set(window_path());
    }
    w.scroll_to_with_x_and_y(0.0, 0.0);
}

fn window_path() -> String {
    window().location().pathname().unwrap_or_else(|_| "/".into())
}

/// The path and query of a click on a link this app can show itself: a plain left click
/// (no modifier keys) on a same-origin `<a>` without `target`, `download` or
/// `rel="external"`, to another address than the current one's fragment.
fn in_app_link(ev: &web_sys::MouseEvent) -> Option<String> {
    if ev.default_prevented() || ev.button() != 0 || ev.meta_key() || ev.ctrl_key() || ev.shift_key() || ev.alt_key() {
        return None;
    }
    let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
    let a: web_sys::HtmlAnchorElement = target.closest("a[href]").ok()??.dyn_into().ok()?;
    let here = window().location();
    let external = a.rel().split_ascii_whitespace().any(|r| r == "external");
    if external || !a.target().is_empty() || a.has_attribute("download") || a.origin() != here.origin().ok()? {
        return None;
    }
    let (path, search) = (a.pathname(), a.search());
    // A link to a fragment of this same page (the skip link) is the browser's to follow.
    if !a.hash().is_empty() && here.pathname().ok()? == path && here.search().ok()? == search {
        return None;
    }
    Some(format!("{path}{search}"))
}
