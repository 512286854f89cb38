//! The `tools` table: MCP connector rows, their sealed secrets, the cached tool list of
//! their server, and the counters the health check and the call log keep.

use crate::clock;
use crate::crypto::Cipher;
use crate::db::Db;
use crate::error::{Error, Result};
use patchbay_wire::{AuthMode, McpConfig, Tool, ToolStatus, ToolType, Transport};
use sqlx::AnyConnection;

/// The single user of a self-hosted gateway, until accounts exist.
pub const LOCAL_USER: &str = "local";

/// Why a pending tool is failed once its window closed; the sweeper stores the same words.
pub const WINDOW_CLOSED: &str =
    "The sign-in window closed before authorization finished; delete this tool and create it again.";

/// One tool as stored, with typed fields (a value that does not parse is an error, not a default).
#[derive(Debug, Clone, PartialEq)]
pub struct ToolRecord {
    pub id: String,
    pub name: String,
    pub description: String,
    pub url: String,
    pub transport: Transport,
    pub status: ToolStatus,
    pub status_reason: Option<String>,
    pub auth_mode: AuthMode,
    pub authorization_url: Option<String>,
    pub authorization_expires_at: Option<i64>,
    pub user_id: String,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
    pub last_used_at: Option<String>,
    pub failed_calls_in_a_row: i64,
}

#[derive(sqlx::FromRow)]
struct ToolRow {
    id: String,
    name: String,
    description: String,
    url: String,
    transport: String,
    status: String,
    status_reason: Option<String>,
    auth_mode: String,
    authorization_url: Option<String>,
    authorization_expires_at: Option<i64>,
    user_id: String,
    version: i64,
    created_at: String,
    updated_at: String,
    last_used_at: Option<String>,
    failed_calls_in_a_row: i64,
}

/// The columns `ToolRow` reads, for queries that join other tables (prefix `t.`).
pub const COLUMNS: &str = "t.id, t.name, t.description, t.url, t.transport, t.status, t.status_reason, \
    t.auth_mode, t.authorization_url, t.authorization_expires_at, t.user_id, t.version, t.created_at, \
    t.updated_at, t.last_used_at, t.failed_calls_in_a_row";

/// A stored word that is none of its enum's: the row was written by something else.
pub(crate) fn stored<T: std::str::FromStr>(what: &str, id: &str, value: &str) -> Result<T> {
    value.parse().map_err(|_| Error::Internal(format!("{what} {value:?} stored for {id} is not one the gateway knows")))
}

impl TryFrom<ToolRow> for ToolRecord {
    type Error = Error;
    fn try_from(r: ToolRow) -> Result<Self> {
        Ok(Self {
            transport: stored("transport", &r.id, &r.transport)?,
            status: stored("tool status", &r.id, &r.status)?,
            auth_mode: stored("sign-in mode", &r.id, &r.auth_mode)?,
            id: r.id,
            name: r.name,
            description: r.description,
            url: r.url,
            status_reason: r.status_reason,
            authorization_url: r.authorization_url,
            authorization_expires_at: r.authorization_expires_at,
            user_id: r.user_id,
            version: r.version,
            created_at: r.created_at,
            updated_at: r.updated_at,
            last_used_at: r.last_used_at,
            failed_calls_in_a_row: r.failed_calls_in_a_row,
        })
    }
}

/// Decodes rows read with `COLUMNS` (also for other table modules' joins).
pub(crate) fn from_row(row: &sqlx::any::AnyRow) -> Result<ToolRecord> {
    use sqlx::FromRow;
    ToolRecord::try_from(ToolRow::from_row(row)?)
}

impl ToolRecord {
    /// The status as of `now`: a pending tool whose window has closed reads as failed,
    /// whether or not the sweeper has stored that yet (reads never write).
    pub fn status_at(&self, now: i64) -> (ToolStatus, Option<&str>) {
        let expired = self.authorization_expires_at.is_some_and(|end| end < now);
        if self.status == ToolStatus::PendingAuthorization && expired {
            return (ToolStatus::Failed, Some(WINDOW_CLOSED));
        }
        (self.status, self.status_reason.as_deref())
    }

    /// The answer: no client id, secret or token, ever.
    pub fn to_tool(&self, now: i64) -> Tool {
        let (status, reason) = self.status_at(now);
        let pending = status == ToolStatus::PendingAuthorization;
        Tool {
            tool_type: ToolType::McpConnector,
            id: self.id.clone(),
            name: self.name.clone(),
            description: Some(self.description.clone()),
            config: McpConfig {
                url: self.url.clone(),
                authorization_url: self.authorization_url.clone().filter(|_| pending),
                transport: self.transport,
            },
            status,
            last_used_at: self.last_used_at.clone(),
            failed_calls_in_a_row: u32::try_from(self.failed_calls_in_a_row).unwrap_or(u32::MAX),
            status_reason: reason.map(str::to_string),
            auth_mode: Some(self.auth_mode),
            authorization_expires_at: self.authorization_expires_at.filter(|_| pending).map(clock::rfc3339),
            user_id: self.user_id.clone(),
            team_id: None,
            version: self.version,
            created_at: self.created_at.clone(),
            updated_at: self.updated_at.clone(),
        }
    }
}

