//! The server's secrets for sessions, derived once at start-up from the configured key.

use hmac::{Hmac, Mac};
use jsonwebtoken::{DecodingKey, EncodingKey};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;

pub struct AuthKeys {
    pub(crate) encoding: EncodingKey,
    pub(crate) decoding: DecodingKey,
    /// The signing key being rotated away from: its tokens are still accepted.
    pub(crate) previous_decoding: Option<DecodingKey>,
    /// Keys the hashes of SMS codes and refresh tokens, so a database dump alone cannot be
    /// brute-forced (a 6-digit code has only a million values).
    pepper: Vec<u8>,
}

impl AuthKeys {
    pub fn new(jwt_secret: &SecretString) -> Self {
        Self::rotating(jwt_secret, None, None)
    }

    /// Signing with `jwt_secret`, accepting `previous` too, and hashing with `hash_key` (by
    /// default `jwt_secret`: the stored hashes then keep working across a key rotation only
    /// when it is set to the old key).
    pub fn rotating(
        jwt_secret: &SecretString,
        previous: Option<&SecretString>,
        hash_key: Option<&SecretString>,
    ) -> Self {
        let secret = jwt_secret.expose_secret().as_bytes();
        let hash_secret = hash_key.map_or(secret, |key| key.expose_secret().as_bytes());
        let mut pepper = Hmac::<Sha256>::new_from_slice(hash_secret).expect("HMAC takes any key");
        pepper.update(b"ketang hash pepper v1");
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            previous_decoding: previous
                .map(|previous| DecodingKey::from_secret(previous.expose_secret().as_bytes())),
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
