//! Command-line flags, each with an environment equivalent.

use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

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

    /// Folder for the SQLite database and the encryption key (`secret.key`).
    #[arg(long, env = "PATCHBAY_DATA_DIR", default_value = ".patchbay")]
    pub data_dir: PathBuf,

    /// The database: `sqlite://path` or `postgres://user:pass@host/db`.
    /// Defaults to `patchbay.sqlite` in the data dir.
    #[arg(long, env = "PATCHBAY_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,

    /// The base URL the browser sees (used for the OAuth redirect URI).
    /// Defaults to http://<listen>.
    #[arg(long, env = "PATCHBAY_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// A built SPA bundle (trunk's `dist/`) to serve on the same origin.
    #[arg(long, env = "PATCHBAY_STATIC_DIR")]
    pub static_dir: Option<PathBuf>,

    /// API keys callers must send (`Authorization: <key>` or `Bearer <key>`).
    /// Required when listening off loopback; comma-separated in the environment.
    #[arg(long = "api-key", env = "PATCHBAY_API_KEYS", value_delimiter = ',', hide_env_values = true)]
    pub api_keys: Vec<String>,

    /// Extra host names the `Host` header may carry (DNS-rebinding guard). The
    /// listen address, loopback names and the public URL's host are always allowed.
    #[arg(long = "allowed-host", env = "PATCHBAY_ALLOWED_HOSTS", value_delimiter = ',')]
    pub allowed_hosts: Vec<String>,

    /// Other gateways the console this gateway serves may call (its Settings can point at
    /// them), as origins such as `https://flow.seekr.com`; by default only this one. Added
    /// to the page's `connect-src`; comma-separated in the environment.
    #[arg(long = "allow-gateway", env = "PATCHBAY_ALLOW_GATEWAYS", value_delimiter = ',')]
    pub allow_gateways: Vec<String>,

    /// How long a person has to finish signing in (e.g. `1h`, `2s`).
    #[arg(long, env = "PATCHBAY_AUTHORIZATION_WINDOW", default_value = "1h", value_parser = humantime::parse_duration)]
    pub authorization_window: Duration,

    /// How often active tools are checked (token refresh, tool list).
    #[arg(long, env = "PATCHBAY_HEALTH_INTERVAL", default_value = "5m", value_parser = humantime::parse_duration)]
    pub health_interval: Duration,

    /// How long a tool's server may stay unreachable (over at least three checks)
    /// before the tool is `Failed`; until then it stays active with a warning.
    #[arg(long, env = "PATCHBAY_UNREACHABLE_GRACE", default_value = "5m", value_parser = humantime::parse_duration)]
    pub unreachable_grace: Duration,

    /// How long a tool call through an agent may wait for an answer (reset by progress
    /// notifications, up to ten times this).
    #[arg(long, env = "PATCHBAY_CALL_TIMEOUT", default_value = "60s", value_parser = humantime::parse_duration)]
    pub call_timeout: Duration,

    /// How long one outbound call to an MCP or OAuth server may take.
    #[arg(long, env = "PATCHBAY_OUTBOUND_TIMEOUT", default_value = "10s", value_parser = humantime::parse_duration)]
    pub outbound_timeout: Duration,

    /// How long the call log keeps a call (e.g. `30d`, `12h`).
    #[arg(long, env = "PATCHBAY_CALL_LOG_RETENTION", default_value = "30d", value_parser = humantime::parse_duration)]
    pub call_log_retention: Duration,

    /// The most calls the call log keeps; the oldest go first.
    #[arg(long, env = "PATCHBAY_CALL_LOG_MAX_ROWS", default_value_t = 100_000)]
    pub call_log_max_rows: u64,

    /// Let MCP servers live on private networks (10/8, 172.16/12, 192.168/16, fc00::/7).
    /// Link-local and cloud metadata addresses stay refused.
    #[arg(long, env = "PATCHBAY_ALLOW_PRIVATE_NETWORKS")]
    pub allow_private_networks: bool,
}

impl Config {
    /// The browser-visible base URL, without a trailing slash.
    pub fn public_url(&self) -> String {
        match &self.public_url {
            Some(u) => u.trim_end_matches('/').to_string(),
            None => format!("http://{}", self.listen),
        }
    }

    /// Which database this config opens, for the start-up line (no password).
    pub fn database_label(&self) -> String {
        match &self.database_url {
            Some(u) if u.starts_with("sqlite:") => u.clone(),
            Some(u) => match url::Url::parse(u) {
                Ok(p) => format!("postgres://{}{}", p.host_str().unwrap_or_default(), p.path()),
                Err(_) => "postgres".into(),
            },
            None => crate::db::sqlite_url(&self.data_dir),
        }
    }

