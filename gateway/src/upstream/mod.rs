//! Everything that talks to MCP and OAuth servers: probing a URL, MCP sessions over
//! streamable HTTP (rmcp) or the legacy SSE transport, OAuth discovery, registration,
//! code exchange and refresh, and the outbound SSRF rules. Every failure is an
//! `UpstreamError` of a kind the layers above can act on. Nothing here touches the
//! database: tokens come and go through rmcp's `CredentialStore` trait.

pub mod catalog;
pub mod mcp;
pub mod oauth;
pub mod outbound;
pub mod probe;
pub mod progress;
pub mod session;
mod sse;

use std::time::Duration;

/// Why a remote server could not be used. Each message is a sentence for a person.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UpstreamError {
    /// No connection: DNS, refused, reset, TLS.
    #[error("{0}")]
    Unreachable(String),
    /// Connected, but no answer within the outbound timeout.
    #[error("The server did not answer within {0} seconds.")]
    TimedOut(u64),
    /// It answered, but not as an MCP server (or OAuth provider) answers.
    #[error("{0}")]
    NotMcp(String),
    /// The server or provider refused the gateway's sign-in, registration or token.
    #[error("{0}")]
    SignInRejected(String),
    /// The provider refused to renew the sign-in: access revoked or expired.
    #[error("{0}")]
    RefreshRejected(String),
    /// It spoke MCP or OAuth, but wrongly or with an error.
    #[error("{0}")]
    Protocol(String),
}

impl UpstreamError {
    /// Faults that mean the connector cannot recover without a new sign-in.
    pub fn is_dead(&self) -> bool {
        matches!(self, Self::SignInRejected(_) | Self::RefreshRejected(_))
    }

    /// Faults that may pass on their own (worth retrying, counted toward the grace period).
    pub fn is_transient(&self) -> bool {
        matches!(self, Self::Unreachable(_) | Self::TimedOut(_))
    }
}

/// How the gateway reaches out: the SSRF-guarded HTTP client and its limits.
#[derive(Clone, Debug)]
pub struct Upstream {
    pub(crate) http: reqwest::Client,
    pub allow_private: bool,
    pub timeout: Duration,
}

impl Upstream {
    pub fn new(allow_private: bool, timeout: Duration) -> Self {
        Self { http: outbound::http_client(allow_private, timeout), allow_private, timeout }
    }

    /// A reqwest failure as a sentence, told apart by kind.
    pub(crate) fn classify(&self, e: &reqwest::Error) -> UpstreamError {
        if e.is_timeout() {
            UpstreamError::TimedOut(self.timeout.as_secs().max(1))
        } else {
            UpstreamError::Unreachable("The gateway could not connect to the server.".into())
        }
    }
}
