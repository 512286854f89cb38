//! The legacy HTTP+SSE transport (MCP 2024-11-05), for servers that do not speak
//! streamable HTTP; rmcp 3.11 has no client for it, so this is a minimal one: GET the
//! URL for an event stream, read its `endpoint` event, POST JSON-RPC requests there
//! and read each answer back from the stream as a `message` event.

use crate::upstream::probe::Probe;
use crate::upstream::{Upstream, UpstreamError};
use serde_json::{Value, json};
use url::Url;

/// An open stream and the endpoint it named.
struct Session {
    stream: reqwest::Response,
    buffer: String,
    endpoint: Url,
}

/// One server-sent event.
struct Event {
    name: String,
    data: String,
}

impl Session {
    async fn next_event(&mut self) -> Result<Event, UpstreamError> {
        loop {
            let text = self.buffer.replace("\r\n", "\n");
            if let Some(end) = text.find("\n\n") {
                self.buffer = text[end + 2..].to_string();
                let (mut name, mut data) = ("message".to_string(), Vec::new());
                for line in text[..end].lines() {
                    if let Some(v) = line.strip_prefix("event:") {
                        name = v.trim().to_string();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push(v.strip_prefix(' ').unwrap_or(v).to_string());
                    }
                }
                return Ok(Event { name, data: data.join("\n") });
            }
            if self.buffer.len() > 1024 * 1024 {
                return Err(UpstreamError::Protocol("The event stream sent an oversized event.".into()));
            }
            match self.stream.chunk().await {
                Ok(Some(bytes)) => self.buffer.push_str(&String::from_utf8_lossy(&bytes)),
                Ok(None) => return Err(UpstreamError::Protocol("The event stream ended early.".into())),
                Err(_) => return Err(UpstreamError::Unreachable("The event stream broke.".into())),
            }
        }
    }

    /// POSTs a request and waits on the stream for the answer with the same id.
    async fn call(
        &mut self,
        up: &Upstream,
        token: Option<&str>,
        id: u64,
        method: &str,
        params: Value,
    ) -> Result<Value, UpstreamError> {
        let body = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
        post(up, &self.endpoint, token, &body).await?;
        loop {
            let event = self.next_event().await?;
            let Ok(msg) = serde_json::from_str::<Value>(&event.data) else { continue };
            if event.name == "message" && msg["id"] == json!(id) {
                if let Some(err) = msg.get("error") {
                    let said: String = err.to_string().chars().take(200).collect();
                    return Err(UpstreamError::Protocol(format!("The server answered {method} with an error: {said}")));
                }
                return Ok(msg["result"].clone());
            }
        }
    }
}

async fn post(up: &Upstream, endpoint: &Url, token: Option<&str>, body: &Value) -> Result<(), UpstreamError> {
    let mut req = up.http.post(endpoint.clone()).json(body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.map_err(|e| up.classify(&e))?;
    if res.status() == 401 {
        return Err(crate::upstream::mcp::refused_token());
    }
    if !res.status().is_success() {
        return Err(UpstreamError::Protocol(format!("The server refused a message (HTTP {}).", res.status().as_u16())));
    }
    Ok(())
}

/// Opens the stream; `Err(probe)` says why it is not a legacy SSE server.
async fn open(up: &Upstream, url: &str, token: Option<&str>) -> Result<Session, Probe> {
    let mut req = up.http.get(url).header("accept", "text/event-stream");
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let stream = req.send().await.map_err(|e| Probe::Refused(up.classify(&e)))?;
    if stream.status() == 401 {
        let challenge = stream.headers().get("www-authenticate").and_then(|v| v.to_str().ok()).map(str::to_string);
        return Err(Probe::NeedsAuth(challenge));
    }
    let kind = stream.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default();
    if !stream.status().is_success() || !kind.starts_with("text/event-stream") {
        return Err(not_sse());
    }
    let base = Url::parse(url).map_err(|_| not_sse())?;
    let mut session = Session { stream, buffer: String::new(), endpoint: base.clone() };
    let first = tokio::time::timeout(up.timeout, session.next_event()).await;
    let Ok(Ok(Event { name, data })) = first else { return Err(not_sse()) };
    let endpoint = base.join(data.trim()).map_err(|_| not_sse())?;
    // The endpoint must stay on the server's own origin: it must not steer the gateway elsewhere.
    if name != "endpoint" || endpoint.origin() != base.origin() {
        return Err(not_sse());
    }
    session.endpoint = endpoint;
    Ok(session)
}

/// Whether the URL is a legacy SSE MCP endpoint (an `endpoint` event), wants a token, or neither.
fn not_sse() -> Probe {
    Probe::Refused(UpstreamError::NotMcp("That URL does not speak MCP's legacy SSE transport.".into()))
}

pub async fn probe(up: &Upstream, url: &str, token: Option<&str>) -> Probe {
    match open(up, url, token).await {
        Ok(_) => Probe::Mcp,
        Err(p) => p,
    }
}

/// An initialized session over the legacy transport.
async fn start(up: &Upstream, url: &str, token: Option<&str>) -> Result<Session, UpstreamError> {
    let mut s = match open(up, url, token).await {
        Ok(s) => s,
        Err(Probe::Refused(e)) => return Err(e),
        Err(Probe::NeedsAuth(_)) => return Err(crate::upstream::mcp::refused_token()),
        Err(Probe::Mcp) => unreachable!("open never refuses with Mcp"),
    };
    let hello = json!({"protocolVersion": "2024-11-05", "capabilities": {}, "clientInfo": {"name": "patchbay", "version": env!("CARGO_PKG_VERSION")}});
    s.call(up, token, 1, "initialize", hello).await?;
    post(up, &s.endpoint.clone(), token, &json!({"jsonrpc": "2.0", "method": "notifications/initialized"})).await?;
    Ok(s)
}

/// One `tools/call` in a session of its own; the result as the server sent it.
pub async fn call_tool(
    up: &Upstream,
    url: &str,
    token: Option<&str>,
    name: &str,
    arguments: Option<serde_json::Map<String, Value>>,
) -> Result<Value, UpstreamError> {
    let mut s = start(up, url, token).await?;
    let params = json!({"name": name, "arguments": arguments.unwrap_or_default()});
    s.call(up, token, 2, "tools/call", params).await
}

/// A session over the legacy transport: initialize, then every page of tools/list.
pub async fn list_tools(up: &Upstream, url: &str, token: Option<&str>) -> Result<Vec<Value>, UpstreamError> {
    let mut s = start(up, url, token).await?;
    let (mut tools, mut cursor, mut id) = (Vec::new(), None::<String>, 2);
    loop {
        let params = cursor.as_ref().map_or(json!({}), |c| json!({"cursor": c}));
        let page = s.call(up, token, id, "tools/list", params).await?;
        tools.extend(page["tools"].as_array().cloned().unwrap_or_default());
        cursor = page["nextCursor"].as_str().map(str::to_string);
        id += 1;
        // A server that pages forever gets 50 pages.
        if cursor.is_none() || id > 50 {
            return Ok(tools);
        }
    }
}
