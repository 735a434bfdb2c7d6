//! Member sign-in (SPEC §6): the account (USCC or contact mobile) and the membership password
//! are the first factor; they earn only a short-lived challenge whose one use is a WeChat scan.
//! The first scan binds that WeChat; later scans must come from it. A proven scan hands the
//! SPA a one-time login code (as an SSO callback does) for the contact's account, the org's
//! owner. Wrong passwords lock the member's password sign-in as they lock a user's (SPEC §1).

use actix_web::{HttpRequest, HttpResponse, get, http::header, post, web::Json};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::{
    TAG,
    registration::{find_by_account, sign_in_account},
    store,
};
use crate::{
    audit::{self, Actor, AuditEntry, Origin},
    auth::{
        password,
        sso::{browser, issue_login_code, random_token},
    },
    db::{now_ms, rfc3339},
    error::{ApiError, ApiResult},
    extract::{ValidJson, ValidQuery},
    integrations::ExternalIdentity,
    openapi::{BodyErrors, QueryErrors},
    state::AppState,
};

const CHALLENGE_TTL_MS: i64 = 10 * 60 * 1000;
/// Where the SPA shows member sign-in problems (`?member_error=`).
const SIGN_IN_PAGE: &str = "/membership/login";

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct MemberCredentials {
    /// The USCC or the contact mobile.
    #[validate(length(min = 1, max = 30))]
    #[schema(min_length = 1, max_length = 30)]
    pub account: String,
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64)]
    pub password: String,
}

/// The first factor passed: scan with WeChat next.
#[derive(Debug, Serialize, ToSchema)]
pub struct MemberChallenge {
    /// Valid once, for ten minutes; it grants nothing but the WeChat step.
    pub challenge: String,
    /// False on the first sign-in (or after an unbind): the scan binds that WeChat.
    pub wechat_bound: bool,
    pub expires_at: String,
}

