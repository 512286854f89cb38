//! `v2/flow/agents`: CRUD, linking only active tools, embedded tool status, and the
//! agents a tool is used by. Tools are inserted straight into the database, so these
//! tests need no MCP server or OAuth provider.

use crate::helpers::{TestApp, mcp_example, spawn_app};
use patchbay_gateway::db::Db;
use patchbay_wire::{Agent, AgentList, AgentStatus, AgentSummary, ErrorBody, ToolReplacement, ToolStatus};
use serde_json::{Value, json};

const MODEL: &str = "meta-llama/Llama-3.3-70B-Instruct";

/// The test gateway's own database handle.
async fn db(app: &TestApp) -> Db {
    app.state.db.clone()
}

async fn insert_tool(db: &Db, name: &str, status: ToolStatus) -> String {
    insert_tool_at(db, name, status, "https://mcp.example.com/mcp", "none").await
}

/// A tool row as the tools module stores one, for a real server and sign-in mode.
async fn insert_tool_at(db: &Db, name: &str, status: ToolStatus, url: &str, auth_mode: &str) -> String {
    let id = format!("tool-{}", name.to_lowercase().replace(' ', "-"));
    sqlx::query(
        "INSERT INTO tools (id, name, description, url, status, auth_mode, user_id, created_at, updated_at) \
         VALUES ($1, $2, 'Use it when the user asks about the weather.', $3, $4, $5, 'local', \
         '2026-11-26T01:00:00Z', '2026-11-26T01:00:00Z')",
    )
    .bind(&id)
    .bind(name)
    .bind(url)
    .bind(status.as_str())
    .bind(auth_mode)
    .execute(db.pool())
    .await
    .expect("insert tool");
    id
}

async fn set_tool_status(db: &Db, id: &str, status: ToolStatus) {
    sqlx::query("UPDATE tools SET status = $1 WHERE id = $2")
        .bind(status.as_str())
        .bind(id)
        .execute(db.pool())
        .await
        .unwrap();
}

async fn send(app: &TestApp, method: reqwest::Method, path: &str, body: Option<Value>) -> reqwest::Response {
    let mut req = app.http.request(method, app.url(path));
    if let Some(b) = body {
        req = req.json(&b);
    }
    req.send().await.expect("request")
}

async fn create(app: &TestApp, body: Value) -> reqwest::Response {
    send(app, reqwest::Method::POST, "/v2/flow/agents/create", Some(body)).await
}

async fn create_ok(app: &TestApp, name: &str, tool_ids: &[&str]) -> Agent {
    let res = create(
        app,
        json!({"name": name, "instructions": "Help with the weather.", "model_id": MODEL, "tool_ids": tool_ids}),
    )
    .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

async fn refused(res: reqwest::Response) -> ErrorBody {
    assert_eq!(res.status(), 400);
    res.json().await.expect("a JSON error body")
}

#[tokio::test]
async fn created_agent_embeds_its_active_tools_and_is_listed_and_read_back() {
    let app = spawn_app().await;
    let db = db(&app).await;
    let weather = insert_tool(&db, "Weather", ToolStatus::Active).await;
    let crm = insert_tool(&db, "CRM", ToolStatus::Active).await;

    let agent = create_ok(&app, "Forecaster", &[&weather, &crm]).await;
    assert_eq!(agent.name, "Forecaster");
    assert_eq!(agent.model_id.as_deref(), Some(MODEL));
    assert_eq!(agent.status, AgentStatus::Active, "SeekrFlow deploys an agent on creation");
    assert!(agent.last_deployed_at.is_some());
    let ids: Vec<_> = agent.tools.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, [weather.as_str(), crm.as_str()]);
    assert!(agent.tools.iter().all(|t| t.status == ToolStatus::Active));
    assert_eq!(agent.status_reason, None);

    let read: Agent = app.get(&format!("/v2/flow/agents/{}", agent.id)).await.json().await.unwrap();
    assert_eq!(read.tools.len(), 2);
    assert_eq!(read.created_at, agent.created_at);
    for path in ["/v2/flow/agents/", "/v2/flow/agents"] {
        let list: AgentList = app.get(path).await.json().await.unwrap();
        assert_eq!(list.data.len(), 1, "{path}");
        assert_eq!(list.data[0].id, agent.id);
        assert_eq!(list.data[0].tools[1].name, "CRM");
    }
}

