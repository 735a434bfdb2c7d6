//! The cryptography both payment gateways use (INTEGRATIONS §3.2, §3.3, §4.2): SHA256withRSA
//! (PKCS#1 v1.5) signatures in base64, and WeChat Pay's AES-256-GCM resources. Shared by the
//! adapters and by the sandbox gateways that play the other side.

use base64::Engine;
use ring::{
    aead::{AES_256_GCM, Aad, LessSafeKey, Nonce, UnboundKey},
    rand::SystemRandom,
    signature::{RSA_PKCS1_2048_8192_SHA256, RSA_PKCS1_SHA256, RsaKeyPair, UnparsedPublicKey},
};

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// An RSA private key for SHA256withRSA signatures. `ring` signs in constant time (the `rsa`
/// crate did not: RUSTSEC-2023-0071) and blinds each private-key operation.
#[derive(Debug)]
pub struct PrivateKey(RsaKeyPair);

/// An RSA public key, as the `RSAPublicKey` DER that `ring` verifies with.
#[derive(Debug, Clone)]
pub struct PublicKey(Vec<u8>);

/// The DER inside a PEM block (or bare base64, as Alipay's console shows keys) and its label.
fn pem_der(text: &str) -> anyhow::Result<(String, Vec<u8>)> {
    let text = text.trim();
    let (label, body) = match text.strip_prefix("-----BEGIN ") {
        Some(rest) => {
            let (label, rest) =
                rest.split_once("-----").ok_or_else(|| anyhow::anyhow!("PEM header"))?;
            let end = format!("-----END {label}-----");
            let body = rest.split(end.as_str()).next().unwrap_or_default();
            (label.to_owned(), body)
        }
        None => (String::new(), text),
    };
    let body: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    Ok((label, B64.decode(body).map_err(|e| anyhow::anyhow!("key is not base64: {e}"))?))
}

/// A private key in PKCS#8 or PKCS#1 PEM (or bare PKCS#8 base64).
pub fn private_key(pem: &str) -> anyhow::Result<PrivateKey> {
    let (label, der) = pem_der(pem)?;
    let pair = if label == "RSA PRIVATE KEY" {
        RsaKeyPair::from_der(&der)
    } else {
        RsaKeyPair::from_pkcs8(&der).or_else(|_| RsaKeyPair::from_der(&der))
    };
    pair.map(PrivateKey).map_err(|e| anyhow::anyhow!("RSA private key: {e}"))
}

/// A public key in SPKI or PKCS#1 PEM (or bare SPKI base64).
pub fn public_key(pem: &str) -> anyhow::Result<PublicKey> {
    let (label, der) = pem_der(pem)?;
    match (label.as_str(), spki_rsa_key(&der)) {
        ("RSA PUBLIC KEY", _) => Ok(PublicKey(der)),
        (_, Some(key)) => Ok(PublicKey(key.to_vec())),
        _ => Err(anyhow::anyhow!("RSA public key: not an RSA SubjectPublicKeyInfo")),
    }
}

/// One DER element at the start of `input`: (tag, contents, rest).
fn der_element(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let count = usize::from(first & 0x7f);
        if count == 0 || count > 4 || rest.len() < count {
            return None;
        }
        let len = rest[..count].iter().fold(0usize, |len, b| (len << 8) | usize::from(*b));
        (len, &rest[count..])
    };
    (rest.len() >= len).then(|| (tag, &rest[..len], &rest[len..]))
}

/// The `RSAPublicKey` inside an RSA `SubjectPublicKeyInfo` (RFC 5280 §4.1, RFC 8017 A.1.1).
fn spki_rsa_key(der: &[u8]) -> Option<&[u8]> {
    const RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
    let (0x30, info, _) = der_element(der)? else { return None };
    let (0x30, algorithm, rest) = der_element(info)? else { return None };
    let (0x06, oid, _) = der_element(algorithm)? else { return None };
    if oid != RSA_ENCRYPTION {
        return None;
    }
    let (0x03, bits, _) = der_element(rest)? else { return None };
    let (&0, key) = bits.split_first()? else { return None };
    Some(key)
}

/// SHA256withRSA over `message`, base64.
pub fn sign(key: &PrivateKey, message: &[u8]) -> String {
    let mut signature = vec![0u8; key.0.public().modulus_len()];
    key.0
        .sign(&RSA_PKCS1_SHA256, &SystemRandom::new(), message, &mut signature)
        .expect("signing with a parsed RSA key");
    B64.encode(signature)
}

/// Whether `signature_b64` is SHA256withRSA over `message` by the holder of `key`.
pub fn verify(key: &PublicKey, message: &[u8], signature_b64: &str) -> bool {
    let Ok(signature) = B64.decode(signature_b64.trim()) else { return false };
    UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, &key.0).verify(message, &signature).is_ok()
}

