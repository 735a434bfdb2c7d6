use actix_web::{
    HttpRequest, HttpResponse,
    cookie::{Cookie, SameSite, time::Duration as CookieDuration},
    get, post, put,
    web::Json,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use validator::Validate;

use super::{
    CurrentUser, Me, TAG, password,
    sms::{self, SmsPurpose},
    store,
    tokens::{self, IssuedSession},
    user::load_me,
};
use crate::{
    access::CurrentAccount,
    audit::{self, Actor, AuditEntry, Origin},
    config::Profile,
    domain::{Mobile, Password},
    error::{ApiError, ApiResult},
    extract::ValidJson,
    openapi::{BodyErrors, SignedInErrors},
    state::AppState,
};

const REFRESH_COOKIE: &str = "ketang_refresh";
const REFRESH_COOKIE_PATH: &str = "/api/v1/auth";

#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct NewSmsCode {
    /// Mainland mobile number; `+86` is accepted.
    #[schema(example = "13800138000", max_length = 20)]
    #[validate(length(max = 20))]
    pub phone: String,
    pub purpose: SmsPurpose,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SmsCodeSent {
    /// How long the code stays valid.
    pub expires_in_secs: i64,
    /// When the next code for this phone may be requested.
    pub resend_after_secs: i64,
}

/// Where the refresh token goes: an HttpOnly cookie (browsers) or the response body
/// (native and integrator clients, which store it themselves).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum TokenDelivery {
    #[default]
    Cookie,
    Body,
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct SmsSignIn {
    #[schema(example = "13800138000", max_length = 20)]
    #[validate(length(max = 20))]
    pub phone: String,
    /// The six-digit code sent for purpose `login`.
    #[schema(example = "123456", min_length = 6, max_length = 6)]
    #[validate(length(equal = 6))]
    pub code: String,
    /// The user accepts the platform's legal statement and privacy policy; required to register.
    #[serde(default)]
    pub agree_terms: bool,
    /// The version of the legal statement the form showed (`GET /legal/terms`): a newer one
    /// answers 409 `legal_version_outdated`. When omitted, the current version is recorded.
    #[validate(range(min = 1))]
    #[schema(minimum = 1)]
    pub terms_version: Option<i64>,
    /// The version of the privacy policy the form showed (`GET /legal/privacy`), likewise.
    #[validate(range(min = 1))]
    #[schema(minimum = 1)]
    pub privacy_version: Option<i64>,
    #[serde(default)]
    pub token_delivery: TokenDelivery,
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct RefreshRequest {
    /// The refresh token, for clients that keep it; browsers send the cookie instead.
    #[validate(length(max = 200))]
    #[schema(max_length = 200)]
    pub refresh_token: Option<String>,
    #[serde(default)]
    pub token_delivery: TokenDelivery,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Session {
    /// Bearer token for `Authorization`, valid for `expires_in` seconds.
    pub access_token: String,
    #[schema(example = "Bearer")]
    pub token_type: &'static str,
    pub expires_in: i64,
    /// Only with `token_delivery: body`; otherwise it is in an HttpOnly cookie.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// True when this sign-in created the account.
    pub registered: bool,
    pub user: Me,
}

fn refresh_cookie(state: &AppState, value: String, max_age: CookieDuration) -> Cookie<'static> {
    Cookie::build(REFRESH_COOKIE, value)
        .path(REFRESH_COOKIE_PATH)
        .http_only(true)
        .secure(state.settings.profile == Profile::Prod)
        .same_site(SameSite::Strict)
        .max_age(max_age)
        .finish()
}

pub(super) async fn session_response(
    state: &AppState,
    issued: IssuedSession,
    delivery: TokenDelivery,
    registered: bool,
) -> ApiResult<HttpResponse> {
    let user = load_me(&state.db, &issued.user_id).await?;
    let mut response = HttpResponse::Ok();
    let refresh_token = match delivery {
        TokenDelivery::Body => Some(issued.refresh_token),
        TokenDelivery::Cookie => {
            let max_age = CookieDuration::milliseconds(tokens::REFRESH_TTL_MS);
            response.cookie(refresh_cookie(state, issued.refresh_token, max_age));
            None
        }
    };
    Ok(response.json(Session {
        access_token: issued.access_token,
        token_type: "Bearer",
        expires_in: tokens::ACCESS_TTL_SECS,
        refresh_token,
        registered,
        user,
    }))
}

/// Send a six-digit verification code by SMS.
///
/// The answer is the same whether or not the phone has an account. Limits (SPEC §1): one code
/// per phone per 60 s, ten per day, and an hourly quota per client address; over a limit the
/// answer is 429 with `Retry-After`.
#[utoipa::path(
    tag = TAG,
    params(("Idempotency-Key" = Option<String>, Header, description = "Up to 64 characters; a retry with the same key and body replays the first answer instead of sending again")),
    request_body = NewSmsCode,
    responses((status = 202, body = SmsCodeSent), BodyErrors),
)]
#[post("/auth/sms-codes")]
pub async fn request_sms_code(
    state: AppState,
    req: HttpRequest,
    ValidJson(body): ValidJson<NewSmsCode>,
) -> ApiResult<HttpResponse> {
    let phone = Mobile::parse(&body.phone).map_err(|e| e.invalid("phone"))?;
    // A gateway or client that retries with the same `Idempotency-Key` gets the first answer
    // instead of a second SMS (or a 429 for the resend interval).
    let retried =
        serde_json::json!({"phone": phone.as_ref(), "purpose": format!("{:?}", body.purpose)});
    let scope = format!("sms:{}", state.keys.hash(&["idempotency-sms", phone.as_ref()]));
    crate::idempotency::once(&state.db, &scope, &req, &retried, 202, async {
        let deliver = match body.purpose {
            SmsPurpose::Login | SmsPurpose::Bind => true,
            SmsPurpose::Reset => store::find_by_mobile(&state.db, &phone).await?.is_some(),
        };
        sms::issue_code(
            &state.db,
            &state.keys,
            state.sms.as_ref(),
            &phone,
            body.purpose,
            &crate::client_addr::limit_key(&req),
            deliver,
        )
        .await?;
        Ok(SmsCodeSent {
            expires_in_secs: sms::CODE_TTL_MS / 1000,
            resend_after_secs: sms::RESEND_AFTER_MS / 1000,
        })
    })
    .await
}

