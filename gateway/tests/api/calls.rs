//! The call log: recorded in the background (`AppState::recorder`), listed newest first
//! per tool and per agent, the counters it leaves on tools, pruning, and a burst from
//! many tasks. Tools are inserted straight into the database (no MCP server needed); the
//! agent MCP endpoint that records real calls is tested with it.

use crate::helpers::{TestApp, eventually, spawn_app, spawn_app_with};
use patchbay_gateway::activity::{self, Call, Retention};
use patchbay_gateway::clock;
use patchbay_wire::{Agent, CallList, CallOutcome, ErrorBody, Tool, ToolStatus};
use serde_json::json;
use std::time::{Duration, Instant};

/// A tool row as the tools module stores one; its id.
pub async fn insert_tool(app: &TestApp, name: &str) -> String {
    let id = format!("tool-{}", name.to_lowercase().replace(' ', "-"));
    sqlx::query(
        "INSERT INTO tools (id, name, description, url, status, auth_mode, user_id, created_at, updated_at) \
         VALUES ($1, $2, 'Use it when the user asks for a greeting.', 'https://mcp.example.com/mcp', $3, 'none', \
         'local', '2026-11-26T01:00:00Z', '2026-11-26T01:00:00Z')",
    )
    .bind(&id)
    .bind(name)
    .bind(ToolStatus::Active.as_str())
    .execute(app.state.db.pool())
    .await
    .expect("insert tool");
    id
}

