//! Agents' access tokens: created with a name and shown once, listed without secrets,
//! revoked at once (and announced to open sessions), stored only as a hash, and found by
//! secret the way the agent MCP endpoint looks them up.

use crate::calls::{create_agent, insert_tool};
use crate::helpers::{TestApp, spawn_app, spawn_app_with};
use patchbay_gateway::db::agent_tokens::{self, TokenMatch};
use patchbay_wire::{AgentTokenDeleted, AgentTokenList, CreatedAgentToken, ErrorBody};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

async fn new_token(app: &TestApp, agent_id: &str, name: &str) -> CreatedAgentToken {
    let res = post_token(app, agent_id, json!({ "name": name })).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

async fn post_token(app: &TestApp, agent_id: &str, body: Value) -> reqwest::Response {
    app.http.post(app.url(&format!("/v2/flow/agents/{agent_id}/tokens"))).json(&body).send().await.unwrap()
}

async fn list(app: &TestApp, agent_id: &str) -> AgentTokenList {
    let res = app.get(&format!("/v2/flow/agents/{agent_id}/tokens")).await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

async fn revoke(app: &TestApp, agent_id: &str, token_id: &str) -> reqwest::Response {
    app.http.delete(app.url(&format!("/v2/flow/agents/{agent_id}/tokens/{token_id}"))).send().await.unwrap()
}

async fn agent(app: &TestApp) -> String {
    let tool = insert_tool(app, "Greeter").await;
    create_agent(app, "Concierge", &[&tool]).await.id
}

#[tokio::test]
async fn a_token_is_shown_once_and_listed_newest_first_without_its_secret() {
    let app = spawn_app().await;
    let agent = agent(&app).await;
    let first = new_token(&app, &agent, "  Claude Desktop ").await;
    assert_eq!(first.name, "Claude Desktop", "the name is trimmed");
    assert!(first.token.starts_with("pbt_") && first.token.len() == 47, "{}", first.token);
    let second = new_token(&app, &agent, "Cursor").await;
    assert_ne!(first.token, second.token);

    let raw = app.get(&format!("/v2/flow/agents/{agent}/tokens")).await.text().await.unwrap();
    assert!(!raw.contains(&first.token) && !raw.contains(&second.token), "no secret is listed: {raw}");
    assert!(!raw.contains(&agent_tokens::hash(&first.token)), "nor its hash");
    let listed = list(&app, &agent).await.data;
    let names: Vec<_> = listed.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["Cursor", "Claude Desktop"], "newest first");
    assert_eq!(listed[1].id, first.id);
    assert_eq!(listed[1].created_at, first.created_at);
    assert_eq!(listed[1].last_used_at, None);

    let other = create_agent(&app, "Other", &[]).await.id;
    assert!(list(&app, &other).await.data.is_empty(), "tokens belong to their agent");
}

#[tokio::test]
async fn the_database_keeps_the_hash_of_a_token_never_the_token() {
    let app = spawn_app().await;
    let agent = agent(&app).await;
    let token = new_token(&app, &agent, "Claude Desktop").await;
    let text = if crate::helpers::on_postgres() {
        // Every stored value of every token row, as text.
        sqlx::query_scalar::<_, String>("SELECT string_agg(t::text, ' ') FROM agent_tokens t")
            .fetch_one(app.state.db.pool())
            .await
            .unwrap()
    } else {
        let dir = &app.config.data_dir;
        let mut raw = std::fs::read(dir.join("patchbay.sqlite")).unwrap();
        raw.extend(std::fs::read(dir.join("patchbay.sqlite-wal")).unwrap_or_default());
        String::from_utf8_lossy(&raw).into_owned()
    };
    // The guard that the right files were read: the hash is there in the clear.
    assert!(text.contains(&agent_tokens::hash(&token.token)), "the files hold the token's hash");
    assert!(!text.contains(&token.token), "the secret is not stored");
    assert!(!text.contains(&token.token["pbt_".len()..]), "not even without its prefix");
}

#[tokio::test]
async fn find_by_secret_finds_a_live_token_and_not_a_revoked_one() {
    let app = spawn_app().await;
    let agent = agent(&app).await;
    let token = new_token(&app, &agent, "Claude Desktop").await;
    let other = new_token(&app, &agent, "Cursor").await;
    let db = &app.state.db;
    let found = agent_tokens::find_by_secret(db, &token.token).await.unwrap();
    assert_eq!(found, Some(TokenMatch { id: token.id.clone(), agent_id: agent.clone() }));
    let wrong = format!("{}x", &token.token[..token.token.len() - 1]);
    assert_eq!(agent_tokens::find_by_secret(db, &wrong).await.unwrap(), None);
    assert_eq!(agent_tokens::find_by_secret(db, "").await.unwrap(), None);
    assert_eq!(agent_tokens::find_by_secret(db, &agent_tokens::hash(&token.token)).await.unwrap(), None);

    let mut revoked = app.state.revoked_tokens.subscribe();
    let res = revoke(&app, &agent, &token.id).await;
    assert_eq!(res.status(), 200);
    let answer: AgentTokenDeleted = res.json().await.unwrap();
    assert_eq!(answer, AgentTokenDeleted { id: token.id.clone(), deleted: true });
    assert_eq!(revoked.try_recv().unwrap(), token.id, "open sessions hear of it");
    assert_eq!(agent_tokens::find_by_secret(db, &token.token).await.unwrap(), None);
    assert!(agent_tokens::find_by_secret(db, &other.token).await.unwrap().is_some(), "the other token still works");
    let names: Vec<_> = list(&app, &agent).await.data.into_iter().map(|t| t.name).collect();
    assert_eq!(names, ["Cursor"]);

    let again = revoke(&app, &agent, &token.id).await;
    assert_eq!(again.status(), 404);
    let err: ErrorBody = again.json().await.unwrap();
    assert!(err.detail.contains("revoked already"), "{}", err.detail);
    assert!(revoked.try_recv().is_err(), "nothing announced for a token that was not there");
}

#[tokio::test]
async fn deleting_an_agent_deletes_its_tokens() {
    let app = spawn_app().await;
    let agent = agent(&app).await;
    let token = new_token(&app, &agent, "Claude Desktop").await;
    let res = app.http.delete(app.url(&format!("/v2/flow/agents/{agent}"))).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(agent_tokens::find_by_secret(&app.state.db, &token.token).await.unwrap(), None);
    assert_eq!(app.get(&format!("/v2/flow/agents/{agent}/tokens")).await.status(), 404);
}

#[tokio::test]
async fn a_token_needs_a_name_and_an_agent_that_exists() {
    let app = spawn_app().await;
    let agent = agent(&app).await;
    for (body, says) in [
        (json!({"name": "  "}), "Give it a name"),
        (json!({"name": "a\nb"}), "one line"),
        (json!({"name": "x".repeat(201)}), "under 200"),
    ] {
        let res = post_token(&app, &agent, body.clone()).await;
        assert_eq!(res.status(), 400, "{body}");
        let err: ErrorBody = res.json().await.unwrap();
        assert_eq!(err.field.as_deref(), Some("name"), "{body}");
        assert!(err.detail.contains(says), "{body}: {}", err.detail);
    }
    let res = post_token(&app, &agent, json!({"name": "ok", "scope": "all"})).await;
    assert_eq!(res.status(), 400, "unknown fields are refused");
    let res = post_token(&app, &agent, json!({})).await;
    assert_eq!(res.status(), 400);

    for res in [
        post_token(&app, "nope", json!({"name": "Claude"})).await,
        app.get("/v2/flow/agents/nope/tokens").await,
        revoke(&app, "nope", "nope").await,
    ] {
        assert_eq!(res.status(), 404);
        let err: ErrorBody = res.json().await.unwrap();
        assert!(err.detail.starts_with("No agent has the id \"nope\""), "{}", err.detail);
    }
    assert!(list(&app, &agent).await.data.is_empty(), "nothing refused was stored");
}

#[tokio::test]
async fn an_agent_holds_at_most_100_tokens() {
    let app = spawn_app().await;
    let agent = agent(&app).await;
    for i in 0..100 {
        new_token(&app, &agent, &format!("client {i}")).await;
    }
    let res = post_token(&app, &agent, json!({"name": "one more"})).await;
    assert_eq!(res.status(), 409);
    let err: ErrorBody = res.json().await.unwrap();
    assert!(err.detail.contains("revoke the ones no longer used"), "{}", err.detail);
}

#[tokio::test]
async fn a_token_s_last_use_shows_in_the_list() {
    let app = spawn_app().await;
    let agent = agent(&app).await;
    let used = new_token(&app, &agent, "Claude Desktop").await;
    let idle = new_token(&app, &agent, "Cursor").await;
    let before = patchbay_gateway::clock::now();
    for _ in 0..3 {
        app.state.recorder.token_used(&used.id);
    }
    app.state.recorder.flush().await;
    let listed = list(&app, &agent).await.data;
    let used_at = listed.iter().find(|t| t.id == used.id).unwrap().last_used_at.clone().expect("a last use");
    assert!(used_at >= before, "{used_at} is not before {before}");
    assert_eq!(listed.iter().find(|t| t.id == idle.id).unwrap().last_used_at, None);
}

#[tokio::test]
async fn token_routes_need_the_api_key_when_one_is_set() {
    let app = spawn_app_with(|c| c.api_keys = vec!["k3y".into()]).await;
    // The test app's own client sends the key; a client without one is refused.
    let anonymous = reqwest::Client::new();
    for path in ["/v2/flow/agents/a/tokens", "/v2/flow/agents/a/calls", "/v1/flow/tools/t/calls"] {
        assert_eq!(anonymous.get(app.url(path)).send().await.unwrap().status(), 401, "{path}");
    }
    let res = anonymous.delete(app.url("/v2/flow/agents/a/tokens/t")).send().await.unwrap();
    assert_eq!(res.status(), 401);
    let res = app.http.get(app.url("/v2/flow/agents/a/tokens")).header("Authorization", "k3y").send().await.unwrap();
    assert_eq!(res.status(), 404, "with the key it reaches the handler");
}

#[tokio::test]
async fn find_by_secret_timing_over_1000_lookups() {
    let app = spawn_app().await;
    let agent = agent(&app).await;
    let tokens: Vec<_> = (0..20).map(|i| i.to_string()).collect();
    let mut secrets = Vec::new();
    for name in &tokens {
        secrets.push(new_token(&app, &agent, name).await.token);
    }
    let mut spent = Vec::with_capacity(1000);
    for i in 0..1000 {
        let before = Instant::now();
        let found = agent_tokens::find_by_secret(&app.state.db, &secrets[i % secrets.len()]).await.unwrap();
        spent.push(before.elapsed());
        assert!(found.is_some());
    }
    spent.sort();
    let at = |p: f64| spent[((spent.len() - 1) as f64 * p).round() as usize];
    eprintln!(
        "find_by_secret on {:?} over 1000 lookups: p50 {:?}, p99 {:?}, max {:?}",
        app.state.db.backend,
        at(0.5),
        at(0.99),
        spent.last().copied().unwrap_or(Duration::ZERO)
    );
}
