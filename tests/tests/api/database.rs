//! The database boundary behaves the same on SQLite and PostgreSQL.

use ketang::{catalog::store, error::ApiError};
use ketang_tests::spawn_app;

#[tokio::test]
async fn a_unique_violation_maps_to_a_409_conflict() {
    let app = spawn_app().await;

    let first = store::insert_category(&app.db, "robotics", "机器人", "Robotics", 130).await;
    let same_code =
        store::insert_category(&app.db, "robotics", "机器人技术", "Robotics", 140).await;
    let same_name = store::insert_category(&app.db, "robots", "机器人", "Robots", 150).await;

    assert_eq!(first.unwrap().code, "robotics");
    for result in [same_code, same_name] {
        let err = result.unwrap_err();
        assert!(matches!(err, ApiError::Conflict { code: "already_exists" }), "{err:?}");
        assert_eq!(actix_web::ResponseError::status_code(&err).as_u16(), 409);
    }
}

#[tokio::test]
async fn migrations_are_applied_at_start_up() {
    let app = spawn_app().await;

    let tables: i64 =
        sqlx::query_scalar("select count(*) from categories where code = 'cross_border_ecommerce'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    let jobs: Vec<String> = sqlx::query_scalar("select distinct kind from jobs")
        .fetch_all(&app.db.pool)
        .await
        .expect("table jobs");
    for table in ["users", "orgs", "org_members", "audit_log", "messages", "message_reads"] {
        let count: i64 = sqlx::query_scalar(&format!("select count(*) from {table}"))
            .fetch_one(&app.db.pool)
            .await
            .unwrap_or_else(|e| panic!("table {table}: {e}"));
        assert_eq!(count, 0, "{table} starts empty");
    }
    assert_eq!(tables, 1);
    assert!(
        jobs.iter().all(|kind| [
            ketang::media::SWEEP_UPLOADS_JOB,
            ketang::training::live::SCHEDULE_PULLS_JOB,
            ketang::training::students::EXPIRE_ERROR_REPORTS_JOB,
            ketang::payments::RECONCILE_JOB
        ]
        .contains(&kind.as_str())),
        "only the recurring jobs are scheduled: {jobs:?}"
    );
}

#[test]
fn the_two_migration_folders_list_the_same_migrations() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations");
    let list = |engine: &str| {
        let mut names: Vec<String> = std::fs::read_dir(root.join(engine))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };

    let sqlite = list("sqlite");

    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, list("postgres"));
}

#[tokio::test]
async fn the_demo_seed_can_run_twice_and_fills_the_catalog() {
    let app = spawn_app().await;

    ketang::demo::seed(&app.state).await.unwrap();
    ketang::demo::seed(&app.state).await.unwrap();

    let orgs: i64 =
        sqlx::query_scalar("select count(*) from orgs").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(orgs, 3);
    let admin = app.signed_in_user(ketang::demo::DEMO_ADMIN_MOBILE).await;
    let counts = app
        .get_with_token("/api/v1/admin/reviews/counts", admin["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(counts.status(), 200, "the demo admin reviews");
    assert_eq!(counts.json::<serde_json::Value>().await.unwrap()["courses"], 1);
    let fees: serde_json::Value = app
        .get_with_token("/api/v1/admin/member-fees", admin["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(fees.as_array().unwrap().len(), 12, "six levels, this year and last, seeded once");
    let catalog: serde_json::Value =
        app.get("/api/v1/courses?page_size=100").send().await.unwrap().json().await.unwrap();
    assert_eq!(catalog["total"], 12, "twelve listed; the pending and rejected ones are not");
    let providers: serde_json::Value =
        app.get("/api/v1/providers").send().await.unwrap().json().await.unwrap();
    assert_eq!(providers.as_array().unwrap().len(), 2);
    let course = catalog["items"][0]["id"].as_str().unwrap();
    let page: serde_json::Value =
        app.get(&format!("/api/v1/courses/{course}")).send().await.unwrap().json().await.unwrap();
    let video = app.get(page["video_url"].as_str().unwrap()).send().await.unwrap();
    assert_eq!(video.status(), 200);
    assert_eq!(video.headers()["content-type"], "video/mp4");
    let cover = app.get(page["cover"]["url"].as_str().unwrap()).send().await.unwrap();
    assert_eq!(cover.status(), 200);
    let largest_cover: i64 =
        sqlx::query_scalar("select max(size) from media where purpose = 'course_cover'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert!(largest_cover <= 100 * 1024, "demo covers keep the 100 KB rule: {largest_cover}");
    let students: i64 = sqlx::query_scalar("select count(*) from students where status = 'active'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let studied: i64 =
        sqlx::query_scalar("select count(distinct student_id) from session_study_times")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    let sessions: i64 =
        sqlx::query_scalar("select count(*) from class_sessions where duration_ms = 5400000")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!((students, sessions), (30, 3), "a class of 30 with three finished sessions");
    assert!(studied >= 25, "most students have effective time: {studied}");
    for (uscc,) in sqlx::query_as::<_, (String,)>("select uscc from orgs")
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
    {
        assert!(ketang::domain::Uscc::parse(&uscc).is_ok(), "{uscc} is a valid credit code");
    }
}

/// SQLite is built without the options that serialise every connection's page reads and
/// allocations on one process-wide mutex (`.cargo/config.toml`, issue 24 P11: 186 → 750
/// searches a second with 8 connections): a build that lost the flags fails here, not only
/// in a benchmark.
#[tokio::test]
async fn sqlite_runs_without_a_process_wide_page_cache_or_allocation_lock() {
    if ketang_tests::on_postgres() {
        return;
    }
    let app = spawn_app().await;

    let options: Vec<String> =
        sqlx::query_scalar("pragma compile_options").fetch_all(&app.db.pool).await.unwrap();

    assert!(options.iter().any(|o| o == "THREADSAFE=1"), "the list is read: {options:?}");
    assert!(!options.iter().any(|o| o == "ENABLE_MEMORY_MANAGEMENT"), "{options:?}");
    assert!(options.iter().any(|o| o == "DEFAULT_MEMSTATUS=0"), "{options:?}");
}
