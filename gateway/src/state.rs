//! Shared state handed to every handler.

use crate::{Config, db};
use sqlx::SqlitePool;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub db: SqlitePool,
    pub config: Arc<Config>,
}

impl AppState {
    /// Opens (creating if needed) the database in the data dir and applies migrations.
    pub async fn open(config: Config) -> Result<Self, db::OpenError> {
        let db = db::open(&config.data_dir).await?;
        Ok(Self { db, config: Arc::new(config) })
    }
}
