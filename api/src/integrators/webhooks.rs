//! Outbound webhooks (SPEC §9, issue 8): an org registers endpoints for events; each event
//! becomes one delivery per subscribed endpoint, sent by the jobs worker and retried with
//! exponential backoff until it answers 2xx. Deliveries are signed the Standard Webhooks way
//! (standardwebhooks.com), so its libraries in every language verify them unchanged:
//!
//! - `webhook-id`: the delivery id (the same on every retry: deduplicate by it);
//! - `webhook-timestamp`: Unix seconds of this attempt;
//! - `webhook-signature`: `v1,` + base64 HMAC-SHA256 over `{webhook-id}.{webhook-timestamp}.{body}`,
//!   keyed by the base64-decoded part of the secret after `whsec_`.
//!
//! Deprecated, kept for receivers written before (to be removed): `Ketang-Webhook-Id`,
//! `Ketang-Webhook-Timestamp` and `Ketang-Webhook-Signature` (`v1=` + hex HMAC-SHA256 keyed by
//! the whole secret string over `{timestamp}.{body}`).

use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web, web::Json};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::Sha256;
use utoipa::ToSchema;
use validator::Validate;

use super::{TAG, store};
use crate::{
    access::{OrgAccess, Owner},
    audit::{self, AuditEntry, Origin},
    db::{new_id, now_ms, rfc3339},
    error::{ApiError, ApiResult, FieldError},
    extract::{ValidJson, ValidQuery},
    jobs::{self, Job, NewJob},
    openapi::{BodyErrors, SignedInErrors},
    pagination::{Page, PageQuery},
    state::AppState,
};

pub const DELIVER_JOB: &str = "webhooks.deliver";
/// Attempts of one delivery: the worker's backoff (30 s doubling to an hour) then hourly, so
/// about three days (like Stripe) before it fails and the endpoint is turned off.
pub const DELIVERY_ATTEMPTS: i64 = 78;
/// How much of a receiver's answer the attempt log keeps.
const RESPONSE_EXCERPT_BYTES: usize = 1024;
/// The event `POST …/webhooks/{id}/ping` sends: to that endpoint only, whatever it subscribes.
pub const PING_EVENT: &str = "ping";

/// The Standard Webhooks `webhook-signature`: `v1,` + base64 HMAC-SHA256 over
/// `{id}.{timestamp}.{body}`, keyed by the base64 secret after `whsec_` (its bytes as written
/// when it is not base64, as no secret Ketang issues is).
pub fn standard_signature(secret: &str, id: &str, timestamp: i64, body: &str) -> String {
    use base64::Engine;
    let encoded = secret.strip_prefix("whsec_").unwrap_or(secret);
    let key = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .unwrap_or_else(|_| encoded.as_bytes().to_vec());
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&key).expect("HMAC takes any key");
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    format!("v1,{}", base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes()))
}

/// A new endpoint secret: `whsec_` + base64 of 32 random bytes (Standard Webhooks).
fn new_secret() -> ApiResult<String> {
    use base64::Engine;
    let mut key = [0u8; 32];
    getrandom::fill(&mut key).map_err(|e| ApiError::Internal(anyhow::anyhow!("random: {e}")))?;
    Ok(format!("whsec_{}", base64::engine::general_purpose::STANDARD.encode(key)))
}

/// Deprecated `Ketang-Webhook-Signature`: `v1=` + hex HMAC-SHA256 over `{timestamp}.{body}`,
/// keyed by the whole secret string.
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(format!("{timestamp}.{body}").as_bytes());
    format!("v1={}", hex::encode(mac.finalize().into_bytes()))
}

/// The webhooks' subscription to the platform's events (installed by the composition root).
pub fn on_event<'a>(
    tx: &'a mut crate::events::Transaction,
    event: &'a crate::events::Event<'a>,
) -> crate::events::Reaction<'a> {
    Box::pin(emit(tx, event.org_id, event.kind.as_str(), event.data.clone()))
}

