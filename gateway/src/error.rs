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
    /// No such thing (404).
    #[error("{0}")]
    NotFound(String),
    /// The request clashes with the current state (409).
    #[error("{0}")]
    Conflict(String),
    /// Something failed inside the gateway; logged, never shown (500).
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

impl Error {
    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::BadRequest(ErrorBody::new(detail))
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let (status, body) = match self {
            Self::BadRequest(body) => (StatusCode::BAD_REQUEST, body),
            Self::NotFound(s) => (StatusCode::NOT_FOUND, ErrorBody::new(s)),
            Self::Conflict(s) => (StatusCode::CONFLICT, ErrorBody::new(s)),
            Self::Database(e) => {
                tracing::error!(error = %e, "database error");
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
