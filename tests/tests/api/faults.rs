//! Faults (issue 9): a server killed mid-import or mid-upload (a real `ketang` process and
//! SIGKILL) loses nothing and half-applies nothing; a database that goes away turns requests
//! into 503 problems and the service comes back by itself. Slow and failing gateways are in
//! `sms_gateway.rs`; payment gateways' in `payments.rs`.

use std::{net::SocketAddr, time::Duration};

use ketang_tests::{
    ServerProcess, TestApp, on_postgres, pdf, problem, sha256_hex, spawn_app_with,
    students_workbook,
};
use reqwest::Method;
use secrecy::ExposeSecret;
use serde_json::{Value, json};
use tokio::{
    io::AsyncWriteExt,
    net::{TcpListener, TcpStream},
    sync::watch,
};

const OWNER: &str = "13800138000";
const USCC: &str = "91460200MA5T8XY10H";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A client that opens a connection per request: these tests outlast servers' keep-alive
/// (and kill servers), and a pooled connection closing as it is reused would fail a request
/// for a reason that is not under test.
fn fresh_client() -> reqwest::Client {
    reqwest::Client::builder().pool_max_idle_per_host(0).build().unwrap()
}

/// An org and its owner, arranged through an in-process app (its worker off) whose database,
/// keys and media folder a `ketang` process then shares.
struct Arranged {
    app: TestApp,
    token: String,
    org_id: String,
}

impl Arranged {
    async fn new() -> Self {
        let app = spawn_app_with(|s| s.jobs.enabled = false).await;
        let token = app.signed_in_user(OWNER).await["access_token"].as_str().unwrap().to_owned();
        let org: Value = app
            .create_org(
                &token,
                &json!({"name": "三亚示例有限公司", "uscc": USCC, "legal_representative": "张三"}),
            )
            .await;
        Self { token, org_id: org["id"].as_str().unwrap().to_owned(), app }
    }

    async fn server(&self) -> ServerProcess {
        let url = self.app.settings.database.url.as_ref().unwrap().expose_secret().to_owned();
        ServerProcess::start(&self.app.settings.data_dir, &url, &[]).await
    }

    async fn class(&self) -> String {
        let created: Value = fresh_client()
            .post(self.app.url(&format!("/api/v1/orgs/{}/classes", self.org_id)))
            .json(&json!({"name": "断电测试班", "class_type_code": "enterprise_staff",
                        "training_mode": "live", "platform": "dingtalk"}))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        created["id"].as_str().unwrap().to_owned()
    }

    async fn count(&self, table: &str, class_id: &str) -> i64 {
        sqlx::query_scalar(&format!("select count(*) from {table} where class_id = $1"))
            .bind(class_id)
            .fetch_one(&self.app.db.pool)
            .await
            .unwrap()
    }
}

#[tokio::test]
async fn a_server_killed_mid_import_has_added_every_row_or_none() {
    let arranged = Arranged::new().await;
    let mut server = arranged.server().await;
    let workbook = students_workbook(10_000);
    let client = fresh_client();
    let mut killed_before_commit = 0;

    // Kill at several moments of the import (reading, checking, inserting, committing).
    for delay_ms in [100, 300, 700, 1200, 2000] {
        let class_id = arranged.class().await;
        let path = format!("/api/v1/orgs/{}/classes/{class_id}/students/import", arranged.org_id);
        let request = client
            .post(server.url(&path))
            .bearer_auth(&arranged.token)
            .header("Content-Type", XLSX)
            .body(workbook.clone())
            .send();
        let import = tokio::spawn(request);
        tokio::time::sleep(Duration::from_millis(delay_ms)).await;
        server.kill();
        let answered = import.await.unwrap().map(|r| r.status().as_u16()).ok();
        server = arranged.server().await;

        let (students, imports) = (
            arranged.count("students", &class_id).await,
            arranged.count("student_imports", &class_id).await,
        );
        assert!(
            (students, imports) == (0, 0) || (students, imports) == (10_000, 1),
            "after a kill at {delay_ms} ms: {students} students, {imports} imports"
        );
        if answered == Some(200) {
            assert_eq!(students, 10_000, "an import that answered is committed");
        }
        if students == 0 {
            killed_before_commit += 1;
            // Nothing was half-done, so the same workbook imports in full after the restart.
            let again: Value = client
                .post(server.url(&path))
                .bearer_auth(&arranged.token)
                .header("Content-Type", XLSX)
                .body(workbook.clone())
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            assert_eq!(again["imported"], 10_000, "{again}");
        }
    }
    assert!(killed_before_commit > 0, "at least one kill landed before the commit");
}

