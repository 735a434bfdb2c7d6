//! Who is calling: the `CurrentUser` extractor (a valid bearer token of an open session of an
//! active account), and `MaybeUser` for routes anyone may call.

use std::{future::Future, pin::Pin};

use actix_web::{FromRequest, HttpRequest, dev::Payload, http::header};

use super::tokens;
use crate::{error::ApiError, state::AppState};

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
            .is_some_and(|t| super::integrator::is_integrator_bearer(t.trim()));
        if header.is_none() || integrator {
            return Box::pin(std::future::ready(Ok(MaybeUser(None))));
        }
        let user = CurrentUser::from_request(req, payload);
        Box::pin(async move { Ok(MaybeUser(Some(user.await?))) })
    }
}
