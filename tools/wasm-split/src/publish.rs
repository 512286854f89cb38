//! Puts the split build into Trunk's staging folder in place of Trunk's own wasm and JS:
//! every file named after its content (so a deploy can cache them for a year), the names
//! wired into each other and into `index.html`, whose integrity values are recomputed.

use crate::hook::{Hook, TrunkOutputs, read, read_to_string, write};
use crate::html;
use crate::split::{LOADER_PLACEHOLDER, MAIN_JS_PLACEHOLDER, Parts};
use crate::tools::{self, Bound};
use eyre::{Result, WrapErr, bail, eyre};
use sha2::{Digest, Sha256};
use std::path::Path;

/// What the hook wrote.
pub struct Published {
    /// `(name, bytes)` of what `index.html` loads.
    first_load: Vec<(String, usize)>,
    /// Each split point and the files its first use fetches.
    fetches: Vec<(String, Vec<String>)>,
}

impl Published {
    pub fn summary(&self) -> Vec<String> {
        let main = self.first_load.iter().map(|(n, b)| format!("{n} {b} B")).collect::<Vec<_>>().join(", ");
        let lazy = self.fetches.iter().map(|(split, files)| format!("{split} ({} files)", files.len()));
        vec![format!("first load: {main}"), format!("lazy: {}", lazy.collect::<Vec<_>>().join(", "))]
    }

    /// `scripts/size-report`'s input: one line per split point, `<name> <file>...`.
    pub fn manifest(&self) -> String {
        self.fetches.iter().map(|(split, files)| format!("{split} {}\n", files.join(" "))).collect()
    }
}

pub fn publish(hook: &Hook, trunk: &TrunkOutputs, parts: &Parts, bound: &Bound) -> Result<Published> {
    let mut loader = read_to_string(&parts.loader_js)?;
    let mut hashed = std::collections::HashMap::new();
    for chunk in &parts.chunks {
        let stem = chunk.file_stem().and_then(|s| s.to_str()).ok_or_else(|| eyre!("odd chunk name {chunk:?}"))?;
        let bytes = read(chunk)?;
        let name = format!("{stem}-{}.wasm", short_hash(&bytes));
        let quoted = format!("\"./{stem}.wasm\"");
        if !loader.contains(&quoted) {
            // An empty part: the loader has nothing to fetch for it.
            continue;
        }
        loader = loader.replace(&quoted, &format!("\"./{name}\""));
        write(&hook.staging.join(&name), &bytes)?;
        hashed.insert(stem.to_string(), name);
    }
    let fetches = parts
        .fetches
        .iter()
        .map(|(split, stems)| {
            let files = stems.iter().map(|s| {
                hashed
                    .get(s)
                    .cloned()
                    .ok_or_else(|| eyre!("the split loader does not fetch {s}.wasm, which {split} needs"))
            });
            Ok((split.clone(), files.collect::<Result<Vec<_>>>()?))
        })
        .collect::<Result<Vec<_>>>()?;

    let JsPair { mut main_js, mut loader, js_name, loader_name } =
        name_js_pair(&hook.bin, read_to_string(&bound.js)?, &loader);
    let imports_loader = main_js.contains(&format!("from \"./{loader_name}\""));
    if !parts.chunks.is_empty() && !imports_loader {
        bail!("wasm-bindgen's module does not import the split loader as `from \"{LOADER_PLACEHOLDER}\"`");
    }
    if hook.opt_level().is_some() {
        // After naming: the names hash the readable text, which minifying does not change.
        main_js = tools::minify_js(&main_js)?;
        loader = tools::minify_js(&loader)?;
    }
    write(&hook.staging.join(&js_name), &main_js)?;
    write(&hook.staging.join(&loader_name), &loader)?;

    let wasm = read(&bound.wasm)?;
    let wasm_name = format!("{}-{}_bg.wasm", hook.bin, short_hash(&wasm));
    write(&hook.staging.join(&wasm_name), &wasm)?;

    replace_snippets(&bound.snippets, &hook.staging.join("snippets"))?;
    for old in [&trunk.js, &trunk.wasm] {
        std::fs::remove_file(hook.staging.join(old)).wrap_err_with(|| format!("removing Trunk's {old}"))?;
    }

    let base = &hook.public_url;
    let mut page = read_to_string(&hook.index_html())?.replace(&trunk.js, &js_name).replace(&trunk.wasm, &wasm_name);
    if imports_loader {
        // The loader is a static import of the main module: preloading it saves a round trip.
        page = html::add_modulepreload(&page, &format!("{base}{js_name}"), &format!("{base}{loader_name}"))
            .ok_or_else(|| eyre!("index.html has no modulepreload for {js_name}"))?;
    }
    page = html::refresh_integrity(&page, base, |name| std::fs::read(hook.staging.join(name)).ok())
        .map_err(|e| eyre!(e))?;
    write(&hook.index_html(), &page)?;

    let first_load = vec![(wasm_name, wasm.len()), (js_name, main_js.len()), (loader_name, loader.len())];
    Ok(Published { first_load, fetches })
}

