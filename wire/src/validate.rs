//! Checks on user input that the SPA runs as the person types and the gateway runs
//! again on every request. Each failure is a sentence that says what to do.

use crate::{CreateTool, ErrorBody};

pub const NAME_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 4000;
pub const URL_MAX: usize = 2048;
pub const INSTRUCTIONS_MAX: usize = 100_000;

/// A name: at least one non-blank character.
pub fn name(value: &str) -> Result<(), String> {
    if value.trim().is_empty() {
        return Err("Give it a name, so you can tell it apart in the list.".into());
    }
    if value.chars().count() > NAME_MAX {
        return Err(format!("Keep the name under {NAME_MAX} characters."));
    }
    Ok(())
}

/// A description: at least one non-blank character.
pub fn description(value: &str) -> Result<(), String> {
    if value.trim().is_empty() {
        return Err("Describe when the agent should use this tool and what it gives; the agent reads this.".into());
    }
    if value.chars().count() > DESCRIPTION_MAX {
        return Err(format!("Keep the description under {DESCRIPTION_MAX} characters."));
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

/// Loopback names, where plain http is acceptable (local development).
pub fn is_loopback_host(host: &str) -> bool {
    let h = host.to_ascii_lowercase();
    h == "localhost" || h.ends_with(".localhost") || h.starts_with("127.") || h == "::1"
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

/// Every check on a create request, each failure tied to its field.
pub fn create_tool(req: &CreateTool) -> Vec<ErrorBody> {
    let mut errors = Vec::new();
    if let Err(e) = name(&req.name) {
        errors.push(ErrorBody::for_field("name", e));
    }
    if let Err(e) = description(&req.description) {
        errors.push(ErrorBody::for_field("description", e));
    }
    if let Err(e) = server_url(&req.config.url) {
        errors.push(ErrorBody::for_field("config.URL", e));
    }
    if let Err((field, e)) = client_credentials(req.config.client_id.as_deref(), req.config.client_secret.as_deref()) {
        errors.push(ErrorBody::for_field(field, e));
    }
    errors
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
    fn description_hint_flags_the_seeds_bad_example_and_passes_its_good_one() {
        assert!(description_hint("Use this tool to access the MCP server.").is_some());
        let good = "Use this tool to query live inventory data from the warehouse management system. \
            Invoke it when the user asks about stock levels, item availability, or order fulfillment status.";
        assert_eq!(description_hint(good), None);
    }
}
