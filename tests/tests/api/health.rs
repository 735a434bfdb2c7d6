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
