//! Words for times, sign-in modes and parameters. Pure where it can be, so it is tested natively.

use patchbay_wire::{AuthMode, CallOutcome, ToolAnnotations, Transport};

/// "42 min left", "50 s left", or "time is up" for the authorization window.
pub fn time_left(remaining_ms: f64) -> String {
    // Whole numbers: formatting floats would pull float printing into the bundle.
    let secs = (remaining_ms / 1000.0).ceil() as i64;
    if secs <= 0 {
        "time is up".into()
    } else if secs < 60 {
        format!("{secs} s left")
    } else {
        format!("{} min left", (secs + 59) / 60)
    }
}

/// Milliseconds since the epoch for an RFC 3339 time (the browser parses it).
pub fn parse_time(rfc3339: &str) -> Option<f64> {
    let ms = js_sys::Date::parse(rfc3339);
    (!ms.is_nan()).then_some(ms)
}

/// A gateway time in the person's own locale and time zone.
pub fn local_time(rfc3339: &str) -> String {
    match parse_time(rfc3339) {
        Some(ms) => js_sys::Date::new(&ms.into()).to_locale_string("default", &js_sys::Object::new()).into(),
        None => rfc3339.to_string(),
    }
}

/// How long a call took: "85 ms", "1.2 s" (whole numbers: no float printing).
pub fn duration_words(ms: u64) -> String {
    if ms < 1000 { format!("{ms} ms") } else { format!("{}.{} s", ms / 1000, ms % 1000 / 100) }
}

/// MCP's hints about a tool in plain words (only those the server gave).
pub fn hint_words(a: &ToolAnnotations) -> Vec<&'static str> {
    let mut words = Vec::new();
    match a.read_only_hint {
        Some(true) => words.push("Read-only: changes nothing"),
        Some(false) => words.push("Makes changes"),
        None => {}
    }
    if a.read_only_hint != Some(true) {
        match a.destructive_hint {
            Some(true) => words.push("Destructive: may delete or overwrite data"),
            Some(false) => words.push("Not destructive: only adds"),
            None => {}
        }
    }
    if a.idempotent_hint == Some(true) {
        words.push("Idempotent: repeating a call changes nothing more");
    }
    match a.open_world_hint {
        Some(true) => words.push("Open world: reaches outside systems"),
        Some(false) => words.push("Closed world: works within its own data"),
        None => {}
    }
    words
}

/// A call's outcome in a word or two.
pub fn outcome_label(o: CallOutcome) -> &'static str {
    match o {
        CallOutcome::Ok => "OK",
        CallOutcome::ToolError => "Tool error",
        CallOutcome::UpstreamFailure => "Not reached",
        CallOutcome::Refused => "Refused",
    }
}

pub fn auth_mode_label(mode: Option<AuthMode>) -> &'static str {
    match mode {
        Some(AuthMode::OauthDynamic) => "OAuth, automatic registration",
        Some(AuthMode::OauthClient) => "OAuth, your client ID and secret",
        Some(AuthMode::None) => "No sign-in",
        None => "Not reported by the gateway",
    }
}

pub fn transport_label(t: Transport) -> &'static str {
    match t {
        Transport::StreamableHttp => "Streamable HTTP",
        Transport::Sse => "Server-sent events (SSE)",
    }
}

/// One input parameter of a server tool, read from its JSON Schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    pub name: String,
    pub kind: String,
    pub required: bool,
    pub description: Option<String>,
}

