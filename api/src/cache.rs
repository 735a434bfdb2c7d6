//! An in-process cache of serialised public responses (the catalog's pages and course pages),
//! so the busiest anonymous reads cost a map lookup instead of several queries (bench P1/P2).
//!
//! Correctness rests on two rules:
//! - every write that changes what a cached response shows calls [`ResponseCache::invalidate`]
//!   after its transaction commits, which bumps a generation; an entry is served only while its
//!   generation is current, so this instance never serves what it has itself changed;
//! - a response computed from data read before such a commit is tagged with the generation read
//!   *before* the queries ran, so it can never be stored as current after the bump.
//!
//! Other instances learn of the change through the database: `invalidate` also bumps the
//! cache's row in `cache_generations`, which every instance reads each `FOLLOW_INTERVAL`
//! ([`ResponseCache::follow`]), forgetting its entries when the row moved. So another
//! instance's change is seen within about a second, and an entry lives until something changes
//! rather than being recomputed every few seconds in case something did (bench P12: with 1,000
//! distinct URLs and a 10 s expiry, PostgreSQL recomputed 100 responses a second). Entries still
//! expire after `ttl`, a backstop for a write that forgot to invalidate and for an instance that
//! cannot read the database.

mod unchanged;

pub use unchanged::{KeptAnswer, Unchanged, request_stamp};