/// A tool about to be stored, with its secrets still in the clear.
pub struct NewTool {
    pub id: String,
    pub name: String,
    pub description: String,
    pub url: String,
    pub transport: Transport,
    pub status: ToolStatus,
    pub status_reason: Option<String>,
    pub auth_mode: AuthMode,
    pub authorization_url: Option<String>,
    pub authorization_expires_at: Option<i64>,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    /// The 401 challenge seen at create: discovery starts from it again later.
    pub oauth_challenge: Option<String>,
    /// The server's tool list as JSON, when it was listed at create.
    pub mcp_tools: Option<String>,
}

pub async fn insert(conn: &mut AnyConnection, cipher: &Cipher, t: &NewTool) -> Result<()> {
    let seal = |v: &Option<String>| v.as_deref().map(|s| cipher.seal(s));
    let now = clock::now();
    sqlx::query(
        "INSERT INTO tools (id, name, description, url, transport, status, status_reason, user_id, version, \
         created_at, updated_at, auth_mode, authorization_url, authorization_expires_at, client_id_enc, \
         client_secret_enc, oauth_challenge, mcp_tools, checked_at, created_seq) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
    )
    .bind(&t.id)
    .bind(&t.name)
    .bind(&t.description)
    .bind(&t.url)
    .bind(t.transport.as_str())
    .bind(t.status.as_str())
    .bind(&t.status_reason)
    .bind(LOCAL_USER)
    .bind(&now)
    .bind(t.auth_mode.as_str())
    .bind(&t.authorization_url)
    .bind(t.authorization_expires_at)
    .bind(seal(&t.client_id))
    .bind(seal(&t.client_secret))
    .bind(&t.oauth_challenge)
    .bind(&t.mcp_tools)
    .bind(t.mcp_tools.as_ref().map(|_| now.clone()))
    .bind(clock::now_nanos())
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn get(db: &Db, id: &str) -> Result<Option<ToolRecord>> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM tools t WHERE t.id = $1"))
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// The tool, its row locked until the transaction ends (PostgreSQL; SQLite's write lock).
pub async fn get_locked(db: &Db, conn: &mut AnyConnection, id: &str) -> Result<Option<ToolRecord>> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM tools t WHERE t.id = $1{}", db.for_update()))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// The status as it reads at `$1` (see `ToolRecord::status_at`), for filters.
const STATUS_AT: &str =
    "CASE WHEN status = 'Pending_authorization' AND authorization_expires_at < $1 THEN 'Failed' ELSE status END";

/// A page of tools, newest first, and the count matching the filter (statuses as of `now`).
pub async fn list(
    db: &Db,
    status: Option<ToolStatus>,
    offset: i64,
    limit: i64,
    now: i64,
) -> Result<(Vec<ToolRecord>, i64)> {
    let status = status.map(|s| s.as_str());
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM tools t WHERE ($2 IS NULL OR {STATUS_AT} = $2) \
         ORDER BY t.created_seq DESC, t.id DESC LIMIT $3 OFFSET $4"
    ))
    .bind(now)
    .bind(status)
    .bind(limit)
    .bind(offset)
    .fetch_all(db.pool())
    .await?;
    let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM tools WHERE ($2 IS NULL OR {STATUS_AT} = $2)"))
        .bind(now)
        .bind(status)
        .fetch_one(db.pool())
        .await?;
    Ok((rows.iter().map(from_row).collect::<Result<_>>()?, total))
}

/// Every tool stored as `Active`, for the health check.
pub async fn active(db: &Db) -> Result<Vec<ToolRecord>> {
    let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM tools t WHERE t.status = 'Active' ORDER BY t.created_seq"))
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(from_row).collect()
}

/// Renames or redescribes; false when no such tool.
pub async fn update_text(db: &Db, id: &str, name: &str, description: &str) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE tools SET name = $1, description = $2, version = version + 1, updated_at = $3 WHERE id = $4",
    )
    .bind(name)
    .bind(description)
    .bind(clock::now())
    .bind(id)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn delete(conn: &mut AnyConnection, id: &str) -> Result<bool> {
    Ok(sqlx::query("DELETE FROM tools WHERE id = $1").bind(id).execute(conn).await?.rows_affected() == 1)
}

/// Fails a tool for good with a sentence for the person, unless it already failed;
/// true when this call failed it.
pub async fn fail(db: &Db, id: &str, reason: &str) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE tools SET status = 'Failed', status_reason = $1, updated_at = $2 WHERE id = $3 AND status != 'Failed'",
    )
    .bind(reason)
    .bind(clock::now())
    .bind(id)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Makes a pending tool `Active` with its server's tool list, and completes a replacement