#[tokio::test]
async fn linking_a_pending_or_failed_tool_is_refused_naming_each_and_its_status() {
    let app = spawn_app().await;
    let db = db(&app).await;
    let active = insert_tool(&db, "Weather", ToolStatus::Active).await;
    let pending = insert_tool(&db, "Calendar", ToolStatus::PendingAuthorization).await;
    let failed = insert_tool(&db, "CRM", ToolStatus::Failed).await;

    let body =
        json!({"name": "A", "instructions": "i", "model_id": MODEL, "tool_ids": [active, pending, failed, "nope"]});
    let err = refused(create(&app, body).await).await;
    assert_eq!(err.field.as_deref(), Some("tool_ids"));
    assert!(
        err.detail.contains("\"Calendar\" is waiting for sign-in (status Pending_authorization)"),
        "{}",
        err.detail
    );
    assert!(err.detail.contains("\"CRM\" has failed (status Failed)"), "{}", err.detail);
    assert!(err.detail.contains("no tool has the id \"nope\""), "{}", err.detail);
    assert!(!err.detail.contains("Weather"), "the active tool is not blamed");

    let list: AgentList = app.get("/v2/flow/agents/").await.json().await.unwrap();
    assert!(list.data.is_empty(), "a refused create stores nothing");
}

#[tokio::test]
async fn create_refuses_blank_name_blank_instructions_no_model_and_wild_temperature() {
    let app = spawn_app().await;
    let cases = [
        (json!({"name": " ", "instructions": "i", "model_id": MODEL}), "name"),
        (json!({"name": "A", "instructions": "\n", "model_id": MODEL}), "instructions"),
        (json!({"name": "A", "instructions": "i"}), "model_id"),
        (json!({"name": "A", "instructions": "i", "model_id": MODEL, "temperature": 2.5}), "temperature"),
    ];
    for (body, field) in cases {
        let err = refused(create(&app, body).await).await;
        assert_eq!(err.field.as_deref(), Some(field), "{}", err.detail);
    }
    // The model may come from `output` instead, as the SDK allows.
    let res = create(&app, json!({"name": "A", "instructions": "i", "output": {"model_id": MODEL}})).await;
    assert_eq!(res.status(), 200);
    let err = refused(create(&app, json!({"name": 1})).await).await;
    assert!(err.detail.starts_with("The request body is not what this endpoint takes"), "{}", err.detail);
}

#[tokio::test]
async fn update_changes_fields_and_links_but_refuses_newly_linking_a_pending_tool() {
    let app = spawn_app().await;
    let db = db(&app).await;
    let weather = insert_tool(&db, "Weather", ToolStatus::Active).await;
    let crm = insert_tool(&db, "CRM", ToolStatus::Active).await;
    let pending = insert_tool(&db, "Calendar", ToolStatus::PendingAuthorization).await;
    let agent = create_ok(&app, "Forecaster", &[&weather]).await;
    let path = format!("/v2/flow/agents/{}", agent.id);

    let body = json!({"name": "Planner", "tool_ids": [crm], "temperature": 0.2, "reasoning_effort": "high"});
    let res = send(&app, reqwest::Method::PATCH, &path, Some(body)).await;
    assert_eq!(res.status(), 200);
    let updated: Agent = res.json().await.unwrap();
    assert_eq!(updated.name, "Planner");
    assert_eq!(updated.temperature, Some(0.2));
    assert_eq!(updated.instructions, agent.instructions, "unset fields stay");
    assert_eq!(updated.tools.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["CRM"]);

    let err = refused(send(&app, reqwest::Method::PATCH, &path, Some(json!({"tool_ids": [crm, pending]}))).await).await;
    assert!(err.detail.contains("\"Calendar\" is waiting for sign-in"), "{}", err.detail);
    let read: Agent = app.get(&path).await.json().await.unwrap();
    assert_eq!(read.tools.len(), 1, "a refused update changes nothing");
    assert_eq!(read.name, "Planner");
}