#[tokio::test]
async fn an_upload_cut_by_a_crash_resumes_after_the_restart() {
    let arranged = Arranged::new().await;
    let mut server = arranged.server().await;
    let client = fresh_client();
    let bytes = pdf(3 * 1024 * 1024 + 4096);
    let session: Value = client
        .post(server.url("/api/v1/uploads"))
        .bearer_auth(&arranged.token)
        .json(&json!({"purpose": "payment_voucher", "file_name": "凭证.pdf", "size": bytes.len(),
                      "sha256": sha256_hex(&bytes)}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = session["id"].as_str().unwrap().to_owned();
    let chunk_size = usize::try_from(session["chunk_size"].as_u64().unwrap()).unwrap();
    let chunks: Vec<&[u8]> = bytes.chunks(chunk_size).collect();
    assert!(chunks.len() >= 3, "a few chunks");
    let put = |server: &ServerProcess, n: usize| {
        client
            .put(server.url(&format!("/api/v1/uploads/{id}/chunks/{n}")))
            .bearer_auth(&arranged.token)
            .header("Content-Type", "application/octet-stream")
            .body(chunks[n].to_vec())
            .send()
    };
    assert_eq!(put(&server, 0).await.unwrap().status(), 204);

    // Chunk 1 is half sent when the server dies.
    let address: SocketAddr = server.address.trim_start_matches("http://").parse().unwrap();
    let mut half = TcpStream::connect(address).await.unwrap();
    let head = format!(
        "PUT /api/v1/uploads/{id}/chunks/1 HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {}\r\n\
         Content-Type: application/octet-stream\r\nContent-Length: {}\r\n\r\n",
        arranged.token,
        chunks[1].len()
    );
    half.write_all(head.as_bytes()).await.unwrap();
    half.write_all(&chunks[1][..chunks[1].len() / 2]).await.unwrap();
    half.flush().await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    server.kill();
    drop(half);
    let server = arranged.server().await;

    let resumed: Value = client
        .get(server.url(&format!("/api/v1/uploads/{id}")))
        .bearer_auth(&arranged.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(resumed["received"], json!([0]), "only whole chunks count: {resumed}");
    for n in 1..chunks.len() {
        assert_eq!(put(&server, n).await.unwrap().status(), 204, "chunk {n}");
    }
    let completed = client
        .post(server.url(&format!("/api/v1/uploads/{id}/complete")))
        .bearer_auth(&arranged.token)
        .send()
        .await
        .unwrap();
    assert_eq!(completed.status(), 201);
    let media: Value = completed.json().await.unwrap();
    assert_eq!(media["sha256"], sha256_hex(&bytes), "the file is whole: {media}");
}

/// A TCP relay to the database that can be cut (every connection dropped and the port closed,
/// so new connections are refused as by a stopped server) and restored on the same port: the
/// database "goes away" without touching the shared server.
struct CuttableRelay {
    address: SocketAddr,
    upstream: String,
    cuts: watch::Sender<u64>,
    accepting: std::sync::Mutex<Option<tokio::task::JoinHandle<()>>>,
}

impl CuttableRelay {
    async fn start(upstream: String) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let (cuts, _) = watch::channel(0u64);
        let relay = Self {
            address: listener.local_addr().unwrap(),
            upstream,
            cuts,
            accepting: std::sync::Mutex::new(None),
        };
        relay.accept_on(listener);
        relay
    }

    fn accept_on(&self, listener: TcpListener) {
        let (upstream, cuts) = (self.upstream.clone(), self.cuts.clone());
        let task = tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                let upstream = upstream.clone();
                let mut cut = cuts.subscribe();
                tokio::spawn(async move {
                    let Ok(mut outbound) = TcpStream::connect(&upstream).await else { return };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
                        _ = cut.changed() => {}
                    }
                });
            }
        });
        *self.accepting.lock().unwrap() = Some(task);
    }

    async fn cut(&self) {
        if let Some(task) = self.accepting.lock().unwrap().take() {
            task.abort();
        }
        self.cuts.send_modify(|n| *n += 1);
        tokio::time::sleep(Duration::from_millis(50)).await; // the listener is dropped
    }

    async fn restore(&self) {
        self.accept_on(TcpListener::bind(self.address).await.unwrap());
    }
}

