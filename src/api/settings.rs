//! The gateway's address and API key, kept in this browser's storage between visits.
//! Storage can refuse (private windows, blocked site data, a full quota): saving says so.

use super::ApiClient;
use std::fmt;
use wasm_bindgen::JsValue;

const BASE_KEY: &str = "patchbay.gateway";
const KEY_KEY: &str = "patchbay.apiKey";

/// The browser refused to keep the settings; `reason` is its own words (name and message).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotSaved {
    pub reason: String,
}

impl fmt::Display for NotSaved {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Not saved: this browser refused to store the settings ({}). The app still uses the gateway it used \
             before. Allow this site to store data (private windows and some privacy settings block it), then \
             save again; what you typed is still in the form.",
            self.reason
        )
    }
}

fn storage() -> Result<web_sys::Storage, NotSaved> {
    let window = web_sys::window().ok_or_else(|| NotSaved { reason: "no window".into() })?;
    match window.local_storage() {
        Ok(Some(s)) => Ok(s),
        Ok(None) => Err(NotSaved { reason: "storage is switched off".into() }),
        Err(e) => Err(refused(e)),
    }
}

/// The browser's words for a refusal: a `DOMException`'s name and message.
fn refused(e: JsValue) -> NotSaved {
    let part = |k: &str| js_sys::Reflect::get(&e, &k.into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
    let (name, message) = (part("name"), part("message"));
    let reason = match (name.is_empty(), message.is_empty()) {
        (false, false) => format!("{name}: {message}"),
        (false, true) => name,
        (true, false) => message,
        (true, true) => "no reason given".into(),
    };
    NotSaved { reason }
}

impl ApiClient {
    /// Reads the base URL and key saved on the Settings page (default: same origin).
    pub fn from_settings() -> Self {
        let s = storage().ok();
        let get = |k| s.as_ref().and_then(|s| s.get_item(k).ok().flatten()).filter(|v: &String| !v.is_empty());
        Self { base: get(BASE_KEY).unwrap_or_default().trim_end_matches('/').to_string(), api_key: get(KEY_KEY) }
    }

    /// Saves the base URL and key for the next visits. All or nothing: when the second
    /// write is refused, the first is put back, so the next visit never pairs a new
    /// address with an old key.
    pub fn save(&self) -> Result<(), NotSaved> {
        let s = storage()?;
        let before = s.get_item(BASE_KEY).ok().flatten();
        s.set_item(BASE_KEY, &self.base).map_err(refused)?;
        let key = match &self.api_key {
            Some(k) => s.set_item(KEY_KEY, k),
            None => s.remove_item(KEY_KEY),
        };
        key.map_err(|e| {
            let _ = match &before {
                Some(b) => s.set_item(BASE_KEY, b),
                None => s.remove_item(BASE_KEY),
            };
            refused(e)
        })
    }
}
