//! Account SQL.

use tracing::instrument;

use crate::{
    db::{Db, new_id, now_ms},
    domain::Mobile,
    error::{ApiError, ApiResult},
};

#[derive(Debug, sqlx::FromRow)]
pub struct Account {
    pub id: String,
    pub status: String,
}

#[instrument(skip_all)]
pub async fn find_by_mobile(db: &Db, mobile: &Mobile) -> ApiResult<Option<Account>> {
    Ok(sqlx::query_as::<_, Account>("select id, status from users where mobile = $1")
        .bind(mobile.as_ref())
        .fetch_optional(&db.pool)
        .await?)
}

/// Registers a phone on its first sign-in. Two first sign-ins racing for one phone end with
/// one account: the loser reads the winner's row.
#[instrument(skip_all)]
pub async fn register_by_mobile(db: &Db, mobile: &Mobile) -> ApiResult<Account> {
    let now = now_ms();
    let inserted = sqlx::query(
        "insert into users (id, mobile, display_name, status, agreed_terms_at, created_at, updated_at) \
         values ($1, $2, $3, 'active', $4, $4, $4) on conflict (mobile) do nothing",
    )
    .bind(new_id())
    .bind(mobile.as_ref())
    .bind(mobile.masked())
    .bind(now)
    .execute(&db.pool)
    .await?;
    if inserted.rows_affected() == 0 {
        tracing::debug!("concurrent registration of one phone; using the existing account");
    }
    find_by_mobile(db, mobile)
        .await?
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("registered account not found")))
}

/// An account created by a first SSO login without a phone (not WeChat: SPEC §1 requires a
/// verified phone there). It signs in through its linked identity.
#[instrument(skip_all)]
pub async fn register_without_mobile(db: &Db, display_name: &str) -> ApiResult<String> {
    let id = new_id();
    let now = now_ms();
    sqlx::query(
        "insert into users (id, mobile, display_name, status, agreed_terms_at, created_at, updated_at) \
         values ($1, null, $2, 'active', $3, $3, $3)",
    )
    .bind(&id)
    .bind(display_name)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(id)
}
