//! Text helpers that lean on the browser where Rust's own would cost download size.

/// Lowercases for case-insensitive matching. In the browser this is JavaScript's
/// `toLowerCase`: `str::to_lowercase` brings Unicode case tables (about 16 KB of wasm)
/// into the first load just for the Tools page's search box.
pub fn lowercase(s: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        String::from(js_sys::JsString::from(s).to_lower_case())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        s.to_lowercase()
    }
}

/// Whether `haystack` contains `needle` ignoring case (`needle` already lowercased).
pub fn contains_lowercased(haystack: &str, needle: &str) -> bool {
    needle.is_empty() || lowercase(haystack).contains(needle)
}
