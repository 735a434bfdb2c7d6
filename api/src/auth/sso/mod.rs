//! Single sign-on (SPEC §1): `authorize` hands the browser the provider's page with a
//! single-use `state` (10 min); the provider sends the browser back to `callback`, which
//! identifies the user through the adapter and redirects to the SPA with a one-time code
//! (never a token) that the SPA exchanges at `sso/exchange`. A first login of an unknown
//! identity gets a ticket instead, and the SPA's bind-or-create screen completes it at
//! `sso/complete` (a WeChat account must end up with a verified phone). A signed-in user who
//! starts `authorize` links the identity to their account instead.
//!
//! A 海易办 legal-person login also certifies the organization it speaks for (SPEC §2).

pub mod browser;
mod store;
pub use crate::integrations::sso_providers as providers;

use actix_web::{HttpRequest, HttpResponse, delete, get, http::header, post, web::Json};
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use self::{providers::Provider, store::ClaimedState};
use super::{
    CurrentUser, MaybeUser, TAG,
    handlers::{Session, TokenDelivery, session_response},
    sms::{self, SmsPurpose},
    store as accounts, tokens,
};
use crate::{
    audit::{self, Actor, AuditEntry, Origin},
    db::{Db, new_id, now_ms, rfc3339},
    domain::{Mobile, Uscc},
    error::{ApiError, ApiResult},
    extract::{ValidJson, ValidQuery},
    integrations::{ExternalIdentity, LegalPerson, ProviderError},
    messages,
    openapi::{BodyErrors, QueryErrors, SignedInErrors},
    state::AppState,
};

const STATE_TTL_MS: i64 = 10 * 60 * 1000;
const LOGIN_CODE_TTL_MS: i64 = 2 * 60 * 1000;
const TICKET_TTL_MS: i64 = 10 * 60 * 1000;

pub fn configure(cfg: &mut impl crate::openapi::Routes) {
    cfg.service(list_providers)
        .service(start_sso)
        .service(sso_callback)
        .service(exchange_login_code)
        .service(complete_first_login)
        .service(list_identities)
        .service(unlink_identity);
}

/// A sign-in provider this deployment offers, for the login page's buttons.
#[derive(Debug, Serialize, ToSchema)]
pub struct SsoProvider {
    /// The name in `/auth/sso/{provider}/…`.
    pub provider: &'static str,
    pub label_zh: &'static str,
    pub label_en: &'static str,
    /// Where the button belongs: `wechat_h5` only inside the WeChat app, `wechat` (QR) outside.
    pub inside_wechat_only: bool,
}

/// The SSO providers that are configured (all of them in sandbox mode), in display order.
#[utoipa::path(tag = TAG, responses((status = 200, body = Vec<SsoProvider>), QueryErrors))]
#[get("/auth/sso/providers")]
pub async fn list_providers(state: AppState) -> ApiResult<Json<Vec<SsoProvider>>> {
    let offered = [
        (Provider::WeChat, "微信扫码登录", "WeChat (scan QR code)"),
        (Provider::WeChatH5, "微信登录", "WeChat"),
        (Provider::DingTalk, "钉钉登录", "DingTalk"),
        (Provider::HainanGov, "海易办登录", "Hainan Yibanban (government)"),
        (Provider::Oidc, "统一身份认证登录", "Single sign-on (OIDC)"),
    ];
    Ok(Json(
        offered
            .into_iter()
            .filter(|(provider, ..)| state.sso.is_enabled(*provider))
            .map(|(provider, label_zh, label_en)| SsoProvider {
                provider: provider.as_str(),
                label_zh,
                label_en,
                inside_wechat_only: provider == Provider::WeChatH5,
            })
            .collect(),
    ))
}

fn provider_of(name: &str, state: &AppState) -> ApiResult<Provider> {
    Provider::parse(name).filter(|p| state.sso.is_enabled(*p)).ok_or(ApiError::NotFound)
}

pub(crate) fn random_token() -> ApiResult<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("random: {e}"))?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

fn redirect_uri(state: &AppState, provider: Provider) -> String {
    format!("{}/api/v1/auth/sso/{}/callback", state.public_base_url, provider.as_str())
}

