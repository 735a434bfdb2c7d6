//! Every error is RFC 9457 problem+json, worded in the caller's language.

use ketang_tests::{problem, spawn_app};
use reqwest::Method;
use serde_json::json;

const EN: (&str, &str) = ("Accept-Language", "en");
const ZH: (&str, &str) = ("Accept-Language", "zh-CN,zh;q=0.9");

#[tokio::test]
async fn an_unknown_route_is_a_404_problem_in_english_when_asked() {
    let app = spawn_app().await;

    let response = app.get("/api/v1/nope").header(EN.0, EN.1).send().await.unwrap();

    assert_eq!(response.headers()["content-language"], "en");
    let request_id = response.headers()["x-request-id"].to_str().unwrap().to_owned();
    let body = problem(response, 404).await;
    assert_eq!(body["code"], "route_not_found");
    assert_eq!(body["title"], "No such endpoint");
    assert_eq!(body["type"], "/problems/route_not_found");
    assert_eq!(body["status"], 404);
    assert_eq!(body["request_id"], request_id.as_str());
}

#[tokio::test]
async fn an_unknown_route_is_a_404_problem_in_chinese_by_default() {
    let app = spawn_app().await;

    let response = app.get("/api/v1/nope").send().await.unwrap();

    let body = problem(response, 404).await;
    assert_eq!(body["title"], "接口不存在");
    assert!(body["detail"].as_str().unwrap().contains("/api/v1/nope"));
}

#[tokio::test]
async fn an_unknown_path_outside_the_api_is_a_404_problem_when_no_spa_is_built() {
    let app = spawn_app().await;

    let response = app.get("/courses/123").header(EN.0, EN.1).send().await.unwrap();

    let body = problem(response, 404).await;
    assert_eq!(body["code"], "route_not_found");
}

#[tokio::test]
async fn a_wrong_method_is_a_405_problem_with_allow() {
    let app = spawn_app().await;

    for (lang, title) in [(EN, "Method not allowed"), (ZH, "不支持该请求方法")] {
        let response = app
            .request(Method::DELETE, "/api/v1/categories")
            .header(lang.0, lang.1)
            .send()
            .await
            .unwrap();

        assert_eq!(response.headers()["allow"], "GET");
        let body = problem(response, 405).await;
        assert_eq!(body["code"], "method_not_allowed");
        assert_eq!(body["title"], title);
    }
}

