//! An agent's access tokens for its MCP endpoint (Patchbay's addition to the contract).
//! - `POST /v2/flow/agents/{id}/tokens` `{"name"}`: a new token; its secret is answered this once.
//! - `GET /v2/flow/agents/{id}/tokens`: name, created, last used; newest first; never a secret.
//! - `DELETE /v2/flow/agents/{id}/tokens/{token_id}`: revoke at once (sessions using it close).

use crate::activity::tokens;
use crate::error::{Json, Result};
use crate::state::AppState;
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::{delete, post};
use patchbay_wire::{AgentTokenDeleted, AgentTokenList, CreateAgentToken, CreatedAgentToken};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v2/flow/agents/{id}/tokens", post(create_token).get(list_tokens))
        .route("/v2/flow/agents/{id}/tokens/{token_id}", delete(revoke_token))
}

async fn create_token(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Json(req): Json<CreateAgentToken>,
) -> Result<Json<CreatedAgentToken>> {
    Ok(Json(tokens::create(&state, &id, req).await?))
}

async fn list_tokens(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<AgentTokenList>> {
    Ok(Json(AgentTokenList { data: tokens::list(&state, &id).await? }))
}

async fn revoke_token(
    State(state): State<AppState>,
    Path((id, token_id)): Path<(String, String)>,
) -> Result<Json<AgentTokenDeleted>> {
    tokens::revoke(&state, &id, &token_id).await?;
    Ok(Json(AgentTokenDeleted { id: token_id, deleted: true }))
}
