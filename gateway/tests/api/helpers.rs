//! Spawns the gateway in-process on a random loopback port with a fresh data dir,
//! and the real MCP example servers from npm's `@modelcontextprotocol/sdk`.

use patchbay_gateway::{Config, app, state::AppState};
use serde_json::Value;
use std::path::PathBuf;
use std::time::Duration;

pub struct TestApp {
    pub base: String,
    pub http: reqwest::Client,
    pub config: Config,
    /// The running gateway's state, for tests that call its internals (token refresh).
    pub state: AppState,
    /// The server and background loops; aborted to "stop" this gateway.
    tasks: Vec<tokio::task::JoinHandle<()>>,
    /// Held so the data dir lives as long as the test.
    pub _data_dir: std::sync::Arc<tempfile::TempDir>,
}

impl Drop for TestApp {
    /// "Stops" the gateway as a dead process would: its tasks end and its leader lock
    /// goes (MCP session workers it spawned may linger, holding its state).
    fn drop(&mut self) {
        self.tasks.iter().for_each(|t| t.abort());
        self.state.leadership.resign();
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Whether this run of the suite is on PostgreSQL (`PATCHBAY_TEST_DB=postgres`, with the
/// cluster `scripts/with-postgres` starts); SQLite otherwise. `scripts/test` runs both.
pub fn on_postgres() -> bool {
    std::env::var("PATCHBAY_TEST_DB").as_deref() == Ok("postgres")
}

/// A fresh, empty database for one test: `None` means the SQLite file in the data dir.
pub async fn fresh_database() -> Option<String> {
    if !on_postgres() {
        return None;
    }
    use sqlx::{Connection, Executor};
    let admin = std::env::var("PATCHBAY_TEST_POSTGRES")
        .expect("PATCHBAY_TEST_DB=postgres needs PATCHBAY_TEST_POSTGRES; run under scripts/with-postgres");
    sqlx::any::install_default_drivers();
    let name = format!("t_{}", uuid::Uuid::new_v4().simple());
    let mut conn = sqlx::AnyConnection::connect(&admin).await.expect("connect to the test cluster");
    conn.execute(format!("CREATE DATABASE {name}").as_str()).await.expect("create a test database");
    let mut url = url::Url::parse(&admin).expect("a URL");
    url.set_path(&format!("/{name}"));
    Some(url.to_string())
}

/// A gateway whose config the test adjusts first (window, health interval, keys...).
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
    let data_dir = tempfile::tempdir().expect("temp dir");
    let mut config = Config::for_tests(data_dir.path().to_path_buf());
    config.database_url = fresh_database().await;
    adjust(&mut config);
    spawn_with(config, std::sync::Arc::new(data_dir)).await
}

pub async fn spawn_with(mut config: Config, data_dir: std::sync::Arc<tempfile::TempDir>) -> TestApp {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().unwrap();
    config.listen = addr;
    let state = AppState::open(config.clone()).await.expect("open state");
    let mut tasks: Vec<_> = patchbay_gateway::lifecycle::spawn(state.clone()).into_iter().collect();
    let served = state.clone();
    tasks.push(tokio::spawn(async move { axum::serve(listener, app(served)).await.unwrap() }));
    // A gateway with API keys gets the first one on every request of the test's client.
    let mut headers = reqwest::header::HeaderMap::new();
    if let Some(key) = config.api_keys.first() {
        headers.insert("authorization", key.parse().unwrap());
    }
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(headers)
        .build()
        .unwrap();
    TestApp { base: format!("http://{addr}"), http, config, state, tasks, _data_dir: data_dir }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http.get(self.url(path)).send().await.expect("request")
    }

    /// `POST v1/flow/tools` with an MCP connector body.
    pub async fn create(&self, url: &str, extra_config: Value, query: &str) -> reqwest::Response {
        let mut config = serde_json::json!({ "URL": url });
        if let (Some(c), Some(extra)) = (config.as_object_mut(), extra_config.as_object()) {
            c.extend(extra.clone());
        }
        let body = serde_json::json!({
            "type": "mcp_connector", "name": "Example", "config": config,
            "description": "Use this tool to greet people. Invoke it when the user asks for a greeting.",
        });
        self.http.post(self.url(&format!("/v1/flow/tools{query}"))).json(&body).send().await.expect("request")
    }

    pub async fn tool(&self, id: &str) -> Value {
        let res = self.get(&format!("/v1/flow/tools/{id}")).await;
        assert_eq!(res.status(), 200, "reading tool {id}");
        res.json().await.unwrap()
    }

    pub async fn all_tools(&self) -> Value {
        self.get("/v1/flow/tools").await.json().await.unwrap()
    }

    /// Follows the authorization URL as a browser would (the example providers
    /// redirect straight back) and delivers the redirect to this gateway's callback.
    pub async fn authorize(&self, authorization_url: &str) -> reqwest::Response {
        let back = self.http.get(authorization_url).send().await.expect("authorize");
        assert!(back.status().is_redirection(), "provider answered {}", back.status());
        let location = back.headers()["location"].to_str().unwrap().to_string();
        assert!(location.starts_with(&self.config.redirect_uri()), "redirected to {location}");
        // Delivered to this gateway even when the public URL names another (a restart test).
        let path = &location[self.config.public_url().len()..];
        self.http.get(self.url(path)).send().await.expect("callback")
    }
}

/// A port nothing listens on, for "the server is gone" cases: bound, then released. (Not
/// for servers: they get `bound` listeners handed down.)
pub fn unused_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A bound loopback listener: its port is ours until a child inherits it.
pub fn bound(port: u16) -> std::net::TcpListener {
    std::net::TcpListener::bind(("127.0.0.1", port)).unwrap_or_else(|e| panic!("bind 127.0.0.1:{port}: {e}"))
}

/// Runs a Node server script on listeners bound here (`fixtures/listen_on_fds.mjs`): the
/// script asks for their ports and gets the inherited sockets, so no port is released
/// between choosing it and serving on it.
fn node_on(
    script: &std::path::Path,
    args: &[&str],
    env: &[(&str, String)],
    listeners: Vec<std::net::TcpListener>,
) -> tokio::process::Child {
    use std::os::fd::AsRawFd;
    let wrapper = repo_root().join("gateway/tests/fixtures/listen_on_fds.mjs");
    let map: Vec<String> =
        listeners.iter().enumerate().map(|(i, l)| format!("{}={}", l.local_addr().unwrap().port(), 3 + i)).collect();
    let raw: Vec<i32> = listeners.iter().map(|l| l.as_raw_fd()).collect();
    let mut cmd = tokio::process::Command::new("node");
    cmd.arg(&wrapper).arg(script).args(args).env("PATCHBAY_LISTEN_FDS", map.join(","));
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null()).kill_on_drop(true);
    // SAFETY: only async-signal-safe fcntl/dup2 between fork and exec. Each socket is first
    // copied above every target (one may already sit on descriptor 3 or 4), then onto its
    // target; the copies lose close-on-exec, so the child inherits them as 3, 4, ...
    unsafe {
        cmd.pre_exec(move || {
            let mut high = Vec::with_capacity(raw.len());
            for fd in &raw {
                let copy = libc::fcntl(*fd, libc::F_DUPFD_CLOEXEC, 64);
                if copy < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                high.push(copy);
            }
            for (i, fd) in high.iter().enumerate() {
                if libc::dup2(*fd, 3 + i as i32) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
            }
            Ok(())
        });
    }
    let child = cmd.spawn().expect("spawn node");
    drop(listeners); // the child holds them now
    child
}

