//! A server's tool list, checked before it is stored, shown or served again: a remote
//! server may send anything, so sizes are capped, names must be usable, and links
//! (icons) must be http(s). Stored as MCP's own JSON, so agents serve it unchanged.

use patchbay_wire::{McpServerTool, ToolAnnotations};
use serde_json::{Map, Value};

/// More tools than any model can choose among; the rest are dropped.
pub const MAX_TOOLS: usize = 1000;
/// MCP's limit for a tool name.
pub const MAX_NAME: usize = 128;
const MAX_TITLE: usize = 200;
const MAX_DESCRIPTION: usize = 10_000;
/// An input or output schema larger than this is not one a person or model could use.
const MAX_SCHEMA_BYTES: usize = 64 * 1024;

/// Keeps the tools a client can safely be shown and offered, each trimmed to the
/// fields MCP defines; drops the rest with a log line.
pub fn check(tools: Vec<Value>) -> Vec<Value> {
    let mut kept = Vec::new();
    for tool in tools.into_iter().take(MAX_TOOLS) {
        match check_one(tool) {
            Ok(t) => kept.push(t),
            Err(why) => tracing::warn!(%why, "dropped a tool the server listed"),
        }
    }
    kept
}

fn check_one(tool: Value) -> Result<Value, String> {
    let Value::Object(mut t) = tool else { return Err("not an object".into()) };
    let name = t.get("name").and_then(Value::as_str).unwrap_or_default().to_string();
    if name.is_empty() || name.chars().count() > MAX_NAME || name.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(format!("unusable name {:?}", name.chars().take(40).collect::<String>()));
    }
    let mut out = Map::new();
    out.insert("name".into(), Value::String(name.clone()));
    for (field, max) in [("title", MAX_TITLE), ("description", MAX_DESCRIPTION)] {
        if let Some(text) = t.get(field).and_then(Value::as_str) {
            out.insert(field.into(), Value::String(clip(text, max)));
        }
    }
    let schema = match t.remove("inputSchema") {
        Some(s @ Value::Object(_)) if size(&s) <= MAX_SCHEMA_BYTES => s,
        Some(_) => return Err(format!("{name}: input schema is not an object or is too large")),
        None => serde_json::json!({"type": "object"}),
    };
    out.insert("inputSchema".into(), schema);
    if let Some(s @ Value::Object(_)) = t.remove("outputSchema")
        && size(&s) <= MAX_SCHEMA_BYTES
    {
        out.insert("outputSchema".into(), s);
    }
    if let Some(Value::Object(a)) = t.remove("annotations") {
        let parsed: ToolAnnotations = serde_json::from_value(Value::Object(a)).unwrap_or_default();
        let parsed = ToolAnnotations { title: parsed.title.map(|s| clip(&s, MAX_TITLE)), ..parsed };
        out.insert("annotations".into(), serde_json::to_value(parsed).expect("annotations serialize"));
    }
    if let Some(Value::Array(icons)) = t.remove("icons") {
        let safe: Vec<Value> = icons.into_iter().filter(safe_icon).take(8).collect();
        if !safe.is_empty() {
            out.insert("icons".into(), Value::Array(safe));
        }
    }
    if let Some(meta @ Value::Object(_)) = t.remove("_meta")
        && size(&meta) <= 4096
    {
        out.insert("_meta".into(), meta);
    }
    Ok(Value::Object(out))
}

/// An icon whose `src` is an https URL or a small image data URI, nothing else.
fn safe_icon(icon: &Value) -> bool {
    let Some(src) = icon.get("src").and_then(Value::as_str) else { return false };
    let lower = src.trim_start().to_ascii_lowercase();
    (lower.starts_with("https://") && src.len() <= 2048) || (lower.starts_with("data:image/") && src.len() <= 64 * 1024)
}

fn size(v: &Value) -> usize {
    serde_json::to_string(v).map(|s| s.len()).unwrap_or(usize::MAX)
}

fn clip(text: &str, max: usize) -> String {
    text.chars().filter(|c| !c.is_control() || matches!(c, '\n' | '\t')).take(max).collect()
}

/// The REST view of stored tools (`GET v1/flow/tools/{id}/mcp/tools`). Also reads the
/// shape stored before this module existed (`input_schema`).
pub fn to_server_tools(stored: &[Value]) -> Vec<McpServerTool> {
    stored
        .iter()
        .filter_map(|t| {
            Some(McpServerTool {
                name: t.get("name")?.as_str()?.to_string(),
                title: t.get("title").and_then(Value::as_str).map(str::to_string),
                description: t.get("description").and_then(Value::as_str).map(str::to_string),
                input_schema: t.get("inputSchema").or_else(|| t.get("input_schema")).cloned().unwrap_or(Value::Null),
                output_schema: t.get("outputSchema").cloned(),
                annotations: t.get("annotations").and_then(|a| serde_json::from_value(a.clone()).ok()),
            })
        })
        .collect()
}

/// Parses a stored list; `None` when the column holds something else.
pub fn parse(stored: &str) -> Option<Vec<Value>> {
    serde_json::from_str(stored).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn hostile_tool_lists_are_trimmed_to_what_is_safe() {
        let listed = vec![
            json!({"name": "ok", "description": "d\u{7}x", "inputSchema": {"type": "object"},
                   "icons": [{"src": "javascript:alert(1)"}, {"src": "https://x.example/i.png"}], "extra": 1}),
            json!({"name": "", "inputSchema": {}}),
            json!({"name": "bad name", "inputSchema": {}}),
            json!({"name": "big", "inputSchema": {"type": "object", "description": "x".repeat(70_000)}}),
            json!("not an object"),
        ];
        let kept = check(listed);
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0]["description"], "dx");
        assert_eq!(kept[0]["icons"], json!([{"src": "https://x.example/i.png"}]));
        assert!(kept[0].get("extra").is_none());
    }

    #[test]
    fn the_rest_view_reads_both_stored_shapes() {
        let old = vec![json!({"name": "a", "input_schema": {"type": "object"}})];
        assert_eq!(to_server_tools(&old)[0].input_schema, json!({"type": "object"}));
        let new = check(vec![json!({"name": "b", "title": "B", "inputSchema": {"type": "object"},
            "annotations": {"readOnlyHint": true}})]);
        let view = to_server_tools(&new);
        assert_eq!(view[0].title.as_deref(), Some("B"));
        assert_eq!(view[0].annotations.as_ref().and_then(|a| a.read_only_hint), Some(true));
    }
}
