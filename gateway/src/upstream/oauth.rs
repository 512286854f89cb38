//! OAuth with a connector's provider, through rmcp's auth module: RFC 9728 / 8414
//! discovery, RFC 7591 registration (or the person's own client), PKCE S256, `state`,
//! RFC 8707 `resource`, the scopes the server advertises; code exchange and refresh.
//! Metadata is hostile input: every endpoint it names must be https (http on loopback),
//! or a server could steer the sign-in popup to `javascript:` or the gateway elsewhere.

use crate::upstream::{Upstream, UpstreamError};
use oauth2::TokenResponse;
use rmcp::transport::CredentialStore;
use rmcp::transport::auth::{
    AuthError, AuthorizationManager, AuthorizationMetadata, AuthorizationMetadataSource, AuthorizationRequest,
    AuthorizationSession, OAuthClientConfig, StateStore, StoredAuthorizationState, StoredCredentials,
};
use std::sync::{Arc, Mutex};

/// Refresh when less than this is left (or half the token's life, if shorter).
const REFRESH_MARGIN_SECS: u64 = 60;

/// A provider found from the server's challenge, its metadata checked.
pub struct Discovered {
    manager: AuthorizationManager,
    pub has_registration: bool,
}

/// An authorization begun at create time, ready to be stored with the tool.
pub struct Started {
    pub authorization_url: String,
    pub client_id: String,
    pub state: String,
    /// rmcp's `StoredAuthorizationState` (PKCE verifier, expected issuer) as JSON.
    pub state_data: String,
}

/// What the gateway signs in to a server with, as stored for its tool.
pub struct Client {
    pub server_url: String,
    pub challenge: Option<String>,
    pub client_id: String,
    pub client_secret: Option<String>,
    pub redirect_uri: String,
}

async fn new_manager(up: &Upstream, url: &str) -> Result<AuthorizationManager, UpstreamError> {
    let made = if up.allow_private {
        AuthorizationManager::new_allowing_private_addresses(url).await
    } else {
        AuthorizationManager::new(url).await
    };
    made.map_err(|e| UpstreamError::Protocol(format!("That URL cannot be used for sign-in: {e}.")))
}

/// Finds the server's authorization server and checks what its metadata names.
pub async fn discover(up: &Upstream, url: &str, challenge: Option<&str>) -> Result<Discovered, UpstreamError> {
    let mut m = new_manager(up, url).await?;
    let resolved = m.resolve_metadata_from_challenge(challenge).await.map_err(|e| {
        UpstreamError::Protocol(format!(
            "The server asks for sign-in, but its OAuth metadata could not be read ({e}); check the URL or ask its operator."
        ))
    })?;
    if resolved.source == AuthorizationMetadataSource::LegacyEndpointFallback {
        return Err(UpstreamError::Protocol(
            "The server asks for sign-in but publishes no OAuth metadata (RFC 9728 or RFC 8414), so the gateway cannot sign in to it."
                .into(),
        ));
    }
    check_endpoints(&resolved.metadata)?;
    let has_registration = resolved.metadata.registration_endpoint.is_some();
    m.set_metadata(resolved.metadata);
    Ok(Discovered { manager: m, has_registration })
}

/// Every endpoint the metadata names must be https, or http on a loopback host.
fn check_endpoints(m: &AuthorizationMetadata) -> Result<(), UpstreamError> {
    let named = [
        ("authorization_endpoint", Some(&m.authorization_endpoint)),
        ("token_endpoint", Some(&m.token_endpoint)),
        ("registration_endpoint", m.registration_endpoint.as_ref()),
    ];
    for (field, value) in named {
        if let Some(v) = value
            && !is_web_url(v)
        {
            let shown: String = v.chars().take(80).collect();
            return Err(UpstreamError::Protocol(format!(
                "The server's sign-in provider names an unsafe {field} ({shown:?}); only https:// addresses are followed. \
                 The gateway will not sign in to it; ask the server's operator."
            )));
        }
    }
    Ok(())
}

