//! The gateway's one error type. User errors carry a sentence that says what to do;
//! internal errors are logged and answered with a generic sentence.

use axum::extract::rejection::JsonRejection;
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
    /// The request clashes with the current state (409).
    #[error("{0}")]
    Conflict(String),
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

impl From<JsonRejection> for Error {
    fn from(r: JsonRejection) -> Self {
        if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
            return Self::TooLarge("The request body is too large; a tool's fields fit in a few kilobytes.".into());
        }
        Self::bad_request(format!("The request body is not what this endpoint takes: {}", r.body_text()))
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