/// Records `event` for every active endpoint of the org subscribed to it and queues the
/// deliveries, in the caller's transaction (so an event exists only if its cause does).
async fn emit(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    org_id: &str,
    event: &str,
    data: Value,
) -> ApiResult<()> {
    let endpoints = store::active_endpoints_of_org(tx, org_id).await?;
    for (endpoint_id, events) in endpoints {
        let events: Vec<String> = serde_json::from_str(&events).unwrap_or_default();
        if events.iter().any(|e| e == event) {
            queue_delivery(tx, &endpoint_id, org_id, event, data.clone()).await?;
        }
    }
    Ok(())
}

/// Records one delivery of `event` to an endpoint and queues its sending (with the attempts of
/// about three days); its id.
async fn queue_delivery(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    endpoint_id: &str,
    org_id: &str,
    event: &str,
    data: Value,
) -> ApiResult<String> {
    let now = now_ms();
    let id = new_id();
    let payload = json!({"id": id, "event": event, "created_at": rfc3339(now), "org_id": org_id, "data": data});
    store::insert_delivery(
        tx,
        &store::NewDelivery {
            id: &id,
            endpoint_id,
            org_id,
            event,
            payload: &payload.to_string(),
            created_at: now,
        },
    )
    .await?;
    queue_sending(tx, &id, org_id).await?;
    Ok(id)
}

async fn queue_sending(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    delivery_id: &str,
    org_id: &str,
) -> ApiResult<()> {
    let job_id = jobs::enqueue(
        &mut **tx,
        NewJob {
            kind: DELIVER_JOB,
            payload: json!({"delivery_id": delivery_id}),
            run_at: None,
            dedupe_key: None,
            org_id: Some(org_id),
        },
    )
    .await?;
    store::set_job_max_attempts(tx, &job_id, DELIVERY_ATTEMPTS).await?;
    Ok(())
}

/// Sends one delivery (a job). Every attempt is logged (status, time taken, a bounded
/// excerpt of the answer); a non-2xx answer or no answer fails the job, which the worker
/// retries with backoff for about three days. A delivery that fails for good turns its
/// endpoint off and tells the org.
pub async fn deliver(state: &AppState, job: &Job) -> anyhow::Result<()> {
    let delivery_id = job.payload()?["delivery_id"].as_str().unwrap_or_default().to_owned();
    let Some(sending) = store::sending(&state.db, &delivery_id).await? else { return Ok(()) };
    if sending.status == "succeeded" {
        return Ok(());
    }
    let secret = state.pii.decrypt(&sending.secret_encrypted)?;
    let started = now_ms();
    let timestamp = time::OffsetDateTime::now_utc().unix_timestamp();
    // While a rotated secret overlaps, both sign (space-separated, as the standard allows).
    let mut signatures =
        vec![standard_signature(&secret, &delivery_id, timestamp, &sending.payload)];
    if let (Some(previous), Some(until)) =
        (&sending.previous_secret_encrypted, sending.previous_secret_expires_at)
        && until > started
    {
        let previous = state.pii.decrypt(previous)?;
        signatures.push(standard_signature(&previous, &delivery_id, timestamp, &sending.payload));
    }
    // Checked again at each delivery: the literal address the resolver never sees.
    let target = url::Url::parse(&sending.url)
        .map_err(|_| "not a URL")
        .and_then(|parsed| state.untrusted_reach.check_url(&parsed).map(|()| parsed));
    let outcome = match target {
        Ok(target) => state
            .untrusted_http
            .post(target)
            .header("Content-Type", "application/json")
            .header("User-Agent", "Ketang-Webhooks/1")
            .header("webhook-id", &delivery_id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signatures.join(" "))
            .header("Ketang-Webhook-Id", &delivery_id)
            .header("Ketang-Webhook-Timestamp", timestamp.to_string())
            .header("Ketang-Webhook-Signature", signature(&secret, timestamp, &sending.payload))
            .body(sending.payload.clone())
            .send()
            .await
            .map_err(|err| describe(&err)),
        Err(refusal) => Err(format!("refused: the endpoint is {refusal}")),
    };
    let (code, error, excerpt) = match outcome {
        Ok(response) => {
            let status = response.status();
            let code = Some(i64::from(status.as_u16()));
            let excerpt = excerpt_of(response).await;
            let error = if status.is_success() {
                None
            } else if status.is_redirection() {
                // A redirect is never followed: the event would arrive elsewhere, or not at all.
                Some(format!("HTTP {} (redirects are not followed)", status.as_u16()))
            } else {
                Some(format!("HTTP {status}"))
            };
            (code, error, excerpt)
        }
        Err(error) => (None, Some(error), None),
    };
    let now = now_ms();
    let last_try = job.attempts >= job.max_attempts;
    let new_status = match (&error, last_try) {
        (None, _) => "succeeded",
        (Some(_), true) => "failed",
        (Some(_), false) => "pending",
    };
    let next_attempt_at = (new_status == "pending").then(|| now + jobs::backoff_ms(job.attempts));
    let mut tx = state.db.begin().await?;
    store::record_attempt(
        &mut tx,
        &store::Attempt {
            delivery_id: &delivery_id,
            started_at: started,
            finished_at: now,
            status_code: code,
            error: error.as_deref(),
            response_excerpt: excerpt.as_deref(),
            new_status,
            next_attempt_at,
        },
    )
    .await?;
    if new_status == "failed" {
        turn_off_failing(&mut tx, &sending.org_id, &sending.endpoint_id, &sending.url).await?;
    }
    tx.commit().await?;
    match error {
        None => Ok(()),
        Some(error) => Err(anyhow::anyhow!("webhook delivery {delivery_id}: {error}")),
    }
}

