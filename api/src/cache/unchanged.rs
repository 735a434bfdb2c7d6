//! Values kept while the database has had no commit since they were read (issue 24, P8): the
//! signed-in caller of each session, and the answers of the busiest signed-in reads.
//!
//! The test is the database's commit stamp (`db::Commits`: SQLite's WAL index, PostgreSQL's
//! current snapshot), read once at the start of each request *before* anything is read, and
//! compared with the stamp the kept values were read under: any commit by any process since —
//! a sign-out, a role taken away, a student imported, an edit in the `sqlite3` or `psql` shell —
//! and nothing kept is served again; the first request after it reads afresh. A value read
//! across a commit is filed under the older stamp, which no later request presents. So no
//! writer has to remember to invalidate anything, and a change is seen by every instance at
//! once. The price is that any commit forgets everything: under steady writes a value lives
//! only as long as the reads between two commits (on PostgreSQL, commits to the cluster's other
//! databases count too). Without stamps (an in-memory SQLite database) nothing is kept.
//!
//! Values also expire after `ttl`, for what depends on the clock rather than the database
//! (a student's age shown from their ID number). Memory is bounded by `capacity`, in the units
//! `weigh` gives (entries, or bytes).

use std::{
    collections::HashMap,
    future::Future,
    hash::Hash,
    sync::Mutex,
    time::{Duration, Instant},
};

use actix_web::{
    HttpMessage, HttpRequest, HttpResponse, Responder,
    http::{
        StatusCode,
        header::{self, HeaderName, HeaderValue},
    },
};
use bytes::Bytes;
use tokio::sync::watch;

use crate::{
    db::{CommitStamp, Commits},
    error::{ApiError, ApiResult},
};

/// The stamp read at the start of `req` (read now if this is the first ask), so a request
/// that reads its caller and then its answer pays for one stamp. It predates everything the
/// request reads, so it may file those reads; it must not vouch for a read made after the
/// request wrote something (that read would be served under the pre-write stamp).
pub async fn request_stamp(commits: &Commits, req: &HttpRequest) -> Option<CommitStamp> {
    if let Some(RequestStamp(stamp)) = req.extensions().get::<RequestStamp>() {
        return stamp.clone();
    }
    let stamp = commits.stamp().await;
    req.extensions_mut().insert(RequestStamp(stamp.clone()));
    stamp
}

/// The stamp a request read first, for everything else it keeps or reuses.
#[derive(Clone)]
struct RequestStamp(Option<CommitStamp>);

#[derive(Debug)]
pub struct Unchanged<K, V> {
    kept: Mutex<Kept<K, V>>,
    /// The most weight kept at once.
    capacity: usize,
    weigh: fn(&V) -> usize,
    ttl: Duration,
}

#[derive(Debug)]
struct Kept<K, V> {
    /// The stamp every value was read under.
    stamp: Option<CommitStamp>,
    weight: usize,
    values: HashMap<K, (Instant, V)>,
    /// Keys being read, each under a stamp: the requests that miss the same key under the
    /// same stamp meanwhile wait for that read instead of making their own (after a commit,
    /// every connection asks for the same few pages at once).
    reading: HashMap<K, (CommitStamp, watch::Receiver<()>)>,
}

impl<K: Hash + Eq + Clone, V: Clone> Unchanged<K, V> {
    pub fn new(capacity: usize, ttl: Duration, weigh: fn(&V) -> usize) -> Self {
        let kept = Kept { stamp: None, weight: 0, values: HashMap::new(), reading: HashMap::new() };
        Self { kept: Mutex::new(kept), capacity, weigh, ttl }
    }

    /// `key`'s value from the cache if nothing was committed between its read and `stamp`,
    /// else from `read`, kept under `stamp`. `stamp` must have been read before `read` begins
    /// (a commit during the read then files the value under the older stamp); `None` (no
    /// stamp could be read) reads and keeps nothing.
    pub async fn get_or_read<E, F>(
        &self,
        stamp: Option<CommitStamp>,
        key: K,
        read: F,
    ) -> Result<V, E>
    where
        F: Future<Output = Result<V, E>>,
    {
        let Some(stamp) = stamp else {
            return read.await;
        };
        let read_by_another = {
            let mut kept = self.lock();
            if let Some(value) = self.kept_value(&kept, &stamp, &key) {
                return Ok(value);
            }
            match kept.reading.get(&key) {
                Some((reading_under, done)) if *reading_under == stamp => {
                    Miss::ReadByAnother(done.clone())
                }
                _ => Miss::OursToRead(Reading::start(self, &mut kept, &stamp, &key)),
            }
        };
        match read_by_another {
            Miss::ReadByAnother(mut done) => {
                // Ends when that read ends, kept or not (an error, a cancelled request): then
                // whatever it kept, or a read of this request's own.
                let _ = done.changed().await;
                if let Some(value) = self.get(&stamp, &key) {
                    return Ok(value);
                }
                let value = read.await?;
                self.put(stamp, key, value.clone());
                Ok(value)
            }
            Miss::OursToRead(reading) => {
                let value = read.await?;
                self.put(stamp, key, value.clone());
                drop(reading);
                Ok(value)
            }
        }
    }

