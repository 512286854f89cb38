//! The `agent_tokens` table: agents' access tokens for their MCP endpoints. A secret is
//! `pbt_` and 32 random bytes (base64url); only its SHA-256 is stored, so the database
//! alone opens nothing.

use crate::clock;
use crate::db::Db;
use crate::error::Result;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use patchbay_wire::AgentToken;
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

/// What every agent token starts with, so it is recognizable in a config file or a leak scan.
pub const PREFIX: &str = "pbt_";

/// A secret is `PREFIX` and 43 characters; anything much longer is no token of ours.
const SECRET_MAX: usize = 128;

/// The token a presented secret belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenMatch {
    pub id: String,
    pub agent_id: String,
}

/// A token just stored, with its secret: the only moment the secret exists outside the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedToken {
    pub id: String,
    pub name: String,
    pub secret: String,
    pub created_at: String,
}

/// A fresh secret: `pbt_` + 32 bytes from the OS's generator, base64url without padding.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the OS random generator answers");
    format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// SHA-256 of the secret, lowercase hex: what the table keeps. A fast hash suffices:
/// the secret has 256 random bits, so there is nothing to guess from the hash.
pub fn hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// The live token with this secret: one lookup by the unique hash. Runs on every MCP
/// request, so a value that cannot be one of ours never reaches the database.
pub async fn find_by_secret(db: &Db, secret: &str) -> Result<Option<TokenMatch>> {
    if !secret.starts_with(PREFIX) || secret.len() > SECRET_MAX {
        return Ok(None);
    }
    let row: Option<(String, String)> = sqlx::query_as("SELECT id, agent_id FROM agent_tokens WHERE token_hash = $1")
        .bind(hash(secret))
        .fetch_optional(db.pool())
        .await?;
    Ok(row.map(|(id, agent_id)| TokenMatch { id, agent_id }))
}

/// Stores a new token for the agent and returns its secret; `None` when the agent does
/// not exist (checked in the same statement, so a deleted agent gets no token).
pub async fn issue(db: &Db, agent_id: &str, name: &str) -> Result<Option<IssuedToken>> {
    let token = IssuedToken {
        id: crate::db::agents::new_id(),
        name: name.to_string(),
        secret: new_secret(),
        created_at: clock::now(),
    };
    let done = sqlx::query(
        "INSERT INTO agent_tokens (id, agent_id, name, token_hash, created_at, created_seq) \
         SELECT $1, $2, $3, $4, $5, $6 WHERE EXISTS (SELECT 1 FROM agents WHERE id = $2)",
    )
    .bind(&token.id)
    .bind(agent_id)
    .bind(&token.name)
    .bind(hash(&token.secret))
    .bind(&token.created_at)
    .bind(clock::now_nanos())
    .execute(db.pool())
    .await?;
    Ok((done.rows_affected() == 1).then_some(token))
}

/// How many tokens the agent holds.
pub async fn count(db: &Db, agent_id: &str) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM agent_tokens WHERE agent_id = $1")
        .bind(agent_id)
        .fetch_one(db.pool())
        .await?)
}

/// The agent's tokens, newest first; never a secret or its hash.
pub async fn list(db: &Db, agent_id: &str) -> Result<Vec<AgentToken>> {
    let rows: Vec<(String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT id, name, created_at, last_used_at FROM agent_tokens WHERE agent_id = $1 \
         ORDER BY created_seq DESC, id DESC",
    )
    .bind(agent_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, created_at, last_used_at)| AgentToken { id, name, created_at, last_used_at })
        .collect())
}

/// Deletes the agent's token; false when the agent has no token with this id.
pub async fn revoke(db: &Db, agent_id: &str, token_id: &str) -> Result<bool> {
    let done = sqlx::query("DELETE FROM agent_tokens WHERE id = $1 AND agent_id = $2")
        .bind(token_id)
        .bind(agent_id)
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Notes a use of the token at `last_used_at` (RFC 3339), never moving it back in time.
pub async fn touch(conn: &mut AnyConnection, token_id: &str, last_used_at: &str) -> Result<()> {
    sqlx::query(
        "UPDATE agent_tokens SET last_used_at = $1 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $1)",
    )
    .bind(last_used_at)
    .bind(token_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Which of these token ids still exist (a token revoked on another instance is gone).
pub async fn existing(db: &Db, ids: &[String]) -> Result<std::collections::HashSet<String>> {
    let mut found = std::collections::HashSet::new();
    for id in ids {
        let n: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM agent_tokens WHERE id = $1").bind(id).fetch_one(db.pool()).await?;
        if n > 0 {
            found.insert(id.clone());
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_prefixed_random_and_url_safe() {
        let (a, b) = (new_secret(), new_secret());
        assert_ne!(a, b);
        assert!(a.starts_with(PREFIX));
        assert_eq!(a.len(), PREFIX.len() + 43, "32 bytes in base64url without padding");
        assert!(a[PREFIX.len()..].chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    }

    #[test]
    fn the_hash_is_sha256_hex() {
        assert_eq!(hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
