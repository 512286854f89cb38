//! Agents (`v2/flow/agents`): inputs and answers, as the `seekrai` SDK reads them.

use crate::{AgentStatus, OutputFrequency, Problem, ReasoningEffort, Tool};
use serde::{Deserialize, Serialize};

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
#[serde(deny_unknown_fields)]
pub struct CreateAgentRequest {
    pub name: String,
    pub instructions: String,
    /// The SDK's deprecated inline tools: parsed only to refuse them with a sentence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tools: Option<serde_json::Value>,
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
#[serde(deny_unknown_fields)]
pub struct UpdateAgentRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructions: Option<String>,
    /// The SDK's deprecated inline tools: parsed only to refuse them with a sentence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tools: Option<serde_json::Value>,
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

/// `POST v1/flow/tools/{id}/replace` (Patchbay's addition): a new connector like a failed
/// one. An OAuth connector with the person's own client needs its secret again.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplaceTool {
    #[serde(rename = "CLIENT_ID", default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(rename = "CLIENT_SECRET", default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
}

/// The answer to a replace: the new tool, and whether the swap already happened (it
/// does at once when the new tool needs no sign-in, else once sign-in finishes).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolReplacement {
    pub replaced_tool_id: String,
    pub tool: Tool,
    pub swapped: bool,
}

/// Agent instructions: at least one non-blank character.
pub fn check_instructions(value: &str) -> Result<(), String> {
    if !crate::validate::has_visible(value) {
        return Err("Write the agent's instructions: what it is for and when to use its tools.".into());
    }
    if value.chars().count() > crate::validate::INSTRUCTIONS_MAX {
        return Err(format!("Keep the instructions under {} characters.", crate::validate::INSTRUCTIONS_MAX));
    }
    Ok(())
}

/// A temperature: within 0..2, as SeekrFlow takes it.
pub fn check_temperature(value: f64) -> Result<(), String> {
    if (0.0..=2.0).contains(&value) {
        Ok(())
    } else {
        // No number in the sentence: printing a float would add float formatting to the SPA's bundle.
        Err("Choose a temperature from 0 to 2; lower is more predictable.".into())
    }
}

/// A model id, when given: not blank.
pub fn check_model_id(value: &str) -> Result<(), String> {
    if value.trim().is_empty() {
        return Err("Choose a model for the agent, such as meta-llama/Llama-3.3-70B-Instruct.".into());
    }
    Ok(())
}

fn push(errors: &mut Vec<Problem>, field: &str, check: Result<(), String>) {
    if let Err(e) = check {
        errors.push(Problem::new(field, e));
    }
}

/// More tools than one agent's model can choose among; also bounds what a refusal names.
pub const TOOL_IDS_MAX: usize = 100;

fn tool_ids_problems(errors: &mut Vec<Problem>, ids: Option<&Vec<String>>) {
    if ids.is_some_and(|ids| ids.len() > TOOL_IDS_MAX) {
        errors.push(Problem::new("tool_ids", format!("Link at most {TOOL_IDS_MAX} tools to one agent.")));
    }
}

const INLINE_TOOLS: &str = "Inline tools are not supported here: create the MCP connector with v1/flow/tools, \
    then link it with tool_ids.";

fn output_problems(errors: &mut Vec<Problem>, output: Option<&AgentOutput>) {
    let Some(o) = output else { return };
    if let Some(m) = &o.model_id {
        push(errors, "output.model_id", check_model_id(m));
    }
    if let Some(t) = o.temperature {
        push(errors, "output.temperature", check_temperature(t));
    }
}

