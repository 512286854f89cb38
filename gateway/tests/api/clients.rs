//! Real MCP clients for tests: the npm SDK's and the Python SDK's, each a child process
//! driven in JSON lines (`tests/clients/README.md` has the protocol).
// A helper library for several test binaries; no single one uses every method.
#![allow(dead_code)]

use serde_json::{Value, json};
use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex as StdMutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, ChildStdin, Command};
use tokio::sync::{Mutex, mpsc, oneshot};

/// How long connecting or one request may take before the test is told so.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// Which SDK's client drives the session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sdk {
    /// npm `@modelcontextprotocol/sdk` 1.x: the `initialize` handshake, with a session.
    Node,
    /// PyPI `mcp` 2.x in its default `auto` mode: stateless 2026-07-28 when the server
    /// speaks it, otherwise the handshake.
    Python,
    /// PyPI `mcp` 2.x forced to the handshake (`--mode legacy`).
    PythonLegacy,
}

impl fmt::Display for Sdk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Sdk::Node => "node",
            Sdk::Python => "python",
            Sdk::PythonLegacy => "python (legacy mode)",
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// What the driver's `error` event said: the connection was refused or a request failed.
    #[error("{sdk} client: {message} (HTTP status {status:?}, JSON-RPC code {code:?})")]
    Server { sdk: Sdk, status: Option<u16>, code: Option<i64>, message: String, www_authenticate: Option<String> },
    #[error("{sdk} client: no answer to {what} within {after:?}; its stderr: {stderr}")]
    Timeout { sdk: Sdk, what: String, after: Duration, stderr: String },
    #[error("{sdk} client exited or closed its stdout; its stderr: {stderr}")]
    Gone { sdk: Sdk, stderr: String },
    #[error("{sdk} client: {0}", sdk = .1)]
    Io(std::io::Error, Sdk),
}

impl ClientError {
    /// The HTTP status of a refusal or failed request, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            ClientError::Server { status, .. } => *status,
            _ => None,
        }
    }
}

/// One real MCP client session, open until `close` (or killed when dropped).
pub struct McpClient {
    pub sdk: Sdk,
    /// The driver's `connected` event: `serverInfo`, `instructions`, `capabilities`, `protocolVersion`.
    pub connected: Value,
    child: Child,
    stdin: Mutex<ChildStdin>,
    next_id: AtomicU64,
    pending: Pending,
    /// Unsolicited events (notifications, transport errors) in arrival order, and
    /// those already read past by `wait_notification` but not taken.
    events: Mutex<(mpsc::UnboundedReceiver<Value>, Vec<Value>)>,
    stderr: Arc<StdMutex<String>>,
}

type Pending = Arc<StdMutex<Option<HashMap<u64, oneshot::Sender<Value>>>>>;

fn clients_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/clients")
}

impl McpClient {
    pub async fn node(url: &str, token: Option<&str>) -> Result<McpClient, ClientError> {
        Self::connect(Sdk::Node, url, token).await
    }

    pub async fn python(url: &str, token: Option<&str>) -> Result<McpClient, ClientError> {
        Self::connect(Sdk::Python, url, token).await
    }

    /// Spawns the driver and waits for its `connected` (or `error`) line.
    pub async fn connect(sdk: Sdk, url: &str, token: Option<&str>) -> Result<McpClient, ClientError> {
        let mut cmd = match sdk {
            Sdk::Node => {
                let mut c = Command::new("node");
                c.arg(clients_dir().join("node_client.mjs"));
                c
            }
            Sdk::Python | Sdk::PythonLegacy => {
                let mut c = Command::new("python3");
                c.arg(clients_dir().join("python_client.py"));
                c.arg(if sdk == Sdk::Python { "--mode=auto" } else { "--mode=legacy" });
                c
            }
        };
        // The token goes by environment, not argv, so it never shows in a process list.
        cmd.arg(url).env("MCP_TOKEN", token.unwrap_or(""));
        cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).kill_on_drop(true);
        let mut child = cmd.spawn().map_err(|e| ClientError::Io(e, sdk))?;