/// The first bytes of a receiver's answer (its own words for a refusal), as text.
async fn excerpt_of(mut response: reqwest::Response) -> Option<String> {
    let mut bytes = Vec::new();
    while bytes.len() < RESPONSE_EXCERPT_BYTES {
        match response.chunk().await {
            Ok(Some(chunk)) => bytes.extend_from_slice(&chunk),
            _ => break,
        }
    }
    bytes.truncate(RESPONSE_EXCERPT_BYTES);
    let text = String::from_utf8_lossy(&bytes).into_owned();
    (!text.is_empty()).then_some(text)
}

/// A delivery failed for about three days: the endpoint is turned off (events are no longer
/// queued for it) and the org is told, once, how to turn it on again.
async fn turn_off_failing(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    org_id: &str,
    endpoint_id: &str,
    url: &str,
) -> ApiResult<()> {
    if store::turn_off_failing_endpoint(tx, endpoint_id).await? {
        let body = format!(
            "Webhook 接收地址 {url} 连续约三天未能成功接收事件，课堂已将其停用。请修复接收端后，在“开发者接入 → Webhook”中重新启用；期间未送达的事件可在投递记录中重新投递。"
        );
        crate::messages::send_to_org(
            &mut **tx,
            org_id,
            crate::messages::NewMessage {
                kind: "webhook.disabled",
                title: "Webhook 接收地址已停用",
                body: &body,
                object: Some(("webhook_endpoint", endpoint_id)),
            },
        )
        .await?;
    }
    Ok(())
}

/// What went wrong, coarsely: the log tells the org its endpoint failed, not how a network
/// behind it answers (no connection-refused-versus-timeout port scanner).
fn describe(err: &reqwest::Error) -> String {
    if err.is_timeout() {
        "timed out".to_owned()
    } else if err.is_connect() {
        "could not connect (or the name resolves to no public address)".to_owned()
    } else {
        "the request failed".to_owned()
    }
}

/// A webhook endpoint as its org sees it (the secret only when created).
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookEndpoint {
    pub id: String,
    pub url: String,
    pub events: Vec<String>,
    pub active: bool,
    /// `failing` when Ketang turned the endpoint off after a delivery failed for about three
    /// days; turning it on again (`active: true`) clears it.
    pub disabled_reason: Option<String>,
    pub disabled_at: Option<String>,
    /// While a rotated secret still signs beside the new one (until this time).
    pub previous_secret_expires_at: Option<String>,
    pub created_at: String,
}

