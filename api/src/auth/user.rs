//! The signed-in user's own view of their account (`GET /me`).

use serde::Serialize;
use utoipa::ToSchema;

use super::store;
use crate::{
    access::CurrentAccount,
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

/// The account as the request's session check read it (`GET /me`: one statement).
impl From<CurrentAccount> for Me {
    fn from(account: CurrentAccount) -> Self {
        Self {
            id: account.user.id,
            mobile: account.mobile,
            display_name: account.display_name,
            has_password: account.has_password,
            admin_role: account.admin_role,
            created_at: rfc3339(account.created_at),
        }
    }
}

pub async fn load_me(db: &Db, user_id: &str) -> ApiResult<Me> {
    let store::UserRow { id, mobile, display_name, password_hash, admin_role, created_at } =
        store::user_by_id(db, user_id).await?.ok_or(ApiError::NotFound)?;
    Ok(Me {
        id,
        mobile,
        display_name,
        has_password: password_hash.is_some(),
        admin_role,
        created_at: rfc3339(created_at),
    })
}
