//! Encryption at rest for client secrets and tokens: ChaCha20-Poly1305 with a 32-byte
//! key from `PATCHBAY_SECRET_KEY` (base64) or `<data-dir>/secret.key`, created 0600.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use std::path::Path;

const KEY_FILE: &str = "secret.key";

#[derive(Clone)]
pub struct Cipher(ChaCha20Poly1305);

impl std::fmt::Debug for Cipher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Cipher([REDACTED])")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("PATCHBAY_SECRET_KEY must be 32 bytes in base64 (e.g. `openssl rand -base64 32`)")]
    BadEnv,
    #[error("cannot read or create the key file {0}: {1}")]
    File(String, std::io::Error),
    #[error("the key file {0} is not 32 bytes; restore it from a backup (without it stored secrets cannot be read)")]
    BadFile(String),
}

impl Cipher {
    /// The key from the environment, else the data dir's key file, created on first start.
    pub fn open(data_dir: &Path) -> Result<Self, KeyError> {
        if let Ok(value) = std::env::var("PATCHBAY_SECRET_KEY") {
            let key = B64.decode(value.trim()).map_err(|_| KeyError::BadEnv)?;
            return Self::from_bytes(&key).ok_or(KeyError::BadEnv);
        }
        let path = data_dir.join(KEY_FILE);
        let shown = path.display().to_string();
        if !path.exists() {
            write_new_key(&path).map_err(|e| KeyError::File(shown.clone(), e))?;
        }
        let key = std::fs::read(&path).map_err(|e| KeyError::File(shown.clone(), e))?;
        Self::from_bytes(&key).ok_or(KeyError::BadFile(shown))
    }

    fn from_bytes(key: &[u8]) -> Option<Self> {
        (key.len() == 32).then(|| Self(ChaCha20Poly1305::new(Key::from_slice(key))))
    }

    /// base64(nonce || ciphertext); a fresh random nonce every time.
    pub fn seal(&self, plain: &str) -> String {
        let mut nonce = [0u8; 12];
        getrandom::fill(&mut nonce).expect("the OS random source works");
        let sealed = self.0.encrypt(Nonce::from_slice(&nonce), plain.as_bytes()).expect("encryption cannot fail");
        B64.encode([nonce.as_slice(), &sealed].concat())
    }

    /// `None` when the text was not sealed with this key (or was tampered with).
    pub fn open_sealed(&self, sealed: &str) -> Option<String> {
        let bytes = B64.decode(sealed).ok()?;
        let (nonce, body) = bytes.split_at_checked(12)?;
        let plain = self.0.decrypt(Nonce::from_slice(nonce), body).ok()?;
        String::from_utf8(plain).ok()
    }
}

/// Creates the key file readable by its owner only, before any byte of key is written.
fn write_new_key(path: &Path) -> std::io::Result<()> {
    use std::io::Write;
    let mut key = [0u8; 32];
    getrandom::fill(&mut key).map_err(|e| std::io::Error::other(e.to_string()))?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(&key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_text_opens_with_the_same_key_only() {
        let dir = tempfile::tempdir().unwrap();
        let a = Cipher::open(dir.path()).unwrap();
        let sealed = a.seal("refresh-token-1");
        assert!(!sealed.contains("refresh-token-1"));
        assert_eq!(Cipher::open(dir.path()).unwrap().open_sealed(&sealed).as_deref(), Some("refresh-token-1"));
        let other = tempfile::tempdir().unwrap();
        assert_eq!(Cipher::open(other.path()).unwrap().open_sealed(&sealed), None);
    }

    #[cfg(unix)]
    #[test]
    fn the_key_file_is_created_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        Cipher::open(dir.path()).unwrap();
        let mode = std::fs::metadata(dir.path().join(KEY_FILE)).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