/// Sign in with a phone number and an SMS code; the first sign-in registers the phone and
/// requires `agree_terms`.
#[utoipa::path(
    tag = TAG,
    request_body = SmsSignIn,
    responses((status = 200, body = Session), (status = 409, description = "`legal_version_outdated`: the legal statement or privacy policy shown is no longer the current version",
        body = crate::error::Problem, content_type = "application/problem+json"), BodyErrors),
)]
#[post("/auth/sign-in/sms")]
pub async fn sign_in_with_sms(
    state: AppState,
    req: HttpRequest,
    ValidJson(body): ValidJson<SmsSignIn>,
) -> ApiResult<HttpResponse> {
    let phone = Mobile::parse(&body.phone).map_err(|e| e.invalid("phone"))?;
    let existing = store::find_by_mobile(&state.db, &phone).await?;
    // SPEC §1: registering requires the legal-statement agreement; check it before the code
    // is spent, so the user can tick the box and retry with the same code.
    if existing.is_none() {
        if !body.agree_terms {
            return Err(ApiError::invalid("agree_terms", "terms_required"));
        }
        crate::legal::check_terms_shown(&state.db, body.terms_version, body.privacy_version)
            .await?;
    }
    let origin = Origin::of(&req);
    if let Err(err) =
        sms::verify_code(&state.db, &state.keys, &phone, SmsPurpose::Login, &body.code).await
    {
        audit::record(
            &state.db.pool,
            AuditEntry {
                actor: Actor::System,
                org_id: None,
                action: "auth.sign_in_failed",
                object_type: "user",
                object_id: existing.as_ref().map(|a| a.id.as_str()),
                origin: &origin,
                details: json!({ "method": "sms", "phone": phone.masked() }),
            },
        )
        .await?;
        return Err(err);
    }
    let registered = existing.is_none();
    let account = match existing {
        Some(account) => account,
        None => store::register_by_mobile(&state.db, &phone).await?,
    };
    if registered {
        crate::legal::record_terms(
            &state.db,
            body.terms_version,
            body.privacy_version,
            &account.id,
            &origin,
        )
        .await?;
    }
    if account.status != "active" {
        return Err(ApiError::Unauthorized { code: "account_disabled" });
    }
    let issued =
        tokens::start_session(&state.db, &state.keys, &account.id, tokens::SignInMethod::Sms)
            .await?;
    audit::record(
        &state.db.pool,
        AuditEntry {
            actor: Actor::User(&account.id),
            org_id: None,
            action: if registered { "auth.register" } else { "auth.sign_in" },
            object_type: "user",
            object_id: Some(&account.id),
            origin: &origin,
            details: json!({ "method": "sms" }),
        },
    )
    .await?;
    session_response(&state, issued, body.token_delivery, registered).await
}

