//! The MCP server each agent is: rmcp's `ServerHandler`, one instance per session (or
//! per request for stateless clients). `initialize` names the agent and gives its
//! instructions; `tools/list` is what the agent serves now; `tools/call` is forwarded to
//! the tool's connector. A failure is an `isError` result with a sentence, never a
//! protocol error, so one bad connector never breaks the session.

use crate::agents::serving;
use crate::connectors::calls::{self, Request};
use crate::state::AppState;
use rmcp::handler::server::ServerHandler;
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, DiscoverResult, Implementation,
    InitializeRequestParams, InitializeResult, ListToolsResult, PaginatedRequestParams, ProgressNotificationParam,
    RequestParamsMeta, ResultType, ServerCapabilities, ServerConfig, SubscriptionFilter, Tool,
};
use rmcp::service::{RequestContext, SubscriptionContext};
use rmcp::{ErrorData as McpError, RoleServer};
use std::sync::Arc;

#[derive(Clone)]
pub struct AgentServer {
    pub state: AppState,
    pub agent_id: String,
}

fn internal(e: crate::error::Error) -> McpError {
    tracing::error!(error = %e, "an agent's MCP request failed inside the gateway");
    McpError::internal_error("The gateway hit an internal error; try again.", None)
}

impl AgentServer {
    async fn served(&self) -> Result<Arc<serving::Served>, McpError> {
        serving::current(&self.state, &self.agent_id)
            .await
            .map_err(internal)?
            .ok_or_else(|| McpError::invalid_request("This agent was deleted.", None))
    }

    /// The agent's name and instructions on top of the negotiated answer.
    async fn config(&self, mut info: ServerConfig) -> Result<ServerConfig, McpError> {
        let served = self.served().await?;
        info.server_info = Implementation::new(served.agent.name.clone(), env!("CARGO_PKG_VERSION"));
        info.instructions = Some(served.agent.instructions.clone());
        Ok(info)
    }

    /// Forwards `tools/list_changed` to this session each time the agent's tools change.
    fn watch(&self, peer: rmcp::Peer<RoleServer>) {
        let mut changes = self.state.watch.subscribe(&self.agent_id);
        self.state.watch.wake();
        tokio::spawn(async move {
            while changes.recv().await.is_ok() {
                if peer.is_transport_closed() || peer.notify_tool_list_changed().await.is_err() {
                    break;
                }
            }
        });
    }
}

impl ServerHandler for AgentServer {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().enable_tool_list_changed().build())
    }

    async fn initialize(
        &self,
        request: InitializeRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<InitializeResult, McpError> {
        context.peer.set_peer_info(request.clone());
        let info = self.config(self.negotiate_initialize(&request)?).await?;
        self.watch(context.peer.clone());
        Ok(info)
    }

    async fn discover(&self, _context: RequestContext<RoleServer>) -> Result<DiscoverResult, McpError> {
        let info = self.config(self.get_info()).await?;
        Ok(DiscoverResult::from_server_info(self.supported_protocol_versions().into_owned(), info))
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, McpError> {
        let served = self.served().await?;
        let tools: Vec<Tool> =
            served.live().filter_map(|t| serde_json::from_value(t.definition.clone()).ok()).collect();
        Ok(ListToolsResult::with_all_items(tools))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, McpError> {
        let served = self.served().await?;
        let Some(tool) = served.tools.iter().find(|t| t.name == request.name) else {
            let said = format!(
                "This agent has no tool named \"{}\" now; list its tools again (a connector may have been removed).",
                request.name.chars().take(80).collect::<String>()
            );
            return Ok(CallToolResult::error(vec![ContentBlock::text(said)]).into());
        };
        // rmcp moves the request's `_meta` into the context before calling this handler.
        let asked = context.meta.get_progress_token().or_else(|| request.progress_token());
        let progress = asked.map(|downstream| {
            // One task forwards them all, so they reach the client in the server's order.
            let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<ProgressNotificationParam>();
            let peer = context.peer.clone();
            tokio::spawn(async move {
                while let Some(mut p) = rx.recv().await {
                    p.progress_token = downstream.clone();
                    if peer.notify_progress(p).await.is_err() {
                        break;
                    }
                }
            });
            Arc::new(move |p: ProgressNotificationParam| {
                let _ = tx.send(p);
            }) as crate::upstream::session::ProgressSink
        });
        let req = Request {
            upstream_name: tool.upstream_name.clone(),
            arguments: request.arguments.clone(),
            progress,
            cancel: context.ct.clone(),
        };
        let caller = Some((served.agent.id.clone(), served.agent.name.clone()));
        let mut result = calls::call(&self.state, &tool.connector, req, caller).await;
        // Servers on older revisions leave out the discriminator that 2026-07-28 clients
        // require; it means the same thing to every revision.
        result.result_type.get_or_insert(ResultType::COMPLETE);
        Ok(result.into())
    }

    /// Stateless (2026-07-28) clients hear `tools/list_changed` on a listen stream.
    fn accepted_subscription_filter(&self, requested: &SubscriptionFilter) -> Option<SubscriptionFilter> {
        let mut accepted = SubscriptionFilter::default();
        accepted.tools_list_changed = requested.tools_list_changed;
        Some(accepted)
    }

    async fn listen(&self, context: SubscriptionContext) -> Result<(), McpError> {
        let mut changes = self.state.watch.subscribe(&self.agent_id);
        self.state.watch.wake();
        loop {
            tokio::select! {
                () = context.cancelled() => return Ok(()),
                change = changes.recv() => {
                    if change.is_err() || context.sink().notify_tool_list_changed().await.is_err() {
                        return Ok(());
                    }
                }
            }
        }
    }
}
