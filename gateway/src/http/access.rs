//! Who may call the gateway: the `Host` header must name this gateway (a guard
//! against DNS rebinding), and when API keys are configured every API call must carry
//! one (`Authorization: <key>` as the SeekrFlow SDK sends it, or `Bearer <key>`).
//! `/oauth/callback` needs no key: the provider's redirect cannot carry one, and the
//! single-use `state` is what authenticates it.

use crate::error::Error;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let host = req.headers().get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or_default();
    if !host_allowed(&state, host) {
        return Error::bad_request(format!(
            "This gateway does not answer to the host name \"{}\"; use its public URL, or add the name with --allowed-host.",
            host.chars().take(100).collect::<String>()
        ))
        .into_response();
    }
    let path = req.uri().path();
    // An agent's MCP endpoint takes its own tokens as well as API keys; it checks them itself.
    let is_api = (path.starts_with("/v1/") || path.starts_with("/v2/")) && !crate::http::agent_mcp::is_endpoint(path);
    if is_api && !state.config.api_keys.is_empty() {
        let given = req.headers().get(header::AUTHORIZATION).and_then(|h| h.to_str().ok()).unwrap_or_default();
        if !key_matches(&state.config.api_keys, given) {
            return Error::Unauthorized(
                "Send a valid API key in the Authorization header (the key alone, or \"Bearer <key>\").".into(),
            )
            .into_response();
        }
    }
    next.run(req).await
}

fn hostname(host_header: &str) -> String {
    let h = host_header.trim().to_ascii_lowercase();
    if let Some(rest) = h.strip_prefix('[') {
        return rest.split(']').next().unwrap_or_default().to_string();
    }
    h.rsplit_once(':').map_or(h.clone(), |(name, _)| name.to_string())
}

fn host_allowed(state: &AppState, host_header: &str) -> bool {
    let name = hostname(host_header);
    if name.is_empty() {
        return false;
    }
    let c = &state.config;
    let public = url::Url::parse(&c.public_url())
        .ok()
        .and_then(|u| u.host_str().map(|h| h.trim_matches(['[', ']']).to_ascii_lowercase()));
    ["localhost", "127.0.0.1", "::1"].contains(&name.as_str())
        || name == c.listen.ip().to_string()
        || public.as_deref() == Some(name.as_str())
        || c.allowed_hosts.iter().any(|a| a.trim().eq_ignore_ascii_case(&name))
}

/// Compares without stopping at the first differing byte, so timing says nothing.
pub fn key_matches(keys: &[String], given: &str) -> bool {
    let given = given.trim();
    let given = given.strip_prefix("Bearer ").or_else(|| given.strip_prefix("bearer ")).unwrap_or(given).trim();
    let mut ok = false;
    for key in keys.iter().map(|k| k.trim()).filter(|k| !k.is_empty()) {
        let same =
            key.len() == given.len() && key.bytes().zip(given.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0;
        ok |= same;
    }
    ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_accepted_bare_or_as_bearer_only_when_equal() {
        let keys = vec!["s3cret".to_string()];
        assert!(key_matches(&keys, "s3cret"));
        assert!(key_matches(&keys, "Bearer s3cret"));
        assert!(!key_matches(&keys, "Bearer s3cre"));
        assert!(!key_matches(&keys, ""));
    }

    #[test]
    fn hostname_drops_the_port() {
        assert_eq!(hostname("127.0.0.1:8787"), "127.0.0.1");
        assert_eq!(hostname("[::1]:80"), "::1");
        assert_eq!(hostname("Example.COM"), "example.com");
    }
}
