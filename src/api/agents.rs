//! `v2/flow/agents`: listing, reading, creating, changing and deleting agents.

use super::{Api, ApiError};
use crate::url::encode;
use patchbay_wire::{Agent, AgentDeleted, AgentList, CreateAgentRequest, UpdateAgentRequest};

fn agent_path(id: &str) -> String {
    format!("/v2/flow/agents/{}", encode(id))
}

impl Api {
    pub async fn list_agents(self) -> Result<AgentList, ApiError> {
        self.get("/v2/flow/agents/").await
    }

    pub async fn agent(self, id: &str) -> Result<Agent, ApiError> {
        self.get(&agent_path(id)).await
    }

    pub async fn create_agent(self, body: &CreateAgentRequest) -> Result<Agent, ApiError> {
        self.post("/v2/flow/agents/create", body).await
    }

    pub async fn update_agent(self, id: &str, body: &UpdateAgentRequest) -> Result<Agent, ApiError> {
        self.patch(&agent_path(id), body).await
    }

    pub async fn delete_agent(self, id: &str) -> Result<AgentDeleted, ApiError> {
        self.delete(&agent_path(id)).await
    }
}
