//! Several gateway instances on one PostgreSQL database behave as one gateway: sign-in
//! finishes on any instance, a token refresh happens once across them, an agent's MCP
//! session works wherever its requests land, the background work runs on one of them,
//! and the others go on when one dies. (PostgreSQL only: SQLite is one instance.)

use crate::agent_mcp::create_agent;
use crate::clients::McpClient;
use crate::fixture;
use crate::helpers::{TestApp, on_postgres, round_robin, spawn_app_with, spawn_with};
use patchbay_wire::Tool;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;

const KEY: &str = "scale-tests-key";

/// A second instance on the first one's database, data dir (its secret key) and public URL.
async fn second_instance(first: &TestApp, adjust: impl FnOnce(&mut patchbay_gateway::Config)) -> TestApp {
    let mut config = first.config.clone();
    config.public_url = Some(first.config.public_url());
    adjust(&mut config);
    spawn_with(config, first._data_dir.clone()).await
}

fn text(result: &Value) -> String {
    result["content"][0]["text"].as_str().unwrap_or_default().to_string()
}

#[tokio::test]
async fn two_instances_on_one_database_serve_as_one_gateway() {
    if !on_postgres() {
        eprintln!("skipped: several instances need PostgreSQL (PATCHBAY_TEST_DB=postgres)");
        return;
    }
    let tune = |c: &mut patchbay_gateway::Config| {
        c.api_keys = vec![KEY.into()];
        c.health_interval = Duration::from_millis(300);
    };
    let a = spawn_app_with(tune).await;
    let b = second_instance(&a, tune).await;
    let provider = fixture::start(2, true).await;

    // Created on A, signed in through B's callback.
    let created = a
        .http
        .post(a.url("/v1/flow/tools"))
        .json(&json!({"type": "mcp_connector", "name": "Ledger", "config": {"URL": provider.mcp_url()},
            "description": "Use this tool to look up entries. Invoke it when the user asks about the ledger."}))
        .send()
        .await
        .unwrap();
    let tool: Tool = created.json().await.unwrap();
    let back = b.authorize(tool.config.authorization_url.as_deref().unwrap()).await;
    assert_eq!(back.status(), 303);
    assert_eq!(a.tool(&tool.id).await["status"], "Active", "A sees the sign-in B finished");

    let agent = create_agent(&b, "Bookkeeper", &[&tool]).await;

    // Health checks run on one instance: over 3 s at 300 ms, about 10 lists, not 20.
    let before = provider.lists();
    tokio::time::sleep(Duration::from_secs(3)).await;
    let lists = provider.lists() - before;
    assert!((5..=14).contains(&lists), "{lists} health-check lists in 3 s from two instances");

    // A storm of calls through a round-robin proxy, across token expiries; A dies midway.
    let proxy = round_robin(vec![a.base.clone(), b.base.clone()]).await;
    let endpoint = format!("{}/v2/flow/agents/{}/mcp", proxy.base, agent.id);
    let client = Arc::new(McpClient::node(&endpoint, Some(KEY)).await.unwrap());
    let mut a = Some(a);
    for round in 0..4 {
        if round == 2 {
            drop(a.take()); // instance A dies; the proxy sends everything to B
        }
        let calls: Vec<_> = (0..10)
            .map(|i| {
                let client = client.clone();
                tokio::spawn(async move {
                    client.call("ledger__fixture_lookup", json!({"q": format!("{round}-{i}")})).await
                })
            })
            .collect();
        for (i, call) in calls.into_iter().enumerate() {
            let result = call.await.unwrap().unwrap();
            assert_eq!(text(&result), format!("found {round}-{i}"), "round {round}: {result}");
        }
        tokio::time::sleep(Duration::from_millis(2200)).await;
    }
    assert_eq!(provider.reused(), 0, "a rotated refresh token was presented again");
    assert!(provider.refreshes() >= 2, "renewed {} times", provider.refreshes());
    assert_eq!(b.tool(&tool.id).await["status"], "Active", "the grant survives");
    // With A gone, B took over the background work.
    let before = provider.lists();
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(provider.lists() > before, "the survivor runs the health checks");
}