/// Only a path on this site: an open redirect would hand the login code elsewhere. The path
/// must be printable (browsers drop tabs and newlines, so `/\t/evil.example` is `//evil…`),
/// start with one `/`, and resolve on this origin; it comes back normalised (percent-encoded,
/// dot segments resolved). Anything else continues at `/`.
pub(crate) fn safe_next(next: Option<&str>) -> String {
    const ORIGIN: &str = "https://ketang.invalid";
    let Some(path) = next else { return "/".to_owned() };
    let plain = path.len() <= 500
        && path.starts_with('/')
        && !path.starts_with("//")
        && !path.contains('\\')
        && !path.chars().any(|c| c.is_control() || c.is_whitespace());
    if !plain {
        return "/".to_owned();
    }
    let Ok(base) = url::Url::parse(ORIGIN) else { return "/".to_owned() };
    match base.join(path) {
        Ok(resolved) if resolved.origin() == base.origin() => {
            let local = &resolved.as_str()[ORIGIN.len()..];
            if local.starts_with('/') && !local.starts_with("//") {
                local.to_owned()
            } else {
                "/".to_owned()
            }
        }
        _ => "/".to_owned(),
    }
}

#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct StartSso {
    /// Where the SPA continues after signing in: a path on this site.
    #[validate(length(max = 500))]
    #[param(max_length = 500)]
    pub next: Option<String>,
    /// 海易办 certification of this org (signed in, a member of it): the legal person must
    /// speak for this org's USCC, or nothing is certified and the callback says
    /// `sso_error=certify_company_mismatch` with the government's company name.
    #[validate(length(max = 64))]
    #[param(max_length = 64)]
    pub certify_org_id: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SsoStart {
    /// Send the browser here (may be relative to this server in sandbox mode).
    pub authorize_url: String,
}

/// Start a sign-in (or, with a bearer token, an identity link) at a provider:
/// `wechat` (PC QR), `wechat_h5` (inside WeChat), `dingtalk`, `hainan_gov`, `oidc`.
#[utoipa::path(
    tag = TAG,
    params(("provider" = String, Path, description = "wechat | wechat_h5 | dingtalk | hainan_gov | oidc"), StartSso),
    responses((status = 200, body = SsoStart), (status = 404, description = "Unknown or unconfigured provider",
        body = crate::error::Problem, content_type = "application/problem+json"), QueryErrors),
)]
#[get("/auth/sso/{provider}/authorize")]
pub async fn start_sso(
    state: AppState,
    req: HttpRequest,
    path: actix_web::web::Path<String>,
    user: MaybeUser,
    ValidQuery(query): ValidQuery<StartSso>,
) -> ApiResult<HttpResponse> {
    let provider = provider_of(&path, &state)?;
    if let Some(org_id) = &query.certify_org_id {
        // Certifying an org is an act of one of its members, through 海易办.
        let member = match (&user.0, provider) {
            (Some(user), Provider::HainanGov) => {
                store::is_active_member(&state.db, org_id, &user.id).await?
            }
            _ => false,
        };
        if !member {
            return Err(ApiError::NotFound);
        }
    }
    let binding = browser::bind(&state, &req)?;
    let sso_state = random_token()?;
    let nonce = random_token()?;
    let pkce_verifier = random_token()?;
    let now = now_ms();
    let next_path = safe_next(query.next.as_deref());
    let flow = store::NewFlowState {
        state: &sso_state,
        provider: provider.as_str(),
        next_path: &next_path,
        link_user_id: user.0.as_ref().map(|u| u.id.as_str()),
        pkce_verifier: &pkce_verifier,
        nonce: &nonce,
        created_at: now,
        expires_at: now + STATE_TTL_MS,
        browser_hash: &binding.hash,
        certify_org_id: query.certify_org_id.as_deref(),
    };
    store::insert_flow_state(&state.db, &flow).await?;
    let redirect = redirect_uri(&state, provider);
    let sso = &state.sso;
    let authorize_url = match provider {
        Provider::WeChat => sso.wechat.as_ref().map(|p| p.authorize_url(&sso_state, &redirect)),
        Provider::WeChatH5 => {
            sso.wechat_h5.as_ref().map(|p| p.authorize_url(&sso_state, &redirect))
        }
        Provider::DingTalk => sso.dingtalk.as_ref().map(|p| p.authorize_url(&sso_state, &redirect)),
        Provider::HainanGov => {
            sso.hainan_gov.as_ref().map(|p| p.authorize_url(&sso_state, &redirect))
        }
        Provider::Oidc => match &sso.oidc {
            Some(oidc) => {
                let discovery = oidc.discover(&state.http).await.map_err(|err| {
                    tracing::warn!(error = %err, "OIDC discovery failed");
                    ApiError::Unavailable
                })?;
                Some(oidc.authorize_url(&discovery, &sso_state, &redirect, &nonce, &pkce_verifier))
            }
            None => None,
        },
    }
    .ok_or(ApiError::NotFound)?;
    let mut response = HttpResponse::Ok();
    binding.set_cookie(&mut response);
    Ok(response.json(SsoStart { authorize_url }))
}