impl From<store::EndpointRow> for WebhookEndpoint {
    fn from(row: store::EndpointRow) -> Self {
        let now = now_ms();
        Self {
            id: row.id,
            url: row.url,
            events: serde_json::from_str(&row.events).unwrap_or_default(),
            active: row.active != 0,
            disabled_reason: row.disabled_reason,
            disabled_at: row.disabled_at.map(rfc3339),
            previous_secret_expires_at: row
                .previous_secret_expires_at
                .filter(|at| *at > now)
                .map(rfc3339),
            created_at: rfc3339(row.created_at),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct WebhookForm {
    /// `https://…` (`http://` is accepted in development) on the public internet: loopback,
    /// private, link-local and other non-public addresses are refused, here and again when
    /// the name is resolved for each delivery.
    #[validate(length(min = 8, max = 500))]
    #[schema(min_length = 8, max_length = 500)]
    pub url: String,
    /// Some of `course.approved`, `course.rejected`, `payment.confirmed`,
    /// `learning_records.updated`, `member.approved`.
    #[validate(length(min = 1, max = 10))]
    pub events: Vec<String>,
    #[serde(default = "active_by_default")]
    pub active: bool,
}

fn active_by_default() -> bool {
    true
}

/// A new endpoint and its signing secret — shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedWebhookEndpoint {
    pub endpoint: WebhookEndpoint,
    /// The signing secret (`whsec_` + base64 key; Standard Webhooks).
    pub secret: String,
}

fn check_form(state: &AppState, form: &WebhookForm) -> ApiResult<Vec<String>> {
    let mut errors = Vec::new();
    let https = form.url.starts_with("https://");
    let http_allowed = state.settings.sandbox_enabled() && form.url.starts_with("http://");
    match url::Url::parse(&form.url) {
        Ok(url) if https || http_allowed => {
            if state.untrusted_reach.check_url(&url).is_err() {
                errors.push(FieldError::new("url", "webhook_url_not_public"));
            }
        }
        _ => errors.push(FieldError::new("url", "webhook_url")),
    }
    for (i, event) in form.events.iter().enumerate() {
        if !crate::events::EventKind::names().contains(&event.as_str()) {
            errors.push(FieldError::new(format!("events[{i}]"), "unknown_event"));
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let mut events = form.events.clone();
    events.sort();
    events.dedup();
    Ok(events)
}

async fn endpoint(state: &AppState, org_id: &str, id: &str) -> ApiResult<WebhookEndpoint> {
    let row = store::endpoint(&state.db, org_id, id).await?.ok_or(ApiError::NotFound)?;
    Ok(row.into())
}

fn audit_entry<'a>(
    access: &'a OrgAccess<Owner>,
    origin: &'a Origin,
    action: &'a str,
    id: &'a str,
) -> AuditEntry<'a> {
    AuditEntry {
        actor: access.actor(),
        org_id: Some(&access.org_id),
        action,
        object_type: "webhook_endpoint",
        object_id: Some(id),
        origin,
        details: json!({}),
    }
}

/// The org's webhook endpoints (the org's owner).
#[utoipa::path(
    tag = TAG,
    operation_id = "list_webhook_endpoints",
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id")),
    responses((status = 200, body = Vec<WebhookEndpoint>), SignedInErrors),
)]
#[get("/orgs/{org_id}/webhooks")]
pub async fn list_endpoints(
    state: AppState,
    access: OrgAccess<Owner>,
) -> ApiResult<Json<Vec<WebhookEndpoint>>> {
    let rows = store::endpoints_of_org(&state.db, &access.org_id).await?;
    Ok(Json(rows.into_iter().map(Into::into).collect()))
}

