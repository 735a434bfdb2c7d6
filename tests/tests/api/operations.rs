//! Operating an installation (issue 25): migrations as their own step, backup and restore
//! with the personal-data key kept apart. Real `ketang` processes on SQLite, and on
//! PostgreSQL (pg_dump/pg_restore) when the suite runs there.

use std::process::Output;

use ketang_tests::{
    EmptyDatabase, ServerProcess, TestApp, ketang_binary, on_postgres, png, sha256_hex,
    spawn_app_with,
};
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
    let (token, sealed) = a_student_with_an_id_number(&app).await;
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
    let (new_token, _) = sign_in(&server, OWNER).await;
    let full: Value = client
        .get(server.url(&sealed.student_path))
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

/// Where the arranged student is, and the body that created it (sending it again is a duplicate).
struct SealedStudent {
    students: String,
    student: Value,
    student_path: String,
}

/// The owner's org with a class and a student whose ID number and mobile are sealed; the
/// owner's access token.
async fn a_student_with_an_id_number(app: &TestApp) -> (String, SealedStudent) {
    let token = app.signed_in_user(OWNER).await["access_token"].as_str().unwrap().to_owned();
    let org: Value = app
        .create_org(
            &token,
            &json!({"name": "三亚运维有限公司", "uscc": "91460200MA5T8XY10H", "legal_representative": "张三"}),
        )
        .await;
    let classes = format!("/api/v1/orgs/{}/classes", org["id"].as_str().unwrap());
    let post = |path: String, body: Value| {
        let request = app.post_json(&path, &body).bearer_auth(&token);
        async move { request.send().await.unwrap().json::<Value>().await.unwrap() }
    };
    let class = post(
        classes.clone(),
        json!({"name": "运维班", "class_type_code": "enterprise_staff",
               "training_mode": "live", "platform": "dingtalk"}),
    )
    .await;
    let students = format!("{classes}/{}/students", class["id"].as_str().unwrap());
    let student = json!({"name": "运维学员", "gender": "male", "resident_id": RESIDENT_ID,
                         "mobile": "13912340001", "education": "本科"});
    let created = post(students.clone(), student.clone()).await;
    let student_path = format!("{students}/{}", created["id"].as_str().unwrap());
    (token, SealedStudent { students, student, student_path })
}

