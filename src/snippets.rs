//! Ready-to-paste set-up for MCP clients, filled with an agent's endpoint and (while it is
//! on screen) its access token, each in the format that client's documentation gives.
//! Pure: JSON is written by hand (serde_json sorts keys; these read best in the documented
//! order) with every value escaped by serde_json, and shell words are quoted.

/// The clients the agent page has a tab for, in tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Client {
    ClaudeCode,
    ClaudeDesktop,
    Cursor,
    VsCode,
    Inspector,
}

impl Client {
    pub const ALL: [Client; 5] = [Self::ClaudeCode, Self::ClaudeDesktop, Self::Cursor, Self::VsCode, Self::Inspector];

    pub fn label(self) -> &'static str {
        match self {
            Self::ClaudeCode => "Claude Code",
            Self::ClaudeDesktop => "Claude Desktop",
            Self::Cursor => "Cursor",
            Self::VsCode => "VS Code",
            Self::Inspector => "MCP Inspector",
        }
    }

    /// For element ids.
    pub fn key(self) -> &'static str {
        match self {
            Self::ClaudeCode => "claude-code",
            Self::ClaudeDesktop => "claude-desktop",
            Self::Cursor => "cursor",
            Self::VsCode => "vscode",
            Self::Inspector => "inspector",
        }
    }

    /// Where the snippet goes, in one sentence.
    pub fn where_to(self) -> &'static str {
        match self {
            Self::ClaudeCode => "Run this in a terminal; Claude Code adds the agent as an MCP server.",
            Self::ClaudeDesktop => {
                "Claude Desktop starts local servers only, so the mcp-remote bridge (Node.js) \
                connects it. Add this to claude_desktop_config.json (Settings, Developer, Edit Config) and restart \
                Claude Desktop."
            }
            Self::Cursor => "Add this to ~/.cursor/mcp.json (every project) or .cursor/mcp.json (this project).",
            Self::VsCode => "Add this to .vscode/mcp.json in your workspace, or run \"MCP: Open User Configuration\".",
            Self::Inspector => "Run this in a terminal to open the MCP Inspector connected to the agent.",
        }
    }
}

/// Stands in for the token once it is no longer on screen.
pub const TOKEN_PLACEHOLDER: &str = "<your-token>";

/// The snippet for `client`: `name` is the agent's name, `url` its endpoint.
pub fn snippet(client: Client, name: &str, url: &str, token: Option<&str>) -> String {
    let key = server_key(name);
    let bearer = format!("Bearer {}", token.unwrap_or(TOKEN_PLACEHOLDER));
    match client {
        Client::ClaudeCode => format!(
            "claude mcp add --transport http {key} {} --header {}",
            shell_word(url),
            shell_quoted(&format!("Authorization: {bearer}"))
        ),
        Client::Inspector => format!(
            "npx @modelcontextprotocol/inspector --transport http --server-url {} --header {}",
            shell_word(url),
            shell_quoted(&format!("Authorization: {bearer}"))
        ),
        Client::ClaudeDesktop => {
            // No spaces inside `args`: Claude Desktop on Windows splits them (mcp-remote's
            // README), so the header's value comes from `env`.
            let allow_http = if needs_allow_http(url) { ",\n        \"--allow-http\"" } else { "" };
            format!(
                "{{\n  \"mcpServers\": {{\n    {}: {{\n      \"command\": \"npx\",\n      \"args\": [\n        \"-y\",\n        \
                 \"mcp-remote\",\n        {},\n        \"--header\",\n        \"Authorization:${{AUTH_HEADER}}\"{allow_http}\n      \
                 ],\n      \"env\": {{\n        \"AUTH_HEADER\": {}\n      }}\n    }}\n  }}\n}}",
                q(&key),
                q(url),
                q(&bearer)
            )
        }
        Client::Cursor => format!(
            "{{\n  \"mcpServers\": {{\n    {}: {{\n      \"url\": {},\n      \"headers\": {{\n        \"Authorization\": {}\n      \
             }}\n    }}\n  }}\n}}",
            q(&key),
            q(url),
            q(&bearer)
        ),
        Client::VsCode => {
            // Without the token on screen, VS Code asks for it (and keeps it out of the file).
            let (inputs, bearer) = match token {
                Some(_) => (String::new(), bearer),
                None => {
                    let id = format!("{key}-token");
                    let inputs = format!(
                        "  \"inputs\": [\n    {{\n      \"type\": \"promptString\",\n      \"id\": {},\n      \"description\": {},\n      \
                         \"password\": true\n    }}\n  ],\n",
                        q(&id),
                        q(&format!("Patchbay access token for {name}"))
                    );
                    (inputs, format!("Bearer ${{input:{id}}}"))
                }
            };
            format!(
                "{{\n{inputs}  \"servers\": {{\n    {}: {{\n      \"type\": \"http\",\n      \"url\": {},\n      \"headers\": {{\n        \
                 \"Authorization\": {}\n      }}\n    }}\n  }}\n}}",
                q(&key),
                q(url),
                q(&bearer)
            )
        }
    }
}

/// The agent's name as a server name every client accepts: lower-case letters, digits and
/// single hyphens.
pub fn server_key(name: &str) -> String {
    let mut key = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            key.push(c.to_ascii_lowercase());
        } else if !key.is_empty() && !key.ends_with('-') {
            key.push('-');
        }
    }
    key.truncate(40);
    let key = key.trim_end_matches('-');
    if key.is_empty() { "patchbay-agent".into() } else { key.to_string() }
}

