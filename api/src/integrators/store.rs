//! Integrators' statements: API keys and OAuth clients (`api_clients`) and the access tokens
//! issued to them, then webhook endpoints, their deliveries and each delivery's attempts.
//! Reading a credential on a request is the access layer's (`access::store`).

use super::{
    ApiClient,
    webhooks::{WebhookAttempt, WebhookDelivery},
};
use crate::{
    db::{Conn, Db, new_id, now_ms},
    pagination::PageQuery,
};

// ---- API keys and OAuth clients ---------------------------------------------------------------

const CLIENT_COLUMNS: &str = "id, kind, name, public_id, scopes, rate_limit_per_minute, expires_at, \
    revoked_at, last_used_at, use_count, created_at";

/// The org's API keys and OAuth clients, newest first.
pub async fn clients_of_org(db: &Db, org_id: &str) -> sqlx::Result<Vec<ApiClient>> {
    sqlx::query_as(&format!(
        "select {CLIENT_COLUMNS} from api_clients where org_id = $1 order by created_at desc, id desc"
    ))
    .bind(org_id)
    .fetch_all(&db.pool)
    .await
}

/// A new API key or OAuth client (its secret stored hashed only).
pub struct NewClient<'a> {
    pub id: &'a str,
    pub org_id: &'a str,
    /// `api_key` or `oauth_client`.
    pub kind: &'a str,
    pub name: &'a str,
    pub public_id: &'a str,
    pub secret_hash: &'a str,
    pub scopes: &'a [String],
    pub rate_limit_per_minute: i64,
    pub expires_at: Option<i64>,
    pub created_by: &'a str,
    pub created_at: i64,
}

