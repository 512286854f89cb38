//! The two external programs the hook runs again on the split parts: wasm-bindgen (the
//! one bootstrap installs, matching Cargo.lock) and npm binaryen's wasm-opt.

use crate::hook::Hook;
use crate::split::Parts;
use eyre::{Result, WrapErr, bail, eyre};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

/// wasm-bindgen's output for the main part.
pub struct Bound {
    /// The JS module `index.html` imports.
    pub js: PathBuf,
    /// The main wasm it instantiates.
    pub wasm: PathBuf,
    /// JS snippets of crates (`#[wasm_bindgen(module = ...)]`), if any.
    pub snippets: PathBuf,
}

/// Runs wasm-bindgen on the main part with the flags cargo-leptos uses for split builds.
pub fn wasm_bindgen(hook: &Hook, parts: &Parts, work: &Path) -> Result<Bound> {
    let out = work.join("bindgen");
    let mut cmd = Command::new("wasm-bindgen");
    cmd.arg("--target=web")
        .arg(format!("--out-dir={}", out.display()))
        .arg(format!("--out-name={}", hook.bin))
        .arg("--no-typescript")
        // The lazy parts import the linker's exports (stack pointer, table, ...) by name.
        .arg("--keep-lld-exports")
        .arg("--no-demangle")
        .arg(&parts.main);
    run(&mut cmd, "wasm-bindgen (bootstrap installs it: ./scripts/bootstrap)")?;
    Ok(Bound {
        js: out.join(format!("{}.js", hook.bin)),
        wasm: out.join(format!("{}_bg.wasm", hook.bin)),
        snippets: out.join("snippets"),
    })
}

/// npm binaryen's wasm-opt: Debian's old one (108) produces wasm that fails at run time.
pub struct WasmOpt(PathBuf);

/// The oldest binaryen known to keep this wasm working (Trunk.toml pins the same).
const MIN_BINARYEN: u32 = 132;

impl WasmOpt {
    pub fn find(hook: &Hook) -> Result<Self> {
        let npm = hook.source.join("e2e/node_modules/.bin/wasm-opt");
        let path = if npm.exists() { npm } else { PathBuf::from("wasm-opt") };
        let out = Command::new(&path)
            .arg("--version")
            .output()
            .map_err(|e| eyre!("cannot run {} ({e}): run ./scripts/bootstrap", path.display()))?;
        let text = String::from_utf8_lossy(&out.stdout);
        let version =
            text.split_whitespace().skip_while(|w| *w != "version").nth(1).and_then(|v| v.parse::<u32>().ok());
        match version {
            Some(v) if v >= MIN_BINARYEN => Ok(Self(path)),
            _ => bail!(
                "{} says {:?}; binaryen {MIN_BINARYEN} or newer is needed: run ./scripts/bootstrap",
                path.display(),
                text.trim()
            ),
        }
    }

    /// Optimizes every part in place, as many at once as there are cores.
    pub fn run_all(&self, level: &str, parts: &[&PathBuf]) -> Result<()> {
        let next = Mutex::new(parts.iter());
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers)
                .map(|_| {
                    scope.spawn(|| {
                        loop {
                            // Its own statement, so the lock is released before wasm-opt runs.
                            let wasm = next.lock().map_err(|_| eyre!("a wasm-opt worker panicked"))?.next();
                            match wasm {
                                Some(wasm) => self.run(level, wasm)?,
                                None => return Ok(()),
                            }
                        }
                    })
                })
                .collect();
            handles.into_iter().try_for_each(|h| h.join().map_err(|_| eyre!("a wasm-opt worker panicked"))?)
        })
    }

    /// Optimizes one part in place.
    fn run(&self, level: &str, wasm: &Path) -> Result<()> {
        let mut cmd = Command::new(&self.0);
        cmd.arg(format!("-O{level}"))
            // The lazy parts carry no `target_features` section to read these from; they are
            // the features rustc's wasm32 target emits.
            .args(["--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext"])
            .args(["--enable-mutable-globals", "--enable-reference-types", "--enable-multivalue"])
            .arg(wasm)
            .arg("-o")
            .arg(wasm);
        run(&mut cmd, "wasm-opt")
    }
}

/// Minifies an ES module with npm's esbuild (bootstrap installs it beside binaryen): the
/// two modules the first load fetches shrink from about 12.4 to 7 KB gzipped. Exports,
/// import specifiers and object keys (the wasm's import names) keep their spelling.
pub fn minify_js(module: &str) -> Result<String> {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new("esbuild")
        .args(["--minify", "--format=esm", "--loader=js", "--log-level=warning"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .wrap_err("cannot start esbuild (bootstrap installs it: ./scripts/bootstrap)")?;
    let mut stdin = child.stdin.take().ok_or_else(|| eyre!("esbuild has no stdin"))?;
    // Written from a thread: esbuild answers only after its input ends, and a module larger
    // than the pipe's buffer would otherwise block both sides.
    let input = module.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().wrap_err("waiting for esbuild")?;
    writer.join().map_err(|_| eyre!("esbuild's input writer panicked"))?.wrap_err("writing to esbuild")?;
    if !out.status.success() {
        bail!("esbuild failed ({})", out.status);
    }
    String::from_utf8(out.stdout).wrap_err("esbuild wrote something that is not UTF-8")
}

fn run(cmd: &mut Command, what: &str) -> Result<()> {
    let status = cmd.status().wrap_err_with(|| format!("cannot start {what}"))?;
    if !status.success() {
        bail!("{what} failed ({status}): {cmd:?}");
    }
    Ok(())
}
