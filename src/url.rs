//! URLs the SPA builds or follows: one encoder for every path segment and query value
//! (and its decoder, for the router),
//! and the one check an address must pass before the app opens or links it.

/// Percent-encodes everything but RFC 3986's unreserved characters, so an id or a name is
/// always one path segment or one query value, whatever a gateway or an address put in it.
/// Pure Rust (not `encodeURIComponent`) so it is tested natively.
pub fn encode(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
    out
}

/// Undoes percent-encoding in one path segment; `None` when an escape is malformed or the
/// bytes are not UTF-8 (such a segment names nothing the app made).
pub fn decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            // Two hex digits, checked here: `from_str_radix` alone would take "+4".
            let hex = s.get(i + 1..i + 3).filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// An absolute `http:` or `https:` URL, normalised the way a browser reads it; `None` for
/// anything else. Remote servers choose authorization URLs, so a `javascript:` or `data:`
/// one would run script in this origin (and read the API key) if it were opened or linked.
///
/// Browsers drop leading and trailing C0 controls and spaces and every tab and newline
/// before they read the scheme (`" java\tscript:"` runs as `javascript:`), so the check is
/// made on the string after that same clean-up, and the cleaned string is what is used.
pub fn safe_http_url(raw: &str) -> Option<String> {
    let trimmed = raw.trim_matches(|c: char| c <= ' ');
    let cleaned: String = trimmed.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    // Any other control character left inside is a trick, not an address. (Bytes, not
    // chars, here and below: all that matters is ASCII, and it keeps the bundle small.)
    if cleaned.bytes().any(|b| b < b' ' || b == 0x7f) {
        return None;
    }
    let (scheme, rest) = ["https:", "http:"].into_iter().find_map(|p| {
        let head = cleaned.get(..p.len())?;
        head.eq_ignore_ascii_case(p).then(|| (p, &cleaned[p.len()..]))
    })?;
    // Browsers accept `\` for `/` in http(s) URLs; either way a host must follow.
    let after = rest.strip_prefix("//").or_else(|| rest.strip_prefix("\\\\"))?;
    let authority =
        &after[..after.bytes().position(|b| matches!(b, b'/' | b'\\' | b'?' | b'#')).unwrap_or(after.len())];
    let host = &authority[authority.bytes().rposition(|b| b == b'@').map_or(0, |at| at + 1)..];
    if host.is_empty() || host.starts_with(':') {
        return None;
    }
    Some(format!("{scheme}{rest}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_undoes_encode_and_refuses_broken_escapes() {
        for s in ["abc", "a/b?c#d", "ünï 100%", ""] {
            assert_eq!(decode(&encode(s)).as_deref(), Some(s));
        }
        assert_eq!(decode("%zz"), None);
        assert_eq!(decode("%4"), None);
        assert_eq!(decode("%+4"), None);
        assert_eq!(decode("%FF"), None);
    }

    #[test]
    fn encode_keeps_unreserved_characters_and_escapes_the_rest() {
        assert_eq!(encode("abc-DEF_1.2~"), "abc-DEF_1.2~");
        assert_eq!(encode("a/b?c#d"), "a%2Fb%3Fc%23d");
        assert_eq!(encode("../x y&z=1"), "..%2Fx%20y%26z%3D1");
        assert_eq!(encode("é"), "%C3%A9");
        assert_eq!(encode(""), "");
    }

    #[test]
    fn http_and_https_urls_pass_with_their_scheme_lowercased() {
        let url = "https://auth.example.com/authorize?client_id=a&state=b";
        assert_eq!(safe_http_url(url).as_deref(), Some(url));
        assert_eq!(
            safe_http_url("http://localhost:9000/authorize").as_deref(),
            Some("http://localhost:9000/authorize")
        );
        assert_eq!(safe_http_url("HTTPS://Example.com/a").as_deref(), Some("https://Example.com/a"));
        assert_eq!(safe_http_url("  https://example.com/a\n").as_deref(), Some("https://example.com/a"));
        assert_eq!(safe_http_url("https://user@example.com/").as_deref(), Some("https://user@example.com/"));
    }

    #[test]
    fn script_and_data_urls_are_refused_however_they_are_disguised() {
        for url in [
            "javascript:window.__pwned=1",
            "JavaScript:alert(1)",
            "  javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "\u{0}javascript:alert(1)",
            "\u{1}\u{1f} javascript:alert(1)",
            "javascript://example.com/%0Aalert(1)",
            "data:text/html,<script>alert(1)</script>",
            "DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
            "vbscript:msgbox(1)",
            "file:///etc/passwd",
            "blob:https://example.com/uuid",
        ] {
            assert_eq!(safe_http_url(url), None, "{url:?} must be refused");
        }
    }

    #[test]
    fn relative_hostless_and_odd_urls_are_refused() {
        for url in [
            "",
            "   ",
            "/oauth/authorize",
            "//evil.example.com/a",
            "example.com/authorize",
            "https:",
            "https:example.com",
            "https:///path",
            "https://:443/",
            "https://exa\u{7}mple.com/",
            "\u{a0}https://example.com/",
            "%6Aavascript:alert(1)",
        ] {
            assert_eq!(safe_http_url(url), None, "{url:?} must be refused");
        }
    }
}
