//! What a person typed into the form, turned into the `arguments` object, and problems
//! (ours or the gateway's) placed at the control that can show them. Pure.

use super::schema::{Control, Field, label_of};
use serde_json::{Map, Value};

/// A field's value as typed, shaped like its control.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    Text(String),
    Flag(bool),
    /// The chosen option's position; `None` leaves the field out.
    Pick(Option<usize>),
    /// A list's rows, each a `Text` or a `Pick`.
    Rows(Vec<Entry>),
    /// A group's fields, in the group's order.
    Group(Vec<Entry>),
}

/// A problem with one input: the control's path and a sentence.
pub type Problem = (String, String);

/// The entry a control starts with: its default, or empty.
pub fn initial(control: &Control) -> Entry {
    match control {
        Control::Text { default, .. } | Control::Number { default, .. } | Control::Json { default } => {
            Entry::Text(default.clone())
        }
        Control::Check { default } => Entry::Flag(*default),
        Control::Choice { default, .. } => Entry::Pick(*default),
        Control::List { item, default } => Entry::Rows(default.iter().map(|v| row_from(item, v)).collect()),
        Control::Group { fields } => Entry::Group(fields.iter().map(|f| initial(&f.control)).collect()),
    }
}

/// A list row holding `v` (a default the schema gave).
fn row_from(item: &Control, v: &Value) -> Entry {
    match item {
        Control::Choice { options, .. } => Entry::Pick(options.iter().position(|(_, o)| o == v)),
        _ => Entry::Text(label_of(v)),
    }
}

/// An empty row for a list of `item`s.
pub fn new_row(item: &Control) -> Entry {
    match item {
        Control::Choice { .. } => Entry::Pick(None),
        _ => Entry::Text(String::new()),
    }
}

/// The `arguments` to send, or every problem that keeps them from being sent (numbers that
/// are not numbers, JSON that is not JSON). Empty fields are left out, required or not: the
/// gateway names a missing required field at its place, with the schema's own rules.
pub fn arguments(fields: &[Field], entries: &[Entry]) -> Result<Map<String, Value>, Vec<Problem>> {
    let mut problems = Vec::new();
    // One JSON editor for the whole object: what it holds is the arguments.
    if let ([f], [Entry::Text(text)]) = (fields, entries)
        && f.path == "arguments"
    {
        return match parse_json(text, &f.path) {
            Ok(None) => Ok(Map::new()),
            Ok(Some(Value::Object(map))) => Ok(map),
            Ok(Some(_)) => Err(vec![(f.path.clone(), "Type a JSON object, like {\"name\": \"Ada\"}.".into())]),
            Err(p) => Err(vec![p]),
        };
    }
    let map = object(fields, entries, &mut problems);
    if problems.is_empty() { Ok(map) } else { Err(problems) }
}

fn object(fields: &[Field], entries: &[Entry], problems: &mut Vec<Problem>) -> Map<String, Value> {
    let mut map = Map::new();
    for (field, entry) in fields.iter().zip(entries) {
        if let Some(v) = value(&field.control, entry, &field.path, field.required, problems) {
            map.insert(field.name.clone(), v);
        }
    }
    map
}

/// One control's value; `None` leaves it out.
fn value(control: &Control, entry: &Entry, path: &str, required: bool, problems: &mut Vec<Problem>) -> Option<Value> {
    let kept = |r: Result<Option<Value>, Problem>, problems: &mut Vec<Problem>| {
        r.unwrap_or_else(|p| {
            problems.push(p);
            None
        })
    };
    match (control, entry) {
        (Control::Text { .. }, Entry::Text(t)) => (!t.is_empty()).then(|| Value::String(t.clone())),
        (Control::Number { integer, .. }, Entry::Text(t)) => kept(parse_number(t, *integer, path), problems),
        (Control::Json { .. }, Entry::Text(t)) => kept(parse_json(t, path), problems),
        (Control::Check { .. }, Entry::Flag(b)) => Some(Value::Bool(*b)),
        (Control::Choice { options, .. }, Entry::Pick(i)) => i.and_then(|i| options.get(i)).map(|(_, v)| v.clone()),
        (Control::List { item, .. }, Entry::Rows(rows)) => {
            // Every row is sent, so the gateway's `path.N` is row N.
            let values: Vec<Value> = rows
                .iter()
                .enumerate()
                .map(|(i, row)| {
                    let at = format!("{path}.{i}");
                    value(item, row, &at, true, problems).unwrap_or_else(|| {
                        if !problems.iter().any(|(p, _)| *p == at) {
                            problems.push((at, "Fill in this row or remove it.".into()));
                        }
                        Value::Null
                    })
                })
                .collect();
            (!values.is_empty()).then_some(Value::Array(values))
        }
        (Control::Group { fields }, Entry::Group(entries)) => {
            let map = object(fields, entries, problems);
            // An optional group left empty is left out; a required one is sent, so the
            // gateway names what it lacks at each inner field.
            (required || !map.is_empty()).then_some(Value::Object(map))
        }
        // The entry does not fit its control: a bug, not the person's doing.
        _ => None,
    }
}