#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct CallbackQuery {
    #[validate(length(max = 512))]
    pub code: Option<String>,
    /// DingTalk names its code `authCode`.
    #[serde(rename = "authCode")]
    #[validate(length(max = 512))]
    pub auth_code: Option<String>,
    #[validate(length(max = 256))]
    pub state: Option<String>,
    #[validate(length(max = 256))]
    pub error: Option<String>,
}

fn redirect_to(location: &str) -> HttpResponse {
    HttpResponse::Found().insert_header((header::LOCATION, location)).finish()
}

fn spa_error(code: &str) -> HttpResponse {
    redirect_to(&format!("/login?sso_error={code}"))
}

/// Where a provider sends the browser back. Redirects to the SPA: `/login/sso?code=…` (signed
/// in), `/login/sso?ticket=…` (first login: bind or create), `{next}?linked=…` (a link, by
/// default to `/user-center`; `{next}?sso_error=identity_bound_elsewhere` when taken by another
/// account, `provider_already_linked` when this account has one at that provider), or
/// `/login?sso_error=…` (`denied`, `state_invalid`, `provider_error`).
#[utoipa::path(
    tag = TAG,
    params(("provider" = String, Path, description = "wechat | wechat_h5 | dingtalk | hainan_gov | oidc"), CallbackQuery),
    responses((status = 302, description = "To the SPA"), QueryErrors),
)]
#[get("/auth/sso/{provider}/callback")]
pub async fn sso_callback(
    state: AppState,
    req: HttpRequest,
    path: actix_web::web::Path<String>,
    ValidQuery(query): ValidQuery<CallbackQuery>,
) -> ApiResult<HttpResponse> {
    let provider = provider_of(&path, &state)?;
    let Some(sso_state) = query.state.as_deref() else {
        return Ok(spa_error("state_invalid"));
    };
    // Single use: the conditional update wins once, even for two racing callbacks; and only
    // in the browser that started the flow (another browser leaves the state unspent).
    let Some(browser) = browser::presented_hash(&state, &req) else {
        return Ok(spa_error("state_invalid"));
    };
    let now = now_ms();
    let claimed =
        store::claim_flow_state(&state.db, sso_state, provider.as_str(), now, &browser).await?;
    let Some(ClaimedState { next_path, link_user_id, pkce_verifier, nonce, certify_org_id }) =
        claimed
    else {
        return Ok(spa_error("state_invalid"));
    };
    // A link starts from a page of the signed-in user (the user center, or the enterprise
    // page for 海易办 certification) and returns there, with the outcome in the query.
    let back = if next_path == "/" { "/user-center" } else { next_path.as_str() };
    let back_with = |param: &str, value: &str| {
        let glue = if back.contains('?') { '&' } else { '?' };
        redirect_to(&format!("{back}{glue}{param}={value}"))
    };
    let fail = |code: &str| {
        if link_user_id.is_some() { back_with("sso_error", code) } else { spa_error(code) }
    };
    let code = query.code.or(query.auth_code).filter(|c| !c.is_empty());
    let Some(code) = code.filter(|_| query.error.is_none()) else {
        return Ok(fail("denied"));
    };
    let secrets = (pkce_verifier.unwrap_or_default(), nonce.unwrap_or_default());
    let identity = match identify(&state, provider, &code, &secrets).await {
        Ok(identity) => identity,
        Err(err) => {
            tracing::warn!(error = %err, "SSO provider failed");
            return Ok(fail("provider_error"));
        }
    };
    let key = provider.identity_key();
    let owner = store::identity_owner(&state.db, key, &identity.subject).await?;

    if let Some(link_user_id) = &link_user_id {
        let link_user_id = link_user_id.as_str();
        return match owner {
            Some(owner) if owner != link_user_id => {
                Ok(back_with("sso_error", "identity_bound_elsewhere"))
            }
            Some(_) => Ok(back_with("linked", key)),
            None if store::has_identity_at(&state.db, link_user_id, key).await? => {
                Ok(back_with("sso_error", "provider_already_linked"))
            }
            None => {
                // The government's company must be the org being certified: never certify
                // (or join) another company silently.
                if let (Some(org_id), Some(legal_person)) =
                    (&certify_org_id, &identity.legal_person)
                    && !speaks_for(&state, org_id, legal_person).await?
                {
                    let company: String =
                        url::form_urlencoded::byte_serialize(legal_person.org_name.as_bytes())
                            .collect();
                    return Ok(back_with(
                        "sso_error",
                        &format!("certify_company_mismatch&gov_company={company}"),
                    ));
                }
                link_identity(&state, &req, link_user_id, key, &identity).await?;
                if let Some(legal_person) = &identity.legal_person {
                    certify_by_legal_person(&state, &req, link_user_id, legal_person).await?;
                }
                Ok(back_with("linked", key))
            }
        };
    }
    match owner {
        Some(user_id) => {
            if let Some(legal_person) = &identity.legal_person {
                certify_by_legal_person(&state, &req, &user_id, legal_person).await?;
            }
            let login_code =
                handoff(&state.db, &state, "login", Some(&user_id), key, &identity).await?;
            Ok(redirect_to(&with_next("/login/sso?code=", &login_code, &next_path)))
        }
        None => {
            let ticket = handoff(&state.db, &state, "pending", None, key, &identity).await?;
            Ok(redirect_to(&format!(
                "{}&provider={key}",
                with_next("/login/sso?ticket=", &ticket, &next_path)
            )))
        }
    }
}

