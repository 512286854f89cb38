//! MCP sessions with a connector's server, as a client: streamable HTTP through rmcp,
//! the legacy SSE transport through `sse`. Errors are told apart by walking rmcp's
//! error chain (a 401 is a refused sign-in, a reset is an unreachable server, ...).

use crate::upstream::{Upstream, UpstreamError, catalog, sse};
use patchbay_wire::Transport;
use rmcp::ServiceExt;
use rmcp::transport::StreamableHttpClientTransport;
use rmcp::transport::streamable_http_client::{StreamableHttpClientTransportConfig, StreamableHttpError};
use serde_json::Value;
use std::error::Error as StdError;

/// The server's tools over the connector's transport, checked (`catalog::check`).
pub async fn list_tools(
    up: &Upstream,
    url: &str,
    transport: Transport,
    token: Option<&str>,
) -> Result<Vec<Value>, UpstreamError> {
    let limit = up.timeout * 2;
    let work = async {
        match transport {
            Transport::StreamableHttp => list_streamable(up, url, token).await,
            Transport::Sse => sse::list_tools(up, url, token).await,
        }
    };
    let tools = tokio::time::timeout(limit, work).await.map_err(|_| UpstreamError::TimedOut(limit.as_secs()))??;
    Ok(catalog::check(tools))
}

/// A real session through rmcp: initialize, list every page of tools, close.
async fn list_streamable(up: &Upstream, url: &str, token: Option<&str>) -> Result<Vec<Value>, UpstreamError> {
    let mut config = StreamableHttpClientTransportConfig::with_uri(url);
    if let Some(t) = token {
        config = config.auth_header(t.to_string());
    }
    let transport = StreamableHttpClientTransport::with_client(up.http.clone(), config);
    let client = ().serve(transport).await.map_err(|e| {
        if e.auth_challenge().is_some() {
            return refused_token();
        }
        classify(&e, "initialize")
    })?;
    let listed = client.list_all_tools().await;
    let _ = client.cancel().await;
    let listed = listed.map_err(|e| {
        if e.auth_challenge().is_some() {
            return refused_token();
        }
        classify(&e, "tools/list")
    })?;
    Ok(listed.into_iter().filter_map(|t| serde_json::to_value(t).ok()).collect())
}

pub(crate) fn refused_token() -> UpstreamError {
    UpstreamError::SignInRejected("The MCP server refused the gateway's token; access was revoked.".into())
}

/// Names an rmcp failure by what caused it, looking through its chain of sources.
pub(crate) fn classify(e: &(dyn StdError + 'static), during: &str) -> UpstreamError {
    let mut source: Option<&(dyn StdError + 'static)> = Some(e);
    while let Some(current) = source {
        if let Some(r) = current.downcast_ref::<reqwest::Error>() {
            return if r.is_timeout() {
                UpstreamError::TimedOut(0)
            } else {
                UpstreamError::Unreachable("The MCP server could not be reached.".into())
            };
        }
        if let Some(h) = current.downcast_ref::<StreamableHttpError<reqwest::Error>>() {
            match h {
                StreamableHttpError::HttpStatus(s) => {
                    return UpstreamError::Protocol(format!(
                        "The MCP server answered {during} with HTTP {}.",
                        s.status
                    ));
                }
                StreamableHttpError::UnexpectedContentType(_) | StreamableHttpError::UnexpectedServerResponse(_) => {
                    return UpstreamError::NotMcp(
                        "That URL answered, but not as an MCP server; check that it is the server's MCP endpoint."
                            .into(),
                    );
                }
                StreamableHttpError::Client(r) if r.is_timeout() => return UpstreamError::TimedOut(0),
                StreamableHttpError::Client(_) | StreamableHttpError::Io(_) => {
                    return UpstreamError::Unreachable("The MCP server could not be reached.".into());
                }
                _ => {}
            }
        }
        source = current.source();
    }
    UpstreamError::Protocol(format!("The MCP server's answer to {during} could not be used ({e})."))
}

/// `tools/call` over the connector's transport: the pooled session for streamable HTTP,
/// a session of its own for the legacy SSE transport.
pub async fn call_tool(
    up: &Upstream,
    pool: &crate::upstream::session::Pool,
    transport: Transport,
    call: crate::upstream::session::Call<'_>,
) -> Result<rmcp::model::CallToolResult, UpstreamError> {
    match transport {
        Transport::StreamableHttp => pool.call(up, call).await,
        Transport::Sse => {
            let limit = call.timeout;
            let work = sse::call_tool(up, call.url, call.token, call.name, call.arguments.clone());
            let raw = tokio::select! {
                r = tokio::time::timeout(limit, work) => r.map_err(|_| UpstreamError::TimedOut(limit.as_secs()))??,
                () = call.cancel.cancelled() => return Err(UpstreamError::Protocol("The call was cancelled.".into())),
            };
            serde_json::from_value(raw).map_err(|e| {
                UpstreamError::Protocol(format!("The server's tools/call answer could not be read ({e})."))
            })
        }
    }
}
