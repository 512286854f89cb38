//! The builder's tool picker: offers only `Active` tools, says how many others cannot
//! be linked yet and why (linking to them), and tells the person when a tool leaves.

use crate::app::tool_href;
use leptos::prelude::*;
use patchbay_wire::validate::description_hint;
use patchbay_wire::{Tool, ToolStatus};
use std::collections::BTreeMap;

/// Tools that cannot be linked, grouped by why: a sentence and the tools, for links.
pub fn unavailable(tools: &[Tool]) -> Vec<(String, Vec<(String, String)>)> {
    let mut groups: BTreeMap<u8, Vec<(String, String)>> = BTreeMap::new();
    for t in tools.iter().filter(|t| t.status != ToolStatus::Active) {
        let rank = match t.status {
            ToolStatus::PendingAuthorization => 0,
            ToolStatus::Failed => 1,
            _ => 2,
        };
        groups.entry(rank).or_default().push((t.id.clone(), t.name.clone()));
    }
    groups
        .into_iter()
        .map(|(rank, ts)| {
            let n = ts.len();
            let (one, many) = match rank {
                0 => ("is waiting for sign-in", "are waiting for sign-in"),
                1 => ("has failed and must be replaced", "have failed and must be replaced"),
                _ => ("is inactive", "are inactive"),
            };
            let sentence = if n == 1 { format!("1 tool {one}") } else { format!("{n} tools {many}") };
            (sentence, ts)
        })
        .collect()
}

/// What changed since the last read: the selection without tools that stopped being
/// active, and a sentence for each tool that left the picker.
pub fn departures(
    offered_before: &[(String, String)],
    selected: &[String],
    tools: &[Tool],
) -> (Vec<String>, Vec<String>) {
    let status_of = |id: &str| tools.iter().find(|t| t.id == id);
    let keep: Vec<String> =
        selected.iter().filter(|id| status_of(id).is_some_and(|t| t.status == ToolStatus::Active)).cloned().collect();
    let mut notices = Vec::new();
    let mut gone: Vec<(String, Option<&Tool>)> = offered_before
        .iter()
        .filter(|(id, _)| !status_of(id).is_some_and(|t| t.status == ToolStatus::Active))
        .map(|(id, name)| (name.clone(), status_of(id)))
        .collect();
    // A linked tool that was never offered here (editing an agent whose tool had already failed).
    for id in selected.iter().filter(|id| !keep.contains(id) && !offered_before.iter().any(|(o, _)| o == *id)) {
        gone.push((status_of(id).map_or_else(|| id.clone(), |t| t.name.clone()), status_of(id)));
    }
    for (name, tool) in gone {
        let why = match tool {
            None => "was deleted".to_string(),
            Some(t) => match (&t.status, &t.status_reason) {
                (ToolStatus::Failed, Some(r)) => format!("has failed ({r})"),
                (ToolStatus::Failed, None) => "has failed".to_string(),
                (s, _) => format!("is {}", s.label().to_ascii_lowercase()),
            },
        };
        notices.push(format!("\"{name}\" {why}, so it can no longer be linked and left the picker."));
    }
    (keep, notices)
}

/// The picker. `tools` is the live list (polled by the page); `selected` the chosen ids.
#[component]
pub fn ToolPicker(
    /// The tools as last read; `None` while the first read is on its way.
    tools: Signal<Option<Vec<Tool>>>,
    /// The ids of the tools the agent will link.
    selected: RwSignal<Vec<String>>,
) -> impl IntoView {
    let notices = RwSignal::new(Vec::<String>::new());
    let offered_before = StoredValue::new(None::<Vec<(String, String)>>);
    // Each new read (and each change of selection, e.g. once an edited agent loads)
    // drops what is no longer active and says so.
    Effect::new(move |_| {
        let Some(list) = tools.get() else { return };
        let chosen = selected.get();
        let before = offered_before.get_value().unwrap_or_default();
        let (keep, said) = departures(&before, &chosen, &list);
        if keep != chosen {
            selected.set(keep);
        }
        if !said.is_empty() {
            notices.update(|n| n.extend(said));
        }
        let offered = list.iter().filter(|t| t.status == ToolStatus::Active).map(|t| (t.id.clone(), t.name.clone()));
        offered_before.set_value(Some(offered.collect()));
    });
    let offered = Memo::new(move |_| {
        tools.get().unwrap_or_default().into_iter().filter(|t| t.status == ToolStatus::Active).collect::<Vec<_>>()
    });
    let toggle = move |id: String, on: bool| {
        selected.update(|s| {
            s.retain(|x| *x != id);
            if on {
                s.push(id);
            }
        })
    };
    view! {
        <fieldset class="choices tool-picker">
            <legend>"Tools"</legend>
            <div role="status" aria-live="polite">
                {move || notices.get().into_iter().map(|n| view! { <p class="warn-note">{n}</p> }).collect_view()}
            </div>
            {move || match tools.get() {
                None => view! { <p class="muted">"Loading your tools…"</p> }.into_any(),
                Some(_) if offered.with(Vec::is_empty) => view! {
                    <p class="empty">"No active tools yet. "<a href="/tools/new">"Add an MCP server"</a>" first."</p>
                }.into_any(),
                Some(_) => view! {
                    <For each=move || offered.get() key=|t| (t.id.clone(), t.description.clone()) let:tool>
                        <PickerItem tool selected toggle />
                    </For>
                }.into_any(),
            }}
            <p class="muted small picker-unavailable">
                {move || unavailable(&tools.get().unwrap_or_default()).into_iter().map(|(sentence, ts)| view! {
                    <span class="unavailable-group">
                        {sentence}": "
                        {ts.into_iter().enumerate().map(|(i, (id, name))| view! {
                            {(i > 0).then_some(", ")}<a href=tool_href(&id)>{name}</a>
                        }).collect_view()}
                        ". "
                    </span>
                }).collect_view()}
            </p>
        </fieldset>
    }
}