/// Signs `phone` in on a server process by SMS (sandbox); its access and refresh tokens.
async fn sign_in(server: &ServerProcess, phone: &str) -> (String, String) {
    let client = reqwest::Client::new();
    let sent = client
        .post(server.url("/api/v1/auth/sms-codes"))
        .json(&json!({"phone": phone, "purpose": "login"}))
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 202, "{}", sent.text().await.unwrap());
    let code: Value = client
        .get(server.url(&format!("/sandbox/sms/last?phone={phone}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let session: Value = client
        .post(server.url("/api/v1/auth/sign-in/sms"))
        .json(&json!({"phone": phone, "code": code["code"], "agree_terms": true,
                      "token_delivery": "body"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token =
        |name: &str| session[name].as_str().unwrap_or_else(|| panic!("{session}")).to_owned();
    (token("access_token"), token("refresh_token"))
}

#[tokio::test]
async fn rotating_the_personal_data_key_reseals_everything_and_the_old_key_reads_until_then() {
    let old_key = base64_of(&[3u8; 32]);
    let new_key = base64_of(&[4u8; 32]);
    let app = spawn_app_with({
        let old_key = old_key.clone();
        move |s| {
            s.jobs.enabled = false;
            s.pii.key = Some(old_key.into());
        }
    })
    .await;
    let (_, sealed) = a_student_with_an_id_number(&app).await;
    let (students, student, student_path) = (sealed.students, sealed.student, sealed.student_path);
    let registered = app
        .register_member(&json!({
            "unit_name": "海南轮换协会会员单位", "uscc": "91460100MA5TDEM1XD", "legal_rep_name": "王法人",
            "legal_rep_mobile": "13600000000", "contact_name": "李联系",
            "contact_mobile": "13912345678", "user_type_id": "ut-enterprise",
            "password": "Member#2026", "password_confirmation": "Member#2026", "agree_charter": true
        }))
        .await;
    assert_eq!(registered.status(), 201);
    app.forget_sms_interval(OWNER).await;
    let data_dir = app.settings.data_dir.clone();
    let url = app.settings.database.url.as_ref().unwrap().expose_secret().to_owned();
    let full_id = |server: &ServerProcess, token: &str| {
        let request = reqwest::Client::new().get(server.url(&student_path)).bearer_auth(token);
        async move {
            request.send().await.unwrap().json::<Value>().await.unwrap()["resident_id_full"].clone()
        }
    };

    // Servers given the new key and the old one read what the old key sealed.
    let both =
        [("KETANG_PII__KEY", new_key.as_str()), ("KETANG_PII__PREVIOUS_KEY", old_key.as_str())];
    {
        let server = ServerProcess::start(&data_dir, &url, &both).await;
        let (token, _) = sign_in(&server, OWNER).await;
        assert_eq!(full_id(&server, &token).await, RESIDENT_ID);
    }

    // The rotation needs the previous key named, and re-seals every value.
    let without_previous =
        ketang(&["pii", "rotate"], &data_dir, &url, &[("KETANG_PII__KEY", &new_key)]);
    assert!(!without_previous.status.success(), "{}", text(&without_previous));
    let rotated = ketang(&["pii", "rotate"], &data_dir, &url, &both);
    assert!(rotated.status.success(), "{}", text(&rotated));
    assert!(text(&rotated).contains("students: 2 values re-sealed"), "{}", text(&rotated));
    assert!(text(&rotated).contains("memberships: 2 values re-sealed"), "{}", text(&rotated));
    let sealed: String = sqlx::query_scalar("select resident_id_encrypted from students")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let key_of = |text: &str| -> [u8; 32] {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.decode(text).unwrap().try_into().unwrap()
    };
    assert!(ketang::pii::PiiCipher::new(&key_of(&old_key)).decrypt(&sealed).is_err());
    assert_eq!(
        ketang::pii::PiiCipher::new(&key_of(&new_key)).decrypt(&sealed).unwrap(),
        RESIDENT_ID
    );

    // Servers with the new key alone: values read, and the keyed hashes still find them (the
    // same student is a duplicate; the member's contact mobile finds its registration).
    let server = ServerProcess::start(&data_dir, &url, &[("KETANG_PII__KEY", &new_key)]).await;
    app.forget_sms_interval(OWNER).await;
    let (token, _) = sign_in(&server, OWNER).await;
    assert_eq!(full_id(&server, &token).await, RESIDENT_ID);
    let client = reqwest::Client::new();
    let again =
        client.post(server.url(&students)).bearer_auth(&token).json(&student).send().await.unwrap();
    assert_eq!(again.status(), 409, "{}", again.text().await.unwrap());
    let status = client
        .post(server.url("/api/v1/memberships/status"))
        .json(&json!({"account": "13912345678"}))
        .send()
        .await
        .unwrap();
    assert_eq!(status.status(), 200, "{}", status.text().await.unwrap());
}

#[tokio::test]
async fn rotating_the_signing_key_keeps_sessions_while_the_previous_key_is_accepted() {
    let database = EmptyDatabase::create().await;
    let data_dir = tempfile::tempdir().unwrap();
    let (old, new) = (
        "old-signing-key-4f8a9c2e7b1d6e3f0a5c8b2d9e4f7a1c",
        "new-signing-key-9d3e7a1f5c8b2e6d0f4a9c3b7e1d5a8f",
    );
    let phone = "13700000021";
    let (old_token, refresh) = {
        let server = ServerProcess::start(
            data_dir.path(),
            &database.url(),
            &[("KETANG_AUTH__JWT_SECRET", old)],
        )
        .await;
        sign_in(&server, phone).await
    };
    let me = |server: &ServerProcess, token: &str| {
        let request = reqwest::Client::new().get(server.url("/api/v1/me")).bearer_auth(token);
        async move { request.send().await.unwrap().status().as_u16() }
    };

    // Rotating: new key signs, the old one is accepted, stored hashes keep the old key.
    let rotating = [
        ("KETANG_AUTH__JWT_SECRET", new),
        ("KETANG_AUTH__JWT_PREVIOUS_SECRET", old),
        ("KETANG_AUTH__HASH_KEY", old),
    ];
    let new_token = {
        let server = ServerProcess::start(data_dir.path(), &database.url(), &rotating).await;
        assert_eq!(me(&server, &old_token).await, 200, "a token of the old key still works");
        let refreshed: Value = reqwest::Client::new()
            .post(server.url("/api/v1/auth/refresh"))
            .json(&json!({"refresh_token": refresh}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let token = refreshed["access_token"].as_str().unwrap_or_else(|| panic!("{refreshed}"));
        assert_eq!(me(&server, token).await, 200);
        token.to_owned()
    };

    // Rotated: the previous key dropped; its tokens are refused, the new ones work.
    let server = ServerProcess::start(
        data_dir.path(),
        &database.url(),
        &[("KETANG_AUTH__JWT_SECRET", new), ("KETANG_AUTH__HASH_KEY", old)],
    )
    .await;
    assert_eq!(me(&server, &old_token).await, 401);
    assert_eq!(me(&server, &new_token).await, 200);
}