/// https anywhere, http only for loopback hosts.
pub fn is_web_url(raw: &str) -> bool {
    let Ok(u) = url::Url::parse(raw) else { return false };
    let loopback = match u.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost") || d.ends_with(".localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => return false,
    };
    u.scheme() == "https" || (u.scheme() == "http" && loopback)
}

/// Keeps what rmcp saves while building the authorization URL, so the caller stores
/// it together with the tool (and nothing is stored when create is refused).
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Option<(String, StoredAuthorizationState)>>>);

#[async_trait::async_trait]
impl StateStore for Captured {
    async fn save(&self, csrf: &str, s: StoredAuthorizationState) -> Result<(), AuthError> {
        *self.0.lock().expect("not poisoned") = Some((csrf.to_string(), s));
        Ok(())
    }
    async fn load(&self, csrf: &str) -> Result<Option<StoredAuthorizationState>, AuthError> {
        Ok(self.0.lock().expect("not poisoned").clone().filter(|(k, _)| k == csrf).map(|(_, s)| s))
    }
    async fn delete(&self, _csrf: &str) -> Result<(), AuthError> {
        *self.0.lock().expect("not poisoned") = None;
        Ok(())
    }
}

/// Registers (unless the person's own client is given) and builds the authorization URL.
pub async fn authorize(
    discovered: Discovered,
    client: Option<(String, String)>,
    redirect: &str,
) -> Result<Started, UpstreamError> {
    let mut m = discovered.manager;
    let captured = Captured::default();
    m.set_state_store(captured.clone());
    let mut request = AuthorizationRequest::new(redirect).with_client_name("Patchbay").with_application_type("web");
    if let Some((id, secret)) = client {
        request = request.with_preregistered_client(id).with_client_secret(secret);
    }
    let session = AuthorizationSession::new(m, request).await.map_err(|(_, e)| match e {
        AuthError::RegistrationFailed(why) => {
            UpstreamError::SignInRejected(format!("The provider refused automatic registration ({why})."))
        }
        AuthError::PkceUnsupported => UpstreamError::Protocol(
            "The provider does not support PKCE (S256), which the gateway requires for sign-in.".into(),
        ),
        other => UpstreamError::Protocol(format!("Sign-in could not be prepared with this server: {other}.")),
    })?;
    let authorization_url = session.get_authorization_url().to_string();
    if !is_web_url(&authorization_url) {
        return Err(UpstreamError::Protocol("The provider's authorization URL is not an https:// address.".into()));
    }
    let (client_id, _) =
        session.get_credentials().await.map_err(|e| UpstreamError::Protocol(format!("No OAuth client: {e}.")))?;
    let (state, saved) = captured
        .0
        .lock()
        .expect("not poisoned")
        .take()
        .ok_or_else(|| UpstreamError::Protocol("The sign-in state was not prepared.".into()))?;
    let state_data =
        serde_json::to_string(&saved).map_err(|e| UpstreamError::Protocol(format!("The sign-in state: {e}.")))?;
    Ok(Started { authorization_url, client_id, state, state_data })
}

/// A manager for a stored tool: discovery again (from its stored challenge), its OAuth
/// client and its token store. Rebuilt per use, so a restart loses nothing.
async fn manager(
    up: &Upstream,
    client: &Client,
    store: impl CredentialStore + 'static,
) -> Result<AuthorizationManager, UpstreamError> {
    let mut m = discover(up, &client.server_url, client.challenge.as_deref()).await?.manager;
    m.set_credential_store(store);
    let mut config = OAuthClientConfig::new(client.client_id.clone(), client.redirect_uri.clone());
    if let Some(s) = &client.client_secret {
        config = config.with_client_secret(s.clone());
    }
    m.configure_client(config).map_err(|e| UpstreamError::Protocol(format!("The OAuth client: {e}.")))?;
    Ok(m)
}

