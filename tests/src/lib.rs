//! The black-box test harness: `spawn_app()` starts the real server on a free port with a
//! fresh database — a temp SQLite file, or, when `TEST_DATABASE_URL` is set, a new PostgreSQL
//! database cloned from a migrated template — and sandbox mode on. Tests talk to it over HTTP
//! only; `TestApp::db` is there for arranging rows no endpoint creates yet, and
//! `TestApp::state` for running the app's background jobs on demand.
//!
//! Logs go nowhere unless `TEST_LOG=1`.

use std::{path::PathBuf, sync::LazyLock};

use ketang::{
    config::{ConfigSources, LogFormat, Profile, Settings},
    db::{ConnectOptions, Db},
    startup::Application,
    state::AppState,
};
use reqwest::{Method, RequestBuilder};
use secrecy::SecretString;
use sqlx::{Connection, Executor, PgConnection};

pub struct TestApp {
    /// `http://127.0.0.1:{port}`
    pub address: String,
    pub port: u16,
    /// Keeps cookies; never follows redirects, so tests see them.
    pub client: reqwest::Client,
    pub db: Db,
    pub settings: Settings,
    pub state: AppState,
    server: actix_web::dev::ServerHandle,
    _database: TestDatabase,
}

static TRACING: LazyLock<()> = LazyLock::new(|| {
    if std::env::var_os("TEST_LOG").is_some() {
        ketang::telemetry::init(LogFormat::Pretty, "debug,sqlx=info");
    }
});

