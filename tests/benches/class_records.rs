//! P11 (issue 24), class records and the certificate as a class grows: a class of 3,000
//! students × 30 live sessions against one of 30 students × 3 sessions, each seeded end to end
//! the way an org gets there — the roster imported from a workbook and activated, the class
//! synced to the sandbox's DingTalk, each session scheduled, its live simulated there with every
//! student watching (30–59 minutes each), the records pulled back by the worker's job. Then,
//! timed: `GET …/records` until its body has arrived (every student's effective study time;
//! median of `RUNS`), issuing the
//! certificate (its summary and its PDF; one issue per class), and asking for it again with
//! the records unchanged (the summary again, no PDF; median of `RUNS`). The figure is the large
//! class's time ÷ the small one's; target ≤ 30 (the large class holds 1,000× the viewer rows
//! and 100× the students: linear in the students or better).
//! Printed as `BENCH_RESULT {json}` for `bench/run.sh`. SQLite, or PostgreSQL with
//! `TEST_DATABASE_URL`.

use std::time::{Duration, Instant};

use ketang::jobs::Worker;
use ketang_tests::{TestApp, spawn_app_with, students_workbook};
use reqwest::Method;
use serde_json::{Value, json};

const RUNS: usize = 9;

/// A seeded class: the app, the owner's token, the class's path.
struct Class {
    app: TestApp,
    token: String,
    base: String,
}

