//! Integrator access (企业开发者接入, SPEC §9, issue 8): an org's owner creates API keys and
//! OAuth2 client-credentials clients — the secret shown once and stored hashed, a visible
//! prefix, scopes, an expiry, revocation, a per-minute limit and usage counts — and webhook
//! endpoints (`webhooks`). `auth` lets such credentials into the org's own endpoints.
//! Their statements are in `store`.

pub use crate::access::integrator as auth;
mod store;
pub mod webhooks;

use actix_web::{HttpRequest, HttpResponse, delete, get, http::header, post, web, web::Json};
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use validator::Validate;

use crate::{
    access::{OrgAccess, Owner},
    audit::{self, AuditEntry, Origin},
    db::{new_id, now_ms, rfc3339},
    error::{ApiError, ApiResult, FieldError},
    extract::ValidJson,
    integrations::payment_crypto::nonce_str,
    openapi::{BodyErrors, SignedInErrors},
    state::AppState,
};

pub const TAG: &str = "integrators";
pub use crate::access::{ACCESS_TOKEN_PREFIX, API_KEY_PREFIX};
const CLIENT_ID_PREFIX: &str = "kt_client_";
const ACCESS_TOKEN_TTL_SECS: i64 = 3600;

/// The background work of integrators: webhook deliveries.
pub fn register_jobs(kinds: &mut crate::jobs::JobKinds) {
    kinds.runs(webhooks::DELIVER_JOB, |state, job| Box::pin(webhooks::deliver(state, job)));
}

pub fn configure(cfg: &mut impl crate::openapi::Routes) {
    cfg.service(list_clients)
        .service(create_client)
        .service(revoke_client)
        .service(issue_token)
        .service(webhooks::list_endpoints)
        .service(webhooks::create_endpoint)
        .service(webhooks::update_endpoint)
        .service(webhooks::delete_endpoint)
        .service(webhooks::list_deliveries)
        .service(webhooks::get_delivery)
        .service(webhooks::redeliver)
        .service(webhooks::ping)
        .service(webhooks::rotate_secret);
}

/// An API key or OAuth client, as its org sees it (never its secret).
#[derive(Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct ApiClient {
    pub id: String,
    /// `api_key` or `oauth_client`.
    pub kind: String,
    pub name: String,
    /// An API key's visible prefix, or an OAuth client's `client_id`.
    pub public_id: String,
    #[sqlx(skip)]
    pub scopes: Vec<String>,
    #[serde(skip)]
    #[sqlx(rename = "scopes")]
    pub scopes_json: String,
    pub rate_limit_per_minute: i64,
    #[sqlx(skip)]
    pub expires_at: Option<String>,
    #[serde(skip)]
    #[sqlx(rename = "expires_at")]
    pub expires_ms: Option<i64>,
    #[sqlx(skip)]
    pub revoked_at: Option<String>,
    #[serde(skip)]
    #[sqlx(rename = "revoked_at")]
    pub revoked_ms: Option<i64>,
    #[sqlx(skip)]
    pub last_used_at: Option<String>,
    #[serde(skip)]
    #[sqlx(rename = "last_used_at")]
    pub last_used_ms: Option<i64>,
    /// Requests made with it.
    pub use_count: i64,
    #[sqlx(skip)]
    pub created_at: String,
    #[serde(skip)]
    #[sqlx(rename = "created_at")]
    pub created_ms: i64,
}

impl ApiClient {
    fn finish(mut self) -> Self {
        self.scopes = serde_json::from_str(&self.scopes_json).unwrap_or_default();
        self.expires_at = self.expires_ms.map(rfc3339);
        self.revoked_at = self.revoked_ms.map(rfc3339);
        self.last_used_at = self.last_used_ms.map(rfc3339);
        self.created_at = rfc3339(self.created_ms);
        self
    }
}

/// The org's API keys and OAuth clients, newest first (the org's owner).
#[utoipa::path(
    tag = TAG,
    operation_id = "list_api_clients",
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id")),
    responses((status = 200, body = Vec<ApiClient>), SignedInErrors),
)]
#[get("/orgs/{org_id}/api-clients")]
pub async fn list_clients(
    state: AppState,
    access: OrgAccess<Owner>,
) -> ApiResult<Json<Vec<ApiClient>>> {
    let clients = store::clients_of_org(&state.db, &access.org_id).await?;
    Ok(Json(clients.into_iter().map(ApiClient::finish).collect()))
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct NewApiClient {
    /// `api_key` or `oauth_client`.
    #[validate(length(min = 1, max = 20))]
    pub kind: String,
    #[validate(length(min = 1, max = 50))]
    #[schema(min_length = 1, max_length = 50)]
    pub name: String,
    /// Some of `org:read`, `courses:read`, `courses:write`, `classes:read`, `classes:write`,
    /// `membership:read`, `membership:write`.
    #[validate(length(min = 1, max = 10))]
    pub scopes: Vec<String>,
    /// RFC 3339; never expires when absent.
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub expires_at: Option<time::OffsetDateTime>,
    /// Requests per minute (default 600).
    #[validate(range(min = 1, max = 100_000))]
    #[schema(minimum = 1, maximum = 100_000)]
    pub rate_limit_per_minute: Option<i64>,
}

/// A new credential with its secret — shown this once; only a hash is kept.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedApiClient {
    pub client: ApiClient,
    /// API key: the whole key (`kt_key_…`), sent as `Authorization: Bearer …`.
    /// OAuth client: the `client_secret` for `POST /api/v1/oauth/token`.
    pub secret: String,
}

