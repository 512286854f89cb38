//! What an agent serves over MCP right now: the tools of its linked connectors that are
//! `Active`, in the agent's tool order, under their agent-wide names (`naming`). Names
//! are assigned over every linked connector, active or not, so a name never moves when
//! another connector fails or recovers, and a call to a tool whose connector is down
//! can be told exactly why.

use crate::agents::naming::{self, Entry};
use crate::clock;
use crate::connectors;
use crate::db::{self, agents::AgentRecord, tools::ToolRecord};
use crate::error::Result;
use crate::state::AppState;
use crate::upstream::catalog;
use patchbay_wire::{AgentMcpTools, IdleConnector, ServedTool as WireServedTool, ToolStatus};
use serde_json::Value;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// One tool as the agent serves it.
#[derive(Debug, Clone)]
pub struct ServedTool {
    /// The agent-wide name (`slug__tool`).
    pub name: String,
    /// MCP's tool definition, as its server sent it, under `name`.
    pub definition: Value,
    pub connector: Arc<ToolRecord>,
    pub upstream_name: String,
    /// Whether its connector is `Active` (only those are listed).
    pub live: bool,
}

#[derive(Debug, Clone)]
pub struct Served {
    pub agent: AgentRecord,
    /// Every named tool of every linked connector; `live` ones are offered.
    pub tools: Vec<ServedTool>,
    /// Linked connectors that contribute no tool now, and why.
    pub idle: Vec<(Arc<ToolRecord>, String)>,
}

impl Served {
    pub fn live(&self) -> impl Iterator<Item = &ServedTool> {
        self.tools.iter().filter(|t| t.live)
    }

    /// Changes whenever the tools a client would list change.
    pub fn fingerprint(&self) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        for t in self.live() {
            t.name.hash(&mut h);
            t.definition.to_string().hash(&mut h);
        }
        h.finish()
    }
}

/// `load`, from the watch's cache when it is fresh (see `watch::Watch::cached`).
pub async fn current(state: &AppState, agent_id: &str) -> Result<Option<Arc<Served>>> {
    if let Some(s) = state.watch.cached(agent_id).and_then(|any| any.downcast::<Served>().ok()) {
        return Ok(Some(s));
    }
    let generation = state.watch.generation();
    let Some(served) = load(state, agent_id).await? else { return Ok(None) };
    let served = Arc::new(served);
    state.watch.remember(agent_id, generation, served.clone());
    Ok(Some(served))
}

/// The agent and its served tools, read now; `None` when no agent has this id.
pub async fn load(state: &AppState, agent_id: &str) -> Result<Option<Served>> {
    let mut conn = state.db.pool().acquire().await?;
    let Some(agent) = db::agents::find(&mut conn, agent_id).await? else { return Ok(None) };
    let linked = db::agents::linked_catalogs(&mut conn, agent_id).await?;
    drop(conn);
    let now = clock::now_unix();
    let mut listed: Vec<(Arc<ToolRecord>, Vec<Value>)> = Vec::new();
    let mut idle = Vec::new();
    for (tool, cached) in linked {
        let tool = Arc::new(tool);
        let tools = cached.as_deref().and_then(catalog::parse).unwrap_or_default();
        if let Some(why) = connectors::unavailable(&tool, now) {
            idle.push((tool.clone(), why));
        } else if tools.is_empty() {
            idle.push((tool.clone(), format!("The \"{}\" connector's server lists no tools.", tool.name)));
        }
        listed.push((tool, tools));
    }
    let entries: Vec<Entry<'_>> = listed
        .iter()
        .flat_map(|(c, tools)| {
            tools.iter().filter_map(move |t| {
                Some(Entry { connector_id: &c.id, connector_name: &c.name, tool: t.get("name")?.as_str()? })
            })
        })
        .collect();
    let names = naming::assign(&entries);
    let mut named = names.into_iter();
    let mut tools = Vec::new();
    for (connector, defs) in &listed {
        let live = connector.status_at(now).0 == ToolStatus::Active;
        for def in defs {
            let Some(upstream) = def.get("name").and_then(Value::as_str) else { continue };
            let Some(name) = named.next() else { break };
            let mut definition = def.clone();
            definition["name"] = Value::String(name.clone());
            tools.push(ServedTool {
                name,
                definition,
                connector: connector.clone(),
                upstream_name: upstream.to_string(),
                live,
            });
        }
    }
    Ok(Some(Served { agent, tools, idle }))
}

/// `GET v2/flow/agents/{id}/mcp/tools`: the same view, for a person.
pub fn to_wire(served: &Served, endpoint: String) -> AgentMcpTools {
    AgentMcpTools {
        endpoint,
        serving: served.agent.status == patchbay_wire::AgentStatus::Active,
        tools: served
            .live()
            .map(|t| WireServedTool {
                name: t.name.clone(),
                title: t.definition.get("title").and_then(Value::as_str).map(str::to_string),
                description: t.definition.get("description").and_then(Value::as_str).map(str::to_string),
                tool_id: t.connector.id.clone(),
                upstream_name: t.upstream_name.clone(),
            })
            .collect(),
        idle: served
            .idle
            .iter()
            .map(|(t, why)| IdleConnector {
                tool_id: t.id.clone(),
                name: t.name.clone(),
                status: t.status_at(clock::now_unix()).0,
                reason: why.clone(),
            })
            .collect(),
    }
}