/// The settings every test starts from: dev profile, sandbox on, port 0, one worker, no SPA.
pub fn test_settings(data_dir: PathBuf) -> Settings {
    let mut settings = Settings::load(&ConfigSources::defaults_only()).expect("default settings");
    settings.profile = Profile::Dev;
    settings.web.dist_dir = data_dir.join("no-spa");
    settings.data_dir = data_dir;
    settings.server.port = 0;
    settings.server.workers = Some(1);
    settings.server.shutdown_timeout_secs = 2;
    settings.sandbox.enabled = Some(true);
    settings.database.max_connections = 5;
    // The webhook receivers of the tests listen on loopback (the SSRF tests turn this off).
    settings.webhooks.allow_loopback = true;
    // Links the server writes (SSO redirect URIs) point at whatever port it binds.
    settings.web.public_base_url = String::new();
    settings
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Starts the app after `customize` adjusts the test settings.
pub async fn spawn_app_with(customize: impl FnOnce(&mut Settings)) -> TestApp {
    LazyLock::force(&TRACING);
    let data_dir = tempfile::tempdir().expect("temp dir");
    let mut settings = test_settings(data_dir.path().to_path_buf());
    let database = TestDatabase::create(data_dir).await;
    settings.database.url = Some(SecretString::from(database.url()));
    customize(&mut settings);

    let db = Db::connect(&ConnectOptions::from_settings(&settings))
        .await
        .expect("connect the test database");
    db.migrate().await.expect("migrate the test database");
    let application =
        Application::build_with_db(settings.clone(), db.clone()).expect("build the app");
    let port = application.port();
    let server = application.handle();
    let state = application.state().clone();
    tokio::spawn(application.run_until_stopped());

    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .expect("HTTP client");
    TestApp {
        address: format!("http://127.0.0.1:{port}"),
        port,
        client,
        db,
        settings,
        state,
        server,
        _database: database,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.client.request(method, self.url(path))
    }

    pub fn get(&self, path: &str) -> RequestBuilder {
        self.request(Method::GET, path)
    }

    pub fn post_json(&self, path: &str, body: &serde_json::Value) -> RequestBuilder {
        self.request(Method::POST, path).json(body)
    }

    pub async fn list_categories(&self, query: &str) -> reqwest::Response {
        self.get(&format!("/api/v1/categories{query}")).send().await.expect("request")
    }

    pub async fn get_enums(&self) -> reqwest::Response {
        self.get("/api/v1/meta/enums").send().await.expect("request")
    }

    pub async fn request_sms_code(&self, phone: &str, purpose: &str) -> reqwest::Response {
        self.post_json(
            "/api/v1/auth/sms-codes",
            &serde_json::json!({"phone": phone, "purpose": purpose}),
        )
        .send()
        .await
        .expect("request")
    }

    /// The last code the sandbox SMS gateway received for `phone`, if any.
    pub async fn last_sms_code(&self, phone: &str) -> Option<String> {
        let response =
            self.get(&format!("/sandbox/sms/last?phone={phone}")).send().await.expect("request");
        if response.status() == 404 {
            return None;
        }
        let body: serde_json::Value = response.json().await.expect("sandbox body");
        body["code"].as_str().map(str::to_owned)
    }

    pub async fn sign_in_with_sms(&self, body: &serde_json::Value) -> reqwest::Response {
        self.post_json("/api/v1/auth/sign-in/sms", body).send().await.expect("request")
    }

    /// Registers (or signs in) `phone` through the SMS flow; the session with its refresh
    /// token in the body.
    pub async fn signed_in_user(&self, phone: &str) -> serde_json::Value {
        let sent = self.request_sms_code(phone, "login").await;
        assert_eq!(sent.status(), 202, "send code");
        let code = self.last_sms_code(phone).await.expect("a code in the sandbox");
        let response = self
            .sign_in_with_sms(&serde_json::json!({
                "phone": phone, "code": code, "agree_terms": true, "token_delivery": "body"
            }))
            .await;
        assert_eq!(response.status(), 200, "sign in");
        response.json().await.expect("session")
    }

    /// Registers a member unit as its contact would (`body` as `POST /memberships` takes it): an
    /// SMS code to the contact mobile (purpose `bind`), then the form with it. The phone's
    /// resend interval is forgotten afterwards, so the test may send it the next code at once.
    pub async fn register_member(&self, body: &serde_json::Value) -> reqwest::Response {
        let mut body = body.clone();
        let phone = body["contact_mobile"].as_str().unwrap_or_default().to_owned();
        if body.get("sms_code").is_none()
            && self.request_sms_code(&phone, "bind").await.status() == 202
        {
            body["sms_code"] = serde_json::json!(self.last_sms_code(&phone).await);
            self.forget_sms_interval(&phone).await;
        }
        self.post_json("/api/v1/memberships", &body).send().await.expect("request")
    }

    /// Signs `phone` in and makes it a super admin; its access token.
    pub async fn operator(&self, phone: &str) -> String {
        let session = self.signed_in_user(phone).await;
        self.make_admin(session["user"]["id"].as_str().expect("user id"), "super").await;
        session["access_token"].as_str().expect("access token").to_owned()
    }

    /// `GET path` with `token`, as JSON.
    pub async fn get_json(&self, path: &str, token: &str) -> serde_json::Value {
        self.get_with_token(path, token).send().await.expect("request").json().await.expect("JSON")
    }

    /// Registers a member unit (`body`, with its contact's SMS code) and has the operator
    /// `admin` approve it at `level`: the approved membership (its `org_id` included).
    pub async fn approved_member(
        &self,
        admin: &str,
        body: &serde_json::Value,
        level: &str,
    ) -> serde_json::Value {
        assert_eq!(self.register_member(body).await.status(), 201, "registered");
        let queue = self.get_json("/api/v1/admin/memberships?status=pending", admin).await;
        let id = queue["items"]
            .as_array()
            .and_then(|items| items.iter().find(|m| m["unit_name"] == body["unit_name"]))
            .expect("the registration is queued")["id"]
            .as_str()
            .expect("membership id")
            .to_owned();
        let approved = self
            .post_json(
                &format!("/api/v1/admin/memberships/{id}/decision"),
                &serde_json::json!({"decision": "approve", "level_id": level}),
            )
            .bearer_auth(admin)
            .send()
            .await
            .expect("request");
        assert_eq!(approved.status(), 200, "approved");
        approved.json().await.expect("membership")
    }

    /// Arranges "a minute later" for `phone`'s SMS resend interval.
    pub async fn forget_sms_interval(&self, phone: &str) {
        sqlx::query("delete from sms_phone_throttle where phone = $1")
            .bind(phone)
            .execute(&self.db.pool)
            .await
            .expect("forget the resend interval");
    }

    /// The WeChat step of a member sign-in in this client's browser, scanned by
    /// `wechat_account` (a sandbox account id): the SPA location it ends at.
    pub async fn member_wechat_step(&self, challenge: &str, wechat_account: &str) -> String {
        let started: serde_json::Value = self
            .post_json("/api/v1/member-auth/wechat", &serde_json::json!({"challenge": challenge}))
            .send()
            .await
            .expect("request")
            .json()
            .await
            .expect("authorization");
        let page = started["authorize_url"].as_str().expect("authorize_url");
        let page = url::Url::parse(&self.url(page.split('#').next().unwrap_or_default()))
            .expect("authorize URL");
        let param = |name: &str| {
            page.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned()).unwrap()
        };
        let (redirect_uri, state) = (param("redirect_uri"), param("state"));
        assert!(redirect_uri.ends_with("/api/v1/member-auth/wechat/callback"), "{redirect_uri}");
        let approved = self
            .request(Method::POST, "/sandbox/wechat/approve")
            .form(&[
                ("client_id", "ketang-sandbox"),
                ("redirect_uri", redirect_uri.as_str()),
                ("state", state.as_str()),
                ("account_id", wechat_account),
            ])
            .send()
            .await
            .expect("approve");
        let callback = redirect_location(&approved);
        redirect_location(&self.client.get(&callback).send().await.expect("callback"))
    }

    /// The full member sign-in (account and password, then the WeChat scan of
    /// `wechat_account`) exchanged for a session: its access token.
    pub async fn member_session(
        &self,
        account: &str,
        password: &str,
        wechat_account: &str,
    ) -> String {
        let challenge: serde_json::Value = self
            .post_json(
                "/api/v1/member-auth/sign-in",
                &serde_json::json!({"account": account, "password": password}),
            )
            .send()
            .await
            .expect("request")
            .json()
            .await
            .expect("challenge");
        let challenge = challenge["challenge"].as_str().expect("a challenge");
        let signed_in = self.member_wechat_step(challenge, wechat_account).await;
        let parsed = url::Url::parse(&self.url(&signed_in)).expect("SPA location");
        let code = parsed
            .query_pairs()
            .find(|(k, _)| k == "code")
            .map(|(_, v)| v.into_owned())
            .unwrap_or_else(|| panic!("signed in: {signed_in}"));
        let session: serde_json::Value = self
            .post_json(
                "/api/v1/auth/sso/exchange",
                &serde_json::json!({"code": code, "token_delivery": "body"}),
            )
            .send()
            .await
            .expect("request")
            .json()
            .await
            .expect("session");
        session["access_token"].as_str().expect("access token").to_owned()
    }

    pub fn get_with_token(&self, path: &str, access_token: &str) -> RequestBuilder {
        self.get(path).bearer_auth(access_token)
    }

    /// Stops the server as SIGTERM would: in-flight requests finish first.
    pub async fn stop(&self) {
        self.server.stop(true).await;
    }
}

