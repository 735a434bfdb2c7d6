//! Sessions (SPEC §1): a short-lived JWT access token (HS256 only; `alg` is fixed here, never
//! read from the token) and a rotating refresh token. Each sign-in starts a token family;
//! each refresh marks the presented token rotated and issues its successor; presenting a
//! revoked token, or a rotated one after a short grace, is treated as theft and revokes the
//! whole family. A rotated token presented again within the grace gets the *same* successor
//! (derived from it with the server's key), so a family never has two live branches.

use base64::Engine;
use jsonwebtoken::{Algorithm, Header, Validation, errors::ErrorKind};
use serde::{Deserialize, Serialize};

use super::store;
use crate::keys::AuthKeys;
use crate::{
    db::{Conn, Db, new_id, now_ms},
    error::{ApiError, ApiResult},
};

pub const ACCESS_TTL_SECS: i64 = 15 * 60;
pub const REFRESH_TTL_MS: i64 = 30 * 24 * 60 * 60 * 1000;

#[derive(Debug, Serialize, Deserialize)]
pub struct AccessClaims {
    /// The user id.
    pub sub: String,
    pub iat: i64,
    pub exp: i64,
    /// The refresh-token family (the sign-in) this token belongs to.
    pub sid: String,
}

/// What a sign-in or a refresh hands out.
#[derive(Debug)]
pub struct IssuedSession {
    pub user_id: String,
    pub access_token: String,
    pub refresh_token: String,
}

fn validation() -> Validation {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.leeway = 5;
    validation.set_required_spec_claims(&["exp", "sub"]);
    validation
}

pub fn issue_access_token(keys: &AuthKeys, user_id: &str, family_id: &str) -> ApiResult<String> {
    let now = now_ms() / 1000;
    let claims = AccessClaims {
        sub: user_id.to_owned(),
        iat: now,
        exp: now + ACCESS_TTL_SECS,
        sid: family_id.to_owned(),
    };
    jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &keys.encoding)
        .map_err(|e| ApiError::Internal(anyhow::Error::new(e).context("sign access token")))
}

pub fn verify_access_token(keys: &AuthKeys, token: &str) -> ApiResult<AccessClaims> {
    let decoded = jsonwebtoken::decode::<AccessClaims>(token, &keys.decoding, &validation());
    let decoded = match (decoded, &keys.previous_decoding) {
        (Err(err), Some(previous)) if matches!(err.kind(), ErrorKind::InvalidSignature) => {
            jsonwebtoken::decode::<AccessClaims>(token, previous, &validation())
        }
        (decoded, _) => decoded,
    };
    decoded.map(|data| data.claims).map_err(|err| match err.kind() {
        ErrorKind::ExpiredSignature => ApiError::Unauthorized { code: "token_expired" },
        _ => ApiError::Unauthorized { code: "token_invalid" },
    })
}

fn new_refresh_token() -> ApiResult<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("random refresh token: {e}"))?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

/// How a session was started; some acts need a particular one (the member's WeChat factor).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInMethod<'a> {
    Sms,
    Password,
    /// The member sign-in: the membership password and its WeChat second factor.
    Member,
    /// An SSO provider's identity key (`wechat`, `dingtalk`, `hainan_gov`, `oidc`).
    Sso(&'a str),
}

impl SignInMethod<'_> {
    pub fn as_str(&self) -> &str {
        match self {
            SignInMethod::Sms => "sms",
            SignInMethod::Password => "password",
            SignInMethod::Member => "member",
            SignInMethod::Sso(provider) => provider,
        }
    }
}

/// The refresh token that succeeds `presented`: derived with the server's key, so a replay
/// within the grace can be answered with the successor already issued (only hashes are stored).
fn successor_of(keys: &AuthKeys, presented: &str) -> String {
    keys.hash(&["refresh_successor", presented])
}

async fn insert_refresh_token(
    conn: &mut Conn,
    keys: &AuthKeys,
    token: &str,
    session: (&str, &str, &str),
    now: i64,
) -> ApiResult<()> {
    let (user_id, family_id, method) = session;
    let token_hash = keys.hash(&["refresh", token]);
    let row = store::NewRefreshToken {
        user_id,
        family_id,
        token_hash: &token_hash,
        method,
        created_at: now,
        expires_at: now + REFRESH_TTL_MS,
    };
    store::insert_refresh_token(conn, &row).await?;
    Ok(())
}

/// Starts a session (a new token family) for a user who just proved who they are.
pub async fn start_session(
    db: &Db,
    keys: &AuthKeys,
    user_id: &str,
    method: SignInMethod<'_>,
) -> ApiResult<IssuedSession> {
    let family_id = new_id();
    let refresh_token = new_refresh_token()?;
    insert_refresh_token(
        &mut *db.pool.acquire().await?,
        keys,
        &refresh_token,
        (user_id, &family_id, method.as_str()),
        now_ms(),
    )
    .await?;
    Ok(IssuedSession {
        user_id: user_id.to_owned(),
        access_token: issue_access_token(keys, user_id, &family_id)?,
        refresh_token,
    })
}