/// Exchange a refresh token (body or cookie) for a new access token and refresh token.
///
/// Each refresh token works once: presenting one that was already exchanged ends that whole
/// sign-in (it may have been stolen).
#[utoipa::path(
    tag = TAG,
    request_body = RefreshRequest,
    responses(
        (status = 200, body = Session),
        (status = 401, description = "Missing, invalid, expired or reused refresh token",
         body = crate::error::Problem, content_type = "application/problem+json"),
        BodyErrors,
    ),
)]
#[post("/auth/refresh")]
pub async fn refresh_session(
    state: AppState,
    req: HttpRequest,
    ValidJson(body): ValidJson<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    let presented = body
        .refresh_token
        .or_else(|| req.cookie(REFRESH_COOKIE).map(|c| c.value().to_owned()))
        .ok_or(ApiError::Unauthorized { code: "refresh_token_invalid" })?;
    let issued = tokens::rotate(&state.db, &state.keys, &presented).await?;
    session_response(&state, issued, body.token_delivery, false).await
}

/// Sign out: end the session the refresh token (body or cookie) belongs to. Idempotent.
#[utoipa::path(
    tag = TAG,
    request_body = RefreshRequest,
    responses((status = 204, description = "Signed out"), BodyErrors),
)]
#[post("/auth/sign-out")]
pub async fn sign_out(
    state: AppState,
    req: HttpRequest,
    ValidJson(body): ValidJson<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    let presented =
        body.refresh_token.or_else(|| req.cookie(REFRESH_COOKIE).map(|c| c.value().to_owned()));
    if let Some(token) = presented {
        tokens::sign_out(&state.db, &state.keys, &token).await?;
    }
    Ok(HttpResponse::NoContent()
        .cookie(refresh_cookie(&state, String::new(), CookieDuration::ZERO))
        .finish())
}

