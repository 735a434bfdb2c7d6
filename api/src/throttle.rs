//! Per-client-address quotas over a fixed window, counted in the database so they hold across
//! instances: one conditional upsert per request, so concurrent requests are all counted and
//! none passes a full quota. Each feature names its own bucket (`password`, `client_reports`).
//!
//! An address refused here is remembered by this instance for a second (`RECHECK_MS`): a flood
//! from it is answered 429 without a database write per request (issue 24, P9: 200 connections
//! of wrong passwords from one address were 11,800 upserts a second, and every other request
//! queued behind them). Remembering only refuses what the database just refused; an attempt
//! given back on another instance is seen within the second. Such a refusal is also answered
//! after `REFUSAL_DELAY`, holding only a timer: a client flooding through a few connections
//! then gets a few answers a second on each, not thousands (answered at once, the same 200
//! connections got 64,000 refusals a second, and every other request waited for the CPU).

use crate::{
    db::{Db, now_ms},
    error::{ApiError, ApiResult},
};

/// How long a refusal from memory waits before it is answered.
const REFUSAL_DELAY: std::time::Duration = std::time::Duration::from_millis(200);

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
        let remembered = (db.pool.id(), self.bucket);
        if let Some(window_ends) = refused::recall(remembered, ip, now) {
            tokio::time::sleep(REFUSAL_DELAY).await;
            return Err(rate_limited(window_ends - now));
        }
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
        refused::remember(remembered, ip, now, now + wait_ms);
        Err(rate_limited(wait_ms))
    }

    /// Returns one request to `ip`'s quota (one that turned out legitimate).
    pub async fn give_back(&self, db: &Db, ip: &str) -> ApiResult<()> {
        refused::forget((db.pool.id(), self.bucket), ip);
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

fn rate_limited(wait_ms: i64) -> ApiError {
    ApiError::RateLimited {
        retry_after_secs: u64::try_from((wait_ms + 999) / 1000).unwrap_or(1).max(1),
    }
}

/// The addresses this instance saw refused: (database, bucket) and address → (recheck at, window
/// ends). Keyed by the database's pool too, as tests run many apps in one process.
mod refused {
    use std::{
        collections::HashMap,
        sync::{LazyLock, Mutex, MutexGuard, PoisonError},
    };

    /// How long a refusal is answered from memory before the database is asked again.
    pub const RECHECK_MS: i64 = 1_000;
    /// At most this many addresses remembered (a flood from many addresses must not grow it).
    const CAPACITY: usize = 4_096;

    /// A pool's number and a quota's bucket.
    pub type Bucket = (u64, &'static str);

    #[derive(Default)]
    struct Refusals(Mutex<HashMap<(Bucket, String), (i64, i64)>>);

    static REFUSED: LazyLock<Refusals> = LazyLock::new(Refusals::default);

    impl Refusals {
        fn lock(&self) -> MutexGuard<'_, HashMap<(Bucket, String), (i64, i64)>> {
            self.0.lock().unwrap_or_else(PoisonError::into_inner)
        }

        fn recall(&self, bucket: Bucket, ip: &str, now: i64) -> Option<i64> {
            let (recheck_at, window_ends) = self.lock().get(&(bucket, ip.to_owned())).copied()?;
            (now < recheck_at && now < window_ends).then_some(window_ends)
        }

        fn remember(&self, bucket: Bucket, ip: &str, now: i64, window_ends: i64) {
            let mut refusals = self.lock();
            if refusals.len() >= CAPACITY {
                refusals.retain(|_, (recheck_at, _)| *recheck_at > now);
                if refusals.len() >= CAPACITY {
                    refusals.clear();
                }
            }
            refusals.insert((bucket, ip.to_owned()), (now + RECHECK_MS, window_ends));
        }

        fn forget(&self, bucket: Bucket, ip: &str) {
            self.lock().remove(&(bucket, ip.to_owned()));
        }
    }

    /// When `ip` was refused within the last `RECHECK_MS`: when its window ends.
    pub fn recall(bucket: Bucket, ip: &str, now: i64) -> Option<i64> {
        REFUSED.recall(bucket, ip, now)
    }

    pub fn remember(bucket: Bucket, ip: &str, now: i64, window_ends: i64) {
        REFUSED.remember(bucket, ip, now, window_ends);
    }

    pub fn forget(bucket: Bucket, ip: &str) {
        REFUSED.forget(bucket, ip);
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn a_refusal_is_recalled_for_a_second_at_most_and_never_past_its_window() {
            let refused = Refusals::default();
            refused.remember((1, "a"), "10.0.0.1", 0, 60_000);
            refused.remember((1, "a"), "10.0.0.2", 0, 500);
            assert_eq!(refused.recall((1, "a"), "10.0.0.1", 999), Some(60_000));
            assert_eq!(refused.recall((1, "a"), "10.0.0.1", RECHECK_MS), None, "asked again after");
            assert_eq!(refused.recall((1, "a"), "10.0.0.2", 499), Some(500));
            assert_eq!(refused.recall((1, "a"), "10.0.0.2", 500), None, "the window ended");
            assert_eq!(refused.recall((1, "b"), "10.0.0.1", 1), None, "another bucket");
            assert_eq!(refused.recall((2, "a"), "10.0.0.1", 1), None, "another database");
            refused.forget((1, "a"), "10.0.0.1");
            assert_eq!(refused.recall((1, "a"), "10.0.0.1", 1), None, "given back");
        }

        #[test]
        fn a_flood_of_addresses_never_grows_the_memory_past_its_capacity() {
            let refused = Refusals::default();
            for n in 0..CAPACITY * 3 {
                refused.remember((1, "a"), &format!("10.1.{}.{}", n / 256, n % 256), 0, 60_000);
                assert!(refused.lock().len() <= CAPACITY);
            }
            refused.remember((1, "a"), "10.0.0.9", RECHECK_MS, 60_000);
            assert_eq!(refused.recall((1, "a"), "10.0.0.9", RECHECK_MS + 1), Some(60_000));
        }
    }
}