/// Sign in as a member unit: account and password. Answers a challenge for the WeChat step;
/// a pending registration is told it is under review, a rejected one why.
#[utoipa::path(
    operation_id = "member_sign_in",
    tag = TAG,
    request_body = MemberCredentials,
    responses(
        (status = 200, body = MemberChallenge),
        (status = 401, description = "`member_invalid_credentials`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "`membership_pending`, `membership_rejected` (the reason in `detail`), `member_account_unproven` (registered before contact mobiles were proven by SMS, with an account that existed before)", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 423, description = "Locked after repeated wrong passwords (an unknown account alike)", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many password attempts from this address, or too many at once", body = crate::error::Problem, content_type = "application/problem+json"),
        BodyErrors,
    ),
)]
#[post("/member-auth/sign-in")]
pub async fn sign_in(
    state: AppState,
    req: HttpRequest,
    ValidJson(credentials): ValidJson<MemberCredentials>,
) -> ApiResult<Json<MemberChallenge>> {
    let ip = crate::client_addr::limit_key(&req);
    let account = sign_in_account(&credentials.account);
    let target = password::Target::MemberAccount(&account);
    // Both refusals come before any hashing and whether or not the account exists: the
    // address's quota, then the account's lockout (an unknown account locks alike).
    password::ADDRESS_QUOTA.take(&state.db, &ip).await?;
    password::refuse_if_locked(&state.db, &state.keys, target).await?;
    let membership = find_by_account(&state, &credentials.account).await?;
    let stored = match &membership {
        Some(membership) => Some(store::password_of_membership(&state.db, &membership.id).await?),
        None => None,
    };
    let hash = stored.as_ref().map(|(hash, _)| hash.as_str());
    if !password::verify(&credentials.password, hash).await? {
        if let Some(membership) = &membership {
            audit::record(
                &state.db.pool,
                AuditEntry {
                    actor: Actor::System,
                    org_id: Some(&membership.org_id),
                    action: "membership.sign_in_failed",
                    object_type: "membership",
                    object_id: Some(&membership.id),
                    origin: &Origin::of(&req),
                    details: json!({}),
                },
            )
            .await?;
        }
        if let Some(until) = password::record_failure(&state.db, &state.keys, target).await? {
            return Err(password::locked(until));
        }
        return Err(ApiError::Unauthorized { code: "member_invalid_credentials" });
    }
    let (Some(membership), Some((_, proven_at))) = (membership, stored) else {
        return Err(ApiError::Unauthorized { code: "member_invalid_credentials" });
    };
    password::record_success(&state.db, &state.keys, target, &ip).await?;
    // The sign-in opens the contact's account: only one the registrant proved is theirs.
    if proven_at.is_none() {
        return Err(ApiError::conflict("member_account_unproven"));
    }
    match membership.status.as_str() {
        "pending" => return Err(ApiError::conflict("membership_pending")),
        "rejected" => {
            return Err(ApiError::ConflictWithDetail {
                code: "membership_rejected",
                detail: membership.reject_reason.unwrap_or_default(),
            });
        }
        _ => {}
    }
    let challenge = random_token()?;
    let now = now_ms();
    let token_hash = state.keys.hash(&["member_challenge", &challenge]);
    store::insert_sign_in_challenge(
        &state.db,
        &token_hash,
        &membership.id,
        now,
        now + CHALLENGE_TTL_MS,
    )
    .await?;
    Ok(Json(MemberChallenge {
        challenge,
        wechat_bound: membership.wechat_subject.is_some(),
        expires_at: rfc3339(now + CHALLENGE_TTL_MS),
    }))
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct WeChatStep {
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub challenge: String,
    /// `wechat` (QR code on a PC, the default) or `wechat_h5` (inside WeChat on a phone).
    #[serde(default = "default_channel")]
    #[validate(length(max = 10))]
    pub channel: String,
}

fn default_channel() -> String {
    "wechat".to_owned()
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WeChatAuthorization {
    /// Send the browser here (relative to this server in sandbox mode).
    pub authorize_url: String,
}

fn callback_uri(state: &AppState) -> String {
    format!("{}/api/v1/member-auth/wechat/callback", state.public_base_url)
}

/// Start the WeChat step of a member sign-in.
#[utoipa::path(
    tag = TAG,
    request_body = WeChatStep,
    responses(
        (status = 200, body = WeChatAuthorization),
        (status = 401, description = "`member_challenge_invalid`: start again", body = crate::error::Problem, content_type = "application/problem+json"),
        BodyErrors,
    ),
)]
#[post("/member-auth/wechat")]
pub async fn start_wechat(
    state: AppState,
    req: HttpRequest,
    ValidJson(step): ValidJson<WeChatStep>,
) -> ApiResult<HttpResponse> {
    let adapter = match step.channel.as_str() {
        "wechat" => state.sso.wechat.as_ref(),
        "wechat_h5" => state.sso.wechat_h5.as_ref(),
        _ => return Err(ApiError::invalid("channel", "unknown_value")),
    }
    .ok_or(ApiError::Unavailable)?;
    let oauth_state = random_token()?;
    let binding = browser::bind(&state, &req)?;
    let token_hash = state.keys.hash(&["member_challenge", &step.challenge]);
    if !store::start_wechat_step(&state.db, &token_hash, &oauth_state, &step.channel, &binding.hash)
        .await?
    {
        return Err(ApiError::Unauthorized { code: "member_challenge_invalid" });
    }
    let mut response = HttpResponse::Ok();
    binding.set_cookie(&mut response);
    Ok(response.json(WeChatAuthorization {
        authorize_url: adapter.authorize_url(&oauth_state, &callback_uri(&state)),
    }))
}

#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct WeChatCallback {
    #[validate(length(max = 512))]
    pub code: Option<String>,
    #[validate(length(max = 256))]
    pub state: Option<String>,
}

