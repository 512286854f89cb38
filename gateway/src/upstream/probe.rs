//! A plain-HTTP look at a URL before anything is stored: it tells "needs OAuth" from
//! "not an MCP server" from "unreachable", so create can refuse with the right sentence.
//! Streamable HTTP first; the legacy SSE transport where a server only speaks that.

use crate::upstream::{Upstream, UpstreamError, sse};
use patchbay_wire::Transport;

/// What the server answered to an `initialize` POST.
#[derive(Debug, Clone, PartialEq)]
pub enum Probe {
    Mcp,
    /// 401 (or a Bearer 403): the server wants a token; carries `WWW-Authenticate`.
    NeedsAuth(Option<String>),
    /// Unreachable, timed out, or not an MCP server.
    Refused(UpstreamError),
}

const INITIALIZE: &str = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"patchbay-probe","version":"1"}}}"#;
/// Enough of an answer to see a JSON-RPC reply; more is never read.
const PROBE_BYTES: usize = 64 * 1024;

/// Which transport the server speaks, and what it answered on it.
pub async fn detect(up: &Upstream, url: &str) -> (Probe, Transport) {
    match probe(up, url, None).await {
        not_mcp @ Probe::Refused(UpstreamError::NotMcp(_)) => match sse::probe(up, url, None).await {
            found @ (Probe::Mcp | Probe::NeedsAuth(_)) => (found, Transport::Sse),
            _ => (not_mcp, Transport::StreamableHttp),
        },
        other => (other, Transport::StreamableHttp),
    }
}

/// `probe` on the transport the tool uses.
pub async fn probe_on(up: &Upstream, url: &str, transport: Transport, token: Option<&str>) -> Probe {
    match transport {
        Transport::StreamableHttp => probe(up, url, token).await,
        Transport::Sse => sse::probe(up, url, token).await,
    }
}

pub async fn probe(up: &Upstream, url: &str, token: Option<&str>) -> Probe {
    let mut req = up
        .http
        .post(url)
        .header("accept", "application/json, text/event-stream")
        .header("content-type", "application/json")
        .body(INITIALIZE);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let mut res = match req.send().await {
        Ok(r) => r,
        Err(e) => return Probe::Refused(up.classify(&e)),
    };
    let status = res.status();
    let header = |name: &str| res.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
    let challenge = header("www-authenticate");
    let kind = header("content-type").unwrap_or_default();
    if status == 401 || (status == 403 && challenge.as_deref().is_some_and(|c| c.to_lowercase().starts_with("bearer")))
    {
        return Probe::NeedsAuth(challenge);
    }
    if status.is_redirection() {
        return not_mcp("The URL redirects elsewhere; enter the address it redirects to.".into());
    }
    if status == 404 || status == 405 {
        return not_mcp(format!(
            "Nothing at that path speaks MCP (HTTP {}); check the path, often /mcp.",
            status.as_u16()
        ));
    }
    let session = header("mcp-session-id");
    let mut body = Vec::new();
    loop {
        match tokio::time::timeout(up.timeout, res.chunk()).await {
            Ok(Ok(Some(chunk))) => body.extend_from_slice(&chunk),
            Ok(Ok(None)) => break,
            Ok(Err(_)) => break,
            Err(_) => return Probe::Refused(UpstreamError::TimedOut(up.timeout.as_secs().max(1))),
        }
        if body.len() > PROBE_BYTES || looks_like_reply(&body) {
            break;
        }
    }
    let speaks_mcp = (kind.starts_with("application/json") || kind.starts_with("text/event-stream"))
        && status.is_success()
        && looks_like_reply(&body);
    if let Some(id) = session {
        // The probe's session is not used again; let the server drop it.
        if let Err(e) = up.http.delete(url).header("mcp-session-id", id).send().await {
            tracing::debug!(error = %e, "closing the probe's session failed");
        }
    }
    if speaks_mcp {
        return Probe::Mcp;
    }
    let what = if kind.is_empty() { "an answer without a content type".to_string() } else { kind };
    not_mcp(format!(
        "That URL answered (HTTP {}, {what}) but not as an MCP server; check that it is the server's MCP endpoint.",
        status.as_u16()
    ))
}

fn looks_like_reply(body: &[u8]) -> bool {
    let text = String::from_utf8_lossy(body);
    text.contains("\"jsonrpc\"") && (text.contains("\"result\"") || text.contains("\"serverInfo\""))
}

fn not_mcp(why: String) -> Probe {
    Probe::Refused(UpstreamError::NotMcp(why))
}