/// Exchanges the authorization code (PKCE verifier from the stored state); the tokens
/// land in `store`.
pub async fn exchange(
    up: &Upstream,
    client: &Client,
    store: impl CredentialStore + 'static,
    (csrf, state_data): (&str, &str),
    code: &str,
    iss: Option<&str>,
) -> Result<(), UpstreamError> {
    let saved: StoredAuthorizationState = serde_json::from_str(state_data)
        .map_err(|_| UpstreamError::Protocol("The stored sign-in state could not be read.".into()))?;
    let mut m = manager(up, client, store).await?;
    let one = Captured::default();
    one.save(csrf, saved).await.map_err(|e| UpstreamError::Protocol(e.to_string()))?;
    m.set_state_store(one);
    m.exchange_code_for_token_with_issuer(code, csrf, iss)
        .await
        .map_err(|e| UpstreamError::SignInRejected(format!("The provider did not accept the sign-in ({e}).")))?;
    Ok(())
}

/// Renews the tokens in `store`; answers the new access token.
pub async fn refresh(
    up: &Upstream,
    client: &Client,
    store: impl CredentialStore + 'static,
) -> Result<String, UpstreamError> {
    let m = manager(up, client, store).await?;
    match m.refresh_token().await {
        Ok(fresh) => Ok(fresh.access_token().secret().clone()),
        Err(AuthError::TokenRefreshRejected(_) | AuthError::AuthorizationRequired) => {
            Err(UpstreamError::RefreshRejected(
                "The provider refused to renew the sign-in (access revoked or expired).".into(),
            ))
        }
        Err(e) => Err(UpstreamError::Unreachable(format!("The sign-in provider could not renew the token ({e})."))),
    }
}

/// What the stored tokens allow without asking the provider.
#[derive(Debug, PartialEq, Eq)]
pub enum TokenState {
    /// Good for a while yet.
    Fresh(String),
    /// Expiring or expired; renewable when a refresh token is held.
    Due { renewable: bool },
    /// No sign-in stored.
    Missing,
}

pub fn token_state(stored: Option<&StoredCredentials>, now: u64) -> TokenState {
    let Some(tokens) = stored.and_then(|s| s.token_response.as_ref()) else { return TokenState::Missing };
    if !needs_refresh(stored.and_then(|s| s.token_received_at), tokens.expires_in(), now) {
        return TokenState::Fresh(tokens.access_token().secret().clone());
    }
    TokenState::Due { renewable: tokens.refresh_token().is_some() }
}

fn needs_refresh(received_at: Option<u64>, expires_in: Option<std::time::Duration>, now: u64) -> bool {
    let (Some(at), Some(life)) = (received_at, expires_in) else { return false };
    let left = (at + life.as_secs()).saturating_sub(now);
    left < REFRESH_MARGIN_SECS.min(life.as_secs() / 2).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn tokens_are_refreshed_only_near_expiry() {
        let now = 1_000_000;
        assert!(!needs_refresh(Some(now), Some(Duration::from_secs(3600)), now));
        assert!(needs_refresh(Some(now - 3590), Some(Duration::from_secs(3600)), now));
        assert!(needs_refresh(Some(now - 10), Some(Duration::from_secs(4)), now));
        assert!(!needs_refresh(None, Some(Duration::from_secs(1)), now));
    }

    #[test]
    fn only_https_or_loopback_http_endpoints_are_followed() {
        for ok in ["https://idp.example/authorize", "http://localhost:9/a", "http://127.0.0.1:9/a", "http://[::1]/a"] {
            assert!(is_web_url(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(document.domain)",
            "JAVASCRIPT:alert(1)",
            "data:text/html,<script>1</script>",
            "http://idp.example/authorize",
            "http://127.evil.example/a",
            "vbscript:x",
            "//idp.example/a",
            "",
        ] {
            assert!(!is_web_url(bad), "{bad}");
        }
    }
}
