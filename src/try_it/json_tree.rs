//! JSON shown as a tree a person can fold: each object and array a `<details>`, leaves as
//! JSON text. Bounded in depth and breadth, since a server decides how big it is.

use leptos::prelude::*;
use serde_json::Value;

/// Levels below this are shown as one line of JSON.
const MAX_DEPTH: usize = 24;
/// Entries of one object or array shown before "N more".
const MAX_ENTRIES: usize = 500;
/// Levels below this start folded.
const OPEN_DEPTH: usize = 3;

/// `value` as a foldable tree.
#[component]
pub fn JsonTree(
    /// What to show.
    value: Value,
) -> impl IntoView {
    view! { <div class="json-tree">{node(None, &value, 0)}</div> }
}

fn node(key: Option<String>, v: &Value, depth: usize) -> AnyView {
    let key_view = key.map(|k| view! { <span class="json-key">{k}</span>": " });
    let (open, close, entries): (&str, &str, Vec<(String, &Value)>) = match v {
        Value::Object(m) if !m.is_empty() && depth < MAX_DEPTH => {
            ("{", "}", m.iter().map(|(k, v)| (serde_json::to_string(k).unwrap_or_default(), v)).collect())
        }
        Value::Array(a) if !a.is_empty() && depth < MAX_DEPTH => {
            ("[", "]", a.iter().enumerate().map(|(i, v)| (i.to_string(), v)).collect())
        }
        _ => {
            return view! { <div class="json-leaf">{key_view}<span class="json-value">{v.to_string()}</span></div> }
                .into_any();
        }
    };
    let count = entries.len();
    let summary = match (open, count) {
        ("{", 1) => "1 key".to_string(),
        ("{", n) => format!("{n} keys"),
        (_, 1) => "1 item".to_string(),
        (_, n) => format!("{n} items"),
    };
    let children: Vec<AnyView> =
        entries.into_iter().take(MAX_ENTRIES).map(|(k, v)| node(Some(k), v, depth + 1)).collect();
    view! {
        <details class="json-node" open=depth < OPEN_DEPTH>
            <summary>{key_view}{open}" "<span class="muted">{summary}</span>" "{close}</summary>
            <div class="json-children">
                {children}
                {(count > MAX_ENTRIES).then(|| view! { <div class="muted">{format!("… {} more not shown", count - MAX_ENTRIES)}</div> })}
            </div>
        </details>
    }
    .into_any()
}