        let stderr = Arc::new(StdMutex::new(String::new()));
        tokio::spawn(collect_stderr(child.stderr.take().expect("piped stderr"), stderr.clone()));
        let mut lines = BufReader::new(child.stdout.take().expect("piped stdout")).lines();
        let first = tokio::time::timeout(REQUEST_TIMEOUT, lines.next_line()).await;
        let gone = || ClientError::Gone { sdk, stderr: stderr.lock().unwrap().clone() };
        let connected = match first {
            Err(_) => {
                let stderr = stderr.lock().unwrap().clone();
                return Err(ClientError::Timeout { sdk, what: "connect".into(), after: REQUEST_TIMEOUT, stderr });
            }
            Ok(Err(_)) | Ok(Ok(None)) => return Err(gone()),
            Ok(Ok(Some(line))) => serde_json::from_str::<Value>(&line).map_err(|_| gone())?,
        };
        if connected["event"] != "connected" {
            let _ = child.wait().await;
            return Err(server_error(sdk, &connected));
        }

        let pending: Pending = Arc::new(StdMutex::new(Some(HashMap::new())));
        let (events_tx, events_rx) = mpsc::unbounded_channel();
        tokio::spawn(route_stdout(lines, pending.clone(), events_tx));
        Ok(McpClient {
            sdk,
            connected,
            stdin: Mutex::new(child.stdin.take().expect("piped stdin")),
            child,
            next_id: AtomicU64::new(1),
            pending,
            events: Mutex::new((events_rx, Vec::new())),
            stderr,
        })
    }

    pub fn protocol_version(&self) -> &str {
        self.connected["protocolVersion"].as_str().unwrap_or_default()
    }

    pub fn server_name(&self) -> &str {
        self.connected["serverInfo"]["name"].as_str().unwrap_or_default()
    }

    pub fn instructions(&self) -> Option<&str> {
        self.connected["instructions"].as_str()
    }

    /// `tools/list`, every page.
    pub async fn list_tools(&self) -> Result<Vec<Value>, ClientError> {
        let answer = self.request(json!({"op": "list"}), "tools/list").await?;
        Ok(answer["tools"].as_array().cloned().unwrap_or_default())
    }

    /// `tools/call`: the `CallToolResult` as received (an `isError` result is `Ok`).
    pub async fn call(&self, name: &str, arguments: Value) -> Result<Value, ClientError> {
        let command = json!({"op": "call", "name": name, "arguments": arguments});
        let answer = self.request(command, &format!("tools/call {name}")).await?;
        Ok(answer["result"].clone())
    }

    /// `tools/call`, cancelled by the client (`notifications/cancelled`) after `after`:
    /// the error the client reports for it. Node's driver only.
    pub async fn call_cancelled_after(&self, name: &str, arguments: Value, after: Duration) -> ClientError {
        let ms = after.as_millis() as u64;
        let command = json!({"op": "call", "name": name, "arguments": arguments, "cancelAfterMs": ms});
        match self.request(command, &format!("tools/call {name}, cancelled")).await {
            Ok(answer) => panic!("{} answered a cancelled call: {answer}", self.sdk),
            Err(e) => e,
        }
    }

    /// The first notification with this `method` not yet taken, waiting up to `timeout`.
    pub async fn wait_notification(&self, method: &str, timeout: Duration) -> Result<Value, ClientError> {
        let matches = |e: &Value| e["event"] == "notification" && e["method"] == method;
        let mut events = self.events.lock().await;
        let (rx, backlog) = &mut *events;
        if let Some(at) = backlog.iter().position(matches) {
            return Ok(backlog.remove(at));
        }
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            match tokio::time::timeout_at(deadline, rx.recv()).await {
                Ok(Some(event)) if matches(&event) => return Ok(event),
                Ok(Some(other)) => backlog.push(other),
                Ok(None) => return Err(self.gone()),
                Err(_) => {
                    let what = format!("a {method} notification (other events: {backlog:?})");
                    return Err(ClientError::Timeout { sdk: self.sdk, what, after: timeout, stderr: self.stderr() });
                }
            }
        }
    }

    /// Every unsolicited event received so far and not yet taken (notifications,
    /// `transport_error`, `warning`), for tests that assert something did not arrive.
    pub async fn events(&self) -> Vec<Value> {
        let mut events = self.events.lock().await;
        let (rx, backlog) = &mut *events;
        while let Ok(event) = rx.try_recv() {
            backlog.push(event);
        }
        backlog.clone()
    }

    /// Ends the session (DELETE where there is one) and waits for the driver to exit 0.
    pub async fn close(mut self) -> Result<(), ClientError> {
        self.send(&json!({"op": "close"})).await?;
        drop(self.stdin);
        match tokio::time::timeout(REQUEST_TIMEOUT, self.child.wait()).await {
            Ok(Ok(status)) if status.success() => Ok(()),
            Ok(Ok(status)) => Err(ClientError::Gone {
                sdk: self.sdk,
                stderr: format!("exit {status}; {}", self.stderr.lock().unwrap()),
            }),
            Ok(Err(e)) => Err(ClientError::Io(e, self.sdk)),
            Err(_) => {
                let stderr = self.stderr.lock().unwrap().clone();
                Err(ClientError::Timeout { sdk: self.sdk, what: "close".into(), after: REQUEST_TIMEOUT, stderr })
            }
        }
    }

    async fn request(&self, mut command: Value, what: &str) -> Result<Value, ClientError> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        command["id"] = json!(id);
        let (tx, rx) = oneshot::channel();
        match self.pending.lock().unwrap().as_mut() {
            Some(pending) => pending.insert(id, tx),
            None => return Err(self.gone()),
        };
        self.send(&command).await?;
        let answer = match tokio::time::timeout(REQUEST_TIMEOUT, rx).await {
            Ok(Ok(answer)) => answer,
            Ok(Err(_)) => return Err(self.gone()),
            Err(_) => {
                let (sdk, after, stderr) = (self.sdk, REQUEST_TIMEOUT, self.stderr());
                return Err(ClientError::Timeout { sdk, what: what.into(), after, stderr });
            }
        };
        if answer["event"] == "error" {
            return Err(server_error(self.sdk, &answer));
        }
        Ok(answer)
    }

    async fn send(&self, command: &Value) -> Result<(), ClientError> {
        let mut line = command.to_string();
        line.push('\n');
        let mut stdin = self.stdin.lock().await;
        stdin.write_all(line.as_bytes()).await.map_err(|_| self.gone())?;
        stdin.flush().await.map_err(|_| self.gone())
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    fn gone(&self) -> ClientError {
        ClientError::Gone { sdk: self.sdk, stderr: self.stderr() }
    }
}

