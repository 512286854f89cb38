//! Calling a tool on a connector's server, for an agent's MCP client or a person trying
//! it: with the connector's bearer (renewed once and retried once when the server
//! refuses it), over the pooled session. Every failure becomes a `CallToolResult` with
//! `isError` and one sentence a model can relay ("The Calendar connector's sign-in was
//! revoked; replace it in Patchbay."), never an error that breaks the caller's session.
//! Faults that mean the connector is dead fail it (`faults`); every call is recorded.

use crate::activity;
use crate::clock;
use crate::connectors::{faults, tokens, unavailable};
use crate::db::tools::ToolRecord;
use crate::error::Error;
use crate::state::AppState;
use crate::upstream::session::ProgressSink;
use crate::upstream::{UpstreamError, mcp};
use patchbay_wire::{AuthMode, CallOutcome};
use rmcp::model::{CallToolResult, ContentBlock, JsonObject};
use std::time::Instant;
use tokio_util::sync::CancellationToken;

/// One call to make.
pub struct Request {
    pub upstream_name: String,
    pub arguments: Option<JsonObject>,
    pub progress: Option<ProgressSink>,
    pub cancel: CancellationToken,
}

/// Who asks: an agent's endpoint (its id and name), or a person trying the tool (`None`).
pub type Caller = Option<(String, String)>;

pub async fn call(state: &AppState, tool: &ToolRecord, req: Request, caller: Caller) -> CallToolResult {
    let (started, at_ms) = (Instant::now(), clock::now_nanos() / 1_000_000);
    let (result, outcome, message) = match attempt(state, tool, &req).await {
        Ok(result) if result.is_error == Some(true) => {
            let said = first_text(&result);
            (result, CallOutcome::ToolError, said)
        }
        Ok(result) => (result, CallOutcome::Ok, None),
        Err(sentence) => (
            CallToolResult::error(vec![ContentBlock::text(sentence.clone())]),
            CallOutcome::UpstreamFailure,
            Some(sentence),
        ),
    };
    let (agent_id, agent_name) = caller.unzip();
    state.recorder.record(activity::Call {
        at_ms,
        agent_id,
        agent_name,
        tool_id: tool.id.clone(),
        tool_name: tool.name.clone(),
        upstream_tool: req.upstream_name.clone(),
        duration_ms: started.elapsed().as_millis() as u64,
        outcome,
        message,
    });
    result
}

/// Records a call refused before it was sent (its arguments did not fit the schema).
pub fn record_refused(state: &AppState, tool: &ToolRecord, upstream_name: &str, why: String) {
    state.recorder.record(activity::Call {
        at_ms: clock::now_nanos() / 1_000_000,
        agent_id: None,
        agent_name: None,
        tool_id: tool.id.clone(),
        tool_name: tool.name.clone(),
        upstream_tool: upstream_name.to_string(),
        duration_ms: 0,
        outcome: CallOutcome::Refused,
        message: Some(why.chars().take(300).collect()),
    });
}

/// The upstream result, or the sentence that says why there is none.
async fn attempt(state: &AppState, tool: &ToolRecord, req: &Request) -> Result<CallToolResult, String> {
    if let Some(why) = unavailable(tool, clock::now_unix()) {
        return Err(why);
    }
    let token = bearer(state, tool, None).await?;
    match forward(state, tool, token.as_deref(), req).await {
        Ok(r) => Ok(r),
        // A token that looked fresh was refused: renew it once and try once more.
        Err(UpstreamError::SignInRejected(_)) if tool.auth_mode != AuthMode::None => {
            let fresh = bearer(state, tool, token.as_deref()).await?;
            match forward(state, tool, fresh.as_deref(), req).await {
                Ok(r) => Ok(r),
                Err(e) => Err(fault(state, tool, e).await),
            }
        }
        Err(e) => Err(fault(state, tool, e).await),
    }
}

async fn bearer(state: &AppState, tool: &ToolRecord, stale: Option<&str>) -> Result<Option<String>, String> {
    match tokens::bearer(state, tool, stale).await {
        Ok(t) => Ok(t),
        Err(Error::Upstream(e)) => {
            state.watch.nudge();
            Err(sentence(tool, &e))
        }
        Err(e) => Err(internal(tool, e)),
    }
}

async fn forward(
    state: &AppState,
    tool: &ToolRecord,
    token: Option<&str>,
    req: &Request,
) -> Result<CallToolResult, UpstreamError> {
    let call = crate::upstream::session::Call {
        tool_id: &tool.id,
        url: &tool.url,
        token,
        name: &req.upstream_name,
        arguments: req.arguments.clone(),
        progress: req.progress.clone(),
        cancel: req.cancel.clone(),
        timeout: state.config.call_timeout,
    };
    mcp::call_tool(&state.upstream, &state.pool, tool.transport, call).await
}

/// Records what the fault means for the connector, and answers its sentence.
async fn fault(state: &AppState, tool: &ToolRecord, e: UpstreamError) -> String {
    if let Err(internal_fault) = faults::record(state, tool, &e, faults::SeenIn::Call).await {
        tracing::error!(tool = %tool.id, error = %internal_fault, "recording a call's fault failed");
    }
    sentence(tool, &e)
}

/// The one sentence a model relays to the person.
fn sentence(tool: &ToolRecord, e: &UpstreamError) -> String {
    let name = &tool.name;
    match e {
        UpstreamError::SignInRejected(_) | UpstreamError::RefreshRejected(_) => {
            format!("The \"{name}\" connector's sign-in was revoked or has expired; replace it in Patchbay.")
        }
        UpstreamError::Unreachable(_) => {
            format!("The \"{name}\" connector's server could not be reached; try again in a few minutes.")
        }
        UpstreamError::TimedOut(_) => format!("The \"{name}\" connector's server did not answer in time; try again."),
        UpstreamError::NotMcp(why) | UpstreamError::Protocol(why) => {
            format!("The \"{name}\" connector's server could not run the call: {why}")
        }
    }
}

fn internal(tool: &ToolRecord, e: Error) -> String {
    tracing::error!(tool = %tool.id, error = %e, "a call failed inside the gateway");
    format!("The gateway hit an internal error calling \"{}\"; try again.", tool.name)
}

/// The first text of an error result, short, for the call log.
fn first_text(result: &CallToolResult) -> Option<String> {
    let text = result.content.iter().find_map(|c| c.as_text().map(|t| t.text.clone()))?;
    Some(text.chars().take(300).collect())
}
