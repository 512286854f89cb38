//! The names an agent serves its tools under: `<connector>__<tool>`, the connector part
//! a slug of its name. Model APIs refuse names outside `^[A-Za-z0-9_-]{1,64}$`, so a
//! name that would be longer, or whose tool part had to change, is shortened and given
//! a short hash of what it stands for; a clash goes to the later tool in the agent's
//! order, hashed the same way. Names depend only on the connector's id and name and the
//! upstream tool's name, so they survive restarts and list refreshes.

use sha2::{Digest, Sha256};
use std::collections::HashSet;

pub const MAX_LEN: usize = 64;
/// The connector part is kept short so the tool's own name stays readable.
const SLUG_MAX: usize = 24;
const HASH_LEN: usize = 6;

/// One upstream tool to name: its connector and its own name.
pub struct Entry<'a> {
    pub connector_id: &'a str,
    pub connector_name: &'a str,
    pub tool: &'a str,
}

/// Names for `entries` in order: valid, unique, deterministic.
pub fn assign(entries: &[Entry<'_>]) -> Vec<String> {
    let mut taken = HashSet::new();
    entries
        .iter()
        .map(|e| {
            let plain = plain_name(e);
            let name = match plain {
                Some(p) if !taken.contains(&p) => p,
                _ => hashed_name(e, 0, &taken),
            };
            taken.insert(name.clone());
            name
        })
        .collect()
}

/// `slug__tool` when that is valid as it stands and keeps the tool's name unchanged.
fn plain_name(e: &Entry<'_>) -> Option<String> {
    let tool = clean(e.tool);
    let name = format!("{}__{tool}", slug(e.connector_name));
    (tool == e.tool && name.len() <= MAX_LEN).then_some(name)
}

/// `slug__tool-prefix_hash`, cut to fit; `salt` moves past the (astronomically rare)
/// hash clash.
fn hashed_name(e: &Entry<'_>, salt: u32, taken: &HashSet<String>) -> String {
    let digest = Sha256::digest(format!("{}\u{0}{}\u{0}{salt}", e.connector_id, e.tool));
    let hash: String = digest.iter().take(HASH_LEN / 2).map(|b| format!("{b:02x}")).collect();
    let head = format!("{}__", slug(e.connector_name));
    let room = MAX_LEN - head.len() - 1 - HASH_LEN;
    let tool: String = clean(e.tool).chars().take(room).collect();
    let name = format!("{head}{tool}_{hash}");
    if taken.contains(&name) { hashed_name(e, salt + 1, taken) } else { name }
}

/// The connector's name as lowercase ASCII words joined by `_`; accents dropped
/// (`Café Büro` -> `cafe_buro`).
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(fold) {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    let whole = out.trim_matches('_');
    let mut s: String = whole.chars().take(SLUG_MAX).collect();
    // Cut at a word's end where one is near, not inside a word.
    if whole.len() > SLUG_MAX
        && let Some(end) = s.rfind('_').filter(|&i| i >= SLUG_MAX / 2)
    {
        s.truncate(end);
    }
    while s.ends_with('_') {
        s.pop();
    }
    if s.is_empty() { "tool".into() } else { s }
}

/// A Latin letter with a mark as its base letter(s), so names keep their words.
fn fold(c: char) -> Vec<char> {
    let base = match c {
        'à'..='å' | 'À'..='Å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' | 'Æ' => "ae",
        'ç' | 'Ç' | 'ć' | 'č' => "c",
        'è'..='ë' | 'È'..='Ë' | 'ē' | 'ę' | 'ě' => "e",
        'ì'..='ï' | 'Ì'..='Ï' | 'ī' | 'į' | 'ı' => "i",
        'ñ' | 'Ñ' | 'ń' | 'ň' => "n",
        'ò'..='ö' | 'ø' | 'Ò'..='Ö' | 'Ø' | 'ō' | 'ő' => "o",
        'œ' | 'Œ' => "oe",
        'ß' => "ss",
        'ś' | 'š' | 'ş' => "s",
        'ù'..='ü' | 'Ù'..='Ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'ž' | 'ź' | 'ż' => "z",
        'ł' | 'Ł' => "l",
        'đ' | 'ð' => "d",
        'þ' => "th",
        _ => return vec![c],
    };
    base.chars().collect()
}

/// An upstream tool name with every character outside `[A-Za-z0-9_-]` made `_`.
fn clean(tool: &str) -> String {
    tool.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' || c == '-' { c } else { '_' }).collect()
}

pub fn is_valid(name: &str) -> bool {
    (1..=MAX_LEN).contains(&name.len()) && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry<'a>(id: &'a str, connector: &'a str, tool: &'a str) -> Entry<'a> {
        Entry { connector_id: id, connector_name: connector, tool }
    }

    #[test]
    fn a_plain_name_joins_the_slug_and_the_tool() {
        assert_eq!(assign(&[entry("c1", "Weather", "get_forecast")]), ["weather__get_forecast"]);
        assert_eq!(slug("Café Büro — Q3 planning tools"), "cafe_buro_q3_planning");
        assert_eq!(slug("日本語"), "tool");
    }

    #[test]
    fn a_long_name_is_shortened_validly_and_stays_the_same() {
        let tool = "summarize_quarterly_planning_documents_for_the_whole_team_no"; // 60 characters
        assert_eq!(tool.len(), 60);
        let e = entry("3f1c-long", "Café Büro — Q3 planning tools", tool);
        let first = assign(&[e]);
        assert!(is_valid(&first[0]) && first[0].len() <= MAX_LEN, "{}", first[0]);
        assert!(first[0].starts_with("cafe_buro_q3_planning__summarize"), "{}", first[0]);
        let again = assign(&[entry("3f1c-long", "Café Büro — Q3 planning tools", tool)]);
        assert_eq!(first, again, "the same inputs give the same name");
    }

    #[test]
    fn clashes_and_odd_characters_resolve_deterministically() {
        let names =
            assign(&[entry("a", "Docs", "search"), entry("b", "Docs", "search"), entry("c", "Files", "read.file/v2")]);
        assert_eq!(names[0], "docs__search");
        assert!(names[1].starts_with("docs__search_") && names[1] != names[0]);
        assert!(names[2].starts_with("files__read_file_v2_"), "{}", names[2]);
        assert!(names.iter().all(|n| is_valid(n)));
        let reordered = assign(&[entry("a", "Docs", "search"), entry("b", "Docs", "search")]);
        assert_eq!(reordered[1], names[1], "the later one keeps its hashed name");
    }
}
