//! The one place a request goes out. `Api` is the handle a component uses: every request
//! it makes gets its own `AbortController`, and all still in flight are aborted when that
//! component goes away (its owner's `on_cleanup`), so no caller plumbs cancelling itself.

use super::ApiError;
use gloo_net::http::{Method, RequestBuilder};
use leptos::prelude::*;
use serde::{Serialize, de::DeserializeOwned};

/// Where the gateway is and how to call it; provided as context by `App`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiClient {
    /// Base URL without trailing slash; empty means this page's own origin.
    pub base: String,
    /// Sent as `Authorization: Bearer <key>` when set (gateways off loopback need one).
    pub api_key: Option<String>,
}

impl ApiClient {
    /// The gateway's address for sentences: the base URL, or this page's origin.
    pub fn base_label(&self) -> String {
        if self.base.is_empty() {
            web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_else(|| "this site".into())
        } else {
            self.base.clone()
        }
    }
}

/// The requests of one component, aborted together when it goes away. `Copy`, so
/// closures and callbacks take it without cloning.
#[derive(Clone, Copy)]
pub struct Api(StoredValue<State, LocalStorage>);

struct State {
    client: ApiClient,
    next: u32,
    /// The requests still waiting for an answer, by number.
    open: Vec<(u32, web_sys::AbortController)>,
}

/// The API for the calling component, talking to the gateway chosen in Settings.
pub fn use_api() -> Api {
    Api::new(expect_context::<ApiClient>())
}

impl Api {
    /// A handle owned by the current component, talking to `client`.
    pub fn new(client: ApiClient) -> Self {
        let state = StoredValue::new_local(State { client, next: 0, open: Vec::new() });
        on_cleanup(move || {
            state.try_update_value(|s| s.open.drain(..).for_each(|(_, c)| c.abort()));
        });
        Self(state)
    }

    /// Points this handle at another gateway (Settings tests an address before saving it).
    pub fn retarget(&self, client: ApiClient) {
        self.0.try_update_value(|s| s.client = client);
    }

    /// The gateway this handle talks to.
    pub fn client(&self) -> ApiClient {
        self.0.try_with_value(|s| s.client.clone()).unwrap_or(ApiClient { base: String::new(), api_key: None })
    }

    /// Sends one request and reads the answer's text. Not generic, so the bundle carries it
    /// once; only `decode` is instantiated per answer type.
    async fn fetch(self, method: Method, path: &str, json: Option<String>) -> Result<String, ApiError> {
        // `None` once the component is gone: nothing is sent for it any more.
        let started = self.0.try_update_value(|s| {
            let controller = web_sys::AbortController::new().ok()?;
            s.next = s.next.wrapping_add(1);
            s.open.push((s.next, controller.clone()));
            Some((s.client.clone(), controller.signal(), s.next))
        });
        let Some((client, signal, id)) = started.flatten() else { return Err(ApiError::Cancelled) };
        let answer = send(&client, method, path, json, &signal).await;
        self.0.try_update_value(|s| s.open.retain(|(i, _)| *i != id));
        if signal.aborted() { Err(ApiError::Cancelled) } else { answer }
    }

    pub(super) async fn get<T: DeserializeOwned>(self, path: &str) -> Result<T, ApiError> {
        decode(&self.fetch(Method::GET, path, None).await?)
    }

    pub(super) async fn delete<T: DeserializeOwned>(self, path: &str) -> Result<T, ApiError> {
        decode(&self.fetch(Method::DELETE, path, None).await?)
    }

    /// A `PUT` without a body (the agents' promote and demote).
    pub(super) async fn put<T: DeserializeOwned>(self, path: &str) -> Result<T, ApiError> {
        decode(&self.fetch(Method::PUT, path, None).await?)
    }

    pub(super) async fn post<B: Serialize, T: DeserializeOwned>(self, path: &str, body: &B) -> Result<T, ApiError> {
        decode(&self.fetch(Method::POST, path, Some(encode(body)?)).await?)
    }

    pub(super) async fn patch<B: Serialize, T: DeserializeOwned>(self, path: &str, body: &B) -> Result<T, ApiError> {
        decode(&self.fetch(Method::PATCH, path, Some(encode(body)?)).await?)
    }
}

async fn send(
    client: &ApiClient,
    method: Method,
    path: &str,
    json: Option<String>,
    signal: &web_sys::AbortSignal,
) -> Result<String, ApiError> {
    let url = format!("{}{}", client.base, path);
    let mut builder = RequestBuilder::new(&url).method(method).abort_signal(Some(signal));
    if let Some(key) = &client.api_key {
        builder = builder.header("Authorization", &format!("Bearer {key}"));
    }
    let req = match json {
        Some(body) => builder.header("Content-Type", "application/json").body(body),
        None => builder.build(),
    }
    .map_err(|e| ApiError::Unexpected { what: e.to_string() })?;
    let unreachable = || ApiError::Unreachable { base: client.base_label() };
    let res = match req.send().await {
        Ok(res) => res,
        Err(_) => {
            // The browser reports a refusal by the page's policy in a task of its own:
            // let it run before telling the two apart.
            gloo_timers::future::TimeoutFuture::new(0).await;
            let refused = super::policy::blocked(&url);
            return Err(if refused { ApiError::NotAllowed { base: client.base_label() } } else { unreachable() });
        }
    };
    let status = res.status();
    let text = res.text().await.map_err(|_| unreachable())?;
    if (200..300).contains(&status) { Ok(text) } else { Err(ApiError::from_answer(status, &text)) }
}

fn encode<B: Serialize>(body: &B) -> Result<String, ApiError> {
    serde_json::to_string(body).map_err(|e| ApiError::Unexpected { what: e.to_string() })
}

fn decode<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    serde_json::from_str(text).map_err(|e| ApiError::Unexpected { what: e.to_string() })
}
