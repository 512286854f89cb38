//! What can go wrong with a request, each as a sentence a person can act on, and the
//! gateway's input problems kept at their fields so a form shows every one of them.

use patchbay_wire::ErrorBody;
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// The request never got an answer.
    Unreachable { base: String },
    /// This page's security policy refused the request: the gateway in Settings is not
    /// one this console may call (see `policy`).
    NotAllowed { base: String },
    /// The gateway answered with an error: its sentence, and each problem at its field.
    Http { status: u16, body: ErrorBody },
    /// The gateway answered something this app cannot read.
    Unexpected { what: String },
    /// The component that asked went away, so the request was aborted; nobody sees this.
    Cancelled,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unreachable { base } => write!(
                f,
                "The gateway at {base} did not answer. Check that it is running, or fix its address in Settings."
            ),
            Self::NotAllowed { base } => write!(
                f,
                "This console may only call the gateway that serves it, so it cannot reach {base}. \
                 Clear the gateway address in Settings to use this one, open the console {base} serves, \
                 or ask this gateway's operator to allow it (--allow-gateway)."
            ),
            Self::Http { body, .. } => f.write_str(&body.detail),
            Self::Unexpected { what } => write!(
                f,
                "The gateway answered something this app cannot read ({what}). Check that Settings points at a Patchbay or SeekrFlow gateway."
            ),
            Self::Cancelled => f.write_str("The request was cancelled because its page was left."),
        }
    }
}

impl std::error::Error for ApiError {}

impl ApiError {
    /// The error for a non-2xx answer: the gateway's JSON body, or a sentence for the status
    /// when something else (a proxy's page, say) answered.
    pub fn from_answer(status: u16, text: &str) -> Self {
        let body =
            serde_json::from_str::<ErrorBody>(text).unwrap_or_else(|_| ErrorBody::new(fallback_sentence(status)));
        Self::Http { status, body }
    }

    /// The HTTP status, when the gateway answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Http { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Every input problem the gateway named, as (field, sentence): its `problems`, or
    /// the one `field` older gateways send with `detail`.
    pub fn problems(&self) -> Vec<(&str, &str)> {
        let Self::Http { body, .. } = self else { return Vec::new() };
        if body.problems.is_empty() {
            body.field.as_deref().map(|f| vec![(f, body.detail.as_str())]).unwrap_or_default()
        } else {
            body.problems.iter().map(|p| (p.field.as_str(), p.detail.as_str())).collect()
        }
    }
}

/// For error answers without a JSON `detail`.
fn fallback_sentence(status: u16) -> String {
    match status {
        401 | 403 => "The gateway refused the API key. Enter a valid key in Settings.".into(),
        404 => "The gateway has no such thing; it may have been deleted. Reload the list.".into(),
        429 => "The gateway is busy; wait a moment and try again.".into(),
        502..=504 => "The gateway did not answer in time. Check that it is running.".into(),
        _ => format!("The gateway answered with error {status}; try again, and check its log if it persists."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_is_kept_at_its_field() {
        let text = r#"{"detail":"Name it. Fix the URL.","field":"name",
            "problems":[{"field":"name","detail":"Name it."},{"field":"config.URL","detail":"Fix the URL."}]}"#;
        let e = ApiError::from_answer(422, text);
        assert_eq!(e.to_string(), "Name it. Fix the URL.");
        assert_eq!(e.problems(), [("name", "Name it."), ("config.URL", "Fix the URL.")]);
        assert_eq!(e.status(), Some(422));
    }

    #[test]
    fn a_gateway_without_problems_still_names_its_one_field() {
        let e = ApiError::from_answer(400, r#"{"detail":"Too long.","field":"description"}"#);
        assert_eq!(e.problems(), [("description", "Too long.")]);
        assert!(ApiError::from_answer(409, r#"{"detail":"In use."}"#).problems().is_empty());
    }

    #[test]
    fn an_answer_that_is_not_json_gets_a_sentence_for_its_status() {
        let e = ApiError::from_answer(502, "<html>Bad gateway</html>");
        assert_eq!(e.to_string(), "The gateway did not answer in time. Check that it is running.");
        assert!(e.problems().is_empty());
    }
}
