//! The bundle on the gateway's own origin: compressed (brotli when asked for, else gzip),
//! cached for a year under Trunk's hashed names, revalidated for `index.html`, and the
//! client-side routes answered with the page.

use crate::helpers::spawn_app_with;

#[tokio::test]
async fn the_bundle_goes_out_compressed_and_a_second_visit_fetches_only_the_page() {
    let dist = tempfile::tempdir().unwrap();
    let wasm: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(dist.path().join("index.html"), "<!doctype html><title>Patchbay</title>".repeat(20)).unwrap();
    std::fs::write(dist.path().join("patchbay-0123456789abcdef_bg.wasm"), &wasm).unwrap();
    let dir = dist.path().to_path_buf();
    let app = spawn_app_with(move |c| c.static_dir = Some(dir)).await;
    // A browser's client does not decompress by itself here: the bytes are as sent.
    let raw = reqwest::Client::builder().no_gzip().no_brotli().build().unwrap();

    // Compression runs in the background from the start, and no request waits for it: the
    // first answers may carry the file whole, then brotli once it is ready.
    let mut tries = 0;
    let br = loop {
        let res = raw.get(app.url("/patchbay-0123456789abcdef_bg.wasm")).header("accept-encoding", "gzip, deflate, br");
        let res = res.send().await.unwrap();
        match res.headers().get("content-encoding").map(|e| e.to_str().unwrap().to_string()) {
            Some(e) if e == "br" => break res,
            // gzip is ready first; the browser asked for it too.
            Some(e) if e == "gzip" => {}
            Some(other) => panic!("sent as {other}"),
            None => assert_eq!(res.bytes().await.unwrap().len(), wasm.len(), "a whole file until compressed"),
        }
        tries += 1;
        assert!(tries < 100, "never compressed with brotli");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert_eq!(br.headers()["content-type"], "application/wasm");
    assert_eq!(br.headers()["cache-control"], "public, max-age=31536000, immutable");
    let sent = br.bytes().await.unwrap();
    assert!(sent.len() < wasm.len() / 10, "{} bytes for {}", sent.len(), wasm.len());
    let mut plain = Vec::new();
    brotli::BrotliDecompress(&mut &sent[..], &mut plain).unwrap();
    assert_eq!(plain, wasm, "the compressed bytes are the file");

    let gz = raw.get(app.url("/patchbay-0123456789abcdef_bg.wasm")).header("accept-encoding", "gzip").send().await;
    assert_eq!(gz.unwrap().headers()["content-encoding"], "gzip");
    let none = raw.get(app.url("/patchbay-0123456789abcdef_bg.wasm")).send().await.unwrap();
    assert!(none.headers().get("content-encoding").is_none());

    let page = raw.get(app.url("/agents/abc")).header("accept-encoding", "br").send().await.unwrap();
    assert_eq!(page.headers()["cache-control"], "no-cache");
    assert!(page.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let tag = page.headers()["etag"].to_str().unwrap().to_string();
    let revisit = raw.get(app.url("/")).header("if-none-match", &tag).send().await.unwrap();
    assert_eq!(revisit.status(), 304, "a second visit gets the page from its cache");
}
