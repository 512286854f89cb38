//! What passes through an agent's endpoint besides calls and their results: progress
//! notifications, a client's cancellation, and the upstream's tool-list changes. Against
//! `fixtures/changing_tools_server.mjs` (the SDK's example servers have none of these over
//! HTTP), with the npm SDK's client, the one whose driver can cancel.

use crate::agent_mcp::{KEY, create_agent, create_tool, endpoint, names, spawn, text};
use crate::clients::McpClient;
use crate::helpers::{changing_tools_example, eventually};
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn progress_cancellation_and_tool_list_changes_pass_through() {
    let app = spawn().await;
    let upstream = changing_tools_example().await;
    let tool = create_tool(&app, "Counter", &upstream.url()).await;
    let agent = create_agent(&app, "Counting agent", &[&tool]).await;
    let client = McpClient::node(&endpoint(&app, &agent), Some(KEY)).await.unwrap();
    let listed = names(&client.list_tools().await.unwrap());
    assert!(listed.contains(&"counter__count".into()) && listed.contains(&"counter__learn".into()), "{listed:?}");

    // Progress: each of the upstream's steps reaches the client, in order.
    let result = client.call("counter__count", json!({"n": 3})).await.unwrap();
    assert_eq!(text(&result), "Counted to 3");
    let progress: Vec<_> = client
        .events()
        .await
        .into_iter()
        .filter(|e| e["method"] == "notifications/progress")
        .map(|e| (e["params"]["progress"].as_f64().unwrap(), e["params"]["total"].as_f64()))
        .collect();
    assert_eq!(progress, [(1.0, Some(3.0)), (2.0, Some(3.0)), (3.0, Some(3.0))]);

    // Cancellation: the client gives up on a 60-second count; the upstream hears it and stops.
    let refused = client.call_cancelled_after("counter__count", json!({"n": 600}), Duration::from_millis(500)).await;
    assert!(refused.to_string().contains("cancelled"), "{refused}");
    eventually("the upstream stopped counting", 10, || async {
        text(&client.call("counter__cancellations", json!({})).await.unwrap()) == "1"
    })
    .await;

    // A tool the upstream learns mid-session: the client is told, and lists it.
    assert_eq!(text(&client.call("counter__learn", json!({})).await.unwrap()), "Learned learned-1.");
    client.wait_notification("notifications/tools/list_changed", Duration::from_secs(15)).await.unwrap();
    let listed = names(&client.list_tools().await.unwrap());
    assert!(listed.contains(&"counter__learned-1".into()), "{listed:?}");
    assert_eq!(text(&client.call("counter__learned-1", json!({})).await.unwrap()), "learned-1 answers.");
    client.close().await.unwrap();
}