fn with_next(prefix: &str, token: &str, next_path: &str) -> String {
    let next: String = url::form_urlencoded::byte_serialize(next_path.as_bytes()).collect();
    format!("{prefix}{token}&next={next}")
}

/// `secrets` are the authorization's PKCE verifier and nonce (used by OIDC).
async fn identify(
    state: &AppState,
    provider: Provider,
    code: &str,
    secrets: &(String, String),
) -> Result<ExternalIdentity, ProviderError> {
    let missing = || ProviderError::new("sso", "provider not configured");
    let sso = &state.sso;
    match provider {
        Provider::WeChat => {
            sso.wechat.as_ref().ok_or_else(missing)?.identify(&state.http, code).await
        }
        Provider::WeChatH5 => {
            sso.wechat_h5.as_ref().ok_or_else(missing)?.identify(&state.http, code).await
        }
        Provider::DingTalk => {
            sso.dingtalk.as_ref().ok_or_else(missing)?.identify(&state.http, code).await
        }
        Provider::HainanGov => {
            let redirect = redirect_uri(state, provider);
            sso.hainan_gov
                .as_ref()
                .ok_or_else(missing)?
                .identify(&state.http, code, &redirect)
                .await
        }
        Provider::Oidc => {
            let redirect = redirect_uri(state, provider);
            let (verifier, nonce) = secrets;
            let oidc = sso.oidc.as_ref().ok_or_else(missing)?;
            oidc.identify(&state.http, code, &redirect, nonce, verifier).await
        }
    }
}

