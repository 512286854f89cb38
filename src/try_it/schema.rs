//! A tool's `inputSchema` (JSON Schema, as its server sent it) read into form fields: one
//! control per property where a person can fill one in, a JSON editor for the rest. Pure,
//! and bounded (depth, field count, `$ref` hops), since a server may send anything.

use serde_json::{Map, Value};

/// Deeper objects become JSON editors: a form nested further helps nobody.
const MAX_DEPTH: usize = 4;
/// More fields than this and the whole arguments object is one JSON editor.
const MAX_FIELDS: usize = 150;
/// An `enum` longer than this is typed, not picked.
const MAX_OPTIONS: usize = 300;
/// `$ref` hops followed for one property (cycles stop here).
const MAX_HOPS: usize = 8;
/// Names and descriptions that say a string holds prose or code, not a word.
const LONG_TEXT: [&str; 12] = [
    "body",
    "content",
    "text",
    "message",
    "description",
    "prompt",
    "markdown",
    "code",
    "notes",
    "comment",
    "html",
    "sql",
];

/// One input of the form, named as the gateway names it in its problems.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Unique within the form (for element ids, which a property name cannot be).
    pub id: usize,
    /// `arguments.<name>`, `arguments.<group>.<name>`: the gateway's `problems[].field`.
    pub path: String,
    /// The property's own name, as the server wants it.
    pub name: String,
    /// The schema's `title`, when it has one.
    pub title: Option<String>,
    pub description: Option<String>,
    pub required: bool,
    pub control: Control,
}

/// How a field is filled in.
#[derive(Debug, Clone, PartialEq)]
pub enum Control {
    /// `input` is the HTML input type (`text`, `email`, `url`, `date`).
    Text { input: &'static str, multiline: bool, hint: Option<&'static str>, default: String },
    /// `min` and `max` as the schema wrote them (JSON text, so no float printing).
    Number { integer: bool, min: Option<String>, max: Option<String>, default: String },
    /// A required boolean, or one with a default: a checkbox.
    Check { default: bool },
    /// One of `options` (label, value sent); `None` leaves it out.
    Choice { options: Vec<(String, Value)>, default: Option<usize> },
    /// A list of scalars; each row is filled with `item` (a `Text`, `Number` or `Choice`).
    List { item: Box<Control>, default: Vec<Value> },
    /// A nested object: its own fields, shown as a fieldset.
    Group { fields: Vec<Field> },
    /// Anything else: JSON typed by hand, checked before it is sent.
    Json { default: String },
}

/// The form for `schema`. A schema without `properties` that still takes arguments gets one
/// JSON editor for the whole object; `"properties": {}` means the tool takes none.
pub fn read(schema: &Value) -> Vec<Field> {
    let mut reader = Reader { root: schema, next_id: 0 };
    let top = reader.resolve(schema);
    let fields = match top.get("properties").and_then(Value::as_object) {
        Some(props) => reader.properties(props, top, "arguments", 0),
        None => None,
    };
    match fields {
        Some(f) if reader.next_id <= MAX_FIELDS => f,
        // Too big, or no properties listed: the object typed as JSON.
        _ if top.get("properties").is_some_and(|p| p.as_object().is_some_and(Map::is_empty)) => Vec::new(),
        _ => vec![Field {
            id: 0,
            path: "arguments".into(),
            name: "arguments".into(),
            title: Some("Arguments (a JSON object)".into()),
            description: top.get("description").and_then(Value::as_str).map(str::to_string),
            required: false,
            control: Control::Json { default: String::new() },
        }],
    }
}

struct Reader<'a> {
    root: &'a Value,
    next_id: usize,
}

impl<'a> Reader<'a> {
    /// Follows local `$ref`s (`#/$defs/X`, `#/definitions/X`), a few hops at most.
    fn resolve(&self, mut node: &'a Value) -> &'a Value {
        for _ in 0..MAX_HOPS {
            let Some(target) = node.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) else {
                break;
            };
            match self.root.pointer(target) {
                Some(next) => node = next,
                None => break,
            }
        }
        node
    }