/// A member unit's registration as the tests fill it in; `register_member` adds the SMS code.
pub fn member_registration(
    unit_name: &str,
    uscc: &str,
    contact: &str,
    password: &str,
) -> serde_json::Value {
    serde_json::json!({
        "unit_name": unit_name, "uscc": uscc, "legal_rep_name": "王法人",
        "legal_rep_mobile": "13600000000", "contact_name": "李联系", "contact_mobile": contact,
        "user_type_id": "ut-enterprise", "password": password, "password_confirmation": password,
        "agree_charter": true
    })
}

/// The `Location` of a redirect (asserting it is one).
pub fn redirect_location(response: &reqwest::Response) -> String {
    assert!(
        response.status().is_redirection(),
        "a redirect from {}: {}",
        response.url(),
        response.status()
    );
    response.headers()["location"].to_str().expect("location").to_owned()
}

/// Reads a problem+json body, asserting its content type and status.
pub async fn problem(response: reqwest::Response, status: u16) -> serde_json::Value {
    assert_eq!(response.status().as_u16(), status, "status of {}", response.url());
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert_eq!(content_type, "application/problem+json", "content type");
    response.json().await.expect("problem body")
}

enum TestDatabase {
    Sqlite { dir: tempfile::TempDir },
    Postgres { _dir: tempfile::TempDir, admin_url: String, name: String },
}

