//! OAuth tokens at rest and in use: rmcp's `CredentialStore` over the `tools` row
//! (sealed JSON), and the bearer for an MCP call, refreshed shortly before expiry.
//! A per-tool lock makes concurrent callers wait for one refresh instead of racing
//! with the same rotating refresh token.

use crate::crypto::Cipher;
use crate::error::Error;
use crate::state::AppState;
use crate::store::ToolRecord;
use oauth2::TokenResponse;
use patchbay_wire::AuthMode;
use rmcp::transport::CredentialStore;
use rmcp::transport::auth::{AuthError, AuthorizationManager, OAuthClientConfig, StoredCredentials};
use sqlx::SqlitePool;

/// Refresh when less than this is left (or half the token's life, if shorter).
const REFRESH_MARGIN_SECS: u64 = 60;

/// The tokens of one tool, sealed in its row.
pub struct DbCredentialStore {
    pub db: SqlitePool,
    pub cipher: Cipher,
    pub tool_id: String,
}

fn store_error(e: impl std::fmt::Display) -> AuthError {
    AuthError::CredentialStoreError(e.to_string())
}

#[async_trait::async_trait]
impl CredentialStore for DbCredentialStore {
    async fn load(&self) -> Result<Option<StoredCredentials>, AuthError> {
        let sealed: Option<Option<String>> = sqlx::query_scalar("SELECT credentials_enc FROM tools WHERE id = ?")
            .bind(&self.tool_id)
            .fetch_optional(&self.db)
            .await
            .map_err(store_error)?;
        let Some(sealed) = sealed.flatten() else { return Ok(None) };
        let json =
            self.cipher.open_sealed(&sealed).ok_or_else(|| store_error("stored tokens do not open with this key"))?;
        serde_json::from_str(&json).map(Some).map_err(store_error)
    }

    async fn save(&self, credentials: StoredCredentials) -> Result<(), AuthError> {
        let json = serde_json::to_string(&credentials).map_err(store_error)?;
        sqlx::query("UPDATE tools SET credentials_enc = ? WHERE id = ?")
            .bind(self.cipher.seal(&json))
            .bind(&self.tool_id)
            .execute(&self.db)
            .await
            .map_err(store_error)?;
        Ok(())
    }

    async fn clear(&self) -> Result<(), AuthError> {
        sqlx::query("UPDATE tools SET credentials_enc = NULL WHERE id = ?")
            .bind(&self.tool_id)
            .execute(&self.db)
            .await
            .map_err(store_error)?;
        Ok(())
    }
}

/// A fresh manager for the tool's server: discovery (from the stored 401 challenge),
/// the tool's OAuth client and its token store. Rebuilt per use so a restart loses nothing.
pub async fn manager(
    state: &AppState,
    tool: &ToolRecord,
    challenge: Option<&str>,
) -> Result<AuthorizationManager, AuthError> {
    let mut m = if state.config.allow_private_networks {
        AuthorizationManager::new_allowing_private_addresses(tool.url.as_str()).await?
    } else {
        AuthorizationManager::new(tool.url.as_str()).await?
    };
    let resolved = m.resolve_metadata_from_challenge(challenge).await?;
    m.set_metadata(resolved.metadata);
    m.set_credential_store(DbCredentialStore {
        db: state.db.clone(),
        cipher: state.cipher.clone(),
        tool_id: tool.id.clone(),
    });
    let (client_id, secret) = crate::store::client(&state.db, &state.cipher, &tool.id)
        .await
        .map_err(|e| AuthError::InternalError(e.to_string()))?;
    let client_id = client_id.ok_or_else(|| AuthError::InternalError("the tool has no OAuth client".into()))?;
    let mut config = OAuthClientConfig::new(client_id, state.config.redirect_uri());
    if let Some(s) = secret {
        config = config.with_client_secret(s);
    }
    m.configure_client(config)?;
    Ok(m)
}

