//! The agent rules that need no database: which tools may be linked, what an agent's
//! failed tools mean for it, how an update applies, and what a diff shows.

use crate::db::agents::AgentRecord;
use crate::error::{Error, clip};
use patchbay_wire::{Agent, ErrorBody, FieldChange, Tool, ToolStatus, UpdateAgentRequest};
use std::collections::BTreeMap;

/// Order-preserving without repeats: linking a tool twice means linking it once.
pub fn dedupe(ids: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    ids.into_iter().filter(|id| seen.insert(id.clone())).collect()
}

fn status_phrase(status: ToolStatus) -> &'static str {
    match status {
        ToolStatus::Active => "is active",
        ToolStatus::PendingAuthorization => "is waiting for sign-in",
        ToolStatus::Failed => "has failed",
        ToolStatus::Inactive => "is inactive",
        ToolStatus::Deprecated => "is deprecated",
    }
}

/// At most this many refused tools are named in one sentence; the rest are counted.
const NAMED_AT_MOST: usize = 5;

/// Only tools that exist and are `Active` now may be newly linked; ids already linked
/// stay allowed, so renaming an agent whose tool has since failed still works.
pub fn check_links(requested: &[(String, Option<Tool>)], already_linked: &[String]) -> Result<(), Error> {
    let mut refused: Vec<String> = requested
        .iter()
        .filter(|(id, _)| !already_linked.contains(id))
        .filter_map(|(id, tool)| match tool {
            None => Some(format!("no tool has the id \"{}\"", clip(id))),
            Some(t) if t.status != ToolStatus::Active => {
                Some(format!("\"{}\" {} (status {})", t.name, status_phrase(t.status), t.status))
            }
            Some(_) => None,
        })
        .collect();
    if refused.is_empty() {
        return Ok(());
    }
    if refused.len() > NAMED_AT_MOST {
        let more = refused.len() - NAMED_AT_MOST;
        refused.truncate(NAMED_AT_MOST);
        refused.push(format!("and {more} more"));
    }
    Err(Error::BadRequest(ErrorBody::for_field(
        "tool_ids",
        format!(
            "Only active tools can be linked to an agent: {}. Finish signing in, replace failed tools, \
             or leave them out, then try again.",
            refused.join("; ")
        ),
    )))
}

/// Why an agent cannot work as configured: the linked tools that are not active.
pub fn status_reason(tools: &[Tool]) -> Option<String> {
    let failed: Vec<String> =
        tools.iter().filter(|t| t.status == ToolStatus::Failed).map(|t| format!("\"{}\"", t.name)).collect();
    let waiting: Vec<String> = tools
        .iter()
        .filter(|t| !matches!(t.status, ToolStatus::Failed | ToolStatus::Active))
        .map(|t| format!("\"{}\" {}", t.name, status_phrase(t.status)))
        .collect();
    let mut parts = Vec::new();
    match failed.len() {
        0 => {}
        1 => parts.push(format!(
            "Its tool {} has failed, so the agent's calls to it fail. Replace the tool or remove it from the agent.",
            failed[0]
        )),
        _ => parts.push(format!(
            "Its tools {} have failed, so the agent's calls to them fail. Replace them or remove them from the agent.",
            failed.join(", ")
        )),
    }
    if !waiting.is_empty() {
        parts.push(format!("Not usable yet: {}.", waiting.join("; ")))
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// Applies the fields an update sets; `tool_ids` replaces the links whole.
pub fn apply(record: &mut AgentRecord, req: UpdateAgentRequest) {
    let UpdateAgentRequest {
        name,
        instructions,
        tools: _,
        tool_ids,
        model_id,
        planner_model_id,
        tool_model_id,
        output,
        reasoning_effort,
        temperature,
    } = req;
    macro_rules! set {
        ($field:ident) => {
            if let Some(v) = $field {
                record.$field = v;
            }
        };
        (opt $field:ident) => {
            if $field.is_some() {
                record.$field = $field;
            }
        };
    }
    set!(name);
    set!(instructions);
    set!(reasoning_effort);
    set!(opt model_id);
    set!(opt planner_model_id);
    set!(opt tool_model_id);
    set!(opt output);
    set!(opt temperature);
    if let Some(ids) = tool_ids {
        record.tool_ids = dedupe(ids);
    }
}

/// The fields whose answers differ, bookkeeping (timestamps, duration) aside.
pub fn diff(before: &Agent, after: &Agent) -> BTreeMap<String, FieldChange> {
    let (serde_json::Value::Object(b), serde_json::Value::Object(mut a)) =
        (serde_json::to_value(before).unwrap_or_default(), serde_json::to_value(after).unwrap_or_default())
    else {
        return BTreeMap::new();
    };
    b.into_iter()
        .filter(|(k, _)| !matches!(k.as_str(), "updated_at" | "active_duration"))
        .filter_map(|(k, bv)| {
            let av = a.remove(&k).unwrap_or_default();
            (av != bv).then_some((k, FieldChange { before: bv, after: av }))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tool(id: &str, name: &str, status: ToolStatus) -> Tool {
        Tool::sample(id, name, status)
    }

    #[test]
    fn linking_names_each_refused_tool_and_its_status() {
        let requested = vec![
            ("a".into(), Some(tool("a", "Weather", ToolStatus::Active))),
            ("p".into(), Some(tool("p", "Calendar", ToolStatus::PendingAuthorization))),
            ("f".into(), Some(tool("f", "CRM", ToolStatus::Failed))),
            ("zz".into(), None),
        ];
        let Err(Error::BadRequest(body)) = check_links(&requested, &[]) else { panic!("should refuse") };
        assert_eq!(body.field.as_deref(), Some("tool_ids"));
        assert!(body.detail.contains("\"Calendar\" is waiting for sign-in (status Pending_authorization)"));
        assert!(body.detail.contains("\"CRM\" has failed (status Failed)"));
        assert!(body.detail.contains("no tool has the id \"zz\""));
        assert!(!body.detail.contains("Weather"));
    }

    #[test]
    fn a_flood_of_unknown_ids_gets_a_short_answer() {
        let requested: Vec<_> = (0..5000).map(|i| (format!("{}-{i}", "x".repeat(100)), None)).collect();
        let Err(Error::BadRequest(body)) = check_links(&requested, &[]) else { panic!("should refuse") };
        assert!(body.detail.len() < 1000, "{} bytes", body.detail.len());
        assert!(body.detail.contains("and 4995 more"));
    }

    #[test]
    fn a_tool_already_linked_may_stay_after_it_fails() {
        let requested = vec![("f".into(), Some(tool("f", "CRM", ToolStatus::Failed)))];
        assert!(check_links(&requested, &["f".into()]).is_ok());
    }

    #[test]
    fn status_reason_speaks_of_failed_tools_only_when_there_are_some() {
        assert_eq!(status_reason(&[tool("a", "Weather", ToolStatus::Active)]), None);
        let reason = status_reason(&[tool("f", "CRM", ToolStatus::Failed)]).unwrap();
        assert!(reason.contains("\"CRM\" has failed"), "{reason}");
    }

    #[test]
    fn dedupe_keeps_the_first_of_each() {
        assert_eq!(dedupe(vec!["b".into(), "a".into(), "b".into()]), ["b", "a"]);
    }
}