/// The npm SDK's `simpleStreamableHttp` example, killed when dropped.
pub struct McpExample {
    pub port: u16,
    pub auth_port: u16,
    _child: tokio::process::Child,
}

impl McpExample {
    /// Its MCP endpoint, by the name its OAuth metadata uses (`localhost`).
    pub fn url(&self) -> String {
        format!("http://localhost:{}/mcp", self.port)
    }

    pub fn auth_base(&self) -> String {
        format!("http://localhost:{}", self.auth_port)
    }
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// Starts the example (with `--oauth` for its DCR + PKCE auth server) and waits until it listens.
pub async fn mcp_example(oauth: bool) -> McpExample {
    mcp_example_at(oauth, 0, 0).await
}

/// The example on given ports (0: any), e.g. a server restarted where it was before.
pub async fn mcp_example_at(oauth: bool, port: u16, auth_port: u16) -> McpExample {
    let script =
        repo_root().join("e2e/node_modules/@modelcontextprotocol/sdk/dist/esm/examples/server/simpleStreamableHttp.js");
    assert!(script.is_file(), "missing {}; run `npm ci` in e2e/", script.display());
    let (main, auth) = (bound(port), bound(auth_port));
    let (port, auth_port) = (main.local_addr().unwrap().port(), auth.local_addr().unwrap().port());
    let env = [("MCP_PORT", port.to_string()), ("MCP_AUTH_PORT", auth_port.to_string())];
    let args: &[&str] = if oauth { &["--oauth"] } else { &[] };
    let child = node_on(&script, args, &env, vec![main, auth]);
    // The sockets already listen; a first request waits in the backlog until Node accepts.
    wait_for_answer(&format!("http://127.0.0.1:{port}/mcp")).await;
    McpExample { port, auth_port, _child: child }
}

/// `tests/fixtures/legacy_sse_server.mjs`: the SDK's legacy HTTP+SSE transport only.
pub async fn legacy_sse_example() -> McpExample {
    let script = repo_root().join("gateway/tests/fixtures/legacy_sse_server.mjs");
    let listener = bound(0);
    let port = listener.local_addr().unwrap().port();
    let child = node_on(&script, &[], &[("PORT", port.to_string())], vec![listener]);
    McpExample { port, auth_port: 0, _child: child }
}

/// `tests/fixtures/changing_tools_server.mjs`: progress, cancellation, a changing tool list.
pub async fn changing_tools_example() -> McpExample {
    let script = repo_root().join("gateway/tests/fixtures/changing_tools_server.mjs");
    let listener = bound(0);
    let port = listener.local_addr().unwrap().port();
    let child = node_on(&script, &[], &[("PORT", port.to_string())], vec![listener]);
    wait_for_answer(&format!("http://127.0.0.1:{port}/mcp")).await;
    McpExample { port, auth_port: 0, _child: child }
}

/// Waits until the server answers HTTP at all (any status). Generous: on two busy cores
/// with the whole suite starting Node servers at once, one may take many seconds.
pub async fn wait_for_answer(url: &str) {
    patchbay_gateway::tls::install();
    let http = reqwest::Client::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    while tokio::time::Instant::now() < deadline {
        if http.get(url).timeout(Duration::from_secs(10)).send().await.is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("nothing answered at {url} within 60s");
}

/// Polls until `check` holds, for states the background loops reach.
pub async fn eventually<F, Fut>(what: &str, seconds: u64, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..seconds * 10 {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{what}: not reached within {seconds}s");
}

/// A reverse proxy in front of several gateway instances, as a load balancer would be:
/// requests go round-robin, and one whose instance refuses the connection (it died)
/// goes to the next. Streams (SSE) pass through as they come.
pub struct Proxy {
    pub base: String,
    _task: tokio::task::JoinHandle<()>,
}

pub async fn round_robin(backends: Vec<String>) -> Proxy {
    use axum::body::Body;
    use axum::extract::Request;
    use axum::response::{IntoResponse, Response};
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = std::sync::Arc::new(AtomicUsize::new(0));
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let backends = std::sync::Arc::new(backends);
    let handler = move |req: Request| {
        let (next, http, backends) = (next.clone(), http.clone(), backends.clone());
        async move {
            let (parts, body) = req.into_parts();
            let bytes = axum::body::to_bytes(body, 16 * 1024 * 1024).await.unwrap_or_default();
            let path = parts.uri.path_and_query().map(|p| p.as_str().to_string()).unwrap_or_default();
            let first = next.fetch_add(1, Ordering::Relaxed);
            for k in 0..backends.len() {
                let backend = &backends[(first + k) % backends.len()];
                let mut out = http.request(parts.method.clone(), format!("{backend}{path}")).body(bytes.clone());
                for (name, value) in parts.headers.iter().filter(|(n, _)| *n != "host") {
                    out = out.header(name, value);
                }
                match out.send().await {
                    Ok(res) => {
                        let mut answer = Response::builder().status(res.status().as_u16());
                        for (name, value) in res.headers() {
                            answer = answer.header(name.as_str(), value.as_bytes());
                        }
                        return answer.body(Body::from_stream(res.bytes_stream())).unwrap();
                    }
                    Err(e) if e.is_connect() => continue,
                    Err(e) => return (axum::http::StatusCode::BAD_GATEWAY, e.to_string()).into_response(),
                }
            }
            (axum::http::StatusCode::BAD_GATEWAY, "no instance answered").into_response()
        }
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = axum::Router::new().fallback(handler);
    let task = tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Proxy { base, _task: task }
}