/// Inserts a new API key or OAuth client (its scopes as a JSON array).
pub async fn insert_client(conn: &mut Conn, client: &NewClient<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "insert into api_clients (id, org_id, kind, name, public_id, secret_hash, scopes, \
         rate_limit_per_minute, expires_at, created_by, created_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(client.id)
    .bind(client.org_id)
    .bind(client.kind)
    .bind(client.name)
    .bind(client.public_id)
    .bind(client.secret_hash)
    .bind(serde_json::to_string(client.scopes).unwrap_or_default())
    .bind(client.rate_limit_per_minute)
    .bind(client.expires_at)
    .bind(client.created_by)
    .bind(client.created_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The API key or OAuth client `id` (which must exist).
pub async fn client(db: &Db, id: &str) -> sqlx::Result<ApiClient> {
    sqlx::query_as(&format!("select {CLIENT_COLUMNS} from api_clients where id = $1"))
        .bind(id)
        .fetch_one(&db.pool)
        .await
}

/// Marks the org's credential `id` revoked (now, unless it already was): false when the org
/// has no such credential.
pub async fn revoke_client(conn: &mut Conn, id: &str, org_id: &str) -> sqlx::Result<bool> {
    let revoked = sqlx::query(
        "update api_clients set revoked_at = coalesce(revoked_at, $3) where id = $1 and org_id = $2",
    )
    .bind(id)
    .bind(org_id)
    .bind(now_ms())
    .execute(conn)
    .await?;
    Ok(revoked.rows_affected() > 0)
}

/// Deletes every access token issued to the client `client_id` (they stop working at once).
pub async fn delete_client_tokens(conn: &mut Conn, client_id: &str) -> sqlx::Result<()> {
    sqlx::query("delete from api_client_tokens where client_id = $1")
        .bind(client_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// What checking an OAuth client's credentials needs.
#[derive(sqlx::FromRow)]
pub struct OauthClient {
    pub id: String,
    pub secret_hash: String,
    /// A JSON array.
    pub scopes: String,
    pub expires_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

/// The OAuth client whose `client_id` (its public id) this is, if any.
pub async fn oauth_client(db: &Db, client_id: &str) -> sqlx::Result<Option<OauthClient>> {
    sqlx::query_as(
        "select id, secret_hash, scopes, expires_at, revoked_at from api_clients \
         where public_id = $1 and kind = 'oauth_client'",
    )
    .bind(client_id)
    .fetch_optional(&db.pool)
    .await
}

/// Deletes the access tokens that expired before `now`.
pub async fn delete_expired_tokens(db: &Db, now: i64) -> sqlx::Result<()> {
    sqlx::query("delete from api_client_tokens where expires_at < $1")
        .bind(now)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Inserts an access token issued to the client `client_id` (stored by its hash only; its
/// scopes as a JSON array).
pub async fn insert_token(
    db: &Db,
    token_hash: &str,
    client_id: &str,
    scopes: &[String],
    created_at: i64,
    expires_at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into api_client_tokens (token_hash, client_id, scopes, created_at, expires_at) \
         values ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash)
    .bind(client_id)
    .bind(serde_json::to_string(scopes).unwrap_or_default())
    .bind(created_at)
    .bind(expires_at)
    .execute(&db.pool)
    .await?;
    Ok(())
}

// ---- webhook endpoints ------------------------------------------------------------------------

#[derive(Debug, sqlx::FromRow)]
pub struct EndpointRow {
    pub id: String,
    pub url: String,
    /// A JSON array.
    pub events: String,
    pub active: i16,
    pub disabled_reason: Option<String>,
    pub disabled_at: Option<i64>,
    pub previous_secret_expires_at: Option<i64>,
    pub created_at: i64,
}

const ENDPOINT_COLUMNS: &str = "id, url, events, active, disabled_reason, disabled_at, \
    previous_secret_expires_at, created_at";

/// The org's endpoint `id`, if it has one.
pub async fn endpoint(db: &Db, org_id: &str, id: &str) -> sqlx::Result<Option<EndpointRow>> {
    sqlx::query_as(&format!(
        "select {ENDPOINT_COLUMNS} from webhook_endpoints where id = $1 and org_id = $2"
    ))
    .bind(id)
    .bind(org_id)
    .fetch_optional(&db.pool)
    .await
}

/// The org's endpoints, oldest first.
pub async fn endpoints_of_org(db: &Db, org_id: &str) -> sqlx::Result<Vec<EndpointRow>> {
    sqlx::query_as(&format!(
        "select {ENDPOINT_COLUMNS} from webhook_endpoints where org_id = $1 order by created_at, id"
    ))
    .bind(org_id)
    .fetch_all(&db.pool)
    .await
}

/// (id, events as a JSON array) of the org's active endpoints.
pub async fn active_endpoints_of_org(
    conn: &mut Conn,
    org_id: &str,
) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query_as("select id, events from webhook_endpoints where org_id = $1 and active = 1")
        .bind(org_id)
        .fetch_all(conn)
        .await
}

/// A new endpoint (its secret encrypted).
pub struct NewEndpoint<'a> {
    pub id: &'a str,
    pub org_id: &'a str,
    pub url: &'a str,
    pub events: &'a [String],
    pub secret_encrypted: &'a str,
    pub active: bool,
    pub created_by: &'a str,
    pub created_at: i64,
}

/// Inserts a new endpoint (its events as a JSON array).
pub async fn insert_endpoint(conn: &mut Conn, endpoint: &NewEndpoint<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "insert into webhook_endpoints (id, org_id, url, events, secret_encrypted, active, created_by, \
         created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
    )
    .bind(endpoint.id)
    .bind(endpoint.org_id)
    .bind(endpoint.url)
    .bind(serde_json::to_string(endpoint.events).unwrap_or_default())
    .bind(endpoint.secret_encrypted)
    .bind(i16::from(endpoint.active))
    .bind(endpoint.created_by)
    .bind(endpoint.created_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Changes the org's endpoint `id`: its URL, events and whether it is active (turning it on
/// again clears Ketang's reason for turning it off). False when the org has no such endpoint.
pub async fn update_endpoint(
    conn: &mut Conn,
    id: &str,
    org_id: &str,
    url: &str,
    events: &[String],
    active: bool,
) -> sqlx::Result<bool> {
    let updated = sqlx::query(
        "update webhook_endpoints set url = $3, events = $4, active = $5, updated_at = $6, \
         disabled_reason = case when $5 = 1 then null else disabled_reason end, \
         disabled_at = case when $5 = 1 then null else disabled_at end \
         where id = $1 and org_id = $2",
    )
    .bind(id)
    .bind(org_id)
    .bind(url)
    .bind(serde_json::to_string(events).unwrap_or_default())
    .bind(i16::from(active))
    .bind(now_ms())
    .execute(conn)
    .await?;
    Ok(updated.rows_affected() > 0)
}

/// Deletes the org's endpoint `id` and its deliveries: false when the org has no such endpoint.
pub async fn delete_endpoint(conn: &mut Conn, id: &str, org_id: &str) -> sqlx::Result<bool> {
    sqlx::query("delete from webhook_deliveries where endpoint_id = $1 and org_id = $2")
        .bind(id)
        .bind(org_id)
        .execute(&mut *conn)
        .await?;
    let deleted = sqlx::query("delete from webhook_endpoints where id = $1 and org_id = $2")
        .bind(id)
        .bind(org_id)
        .execute(conn)
        .await?;
    Ok(deleted.rows_affected() > 0)
}

/// Replaces the org's endpoint `id`'s signing secret; the old one keeps signing beside it until
/// `previous_expires_at`. False when the org has no such endpoint.
pub async fn rotate_secret(
    conn: &mut Conn,
    id: &str,
    org_id: &str,
    previous_expires_at: i64,
    secret_encrypted: &str,
    at: i64,
) -> sqlx::Result<bool> {
    let rotated = sqlx::query(
        "update webhook_endpoints set previous_secret_encrypted = secret_encrypted, \
         previous_secret_expires_at = $3, secret_encrypted = $4, updated_at = $5 \
         where id = $1 and org_id = $2",
    )
    .bind(id)
    .bind(org_id)
    .bind(previous_expires_at)
    .bind(secret_encrypted)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(rotated.rows_affected() > 0)
}

/// Turns the endpoint `id` off as failing, unless it is off already: true when this call did.
pub async fn turn_off_failing_endpoint(conn: &mut Conn, id: &str) -> sqlx::Result<bool> {
    let turned_off = sqlx::query(
        "update webhook_endpoints set active = 0, disabled_reason = 'failing', disabled_at = $2 \
         where id = $1 and active = 1",
    )
    .bind(id)
    .bind(now_ms())
    .execute(conn)
    .await?;
    Ok(turned_off.rows_affected() == 1)
}

// ---- deliveries -------------------------------------------------------------------------------

const DELIVERY_COLUMNS: &str = "id, event, status, attempts, last_status_code, last_error, payload, \
    created_at, next_attempt_at";

/// A new delivery of an event to an endpoint, pending from `created_at`.
pub struct NewDelivery<'a> {
    pub id: &'a str,
    pub endpoint_id: &'a str,
    pub org_id: &'a str,
    pub event: &'a str,
    /// The JSON body to send.
    pub payload: &'a str,
    pub created_at: i64,
}

/// Inserts a pending delivery, to be tried first at its creation.
pub async fn insert_delivery(conn: &mut Conn, delivery: &NewDelivery<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "insert into webhook_deliveries (id, endpoint_id, org_id, event, payload, status, created_at, next_attempt_at) \
         values ($1, $2, $3, $4, $5, 'pending', $6, $6)",
    )
    .bind(delivery.id)
    .bind(delivery.endpoint_id)
    .bind(delivery.org_id)
    .bind(delivery.event)
    .bind(delivery.payload)
    .bind(delivery.created_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Gives the job `job_id` (a delivery's sending) `max_attempts` attempts rather than the
/// worker's default.
pub async fn set_job_max_attempts(
    conn: &mut Conn,
    job_id: &str,
    max_attempts: i64,
) -> sqlx::Result<()> {
    sqlx::query("update jobs set max_attempts = $2 where id = $1")
        .bind(job_id)
        .bind(max_attempts)
        .execute(conn)
        .await?;
    Ok(())
}

/// What sending a delivery needs: its body and state, and its endpoint's address and secrets.
#[derive(sqlx::FromRow)]
pub struct Sending {
    pub payload: String,
    pub status: String,
    pub org_id: String,
    pub endpoint_id: String,
    pub url: String,
    pub secret_encrypted: String,
    pub previous_secret_encrypted: Option<String>,
    pub previous_secret_expires_at: Option<i64>,
}

/// The delivery `delivery_id` with its endpoint, if it still exists.
pub async fn sending(db: &Db, delivery_id: &str) -> sqlx::Result<Option<Sending>> {
    sqlx::query_as(
        "select d.payload, d.status, d.org_id, d.endpoint_id, e.url, e.secret_encrypted, \
         e.previous_secret_encrypted, e.previous_secret_expires_at from webhook_deliveries d \
         join webhook_endpoints e on e.id = d.endpoint_id where d.id = $1",
    )
    .bind(delivery_id)
    .fetch_optional(&db.pool)
    .await
}

/// One attempt at sending a delivery, and what it leaves the delivery in.
pub struct Attempt<'a> {
    pub delivery_id: &'a str,
    pub started_at: i64,
    pub finished_at: i64,
    /// The receiver's HTTP status; none when no answer came.
    pub status_code: Option<i64>,
    pub error: Option<&'a str>,
    /// The first bytes of the receiver's answer.
    pub response_excerpt: Option<&'a str>,
    /// The delivery's status after it: `succeeded`, `pending` or `failed`.
    pub new_status: &'a str,
    /// When a delivery still pending is tried next.
    pub next_attempt_at: Option<i64>,
}

/// Logs an attempt and records its outcome on the delivery (its status, attempts, last answer,
/// next try, and when it was delivered).
pub async fn record_attempt(conn: &mut Conn, attempt: &Attempt<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "insert into webhook_delivery_attempts (id, delivery_id, attempted_at, status_code, duration_ms, \
         error, response_excerpt) values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(new_id())
    .bind(attempt.delivery_id)
    .bind(attempt.started_at)
    .bind(attempt.status_code)
    .bind(attempt.finished_at - attempt.started_at)
    .bind(attempt.error)
    .bind(attempt.response_excerpt)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "update webhook_deliveries set status = $2, attempts = attempts + 1, last_status_code = $3, \
         last_error = $4, last_attempt_at = $5, next_attempt_at = $6, \
         delivered_at = case when $2 = 'succeeded' then $5 else delivered_at end where id = $1",
    )
    .bind(attempt.delivery_id)
    .bind(attempt.new_status)
    .bind(attempt.status_code)
    .bind(attempt.error)
    .bind(attempt.finished_at)
    .bind(attempt.next_attempt_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// How many deliveries the endpoint `endpoint_id` has.
pub async fn count_deliveries(db: &Db, endpoint_id: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar("select count(*) from webhook_deliveries where endpoint_id = $1")
        .bind(endpoint_id)
        .fetch_one(&db.pool)
        .await
}

/// A page of the endpoint `endpoint_id`'s deliveries, newest first.
pub async fn deliveries_page(
    db: &Db,
    endpoint_id: &str,
    page: &PageQuery,
) -> sqlx::Result<Vec<WebhookDelivery>> {
    sqlx::query_as(&format!(
        "select {DELIVERY_COLUMNS} from webhook_deliveries where endpoint_id = $1 \
         order by created_at desc, id desc limit $2 offset $3"
    ))
    .bind(endpoint_id)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(&db.pool)
    .await
}

/// The delivery `id` of the org's endpoint `endpoint_id`, if there is one.
pub async fn delivery_of_endpoint(
    db: &Db,
    id: &str,
    endpoint_id: &str,
    org_id: &str,
) -> sqlx::Result<Option<WebhookDelivery>> {
    sqlx::query_as(&format!(
        "select {DELIVERY_COLUMNS} from webhook_deliveries where id = $1 and endpoint_id = $2 and org_id = $3"
    ))
    .bind(id)
    .bind(endpoint_id)
    .bind(org_id)
    .fetch_optional(&db.pool)
    .await
}

/// The delivery `id` (which must exist).
pub async fn delivery(db: &Db, id: &str) -> sqlx::Result<WebhookDelivery> {
    sqlx::query_as(&format!("select {DELIVERY_COLUMNS} from webhook_deliveries where id = $1"))
        .bind(id)
        .fetch_one(&db.pool)
        .await
}

/// The attempts of the delivery `delivery_id`, oldest first.
pub async fn attempts_of_delivery(db: &Db, delivery_id: &str) -> sqlx::Result<Vec<WebhookAttempt>> {
    sqlx::query_as(
        "select attempted_at, status_code, duration_ms, error, response_excerpt \
         from webhook_delivery_attempts where delivery_id = $1 order by attempted_at, id",
    )
    .bind(delivery_id)
    .fetch_all(&db.pool)
    .await
}

/// Sets the delivery `id` of the org's endpoint `endpoint_id` pending again, to be tried now:
/// false when there is no such delivery.
pub async fn reset_delivery(
    conn: &mut Conn,
    id: &str,
    endpoint_id: &str,
    org_id: &str,
) -> sqlx::Result<bool> {
    let reset = sqlx::query(
        "update webhook_deliveries set status = 'pending', next_attempt_at = $4 \
         where id = $1 and endpoint_id = $2 and org_id = $3",
    )
    .bind(id)
    .bind(endpoint_id)
    .bind(org_id)
    .bind(now_ms())
    .execute(conn)
    .await?;
    Ok(reset.rows_affected() > 0)
}