/// An agent linking the tools, created through the API.
pub async fn create_agent(app: &TestApp, name: &str, tool_ids: &[&str]) -> Agent {
    let body = json!({"name": name, "instructions": "Greet people.", "model_id": "m", "tool_ids": tool_ids});
    let res = app.http.post(app.url("/v2/flow/agents/create")).json(&body).send().await.unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

/// `GET v1/flow/tools/{id}`, typed (zero and absent counters read alike).
async fn tool_of(app: &TestApp, id: &str) -> Tool {
    serde_json::from_value(app.tool(id).await).unwrap()
}

fn call(tool_id: &str, agent: Option<&Agent>, at_ms: i64, outcome: CallOutcome) -> Call {
    Call {
        at_ms,
        agent_id: agent.map(|a| a.id.clone()),
        agent_name: agent.map(|a| a.name.clone()),
        tool_id: tool_id.into(),
        tool_name: "Greeter".into(),
        upstream_tool: "greet".into(),
        duration_ms: 12,
        outcome,
        message: (outcome != CallOutcome::Ok).then(|| "The Greeter connector's server did not answer.".into()),
    }
}

async fn calls(app: &TestApp, path: &str) -> CallList {
    let res = app.get(path).await;
    assert_eq!(res.status(), 200, "{path}: {}", res.text().await.unwrap());
    res.json().await.unwrap()
}

#[tokio::test]
async fn calls_list_newest_first_in_pages_with_their_total() {
    let app = spawn_app().await;
    let tool = insert_tool(&app, "Greeter").await;
    let agent = create_agent(&app, "Concierge", &[&tool]).await;
    // Recent whole seconds: older calls would be the pruner's (30 days by default).
    let start = (clock::now_ms() / 1000 - 600) * 1000;
    let at = |i: i64| clock::rfc3339_ms(start + i * 1000);
    for i in 0..7 {
        let by = (i % 2 == 0).then_some(&agent); // odd ones: a person tried the tool
        app.state.recorder.record(call(&tool, by, start + i * 1_000, CallOutcome::Ok));
    }
    app.state.recorder.flush().await;

    let first = calls(&app, &format!("/v1/flow/tools/{tool}/calls?limit=3")).await;
    assert_eq!(first.total, 7);
    let times: Vec<_> = first.data.iter().map(|c| c.at.as_str()).collect();
    assert_eq!(times, [at(6), at(5), at(4)]);
    let last = calls(&app, &format!("/v1/flow/tools/{tool}/calls?offset=6&limit=3")).await;
    assert_eq!((last.total, last.data.len()), (7, 1));
    assert_eq!(last.data[0].at, at(0));
    let c = &last.data[0];
    assert_eq!(
        (c.tool_id.as_str(), c.tool_name.as_str(), c.upstream_tool.as_str()),
        (tool.as_str(), "Greeter", "greet")
    );
    assert_eq!((c.duration_ms, c.outcome, c.message.as_deref()), (12, CallOutcome::Ok, None));
    assert_eq!(c.agent_name.as_deref(), Some("Concierge"));

    let by_agent = calls(&app, &format!("/v2/flow/agents/{}/calls", agent.id)).await;
    assert_eq!(by_agent.total, 4, "only the calls through the agent");
    assert!(by_agent.data.iter().all(|c| c.agent_id.as_deref() == Some(agent.id.as_str())));
    assert_eq!(by_agent.data[0].at, at(6));
    assert_eq!(by_agent.data[3].at, at(0));
    let all = calls(&app, &format!("/v1/flow/tools/{tool}/calls")).await;
    let mut ids: Vec<_> = all.data.iter().map(|c| c.id.clone()).collect();
    ids.dedup();
    assert_eq!(ids.len(), 7, "every call has its own id");
}

#[tokio::test]
async fn calls_leave_their_last_use_and_failure_streak_on_the_tool() {
    let app = spawn_app().await;
    let tool = insert_tool(&app, "Greeter").await;
    let read = tool_of(&app, &tool).await;
    assert_eq!((read.failed_calls_in_a_row, read.last_used_at), (0, None));
    let steps = [
        (vec![CallOutcome::UpstreamFailure, CallOutcome::ToolError], 2),
        (vec![CallOutcome::Refused], 2),
        (vec![CallOutcome::UpstreamFailure, CallOutcome::Ok], 0),
        (vec![CallOutcome::Ok, CallOutcome::UpstreamFailure], 1),
        (vec![CallOutcome::ToolError], 2),
    ];
    let at = (clock::now_ms() / 1000 - 3600) * 1000; // an hour ago, well inside the retention
    for (i, (outcomes, streak)) in steps.into_iter().enumerate() {
        for o in outcomes {
            app.state.recorder.record(call(&tool, None, at + i as i64 * 60_000, o));
        }
        app.state.recorder.flush().await;
        let read = tool_of(&app, &tool).await;
        assert_eq!(read.failed_calls_in_a_row, streak, "after step {i}");
        assert_eq!(read.last_used_at, Some(clock::rfc3339((at / 1000) + i as i64 * 60)), "after step {i}");
    }
    // A late record of an earlier call does not move the last use back.
    app.state.recorder.record(call(&tool, None, at, CallOutcome::Ok));
    app.state.recorder.flush().await;
    assert_eq!(tool_of(&app, &tool).await.last_used_at, Some(clock::rfc3339(at / 1000 + 4 * 60)));
}

#[tokio::test]
async fn only_existing_tools_and_agents_have_call_lists() {
    let app = spawn_app().await;
    let kept = insert_tool(&app, "Greeter").await;
    let gone = insert_tool(&app, "Old Greeter").await;
    let agent = create_agent(&app, "Concierge", &[&kept]).await;
    let now = clock::now_ms();
    app.state.recorder.record(call(&gone, Some(&agent), now, CallOutcome::Ok));
    app.state.recorder.flush().await;
    assert_eq!(calls(&app, &format!("/v1/flow/tools/{gone}/calls")).await.total, 1);

    let deleted = app.http.delete(app.url(&format!("/v1/flow/tools/{gone}"))).send().await.unwrap();
    assert_eq!(deleted.status(), 200);
    let res = app.get(&format!("/v1/flow/tools/{gone}/calls")).await;
    assert_eq!(res.status(), 404);
    let err: ErrorBody = res.json().await.unwrap();
    assert!(err.detail.starts_with("No tool has the id"), "{}", err.detail);
    let kept_by_agent = calls(&app, &format!("/v2/flow/agents/{}/calls", agent.id)).await;
    assert_eq!(kept_by_agent.total, 1, "the agent's log keeps a deleted tool's calls");
    assert_eq!(kept_by_agent.data[0].tool_name, "Greeter");

    let res = app.http.delete(app.url(&format!("/v2/flow/agents/{}", agent.id))).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let res = app.get(&format!("/v2/flow/agents/{}/calls", agent.id)).await;
    assert_eq!(res.status(), 404);
    let err: ErrorBody = res.json().await.unwrap();
    assert!(err.detail.starts_with("No agent has the id"), "{}", err.detail);
    assert_eq!(app.get("/v2/flow/agents/nope/calls").await.status(), 404);
    assert_eq!(app.get("/v1/flow/tools/nope/calls").await.status(), 404);
}

#[tokio::test]
async fn call_pages_refuse_a_wrong_offset_or_limit_with_a_sentence() {
    let app = spawn_app().await;
    let tool = insert_tool(&app, "Greeter").await;
    for (query, says) in [
        ("limit=201", "limit from 1 to 200"),
        ("limit=0", "limit from 1 to 200"),
        ("offset=-1", "offset must be 0 or more"),
        ("limit=ten", "limit must be a whole number"),
    ] {
        let res = app.get(&format!("/v1/flow/tools/{tool}/calls?{query}")).await;
        assert_eq!(res.status(), 400, "{query}");
        let err: ErrorBody = res.json().await.unwrap();
        assert!(err.detail.contains(says), "{query}: {}", err.detail);
    }
    assert_eq!(calls(&app, &format!("/v1/flow/tools/{tool}/calls?limit=200")).await.total, 0);
}

#[tokio::test]
async fn pruning_drops_calls_past_the_retention_then_the_oldest_beyond_the_row_limit() {
    let app = spawn_app().await;
    let tool = insert_tool(&app, "Greeter").await;
    let now = clock::now_ms();
    let hour = 3_600_000;
    for i in 0..3 {
        app.state.recorder.record(call(&tool, None, now - 2 * hour - i, CallOutcome::Ok));
    }
    for i in 0..8 {
        app.state.recorder.record(call(&tool, None, now - 1_000 + i, CallOutcome::Ok));
    }
    app.state.recorder.flush().await;
    let keep = Retention { max_age: Duration::from_secs(3600), max_rows: 5 };
    assert_eq!(activity::prune(&app.state.db, now, keep).await.unwrap(), 6);
    let left = calls(&app, &format!("/v1/flow/tools/{tool}/calls")).await;
    assert_eq!(left.total, 5);
    let newest: Vec<_> = (3..8).rev().map(|i| clock::rfc3339_ms(now - 1_000 + i)).collect();
    assert_eq!(left.data.iter().map(|c| c.at.clone()).collect::<Vec<_>>(), newest, "the newest five stay");
    assert_eq!(activity::prune(&app.state.db, now, keep).await.unwrap(), 0, "nothing more to prune");
}

#[tokio::test]
async fn the_pruning_loop_applies_the_configured_retention() {
    // 10 s keeps the fresh call through the check; the loop then runs every second.
    let app = spawn_app_with(|c| c.call_log_retention = Duration::from_secs(10)).await;
    let tool = insert_tool(&app, "Greeter").await;
    for i in 0..3 {
        app.state.recorder.record(call(&tool, None, clock::now_ms() - 60_000 - i, CallOutcome::Ok));
    }
    let fresh = clock::now_ms();
    app.state.recorder.record(call(&tool, None, fresh, CallOutcome::Ok));
    app.state.recorder.flush().await;
    let path = format!("/v1/flow/tools/{tool}/calls");
    eventually("calls older than the retention are pruned", 5, || async { calls(&app, &path).await.total == 1 }).await;
    assert_eq!(calls(&app, &path).await.data[0].at, clock::rfc3339_ms(fresh), "the fresh call stays");
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_5000_calls_from_concurrent_tasks_is_all_written_without_blocking_callers() {
    let app = spawn_app().await;
    let tool = insert_tool(&app, "Greeter").await;
    let agent = create_agent(&app, "Concierge", &[&tool]).await;
    let started = Instant::now();
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let (recorder, tool, agent) = (app.state.recorder.clone(), tool.clone(), agent.clone());
            tokio::spawn(async move {
                let mut spent = Vec::with_capacity(100);
                for i in 0..100 {
                    let c = call(&tool, Some(&agent), clock::now_ms() + i, CallOutcome::Ok);
                    let before = Instant::now();
                    recorder.record(c);
                    spent.push(before.elapsed());
                    tokio::task::yield_now().await;
                }
                spent
            })
        })
        .collect();
    let mut spent = Vec::new();
    for t in tasks {
        spent.extend(t.await.unwrap());
    }
    let handed_over = started.elapsed();
    app.state.recorder.flush().await;
    let written = started.elapsed();
    spent.sort();
    eprintln!(
        "record() caller-side over {} calls: p50 {:?}, p99 {:?}, max {:?}; all handed over in {handed_over:?}, \
         all written in {written:?}",
        spent.len(),
        percentile(&spent, 0.5),
        percentile(&spent, 0.99),
        spent.last().unwrap()
    );
    assert_eq!(app.state.recorder.dropped(), 0);
    assert_eq!(calls(&app, &format!("/v1/flow/tools/{tool}/calls?limit=1")).await.total, 5000);
    assert_eq!(calls(&app, &format!("/v2/flow/agents/{}/calls?limit=1", agent.id)).await.total, 5000);
    assert!(tool_of(&app, &tool).await.last_used_at.is_some());
}
