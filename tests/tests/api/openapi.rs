use ketang_tests::spawn_app;
use serde_json::Value;

/// The committed `openapi.yaml` must be what the code describes: run `make openapi` after
/// changing the API.
#[test]
fn the_committed_openapi_yaml_matches_the_code() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi.yaml");
    let committed = std::fs::read_to_string(&path).expect("openapi.yaml at the repository root");

    let generated = ketang::routes::spec_yaml().unwrap();

    assert!(
        committed == generated,
        "openapi.yaml is out of date with the code: run `make openapi` and commit the result"
    );
}

/// Clients generate one function (or type) per `operationId`: two operations with one id get
/// each other's types (openapi-typescript merges them), so ids must be unique.
#[test]
fn every_operation_has_its_own_id() {
    let spec = serde_json::to_value(ketang::routes::spec()).unwrap();
    let mut seen = std::collections::BTreeMap::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let Some(id) = operation["operationId"].as_str() else { continue };
            if let Some(other) = seen.insert(id.to_owned(), format!("{method} {path}")) {
                panic!("operationId {id} is used by {other} and {method} {path}");
            }
        }
    }
    assert!(seen.len() > 100);
}

#[tokio::test]
async fn the_served_spec_lists_the_api_and_its_problem_schema() {
    let app = spawn_app().await;

    let spec: Value = app.get("/openapi.json").send().await.unwrap().json().await.unwrap();

    assert!(spec["openapi"].as_str().unwrap().starts_with("3.1"));
    assert!(spec["paths"]["/api/v1/categories"]["get"].is_object());
    assert!(spec["paths"]["/api/v1/meta/enums"]["get"].is_object());
    assert!(spec["components"]["schemas"]["Problem"].is_object());
}

#[tokio::test]
async fn interactive_docs_are_served_without_internet() {
    let app = spawn_app().await;

    let redirect = app.get("/docs").send().await.unwrap();
    let page = app.get("/docs/").send().await.unwrap();
    let bundle = app.get("/docs/swagger-ui-bundle.js").send().await.unwrap();

    assert!(redirect.status().is_redirection());
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("swagger-ui"));
    assert_eq!(bundle.status(), 200, "the UI's scripts are vendored, not fetched from a CDN");
}
