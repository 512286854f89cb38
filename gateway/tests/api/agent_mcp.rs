//! Agents as MCP servers, driven by real MCP clients (the npm SDK's and the Python SDK's,
//! see `clients.rs`) against real upstream servers: the npm example (open and behind
//! its OAuth server) and `fixture.rs` (2-second tokens, rotation, revocation).

use crate::clients::{McpClient, Sdk};
use crate::fixture;
use crate::helpers::{TestApp, mcp_example, mcp_example_at, spawn_app_with};
use patchbay_wire::{Agent, AgentMcpTools, ErrorBody, Tool};
use serde_json::{Value, json};
use std::time::Duration;

pub(crate) const KEY: &str = "agent-tests-key";

pub(crate) async fn spawn() -> TestApp {
    spawn_app_with(|c| c.api_keys = vec![KEY.into()]).await
}

pub(crate) async fn create_tool(app: &TestApp, name: &str, url: &str) -> Tool {
    let body = json!({"type": "mcp_connector", "name": name, "config": {"URL": url},
        "description": "Use this tool to greet people. Invoke it when the user asks for a greeting."});
    let res = app.http.post(app.url("/v1/flow/tools")).json(&body).send().await.unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

/// A connector behind OAuth, signed in.
async fn signed_in(app: &TestApp, name: &str, url: &str) -> Tool {
    let tool = create_tool(app, name, url).await;
    let back = app.authorize(tool.config.authorization_url.as_deref().unwrap()).await;
    assert_eq!(back.status(), 303);
    assert_eq!(app.tool(&tool.id).await["status"], "Active");
    tool
}

pub(crate) async fn create_agent(app: &TestApp, name: &str, tools: &[&Tool]) -> Agent {
    let ids: Vec<&str> = tools.iter().map(|t| t.id.as_str()).collect();
    let body = json!({"name": name, "instructions": format!("You are {name}."), "model_id": "m", "tool_ids": ids});
    let res = app.http.post(app.url("/v2/flow/agents/create")).json(&body).send().await.unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

async fn create_token(app: &TestApp, agent: &Agent) -> patchbay_wire::CreatedAgentToken {
    let url = app.url(&format!("/v2/flow/agents/{}/tokens", agent.id));
    let res = app.http.post(url).json(&json!({"name": "laptop"})).send().await.unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

pub(crate) fn endpoint(app: &TestApp, agent: &Agent) -> String {
    app.url(&format!("/v2/flow/agents/{}/mcp", agent.id))
}

pub(crate) fn names(tools: &[Value]) -> Vec<String> {
    tools.iter().map(|t| t["name"].as_str().unwrap().to_string()).collect()
}

pub(crate) fn text(result: &Value) -> String {
    result["content"][0]["text"].as_str().unwrap_or_default().to_string()
}

#[tokio::test]
async fn real_clients_list_and_call_the_tools_of_an_open_and_a_signed_in_server() {
    let app = spawn().await;
    let (open, guarded) = (mcp_example(false).await, mcp_example(true).await);
    let a = create_tool(&app, "Open greeter", &open.url()).await;
    let b = signed_in(&app, "Signed greeter", &guarded.url()).await;
    let agent = create_agent(&app, "Concierge", &[&a, &b]).await;
    for sdk in [Sdk::Node, Sdk::Python] {
        let client = McpClient::connect(sdk, &endpoint(&app, &agent), Some(KEY)).await.unwrap();
        assert_eq!(client.server_name(), "Concierge", "{sdk:?}");
        assert_eq!(client.instructions(), Some("You are Concierge."));
        let listed = names(&client.list_tools().await.unwrap());
        assert!(listed.contains(&"open_greeter__greet".into()) && listed.contains(&"signed_greeter__greet".into()));
        assert!(listed.iter().all(|n| n.len() <= 64), "{listed:?}");
        for tool in ["open_greeter__greet", "signed_greeter__greet"] {
            let result = client.call(tool, json!({"name": "Ada"})).await.unwrap();
            assert_eq!(text(&result), "Hello, Ada!", "{sdk:?} {tool}: {result}");
        }
        client.close().await.unwrap();
    }
}

#[tokio::test]
async fn calls_go_on_across_token_expiries_without_reusing_a_refresh_token() {
    let app = spawn().await;
    let provider = fixture::start(2, true).await;
    let tool = signed_in(&app, "Lookup", &provider.mcp_url()).await;
    let agent = create_agent(&app, "Researcher", &[&tool]).await;
    let client = std::sync::Arc::new(McpClient::node(&endpoint(&app, &agent), Some(KEY)).await.unwrap());
    for round in 0..3 {
        let calls: Vec<_> = (0..10)
            .map(|i| {
                let client = client.clone();
                tokio::spawn(async move {
                    client.call("lookup__fixture_lookup", json!({"q": format!("{round}-{i}")})).await
                })
            })
            .collect();
        for (i, done) in calls.into_iter().enumerate() {
            let result = done.await.unwrap().unwrap();
            assert_eq!(text(&result), format!("found {round}-{i}"), "round {round}: {result}");
        }
        tokio::time::sleep(Duration::from_millis(2500)).await;
    }
    assert_eq!(provider.reused(), 0, "a rotated refresh token was presented again");
    assert!(provider.refreshes() >= 2, "the tokens were renewed ({} times)", provider.refreshes());
    assert_eq!(app.tool(&tool.id).await["status"], "Active", "the grant survives");
}

#[tokio::test]
async fn a_revoked_grant_fails_its_connector_and_the_session_goes_on() {
    let app = spawn().await;
    let provider = fixture::start(3600, true).await;
    let open = mcp_example(false).await;
    let lookup = signed_in(&app, "Calendar", &provider.mcp_url()).await;
    let greeter = create_tool(&app, "Greeter", &open.url()).await;
    let agent = create_agent(&app, "Planner", &[&lookup, &greeter]).await;
    let client = McpClient::node(&endpoint(&app, &agent), Some(KEY)).await.unwrap();
    assert_eq!(text(&client.call("calendar__fixture_lookup", json!({"q": "x"})).await.unwrap()), "found x");

    provider.revoke();
    let refused = client.call("calendar__fixture_lookup", json!({"q": "y"})).await.unwrap();
    assert_eq!(refused["isError"], true);
    assert!(text(&refused).contains("\"Calendar\" connector's sign-in was revoked"), "{refused}");
    assert_eq!(app.tool(&lookup.id).await["status"], "Failed");
    client.wait_notification("notifications/tools/list_changed", Duration::from_secs(10)).await.unwrap();
    let listed = names(&client.list_tools().await.unwrap());
    assert!(!listed.iter().any(|n| n.starts_with("calendar__")), "{listed:?}");
    assert_eq!(text(&client.call("greeter__greet", json!({"name": "Bo"})).await.unwrap()), "Hello, Bo!");
    let stale = client.call("calendar__fixture_lookup", json!({"q": "z"})).await.unwrap();
    assert!(text(&stale).contains("has failed") && text(&stale).contains("replace it in Patchbay"), "{stale}");

    // Every call is in the agent's log, newest first, with its outcome and sentence.
    app.state.recorder.flush().await;
    let log: patchbay_wire::CallList =
        app.get(&format!("/v2/flow/agents/{}/calls", agent.id)).await.json().await.unwrap();
    let outcomes: Vec<_> = log.data.iter().map(|c| (c.upstream_tool.as_str(), c.outcome)).collect();
    use patchbay_wire::CallOutcome::{Ok as Fine, UpstreamFailure as Down};
    assert_eq!(
        outcomes,
        [("fixture_lookup", Down), ("greet", Fine), ("fixture_lookup", Down), ("fixture_lookup", Fine)],
        "{log:?}"
    );
    assert!(log.data[2].message.as_deref().unwrap_or_default().contains("sign-in was revoked"));
}

#[tokio::test]
async fn an_upstream_that_dies_gives_error_results_and_serves_again_when_back() {
    let app = spawn().await;
    let server = mcp_example(false).await;
    let (port, auth_port) = (server.port, server.auth_port);
    let tool = create_tool(&app, "Greeter", &server.url()).await;
    let agent = create_agent(&app, "Host", &[&tool]).await;
    let client = McpClient::python(&endpoint(&app, &agent), Some(KEY)).await.unwrap();
    assert_eq!(text(&client.call("greeter__greet", json!({"name": "A"})).await.unwrap()), "Hello, A!");
    drop(server);
    let down = client.call("greeter__greet", json!({"name": "B"})).await.unwrap();
    assert_eq!(down["isError"], true);
    assert!(text(&down).contains("could not be reached"), "{down}");
    let _back = mcp_example_at(false, port, auth_port).await;
    let result = client.call("greeter__greet", json!({"name": "C"})).await.unwrap();
    assert_eq!(text(&result), "Hello, C!", "{result}");
    assert_eq!(app.tool(&tool.id).await["status"], "Active", "a short outage does not fail the connector");
}

#[tokio::test]
async fn only_the_agents_callers_reach_a_deployed_agent() {
    let app = spawn().await;
    let server = mcp_example(false).await;
    let tool = create_tool(&app, "Greeter", &server.url()).await;
    let agent = create_agent(&app, "Guarded", &[&tool]).await;
    let url = endpoint(&app, &agent);
    for token in [None, Some("wrong-token")] {
        let refused = McpClient::node(&url, token).await.err().expect("refused");
        assert_eq!(refused.status(), Some(401), "{token:?}: {refused:?}");
    }
    let bare = reqwest::Client::new();
    let res = bare.post(&url).json(&json!({})).send().await.unwrap();
    assert_eq!(res.status(), 401);
    assert!(res.headers()["www-authenticate"].to_str().unwrap().starts_with("Bearer"));
    let missing = app.http.post(app.url("/v2/flow/agents/nobody/mcp")).json(&json!({})).send().await.unwrap();
    assert_eq!(missing.status(), 404);

    // The agent's own token works; another agent's does not; a revoked one stops at once,
    // closing the session it opened.
    let token = create_token(&app, &agent).await;
    let other = create_agent(&app, "Other", &[&tool]).await;
    let other_token = create_token(&app, &other).await;
    let refused = McpClient::python(&url, Some(&other_token.token)).await.err().expect("another agent's token");
    assert_eq!(refused.status(), Some(401), "{refused:?}");
    let client = McpClient::node(&url, Some(&token.token)).await.unwrap();
    assert_eq!(text(&client.call("greeter__greet", json!({"name": "T"})).await.unwrap()), "Hello, T!");
    let revoke = app.http.delete(app.url(&format!("/v2/flow/agents/{}/tokens/{}", agent.id, token.id))).send();
    assert_eq!(revoke.await.unwrap().status(), 200);
    assert!(client.call("greeter__greet", json!({"name": "U"})).await.is_err(), "the open session is closed");
    let again = McpClient::node(&url, Some(&token.token)).await.err().expect("a revoked token");
    assert_eq!(again.status(), Some(401));
    let demote = app.http.put(app.url(&format!("/v2/flow/agents/{}/demote", agent.id))).send().await.unwrap();
    assert_eq!(demote.status(), 200);
    let stopped = app.http.post(&url).json(&json!({})).send().await.unwrap();
    assert_eq!(stopped.status(), 409);
    assert!(stopped.json::<ErrorBody>().await.unwrap().detail.contains("deploy it"));
}

#[tokio::test]
async fn a_long_tool_on_an_accented_connector_gets_a_valid_name_that_stays() {
    let app = spawn_app_with(|c| {
        c.api_keys = vec![KEY.into()];
        c.health_interval = Duration::from_millis(300);
    })
    .await;
    let provider = fixture::start(3600, true).await;
    let long = "summarize_quarterly_planning_documents_for_the_whole_team_no";
    assert_eq!(long.len(), 60);
    provider.serve_tool(long);
    let tool = signed_in(&app, "Café Büro — Q3 planning tools", &provider.mcp_url()).await;
    let agent = create_agent(&app, "Planner", &[&tool]).await;
    let served = || async {
        app.get(&format!("/v2/flow/agents/{}/mcp/tools", agent.id)).await.json::<AgentMcpTools>().await.unwrap()
    };
    let first = served().await;
    let name = first.tools.iter().find(|t| t.upstream_name == long).unwrap().name.clone();
    assert!(name.len() <= 64 && name.starts_with("cafe_buro_q3_planning__summarize"), "{name}");
    assert!(name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'), "{name}");
    tokio::time::sleep(Duration::from_millis(800)).await; // health checks list the server again
    let again = served().await;
    assert_eq!(again.tools.iter().find(|t| t.upstream_name == long).unwrap().name, name);
}

#[tokio::test]
async fn trying_a_tool_checks_its_arguments_then_calls_it() {
    let app = spawn().await;
    let server = mcp_example(false).await;
    let tool = create_tool(&app, "Greeter", &server.url()).await;
    let call = |name: &'static str, args: Value| {
        let url = app.url(&format!("/v1/flow/tools/{}/mcp/tools/{name}/call", tool.id));
        let req = app.http.post(url).json(&json!({"arguments": args}));
        async move { req.send().await.unwrap() }
    };
    let missing = call("greet", json!({})).await;
    assert_eq!(missing.status(), 400);
    let body: ErrorBody = missing.json().await.unwrap();
    assert_eq!(body.problems[0].field, "arguments.name", "{body:?}");
    let wrong = call("start-notification-stream", json!({"interval": "soon", "count": 2})).await;
    assert_eq!(wrong.status(), 400);
    let body: ErrorBody = wrong.json().await.unwrap();
    assert!(body.problems.iter().any(|p| p.field == "arguments.interval"), "{body:?}");
    let ok = call("greet", json!({"name": "Ada"})).await;
    assert_eq!(ok.status(), 200);
    assert_eq!(text(&ok.json::<Value>().await.unwrap()), "Hello, Ada!");
    assert_eq!(call("no-such-tool", json!({})).await.status(), 404);
}