/// Why no bearer could be had.
#[derive(Debug)]
pub enum TokenFault {
    /// The provider refused the refresh token, or none is left: sign in again (a new tool).
    Rejected(String),
    /// The provider could not be reached or answered oddly; worth retrying.
    Unavailable(String),
}

/// The bearer for an MCP call (`None` for servers without sign-in).
pub async fn bearer(state: &AppState, tool: &ToolRecord) -> Result<Option<String>, TokenFault> {
    if tool.auth_mode() == AuthMode::None {
        return Ok(None);
    }
    let lock = state.tool_lock(&tool.id);
    let _one_at_a_time = lock.lock().await;
    let store = DbCredentialStore { db: state.db.clone(), cipher: state.cipher.clone(), tool_id: tool.id.clone() };
    let stored = store.load().await.map_err(|e| TokenFault::Unavailable(e.to_string()))?;
    let Some(tokens) = stored.as_ref().and_then(|s| s.token_response.as_ref()) else {
        return Err(TokenFault::Rejected("The gateway holds no token for this server.".into()));
    };
    if !needs_refresh(stored.as_ref().and_then(|s| s.token_received_at), tokens.expires_in()) {
        return Ok(Some(tokens.access_token().secret().clone()));
    }
    if tokens.refresh_token().is_none() {
        return Err(TokenFault::Rejected("The access token expired and the provider gave no refresh token.".into()));
    }
    let challenge = challenge(&state.db, &tool.id).await;
    let m = manager(state, tool, challenge.as_deref()).await.map_err(|e| TokenFault::Unavailable(e.to_string()))?;
    match m.refresh_token().await {
        Ok(fresh) => Ok(Some(fresh.access_token().secret().clone())),
        Err(AuthError::TokenRefreshRejected(_) | AuthError::AuthorizationRequired) => {
            Err(TokenFault::Rejected("The provider refused to renew the sign-in (access revoked or expired).".into()))
        }
        Err(e) => Err(TokenFault::Unavailable(e.to_string())),
    }
}

fn needs_refresh(received_at: Option<u64>, expires_in: Option<std::time::Duration>) -> bool {
    let (Some(at), Some(life)) = (received_at, expires_in) else { return false };
    let now = crate::store::now_unix().max(0) as u64;
    let left = (at + life.as_secs()).saturating_sub(now);
    left < REFRESH_MARGIN_SECS.min(life.as_secs() / 2).max(1)
}

pub async fn challenge(db: &SqlitePool, id: &str) -> Option<String> {
    sqlx::query_scalar("SELECT oauth_challenge FROM tools WHERE id = ?")
        .bind(id)
        .fetch_optional(db)
        .await
        .ok()
        .flatten()
        .flatten()
}

/// `bearer` for a request handler: a rejected refresh fails the tool for good.
pub async fn access_token(state: &AppState, tool: &ToolRecord) -> crate::error::Result<Option<String>> {
    match bearer(state, tool).await {
        Ok(t) => Ok(t),
        Err(TokenFault::Rejected(why)) => {
            let reason = format!("{why} Delete this tool and create it again.");
            crate::store::set_status(&state.db, &tool.id, patchbay_wire::ToolStatus::Failed, Some(&reason)).await?;
            Err(Error::Conflict(reason))
        }
        Err(TokenFault::Unavailable(e)) => {
            tracing::warn!(tool = %tool.id, error = %e, "token refresh failed");
            Err(Error::Conflict(
                "The sign-in provider could not be reached to renew the token; try again shortly.".into(),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::needs_refresh;
    use std::time::Duration;

    #[test]
    fn tokens_are_refreshed_only_near_expiry() {
        let now = crate::store::now_unix() as u64;
        assert!(!needs_refresh(Some(now), Some(Duration::from_secs(3600))));
        assert!(needs_refresh(Some(now - 3590), Some(Duration::from_secs(3600))));
        assert!(needs_refresh(Some(now - 10), Some(Duration::from_secs(4))));
        assert!(!needs_refresh(None, Some(Duration::from_secs(1))));
    }
}
