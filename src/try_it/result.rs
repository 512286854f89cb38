//! An MCP `CallToolResult`, as the server sent it, read into what the page shows: text with
//! its line breaks, JSON to unfold, images, links that are safe to follow, embedded
//! resources. Pure; everything a server sends is checked, nothing of it runs.

use crate::url::safe_http_url;
use serde_json::Value;

/// Text longer than this is cut, with a sentence saying how much was left out.
const MAX_TEXT: usize = 100_000;
/// Parts after this many are counted, not shown.
const MAX_PARTS: usize = 100;

/// What a call answered, ready to show.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub parts: Vec<Part>,
    /// `structuredContent`, shown beside the parts.
    pub structured: Option<Value>,
    /// The tool said it failed (`isError`).
    pub is_error: bool,
    /// Parts beyond what is shown.
    pub hidden_parts: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    /// Plain text, shown with its line breaks; `cut` counts characters left out.
    Text { text: String, cut: usize },
    /// Text that is a JSON object or array, shown unfolded.
    Json(Value),
    /// `src` is a `data:` URI of an `image/*` type.
    Image { src: String, mime: String },
    /// Audio is offered as a download: the page's policy plays no `data:` media.
    Audio { src: String, mime: String, bytes: usize },
    /// A link to a resource; `href` only for http(s) URIs.
    Link { name: String, uri: String, href: Option<String>, description: Option<String> },
    /// An embedded resource: its text, or the size of its binary content.
    Resource { uri: String, mime: Option<String>, text: Option<String>, bytes: Option<usize> },
    /// A part of a type this page does not know, shown as its JSON.
    Other { kind: String, raw: Value },
}

/// Reads a `CallToolResult`. Anything that is not one is shown as JSON, never dropped.
pub fn read(result: &Value) -> Outcome {
    let content = result.get("content").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    let parts = content.iter().take(MAX_PARTS).map(part).collect();
    Outcome {
        parts,
        structured: result.get("structuredContent").filter(|v| !v.is_null()).cloned(),
        is_error: result.get("isError").and_then(Value::as_bool).unwrap_or(false),
        hidden_parts: content.len().saturating_sub(MAX_PARTS),
    }
}

fn part(item: &Value) -> Part {
    let s = |k: &str| item.get(k).and_then(Value::as_str);
    let other = || Part::Other { kind: s("type").unwrap_or("unknown").to_string(), raw: item.clone() };
    match s("type").unwrap_or_default() {
        "text" => s("text").map_or_else(other, text_part),
        "image" => match (media(s("mimeType"), "image/"), s("data").and_then(base64_len)) {
            (Some(mime), Some(_)) => Part::Image { src: data_uri(&mime, s("data").unwrap_or_default()), mime },
            _ => other(),
        },
        "audio" => match (media(s("mimeType"), "audio/"), s("data").and_then(base64_len)) {
            (Some(mime), Some(bytes)) => {
                Part::Audio { src: data_uri(&mime, s("data").unwrap_or_default()), mime, bytes }
            }
            _ => other(),
        },
        "resource_link" => match s("uri") {
            Some(uri) => Part::Link {
                name: s("title").or(s("name")).unwrap_or(uri).to_string(),
                uri: uri.to_string(),
                href: safe_http_url(uri),
                description: s("description").map(str::to_string),
            },
            None => other(),
        },
        "resource" => match item.get("resource") {
            Some(r) if r.get("uri").and_then(Value::as_str).is_some() => {
                let rs = |k: &str| r.get(k).and_then(Value::as_str).map(str::to_string);
                Part::Resource {
                    uri: rs("uri").unwrap_or_default(),
                    mime: rs("mimeType"),
                    text: rs("text").map(|t| cut(&t).0),
                    bytes: r.get("blob").and_then(Value::as_str).and_then(base64_len),
                }
            }
            _ => other(),
        },
        _ => other(),
    }
}

/// Text that is a JSON object or array is shown unfolded; anything else as it is.
fn text_part(text: &str) -> Part {
    let t = text.trim_start();
    if (t.starts_with('{') || t.starts_with('['))
        && let Ok(v) = serde_json::from_str::<Value>(text)
    {
        return Part::Json(v);
    }
    let (text, cut) = cut(text);
    Part::Text { text, cut }
}

fn cut(text: &str) -> (String, usize) {
    match text.char_indices().nth(MAX_TEXT) {
        Some((at, _)) => (text[..at].to_string(), text[at..].chars().count()),
        None => (text.to_string(), 0),
    }
}

/// The media type if it is one of `family` and spelled as a media type (no parameters,
/// nothing that could change the `data:` URI it goes into).
fn media(mime: Option<&str>, family: &str) -> Option<String> {
    let mime = mime?.trim().to_ascii_lowercase();
    let sub = mime.strip_prefix(family)?;
    let token = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-');
    (!sub.is_empty() && sub.bytes().all(token)).then_some(mime)
}

/// The decoded size of base64 `data`, or `None` when it is not base64 (so it never goes
/// into a URI as anything else).
fn base64_len(data: &str) -> Option<usize> {
    let body = data.trim_end_matches('=');
    let padding = data.len() - body.len();
    let ok = !data.is_empty()
        && padding <= 2
        && data.len().is_multiple_of(4)
        && body.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/');
    ok.then(|| data.len() / 4 * 3 - padding)
}

fn data_uri(mime: &str, data: &str) -> String {
    format!("data:{mime};base64,{data}")
}

