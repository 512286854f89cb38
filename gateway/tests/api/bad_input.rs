//! Malformed requests and hostile URLs, table-driven: each gets its clear error (status,
//! field, words of the sentence), the process stays up, and no stored tool changes.

use crate::fixture;
use crate::helpers::{mcp_example, spawn_app_with, unused_port};
use axum::Router;
use axum::routing::post;
use reqwest::Method;
use serde_json::{Value, json};
use std::time::Duration;

/// A server on a free port answering every POST with `answer`, after `delay`.
async fn odd_server(content_type: &'static str, body: &'static str, delay: Duration) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let app = Router::new().route(
        "/mcp",
        post(move || async move {
            tokio::time::sleep(delay).await;
            ([("content-type", content_type)], body)
        }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://127.0.0.1:{port}/mcp")
}

enum Body {
    None,
    Json(Value),
    Raw(&'static str, Vec<u8>),
}

struct Case {
    what: &'static str,
    method: Method,
    path: String,
    body: Body,
    status: u16,
    field: Option<&'static str>,
    words: &'static str,
}

fn tool(config: Value) -> Value {
    json!({"type": "mcp_connector", "name": "n", "description": "Use it when asked to greet someone.", "config": config})
}

fn create(what: &'static str, body: Value, status: u16, field: Option<&'static str>, words: &'static str) -> Case {
    Case { what, method: Method::POST, path: "/v1/flow/tools".into(), body: Body::Json(body), status, field, words }
}

fn url_case(what: &'static str, url: &str, field: &'static str, words: &'static str) -> Case {
    create(what, tool(json!({"URL": url})), 400, Some(field), words)
}

fn call(what: &'static str, method: Method, path: String, body: Body, status: u16, words: &'static str) -> Case {
    Case { what, method, path, body, status, field: None, words }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_inputs_get_clear_errors_and_change_nothing() {
    let app = spawn_app_with(|c| c.outbound_timeout = Duration::from_secs(1)).await;
    let (open, oauth, provider) = (mcp_example(false).await, mcp_example(true).await, fixture::start(3600, true).await);
    let html = odd_server("text/html", "<html><body>Welcome</body></html>", Duration::ZERO).await;
    let garbage = odd_server("application/json", "{{{ not json", Duration::ZERO).await;
    let slow = odd_server("application/json", "{}", Duration::from_secs(5)).await;
    let closed = format!("http://127.0.0.1:{}/mcp", unused_port());
    let active: Value = app.create(&open.url(), json!({}), "").await.json().await.unwrap();
    let pending: Value = app.create(&provider.mcp_url(), json!({}), "").await.json().await.unwrap();
    let (a, p) = (active["id"].as_str().unwrap().to_string(), pending["id"].as_str().unwrap().to_string());
    let auth_url = url::Url::parse(pending["config"]["AUTHORIZATION_URL"].as_str().unwrap()).unwrap();
    let state = auth_url.query_pairs().find(|(k, _)| k == "state").unwrap().1.to_string();
    let before = app.all_tools().await;

    let cases = vec![
        call(
            "body is not JSON",
            Method::POST,
            "/v1/flow/tools".into(),
            Body::Raw("application/json", b"{name:".to_vec()),
            400,
            "not what this endpoint takes",
        ),
        call(
            "empty body",
            Method::POST,
            "/v1/flow/tools".into(),
            Body::Raw("application/json", vec![]),
            400,
            "not what this endpoint takes",
        ),
        call(
            "wrong content type",
            Method::POST,
            "/v1/flow/tools".into(),
            Body::Raw("text/plain", b"{}".to_vec()),
            400,
            "not what this endpoint takes",
        ),
        call(
            "huge body",
            Method::POST,
            "/v1/flow/tools".into(),
            Body::Raw("application/json", vec![b' '; 300_000]),
            413,
            "too large",
        ),
        create("a JSON array", json!([1, 2]), 400, None, "not what this endpoint takes"),
        create(
            "no name",
            json!({"type": "mcp_connector", "description": "d", "config": {"URL": open.url()}}),
            400,
            None,
            "name",
        ),
        create(
            "blank name",
            json!({"type": "mcp_connector", "name": "  ", "description": "d", "config": {"URL": open.url()}}),
            400,
            Some("name"),
            "Give it a name",
        ),
        create(
            "blank description",
            json!({"type": "mcp_connector", "name": "n", "description": "\n", "config": {"URL": open.url()}}),
            400,
            Some("description"),
            "Describe",
        ),
        create(
            "overlong name",
            json!({"type": "mcp_connector", "name": "x".repeat(300), "description": "d", "config": {"URL": open.url()}}),
            400,
            Some("name"),
            "under 200",
        ),
        create("no config", json!({"type": "mcp_connector", "name": "n", "description": "d"}), 400, None, "config"),
        create(
            "unknown type",
            tool(json!({"URL": open.url()}))
                .as_object()
                .unwrap()
                .clone()
                .into_iter()
                .chain([("type".to_string(), json!("teleporter"))])
                .collect(),
            400,
            Some("type"),
            "not a tool type",
        ),
        create(
            "another SeekrFlow type",
            json!({"type": "web_search", "name": "n", "description": "d", "config": {}}),
            400,
            Some("type"),
            "MCP connector tools only",
        ),
        create(
            "unknown top-level field",
            json!({"type": "mcp_connector", "name": "n", "description": "d", "config": {"URL": open.url()}, "admin": true}),
            400,
            None,
            "unknown field",
        ),
        create("unknown config key", tool(json!({"URL": open.url(), "TOKEN": "t"})), 400, None, "unknown field"),
        create(
            "lone CLIENT_ID",
            tool(json!({"URL": open.url(), "CLIENT_ID": "a"})),
            400,
            Some("config.CLIENT_SECRET"),
            "go together",
        ),
        create(
            "lone CLIENT_SECRET",
            tool(json!({"URL": open.url(), "CLIENT_SECRET": "s"})),
            400,
            Some("config.CLIENT_ID"),
            "go together",
        ),
        create(
            "blank CLIENT_ID",
            tool(json!({"URL": open.url(), "CLIENT_ID": " ", "CLIENT_SECRET": "s"})),
            400,
            Some("config.CLIENT_ID"),
            "client ID",
        ),
        url_case("empty URL", "", "config.URL", "Enter the MCP server's URL"),
        url_case("file URL", "file:///etc/passwd", "config.URL", "cannot reach an MCP server"),
        url_case("ftp URL", "ftp://example.com/mcp", "config.URL", "https://"),
        url_case("javascript URL", "javascript://alert(1)", "config.URL", "https://"),
        url_case("credentials in URL", "https://user:pw@example.com/mcp", "config.URL", "sign-in details"),
        url_case("plain http off loopback", "http://example.com/mcp", "config.URL", "only for localhost"),
        url_case("cloud metadata IP", "https://169.254.169.254/latest/meta-data/", "config.URL", "metadata"),
        url_case(
            "metadata host name",
            "https://metadata.google.internal/computeMetadata/v1/",
            "config.URL",
            "metadata",
        ),
        url_case("IPv6 link-local", "https://[fe80::1]/mcp", "config.URL", "link-local"),
        url_case("IPv4-mapped metadata IP", "https://[::ffff:169.254.169.254]/mcp", "config.URL", "link-local"),
        url_case("private network", "https://10.0.0.7/mcp", "config.URL", "private network"),
        url_case("unreachable URL", &closed, "config.URL", "could not connect"),
        url_case("server answering HTML", &html, "config.URL", "not as an MCP server"),
        url_case("server answering garbage", &garbage, "config.URL", "not as an MCP server"),
        url_case("slow server past the timeout", &slow, "config.URL", "did not answer within"),
        url_case(
            "no MCP at that path",
            &format!("http://localhost:{}/nothing-here", open.port),
            "config.URL",
            "Nothing at that path",
        ),
        Case {
            path: "/v1/flow/tools?expect_auth=none".into(),
            ..url_case("OAuth server with no-auth chosen", &oauth.url(), "config.URL", "requires OAuth")
        },
        Case {
            path: "/v1/flow/tools?expect_auth=sometimes".into(),
            ..url_case("unknown expect_auth", &open.url(), "expect_auth", "is not a sign-in mode")
        },
        create(
            "OAuth credentials for a no-auth server",
            tool(json!({"URL": open.url(), "CLIENT_ID": "a", "CLIENT_SECRET": "b"})),
            400,
            Some("config.CLIENT_ID"),
            "needs no sign-in",
        ),
        call("unknown id", Method::GET, "/v1/flow/tools/no-such-tool".into(), Body::None, 404, "No tool has the id"),
        call(
            "path-like id",
            Method::GET,
            "/v1/flow/tools/..%2F..%2Fetc%2Fpasswd".into(),
            Body::None,
            404,
            "No tool has the id",
        ),
        call(
            "update unknown id",
            Method::PATCH,
            "/v1/flow/tools/nope".into(),
            Body::Json(json!({"name": "x"})),
            404,
            "No tool has the id",
        ),
        call("delete unknown id", Method::DELETE, "/v1/flow/tools/nope".into(), Body::None, 404, "No tool has the id"),
        call(
            "config in an update",
            Method::PATCH,
            format!("/v1/flow/tools/{a}"),
            Body::Json(json!({"config": {"URL": "https://x.example.com"}})),
            400,
            "create a new one",
        ),
        call(
            "blank name in an update",
            Method::PATCH,
            format!("/v1/flow/tools/{a}"),
            Body::Json(json!({"name": " "})),
            400,
            "Give it a name",
        ),
        call(
            "empty update",
            Method::PATCH,
            format!("/v1/flow/tools/{a}/diff"),
            Body::Json(json!({})),
            400,
            "Send a new name or description",
        ),
        call(
            "duplicate",
            Method::POST,
            format!("/v1/flow/tools/{a}/duplicate"),
            Body::Json(json!({"name": "copy"})),
            400,
            "cannot be duplicated",
        ),
        call("limit 0", Method::GET, "/v1/flow/tools?limit=0".into(), Body::None, 400, "limit from 1 to 1000"),
        call(
            "limit too high",
            Method::GET,
            "/v1/flow/tools?limit=5000".into(),
            Body::None,
            400,
            "limit from 1 to 1000",
        ),
        call("negative offset", Method::GET, "/v1/flow/tools?offset=-1".into(), Body::None, 400, "offset must be 0"),
        call("offset not a number", Method::GET, "/v1/flow/tools?offset=ten".into(), Body::None, 400, "whole number"),
        call(
            "unknown status filter",
            Method::GET,
            "/v1/flow/tools?tool_status=sleepy".into(),
            Body::None,
            400,
            "not a tool status",
        ),
        call(
            "unknown type filter",
            Method::GET,
            "/v1/flow/tools?tool_type=teleporter".into(),
            Body::None,
            400,
            "not a tool type",
        ),
        call("callback without state", Method::GET, "/oauth/callback?code=abc".into(), Body::None, 400, "has no state"),
        call(
            "callback with a forged state",
            Method::GET,
            "/oauth/callback?code=abc&state=forged".into(),
            Body::None,
            400,
            "already used, or it did not come from this gateway",
        ),
        call(
            "callback without code",
            Method::GET,
            format!("/oauth/callback?state={state}"),
            Body::None,
            400,
            "no authorization code",
        ),
        call(
            "provider error, forged state",
            Method::GET,
            "/oauth/callback?error=access_denied&state=forged".into(),
            Body::None,
            400,
            "did not match any pending tool",
        ),
        call(
            "provider access_denied",
            Method::GET,
            format!("/oauth/callback?error=access_denied&state={state}"),
            Body::None,
            303,
            "",
        ),
        call(
            "mcp tools of a pending tool",
            Method::GET,
            format!("/v1/flow/tools/{p}/mcp/tools"),
            Body::None,
            409,
            "not active",
        ),
    ];
    let mut wrong = Vec::new();
    // A fresh connection per case: after refusing the huge body unread (413) the server
    // closes its connection, and a pooled client would send the next case into it.
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    for case in cases {
        let mut req = http.request(case.method.clone(), app.url(&case.path));
        req = match case.body {
            Body::None => req,
            Body::Json(v) => req.json(&v),
            Body::Raw(kind, bytes) => req.header("content-type", kind).body(bytes),
        };
        let res = req.send().await.unwrap_or_else(|e| panic!("{}: {e}", case.what));
        let status = res.status().as_u16();
        let to = res.headers().get("location").map(|l| l.to_str().unwrap().to_string()).unwrap_or_default();
        let text = res.text().await.unwrap();
        let field = serde_json::from_str::<Value>(&text).ok().and_then(|b| b["field"].as_str().map(str::to_string));
        let fine = status == case.status
            && if status == 303 {
                to.contains(&format!("tool={p}")) && to.contains("error=Access+was+not+granted")
            } else {
                text.contains(case.words) && case.field.is_none_or(|f| field.as_deref() == Some(f))
            };
        if !fine {
            wrong.push(format!("{}: {status} {text} {to}", case.what));
        }
    }
    assert!(wrong.is_empty(), "unexpected answers:\n{}", wrong.join("\n"));
    assert_eq!(app.get("/healthz").await.status(), 200, "the gateway is still up");
    assert_eq!(app.all_tools().await, before, "no stored tool changed");
    // The refused provider error left the pending link usable.
    let back = app.authorize(auth_url.as_str()).await;
    assert_eq!(back.status(), 303);
    assert_eq!(app.tool(&p).await["status"], "Active");
    // And its state is single use: replaying the same callback changes nothing.
    let replay = app.authorize(auth_url.as_str()).await;
    assert_eq!(replay.status(), 400, "a replayed state finds nothing");
}
