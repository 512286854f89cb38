//! Command-line flags, each with an environment equivalent.

use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Clone, Parser)]
#[command(
    name = "patchbay-gateway",
    version,
    about = "Patchbay's gateway: SeekrFlow-compatible MCP connectors with real OAuth"
)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "PATCHBAY_LISTEN", default_value = "127.0.0.1:8787")]
    pub listen: SocketAddr,

    /// Folder for the SQLite database (and, later, the encryption key).
    #[arg(long, env = "PATCHBAY_DATA_DIR", default_value = ".patchbay")]
    pub data_dir: PathBuf,

    /// The base URL the browser sees (used for the OAuth redirect URI).
    /// Defaults to http://<listen>.
    #[arg(long, env = "PATCHBAY_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// A built SPA bundle (trunk's `dist/`) to serve on the same origin.
    #[arg(long, env = "PATCHBAY_STATIC_DIR")]
    pub static_dir: Option<PathBuf>,
}

impl Config {
    /// The browser-visible base URL, without a trailing slash.
    pub fn public_url(&self) -> String {
        match &self.public_url {
            Some(u) => u.trim_end_matches('/').to_string(),
            None => format!("http://{}", self.listen),
        }
    }

    /// Refuses settings that cannot work, with a sentence saying what to change.
    pub fn check(&self) -> Result<(), String> {
        if let Some(u) = &self.public_url
            && !(u.starts_with("http://") || u.starts_with("https://"))
        {
            return Err(format!("--public-url {u:?} must start with http:// or https://"));
        }
        if let Some(dir) = &self.static_dir
            && !dir.join("index.html").is_file()
        {
            return Err(format!(
                "--static-dir {} has no index.html; build the SPA with `trunk build --release` first",
                dir.display()
            ));
        }
        Ok(())
    }

    /// A config for tests: a fresh data dir, loopback, no static files.
    pub fn for_tests(data_dir: PathBuf) -> Self {
        Self { listen: "127.0.0.1:0".parse().unwrap(), data_dir, public_url: None, static_dir: None }
    }
}
