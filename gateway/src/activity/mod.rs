//! The record of calls through the gateway (placeholder until the call log lands: it
//! only logs each call).

use patchbay_wire::CallOutcome;

/// One finished call, without its arguments or result.
pub struct Call {
    pub at_ms: i64,
    pub agent_id: Option<String>,
    pub agent_name: Option<String>,
    pub tool_id: String,
    pub tool_name: String,
    pub upstream_tool: String,
    pub duration_ms: u64,
    pub outcome: CallOutcome,
    pub message: Option<String>,
}

#[derive(Clone, Default)]
pub struct Recorder;

impl Recorder {
    pub fn record(&self, call: Call) {
        tracing::debug!(tool = %call.tool_id, outcome = %call.outcome, ms = call.duration_ms, "call");
    }

    pub fn token_used(&self, _token_id: &str) {}
}