/// A size in words: "512 bytes", "12 KB", "3 MB" (whole numbers: no float printing).
pub fn size_words(bytes: usize) -> String {
    match bytes {
        b if b < 1024 => format!("{b} bytes"),
        b if b < 1024 * 1024 => format!("{} KB", b.div_ceil(1024)),
        b => format!("{} MB", b.div_ceil(1024 * 1024)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn text_keeps_its_lines_and_json_text_is_unfolded() {
        let o = read(&json!({"content": [
            {"type": "text", "text": "Hello, Ada!\nSecond line"},
            {"type": "text", "text": "{\"temperature\": {\"celsius\": 21.5}}"},
            {"type": "text", "text": "[not json"}]}));
        assert_eq!(o.parts[0], Part::Text { text: "Hello, Ada!\nSecond line".into(), cut: 0 });
        assert_eq!(o.parts[1], Part::Json(json!({"temperature": {"celsius": 21.5}})));
        assert_eq!(o.parts[2], Part::Text { text: "[not json".into(), cut: 0 });
        assert!(!o.is_error);
        assert_eq!(o.structured, None);
    }

    #[test]
    fn errors_and_structured_content_are_kept() {
        let o = read(
            &json!({"isError": true, "content": [{"type": "text", "text": "The Calendar connector's sign-in was revoked."}],
            "structuredContent": {"ok": false}}),
        );
        assert!(o.is_error);
        assert_eq!(o.structured, Some(json!({"ok": false})));
    }

    #[test]
    fn images_are_shown_only_as_images_of_clean_base64() {
        let png = json!({"type": "image", "mimeType": "image/png", "data": "iVBORw0KGgo="});
        assert_eq!(
            read(&json!({"content": [png]})).parts[0],
            Part::Image { src: "data:image/png;base64,iVBORw0KGgo=".into(), mime: "image/png".into() }
        );
        for (mime, data) in [
            ("text/html", "PHNjcmlwdD4="),
            ("image/png;charset=x,<script>", "AAAA"),
            ("image/", "AAAA"),
            ("image/png", "AA\"onerror=\"x"),
            ("image/png", "AAA"),
            ("image/png", ""),
        ] {
            let o = read(&json!({"content": [{"type": "image", "mimeType": mime, "data": data}]}));
            assert!(matches!(o.parts[0], Part::Other { .. }), "{mime} {data} must not be an image");
        }
    }

    #[test]
    fn audio_is_offered_with_its_size() {
        let o = read(&json!({"content": [{"type": "audio", "mimeType": "audio/wav", "data": "UklGRg=="}]}));
        assert_eq!(
            o.parts[0],
            Part::Audio { src: "data:audio/wav;base64,UklGRg==".into(), mime: "audio/wav".into(), bytes: 4 }
        );
    }

    #[test]
    fn resource_links_link_only_http_uris() {
        // From the example server's `list-files`.
        let o = read(&json!({"content": [
            {"type": "resource_link", "uri": "https://example.com/greetings/default", "name": "Default Greeting", "description": "A simple greeting resource"},
            {"type": "resource_link", "uri": "file:///example/file1.txt", "name": "Example File 1"},
            {"type": "resource_link", "uri": "javascript:alert(1)", "name": "Click me"}]}));
        let hrefs: Vec<_> = o
            .parts
            .iter()
            .map(|p| match p {
                Part::Link { href, .. } => href.clone(),
                _ => panic!(),
            })
            .collect();
        assert_eq!(hrefs, [Some("https://example.com/greetings/default".to_string()), None, None]);
        assert!(matches!(&o.parts[0], Part::Link { name, description: Some(_), .. } if name == "Default Greeting"));
    }

    #[test]
    fn embedded_resources_show_text_or_size() {
        let o = read(&json!({"content": [
            {"type": "resource", "resource": {"uri": "memo://1", "mimeType": "text/plain", "text": "hi"}},
            {"type": "resource", "resource": {"uri": "file:///a.bin", "blob": "AAECAw=="}}]}));
        assert_eq!(
            o.parts[0],
            Part::Resource {
                uri: "memo://1".into(),
                mime: Some("text/plain".into()),
                text: Some("hi".into()),
                bytes: None
            }
        );
        assert_eq!(o.parts[1], Part::Resource { uri: "file:///a.bin".into(), mime: None, text: None, bytes: Some(4) });
    }

    #[test]
    fn unknown_and_malformed_parts_are_shown_as_json_not_dropped() {
        let o = read(&json!({"content": [{"type": "hologram", "x": 1}, {"type": "text"}, 7]}));
        assert!(o.parts.iter().all(|p| matches!(p, Part::Other { .. })));
        assert_eq!(o.parts.len(), 3);
        assert!(read(&json!("nonsense")).parts.is_empty());
    }

    #[test]
    fn huge_answers_are_cut_and_say_so() {
        let long = "é".repeat(MAX_TEXT + 5);
        let many: Vec<Value> = (0..MAX_PARTS + 3).map(|_| json!({"type": "text", "text": "x"})).collect();
        let o = read(&json!({"content": [{"type": "text", "text": long}]}));
        assert!(matches!(&o.parts[0], Part::Text { cut: 5, text } if text.chars().count() == MAX_TEXT));
        let o = read(&json!({"content": many}));
        assert_eq!((o.parts.len(), o.hidden_parts), (MAX_PARTS, 3));
    }

    #[test]
    fn sizes_read_as_words() {
        assert_eq!(size_words(512), "512 bytes");
        assert_eq!(size_words(1500), "2 KB");
        assert_eq!(size_words(3 * 1024 * 1024), "3 MB");
    }
}