    /// The value read under `stamp`, if the database's stamp is still that.
    fn get(&self, stamp: &CommitStamp, key: &K) -> Option<V> {
        self.kept_value(&self.lock(), stamp, key)
    }

    fn kept_value(&self, kept: &Kept<K, V>, stamp: &CommitStamp, key: &K) -> Option<V> {
        if kept.stamp.as_ref() != Some(stamp) {
            return None;
        }
        let (stored_at, value) = kept.values.get(key)?;
        (stored_at.elapsed() < self.ttl).then(|| value.clone())
    }

    /// Keeps `value`, read after the database's stamp was `stamp`.
    fn put(&self, stamp: CommitStamp, key: K, value: V) {
        let weight = (self.weigh)(&value);
        if weight > self.capacity {
            return;
        }
        let mut kept = self.lock();
        if kept.stamp.as_ref() != Some(&stamp) || kept.weight + weight > self.capacity {
            kept.values.clear();
            kept.weight = 0;
            kept.stamp = Some(stamp);
        }
        if let Some((_, replaced)) = kept.values.insert(key, (Instant::now(), value)) {
            kept.weight -= (self.weigh)(&replaced);
        }
        kept.weight += weight;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Kept<K, V>> {
        // A panic while holding the lock leaves only whole entries behind.
        self.kept.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// A key not kept under a request's stamp: being read by another request, or to be read by
/// this one.
enum Miss<'a, K: Hash + Eq + Clone, V: Clone> {
    ReadByAnother(watch::Receiver<()>),
    OursToRead(Reading<'a, K, V>),
}

/// A read of one key under one stamp, announced to the requests that miss the same; they are
/// told it ended when this is dropped (read and kept, failed, or cancelled).
struct Reading<'a, K: Hash + Eq + Clone, V: Clone> {
    cache: &'a Unchanged<K, V>,
    key: K,
    done: watch::Receiver<()>,
    _ends: watch::Sender<()>,
}

impl<'a, K: Hash + Eq + Clone, V: Clone> Reading<'a, K, V> {
    /// Announced in `kept`, the cache's state as locked by the caller.
    fn start(
        cache: &'a Unchanged<K, V>,
        kept: &mut Kept<K, V>,
        stamp: &CommitStamp,
        key: &K,
    ) -> Self {
        let (ends, done) = watch::channel(());
        kept.reading.insert(key.clone(), (stamp.clone(), done.clone()));
        Self { cache, key: key.clone(), done, _ends: ends }
    }
}

impl<K: Hash + Eq + Clone, V: Clone> Drop for Reading<'_, K, V> {
    fn drop(&mut self) {
        let mut kept = self.cache.lock();
        // Unless another read of the key (under a later stamp) has taken its place.
        if kept.reading.get(&self.key).is_some_and(|(_, done)| done.same_channel(&self.done)) {
            kept.reading.remove(&self.key);
        }
    }
}

/// A handler's answer as kept: its status, the headers it set itself (middleware adds the
/// rest to each response) and its body.
#[derive(Debug, Clone)]
pub struct KeptAnswer {
    status: StatusCode,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Bytes,
}

impl KeptAnswer {
    /// Weighed by its body, for a capacity in bytes.
    pub fn bytes(&self) -> usize {
        self.body.len()
    }

    fn response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status);
        for header in &self.headers {
            response.append_header(header.clone());
        }
        response.body(self.body.clone())
    }
}

