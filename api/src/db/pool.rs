//! The pool every statement runs on: sqlx's pool, with connections kept checked out between
//! single statements so that a statement costs one round trip, not two (issue 24, P8).
//!
//! Why not `AnyPool` alone: sqlx 0.8 tests every connection it takes back — dropping a
//! `PoolConnection` spawns a task that pings it before releasing it — so a statement run on
//! `&AnyPool` costs a second round trip (a network one to PostgreSQL, a worker-thread hand-off
//! on SQLite) and a task. The ping exists for connections left mid-statement by a cancelled
//! future or broken by an error; a statement that ran to completion leaves its connection clean.
//! So a statement here borrows a *lease*: a connection parked by the previous statement (or one
//! from sqlx's pool), given back to the park if the statement completed, or dropped into sqlx's
//! ping-and-release path if it failed or was cancelled.
//!
//! Transactions and explicit `acquire`s still come from sqlx's pool (a `Transaction` owns its
//! `PoolConnection`). sqlx counts parked connections as in use, so a quarter of the pool (at
//! least one) is never leased: whatever leases are doing, a transaction waits only for other
//! transactions.

use std::{
    fmt,
    sync::{
        Arc, Mutex, PoisonError,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use futures_util::{
    FutureExt, StreamExt, TryStreamExt,
    future::BoxFuture,
    stream::{self, BoxStream},
};
use sqlx::{
    Any, AnyPool, Connection, Either, Error, Execute, Executor, Transaction,
    any::{AnyQueryResult, AnyRow, AnyStatement, AnyTypeInfo},
    pool::{MaybePoolConnection, PoolConnection},
};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// How long a connection may sit unused before it is checked with a ping on its next use (under
/// load connections are reused within microseconds and never pinged; after a quiet spell the
/// server or a proxy may have dropped one).
pub const IDLE_BEFORE_PING: Duration = Duration::from_secs(30);

/// The database pool. Cheap to clone; `&Pool` is an executor like `&AnyPool`.
#[derive(Clone)]
pub struct Pool {
    shared: Arc<Shared>,
}

struct Shared {
    /// Tells pools apart within one process (tests run many apps in one).
    id: u64,
    sqlx: AnyPool,
    /// Connections between statements; the most recently used last (taken first).
    parked: Mutex<Vec<Parked>>,
    /// One permit per statement in flight on a lease; `None` when the pool is too small to
    /// park any (one connection).
    leases: Option<Arc<Semaphore>>,
    acquire_timeout: Duration,
}

struct Parked {
    conn: PoolConnection<Any>,
    since: Instant,
}

impl fmt::Debug for Pool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pool")
            .field("size", &self.size())
            .field("idle", &self.num_idle())
            .field("max", &self.max_connections())
            .finish()
    }
}

impl Pool {
    pub fn new(sqlx: AnyPool, acquire_timeout: Duration) -> Self {
        let max = sqlx.options().get_max_connections() as usize;
        let kept_for_transactions = (max / 4).max(1);
        let leases = (max > kept_for_transactions)
            .then(|| Arc::new(Semaphore::new(max - kept_for_transactions)));
        static NEXT_ID: AtomicU64 = AtomicU64::new(1);
        Self {
            shared: Arc::new(Shared {
                id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
                sqlx,
                parked: Mutex::new(Vec::with_capacity(max)),
                leases,
                acquire_timeout,
            }),
        }
    }

    /// This pool's number, unique in the process: what a per-instance memory of the database's
    /// answers is keyed by.
    pub fn id(&self) -> u64 {
        self.shared.id
    }

    /// sqlx's pool itself (migrations take it).
    pub fn sqlx(&self) -> &AnyPool {
        &self.shared.sqlx
    }

    /// A connection of its own for the caller: a parked one if any, else one from sqlx's pool.
    /// Dropping it goes through sqlx's ping-and-release.
    pub async fn acquire(&self) -> Result<PoolConnection<Any>, Error> {
        match self.unpark().await {
            Some(conn) => Ok(conn),
            None => self.shared.sqlx.acquire().await,
        }
    }