/// it stands for, in one transaction; false when it was no longer pending.
pub async fn activate(db: &Db, id: &str, mcp_tools: &str) -> Result<bool> {
    let mut tx = db.begin_write().await?;
    let now = clock::now();
    let done = sqlx::query(
        "UPDATE tools SET status = 'Active', status_reason = NULL, mcp_tools = $1, checked_at = $2, updated_at = $2, \
         authorization_url = NULL WHERE id = $3 AND status = 'Pending_authorization' \
         AND (authorization_expires_at IS NULL OR authorization_expires_at >= $4)",
    )
    .bind(mcp_tools)
    .bind(&now)
    .bind(id)
    .bind(clock::now_unix())
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    crate::db::replacements::swap(&mut tx, id).await?;
    tx.commit().await?;
    Ok(true)
}

/// Stores `Failed` for every pending tool whose window has closed; returns how many.
/// Whole seconds, compared strictly, so a window is never shorter than configured.
pub async fn expire_pending(db: &Db, now: i64) -> Result<u64> {
    let done = sqlx::query(
        "UPDATE tools SET status = 'Failed', status_reason = $1, updated_at = $2 \
         WHERE status = 'Pending_authorization' AND authorization_expires_at < $3",
    )
    .bind(WINDOW_CLOSED)
    .bind(clock::now())
    .bind(now)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected())
}

/// The OAuth client the tool signs in with, opened; a sealed value that does not open
/// with this key is an error (the key changed), never a silent `None`.
pub async fn client(db: &Db, cipher: &Cipher, id: &str) -> Result<(Option<String>, Option<String>)> {
    let (cid, secret): (Option<String>, Option<String>) =
        sqlx::query_as("SELECT client_id_enc, client_secret_enc FROM tools WHERE id = $1")
            .bind(id)
            .fetch_optional(db.pool())
            .await?
            .unwrap_or_default();
    let open = |v: Option<String>| {
        v.map(|s| {
            cipher.open_sealed(&s).ok_or_else(|| Error::Internal(format!("a sealed client of {id} does not open")))
        })
        .transpose()
    };
    Ok((open(cid)?, open(secret)?))
}

/// The 401 challenge stored at create.
pub async fn challenge(db: &Db, id: &str) -> Result<Option<String>> {
    let found: Option<Option<String>> = sqlx::query_scalar("SELECT oauth_challenge FROM tools WHERE id = $1")
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    Ok(found.flatten())
}

/// The cached tool list (JSON), if the server has been listed.
pub async fn mcp_tools(db: &Db, id: &str) -> Result<Option<String>> {
    let raw: Option<Option<String>> =
        sqlx::query_scalar("SELECT mcp_tools FROM tools WHERE id = $1").bind(id).fetch_optional(db.pool()).await?;
    Ok(raw.flatten())
}

/// Stores a fresh tool list and clears any unreachable streak: the server answered.
pub async fn set_mcp_tools(db: &Db, id: &str, json: &str) -> Result<()> {
    sqlx::query(
        "UPDATE tools SET mcp_tools = $1, checked_at = $2, unreachable_since = NULL, failed_checks = 0, \
         status_reason = CASE WHEN unreachable_since IS NULL THEN status_reason ELSE NULL END WHERE id = $3",
    )
    .bind(json)
    .bind(clock::now())
    .bind(id)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Counts one more failed attempt to reach an active tool's server, keeping it active
/// with `warning` as its reason; returns (since when, how many attempts in a row).
pub async fn mark_unreachable(db: &Db, id: &str, now: i64, warning: &str) -> Result<(i64, i64)> {
    let row: Option<(Option<i64>, i64)> = sqlx::query_as(
        "UPDATE tools SET unreachable_since = COALESCE(unreachable_since, $1), failed_checks = failed_checks + 1, \
         status_reason = $2 WHERE id = $3 AND status = 'Active' RETURNING unreachable_since, failed_checks",
    )
    .bind(now)
    .bind(warning)
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(|(since, n)| (since.unwrap_or(now), n)).unwrap_or((now, 0)))
}

/// Active tools whose server has been unreachable at least once since its last answer.
pub async fn unreachable(db: &Db) -> Result<Vec<ToolRecord>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM tools t WHERE t.status = 'Active' AND t.unreachable_since IS NOT NULL"
    ))
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(from_row).collect()
}

pub async fn exists(db: &Db, id: &str) -> Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tools WHERE id = $1").bind(id).fetch_one(db.pool()).await?;
    Ok(n > 0)
}

/// The tools table's change counter (see migration 0106): equal readings mean no row
/// was inserted, changed or deleted in between.
pub async fn version(db: &Db) -> Result<i64> {
    let v: String =
        sqlx::query_scalar("SELECT value FROM meta WHERE key = 'tools_version'").fetch_one(db.pool()).await?;
    v.parse().map_err(|_| Error::Internal(format!("the tools version {v:?} is not a number")))
}

/// When the next pending tool's window closes (it then reads as failed), if any.
pub async fn next_expiry(db: &Db) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar("SELECT MIN(authorization_expires_at) FROM tools WHERE status = 'Pending_authorization'")
        .fetch_one(db.pool())
        .await?)
}
