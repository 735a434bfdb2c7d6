//! The built SPA is served at `/` with history fallback; API paths stay problems.

use ketang_tests::{problem, spawn_app_with};

async fn app_with_spa() -> (ketang_tests::TestApp, tempfile::TempDir) {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(dist.path().join("index.html"), "<!doctype html><div id=root></div>").unwrap();
    std::fs::create_dir(dist.path().join("assets")).unwrap();
    std::fs::write(dist.path().join("assets/app-1234.js"), "console.log('ketang')").unwrap();
    let dist_dir = dist.path().to_path_buf();
    let app = spawn_app_with(move |s| s.web.dist_dir = dist_dir).await;
    (app, dist)
}

#[tokio::test]
async fn the_spa_is_served_at_the_root_and_for_deep_links() {
    let (app, _dist) = app_with_spa().await;

    for path in ["/", "/courses/123", "/user-center/messages"] {
        let response = app.get(path).send().await.unwrap();

        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()["cache-control"].to_str().unwrap(), "no-cache", "{path}");
        assert!(response.text().await.unwrap().contains("id=root"), "{path}");
    }
}

#[tokio::test]
async fn the_spa_assets_are_served_as_files() {
    let (app, _dist) = app_with_spa().await;

    let response = app.get("/assets/app-1234.js").send().await.unwrap();

    assert_eq!(response.status(), 200);
    assert!(response.text().await.unwrap().contains("ketang"));
}

#[tokio::test]
async fn unknown_api_paths_are_problems_even_with_the_spa_built() {
    let (app, _dist) = app_with_spa().await;

    let api = app.get("/api/v1/nope").send().await.unwrap();
    let outside_v1 = app.get("/api/nope").send().await.unwrap();
    let post = app.request(reqwest::Method::POST, "/courses/1").send().await.unwrap();

    assert_eq!(problem(api, 404).await["code"], "route_not_found");
    assert_eq!(problem(outside_v1, 404).await["code"], "route_not_found");
    assert_eq!(problem(post, 404).await["code"], "route_not_found");
}