/// A one-time login code for `user_id`, exchanged by the SPA at `sso/exchange` like an SSO
/// callback's: how the membership sign-in hands over once its second factor is proven.
pub(crate) async fn issue_login_code(
    state: &AppState,
    user_id: &str,
    provider_key: &str,
    identity: &ExternalIdentity,
) -> ApiResult<String> {
    handoff(&state.db, state, "login", Some(user_id), provider_key, identity).await
}

/// Stores a one-time code (`login`) or ticket (`pending`) and returns it; only its hash is kept.
async fn handoff(
    db: &Db,
    state: &AppState,
    kind: &str,
    user_id: Option<&str>,
    provider_key: &str,
    identity: &ExternalIdentity,
) -> ApiResult<String> {
    let token = random_token()?;
    let now = now_ms();
    let ttl = if kind == "login" { LOGIN_CODE_TTL_MS } else { TICKET_TTL_MS };
    let code_hash = state.keys.hash(&["sso", &token]);
    let profile = json!({ "legal_person": identity.legal_person }).to_string();
    let row = store::NewHandoff {
        code_hash: &code_hash,
        kind,
        user_id,
        provider: provider_key,
        subject: &identity.subject,
        display_name: &identity.display_name,
        profile: &profile,
        created_at: now,
        expires_at: now + ttl,
    };
    store::insert_handoff(db, &row).await?;
    Ok(token)
}

/// Spends a code or ticket once.
async fn claim_handoff(state: &AppState, kind: &str, token: &str) -> ApiResult<store::Handoff> {
    let code_hash = state.keys.hash(&["sso", token]);
    store::claim_handoff(&state.db, &code_hash, kind, now_ms())
        .await?
        .ok_or(ApiError::Unauthorized { code: "sso_code_invalid" })
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct LoginCodeExchange {
    /// The `code` the callback put in the SPA's URL; valid once, for two minutes.
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub code: String,
    #[serde(default)]
    pub token_delivery: TokenDelivery,
}

/// Exchange the one-time login code from an SSO callback for a session.
#[utoipa::path(
    tag = TAG,
    request_body = LoginCodeExchange,
    responses((status = 200, body = Session), (status = 401, description = "Unknown, used or expired code",
        body = crate::error::Problem, content_type = "application/problem+json"), BodyErrors),
)]
#[post("/auth/sso/exchange")]
pub async fn exchange_login_code(
    state: AppState,
    req: HttpRequest,
    ValidJson(body): ValidJson<LoginCodeExchange>,
) -> ApiResult<HttpResponse> {
    let handoff = claim_handoff(&state, "login", &body.code).await?;
    let user_id = handoff.user_id.ok_or(ApiError::Unauthorized { code: "sso_code_invalid" })?;
    sign_in(&state, &req, &user_id, &handoff.provider, body.token_delivery, false).await
}

