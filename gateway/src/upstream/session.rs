//! Upstream MCP sessions, kept open per connector and reused across calls (streamable
//! HTTP through rmcp). A session is opened with the connector's bearer; a new bearer
//! (after a refresh) opens a new one. A session the server dropped (404 on its id) is
//! re-initialized by rmcp itself (`reinit_on_expired_session`); one that broke is
//! forgotten and reopened on the next call. The server's `tools/list_changed` and
//! progress notifications come back through `Handler`.

use crate::upstream::mcp::{classify, refused_token};
use crate::upstream::{Upstream, UpstreamError};
use rmcp::model::{
    CallToolRequest, CallToolRequestParams, CallToolResult, CancelledNotificationParam, ClientRequest, JsonObject,
    ProgressNotificationParam, ServerResult,
};
use rmcp::service::{NotificationContext, PeerRequestOptions, RunningService};
use rmcp::transport::StreamableHttpClientTransport;
use rmcp::transport::streamable_http_client::StreamableHttpClientTransportConfig;
use rmcp::{ClientHandler, RoleClient, ServiceExt};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

pub use crate::upstream::progress::ProgressSink;
use crate::upstream::progress::Routes;

/// Hears the upstream server's notifications for one connector.
struct Handler {
    tool_id: String,
    progress: Arc<Routes>,
    list_changed: tokio::sync::mpsc::UnboundedSender<String>,
}

impl ClientHandler for Handler {
    async fn on_progress(&self, params: ProgressNotificationParam, _: NotificationContext<RoleClient>) {
        self.progress.deliver(params);
    }

    async fn on_tool_list_changed(&self, _: NotificationContext<RoleClient>) {
        let _ = self.list_changed.send(self.tool_id.clone());
    }
}

struct Live {
    token: Option<String>,
    client: RunningService<RoleClient, Handler>,
    progress: Arc<Routes>,
}

/// The open sessions, one per connector.
pub struct Pool {
    live: tokio::sync::Mutex<HashMap<String, Arc<Live>>>,
    list_changed: tokio::sync::mpsc::UnboundedSender<String>,
}

/// One call to make.
pub struct Call<'a> {
    pub tool_id: &'a str,
    pub url: &'a str,
    pub token: Option<&'a str>,
    pub name: &'a str,
    pub arguments: Option<JsonObject>,
    pub progress: Option<ProgressSink>,
    /// Cancelled when the downstream client cancels; the upstream request is cancelled too.
    pub cancel: CancellationToken,
    pub timeout: Duration,
}

impl Pool {
    /// A pool whose servers' `tools/list_changed` arrive on `list_changed` as tool ids.
    pub fn new(list_changed: tokio::sync::mpsc::UnboundedSender<String>) -> Self {
        Self { live: Default::default(), list_changed }
    }

    async fn session(&self, up: &Upstream, call: &Call<'_>) -> Result<Arc<Live>, UpstreamError> {
        let mut live = self.live.lock().await;
        if let Some(s) = live.get(call.tool_id)
            && s.token.as_deref() == call.token
            && !s.client.is_transport_closed()
        {
            return Ok(s.clone());
        }
        let mut config = StreamableHttpClientTransportConfig::with_uri(call.url);
        config.reinit_on_expired_session = true;
        if let Some(t) = call.token {
            config = config.auth_header(t.to_string());
        }
        let transport = StreamableHttpClientTransport::with_client(up.http.clone(), config);
        let progress = Arc::new(Routes::default());
        let handler = Handler {
            tool_id: call.tool_id.to_string(),
            progress: progress.clone(),
            list_changed: self.list_changed.clone(),
        };
        let open = tokio::time::timeout(up.timeout * 2, handler.serve(transport))
            .await
            .map_err(|_| UpstreamError::TimedOut(up.timeout.as_secs() * 2))?;
        let client =
            open.map_err(|e| if e.auth_challenge().is_some() { refused_token() } else { classify(&e, "initialize") })?;
        let fresh = Arc::new(Live { token: call.token.map(str::to_string), client, progress });
        if let Some(old) = live.insert(call.tool_id.to_string(), fresh.clone()) {
            tokio::spawn(close(old));
        }
        Ok(fresh)
    }

    /// Forgets a connector's session (it broke, or the connector is gone).
    pub async fn forget(&self, tool_id: &str) {
        if let Some(old) = self.live.lock().await.remove(tool_id) {
            tokio::spawn(close(old));
        }
    }

    /// `tools/call` on the connector's server, over its open session.
    pub async fn call(&self, up: &Upstream, call: Call<'_>) -> Result<CallToolResult, UpstreamError> {
        let live = self.session(up, &call).await?;
        let mut params = CallToolRequestParams::new(call.name.to_string());
        params.arguments = call.arguments.clone();
        let request = ClientRequest::CallToolRequest(CallToolRequest::new(params));
        // A long call that reports progress may run up to ten times the timeout.
        let options = PeerRequestOptions::with_timeout(call.timeout)
            .reset_timeout_on_progress()
            .with_max_total_timeout(call.timeout * 10);
        let peer = live.client.peer().clone();
        let handle = match peer.send_cancellable_request(request, options).await {
            Ok(h) => h,
            Err(e) => return Err(self.failed(call.tool_id, &e).await),
        };
        let token = handle.progress_token.clone();
        if let Some(sink) = call.progress.clone() {
            live.progress.register(&token, sink);
        }
        let id = handle.id.clone();
        let outcome = tokio::select! {
            r = handle.await_response() => Some(r),
            () = call.cancel.cancelled() => None,
        };
        live.progress.end(&token);
        match outcome {
            None => {
                let cancelled =
                    CancelledNotificationParam::new(Some(id), Some("The client cancelled the call.".into()));
                let _ = peer.notify_cancelled(cancelled).await;
                Err(UpstreamError::Protocol("The call was cancelled.".into()))
            }
            Some(Ok(ServerResult::CallToolResult(result))) => Ok(result),
            Some(Ok(_)) => {
                Err(UpstreamError::Protocol("The MCP server answered tools/call with something else.".into()))
            }
            Some(Err(e)) => Err(self.failed(call.tool_id, &e).await),
        }
    }

    /// Names a failed call; a broken or refused session is forgotten so the next call opens a fresh one.
    async fn failed(&self, tool_id: &str, e: &rmcp::service::ServiceError) -> UpstreamError {
        use rmcp::service::ServiceError;
        let named = match e {
            _ if e.auth_challenge().is_some() => refused_token(),
            ServiceError::Timeout { timeout } => UpstreamError::TimedOut(timeout.as_secs()),
            ServiceError::McpError(data) => {
                let said: String = data.message.chars().take(300).collect();
                return UpstreamError::Protocol(format!("The MCP server refused the call: {said}"));
            }
            other => classify(other, "tools/call"),
        };
        self.forget(tool_id).await;
        named
    }
}

async fn close(old: Arc<Live>) {
    if let Ok(live) = Arc::try_unwrap(old) {
        let _ = live.client.cancel().await;
    }
}