/// Register an endpoint (the org's owner); the signing secret is in this answer only.
#[utoipa::path(
    tag = TAG,
    operation_id = "create_webhook_endpoint",
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id")),
    request_body = WebhookForm,
    responses((status = 201, body = CreatedWebhookEndpoint), BodyErrors),
)]
#[post("/orgs/{org_id}/webhooks")]
pub async fn create_endpoint(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Owner>,
    ValidJson(form): ValidJson<WebhookForm>,
) -> ApiResult<HttpResponse> {
    let events = check_form(&state, &form)?;
    let secret = new_secret()?;
    let id = new_id();
    let now = now_ms();
    let origin = Origin::of(&req);
    let mut tx = state.db.begin().await?;
    store::insert_endpoint(
        &mut tx,
        &store::NewEndpoint {
            id: &id,
            org_id: &access.org_id,
            url: &form.url,
            events: &events,
            secret_encrypted: &state.pii.encrypt(&secret),
            active: form.active,
            created_by: &access.user.id,
            created_at: now,
        },
    )
    .await?;
    audit::record(&mut *tx, audit_entry(&access, &origin, "webhook.create", &id)).await?;
    tx.commit().await?;
    Ok(HttpResponse::Created().json(CreatedWebhookEndpoint {
        endpoint: endpoint(&state, &access.org_id, &id).await?,
        secret,
    }))
}

/// Change an endpoint's URL, events or whether it is active (the org's owner).
#[utoipa::path(
    tag = TAG,
    operation_id = "update_webhook_endpoint",
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("endpoint_id" = String, Path, description = "Endpoint id")),
    request_body = WebhookForm,
    responses((status = 200, body = WebhookEndpoint), BodyErrors),
)]
#[put("/orgs/{org_id}/webhooks/{endpoint_id}")]
pub async fn update_endpoint(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Owner>,
    path: web::Path<(String, String)>,
    ValidJson(form): ValidJson<WebhookForm>,
) -> ApiResult<Json<WebhookEndpoint>> {
    let events = check_form(&state, &form)?;
    let origin = Origin::of(&req);
    let mut tx = state.db.begin().await?;
    let updated =
        store::update_endpoint(&mut tx, &path.1, &access.org_id, &form.url, &events, form.active)
            .await?;
    if !updated {
        return Err(ApiError::NotFound);
    }
    audit::record(&mut *tx, audit_entry(&access, &origin, "webhook.update", &path.1)).await?;
    tx.commit().await?;
    Ok(Json(endpoint(&state, &access.org_id, &path.1).await?))
}

/// Remove an endpoint and its delivery log (the org's owner).
#[utoipa::path(
    tag = TAG,
    operation_id = "delete_webhook_endpoint",
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("endpoint_id" = String, Path, description = "Endpoint id")),
    responses((status = 204, description = "Removed"), SignedInErrors),
)]
#[delete("/orgs/{org_id}/webhooks/{endpoint_id}")]
pub async fn delete_endpoint(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Owner>,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let origin = Origin::of(&req);
    let mut tx = state.db.begin().await?;
    if !store::delete_endpoint(&mut tx, &path.1, &access.org_id).await? {
        return Err(ApiError::NotFound);
    }
    audit::record(&mut *tx, audit_entry(&access, &origin, "webhook.delete", &path.1)).await?;
    tx.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

/// One delivery of an event to an endpoint.
#[derive(Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct WebhookDelivery {
    pub id: String,
    pub event: String,
    /// `pending` (being retried), `succeeded` or `failed` (retries exhausted).
    pub status: String,
    pub attempts: i64,
    pub last_status_code: Option<i64>,
    pub last_error: Option<String>,
    /// The JSON body sent.
    pub payload: String,
    #[sqlx(skip)]
    pub created_at: String,
    #[serde(skip)]
    #[sqlx(rename = "created_at")]
    pub created_ms: i64,
    /// When a delivery being retried is tried next.
    #[sqlx(skip)]
    pub next_attempt_at: Option<String>,
    #[serde(skip)]
    #[sqlx(rename = "next_attempt_at")]
    pub next_attempt_ms: Option<i64>,
}

