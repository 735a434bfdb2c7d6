//! `Idempotency-Key` (SPEC §9, draft-ietf-httpapi-idempotency-key-header) for every POST with an
//! external effect (ordering dues, scheduling a session and its live, syncing a class, sending
//! an SMS): the first request with a key does the work and its answer is kept for a day; a
//! retry with the same key, route and body gets that answer again (`Idempotent-Replayed:
//! true`), one with the same key and another route or body is refused (422), and one while the
//! first still runs gets 409 `request_in_progress`. A failed request keeps nothing: the same key
//! may be tried again. Keys are scoped (an org, or the phone an SMS goes to), never global.

use std::future::Future;

use actix_web::{HttpRequest, HttpResponse, http::StatusCode};
use serde::Serialize;
use sha2::Digest;

use crate::{
    db::{Db, now_ms},
    error::{ApiError, ApiResult},
};

const KEPT_MS: i64 = 24 * 60 * 60 * 1000;

struct Key(String);

impl Key {
    /// The header's value: 1–64 visible ASCII characters; absent is fine.
    fn from_request(req: &HttpRequest) -> ApiResult<Option<Self>> {
        let Some(value) = req.headers().get("Idempotency-Key") else { return Ok(None) };
        let value = value.to_str().unwrap_or_default().trim();
        let valid = (1..=64).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_graphic());
        if !valid {
            return Err(ApiError::invalid("Idempotency-Key", "idempotency_key_format"));
        }
        Ok(Some(Self(value.to_owned())))
    }
}

/// What a retry must repeat exactly: the method, the route and the body.
fn request_hash(req: &HttpRequest, body: &serde_json::Value) -> String {
    let text = format!("{} {}\n{body}", req.method(), req.path());
    hex::encode(sha2::Sha256::digest(text.as_bytes()))
}

/// Runs `work` at most once per `Idempotency-Key` in `scope` and answers `status` with its
/// result as JSON; without the header it simply runs.
pub async fn once<T: Serialize>(
    db: &Db,
    scope: &str,
    req: &HttpRequest,
    body: &serde_json::Value,
    status: u16,
    work: impl Future<Output = ApiResult<T>>,
) -> ApiResult<HttpResponse> {
    let key = Key::from_request(req)?;
    let hash = request_hash(req, body);
    if let Some(key) = &key
        && let Some(replay) = begin(db, scope, key, &hash).await?
    {
        return Ok(replay);
    }
    let outcome = work.await;
    if let Some(key) = &key {
        match &outcome {
            Ok(answer) => finish(db, scope, key, status, answer).await?,
            Err(_) => abandon(db, scope, key).await?,
        }
    }
    let answer = outcome?;
    Ok(HttpResponse::build(StatusCode::from_u16(status).unwrap_or(StatusCode::OK)).json(answer))
}

/// Claims the key; `Some(answer)` when the request was answered before and is replayed.
async fn begin(db: &Db, scope: &str, key: &Key, hash: &str) -> ApiResult<Option<HttpResponse>> {
    let now = now_ms();
    sqlx::query("delete from idempotency_records where created_at < $1")
        .bind(now - KEPT_MS)
        .execute(&db.pool)
        .await?;
    let claimed = sqlx::query(
        "insert into idempotency_records (scope, idempotency_key, request_hash, created_at) \
         values ($1, $2, $3, $4) on conflict (scope, idempotency_key) do nothing",
    )
    .bind(scope)
    .bind(&key.0)
    .bind(hash)
    .bind(now)
    .execute(&db.pool)
    .await?;
    if claimed.rows_affected() == 1 {
        return Ok(None);
    }
    let (stored_hash, status, body): (String, Option<i64>, Option<String>) = sqlx::query_as(
        "select request_hash, status_code, response_body from idempotency_records \
         where scope = $1 and idempotency_key = $2",
    )
    .bind(scope)
    .bind(&key.0)
    .fetch_one(&db.pool)
    .await?;
    if stored_hash != hash {
        return Err(ApiError::invalid("Idempotency-Key", "idempotency_key_reused"));
    }
    match (status, body) {
        (Some(status), Some(body)) => {
            let status = u16::try_from(status).ok().and_then(|s| StatusCode::from_u16(s).ok());
            Ok(Some(
                HttpResponse::build(status.unwrap_or(StatusCode::OK))
                    .content_type("application/json")
                    .insert_header(("Idempotent-Replayed", "true"))
                    .body(body),
            ))
        }
        _ => Err(ApiError::conflict("request_in_progress")),
    }
}

async fn finish(
    db: &Db,
    scope: &str,
    key: &Key,
    status: u16,
    answer: &impl serde::Serialize,
) -> ApiResult<()> {
    let body = serde_json::to_string(answer).map_err(|e| ApiError::Internal(e.into()))?;
    sqlx::query(
        "update idempotency_records set status_code = $3, response_body = $4 \
         where scope = $1 and idempotency_key = $2",
    )
    .bind(scope)
    .bind(&key.0)
    .bind(i64::from(status))
    .bind(body)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// A failed request leaves nothing behind: the same key may be tried again.
async fn abandon(db: &Db, scope: &str, key: &Key) -> ApiResult<()> {
    sqlx::query("delete from idempotency_records where scope = $1 and idempotency_key = $2")
        .bind(scope)
        .bind(&key.0)
        .execute(&db.pool)
        .await?;
    Ok(())
}
