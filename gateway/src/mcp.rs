//! Talking to MCP servers: a plain-HTTP probe that tells "needs OAuth" from "not an
//! MCP server" from "unreachable" (so create can refuse with the right sentence), and
//! real sessions through rmcp (initialize + tools/list). Streamable HTTP first; the
//! legacy SSE transport (`mcp_sse`) where a server only speaks that.
//! - `GET /v1/flow/tools/{id}/mcp/tools`: the server's tools, cached in SQLite.

use crate::error::{Error, Json, Result};
use crate::state::AppState;
use crate::{credentials, store};
use axum::extract::{Path, State};
use axum::{Router, routing::get};
use patchbay_wire::{McpServerTool, ToolStatus, Transport};
use rmcp::ServiceExt;
use rmcp::transport::StreamableHttpClientTransport;
use rmcp::transport::streamable_http_client::StreamableHttpClientTransportConfig;

pub fn router() -> Router<AppState> {
    Router::new().route("/v1/flow/tools/{id}/mcp/tools", get(list_mcp_tools))
}

/// What the server answered to an `initialize` POST.
#[derive(Debug, Clone, PartialEq)]
pub enum Probe {
    Mcp,
    /// 401 (or a Bearer 403): the server wants a token; carries `WWW-Authenticate`.
    NeedsAuth(Option<String>),
    NotMcp(String),
    Unreachable(String),
}

const INITIALIZE: &str = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"patchbay-probe","version":"1"}}}"#;
/// Enough of an answer to see a JSON-RPC reply; more is never read.
const PROBE_BYTES: usize = 64 * 1024;

/// Which transport the server speaks, and what it answered on it.
pub async fn detect(state: &AppState, url: &str) -> (Probe, Transport) {
    match probe(state, url, None).await {
        Probe::NotMcp(why) => match crate::mcp_sse::probe(state, url, None).await {
            found @ (Probe::Mcp | Probe::NeedsAuth(_)) => (found, Transport::Sse),
            _ => (Probe::NotMcp(why), Transport::StreamableHttp),
        },
        other => (other, Transport::StreamableHttp),
    }
}

/// `probe` on the transport the tool uses.
pub async fn probe_on(state: &AppState, url: &str, transport: Transport, token: Option<&str>) -> Probe {
    match transport {
        Transport::StreamableHttp => probe(state, url, token).await,
        Transport::Sse => crate::mcp_sse::probe(state, url, token).await,
    }
}

/// The server's tools over the tool's transport.
pub async fn fetch_tools(
    state: &AppState,
    url: &str,
    transport: Transport,
    token: Option<String>,
) -> Result<Vec<McpServerTool>, String> {
    match transport {
        Transport::StreamableHttp => fetch_tools_streamable(state, url, token).await,
        Transport::Sse => {
            let limit = state.config.outbound_timeout * 2;
            tokio::time::timeout(limit, crate::mcp_sse::fetch_tools(state, url, token.as_deref()))
                .await
                .map_err(|_| "The MCP session timed out.".to_string())?
        }
    }
}

pub async fn probe(state: &AppState, url: &str, token: Option<&str>) -> Probe {
    let mut req = state
        .http
        .post(url)
        .header("accept", "application/json, text/event-stream")
        .header("content-type", "application/json")
        .body(INITIALIZE);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let secs = state.config.outbound_timeout.as_secs_f32();
    let mut res = match req.send().await {
        Ok(r) => r,
        Err(e) if e.is_timeout() => return Probe::Unreachable(format!("The server did not answer within {secs}s.")),
        Err(_) => return Probe::Unreachable("The gateway could not connect to that URL.".into()),
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
        return Probe::NotMcp("The URL redirects elsewhere; enter the address it redirects to.".into());
    }
    if status == 404 || status == 405 {
        return Probe::NotMcp(format!(
            "Nothing at that path speaks MCP (HTTP {}); check the path, often /mcp.",
            status.as_u16()
        ));
    }
    let session = header("mcp-session-id");
    let mut body = Vec::new();
    loop {
        match tokio::time::timeout(state.config.outbound_timeout, res.chunk()).await {
            Ok(Ok(Some(chunk))) => body.extend_from_slice(&chunk),
            Ok(Ok(None)) => break,
            Ok(Err(_)) => break,
            Err(_) => return Probe::Unreachable(format!("The server did not finish answering within {secs}s.")),
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
        let _ = state.http.delete(url).header("mcp-session-id", id).send().await;
    }
    if speaks_mcp {
        return Probe::Mcp;
    }
    let what = if kind.is_empty() { "an answer without a content type".to_string() } else { kind };
    Probe::NotMcp(format!(
        "That URL answered (HTTP {}, {what}) but not as an MCP server; check that it is the server's MCP endpoint.",
        status.as_u16()
    ))
}

fn looks_like_reply(body: &[u8]) -> bool {
    let text = String::from_utf8_lossy(body);
    text.contains("\"jsonrpc\"") && (text.contains("\"result\"") || text.contains("\"serverInfo\""))
}

/// A real MCP session through rmcp: initialize, list every tool (following pages), close.
async fn fetch_tools_streamable(
    state: &AppState,
    url: &str,
    token: Option<String>,
) -> Result<Vec<McpServerTool>, String> {
    let mut config = StreamableHttpClientTransportConfig::with_uri(url);
    if let Some(t) = token {
        config = config.auth_header(t);
    }
    let transport = StreamableHttpClientTransport::with_client(state.http.clone(), config);
    let limit = state.config.outbound_timeout * 2;
    let work = async {
        let client = ().serve(transport).await.map_err(|e| format!("MCP initialize failed: {e}"))?;
        let listed = client.list_all_tools().await.map_err(|e| format!("MCP tools/list failed: {e}"));
        let _ = client.cancel().await;
        listed
    };
    let tools = tokio::time::timeout(limit, work).await.map_err(|_| "The MCP session timed out.".to_string())??;
    Ok(tools
        .into_iter()
        .map(|t| McpServerTool {
            name: t.name.to_string(),
            title: None,
            description: t.description.map(|d| d.to_string()),
            input_schema: serde_json::Value::Object((*t.input_schema).clone()),
            output_schema: None,
            annotations: None,
        })
        .collect())
}

async fn list_mcp_tools(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Vec<McpServerTool>>> {
    store::expire_pending(&state.db).await?;
    let tool = store::get(&state.db, &id).await?.ok_or_else(|| crate::tools::not_found(&id))?;
    if let Some(cached) = store::mcp_tools(&state.db, &id).await? {
        return Ok(Json(cached));
    }
    if tool.status() != ToolStatus::Active {
        return Err(Error::Conflict(format!(
            "\"{}\" is not active, so its server's tools cannot be listed yet: {}",
            tool.name,
            tool.status_reason.as_deref().unwrap_or("finish signing in first.")
        )));
    }
    let token = credentials::access_token(&state, &tool).await?;
    match fetch_tools(&state, &tool.url, tool.transport(), token).await {
        Ok(listed) => {
            store::set_mcp_tools(&state.db, &id, &listed).await?;
            Ok(Json(listed))
        }
        Err(e) => {
            tracing::warn!(tool = %id, error = %e, "listing an MCP server's tools failed");
            Err(Error::Conflict("The MCP server did not list its tools; try again shortly.".into()))
        }
    }
}
