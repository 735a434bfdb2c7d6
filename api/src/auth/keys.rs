//! The server's secrets for sessions, derived once at start-up from the configured key.

use hmac::{Hmac, Mac};
use jsonwebtoken::{DecodingKey, EncodingKey};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;

pub struct AuthKeys {
    pub(crate) encoding: EncodingKey,
    pub(crate) decoding: DecodingKey,
    /// Keys the hashes of SMS codes and refresh tokens, so a database dump alone cannot be
    /// brute-forced (a 6-digit code has only a million values).
    pepper: Vec<u8>,
}

impl AuthKeys {
    pub fn new(jwt_secret: &SecretString) -> Self {
        let secret = jwt_secret.expose_secret().as_bytes();
        let mut pepper = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key");
        pepper.update(b"ketang hash pepper v1");
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            pepper: pepper.finalize().into_bytes().to_vec(),
        }
    }

    /// Keyed SHA-256 of `parts`, hex.
    pub fn hash(&self, parts: &[&str]) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.pepper).expect("HMAC takes any key");
        for part in parts {
            mac.update(part.as_bytes());
            mac.update(&[0x1f]);
        }
        hex::encode(mac.finalize().into_bytes())
    }
}

impl std::fmt::Debug for AuthKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuthKeys(***)")
    }
}