#[tokio::test]
async fn an_agent_whose_tool_has_since_failed_shows_the_tool_failed_and_says_so() {
    let app = spawn_app().await;
    let db = db(&app).await;
    let crm = insert_tool(&db, "CRM", ToolStatus::Active).await;
    let agent = create_ok(&app, "Sales", &[&crm]).await;

    set_tool_status(&db, &crm, ToolStatus::Failed).await;
    let read: Agent = app.get(&format!("/v2/flow/agents/{}", agent.id)).await.json().await.unwrap();
    assert_eq!(read.tools[0].status, ToolStatus::Failed, "the embedded status is the tool's current one");
    let reason = read.status_reason.expect("a status_reason");
    assert!(reason.contains("\"CRM\" has failed"), "{reason}");

    // Renaming it still works: the failed tool was linked while it was active.
    let path = format!("/v2/flow/agents/{}", agent.id);
    let body = json!({"name": "Sales 2", "tool_ids": [crm]});
    assert_eq!(send(&app, reqwest::Method::PATCH, &path, Some(body)).await.status(), 200);
}

#[tokio::test]
async fn diff_previews_an_update_without_storing_it() {
    let app = spawn_app().await;
    let agent = create_ok(&app, "Before", &[]).await;
    let path = format!("/v2/flow/agents/{}/diff", agent.id);

    let res =
        send(&app, reqwest::Method::PATCH, &path, Some(json!({"name": "After", "instructions": agent.instructions})))
            .await;
    assert_eq!(res.status(), 200);
    let diff: Value = res.json().await.unwrap();
    assert_eq!(diff["before"]["name"], "Before");
    assert_eq!(diff["after"]["name"], "After");
    assert_eq!(diff["diff"]["name"], json!({"before": "Before", "after": "After"}));
    assert_eq!(diff["diff"].as_object().unwrap().len(), 1, "unchanged fields are not in the diff: {diff}");

    let read: Agent = app.get(&format!("/v2/flow/agents/{}", agent.id)).await.json().await.unwrap();
    assert_eq!(read.name, "Before");
}

