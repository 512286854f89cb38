//! A small OAuth provider + MCP server of our own, on one port. Why not only the npm
//! example: its demo provider issues no refresh tokens and cannot revoke, so token
//! refresh, rotation and revocation need a provider the test controls. It still speaks
//! the real protocol: RFC 9728 / 8414 metadata, RFC 7591 registration, PKCE S256 (the
//! verifier is checked), RFC 8707 `resource` (required), rotating refresh tokens.

use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

#[derive(Default)]
pub struct Provider {
    pub base: String,
    /// Seconds an access token lives.
    pub token_life: u64,
    pub registration: bool,
    codes: HashMap<String, String>, // code -> PKCE challenge
    pub access: Vec<String>,
    /// When each access token was issued: it stops working `token_life` seconds later.
    issued: HashMap<String, std::time::Instant>,
    /// Refresh tokens already rotated away, and how often one was presented again.
    spent: Vec<String>,
    pub reused: u32,
    /// `tools/list` requests answered (the health check lists the server).
    pub lists: u32,
    /// A tool name served besides `fixture_lookup` (long names, odd characters).
    pub extra_tool: Option<String>,
    pub refresh: Option<String>,
    pub refreshes: u32,
    pub reject_refresh: bool,
    /// An authorization endpoint to advertise instead of the real one: a hostile server.
    pub advertised_authorize: Option<String>,
    counter: u32,
}

#[derive(Clone)]
pub struct Fixture(pub Arc<Mutex<Provider>>);

impl Fixture {
    pub fn mcp_url(&self) -> String {
        format!("{}/mcp", self.0.lock().unwrap().base)
    }
    pub fn refreshes(&self) -> u32 {
        self.0.lock().unwrap().refreshes
    }
    /// Every token stops working, as when the person revokes access at the provider.
    pub fn revoke(&self) {
        let mut p = self.0.lock().unwrap();
        p.access.clear();
        p.refresh = None;
    }
    pub fn reject_refresh(&self) {
        self.0.lock().unwrap().reject_refresh = true;
    }
    /// How many times a refresh token was presented after it had been rotated away.
    pub fn reused(&self) -> u32 {
        self.0.lock().unwrap().reused
    }
    pub fn lists(&self) -> u32 {
        self.0.lock().unwrap().lists
    }
    /// Serves one more tool under this name from now on.
    pub fn serve_tool(&self, name: &str) {
        self.0.lock().unwrap().extra_tool = Some(name.to_string());
    }
    /// Advertises `url` as the authorization endpoint from now on.
    pub fn advertise_authorize(&self, url: &str) {
        self.0.lock().unwrap().advertised_authorize = Some(url.to_string());
    }
}

pub async fn start(token_life: u64, registration: bool) -> Fixture {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let fixture = Fixture(Arc::new(Mutex::new(Provider { base, token_life, registration, ..Default::default() })));
    let app = Router::new()
        .route("/.well-known/oauth-protected-resource/mcp", get(resource_metadata))
        .route("/.well-known/oauth-authorization-server", get(server_metadata))
        .route("/register", post(register))
        .route("/authorize", get(authorize))
        .route("/token", post(token))
        .route("/mcp", post(mcp).get(|| async { StatusCode::METHOD_NOT_ALLOWED }).delete(|| async { StatusCode::OK }))
        .with_state(fixture.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    fixture
}

async fn resource_metadata(State(f): State<Fixture>) -> Json<Value> {
    let base = f.0.lock().unwrap().base.clone();
    Json(json!({"resource": format!("{base}/mcp"), "authorization_servers": [base], "scopes_supported": ["tools"]}))
}

async fn server_metadata(State(f): State<Fixture>) -> Json<Value> {
    let p = f.0.lock().unwrap();
    let mut m = json!({
        "issuer": p.base,
        "authorization_endpoint": p.advertised_authorize.clone().unwrap_or_else(|| format!("{}/authorize", p.base)),
        "token_endpoint": format!("{}/token", p.base), "response_types_supported": ["code"],
        "code_challenge_methods_supported": ["S256"], "grant_types_supported": ["authorization_code", "refresh_token"],
        "token_endpoint_auth_methods_supported": ["none", "client_secret_post"], "scopes_supported": ["tools"],
    });
    if p.registration {
        m["registration_endpoint"] = json!(format!("{}/register", p.base));
    }
    Json(m)
}

async fn register(Json(body): Json<Value>) -> (StatusCode, Json<Value>) {
    (StatusCode::CREATED, Json(json!({"client_id": "fixture-client", "redirect_uris": body["redirect_uris"]})))
}

async fn authorize(State(f): State<Fixture>, Query(q): Query<HashMap<String, String>>) -> Response {
    if q.get("code_challenge_method").map(String::as_str) != Some("S256") || !q.contains_key("resource") {
        return (StatusCode::BAD_REQUEST, "PKCE S256 and resource are required").into_response();
    }
    let mut p = f.0.lock().unwrap();
    p.counter += 1;
    let code = format!("code-{}", p.counter);
    p.codes.insert(code.clone(), q["code_challenge"].clone());
    Redirect::to(&format!("{}?code={code}&state={}", q["redirect_uri"], q["state"])).into_response()
}

fn invalid_grant() -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({"error": "invalid_grant"}))).into_response()
}