fn server_error(sdk: Sdk, event: &Value) -> ClientError {
    ClientError::Server {
        sdk,
        status: event["status"].as_u64().and_then(|s| u16::try_from(s).ok()),
        code: event["code"].as_i64(),
        message: event["message"].as_str().unwrap_or("the driver gave no message").to_string(),
        www_authenticate: event["wwwAuthenticate"].as_str().map(str::to_string),
    }
}

/// Answers go to the request waiting on their `id`; everything else (notifications
/// included) is an unsolicited event.
async fn route_stdout(
    mut lines: tokio::io::Lines<BufReader<tokio::process::ChildStdout>>,
    pending: Pending,
    events: mpsc::UnboundedSender<Value>,
) {
    while let Ok(Some(line)) = lines.next_line().await {
        let event = serde_json::from_str::<Value>(&line).unwrap_or_else(|_| json!({"event": "stdout", "line": line}));
        // A notification is never the answer, even when it carries its request's `id`
        // (Node's driver tags a call's progress so).
        let answer = event["event"] != "notification";
        let waiter =
            event["id"].as_u64().filter(|_| answer).and_then(|id| pending.lock().unwrap().as_mut()?.remove(&id));
        match waiter {
            Some(tx) => drop(tx.send(event)),
            None => drop(events.send(event)),
        }
    }
    // The driver is gone: every waiting request learns it now, not at its timeout.
    pending.lock().unwrap().take();
}

/// Keeps the driver's stderr (the last 16 KB) for error messages.
async fn collect_stderr(mut stderr: tokio::process::ChildStderr, into: Arc<StdMutex<String>>) {
    let mut buf = [0u8; 4096];
    while let Ok(n) = stderr.read(&mut buf).await {
        if n == 0 {
            break;
        }
        let mut kept = into.lock().unwrap();
        kept.push_str(&String::from_utf8_lossy(&buf[..n]));
        if kept.len() > 16 * 1024 {
            let cut = kept.len() - 16 * 1024;
            let cut = (cut..kept.len()).find(|&i| kept.is_char_boundary(i)).unwrap_or(0);
            kept.drain(..cut);
        }
    }
}