/// WeChat Pay's `AEAD_AES_256_GCM` resource: key = the APIv3 key as bytes, nonce and
/// associated data as UTF-8, ciphertext‖tag in base64.
pub fn aes_gcm_open(
    key: &[u8],
    nonce: &str,
    associated_data: &str,
    ciphertext_b64: &str,
) -> anyhow::Result<Vec<u8>> {
    let (cipher, nonce) = apiv3_cipher(key, nonce)?;
    let mut sealed = B64.decode(ciphertext_b64)?;
    let plaintext = cipher
        .open_in_place(nonce, Aad::from(associated_data.as_bytes()), &mut sealed)
        .map_err(|_| anyhow::anyhow!("resource does not decrypt (wrong APIv3 key or tampered)"))?;
    Ok(plaintext.to_vec())
}

pub fn aes_gcm_seal(
    key: &[u8],
    nonce: &str,
    associated_data: &str,
    plaintext: &[u8],
) -> anyhow::Result<String> {
    let (cipher, nonce) = apiv3_cipher(key, nonce)?;
    let mut sealed = plaintext.to_vec();
    cipher
        .seal_in_place_append_tag(nonce, Aad::from(associated_data.as_bytes()), &mut sealed)
        .map_err(|_| anyhow::anyhow!("AES-GCM encryption"))?;
    Ok(B64.encode(sealed))
}

fn apiv3_cipher(key: &[u8], nonce: &str) -> anyhow::Result<(LessSafeKey, Nonce)> {
    let key =
        UnboundKey::new(&AES_256_GCM, key).map_err(|_| anyhow::anyhow!("APIv3 key length"))?;
    let nonce = Nonce::try_assume_unique_for_key(nonce.as_bytes())
        .map_err(|_| anyhow::anyhow!("nonce is not 12 bytes"))?;
    Ok((LessSafeKey::new(key), nonce))
}

/// Random printable characters for nonces.
pub fn nonce_str(len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut bytes = vec![0u8; len];
    getrandom::fill(&mut bytes).expect("system randomness");
    bytes.iter().map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()])).collect()
}

/// `"12.30"` (yuan, at most two decimals) in fen; `None` for anything else.
pub fn fen_of_yuan(text: &str) -> Option<i64> {
    let (whole, fraction) = text.trim().split_once('.').unwrap_or((text.trim(), ""));
    if whole.is_empty() || fraction.len() > 2 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let fraction: i64 = format!("{fraction:0<2}").parse().ok()?;
    whole.checked_mul(100)?.checked_add(fraction)
}

/// Fen as yuan with two decimals, as Alipay's `total_amount` is written.
pub fn yuan_of_fen(fen: i64) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = include_str!("../../assets/sandbox/wechatpay-platform.key.pem");
    const PUB: &str = include_str!("../../assets/sandbox/wechatpay-platform.pub.pem");

    #[test]
    fn a_signature_verifies_only_for_its_message_and_key() {
        let key = private_key(KEY).unwrap();
        let public = public_key(PUB).unwrap();
        let other =
            public_key(include_str!("../../assets/sandbox/alipay-platform.pub.pem")).unwrap();
        let signature = sign(&key, b"message");
        assert!(verify(&public, b"message", &signature));
        assert!(!verify(&public, b"messagE", &signature));
        assert!(!verify(&other, b"message", &signature));
        assert!(!verify(&public, b"message", "not base64!"));
    }

    #[test]
    fn bare_base64_keys_are_accepted() {
        let bare: String =
            PUB.lines().filter(|l| !l.starts_with("-----")).collect::<Vec<_>>().join("");
        assert!(public_key(&bare).is_ok());
    }

    #[test]
    fn resources_round_trip_and_a_wrong_key_or_tampering_fails() {
        let key = b"0123456789abcdef0123456789abcdef";
        let sealed = aes_gcm_seal(key, "abcdefghijkl", "transaction", b"{}").unwrap();
        assert_eq!(aes_gcm_open(key, "abcdefghijkl", "transaction", &sealed).unwrap(), b"{}");
        assert!(
            aes_gcm_open(
                b"0123456789abcdef0123456789abcdeX",
                "abcdefghijkl",
                "transaction",
                &sealed
            )
            .is_err()
        );
        assert!(aes_gcm_open(key, "abcdefghijkl", "other", &sealed).is_err());
    }

    #[test]
    fn yuan_amounts_are_read_exactly() {
        assert_eq!(fen_of_yuan("12.30"), Some(1230));
        assert_eq!(fen_of_yuan("12.3"), Some(1230));
        assert_eq!(fen_of_yuan("12"), Some(1200));
        assert_eq!(fen_of_yuan("0.01"), Some(1));
        for bad in ["", "1.234", "-1", "1e3", "a.00", ".5"] {
            assert_eq!(fen_of_yuan(bad), None, "{bad}");
        }
        assert_eq!(yuan_of_fen(200_000), "2000.00");
        assert_eq!(yuan_of_fen(5), "0.05");
    }
}