impl WebhookDelivery {
    fn with_times(mut self) -> Self {
        self.created_at = rfc3339(self.created_ms);
        self.next_attempt_at =
            if self.status == "pending" { self.next_attempt_ms.map(rfc3339) } else { None };
        self
    }
}

/// One attempt of a delivery.
#[derive(Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct WebhookAttempt {
    #[sqlx(skip)]
    pub attempted_at: String,
    #[serde(skip)]
    #[sqlx(rename = "attempted_at")]
    pub attempted_ms: i64,
    /// The receiver's HTTP status; none when no answer came.
    pub status_code: Option<i64>,
    pub duration_ms: i64,
    pub error: Option<String>,
    /// The first 1 KB of the receiver's answer.
    pub response_excerpt: Option<String>,
}

/// A delivery with every attempt, oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookDeliveryDetail {
    #[serde(flatten)]
    pub delivery: WebhookDelivery,
    pub attempt_log: Vec<WebhookAttempt>,
}

/// An endpoint's deliveries, newest first (the org's owner).
#[utoipa::path(
    tag = TAG,
    operation_id = "list_webhook_deliveries",
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("endpoint_id" = String, Path, description = "Endpoint id"), PageQuery),
    responses((status = 200, body = Page<WebhookDelivery>), SignedInErrors),
)]
#[get("/orgs/{org_id}/webhooks/{endpoint_id}/deliveries")]
pub async fn list_deliveries(
    state: AppState,
    access: OrgAccess<Owner>,
    path: web::Path<(String, String)>,
    ValidQuery(page): ValidQuery<PageQuery>,
) -> ApiResult<Page<WebhookDelivery>> {
    endpoint(&state, &access.org_id, &path.1).await?;
    let total = store::count_deliveries(&state.db, &path.1).await?;
    let rows = store::deliveries_page(&state.db, &path.1, &page).await?;
    Ok(Page::new(rows.into_iter().map(WebhookDelivery::with_times).collect(), total, page))
}

/// One delivery with every attempt: when, the receiver's status, how long it took and the
/// first 1 KB of its answer (the org's owner).
#[utoipa::path(
    tag = TAG,
    operation_id = "get_webhook_delivery",
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("endpoint_id" = String, Path, description = "Endpoint id"),
        ("delivery_id" = String, Path, description = "Delivery id")),
    responses((status = 200, body = WebhookDeliveryDetail), SignedInErrors),
)]
#[get("/orgs/{org_id}/webhooks/{endpoint_id}/deliveries/{delivery_id}")]
pub async fn get_delivery(
    state: AppState,
    access: OrgAccess<Owner>,
    path: web::Path<(String, String, String)>,
) -> ApiResult<Json<WebhookDeliveryDetail>> {
    let (_, endpoint_id, delivery_id) = path.into_inner();
    let delivery =
        store::delivery_of_endpoint(&state.db, &delivery_id, &endpoint_id, &access.org_id)
            .await?
            .ok_or(ApiError::NotFound)?;
    let mut attempt_log = store::attempts_of_delivery(&state.db, &delivery_id).await?;
    for attempt in &mut attempt_log {
        attempt.attempted_at = rfc3339(attempt.attempted_ms);
    }
    Ok(Json(WebhookDeliveryDetail { delivery: delivery.with_times(), attempt_log }))
}

