//! PostgreSQL: commit stamps from the server's current snapshot, one read shared by every
//! request that arrived before it began.
//!
//! `pg_current_snapshot()` is the set of transactions a new statement would see as committed:
//! `xmin:xmax:xip` — every transaction id below `xmin` finished, none from `xmax` on finished,
//! and `xip` lists the ones in between still running. A transaction that writes takes an id;
//! when it commits (or aborts) either its id leaves `xip` or `xmax` moves past it. So two equal
//! snapshots mean no write became visible between them, to any session of any instance on any
//! host: the server, not this process, is what they share. Reads take no id and leave it alone;
//! writes to the cluster's other databases change it too (a needless miss, never a stale hit).
//! Visibility, not the write-ahead log's position, is what counts: a commit's WAL record is
//! written before the commit becomes visible, so a position read between the two would file a
//! read that did not see the commit under a stamp that already includes it.
//!
//! Reading the snapshot is a round trip, which is what a signed-in request must not pay each
//! time (issue 24, P8). Requests therefore share reads, without weakening what one promises: a
//! request needs a read that *began after it arrived* (a commit that returned before the
//! request came must be in its stamp), so it never joins a read already under way. It waits for
//! the next one, which takes every request that arrived during the current one. One read at a
//! time; under load each read serves every request that came in during the previous round trip.

use std::{
    sync::{Arc, Mutex, PoisonError},
    time::Duration,
};

use tokio::sync::oneshot;

use crate::db::Pool;

/// Longer than any healthy round trip; then the stamp is unknown ("changed") and the requests
/// waiting read the database themselves.
const READ_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug)]
pub(super) struct Snapshots {
    pool: Pool,
    rounds: Mutex<Rounds>,
    #[cfg(test)]
    reads: std::sync::atomic::AtomicU64,
}

#[derive(Debug, Default)]
struct Rounds {
    /// A task is reading (or about to read) the snapshot for the requests it took.
    reading: bool,
    /// Requests that arrived since the current read began: the next read is theirs.
    waiting: Vec<oneshot::Sender<Option<Arc<str>>>>,
}

impl Snapshots {
    pub(super) fn new(pool: Pool) -> Self {
        Self {
            pool,
            rounds: Mutex::default(),
            #[cfg(test)]
            reads: Default::default(),
        }
    }

    /// The server's snapshot as of a moment after this call began, or `None` if it could not be
    /// read.
    pub(super) async fn current(self: &Arc<Self>) -> Option<Arc<str>> {
        let (answer, answered) = oneshot::channel();
        let start_reader = {
            let mut rounds = self.lock();
            rounds.waiting.push(answer);
            !std::mem::replace(&mut rounds.reading, true)
        };
        if start_reader {
            tokio::spawn(self.clone().read_for_waiting());
        }
        answered.await.ok().flatten()
    }

    /// Reads the snapshot for those waiting, round after round, until none are.
    async fn read_for_waiting(self: Arc<Self>) {
        let mut stopped_early = StoppedEarly(Some(&self));
        loop {
            let batch = {
                let mut rounds = self.lock();
                if rounds.waiting.is_empty() {
                    // Under the lock: whoever comes next sees `reading` false and starts a reader.
                    rounds.reading = false;
                    stopped_early.0 = None;
                    return;
                }
                std::mem::take(&mut rounds.waiting)
            };
            // Taken above, so each of `batch` arrived before this read begins.
            let snapshot = self.read().await;
            for waiter in batch {
                // A request that went away no longer listens.
                let _ = waiter.send(snapshot.clone());
            }
        }
    }

    async fn read(&self) -> Option<Arc<str>> {
        #[cfg(test)]
        self.reads.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let read = sqlx::query_scalar::<_, String>("select pg_current_snapshot()::text")
            .fetch_one(&self.pool);
        match tokio::time::timeout(READ_TIMEOUT, read).await {
            Ok(Ok(snapshot)) => Some(snapshot.into()),
            Ok(Err(error)) => {
                tracing::warn!(%error, "reading the database's snapshot failed");
                None
            }
            Err(_) => {
                tracing::warn!("reading the database's snapshot timed out");
                None
            }
        }
    }

    #[cfg(test)]
    pub(super) fn reads(&self) -> u64 {
        self.reads.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Rounds> {
        self.rounds.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The reader dropped mid-round (its runtime shut down, or it panicked): the requests it held
/// and those waiting are answered "unknown" by their channels closing, and the next request
/// starts a new reader.
struct StoppedEarly<'a>(Option<&'a Snapshots>);

impl Drop for StoppedEarly<'_> {
    fn drop(&mut self) {
        if let Some(snapshots) = self.0 {
            let mut rounds = snapshots.lock();
            rounds.reading = false;
            rounds.waiting.clear();
        }
    }
}
