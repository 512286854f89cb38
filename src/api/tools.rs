//! `v1/flow/tools`: MCP connectors, their agents, their server's tools, and replacing a
//! failed one.

use super::{Api, ApiError};
use crate::url::encode;
use patchbay_wire::{
    AgentSummary, AuthMode, CallList, CallToolRequest, CreateTool, McpServerTool, ReplaceTool, Tool, ToolDeleted,
    ToolList, ToolReplacement, UpdateTool,
};

fn tool_path(id: &str, rest: &str) -> String {
    format!("/v1/flow/tools/{}{rest}", encode(id))
}

impl Api {
    /// Every tool; the contract's largest page, since the SPA shows and filters them all.
    pub async fn list_tools(self) -> Result<ToolList, ApiError> {
        self.get("/v1/flow/tools?limit=1000").await
    }

    pub async fn tool(self, id: &str) -> Result<Tool, ApiError> {
        self.get(&tool_path(id, "")).await
    }

    /// `mode` tells the gateway which sign-in the person chose, so it can say when the
    /// server wants another one.
    pub async fn create_tool(self, body: &CreateTool, mode: AuthMode) -> Result<Tool, ApiError> {
        self.post(&format!("/v1/flow/tools?expect_auth={}", mode.as_str()), body).await
    }

    pub async fn update_tool(self, id: &str, body: &UpdateTool) -> Result<Tool, ApiError> {
        self.patch(&tool_path(id, ""), body).await
    }

    pub async fn delete_tool(self, id: &str) -> Result<ToolDeleted, ApiError> {
        self.delete(&tool_path(id, "")).await
    }

    /// The agents that link the tool, named before it is deleted.
    pub async fn tool_agents(self, id: &str) -> Result<Vec<AgentSummary>, ApiError> {
        self.get(&tool_path(id, "/agents")).await
    }

    /// What the tool's MCP server offers, asked of the server by the gateway.
    pub async fn server_tools(self, id: &str) -> Result<Vec<McpServerTool>, ApiError> {
        self.get(&tool_path(id, "/mcp/tools")).await
    }

    /// Calls one of the server's tools by hand; the answer is MCP's `CallToolResult`, read
    /// by the page as it arrives (a server may send anything in it).
    pub async fn call_server_tool(
        self,
        id: &str,
        name: &str,
        body: &CallToolRequest,
    ) -> Result<serde_json::Value, ApiError> {
        self.post(&tool_path(id, &format!("/mcp/tools/{}/call", encode(name))), body).await
    }

    /// The connector's recent calls, newest first.
    pub async fn tool_calls(self, id: &str, offset: usize, limit: usize) -> Result<CallList, ApiError> {
        self.get(&tool_path(id, &format!("/calls?offset={offset}&limit={limit}"))).await
    }

    /// A new connector like a failed one; its agents move to it once it is active.
    pub async fn replace_tool(self, id: &str, body: &ReplaceTool) -> Result<ToolReplacement, ApiError> {
        self.post(&tool_path(id, "/replace"), body).await
    }
}
