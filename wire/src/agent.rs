//! Agents (`v2/flow/agents`): inputs and answers, as the `seekrai` SDK reads them.

use crate::{AgentStatus, Tool};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasoningEffort {
    Low,
    #[default]
    Medium,
    High,
    PerformanceOptimized,
    SpeedOptimized,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutputFrequency {
    Always,
    Never,
    Automatic,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgentOutput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frequency: Option<OutputFrequency>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructions: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temperature: Option<f64>,
}

/// `POST v2/flow/agents/create`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CreateAgentRequest {
    pub name: String,
    pub instructions: String,
    #[serde(default)]
    pub tool_ids: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planner_model_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_model_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<AgentOutput>,
    #[serde(default)]
    pub reasoning_effort: ReasoningEffort,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temperature: Option<f64>,
}

/// `PATCH v2/flow/agents/{id}` and `.../diff`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct UpdateAgentRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructions: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_ids: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planner_model_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_model_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<AgentOutput>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reasoning_effort: Option<ReasoningEffort>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temperature: Option<f64>,
}

/// An agent as answered; `tools` embeds each linked tool with its current status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agent {
    pub id: String,
    pub name: String,
    pub instructions: String,
    pub status: AgentStatus,
    #[serde(default)]
    pub model_id: Option<String>,
    #[serde(default)]
    pub planner_model_id: Option<String>,
    #[serde(default)]
    pub tool_model_id: Option<String>,
    #[serde(default)]
    pub output: Option<AgentOutput>,
    pub user_id: String,
    #[serde(default)]
    pub team_id: Option<String>,
    pub tools: Vec<Tool>,
    pub created_at: String,
    pub updated_at: String,
    #[serde(default)]
    pub last_deployed_at: Option<String>,
    #[serde(default)]
    pub active_duration: i64,
    #[serde(default)]
    pub reasoning_effort: ReasoningEffort,
    #[serde(default)]
    pub temperature: Option<f64>,
    /// Why the agent cannot work as configured, e.g. a linked tool has failed (Patchbay's addition).
    #[serde(default)]
    pub status_reason: Option<String>,
}

/// `GET v2/flow/agents/` answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgentList {
    pub data: Vec<Agent>,
}

/// `DELETE v2/flow/agents/{id}` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentDeleted {
    pub id: String,
    pub deleted: bool,
}
