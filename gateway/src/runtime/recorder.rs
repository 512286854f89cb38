//! The call log's writer: callers hand over a call and go on at once; one background task
//! stores calls in batches (one transaction each, with the tools' counters and the tokens'
//! last use), so a burst of calls costs a few transactions instead of one each.

use crate::clock;
use crate::db::{self, Db};
use crate::error::Result;
use patchbay_wire::CallOutcome;
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};

/// Calls waiting for the writer; beyond this a call is dropped (and counted), never waited for.
const CAPACITY: usize = 16_384;
/// The most calls one transaction stores.
const BATCH: usize = 100;
/// How long the writer gathers more calls after the first one before writing.
const LINGER: Duration = Duration::from_millis(100);
/// Pauses before writing a failed batch again (then it is given up and logged).
const RETRIES: [Duration; 2] = [Duration::from_millis(200), Duration::from_secs(1)];
/// Longest stored upstream tool name and message: both may come from a remote server.
const UPSTREAM_TOOL_MAX: usize = 200;
const MESSAGE_MAX: usize = 1000;

/// One call through the gateway, as its caller knows it when it ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// When it started (`clock::now_ms()`).
    pub at_ms: i64,
    /// The agent whose endpoint forwarded it; `None` when a person tried the tool.
    pub agent_id: Option<String>,
    pub agent_name: Option<String>,
    /// The connector (`v1/flow/tools` id) and its name now.
    pub tool_id: String,
    pub tool_name: String,
    /// The tool's own name on its MCP server.
    pub upstream_tool: String,
    pub duration_ms: u64,
    pub outcome: CallOutcome,
    /// For anything but `ok`: the sentence that says what happened.
    pub message: Option<String>,
}

/// Token id -> its latest use (ms) since the last batch: one write per token per batch.
type PendingTokens = Arc<Mutex<HashMap<String, i64>>>;

enum Msg {
    Call(Call),
    /// A token was used while none were pending: the writer should look soon.
    Wake,
    /// Answered once everything sent before it is written.
    Flush(oneshot::Sender<()>),
}

/// Hands calls and token uses to the background writer. Cheap to clone.
#[derive(Clone)]
pub struct Recorder {
    tx: mpsc::Sender<Msg>,
    tokens: PendingTokens,
    dropped: Arc<AtomicU64>,
}

impl Recorder {
    /// Starts the writer on the current tokio runtime; it ends when every clone is dropped.
    pub fn start(db: Db) -> Self {
        let (tx, rx) = mpsc::channel(CAPACITY);
        let tokens = Arc::new(Mutex::new(HashMap::new()));
        tokio::spawn(write_loop(db, rx, tokens.clone()));
        Self { tx, tokens, dropped: Arc::default() }
    }

    /// Records a call. Never waits and never fails: when the writer is far behind, the
    /// call is dropped, counted and logged, and the caller goes on.
    pub fn record(&self, call: Call) {
        if self.tx.try_send(Msg::Call(call)).is_err() {
            let n = self.dropped.fetch_add(1, Ordering::Relaxed) + 1;
            if n == 1 || n.is_multiple_of(1000) {
                tracing::warn!(dropped = n, "the call log cannot keep up; calls are not being recorded");
            }
        }
    }

    /// Notes that an access token opened a request now (its `last_used_at`).
    pub fn token_used(&self, token_id: &str) {
        let now = clock::now_ms();
        let first = {
            let mut pending = self.tokens.lock().expect("the token map is never poisoned");
            let first = pending.is_empty();
            match pending.get_mut(token_id) {
                Some(at) => *at = (*at).max(now),
                None => {
                    pending.insert(token_id.to_string(), now);
                }
            }
            first
        };
        // A full channel means the writer is busy and will collect the token anyway.
        if first {
            let _ = self.tx.try_send(Msg::Wake);
        }
    }

    /// Waits until every call and token use handed over before this is written.
    pub async fn flush(&self) {
        let (ack, done) = oneshot::channel();
        if self.tx.send(Msg::Flush(ack)).await.is_ok() {
            let _ = done.await;
        }
    }

    /// Calls dropped so far because the writer could not keep up.
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }
}

async fn write_loop(db: Db, mut rx: mpsc::Receiver<Msg>, tokens: PendingTokens) {
    let mut msgs = Vec::with_capacity(BATCH);
    let mut calls = Vec::with_capacity(BATCH);
    let mut acks = Vec::new();
    while rx.recv_many(&mut msgs, BATCH).await > 0 {
        let deadline = tokio::time::Instant::now() + LINGER;
        loop {
            for m in msgs.drain(..) {
                match m {
                    Msg::Call(c) => calls.push(c),
                    Msg::Wake => {}
                    Msg::Flush(ack) => acks.push(ack),
                }
            }
            if calls.len() >= BATCH || !acks.is_empty() {
                break;
            }
            tokio::select! {
                n = rx.recv_many(&mut msgs, BATCH - calls.len()) => if n == 0 { break },
                () = tokio::time::sleep_until(deadline) => break,
            }
        }
        let used = std::mem::take(&mut *tokens.lock().expect("the token map is never poisoned"));
        write_with_retries(&db, &calls, used).await;
        calls.clear();
        acks.drain(..).for_each(|ack| {
            let _ = ack.send(());
        });
    }
}