    /// Where providers send the person back after signing in.
    pub fn redirect_uri(&self) -> String {
        format!("{}/oauth/callback", self.public_url())
    }

    /// Refuses settings that cannot work, with a sentence saying what to change.
    pub fn check(&self) -> Result<(), String> {
        if let Some(u) = &self.public_url
            && !(u.starts_with("http://") || u.starts_with("https://"))
        {
            return Err(format!("--public-url {u:?} must start with http:// or https://"));
        }
        if let Some(bad) = self.allow_gateways.iter().find(|o| !is_origin(o)) {
            return Err(format!(
                "--allow-gateway {bad:?} is not an origin: give scheme, host and port only, like https://flow.seekr.com"
            ));
        }
        if let Some(dir) = &self.static_dir
            && !dir.join("index.html").is_file()
        {
            return Err(format!(
                "--static-dir {} has no index.html; build the SPA with `trunk build --release` first",
                dir.display()
            ));
        }
        if !self.listen.ip().is_loopback() && self.api_keys.iter().all(|k| k.trim().is_empty()) {
            return Err(format!(
                "listening on {} reaches beyond this machine, so callers need an API key: \
                 set --api-key or PATCHBAY_API_KEYS, or listen on 127.0.0.1",
                self.listen
            ));
        }
        if let Some(url) = &self.database_url
            && !(url.starts_with("sqlite:") || url.starts_with("postgres:") || url.starts_with("postgresql:"))
        {
            return Err("--database-url must start with sqlite:// or postgres://".into());
        }
        if self.authorization_window.is_zero() || self.health_interval.is_zero() {
            return Err("--authorization-window and --health-interval must be longer than zero".into());
        }
        if self.call_log_retention.is_zero() || self.call_log_max_rows == 0 {
            return Err("--call-log-retention and --call-log-max-rows must be more than zero".into());
        }
        Ok(())
    }

    /// A config for tests: a fresh data dir, loopback, no static files.
    pub fn for_tests(data_dir: PathBuf) -> Self {
        Self::parse_from(
            ["patchbay-gateway", "--listen", "127.0.0.1:0", "--data-dir"]
                .iter()
                .copied()
                .chain([data_dir.to_str().expect("utf-8 temp dir")]),
        )
    }
}

/// `http(s)://host[:port]` and nothing else: what a CSP source for one origin must be
/// (a space or `;` would add directives to the policy).
fn is_origin(value: &str) -> bool {
    let Some(rest) = value.strip_prefix("https://").or_else(|| value.strip_prefix("http://")) else { return false };
    !rest.is_empty()
        && rest.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
        && !rest.starts_with(':')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listening_off_loopback_without_keys_is_refused() {
        let mut c = Config::parse_from(["g", "--listen", "0.0.0.0:8787"]);
        assert!(c.check().unwrap_err().contains("API key"));
        c.api_keys = vec!["k".into()];
        assert_eq!(c.check(), Ok(()));
    }

    #[test]
    fn only_plain_origins_may_be_allowed_as_other_gateways() {
        let c = Config::parse_from(["g", "--allow-gateway", "https://flow.seekr.com,http://127.0.0.1:9000"]);
        assert_eq!(c.check(), Ok(()));
        for bad in ["flow.seekr.com", "https://a.com/path", "https://a.com; script-src *", "javascript:x", "https://"] {
            let c = Config::parse_from(["g", "--allow-gateway", bad]);
            assert!(c.check().unwrap_err().contains("is not an origin"), "{bad}");
        }
    }

    #[test]
    fn the_window_accepts_short_durations() {
        let c = Config::parse_from(["g", "--authorization-window", "2s"]);
        assert_eq!(c.authorization_window, Duration::from_secs(2));
        assert_eq!(Config::parse_from(["g"]).authorization_window, Duration::from_secs(3600));
    }

    #[test]
    fn the_call_log_keeps_30_days_or_100000_calls_unless_told() {
        let c = Config::parse_from(["g"]);
        assert_eq!((c.call_log_retention, c.call_log_max_rows), (Duration::from_secs(30 * 86_400), 100_000));
        let c = Config::parse_from(["g", "--call-log-retention", "12h", "--call-log-max-rows", "500"]);
        assert_eq!((c.call_log_retention, c.call_log_max_rows), (Duration::from_secs(12 * 3600), 500));
        let c = Config::parse_from(["g", "--call-log-max-rows", "0"]);
        assert!(c.check().unwrap_err().contains("--call-log-max-rows"));
    }
}
