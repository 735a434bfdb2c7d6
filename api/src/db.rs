//! The database boundary: one `Db` for SQLite and PostgreSQL through sqlx's `Any` driver.
//!
//! Queries are written once in portable SQL (`$1`, `returning`, `on conflict`) against the
//! portable schema (TEXT ids, BIGINT epoch-ms times and fen, SMALLINT flags). Where the two
//! engines truly differ, `Dialect` is the one switch, kept here. Migrations live in
//! `migrations/{sqlite,postgres}` with the same numbering and are embedded in the binary.

use std::{str::FromStr, time::Duration};

use anyhow::Context;
use secrecy::{ExposeSecret, SecretString};
use sqlx::{
    Connection, Executor,
    any::{AnyConnectOptions, AnyPoolOptions},
    migrate::Migrator,
};

mod commits;
mod pool;
pub use commits::{CommitStamp, Commits};
use pool::IDLE_BEFORE_PING;
pub use pool::Pool;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    pub fn of_url(url: &str) -> anyhow::Result<Self> {
        if url.starts_with("sqlite:") {
            Ok(Dialect::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Dialect::Postgres)
        } else {
            anyhow::bail!("unsupported database URL scheme (use sqlite:// or postgres://)")
        }
    }

    /// Row locking for a claim or a read-modify-write: SQLite serialises writers already.
    pub fn for_update_skip_locked(self) -> &'static str {
        match self {
            Dialect::Sqlite => "",
            Dialect::Postgres => "for update skip locked",
        }
    }

    fn migrator(self) -> &'static Migrator {
        match self {
            Dialect::Sqlite => &SQLITE_MIGRATIONS,
            Dialect::Postgres => &POSTGRES_MIGRATIONS,
        }
    }
}

/// One connection, or a transaction's (`&mut *tx`): what a store function that must run inside
/// its caller's transaction takes.
pub type Conn = sqlx::AnyConnection;

/// The connection pool and the engine behind it. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Db {
    pub pool: Pool,
    pub dialect: Dialect,
    /// Whether anything was committed since a moment (SQLite in WAL mode; see `commits`).
    pub commits: Commits,
}

#[derive(Debug, Clone)]
pub struct ConnectOptions {
    pub url: SecretString,
    pub max_connections: u32,
    pub acquire_timeout: Duration,
}

impl ConnectOptions {
    /// The database the settings name, with their pool limits.
    pub fn from_settings(settings: &crate::config::Settings) -> Self {
        Self {
            url: settings.database_url(),
            max_connections: settings.database.max_connections,
            acquire_timeout: Duration::from_secs(settings.database.acquire_timeout_secs),
        }
    }
}

impl Db {
    /// Connects (creating the SQLite file and its folder if needed) without migrating.
    pub async fn connect(options: &ConnectOptions) -> anyhow::Result<Self> {
        sqlx::any::install_default_drivers();
        let url = options.url.expose_secret();
        let dialect = Dialect::of_url(url)?;
        if dialect == Dialect::Sqlite {
            create_sqlite_parent_dir(url)?;
        }
        let connect_options = AnyConnectOptions::from_str(url).context("parse database URL")?;
        // sqlx pings every connection it hands out by default: a second round trip (a network
        // one on PostgreSQL, a worker-thread hand-off on SQLite) for every statement (issue 24,
        // P8; the ping on the way back is avoided by `Pool`). A connection that sat idle long
        // enough for the server or a proxy to drop it is still pinged before use.
        let mut pool_options = AnyPoolOptions::new()
            .max_connections(options.max_connections)
            .acquire_timeout(options.acquire_timeout)
            .test_before_acquire(false)
            .before_acquire(|conn, meta| {
                Box::pin(async move {
                    if meta.idle_for > IDLE_BEFORE_PING {
                        conn.ping().await?;
                    }
                    Ok(true)
                })
            });
        if dialect == Dialect::Sqlite {
            // WAL lets readers proceed during a write; the busy timeout queues writers instead
            // of failing them; foreign keys are off by default in SQLite. A 16 MB page cache
            // (default 2 MB) holds a 10,000-student import's transaction without spilling it to
            // the WAL twice: 459 → 291 ms (bench P4); it fills only as a connection needs it.
            // Statement journals (a multi-row insert's undo inside a transaction) and temporary
            // sort trees stay in memory instead of temporary files written through the kernel:
            // a fifth of that import's time was those writes.
            // The write-ahead log is copied back into the database file by `checkpoint_wal`
            // in the background, not by whichever commit passes 1,000 pages (a 10,000-student
            // import then waited ~20 ms for it, bench P4); 25,000 pages (100 MB) remains as a
            // backstop should that task fall behind (at 10,000, back-to-back imports still
            // reached it).
            pool_options = pool_options.after_connect(|conn, _meta| {
                Box::pin(async move {
                    conn.execute(
                        "pragma journal_mode = wal; pragma synchronous = normal; \
                         pragma foreign_keys = on; pragma busy_timeout = 5000; pragma cache_size = -16000; \
                         pragma temp_store = memory; pragma wal_autocheckpoint = 25000;",
                    )
                    .await?;
                    Ok(())
                })
            });
        }
        let pool =
            pool_options.connect_with(connect_options).await.context("connect to the database")?;
        let pool = Pool::new(pool, options.acquire_timeout);
        let commits = match (dialect, sqlite_path(url)) {
            (Dialect::Sqlite, Some(path)) => {
                // The stamps are the WAL index's: only a database in WAL mode keeps one current.
                let journal_mode: String =
                    sqlx::query_scalar("pragma journal_mode").fetch_one(&pool).await?;
                if journal_mode.eq_ignore_ascii_case("wal") {
                    Commits::of_wal_database(path)
                } else {
                    Commits::untracked()
                }
            }
            (Dialect::Sqlite, None) => Commits::untracked(),
            (Dialect::Postgres, _) => Commits::of_postgres(pool.clone()),
        };
        Ok(Self { pool, dialect, commits })
    }