impl CreateAgentRequest {
    /// Every check on a create request (linking is the gateway's, it needs the tools).
    pub fn problems(&self) -> Vec<Problem> {
        let mut errors = Vec::new();
        push(&mut errors, "name", crate::validate::name(&self.name));
        push(&mut errors, "instructions", check_instructions(&self.instructions));
        if self.tools.is_some() {
            errors.push(Problem::new("tools", INLINE_TOOLS));
        }
        tool_ids_problems(&mut errors, self.tool_ids.as_ref());
        let output_model = self.output.as_ref().and_then(|o| o.model_id.as_deref());
        match (&self.model_id, output_model) {
            (Some(m), _) => push(&mut errors, "model_id", check_model_id(m)),
            (None, Some(_)) => {}
            (None, None) => push(&mut errors, "model_id", check_model_id("")),
        }
        if let Some(t) = self.temperature {
            push(&mut errors, "temperature", check_temperature(t));
        }
        output_problems(&mut errors, self.output.as_ref());
        errors
    }
}

impl UpdateAgentRequest {
    /// Checks on the fields an update sets; whether a model remains is checked on the result.
    pub fn problems(&self) -> Vec<Problem> {
        let mut errors = Vec::new();
        if let Some(n) = &self.name {
            push(&mut errors, "name", crate::validate::name(n));
        }
        if let Some(i) = &self.instructions {
            push(&mut errors, "instructions", check_instructions(i));
        }
        if self.tools.is_some() {
            errors.push(Problem::new("tools", INLINE_TOOLS));
        }
        tool_ids_problems(&mut errors, self.tool_ids.as_ref());
        if let Some(m) = &self.model_id {
            push(&mut errors, "model_id", check_model_id(m));
        }
        if let Some(t) = self.temperature {
            push(&mut errors, "temperature", check_temperature(t));
        }
        output_problems(&mut errors, self.output.as_ref());
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> CreateAgentRequest {
        CreateAgentRequest {
            name: "Helper".into(),
            instructions: "Answer questions.".into(),
            model_id: Some("meta-llama/Llama-3.3-70B-Instruct".into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_create_request_has_no_problems() {
        assert!(valid().problems().is_empty());
    }

    #[test]
    fn create_needs_a_model_here_or_in_output() {
        let mut req = CreateAgentRequest { model_id: None, ..valid() };
        assert_eq!(req.problems()[0].field, "model_id");
        req.output = Some(AgentOutput { model_id: Some("m".into()), ..Default::default() });
        assert!(req.problems().is_empty());
    }

    #[test]
    fn blank_name_and_instructions_and_wild_temperature_are_named() {
        let req = CreateAgentRequest { name: " ".into(), instructions: "\n".into(), temperature: Some(2.5), ..valid() };
        let fields: Vec<_> = req.problems().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "instructions", "temperature"]);
        assert!(check_temperature(0.0).is_ok() && check_temperature(2.0).is_ok());
        assert!(check_temperature(-0.1).is_err());
    }

    #[test]
    fn update_checks_only_what_it_sets() {
        assert!(UpdateAgentRequest::default().problems().is_empty());
        let req = UpdateAgentRequest { instructions: Some("".into()), ..Default::default() };
        assert_eq!(req.problems()[0].field, "instructions");
    }

    #[test]
    fn unknown_fields_are_refused_and_inline_tools_named() {
        assert!(
            serde_json::from_str::<CreateAgentRequest>(r#"{"name":"A","instructions":"i","modle_id":"m"}"#).is_err()
        );
        assert!(serde_json::from_str::<UpdateAgentRequest>(r#"{"nmae":"A"}"#).is_err());
        let req: UpdateAgentRequest = serde_json::from_str(r#"{"tools":[{"type":"web_search"}]}"#).unwrap();
        assert_eq!(req.problems()[0].field, "tools");
    }

    #[test]
    fn create_request_reads_the_sdk_body() {
        let body = r#"{"name":"A","instructions":"i","tool_ids":["t1"],"model_id":"m","reasoning_effort":"high"}"#;
        let req: CreateAgentRequest = serde_json::from_str(body).unwrap();
        assert_eq!(req.reasoning_effort, ReasoningEffort::High);
        assert_eq!(req.tool_ids, Some(vec!["t1".to_string()]));
    }
}