#[tokio::test]
async fn malformed_json_is_a_400_problem_with_its_position() {
    let app = spawn_app().await;

    for (lang, title) in
        [(EN, "The request body is not valid JSON"), (ZH, "请求内容不是有效的 JSON")]
    {
        let response = app
            .request(Method::POST, "/api/v1/client-reports")
            .header("Content-Type", "application/json")
            .header(lang.0, lang.1)
            .body(r#"{"level": "error", "message": "#)
            .send()
            .await
            .unwrap();

        let body = problem(response, 400).await;
        assert_eq!(body["code"], "malformed_json");
        assert_eq!(body["title"], title);
        assert!(body["detail"].as_str().unwrap().contains('1'), "names the line: {body}");
    }
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_415_problem() {
    let app = spawn_app().await;

    for (lang, title) in [(EN, "Unsupported content type"), (ZH, "不支持的内容类型")] {
        let response = app
            .request(Method::POST, "/api/v1/client-reports")
            .header("Content-Type", "text/plain")
            .header(lang.0, lang.1)
            .body("level=error")
            .send()
            .await
            .unwrap();

        let body = problem(response, 415).await;
        assert_eq!(body["code"], "unsupported_media_type");
        assert_eq!(body["title"], title);
    }
}

#[tokio::test]
async fn a_body_over_the_limit_is_a_413_problem() {
    let app = spawn_app_with_small_json_limit().await;
    let oversized = json!({"level": "error", "message": "x".repeat(5000), "page_url": "/"});

    for (lang, title) in [(EN, "The request body is too large"), (ZH, "提交的内容过大")] {
        let response = app
            .post_json("/api/v1/client-reports", &oversized)
            .header(lang.0, lang.1)
            .send()
            .await
            .unwrap();

        let body = problem(response, 413).await;
        assert_eq!(body["code"], "payload_too_large");
        assert_eq!(body["title"], title);
        assert!(body["detail"].as_str().unwrap().contains("1024"), "names the limit: {body}");
    }
}

async fn spawn_app_with_small_json_limit() -> ketang_tests::TestApp {
    ketang_tests::spawn_app_with(|settings| settings.server.json_limit_bytes = 1024).await
}

#[tokio::test]
async fn invalid_fields_are_a_422_problem_listing_each_field() {
    let app = spawn_app().await;
    let report =
        json!({"level": "error", "message": "", "page_url": "/", "release": "r".repeat(65)});

    let en = problem(
        app.post_json("/api/v1/client-reports", &report).header(EN.0, EN.1).send().await.unwrap(),
        422,
    )
    .await;
    let zh = problem(
        app.post_json("/api/v1/client-reports", &report).header(ZH.0, ZH.1).send().await.unwrap(),
        422,
    )
    .await;

    assert_eq!(en["code"], "validation_failed");
    assert_eq!(
        en["errors"],
        json!([
            {"field": "message", "code": "length", "message": "must be 1 to 2000 characters long"},
            {"field": "release", "code": "length", "message": "must be at most 64 characters long"},
        ])
    );
    assert_eq!(zh["errors"][0]["message"], "长度应为 1 到 2000 个字符");
    assert_eq!(zh["errors"][1]["message"], "最多 64 个字符");
}

#[tokio::test]
async fn a_field_of_the_wrong_type_is_named_in_the_problem() {
    let app = spawn_app().await;

    let missing = app
        .post_json("/api/v1/client-reports", &json!({"level": "error", "page_url": "/"}))
        .header(EN.0, EN.1)
        .send()
        .await
        .unwrap();
    let wrong_type = app
        .post_json(
            "/api/v1/client-reports",
            &json!({"level": "error", "message": 42, "page_url": "/"}),
        )
        .send()
        .await
        .unwrap();
    let unknown_value = app
        .post_json(
            "/api/v1/client-reports",
            &json!({"level": "fatal", "message": "m", "page_url": "/"}),
        )
        .header(EN.0, EN.1)
        .send()
        .await
        .unwrap();

    let missing = problem(missing, 422).await;
    assert_eq!(missing["errors"][0]["field"], "message");
    assert_eq!(missing["errors"][0]["code"], "required");
    assert_eq!(missing["errors"][0]["message"], "is required");
    let wrong_type = problem(wrong_type, 422).await;
    assert_eq!(wrong_type["errors"][0]["field"], "message");
    assert_eq!(wrong_type["errors"][0]["code"], "invalid_type");
    let unknown_value = problem(unknown_value, 422).await;
    assert_eq!(unknown_value["errors"][0]["field"], "level");
    assert_eq!(unknown_value["errors"][0]["message"], "must be one of: error or warning");
}

#[tokio::test]
async fn invalid_query_parameters_are_a_422_problem_naming_the_parameter() {
    let app = spawn_app().await;

    for (query, field, code) in [
        ("?page_size=0", "page_size", "range"),
        ("?page_size=101", "page_size", "range"),
        ("?page=0", "page", "range"),
        ("?page=abc", "page", "invalid_type"),
        ("?page=-1", "page", "invalid_type"),
    ] {
        let response =
            app.get(&format!("/api/v1/categories{query}")).header(EN.0, EN.1).send().await.unwrap();

        let body = problem(response, 422).await;
        assert_eq!(body["errors"][0]["field"], field, "{query}");
        assert_eq!(body["errors"][0]["code"], code, "{query}");
    }
}

#[tokio::test]
async fn a_valid_client_report_is_accepted() {
    let app = spawn_app().await;
    let report = json!({
        "level": "error",
        "message": "TypeError: x is undefined",
        "page_url": "/courses/1",
        "stack": "at render (course-page.tsx:10)",
        "release": "0.1.0"
    });

    let response = app.post_json("/api/v1/client-reports", &report).send().await.unwrap();

    assert_eq!(response.status(), 202);
}
