//! Checks on user input that the SPA runs as the person types and the gateway runs
//! again on every request. Each failure is a sentence that says what to do.

use crate::{CreateTool, Problem, UpdateTool};

pub const NAME_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 4000;
pub const URL_MAX: usize = 2048;
pub const INSTRUCTIONS_MAX: usize = 100_000;

/// Characters that show nothing: whitespace, controls, zero-width and filler marks.
/// A name made only of these would look blank in every list.
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
            | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}'
            | '\u{2800}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}' | '\u{1D159}'
            | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
}

/// Has at least one character a person can see.
pub fn has_visible(value: &str) -> bool {
    value.chars().any(|c| !is_invisible(c))
}

/// A name: one line with at least one visible character.
pub fn name(value: &str) -> Result<(), String> {
    if !has_visible(value) {
        return Err("Give it a name, so you can tell it apart in the list.".into());
    }
    if value.chars().any(char::is_control) {
        return Err("Keep the name on one line, without tabs or control characters.".into());
    }
    if value.chars().count() > NAME_MAX {
        return Err(format!("Keep the name under {NAME_MAX} characters."));
    }
    Ok(())
}

/// A description: at least one visible character; line breaks and tabs are fine.
pub fn description(value: &str) -> Result<(), String> {
    if !has_visible(value) {
        return Err("Describe when the agent should use this tool and what it gives; the agent reads this.".into());
    }
    if value.chars().count() > DESCRIPTION_MAX {
        return Err(format!("Keep the description under {DESCRIPTION_MAX} characters."));
    }
    if value.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        return Err("Remove the control characters from the description.".into());
    }
    Ok(())
}

/// The parts of an http(s) URL that the checks need. Hand-rolled so the wire crate
/// stays serde-only; the gateway parses again with a full URL parser.
#[derive(Debug, PartialEq, Eq)]
pub struct UrlParts<'a> {
    pub scheme: String,
    pub host: &'a str,
}

pub fn split_url(value: &str) -> Option<UrlParts<'_>> {
    let (scheme, rest) = value.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = if let Some(bracketed) = authority.strip_prefix('[') {
        bracketed.split(']').next()?
    } else {
        authority.rsplit_once(':').map_or(authority, |(h, _)| h)
    };
    Some(UrlParts { scheme: scheme.to_ascii_lowercase(), host })
}

/// Loopback names, where plain http is acceptable (local development): `localhost`,
/// `*.localhost`, `::1` and IPv4 literals in 127.0.0.0/8 (not names like `127.evil.com`).
pub fn is_loopback_host(host: &str) -> bool {
    let h = host.to_ascii_lowercase();
    let ipv4_loopback = {
        let parts: Vec<&str> = h.split('.').collect();
        parts.len() == 4 && parts[0] == "127" && parts.iter().all(|p| !p.is_empty() && p.parse::<u8>().is_ok())
    };
    h == "localhost" || h.ends_with(".localhost") || h == "::1" || ipv4_loopback
}

/// An MCP server URL: http(s) only, plain http only for localhost, no credentials in it.
pub fn server_url(value: &str) -> Result<(), String> {
    let value = value.trim();
    if value.is_empty() {
        return Err("Enter the MCP server's URL, such as https://mcp.example.com/mcp.".into());
    }
    if value.len() > URL_MAX {
        return Err(format!("That URL is longer than {URL_MAX} characters; check it."));
    }
    let Some(parts) = split_url(value) else {
        return Err("Enter a full URL starting with https://, such as https://mcp.example.com/mcp.".into());
    };
    if parts.scheme != "https" && parts.scheme != "http" {
        return Err(format!("Use an https:// URL; \"{}:\" addresses cannot reach an MCP server.", parts.scheme));
    }
    if value[parts.scheme.len() + 3..].split(['/', '?', '#']).next().is_some_and(|a| a.contains('@')) {
        return Err("Leave the sign-in details out of the URL; use the client ID and secret fields.".into());
    }
    if parts.host.is_empty() || parts.host.chars().any(|c| c.is_whitespace()) {
        return Err("The URL has no valid host name; check it.".into());
    }
    if parts.scheme == "http" && !is_loopback_host(parts.host) {
        return Err("Use https:// for servers on the internet; plain http:// is only for localhost.".into());
    }
    Ok(())
}

/// Client id and secret: both or neither, and neither blank when given.
pub fn client_credentials(id: Option<&str>, secret: Option<&str>) -> Result<(), (String, String)> {
    match (id, secret) {
        (None, None) => Ok(()),
        (Some(i), _) if i.trim().is_empty() => {
            Err(("config.CLIENT_ID".into(), "Enter the client ID the provider gave you.".into()))
        }
        (_, Some(s)) if s.trim().is_empty() => {
            Err(("config.CLIENT_SECRET".into(), "Enter the client secret the provider gave you.".into()))
        }
        (Some(_), Some(_)) => Ok(()),
        (Some(_), None) => Err((
            "config.CLIENT_SECRET".into(),
            "Enter the client secret too: the client ID and secret go together.".into(),
        )),
        (None, Some(_)) => {
            Err(("config.CLIENT_ID".into(), "Enter the client ID too: the client ID and secret go together.".into()))
        }
    }
}

fn push(problems: &mut Vec<Problem>, field: &str, check: Result<(), String>) {
    if let Err(e) = check {
        problems.push(Problem::new(field, e));
    }
}

impl CreateTool {
    /// Every problem with a create request, each at its field.
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        push(&mut problems, "name", name(&self.name));
        push(&mut problems, "description", description(&self.description));
        push(&mut problems, "config.URL", server_url(&self.config.url));
        if let Err((field, e)) =
            client_credentials(self.config.client_id.as_deref(), self.config.client_secret.as_deref())
        {
            problems.push(Problem::new(field, e));
        }
        problems
    }
}

