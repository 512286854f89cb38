//! Every deployed agent as an MCP server (Patchbay's addition).
//! - `POST|GET|DELETE /v2/flow/agents/{id}/mcp`: MCP Streamable HTTP, served by rmcp's
//!   `StreamableHttpService` (every protocol revision rmcp speaks, the stateless
//!   2026-07-28 one included).
//!
//! A request needs `Authorization: Bearer <token>` of that agent (or a gateway API key);
//! else 401 with `WWW-Authenticate: Bearer`. An unknown agent is a 404; a stopped one is
//! refused with a sentence saying to deploy it. Each agent has its own rmcp service and
//! session manager, so a session id of one agent means nothing on another's endpoint.
//! Sessions opened with a token close when the token is revoked.

mod server;

use crate::db;
use crate::error::Error;
use crate::http::access;
use crate::state::AppState;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::{Extension, Router};
use patchbay_wire::AgentStatus;
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{SessionId, StreamableHttpServerConfig, StreamableHttpService};
use server::AgentServer;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use tower::ServiceExt;

pub fn router() -> Router<AppState> {
    Router::new().route("/v2/flow/agents/{id}/mcp", any(serve_mcp)).layer(Extension(Arc::new(Endpoints::default())))
}

/// Whether `path` is an agent's MCP endpoint, which checks its own credentials.
pub fn is_endpoint(path: &str) -> bool {
    path.strip_prefix("/v2/flow/agents/").and_then(|rest| rest.strip_suffix("/mcp")).is_some_and(|id| !id.contains('/'))
}

type Service = StreamableHttpService<AgentServer, LocalSessionManager>;

/// How soon a token revoked on another instance closes the sessions it opened here.
const REVOKED_POLL: std::time::Duration = std::time::Duration::from_secs(2);

/// The agents' rmcp services, and which token opened each session.
#[derive(Default)]
struct Endpoints {
    services: Mutex<HashMap<String, (Service, Arc<LocalSessionManager>)>>,
    sessions: Mutex<HashMap<SessionId, (String, Option<String>)>>,
    listening: OnceLock<()>,
}

impl Endpoints {
    fn service(&self, state: &AppState, agent_id: &str) -> Service {
        let mut services = self.services.lock().expect("not poisoned");
        let (service, _) = services.entry(agent_id.to_string()).or_insert_with(|| {
            let manager = Arc::new(LocalSessionManager::default());
            // The gateway's own guard has checked the Host header against its public
            // names already; rmcp's loopback-only default would refuse a deployment.
            // Sessions live in the database too, so any instance (or this one after a
            // restart) resumes them.
            let mut config = StreamableHttpServerConfig::default().disable_allowed_hosts();
            config.session_store =
                Some(Arc::new(db::mcp_sessions::Store { db: state.db.clone(), agent_id: agent_id.to_string() }));
            let (state, id) = (state.clone(), agent_id.to_string());
            let factory = move || Ok(AgentServer { state: state.clone(), agent_id: id.clone() });
            (StreamableHttpService::new(factory, manager.clone(), config), manager)
        });
        service.clone()
    }

    /// Closes the sessions here whose token no longer exists in the database.
    async fn close_revoked_elsewhere(&self, state: &AppState) {
        let tokens: Vec<String> = {
            let sessions = self.sessions.lock().expect("not poisoned");
            let mut ids: Vec<String> = sessions.values().filter_map(|(_, t)| t.clone()).collect();
            ids.sort();
            ids.dedup();
            ids
        };
        if tokens.is_empty() {
            return;
        }
        match db::agent_tokens::existing(&state.db, &tokens).await {
            Ok(live) => {
                for gone in tokens.iter().filter(|t| !live.contains(*t)) {
                    self.close_token_sessions(gone).await;
                }
            }
            Err(e) => tracing::warn!(error = %e, "checking sessions' tokens failed"),
        }
    }

    /// Closes this instance's sessions opened with a revoked token.
    async fn close_token_sessions(&self, token_id: &str) {
        let closing: Vec<(SessionId, String)> = {
            let mut sessions = self.sessions.lock().expect("not poisoned");
            let ids: Vec<_> = sessions
                .iter()
                .filter(|(_, (_, t))| t.as_deref() == Some(token_id))
                .map(|(s, (a, _))| (s.clone(), a.clone()))
                .collect();
            ids.iter().for_each(|(s, _)| {
                sessions.remove(s);
            });
            ids
        };
        for (session, agent) in closing {
            let manager = self.services.lock().expect("not poisoned").get(&agent).map(|(_, m)| m.clone());
            if let Some(m) = manager {
                use rmcp::transport::streamable_http_server::session::SessionManager;
                if let Err(e) = m.close_session(&session).await {
                    tracing::debug!(error = %e, "closing a revoked token's session");
                }
            }
        }
    }
}

