//! The signed-in user's own view of their account (`GET /me`).

use serde::Serialize;
use utoipa::ToSchema;

use crate::{
    db::{Db, rfc3339},
    error::{ApiError, ApiResult},
};

/// The signed-in user's own account.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub id: String,
    /// The account's mainland mobile number (shown in full to its owner only).
    pub mobile: Option<String>,
    pub display_name: String,
    /// Whether a password is set (sign-in by password is possible).
    pub has_password: bool,
    /// `super`, `reviewer` or `auditor` for platform operators.
    pub admin_role: Option<String>,
    /// RFC 3339 UTC.
    pub created_at: String,
}

#[derive(Debug, sqlx::FromRow)]
struct UserRow {
    id: String,
    mobile: Option<String>,
    display_name: String,
    password_hash: Option<String>,
    admin_role: Option<String>,
    created_at: i64,
}

pub async fn load_me(db: &Db, user_id: &str) -> ApiResult<Me> {
    let UserRow { id, mobile, display_name, password_hash, admin_role, created_at } =
        sqlx::query_as::<_, UserRow>(
            "select id, mobile, display_name, password_hash, admin_role, created_at \
             from users where id = $1",
        )
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Me {
        id,
        mobile,
        display_name,
        has_password: password_hash.is_some(),
        admin_role,
        created_at: rfc3339(created_at),
    })
}
