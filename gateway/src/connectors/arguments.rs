//! Arguments for a tool, checked against its `inputSchema` (JSON Schema) before anything
//! is sent: every problem at its field (`arguments.<path>`), in words a person reads. A
//! schema the checker cannot compile (a server may send anything) is left to the server.

use jsonschema::error::{TypeKind, ValidationErrorKind};
use patchbay_wire::Problem;
use serde_json::{Map, Value};

/// At most this many problems are named; a wildly wrong call needs no more.
const AT_MOST: usize = 20;

pub fn check(schema: &Value, arguments: &Map<String, Value>) -> Vec<Problem> {
    let validator = match jsonschema::validator_for(schema) {
        Ok(v) => v,
        Err(e) => {
            tracing::debug!(error = %e, "a tool's input schema does not compile; the server checks the arguments");
            return Vec::new();
        }
    };
    let instance = Value::Object(arguments.clone());
    validator.iter_errors(&instance).take(AT_MOST).map(|e| problem(e.instance_path().as_str(), e.kind(), &e)).collect()
}

fn problem(pointer: &str, kind: &ValidationErrorKind, e: &dyn std::fmt::Display) -> Problem {
    let mut field = field_of(pointer);
    let shown = field.strip_prefix("arguments.").unwrap_or("the arguments").to_string();
    let detail = match kind {
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            field = if field == "arguments" { format!("arguments.{name}") } else { format!("{field}.{name}") };
            format!("Fill in {name}; it is required.")
        }
        ValidationErrorKind::Type { kind: TypeKind::Single(t) } => format!("{shown} must be {}.", a(&t.to_string())),
        ValidationErrorKind::Minimum { limit } => format!("{shown} must be at least {limit}."),
        ValidationErrorKind::Maximum { limit } => format!("{shown} must be at most {limit}."),
        ValidationErrorKind::MinLength { limit } => format!("{shown} needs at least {limit} characters."),
        ValidationErrorKind::MaxLength { limit } => format!("{shown} takes at most {limit} characters."),
        ValidationErrorKind::Enum { options } => format!("{shown} must be one of {options}."),
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            format!("This tool does not take {}; leave it out.", unexpected.join(", "))
        }
        _ => format!("{shown}: {e}."),
    };
    Problem::new(field, detail)
}

/// `/items/0/name` -> `arguments.items.0.name`.
fn field_of(pointer: &str) -> String {
    let mut field = String::from("arguments");
    for part in pointer.split('/').skip(1) {
        field.push('.');
        field.push_str(&part.replace("~1", "/").replace("~0", "~"));
    }
    field
}

fn a(noun: &str) -> String {
    let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    format!("{article} {noun}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_problem_is_named_at_its_field() {
        let schema = json!({"type": "object", "required": ["name", "count"], "properties": {
            "name": {"type": "string"}, "count": {"type": "integer", "minimum": 1},
            "items": {"type": "array", "items": {"type": "string"}}}});
        let args = json!({"count": 0, "items": ["a", 2]});
        let problems = check(&schema, args.as_object().unwrap());
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert!(fields.contains(&"arguments.name"), "{problems:?}");
        assert!(fields.contains(&"arguments.count"), "{problems:?}");
        assert!(fields.contains(&"arguments.items.1"), "{problems:?}");
        let required = problems.iter().find(|p| p.field == "arguments.name").unwrap();
        assert_eq!(required.detail, "Fill in name; it is required.");
        let count = problems.iter().find(|p| p.field == "arguments.count").unwrap();
        assert_eq!(count.detail, "count must be at least 1.");
    }

    #[test]
    fn good_arguments_and_broken_schemas_pass() {
        let schema = json!({"type": "object", "properties": {"q": {"type": "string"}}});
        assert!(check(&schema, json!({"q": "x"}).as_object().unwrap()).is_empty());
        assert!(check(&json!({"type": 12}), &Map::new()).is_empty());
    }
}
