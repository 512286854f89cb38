//! The two OAuth modes end to end against the npm SDK's example server (`--oauth`:
//! its own auth server does RFC 7591 registration and PKCE), and the lifecycle
//! (window, refresh, rotation, revocation, restart) against `fixture.rs`.

use crate::fixture;
use crate::helpers::{TestApp, eventually, mcp_example, spawn_app, spawn_app_with, spawn_with};
use patchbay_wire::{ErrorBody, McpServerTool, Tool, ToolStatus};
use serde_json::json;
use std::time::Duration;

async fn create_pending(app: &TestApp, url: &str, extra: serde_json::Value) -> Tool {
    let res = app.create(url, extra, "").await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let tool: Tool = res.json().await.unwrap();
    assert_eq!(tool.status, ToolStatus::PendingAuthorization);
    tool
}

/// Completes sign-in and checks the 303 to the SPA's `/authorized` page.
async fn sign_in(app: &TestApp, tool: &Tool) {
    let back = app.authorize(tool.config.authorization_url.as_deref().unwrap()).await;
    assert_eq!(back.status(), 303);
    let to = back.headers()["location"].to_str().unwrap();
    assert_eq!(to, format!("{}/authorized?tool={}", app.config.public_url(), tool.id));
}

#[tokio::test]
async fn dynamic_registration_signs_in_and_the_tool_becomes_active() {
    let (app, server) = (spawn_app().await, mcp_example(true).await);
    let tool = create_pending(&app, &server.url(), json!({})).await;
    let auth = url::Url::parse(tool.config.authorization_url.as_deref().unwrap()).unwrap();
    let q: std::collections::HashMap<_, _> = auth.query_pairs().into_owned().collect();
    assert!(auth.as_str().starts_with(&format!("{}/authorize", server.auth_base())));
    assert_eq!(q["code_challenge_method"], "S256");
    assert_eq!(q["redirect_uri"], app.config.redirect_uri());
    assert_eq!(q["resource"], server.url());
    assert_eq!(q["scope"], "mcp:tools", "the scopes the server advertises");
    assert!(tool.authorization_expires_at.is_some() && tool.status_reason.is_some());
    sign_in(&app, &tool).await;
    let after = app.tool(&tool.id).await;
    assert_eq!(after["status"], "Active");
    assert!(after["config"]["AUTHORIZATION_URL"].is_null());
    let listed: Vec<McpServerTool> =
        app.get(&format!("/v1/flow/tools/{}/mcp/tools", tool.id)).await.json().await.unwrap();
    assert!(listed.iter().any(|t| t.name == "greet"));
}

