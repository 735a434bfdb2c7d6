//! Per-client-address quotas over a fixed window, counted in the database so they hold across
//! instances: one conditional upsert per request, so concurrent requests are all counted and
//! none passes a full quota. Each feature names its own bucket (`password`, `client_reports`).

use crate::{
    db::{Db, now_ms},
    error::{ApiError, ApiResult},
};

/// A quota: `limit` requests per `window_ms` from one address.
#[derive(Debug, Clone, Copy)]
pub struct Quota {
    pub bucket: &'static str,
    pub limit: i64,
    pub window_ms: i64,
}

impl Quota {
    /// Counts one request from `ip`; 429 with the wait once the window's quota is used.
    pub async fn take(&self, db: &Db, ip: &str) -> ApiResult<()> {
        let now = now_ms();
        let allowed: Option<i64> = sqlx::query_scalar(
            "insert into address_quotas (bucket, ip, window_started_at, window_count) \
             values ($1, $2, $3, 1) \
             on conflict (bucket, ip) do update set \
               window_started_at = case when address_quotas.window_started_at <= $4 then $3 \
                                   else address_quotas.window_started_at end, \
               window_count = case when address_quotas.window_started_at <= $4 then 1 \
                              else address_quotas.window_count + 1 end \
             where address_quotas.window_started_at <= $4 or address_quotas.window_count < $5 \
             returning window_count",
        )
        .bind(self.bucket)
        .bind(ip)
        .bind(now)
        .bind(now - self.window_ms)
        .bind(self.limit)
        .fetch_optional(&db.pool)
        .await?;
        if allowed.is_some() {
            return Ok(());
        }
        let started: Option<i64> = sqlx::query_scalar(
            "select window_started_at from address_quotas where bucket = $1 and ip = $2",
        )
        .bind(self.bucket)
        .bind(ip)
        .fetch_optional(&db.pool)
        .await?;
        let wait_ms = started.map_or(self.window_ms, |s| s + self.window_ms - now);
        Err(ApiError::RateLimited {
            retry_after_secs: u64::try_from((wait_ms + 999) / 1000).unwrap_or(1).max(1),
        })
    }

    /// Returns one request to `ip`'s quota (one that turned out legitimate).
    pub async fn give_back(&self, db: &Db, ip: &str) -> ApiResult<()> {
        sqlx::query(
            "update address_quotas set window_count = window_count - 1 \
             where bucket = $1 and ip = $2 and window_count > 0",
        )
        .bind(self.bucket)
        .bind(ip)
        .execute(&db.pool)
        .await?;
        Ok(())
    }
}