fn check_scopes(scopes: &[String]) -> ApiResult<Vec<String>> {
    let mut errors = Vec::new();
    for (i, scope) in scopes.iter().enumerate() {
        if !auth::SCOPES.contains(&scope.as_str()) {
            errors.push(
                FieldError::new(format!("scopes[{i}]"), "unknown_scope")
                    .with_param("allowed", auth::SCOPES.join(", ")),
            );
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let mut unique = scopes.to_vec();
    unique.sort();
    unique.dedup();
    Ok(unique)
}

fn epoch_ms(time: time::OffsetDateTime) -> i64 {
    i64::try_from(time.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

/// Create an API key or an OAuth client (the org's owner). The secret is in this answer only.
#[utoipa::path(
    tag = TAG,
    operation_id = "create_api_client",
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id")),
    request_body = NewApiClient,
    responses((status = 201, body = CreatedApiClient), BodyErrors),
)]
#[post("/orgs/{org_id}/api-clients")]
pub async fn create_client(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Owner>,
    ValidJson(form): ValidJson<NewApiClient>,
) -> ApiResult<HttpResponse> {
    let kind = match form.kind.as_str() {
        "api_key" | "oauth_client" => form.kind.as_str(),
        _ => return Err(ApiError::invalid("kind", "unknown_value")),
    };
    let name = form.name.trim();
    if name.is_empty() {
        return Err(ApiError::invalid("name", "blank"));
    }
    let scopes = check_scopes(&form.scopes)?;
    let now = now_ms();
    let expires_at = form.expires_at.map(epoch_ms);
    if expires_at.is_some_and(|at| at <= now) {
        return Err(ApiError::invalid("expires_at", "date_in_past"));
    }
    let (public_id, secret, secret_hash) = if kind == "api_key" {
        let public_id = nonce_str(10).to_ascii_lowercase();
        let secret = format!("{API_KEY_PREFIX}{public_id}_{}", nonce_str(32));
        let hash = state.keys.hash(&["api_key", &secret]);
        (public_id, secret, hash)
    } else {
        let client_id = format!("{CLIENT_ID_PREFIX}{}", nonce_str(16).to_ascii_lowercase());
        let secret = nonce_str(40);
        let hash = state.keys.hash(&["client_secret", &client_id, &secret]);
        (client_id, secret, hash)
    };
    let id = new_id();
    let mut tx = state.db.begin().await?;
    store::insert_client(
        &mut tx,
        &store::NewClient {
            id: &id,
            org_id: &access.org_id,
            kind,
            name,
            public_id: &public_id,
            secret_hash: &secret_hash,
            scopes: &scopes,
            rate_limit_per_minute: form.rate_limit_per_minute.unwrap_or(600),
            expires_at,
            created_by: &access.user.id,
            created_at: now,
        },
    )
    .await?;
    audit::record(
        &mut *tx,
        AuditEntry {
            actor: access.actor(),
            org_id: Some(&access.org_id),
            action: "api_client.create",
            object_type: "api_client",
            object_id: Some(&id),
            origin: &Origin::of(&req),
            details: json!({"kind": kind, "scopes": scopes, "public_id": public_id}),
        },
    )
    .await?;
    tx.commit().await?;
    let client = store::client(&state.db, &id).await?;
    Ok(HttpResponse::Created().json(CreatedApiClient { client: client.finish(), secret }))
}

/// Revoke an API key or OAuth client (the org's owner): it and its tokens stop working at once.
#[utoipa::path(
    tag = TAG,
    operation_id = "revoke_api_client",
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("client_id" = String, Path, description = "Credential id")),
    responses((status = 204, description = "Revoked"), SignedInErrors),
)]
#[delete("/orgs/{org_id}/api-clients/{client_id}")]
pub async fn revoke_client(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Owner>,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let mut tx = state.db.begin().await?;
    if !store::revoke_client(&mut tx, &path.1, &access.org_id).await? {
        return Err(ApiError::NotFound);
    }
    store::delete_client_tokens(&mut tx, &path.1).await?;
    audit::record(
        &mut *tx,
        AuditEntry {
            actor: access.actor(),
            org_id: Some(&access.org_id),
            action: "api_client.revoke",
            object_type: "api_client",
            object_id: Some(&path.1),
            origin: &Origin::of(&req),
            details: json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

/// `POST /oauth/token` (RFC 6749 §4.4), form-encoded; the client authenticates with HTTP Basic
/// or with `client_id` and `client_secret` in the form.
#[derive(Debug, Deserialize, ToSchema)]
pub struct TokenRequest {
    /// `client_credentials`.
    pub grant_type: String,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    /// Space-separated; at most the client's scopes (all of them when absent).
    pub scope: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    pub access_token: String,
    /// `Bearer`.
    pub token_type: String,
    pub expires_in: i64,
    /// Space-separated scopes the token holds.
    pub scope: String,
}

fn basic_credentials(req: &HttpRequest) -> Option<(String, String)> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let encoded = value.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (id, secret) = text.split_once(':')?;
    Some((id.to_owned(), secret.to_owned()))
}

/// Exchange client credentials for an access token (one hour). Errors are problem+json whose
/// `code` is also RFC 6749 §5.2's `error` (with `error_description`), so OAuth libraries read
/// them: `invalid_client` (401, `WWW-Authenticate: Basic`), `invalid_request`,
/// `unsupported_grant_type` or `invalid_scope` (400).
#[utoipa::path(
    tag = TAG,
    operation_id = "issue_oauth_token",
    request_body(content = TokenRequest, content_type = "application/x-www-form-urlencoded"),
    responses((status = 200, body = TokenResponse),
        (status = 400, description = "`invalid_request`, `unsupported_grant_type`, `invalid_scope` (also as RFC 6749 `error`)", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "`invalid_client` (also as RFC 6749 `error`; `WWW-Authenticate: Basic`)", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not form-encoded", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited", body = crate::error::Problem, content_type = "application/problem+json")),
)]
#[post("/oauth/token")]
pub async fn issue_token(
    state: AppState,
    req: HttpRequest,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    // Read by hand rather than with `web::Form`, whose refusals would come out as a JSON
    // endpoint's: the content type this endpoint takes, and RFC 6749's `invalid_request`.
    const FORM: &str = "application/x-www-form-urlencoded";
    let content_type = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
    if !content_type.is_some_and(|v| v.trim().to_ascii_lowercase().starts_with(FORM)) {
        return Err(ApiError::UnsupportedMediaType { expected: FORM });
    }
    let form: TokenRequest = serde_urlencoded::from_bytes(&body)
        .map_err(|_| ApiError::BadRequest { code: "invalid_request", detail: None })?;
    if form.grant_type != "client_credentials" {
        return Err(ApiError::BadRequest { code: "unsupported_grant_type", detail: None });
    }
    let (client_id, secret) = match (basic_credentials(&req), form.client_id, form.client_secret) {
        (Some(pair), _, _) => pair,
        (None, Some(id), Some(secret)) => (id, secret),
        _ => return Err(ApiError::Unauthorized { code: "invalid_client" }),
    };
    let client = store::oauth_client(&state.db, &client_id).await?;
    let now = now_ms();
    let Some(store::OauthClient { id, secret_hash, scopes, expires_at, revoked_at }) = client
    else {
        return Err(ApiError::Unauthorized { code: "invalid_client" });
    };
    let usable = revoked_at.is_none() && expires_at.is_none_or(|at| at > now);
    if !usable || secret_hash != state.keys.hash(&["client_secret", &client_id, &secret]) {
        return Err(ApiError::Unauthorized { code: "invalid_client" });
    }
    let held: Vec<String> = serde_json::from_str(&scopes).unwrap_or_default();
    let granted: Vec<String> = match form.scope.as_deref().map(str::trim).filter(|s| !s.is_empty())
    {
        Some(asked) => {
            let asked: Vec<String> = asked.split_whitespace().map(str::to_owned).collect();
            if asked.iter().any(|s| !held.contains(s)) {
                return Err(ApiError::BadRequest { code: "invalid_scope", detail: None });
            }
            asked
        }
        None => held,
    };
    let token = format!("{ACCESS_TOKEN_PREFIX}{}", nonce_str(40));
    store::delete_expired_tokens(&state.db, now).await?;
    store::insert_token(
        &state.db,
        &state.keys.hash(&["access_token", &token]),
        &id,
        &granted,
        now,
        now + ACCESS_TOKEN_TTL_SECS * 1000,
    )
    .await?;
    Ok(HttpResponse::Ok().insert_header((header::CACHE_CONTROL, "no-store")).json(TokenResponse {
        access_token: token,
        token_type: "Bearer".to_owned(),
        expires_in: ACCESS_TOKEN_TTL_SECS,
        scope: granted.join(" "),
    }))
}
