//! The error body every failing answer carries: `{"detail": "..."}` with a sentence a
//! person can act on. `field` names the input it concerns, so a form can show it there.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// A human sentence: what went wrong and what to do.
    pub detail: String,
    /// The input field the error concerns (`name`, `description`, `config.URL`, ...);
    /// with several problems, the first one's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Every problem with the input, each at its field (Patchbay's addition), so a form
    /// shows them all at once; `detail` joins their sentences for other clients.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<Problem>,
}

/// One thing wrong with one input field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub field: String,
    pub detail: String,
}

impl Problem {
    pub fn new(field: impl Into<String>, detail: impl Into<String>) -> Self {
        Self { field: field.into(), detail: detail.into() }
    }
}

impl ErrorBody {
    pub fn new(detail: impl Into<String>) -> Self {
        Self { detail: detail.into(), field: None, problems: Vec::new() }
    }

    pub fn for_field(field: impl Into<String>, detail: impl Into<String>) -> Self {
        Self { detail: detail.into(), field: Some(field.into()), problems: Vec::new() }
    }

    /// The answer to input with these problems; `None` when there are none.
    pub fn from_problems(problems: Vec<Problem>) -> Option<Self> {
        let first = problems.first()?;
        let detail = problems.iter().map(|p| p.detail.as_str()).collect::<Vec<_>>().join(" ");
        Some(Self { detail, field: Some(first.field.clone()), problems })
    }

    /// The sentence for one field: its own problem, or the whole detail when it is the
    /// only field named.
    pub fn detail_for(&self, field: &str) -> Option<&str> {
        match self.problems.iter().find(|p| p.field == field) {
            Some(p) => Some(&p.detail),
            None => (self.field.as_deref() == Some(field)).then_some(self.detail.as_str()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn several_problems_name_each_field_and_join_their_sentences() {
        let body = ErrorBody::from_problems(vec![
            Problem::new("name", "Name it."),
            Problem::new("config.URL", "Fix the URL."),
        ])
        .unwrap();
        assert_eq!(body.detail, "Name it. Fix the URL.");
        assert_eq!(body.field.as_deref(), Some("name"));
        assert_eq!(body.detail_for("config.URL"), Some("Fix the URL."));
        assert_eq!(body.detail_for("description"), None);
        assert!(ErrorBody::from_problems(Vec::new()).is_none());
    }
}
