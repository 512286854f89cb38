//! Proves the real-client drivers (`tests/api/clients.rs`) against npm's MCP example
//! server, so a gateway test that fails through them points at the gateway.

#[path = "api/clients.rs"]
mod clients;
// Only the example-server starters are used here.
#[allow(dead_code)]
#[path = "api/helpers.rs"]
mod helpers;

use clients::{ClientError, McpClient, Sdk};
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;

const EXAMPLE_SERVER: &str = "simple-streamable-http-server";

fn text(result: &serde_json::Value) -> &str {
    result["content"][0]["text"].as_str().unwrap_or_default()
}

async fn lists_calls_and_hears(sdk: Sdk) {
    let server = helpers::mcp_example(false).await;
    let client = McpClient::connect(sdk, &server.url(), None).await.expect("connects");
    assert_eq!(client.server_name(), EXAMPLE_SERVER, "{sdk}: {}", client.connected);
    // The npm 1.x server speaks only the handshake revisions; the Python client's
    // 2026-07-28 probe is refused and it falls back.
    assert_eq!(client.protocol_version(), "2025-11-25", "{sdk}: {}", client.connected);
    assert_eq!(client.connected["capabilities"]["tools"]["listChanged"], true, "{sdk}");

    let tools = client.list_tools().await.expect("tools/list");
    let names: Vec<_> = tools.iter().filter_map(|t| t["name"].as_str()).collect();
    assert!(names.contains(&"greet") && names.contains(&"multi-greet"), "{sdk}: {names:?}");
    let greet = tools.iter().find(|t| t["name"] == "greet").unwrap();
    assert_eq!(greet["inputSchema"]["required"], json!(["name"]), "{sdk}: schema passes through");

    let result = client.call("greet", json!({"name": "Ada"})).await.expect("tools/call");
    assert_eq!(text(&result), "Hello, Ada!", "{sdk}: {result}");
    assert_ne!(result["isError"], true, "{sdk}: {result}");

    // multi-greet logs before it answers: the driver hands on server notifications.
    let result = client.call("multi-greet", json!({"name": "Bo"})).await.expect("multi-greet");
    assert_eq!(text(&result), "Good morning, Bo!", "{sdk}: {result}");
    let log = client.wait_notification("notifications/message", Duration::from_secs(5)).await.expect("a log");
    assert_eq!(log["params"]["data"], "Starting multi-greet for Bo", "{sdk}: {log}");

    client.close().await.expect("closes and exits 0");
}

#[tokio::test]
async fn node_client_lists_calls_and_hears_the_example_server() {
    lists_calls_and_hears(Sdk::Node).await;
}

#[tokio::test]
async fn python_client_lists_calls_and_hears_the_example_server() {
    lists_calls_and_hears(Sdk::Python).await;
}

#[tokio::test]
async fn python_client_in_legacy_mode_lists_calls_and_hears_the_example_server() {
    lists_calls_and_hears(Sdk::PythonLegacy).await;
}

async fn refused_without_a_token(sdk: Sdk) {
    let server = helpers::mcp_example(true).await;
    let refused = McpClient::connect(sdk, &server.url(), None).await;
    match refused {
        Err(ClientError::Server { status, www_authenticate, .. }) => {
            assert_eq!(status, Some(401), "{sdk}");
            let challenge = www_authenticate.unwrap_or_default();
            assert!(challenge.starts_with("Bearer"), "{sdk}: WWW-Authenticate {challenge:?}");
        }
        Err(other) => panic!("{sdk}: refused for another reason: {other}"),
        Ok(client) => panic!("{sdk}: connected without a token: {}", client.connected),
    }
}

#[tokio::test]
async fn node_client_is_refused_by_the_oauth_example_without_a_token() {
    refused_without_a_token(Sdk::Node).await;
}

#[tokio::test]
async fn python_client_is_refused_by_the_oauth_example_without_a_token() {
    refused_without_a_token(Sdk::Python).await;
}

async fn concurrent_calls_each_get_their_own_answer(sdk: Sdk) {
    let server = helpers::mcp_example(false).await;
    let client = Arc::new(McpClient::connect(sdk, &server.url(), None).await.expect("connects"));
    let mut calls = tokio::task::JoinSet::new();
    for i in 0..10 {
        let client = client.clone();
        calls.spawn(async move { (i, client.call("greet", json!({ "name": format!("caller {i}") })).await) });
    }
    let mut answered = 0;
    while let Some(joined) = calls.join_next().await {
        let (i, result) = joined.expect("call task");
        assert_eq!(text(&result.expect("tools/call")), format!("Hello, caller {i}!"), "{sdk}");
        answered += 1;
    }
    assert_eq!(answered, 10);
    let client = Arc::into_inner(client).expect("the only handle left");
    client.close().await.expect("closes");
}

#[tokio::test]
async fn node_client_concurrent_calls_each_get_their_own_answer() {
    concurrent_calls_each_get_their_own_answer(Sdk::Node).await;
}

#[tokio::test]
async fn python_client_concurrent_calls_each_get_their_own_answer() {
    concurrent_calls_each_get_their_own_answer(Sdk::Python).await;
}

async fn a_failed_call_leaves_the_session_usable(sdk: Sdk) {
    let server = helpers::mcp_example(false).await;
    let client = McpClient::connect(sdk, &server.url(), None).await.expect("connects");
    // The npm server answers an unknown tool with an `isError` result, which the driver
    // hands over as a result, not as an error.
    let result = client.call("no-such-tool", json!({})).await.expect("an isError result");
    assert_eq!(result["isError"], true, "{sdk}: {result}");
    assert!(text(&result).contains("no-such-tool"), "{sdk}: {result}");
    let result = client.call("greet", json!({"name": "again"})).await.expect("still calls");
    assert_eq!(text(&result), "Hello, again!", "{sdk}");
    client.close().await.expect("closes");
}

#[tokio::test]
async fn node_client_survives_a_failed_call() {
    a_failed_call_leaves_the_session_usable(Sdk::Node).await;
}

#[tokio::test]
async fn python_client_survives_a_failed_call() {
    a_failed_call_leaves_the_session_usable(Sdk::Python).await;
}
