//! A tool's OAuth tokens at rest: rmcp's `CredentialStore` over the `tools` row, as JSON
//! sealed with the gateway's key. Upstream code gets it as a trait object, never SQL.

use crate::crypto::Cipher;
use crate::db::Db;
use rmcp::transport::CredentialStore;
use rmcp::transport::auth::{AuthError, StoredCredentials};

/// The tokens of one tool.
pub struct Store {
    pub db: Db,
    pub cipher: Cipher,
    pub tool_id: String,
}

fn store_error(e: impl std::fmt::Display) -> AuthError {
    AuthError::CredentialStoreError(e.to_string())
}

#[async_trait::async_trait]
impl CredentialStore for Store {
    async fn load(&self) -> Result<Option<StoredCredentials>, AuthError> {
        let sealed: Option<Option<String>> = sqlx::query_scalar("SELECT credentials_enc FROM tools WHERE id = $1")
            .bind(&self.tool_id)
            .fetch_optional(self.db.pool())
            .await
            .map_err(store_error)?;
        let Some(sealed) = sealed.flatten() else { return Ok(None) };
        let json =
            self.cipher.open_sealed(&sealed).ok_or_else(|| store_error("stored tokens do not open with this key"))?;
        serde_json::from_str(&json).map(Some).map_err(store_error)
    }

    async fn save(&self, credentials: StoredCredentials) -> Result<(), AuthError> {
        let json = serde_json::to_string(&credentials).map_err(store_error)?;
        sqlx::query("UPDATE tools SET credentials_enc = $1 WHERE id = $2")
            .bind(self.cipher.seal(&json))
            .bind(&self.tool_id)
            .execute(self.db.pool())
            .await
            .map_err(store_error)?;
        Ok(())
    }

    async fn clear(&self) -> Result<(), AuthError> {
        sqlx::query("UPDATE tools SET credentials_enc = NULL WHERE id = $1")
            .bind(&self.tool_id)
            .execute(self.db.pool())
            .await
            .map_err(store_error)?;
        Ok(())
    }
}