async fn write_with_retries(db: &Db, calls: &[Call], tokens: HashMap<String, i64>) {
    if calls.is_empty() && tokens.is_empty() {
        return;
    }
    let rows: Vec<_> = calls.iter().map(to_row).collect();
    let uses = tool_uses(calls);
    let mut tokens: Vec<_> = tokens.into_iter().map(|(id, ms)| (id, clock::rfc3339(ms.div_euclid(1000)))).collect();
    // The same order everywhere, so two instances writing at once never deadlock.
    tokens.sort();
    let mut pauses = RETRIES.iter();
    loop {
        match write_batch(db, &rows, &uses, &tokens).await {
            Ok(()) => return,
            Err(e) => match pauses.next() {
                Some(pause) => {
                    tracing::debug!(error = %e, "writing the call log failed; trying again");
                    tokio::time::sleep(*pause).await;
                }
                None => {
                    tracing::error!(error = %e, calls = rows.len(), tokens = tokens.len(), "the call log lost a batch");
                    return;
                }
            },
        }
    }
}

async fn write_batch(
    db: &Db,
    rows: &[db::calls::NewCall],
    uses: &[db::calls::ToolUse],
    tokens: &[(String, String)],
) -> Result<()> {
    let mut tx = db.begin_write().await?;
    db::calls::insert(&mut tx, rows).await?;
    for u in uses {
        db::calls::count_on_tool(&mut tx, u).await?;
    }
    for (id, at) in tokens {
        db::agent_tokens::touch(&mut tx, id, at).await?;
    }
    tx.commit().await?;
    Ok(())
}

fn clip(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

fn to_row(c: &Call) -> db::calls::NewCall {
    db::calls::NewCall {
        id: db::agents::new_id(),
        at: clock::rfc3339_ms(c.at_ms),
        at_ms: c.at_ms,
        agent_id: c.agent_id.clone(),
        agent_name: c.agent_name.clone(),
        tool_id: c.tool_id.clone(),
        tool_name: c.tool_name.clone(),
        upstream_tool: clip(&c.upstream_tool, UPSTREAM_TOOL_MAX),
        duration_ms: i64::try_from(c.duration_ms).unwrap_or(i64::MAX),
        outcome: c.outcome,
        message: c.message.as_deref().map(|m| clip(m, MESSAGE_MAX)),
    }
}

/// What the calls leave on each tool, in the order they were handed over: a success
/// restarts the failure streak, a tool error or upstream failure adds one, a refusal
/// (nothing was sent) leaves it. Sorted by tool id (see the token order above).
fn tool_uses(calls: &[Call]) -> Vec<db::calls::ToolUse> {
    let mut by_tool: BTreeMap<&str, (i64, bool, i64)> = BTreeMap::new();
    for c in calls {
        let (last, reset, failures) = by_tool.entry(&c.tool_id).or_insert((c.at_ms, false, 0));
        *last = (*last).max(c.at_ms);
        match c.outcome {
            CallOutcome::Ok => (*reset, *failures) = (true, 0),
            CallOutcome::ToolError | CallOutcome::UpstreamFailure => *failures += 1,
            CallOutcome::Refused => {}
        }
    }
    by_tool
        .into_iter()
        .map(|(id, (last, reset, failures))| db::calls::ToolUse {
            tool_id: id.to_string(),
            last_used_at: clock::rfc3339(last.div_euclid(1000)),
            reset,
            failures,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(tool: &str, at_ms: i64, outcome: CallOutcome) -> Call {
        Call {
            at_ms,
            agent_id: None,
            agent_name: None,
            tool_id: tool.into(),
            tool_name: "T".into(),
            upstream_tool: "greet".into(),
            duration_ms: 1,
            outcome,
            message: None,
        }
    }

    #[test]
    fn a_success_restarts_the_streak_and_refusals_leave_it() {
        use CallOutcome::*;
        let uses = tool_uses(&[
            call("b", 3_000, UpstreamFailure),
            call("a", 1_000, ToolError),
            call("a", 5_000, Ok),
            call("a", 2_000, UpstreamFailure),
            call("a", 4_000, Refused),
            call("b", 9_000, Refused),
        ]);
        let a = &uses[0];
        assert_eq!((a.tool_id.as_str(), a.reset, a.failures), ("a", true, 1));
        assert_eq!(a.last_used_at, "1970-01-01T00:00:05Z", "the latest start, not the last handed over");
        let b = &uses[1];
        assert_eq!((b.tool_id.as_str(), b.reset, b.failures), ("b", false, 1));
    }

    #[test]
    fn remote_text_is_clipped() {
        let mut c = call("a", 0, CallOutcome::UpstreamFailure);
        c.upstream_tool = "x".repeat(5000);
        c.message = Some("é".repeat(5000));
        let row = to_row(&c);
        assert_eq!(row.upstream_tool.chars().count(), UPSTREAM_TOOL_MAX);
        assert_eq!(row.message.unwrap().chars().count(), MESSAGE_MAX);
    }
}
