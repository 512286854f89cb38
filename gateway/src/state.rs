//! Shared state handed to every handler and background task.

use crate::crypto::{Cipher, KeyError};
use crate::{Config, db, outbound};
use sqlx::SqlitePool;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

#[derive(Clone)]
pub struct AppState {
    pub db: SqlitePool,
    pub config: Arc<Config>,
    /// Seals client secrets and tokens before they reach the database.
    pub cipher: Cipher,
    /// For MCP calls: SSRF-guarded, no redirects, with the outbound timeout.
    pub http: reqwest::Client,
    /// One lock per tool, so only one token refresh runs at a time for it.
    tool_locks: Arc<Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>>,
}

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    Db(#[from] db::OpenError),
    #[error(transparent)]
    Key(#[from] KeyError),
}

impl AppState {
    /// Opens (creating if needed) the database and key in the data dir; applies migrations.
    pub async fn open(config: Config) -> Result<Self, OpenError> {
        crate::tls::install();
        let db = db::open(&config.data_dir).await?;
        let cipher = Cipher::open(&config.data_dir)?;
        let http = outbound::http_client(config.allow_private_networks, config.outbound_timeout);
        Ok(Self { db, config: Arc::new(config), cipher, http, tool_locks: Arc::default() })
    }

    /// The tool's refresh lock (created on first use).
    pub fn tool_lock(&self, tool_id: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self.tool_locks.lock().expect("tool lock map is never poisoned");
        locks.entry(tool_id.to_string()).or_default().clone()
    }
}
