//! Trunk `post_build` hook that gives the SPA route-level code splitting: it splits cargo's
//! wasm at the `#[wasm_split]` points of the lazy pages, then redoes Trunk's wasm-bindgen and
//! wasm-opt on the parts and rewrites `index.html` (names, subresource integrity).
//!
//! Trunk cannot split wasm (trunk-rs/trunk#1022); the steps follow cargo-leptos'
//! `--split` build: split the linker's output (needs `-Clink-args=--emit-relocs`), run
//! wasm-bindgen on the main part only with `--keep-lld-exports`, wasm-opt every part.
//! Without this hook a build with lazy pages keeps an import from
//! `__wasm_split_placeholder__` that no browser can resolve, so it runs for every profile.

mod hook;
mod html;
mod publish;
mod split;
mod tools;

use eyre::Result;

/// Written into the work folder (`target/patchbay-wasm-split/<profile>/`) for size reports.
const MANIFEST: &str = "lazy-parts.txt";
use std::time::Instant;

fn main() -> Result<()> {
    let mut clock = Clock(Instant::now(), Vec::new());
    let hook = hook::Hook::from_env_and_args()?;
    let trunk = hook.trunk_outputs()?;
    let work = hook.work_dir()?;
    let parts = split::split(&trunk, &work)?;
    clock.lap("split");
    let bound = tools::wasm_bindgen(&hook, &parts, &work)?;
    clock.lap("wasm-bindgen");
    if let Some(level) = hook.opt_level() {
        let wasm_opt = tools::WasmOpt::find(&hook)?;
        // The main part first: it takes longest, the small parts run beside it.
        let all: Vec<_> = std::iter::once(&bound.wasm).chain(&parts.chunks).collect();
        wasm_opt.run_all(level, &all)?;
        clock.lap("wasm-opt");
    }
    let published = publish::publish(&hook, &trunk, &parts, &bound)?;
    hook::write(&work.join(MANIFEST), published.manifest())?;
    clock.lap("publish");
    for line in published.summary() {
        println!("patchbay-wasm-split: {line}");
    }
    println!("patchbay-wasm-split: done ({})", clock.1.join(", "));
    Ok(())
}

/// Seconds per step, so a slow build shows where the time goes.
struct Clock(Instant, Vec<String>);

impl Clock {
    fn lap(&mut self, step: &str) {
        self.1.push(format!("{step} {:.1} s", self.0.elapsed().as_secs_f32()));
        self.0 = Instant::now();
    }
}
