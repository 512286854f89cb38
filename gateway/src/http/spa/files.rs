//! The built SPA held in memory and sent compressed: each file is compressed once
//! (brotli where the browser asks for it, else gzip) on a background task at start, and
//! every answer is a copy of cached bytes (the file as it is until its compressed copy is
//! ready: no request waits for compression). Trunk's hashed file names never
//! change content, so they are cached for a year (`immutable`); `index.html` and other
//! unhashed files are revalidated on every visit (their ETag makes that a 304).

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::Response;
use sha2::Digest;
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// More than any bundle needs; a larger folder is not a SPA build.
const MAX_TOTAL_BYTES: u64 = 64 * 1024 * 1024;
/// Files smaller than this gain nothing from compression.
const COMPRESS_FROM: usize = 512;

struct File {
    bytes: Vec<u8>,
    kind: &'static str,
    etag: String,
    immutable: bool,
    gzip: OnceLock<Vec<u8>>,
    brotli: OnceLock<Vec<u8>>,
}

/// Every file of the bundle by its URL path (`/index.html`, `/patchbay-….wasm`, ...).
#[derive(Clone)]
pub struct Files(Arc<HashMap<String, File>>);

impl Files {
    /// Reads the folder; compression starts in the background.
    pub fn load(dir: &Path) -> std::io::Result<Self> {
        let files = Self::read(dir)?;
        let warm = files.clone();
        tokio::task::spawn_blocking(move || warm.warm());
        Ok(files)
    }

    fn read(dir: &Path) -> std::io::Result<Self> {
        let mut found = HashMap::new();
        let mut total = 0;
        read_dir(dir, dir, &mut found, &mut total)?;
        Ok(Self(Arc::new(found)))
    }

    /// Compresses every file both ways.
    fn warm(&self) {
        for file in self.0.values() {
            file.gzip();
            file.brotli();
        }
    }

    /// The answer for `path`: the file, or `index.html` for a client-side route.
    pub fn answer(&self, method: &Method, path: &str, request: &HeaderMap) -> Response {
        let file = self.0.get(path).or_else(|| self.0.get("/index.html"));
        let Some(file) = file else {
            return Response::builder().status(StatusCode::NOT_FOUND).body(Body::empty()).expect("a response");
        };
        let mut res = Response::builder()
            .header(header::CONTENT_TYPE, file.kind)
            .header(header::ETAG, &file.etag)
            .header(header::VARY, "accept-encoding")
            .header(
                header::CACHE_CONTROL,
                if file.immutable { "public, max-age=31536000, immutable" } else { "no-cache" },
            );
        if request.get(header::IF_NONE_MATCH).is_some_and(|tag| tag.as_bytes() == file.etag.as_bytes()) {
            return res.status(StatusCode::NOT_MODIFIED).body(Body::empty()).expect("a response");
        }
        let accepts = request.get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()).unwrap_or_default();
        // Only what the background task has compressed already: a request never waits for
        // it (seconds for a large wasm), so the first answers after a start may go out whole.
        let compressed = if file.bytes.len() < COMPRESS_FROM || !compressible(file.kind) {
            None
        } else if let Some(br) = file.brotli.get().filter(|_| accepts_coding(accepts, "br")) {
            Some((br, "br"))
        } else {
            file.gzip.get().filter(|_| accepts_coding(accepts, "gzip")).map(|gz| (gz, "gzip"))
        };
        let (bytes, encoding) = compressed.map_or((&file.bytes, None), |(b, e)| (b, Some(e)));
        if let Some(e) = encoding {
            res = res.header(header::CONTENT_ENCODING, HeaderValue::from_static(e));
        }
        res = res.header(header::CONTENT_LENGTH, bytes.len());
        let body = if method == Method::HEAD { Body::empty() } else { Body::from(bytes.clone()) };
        res.body(body).expect("a response")
    }
}

impl File {
    fn gzip(&self) -> &Vec<u8> {
        self.gzip.get_or_init(|| {
            let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            z.write_all(&self.bytes).expect("writing to memory");
            z.finish().expect("writing to memory")
        })
    }

    fn brotli(&self) -> &Vec<u8> {
        self.brotli.get_or_init(|| {
            let mut out = Vec::new();
            let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
            brotli::BrotliCompress(&mut &self.bytes[..], &mut out, &params).expect("writing to memory");
            out
        })
    }
}

fn read_dir(root: &Path, dir: &Path, found: &mut HashMap<String, File>, total: &mut u64) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            read_dir(root, &path, found, total)?;
            continue;
        }
        *total += entry.metadata()?.len();
        if *total > MAX_TOTAL_BYTES {
            return Err(std::io::Error::other(format!("{} holds more than a bundle", root.display())));
        }
        let relative = path.strip_prefix(root).expect("inside the root").to_string_lossy().replace('\\', "/");
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let bytes = std::fs::read(&path)?;
        let etag = format!("\"{}\"", hex(&sha2::Sha256::digest(&bytes)[..12]));
        let file = File {
            kind: content_type(name),
            immutable: is_hashed(name),
            etag,
            bytes,
            gzip: OnceLock::new(),
            brotli: OnceLock::new(),
        };
        found.insert(format!("/{relative}"), file);
    }
    Ok(())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Trunk's names carry a content hash of 16 hex digits: `main-32d88ec809163cc2.css`.
pub fn is_hashed(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, h)| h.len() == 16 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next().unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn compressible(kind: &str) -> bool {
    !kind.starts_with("image/png") && kind != "image/x-icon" && kind != "application/octet-stream"
}

/// Whether `Accept-Encoding` names `coding` with a weight above zero.
fn accepts_coding(header: &str, coding: &str) -> bool {
    header.split(',').any(|part| {
        let mut bits = part.split(';');
        let name = bits.next().unwrap_or_default().trim();
        let zero = bits.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
        name.eq_ignore_ascii_case(coding) && !zero
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunks_hashed_names_are_told_apart() {
        assert!(is_hashed("main-32d88ec809163cc2.css"));
        assert!(is_hashed("patchbay-7a76e3541732fa35_bg.wasm"));
        assert!(!is_hashed("index.html") && !is_hashed("my-page.js"));
    }

    /// A file not compressed yet goes out as it is: compressing a large wasm at quality 11
    /// takes seconds, which a request must not wait for, let alone on a runtime thread.
    #[test]
    fn an_answer_never_waits_for_compression() {
        let dir = std::env::temp_dir().join(format!("patchbay-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("app-0123456789abcdef_bg.wasm"), vec![7u8; 64 * 1024]).unwrap();
        let files = Files::read(&dir).unwrap();
        let mut request = HeaderMap::new();
        request.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip, br"));
        let path = "/app-0123456789abcdef_bg.wasm";

        let cold = files.answer(&Method::GET, path, &request);
        assert_eq!(cold.headers().get(header::CONTENT_ENCODING), None);
        assert_eq!(cold.headers()[header::CONTENT_LENGTH], "65536");
        assert!(files.0[path].brotli.get().is_none(), "the request path compressed the file");

        files.warm();
        let warm = files.answer(&Method::GET, path, &request);
        assert_eq!(warm.headers()[header::CONTENT_ENCODING], "br");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn codings_with_weight_zero_are_refused() {
        assert!(accepts_coding("gzip, deflate, br, zstd", "br"));
        assert!(!accepts_coding("gzip, br;q=0", "br"));
        assert!(accepts_coding("GZIP", "gzip"));
        assert!(!accepts_coding("identity", "gzip"));
    }
}