use std::{
    collections::HashMap,
    future::Future,
    sync::{
        Mutex,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use actix_web::{HttpResponse, http::header};
use bytes::Bytes;
use serde::Serialize;

use crate::{
    db::Db,
    error::{ApiError, ApiResult},
};

/// How often an instance reads the generations that the others bump: how long another
/// instance's change may go unseen here.
pub const FOLLOW_INTERVAL: Duration = Duration::from_secs(1);

#[derive(Debug)]
pub struct ResponseCache {
    /// Its row in `cache_generations`.
    name: &'static str,
    generation: AtomicU64,
    /// The row's generation when last read or bumped here (`u64::MAX`: not yet read).
    shared_generation: AtomicU64,
    ttl: Duration,
    capacity: usize,
    entries: Mutex<HashMap<String, Entry<Bytes>>>,
    /// Lists' totals (one count per filter, shared by all its pages), kept apart from the
    /// responses so that neither pushes the other out.
    totals: Mutex<HashMap<String, Entry<i64>>>,
}

#[derive(Debug)]
struct Entry<V> {
    generation: u64,
    stored_at: Instant,
    value: V,
}

impl ResponseCache {
    /// `name`: its row in `cache_generations` (a migration inserts it).
    pub fn new(name: &'static str, ttl: Duration, capacity: usize) -> Self {
        Self {
            name,
            generation: AtomicU64::new(0),
            shared_generation: AtomicU64::new(u64::MAX),
            ttl,
            capacity,
            entries: Mutex::new(HashMap::new()),
            totals: Mutex::new(HashMap::new()),
        }
    }

    /// Forgets every entry, here and (within `FOLLOW_INTERVAL`) on every other instance: call
    /// after committing a change to anything cached responses show. Failing to tell the others
    /// is logged, not returned: the change is committed, and their entries expire after `ttl`.
    pub async fn invalidate(&self, db: &Db) {
        self.forget();
        match bump_generation(db, self.name).await {
            // Our own bump: nothing for `follow` to forget again, unless another instance
            // bumped too since it last read.
            Ok(Some(bumped)) => {
                let _ = self.shared_generation.compare_exchange(
                    bumped.wrapping_sub(1),
                    bumped,
                    Ordering::AcqRel,
                    Ordering::Acquire,
                );
            }
            Ok(None) => tracing::warn!(cache = self.name, "no row in cache_generations"),
            Err(error) => {
                tracing::warn!(%error, cache = self.name, "could not tell the other instances")
            }
        }
    }

    /// The current generation: what is read after this and kept as of it is never used once a
    /// change is made here or seen from another instance (for what is kept outside the cache:
    /// the catalog's title index).
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Forgets every entry here.
    fn forget(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        lock(&self.entries).clear();
        lock(&self.totals).clear();
    }

    /// Reads the cache's shared generation every `FOLLOW_INTERVAL` until `stopped`, and forgets
    /// every entry when another instance bumped it (and once at the start: entries stored before
    /// the first read may predate a change).
    pub async fn follow(&self, db: &Db, mut stopped: tokio::sync::watch::Receiver<bool>) {
        let mut ticks = tokio::time::interval(FOLLOW_INTERVAL);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut failing = false;
        loop {
            tokio::select! {
                _ = ticks.tick() => {}
                _ = stopped.wait_for(|stop| *stop) => return,
            }
            match read_generation(db, self.name).await {
                Ok(Some(current)) => {
                    failing = false;
                    if self.shared_generation.swap(current, Ordering::AcqRel) != current {
                        self.forget();
                    }
                }
                Ok(None) => {}
                // Once per outage in the log; entries expire after `ttl` meanwhile.
                Err(error) if !failing => {
                    failing = true;
                    tracing::warn!(%error, cache = self.name, "cannot read the shared generation");
                }
                Err(_) => {}
            }
        }
    }

    /// The JSON of `key`, from the cache when current, else from `compute` (then stored).
    pub async fn json<T, F>(&self, key: String, compute: F) -> ApiResult<HttpResponse>
    where
        T: Serialize,
        F: Future<Output = ApiResult<T>>,
    {
        let body = self
            .cached(&self.entries, key, async {
                let value = compute.await?;
                serde_json::to_vec(&value)
                    .map(Bytes::from)
                    .map_err(|e| ApiError::Internal(anyhow::Error::new(e)))
            })
            .await?;
        Ok(HttpResponse::Ok().insert_header((header::CONTENT_TYPE, "application/json")).body(body))
    }

    /// A list's total for one filter (`key`), from the cache when current, else counted by
    /// `compute`: a count reads every matching row, the same for each page of the list.
    pub async fn total<F>(&self, key: String, compute: F) -> ApiResult<i64>
    where
        F: Future<Output = ApiResult<i64>>,
    {
        self.cached(&self.totals, key, compute).await
    }

    async fn cached<V, F>(
        &self,
        map: &Mutex<HashMap<String, Entry<V>>>,
        key: String,
        compute: F,
    ) -> ApiResult<V>
    where
        V: Clone,
        F: Future<Output = ApiResult<V>>,
    {
        if let Some(value) = self.get(map, &key) {
            return Ok(value);
        }
        let generation = self.generation.load(Ordering::Acquire);
        let value = compute.await?;
        self.put(map, key, generation, value.clone());
        Ok(value)
    }

    fn get<V: Clone>(&self, map: &Mutex<HashMap<String, Entry<V>>>, key: &str) -> Option<V> {
        let generation = self.generation.load(Ordering::Acquire);
        let entries = lock(map);
        let entry = entries.get(key)?;
        (entry.generation == generation && entry.stored_at.elapsed() < self.ttl)
            .then(|| entry.value.clone())
    }

    fn put<V>(
        &self,
        map: &Mutex<HashMap<String, Entry<V>>>,
        key: String,
        generation: u64,
        value: V,
    ) {
        let mut entries = lock(map);
        // Checked under the lock that `invalidate` clears with: a bump after this check clears
        // the entry; a bump before it refuses the entry.
        if generation != self.generation.load(Ordering::Acquire) {
            return;
        }
        if entries.len() >= self.capacity && !entries.contains_key(&key) {
            self.make_room(&mut entries);
        }
        entries.insert(key, Entry { generation, stored_at: Instant::now(), value });
    }

    /// Drops the expired entries and, if that is not enough, the oldest quarter. Clearing
    /// everything instead made nearly every request a miss once a site's distinct URLs
    /// outnumbered the capacity (bench P12: 1,000 mixed catalog URLs). Runs once per quarter
    /// of the capacity's inserts at most, so its scan costs little per insert.
    fn make_room<V>(&self, entries: &mut HashMap<String, Entry<V>>) {
        entries.retain(|_, entry| entry.stored_at.elapsed() < self.ttl);
        if entries.len() < self.capacity {
            return;
        }
        let mut ages: Vec<Instant> = entries.values().map(|entry| entry.stored_at).collect();
        let (_, newest_dropped, _) = ages.select_nth_unstable(self.capacity / 4);
        let newest_dropped = *newest_dropped;
        entries.retain(|_, entry| entry.stored_at > newest_dropped);
    }
}

/// Bumps a cache's shared generation; the new one (`None`: no such row).
async fn bump_generation(db: &Db, name: &str) -> sqlx::Result<Option<u64>> {
    let bumped: Option<i64> = sqlx::query_scalar(
        "update cache_generations set generation = generation + 1 where name = $1 \
         returning generation",
    )
    .bind(name)
    .fetch_optional(&db.pool)
    .await?;
    Ok(bumped.map(|generation| generation.cast_unsigned()))
}

/// A cache's shared generation (`None`: no such row).
async fn read_generation(db: &Db, name: &str) -> sqlx::Result<Option<u64>> {
    let generation: Option<i64> =
        sqlx::query_scalar("select generation from cache_generations where name = $1")
            .bind(name)
            .fetch_optional(&db.pool)
            .await?;
    Ok(generation.map(|generation| generation.cast_unsigned()))
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic while holding the lock leaves only a map of finished entries behind.
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[actix_web::test]
    async fn serves_the_stored_response_until_invalidated() {
        let cache = ResponseCache::new("test", Duration::from_secs(60), 10);
        let calls = std::sync::atomic::AtomicUsize::new(0);
        let compute = || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Ok::<_, ApiError>(vec![1, 2, 3])
        };
        let first = cache.json("k".into(), compute()).await.unwrap();
        assert_eq!(first.headers().get(header::CONTENT_TYPE).unwrap(), "application/json");
        cache.json("k".into(), compute()).await.unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 1, "the second read is a hit");
        cache.forget();
        cache.json("k".into(), compute()).await.unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 2, "invalidation forgets the entry");
    }

    #[actix_web::test]
    async fn a_response_computed_across_an_invalidation_is_not_kept() {
        let cache = ResponseCache::new("test", Duration::from_secs(60), 10);
        let calls = std::sync::atomic::AtomicUsize::new(0);
        // The write commits (and invalidates) while the read's queries are running.
        cache
            .json("k".into(), async {
                calls.fetch_add(1, Ordering::SeqCst);
                cache.forget();
                Ok::<_, ApiError>("read before the write")
            })
            .await
            .unwrap();
        cache
            .json("k".into(), async {
                calls.fetch_add(1, Ordering::SeqCst);
                Ok::<_, ApiError>("read after the write")
            })
            .await
            .unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 2, "the stale response was not stored");
    }

    #[actix_web::test]
    async fn entries_expire_and_errors_are_not_stored() {
        let cache = ResponseCache::new("test", Duration::from_millis(0), 10);
        cache.json("k".into(), async { Ok::<_, ApiError>(1) }).await.unwrap();
        assert!(cache.get(&cache.entries, "k").is_none(), "a zero ttl keeps nothing current");
        let cache = ResponseCache::new("test", Duration::from_secs(60), 10);
        assert!(cache.json("e".into(), async { Err::<u8, _>(ApiError::NotFound) }).await.is_err());
        assert!(cache.get(&cache.entries, "e").is_none());
    }

    #[test]
    fn a_full_cache_drops_its_oldest_quarter_and_keeps_the_rest() {
        let cache = ResponseCache::new("test", Duration::from_secs(60), 8);
        for n in 0..9 {
            cache.put(&cache.entries, format!("k{n}"), 0, Bytes::from_static(b"{}"));
            std::thread::sleep(Duration::from_millis(2));
        }
        let mut kept: Vec<String> = lock(&cache.entries).keys().cloned().collect();
        kept.sort();
        assert_eq!(kept, ["k3", "k4", "k5", "k6", "k7", "k8"]);
    }

    #[actix_web::test]
    async fn totals_are_kept_apart_from_responses_and_invalidated_with_them() {
        let cache = ResponseCache::new("test", Duration::from_secs(60), 2);
        cache.json("page".into(), async { Ok::<_, ApiError>(1) }).await.unwrap();
        for n in 0..5 {
            cache.total(format!("t{n}"), async { Ok(n) }).await.unwrap();
        }
        assert!(cache.get(&cache.entries, "page").is_some(), "many totals never evict a page");
        assert_eq!(cache.total("t4".into(), async { Ok(99) }).await.unwrap(), 4, "a hit");
        cache.forget();
        assert_eq!(cache.total("t4".into(), async { Ok(99) }).await.unwrap(), 99, "recounted");
    }
}
