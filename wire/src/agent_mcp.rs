//! Agents as MCP servers (Patchbay's addition to the contract): access tokens, the tools
//! an agent serves right now, the record of calls, and trying a server's tool by hand.

use crate::{CallOutcome, ToolStatus};
use serde::{Deserialize, Serialize};

/// `POST v2/flow/agents/{id}/tokens`: a named access token for an MCP client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateAgentToken {
    pub name: String,
}

/// An agent's access token as listed: never the secret, which only its hash keeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentToken {
    pub id: String,
    pub name: String,
    pub created_at: String,
    #[serde(default)]
    pub last_used_at: Option<String>,
}

/// The answer to creating a token: `token` is the secret, answered this once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedAgentToken {
    pub id: String,
    pub name: String,
    pub token: String,
    pub created_at: String,
}

/// `GET v2/flow/agents/{id}/tokens`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentTokenList {
    pub data: Vec<AgentToken>,
}

/// `DELETE v2/flow/agents/{id}/tokens/{token_id}`: the token no longer opens anything.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentTokenDeleted {
    pub id: String,
    pub deleted: bool,
}

/// One tool an agent serves: its namespaced name and where calls to it go.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServedTool {
    /// `<connector>__<tool>`, matching `^[A-Za-z0-9_-]{1,64}$`.
    pub name: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// The connector (a `v1/flow/tools` id) that serves it.
    pub tool_id: String,
    /// The tool's own name on its MCP server.
    pub upstream_name: String,
}

/// A linked connector that contributes no tools right now, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IdleConnector {
    pub tool_id: String,
    pub name: String,
    pub status: ToolStatus,
    /// A sentence for a person: waiting for sign-in, failed and why, no tools listed.
    pub reason: String,
}

/// `GET v2/flow/agents/{id}/mcp/tools`: what the model sees through the agent's endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgentMcpTools {
    /// The agent's MCP endpoint URL, on the gateway's public origin.
    pub endpoint: String,
    /// Whether the endpoint serves now (only a deployed agent does).
    pub serving: bool,
    pub tools: Vec<ServedTool>,
    pub idle: Vec<IdleConnector>,
}

/// One call through the gateway, without its arguments or result (they may carry
/// personal data).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallRecord {
    pub id: String,
    /// RFC 3339, when the call started.
    pub at: String,
    /// The agent whose endpoint forwarded it; `None` when a person tried the tool.
    #[serde(default)]
    pub agent_id: Option<String>,
    #[serde(default)]
    pub agent_name: Option<String>,
    /// The connector, with its name at the time of the call.
    pub tool_id: String,
    pub tool_name: String,
    /// The tool's own name on its MCP server.
    pub upstream_tool: String,
    pub duration_ms: u64,
    pub outcome: CallOutcome,
    /// For anything but `ok`: the sentence that says what happened.
    #[serde(default)]
    pub message: Option<String>,
}

/// `GET v1/flow/tools/{id}/calls` and `GET v2/flow/agents/{id}/calls`: newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallList {
    pub data: Vec<CallRecord>,
    pub total: i64,
}

/// `POST v1/flow/tools/{id}/mcp/tools/{name}/call`: the arguments, checked against the
/// tool's `inputSchema` before anything is sent. The answer is MCP's `CallToolResult`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallToolRequest {
    #[serde(default)]
    pub arguments: serde_json::Map<String, serde_json::Value>,
}

/// Query of the paged lists (`calls`): `offset` from 0, `limit` 1..=200 (default 50).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PageQuery {
    #[serde(default)]
    pub offset: Option<String>,
    #[serde(default)]
    pub limit: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_request_takes_arguments_only() {
        let req: CallToolRequest = serde_json::from_str(r#"{"arguments":{"name":"Ada"}}"#).unwrap();
        assert_eq!(req.arguments["name"], "Ada");
        assert!(serde_json::from_str::<CallToolRequest>(r#"{"args":{}}"#).is_err());
        assert!(serde_json::from_str::<CallToolRequest>("{}").unwrap().arguments.is_empty());
    }
}