async fn sign_in(
    state: &AppState,
    req: &HttpRequest,
    user_id: &str,
    provider_key: &str,
    delivery: TokenDelivery,
    registered: bool,
) -> ApiResult<HttpResponse> {
    let status = accounts::account_status(&state.db, user_id).await?;
    if status.as_deref() != Some("active") {
        return Err(ApiError::Unauthorized { code: "account_disabled" });
    }
    let method = match provider_key {
        // Only the member sign-in hands out codes under this key, after password and WeChat.
        "member" => tokens::SignInMethod::Member,
        provider => tokens::SignInMethod::Sso(provider),
    };
    let issued = tokens::start_session(&state.db, &state.keys, user_id, method).await?;
    audit::record(
        &state.db.pool,
        AuditEntry {
            actor: Actor::User(user_id),
            org_id: None,
            action: if registered { "auth.register" } else { "auth.sign_in" },
            object_type: "user",
            object_id: Some(user_id),
            origin: &Origin::of(req),
            details: json!({ "method": provider_key }),
        },
    )
    .await?;
    session_response(state, issued, delivery, registered).await
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct FirstLogin {
    /// The `ticket` the callback put in the SPA's URL; valid once, for ten minutes.
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub ticket: String,
    /// A phone to bind: its account if it has one (proved by the SMS code, purpose `bind`),
    /// else a new account with it. Required for WeChat; omit to create an account without.
    #[validate(length(max = 20))]
    #[schema(max_length = 20)]
    pub phone: Option<String>,
    #[validate(length(equal = 6))]
    #[schema(min_length = 6, max_length = 6)]
    pub code: Option<String>,
    /// Required when a new account is created.
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

/// Complete a first SSO login: bind the identity to the account of a verified phone, or
/// create a new account.
#[utoipa::path(
    tag = TAG,
    request_body = FirstLogin,
    responses((status = 200, body = Session), (status = 401, description = "Unknown, used or expired ticket",
        body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "`legal_version_outdated` (the legal statement or privacy policy shown is no longer the current version), `provider_already_linked`, `identity_bound_elsewhere`",
        body = crate::error::Problem, content_type = "application/problem+json"), BodyErrors),
)]
#[post("/auth/sso/complete")]
pub async fn complete_first_login(
    state: AppState,
    req: HttpRequest,
    ValidJson(body): ValidJson<FirstLogin>,
) -> ApiResult<HttpResponse> {
    // The ticket first: without a live one nothing else is answered (so the endpoint tells
    // nobody whether a phone is registered). It is only looked at here, and spent last, so
    // a mistyped field or SMS code can be corrected and sent again.
    let ticket_hash = state.keys.hash(&["sso", &body.ticket]);
    let provider = store::pending_ticket_provider(&state.db, &ticket_hash, now_ms()).await?;
    let Some(provider) = provider else {
        return Err(ApiError::Unauthorized { code: "sso_code_invalid" });
    };
    let phone = match body.phone.as_deref() {
        Some(raw) => Some(Mobile::parse(raw).map_err(|e| e.invalid("phone"))?),
        None => None,
    };
    // SPEC §1: a WeChat account must end up with a verified phone.
    if provider == "wechat" && phone.is_none() {
        return Err(ApiError::invalid("phone", "required"));
    }
    let existing = match &phone {
        Some(phone) => accounts::find_by_mobile(&state.db, phone).await?,
        None => None,
    };
    if existing.is_none() {
        if !body.agree_terms {
            return Err(ApiError::invalid("agree_terms", "terms_required"));
        }
        crate::legal::check_terms_shown(&state.db, body.terms_version, body.privacy_version)
            .await?;
    }
    if let Some(account) = &existing
        && store::has_identity_at(&state.db, &account.id, &provider).await?
    {
        return Err(ApiError::conflict("provider_already_linked"));
    }
    if let Some(phone) = &phone {
        let code = body.code.as_deref().ok_or_else(|| ApiError::invalid("code", "required"))?;
        sms::verify_code(&state.db, &state.keys, phone, SmsPurpose::Bind, code).await?;
    }
    let handoff = claim_handoff(&state, "pending", &body.ticket).await?;
    let registered = existing.is_none();
    let user_id = match (existing, &phone) {
        (Some(account), _) => account.id,
        (None, Some(phone)) => accounts::register_by_mobile(&state.db, phone).await?.id,
        (None, None) => accounts::register_without_mobile(&state.db, &handoff.display_name).await?,
    };
    if registered {
        crate::legal::record_terms(
            &state.db,
            body.terms_version,
            body.privacy_version,
            &user_id,
            &crate::audit::Origin::of(&req),
        )
        .await?;
    }
    let identity = ExternalIdentity {
        subject: handoff.subject.clone().unwrap_or_default(),
        display_name: handoff.display_name.clone(),
        legal_person: serde_json::from_str::<serde_json::Value>(&handoff.profile)
            .ok()
            .and_then(|p| serde_json::from_value(p["legal_person"].clone()).ok()),
    };
    link_identity(&state, &req, &user_id, &handoff.provider, &identity).await?;
    if let Some(legal_person) = &identity.legal_person {
        certify_by_legal_person(&state, &req, &user_id, legal_person).await?;
    }
    sign_in(&state, &req, &user_id, &handoff.provider, body.token_delivery, registered).await
}

