//! Operating an installation (issue 25): migrations as their own step, backup and restore
//! with the personal-data key kept apart. Real `ketang` processes on SQLite, and on
//! PostgreSQL (pg_dump/pg_restore) when the suite runs there.

use std::process::Output;

use ketang_tests::{
    EmptyDatabase, ServerProcess, ketang_binary, on_postgres, png, sha256_hex, spawn_app_with,
};
use reqwest::Method;
use secrecy::ExposeSecret;
use serde_json::{Value, json};

const OWNER: &str = "13800138000";
const RESIDENT_ID: &str = "110101199003074514";

/// `ketang <args>` with the settings a test server would have, plus `env`.
fn ketang(
    args: &[&str],
    data_dir: &std::path::Path,
    database_url: &str,
    env: &[(&str, &str)],
) -> Output {
    std::process::Command::new(ketang_binary())
        .args(args)
        .env_remove("KETANG_CONFIG")
        .env_remove("DATABASE_URL")
        .env("KETANG_DATA_DIR", data_dir)
        .env("KETANG_DATABASE__URL", database_url)
        .env("KETANG_LOG__LEVEL", "warn")
        .envs(env.iter().copied())
        .output()
        .expect("run ketang")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[tokio::test]
async fn replicas_started_without_migrating_refuse_an_old_schema_until_ketang_migrate_ran() {
    let database = EmptyDatabase::create().await;
    let data_dir = tempfile::tempdir().unwrap();

    // On a database the migrations never ran on, `serve --no-migrate` stops at once and says
    // what to do, rather than serving errors.
    let refused = ketang(&["serve", "--no-migrate"], data_dir.path(), &database.url(), &[]);
    assert!(!refused.status.success());
    assert!(text(&refused).contains("run `ketang migrate`"), "{}", text(&refused));
    let by_setting = ketang(
        &["serve"],
        data_dir.path(),
        &database.url(),
        &[("KETANG_DATABASE__MIGRATE_ON_START", "false")],
    );
    assert!(!by_setting.status.success(), "{}", text(&by_setting));

    let migrated = ketang(&["migrate"], data_dir.path(), &database.url(), &[]);
    assert!(migrated.status.success(), "{}", text(&migrated));
    // Two replicas then start side by side without migrating, and serve.
    let first = ServerProcess::start(
        data_dir.path(),
        &database.url(),
        &[("KETANG_DATABASE__MIGRATE_ON_START", "false")],
    )
    .await;
    let second = ServerProcess::start(
        data_dir.path(),
        &database.url(),
        &[("KETANG_DATABASE__MIGRATE_ON_START", "false")],
    )
    .await;
    for server in [&first, &second] {
        let categories = reqwest::get(server.url("/api/v1/categories")).await.unwrap();
        assert_eq!(categories.status(), 200);
    }
}

#[tokio::test]
async fn a_backup_restores_on_a_new_machine_with_the_same_key_and_is_refused_under_another() {
    // The installation: an org, a class, a student's ID number (sealed) and an uploaded image.
    let app = spawn_app_with(|s| s.jobs.enabled = false).await;
    let token = app.signed_in_user(OWNER).await["access_token"].as_str().unwrap().to_owned();
    let org: Value = app
        .create_org(
            &token,
            &json!({"name": "三亚备份有限公司", "uscc": "91460200MA5T8XY10H", "legal_representative": "张三"}),
        )
        .await;
    let org_id = org["id"].as_str().unwrap();
    let class: Value = app
        .post_json(
            &format!("/api/v1/orgs/{org_id}/classes"),
            &json!({"name": "备份班", "class_type_code": "enterprise_staff",
                    "training_mode": "live", "platform": "dingtalk"}),
        )
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let class_id = class["id"].as_str().unwrap();
    let student: Value = app
        .post_json(
            &format!("/api/v1/orgs/{org_id}/classes/{class_id}/students"),
            &json!({"name": "备份学员", "gender": "male", "resident_id": RESIDENT_ID,
                    "mobile": "13912340001", "education": "本科"}),
        )
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let student_id = student["id"].as_str().unwrap();
    let image = png(386, 240);
    let media = app.upload(&token, "course_cover", &image).await;
    // The new machine's owner signs in by SMS at once (not a minute after the code above).
    app.forget_sms_interval(OWNER).await;
    let data_dir = &app.settings.data_dir;
    let url = app.settings.database.url.as_ref().unwrap().expose_secret().to_owned();
    let key = app.settings.pii_key().unwrap();
    let key = base64_of(&key);

    // Backed up while the server runs.
    let backups = tempfile::tempdir().unwrap();
    let backup_dir = backups.path().join("nightly");
    let backup_dir_text = backup_dir.to_str().unwrap();
    let backed_up =
        ketang(&["backup", backup_dir_text], data_dir, &url, &[("KETANG_PII__KEY", key.as_str())]);
    assert!(backed_up.status.success(), "{}", text(&backed_up));
    assert!(text(&backed_up).contains("KETANG_PII__KEY"), "the key reminder: {}", text(&backed_up));
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(backup_dir.join("ketang-backup.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["database"], if on_postgres() { "postgres" } else { "sqlite" });
    assert!(manifest["schema_version"].as_i64().unwrap() >= 21, "{manifest}");
    // The key is not in the backup, in any file.
    for entry in walk(&backup_dir) {
        let bytes = std::fs::read(&entry).unwrap();
        assert!(
            !bytes.windows(key.len()).any(|w| w == key.as_bytes()),
            "{} holds the personal-data key",
            entry.display()
        );
    }
    // A backup never overwrites another.
    let again =
        ketang(&["backup", backup_dir_text], data_dir, &url, &[("KETANG_PII__KEY", key.as_str())]);
    assert!(!again.status.success(), "{}", text(&again));

    // A new machine with another key: refused, nothing restored.
    let target = EmptyDatabase::create().await;
    let new_dir = tempfile::tempdir().unwrap();
    let other_key = base64_of(&[9u8; 32]);
    let refused = ketang(
        &["restore", backup_dir_text],
        new_dir.path(),
        &target.url(),
        &[("KETANG_PII__KEY", &other_key)],
    );
    assert!(!refused.status.success());
    assert!(text(&refused).contains("another personal-data key"), "{}", text(&refused));
    assert!(!new_dir.path().join("media").exists(), "nothing restored under another key");

    // With the same key: restored, migrated, served — the student's ID number reads back.
    let restored = ketang(
        &["restore", backup_dir_text],
        new_dir.path(),
        &target.url(),
        &[("KETANG_PII__KEY", &key)],
    );
    assert!(restored.status.success(), "{}", text(&restored));
    let migrated =
        ketang(&["migrate"], new_dir.path(), &target.url(), &[("KETANG_PII__KEY", &key)]);
    assert!(migrated.status.success(), "{}", text(&migrated));
    // Restoring twice into the same database is refused without --replace.
    let twice = ketang(
        &["restore", backup_dir_text],
        new_dir.path(),
        &target.url(),
        &[("KETANG_PII__KEY", &key)],
    );
    assert!(!twice.status.success(), "{}", text(&twice));
    assert!(text(&twice).contains("--replace"), "{}", text(&twice));
    let replaced = ketang(
        &["restore", backup_dir_text, "--replace"],
        new_dir.path(),
        &target.url(),
        &[("KETANG_PII__KEY", &key)],
    );
    assert!(replaced.status.success(), "{}", text(&replaced));

    let server =
        ServerProcess::start(new_dir.path(), &target.url(), &[("KETANG_PII__KEY", &key)]).await;
    let client = reqwest::Client::new();
    client
        .post(server.url("/api/v1/auth/sms-codes"))
        .json(&json!({"phone": OWNER, "purpose": "login"}))
        .send()
        .await
        .unwrap();
    let code: Value = client
        .get(server.url(&format!("/sandbox/sms/last?phone={OWNER}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let session: Value = client
        .post(server.url("/api/v1/auth/sign-in/sms"))
        .json(&json!({"phone": OWNER, "code": code["code"], "token_delivery": "body"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let new_token = session["access_token"].as_str().unwrap_or_else(|| panic!("{session}"));
    let full: Value = client
        .request(
            Method::GET,
            server.url(&format!("/api/v1/orgs/{org_id}/classes/{class_id}/students/{student_id}")),
        )
        .bearer_auth(new_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(full["resident_id_full"], RESIDENT_ID, "{full}");
    let served = client.get(server.url(media["url"].as_str().unwrap())).send().await.unwrap();
    assert_eq!(served.status(), 200);
    assert_eq!(sha256_hex(&served.bytes().await.unwrap()), sha256_hex(&image));
}

fn base64_of(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}
