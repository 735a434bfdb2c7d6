//! Whether anything was committed to the database since a moment: a `CommitStamp` read at the
//! start of a request and compared with the stamp kept values were read under (`cache::Unchanged`).
//!
//! SQLite in WAL mode: a read of the header of its write-ahead-log index (`<database>-shm`),
//! which every commit by any connection of any process updates before the commit returns; no
//! statement. PostgreSQL: the server's current snapshot, one read shared by the requests that
//! arrived while the previous one was under way (`snapshots`). An in-memory SQLite database or
//! one not in WAL mode has no stamps: everything counts as changed.
//!
//! The WAL index is how SQLite itself tells its processes about each other's commits: a shared
//! memory file, mapped by every connection, that begins with two copies of a 48-byte header
//! (<https://www.sqlite.org/walformat.html>, "The WAL-Index Header"). A commit increments the
//! header's change counter and rewrites its frame count and checksums, second copy first;
//! readers take the header only when both copies agree. A checkpoint that restarts the log
//! changes its salts. So two equal reads of the 96 bytes mean no commit happened between them,
//! on this instance or any other (a WAL database is only ever shared by processes of one host:
//! the index is shared memory). An unreadable file or copies that disagree (a commit being
//! written) answer `None`, which callers treat as "changed".
//!
//! A read is a `stat` and a `pread` of 96 bytes (a few microseconds); a statement through
//! sqlx's SQLite driver costs 40–70 µs of CPU in thread hand-offs (issue 24, P8).
//!
//! The file stays open, and this process never closes a descriptor of the index SQLite is
//! using: closing *any* descriptor of a file drops every POSIX lock the process holds on it
//! (fcntl locks belong to the process and the file, not the descriptor), SQLite's included,
//! and another process that then finds the index unlocked rebuilds it under this process's
//! mapped connections (SIGBUS, a corrupt database; sqlite.org/howtocorrupt.html §2.2). A first
//! version opened and closed the file on each read and did exactly that in the test suite. When
//! every connection has closed, SQLite deletes the index and the next connection makes a new
//! one: the `stat` of the path then names another file, which is opened in its place; the old
//! descriptor is closed only then (no connection uses that file any more), and the last one is
//! never closed (dropped with the pool, whose connections may still be closing).

mod snapshots;

use std::{
    fs::File,
    mem::ManuallyDrop,
    os::unix::fs::{FileExt, MetadataExt},
    path::PathBuf,
    sync::{Arc, Mutex},
};

use snapshots::Snapshots;

use super::Pool;

/// Both copies of the WAL-index header.
const HEADER_COPIES: usize = 96;
/// Offset of the header's `isInit` flag (a new, zeroed index is not yet valid).
const IS_INIT: usize = 12;

/// The state of the database's commits at one moment: equal stamps, no commit in between.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitStamp(Stamp);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Stamp {
    WalIndex([u8; HEADER_COPIES]),
    Snapshot(Arc<str>),
}

#[cfg(test)]
impl CommitStamp {
    /// A stamp for tests of what keeps entries by stamp.
    pub(crate) fn for_tests(seed: u8) -> Self {
        Self(Stamp::WalIndex([seed; HEADER_COPIES]))
    }
}

/// Where to read the database's commit stamps. Cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct Commits {
    source: Source,
}

#[derive(Debug, Clone, Default)]
enum Source {
    /// An in-memory SQLite database, or one not in WAL mode.
    #[default]
    Untracked,
    WalIndex(Arc<WalIndex>),
    Snapshots(Arc<Snapshots>),
}

#[derive(Debug)]
struct WalIndex {
    path: PathBuf,
    open: Mutex<Option<Arc<OpenIndex>>>,
}

/// The index file as opened, and which file that is.
#[derive(Debug)]
struct OpenIndex {
    /// Never closed by dropping: see the module's comment.
    file: ManuallyDrop<File>,
    device: u64,
    inode: u64,
}

impl Commits {
    /// Commits of nothing: every `stamp` is `None`.
    pub fn untracked() -> Self {
        Self::default()
    }

    /// The commits of the SQLite database file at `path`, which must be in WAL mode.
    pub fn of_wal_database(path: &str) -> Self {
        let path = PathBuf::from(format!("{path}-shm"));
        Self { source: Source::WalIndex(Arc::new(WalIndex { path, open: Mutex::new(None) })) }
    }

    /// The commits of the PostgreSQL server behind `pool`.
    pub fn of_postgres(pool: Pool) -> Self {
        Self { source: Source::Snapshots(Arc::new(Snapshots::new(pool))) }
    }

    /// The stamp of a moment after this call began, or `None` when it cannot be known (then
    /// assume a change).
    pub async fn stamp(&self) -> Option<CommitStamp> {
        match &self.source {
            Source::Untracked => None,
            Source::WalIndex(index) => index.stamp().map(Stamp::WalIndex).map(CommitStamp),
            Source::Snapshots(snapshots) => {
                snapshots.current().await.map(Stamp::Snapshot).map(CommitStamp)
            }
        }
    }
}

