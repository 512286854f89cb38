//! The builder's values as the inputs hold them (text), what they become on the wire,
//! and the field names the gateway uses for each, so a refusal lands at its field.

use patchbay_wire::{Agent, CreateAgentRequest, ReasoningEffort, UpdateAgentRequest, check_temperature};

pub const NAME: &str = "name";
pub const INSTRUCTIONS: &str = "instructions";
pub const MODEL: &str = "model_id";
pub const EFFORT: &str = "reasoning_effort";
pub const TEMPERATURE: &str = "temperature";
pub const TOOLS: &str = "tool_ids";
/// In the order the fields appear.
pub const FIELDS: [&str; 6] = [NAME, INSTRUCTIONS, MODEL, EFFORT, TEMPERATURE, TOOLS];

/// Words for each effort; the wire spelling is `ReasoningEffort::as_str`.
pub fn effort_label(e: ReasoningEffort) -> &'static str {
    match e {
        ReasoningEffort::Low => "Low",
        ReasoningEffort::Medium => "Medium",
        ReasoningEffort::High => "High",
        ReasoningEffort::PerformanceOptimized => "Performance optimized",
        ReasoningEffort::SpeedOptimized => "Speed optimized",
    }
}

/// The form's values as text, the way the inputs hold them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Draft {
    pub name: String,
    pub instructions: String,
    pub model: String,
    /// Empty: the gateway's default (medium); else a wire spelling.
    pub effort: String,
    /// Empty: the model's default.
    pub temperature: String,
    pub tool_ids: Vec<String>,
}

impl Draft {
    pub fn from_agent(a: &Agent) -> Self {
        Self {
            name: a.name.clone(),
            instructions: a.instructions.clone(),
            model: a
                .model_id
                .clone()
                .or_else(|| a.output.as_ref().and_then(|o| o.model_id.clone()))
                .unwrap_or_default(),
            effort: a.reasoning_effort.as_str().to_string(),
            // serde_json prints the float (it is in the bundle already; `format!` would add more).
            temperature: a.temperature.map(|t| serde_json::to_string(&t).unwrap_or_default()).unwrap_or_default(),
            tool_ids: a.tools.iter().map(|t| t.id.clone()).collect(),
        }
    }

    /// The create request; call only once the fields pass their checks.
    pub fn create(&self) -> CreateAgentRequest {
        CreateAgentRequest {
            name: self.name.trim().to_string(),
            instructions: self.instructions.clone(),
            tool_ids: Some(self.tool_ids.clone()),
            model_id: Some(self.model.trim().to_string()),
            reasoning_effort: self.effort().unwrap_or_default(),
            temperature: parse_temperature(&self.temperature).ok().flatten(),
            ..Default::default()
        }
    }

    /// The update request: every field the form shows; a blank effort leaves it as it is.
    pub fn update(&self) -> UpdateAgentRequest {
        let c = self.create();
        UpdateAgentRequest {
            name: Some(c.name),
            instructions: Some(c.instructions),
            tool_ids: c.tool_ids,
            model_id: c.model_id,
            reasoning_effort: self.effort(),
            temperature: c.temperature,
            ..Default::default()
        }
    }

    fn effort(&self) -> Option<ReasoningEffort> {
        self.effort.parse().ok()
    }
}

/// The temperature as typed: `Ok(None)` when blank.
pub fn parse_temperature(s: &str) -> Result<Option<f64>, String> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    // serde_json's number parser is in the bundle already; `str::parse::<f64>` would add another.
    let json = if s.starts_with('.') { format!("0{s}") } else { s.to_string() };
    let t: f64 = serde_json::from_str(&json)
        .map_err(|_| "Enter the temperature as a number from 0 to 2, such as 0.7.".to_string())?;
    check_temperature(t).map(|()| Some(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blank_temperature_means_the_default_and_a_wild_one_is_refused() {
        assert_eq!(parse_temperature(" "), Ok(None));
        assert_eq!(parse_temperature("0.7"), Ok(Some(0.7)));
        assert_eq!(parse_temperature(".5"), Ok(Some(0.5)));
        assert!(parse_temperature("3").is_err());
        assert!(parse_temperature("warm").is_err());
    }

    #[test]
    fn effort_goes_out_in_its_wire_spelling_and_blank_means_the_default() {
        let mut d = Draft { effort: "performance_optimized".into(), ..Default::default() };
        assert_eq!(d.create().reasoning_effort, ReasoningEffort::PerformanceOptimized);
        assert_eq!(d.update().reasoning_effort, Some(ReasoningEffort::PerformanceOptimized));
        d.effort = String::new();
        assert_eq!(d.create().reasoning_effort, ReasoningEffort::Medium);
        assert_eq!(d.update().reasoning_effort, None);
    }
}