#[tokio::test]
async fn the_persons_own_client_id_and_secret_sign_in() {
    let (app, server) = (spawn_app().await, mcp_example(true).await);
    // Register a confidential client by hand, as a person would at the provider.
    let reg: serde_json::Value = app
        .http
        .post(format!("{}/register", server.auth_base()))
        .json(&json!({"client_name": "mine", "redirect_uris": [app.config.redirect_uri()],
            "token_endpoint_auth_method": "client_secret_post", "grant_types": ["authorization_code"]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let (id, secret) = (reg["client_id"].as_str().unwrap(), reg["client_secret"].as_str().unwrap());
    let tool = create_pending(&app, &server.url(), json!({"CLIENT_ID": id, "CLIENT_SECRET": secret})).await;
    assert_eq!(tool.auth_mode, Some(patchbay_wire::AuthMode::OauthClient));
    assert!(tool.config.authorization_url.as_deref().unwrap().contains(&format!("client_id={id}")));
    sign_in(&app, &tool).await;
    assert_eq!(app.tool(&tool.id).await["status"], "Active");
}

#[tokio::test]
async fn a_wrong_client_secret_fails_the_tool_with_a_reason() {
    let (app, server) = (spawn_app().await, mcp_example(true).await);
    let reg: serde_json::Value = app
        .http
        .post(format!("{}/register", server.auth_base()))
        .json(
            &json!({"redirect_uris": [app.config.redirect_uri()], "token_endpoint_auth_method": "client_secret_post"}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = reg["client_id"].as_str().unwrap();
    let tool = create_pending(&app, &server.url(), json!({"CLIENT_ID": id, "CLIENT_SECRET": "not-the-secret"})).await;
    let back = app.authorize(tool.config.authorization_url.as_deref().unwrap()).await;
    assert_eq!(back.status(), 303);
    assert!(back.headers()["location"].to_str().unwrap().contains("&error="));
    let after = app.tool(&tool.id).await;
    assert_eq!(after["status"], "Failed");
    assert!(after["status_reason"].as_str().unwrap().contains("did not accept"));
}

#[tokio::test]
async fn oauth_choices_that_do_not_fit_the_server_are_refused_before_storing() {
    let (app, oauth, open) = (spawn_app().await, mcp_example(true).await, mcp_example(false).await);
    let cases = [
        (oauth.url(), json!({}), "?expect_auth=none", "config.URL", "requires OAuth"),
        (open.url(), json!({"CLIENT_ID": "a", "CLIENT_SECRET": "b"}), "", "config.CLIENT_ID", "needs no sign-in"),
        (open.url(), json!({}), "?expect_auth=oauth_dynamic", "config.URL", "needs no sign-in"),
        (oauth.url(), json!({}), "?expect_auth=oauth_client", "config.CLIENT_ID", "client ID and secret"),
    ];
    for (url, extra, query, field, words) in cases {
        let res = app.create(&url, extra, query).await;
        assert_eq!(res.status(), 400, "{url}{query}");
        let err: ErrorBody = res.json().await.unwrap();
        assert_eq!(err.field.as_deref(), Some(field), "{}", err.detail);
        assert!(err.detail.contains(words), "{}", err.detail);
    }
    assert_eq!(app.all_tools().await["total"], 0);
}

#[tokio::test]
async fn a_provider_without_registration_asks_for_the_redirect_uri_and_a_client() {
    let (app, provider) = (spawn_app().await, fixture::start(3600, false).await);
    let res = app.create(&provider.mcp_url(), json!({}), "").await;
    assert_eq!(res.status(), 400);
    let err: ErrorBody = res.json().await.unwrap();
    assert_eq!(err.field.as_deref(), Some("config.CLIENT_ID"));
    assert!(err.detail.contains(&app.config.redirect_uri()), "{}", err.detail);
    let tool =
        create_pending(&app, &provider.mcp_url(), json!({"CLIENT_ID": "fixture-client", "CLIENT_SECRET": "s"})).await;
    sign_in(&app, &tool).await;
    assert_eq!(app.tool(&tool.id).await["status"], "Active");
}

#[tokio::test]
async fn expired_authorization_window_fails_the_tool_without_a_read() {
    let app = spawn_app_with(|c| c.authorization_window = Duration::from_secs(1)).await;
    let provider = fixture::start(3600, true).await;
    let tool = create_pending(&app, &provider.mcp_url(), json!({})).await;
    let db = app.state.db.clone();
    eventually("the sweeper fails the tool", 5, || async {
        let s: String = sqlx::query_scalar("SELECT status FROM tools WHERE id = $1")
            .bind(&tool.id)
            .fetch_one(db.pool())
            .await
            .unwrap();
        s == "Failed"
    })
    .await;
    // Completing sign-in afterwards is refused and the tool stays failed.
    let back = app.authorize(tool.config.authorization_url.as_deref().unwrap()).await;
    assert!(back.headers()["location"].to_str().unwrap().contains("error="));
    let after = app.tool(&tool.id).await;
    assert_eq!(after["status"], "Failed");
    assert!(after["status_reason"].as_str().unwrap().contains("window closed"));
}

#[tokio::test]
async fn tokens_are_refreshed_before_expiry_and_rotated_refresh_tokens_are_kept() {
    let app = spawn_app_with(|c| c.health_interval = Duration::from_millis(500)).await;
    let provider = fixture::start(2, true).await;
    let tool = create_pending(&app, &provider.mcp_url(), json!({})).await;
    sign_in(&app, &tool).await;
    // Each refresh rotates the refresh token; a second one only works if the first's
    // replacement was stored.
    eventually("two refreshes by the health check", 15, || async { provider.refreshes() >= 2 }).await;
    assert_eq!(app.tool(&tool.id).await["status"], "Active");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_callers_share_one_refresh() {
    let app = spawn_app().await;
    let provider = fixture::start(1, true).await;
    let tool = create_pending(&app, &provider.mcp_url(), json!({})).await;
    sign_in(&app, &tool).await;
    tokio::time::sleep(Duration::from_millis(1200)).await; // the access token is now due
    let record = patchbay_gateway::db::tools::get(&app.state.db, &tool.id).await.unwrap().unwrap();
    // Sign-in itself may already have refreshed a one-second token; count from here.
    let before = provider.refreshes();
    let calls = (0..5).map(|_| {
        let (state, record) = (app.state.clone(), record.clone());
        tokio::spawn(async move {
            patchbay_gateway::connectors::tokens::bearer(&state, &record, None).await.map_err(|e| format!("{e:?}"))
        })
    });
    let tokens: Vec<_> = futures_join(calls).await;
    assert!(tokens.iter().all(|t| t.is_ok()), "{tokens:?}");
    assert_eq!(provider.refreshes() - before, 1, "one refresh for five concurrent callers");
}

async fn futures_join<T>(handles: impl Iterator<Item = tokio::task::JoinHandle<T>>) -> Vec<T> {
    let mut out = Vec::new();
    for h in handles.collect::<Vec<_>>() {
        out.push(h.await.unwrap());
    }
    out
}

#[tokio::test]
async fn revoked_access_fails_the_tool_with_its_reason() {
    let app = spawn_app_with(|c| c.health_interval = Duration::from_millis(500)).await;
    let provider = fixture::start(3600, true).await;
    let tool = create_pending(&app, &provider.mcp_url(), json!({})).await;
    sign_in(&app, &tool).await;
    provider.revoke();
    let id = tool.id.clone();
    eventually("the health check fails the tool", 10, || async { app.tool(&id).await["status"] == "Failed" }).await;
    assert!(app.tool(&id).await["status_reason"].as_str().unwrap().contains("revoked"));
}

#[tokio::test]
async fn a_rejected_refresh_fails_the_tool() {
    let app = spawn_app_with(|c| c.health_interval = Duration::from_millis(500)).await;
    let provider = fixture::start(1, true).await;
    let tool = create_pending(&app, &provider.mcp_url(), json!({})).await;
    sign_in(&app, &tool).await;
    provider.reject_refresh();
    let id = tool.id.clone();
    eventually("the health check fails the tool", 10, || async { app.tool(&id).await["status"] == "Failed" }).await;
    assert!(app.tool(&id).await["status_reason"].as_str().unwrap().contains("refused to renew"));
}

#[tokio::test]
async fn a_pending_authorization_survives_a_restart() {
    let first = spawn_app().await;
    let provider = fixture::start(3600, true).await;
    let tool = create_pending(&first, &provider.mcp_url(), json!({})).await;
    let (mut config, dir) = (first.config.clone(), first._data_dir.clone());
    config.public_url = Some(first.config.public_url());
    drop(first);
    let second = spawn_with(config, dir).await;
    sign_in(&second, &tool).await;
    assert_eq!(second.tool(&tool.id).await["status"], "Active");
    let text = if crate::helpers::on_postgres() {
        // Every stored value of every row, as text.
        sqlx::query_scalar::<_, String>("SELECT string_agg(t::text, ' ') FROM tools t")
            .fetch_one(second.state.db.pool())
            .await
            .unwrap()
    } else {
        let mut raw = std::fs::read(second.config.data_dir.join("patchbay.sqlite")).unwrap();
        raw.extend(std::fs::read(second.config.data_dir.join("patchbay.sqlite-wal")).unwrap_or_default());
        String::from_utf8_lossy(&raw).into_owned()
    };
    // The guard that the right files were read: the tool's id is stored in the clear.
    assert!(text.contains(&tool.id), "the files hold the tool");
    assert!(!text.contains("access-") && !text.contains("refresh-"), "tokens are sealed at rest");
}
