//! Shared state handed to every handler and background task.

use crate::Config;
use crate::crypto::{Cipher, KeyError};
use crate::db::{self, Db};
use crate::runtime::{recorder::Recorder, tool_lists::ToolLists, watch::Watch};
use crate::upstream::Upstream;
use crate::upstream::session::Pool;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    /// Seals client secrets and tokens before they reach the database.
    pub cipher: Cipher,
    /// For MCP and OAuth calls: SSRF-guarded, no redirects, with the outbound timeout.
    pub upstream: Upstream,
    /// Upstream MCP sessions, one per connector, reused across calls.
    pub pool: Arc<Pool>,
    /// Connector ids whose server announced `tools/list_changed`; taken once by `lifecycle`.
    pub list_changed: Arc<Mutex<Option<tokio::sync::mpsc::UnboundedReceiver<String>>>>,
    /// Open MCP sessions hear here when their agent's tools change.
    pub watch: Arc<Watch>,
    /// Whether this instance runs the background loops (one does, across instances).
    pub leadership: Arc<crate::db::locks::Leadership>,
    /// Serialized tools lists, kept while the tools table does not change.
    pub tool_lists: Arc<ToolLists>,
    /// Ids of agent access tokens revoked here: open MCP sessions opened with one close.
    pub revoked_tokens: tokio::sync::broadcast::Sender<String>,
    /// Writes the call log and tokens' last use in the background.
    pub recorder: Recorder,
    /// One lock per tool, so only one token refresh runs at a time for it.
    tool_locks: Arc<Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>>,
}

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    Db(#[from] db::OpenError),
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error(
        "the secret key does not open this database's secrets: it was sealed with another PATCHBAY_SECRET_KEY \
         (or another secret.key). Start with the key it was created with; without it, stored sign-ins cannot be read"
    )]
    WrongKey,
    #[error("cannot check the secret key against the database: {0}")]
    KeyCheck(crate::error::Error),
}

impl AppState {
    /// Opens (creating if needed) the database and key; applies migrations; refuses a key
    /// that did not seal this database's secrets.
    pub async fn open(config: Config) -> Result<Self, OpenError> {
        crate::tls::install();
        let db = match &config.database_url {
            Some(url) => Db::open(url).await?,
            None => Db::open_in(&config.data_dir).await?,
        };
        let cipher = Cipher::open(&config.data_dir)?;
        if !db::meta::key_matches(&db, &cipher).await.map_err(OpenError::KeyCheck)? {
            return Err(OpenError::WrongKey);
        }
        let upstream = Upstream::new(config.allow_private_networks, config.outbound_timeout);
        let (revoked_tokens, _) = tokio::sync::broadcast::channel(64);
        let recorder = Recorder::start(db.clone());
        let (changed_tx, changed_rx) = tokio::sync::mpsc::unbounded_channel();
        Ok(Self {
            leadership: Arc::new(crate::db::locks::Leadership::new(&db, config.database_url.as_deref())),
            db,
            config: Arc::new(config),
            cipher,
            upstream,
            pool: Arc::new(Pool::new(changed_tx)),
            list_changed: Arc::new(Mutex::new(Some(changed_rx))),
            watch: Arc::default(),
            tool_lists: Arc::default(),
            recorder,
            revoked_tokens,
            tool_locks: Arc::default(),
        })
    }

    /// The tool's refresh lock (created on first use).
    pub fn tool_lock(&self, tool_id: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self.tool_locks.lock().expect("tool lock map is never poisoned");
        locks.entry(tool_id.to_string()).or_default().clone()
    }
}