/// The signed-in user's account.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    responses((status = 200, body = Me), SignedInErrors),
)]
#[get("/me")]
pub async fn get_me(account: CurrentAccount) -> ApiResult<Json<Me>> {
    Ok(Json(Me::from(account)))
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct PasswordSignIn {
    #[schema(example = "13800138000", max_length = 20)]
    #[validate(length(max = 20))]
    pub phone: String,
    #[schema(max_length = 128)]
    #[validate(length(min = 1, max = 128))]
    pub password: String,
    #[serde(default)]
    pub token_delivery: TokenDelivery,
}

/// Sign in with a phone number and password.
///
/// Five wrong passwords within 15 minutes lock password sign-in for 15 minutes (423 with
/// `Retry-After`); SMS sign-in keeps working. An unknown phone and a wrong password get the
/// same answer.
#[utoipa::path(
    tag = TAG,
    request_body = PasswordSignIn,
    responses(
        (status = 200, body = Session),
        (status = 401, description = "Wrong phone number or password", body = crate::error::Problem,
         content_type = "application/problem+json"),
        (status = 423, description = "Password sign-in locked; see `Retry-After`",
         body = crate::error::Problem, content_type = "application/problem+json"),
        BodyErrors,
    ),
)]
#[post("/auth/sign-in/password")]
pub async fn sign_in_with_password(
    state: AppState,
    req: HttpRequest,
    ValidJson(body): ValidJson<PasswordSignIn>,
) -> ApiResult<HttpResponse> {
    let phone = Mobile::parse(&body.phone).map_err(|e| e.invalid("phone"))?;
    let ip = crate::client_addr::limit_key(&req);
    let target = password::Target::UserPhone(phone.as_ref());
    // Both refusals come before any hashing, and neither depends on whether the phone has an
    // account: the address's quota, then the phone's lockout.
    password::ADDRESS_QUOTA.take(&state.db, &ip).await?;
    password::refuse_if_locked(&state.db, &state.keys, target).await?;
    let account = store::password_account(&state.db, phone.as_ref()).await?;
    let stored = account.as_ref().and_then(|a| a.password_hash.as_deref());
    let origin = Origin::of(&req);
    let audit_entry = |actor, action, object_id, details| AuditEntry {
        actor,
        org_id: None,
        action,
        object_type: "user",
        object_id,
        origin: &origin,
        details,
    };
    if !password::verify(&body.password, stored).await? {
        let object_id = account.as_ref().map(|a| a.id.as_str());
        audit::record(
            &state.db.pool,
            audit_entry(
                Actor::System,
                "auth.sign_in_failed",
                object_id,
                json!({ "method": "password" }),
            ),
        )
        .await?;
        if let Some(until) = password::record_failure(&state.db, &state.keys, target).await? {
            audit::record(
                &state.db.pool,
                audit_entry(Actor::System, "auth.lockout", object_id, json!({ "until": until })),
            )
            .await?;
            return Err(password::locked(until));
        }
        return Err(ApiError::Unauthorized { code: "invalid_credentials" });
    }
    let account = account.ok_or(ApiError::Unauthorized { code: "invalid_credentials" })?;
    if account.status != "active" {
        return Err(ApiError::Unauthorized { code: "account_disabled" });
    }
    password::record_success(&state.db, &state.keys, target, &ip).await?;
    let issued =
        tokens::start_session(&state.db, &state.keys, &account.id, tokens::SignInMethod::Password)
            .await?;
    audit::record(
        &state.db.pool,
        audit_entry(
            Actor::User(&account.id),
            "auth.sign_in",
            Some(&account.id),
            json!({ "method": "password" }),
        ),
    )
    .await?;
    session_response(&state, issued, body.token_delivery, false).await
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct PasswordChange {
    /// Required when the account already has a password.
    #[schema(max_length = 128)]
    #[validate(length(max = 128))]
    pub current_password: Option<String>,
    /// 8–64 characters with a letter, a digit and a special character; not containing the
    /// account's name or phone number.
    #[schema(max_length = 128)]
    #[validate(length(max = 128))]
    pub new_password: String,
}

/// Set a password (first time) or change it; other sign-ins of the account end.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    request_body = PasswordChange,
    responses((status = 204, description = "Password stored"), BodyErrors),
)]
#[put("/me/password")]
pub async fn change_password(
    state: AppState,
    req: HttpRequest,
    user: CurrentUser,
    ValidJson(body): ValidJson<PasswordChange>,
) -> ApiResult<HttpResponse> {
    let me = load_me(&state.db, &user.id).await?;
    let account =
        store::password_account(&state.db, me.mobile.as_deref().unwrap_or_default()).await?;
    let stored = account.as_ref().and_then(|a| a.password_hash.clone());
    if let Some(stored) = &stored {
        let current = body.current_password.as_deref().unwrap_or_default();
        if !password::verify(current, Some(stored)).await? {
            return Err(ApiError::invalid("current_password", "wrong_password"));
        }
    }
    let personal = [me.mobile.as_deref().unwrap_or_default(), me.display_name.as_str()];
    let new_password =
        Password::parse(&body.new_password, &personal).map_err(|e| e.invalid("new_password"))?;
    let hash = password::hash(&new_password).await?;
    store::set_password_hash(&state.db, &user.id, &hash).await?;
    tokens::revoke_other_sessions(&state.db, &user.id, Some(&user.session_id)).await?;
    audit::record(
        &state.db.pool,
        AuditEntry {
            actor: Actor::User(&user.id),
            org_id: None,
            action: if stored.is_some() { "auth.password_change" } else { "auth.password_set" },
            object_type: "user",
            object_id: Some(&user.id),
            origin: &Origin::of(&req),
            details: json!({}),
        },
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct PasswordReset {
    #[schema(example = "13800138000", max_length = 20)]
    #[validate(length(max = 20))]
    pub phone: String,
    /// The six-digit code sent for purpose `reset`.
    #[schema(min_length = 6, max_length = 6)]
    #[validate(length(equal = 6))]
    pub code: String,
    #[schema(max_length = 128)]
    #[validate(length(max = 128))]
    pub new_password: String,
}

/// Reset a forgotten password with an SMS code; every sign-in of the account ends.
#[utoipa::path(
    tag = TAG,
    request_body = PasswordReset,
    responses((status = 204, description = "Password reset"), BodyErrors),
)]
#[post("/auth/password-reset")]
pub async fn reset_password(
    state: AppState,
    req: HttpRequest,
    ValidJson(body): ValidJson<PasswordReset>,
) -> ApiResult<HttpResponse> {
    let phone = Mobile::parse(&body.phone).map_err(|e| e.invalid("phone"))?;
    let account = store::find_by_mobile(&state.db, &phone).await?;
    let display_name = match &account {
        Some(account) => load_me(&state.db, &account.id).await?.display_name,
        None => String::new(),
    };
    // Checked before the code is spent, so a weak password does not cost the user the code.
    let new_password = Password::parse(&body.new_password, &[phone.as_ref(), &display_name])
        .map_err(|e| e.invalid("new_password"))?;
    sms::verify_code(&state.db, &state.keys, &phone, SmsPurpose::Reset, &body.code).await?;
    // A reset code is only ever sent to a registered phone.
    let account = account.ok_or_else(|| ApiError::invalid("code", "sms_code_invalid"))?;
    let hash = password::hash(&new_password).await?;
    store::set_password_hash(&state.db, &account.id, &hash).await?;
    // The phone is proven: its password lockout ends with the new password.
    password::clear_lockout(&state.db, &state.keys, password::Target::UserPhone(phone.as_ref()))
        .await?;
    tokens::revoke_other_sessions(&state.db, &account.id, None).await?;
    audit::record(
        &state.db.pool,
        AuditEntry {
            actor: Actor::User(&account.id),
            org_id: None,
            action: "auth.password_reset",
            object_type: "user",
            object_id: Some(&account.id),
            origin: &Origin::of(&req),
            details: json!({}),
        },
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
