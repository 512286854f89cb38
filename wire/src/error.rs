//! The error body every failing answer carries: `{"detail": "..."}` with a sentence a
//! person can act on. `field` names the input it concerns, so a form can show it there.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// A human sentence: what went wrong and what to do.
    pub detail: String,
    /// The input field the error concerns (`name`, `description`, `config.URL`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl ErrorBody {
    pub fn new(detail: impl Into<String>) -> Self {
        Self { detail: detail.into(), field: None }
    }

    pub fn for_field(field: impl Into<String>, detail: impl Into<String>) -> Self {
        Self { detail: detail.into(), field: Some(field.into()) }
    }
}