    /// Applies the migrations of this engine that have not run yet.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        self.dialect.migrator().run(self.pool.sqlx()).await.context("apply database migrations")?;
        Ok(())
    }

    /// Refuses a database whose schema is older than this build's (a migration not applied),
    /// for a server started without migrating: its queries would fail one by one instead.
    pub async fn require_migrated(&self) -> anyhow::Result<()> {
        let migrator = self.dialect.migrator();
        let applied: Vec<i64> =
            sqlx::query_scalar("select version from _sqlx_migrations where success = true")
                .fetch_all(&self.pool)
                .await
                .unwrap_or_default();
        let pending: Vec<String> = migrator
            .iter()
            .filter(|m| !applied.contains(&m.version))
            .map(|m| format!("{} {}", m.version, m.description))
            .collect();
        anyhow::ensure!(
            pending.is_empty(),
            "the database lacks {} migration(s) of this version ({}); run `ketang migrate` \
             once, then start the servers",
            pending.len(),
            pending.join(", ")
        );
        Ok(())
    }

    /// SQLite: copies committed pages from the write-ahead log into the database file every
    /// `every` until `stopped`, so that no request's commit pays for it. A passive checkpoint
    /// never blocks readers or writers; what it cannot copy yet waits for the next round.
    /// Nothing to do on PostgreSQL.
    pub async fn checkpoint_wal(
        self,
        every: Duration,
        mut stopped: tokio::sync::watch::Receiver<bool>,
    ) {
        if self.dialect != Dialect::Sqlite {
            return;
        }
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = ticks.tick() => {}
                _ = stopped.wait_for(|stop| *stop) => return,
            }
            if let Err(error) =
                sqlx::query("pragma wal_checkpoint(passive)").execute(&self.pool).await
            {
                tracing::warn!(%error, "WAL checkpoint");
            }
        }
    }

    /// Readiness: a round trip to the database.
    pub async fn ping(&self) -> anyhow::Result<()> {
        sqlx::query("select 1").execute(&self.pool).await.context("database ping")?;
        Ok(())
    }
}

/// The file of a `sqlite:` URL (`None`: in memory).
fn sqlite_path(url: &str) -> Option<&str> {
    let path =
        url.strip_prefix("sqlite:")?.trim_start_matches("//").split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then_some(path)
}

fn create_sqlite_parent_dir(url: &str) -> anyhow::Result<()> {
    let Some(path) = sqlite_path(url) else {
        return Ok(());
    };
    if let Some(parent) = std::path::Path::new(path).parent().filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("create database folder {}", parent.display()))?;
    }
    Ok(())
}

/// The names of the embedded migrations of each engine, for the twin-folders check.
pub fn migration_names(dialect: Dialect) -> Vec<(i64, String)> {
    dialect.migrator().iter().map(|m| (m.version, m.description.to_string())).collect()
}

impl Db {
    /// Starts a write transaction. On SQLite it takes the write lock at once (`BEGIN
    /// IMMEDIATE`): a deferred transaction that reads and then writes fails with "database is
    /// locked" when another writer committed in between, instead of waiting its turn.
    pub async fn begin(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        match self.dialect {
            Dialect::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Dialect::Postgres => self.pool.begin().await,
        }
    }
}

/// Milliseconds since the Unix epoch, UTC: how every time is stored.
pub fn now_ms() -> i64 {
    let now = time::OffsetDateTime::now_utc();
    i64::try_from(now.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

/// A new primary key: a UUIDv7, so ids sort by creation time.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// An epoch-ms time as RFC 3339 UTC, as the API shows times.
pub fn rfc3339(ms: i64) -> String {
    let nanos = i128::from(ms) * 1_000_000;
    time::OffsetDateTime::from_unix_timestamp_nanos(nanos)
        .ok()
        .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_default()
}

/// Escapes `%`, `_` and `\` for a `like … escape '\'` pattern.
pub fn like_pattern(text: &str) -> String {
    let escaped: String = text
        .trim()
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            other => vec![other],
        })
        .collect();
    format!("%{escaped}%")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_engines_have_the_same_migrations() {
        assert_eq!(migration_names(Dialect::Sqlite), migration_names(Dialect::Postgres));
        assert!(!migration_names(Dialect::Sqlite).is_empty());
    }

    #[test]
    fn times_render_as_rfc3339_utc() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_790_000_000_123), "2026-09-21T14:13:20.123Z");
    }

    #[test]
    fn the_url_scheme_chooses_the_engine() {
        assert_eq!(Dialect::of_url("sqlite://data/k.db").unwrap(), Dialect::Sqlite);
        assert_eq!(Dialect::of_url("postgres://u@h/db").unwrap(), Dialect::Postgres);
        assert!(Dialect::of_url("mysql://u@h/db").is_err());
    }
}
