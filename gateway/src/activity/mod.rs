//! Who may call an agent and what was called: agents' access tokens (`tokens`), the call
//! log written in the background (`recorder`), read per tool or agent (`log`) and pruned
//! by age and row count (`prune`). Never a call's arguments or result: they may carry
//! personal data.

pub mod log;
pub mod prune;
pub mod tokens;

pub use crate::runtime::recorder::{Call, Recorder};
pub use prune::{Retention, prune, spawn_pruning};

use crate::db;
use crate::error::{Error, Result};
use crate::state::AppState;

/// The one "no such agent" answer, when the agent is not there.
async fn require_agent(state: &AppState, agent_id: &str) -> Result<()> {
    let mut conn = state.db.pool().acquire().await?;
    match db::agents::find(&mut conn, agent_id).await? {
        Some(_) => Ok(()),
        None => Err(Error::agent_not_found(agent_id)),
    }
}