/// How the session `family_id` was started (`sms`, `password`, `member`, an SSO provider).
pub async fn session_method(db: &Db, family_id: &str) -> ApiResult<String> {
    Ok(store::session_method(db, family_id).await?.unwrap_or_default())
}

/// How long a rotated refresh token may still be presented: a browser that left the page while
/// its refresh was answered never stored the successor, and two tabs may refresh at once. Such
/// a replay gets the same successor again; a later one is taken for theft.
const REUSE_GRACE_MS: i64 = 10_000;

/// Exchanges a refresh token for a new pair; reuse of a rotated token (after the grace above)
/// revokes the family.
pub async fn rotate(db: &Db, keys: &AuthKeys, presented: &str) -> ApiResult<IssuedSession> {
    let now = now_ms();
    let found = store::refresh_token_by_hash(db, &keys.hash(&["refresh", presented])).await?;
    let Some(store::StoredRefreshToken {
        id,
        family_id,
        user_id,
        method,
        expires_at,
        rotated_at,
        revoked_at,
    }) = found
    else {
        return Err(ApiError::Unauthorized { code: "refresh_token_invalid" });
    };
    if revoked_at.is_some() || rotated_at.is_some_and(|at| now - at > REUSE_GRACE_MS) {
        store::revoke_family(db, &family_id).await?;
        tracing::warn!(family = %family_id, "refresh token reused; session family revoked");
        return Err(ApiError::Unauthorized { code: "refresh_token_reused" });
    }
    if expires_at <= now {
        return Err(ApiError::Unauthorized { code: "refresh_token_invalid" });
    }
    let successor = successor_of(keys, presented);
    let mut tx = db.begin().await?;
    // Conditional: of two concurrent refreshes with one token, one rotates it and stores the
    // successor; the other (and any replay within the grace) answers that same successor.
    if store::mark_rotated(&mut tx, &id, now).await? {
        insert_refresh_token(&mut tx, keys, &successor, (&user_id, &family_id, &method), now)
            .await?;
    }
    // Signed out (or revoked for theft) meanwhile: the family stays closed.
    if store::family_revoked(&mut tx, &family_id).await? {
        return Err(ApiError::Unauthorized { code: "refresh_token_reused" });
    }
    tx.commit().await?;
    Ok(IssuedSession {
        access_token: issue_access_token(keys, &user_id, &family_id)?,
        user_id,
        refresh_token: successor,
    })
}

/// Ends the session a refresh token belongs to. Unknown tokens are ignored (sign-out is
/// idempotent).
pub async fn sign_out(db: &Db, keys: &AuthKeys, presented: &str) -> ApiResult<()> {
    let family = store::family_of_token(db, &keys.hash(&["refresh", presented])).await?;
    if let Some(family_id) = family {
        store::revoke_family(db, &family_id).await?;
    }
    Ok(())
}

/// Ends every sign-in of a user but `keep` (the caller's own, after a password change).
pub async fn revoke_other_sessions(db: &Db, user_id: &str, keep: Option<&str>) -> ApiResult<()> {
    Ok(store::revoke_sessions_of_user(db, user_id, keep).await?)
}

#[cfg(test)]
mod tests {
    use secrecy::SecretString;

    use super::*;

    fn keys(secret: &str) -> AuthKeys {
        AuthKeys::new(&SecretString::from(secret.to_owned()))
    }

    #[test]
    fn a_token_verifies_with_its_key_only() {
        let keys_a = keys("a-secret-that-is-at-least-32-bytes-long");
        let keys_b = keys("another-secret-that-is-32-bytes-long!");
        let token = issue_access_token(&keys_a, "user-1", "family-1").unwrap();

        assert_eq!(verify_access_token(&keys_a, &token).unwrap().sub, "user-1");
        assert!(matches!(
            verify_access_token(&keys_b, &token),
            Err(ApiError::Unauthorized { code: "token_invalid" })
        ));
    }

    #[test]
    fn unsigned_and_expired_tokens_are_refused() {
        let keys = keys("a-secret-that-is-at-least-32-bytes-long");
        let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let now = now_ms() / 1000;
        let header = engine.encode(r#"{"alg":"none","typ":"JWT"}"#);
        let payload =
            engine.encode(format!(r#"{{"sub":"u","iat":{now},"exp":{},"sid":"f"}}"#, now + 600));
        let unsigned = format!("{header}.{payload}.");
        assert!(matches!(
            verify_access_token(&keys, &unsigned),
            Err(ApiError::Unauthorized { code: "token_invalid" })
        ));

        let expired = jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &AccessClaims { sub: "u".into(), iat: now - 1000, exp: now - 100, sid: "f".into() },
            &keys.encoding,
        )
        .unwrap();
        assert!(matches!(
            verify_access_token(&keys, &expired),
            Err(ApiError::Unauthorized { code: "token_expired" })
        ));
    }
}
