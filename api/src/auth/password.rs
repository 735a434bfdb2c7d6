//! Passwords (SPEC §1): Argon2id hashes (computed off the async runtime), sign-in by phone and
//! password with a lockout after five failures in 15 minutes, and set / change / reset.

use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier, password_hash::SaltString};
use tracing::instrument;

use crate::{
    db::{Db, now_ms},
    domain::Password,
    error::{ApiError, ApiResult},
};

pub const MAX_FAILURES: i64 = 5;
pub const FAILURE_WINDOW_MS: i64 = 15 * 60 * 1000;
pub const LOCK_MS: i64 = 15 * 60 * 1000;

/// A hash of a random password, verified against when the account does not exist, so an
/// unknown phone takes as long to refuse as a wrong password.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2vJ8TtHq/mVXIbYkJ0uKZ0m2xPsmMI2l5v8ZKp2fVhk";

pub async fn hash(password: &Password) -> ApiResult<String> {
    let password = password.expose().to_owned();
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| anyhow::anyhow!("random salt: {e}"))?;
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::encode_b64(&salt).map_err(|e| anyhow::anyhow!("salt: {e}"))?;
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| anyhow::anyhow!("hash password: {e}"))
    })
    .await
    .map_err(|e| anyhow::anyhow!("hashing task: {e}"))?
    .map_err(ApiError::Internal)
}

pub async fn verify(candidate: &str, stored_hash: Option<&str>) -> ApiResult<bool> {
    let candidate = candidate.to_owned();
    let known = stored_hash.is_some();
    let stored = stored_hash.unwrap_or(DUMMY_HASH).to_owned();
    let matches = tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored)
            .map(|hash| Argon2::default().verify_password(candidate.as_bytes(), &hash).is_ok())
            .unwrap_or(false)
    })
    .await
    .map_err(|e| anyhow::anyhow!("verifying task: {e}"))?;
    Ok(known && matches)
}

#[derive(Debug, sqlx::FromRow)]
pub struct PasswordAccount {
    pub id: String,
    pub status: String,
    pub password_hash: Option<String>,
    pub password_locked_until: Option<i64>,
}

#[instrument(skip_all)]
pub async fn find_account(db: &Db, mobile: &str) -> ApiResult<Option<PasswordAccount>> {
    Ok(sqlx::query_as::<_, PasswordAccount>(
        "select id, status, password_hash, password_locked_until from users where mobile = $1",
    )
    .bind(mobile)
    .fetch_optional(&db.pool)
    .await?)
}

/// Whose password sign-ins are counted: a user's, or a member unit's (SPEC §6 uses the same
/// lockout); both tables carry the same failure columns.
#[derive(Debug, Clone, Copy)]
pub enum Lockable {
    User,
    Membership,
}

impl Lockable {
    fn table(self) -> &'static str {
        match self {
            Lockable::User => "users",
            Lockable::Membership => "memberships",
        }
    }
}

/// Counts a failed password sign-in; returns the lock's end when this failure locks the
/// account. One conditional update per failure, so concurrent guesses are all counted.
#[instrument(skip_all)]
pub async fn record_failure(db: &Db, who: Lockable, id: &str) -> ApiResult<Option<i64>> {
    let now = now_ms();
    let table = who.table();
    let failures: i64 = sqlx::query_scalar(&format!(
        "update {table} set \
           password_failures = case when password_failure_window_started_at is null \
             or password_failure_window_started_at <= $2 then 1 else password_failures + 1 end, \
           password_failure_window_started_at = case when password_failure_window_started_at is null \
             or password_failure_window_started_at <= $2 then $3 else password_failure_window_started_at end \
         where id = $1 returning password_failures"
    ))
    .bind(id)
    .bind(now - FAILURE_WINDOW_MS)
    .bind(now)
    .fetch_one(&db.pool)
    .await?;
    if failures < MAX_FAILURES {
        return Ok(None);
    }
    let until = now + LOCK_MS;
    sqlx::query(&format!(
        "update {table} set password_locked_until = $2, password_failures = 0, \
         password_failure_window_started_at = null where id = $1"
    ))
    .bind(id)
    .bind(until)
    .execute(&db.pool)
    .await?;
    Ok(Some(until))
}

#[instrument(skip_all)]
pub async fn record_success(db: &Db, who: Lockable, id: &str) -> ApiResult<()> {
    sqlx::query(&format!(
        "update {} set password_failures = 0, password_failure_window_started_at = null, \
         password_locked_until = null where id = $1",
        who.table()
    ))
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(())
}

#[instrument(skip_all)]
pub async fn store_hash(db: &Db, user_id: &str, hash: &str) -> ApiResult<()> {
    sqlx::query(
        "update users set password_hash = $2, password_failures = 0, \
         password_failure_window_started_at = null, password_locked_until = null, updated_at = $3 \
         where id = $1",
    )
    .bind(user_id)
    .bind(hash)
    .bind(now_ms())
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// The answer while password sign-in is locked: says so and when it ends.
pub fn locked(until_ms: i64) -> ApiError {
    let remaining_secs = u64::try_from((until_ms - now_ms() + 999) / 1000).unwrap_or(1).max(1);
    ApiError::Locked { retry_after_secs: remaining_secs }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let password = Password::parse("Ketang#2026", &[]).unwrap();
        let stored = hash(&password).await.unwrap();

        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("Ketang#2026", Some(&stored)).await.unwrap());
        assert!(!verify("Ketang#2027", Some(&stored)).await.unwrap());
        assert!(!verify("Ketang#2026", None).await.unwrap(), "no account, no match");
    }

    #[test]
    fn the_dummy_hash_parses() {
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
    }
}