fn redirect_to(location: &str) -> HttpResponse {
    HttpResponse::Found().insert_header((header::LOCATION, location)).finish()
}

fn refused(code: &str) -> HttpResponse {
    redirect_to(&format!("{SIGN_IN_PAGE}?member_error={code}"))
}

/// Where WeChat sends the browser back. Redirects to `/login/sso?code=…&next=/membership`
/// (signed in) or `/membership/login?member_error=…` (`state_invalid`, `denied`,
/// `provider_error`, `wechat_mismatch`).
#[utoipa::path(
    tag = TAG,
    params(WeChatCallback),
    responses((status = 302, description = "To the SPA"), QueryErrors),
)]
#[get("/member-auth/wechat/callback")]
pub async fn wechat_callback(
    state: AppState,
    req: HttpRequest,
    ValidQuery(query): ValidQuery<WeChatCallback>,
) -> ApiResult<HttpResponse> {
    let Some(oauth_state) = query.state.as_deref().filter(|s| !s.is_empty()) else {
        return Ok(refused("state_invalid"));
    };
    // Single use: the conditional update wins once, even for two racing callbacks; and only
    // in the browser that started the step (RFC 6749 §10.12).
    let Some(browser) = browser::presented_hash(&state, &req) else {
        return Ok(refused("state_invalid"));
    };
    let Some(claimed) = store::claim_challenge(&state.db, oauth_state, &browser).await? else {
        return Ok(refused("state_invalid"));
    };
    let Some(code) = query.code.as_deref().filter(|c| !c.is_empty()) else {
        return Ok(refused("denied"));
    };
    let adapter = match claimed.wechat_channel.as_deref() {
        Some("wechat_h5") => state.sso.wechat_h5.as_ref(),
        _ => state.sso.wechat.as_ref(),
    };
    let Some(adapter) = adapter else {
        return Ok(refused("provider_error"));
    };
    let identity: ExternalIdentity = match adapter.identify(&state.http, code).await {
        Ok(identity) => identity,
        Err(err) => {
            tracing::warn!(error = %err, "WeChat refused the member sign-in");
            return Ok(refused("provider_error"));
        }
    };
    let membership = store::membership_by_id(&state.db, &claimed.membership_id).await?;
    let origin = Origin::of(&req);
    match membership.wechat_subject.as_deref() {
        Some(bound) if bound != identity.subject => {
            audit::record(
                &state.db.pool,
                AuditEntry {
                    actor: Actor::System,
                    org_id: Some(&membership.org_id),
                    action: "membership.wechat_mismatch",
                    object_type: "membership",
                    object_id: Some(&membership.id),
                    origin: &origin,
                    details: json!({}),
                },
            )
            .await?;
            return Ok(refused("wechat_mismatch"));
        }
        Some(_) => {}
        None => {
            // The first scan binds; a concurrent first scan by another WeChat loses here.
            if !store::bind_wechat(&state.db, &membership.id, &identity.subject).await? {
                return Ok(refused("wechat_mismatch"));
            }
            audit::record(
                &state.db.pool,
                AuditEntry {
                    actor: Actor::User(&membership.account_user_id),
                    org_id: Some(&membership.org_id),
                    action: "membership.wechat_bind",
                    object_type: "membership",
                    object_id: Some(&membership.id),
                    origin: &origin,
                    details: json!({}),
                },
            )
            .await?;
        }
    }
    let login_code =
        issue_login_code(&state, &membership.account_user_id, "member", &identity).await?;
    audit::record(
        &state.db.pool,
        AuditEntry {
            actor: Actor::User(&membership.account_user_id),
            org_id: Some(&membership.org_id),
            action: "membership.sign_in",
            object_type: "membership",
            object_id: Some(&membership.id),
            origin: &origin,
            details: json!({}),
        },
    )
    .await?;
    Ok(redirect_to(&format!("/login/sso?code={login_code}&next=%2Fmembership")))
}
