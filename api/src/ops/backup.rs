//! `ketang backup <dir>` and `ketang restore <dir>`: the database, the local media folder and a
//! manifest, restorable on a new machine.
//!
//! SQLite is copied online with `VACUUM INTO` (a consistent snapshot while the server keeps
//! serving); PostgreSQL with the server's own `pg_dump`/`pg_restore` (custom format), the
//! connection given to them through libpq's environment rather than the command line (which
//! other local users can read). Media in an S3 bucket is not copied: the manifest says which
//! bucket to back up with the provider's own versioning or replication.
//!
//! The personal-data key is never written into a backup: whoever holds the backup would hold
//! the data. The manifest keeps the key's fingerprint instead, and a restore under another key
//! is refused — its ID numbers and phones could not be read.

use std::{
    path::{Path, PathBuf},
    process::Command,
};

use anyhow::{Context, bail, ensure};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};

use crate::{
    config::Settings,
    db::{Db, Dialect},
    pii::PiiCipher,
};

const MANIFEST: &str = "ketang-backup.json";
const SQLITE_FILE: &str = "ketang.db";
const POSTGRES_FILE: &str = "ketang.pgdump";
const MEDIA_DIR: &str = "media";

#[derive(Debug, Serialize, Deserialize)]
pub struct Manifest {
    /// The layout of this folder; a restore refuses a format it does not know.
    pub format: u32,
    pub created_at: String,
    pub ketang_version: String,
    /// `sqlite` or `postgres`.
    pub database: String,
    /// The latest migration applied to the copied database.
    pub schema_version: i64,
    /// `media/` (copied), or the S3 bucket that holds the files (not copied).
    pub media: String,
    /// Identifies the personal-data key the data is sealed with (not the key).
    pub pii_key_fingerprint: String,
}

/// Writes a backup of the database `db` (and the local media) into `dir`, which must not
/// exist or be empty.
pub async fn backup(settings: &Settings, db: &Db, dir: &Path) -> anyhow::Result<Manifest> {
    prepare_empty_dir(dir)?;
    let schema_version = super::store::schema_version(db)
        .await
        .context("read the schema version (is this a Ketang database?)")?;
    let database = match db.dialect {
        Dialect::Sqlite => {
            let target = dir.join(SQLITE_FILE);
            let target = target.to_str().context("the backup folder's path is not UTF-8")?;
            super::store::vacuum_into(db, target)
                .await
                .context("copy the SQLite database (VACUUM INTO)")?;
            "sqlite"
        }
        Dialect::Postgres => {
            let target = dir.join(POSTGRES_FILE);
            run(
                pg_command("pg_dump", &settings.database_url())?
                    .args(["--format=custom", "--no-owner", "--no-privileges", "--file"])
                    .arg(&target),
                "pg_dump",
            )?;
            "postgres"
        }
    };
    let media = match &settings.media.s3 {
        Some(s3) => {
            format!("s3://{} (not copied: back the bucket up with its provider)", s3.bucket)
        }
        None => {
            let source = settings.data_dir.join(MEDIA_DIR);
            if source.is_dir() {
                copy_tree(&source, &dir.join(MEDIA_DIR))?;
            }
            format!("{MEDIA_DIR}/")
        }
    };
    let manifest = Manifest {
        format: 1,
        created_at: crate::db::rfc3339(crate::db::now_ms()),
        ketang_version: env!("CARGO_PKG_VERSION").to_owned(),
        database: database.to_owned(),
        schema_version,
        media,
        pii_key_fingerprint: fingerprint(settings)?,
    };
    std::fs::write(dir.join(MANIFEST), serde_json::to_vec_pretty(&manifest)?)
        .context("write the manifest")?;
    Ok(manifest)
}

/// Restores the backup in `dir` into the configured database and media folder. The server
/// must be stopped. The database must be new (an SQLite file that does not exist, a
/// PostgreSQL database without Ketang's tables) unless `replace`, which keeps an SQLite file
/// aside as `….before-restore` and empties a PostgreSQL database first.
pub async fn restore(settings: &Settings, dir: &Path, replace: bool) -> anyhow::Result<Manifest> {
    let manifest: Manifest =
        serde_json::from_slice(&std::fs::read(dir.join(MANIFEST)).with_context(|| {
            format!("{} has no {MANIFEST}: not a Ketang backup", dir.display())
        })?)
        .context("read the manifest")?;
    ensure!(manifest.format == 1, "backup format {} is not known to this version", manifest.format);
    ensure!(
        manifest.pii_key_fingerprint == fingerprint(settings)?,
        "this backup's personal data was sealed with another personal-data key (fingerprint {}): \
         with this key its ID numbers and phones could not be read. Set KETANG_PII__KEY to the \
         key of the installation the backup came from",
        manifest.pii_key_fingerprint
    );
    let url = settings.database_url();
    let dialect = Dialect::of_url(url.expose_secret())?;
    match (dialect, manifest.database.as_str()) {
        (Dialect::Sqlite, "sqlite") => restore_sqlite(url.expose_secret(), dir, replace)?,
        (Dialect::Postgres, "postgres") => restore_postgres(settings, dir, replace).await?,
        (_, other) => bail!("the backup holds a {other} database, the settings name another kind"),
    }
    if manifest.media.starts_with(MEDIA_DIR) && dir.join(MEDIA_DIR).is_dir() {
        copy_tree(&dir.join(MEDIA_DIR), &settings.data_dir.join(MEDIA_DIR))?;
    }
    Ok(manifest)
}

