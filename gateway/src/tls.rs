//! TLS for outbound calls: rustls with the ring provider, installed once per process
//! (reqwest and rmcp are built without a bundled provider; see Cargo.toml).

/// Installs ring as the process's rustls provider; a second call is a no-op.
pub fn install() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}
