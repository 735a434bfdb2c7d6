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
//! Other instances (and the CLI) cannot bump this instance's generation: entries also expire
//! after `ttl`, which bounds how stale another instance's view can be.

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

use crate::error::{ApiError, ApiResult};

#[derive(Debug)]
pub struct ResponseCache {
    generation: AtomicU64,
    ttl: Duration,
    capacity: usize,
    entries: Mutex<HashMap<String, Entry>>,
}

#[derive(Debug)]
struct Entry {
    generation: u64,
    stored_at: Instant,
    body: Bytes,
}

impl ResponseCache {
    pub fn new(ttl: Duration, capacity: usize) -> Self {
        Self { generation: AtomicU64::new(0), ttl, capacity, entries: Mutex::new(HashMap::new()) }
    }

    /// Forgets every entry: call after committing a change to anything cached responses show.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        self.lock().clear();
    }

    /// The JSON of `key`, from the cache when current, else from `compute` (then stored).
    pub async fn json<T, F>(&self, key: String, compute: F) -> ApiResult<HttpResponse>
    where
        T: Serialize,
        F: Future<Output = ApiResult<T>>,
    {
        let body = self
            .bytes(key, async {
                let value = compute.await?;
                serde_json::to_vec(&value)
                    .map(Bytes::from)
                    .map_err(|e| ApiError::Internal(anyhow::Error::new(e)))
            })
            .await?;
        Ok(HttpResponse::Ok().insert_header((header::CONTENT_TYPE, "application/json")).body(body))
    }

    /// The bytes of `key`, from the cache when current, else from `compute` (then stored).
    pub async fn bytes<F>(&self, key: String, compute: F) -> ApiResult<Bytes>
    where
        F: Future<Output = ApiResult<Bytes>>,
    {
        if let Some(body) = self.get(&key) {
            return Ok(body);
        }
        let generation = self.generation.load(Ordering::Acquire);
        let body = compute.await?;
        self.put(key, generation, body.clone());
        Ok(body)
    }

    fn get(&self, key: &str) -> Option<Bytes> {
        let generation = self.generation.load(Ordering::Acquire);
        let entries = self.lock();
        let entry = entries.get(key)?;
        (entry.generation == generation && entry.stored_at.elapsed() < self.ttl)
            .then(|| entry.body.clone())
    }

    fn put(&self, key: String, generation: u64, body: Bytes) {
        let mut entries = self.lock();
        // Checked under the lock that `invalidate` clears with: a bump after this check clears
        // the entry; a bump before it refuses the entry.
        if generation != self.generation.load(Ordering::Acquire) {
            return;
        }
        if entries.len() >= self.capacity && !entries.contains_key(&key) {
            // Rare (many distinct searches): dropping everything is simpler than LRU
            // bookkeeping on every hit, and the next requests refill what is popular.
            entries.clear();
        }
        entries.insert(key, Entry { generation, stored_at: Instant::now(), body });
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        // A panic while holding the lock leaves only a map of finished entries behind.
        self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[actix_web::test]
    async fn serves_the_stored_response_until_invalidated() {
        let cache = ResponseCache::new(Duration::from_secs(60), 10);
        let calls = std::sync::atomic::AtomicUsize::new(0);
        let compute = || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Ok::<_, ApiError>(vec![1, 2, 3])
        };
        let first = cache.json("k".into(), compute()).await.unwrap();
        assert_eq!(first.headers().get(header::CONTENT_TYPE).unwrap(), "application/json");
        cache.json("k".into(), compute()).await.unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 1, "the second read is a hit");
        cache.invalidate();
        cache.json("k".into(), compute()).await.unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 2, "invalidation forgets the entry");
    }

    #[actix_web::test]
    async fn a_response_computed_across_an_invalidation_is_not_kept() {
        let cache = ResponseCache::new(Duration::from_secs(60), 10);
        let calls = std::sync::atomic::AtomicUsize::new(0);
        // The write commits (and invalidates) while the read's queries are running.
        cache
            .json("k".into(), async {
                calls.fetch_add(1, Ordering::SeqCst);
                cache.invalidate();
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
        let cache = ResponseCache::new(Duration::from_millis(0), 10);
        cache.json("k".into(), async { Ok::<_, ApiError>(1) }).await.unwrap();
        assert!(cache.get("k").is_none(), "a zero ttl keeps nothing current");
        let cache = ResponseCache::new(Duration::from_secs(60), 10);
        assert!(cache.json("e".into(), async { Err::<u8, _>(ApiError::NotFound) }).await.is_err());
        assert!(cache.get("e").is_none());
    }

    #[test]
    fn a_full_cache_starts_over_instead_of_growing() {
        let cache = ResponseCache::new(Duration::from_secs(60), 2);
        for key in ["a", "b", "c"] {
            cache.put(key.into(), 0, Bytes::from_static(b"{}"));
        }
        assert_eq!(cache.lock().len(), 1);
        assert!(cache.get("c").is_some());
    }
}