impl Class {
    async fn call(&self, method: Method, rest: &str, body: Option<Value>) -> reqwest::Response {
        let mut request =
            self.app.request(method, &format!("{}{rest}", self.base)).bearer_auth(&self.token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.unwrap()
    }

    async fn json(&self, method: Method, rest: &str, body: Option<Value>) -> Value {
        let response = self.call(method, rest, body).await;
        let status = response.status();
        let body: Value = response.json().await.unwrap();
        assert!(status.is_success(), "{rest}: {status} {body}");
        body
    }

    /// Runs due jobs as the worker would until the job at `job_path` has finished.
    async fn finish(&self, job_path: &str) {
        let worker = Worker::new(self.app.state.clone(), Duration::from_millis(10));
        for _ in 0..10_000 {
            worker.run_due().await.unwrap();
            let job: Value = self
                .app
                .get(job_path)
                .bearer_auth(&self.token)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            let job = if job.get("job").is_some() { &job["job"] } else { &job };
            match job["status"].as_str() {
                Some("succeeded") => return,
                Some("failed") => panic!("{job_path}: {job}"),
                _ => tokio::time::sleep(Duration::from_millis(20)).await,
            }
        }
        panic!("{job_path}: never finished");
    }
}

async fn seeded_class(students: u32, sessions: u32) -> Class {
    let app = spawn_app_with(|s| {
        s.server.workers = Some(2);
        s.jobs.enabled = false;
        // One simulated live names every viewer: ~70 bytes each.
        s.server.json_limit_bytes = 4 * 1024 * 1024;
    })
    .await;
    let token =
        app.signed_in_user("13800138000").await["access_token"].as_str().unwrap().to_owned();
    let org: Value = app.create_org(&token, &json!({"name": "三亚示例有限公司", "uscc": "91460200MA5T8XY10H", "legal_representative": "张三"})).await;
    let org_path = format!("/api/v1/orgs/{}", org["id"].as_str().unwrap());
    let class: Value = app
        .post_json(
            &format!("{org_path}/classes"),
            &json!({"name": "2026 春季 跨境电商班", "class_type_code": "enterprise_staff",
                    "training_mode": "live", "platform": "dingtalk"}),
        )
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let base = format!("{org_path}/classes/{}", class["id"].as_str().unwrap());
    let class = Class { app, token, base };

    let imported: Value = class
        .app
        .request(Method::POST, &format!("{}/students/import", class.base))
        .bearer_auth(&class.token)
        .header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .body(students_workbook(students))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(imported["imported"], students, "{imported}");
    let mut ids = Vec::new();
    for page in 1.. {
        let listed =
            class.json(Method::GET, &format!("/students?page_size=100&page={page}"), None).await;
        let items = listed["items"].as_array().unwrap();
        ids.extend(items.iter().map(|s| s["id"].as_str().unwrap().to_owned()));
        if items.len() < 100 {
            break;
        }
    }
    class.json(Method::POST, "/students/activate", Some(json!({"student_ids": ids}))).await;
    assert_eq!(class.call(Method::POST, "/sync", None).await.status(), 202);
    class.finish(&format!("{}/sync", class.base)).await;

    let start = time::OffsetDateTime::now_utc() + time::Duration::hours(1);
    let format = &time::format_description::well_known::Rfc3339;
    for session in 0..sessions {
        let planned = start + time::Duration::days(i64::from(session));
        let scheduled = class
            .json(
                Method::POST,
                "/sessions",
                Some(json!({"title": format!("第{}讲", session + 1), "lecturer_student_ids": [],
                            "planned_start_at": planned.format(format).unwrap(),
                            "planned_end_at": (planned + time::Duration::hours(1)).format(format).unwrap()})),
            )
            .await;
        // students_workbook's mobiles: 139 and the row number in eight digits.
        let viewers: Vec<Value> = (0..students)
            .map(|n| json!({"mobile": format!("139{n:08}"), "live_minutes": 30 + (n + session) % 30}))
            .collect();
        let live_id = scheduled["platform_live_id"].as_str().unwrap();
        let simulated = class
            .app
            .post_json(
                &format!("/sandbox/dingtalk/lives/{live_id}/simulate"),
                &json!({"duration_minutes": 60, "viewers": viewers}),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(simulated.status(), 200);
    }
    let pull = class.json(Method::POST, "/records/refresh", None).await;
    let org_path = class.base.split("/classes/").next().unwrap().to_owned();
    class.finish(&format!("{org_path}/jobs/{}", pull["id"].as_str().unwrap())).await;
    class
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// The three timings of a class of `students` × `sessions`.
async fn measure(students: u32, sessions: u32) -> (Duration, Duration, Duration, bool) {
    let seeding = Instant::now();
    let class = seeded_class(students, sessions).await;
    eprintln!(
        "class_records: {students} × {sessions} seeded in {:.1} s",
        seeding.elapsed().as_secs_f64()
    );
    let mut records = Vec::new();
    for _ in 0..RUNS {
        // Timed until the whole body has arrived; read by the test client after.
        let started = Instant::now();
        let response = class.call(Method::GET, "/records", None).await;
        assert_eq!(response.status(), 200);
        let bytes = response.bytes().await.unwrap();
        records.push(started.elapsed());
        let body: Value = serde_json::from_slice(&bytes).unwrap();
        let counted = body["students"].as_array().unwrap();
        assert_eq!(counted.len(), students as usize, "every student");
        assert!(counted.iter().all(|s| s["live_ms"].as_i64().unwrap() >= 30 * 60_000));
    }
    let started = Instant::now();
    let issued = class.call(Method::POST, "/certificate", None).await;
    let issue = started.elapsed();
    assert_eq!(issued.status(), 201);
    let mut again = Vec::new();
    for _ in 0..RUNS {
        let started = Instant::now();
        assert_eq!(class.call(Method::POST, "/certificate", None).await.status(), 200);
        again.push(started.elapsed());
    }
    let on_postgres = class
        .app
        .settings
        .database
        .url
        .as_ref()
        .is_some_and(|u| secrecy::ExposeSecret::expose_secret(u).starts_with("postgres"));
    (median(records), issue, median(again), on_postgres)
}

#[tokio::main]
async fn main() {
    // BENCH_CLASS_LARGE=STUDENTS,SESSIONS: a smaller large class, for a trial of the bench.
    let (students, sessions) = std::env::var("BENCH_CLASS_LARGE")
        .ok()
        .and_then(|v| v.split_once(',').map(|(a, b)| (a.parse().ok(), b.parse().ok())))
        .and_then(|(a, b)| a.zip(b))
        .unwrap_or((3_000, 30));
    let (small_records, small_issue, small_again, _) = measure(30, 3).await;
    let (large_records, large_issue, large_again, on_postgres) = measure(students, sessions).await;
    let database = if on_postgres { "PostgreSQL" } else { "SQLite" };
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let ratio = |large: Duration, small: Duration| {
        (large.as_secs_f64() / small.as_secs_f64() * 100.0).round() / 100.0
    };
    let result = json!({
        format!("P11 records {database}"): {
            "ratio": ratio(large_records, small_records),
            "target": 30.0,
            "detail": format!(
                "GET …/records of {students} students × {sessions} sessions {:.1} ms ÷ 30 × 3 {:.2} ms (medians of {RUNS})",
                ms(large_records), ms(small_records)
            ),
        },
        format!("P11 certificate {database}"): {
            "ratio": ratio(large_issue, small_issue),
            "target": 30.0,
            "detail": format!(
                "issuing the certificate (summary and PDF) of {students} × {sessions} {:.1} ms ÷ 30 × 3 {:.2} ms (one issue each); asked again with the records unchanged {:.1} ms ÷ {:.2} ms (medians of {RUNS})",
                ms(large_issue), ms(small_issue), ms(large_again), ms(small_again)
            ),
        },
    });
    #[allow(clippy::print_stdout)]
    {
        println!("BENCH_RESULT {result}");
    }
}
