//! The `ketang` command: loads settings, sets up logging, and runs the server (default) or
//! one of the operator commands.
#![forbid(unsafe_code)]

use std::io::Write;

use anyhow::Context;
use clap::{Parser, Subcommand};
use ketang::{
    config::{ConfigSources, Settings},
    db::{ConnectOptions, Db},
    startup::Application,
    telemetry,
};

/// mimalloc instead of glibc's malloc: under a flood of short requests glibc's per-thread arenas
/// (the database workers', the blocking pool's) kept hundreds of MB of freed memory
/// (`bench/password_flood.sh`: 37 → 481 MB from one address, → 880 MB from many).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Debug, Parser)]
#[command(name = "ketang", version, about = "Ketang service platform")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the server (the default command).
    Serve {
        /// Insert the demo data first (idempotent).
        #[arg(long)]
        demo: bool,
        /// Do not apply migrations (`ketang migrate` ran them); refuse an older schema.
        /// Same as `database.migrate_on_start = false`.
        #[arg(long)]
        no_migrate: bool,
    },
    /// Print the OpenAPI document as YAML.
    Openapi,
    /// Apply database migrations and exit.
    Migrate,
    /// Print the settings in force, secrets redacted.
    Config,
    /// Back up the database and the local media folder into a new folder (online: the
    /// server may keep running). The personal-data key is not included: keep it apart.
    Backup {
        /// A folder that does not exist yet (or is empty).
        dir: std::path::PathBuf,
    },
    /// Restore a backup into the configured database and media folder (the server stopped).
    Restore {
        dir: std::path::PathBuf,
        /// Replace an existing database (SQLite: kept aside as `….before-restore`).
        #[arg(long)]
        replace: bool,
    },
    /// Personal data at rest.
    Pii {
        #[command(subcommand)]
        command: PiiCommand,
    },
    /// Platform operators.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
}

#[derive(Debug, Subcommand)]
enum PiiCommand {
    /// Re-seal all personal data under `KETANG_PII__KEY`, reading what
    /// `KETANG_PII__PREVIOUS_KEY` sealed; one transaction.
    Rotate,
}

#[derive(Debug, Subcommand)]
enum AdminCommand {
    /// Make the account of a phone a platform operator (creating the account if needed); it
    /// signs in by SMS like anyone. There is no default password, ever.
    Create {
        /// Mainland mobile number.
        #[arg(long)]
        phone: String,
        /// `super`, `reviewer` or `auditor`.
        #[arg(long, default_value = "super")]
        role: String,
    },
}

/// One thread for the main task (start-up, the jobs worker, signals): the HTTP workers run on
/// their own threads, and every extra runtime thread kept its own allocator arena (bench P6).
#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command.unwrap_or(Command::Serve { demo: false, no_migrate: false }) {
        Command::Openapi => {
            let yaml = ketang::routes::spec_yaml()?;
            std::io::stdout().write_all(yaml.as_bytes())?;
            Ok(())
        }
        Command::Admin { command: AdminCommand::Create { phone, role } } => {
            let settings = load_settings()?;
            telemetry::init(settings.log_format(), &settings.log.level);
            let db = connect(&settings).await?;
            db.migrate().await?;
            let user_id = ketang::auth::admin::create_admin(&db, &phone, &role).await?;
            writeln!(
                std::io::stdout(),
                "{phone} is now a platform operator ({role}); user id {user_id}"
            )?;
            Ok(())
        }
        Command::Config => {
            let settings = load_settings()?;
            writeln!(std::io::stdout(), "{}", settings.redacted())?;
            Ok(())
        }
        Command::Backup { dir } => {
            let settings = load_settings()?;
            telemetry::init(settings.log_format(), &settings.log.level);
            let db = connect(&settings).await?;
            let manifest = ketang::ops::backup::backup(&settings, &db, &dir).await?;
            writeln!(
                std::io::stdout(),
                "backed up the {} database (schema {}) and media ({}) into {}\n\
                 The personal-data key is not in the backup (fingerprint {}): keep \
                 KETANG_PII__KEY safe apart from it; without it the ID numbers and phones \
                 cannot be read.",
                manifest.database,
                manifest.schema_version,
                manifest.media,
                dir.display(),
                manifest.pii_key_fingerprint
            )?;
            Ok(())
        }
        Command::Restore { dir, replace } => {
            let settings = load_settings()?;
            telemetry::init(settings.log_format(), &settings.log.level);
            let manifest = ketang::ops::backup::restore(&settings, &dir, replace).await?;
            writeln!(
                std::io::stdout(),
                "restored the backup of {} (schema {}); run `ketang migrate` if this version \
                 is newer, then start the server",
                manifest.created_at,
                manifest.schema_version
            )?;
            Ok(())
        }
        Command::Pii { command: PiiCommand::Rotate } => {
            let settings = load_settings()?;
            telemetry::init(settings.log_format(), &settings.log.level);
            let previous = settings.pii_previous_key()?.context(
                "set KETANG_PII__PREVIOUS_KEY to the key in use and KETANG_PII__KEY to the new one",
            )?;
            let key = settings.pii_key()?;
            anyhow::ensure!(key != previous, "the new and the previous key are the same");
            let db = connect(&settings).await?;
            db.require_migrated().await?;
            let cipher = ketang::pii::PiiCipher::rotating(&key, Some(previous));
            let report = ketang::ops::pii_rotation::rotate(&db, &cipher).await?;
            let mut out = std::io::stdout();
            for (table, count) in report {
                writeln!(out, "{table}: {count} values re-sealed")?;
            }
            writeln!(
                out,
                "Every value is now sealed under the new key. Remove KETANG_PII__PREVIOUS_KEY \
                 from the servers' settings, keep the old key until the backups made with it \
                 have expired, and make a new backup."
            )?;
            Ok(())
        }
        Command::Migrate => {
            let settings = load_settings()?;
            telemetry::init(settings.log_format(), &settings.log.level);
            let db = connect(&settings).await?;
            db.migrate().await?;
            tracing::info!("migrations applied");
            Ok(())
        }
        Command::Serve { demo, no_migrate } => {
            let settings = load_settings()?;
            telemetry::init(settings.log_format(), &settings.log.level);
            settings.jwt_secret().context("access-token key")?;
            let db = connect(&settings).await?;
            if no_migrate || !settings.database.migrate_on_start {
                db.require_migrated().await?;
            } else {
                db.migrate().await?;
            }
            let app = Application::build_with_db(settings, db)?;
            if demo {
                ketang::demo::seed(app.state()).await?;
            }
            app.run_until_stopped().await.context("server")?;
            tracing::info!("stopped");
            Ok(())
        }
    }
}

/// Settings from `ketang.toml` and the environment, refused when unsafe for the profile.
fn load_settings() -> anyhow::Result<Settings> {
    let settings = Settings::load(&ConfigSources::from_process())?;
    settings.check_profile()?;
    Ok(settings)
}

async fn connect(settings: &Settings) -> anyhow::Result<Db> {
    Db::connect(&ConnectOptions::from_settings(settings)).await
}