/// wasm-bindgen's module and the split loader, wired to each other under their final names.
struct JsPair {
    main_js: String,
    loader: String,
    js_name: String,
    loader_name: String,
}

/// The two modules import each other, so one hash names the pair: computed over their final
/// text with the pair's own names left as a token.
fn name_js_pair(bin: &str, main_js: String, loader: &str) -> JsPair {
    const PAIR: &str = "@PAIR@";
    let js_name = |pair: &str| format!("{bin}-{pair}.js");
    let loader_name = |pair: &str| format!("{bin}-split-{pair}.js");
    // Only the import specifiers change: the `imports` object keeps the placeholder as its
    // key, because that is the module name the main wasm's imports carry.
    let main_js =
        main_js.replace(&format!("from \"{LOADER_PLACEHOLDER}\""), &format!("from \"./{}\"", loader_name(PAIR)));
    let loader = loader.replace(MAIN_JS_PLACEHOLDER, &format!("./{}", js_name(PAIR)));
    let pair = short_hash(format!("{main_js}\0{loader}").as_bytes());
    JsPair {
        main_js: main_js.replace(PAIR, &pair),
        loader: loader.replace(PAIR, &pair),
        js_name: js_name(&pair),
        loader_name: loader_name(&pair),
    }
}

/// 16 hex digits of SHA-256, the length of Trunk's own file hashes.
fn short_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// Trunk copied the snippets of its own wasm-bindgen run; ours are the ones that match.
fn replace_snippets(ours: &Path, staged: &Path) -> Result<()> {
    if staged.exists() {
        std::fs::remove_dir_all(staged).wrap_err_with(|| format!("removing {}", staged.display()))?;
    }
    if ours.exists() {
        copy_dir(ours, staged)?;
    }
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to).wrap_err_with(|| format!("creating {}", to.display()))?;
    for entry in std::fs::read_dir(from).wrap_err_with(|| format!("listing {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target).wrap_err_with(|| format!("copying to {}", target.display()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    // The shapes wasm-bindgen 0.2.130 and wasm_split_cli_support 0.2.4 write.
    const MAIN_JS: &str = "import * as import1 from \"./__patchbay_split_loader__.js\"\n\
        function __wbg_get_imports() { return { \"./__patchbay_split_loader__.js\": import1 }; }";
    const LOADER: &str = "import { initSync } from \"./__patchbay_main__.js\";\nconst c = \"./chunk_1-00.wasm\";";

    #[test]
    fn the_pair_imports_each_other_by_hashed_name_and_keeps_the_wasm_import_key() {
        let pair = name_js_pair("patchbay", MAIN_JS.into(), LOADER);
        assert!(pair.js_name.starts_with("patchbay-") && pair.loader_name.starts_with("patchbay-split-"));
        assert!(pair.main_js.contains(&format!("import * as import1 from \"./{}\"", pair.loader_name)));
        // The main wasm imports from the placeholder module name: that key must stay.
        assert!(pair.main_js.contains("{ \"./__patchbay_split_loader__.js\": import1 }"));
        assert!(pair.loader.contains(&format!("import {{ initSync }} from \"./{}\";", pair.js_name)));
        assert!(!pair.main_js.contains("@PAIR@") && !pair.loader.contains("@PAIR@"));
    }

    #[test]
    fn a_change_in_either_module_renames_both() {
        let before = name_js_pair("patchbay", MAIN_JS.into(), LOADER);
        let main_changed = name_js_pair("patchbay", format!("{MAIN_JS}\n"), LOADER);
        let loader_changed = name_js_pair("patchbay", MAIN_JS.into(), &format!("{LOADER}\n"));
        assert_ne!(before.js_name, main_changed.js_name);
        assert_ne!(before.loader_name, loader_changed.loader_name);
        assert_eq!(before.js_name, name_js_pair("patchbay", MAIN_JS.into(), LOADER).js_name);
    }
}
