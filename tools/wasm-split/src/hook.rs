//! What Trunk tells a hook (its `TRUNK_*` environment) and the hook's own arguments, and
//! where Trunk's build left the files this hook replaces.

use crate::html;
use eyre::{Result, WrapErr, bail, eyre};
use std::path::{Path, PathBuf};

/// One run of the hook: paths and settings for this Trunk build.
pub struct Hook {
    /// The binary Trunk builds (`data-bin`), which names its output files.
    pub bin: String,
    /// `release` or `debug`, as Trunk says.
    pub profile: String,
    /// Trunk's staging folder: becomes `dist/` once every hook succeeded.
    pub staging: PathBuf,
    /// The folder of Trunk's `index.html`: the workspace root.
    pub source: PathBuf,
    /// The prefix Trunk writes before every file name in `index.html` (`/` by default).
    pub public_url: String,
    /// wasm-opt's level for release builds (`z`, `s`, `1`...), none to skip it.
    opt_level: Option<String>,
}

/// The files Trunk's own Rust pipeline wrote, which the hook replaces.
pub struct TrunkOutputs {
    /// `patchbay-<hash>.js`: wasm-bindgen's module, imported by `index.html`.
    pub js: String,
    /// `patchbay-<hash>_bg.wasm`.
    pub wasm: String,
    /// cargo's wasm before wasm-bindgen: what the splitter reads.
    pub cargo_wasm: PathBuf,
}

const USAGE: &str =
    "usage: patchbay-wasm-split --bin <name> [--opt-level <z|s|0-4>] (run by Trunk as a post_build hook)";

impl Hook {
    pub fn from_env_and_args() -> Result<Self> {
        let mut bin = None;
        let mut opt_level = None;
        let mut args = std::env::args().skip(1);
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--bin" => bin = args.next(),
                "--opt-level" => opt_level = args.next().filter(|l| l != "0"),
                _ => bail!("unknown argument {arg:?}\n{USAGE}"),
            }
        }
        let var = |name: &str| {
            std::env::var(name).map_err(|_| eyre!("{name} is not set: this program runs as a Trunk post_build hook"))
        };
        let profile = var("TRUNK_PROFILE")?;
        Ok(Self {
            bin: bin.ok_or_else(|| eyre!("{USAGE}"))?,
            // wasm-opt is for releases only, as in Trunk's own pipeline.
            opt_level: opt_level.filter(|_| profile == "release"),
            profile,
            staging: var("TRUNK_STAGING_DIR")?.into(),
            source: var("TRUNK_SOURCE_DIR")?.into(),
            public_url: var("TRUNK_PUBLIC_URL")?,
        })
    }

    pub fn opt_level(&self) -> Option<&str> {
        self.opt_level.as_deref()
    }

    pub fn index_html(&self) -> PathBuf {
        self.staging.join("index.html")
    }

    /// cargo's target folder, as Trunk's cargo run saw it.
    fn target_dir(&self) -> PathBuf {
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| self.source.join("target"), PathBuf::from)
    }

    /// A clean scratch folder for this profile, inside `target/` so `trunk serve` ignores it.
    pub fn work_dir(&self) -> Result<PathBuf> {
        let dir = self.target_dir().join("patchbay-wasm-split").join(&self.profile);
        if dir.exists() {
            std::fs::remove_dir_all(&dir).wrap_err_with(|| format!("clearing {}", dir.display()))?;
        }
        std::fs::create_dir_all(&dir).wrap_err_with(|| format!("creating {}", dir.display()))?;
        Ok(dir)
    }

    /// Finds Trunk's output in the staged `index.html` and the cargo wasm it came from.
    pub fn trunk_outputs(&self) -> Result<TrunkOutputs> {
        let page = read_to_string(&self.index_html())?;
        let (js, wasm) = html::trunk_rust_outputs(&page, &self.bin).ok_or_else(|| {
            eyre!(
                "the staged index.html names no {0}-<hash>.js and {0}-<hash>_bg.wasm (is Trunk's filehash off?)",
                self.bin
            )
        })?;
        let cargo_wasm =
            self.target_dir().join("wasm32-unknown-unknown").join(&self.profile).join(format!("{}.wasm", self.bin));
        let bytes = read(&cargo_wasm)?;
        // Trunk names its output after the seahash of cargo's wasm: a mismatch means a
        // different target folder or a stale file, and splitting it would ship old code.
        let trunk_hash = wasm.trim_start_matches(&format!("{}-", self.bin)).trim_end_matches("_bg.wasm");
        if format!("{:x}", seahash::hash(&bytes)) != trunk_hash {
            bail!("{} is not the wasm Trunk just built (its hash is not {trunk_hash})", cargo_wasm.display());
        }
        Ok(TrunkOutputs { js, wasm, cargo_wasm })
    }
}

pub fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).wrap_err_with(|| format!("reading {}", path.display()))
}

pub fn read_to_string(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).wrap_err_with(|| format!("reading {}", path.display()))
}

pub fn write(path: &Path, bytes: impl AsRef<[u8]>) -> Result<()> {
    std::fs::write(path, bytes).wrap_err_with(|| format!("writing {}", path.display()))
}