/// The top-level properties of an `inputSchema`, required ones first, each group by name
/// (serde_json keeps object keys sorted).
pub fn params(schema: &serde_json::Value) -> Vec<Param> {
    let required: Vec<&str> =
        schema["required"].as_array().map(|r| r.iter().filter_map(|v| v.as_str()).collect()).unwrap_or_default();
    let Some(props) = schema["properties"].as_object() else { return Vec::new() };
    let param = |(name, p): (&String, &serde_json::Value)| Param {
        name: name.clone(),
        kind: kind_of(p),
        required: required.contains(&name.as_str()),
        description: p["description"].as_str().map(str::to_string),
    };
    // Required first, each group in the schema's (alphabetical) order; two passes, no sort.
    let (mut out, rest): (Vec<Param>, Vec<Param>) = props.iter().map(param).partition(|p| p.required);
    out.extend(rest);
    out
}

fn kind_of(p: &serde_json::Value) -> String {
    match (&p["type"], p["enum"].as_array()) {
        (_, Some(options)) => {
            let words: Vec<&str> = options.iter().filter_map(|o| o.as_str()).collect();
            format!("one of {}", words.join(", "))
        }
        (serde_json::Value::String(t), _) if t == "array" => match p["items"]["type"].as_str() {
            Some(item) => format!("list of {item}"),
            None => "list".into(),
        },
        (serde_json::Value::String(t), _) => t.clone(),
        (serde_json::Value::Array(ts), _) => ts.iter().filter_map(|t| t.as_str()).collect::<Vec<_>>().join(" or "),
        _ => "any".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn time_left_counts_minutes_then_seconds() {
        assert_eq!(time_left(3_600_000.0), "60 min left");
        assert_eq!(time_left(61_000.0), "2 min left");
        assert_eq!(time_left(59_000.0), "59 s left");
        assert_eq!(time_left(59_500.0), "1 min left");
        assert_eq!(time_left(1_200.0), "2 s left");
        assert_eq!(time_left(0.0), "time is up");
        assert_eq!(time_left(-5.0), "time is up");
    }

    #[test]
    fn hints_are_said_in_words_and_only_those_given() {
        let a = ToolAnnotations { read_only_hint: Some(true), open_world_hint: Some(false), ..Default::default() };
        assert_eq!(hint_words(&a), ["Read-only: changes nothing", "Closed world: works within its own data"]);
        let d = ToolAnnotations { destructive_hint: Some(true), idempotent_hint: Some(true), ..Default::default() };
        assert_eq!(
            hint_words(&d),
            ["Destructive: may delete or overwrite data", "Idempotent: repeating a call changes nothing more"]
        );
        // A read-only tool's destructive hint means nothing (MCP says so).
        let r = ToolAnnotations { read_only_hint: Some(true), destructive_hint: Some(true), ..Default::default() };
        assert_eq!(hint_words(&r), ["Read-only: changes nothing"]);
        assert!(hint_words(&ToolAnnotations::default()).is_empty());
    }

    #[test]
    fn durations_read_in_milliseconds_then_seconds() {
        assert_eq!(duration_words(85), "85 ms");
        assert_eq!(duration_words(1234), "1.2 s");
        assert_eq!(duration_words(60_000), "60.0 s");
    }

    #[test]
    fn params_lists_required_first_with_readable_types() {
        let schema = json!({
            "type": "object",
            "properties": {
                "verbose": {"type": "boolean"},
                "name": {"type": "string", "description": "Who to greet"},
                "tags": {"type": "array", "items": {"type": "string"}},
                "mood": {"enum": ["calm", "busy"]}
            },
            "required": ["name"]
        });
        let p = params(&schema);
        assert_eq!(
            p[0],
            Param {
                name: "name".into(),
                kind: "string".into(),
                required: true,
                description: Some("Who to greet".into())
            }
        );
        let kinds: Vec<_> = p.iter().map(|p| (p.name.as_str(), p.kind.as_str())).collect();
        assert_eq!(kinds[1..], [("mood", "one of calm, busy"), ("tags", "list of string"), ("verbose", "boolean")]);
    }

    #[test]
    fn params_of_a_schema_without_properties_is_empty() {
        assert!(params(&json!({"type": "object"})).is_empty());
        assert!(params(&serde_json::Value::Null).is_empty());
    }
}
