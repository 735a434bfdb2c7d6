//! Who is calling: the `CurrentUser` extractor (a valid bearer token of an open session of an
//! active account), and `MaybeUser` for routes anyone may call.

use std::{future::Future, pin::Pin};

use actix_web::{FromRequest, HttpRequest, dev::Payload, http::header, web};

use super::{callers::CallerCache, store, tokens};
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
        let signed_in = SignedIn::from_request(req, None);
        Box::pin(async move { Ok(signed_in.await?.user) })
    }
}

/// A signed-in user with their account as the session check read it (in the same statement):
/// what `GET /me` shows, without a second read.
#[derive(Debug, Clone)]
pub struct CurrentAccount {
    pub user: CurrentUser,
    pub mobile: Option<String>,
    pub display_name: String,
    pub has_password: bool,
    pub admin_role: Option<String>,
    /// Milliseconds since the epoch.
    pub created_at: i64,
}

impl FromRequest for CurrentAccount {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let signed_in = SignedIn::from_request(req, None);
        Box::pin(async move {
            let SignedIn { user, admin_role, account, .. } = signed_in.await?;
            Ok(CurrentAccount {
                user,
                mobile: account.mobile,
                display_name: account.display_name.unwrap_or_default(),
                has_password: account.has_password == 1,
                admin_role,
                created_at: account.created_at.unwrap_or_default(),
            })
        })
    }
}

/// The account's columns read with the session check, for `CurrentAccount`.
pub(super) struct AccountColumns {
    mobile: Option<String>,
    display_name: Option<String>,
    has_password: i64,
    created_at: Option<i64>,
}

/// A verified bearer token with what its caller is: the one read behind `CurrentUser`,
/// `CurrentAccount`, `OrgAccess` and `Admin` (one statement, `store::caller`, unless `callers`
/// holds it from before the database's last commit).
pub(super) struct SignedIn {
    pub user: CurrentUser,
    pub admin_role: Option<String>,
    /// The caller's role in the org asked about, if a member.
    pub org_role: Option<String>,
    pub account: AccountColumns,
}

impl SignedIn {
    pub(super) fn from_request(
        req: &HttpRequest,
        org_id: Option<String>,
    ) -> impl Future<Output = Result<Self, ApiError>> + use<> {
        let state = req.app_data::<AppState>().cloned();
        let callers = req.app_data::<web::Data<CallerCache>>().cloned();
        let req = req.clone();
        let bearer = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer ").map(str::trim).map(str::to_owned));
        async move {
            let state = state
                .ok_or_else(|| anyhow::anyhow!("app state missing"))
                .map_err(ApiError::Internal)?;
            let token = bearer.ok_or(ApiError::Unauthorized { code: "unauthorized" })?;
            let claims = tokens::verify_access_token(&state.keys, &token)?;
            let caller =
                read_caller(&state, &req, callers.as_ref().map(|c| c.get_ref()), &claims, org_id)
                    .await?;
            if caller.session_open == 0 {
                return Err(ApiError::Unauthorized { code: "session_ended" });
            }
            match caller.status.as_deref() {
                Some("active") => Ok(SignedIn {
                    user: CurrentUser { id: claims.sub, session_id: claims.sid },
                    admin_role: caller.admin_role,
                    org_role: caller.org_role,
                    account: AccountColumns {
                        mobile: caller.mobile,
                        display_name: caller.display_name,
                        has_password: caller.has_password,
                        created_at: caller.created_at,
                    },
                }),
                Some(_) => Err(ApiError::Unauthorized { code: "account_disabled" }),
                None => Err(ApiError::Unauthorized { code: "token_invalid" }),
            }
        }
    }
}

/// The caller of a verified token: from `callers` when the database has had no commit since it
/// was read there, else from the database (and kept when the database gives commit stamps).
async fn read_caller(
    state: &AppState,
    req: &HttpRequest,
    callers: Option<&CallerCache>,
    claims: &tokens::AccessClaims,
    org_id: Option<String>,
) -> Result<store::CallerRow, ApiError> {
    let read = store::caller(&state.db, &claims.sub, &claims.sid, org_id.as_deref());
    let Some(callers) = callers else {
        return Ok(read.await?);
    };
    let key = (claims.sub.clone(), claims.sid.clone(), org_id.clone());
    let stamp = crate::cache::request_stamp(&state.db.commits, req).await;
    Ok(callers.get_or_read(stamp, key, read).await?)
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