async fn link_identity(
    state: &AppState,
    req: &HttpRequest,
    user_id: &str,
    provider_key: &str,
    identity: &ExternalIdentity,
) -> ApiResult<()> {
    store::insert_identity(&state.db, user_id, provider_key, identity).await?;
    audit::record(
        &state.db.pool,
        AuditEntry {
            actor: Actor::User(user_id),
            org_id: None,
            action: "auth.identity_link",
            object_type: "user",
            object_id: Some(user_id),
            origin: &Origin::of(req),
            details: json!({ "provider": provider_key }),
        },
    )
    .await?;
    Ok(())
}

/// Whether the 海易办 legal person speaks for the org (the same USCC).
async fn speaks_for(state: &AppState, org_id: &str, legal_person: &LegalPerson) -> ApiResult<bool> {
    let uscc = store::org_uscc(&state.db, org_id).await?;
    let government = Uscc::parse(&legal_person.uscc).ok();
    Ok(match (uscc.as_deref().map(Uscc::parse), government) {
        (Some(Ok(ours)), Some(theirs)) => ours.as_ref() == theirs.as_ref(),
        _ => false,
    })
}

/// A 海易办 legal-person login speaks for its enterprise: the org with that USCC becomes
/// certified with the government's name and legal representative (read-only from then on),
/// created if new, and the user becomes its (active) owner. Members of an org that was not
/// certified before claimed it unverified: they are suspended until the legal person decides.
async fn certify_by_legal_person(
    state: &AppState,
    req: &HttpRequest,
    user_id: &str,
    legal_person: &LegalPerson,
) -> ApiResult<()> {
    let Ok(uscc) = Uscc::parse(&legal_person.uscc) else {
        tracing::warn!("hainan_gov legal person with an invalid USCC; not certifying");
        return Ok(());
    };
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    let existing = store::org_by_uscc(&mut tx, uscc.as_ref()).await?;
    // Every 海易办 login of the legal person passes here: once certified with this user as an
    // active owner, there is nothing to do (no repeated message, audit entry or new date).
    if let Some((org_id, certification)) = &existing {
        let role = store::active_role(&mut tx, org_id, user_id).await?;
        if certification == "certified" && role.as_deref() == Some("owner") {
            return Ok(());
        }
    }
    // Names are unique: a self-registered org may already hold the government's name.
    let name_taken =
        store::name_taken_by_other_org(&mut tx, &legal_person.org_name, uscc.as_ref()).await?;
    let org_name = if name_taken {
        format!("{}（{}）", legal_person.org_name, uscc.as_ref())
    } else {
        legal_person.org_name.clone()
    };
    let existing_uncertified =
        existing.as_ref().is_some_and(|(_, certification)| certification != "certified");
    let org_id = match existing.map(|(id, _)| id) {
        Some(org_id) => {
            let representative = &legal_person.legal_representative;
            store::certify_org(&mut tx, &org_id, &org_name, representative, now).await?;
            org_id
        }
        None => {
            let org_id = new_id();
            store::insert_certified_org(
                &mut tx,
                &org_id,
                &org_name,
                uscc.as_ref(),
                &legal_person.legal_representative,
                now,
            )
            .await?;
            org_id
        }
    };
    // An org nobody had proven until now: everyone else on it claimed it unverified (anyone can
    // type a company's public USCC). The government's word supersedes those claims: they are
    // suspended, and told, until the legal person keeps them (a role) or removes them.
    let suspended: Vec<String> = if existing_uncertified {
        store::suspend_other_members(&mut tx, &org_id, user_id, now).await?
    } else {
        Vec::new()
    };
    for member in &suspended {
        messages::send_to_user(
            &mut *tx,
            member,
            messages::NewMessage {
                kind: "org.membership_suspended",
                title: "您在企业中的权限已暂停",
                body: "该企业已由法定代表人通过海易办完成认证。您此前加入该企业未经核验，权限已暂停，待企业负责人确认后恢复；如有疑问请联系企业负责人。",
                object: Some(("org", &org_id)),
            },
        )
        .await?;
    }
    store::make_owner(&mut tx, &org_id, user_id, now).await?;
    if !suspended.is_empty() {
        messages::send_to_org(
            &mut *tx,
            &org_id,
            messages::NewMessage {
                kind: "org.members_suspended",
                title: "请确认企业成员",
                body: "企业认证前加入的成员权限已暂停：请在“企业成员”中为需要保留的成员设置角色，或将其移除。",
                object: Some(("org", &org_id)),
            },
        )
        .await?;
    }
    messages::send_to_org(
        &mut *tx,
        &org_id,
        messages::NewMessage {
            kind: "org.certified",
            title: "企业认证已通过",
            body: "已通过海易办法人账号完成企业认证，企业名称、统一社会信用代码和法定代表人来自政府登记，不可修改。",
            object: Some(("org", &org_id)),
        },
    )
    .await?;
    tx.commit().await?;
    audit::record(
        &state.db.pool,
        AuditEntry {
            actor: Actor::User(user_id),
            org_id: Some(&org_id),
            action: "org.certify",
            object_type: "org",
            object_id: Some(&org_id),
            origin: &Origin::of(req),
            details: json!({ "by": "hainan_gov", "suspended_members": suspended }),
        },
    )
    .await?;
    Ok(())
}