/// A number as typed in a number input. Parsed as JSON, so what is sent is exactly what
/// was typed (no float round trip) and the bundle carries no second float parser.
fn parse_number(typed: &str, integer: bool, path: &str) -> Result<Option<Value>, Problem> {
    let t = typed.trim();
    if t.is_empty() {
        return Ok(None);
    }
    // HTML allows ".5" and "-.5"; JSON wants the zero.
    let fixed = match (t.strip_prefix('-'), t.starts_with('.')) {
        (Some(rest), _) if rest.starts_with('.') => format!("-0{rest}"),
        (_, true) => format!("0{t}"),
        _ => t.to_string(),
    };
    let n = match serde_json::from_str::<Value>(&fixed) {
        Ok(Value::Number(n)) => n,
        _ if integer => return Err((path.into(), "Enter a whole number, like 3.".into())),
        _ => return Err((path.into(), "Enter a number, like 2.5.".into())),
    };
    if integer && n.as_i64().is_none() && n.as_u64().is_none() {
        return Err((path.into(), "Enter a whole number, like 3.".into()));
    }
    Ok(Some(Value::Number(n)))
}

fn parse_json(typed: &str, path: &str) -> Result<Option<Value>, Problem> {
    if typed.trim().is_empty() {
        return Ok(None);
    }
    serde_json::from_str(typed).map(Some).map_err(|e| {
        (path.to_string(), format!("This is not valid JSON ({e}). Fix it, or empty the field to leave it out."))
    })
}