    /// Fields for an object's properties, required first, each group by name (the SPA's
    /// serde_json sorts keys, so the server's order is not known). `None` once over budget.
    fn properties(
        &mut self,
        props: &'a Map<String, Value>,
        object: &Value,
        path: &str,
        depth: usize,
    ) -> Option<Vec<Field>> {
        let required: Vec<&str> = object
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let (first, rest): (Vec<_>, Vec<_>) = props.iter().partition(|(name, _)| required.contains(&name.as_str()));
        let mut fields = Vec::with_capacity(props.len());
        for (name, schema) in first.into_iter().chain(rest) {
            if self.next_id >= MAX_FIELDS {
                return None;
            }
            fields.push(self.field(name, schema, required.contains(&name.as_str()), path, depth)?);
        }
        Some(fields)
    }

    fn field(&mut self, name: &str, schema: &'a Value, required: bool, parent: &str, depth: usize) -> Option<Field> {
        let id = self.next_id;
        self.next_id += 1;
        let node = self.resolve(schema);
        let node = without_null(self, node);
        let text = |k: &str| schema.get(k).or_else(|| node.get(k)).and_then(Value::as_str).map(str::to_string);
        let (title, description) = (text("title"), text("description"));
        let default = schema.get("default").or_else(|| node.get("default")).filter(|d| !d.is_null());
        let path = format!("{parent}.{name}");
        let control = match self.control(node, default, required, &path, depth)? {
            // A multi-line hint may come from the name as well as from the schema.
            Control::Text { input: "text", multiline: false, hint: None, default } if long_text(name, &description) => {
                Control::Text { input: "text", multiline: true, hint: None, default }
            }
            c => c,
        };
        Some(Field { id, path, name: name.into(), title, description, required, control })
    }

    fn control(
        &mut self,
        node: &'a Value,
        default: Option<&Value>,
        required: bool,
        path: &str,
        depth: usize,
    ) -> Option<Control> {
        if let Some(options) = choices(node) {
            let default = default.and_then(|d| options.iter().position(|(_, v)| v == d));
            return Some(Control::Choice { options, default });
        }
        let json = |d: Option<&Value>| Control::Json { default: d.map(pretty).unwrap_or_default() };
        Some(match single_type(node) {
            Some("string") => text_control(node, default),
            Some(t @ ("number" | "integer")) => Control::Number {
                integer: t == "integer",
                min: node.get("minimum").filter(|v| v.is_number()).map(Value::to_string),
                max: node.get("maximum").filter(|v| v.is_number()).map(Value::to_string),
                default: default.filter(|d| d.is_number()).map(Value::to_string).unwrap_or_default(),
            },
            Some("boolean") => match default.and_then(Value::as_bool) {
                Some(d) => Control::Check { default: d },
                None if required => Control::Check { default: false },
                None => Control::Choice {
                    options: vec![("Yes (true)".into(), Value::Bool(true)), ("No (false)".into(), Value::Bool(false))],
                    default: None,
                },
            },
            Some("array") => {
                let items = node.get("items").map(|i| self.resolve(i));
                match items.and_then(|i| self.item_control(i)) {
                    Some(item) => Control::List {
                        item: Box::new(item),
                        default: default.and_then(Value::as_array).cloned().unwrap_or_default(),
                    },
                    None => json(default),
                }
            }
            Some("object") | None if node.get("properties").is_some_and(Value::is_object) && depth < MAX_DEPTH => {
                let props = node.get("properties").and_then(Value::as_object)?;
                Control::Group { fields: self.properties(props, node, path, depth + 1)? }
            }
            _ => json(default),
        })
    }

    /// A list row's control: scalars only; `None` sends the whole list to a JSON editor.
    fn item_control(&mut self, item: &'a Value) -> Option<Control> {
        let item = without_null(self, item);
        if let Some(options) = choices(item) {
            return Some(Control::Choice { options, default: None });
        }
        match single_type(item)? {
            "string" => Some(text_control(item, None)),
            t @ ("number" | "integer") => {
                Some(Control::Number { integer: t == "integer", min: None, max: None, default: String::new() })
            }
            "boolean" => Some(Control::Choice {
                options: vec![("true".into(), Value::Bool(true)), ("false".into(), Value::Bool(false))],
                default: None,
            }),
            _ => None,
        }
    }
}

