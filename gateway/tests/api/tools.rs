//! `v1/flow/tools` against the real no-auth MCP example server: create checks the
//! server and lists its tools, then list, read, update, diff, delete; and the
//! contract's refusals (config in an update, duplicate, other tool types).

use crate::helpers::{McpExample, TestApp, eventually, legacy_sse_example, mcp_example, spawn_app, spawn_app_with};
use patchbay_wire::{ErrorBody, GatewayInfo, McpServerTool, Tool, ToolDeleted, ToolList, ToolStatus};
use serde_json::{Value, json};

#[tokio::test]
async fn a_fresh_gateway_lists_no_tools() {
    let app = spawn_app().await;
    let res = app.get("/v1/flow/tools").await;
    assert_eq!(res.status(), 200);
    let list: ToolList = res.json().await.unwrap();
    assert_eq!(list.total, 0);
    assert!(list.data.is_empty());
}

async fn create_active(app: &TestApp, server: &McpExample) -> Tool {
    let res = app.create(&server.url(), json!({}), "").await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

#[tokio::test]
async fn a_no_auth_server_is_active_at_once_with_its_tools_listed() {
    let (app, server) = (spawn_app().await, mcp_example(false).await);
    let tool = create_active(&app, &server).await;
    assert_eq!(tool.status, ToolStatus::Active);
    assert_eq!(tool.config.url, server.url());
    assert_eq!(tool.config.authorization_url, None);
    assert_eq!(tool.auth_mode, Some(patchbay_wire::AuthMode::None));
    assert_eq!(tool.config.transport, patchbay_wire::Transport::StreamableHttp);
    let listed: Vec<McpServerTool> =
        app.get(&format!("/v1/flow/tools/{}/mcp/tools", tool.id)).await.json().await.unwrap();
    let greet = listed.iter().find(|t| t.name == "greet").expect("the example server offers greet");
    assert_eq!(greet.input_schema["properties"]["name"]["type"], "string");
}

#[tokio::test]
async fn a_server_speaking_only_legacy_sse_is_reached_over_sse() {
    let (app, server) = (spawn_app().await, legacy_sse_example().await);
    let tool = create_active(&app, &server).await;
    assert_eq!(tool.status, ToolStatus::Active);
    assert_eq!(tool.config.transport, patchbay_wire::Transport::Sse);
    let listed: Vec<McpServerTool> =
        app.get(&format!("/v1/flow/tools/{}/mcp/tools", tool.id)).await.json().await.unwrap();
    assert_eq!(listed.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["ping"]);
}

#[tokio::test]
async fn answers_never_carry_client_credentials() {
    let (app, server) = (spawn_app().await, mcp_example(false).await);
    let tool = create_active(&app, &server).await;
    let raw = app.get(&format!("/v1/flow/tools/{}", tool.id)).await.text().await.unwrap();
    assert!(!raw.contains("CLIENT_ID") && !raw.contains("CLIENT_SECRET") && !raw.contains("token"), "{raw}");
}

#[tokio::test]
async fn list_pages_and_filters() {
    let (app, server) = (spawn_app().await, mcp_example(false).await);
    for _ in 0..3 {
        create_active(&app, &server).await;
    }
    let page: ToolList = app.get("/v1/flow/tools?offset=1&limit=1").await.json().await.unwrap();
    assert_eq!((page.total, page.data.len()), (3, 1));
    let active: ToolList = app.get("/v1/flow/tools?tool_status=active").await.json().await.unwrap();
    assert_eq!(active.total, 3);
    let failed: ToolList = app.get("/v1/flow/tools?tool_status=Failed").await.json().await.unwrap();
    assert_eq!(failed.total, 0);
    let other: ToolList = app.get("/v1/flow/tools?tool_type=web_search").await.json().await.unwrap();
    assert_eq!(other.total, 0);
    let mcp: ToolList = app.get("/v1/flow/tools?tool_type=mcp_connector").await.json().await.unwrap();
    assert_eq!(mcp.total, 3);
}

#[tokio::test]
async fn update_changes_name_and_description_and_bumps_the_version() {
    let (app, server) = (spawn_app().await, mcp_example(false).await);
    let tool = create_active(&app, &server).await;
    let path = format!("/v1/flow/tools/{}", tool.id);
    let res =
        app.http.patch(app.url(&path)).json(&json!({"type": "mcp_connector", "name": "Renamed"})).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let after: Tool = res.json().await.unwrap();
    assert_eq!((after.name.as_str(), after.version), ("Renamed", 2));
    assert_eq!(after.description, tool.description);
}

#[tokio::test]
async fn a_config_in_an_update_is_refused_with_a_sentence_to_create_a_new_tool() {
    let (app, server) = (spawn_app().await, mcp_example(false).await);
    let tool = create_active(&app, &server).await;
    let path = format!("/v1/flow/tools/{}", tool.id);
    let body = json!({"name": "x", "config": {"URL": "https://other.example.com/mcp"}});
    let res = app.http.patch(app.url(&path)).json(&body).send().await.unwrap();
    assert_eq!(res.status(), 400);
    let err: ErrorBody = res.json().await.unwrap();
    assert!(err.detail.contains("create a new one"), "{}", err.detail);
    assert_eq!(app.tool(&tool.id).await["name"], "Example", "nothing changed");
}

#[tokio::test]
async fn diff_shows_the_change_without_storing_it() {
    let (app, server) = (spawn_app().await, mcp_example(false).await);
    let tool = create_active(&app, &server).await;
    let path = format!("/v1/flow/tools/{}/diff", tool.id);
    let res = app
        .http
        .patch(app.url(&path))
        .json(&json!({"description": "Use it when asked to greet someone by name."}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let diff: Value = res.json().await.unwrap();
    assert_eq!(diff["diff"]["description"]["after"], "Use it when asked to greet someone by name.");
    assert!(diff["diff"].get("name").is_none());
    assert_eq!(app.tool(&tool.id).await["version"], 1);
}

#[tokio::test]
async fn delete_removes_the_tool_and_a_second_delete_finds_nothing() {
    let (app, server) = (spawn_app().await, mcp_example(false).await);
    let tool = create_active(&app, &server).await;
    let path = format!("/v1/flow/tools/{}", tool.id);
    let done: ToolDeleted = app.http.delete(app.url(&path)).send().await.unwrap().json().await.unwrap();
    assert!(done.deleted && done.id == tool.id);
    assert_eq!(app.get(&path).await.status(), 404);
    assert_eq!(app.http.delete(app.url(&path)).send().await.unwrap().status(), 404);
}

#[tokio::test]
async fn mcp_connectors_cannot_be_duplicated() {
    let (app, server) = (spawn_app().await, mcp_example(false).await);
    let tool = create_active(&app, &server).await;
    let res =
        app.http.post(app.url(&format!("/v1/flow/tools/{}/duplicate", tool.id))).json(&json!({})).send().await.unwrap();
    assert_eq!(res.status(), 400);
    let err: ErrorBody = res.json().await.unwrap();
    assert!(err.detail.contains("cannot be duplicated"));
    assert_eq!(app.all_tools().await["total"], 1);
}

#[tokio::test]
async fn info_names_the_redirect_uri_on_the_public_url() {
    let app = spawn_app_with(|c| c.public_url = Some("https://patchbay.example.com/".into())).await;
    let info: GatewayInfo = app.get("/v1/patchbay/info").await.json().await.unwrap();
    assert_eq!(info.redirect_uri, "https://patchbay.example.com/oauth/callback");
    assert_eq!(info.authorization_window_seconds, 3600);
}

#[tokio::test]
async fn api_keys_are_required_when_configured_bare_or_bearer() {
    let app = spawn_app_with(|c| c.api_keys = vec!["k-123".into()]).await;
    // The test app's own client sends the key; a client without one is refused.
    let anonymous = reqwest::Client::new();
    assert_eq!(anonymous.get(app.url("/v1/flow/tools")).send().await.unwrap().status(), 401);
    let bare = app.http.get(app.url("/v1/flow/tools")).header("authorization", "k-123").send().await.unwrap();
    assert_eq!(bare.status(), 200);
    let bearer = app.http.get(app.url("/v1/flow/tools")).bearer_auth("k-123").send().await.unwrap();
    assert_eq!(bearer.status(), 200);
    let wrong = app.http.get(app.url("/v1/flow/tools")).bearer_auth("k-124").send().await.unwrap();
    assert_eq!(wrong.status(), 401);
}

#[tokio::test]
async fn a_foreign_host_header_is_refused_and_no_cors_is_sent() {
    let app = spawn_app().await;
    let res = app.http.get(app.url("/v1/flow/tools")).header("host", "evil.example.com").send().await.unwrap();
    assert_eq!(res.status(), 400);
    let ok = app.http.get(app.url("/v1/flow/tools")).header("origin", "https://evil.example.com").send().await.unwrap();
    assert!(ok.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn a_server_that_stays_away_past_the_grace_period_fails_its_tool() {
    let app = spawn_app_with(|c| {
        c.health_interval = std::time::Duration::from_millis(300);
        c.unreachable_grace = std::time::Duration::from_secs(2);
    })
    .await;
    let server = mcp_example(false).await;
    let tool = create_active(&app, &server).await;
    drop(server); // kills the node process
    let id = tool.id.clone();
    eventually("the health check fails the tool", 15, || async { app.tool(&id).await["status"] == "Failed" }).await;
    let reason = app.tool(&id).await["status_reason"].as_str().unwrap().to_string();
    assert!(reason.contains("unreachable since") && reason.contains("create it again"), "{reason}");
}

// The list answers from a cache of its JSON; every writer of the tools table moves it on
// (a trigger), whether or not it touches `updated_at`.
#[tokio::test]
async fn the_list_shows_every_change_whoever_writes_it() {
    let (app, server) = (spawn_app().await, mcp_example(false).await);
    let tool = create_active(&app, &server).await;
    let first = app.all_tools().await;
    assert!(first["data"][0].get("last_used_at").is_none());
    assert_eq!(app.all_tools().await, first, "unchanged, it answers the same");
    app.state.recorder.record(patchbay_gateway::activity::Call {
        at_ms: patchbay_gateway::clock::now_ms(),
        agent_id: None,
        agent_name: None,
        tool_id: tool.id.clone(),
        tool_name: tool.name.clone(),
        upstream_tool: "greet".into(),
        duration_ms: 3,
        outcome: patchbay_wire::CallOutcome::UpstreamFailure,
        message: Some("down".into()),
    });
    app.state.recorder.flush().await;
    let after = app.all_tools().await;
    assert!(after["data"][0]["last_used_at"].is_string(), "{after}");
    assert_eq!(after["data"][0]["failed_calls_in_a_row"], 1);
    let renamed = app.http.patch(app.url(&format!("/v1/flow/tools/{}", tool.id))).json(&json!({"name": "Renamed"}));
    assert_eq!(renamed.send().await.unwrap().status(), 200);
    assert_eq!(app.all_tools().await["data"][0]["name"], "Renamed");
}
