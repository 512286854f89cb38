//! Splits cargo's wasm at its `#[wasm_split]` points with `wasm_split_cli_support`, as
//! cargo-leptos does: a main part for wasm-bindgen, one wasm file per lazy part (and per
//! group of functions that several parts share), and the JS that loads them.

use crate::hook::{TrunkOutputs, read};
use eyre::{Result, WrapErr};
use std::path::PathBuf;

/// The path wasm-bindgen's module imports the loaders from, and the loaders' own import of
/// wasm-bindgen's module: placeholders the publish step replaces with hashed names.
pub const LOADER_PLACEHOLDER: &str = "./__patchbay_split_loader__.js";
pub const MAIN_JS_PLACEHOLDER: &str = "./__patchbay_main__.js";

/// What the splitter wrote into the work folder.
pub struct Parts {
    /// The main part, still to go through wasm-bindgen.
    pub main: PathBuf,
    /// The lazily loaded parts, ready as they are (they import only the main part's exports).
    pub chunks: Vec<PathBuf>,
    /// The JS module that fetches and instantiates the lazy parts.
    pub loader_js: PathBuf,
    /// Each split point's name and the file stems its first use fetches, sorted.
    pub fetches: Vec<(String, Vec<String>)>,
}

pub fn split(trunk: &TrunkOutputs, work: &std::path::Path) -> Result<Parts> {
    let input = read(&trunk.cargo_wasm)?;
    let out_dir = work.join("split");
    let main = work.join("main.wasm");
    let result = wasm_split_cli_support::transform({
        let mut opts = wasm_split_cli_support::Options::new(&input);
        opts.output_dir = &out_dir;
        opts.main_out_path = &main;
        opts.link_name = LOADER_PLACEHOLDER;
        opts.main_module = MAIN_JS_PLACEHOLDER;
        opts
    })
    .wrap_err("splitting the wasm (was it linked with -Clink-args=--emit-relocs? see .cargo/config.toml)")?;
    let mut chunks = result.split_modules;
    chunks.sort();
    let mut fetches: Vec<_> = result.prefetch_map.into_iter().collect();
    fetches.sort();
    for (_, stems) in &mut fetches {
        stems.sort();
    }
    Ok(Parts { main, chunks, loader_js: out_dir.join(LOADER_PLACEHOLDER), fetches })
}
