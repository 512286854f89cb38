//! The database, and the only room with SQL: SQLite (the embedded default) or PostgreSQL,
//! both through sqlx's `Any` driver so they run the same queries (`$1` placeholders,
//! portable SQL). One module per table family; migrations per backend in `migrations/`.

pub mod agent_tokens;
pub mod agents;
pub mod calls;
pub mod credentials;
pub mod locks;
pub mod mcp_sessions;
pub mod meta;
pub mod oauth_states;
pub mod replacements;
pub mod tools;

use crate::error::Result;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyPool, Executor};
use std::str::FromStr;
use std::time::Duration;

/// A transaction on either backend.
pub type Tx = sqlx::Transaction<'static, Any>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The pool and which backend it speaks to (a few statements differ: locks).
#[derive(Debug, Clone)]
pub struct Db {
    pool: AnyPool,
    pub backend: Backend,
}

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("--database-url must start with sqlite:// or postgres://, not {0:?}")]
    Scheme(String),
    #[error("cannot create the data dir {0}: {1}; choose another with --data-dir")]
    DataDir(String, std::io::Error),
    #[error("cannot open the database {0}: {1}")]
    Open(String, sqlx::Error),
    #[error("cannot migrate the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl Db {
    /// Connects and applies the backend's migrations.
    pub async fn open(url: &str) -> Result<Self, OpenError> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            return Err(OpenError::Scheme(url.chars().take(40).collect()));
        };
        let shown = redact(url);
        let options = AnyConnectOptions::from_str(url).map_err(|e| OpenError::Open(shown.clone(), e))?;
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 8 } else { 16 })
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL lets reads go on during a write; foreign keys enforce the links.
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; \
                                      PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL",
                        )
                        .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .map_err(|e| OpenError::Open(shown, e))?;
        match backend {
            Backend::Sqlite => sqlx::migrate!("./migrations/sqlite").run(&pool).await?,
            Backend::Postgres => sqlx::migrate!("./migrations/postgres").run(&pool).await?,
        }
        Ok(Self { pool, backend })
    }

    /// The SQLite file in the data dir, created if missing: the default database.
    pub async fn open_in(data_dir: &std::path::Path) -> Result<Self, OpenError> {
        std::fs::create_dir_all(data_dir).map_err(|e| OpenError::DataDir(data_dir.display().to_string(), e))?;
        Self::open(&sqlite_url(data_dir)).await
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// A transaction that writes: on SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`), so a check and the write it guards see the same state.
    pub async fn begin_write(&self) -> Result<Tx> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }

    /// `FOR UPDATE` where row locks exist (PostgreSQL); SQLite's write lock covers it.
    pub fn for_update(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite => "",
            Backend::Postgres => " FOR UPDATE",
        }
    }

    /// `FOR SHARE`: keeps the rows read from changing until the transaction ends.
    pub fn for_share(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite => "",
            Backend::Postgres => " FOR SHARE",
        }
    }

    /// The database answers.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }
}

pub fn sqlite_url(data_dir: &std::path::Path) -> String {
    format!("sqlite://{}?mode=rwc", data_dir.join("patchbay.sqlite").display())
}

/// The URL without its password, for messages.
fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_string(),
    }
}
