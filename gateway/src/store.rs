//! The `tools` table: MCP connector rows, their sealed secrets and cached tool lists.

use crate::crypto::Cipher;
use crate::error::Result;
use patchbay_wire::{AuthMode, McpConfig, McpServerTool, Tool, ToolStatus, ToolType, Transport};
use sqlx::{SqliteExecutor, SqlitePool};

/// The single user of a self-hosted gateway, until accounts exist.
pub const LOCAL_USER: &str = "local";

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ToolRecord {
    pub id: String,
    pub name: String,
    pub description: String,
    pub url: String,
    pub transport: String,
    pub status: String,
    pub status_reason: Option<String>,
    pub auth_mode: String,
    pub authorization_url: Option<String>,
    pub authorization_expires_at: Option<i64>,
    pub user_id: String,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

const COLUMNS: &str = "id, name, description, url, transport, status, status_reason, auth_mode, \
    authorization_url, authorization_expires_at, user_id, version, created_at, updated_at";

impl ToolRecord {
    pub fn status(&self) -> ToolStatus {
        self.status.parse().unwrap_or(ToolStatus::Failed)
    }

    pub fn transport(&self) -> Transport {
        if self.transport == "sse" { Transport::Sse } else { Transport::StreamableHttp }
    }

    pub fn auth_mode(&self) -> AuthMode {
        match self.auth_mode.as_str() {
            "oauth_dynamic" => AuthMode::OauthDynamic,
            "oauth_client" => AuthMode::OauthClient,
            _ => AuthMode::None,
        }
    }

    /// The answer: no client id, secret or token, ever.
    pub fn to_tool(&self) -> Tool {
        let pending = self.status() == ToolStatus::PendingAuthorization;
        Tool {
            tool_type: ToolType::McpConnector,
            id: self.id.clone(),
            name: self.name.clone(),
            description: Some(self.description.clone()),
            config: McpConfig {
                url: self.url.clone(),
                authorization_url: self.authorization_url.clone().filter(|_| pending),
                transport: self.transport(),
            },
            status: self.status(),
            last_used_at: None,
            failed_calls_in_a_row: 0,
            status_reason: self.status_reason.clone(),
            auth_mode: Some(self.auth_mode()),
            authorization_expires_at: self.authorization_expires_at.filter(|_| pending).map(rfc3339),
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
    pub mcp_tools: Option<Vec<McpServerTool>>,
}

pub fn now_unix() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

pub fn rfc3339(unix: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(unix).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    t.format(&time::format_description::well_known::Rfc3339).expect("a UTC time formats")
}

pub fn now() -> String {
    rfc3339(now_unix())
}

pub async fn insert(db: impl SqliteExecutor<'_>, cipher: &Cipher, t: &NewTool) -> Result<()> {
    let seal = |v: &Option<String>| v.as_deref().map(|s| cipher.seal(s));
    let tools = t.mcp_tools.as_ref().map(|l| serde_json::to_string(l).expect("tool list serializes"));
    let now = now();
    sqlx::query(
        "INSERT INTO tools (id, name, description, url, transport, status, status_reason, user_id, version, \
         created_at, updated_at, auth_mode, authorization_url, authorization_expires_at, client_id_enc, \
         client_secret_enc, mcp_tools, checked_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&t.id)
    .bind(&t.name)
    .bind(&t.description)
    .bind(&t.url)
    .bind(if t.transport == Transport::Sse { "sse" } else { "streamable-http" })
    .bind(t.status.as_str())
    .bind(&t.status_reason)
    .bind(LOCAL_USER)
    .bind(&now)
    .bind(&now)
    .bind(t.auth_mode.as_str())
    .bind(&t.authorization_url)
    .bind(t.authorization_expires_at)
    .bind(seal(&t.client_id))
    .bind(seal(&t.client_secret))
    .bind(&tools)
    .bind(tools.as_ref().map(|_| now.clone()))
    .execute(db)
    .await?;
    Ok(())
}

pub async fn get(db: &SqlitePool, id: &str) -> Result<Option<ToolRecord>> {
    Ok(sqlx::query_as(&format!("SELECT {COLUMNS} FROM tools WHERE id = ?")).bind(id).fetch_optional(db).await?)
}

/// A page of tools, newest first, and the count matching the filter.
pub async fn list(
    db: &SqlitePool,
    status: Option<ToolStatus>,
    offset: i64,
    limit: i64,
) -> Result<(Vec<ToolRecord>, i64)> {
    let status = status.map(|s| s.as_str());
    let rows = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM tools WHERE (?1 IS NULL OR status = ?1) \
         ORDER BY created_at DESC, rowid DESC LIMIT ?2 OFFSET ?3"
    ))
    .bind(status)
    .bind(limit)
    .bind(offset)
    .fetch_all(db)
    .await?;
    let total = sqlx::query_scalar("SELECT COUNT(*) FROM tools WHERE (?1 IS NULL OR status = ?1)")
        .bind(status)
        .fetch_one(db)
        .await?;
    Ok((rows, total))
}

pub async fn update_text(db: &SqlitePool, id: &str, name: &str, description: &str) -> Result<()> {
    sqlx::query("UPDATE tools SET name = ?, description = ?, version = version + 1, updated_at = ? WHERE id = ?")
        .bind(name)
        .bind(description)
        .bind(now())
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn delete(db: &SqlitePool, id: &str) -> Result<bool> {
    Ok(sqlx::query("DELETE FROM tools WHERE id = ?").bind(id).execute(db).await?.rows_affected() == 1)
}

/// Moves a tool to `status`, unless it has already failed (failed is for good).
pub async fn set_status(db: &SqlitePool, id: &str, status: ToolStatus, reason: Option<&str>) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE tools SET status = ?, status_reason = ?, updated_at = ? WHERE id = ? AND status != 'Failed'",
    )
    .bind(status.as_str())
    .bind(reason)
    .bind(now())
    .bind(id)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Fails every pending tool whose authorization window has closed; returns how many.
/// Whole seconds, compared strictly, so a window is never shorter than configured.
pub async fn expire_pending(db: &SqlitePool) -> Result<u64> {
    let done = sqlx::query(
        "UPDATE tools SET status = 'Failed', status_reason = ?, updated_at = ? \
         WHERE status = 'Pending_authorization' AND authorization_expires_at < ?",
    )
    .bind("The sign-in window closed before authorization finished; delete this tool and create it again.")
    .bind(now())
    .bind(now_unix())
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}

/// The OAuth client the tool signs in with, opened.
pub async fn client(db: &SqlitePool, cipher: &Cipher, id: &str) -> Result<(Option<String>, Option<String>)> {
    let (cid, secret): (Option<String>, Option<String>) =
        sqlx::query_as("SELECT client_id_enc, client_secret_enc FROM tools WHERE id = ?")
            .bind(id)
            .fetch_optional(db)
            .await?
            .unwrap_or_default();
    let open = |v: Option<String>| v.and_then(|s| cipher.open_sealed(&s));
    Ok((open(cid), open(secret)))
}

/// The cached tool list, if the server has been listed.
pub async fn mcp_tools(db: &SqlitePool, id: &str) -> Result<Option<Vec<McpServerTool>>> {
    let raw: Option<Option<String>> =
        sqlx::query_scalar("SELECT mcp_tools FROM tools WHERE id = ?").bind(id).fetch_optional(db).await?;
    Ok(raw.flatten().and_then(|s| serde_json::from_str(&s).ok()))
}

pub async fn set_mcp_tools(db: &SqlitePool, id: &str, tools: &[McpServerTool]) -> Result<()> {
    sqlx::query("UPDATE tools SET mcp_tools = ?, checked_at = ? WHERE id = ?")
        .bind(serde_json::to_string(tools).expect("tool list serializes"))
        .bind(now())
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}