impl TestDatabase {
    async fn create(dir: tempfile::TempDir) -> Self {
        match std::env::var("TEST_DATABASE_URL") {
            Ok(admin_url) if !admin_url.is_empty() => {
                let template = ensure_postgres_template(&admin_url).await;
                let name = format!("ketang_test_{}", uuid::Uuid::now_v7().simple());
                let mut admin = PgConnection::connect(&admin_url).await.expect("connect admin db");
                admin
                    .execute(format!(r#"create database "{name}" template "{template}""#).as_str())
                    .await
                    .expect("create test database");
                admin.close().await.ok();
                TestDatabase::Postgres { _dir: dir, admin_url, name }
            }
            _ => TestDatabase::Sqlite { dir },
        }
    }

    fn url(&self) -> String {
        match self {
            TestDatabase::Sqlite { dir } => {
                format!("sqlite://{}?mode=rwc", dir.path().join("ketang.db").display())
            }
            TestDatabase::Postgres { admin_url, name, .. } => database_url(admin_url, name),
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        // The SQLite file, its -wal and -shm go with the temp dir. A PostgreSQL database is
        // dropped from a thread of its own: `Drop` cannot await on the test's runtime.
        if let TestDatabase::Postgres { admin_url, name, .. } = self {
            let (admin_url, name) = (admin_url.clone(), name.clone());
            let dropped = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("runtime");
                runtime.block_on(async {
                    if let Ok(mut admin) = PgConnection::connect(&admin_url).await {
                        let sql = format!(r#"drop database if exists "{name}" with (force)"#);
                        admin.execute(sql.as_str()).await.ok();
                        admin.close().await.ok();
                    }
                });
            })
            .join();
            drop(dropped);
        }
    }
}

/// `postgres://user@host:port/any` → the same server, database `name`.
fn database_url(admin_url: &str, name: &str) -> String {
    let (without_query, query) = match admin_url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (admin_url, None),
    };
    let server = without_query.rsplit_once('/').map_or(without_query, |(server, _)| server);
    match query {
        Some(query) => format!("{server}/{name}?{query}"),
        None => format!("{server}/{name}"),
    }
}

/// A database migrated once per migration set and cloned by every test (`create database …
/// template …` takes milliseconds; migrating takes longer). Named by a hash of the migration
/// files, so a changed migration gets a fresh template; built under an advisory lock, so
/// parallel test processes build it once.
async fn ensure_postgres_template(admin_url: &str) -> String {
    use sha2::{Digest, Sha256};

    let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../migrations/postgres");
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .expect("read migrations/postgres")
        .map(|entry| entry.expect("dir entry").path())
        .collect();
    files.sort();
    let mut hasher = Sha256::new();
    for file in &files {
        hasher.update(file.file_name().unwrap_or_default().as_encoded_bytes());
        hasher.update(std::fs::read(file).expect("read migration"));
    }
    let template = format!("ketang_template_{}", &hex::encode(hasher.finalize())[..16]);

    let mut admin = PgConnection::connect(admin_url).await.expect("connect admin db");
    admin.execute("select pg_advisory_lock(7243001)").await.expect("advisory lock");
    let exists: Option<i32> = sqlx::query_scalar("select 1 from pg_database where datname = $1")
        .bind(&template)
        .fetch_optional(&mut admin)
        .await
        .expect("look up template");
    if exists.is_none() {
        let building = format!("{template}_building");
        admin
            .execute(format!(r#"drop database if exists "{building}" with (force)"#).as_str())
            .await
            .expect("drop stale template");
        admin
            .execute(format!(r#"create database "{building}""#).as_str())
            .await
            .expect("create template");
        let db = Db::connect(&ConnectOptions {
            url: SecretString::from(database_url(admin_url, &building)),
            max_connections: 1,
            acquire_timeout: std::time::Duration::from_secs(10),
        })
        .await
        .expect("connect template");
        db.migrate().await.expect("migrate template");
        db.pool.close().await;
        // Renamed only when complete, so a crash mid-migration never leaves a bad template.
        admin
            .execute(format!(r#"alter database "{building}" rename to "{template}""#).as_str())
            .await
            .expect("publish template");
    }
    admin.execute("select pg_advisory_unlock(7243001)").await.expect("advisory unlock");
    admin.close().await.ok();
    template
}

/// A PNG of `width`×`height` (a pattern, so it compresses like a real picture).
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([u8::try_from(x % 251).unwrap(), u8::try_from(y % 241).unwrap(), 7])
    });
    let mut bytes = std::io::Cursor::new(Vec::new());
    image.write_to(&mut bytes, image::ImageFormat::Png).expect("encode PNG");
    bytes.into_inner()
}

/// A PDF-looking file of `size` bytes.
pub fn pdf(size: usize) -> Vec<u8> {
    let mut bytes = b"%PDF-1.4\n".to_vec();
    bytes.resize(size, b' ');
    bytes
}

/// The text of a PDF, by poppler's `pdftotext` (CI installs poppler-utils), when installed.
pub fn pdf_text(pdf: &[u8]) -> std::io::Result<String> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("document.pdf");
    std::fs::write(&path, pdf)?;
    let out = std::process::Command::new("pdftotext").arg(&path).arg("-").output()?;
    if !out.status.success() {
        return Err(std::io::Error::other("pdftotext failed"));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

/// A committed media fixture (`api/fixtures/`).
pub fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../api/fixtures").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

impl TestApp {
    /// Uploads `bytes` for `purpose` (1 MiB chunks) and returns the stored media.
    pub async fn upload(&self, token: &str, purpose: &str, bytes: &[u8]) -> serde_json::Value {
        let session: serde_json::Value = self
            .post_json(
                "/api/v1/uploads",
                &serde_json::json!({"purpose": purpose, "file_name": "file", "size": bytes.len(),
                                    "sha256": sha256_hex(bytes)}),
            )
            .bearer_auth(token)
            .send()
            .await
            .expect("start upload")
            .json()
            .await
            .expect("upload session");
        let id = session["id"].as_str().expect("upload id").to_owned();
        for (n, chunk) in bytes.chunks(1024 * 1024).enumerate() {
            let put = self
                .request(Method::PUT, &format!("/api/v1/uploads/{id}/chunks/{n}"))
                .bearer_auth(token)
                .header("Content-Type", "application/octet-stream")
                .body(chunk.to_vec())
                .send()
                .await
                .expect("put chunk");
            assert_eq!(put.status(), 204, "chunk {n}");
        }
        let done = self
            .request(Method::POST, &format!("/api/v1/uploads/{id}/complete"))
            .bearer_auth(token)
            .send()
            .await
            .expect("complete upload");
        assert_eq!(done.status(), 201, "upload of {purpose} completes");
        done.json().await.expect("media")
    }

    /// Makes the user a platform operator with `role` (`super`, `reviewer`, `auditor`).
    /// Creates an org as the holder of `token` (`body`: name, uscc, legal_representative);
    /// the created org.
    pub async fn create_org(&self, token: &str, body: &serde_json::Value) -> serde_json::Value {
        let created = self.post_json("/api/v1/orgs", body).bearer_auth(token).send().await.unwrap();
        assert_eq!(created.status(), 201, "create the org");
        created.json().await.unwrap()
    }

    pub async fn make_admin(&self, user_id: &str, role: &str) {
        sqlx::query("update users set admin_role = $2 where id = $1")
            .bind(user_id)
            .bind(role)
            .execute(&self.db.pool)
            .await
            .expect("make admin");
    }
}

/// The `ketang` binary of this build, beside the test binary's `deps/` folder (`make test`
/// builds it first).
pub fn ketang_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    let binary = exe
        .parent()
        .and_then(std::path::Path::parent)
        .map(|dir| dir.join("ketang"))
        .expect("target dir");
    assert!(
        binary.is_file(),
        "{} is missing: run `cargo build -p ketang` first (make test does)",
        binary.display()
    );
    binary
}

/// A real `ketang serve` process (sandbox on, development keys from `data_dir`), for what only
/// a separate process shows: SIGKILL, and two instances on one database.
pub struct ServerProcess {
    child: std::process::Child,
    pub address: String,
    log: PathBuf,
}

impl ServerProcess {
    /// Starts the server on a free port with `data_dir` (keys, media) and `database_url`, and
    /// waits until `/readyz` answers 200. `env` adds or overrides `KETANG_*` settings.
    pub async fn start(
        data_dir: &std::path::Path,
        database_url: &str,
        env: &[(&str, &str)],
    ) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("free port")
            .port();
        let log = data_dir.join(format!("server-{port}.log"));
        let log_file = std::fs::File::create(&log).expect("server log");
        let child = std::process::Command::new(ketang_binary())
            .arg("serve")
            .env_remove("KETANG_CONFIG")
            .env_remove("DATABASE_URL")
            .env("KETANG_DATA_DIR", data_dir)
            .env("KETANG_DATABASE__URL", database_url)
            .env("KETANG_SERVER__PORT", port.to_string())
            .env("KETANG_SERVER__WORKERS", "2")
            .env("KETANG_WEB__DIST_DIR", data_dir.join("no-spa"))
            .env("KETANG_WEB__PUBLIC_BASE_URL", "")
            .env("KETANG_SANDBOX__ENABLED", "true")
            .env("KETANG_WEBHOOKS__ALLOW_LOOPBACK", "true")
            .env("KETANG_LOG__LEVEL", "warn")
            .envs(env.iter().copied())
            .stdout(log_file.try_clone().expect("log handle"))
            .stderr(log_file)
            .spawn()
            .expect("start ketang");
        let mut process = Self { child, address: format!("http://127.0.0.1:{port}"), log };
        let client = reqwest::Client::new();
        for _ in 0..300 {
            if let Ok(Some(status)) = process.child.try_wait() {
                panic!("ketang exited with {status}:\n{}", process.log_text());
            }
            let ready = client.get(format!("{}/readyz", process.address)).send().await;
            if ready.is_ok_and(|r| r.status() == 200) {
                return process;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("ketang did not become ready in 30 s:\n{}", process.log_text());
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// SIGKILL: no shutdown, no flush, no goodbye, as a crash or the OOM killer would.
    pub fn kill(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Whether the tests run on PostgreSQL (`TEST_DATABASE_URL`): what only a database server can
/// show (several instances, an outage) is tested there.
pub fn on_postgres() -> bool {
    std::env::var("TEST_DATABASE_URL").is_ok_and(|url| !url.is_empty())
}

/// The student import template filled with `count` (≤ 10,000) valid, distinct students:
/// birth dates over ten days × 1,000 sequences, mobiles 139xxxxxxxx.
pub fn students_workbook(count: u32) -> Vec<u8> {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    assert!(count <= 10_000, "ten days × 1,000 sequences");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, title) in ["姓名", "性别", "身份证号", "手机号", "文化程度"].into_iter().enumerate()
    {
        sheet.write_string(0, u16::try_from(c).unwrap(), title).expect("header");
    }
    for n in 0..count {
        let body = format!("110101199003{:02}{:03}", 10 + n / 1000, n % 1000);
        let sum: u32 = body.bytes().zip(WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
        let id = format!("{body}{}", char::from(b"10X98765432"[(sum % 11) as usize]));
        let gender = if (n % 1000) % 2 == 1 { "男" } else { "女" };
        let row = [format!("学员{n}"), gender.to_owned(), id, format!("139{n:08}"), "本科".into()];
        for (c, value) in row.iter().enumerate() {
            sheet.write_string(n + 1, u16::try_from(c).unwrap(), value).expect("cell");
        }
    }
    book.save_to_buffer().expect("workbook")
}

/// A database with nothing in it, for a restore or a first `ketang migrate`: a new SQLite
/// path in its own folder, or a new PostgreSQL database when the tests run there (dropped
/// with the value).
pub struct EmptyDatabase {
    inner: TestDatabase,
}

impl EmptyDatabase {
    pub async fn create() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let inner = match std::env::var("TEST_DATABASE_URL") {
            Ok(admin_url) if !admin_url.is_empty() => {
                let name = format!("ketang_empty_{}", uuid::Uuid::now_v7().simple());
                let mut admin = PgConnection::connect(&admin_url).await.expect("connect admin db");
                admin
                    .execute(format!(r#"create database "{name}""#).as_str())
                    .await
                    .expect("create empty database");
                admin.close().await.ok();
                TestDatabase::Postgres { _dir: dir, admin_url, name }
            }
            _ => TestDatabase::Sqlite { dir },
        };
        Self { inner }
    }

    pub fn url(&self) -> String {
        self.inner.url()
    }
}
