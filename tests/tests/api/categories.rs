use ketang_tests::spawn_app;
use serde_json::Value;

#[tokio::test]
async fn the_preset_categories_are_listed_in_display_order_with_a_total() {
    let app = spawn_app().await;

    let response = app.list_categories("").await;

    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["total"], 12);
    assert_eq!(body["page"], 1);
    assert_eq!(body["page_size"], 20);
    let items = body["items"].as_array().unwrap();
    assert_eq!(items.len(), 12);
    assert_eq!(items[0]["code"], "cross_border_ecommerce");
    assert_eq!(items[0]["name_zh"], "跨境电商实务");
    assert_eq!(items[0]["name_en"], "Cross-border e-commerce practice");
    let orders: Vec<i64> = items.iter().map(|c| c["sort_order"].as_i64().unwrap()).collect();
    assert!(orders.is_sorted(), "{orders:?}");
}

#[tokio::test]
async fn categories_are_paginated_without_overlap() {
    let app = spawn_app().await;

    let mut seen = Vec::new();
    for page in 1..=3 {
        let body: Value =
            app.list_categories(&format!("?page={page}&page_size=5")).await.json().await.unwrap();
        assert_eq!(body["total"], 12);
        assert_eq!(body["page"], page);
        for item in body["items"].as_array().unwrap() {
            seen.push(item["code"].as_str().unwrap().to_owned());
        }
    }
    let beyond: Value = app.list_categories("?page=4&page_size=5").await.json().await.unwrap();

    assert_eq!(seen.len(), 12);
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 12, "no category on two pages");
    assert_eq!(beyond["items"], serde_json::json!([]));
    assert_eq!(beyond["total"], 12);
}

#[tokio::test]
async fn disabled_categories_are_not_listed() {
    let app = spawn_app().await;
    sqlx::query("update categories set enabled = 0 where code = $1")
        .bind("live_commerce")
        .execute(&app.db.pool)
        .await
        .unwrap();

    let body: Value = app.list_categories("?page_size=100").await.json().await.unwrap();

    assert_eq!(body["total"], 11);
    let codes: Vec<&str> =
        body["items"].as_array().unwrap().iter().map(|c| c["code"].as_str().unwrap()).collect();
    assert!(!codes.contains(&"live_commerce"));
}

/// Issue 22 item 16: lists link their neighbours (RFC 8288), keeping the other parameters.
#[tokio::test]
async fn pages_link_first_previous_next_and_last() {
    let app = spawn_app().await;
    let link =
        |response: &reqwest::Response| response.headers()["link"].to_str().unwrap().to_owned();
    let first = app.list_categories("?page_size=5").await;
    let middle = app.list_categories("?page=2&page_size=5").await;
    let last = app.list_categories("?page_size=5&page=3").await;

    let path = "/api/v1/categories";
    assert_eq!(
        link(&first),
        format!(
            "<{path}?page_size=5&page=1>; rel=\"first\", <{path}?page_size=5&page=2>; rel=\"next\", <{path}?page_size=5&page=3>; rel=\"last\""
        )
    );
    assert_eq!(
        link(&middle),
        format!(
            "<{path}?page_size=5&page=1>; rel=\"first\", <{path}?page_size=5&page=1>; rel=\"prev\", <{path}?page_size=5&page=3>; rel=\"next\", <{path}?page_size=5&page=3>; rel=\"last\""
        )
    );
    assert!(!link(&last).contains("rel=\"next\""), "{}", link(&last));
}
