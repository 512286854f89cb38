//! `v2/flow/agents`: listing, reading, creating, changing and deleting agents; what each
//! serves over MCP, its access tokens and its calls.

use super::{Api, ApiError};
use crate::url::encode;
use patchbay_wire::{
    Agent, AgentDeleted, AgentList, AgentMcpTools, AgentTokenDeleted, AgentTokenList, CallList, CreateAgentRequest,
    CreateAgentToken, CreatedAgentToken, UpdateAgentRequest,
};

fn agent_path(id: &str) -> String {
    format!("/v2/flow/agents/{}", encode(id))
}

fn tokens_path(id: &str) -> String {
    format!("{}/tokens", agent_path(id))
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

    /// Deploys the agent (`Active`): its MCP endpoint answers clients.
    pub async fn deploy_agent(self, id: &str) -> Result<Agent, ApiError> {
        self.put(&format!("{}/promote", agent_path(id))).await
    }

    /// Stops the agent (`Inactive`): its MCP endpoint refuses clients until it is deployed again.
    pub async fn stop_agent(self, id: &str) -> Result<Agent, ApiError> {
        self.put(&format!("{}/demote", agent_path(id))).await
    }

    /// What a model sees through the agent's MCP endpoint now, and which tools give nothing.
    pub async fn agent_mcp_tools(self, id: &str) -> Result<AgentMcpTools, ApiError> {
        self.get(&format!("{}/mcp/tools", agent_path(id))).await
    }

    pub async fn agent_tokens(self, id: &str) -> Result<AgentTokenList, ApiError> {
        self.get(&tokens_path(id)).await
    }

    /// The answer holds the secret, this once.
    pub async fn create_agent_token(self, id: &str, body: &CreateAgentToken) -> Result<CreatedAgentToken, ApiError> {
        self.post(&tokens_path(id), body).await
    }

    /// Revokes at once: sessions using the token are closed.
    pub async fn revoke_agent_token(self, id: &str, token_id: &str) -> Result<AgentTokenDeleted, ApiError> {
        self.delete(&format!("{}/{}", tokens_path(id), encode(token_id))).await
    }

    /// The calls made through the agent's endpoint, newest first.
    pub async fn agent_calls(self, id: &str, offset: usize, limit: usize) -> Result<CallList, ApiError> {
        self.get(&format!("{}/calls?offset={offset}&limit={limit}", agent_path(id))).await
    }
}