async fn token(State(f): State<Fixture>, Form(form): Form<HashMap<String, String>>) -> Response {
    if form.get("grant_type").map(String::as_str) == Some("refresh_token") {
        // A slow provider: concurrent refreshes with one token would both pass the
        // check below before either rotates it, unless the gateway lets only one through.
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let mut p = f.0.lock().unwrap();
    if !form.contains_key("resource") {
        return (StatusCode::BAD_REQUEST, Json(json!({"error": "invalid_target"}))).into_response();
    }
    match form.get("grant_type").map(String::as_str) {
        Some("authorization_code") => {
            let Some(challenge) = form.get("code").and_then(|c| p.codes.remove(c)) else { return invalid_grant() };
            let verifier = form.get("code_verifier").cloned().unwrap_or_default();
            let digest = ring_sha256(verifier.as_bytes());
            if base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest) != challenge {
                return invalid_grant();
            }
        }
        Some("refresh_token") => {
            let given = form.get("refresh_token").cloned().unwrap_or_default();
            if p.spent.contains(&given) {
                p.reused += 1;
            }
            if p.reject_refresh || p.refresh.is_none() || Some(&given) != p.refresh.as_ref() {
                return invalid_grant();
            }
            p.spent.push(given);
            p.refreshes += 1;
        }
        _ => return invalid_grant(),
    }
    p.counter += 1;
    let (access, refresh) = (format!("access-{}", p.counter), format!("refresh-{}", p.counter));
    p.access.push(access.clone());
    p.issued.insert(access.clone(), std::time::Instant::now());
    p.refresh = Some(refresh.clone()); // rotation: the old refresh token stops working
    let life = p.token_life;
    Json(json!({"access_token": access, "token_type": "Bearer", "expires_in": life, "refresh_token": refresh, "scope": "tools"}))
        .into_response()
}

fn ring_sha256(data: &[u8]) -> Vec<u8> {
    use sha2::Digest;
    sha2::Sha256::digest(data).to_vec()
}

async fn mcp(State(f): State<Fixture>, headers: HeaderMap, Json(msg): Json<Value>) -> Response {
    let (base, ok, extra) = {
        let p = f.0.lock().unwrap();
        let given = headers.get("authorization").and_then(|h| h.to_str().ok()).unwrap_or_default();
        let live = |a: &String| p.issued.get(a).is_some_and(|at| at.elapsed().as_secs_f64() < p.token_life as f64);
        (p.base.clone(), p.access.iter().any(|a| given == format!("Bearer {a}") && live(a)), p.extra_tool.clone())
    };
    if !ok {
        let challenge = format!("Bearer resource_metadata=\"{base}/.well-known/oauth-protected-resource/mcp\"");
        return (StatusCode::UNAUTHORIZED, [("www-authenticate", challenge)]).into_response();
    }
    let id = msg["id"].clone();
    let result = match msg["method"].as_str().unwrap_or_default() {
        "initialize" => json!({"protocolVersion": "2025-06-18", "capabilities": {"tools": {}},
            "serverInfo": {"name": "patchbay-fixture", "version": "1"}}),
        "tools/list" => {
            f.0.lock().unwrap().lists += 1;
            let mut tools = vec![json!({"name": "fixture_lookup", "description": "Looks things up.",
                "inputSchema": {"type": "object", "properties": {"q": {"type": "string"}}}})];
            if let Some(name) = extra {
                tools.push(json!({"name": name, "inputSchema": {"type": "object"}}));
            }
            json!({"tools": tools})
        }
        "tools/call" => {
            let q = msg["params"]["arguments"]["q"].as_str().unwrap_or_default().to_string();
            json!({"content": [{"type": "text", "text": format!("found {q}")}]})
        }
        _ if id.is_null() => return StatusCode::ACCEPTED.into_response(),
        _ => json!({}),
    };
    ([("mcp-session-id", "fixture-session")], Json(json!({"jsonrpc": "2.0", "id": id, "result": result})))
        .into_response()
}