impl UpdateTool {
    /// Every problem with an update: only the name and description of a connector change.
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        if let Some(n) = &self.name {
            push(&mut problems, "name", name(n));
        }
        if let Some(d) = &self.description {
            push(&mut problems, "description", description(d));
        }
        if self.config.is_some() {
            problems.push(Problem::new(
                "config",
                "The URL and sign-in of an MCP connector cannot change; delete this tool and create a new one with the new settings.",
            ));
        }
        if self.name.is_none() && self.description.is_none() && self.config.is_none() {
            problems
                .push(Problem::new("name", "Send a new name or description; nothing else of a connector can change."));
        }
        problems
    }
}

/// Coaching from the seed's best practice: a description should tell the agent *when*
/// to use the tool and *what* it gives. Returns a hint when it does neither well.
pub fn description_hint(value: &str) -> Option<&'static str> {
    let text = value.to_lowercase();
    if text.trim().is_empty() {
        return None;
    }
    const WHEN: [&str; 9] =
        ["when", "whenever", "if the user", "if a user", "asks", "ask about", "invoke", "for questions", "needs to"];
    const VAGUE: [&str; 14] =
        ["use", "this", "tool", "to", "access", "the", "mcp", "server", "a", "an", "call", "it", "external", "data"];
    let says_when = WHEN.iter().any(|w| text.contains(w));
    let specific_words =
        text.split(|c: char| !c.is_alphanumeric()).filter(|w| w.len() > 2 && !VAGUE.contains(w)).count();
    match (says_when, specific_words >= 4) {
        (true, true) => None,
        (false, true) => {
            Some("Say when the agent should use it, e.g. \"Invoke it when the user asks about stock levels.\"")
        }
        (true, false) => {
            Some("Say what data or actions it gives, e.g. \"Query live inventory data from the warehouse system.\"")
        }
        (false, false) => Some(
            "Too vague for an agent: say what it gives and when to use it, e.g. \"Use this tool to query live inventory data. Invoke it when the user asks about stock levels.\"",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_url_accepts_https_and_local_http() {
        for ok in [
            "https://mcp.example.com",
            "https://mcp.example.com:8443/mcp",
            "http://localhost:3000/mcp",
            "http://127.0.0.1:9/x",
            "http://[::1]:8/",
        ] {
            assert_eq!(server_url(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn server_url_refuses_what_cannot_be_an_mcp_server() {
        for bad in [
            "",
            "mcp.example.com",
            "file:///etc/passwd",
            "ftp://x.com",
            "http://example.com/mcp",
            "https://user:pw@example.com",
            "https://",
            "javascript://x",
        ] {
            assert!(server_url(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn credentials_come_together_or_not_at_all() {
        assert!(client_credentials(None, None).is_ok());
        assert!(client_credentials(Some("id"), Some("s")).is_ok());
        assert_eq!(client_credentials(Some("id"), None).unwrap_err().0, "config.CLIENT_SECRET");
        assert_eq!(client_credentials(None, Some("s")).unwrap_err().0, "config.CLIENT_ID");
        assert!(client_credentials(Some(" "), Some("s")).is_err());
    }

    #[test]
    fn blank_name_and_description_are_refused() {
        assert!(name("  ").is_err());
        assert!(description("\n").is_err());
        assert!(name("x").is_ok());
    }

    #[test]
    fn names_of_only_invisible_or_control_characters_are_refused() {
        for bad in ["\u{200B}\u{200B}", "\u{FEFF}", "\u{3164}", "\u{0007}", "\u{2800} ", "a\nb", "tab\there"] {
            assert!(name(bad).is_err(), "{bad:?} should be refused");
        }
        assert!(description("\u{200D}\u{2060}").is_err());
        assert!(description("Line one.\nLine two.").is_ok());
        assert!(name("Café Büro — Q3").is_ok());
        assert!(name("日本語").is_ok());
    }

    #[test]
    fn only_real_loopback_hosts_may_use_plain_http() {
        assert!(is_loopback_host("127.0.0.1") && is_loopback_host("127.1.2.3") && is_loopback_host("api.localhost"));
        for bad in ["127.evil.com", "127.0.0.1.nip.io", "127.0.0", "1270.0.0.1"] {
            assert!(!is_loopback_host(bad), "{bad}");
            assert!(server_url(&format!("http://{bad}/mcp")).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_create_request_reports_every_problem_at_its_field() {
        let req = CreateTool {
            tool_type: crate::ToolType::McpConnector,
            name: " ".into(),
            description: "".into(),
            config: crate::CreateMcpConfig { url: "ftp://x".into(), client_id: Some("id".into()), client_secret: None },
        };
        let fields: Vec<String> = req.problems().into_iter().map(|p| p.field).collect();
        assert_eq!(fields, ["name", "description", "config.URL", "config.CLIENT_SECRET"]);
    }

    #[test]
    fn an_update_may_change_only_name_and_description() {
        let update = UpdateTool { config: Some(serde_json::json!({"URL": "https://x"})), ..Default::default() };
        assert_eq!(update.problems()[0].field, "config");
        assert_eq!(UpdateTool::default().problems().len(), 1);
        assert!(UpdateTool { name: Some("n".into()), ..Default::default() }.problems().is_empty());
    }

    #[test]
    fn description_hint_flags_the_seeds_bad_example_and_passes_its_good_one() {
        assert!(description_hint("Use this tool to access the MCP server.").is_some());
        let good = "Use this tool to query live inventory data from the warehouse management system. \
            Invoke it when the user asks about stock levels, item availability, or order fulfillment status.";
        assert_eq!(description_hint(good), None);
    }
}