    /// A transaction (`BEGIN`).
    pub async fn begin(&self) -> Result<Transaction<'static, Any>, Error> {
        let conn = self.acquire().await?;
        Transaction::begin(MaybePoolConnection::PoolConnection(conn), None).await
    }

    /// A transaction opened with `statement` (SQLite's `BEGIN IMMEDIATE`).
    pub async fn begin_with(
        &self,
        statement: &'static str,
    ) -> Result<Transaction<'static, Any>, Error> {
        let conn = self.acquire().await?;
        Transaction::begin(MaybePoolConnection::PoolConnection(conn), Some(statement.into())).await
    }

    /// Connections open, parked ones included.
    pub fn size(&self) -> u32 {
        self.shared.sqlx.size()
    }

    /// Connections open and not running anything.
    pub fn num_idle(&self) -> usize {
        self.shared.sqlx.num_idle() + self.lock_parked().len()
    }

    pub fn max_connections(&self) -> u32 {
        self.shared.sqlx.options().get_max_connections()
    }

    pub fn is_closed(&self) -> bool {
        self.shared.sqlx.is_closed()
    }

    /// Closes every connection (parked ones first), waiting for those in use.
    pub async fn close(&self) {
        let parked = std::mem::take(&mut *self.lock_parked());
        for Parked { conn, .. } in parked {
            let _ = conn.close().await;
        }
        self.shared.sqlx.close().await;
    }

    fn lock_parked(&self) -> std::sync::MutexGuard<'_, Vec<Parked>> {
        self.shared.parked.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The most recently parked connection, pinged first if it sat idle long.
    async fn unpark(&self) -> Option<PoolConnection<Any>> {
        loop {
            let Parked { mut conn, since } = self.lock_parked().pop()?;
            if since.elapsed() <= IDLE_BEFORE_PING {
                return Some(conn);
            }
            match conn.ping().await {
                Ok(()) => return Some(conn),
                Err(error) => {
                    tracing::warn!(%error, "a parked database connection is gone; closing it");
                    let _ = conn.close().await;
                }
            }
        }
    }

    async fn lease(&self) -> Result<Lease, Error> {
        let Some(leases) = &self.shared.leases else {
            return Ok(Lease {
                pool: self.clone(),
                conn: Some(self.shared.sqlx.acquire().await?),
                permit: None,
                completed: false,
            });
        };
        let permit =
            tokio::time::timeout(self.shared.acquire_timeout, leases.clone().acquire_owned())
                .await
                .map_err(|_| Error::PoolTimedOut)?
                .map_err(|_| Error::PoolClosed)?;
        let conn = self.acquire().await?;
        Ok(Lease { pool: self.clone(), conn: Some(conn), permit: Some(permit), completed: false })
    }
}

/// A connection lent for one statement.
struct Lease {
    pool: Pool,
    conn: Option<PoolConnection<Any>>,
    /// Released after the connection is parked, so the next waiter finds it.
    permit: Option<OwnedSemaphorePermit>,
    /// Set when the statement ran to completion: the connection is clean to reuse.
    completed: bool,
}

impl Lease {
    fn conn(&mut self) -> &mut sqlx::AnyConnection {
        self.conn.as_mut().expect("a lease holds its connection until dropped")
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        let Some(conn) = self.conn.take() else { return };
        if self.completed && self.permit.is_some() && !self.pool.is_closed() {
            self.pool.lock_parked().push(Parked { conn, since: Instant::now() });
        }
        // Otherwise `conn` drops here: sqlx pings it (or closes it) before reusing it.
        drop(self.permit.take());
    }
}

impl<'p> Executor<'p> for &'_ Pool {
    type Database = Any;

    /// Rows are read whole before the first is yielded (the connection goes back to the park
    /// only after a statement completed): for the bounded reads the API makes, not for
    /// streaming a table.
    fn fetch_many<'e, 'q: 'e, E>(
        self,
        query: E,
    ) -> BoxStream<'e, Result<Either<AnyQueryResult, AnyRow>, Error>>
    where
        E: 'q + Execute<'q, Any>,
    {
        let pool = self.clone();
        stream::once(async move {
            let mut lease = pool.lease().await?;
            let results: Vec<_> = lease.conn().fetch_many(query).try_collect().await?;
            lease.completed = true;
            Ok::<_, Error>(stream::iter(results.into_iter().map(Ok)))
        })
        .try_flatten()
        .boxed()
    }

    fn fetch_optional<'e, 'q: 'e, E>(self, query: E) -> BoxFuture<'e, Result<Option<AnyRow>, Error>>
    where
        E: 'q + Execute<'q, Any>,
    {
        let pool = self.clone();
        async move {
            let mut lease = pool.lease().await?;
            let row = lease.conn().fetch_optional(query).await?;
            lease.completed = true;
            Ok(row)
        }
        .boxed()
    }

    fn prepare_with<'e, 'q: 'e>(
        self,
        sql: &'q str,
        parameters: &'e [AnyTypeInfo],
    ) -> BoxFuture<'e, Result<AnyStatement<'q>, Error>> {
        let pool = self.clone();
        async move {
            let mut lease = pool.lease().await?;
            let statement = lease.conn().prepare_with(sql, parameters).await?;
            lease.completed = true;
            Ok(statement)
        }
        .boxed()
    }

    fn describe<'e, 'q: 'e>(
        self,
        sql: &'q str,
    ) -> BoxFuture<'e, Result<sqlx::Describe<Any>, Error>> {
        let pool = self.clone();
        async move { pool.shared.sqlx.acquire().await?.describe(sql).await }.boxed()
    }
}
