//! The few edits the hook makes to Trunk's `index.html`: find the Rust outputs, add a
//! preload, and recompute the `integrity` of every link after files changed.
//!
//! Trunk writes this page itself, so plain text edits on its known shapes are enough; each
//! edit fails loudly rather than guess when the shape is not there.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256, Sha384, Sha512};

/// Trunk's `(<bin>-<hash>.js, <bin>-<hash>_bg.wasm)` named in the page.
pub fn trunk_rust_outputs(page: &str, bin: &str) -> Option<(String, String)> {
    let prefix = format!("{bin}-");
    page.match_indices(&prefix).find_map(|(at, _)| {
        let rest = &page[at + prefix.len()..];
        let hash: String = rest.chars().take_while(char::is_ascii_hexdigit).collect();
        let wasm = format!("{prefix}{hash}_bg.wasm");
        let js = format!("{prefix}{hash}.js");
        (!hash.is_empty() && rest[hash.len()..].starts_with("_bg.wasm") && page.contains(&js)).then_some((js, wasm))
    })
}

/// Adds a `modulepreload` for `new_href` beside the one for `beside_href`, with the same
/// attributes (crossorigin, integrity to be refreshed); `None` if there is no such link.
pub fn add_modulepreload(page: &str, beside_href: &str, new_href: &str) -> Option<String> {
    let (start, end) = link_tags(page).find(|&(s, e)| {
        let tag = &page[s..e];
        tag.contains("rel=\"modulepreload\"") && attr(tag, "href") == Some(beside_href)
    })?;
    let copy = page[start..end].replacen(&format!("href=\"{beside_href}\""), &format!("href=\"{new_href}\""), 1);
    Some(format!("{}{copy}{}", &page[..end], &page[end..]))
}

/// Recomputes every `integrity` on a `<link>` whose file `read` finds (by its `href` less the
/// public URL), with the algorithm it named; a link to a file that cannot be read is an error.
pub fn refresh_integrity(
    page: &str,
    public_url: &str,
    read: impl Fn(&str) -> Option<Vec<u8>>,
) -> Result<String, String> {
    let mut out = String::with_capacity(page.len());
    let mut copied = 0;
    for (start, end) in link_tags(page) {
        let tag = &page[start..end];
        let (Some(href), Some(old)) = (attr(tag, "href"), attr(tag, "integrity")) else { continue };
        let name = href.strip_prefix(public_url).unwrap_or(href);
        let bytes = read(name).ok_or_else(|| format!("index.html links {href}, which is not in the build"))?;
        let (algorithm, _) = old.split_once('-').ok_or_else(|| format!("unknown integrity {old:?}"))?;
        let new = integrity(algorithm, &bytes).ok_or_else(|| format!("unknown integrity algorithm {algorithm:?}"))?;
        out.push_str(&page[copied..start]);
        out.push_str(&tag.replacen(&format!("integrity=\"{old}\""), &format!("integrity=\"{new}\""), 1));
        copied = end;
    }
    out.push_str(&page[copied..]);
    Ok(out)
}

/// A subresource integrity value, `sha384-<base64>`.
pub fn integrity(algorithm: &str, bytes: &[u8]) -> Option<String> {
    let digest = match algorithm {
        "sha256" => Sha256::digest(bytes).to_vec(),
        "sha384" => Sha384::digest(bytes).to_vec(),
        "sha512" => Sha512::digest(bytes).to_vec(),
        _ => return None,
    };
    Some(format!("{algorithm}-{}", STANDARD.encode(digest)))
}

/// Byte ranges of each `<link ...>` tag.
fn link_tags(page: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    page.match_indices("<link").filter_map(|(start, _)| page[start..].find('>').map(|len| (start, start + len + 1)))
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let from = tag.find(&key)? + key.len();
    tag[from..].split('"').next()
}

#[cfg(test)]
mod tests {
    use super::*;

    // The shape Trunk 0.21 writes for `<link data-trunk rel="rust">` and a stylesheet.
    const PAGE: &str = r#"<head><link rel="stylesheet" href="/main-1a.css" integrity="sha384-OLDCSS"/>
<link rel="modulepreload" href="/patchbay-00ff.js" crossorigin="anonymous" integrity="sha384-OLDJS">
<link rel="preload" href="/patchbay-00ff_bg.wasm" crossorigin="anonymous" integrity="sha384-OLDWASM" as="fetch" type="application/wasm"></head>
<body><script type="module">import init from '/patchbay-00ff.js';await init({ module_or_path: '/patchbay-00ff_bg.wasm' });</script></body>"#;

    #[test]
    fn finds_trunks_rust_outputs_by_the_binary_name() {
        let found = trunk_rust_outputs(PAGE, "patchbay");
        assert_eq!(found, Some(("patchbay-00ff.js".into(), "patchbay-00ff_bg.wasm".into())));
        assert_eq!(trunk_rust_outputs(PAGE, "other"), None);
    }

    #[test]
    fn a_new_modulepreload_copies_its_neighbours_attributes() {
        let page = add_modulepreload(PAGE, "/patchbay-00ff.js", "/patchbay-split-11.js").unwrap();
        assert!(page.contains(
            r#"<link rel="modulepreload" href="/patchbay-split-11.js" crossorigin="anonymous" integrity="sha384-OLDJS">"#
        ));
        assert_eq!(page.matches("rel=\"modulepreload\"").count(), 2);
        assert_eq!(add_modulepreload(PAGE, "/nothing.js", "/x.js"), None);
    }

    #[test]
    fn every_links_integrity_is_recomputed_from_the_file_it_names() {
        let page = refresh_integrity(PAGE, "/", |name| Some(name.as_bytes().to_vec())).unwrap();
        for name in ["main-1a.css", "patchbay-00ff.js", "patchbay-00ff_bg.wasm"] {
            assert!(page.contains(&format!("integrity=\"{}\"", integrity("sha384", name.as_bytes()).unwrap())));
        }
        assert!(!page.contains("OLD"));
        // Nothing but the integrity values changed.
        assert_eq!(page.len(), PAGE.len() - "OLDCSSOLDJSOLDWASM".len() + 3 * 64);
    }

    #[test]
    fn a_link_to_a_missing_file_is_an_error() {
        let err = refresh_integrity(PAGE, "/", |name| name.ends_with(".css").then(Vec::new)).unwrap_err();
        assert!(err.contains("/patchbay-00ff.js"), "{err}");
    }

    #[test]
    fn integrity_matches_a_known_value() {
        // `printf abc | openssl dgst -sha384 -binary | base64`
        assert_eq!(
            integrity("sha384", b"abc").unwrap(),
            "sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn"
        );
        assert_eq!(integrity("md5", b"abc"), None);
    }
}