#[tokio::test]
async fn demote_stops_and_promote_redeploys_an_agent() {
    let app = spawn_app().await;
    let agent = create_ok(&app, "A", &[]).await;
    let demoted: Agent = send(&app, reqwest::Method::PUT, &format!("/v2/flow/agents/{}/demote", agent.id), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(demoted.status, AgentStatus::Inactive);
    let promoted: Agent = send(&app, reqwest::Method::PUT, &format!("/v2/flow/agents/{}/promote", agent.id), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(promoted.status, AgentStatus::Active);
    assert!(promoted.last_deployed_at.is_some());
    assert_eq!(send(&app, reqwest::Method::PUT, "/v2/flow/agents/nope/promote", None).await.status(), 404);
}

#[tokio::test]
async fn deleting_an_agent_removes_it_and_a_second_delete_is_not_found() {
    let app = spawn_app().await;
    let agent = create_ok(&app, "Doomed", &[]).await;
    let path = format!("/v2/flow/agents/{}", agent.id);
    let res = send(&app, reqwest::Method::DELETE, &path, None).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap(), json!({"id": agent.id, "deleted": true}));
    assert_eq!(app.get(&path).await.status(), 404);
    let res = send(&app, reqwest::Method::DELETE, &path, None).await;
    assert_eq!(res.status(), 404);
    assert!(res.json::<ErrorBody>().await.unwrap().detail.contains("No agent has the id"));
}

#[tokio::test]
async fn a_tool_lists_the_agents_using_it_and_only_active_ones_block_its_deletion() {
    let app = spawn_app().await;
    let db = db(&app).await;
    let crm = insert_tool(&db, "CRM", ToolStatus::Active).await;
    let unused = insert_tool(&db, "Unused", ToolStatus::Active).await;
    let sales = create_ok(&app, "Sales", &[&crm]).await;
    let support = create_ok(&app, "Support", &[&crm]).await;

    let users: Vec<AgentSummary> = app.get(&format!("/v1/flow/tools/{crm}/agents")).await.json().await.unwrap();
    assert_eq!(users.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(), ["Sales", "Support"]);
    assert_eq!(app.get("/v1/flow/tools/nope/agents").await.status(), 404);

    let refused = send(&app, reqwest::Method::DELETE, &format!("/v1/flow/tools/{crm}"), None).await;
    assert_eq!(refused.status(), 409);
    let text = refused.json::<ErrorBody>().await.unwrap().detail;
    assert!(text.contains("\"Sales\"") && text.contains("\"Support\""), "{text}");
    let deleted = send(&app, reqwest::Method::DELETE, &format!("/v1/flow/tools/{unused}"), None).await;
    assert_eq!(deleted.status(), 200, "a tool no agent uses is deleted");

    for agent in [&sales, &support] {
        send(&app, reqwest::Method::PUT, &format!("/v2/flow/agents/{}/demote", agent.id), None).await;
    }
    let users: Vec<AgentSummary> = app.get(&format!("/v1/flow/tools/{crm}/agents")).await.json().await.unwrap();
    assert_eq!(users.len(), 2, "inactive agents still use the tool");
    assert!(users.iter().all(|a| a.status == AgentStatus::Inactive));
}

#[tokio::test]
async fn deleting_a_tool_used_by_an_active_agent_is_refused_naming_the_agent() {
    let app = spawn_app().await;
    let db = db(&app).await;
    let crm = insert_tool(&db, "CRM", ToolStatus::Active).await;
    let agent = create_ok(&app, "Sales", &[&crm]).await;

    let res = send(&app, reqwest::Method::DELETE, &format!("/v1/flow/tools/{crm}"), None).await;
    assert_eq!(res.status(), 409);
    let err: ErrorBody = res.json().await.unwrap();
    assert!(err.detail.contains("\"Sales\""), "{}", err.detail);
    assert_eq!(app.get(&format!("/v1/flow/tools/{crm}")).await.status(), 200, "the tool is still there");

    // Once the agent is stopped the tool may go, and the agent no longer links it.
    send(&app, reqwest::Method::PUT, &format!("/v2/flow/agents/{}/demote", agent.id), None).await;
    let res = send(&app, reqwest::Method::DELETE, &format!("/v1/flow/tools/{crm}"), None).await;
    assert_eq!(res.status(), 200);
    let read: Agent = app.get(&format!("/v2/flow/agents/{}", agent.id)).await.json().await.unwrap();
    assert!(read.tools.is_empty());
}

#[tokio::test]
async fn long_instructions_fit_in_a_request() {
    let app = spawn_app().await;
    let instructions = "Answer carefully. ".repeat(4000);
    let res = create(&app, json!({"name": "Long", "instructions": instructions, "model_id": MODEL})).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
}

async fn replace(app: &TestApp, tool_id: &str) -> ToolReplacement {
    let res = send(app, reqwest::Method::POST, &format!("/v1/flow/tools/{tool_id}/replace"), Some(json!({}))).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

/// An agent linking a tool (of `auth_mode`, at the example server) that has since failed.
async fn agent_with_failed_tool(app: &TestApp, url: &str, auth_mode: &str) -> (Agent, String) {
    let db = db(app).await;
    let old = insert_tool_at(&db, "Greeter", ToolStatus::Active, url, auth_mode).await;
    let agent = create_ok(app, "Helper", &[&old]).await;
    set_tool_status(&db, &old, ToolStatus::Failed).await;
    (agent, old)
}

async fn linked_ids(app: &TestApp, agent: &Agent) -> Vec<String> {
    let read: Agent = app.get(&format!("/v2/flow/agents/{}", agent.id)).await.json().await.unwrap();
    read.tools.into_iter().map(|t| t.id).collect()
}

#[tokio::test]
async fn replacing_a_failed_tool_without_sign_in_moves_its_agents_to_the_new_tool_at_once() {
    let (app, server) = (spawn_app().await, mcp_example(false).await);
    let (agent, old) = agent_with_failed_tool(&app, &server.url(), "none").await;

    let done = replace(&app, &old).await;
    assert!(done.swapped);
    assert_eq!(done.replaced_tool_id, old);
    assert_eq!((done.tool.name.as_str(), done.tool.status), ("Greeter", ToolStatus::Active));
    assert_eq!(done.tool.config.url, server.url(), "same server");
    assert_eq!(linked_ids(&app, &agent).await, vec![done.tool.id.clone()]);
    assert_eq!(app.get(&format!("/v1/flow/tools/{old}")).await.status(), 404, "the failed tool is gone");
}

#[tokio::test]
async fn an_abandoned_oauth_replacement_changes_nothing_and_a_finished_one_swaps() {
    let (app, server) = (spawn_app().await, mcp_example(true).await);
    let (agent, old) = agent_with_failed_tool(&app, &server.url(), "oauth_dynamic").await;

    let first = replace(&app, &old).await;
    assert!(!first.swapped);
    assert_eq!(first.tool.status, ToolStatus::PendingAuthorization);
    assert_eq!(linked_ids(&app, &agent).await, vec![old.clone()], "until sign-in finishes the agent keeps its tool");
    assert_eq!(app.get(&format!("/v1/flow/tools/{old}")).await.status(), 200);

    // Starting again drops the attempt that was abandoned halfway.
    let second = replace(&app, &old).await;
    assert_eq!(app.get(&format!("/v1/flow/tools/{}", first.tool.id)).await.status(), 404);

    let back = app.authorize(second.tool.config.authorization_url.as_deref().unwrap()).await;
    assert_eq!(back.status(), 303);
    // The sign-in itself swapped: the tools API (which never asks the agents module) has no old tool.
    assert_eq!(app.get(&format!("/v1/flow/tools/{old}")).await.status(), 404);
    let links: Vec<String> = sqlx::query_scalar("SELECT tool_id FROM agent_tools WHERE agent_id = $1")
        .bind(&agent.id)
        .fetch_all(db(&app).await.pool())
        .await
        .unwrap();
    assert_eq!(links, vec![second.tool.id.clone()]);
    assert_eq!(linked_ids(&app, &agent).await, vec![second.tool.id.clone()]);
}

#[tokio::test]
async fn only_a_failed_tool_can_be_replaced() {
    let app = spawn_app().await;
    let active = insert_tool(&db(&app).await, "Weather", ToolStatus::Active).await;
    let res = send(&app, reqwest::Method::POST, &format!("/v1/flow/tools/{active}/replace"), Some(json!({}))).await;
    let err = refused(res).await;
    assert!(err.detail.contains("\"Weather\" is active"), "{}", err.detail);
    let res = send(&app, reqwest::Method::POST, "/v1/flow/tools/nope/replace", Some(json!({}))).await;
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn replacing_an_own_client_tool_asks_for_the_secret_again_and_others_take_none() {
    let app = spawn_app().await;
    let db = db(&app).await;
    let own = insert_tool_at(&db, "Own", ToolStatus::Failed, "https://mcp.example.com/mcp", "oauth_client").await;
    let open = insert_tool_at(&db, "Open", ToolStatus::Failed, "https://mcp.example.com/mcp", "none").await;

    let res = send(&app, reqwest::Method::POST, &format!("/v1/flow/tools/{own}/replace"), Some(json!({}))).await;
    assert_eq!(refused(res).await.field.as_deref(), Some("config.CLIENT_SECRET"));
    let body = json!({"CLIENT_SECRET": "s"});
    let res = send(&app, reqwest::Method::POST, &format!("/v1/flow/tools/{open}/replace"), Some(body)).await;
    assert_eq!(refused(res).await.field.as_deref(), Some("config.CLIENT_ID"));
    // Nothing was created by the refusals.
    let tools: Value = app.get("/v1/flow/tools").await.json().await.unwrap();
    assert_eq!(tools["total"], 2);
}
