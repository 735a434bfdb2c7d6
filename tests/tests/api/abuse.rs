//! Abuse (issue 9): what a hostile client sends gets a clear 4xx and changes nothing. SMS and
//! password brute force are in `auth.rs` / `passwords.rs` / `membership.rs` (code burned after
//! five wrong guesses, daily and per-address send quotas, lockout after five wrong passwords);
//! malformed, mistyped and oversized bodies in `problems.rs`; `alg: none` and foreign keys in
//! `auth.rs`. Here: edited tokens, hostile text in every kind of field, control characters,
//! path traversal, spoofed uploads and spreadsheet formula injection.

use std::io::Read;

use base64::Engine;
use ketang_tests::{TestApp, png, problem, sha256_hex, spawn_app, spawn_app_with};
use proptest::{
    strategy::{Strategy, ValueTree},
    test_runner::{Config, TestRunner},
};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const PHONE: &str = "13800138000";
const OTHER: &str = "13700137000";
const USCC: &str = "91460200MA5T8XY10H";

fn bearer(session: &Value) -> &str {
    session["access_token"].as_str().unwrap()
}

#[tokio::test]
async fn a_token_whose_claims_were_edited_is_refused() {
    let app = spawn_app().await;
    let mine = app.signed_in_user(PHONE).await;
    let theirs = app.signed_in_user(OTHER).await;
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let parts = |token: &str| token.split('.').map(str::to_owned).collect::<Vec<_>>();
    let (mine, theirs) = (parts(bearer(&mine)), parts(bearer(&theirs)));

    // My signature over their claims; my claims with a later expiry; a header that claims
    // another algorithm over the same bytes.
    let swapped = format!("{}.{}.{}", mine[0], theirs[1], mine[2]);
    let mut claims: Value = serde_json::from_slice(&engine.decode(&mine[1]).unwrap()).unwrap();
    claims["exp"] = json!(claims["exp"].as_i64().unwrap() + 86_400 * 365);
    let extended = format!("{}.{}.{}", mine[0], engine.encode(claims.to_string()), mine[2]);
    let header = engine.encode(r#"{"alg":"HS512","typ":"JWT"}"#);
    let realgorithmed = format!("{header}.{}.{}", mine[1], mine[2]);
    let truncated = format!("{}.{}.{}", mine[0], mine[1], &mine[2][..mine[2].len() - 2]);

    for (what, token) in [
        ("swapped claims", swapped),
        ("extended expiry", extended),
        ("another algorithm", realgorithmed),
        ("truncated signature", truncated),
    ] {
        let response = app.get_with_token("/api/v1/me", &token).send().await.unwrap();
        assert_eq!(problem(response, 401).await["code"], "token_invalid", "{what}");
    }
    let intact = app.get_with_token("/api/v1/me", &mine.join(".")).send().await.unwrap();
    assert_eq!(intact.status(), 200, "the untouched token still works");
}

/// Text that has broken SQL, JSON, HTML, logs and spreadsheets somewhere, then random text of
/// any script and length (up to ~3,000 characters, past every length limit).
fn hostile_text() -> impl Strategy<Value = String> {
    let fixed = proptest::sample::select(vec![
        "'; drop table users; --".to_owned(),
        "\" or \"1\"=\"1".to_owned(),
        "' or 1=1 --".to_owned(),
        "Robert'); delete from orgs where ('1'='1".to_owned(),
        "%' and name like '%".to_owned(),
        "\\\\'\\\"`$(reboot)".to_owned(),
        "<script>alert(1)</script>".to_owned(),
        "=HYPERLINK(\"http://evil.example\",\"点我\")".to_owned(),
        "👩‍👩‍👧‍👦".repeat(200),
        "\u{202e}司公限有\u{202c}".to_owned(),
        "e\u{301}\u{301}\u{301}".repeat(300),
        "𠀀𪚥龘".repeat(700),
        "   ".to_owned(),
        String::new(),
    ]);
    proptest::prop_oneof![
        fixed,
        proptest::string::string_regex("\\PC{0,80}").unwrap(),
        proptest::string::string_regex("[\\p{Han}'\"%_;\\\\-]{100,3000}").unwrap(),
    ]
}

/// Every kind of text input the API takes (a JSON body field, a query parameter, a sign-in
/// account, a lookup key) with hostile text: never a 5xx; either accepted and stored exactly
/// as sent (read back), or refused with a problem naming the field.
#[tokio::test]
async fn hostile_text_in_any_field_is_stored_exactly_or_refused_with_its_field() {
    let app = spawn_app().await;
    let owner = app.signed_in_user(PHONE).await;
    let created = app
        .post_json(
            "/api/v1/orgs",
            &json!({"name": "三亚示例有限公司", "uscc": USCC, "legal_representative": "张三"}),
        )
        .bearer_auth(bearer(&owner))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let org: Value = created.json().await.unwrap();
    let org_path = format!("/api/v1/orgs/{}", org["id"].as_str().unwrap());

    let mut runner = TestRunner::new(Config { cases: 48, ..Config::default() });
    let strategy = hostile_text();
    for case in 0..48 {
        let text = strategy.new_tree(&mut runner).unwrap().current();
        let label = format!("case {case}: {:?}", text.chars().take(40).collect::<String>());

        // A stored field, read back.
        let patch = app
            .request(Method::PATCH, &org_path)
            .bearer_auth(bearer(&owner))
            .json(&json!({"address": text}))
            .send()
            .await
            .unwrap();
        match patch.status() {
            StatusCode::OK => {
                let read: Value = app
                    .get_with_token(&org_path, bearer(&owner))
                    .send()
                    .await
                    .unwrap()
                    .json()
                    .await
                    .unwrap();
                let stored = read["address"].as_str().unwrap_or_default();
                assert!(stored == text || stored == text.trim(), "{label}: stored {stored:?}");
            }
            StatusCode::UNPROCESSABLE_ENTITY => {
                let body = problem(patch, 422).await;
                assert_eq!(body["errors"][0]["field"], "address", "{label}: {body}");
            }
            other => panic!("{label}: PATCH answered {other}"),
        }

        // A search parameter.
        let search =
            app.get("/api/v1/courses").query(&[("q", text.as_str())]).send().await.unwrap();
        assert!(
            matches!(search.status().as_u16(), 200 | 422),
            "{label}: search {}",
            search.status()
        );
        if search.status() == 200 {
            let found: Value = search.json().await.unwrap();
            assert_eq!(found["total"], 0, "{label}: nothing matches");
        }

        // Credentials and lookups: refused, never an error of ours.
        let sign_in = app
            .post_json(
                "/api/v1/auth/sign-in/password",
                &json!({"phone": text, "password": text, "token_delivery": "body"}),
            )
            .send()
            .await
            .unwrap();
        assert!(
            matches!(sign_in.status().as_u16(), 401 | 422 | 429),
            "{label}: sign-in {}",
            sign_in.status()
        );
        let lookup = app
            .post_json("/api/v1/memberships/status", &json!({"uscc": text}))
            .send()
            .await
            .unwrap();
        assert!(
            matches!(lookup.status().as_u16(), 404 | 422 | 429),
            "{label}: lookup {}",
            lookup.status()
        );
    }

    let users: i64 =
        sqlx::query_scalar("select count(*) from users").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(users, 1, "nothing was injected");
}

#[tokio::test]
async fn control_characters_are_refused_naming_the_field() {
    let app = spawn_app().await;
    let owner = app.signed_in_user(PHONE).await;

    let nul = app
        .post_json(
            "/api/v1/orgs",
            &json!({"name": "三亚\u{0}有限公司", "uscc": USCC, "legal_representative": "张三"}),
        )
        .bearer_auth(bearer(&owner))
        .header("Accept-Language", "en")
        .send()
        .await
        .unwrap();
    let body = problem(nul, 422).await;
    assert_eq!(body["errors"][0]["field"], "name");
    assert_eq!(body["errors"][0]["code"], "control_character");
    assert_eq!(body["errors"][0]["message"], "contains a control character; remove it");

    let nested = app
        .post_json("/api/v1/client-reports", &json!({"level": "error", "message": "ok", "context": {"lines": ["a", "\u{1b}[31mforged"]}}))
        .send()
        .await
        .unwrap();
    assert_eq!(problem(nested, 422).await["errors"][0]["field"], "context.lines[1]");

    let query = app.get("/api/v1/courses?q=%00").send().await.unwrap();
    assert_eq!(problem(query, 422).await["errors"][0]["field"], "q");

    // A line break is no control character, but an address is one line; a tab is text.
    let two_lines = app
        .post_json(
            "/api/v1/orgs",
            &json!({"name": "三亚示例有限公司", "uscc": USCC, "legal_representative": "张三",
                    "address": "海南省\r\n三亚市"}),
        )
        .bearer_auth(bearer(&owner))
        .send()
        .await
        .unwrap();
    let two_lines = problem(two_lines, 422).await;
    assert_eq!(two_lines["errors"][0]["field"], "address");
    assert_eq!(two_lines["errors"][0]["code"], "single_line");
    let tab = app
        .post_json(
            "/api/v1/orgs",
            &json!({"name": "三亚示例有限公司", "uscc": USCC, "legal_representative": "张三",
                    "address": "海南省三亚市\t吉阳区"}),
        )
        .bearer_auth(bearer(&owner))
        .send()
        .await
        .unwrap();
    assert_eq!(tab.status(), 201);
    let orgs: i64 =
        sqlx::query_scalar("select count(*) from orgs").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(orgs, 1, "the refused org was not created");
}

#[tokio::test]
async fn deeply_nested_json_is_a_400_problem() {
    let app = spawn_app().await;
    let depth = 100_000;
    let body = format!("{}{}", "[".repeat(depth), "]".repeat(depth));

    let response = app
        .request(Method::POST, "/api/v1/client-reports")
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();

    assert!(matches!(response.status().as_u16(), 400 | 413), "{}", response.status());
    assert_eq!(response.headers()["content-type"], "application/problem+json");
    assert_eq!(app.get("/healthz").send().await.unwrap().status(), 200, "still serving");
}

/// Sends `path` byte for byte (an HTTP client would normalise `..` away) and returns the
/// status line and body.
async fn raw_get(app: &TestApp, path: &str) -> (String, String) {
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", app.port)).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let status = answer.lines().next().unwrap_or_default().to_owned();
    (status, answer)
}

#[tokio::test]
async fn paths_that_climb_out_never_reach_a_file_outside_the_served_folders() {
    let root = tempfile::tempdir().unwrap();
    let dist = root.path().join("dist");
    std::fs::create_dir_all(dist.join("assets")).unwrap();
    std::fs::write(dist.join("index.html"), "<!doctype html><div id=root></div>").unwrap();
    std::fs::write(dist.join("assets/app.js"), "console.log('ketang')").unwrap();
    std::fs::write(root.path().join("secret.txt"), "TOP-SECRET-CONTENT").unwrap();
    let dist_dir = dist.clone();
    let app = spawn_app_with(move |s| s.web.dist_dir = dist_dir).await;

    for path in [
        "/../secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e/secret.txt",
        "/%2e%2e%2fsecret.txt",
        "/assets/../../secret.txt",
        "/assets/..%2f..%2fsecret.txt",
        "/assets/%2e%2e/%2e%2e/secret.txt",
        "/assets/..%5c..%5csecret.txt",
        "/assets/%252e%252e/%252e%252e/secret.txt",
        "/media/..%2f..%2fketang.db",
        "/media/%2e%2e/%2e%2e/ketang.db",
        "/api/v1/orgs/..%2f..%2f..%2fsecret.txt",
    ] {
        let (status, answer) = raw_get(&app, path).await;
        assert!(!answer.contains("TOP-SECRET-CONTENT"), "{path} leaked the file: {status}");
        assert!(!answer.contains("SQLite format"), "{path} leaked the database: {status}");
        assert!(!status.contains(" 5"), "{path}: {status}");
    }
}

async fn try_upload(
    app: &TestApp,
    token: &str,
    purpose: &str,
    name: &str,
    bytes: &[u8],
) -> reqwest::Response {
    let session: Value = app
        .post_json(
            "/api/v1/uploads",
            &json!({"purpose": purpose, "file_name": name, "size": bytes.len(), "sha256": sha256_hex(bytes)}),
        )
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = session["id"].as_str().expect("upload session");
    let put = app
        .request(Method::PUT, &format!("/api/v1/uploads/{id}/chunks/0"))
        .bearer_auth(token)
        .header("Content-Type", "application/octet-stream")
        .body(bytes.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 204);
    app.request(Method::POST, &format!("/api/v1/uploads/{id}/complete"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_file_is_judged_by_its_bytes_not_its_name() {
    let app = spawn_app().await;
    let session = app.signed_in_user(PHONE).await;
    let token = bearer(&session);
    let html = b"<!doctype html><script>alert(document.cookie)</script>".repeat(20);
    let mut elf = b"\x7fELF\x02\x01\x01\x00".to_vec();
    elf.resize(4096, 0);

    for (purpose, name, bytes, actual) in [
        ("course_cover", "cover.png", html.clone(), "html"),
        ("lecturer_photo", "photo.jpg", elf.clone(), "elf"),
        ("course_video", "lesson.mp4", png(64, 64), "png"),
        ("payment_voucher", "voucher.pdf", html, "html"),
    ] {
        let response = try_upload(&app, token, purpose, name, &bytes).await;
        let body = problem(response, 422).await;
        assert_eq!(body["errors"][0]["code"], "media_type", "{name} as {purpose}: {body}");
        let message = body["errors"][0]["message"].as_str().unwrap();
        assert!(message.ends_with(&format!("实际为 {actual}")), "{name}: {body}");
    }
    let media: i64 =
        sqlx::query_scalar("select count(*) from media").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(media, 0, "nothing spoofed was stored");

    // A climbing file name is only a label: stored as text, never a path.
    let cover =
        try_upload(&app, token, "lecturer_photo", "../../../../etc/passwd", &png(200, 200)).await;
    assert!(matches!(cover.status().as_u16(), 201 | 422), "{}", cover.status());
    assert!(!std::path::Path::new("/etc/passwd.png").exists());
}

/// The cells of the first sheet that carry Excel's quote prefix, by their text.
fn quote_prefixed_cells(xlsx: &[u8]) -> Vec<String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut read = |name: &str| {
        let mut text = String::new();
        archive.by_name(name).unwrap().read_to_string(&mut text).unwrap();
        text
    };
    let styles = read("xl/styles.xml");
    let shared = read("xl/sharedStrings.xml");
    let sheet = read("xl/worksheets/sheet1.xml");
    // cellXfs in order: the index of each one with quotePrefix="1".
    let xfs = styles.split("<cellXfs").nth(1).unwrap().split("</cellXfs>").next().unwrap();
    let prefixed: Vec<usize> = xfs
        .split("<xf ")
        .skip(1)
        .enumerate()
        .filter(|(_, xf)| xf.split('>').next().unwrap().contains("quotePrefix=\"1\""))
        .map(|(i, _)| i)
        .collect();
    let strings: Vec<String> = shared
        .split("<si>")
        .skip(1)
        .map(|si| {
            si.split("<t")
                .nth(1)
                .and_then(|t| t.split_once('>'))
                .unwrap()
                .1
                .split("</t>")
                .next()
                .unwrap()
                .to_owned()
        })
        .collect();
    sheet
        .split("<c ")
        .skip(1)
        .filter_map(|cell| {
            let head = cell.split('>').next().unwrap();
            let style: usize = head.split("s=\"").nth(1)?.split('"').next()?.parse().ok()?;
            let index: usize = cell.split("<v>").nth(1)?.split("</v>").next()?.parse().ok()?;
            prefixed.contains(&style).then(|| strings[index].clone())
        })
        .collect()
}

#[tokio::test]
async fn exported_cells_that_would_run_as_formulas_are_quote_prefixed() {
    let app = spawn_app().await;
    let owner = app.signed_in_user(PHONE).await;
    let token = bearer(&owner);
    let org: Value = app
        .create_org(
            token,
            &json!({"name": "三亚示例有限公司", "uscc": USCC, "legal_representative": "张三"}),
        )
        .await;
    let classes = format!("/api/v1/orgs/{}/classes", org["id"].as_str().unwrap());
    let class: Value = app
        .post_json(
            &classes,
            &json!({"name": "公式注入测试班", "class_type_code": "enterprise_staff",
                                      "training_mode": "live", "platform": "dingtalk"}),
        )
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let students = format!("{classes}/{}/students", class["id"].as_str().unwrap());
    // A name an importer (or a hostile staff member) typed: Excel would run it on open.
    let hostile = "=HYPERLINK(\"http://x.cn\",\"点\")";
    let added = app
        .post_json(
            &students,
            &json!({"name": hostile, "gender": "male", "resident_id": "110101199003070011",
                                       "mobile": "13912340001", "education": "本科"}),
        )
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(added.status(), 201, "{}", added.text().await.unwrap());

    let export = app.get_with_token(&format!("{students}.xlsx"), token).send().await.unwrap();
    assert_eq!(export.status(), 200);
    let prefixed = quote_prefixed_cells(&export.bytes().await.unwrap());

    assert_eq!(prefixed.len(), 1, "only the formula-like cell: {prefixed:?}");
    assert!(prefixed[0].starts_with("=HYPERLINK("), "its text is kept as typed: {prefixed:?}");
}
