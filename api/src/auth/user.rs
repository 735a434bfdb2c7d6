//! Who is calling: the `CurrentUser` extractor (a valid bearer token of an open session of an
//! active account) and the signed-in user's own view of their account.

use std::{future::Future, pin::Pin};

use actix_web::{FromRequest, HttpRequest, dev::Payload, http::header};
use serde::Serialize;
use utoipa::ToSchema;

use super::tokens;
use crate::{
    db::{Db, rfc3339},
    error::{ApiError, ApiResult},
    state::AppState,
};

/// A signed-in user. Taking it as a handler argument is what makes a route require sign-in
/// (and its `security(("bearer" = []))` annotation says so in the spec).
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: String,
    /// The sign-in (refresh-token family) the access token belongs to.
    pub session_id: String,
}

impl FromRequest for CurrentUser {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<AppState>().cloned();
        let bearer = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer ").map(str::trim).map(str::to_owned));
        Box::pin(async move {
            let state = state
                .ok_or_else(|| anyhow::anyhow!("app state missing"))
                .map_err(ApiError::Internal)?;
            let token = bearer.ok_or(ApiError::Unauthorized { code: "unauthorized" })?;
            let claims = tokens::verify_access_token(&state.keys, &token)?;
            if !tokens::family_is_active(&state.db, &claims.sid).await? {
                return Err(ApiError::Unauthorized { code: "session_ended" }.into());
            }
            let status: Option<String> =
                sqlx::query_scalar("select status from users where id = $1")
                    .bind(&claims.sub)
                    .fetch_optional(&state.db.pool)
                    .await
                    .map_err(ApiError::from)?;
            match status.as_deref() {
                Some("active") => Ok(CurrentUser { id: claims.sub, session_id: claims.sid }),
                Some(_) => Err(ApiError::Unauthorized { code: "account_disabled" }.into()),
                None => Err(ApiError::Unauthorized { code: "token_invalid" }.into()),
            }
        })
    }
}

/// The caller if signed in, `None` if no `Authorization` header was sent. A header that is
/// present but invalid is an error, not an anonymous call (STYLE.md 16).
#[derive(Debug, Clone)]
pub struct MaybeUser(pub Option<CurrentUser>);

impl FromRequest for MaybeUser {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let header = req.headers().get(header::AUTHORIZATION).and_then(|v| v.to_str().ok());
        // No header, or an integrator's credential (integrators are not users): anonymous.
        let integrator = header
            .and_then(|v| v.strip_prefix("Bearer "))
            .is_some_and(|t| crate::integrators::auth::is_integrator_bearer(t.trim()));
        if header.is_none() || integrator {
            return Box::pin(std::future::ready(Ok(MaybeUser(None))));
        }
        let user = CurrentUser::from_request(req, payload);
        Box::pin(async move { Ok(MaybeUser(Some(user.await?))) })
    }
}

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