/// Where a problem at `field` (the gateway's `arguments.a.b.0`) shows: the path of the
/// deepest control that holds it (a list row, a field, a JSON editor that contains it), or
/// `None` when no control does (it is said above the form).
pub fn place(fields: &[Field], field: &str) -> Option<String> {
    for f in fields {
        let inside = field.strip_prefix(f.path.as_str()).filter(|rest| rest.is_empty() || rest.starts_with('.'));
        let Some(rest) = inside else { continue };
        return Some(match &f.control {
            Control::Group { fields } => place(fields, field).unwrap_or_else(|| f.path.clone()),
            Control::List { .. } => match rest.trim_start_matches('.').split('.').next() {
                Some(row) if !row.is_empty() && row.bytes().all(|b| b.is_ascii_digit()) => format!("{}.{row}", f.path),
                _ => f.path.clone(),
            },
            _ => f.path.clone(),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::try_it::schema::read;
    use serde_json::json;

    fn form(schema: Value) -> (Vec<Field>, Vec<Entry>) {
        let fields = read(&schema);
        let entries = fields.iter().map(|f| initial(&f.control)).collect();
        (fields, entries)
    }

    #[test]
    fn defaults_are_sent_as_typed_values_and_empty_fields_are_left_out() {
        let (fields, entries) = form(json!({"properties": {
            "interval": {"type": "number", "default": 100}, "count": {"type": "integer"},
            "name": {"type": "string"}, "loud": {"type": "boolean", "default": false}}}));
        assert_eq!(
            arguments(&fields, &entries).unwrap(),
            json!({"interval": 100, "loud": false}).as_object().unwrap().clone()
        );
    }

    #[test]
    fn a_string_and_a_number_typed_in_are_sent_with_their_types() {
        let (fields, mut entries) =
            form(json!({"properties": {"name": {"type": "string"}, "count": {"type": "number"}},
            "required": ["name"]}));
        // Required first: name, then count.
        entries[0] = Entry::Text("Ada Lovelace".into());
        entries[1] = Entry::Text("2.50".into());
        assert_eq!(Value::Object(arguments(&fields, &entries).unwrap()), json!({"count": 2.5, "name": "Ada Lovelace"}));
    }

    #[test]
    fn numbers_that_are_not_numbers_are_refused_at_their_field() {
        let (fields, mut entries) = form(json!({"properties": {"n": {"type": "integer"}, "x": {"type": "number"}}}));
        entries[0] = Entry::Text("2.5".into());
        entries[1] = Entry::Text("soon".into());
        let problems = arguments(&fields, &entries).unwrap_err();
        assert_eq!(
            problems,
            [
                ("arguments.n".to_string(), "Enter a whole number, like 3.".to_string()),
                ("arguments.x".to_string(), "Enter a number, like 2.5.".to_string()),
            ]
        );
        entries[0] = Entry::Text(" -7 ".into());
        entries[1] = Entry::Text("-.5".into());
        assert_eq!(Value::Object(arguments(&fields, &entries).unwrap()), json!({"n": -7, "x": -0.5}));
    }

    #[test]
    fn json_editors_are_checked_before_sending() {
        let (fields, mut entries) = form(json!({"properties": {"filter": {"type": "object"}}}));
        entries[0] = Entry::Text("{\"a\": }".into());
        let problems = arguments(&fields, &entries).unwrap_err();
        assert_eq!(problems[0].0, "arguments.filter");
        assert!(problems[0].1.starts_with("This is not valid JSON ("), "{}", problems[0].1);
        entries[0] = Entry::Text("{\"a\": [1, 2]}".into());
        assert_eq!(Value::Object(arguments(&fields, &entries).unwrap()), json!({"filter": {"a": [1, 2]}}));

        let (whole, _) = form(json!({"type": "object"}));
        assert_eq!(arguments(&whole, &[Entry::Text("[1]".into())]).unwrap_err()[0].0, "arguments");
        assert_eq!(Value::Object(arguments(&whole, &[Entry::Text("{\"q\": 1}".into())]).unwrap()), json!({"q": 1}));
        assert!(arguments(&whole, &[Entry::Text(String::new())]).unwrap().is_empty());
    }

    #[test]
    fn lists_send_every_row_and_name_empty_or_bad_rows() {
        let (fields, _) = form(json!({"properties": {"tags": {"type": "array", "items": {"type": "string"}},
            "sizes": {"type": "array", "items": {"type": "integer"}}, "modes": {"type": "array", "items": {"enum": ["a", "b"]}}}}));
        let entries = vec![
            Entry::Rows(vec![Entry::Pick(Some(1))]),
            Entry::Rows(vec![Entry::Text("1".into()), Entry::Text("x".into())]),
            Entry::Rows(vec![Entry::Text("red".into()), Entry::Text(String::new())]),
        ];
        let problems = arguments(&fields, &entries).unwrap_err();
        assert_eq!(
            problems.iter().map(|p| p.0.as_str()).collect::<Vec<_>>(),
            ["arguments.sizes.1", "arguments.tags.1"]
        );
        let entries = vec![
            Entry::Rows(vec![Entry::Pick(Some(1))]),
            Entry::Rows(vec![]),
            Entry::Rows(vec![Entry::Text("red".into())]),
        ];
        assert_eq!(Value::Object(arguments(&fields, &entries).unwrap()), json!({"modes": ["b"], "tags": ["red"]}));
    }

    #[test]
    fn groups_are_sent_when_filled_or_required() {
        let schema = json!({"required": ["to"], "properties": {
            "to": {"type": "object", "properties": {"city": {"type": "string"}}},
            "from": {"type": "object", "properties": {"city": {"type": "string"}}}}});
        let (fields, entries) = form(schema);
        assert_eq!(Value::Object(arguments(&fields, &entries).unwrap()), json!({"to": {}}));
        let entries =
            vec![Entry::Group(vec![Entry::Text("Oslo".into())]), Entry::Group(vec![Entry::Text("Rome".into())])];
        assert_eq!(
            Value::Object(arguments(&fields, &entries).unwrap()),
            json!({"to": {"city": "Oslo"}, "from": {"city": "Rome"}})
        );
    }

    #[test]
    fn the_gateways_problems_are_placed_at_the_deepest_control_that_holds_them() {
        let (fields, _) = form(json!({"properties": {
            "name": {"type": "string"}, "names": {"type": "string"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "to": {"type": "object", "properties": {"city": {"type": "string"}}},
            "filter": {"type": "object"}}}));
        assert_eq!(place(&fields, "arguments.name").as_deref(), Some("arguments.name"));
        assert_eq!(place(&fields, "arguments.names").as_deref(), Some("arguments.names"));
        assert_eq!(place(&fields, "arguments.tags.2").as_deref(), Some("arguments.tags.2"));
        assert_eq!(place(&fields, "arguments.tags").as_deref(), Some("arguments.tags"));
        assert_eq!(place(&fields, "arguments.to.city").as_deref(), Some("arguments.to.city"));
        assert_eq!(place(&fields, "arguments.to.country").as_deref(), Some("arguments.to"));
        assert_eq!(place(&fields, "arguments.filter.deep.0").as_deref(), Some("arguments.filter"));
        assert_eq!(place(&fields, "arguments"), None);
        assert_eq!(place(&fields, "arguments.other"), None);
    }

    #[test]
    fn list_defaults_fill_their_rows() {
        let (_, entries) =
            form(json!({"properties": {"t": {"type": "array", "items": {"type": "number"}, "default": [1, 2.5]},
            "m": {"type": "array", "items": {"enum": ["a", "b"]}, "default": ["b"]}}}));
        assert_eq!(
            entries,
            [
                Entry::Rows(vec![Entry::Pick(Some(1))]),
                Entry::Rows(vec![Entry::Text("1".into()), Entry::Text("2.5".into())])
            ]
        );
    }
}
