//! The one client every HTTP call goes through. Each failure becomes an `ApiError`
//! whose `Display` is a sentence a person can act on.

use gloo_net::http::{Method, RequestBuilder};
use patchbay_wire::{
    AgentSummary, AuthMode, CreateTool, ErrorBody, GatewayInfo, McpServerTool, Tool, ToolDeleted, ToolList, UpdateTool,
};
use serde::{Serialize, de::DeserializeOwned};
use std::fmt;

const BASE_KEY: &str = "patchbay.gateway";
const KEY_KEY: &str = "patchbay.apiKey";

/// Where the gateway is and how to call it; provided as context by `App`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiClient {
    /// Base URL without trailing slash; empty means this page's own origin.
    pub base: String,
    /// Sent as `Authorization: Bearer <key>` when set (gateways off loopback need one).
    pub api_key: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// The request never got an answer.
    Unreachable { base: String },
    /// The gateway answered with an error; `detail` is its sentence.
    Http { status: u16, detail: String, field: Option<String> },
    /// The gateway answered something this app cannot read.
    Unexpected { what: String },
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unreachable { base } => write!(
                f,
                "The gateway at {base} did not answer. Check that it is running, or fix its address in Settings."
            ),
            Self::Http { detail, .. } => f.write_str(detail),
            Self::Unexpected { what } => write!(
                f,
                "The gateway answered something this app cannot read ({what}). Check that Settings points at a Patchbay or SeekrFlow gateway."
            ),
        }
    }
}

impl std::error::Error for ApiError {}

impl ApiError {
    /// The form field the gateway blamed, if any (`name`, `config.URL`, ...).
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::Http { field, .. } => field.as_deref(),
            _ => None,
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

impl ApiClient {
    /// Reads the base URL and key saved on the Settings page (default: same origin).
    pub fn from_settings() -> Self {
        let get = |k| storage().and_then(|s| s.get_item(k).ok().flatten()).filter(|v: &String| !v.is_empty());
        Self { base: get(BASE_KEY).unwrap_or_default().trim_end_matches('/').to_string(), api_key: get(KEY_KEY) }
    }

    /// Saves the base URL and key for the next visits.
    pub fn save(&self) {
        if let Some(s) = storage() {
            let _ = s.set_item(BASE_KEY, &self.base);
            let _ = match &self.api_key {
                Some(k) => s.set_item(KEY_KEY, k),
                None => s.remove_item(KEY_KEY),
            };
        }
    }

    /// The gateway's address for sentences: the base URL, or this page's origin.
    pub fn base_label(&self) -> String {
        if self.base.is_empty() {
            web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_else(|| "this site".into())
        } else {
            self.base.clone()
        }
    }

    fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let mut req = RequestBuilder::new(&format!("{}{}", self.base, path)).method(method);
        if let Some(key) = &self.api_key {
            req = req.header("Authorization", &format!("Bearer {key}"));
        }
        req
    }

    /// The one place a request goes out. Not generic, so the bundle carries it once;
    /// only `decode` is instantiated per answer type.
    async fn fetch(
        &self,
        method: Method,
        path: &str,
        json: Option<String>,
        abort: Option<&web_sys::AbortSignal>,
    ) -> Result<String, ApiError> {
        let builder = self.request(method, path).abort_signal(abort);
        let req = match json {
            Some(body) => builder.header("Content-Type", "application/json").body(body),
            None => builder.build(),
        }
        .map_err(|e| ApiError::Unexpected { what: e.to_string() })?;
        let res = req.send().await.map_err(|_| ApiError::Unreachable { base: self.base_label() })?;
        let status = res.status();
        let text = res.text().await.map_err(|_| ApiError::Unreachable { base: self.base_label() })?;
        if !(200..300).contains(&status) {
            let body = serde_json::from_str::<ErrorBody>(&text).ok();
            return Err(ApiError::Http {
                status,
                detail: body.as_ref().map(|b| b.detail.clone()).unwrap_or_else(|| fallback_sentence(status)),
                field: body.and_then(|b| b.field),
            });
        }
        Ok(text)
    }

    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        decode(&self.fetch(Method::GET, path, None, None).await?)
    }

    /// A GET that a poller can cancel when its page goes away.
    pub async fn get_abortable<T: DeserializeOwned>(
        &self,
        path: &str,
        abort: Option<&web_sys::AbortSignal>,
    ) -> Result<T, ApiError> {
        decode(&self.fetch(Method::GET, path, None, abort).await?)
    }

    pub async fn delete<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        decode(&self.fetch(Method::DELETE, path, None, None).await?)
    }

    pub async fn post<B: Serialize, T: DeserializeOwned>(&self, path: &str, body: &B) -> Result<T, ApiError> {
        decode(&self.fetch(Method::POST, path, Some(encode(body)?), None).await?)
    }

    pub async fn patch<B: Serialize, T: DeserializeOwned>(&self, path: &str, body: &B) -> Result<T, ApiError> {
        decode(&self.fetch(Method::PATCH, path, Some(encode(body)?), None).await?)
    }
}

fn encode<B: Serialize>(body: &B) -> Result<String, ApiError> {
    serde_json::to_string(body).map_err(|e| ApiError::Unexpected { what: e.to_string() })
}

fn decode<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    serde_json::from_str(text).map_err(|e| ApiError::Unexpected { what: e.to_string() })
}

/// The calls the pages make, named for what they do.
impl ApiClient {
    pub async fn list_tools(&self) -> Result<ToolList, ApiError> {
        self.get("/v1/flow/tools?limit=1000").await
    }

    pub async fn tool(&self, id: &str, abort: Option<&web_sys::AbortSignal>) -> Result<Tool, ApiError> {
        self.get_abortable(&tool_path(id, ""), abort).await
    }

    /// `mode` tells the gateway which sign-in the person chose, so it can say when the
    /// server wants another one.
    pub async fn create_tool(&self, body: &CreateTool, mode: AuthMode) -> Result<Tool, ApiError> {
        self.post(&format!("/v1/flow/tools?expect_auth={}", mode.as_str()), body).await
    }

    pub async fn update_tool(&self, id: &str, body: &UpdateTool) -> Result<Tool, ApiError> {
        self.patch(&tool_path(id, ""), body).await
    }

    pub async fn delete_tool(&self, id: &str) -> Result<ToolDeleted, ApiError> {
        self.delete(&tool_path(id, "")).await
    }

    pub async fn tool_agents(&self, id: &str) -> Result<Vec<AgentSummary>, ApiError> {
        self.get(&tool_path(id, "/agents")).await
    }

    pub async fn server_tools(&self, id: &str) -> Result<Vec<McpServerTool>, ApiError> {
        self.get(&tool_path(id, "/mcp/tools")).await
    }

    pub async fn info(&self) -> Result<GatewayInfo, ApiError> {
        self.get("/v1/patchbay/info").await
    }
}

/// Ids come from the gateway, but a hand-edited address could put anything in one.
fn tool_path(id: &str, rest: &str) -> String {
    format!("/v1/flow/tools/{}{rest}", js_sys::encode_uri_component(id))
}

/// For error answers without a JSON `detail` (a proxy's page, say).
fn fallback_sentence(status: u16) -> String {
    match status {
        401 | 403 => "The gateway refused the API key. Enter a valid key in Settings.".into(),
        404 => "The gateway has no such thing; it may have been deleted. Reload the list.".into(),
        429 => "The gateway is busy; wait a moment and try again.".into(),
        502..=504 => "The gateway did not answer in time. Check that it is running.".into(),
        _ => format!("The gateway answered with error {status}; try again, and check its log if it persists."),
    }
}