/// `anyOf: [X, {"type": "null"}]` (how pydantic writes `Optional[X]`) read as X: an empty
/// field is left out anyway.
fn without_null<'a>(reader: &Reader<'a>, node: &'a Value) -> &'a Value {
    let Some(branches) = node.get("anyOf").or_else(|| node.get("oneOf")).and_then(Value::as_array) else { return node };
    let mut kept = branches.iter().filter(|b| b.get("type").and_then(Value::as_str) != Some("null"));
    match (kept.next(), kept.next(), branches.len()) {
        (Some(only), None, 2) => reader.resolve(only),
        _ => node,
    }
}

/// The one non-null `type`, as `"string"` or `["string", "null"]` spell it.
fn single_type(node: &Value) -> Option<&str> {
    match node.get("type")? {
        Value::String(t) => Some(t),
        Value::Array(ts) => {
            let mut kept = ts.iter().filter_map(Value::as_str).filter(|t| *t != "null");
            let first = kept.next()?;
            kept.next().is_none().then_some(first)
        }
        _ => None,
    }
}

/// `enum`, `const`, or `oneOf`/`anyOf` of `const`s (with their titles) as select options.
fn choices(node: &Value) -> Option<Vec<(String, Value)>> {
    if let Some(values) = node.get("enum").and_then(Value::as_array) {
        return (!values.is_empty() && values.len() <= MAX_OPTIONS)
            .then(|| values.iter().map(|v| (label_of(v), v.clone())).collect());
    }
    if let Some(v) = node.get("const") {
        return Some(vec![(label_of(v), v.clone())]);
    }
    let branches = node.get("oneOf").or_else(|| node.get("anyOf")).and_then(Value::as_array)?;
    if branches.is_empty() || branches.len() > MAX_OPTIONS {
        return None;
    }
    branches
        .iter()
        .map(|b| {
            let v = b.get("const")?;
            let label = b.get("title").and_then(Value::as_str).map_or_else(|| label_of(v), str::to_string);
            Some((label, v.clone()))
        })
        .collect()
}

/// A value as a person reads it: strings without their quotes.
pub fn label_of(v: &Value) -> String {
    v.as_str().map_or_else(|| v.to_string(), str::to_string)
}

fn text_control(node: &Value, default: Option<&Value>) -> Control {
    let format = node.get("format").and_then(Value::as_str).unwrap_or_default();
    let (input, hint) = match format {
        "email" | "idn-email" => ("email", None),
        "uri" | "url" | "iri" | "uri-reference" => ("url", None),
        "date" => ("date", None),
        "date-time" => ("text", Some("A date and time, like 2026-05-01T09:30:00Z.")),
        "time" => ("text", Some("A time, like 09:30:00Z.")),
        "uuid" => ("text", Some("A UUID, like 123e4567-e89b-12d3-a456-426614174000.")),
        "ipv4" => ("text", Some("An IPv4 address, like 192.0.2.1.")),
        "ipv6" => ("text", Some("An IPv6 address, like 2001:db8::1.")),
        "hostname" | "idn-hostname" => ("text", Some("A host name, like example.com.")),
        _ => ("text", None),
    };
    let default = default.and_then(Value::as_str).unwrap_or_default().to_string();
    let long = node.get("maxLength").and_then(Value::as_u64).is_some_and(|n| n >= 200)
        || node.get("contentMediaType").is_some()
        || default.contains('\n');
    Control::Text { input, multiline: input == "text" && hint.is_none() && long, hint, default }
}

/// Whether a plain string field is for prose or code, by its name or description.
fn long_text(name: &str, description: &Option<String>) -> bool {
    let name = name.to_ascii_lowercase();
    LONG_TEXT.iter().any(|w| name == *w || name.ends_with(&format!("_{w}")))
        || description.as_deref().is_some_and(|d| d.contains("multi-line") || d.contains("multiline"))
}

