//! The `meta` table: facts about the database itself, such as the key check value.

use crate::crypto::Cipher;
use crate::db::Db;
use crate::error::Result;

const KEY_CHECK: &str = "key_check";
const KEY_CHECK_TEXT: &str = "patchbay key check";

/// Whether `cipher` is the key this database's secrets were sealed with. The first
/// start stores a value sealed with its key; later starts must open it.
pub async fn key_matches(db: &Db, cipher: &Cipher) -> Result<bool> {
    let stored: Option<String> =
        sqlx::query_scalar("SELECT value FROM meta WHERE key = $1").bind(KEY_CHECK).fetch_optional(db.pool()).await?;
    match stored {
        Some(sealed) => Ok(cipher.open_sealed(&sealed).as_deref() == Some(KEY_CHECK_TEXT)),
        None => {
            // Two instances starting at once: the first insert wins; check against it.
            sqlx::query("INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING")
                .bind(KEY_CHECK)
                .bind(cipher.seal(KEY_CHECK_TEXT))
                .execute(db.pool())
                .await?;
            let sealed: String = sqlx::query_scalar("SELECT value FROM meta WHERE key = $1")
                .bind(KEY_CHECK)
                .fetch_one(db.pool())
                .await?;
            Ok(cipher.open_sealed(&sealed).as_deref() == Some(KEY_CHECK_TEXT))
        }
    }
}