/// An external identity linked to the caller's account (at most one per provider).
#[derive(Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct LinkedIdentity {
    pub id: String,
    /// `wechat`, `dingtalk`, `hainan_gov` or `oidc`.
    pub provider: String,
    pub display_name: String,
    #[sqlx(skip)]
    pub linked_at: String,
    #[serde(skip)]
    pub created_at: i64,
}

/// The caller's linked sign-in identities.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    responses((status = 200, body = Vec<LinkedIdentity>), SignedInErrors),
)]
#[get("/me/identities")]
pub async fn list_identities(
    state: AppState,
    user: CurrentUser,
) -> ApiResult<Json<Vec<LinkedIdentity>>> {
    let mut identities = store::identities_of_user(&state.db, &user.id).await?;
    for identity in &mut identities {
        identity.linked_at = rfc3339(identity.created_at);
    }
    Ok(Json(identities))
}

/// Unlink an identity, unless it is the account's last way to sign in (409
/// `last_sign_in_method`; an account with a phone can always sign in by SMS code).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("provider" = String, Path, description = "wechat | dingtalk | hainan_gov")),
    responses((status = 204, description = "Unlinked"), (status = 409, description = "The last way to sign in",
        body = crate::error::Problem, content_type = "application/problem+json"), SignedInErrors),
)]
#[delete("/me/identities/{provider}")]
pub async fn unlink_identity(
    state: AppState,
    req: HttpRequest,
    user: CurrentUser,
    path: actix_web::web::Path<String>,
) -> ApiResult<HttpResponse> {
    let provider = path.into_inner();
    remove_identity(&state.db, &user.id, &provider).await?;
    audit::record(
        &state.db.pool,
        AuditEntry {
            actor: Actor::User(&user.id),
            org_id: None,
            action: "auth.identity_unlink",
            object_type: "user",
            object_id: Some(&user.id),
            origin: &Origin::of(&req),
            details: json!({ "provider": provider }),
        },
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Removes an account's identity at `provider`: 404 when it has none, 409
/// `last_sign_in_method` when it is the only way left to sign in (no phone, no other identity).
/// The account's own unlink and an operator's reset (a lost WeChat) both go through here.
pub async fn remove_identity(db: &crate::db::Db, user_id: &str, provider: &str) -> ApiResult<()> {
    if !store::has_identity_at(db, user_id, provider).await? {
        return Err(ApiError::NotFound);
    }
    let (mobile, identities) = store::mobile_and_identity_count(db, user_id).await?;
    if mobile.is_none() && identities <= 1 {
        return Err(ApiError::conflict("last_sign_in_method"));
    }
    if !store::delete_identity(db, user_id, provider).await? {
        return Err(ApiError::NotFound);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_on_this_site_are_followed_after_sign_in() {
        assert_eq!(safe_next(Some("/user-center")), "/user-center");
        assert_eq!(safe_next(Some("//evil.example/x")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(None), "/");
    }
}