/// mcp-remote refuses plain http except to localhost unless told to allow it.
fn needs_allow_http(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("http://") else { return false };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host =
        host.rsplit_once(':').map_or(host, |(h, port)| if port.bytes().all(|b| b.is_ascii_digit()) { h } else { host });
    !matches!(host, "localhost" | "127.0.0.1")
}

/// A JSON string literal.
fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// One shell word: as it is when it holds nothing a shell reads, else in single quotes.
fn shell_word(s: &str) -> String {
    let plain = |b: u8| b.is_ascii_alphanumeric() || b"_@%+=:,./-~".contains(&b);
    if !s.is_empty() && s.bytes().all(plain) { s.to_string() } else { single_quoted(s) }
}

/// In double quotes, as the clients' documentation writes headers, unless the value holds
/// something a shell expands inside them.
fn shell_quoted(s: &str) -> String {
    if s.bytes().any(|b| b"\"$`\\!".contains(&b)) { single_quoted(s) } else { format!("\"{s}\"") }
}

fn single_quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    const URL: &str = "https://patchbay.example.com/v2/flow/agents/ag_1/mcp";

    fn parsed(client: Client, token: Option<&str>) -> Value {
        serde_json::from_str(&snippet(client, "Trip Planner", URL, token)).expect("valid JSON")
    }

    #[test]
    fn claude_code_adds_an_http_server_with_the_bearer_header() {
        assert_eq!(
            snippet(Client::ClaudeCode, "Trip Planner", URL, Some("pbt_abc")),
            "claude mcp add --transport http trip-planner https://patchbay.example.com/v2/flow/agents/ag_1/mcp \
             --header \"Authorization: Bearer pbt_abc\""
        );
        assert!(
            snippet(Client::ClaudeCode, "x", URL, None).ends_with("--header \"Authorization: Bearer <your-token>\"")
        );
    }

    #[test]
    fn the_inspector_connects_over_http_with_the_header() {
        assert_eq!(
            snippet(Client::Inspector, "x", URL, Some("t")),
            format!(
                "npx @modelcontextprotocol/inspector --transport http --server-url {URL} --header \"Authorization: Bearer t\""
            )
        );
    }

    #[test]
    fn claude_desktop_bridges_with_mcp_remote_and_keeps_spaces_out_of_args() {
        let v = parsed(Client::ClaudeDesktop, Some("pbt_abc"));
        assert_eq!(
            v,
            json!({"mcpServers": {"trip-planner": {"command": "npx",
                "args": ["-y", "mcp-remote", URL, "--header", "Authorization:${AUTH_HEADER}"],
                "env": {"AUTH_HEADER": "Bearer pbt_abc"}}}})
        );
        let local = snippet(Client::ClaudeDesktop, "x", "http://127.0.0.1:8787/v2/flow/agents/a/mcp", None);
        assert!(!local.contains("--allow-http"));
        let lan: Value =
            serde_json::from_str(&snippet(Client::ClaudeDesktop, "x", "http://10.0.0.5:8787/mcp", None)).unwrap();
        assert_eq!(lan["mcpServers"]["x"]["args"].as_array().unwrap().last().unwrap(), "--allow-http");
    }

    #[test]
    fn cursor_names_the_url_and_headers_under_mcp_servers() {
        assert_eq!(
            parsed(Client::Cursor, Some("t")),
            json!({"mcpServers": {"trip-planner": {"url": URL, "headers": {"Authorization": "Bearer t"}}}})
        );
    }

    #[test]
    fn vs_code_uses_servers_with_type_http_and_asks_for_a_token_it_was_not_given() {
        assert_eq!(
            parsed(Client::VsCode, Some("t")),
            json!({"servers": {"trip-planner": {"type": "http", "url": URL, "headers": {"Authorization": "Bearer t"}}}})
        );
        let v = parsed(Client::VsCode, None);
        assert_eq!(v["servers"]["trip-planner"]["headers"]["Authorization"], "Bearer ${input:trip-planner-token}");
        assert_eq!(v["inputs"][0]["id"], "trip-planner-token");
        assert_eq!(v["inputs"][0]["password"], true);
    }

    #[test]
    fn hostile_names_urls_and_tokens_stay_inside_their_strings_and_words() {
        let url = "https://x.example/a'b $(rm -rf ~)/mcp";
        let token = "a\"b$c`d";
        let cmd = snippet(Client::ClaudeCode, "\"; rm -rf / #", url, Some(token));
        assert_eq!(
            cmd,
            "claude mcp add --transport http rm-rf 'https://x.example/a'\\''b $(rm -rf ~)/mcp' \
             --header 'Authorization: Bearer a\"b$c`d'"
        );
        for client in [Client::ClaudeDesktop, Client::Cursor, Client::VsCode] {
            let v: Value = serde_json::from_str(&snippet(client, "\"}\n", url, Some(token))).expect("still valid JSON");
            assert!(v.to_string().contains("Bearer a\\\"b$c`d"));
        }
    }

    #[test]
    fn server_keys_are_slugs() {
        assert_eq!(server_key("Trip Planner (EU)"), "trip-planner-eu");
        assert_eq!(server_key("Café Büro"), "caf-b-ro");
        assert_eq!(server_key("!!!"), "patchbay-agent");
        assert_eq!(server_key(&"a".repeat(80)).len(), 40);
    }
}
