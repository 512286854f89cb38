//! MCP connector tools, SeekrFlow's `v1/flow/tools`.
//! - `GET /v1/flow/tools`: list, with `offset`, `limit`, `tool_type`, `tool_status`.

use crate::error::{Json, Result};
use crate::state::AppState;
use axum::{Router, extract::State, routing::get};
use patchbay_wire::ToolList;

pub fn router() -> Router<AppState> {
    Router::new().route("/v1/flow/tools", get(list_tools))
}

async fn list_tools(State(state): State<AppState>) -> Result<Json<ToolList>> {
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tools").fetch_one(&state.db).await?;
    Ok(Json(ToolList { data: Vec::new(), total }))
}