fn restore_sqlite(url: &str, dir: &Path, replace: bool) -> anyhow::Result<()> {
    let target = sqlite_path(url)?;
    if target.exists() {
        ensure!(
            replace,
            "{} exists; restore into a new path, or pass --replace (it is kept as \
             ….before-restore)",
            target.display()
        );
        let aside = PathBuf::from(format!("{}.before-restore", target.display()));
        std::fs::rename(&target, &aside)
            .with_context(|| format!("move {} aside", target.display()))?;
    }
    // A stale write-ahead log beside the restored file would be replayed into it.
    for suffix in ["-wal", "-shm"] {
        let stale = PathBuf::from(format!("{}{suffix}", target.display()));
        if stale.exists() {
            std::fs::remove_file(&stale).with_context(|| format!("remove {}", stale.display()))?;
        }
    }
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::copy(dir.join(SQLITE_FILE), &target)
        .with_context(|| format!("copy the database to {}", target.display()))?;
    Ok(())
}

async fn restore_postgres(settings: &Settings, dir: &Path, replace: bool) -> anyhow::Result<()> {
    let url = settings.database_url();
    let db = Db::connect(&crate::db::ConnectOptions::from_settings(settings)).await?;
    let ours = super::store::holds_migrations(&db).await?;
    db.pool.close().await;
    ensure!(
        !ours || replace,
        "the database already holds Ketang's tables; restore into a new database, or pass \
         --replace to empty it first"
    );
    let mut restore = pg_command("pg_restore", &url)?;
    // pg_restore connects only when told a database name (the rest comes from the environment).
    let name = decode(url::Url::parse(url.expose_secret())?.path().trim_start_matches('/'));
    restore.arg(format!("--dbname={name}"));
    restore.args(["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]);
    if replace {
        restore.args(["--clean", "--if-exists"]);
    }
    run(restore.arg(dir.join(POSTGRES_FILE)), "pg_restore")
}

/// `pg_dump`/`pg_restore` with the connection in libpq's environment variables.
fn pg_command(program: &str, url: &secrecy::SecretString) -> anyhow::Result<Command> {
    let url = url::Url::parse(url.expose_secret()).context("the PostgreSQL URL")?;
    let mut command = Command::new(program);
    command.env("PGHOST", url.host_str().unwrap_or("localhost"));
    command.env("PGPORT", url.port().unwrap_or(5432).to_string());
    if !url.username().is_empty() {
        command.env("PGUSER", decode(url.username()));
    }
    if let Some(password) = url.password() {
        command.env("PGPASSWORD", decode(password));
    }
    command.env("PGDATABASE", decode(url.path().trim_start_matches('/')));
    for (key, value) in url.query_pairs() {
        if key == "sslmode" {
            command.env("PGSSLMODE", value.as_ref());
        }
    }
    Ok(command)
}

fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

fn run(command: &mut Command, name: &str) -> anyhow::Result<()> {
    let output = command.output().with_context(|| {
        format!("run {name} (install PostgreSQL's client programs, of the server's version)")
    })?;
    ensure!(
        output.status.success(),
        "{name} failed ({}): {}",
        output.status,
        String::from_utf8_lossy(&output.stderr).trim()
    );
    Ok(())
}

/// `sqlite:///abs/path.db?mode=rwc` → `/abs/path.db`.
fn sqlite_path(url: &str) -> anyhow::Result<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .context("not an SQLite URL")?;
    let path = rest.split('?').next().unwrap_or_default();
    ensure!(!path.is_empty() && path != ":memory:", "an in-memory database cannot be restored");
    Ok(PathBuf::from(path))
}

fn fingerprint(settings: &Settings) -> anyhow::Result<String> {
    let cipher = PiiCipher::new(&settings.pii_key()?);
    Ok(cipher.hash("backup key fingerprint", "ketang")[..16].to_owned())
}

fn prepare_empty_dir(dir: &Path) -> anyhow::Result<()> {
    if dir.exists() {
        ensure!(
            std::fs::read_dir(dir)?.next().is_none(),
            "{} is not empty: back up into a new folder",
            dir.display()
        );
    }
    std::fs::create_dir_all(dir).with_context(|| format!("create {}", dir.display()))
}

/// Copies the files under `from` into `to` (keeping files already there with the same name:
/// media files are named by their content hash, so equal names hold equal bytes).
fn copy_tree(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("create {}", to.display()))?;
    for entry in std::fs::read_dir(from).with_context(|| format!("read {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        let kind = entry.file_type()?;
        if kind.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else if kind.is_file() && !target.exists() {
            std::fs::copy(entry.path(), &target)
                .with_context(|| format!("copy {}", entry.path().display()))?;
        }
    }
    Ok(())
}
