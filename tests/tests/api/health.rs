use ketang_tests::{problem, spawn_app};

#[tokio::test]
async fn health_check_answers_ok_with_a_request_id() {
    let app = spawn_app().await;

    let response = app.get("/healthz").send().await.unwrap();

    assert_eq!(response.status(), 200);
    let request_id = response.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert!(!request_id.is_empty());
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn readiness_checks_the_database() {
    let app = spawn_app().await;

    let response = app.get("/readyz").send().await.unwrap();

    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["database"], "ok");
}

#[tokio::test]
async fn readiness_fails_with_503_when_the_database_is_gone() {
    let app = spawn_app().await;
    app.db.pool.close().await;

    let response = app.get("/readyz").header("Accept-Language", "en").send().await.unwrap();

    let body = problem(response, 503).await;
    assert_eq!(body["code"], "service_unavailable");
    assert_eq!(body["title"], "Service unavailable; try again later");
}

#[tokio::test]
async fn metrics_count_requests_by_route_template() {
    let app = spawn_app().await;
    app.list_categories("?page=1").await;
    app.get("/api/v1/no-such-thing/123").send().await.unwrap();

    let response = app.get("/metrics").send().await.unwrap();

    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    assert!(
        text.contains(
            r#"ketang_http_requests_total{method="GET",route="/api/v1/categories",status="200"} 1"#
        ),
        "{text}"
    );
    assert!(text.contains("ketang_http_request_duration_seconds_bucket"), "{text}");
    assert!(!text.contains("no-such-thing"), "raw paths must not become labels: {text}");
}

#[tokio::test]
async fn responses_carry_security_headers() {
    let app = spawn_app().await;

    let response = app.get("/api/v1/categories").send().await.unwrap();

    let headers = response.headers();
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["x-frame-options"], "DENY");
    assert!(
        headers["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'")
    );
    assert!(!headers.contains_key("strict-transport-security"), "HSTS is for prod over HTTPS");
}

#[tokio::test]
async fn cors_allows_only_configured_origins() {
    let app = ketang_tests::spawn_app_with(|s| {
        s.cors.allowed_origins = vec!["https://partner.example".into()];
    })
    .await;

    let allowed = app
        .request(reqwest::Method::OPTIONS, "/api/v1/categories")
        .header("Origin", "https://partner.example")
        .header("Access-Control-Request-Method", "GET")
        .send()
        .await
        .unwrap();
    let refused = app
        .request(reqwest::Method::OPTIONS, "/api/v1/categories")
        .header("Origin", "https://evil.example")
        .header("Access-Control-Request-Method", "GET")
        .send()
        .await
        .unwrap();

    assert_eq!(allowed.status(), 200);
    assert_eq!(allowed.headers()["access-control-allow-origin"], "https://partner.example");
    assert!(!refused.headers().contains_key("access-control-allow-origin"));
}

#[tokio::test]
async fn without_configured_origins_there_is_no_cors() {
    let app = spawn_app().await;

    let response = app
        .get("/api/v1/categories")
        .header("Origin", "https://elsewhere.example")
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 200, "same-origin style requests still work");
    assert!(!response.headers().contains_key("access-control-allow-origin"));
}

#[tokio::test]
async fn a_graceful_stop_lets_the_server_finish() {
    let app = spawn_app().await;
    assert_eq!(app.get("/healthz").send().await.unwrap().status(), 200);

    tokio::time::timeout(std::time::Duration::from_secs(5), app.stop())
        .await
        .expect("stopped within the shutdown timeout");

    assert!(app.get("/healthz").send().await.is_err(), "no longer listening");
}

#[tokio::test]
async fn metrics_report_what_an_operator_must_act_on() {
    let app = spawn_app().await;
    // A job that failed for good, as the worker leaves one.
    sqlx::query(
        "insert into jobs (id, kind, payload, status, run_at, created_at, updated_at, last_error) \
         values ('j-failed', 'training.pull_records', '{}', 'failed', 0, 0, 0, 'DingTalk refused')",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    // An SMS code handed to the (sandbox) gateway.
    assert_eq!(app.request_sms_code("13700000009", "login").await.status(), 202);

    let text = app.get("/metrics").send().await.unwrap().text().await.unwrap();

    assert!(text.contains("ketang_jobs{status=\"failed\"} 1\n"), "{text}");
    assert!(text.contains("# TYPE ketang_jobs_oldest_due_seconds gauge\n"), "{text}");
    assert!(text.contains("# TYPE ketang_webhook_deliveries gauge\n"), "{text}");
    assert!(text.contains("# TYPE ketang_member_payments gauge\n"), "{text}");
    assert!(text.contains("ketang_db_pool_connections{state=\"in_use\"} "), "{text}");
    let sent = text
        .lines()
        .find_map(|line| line.strip_prefix("ketang_sms_sends_total{outcome=\"sent\"} "))
        .and_then(|count| count.parse::<u64>().ok());
    assert!(sent.is_some_and(|count| count >= 1), "{text}");
    // Every sample is `name{labels} number` under a TYPE line, as Prometheus parses it.
    let mut typed = std::collections::HashSet::new();
    for line in text.lines().filter(|line| !line.is_empty()) {
        if let Some(rest) = line.strip_prefix("# TYPE ") {
            typed.insert(rest.split(' ').next().unwrap().to_owned());
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let (series, value) = line.rsplit_once(' ').unwrap();
        assert!(value.parse::<f64>().is_ok(), "{line}");
        let name = series.split('{').next().unwrap();
        let family = ["_bucket", "_sum", "_count"]
            .iter()
            .find_map(|suffix| name.strip_suffix(suffix).filter(|base| typed.contains(*base)))
            .unwrap_or(name);
        assert!(typed.contains(family), "{line} has no TYPE");
    }
}

#[tokio::test]
async fn the_example_alerts_name_metrics_the_server_produces() {
    let app = spawn_app().await;
    // Counters appear once something was counted: an SMS and a (malformed) notification.
    assert_eq!(app.request_sms_code("13700000008", "login").await.status(), 202);
    let notified = app.post_json("/api/v1/payments/notify/alipay", &serde_json::json!({}));
    let notified = notified.header("Content-Type", "application/x-www-form-urlencoded").body("");
    assert_eq!(notified.send().await.unwrap().status(), 400);
    let exposed = app.get("/metrics").send().await.unwrap().text().await.unwrap();
    let rules = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../deploy/prometheus/alerts.yml"),
    )
    .unwrap();

    let mut named = std::collections::BTreeSet::new();
    for line in rules.lines().filter_map(|line| line.trim().strip_prefix("expr:")) {
        let mut rest = line;
        while let Some(start) = rest.find("ketang_") {
            let name: String = rest[start..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_' || c.is_ascii_digit())
                .collect();
            rest = &rest[start + name.len()..];
            named.insert(name);
        }
    }
    assert!(named.len() >= 7, "{named:?}");
    for name in &named {
        assert!(exposed.contains(&format!("# TYPE {name} ")), "{name} is not exposed:\n{exposed}");
    }
}