/// Who is calling: a gateway API key, or one of the agent's tokens (its id).
enum Caller {
    ApiKey,
    Token(String),
}

fn refuse_unauthenticated() -> Response {
    let mut res = Error::Unauthorized(
        "Send an access token of this agent as \"Authorization: Bearer <token>\"; create one on the agent's page in Patchbay."
            .into(),
    )
    .into_response();
    res.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        header::HeaderValue::from_static("Bearer realm=\"Patchbay\", error=\"invalid_token\""),
    );
    res
}

async fn authorize(state: &AppState, agent_id: &str, headers: &HeaderMap) -> Result<Caller, Response> {
    let given = headers.get(header::AUTHORIZATION).and_then(|h| h.to_str().ok()).unwrap_or_default();
    if !state.config.api_keys.is_empty() && access::key_matches(&state.config.api_keys, given) {
        return Ok(Caller::ApiKey);
    }
    let Some(secret) = given.strip_prefix("Bearer ").or_else(|| given.strip_prefix("bearer ")) else {
        return Err(refuse_unauthenticated());
    };
    match db::agent_tokens::find_by_secret(&state.db, secret.trim()).await {
        Ok(Some(found)) if found.agent_id == agent_id => {
            state.recorder.token_used(&found.id);
            Ok(Caller::Token(found.id))
        }
        Ok(_) => Err(refuse_unauthenticated()),
        Err(e) => Err(e.into_response()),
    }
}

async fn serve_mcp(
    State(state): State<AppState>,
    Extension(endpoints): Extension<Arc<Endpoints>>,
    Path(agent_id): Path<String>,
    req: Request,
) -> Response {
    endpoints.listening.get_or_init(|| {
        let (mut revoked, here) = (state.revoked_tokens.subscribe(), endpoints.clone());
        tokio::spawn(async move {
            while let Ok(token_id) = revoked.recv().await {
                here.close_token_sessions(&token_id).await;
            }
        });
        // A token revoked on another instance: its sessions here close within `REVOKED_POLL`.
        let (state, anywhere) = (state.clone(), endpoints.clone());
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(REVOKED_POLL).await;
                anywhere.close_revoked_elsewhere(&state).await;
            }
        });
    });
    let caller = match authorize(&state, &agent_id, req.headers()).await {
        Ok(c) => c,
        Err(refused) => return refused,
    };
    let served = match crate::agents::serving::current(&state, &agent_id).await {
        Ok(Some(served)) => served,
        Ok(None) => return Error::agent_not_found(&agent_id).into_response(),
        Err(e) => return e.into_response(),
    };
    let agent = &served.agent;
    if agent.status != AgentStatus::Active {
        let mut res = Error::Conflict(format!(
            "\"{}\" is stopped, so it serves no tools; deploy it in Patchbay (promote), then connect again.",
            agent.name
        ))
        .into_response();
        *res.status_mut() = StatusCode::CONFLICT;
        return res;
    }
    let had_session = req.headers().get("mcp-session-id").and_then(|v| v.to_str().ok()).map(SessionId::from);
    let deleting = req.method() == Method::DELETE;
    let service = endpoints.service(&state, &agent_id);
    let res = match service.oneshot(req).await {
        Ok(res) => res,
        Err(never) => match never {},
    };
    let token = match caller {
        Caller::Token(id) => Some(id),
        Caller::ApiKey => None,
    };
    let opened = res.headers().get("mcp-session-id").and_then(|v| v.to_str().ok()).map(SessionId::from);
    let mut sessions = endpoints.sessions.lock().expect("not poisoned");
    match (had_session, opened) {
        (Some(s), _) if deleting => {
            sessions.remove(&s);
        }
        (None, Some(opened)) => {
            if let Some(t) = &token {
                let (db, session, t) = (state.db.clone(), opened.to_string(), t.clone());
                tokio::spawn(async move {
                    if let Err(e) = db::mcp_sessions::bind_token(&db, &session, &t).await {
                        tracing::warn!(error = %e, "recording a session's token failed");
                    }
                });
            }
            sessions.insert(opened, (agent_id, token));
        }
        // A session opened elsewhere (another instance, before a restart) is known here from now on.
        (Some(s), _) => {
            sessions.entry(s).or_insert((agent_id, token));
        }
        (None, None) => {}
    }
    res.map(axum::body::Body::new)
}
