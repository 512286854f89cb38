//! The SPA on the gateway's own origin (the release deployment): files from
//! `--static-dir` (held in memory, compressed once: `files`), `index.html` for
//! client-side routes, never for API paths; and the
//! security headers every answer carries. The Content-Security-Policy allows scripts
//! from this origin and, by hash, the inline loader Trunk writes into `index.html`,
//! nothing else: no other inline script, no framing, no foreign connections.

use crate::http::{is_api_path, not_found};
use crate::state::AppState;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use sha2::Digest;
use std::path::Path;
use std::sync::Arc;

mod files;

/// API answers are data, never documents to run.
const API_POLICY: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";
/// The gateway's own HTML (the callback's error page) has no script at all.
const OWN_PAGE_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";

/// The policy for the SPA's pages, from the served `index.html`; `None` without one.
#[derive(Clone, Default)]
pub struct Policies {
    page: Option<Arc<str>>,
}

impl Policies {
    /// `other_gateways`: origins the console may call besides this one (`--allow-gateway`).
    pub fn for_dir(dir: Option<&Path>, other_gateways: &[String]) -> Self {
        let page = dir.map(|d| {
            let index = std::fs::read_to_string(d.join("index.html")).unwrap_or_default();
            Arc::from(page_policy(&index, other_gateways))
        });
        Self { page }
    }
}

/// The API, and the bundle in `dir` for every other path. `Config::check` has made sure
/// the folder holds an `index.html`; one that cannot be read serves nothing, loudly.
pub fn with_static_files(api: Router<AppState>, dir: Option<&Path>) -> Router<AppState> {
    let Some(dir) = dir else { return api.fallback(not_found) };
    let files = match files::Files::load(dir) {
        Ok(f) => f,
        Err(e) => {
            tracing::error!(dir = %dir.display(), error = %e, "the static files cannot be read; serving the API only");
            return api.fallback(not_found);
        }
    };
    api.fallback(move |req: Request| {
        let files = files.clone();
        async move {
            if is_api_path(req.uri().path()) {
                return not_found(req).await;
            }
            files.answer(req.method(), req.uri().path(), req.headers())
        }
    })
}

/// `script-src` allows this origin, WebAssembly compilation, and each inline script of
/// `index.html` by its SHA-256 (Trunk's loader); styles may be inline (attributes).
/// `connect-src` is this origin and the other gateways allowed (checked origins).
pub fn page_policy(index_html: &str, other_gateways: &[String]) -> String {
    let others: String = other_gateways.iter().map(|o| format!(" {o}")).collect();
    let hashes: String = inline_scripts(index_html)
        .map(|s| format!(" 'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(s))))
        .collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: https:; connect-src 'self'{others}; frame-ancestors 'none'; base-uri 'none'; \
         form-action 'self'; object-src 'none'"
    )
}

/// The bodies of `<script>` elements without a `src`.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    html.split("<script").skip(1).filter_map(|rest| {
        let (tag, body) = rest.split_once('>')?;
        let (content, _) = body.split_once("</script>")?;
        (!tag.contains("src=")).then_some(content)
    })
}

/// Adds the headers every answer carries. The policy follows the path, not the answer's
/// content type: a 304 has none, and its headers replace the cached page's.
pub async fn security_headers(State(policies): State<Policies>, req: Request, next: Next) -> Response {
    let api = is_api_path(req.uri().path());
    let mut res = next.run(req).await;
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let policy = match &policies.page {
        Some(page) if !api => page,
        _ if is_html => OWN_PAGE_POLICY,
        _ => API_POLICY,
    };
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(policy) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // The sign-in popup's provider need not learn which Patchbay page opened it.
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_policy_allows_exactly_the_inline_loader() {
        let html =
            r#"<html><script type="module">import init from '/a.js';</script><script src="/b.js"></script></html>"#;
        let policy = page_policy(html, &["https://flow.seekr.com".into()]);
        let expected =
            base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest("import init from '/a.js';"));
        assert!(policy.contains(&format!("'sha256-{expected}'")), "{policy}");
        assert_eq!(policy.matches("'sha256-").count(), 1);
        assert!(policy.contains("frame-ancestors 'none'") && !policy.contains(" 'unsafe-eval'"));
        assert!(policy.contains("connect-src 'self' https://flow.seekr.com;"), "{policy}");
    }
}