/// One offered tool: a checkbox, its name, and the description the agent will read.
#[component]
fn PickerItem(
    tool: Tool,
    selected: RwSignal<Vec<String>>,
    toggle: impl Fn(String, bool) + Copy + 'static,
) -> impl IntoView {
    let id = tool.id.clone();
    let input_id = format!("pick-{id}");
    let checked = {
        let id = id.clone();
        Memo::new(move |_| selected.with(|s| s.contains(&id)))
    };
    let description = tool.description.clone().unwrap_or_default();
    let hint = description_hint(&description);
    view! {
        <div class="choice" class:chosen=checked>
            <input type="checkbox" id=input_id.clone() prop:checked=checked
                on:change=move |ev| toggle(id.clone(), event_target_checked(&ev)) />
            <label for=input_id>{tool.name.clone()}</label>
            <p class="hint">{description}</p>
            {hint.map(|h| view! {
                <p class="hint coach-tip vague-flag">"Vague for an agent: "{h}" "
                    <a href=tool_href(&tool.id)>"Improve it"</a>
                </p>
            })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tool(id: &str, status: ToolStatus) -> Tool {
        Tool::sample(id, &id.to_uppercase(), status)
    }

    #[test]
    fn unavailable_counts_tools_by_why_they_cannot_be_linked() {
        let tools = [
            tool("a", ToolStatus::Active),
            tool("p1", ToolStatus::PendingAuthorization),
            tool("p2", ToolStatus::PendingAuthorization),
            tool("f", ToolStatus::Failed),
        ];
        let groups = unavailable(&tools);
        assert_eq!(groups[0].0, "2 tools are waiting for sign-in");
        assert_eq!(groups[0].1[1], ("p2".to_string(), "P2".to_string()));
        assert_eq!(groups[1].0, "1 tool has failed and must be replaced");
        assert_eq!(groups.len(), 2);
    }

    #[test]
    fn a_tool_that_fails_leaves_the_selection_and_the_person_is_told() {
        let before = vec![("a".to_string(), "A".to_string()), ("b".to_string(), "B".to_string())];
        let mut failed = tool("b", ToolStatus::Failed);
        failed.status_reason = Some("token expired".into());
        let (keep, said) = departures(&before, &["a".into(), "b".into()], &[tool("a", ToolStatus::Active), failed]);
        assert_eq!(keep, ["a"]);
        assert_eq!(said, ["\"B\" has failed (token expired), so it can no longer be linked and left the picker."]);
    }

    #[test]
    fn nothing_is_said_while_the_offered_tools_stay_active() {
        let before = vec![("a".to_string(), "A".to_string())];
        let tools = [tool("a", ToolStatus::Active), tool("p", ToolStatus::PendingAuthorization)];
        assert_eq!(departures(&before, &["a".into()], &tools), (vec!["a".to_string()], vec![]));
    }

    #[test]
    fn an_edited_agents_already_failed_tool_is_dropped_with_a_sentence() {
        let (keep, said) = departures(&[], &["f".into()], &[tool("f", ToolStatus::Failed)]);
        assert!(keep.is_empty());
        assert_eq!(said.len(), 1);
        assert!(said[0].starts_with("\"F\" has failed"));
    }
}