#[tokio::test]
async fn a_lost_database_answers_503_and_service_resumes_without_a_restart() {
    if !on_postgres() {
        eprintln!("skipped: an outage of a database server is shown on PostgreSQL");
        return;
    }
    let admin_url = url::Url::parse(&std::env::var("TEST_DATABASE_URL").unwrap()).unwrap();
    let upstream = format!(
        "{}:{}",
        admin_url.host_str().unwrap_or("127.0.0.1"),
        admin_url.port().unwrap_or(5432)
    );
    let relay = CuttableRelay::start(upstream).await;
    let relay_port = relay.address.port();
    let app = spawn_app_with(move |s| {
        let mut url = url::Url::parse(s.database.url.as_ref().unwrap().expose_secret()).unwrap();
        url.set_host(Some("127.0.0.1")).unwrap();
        url.set_port(Some(relay_port)).unwrap();
        s.database.url = Some(url.to_string().into());
        s.database.acquire_timeout_secs = 1;
        s.jobs.enabled = false;
    })
    .await;
    let owner = app.signed_in_user(OWNER).await;
    let token = owner["access_token"].as_str().unwrap();
    assert_eq!(app.get("/readyz").send().await.unwrap().status(), 200);

    relay.cut().await;

    let ready = app.get("/readyz").send().await.unwrap();
    assert_eq!(problem(ready, 503).await["code"], "service_unavailable");
    let read = app.get("/api/v1/categories").header("Accept-Language", "en").send().await.unwrap();
    assert_eq!(read.headers()["retry-after"], "5");
    let read = problem(read, 503).await;
    assert_eq!(read["code"], "service_unavailable");
    assert_eq!(read["title"], "Service unavailable; try again later");
    let write = app
        .request(Method::POST, "/api/v1/orgs")
        .bearer_auth(token)
        .json(&json!({"name": "三亚示例有限公司", "uscc": USCC, "legal_representative": "张三"}))
        .send()
        .await
        .unwrap();
    assert_eq!(problem(write, 503).await["code"], "service_unavailable");
    assert_eq!(app.get("/healthz").send().await.unwrap().status(), 200, "the process lives on");

    relay.restore().await;

    let mut recovered = false;
    for _ in 0..50 {
        if app.get("/readyz").send().await.unwrap().status() == 200 {
            recovered = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(recovered, "ready again once the database is back, without a restart");
    assert_eq!(app.get("/api/v1/categories").send().await.unwrap().status(), 200);
    let mine: Value =
        app.get_with_token("/api/v1/orgs", token).send().await.unwrap().json().await.unwrap();
    assert_eq!(
        mine.as_array().map(Vec::len),
        Some(0),
        "the write refused during the outage left nothing: {mine}"
    );
}