/// JSON as a person reads it, indented.
pub fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn only(schema: Value) -> Field {
        let mut fields = read(&json!({"type": "object", "properties": {"x": schema}, "required": ["x"]}));
        assert_eq!(fields.len(), 1);
        fields.remove(0)
    }

    #[test]
    fn the_example_servers_tools_become_fields_required_first() {
        // `greet` and `start-notification-stream` of the npm SDK's example server, as zod sends them.
        let greet =
            read(&json!({"type": "object", "properties": {"name": {"type": "string", "description": "Name to greet"}},
            "required": ["name"], "$schema": "http://json-schema.org/draft-07/schema#"}));
        assert_eq!(greet[0].path, "arguments.name");
        assert!(greet[0].required);
        assert_eq!(greet[0].description.as_deref(), Some("Name to greet"));
        assert!(matches!(greet[0].control, Control::Text { input: "text", multiline: false, .. }));

        let stream = read(&json!({"type": "object", "properties": {
            "interval": {"type": "number", "default": 100, "description": "Interval in milliseconds"},
            "count": {"type": "number", "default": 50}}}));
        let names: Vec<_> = stream.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["count", "interval"]);
        assert_eq!(stream[1].control, Control::Number { integer: false, min: None, max: None, default: "100".into() });
        assert!(!stream[1].required);
        assert_ne!(stream[0].id, stream[1].id);
    }

    #[test]
    fn numbers_keep_their_bounds_as_written() {
        let f = only(json!({"type": "integer", "minimum": 1, "maximum": 10.5}));
        assert_eq!(
            f.control,
            Control::Number { integer: true, min: Some("1".into()), max: Some("10.5".into()), default: String::new() }
        );
    }

    #[test]
    fn strings_get_input_types_hints_and_lines_by_format_and_length() {
        assert!(matches!(
            only(json!({"type": "string", "format": "email"})).control,
            Control::Text { input: "email", .. }
        ));
        assert!(matches!(only(json!({"type": "string", "format": "uri"})).control, Control::Text { input: "url", .. }));
        assert!(matches!(
            only(json!({"type": "string", "format": "date"})).control,
            Control::Text { input: "date", .. }
        ));
        let Control::Text { hint, .. } = only(json!({"type": "string", "format": "date-time"})).control else {
            panic!()
        };
        assert!(hint.unwrap().contains("2026-05-01T09:30:00Z"));
        assert!(matches!(
            only(json!({"type": "string", "maxLength": 5000})).control,
            Control::Text { multiline: true, .. }
        ));
        assert!(matches!(
            only(json!({"type": "string", "maxLength": 40})).control,
            Control::Text { multiline: false, .. }
        ));
        let body = read(
            &json!({"properties": {"body": {"type": "string"}, "email_body": {"type": "string"}, "name": {"type": "string"}}}),
        );
        let multi: Vec<_> = body.iter().map(|f| matches!(f.control, Control::Text { multiline: true, .. })).collect();
        assert_eq!(multi, [true, true, false]);
    }

    #[test]
    fn enums_consts_and_titled_one_ofs_are_selects_with_their_default() {
        let f = only(json!({"enum": ["contact", "preferences", "feedback"], "default": "feedback"}));
        let Control::Choice { options, default } = f.control else { panic!() };
        assert_eq!(options.iter().map(|o| o.0.as_str()).collect::<Vec<_>>(), ["contact", "preferences", "feedback"]);
        assert_eq!(default, Some(2));
        let f = only(json!({"oneOf": [{"const": 1, "title": "Low"}, {"const": 2, "title": "High"}]}));
        let Control::Choice { options, .. } = f.control else { panic!() };
        assert_eq!(options, [("Low".to_string(), json!(1)), ("High".to_string(), json!(2))]);
        assert!(matches!(only(json!({"enum": []})).control, Control::Json { .. }));
    }

    #[test]
    fn booleans_are_checkboxes_unless_leaving_them_out_means_something() {
        assert_eq!(only(json!({"type": "boolean"})).control, Control::Check { default: false });
        let optional =
            read(&json!({"properties": {"b": {"type": "boolean"}, "d": {"type": "boolean", "default": true}}}));
        assert!(matches!(optional[0].control, Control::Choice { default: None, .. }));
        assert_eq!(optional[1].control, Control::Check { default: true });
    }

    #[test]
    fn lists_of_scalars_are_lists_and_lists_of_objects_are_json() {
        let f = only(json!({"type": "array", "items": {"type": "string"}, "default": ["a", "b"]}));
        let Control::List { item, default } = f.control else { panic!() };
        assert!(matches!(*item, Control::Text { .. }));
        assert_eq!(default, [json!("a"), json!("b")]);
        let f = only(json!({"type": "array", "items": {"enum": ["x", "y"]}}));
        assert!(matches!(f.control, Control::List { ref item, .. } if matches!(**item, Control::Choice { .. })));
        let f = only(json!({"type": "array", "items": {"type": "object"}, "default": [{"a": 1}]}));
        assert_eq!(f.control, Control::Json { default: "[\n  {\n    \"a\": 1\n  }\n]".into() });
    }

    #[test]
    fn nested_objects_are_groups_with_paths_down_to_each_field() {
        let fields = read(&json!({"properties": {"address": {"type": "object", "required": ["city"],
            "properties": {"city": {"type": "string"}, "zip": {"type": "string"}}}}}));
        let Control::Group { fields: inner } = &fields[0].control else { panic!() };
        assert_eq!(
            inner.iter().map(|f| (f.path.as_str(), f.required)).collect::<Vec<_>>(),
            [("arguments.address.city", true), ("arguments.address.zip", false)]
        );
    }

    #[test]
    fn pydantic_optionals_and_refs_are_read_through() {
        let schema = json!({"type": "object", "$defs": {"Mode": {"enum": ["fast", "slow"], "type": "string"}},
            "properties": {
                "limit": {"anyOf": [{"type": "integer"}, {"type": "null"}], "default": null, "title": "Limit"},
                "mode": {"$ref": "#/$defs/Mode"},
                "tag": {"type": ["string", "null"]}}});
        let fields = read(&schema);
        assert!(matches!(fields[0].control, Control::Number { integer: true, ref default, .. } if default.is_empty()));
        assert_eq!(fields[0].title.as_deref(), Some("Limit"));
        assert!(matches!(fields[1].control, Control::Choice { .. }));
        assert!(matches!(fields[2].control, Control::Text { .. }));
    }

    #[test]
    fn hostile_schemas_stay_bounded() {
        // A reference to itself, forever: followed a few hops, then a JSON editor.
        let looped = json!({"$defs": {"A": {"$ref": "#/$defs/A"}}, "properties": {"a": {"$ref": "#/$defs/A"}}});
        assert!(matches!(read(&looped)[0].control, Control::Json { .. }));
        // Deeper than a person can fill in: the deepest levels are JSON.
        let mut deep = json!({"type": "string"});
        for _ in 0..10 {
            deep = json!({"type": "object", "properties": {"n": deep}});
        }
        let mut field = &read(&json!({"properties": {"n": deep}}))[0];
        let mut depth = 0;
        while let Control::Group { fields } = &field.control {
            field = &fields[0];
            depth += 1;
        }
        assert_eq!(depth, MAX_DEPTH);
        assert!(matches!(field.control, Control::Json { .. }));
        // Thousands of properties: the whole object as JSON.
        let props: Map<String, Value> = (0..2000).map(|i| (format!("p{i}"), json!({"type": "string"}))).collect();
        let many = read(&json!({"properties": props}));
        assert_eq!(many.len(), 1);
        assert_eq!(many[0].path, "arguments");
    }

    #[test]
    fn no_properties_means_json_and_empty_properties_means_no_arguments() {
        assert!(read(&json!({"type": "object", "properties": {}})).is_empty());
        let open = read(&json!({"type": "object"}));
        assert_eq!(open.len(), 1);
        assert!(matches!(open[0].control, Control::Json { .. }));
        assert_eq!(read(&Value::Null).len(), 1);
    }
}