impl Unchanged<String, KeptAnswer> {
    /// The answer of `answer` to `req`, kept for this caller (`who`), this path and query and
    /// this `Accept-Language` until the next commit. For reads only, whose answer follows from
    /// the database, the caller and the request alone (a read that writes commits, which
    /// forgets what it kept).
    pub async fn answer<R, F>(
        &self,
        commits: &Commits,
        req: &HttpRequest,
        who: &str,
        answer: F,
    ) -> ApiResult<HttpResponse>
    where
        R: Responder,
        F: Future<Output = ApiResult<R>>,
    {
        let language = req.headers().get(header::ACCEPT_LANGUAGE).map(HeaderValue::as_bytes);
        let key =
            format!("{who}\n{}\n{}", String::from_utf8_lossy(language.unwrap_or(b"")), req.uri());
        let kept = self
            .get_or_read(request_stamp(commits, req).await, key, async {
                let response = answer.await?.respond_to(req);
                let status = response.status();
                let headers =
                    response.headers().iter().map(|(n, v)| (n.clone(), v.clone())).collect();
                let body = actix_web::body::to_bytes(response.into_body())
                    .await
                    .map_err(|_| ApiError::Internal(anyhow::anyhow!("answer body unreadable")))?;
                Ok::<_, ApiError>(KeptAnswer { status, headers, body })
            })
            .await?;
        Ok(kept.response())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache(capacity: usize) -> Unchanged<&'static str, String> {
        Unchanged::new(capacity, Duration::from_secs(60), String::len)
    }

    #[test]
    fn a_value_is_served_only_under_the_stamp_it_was_read_under() {
        let cache = cache(100);
        let (read, committed) = (CommitStamp::for_tests(1), CommitStamp::for_tests(2));
        cache.put(read.clone(), "u1", "super".into());
        assert_eq!(cache.get(&read, &"u1").as_deref(), Some("super"), "nothing committed");
        assert_eq!(cache.get(&read, &"u2"), None, "another key");
        assert_eq!(cache.get(&committed, &"u1"), None, "not after a commit");

        // Read again after the commit: what the older stamp kept is gone for good.
        cache.put(committed.clone(), "u1", "member".into());
        assert_eq!(cache.get(&committed, &"u1").as_deref(), Some("member"));
        assert_eq!(cache.get(&read, &"u1"), None);
        // A read that began before the commit and ended after it is filed under its older
        // stamp, which no later request presents.
        cache.put(read, "u2", "super".into());
        assert_eq!(cache.get(&committed, &"u2"), None);
    }

    #[test]
    fn the_weight_kept_stays_within_the_capacity() {
        let cache = cache(10);
        let stamp = CommitStamp::for_tests(1);
        cache.put(stamp.clone(), "big", "x".repeat(11));
        assert_eq!(cache.get(&stamp, &"big"), None, "heavier than the whole capacity");
        for key in ["a", "b", "c", "d"] {
            cache.put(stamp.clone(), key, "xxxx".into());
            assert!(cache.lock().weight <= 10);
        }
        assert_eq!(cache.get(&stamp, &"d").as_deref(), Some("xxxx"), "the newest is kept");
        cache.put(stamp, "d", "x".into());
        let kept = cache.lock();
        assert_eq!(kept.weight, kept.values.values().map(|(_, v)| v.len()).sum::<usize>());
    }

    #[test]
    fn values_expire() {
        let cache: Unchanged<&str, String> = Unchanged::new(100, Duration::ZERO, String::len);
        let stamp = CommitStamp::for_tests(1);
        cache.put(stamp.clone(), "k", "v".into());
        assert_eq!(cache.get(&stamp, &"k"), None);
    }

    /// A kept answer is served again only to the same caller, for the same path and query, in
    /// the same `Accept-Language`: a person, an integrator credential and another language each
    /// get their own.
    #[actix_web::test]
    async fn answers_are_kept_per_caller_request_and_language() {
        let dir = tempfile::tempdir().unwrap();
        let options = crate::db::ConnectOptions {
            url: secrecy::SecretString::from(format!(
                "sqlite://{}/answers.db?mode=rwc",
                dir.path().display()
            )),
            max_connections: 2,
            acquire_timeout: Duration::from_secs(5),
        };
        let db = crate::db::Db::connect(&options).await.unwrap();
        sqlx::query("create table t (n bigint)").execute(&db.pool).await.unwrap();
        let answers: Unchanged<String, KeptAnswer> =
            Unchanged::new(1 << 20, Duration::from_secs(60), KeptAnswer::bytes);
        let ask = |who: &'static str, uri: &'static str, language: Option<&'static str>| {
            let mut req = actix_web::test::TestRequest::get().uri(uri);
            if let Some(language) = language {
                req = req.insert_header((header::ACCEPT_LANGUAGE, language));
            }
            let req = req.to_http_request();
            let (answers, commits) = (&answers, &db.commits);
            async move {
                let fresh = format!("{who} {uri} {language:?}");
                let answer = async { Ok(HttpResponse::Ok().body(fresh)) };
                let response = answers.answer(commits, &req, who, answer).await.unwrap();
                let body = actix_web::body::to_bytes(response.into_body()).await.unwrap();
                String::from_utf8(body.to_vec()).unwrap()
            }
        };

