//! The gateway's one error type. User errors carry a sentence that says what to do;
//! internal errors are logged and answered with a generic sentence.

use crate::upstream::UpstreamError;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use patchbay_wire::ErrorBody;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The request cannot be served as sent (400).
    #[error("{}", .0.detail)]
    BadRequest(ErrorBody),
    /// No or wrong API key (401).
    #[error("{0}")]
    Unauthorized(String),
    /// The body is larger than any request needs (413).
    #[error("{0}")]
    TooLarge(String),
    /// No such thing (404).
    #[error("{0}")]
    NotFound(String),
    /// The path exists, but not with this method (405).
    #[error("{0}")]
    MethodNotAllowed(String),
    /// The request clashes with the current state (409).
    #[error("{0}")]
    Conflict(String),
    /// An MCP or OAuth server failed the gateway (502, or 504 when it timed out).
    #[error(transparent)]
    Upstream(#[from] UpstreamError),
    /// Something failed inside the gateway; logged, never shown (500).
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// Something else failed inside the gateway; logged, never shown (500).
    #[error("internal: {0}")]
    Internal(String),
}

impl Error {
    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::BadRequest(ErrorBody::new(detail))
    }

    /// A 400 tied to the input field it concerns, so a form can show it there.
    pub fn field(field: &str, detail: impl Into<String>) -> Self {
        Self::BadRequest(ErrorBody::for_field(field, detail))
    }

    /// The one wording of "no such tool", wherever it is looked up.
    pub fn tool_not_found(id: &str) -> Self {
        Self::NotFound(format!(
            "No tool has the id \"{}\"; it may have been deleted. List the tools to find it.",
            clip(id)
        ))
    }

    /// The one wording of "no such agent".
    pub fn agent_not_found(id: &str) -> Self {
        Self::NotFound(format!(
            "No agent has the id \"{}\"; it may have been deleted. List the agents to find it.",
            clip(id)
        ))
    }

    /// Refuses input with problems, every one named at its field; `Ok` when there are none.
    pub fn refuse(problems: Vec<patchbay_wire::Problem>) -> Result<()> {
        match ErrorBody::from_problems(problems) {
            Some(body) => Err(Self::BadRequest(body)),
            None => Ok(()),
        }
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let (status, body) = match self {
            Self::BadRequest(body) => (StatusCode::BAD_REQUEST, body),
            Self::Unauthorized(s) => (StatusCode::UNAUTHORIZED, ErrorBody::new(s)),
            Self::TooLarge(s) => (StatusCode::PAYLOAD_TOO_LARGE, ErrorBody::new(s)),
            Self::NotFound(s) => (StatusCode::NOT_FOUND, ErrorBody::new(s)),
            Self::Conflict(s) => (StatusCode::CONFLICT, ErrorBody::new(s)),
            Self::MethodNotAllowed(s) => (StatusCode::METHOD_NOT_ALLOWED, ErrorBody::new(s)),
            Self::Upstream(e) => {
                let status = if matches!(e, UpstreamError::TimedOut(_)) {
                    StatusCode::GATEWAY_TIMEOUT
                } else {
                    StatusCode::BAD_GATEWAY
                };
                (status, ErrorBody::new(e.to_string()))
            }
            Self::Database(e) => {
                tracing::error!(error = %e, "database error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    ErrorBody::new("The gateway hit an internal error; try again, and see its log if it persists."),
                )
            }
            Self::Internal(e) => {
                tracing::error!(error = %e, "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    ErrorBody::new("The gateway hit an internal error; try again, and see its log if it persists."),
                )
            }
        };
        (status, axum::Json(body)).into_response()
    }
}

/// An id as echoed in a sentence: short, whatever was sent.
pub fn clip(id: &str) -> String {
    let mut shown: String = id.chars().filter(|c| !c.is_control()).take(64).collect();
    if id.chars().count() > 64 {
        shown.push('…');
    }
    shown
}

impl From<JsonRejection> for Error {
    fn from(r: JsonRejection) -> Self {
        if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
            return Self::TooLarge("The request body is too large; a tool's fields fit in a few kilobytes.".into());
        }
        let text: String = r.body_text().chars().take(300).collect();
        Self::bad_request(format!("The request body is not what this endpoint takes: {text}"))
    }
}

/// `Json` whose rejection is our JSON error shape, so malformed bodies read like any error.
#[derive(Debug, Clone, Copy, Default, axum::extract::FromRequest)]
#[from_request(via(axum::Json), rejection(Error))]
pub struct Json<T>(pub T);

impl<T: serde::Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

impl From<QueryRejection> for Error {
    fn from(r: QueryRejection) -> Self {
        let text: String = r.body_text().chars().take(300).collect();
        Self::bad_request(format!("The query string is not what this endpoint takes: {text}"))
    }
}

/// `Query` whose rejection is our JSON error shape.
#[derive(Debug, Clone, Copy, Default, axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(Error))]
pub struct Query<T>(pub T);