impl WalIndex {
    /// Both copies of the header, when they agree on a valid index.
    fn stamp(&self) -> Option<[u8; HEADER_COPIES]> {
        let index = self.current()?;
        let mut header = [0u8; HEADER_COPIES];
        index.file.read_exact_at(&mut header, 0).ok()?;
        let (first, second) = header.split_at(HEADER_COPIES / 2);
        (first == second && first[IS_INIT] != 0).then_some(header)
    }

    /// The index file now at `path`, opened once.
    fn current(&self) -> Option<Arc<OpenIndex>> {
        let at_path = std::fs::metadata(&self.path).ok()?;
        let mut open = self.open.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(index) = open.as_ref()
            && (index.device, index.inode) == (at_path.dev(), at_path.ino())
        {
            return Some(index.clone());
        }
        let file = File::open(&self.path).ok()?;
        let opened = file.metadata().ok()?;
        let index = Arc::new(OpenIndex {
            file: ManuallyDrop::new(file),
            device: opened.dev(),
            inode: opened.ino(),
        });
        // The previous file is no index any connection uses (SQLite deleted it after the
        // last one closed), so closing it drops no lock that matters. Still held by a reader
        // this instant: left open.
        if let Some(previous) = open.replace(index.clone()).and_then(|p| Arc::try_unwrap(p).ok()) {
            drop(ManuallyDrop::into_inner(previous.file));
        }
        Some(index)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use secrecy::SecretString;

    use crate::db::{ConnectOptions, Db};

    async fn database(dir: &std::path::Path, max_connections: u32) -> Db {
        let url = format!("sqlite://{}/commits.db?mode=rwc", dir.display());
        let options = ConnectOptions {
            url: SecretString::from(url),
            max_connections,
            acquire_timeout: Duration::from_secs(5),
        };
        Db::connect(&options).await.unwrap()
    }

    /// Reads leave the stamp alone; a commit on any connection — here a second pool on the same
    /// file, as another instance would be — changes it before returning, and a rolled-back
    /// write does not.
    #[actix_web::test]
    async fn the_stamp_moves_with_every_commit_and_only_then() {
        let dir = tempfile::tempdir().unwrap();
        let db = database(dir.path(), 2).await;
        let other = database(dir.path(), 1).await;
        sqlx::query("create table t (n bigint)").execute(&db.pool).await.unwrap();
        let before = db.commits.stamp().await.expect("a WAL database has stamps");
        for _ in 0..3 {
            sqlx::query("select count(*) from t").fetch_one(&db.pool).await.unwrap();
            sqlx::query("select count(*) from t").fetch_one(&other.pool).await.unwrap();
        }
        assert_eq!(db.commits.stamp().await.as_ref(), Some(&before), "reads commit nothing");

        let mut tx = other.begin().await.unwrap();
        sqlx::query("insert into t values (1)").execute(&mut *tx).await.unwrap();
        tx.rollback().await.unwrap();
        assert_eq!(db.commits.stamp().await.as_ref(), Some(&before), "a rolled-back write");

        let mut stamps = vec![before];
        for n in 0..5 {
            sqlx::query("insert into t values ($1)").bind(n).execute(&other.pool).await.unwrap();
            let stamp = db.commits.stamp().await.unwrap();
            assert!(!stamps.contains(&stamp), "commit {n} gave a stamp seen before");
            stamps.push(stamp);
        }
        // A checkpoint that restarts the log changes it too.
        sqlx::query("pragma wal_checkpoint(truncate)").execute(&db.pool).await.unwrap();
        sqlx::query("insert into t values (9)").execute(&db.pool).await.unwrap();
        assert!(!stamps.contains(&db.commits.stamp().await.unwrap()), "after a restarted log");
    }

    /// Every connection closed: SQLite deletes the index (no stamp: "changed"), and the next
    /// connection makes a new one, which is read from then on.
    #[actix_web::test]
    async fn a_new_index_file_is_followed() {
        let dir = tempfile::tempdir().unwrap();
        let db = database(dir.path(), 1).await;
        sqlx::query("create table t (n bigint)").execute(&db.pool).await.unwrap();
        let first = db.commits.stamp().await.unwrap();
        let commits = db.commits.clone();
        db.pool.sqlx().close().await;
        assert!(!dir.path().join("commits.db-shm").exists(), "SQLite removed its index");
        assert_eq!(commits.stamp().await, None);

        let again = database(dir.path(), 1).await;
        sqlx::query("insert into t values (1)").execute(&again.pool).await.unwrap();
        let reopened = commits.stamp().await.expect("the new index is read");
        assert_ne!(reopened, first);
        assert_eq!(commits.stamp().await, again.commits.stamp().await, "both read the same file");
        sqlx::query("insert into t values (2)").execute(&again.pool).await.unwrap();
        assert_ne!(commits.stamp().await.unwrap(), reopened, "and follow its commits");
    }

    /// Reading stamps leaves SQLite's locks alone: another process asking for the index's
    /// "dead man switch" byte exclusively — how a connection learns it is the only one and may
    /// rebuild the index — is refused while this process has a connection open. (Opening and
    /// closing the file on each read dropped this process's locks: the test suite then died of
    /// SIGBUS when another process rebuilt the index under its mapped connections.)
    #[actix_web::test]
    async fn reading_stamps_keeps_sqlites_locks() {
        const DEAD_MAN_SWITCH: &str = "128"; // UNIX_SHM_DMS in SQLite's os_unix.c
        let dir = tempfile::tempdir().unwrap();
        let db = database(dir.path(), 1).await;
        sqlx::query("create table t (n bigint)").execute(&db.pool).await.unwrap();
        for _ in 0..3 {
            assert!(db.commits.stamp().await.is_some());
        }
        let index = dir.path().join("commits.db-shm");
        let alone = std::process::Command::new("python3")
            .args(["-c", "import fcntl, sys\n\
                          f = open(sys.argv[1], 'r+b')\n\
                          try:\n    fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, int(sys.argv[2]))\n\
                          except OSError:\n    sys.exit(3)\n"])
            .arg(&index)
            .arg(DEAD_MAN_SWITCH)
            .status()
            .expect("python3 runs");
        assert_eq!(alone.code(), Some(3), "another process could take the index over");
    }

    #[actix_web::test]
    async fn no_stamps_without_a_write_ahead_log() {
        assert_eq!(super::Commits::untracked().stamp().await, None);
        assert_eq!(crate::db::sqlite_path("sqlite::memory:"), None);
        assert_eq!(crate::db::sqlite_path("sqlite://data/k.db?mode=rwc"), Some("data/k.db"));
        assert_eq!(crate::db::sqlite_path("sqlite:///var/lib/k.db"), Some("/var/lib/k.db"));
    }

    /// The PostgreSQL server named by `TEST_DATABASE_URL` (its own database: only temporary
    /// tables are made), or `None` when the tests run on SQLite.
    async fn postgres() -> Option<Db> {
        let url = std::env::var("TEST_DATABASE_URL").ok().filter(|url| !url.is_empty())?;
        let options = ConnectOptions {
            url: SecretString::from(url),
            max_connections: 4,
            acquire_timeout: Duration::from_secs(5),
        };
        Some(Db::connect(&options).await.unwrap())
    }

    /// A commit that returned before a stamp was asked for is always in it, though other
    /// requests keep a snapshot read under way at every moment (the read shared with them must
    /// have begun after the ask); reads change nothing; and many asks share few reads.
    #[actix_web::test]
    async fn postgres_stamps_include_every_commit_before_the_ask() {
        let Some(db) = postgres().await else {
            eprintln!("skipped: TEST_DATABASE_URL is not set");
            return;
        };
        let mut writer = db.pool.acquire().await.unwrap();
        sqlx::query("create temporary table t (n bigint)").execute(&mut *writer).await.unwrap();
        let busy = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
        let askers: Vec<_> = (0..8)
            .map(|_| {
                let (commits, busy) = (db.commits.clone(), busy.clone());
                tokio::spawn(async move {
                    let mut asked = 0u64;
                    while busy.load(std::sync::atomic::Ordering::Relaxed) {
                        commits.stamp().await.expect("a snapshot");
                        asked += 1;
                    }
                    asked
                })
            })
            .collect();

        for n in 0..1000 {
            let before = db.commits.stamp().await.expect("a snapshot");
            sqlx::query("insert into t values ($1)").bind(n).execute(&mut *writer).await.unwrap();
            let after = db.commits.stamp().await.expect("a snapshot");
            assert_ne!(before, after, "commit {n} is missing from a stamp asked for after it");
        }
        // Reads leave it alone (unless another test's writes land between: then ask again).
        let mut unchanged = false;
        for _ in 0..20 {
            let first = db.commits.stamp().await;
            sqlx::query("select count(*) from t").execute(&mut *writer).await.unwrap();
            if first == db.commits.stamp().await {
                unchanged = true;
                break;
            }
        }
        assert!(unchanged, "a read changed the stamp every time");

        busy.store(false, std::sync::atomic::Ordering::Relaxed);
        let mut asked = 2000 + 40;
        for asker in askers {
            asked += asker.await.unwrap();
        }
        let super::Source::Snapshots(snapshots) = &db.commits.source else {
            panic!("PostgreSQL has snapshot stamps")
        };
        assert!(snapshots.reads() < asked, "{} reads for {asked} asks", snapshots.reads());
    }
}