        let asks = [
            ("user u1", "/x?page=1", Some("zh-CN")),
            ("user u1", "/x?page=1", Some("en")),
            ("user u1", "/x?page=1", None),
            ("user u1", "/x?page=2", Some("zh-CN")),
            ("user u2", "/x?page=1", Some("zh-CN")),
            ("integrator u1", "/x?page=1", Some("zh-CN")),
        ];
        for (who, uri, language) in asks {
            assert_eq!(ask(who, uri, language).await, format!("{who} {uri} {language:?}"));
        }
        assert_eq!(answers.lock().values.len(), asks.len(), "each kept apart");
        // Asked again: each from what it kept (which the answer would not be now).
        answers.lock().values.values_mut().for_each(|(_, kept)| {
            kept.body = Bytes::from(format!("kept {}", String::from_utf8_lossy(&kept.body)));
        });
        for (who, uri, language) in asks {
            assert_eq!(ask(who, uri, language).await, format!("kept {who} {uri} {language:?}"));
        }
        // After a commit, none.
        sqlx::query("insert into t values (1)").execute(&db.pool).await.unwrap();
        for (who, uri, language) in asks {
            assert_eq!(ask(who, uri, language).await, format!("{who} {uri} {language:?}"));
        }

        // A request keeps the stamp it read first; the next request reads its own.
        let req = actix_web::test::TestRequest::get().uri("/x").to_http_request();
        let first = request_stamp(&db.commits, &req).await;
        assert!(first.is_some());
        sqlx::query("insert into t values (2)").execute(&db.pool).await.unwrap();
        assert_eq!(request_stamp(&db.commits, &req).await, first, "read once a request");
        let next = actix_web::test::TestRequest::get().uri("/x").to_http_request();
        assert_ne!(request_stamp(&db.commits, &next).await, first);
    }

    /// After a commit every connection asks for the same pages at once: one read per key and
    /// stamp, the others wait for it; a read that fails leaves each waiter to read its own.
    #[actix_web::test]
    async fn misses_of_one_key_under_one_stamp_share_a_read() {
        use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
        let cache = cache(100);
        let reads = AtomicUsize::new(0);
        let read = |answer: Result<&'static str, &'static str>| {
            let reads = &reads;
            async move {
                reads.fetch_add(1, SeqCst);
                tokio::time::sleep(Duration::from_millis(20)).await;
                answer.map(String::from)
            }
        };
        let ask = |seed: u8, key: &'static str, answer| {
            cache.get_or_read(Some(CommitStamp::for_tests(seed)), key, read(answer))
        };

        let values = futures_util::future::join_all((0..10).map(|_| ask(1, "k", Ok("v")))).await;
        assert!(values.iter().all(|v| v.as_deref() == Ok("v")));
        assert_eq!(reads.swap(0, SeqCst), 1, "ten misses, one read");

        // Other keys and other stamps are read on their own.
        let values = futures_util::future::join_all([
            ask(1, "other", Ok("o")),
            ask(2, "k", Ok("v2")),
            ask(2, "k", Ok("v2")),
        ])
        .await;
        assert_eq!(
            values.iter().map(|v| v.as_deref().unwrap()).collect::<Vec<_>>(),
            ["o", "v2", "v2"]
        );
        assert_eq!(reads.swap(0, SeqCst), 2);

        // The first read fails: it alone gets the error; the others read for themselves.
        let values = futures_util::future::join_all([
            ask(3, "k", Err("down")),
            ask(3, "k", Ok("v3")),
            ask(3, "k", Ok("v3")),
        ])
        .await;
        assert_eq!(values[0], Err("down"));
        assert!(values[1..].iter().all(|v| v.as_deref() == Ok("v3")));
        assert!(reads.load(SeqCst) >= 2);
    }
}
