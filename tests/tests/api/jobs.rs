//! Background jobs: claimed once across workers, retried with backoff, recurring sweeps.

use std::time::Duration;

use ketang::jobs::{self, NewJob, Worker};
use ketang_tests::{TestApp, spawn_app_with};
use reqwest::Method;
use serde_json::json;
use sha2::{Digest, Sha256};

/// An app whose own worker is off, so each test decides when jobs run.
async fn app_without_worker() -> TestApp {
    spawn_app_with(|settings| settings.jobs.enabled = false).await
}

fn worker(app: &TestApp) -> Worker {
    Worker::new(app.state.clone(), Duration::from_millis(20))
}

async fn job_row(app: &TestApp, id: &str) -> (String, i64, i64, Option<String>, Option<String>) {
    sqlx::query_as(
        "select status, attempts, run_at, last_error, dedupe_key from jobs where id = $1",
    )
    .bind(id)
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
}

fn job<'a>(kind: &'a str, dedupe_key: Option<&'a str>) -> NewJob<'a> {
    NewJob { kind, payload: json!({}), run_at: None, dedupe_key, org_id: None }
}

#[tokio::test]
async fn two_workers_never_run_one_job_twice() {
    let app = app_without_worker().await;
    for _ in 0..30 {
        jobs::enqueue(&app.db.pool, job(ketang::media::SWEEP_UPLOADS_JOB, None)).await.unwrap();
    }

    let (one, other) = (worker(&app), worker(&app));
    let (first, second) = tokio::join!(one.run_due(), other.run_due());

    assert_eq!(first.unwrap() + second.unwrap(), 30);
    let runs: Vec<(String, i64)> =
        sqlx::query_as("select status, attempts from jobs").fetch_all(&app.db.pool).await.unwrap();
    assert!(
        runs.iter().all(|(status, attempts)| status == "succeeded" && *attempts == 1),
        "{runs:?}"
    );
}

#[tokio::test]
async fn a_key_holds_one_unfinished_job_and_frees_once_it_finishes() {
    let app = app_without_worker().await;

    let first = jobs::enqueue(&app.db.pool, job(ketang::media::SWEEP_UPLOADS_JOB, Some("k"))).await;
    let again = jobs::enqueue(&app.db.pool, job(ketang::media::SWEEP_UPLOADS_JOB, Some("k"))).await;
    worker(&app).run_due().await.unwrap();
    let after = jobs::enqueue(&app.db.pool, job(ketang::media::SWEEP_UPLOADS_JOB, Some("k"))).await;

    assert_eq!(first.as_ref().unwrap(), again.as_ref().unwrap());
    assert_ne!(first.unwrap(), after.unwrap());
}

#[tokio::test]
async fn a_failing_job_retries_later_and_fails_for_good_after_its_last_attempt() {
    let app = app_without_worker().await;
    let id = jobs::enqueue(&app.db.pool, job("no.such.kind", Some("doomed"))).await.unwrap();
    let before = ketang::db::now_ms();

    worker(&app).run_due().await.unwrap();
    let (status, attempts, run_at, error, _) = job_row(&app, &id).await;
    assert_eq!((status.as_str(), attempts), ("queued", 1));
    assert!(run_at >= before + 30_000, "backs off: {}", run_at - before);
    assert!(error.unwrap().contains("no runner"));
    assert_eq!(worker(&app).run_due().await.unwrap(), 0, "not due yet");

    sqlx::query("update jobs set run_at = 0, attempts = max_attempts - 1 where id = $1")
        .bind(&id)
        .execute(&app.db.pool)
        .await
        .unwrap();
    worker(&app).run_due().await.unwrap();
    let (status, _, _, _, dedupe_key) = job_row(&app, &id).await;
    assert_eq!(status, "failed");
    assert_eq!(dedupe_key, None, "the key is free for a new job");
}

#[tokio::test]
async fn a_job_whose_worker_died_is_taken_over_when_its_lease_lapses() {
    let app = app_without_worker().await;
    let id =
        jobs::enqueue(&app.db.pool, job(ketang::media::SWEEP_UPLOADS_JOB, None)).await.unwrap();
    sqlx::query(
        "update jobs set status = 'running', attempts = 1, locked_until = $2 where id = $1",
    )
    .bind(&id)
    .bind(ketang::db::now_ms() + 60_000)
    .execute(&app.db.pool)
    .await
    .unwrap();

    assert_eq!(worker(&app).run_due().await.unwrap(), 0, "still leased");
    sqlx::query("update jobs set locked_until = 0 where id = $1")
        .bind(&id)
        .execute(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(worker(&app).run_due().await.unwrap(), 1);
    let (status, attempts, ..) = job_row(&app, &id).await;
    assert_eq!((status.as_str(), attempts), ("succeeded", 2));
}

#[tokio::test]
async fn the_running_worker_sweeps_expired_uploads_with_their_chunks() {
    let app = spawn_app_with(|settings| settings.jobs.poll_interval_ms = 20).await;
    let token =
        app.signed_in_user("13800138000").await["access_token"].as_str().unwrap().to_owned();
    let bytes = vec![7u8; 1500];
    let mut uploads = Vec::new();
    for _ in 0..2 {
        let session: serde_json::Value = app
            .post_json(
                "/api/v1/uploads",
                &json!({"purpose": "payment_voucher", "file_name": "a.pdf", "size": bytes.len(),
                        "sha256": hex::encode(Sha256::digest(&bytes))}),
            )
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let id = session["id"].as_str().unwrap().to_owned();
        let put = app
            .request(Method::PUT, &format!("/api/v1/uploads/{id}/chunks/0"))
            .bearer_auth(&token)
            .header("Content-Type", "application/octet-stream")
            .body(bytes.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(put.status(), 204);
        uploads.push(id);
    }
    let (expired, live) = (&uploads[0], &uploads[1]);
    sqlx::query("update uploads set expires_at = 0 where id = $1")
        .bind(expired)
        .execute(&app.db.pool)
        .await
        .unwrap();
    // Polls for up to 15 s: a loaded CI machine runs the worker's other recurring jobs first.
    // The sweep that ran at start-up found nothing; its next run is brought forward — on every
    // poll, since the start-up run may still hold the job (running) when the first one looks.
    let mut gone = false;
    for _ in 0..750 {
        sqlx::query("update jobs set run_at = 0 where kind = $1 and status = 'queued'")
            .bind(ketang::media::SWEEP_UPLOADS_JOB)
            .execute(&app.db.pool)
            .await
            .unwrap();
        let left: i64 = sqlx::query_scalar("select count(*) from uploads where id = $1")
            .bind(expired)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        if left == 0 {
            gone = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    assert!(gone, "the expired upload was swept");
    let staging = app.settings.data_dir.join("media/staging");
    assert!(!staging.join(expired).join("00000000").exists(), "its chunk went too");
    assert!(staging.join(live).join("00000000").exists(), "a live upload keeps its chunks");
    let resumed = app.get(&format!("/api/v1/uploads/{live}")).bearer_auth(&token).send().await;
    assert_eq!(resumed.unwrap().status(), 200);
}