/// Send a test event (`ping`) to the endpoint now, whatever it subscribes to (the org's owner):
/// the delivery, to follow in the log.
#[utoipa::path(
    tag = TAG,
    operation_id = "ping_webhook_endpoint",
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("endpoint_id" = String, Path, description = "Endpoint id")),
    responses((status = 202, body = WebhookDelivery), SignedInErrors),
)]
#[post("/orgs/{org_id}/webhooks/{endpoint_id}/ping")]
pub async fn ping(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Owner>,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    endpoint(&state, &access.org_id, &path.1).await?;
    let mut tx = state.db.begin().await?;
    let id = queue_delivery(
        &mut tx,
        &path.1,
        &access.org_id,
        PING_EVENT,
        json!({"message": "A test event from Ketang: your endpoint is reachable."}),
    )
    .await?;
    audit::record(&mut *tx, audit_entry(&access, &Origin::of(&req), "webhook.ping", &path.1))
        .await?;
    tx.commit().await?;
    let delivery = store::delivery(&state.db, &id).await?;
    Ok(HttpResponse::Accepted().json(delivery.with_times()))
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct SecretRotation {
    /// Hours the old secret still signs beside the new one (0–168, default 24), so receivers
    /// can switch without missing an event.
    #[serde(default = "default_overlap_hours")]
    #[validate(range(min = 0, max = 168))]
    #[schema(minimum = 0, maximum = 168, default = 24)]
    pub overlap_hours: i64,
}

fn default_overlap_hours() -> i64 {
    24
}

/// A new signing secret (the org's owner), shown this once; the old one keeps signing beside it
/// for `overlap_hours`.
#[utoipa::path(
    tag = TAG,
    operation_id = "rotate_webhook_secret",
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("endpoint_id" = String, Path, description = "Endpoint id")),
    request_body = SecretRotation,
    responses((status = 201, body = CreatedWebhookEndpoint), BodyErrors),
)]
#[post("/orgs/{org_id}/webhooks/{endpoint_id}/secret")]
pub async fn rotate_secret(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Owner>,
    path: web::Path<(String, String)>,
    ValidJson(rotation): ValidJson<SecretRotation>,
) -> ApiResult<HttpResponse> {
    let secret = new_secret()?;
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    let rotated = store::rotate_secret(
        &mut tx,
        &path.1,
        &access.org_id,
        now + rotation.overlap_hours * 3_600_000,
        &state.pii.encrypt(&secret),
        now,
    )
    .await?;
    if !rotated {
        return Err(ApiError::NotFound);
    }
    audit::record(
        &mut *tx,
        audit_entry(&access, &Origin::of(&req), "webhook.rotate_secret", &path.1),
    )
    .await?;
    tx.commit().await?;
    Ok(HttpResponse::Created().json(CreatedWebhookEndpoint {
        endpoint: endpoint(&state, &access.org_id, &path.1).await?,
        secret,
    }))
}

/// Send a delivery again now (the org's owner), whatever became of it.
#[utoipa::path(
    tag = TAG,
    operation_id = "redeliver_webhook",
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("endpoint_id" = String, Path, description = "Endpoint id"),
        ("delivery_id" = String, Path, description = "Delivery id")),
    responses((status = 202, description = "Queued"), SignedInErrors),
)]
#[post("/orgs/{org_id}/webhooks/{endpoint_id}/deliveries/{delivery_id}/redeliver")]
pub async fn redeliver(
    state: AppState,
    access: OrgAccess<Owner>,
    path: web::Path<(String, String, String)>,
) -> ApiResult<HttpResponse> {
    let (_, endpoint_id, delivery_id) = path.into_inner();
    let mut tx = state.db.begin().await?;
    if !store::reset_delivery(&mut tx, &delivery_id, &endpoint_id, &access.org_id).await? {
        return Err(ApiError::NotFound);
    }
    queue_sending(&mut tx, &delivery_id, &access.org_id).await?;
    tx.commit().await?;
    Ok(HttpResponse::Accepted().finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_standard_signature_matches_the_standard_webhooks_example() {
        // The example of the Standard Webhooks specification (spec/standard-webhooks.md).
        assert_eq!(
            standard_signature(
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1_614_265_330,
                r#"{"test": 2432232314}"#
            ),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
    }

    #[test]
    fn the_signature_is_hmac_sha256_over_timestamp_dot_body() {
        // printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac whsec_test
        assert_eq!(
            signature("whsec_test", 1_700_000_000, "{\"a\":1}"),
            "v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789"
        );
    }
}
