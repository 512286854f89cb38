//! The OAuth sign-in window and the message it sends back. The popup is opened blank in
//! the click handler (browsers only allow windows opened during a click) and sent to the
//! authorization URL once the gateway has answered; `/authorized` reports the outcome
//! over a `BroadcastChannel`, which still works when COOP cuts `window.opener`.

use crate::url::safe_http_url;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use wasm_bindgen::{JsCast, closure::Closure};

/// The channel the `/authorized` page and every app tab share.
pub const CHANNEL: &str = "patchbay-auth";
/// The window name, so a second sign-in reuses the same popup instead of stacking them.
pub const WINDOW_NAME: &str = "patchbay-signin";

/// What `/authorized` tells the app's other tabs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthResult {
    /// The tool the sign-in was for.
    pub tool: String,
    /// True when the gateway stored the tokens.
    pub ok: bool,
    /// The gateway's sentence when it did not.
    #[serde(default)]
    pub error: Option<String>,
}

/// The latest sign-in result heard on the channel; provided as context by `App`.
#[derive(Clone, Copy)]
pub struct AuthEvents(pub ReadSignal<Option<AuthResult>>);

/// Listens on the channel for the app's whole life and provides `AuthEvents`.
/// Browsers without `BroadcastChannel` simply never hear anything; polling covers them.
pub fn provide_auth_events() {
    let (latest, set_latest) = signal(None::<AuthResult>);
    provide_context(AuthEvents(latest));
    let Some(channel) = open_channel() else { return };
    let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
        if let Some(result) = ev.data().as_string().and_then(|s| serde_json::from_str(&s).ok()) {
            set_latest.set(Some(result));
        }
    });
    channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // Both live as long as the page: the App is never unmounted.
    on_message.forget();
    std::mem::forget(channel);
}

/// Tells every app tab how the sign-in ended (called by the `/authorized` page).
pub fn announce(result: &AuthResult) {
    if let (Some(channel), Ok(json)) = (open_channel(), serde_json::to_string(result)) {
        let _ = channel.post_message(&json.into());
        channel.close();
    }
}

fn open_channel() -> Option<web_sys::BroadcastChannel> {
    let window = web_sys::window()?;
    // Feature-detect: constructing a missing class would throw.
    if !js_sys::Reflect::has(&window, &"BroadcastChannel".into()).unwrap_or(false) {
        return None;
    }
    web_sys::BroadcastChannel::new(CHANNEL).ok()
}

thread_local! {
    /// The sign-in window this tab opened, and the tool it is for.
    static POPUP: RefCell<Option<(String, web_sys::Window)>> = const { RefCell::new(None) };
}

/// Opens an empty sign-in window; call it synchronously inside the click handler.
/// `None` when the browser blocked it.
pub fn open_blank() -> Option<web_sys::Window> {
    let popup = web_sys::window()?
        .open_with_url_and_target_and_features("about:blank", WINDOW_NAME, "popup,width=520,height=720")
        .ok()
        .flatten()?;
    // Something to read while the gateway prepares the sign-in (same origin while blank).
    if let Some(body) = popup.document().and_then(|d| d.body()) {
        body.set_text_content(Some("Preparing the sign-in page…"));
    }
    // The provider's pages will load in it: they must not be able to steer this window
    // (the result comes back over the channel, not through `opener`).
    let _ = js_sys::Reflect::set(&popup, &"opener".into(), &wasm_bindgen::JsValue::NULL);
    Some(popup)
}

/// Sends an opened window to the authorization URL and remembers it for `tool`.
/// Returns false when the window is gone (the person closed it already), or when the URL
/// is not plain http(s): then the window is closed unopened, since the popup shares this
/// origin and a `javascript:` URL would run in it; the tool's page says why.
pub fn send_to(popup: web_sys::Window, tool: &str, authorization_url: &str) -> bool {
    let Some(url) = safe_http_url(authorization_url) else {
        discard(popup);
        return false;
    };
    if popup.closed().unwrap_or(true) || popup.location().set_href(&url).is_err() {
        return false;
    }
    POPUP.with(|p| *p.borrow_mut() = Some((tool.to_string(), popup)));
    true
}

/// Closes a window opened for a create that then failed.
pub fn discard(popup: web_sys::Window) {
    let _ = popup.close();
}

/// True while the window this tab opened for `tool` is still open.
pub fn is_open_for(tool: &str) -> bool {
    POPUP.with(|p| p.borrow().as_ref().is_some_and(|(id, w)| id == tool && !w.closed().unwrap_or(true)))
}
