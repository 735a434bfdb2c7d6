//! `Idempotency-Key` (SPEC §9): the first request with a key does the work and its answer is
//! kept for a day; a retry with the same key and body gets that answer again, one with the same
//! key and another body is refused (422), and one while the first still runs gets 409.

use actix_web::{HttpRequest, HttpResponse, http::StatusCode};
use sha2::Digest;

use crate::{
    db::{Db, now_ms},
    error::{ApiError, ApiResult},
};

const KEPT_MS: i64 = 24 * 60 * 60 * 1000;

pub struct Key(String);

impl Key {
    /// The header's value: 1–64 visible ASCII characters; absent is fine.
    pub fn from_request(req: &HttpRequest) -> ApiResult<Option<Self>> {
        let Some(value) = req.headers().get("Idempotency-Key") else { return Ok(None) };
        let value = value.to_str().unwrap_or_default().trim();
        let valid = (1..=64).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_graphic());
        if !valid {
            return Err(ApiError::invalid("Idempotency-Key", "idempotency_key_format"));
        }
        Ok(Some(Self(value.to_owned())))
    }
}

pub fn request_hash(body: &serde_json::Value) -> String {
    hex::encode(sha2::Sha256::digest(body.to_string().as_bytes()))
}

/// Claims the key; `Some(answer)` when the request was answered before and is replayed.
pub async fn begin(
    db: &Db,
    org_id: &str,
    key: &Key,
    hash: &str,
) -> ApiResult<Option<HttpResponse>> {
    let now = now_ms();
    sqlx::query("delete from idempotency_keys where created_at < $1")
        .bind(now - KEPT_MS)
        .execute(&db.pool)
        .await?;
    let claimed = sqlx::query(
        "insert into idempotency_keys (org_id, idempotency_key, request_hash, created_at) \
         values ($1, $2, $3, $4) on conflict (org_id, idempotency_key) do nothing",
    )
    .bind(org_id)
    .bind(&key.0)
    .bind(hash)
    .bind(now)
    .execute(&db.pool)
    .await?;
    if claimed.rows_affected() == 1 {
        return Ok(None);
    }
    let (stored_hash, status, body): (String, Option<i64>, Option<String>) = sqlx::query_as(
        "select request_hash, status_code, response_body from idempotency_keys \
         where org_id = $1 and idempotency_key = $2",
    )
    .bind(org_id)
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

pub async fn finish(
    db: &Db,
    org_id: &str,
    key: &Key,
    status: u16,
    answer: &impl serde::Serialize,
) -> ApiResult<()> {
    let body = serde_json::to_string(answer).map_err(|e| ApiError::Internal(e.into()))?;
    sqlx::query(
        "update idempotency_keys set status_code = $3, response_body = $4 \
         where org_id = $1 and idempotency_key = $2",
    )
    .bind(org_id)
    .bind(&key.0)
    .bind(i64::from(status))
    .bind(body)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// A failed request leaves nothing behind: the same key may be tried again.
pub async fn abandon(db: &Db, org_id: &str, key: &Key) -> ApiResult<()> {
    sqlx::query("delete from idempotency_keys where org_id = $1 and idempotency_key = $2")
        .bind(org_id)
        .bind(&key.0)
        .execute(&db.pool)
        .await?;
    Ok(())
}
