//! Tools (`v1/flow/tools`): the MCP connector's inputs and answers.
//! Config keys are the contract's UPPER-CASE aliases.

use crate::{AuthMode, ToolStatus, ToolType, Transport};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `config` of a create request.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateMcpConfig {
    #[serde(rename = "URL")]
    pub url: String,
    #[serde(rename = "CLIENT_ID", default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(rename = "CLIENT_SECRET", default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
}

/// `POST v1/flow/tools`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateTool {
    #[serde(rename = "type")]
    pub tool_type: ToolType,
    pub name: String,
    pub description: String,
    pub config: CreateMcpConfig,
}

/// Query of `POST v1/flow/tools`: the sign-in the person expects (Patchbay's SPA only).
/// Raw text, so the gateway can answer a bad value with a sentence at its field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateToolQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect_auth: Option<String>,
}

/// `PATCH v1/flow/tools/{id}` and `.../diff`. Only name and description may change;
/// `config` is parsed so the gateway can refuse it with a sentence, not a parse error.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateTool {
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub tool_type: Option<ToolType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<serde_json::Value>,
}

/// `config` of an answer: never carries the client id, secret or any token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct McpConfig {
    #[serde(rename = "URL")]
    pub url: String,
    #[serde(rename = "AUTHORIZATION_URL", default)]
    pub authorization_url: Option<String>,
    #[serde(rename = "TRANSPORT", default)]
    pub transport: Transport,
}

/// A tool as answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tool {
    #[serde(rename = "type")]
    pub tool_type: ToolType,
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    pub config: McpConfig,
    pub status: ToolStatus,
    /// When an agent or a person last called one of its server's tools (Patchbay's addition).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used_at: Option<String>,
    /// How many of its latest calls failed in a row; 0 when the last one worked (Patchbay's addition).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub failed_calls_in_a_row: u32,
    /// One sentence: why the tool is pending or failed (Patchbay's addition).
    #[serde(default)]
    pub status_reason: Option<String>,
    /// How it signs in (Patchbay's addition; absent from SeekrFlow).
    #[serde(default)]
    pub auth_mode: Option<AuthMode>,
    /// RFC 3339 end of the authorization window while pending (Patchbay's addition).
    #[serde(default)]
    pub authorization_expires_at: Option<String>,
    pub user_id: String,
    #[serde(default)]
    pub team_id: Option<String>,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

/// `GET v1/flow/tools` query, raw text: the gateway answers a bad value at its field.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ListToolsQuery {
    #[serde(default)]
    pub offset: Option<String>,
    #[serde(default)]
    pub limit: Option<String>,
    #[serde(default)]
    pub tool_type: Option<String>,
    #[serde(default)]
    pub tool_status: Option<String>,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// `GET v1/flow/tools` answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolList {
    pub data: Vec<Tool>,
    pub total: i64,
}

/// `PATCH .../diff` answer: what an update would change, without changing it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diff<T> {
    pub before: T,
    pub after: T,
    pub diff: BTreeMap<String, FieldChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    pub before: serde_json::Value,
    pub after: serde_json::Value,
}

/// `DELETE v1/flow/tools/{id}` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToolDeleted {
    pub id: String,
    pub deleted: bool,
    pub message: String,
}

/// `GET v1/flow/tools/{id}/agents` item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentSummary {
    pub id: String,
    pub name: String,
    pub status: crate::AgentStatus,
}

/// One tool the MCP server offers (`GET v1/flow/tools/{id}/mcp/tools`, Patchbay's addition).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct McpServerTool {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub input_schema: serde_json::Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_schema: Option<serde_json::Value>,
    /// MCP's hints, as the server sent them (camelCase, as MCP spells them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<ToolAnnotations>,
}

/// MCP's tool annotations: hints from the server, not guarantees.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ToolAnnotations {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_only_hint: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destructive_hint: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotent_hint: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_world_hint: Option<bool>,
}

/// `GET v1/patchbay/info`: what the SPA needs to know about its gateway (Patchbay's addition).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GatewayInfo {
    pub name: String,
    pub version: String,
    /// The OAuth redirect URI to register with providers that have no automatic registration.
    pub redirect_uri: String,
    /// The origin people and MCP clients reach the gateway at (agents' endpoints live under it).
    #[serde(default)]
    pub public_url: String,
    pub authorization_window_seconds: u64,
}

#[cfg(feature = "test-support")]
impl Tool {
    /// A connector with the given id, name and status, for unit tests on either side.
    pub fn sample(id: &str, name: &str, status: ToolStatus) -> Self {
        Self {
            tool_type: ToolType::McpConnector,
            id: id.into(),
            name: name.into(),
            description: Some("d".into()),
            config: McpConfig {
                url: "https://x".into(),
                authorization_url: None,
                transport: Transport::StreamableHttp,
            },
            status,
            last_used_at: None,
            failed_calls_in_a_row: 0,
            status_reason: None,
            auth_mode: None,
            authorization_expires_at: None,
            user_id: "u".into(),
            team_id: None,
            version: 1,
            created_at: "2026-11-26T01:00:00Z".into(),
            updated_at: "2026-11-26T01:00:00Z".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_tool_reads_the_sdk_body() {
        let body = r#"{"type":"mcp_connector","name":"n","description":"d",
            "config":{"URL":"https://mcp.example.com","CLIENT_ID":"a","CLIENT_SECRET":"b"}}"#;
        let t: CreateTool = serde_json::from_str(body).unwrap();
        assert_eq!(t.tool_type, ToolType::McpConnector);
        assert_eq!(t.config.client_secret.as_deref(), Some("b"));
    }

    #[test]
    fn create_tool_refuses_unknown_config_keys() {
        let body = r#"{"type":"mcp_connector","name":"n","description":"d",
            "config":{"URL":"https://x","TOKEN":"t"}}"#;
        assert!(serde_json::from_str::<CreateTool>(body).is_err());
    }

    #[test]
    fn tool_answer_uses_upper_case_config_keys() {
        let cfg = McpConfig { url: "https://x".into(), authorization_url: None, transport: Transport::StreamableHttp };
        let json = serde_json::to_value(&cfg).unwrap();
        assert_eq!(json["URL"], "https://x");
        assert_eq!(json["TRANSPORT"], "streamable-http");
    }
}
