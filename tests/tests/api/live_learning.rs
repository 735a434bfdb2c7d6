//! A class on the live platform (SPEC §5.3, §5.4): sync, sessions, pulling the live data
//! back into effective study time — against the sandbox's DingTalk, and against wiremock for
//! DingTalk's error codes and pagination.

use std::time::Duration;

use ketang::{
    integrations::dingtalk_live::{DingTalkApp, LivePlatform},
    jobs::Worker,
};
use ketang_tests::{TestApp, pdf_text, problem, spawn_app_with};
use reqwest::{Method, Response};
use serde_json::{Value, json};
use wiremock::{
    Mock, MockServer, ResponseTemplate,
    matchers::{method, path, query_param},
};

const OWNER: &str = "13800138000";
const USCC: &str = "91460200MA5T8XY10H";

/// A valid resident ID born 1990-03-07 with sequence `seq` (odd = male).
fn resident_id(seq: u32) -> String {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let body = format!("11010119900307{seq:03}");
    let sum: u32 = body.bytes().zip(WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
    format!("{body}{}", char::from(b"10X98765432"[(sum % 11) as usize]))
}

struct Class {
    app: TestApp,
    owner: String,
    base: String,
    students: Vec<String>,
}

impl Class {
    /// A class with three students (`13912340001…3`), the first two activated.
    async fn new(customize: impl FnOnce(&mut ketang::config::Settings)) -> Self {
        let app = spawn_app_with(|settings| {
            settings.jobs.enabled = false;
            customize(settings);
        })
        .await;
        let owner = app.signed_in_user(OWNER).await["access_token"].as_str().unwrap().to_owned();
        let org: Value = app.create_org(&owner, &json!({"name": "三亚示例跨境电商有限公司", "uscc": USCC, "legal_representative": "张三"})).await;
        let org_id = org["id"].as_str().unwrap();
        let class: Value = app
            .post_json(
                &format!("/api/v1/orgs/{org_id}/classes"),
                &json!({"name": "2026-春季，跨境电商班", "class_type_code": "enterprise_staff",
                        "training_mode": "live", "platform": "dingtalk"}),
            )
            .bearer_auth(&owner)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let base = format!("/api/v1/orgs/{org_id}/classes/{}", class["id"].as_str().unwrap());
        let mut this = Self { app, owner, base, students: Vec::new() };
        for seq in 1..=3u32 {
            let student: Value = this
                .call(
                    Method::POST,
                    "/students",
                    Some(json!({"name": format!("学员{seq}"), "gender": if seq % 2 == 1 { "male" } else { "female" },
                                "resident_id": resident_id(seq), "mobile": format!("1391234000{seq}"),
                                "education": "本科"})),
                )
                .await
                .json()
                .await
                .unwrap();
            this.students.push(student["id"].as_str().unwrap().to_owned());
        }
        let activate = json!({"student_ids": [this.students[0], this.students[1]]});
        assert_eq!(
            this.call(Method::POST, "/students/activate", Some(activate)).await.status(),
            200
        );
        this
    }

    async fn call(&self, method: Method, rest: &str, body: Option<Value>) -> Response {
        self.call_at(&self.base, method, rest, body).await
    }

    /// A call about another class of the same org (`base`: its path).
    async fn call_at(
        &self,
        base: &str,
        method: Method,
        rest: &str,
        body: Option<Value>,
    ) -> Response {
        let mut request =
            self.app.request(method, &format!("{base}{rest}")).bearer_auth(&self.owner);
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.unwrap()
    }

    async fn schedule(&self, lecturers: Value) -> Response {
        let start = time::OffsetDateTime::now_utc() + time::Duration::hours(1);
        let format = &time::format_description::well_known::Rfc3339;
        self.call(
            Method::POST,
            "/sessions",
            Some(json!({"title": "第一讲", "lecturer_student_ids": lecturers,
                        "planned_start_at": start.format(format).unwrap(),
                        "planned_end_at": (start + time::Duration::hours(1)).format(format).unwrap()})),
        )
        .await
    }

    /// Queues the sync, runs it as the worker would, and answers where it stands.
    async fn sync(&self) -> Value {
        self.sync_at(&self.base).await
    }

    async fn sync_at(&self, base: &str) -> Value {
        let queued = self.call_at(base, Method::POST, "/sync", None).await;
        assert_eq!(queued.status(), 202, "the sync is queued");
        Worker::new(self.app.state.clone(), Duration::from_millis(10)).run_due().await.unwrap();
        self.call_at(base, Method::GET, "/sync", None).await.json().await.unwrap()
    }

    /// Queues the pull and runs it as the worker would.
    async fn pull(&self) -> Value {
        let job: Value =
            self.call(Method::POST, "/records/refresh", None).await.json().await.unwrap();
        Worker::new(self.app.state.clone(), Duration::from_millis(10)).run_due().await.unwrap();
        let org_path = self.base.split("/classes/").next().unwrap().to_owned();
        let status: Value = self
            .app
            .get(&format!("{org_path}/jobs/{}", job["id"].as_str().unwrap()))
            .bearer_auth(&self.owner)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(status["status"], "succeeded", "{status}");
        self.call(Method::GET, "/records", None).await.json().await.unwrap()
    }
}

#[tokio::test]
async fn a_synced_class_gets_its_live_data_back_as_effective_study_time() {
    let class = Class::new(|_| {}).await;

    let unsynced = class.schedule(json!([])).await;
    let synced = class.sync().await;
    let again = class.sync().await;
    let session: Value = class.schedule(json!([class.students[1]])).await.json().await.unwrap();
    let live_id = session["platform_live_id"].as_str().unwrap();
    // The live in the sandbox: 60 minutes; student 1 watched 50 live and 30 as replay, an
    // outsider 10; student 3 (not activated, never synced) watched too.
    let simulated = class
        .app
        .post_json(
            &format!("/sandbox/dingtalk/lives/{live_id}/simulate"),
            &json!({"duration_minutes": 60,
                    "viewers": [{"mobile": "13912340001", "live_minutes": 50, "replay_minutes": 30}],
                    "outsiders": [{"name": "组织外观众", "live_minutes": 10},
                                  {"name": "学员3", "live_minutes": 40}]}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(simulated.status(), 200);
    let org_path = class.base.split("/classes/").next().unwrap().to_owned();
    let hook = class
        .app
        .post_json(
            &format!("{org_path}/webhooks"),
            &json!({"url": "https://hooks.example.com/ketang", "events": ["learning_records.updated"]}),
        )
        .bearer_auth(&class.owner)
        .send()
        .await
        .unwrap();
    assert_eq!(hook.status(), 201);
    let first = class.pull().await;
    let second = class.pull().await;
    let updates: Vec<String> = sqlx::query_scalar(
        "select payload from webhook_deliveries where event = 'learning_records.updated'",
    )
    .fetch_all(&class.app.db.pool)
    .await
    .unwrap();
    assert_eq!(updates.len(), 2, "one event per pull");
    assert!(updates[0].contains(class.base.rsplit('/').next().unwrap()), "names the class");
    let delete = class.call(Method::DELETE, "", None).await;
    let contacts = class.call(Method::GET, "/dingtalk-contacts.xlsx", None).await;
    let bytes = contacts.bytes().await.unwrap();
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let sheet = calamine::Reader::worksheet_range(&mut book, "通讯录导入").unwrap();
    let contact_rows: Vec<Vec<String>> =
        sheet.rows().map(|r| r.iter().map(ToString::to_string).collect()).collect();
    let notes = calamine::Reader::worksheet_range(&mut book, "说明").unwrap();
    assert_eq!(contact_rows[0], ["姓名", "手机号", "部门"]);
    assert_eq!(contact_rows[1], ["学员1", "13912340001", "2026 春季 跨境电商班"]);
    assert_eq!(contact_rows.len(), 3, "activated students only");
    assert!(notes.rows().any(|r| r[0].to_string().contains("自动创建部门群")));

    assert_eq!(problem(unsynced, 409).await["code"], "class_not_synced");
    assert_eq!(synced["job"]["status"], "succeeded");
    assert_eq!(
        (synced["job"]["progress_done"].as_i64(), synced["members"].as_i64()),
        (Some(2), Some(2))
    );
    assert_eq!(again["job"]["progress_total"], 0, "a repeated sync adds nobody twice");
    assert_eq!((again["members"].as_i64(), again["not_yet_members"].as_i64()), (Some(2), Some(0)));
    let minutes =
        |records: &Value, i: usize| records["students"][i]["live_ms"].as_i64().unwrap() / 60_000;
    assert_eq!(minutes(&first, 0), 50, "live only; replay does not count");
    assert_eq!(minutes(&first, 1), 60, "the lecturer gets the whole session");
    assert_eq!(first["students"].as_array().unwrap().len(), 2, "activated students only");
    assert_eq!(first["total_live_ms"], 3_600_000);
    let unmatched: Vec<&str> = first["unmatched_viewers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap())
        .collect();
    assert_eq!(unmatched, ["学员3", "组织外观众"]);
    assert_eq!(first["students"], second["students"], "pulling again replaces, never adds");
    assert_eq!(first["sessions"][0]["viewer_count"], second["sessions"][0]["viewer_count"]);
    assert_eq!(problem(delete, 409).await["code"], "class_has_live_records");
    let session_id = first["sessions"][0]["id"].as_str().unwrap();
    let per_student: Value = class
        .call(Method::GET, &format!("/students/{}/records", class.students[0]), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(per_student[0]["effective_ms"], 50 * 60_000);
    assert_eq!(per_student[0]["reported_playback_ms"], 30 * 60_000, "replay shown, never counted");
    let viewers: Value = class
        .call(Method::GET, &format!("/sessions/{session_id}/viewers"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(viewers.as_array().unwrap().len(), 3, "student 1 and two unmatched viewers");
    let export = class.call(Method::GET, "/records.xlsx", None).await;
    let bytes = export.bytes().await.unwrap();
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let students = calamine::Reader::worksheet_range(&mut book, "学员").unwrap();
    let rows: Vec<Vec<String>> =
        students.rows().map(|r| r.iter().map(ToString::to_string).collect()).collect();
    assert_eq!(rows[1][1], "0.83", "50 minutes in hours");
}

/// Two pulls of one class at once — what a worker whose job lease ran out while another
/// re-claimed the job would do; the product queues one pull per class at a time — count each
/// student's time once: each session's row is held by the first pull to write it, so the
/// second takes off exactly what the first added. Five rounds, each a pair of pulls racing over
/// two sessions (on PostgreSQL with `make test-postgres`; on SQLite the writes queue).
#[tokio::test]
async fn pulls_of_one_class_at_once_count_each_students_time_once() {
    let class = Class::new(|_| {}).await;
    class.sync().await;
    for (minutes, watched) in [(60, [50, 20]), (45, [45, 0])] {
        let session: Value = class.schedule(json!([])).await.json().await.unwrap();
        let live_id = session["platform_live_id"].as_str().unwrap();
        let viewers: Vec<Value> = (0..2)
            .filter(|i| watched[*i] > 0)
            .map(|i| json!({"mobile": format!("1391234000{}", i + 1), "live_minutes": watched[i]}))
            .collect();
        let simulated = class
            .app
            .post_json(
                &format!("/sandbox/dingtalk/lives/{live_id}/simulate"),
                &json!({"duration_minutes": minutes, "viewers": viewers,
                        "outsiders": [{"name": "组织外观众", "live_minutes": 10}]}),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(simulated.status(), 200);
    }
    let once = class.pull().await;
    let totals = |records: &Value| -> Vec<(i64, i64)> {
        records["students"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["live_ms"].as_i64().unwrap(), s["sessions_attended"].as_i64().unwrap()))
            .collect()
    };
    assert_eq!(totals(&once), [(95 * 60_000, 2), (20 * 60_000, 1)], "{once}");
    let class_id = class.base.rsplit('/').next().unwrap();
    let org_id = class.base.split('/').nth(4).unwrap();

    for round in 0..5 {
        let mut job_ids = Vec::new();
        for racer in ["a", "b"] {
            let key = format!("concurrent-pull-{round}-{racer}");
            let job = ketang::jobs::NewJob {
                kind: ketang::training::live::PULL_RECORDS_JOB,
                payload: json!({"class_id": class_id}),
                run_at: None,
                dedupe_key: Some(&key),
                org_id: Some(org_id),
            };
            job_ids.push(ketang::jobs::enqueue(&class.app.db.pool, job).await.unwrap());
        }
        let (first, second) = (
            Worker::new(class.app.state.clone(), Duration::from_millis(10)),
            Worker::new(class.app.state.clone(), Duration::from_millis(10)),
        );
        let (ran_first, ran_second) = tokio::join!(first.run_due(), second.run_due());
        assert_eq!(ran_first.unwrap() + ran_second.unwrap(), 2, "round {round}: both pulls ran");
        for job_id in &job_ids {
            let status: String = sqlx::query_scalar("select status from jobs where id = $1")
                .bind(job_id)
                .fetch_one(&class.app.db.pool)
                .await
                .unwrap();
            assert_eq!(status, "succeeded", "round {round}");
        }
        let records: Value = class.call(Method::GET, "/records", None).await.json().await.unwrap();
        assert_eq!(totals(&records), totals(&once), "round {round}: {records}");
        assert_eq!(records["unmatched_viewers"], once["unmatched_viewers"], "round {round}");
        let counted = |records: &Value| -> Vec<(i64, i64)> {
            records["sessions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| (s["duration_ms"].as_i64().unwrap(), s["viewer_count"].as_i64().unwrap()))
                .collect()
        };
        assert_eq!(counted(&records), counted(&once), "round {round}");
    }
}

#[tokio::test]
async fn dingtalk_refusals_reach_the_org_in_plain_words() {
    let dingtalk = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/gettoken"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"errcode": 0, "errmsg": "ok", "access_token": "t", "expires_in": 7200}),
        ))
        .mount(&dingtalk)
        .await;
    Mock::given(method("POST"))
        .and(path("/topapi/v2/department/create"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"errcode": 43007, "errmsg": "需要授权"})),
        )
        .mount(&dingtalk)
        .await;
    let uri = dingtalk.uri();
    let class = Class::new(move |settings| {
        settings.live_platform.dingtalk = Some(ketang::config::DingTalkAppSettings {
            app_key: "key".into(),
            app_secret: "secret".to_owned().into(),
            anchor_union_id: "anchor".into(),
            api_base: uri.clone(),
            oapi_base: uri,
        });
    })
    .await;

    let refused = class.sync().await;

    // A refusal retrying cannot fix fails the job at once, in words the org can act on.
    assert_eq!(refused["job"]["status"], "failed");
    let detail = refused["job"]["last_error"].as_str().unwrap();
    assert!(detail.contains("缺少所需权限") && detail.contains("43007"), "{detail}");
}

#[tokio::test]
async fn viewers_are_read_page_by_page_with_one_cached_token() {
    let dingtalk = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1.0/oauth2/accessToken"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"accessToken": "t", "expireIn": 7200})),
        )
        .expect(1)
        .mount(&dingtalk)
        .await;
    let viewer = |n: usize| json!({"userId": format!("u{n}"), "name": format!("观众{n}"), "watchLiveTime": 60_000, "watchPlaybackTime": 0});
    let full: Vec<Value> = (0..200).map(viewer).collect();
    Mock::given(method("GET"))
        .and(path("/v1.0/live/lives/watchUsers"))
        .and(query_param("pageNumber", "0"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"result": {"orgUsesList": full, "outOrgUserList": []}})),
        )
        .mount(&dingtalk)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/live/lives/watchUsers"))
        .and(query_param("pageNumber", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"result": {
            "orgUsesList": [viewer(200)], "outOrgUserList": [{"name": "组织外观众", "watchLiveTime": 1000, "watchPlaybackTime": 0}]}})))
        .mount(&dingtalk)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/live/lives"))
        .and(query_param("liveId", "gone"))
        .respond_with(ResponseTemplate::new(400).set_body_json(
            json!({"code": "lippi_live.stream.paramError", "message": "直播不存在"}),
        ))
        .mount(&dingtalk)
        .await;
    let app = DingTalkApp::new(
        "key".into(),
        "secret".to_owned().into(),
        dingtalk.uri(),
        dingtalk.uri(),
        "anchor".into(),
        reqwest::Client::new(),
    );

    let watchers = app.watchers("live-1").await.unwrap();
    let missing = app.live_info("gone").await.unwrap_err();

    assert_eq!(watchers.len(), 202);
    assert_eq!(watchers[201].user_id, None, "outsiders carry no user id");
    assert!(missing.plain_words().contains("找不到这场直播"), "{}", missing.plain_words());
}

#[tokio::test]
async fn a_subsidy_follows_the_rules_and_the_admins_decision() {
    let class = Class::new(|_| {}).await;
    class.sync().await;
    let session: Value = class.schedule(json!([])).await.json().await.unwrap();
    class
        .app
        .post_json(
            &format!("/sandbox/dingtalk/lives/{}/simulate", session["platform_live_id"].as_str().unwrap()),
            &json!({"duration_minutes": 60, "viewers": [
                {"mobile": "13912340001", "live_minutes": 50}, {"mobile": "13912340002", "live_minutes": 58}]}),
        )
        .send()
        .await
        .unwrap();
    class.pull().await;
    let admin = class.app.signed_in_user("13900139000").await;
    class.app.make_admin(admin["user"]["id"].as_str().unwrap(), "super").await;
    let admin = admin["access_token"].as_str().unwrap().to_owned();
    let as_admin = |method: Method, path: &str, body: Option<Value>| {
        let mut request =
            class.app.request(method, &format!("/api/v1/admin{path}")).bearer_auth(&admin);
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send()
    };

    let nobody_yet = class.call(Method::POST, "/subsidy-application", None).await;
    as_admin(
        Method::PUT,
        "/subsidy-rules",
        Some(json!({"threshold_ms": 55 * 60_000, "amount_per_student_fen": 50_000})),
    )
    .await
    .unwrap();
    let preview: Value =
        class.call(Method::GET, "/subsidy-preview", None).await.json().await.unwrap();
    let applied = class.call(Method::POST, "/subsidy-application", None).await;
    let twice = class.call(Method::POST, "/subsidy-application", None).await;
    let queue: Value =
        as_admin(Method::GET, "/subsidy-applications", None).await.unwrap().json().await.unwrap();
    let id = queue["items"][0]["id"].as_str().unwrap().to_owned();
    let no_note = as_admin(
        Method::POST,
        &format!("/subsidy-applications/{id}/decision"),
        Some(json!({"decision": "reject"})),
    )
    .await
    .unwrap();
    let rejected = as_admin(
        Method::POST,
        &format!("/subsidy-applications/{id}/decision"),
        Some(json!({"decision": "reject", "note": "请补充考勤说明"})),
    )
    .await
    .unwrap();
    let reapplied: Value =
        class.call(Method::POST, "/subsidy-application", None).await.json().await.unwrap();
    let approved: Value = as_admin(
        Method::POST,
        &format!("/subsidy-applications/{}/decision", reapplied["id"].as_str().unwrap()),
        Some(json!({"decision": "approve"})),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let listed: Value = class.call(Method::GET, "", None).await.json().await.unwrap();

    assert_eq!(problem(nobody_yet, 409).await["code"], "no_qualified_students");
    assert_eq!(preview["qualified"].as_array().unwrap().len(), 1, "58 minutes qualify, 50 do not");
    assert_eq!(preview["amount_fen"], 50_000);
    assert_eq!(applied.status(), 201);
    assert_eq!(problem(twice, 409).await["code"], "already_applied");
    assert_eq!(problem(no_note, 422).await["errors"][0]["field"], "note");
    assert_eq!(rejected.status(), 200);
    assert_eq!(reapplied["status"], "pending");
    assert_eq!(approved["status"], "approved");
    assert_eq!(approved["amount_fen"], 50_000);
    assert_eq!(listed["subsidy_status"], "approved");
    let kinds: Vec<String> = sqlx::query_scalar(
        "select kind from messages where kind like 'subsidy.%' order by created_at, id",
    )
    .fetch_all(&class.app.db.pool)
    .await
    .unwrap();
    assert_eq!(kinds, ["subsidy.rejected", "subsidy.approved"]);
}

#[tokio::test]
async fn a_certificate_is_verifiable_and_a_new_one_revokes_the_old() {
    let class = Class::new(|_| {}).await;
    class.sync().await;
    let session: Value = class.schedule(json!([])).await.json().await.unwrap();
    let simulate = |minutes: i64| {
        class
            .app
            .post_json(
                &format!("/sandbox/dingtalk/lives/{}/simulate", session["platform_live_id"].as_str().unwrap()),
                &json!({"duration_minutes": 60, "viewers": [{"mobile": "13912340001", "live_minutes": minutes}]}),
            )
            .send()
    };
    simulate(45).await.unwrap();
    class.pull().await;
    let none_yet = class.call(Method::GET, "/certificate", None).await;
    assert_eq!(none_yet.status(), 404, "no certificate before one is issued");

    let first = class.call(Method::POST, "/certificate", None).await;
    let same = class.call(Method::POST, "/certificate", None).await;
    let pdf = class.call(Method::GET, "/certificate.pdf", None).await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    let serial = first["serial"].as_str().unwrap().to_owned();
    assert!(first["verify_url"].as_str().unwrap().ends_with(&format!("/verify/{serial}")));
    assert_eq!(same.status(), 200, "unchanged records: the same certificate");
    assert_eq!(same.json::<Value>().await.unwrap()["serial"], serial.as_str());
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let bytes = pdf.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    assert!(bytes.len() < 200_000, "the font is subset: {} bytes", bytes.len());
    if let Ok(text) = pdf_text(&bytes) {
        assert!(text.contains("培训电子凭证"), "{text}");
        assert!(text.contains("学员1"), "{text}");
        assert!(text.contains("0.75 小时"), "45 minutes: {text}");
    } else {
        eprintln!("skipped the PDF text check: pdftotext (poppler-utils) is not installed");
    }

    simulate(55).await.unwrap();
    class.pull().await;
    // New records supersede the certificate at once, before anyone re-issues (issue 20 item 6).
    let stale: Value = class
        .app
        .get(&format!("/api/v1/certificates/{serial}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(stale["status"], "revoked", "{stale}");
    assert_eq!(stale["revoke_reason"], "records_changed");
    assert_eq!(stale["superseded_by"], Value::Null, "nothing replaces it yet");
    assert!(stale["records_updated_at"].is_string() && stale["records_reported_at"].is_string());
    let no_current = class.call(Method::GET, "/certificate", None).await;
    assert_eq!(no_current.status(), 404, "no valid certificate states stale hours");
    let records: Value = class.call(Method::GET, "/records", None).await.json().await.unwrap();
    assert!(records["records_reported_at"].is_string(), "{records}");
    // The totals kept on the student are replaced with the session's new time, never added to.
    let student = &records["students"][0];
    assert_eq!(
        (student["live_ms"].as_i64(), student["sessions_attended"].as_i64()),
        (Some(55 * 60_000), Some(1))
    );
    assert_eq!(records["sessions"][0]["viewer_count"], 1);
    let second: Value = class.call(Method::POST, "/certificate", None).await.json().await.unwrap();
    let old: Value = class
        .app
        .get(&format!("/api/v1/certificates/{serial}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let new: Value = class
        .app
        .get(&format!("/api/v1/certificates/{}", second["serial"].as_str().unwrap()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let forged = class.app.get("/api/v1/certificates/KT2026NOSUCHSERIAL").send().await.unwrap();

    assert_ne!(second["serial"], serial.as_str());
    let current: Value = class.call(Method::GET, "/certificate", None).await.json().await.unwrap();
    assert_eq!(current["serial"], second["serial"], "the current certificate is the new one");
    assert_eq!(old["status"], "revoked");
    assert_eq!(old["superseded_by"], second["serial"], "the old one names its successor");
    assert_eq!(new["status"], "valid");
    assert_eq!(new["student_count"], 2);
    assert_eq!(new["org_name"], "三亚示例跨境电商有限公司");
    assert_eq!(problem(forged, 404).await["code"], "not_found");
}

#[tokio::test]
async fn a_student_signed_in_with_their_phone_sees_only_their_own_records() {
    let class = Class::new(|_| {}).await;
    class.sync().await;
    let session: Value = class.schedule(json!([])).await.json().await.unwrap();
    class
        .app
        .post_json(
            &format!(
                "/sandbox/dingtalk/lives/{}/simulate",
                session["platform_live_id"].as_str().unwrap()
            ),
            &json!({"duration_minutes": 60, "viewers": [
                {"mobile": "13912340001", "live_minutes": 40, "replay_minutes": 10},
                {"mobile": "13912340002", "live_minutes": 20}]}),
        )
        .send()
        .await
        .unwrap();
    class.pull().await;

    let student =
        class.app.signed_in_user("13912340001").await["access_token"].as_str().unwrap().to_owned();
    let mine: Value = class
        .app
        .get_with_token("/api/v1/me/learning-records", &student)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    // Student 3 is not activated: their phone sees nothing.
    let inactive =
        class.app.signed_in_user("13912340003").await["access_token"].as_str().unwrap().to_owned();
    let nothing: Value = class
        .app
        .get_with_token("/api/v1/me/learning-records", &inactive)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let anonymous = class.app.get("/api/v1/me/learning-records").send().await.unwrap();

    assert_eq!(mine.as_array().unwrap().len(), 1);
    assert_eq!(mine[0]["student_name"], "学员1");
    assert_eq!(mine[0]["org_name"], "三亚示例跨境电商有限公司");
    assert_eq!(mine[0]["total_effective_ms"], 40 * 60_000);
    assert_eq!(mine[0]["sessions"][0]["reported_playback_ms"], 10 * 60_000);
    assert!(!mine.to_string().contains("学员2"), "nobody else's records");
    assert_eq!(nothing, json!([]));
    assert_eq!(anonymous.status(), 401);
}

/// Issue 20 item 1: people already in the company's DingTalk (employees; a student of another
/// class) join the class's department keeping their others, and their live time counts.
#[tokio::test]
async fn existing_company_members_join_the_department_and_their_time_counts() {
    let class = Class::new(|_| {}).await;
    // An employee already in the sandbox company's 销售部 (dept 3).
    let employee: Value = class
        .call(
            Method::POST,
            "/students",
            Some(json!({"name": "陈思思", "gender": "female", "resident_id": resident_id(12),
                        "mobile": "13800000102", "education": "本科"})),
        )
        .await
        .json()
        .await
        .unwrap();
    let employee_id = employee["id"].as_str().unwrap().to_owned();
    let activate = json!({"student_ids": [employee_id]});
    assert_eq!(class.call(Method::POST, "/students/activate", Some(activate)).await.status(), 200);

    let synced = class.sync().await;
    assert_eq!(synced["job"]["status"], "succeeded", "{synced}");
    assert_eq!(
        (synced["members"].as_i64(), synced["failures"].as_array().map(Vec::len)),
        (Some(3), Some(0))
    );
    let department = synced["department_id"].as_str().unwrap().to_owned();
    let departments: String = sqlx::query_scalar(
        "select dept_id from sandbox_dingtalk_users where mobile = '13800000102'",
    )
    .fetch_one(&class.app.db.pool)
    .await
    .unwrap();
    assert_eq!(departments, format!("3,{department}"), "keeps 销售部, joins the class");
    let users: i64 = sqlx::query_scalar(
        "select count(*) from sandbox_dingtalk_users where mobile = '13800000102'",
    )
    .fetch_one(&class.app.db.pool)
    .await
    .unwrap();
    assert_eq!(users, 1, "the same person, not a second account");

    // A second class with student 1 of the first: they join its department too.
    let org_path = class.base.split("/classes/").next().unwrap().to_owned();
    let second: Value = class
        .app
        .post_json(&format!("{org_path}/classes"), &json!({"name": "2026 秋季班", "class_type_code": "enterprise_staff",
                                                        "training_mode": "live", "platform": "dingtalk"}))
        .bearer_auth(&class.owner)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let other = format!("{org_path}/classes/{}", second["id"].as_str().unwrap());
    let again: Value = class
        .call_at(
            &other,
            Method::POST,
            "/students",
            Some(json!({"name": "学员1", "gender": "male", "resident_id": resident_id(1),
                        "mobile": "13912340001", "education": "本科"})),
        )
        .await
        .json()
        .await
        .unwrap();
    let activate = json!({"student_ids": [again["id"]]});
    assert_eq!(
        class.call_at(&other, Method::POST, "/students/activate", Some(activate)).await.status(),
        200
    );
    let other_sync = class.sync_at(&other).await;
    assert_eq!(other_sync["members"], 1, "{other_sync}");
    let other_department = other_sync["department_id"].as_str().unwrap();
    let both: String = sqlx::query_scalar(
        "select dept_id from sandbox_dingtalk_users where mobile = '13912340001'",
    )
    .fetch_one(&class.app.db.pool)
    .await
    .unwrap();
    assert_eq!(both, format!("{department},{other_department}"));

    // Their watching counts in the first class.
    let session: Value = class.schedule(json!([])).await.json().await.unwrap();
    let live_id = session["platform_live_id"].as_str().unwrap();
    let simulated = class
        .app
        .post_json(
            &format!("/sandbox/dingtalk/lives/{live_id}/simulate"),
            &json!({"duration_minutes": 60, "viewers": [{"mobile": "13800000102", "live_minutes": 40}]}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(simulated.status(), 200);
    let records = class.pull().await;
    let counted = records["students"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["student_id"] == employee_id.as_str())
        .unwrap()["live_ms"]
        .as_i64()
        .unwrap();
    assert_eq!(counted, 40 * 60_000, "the employee's live time counts");
    assert_eq!(records["unmatched_viewers"], json!([]), "nobody is left unmatched");
}

/// Issue 20 item 2: the sandbox answers in DingTalk's own format, errors included, and the
/// real reason reaches the org.
#[tokio::test]
async fn the_sandbox_dingtalk_refuses_in_dingtalks_own_format() {
    let class = Class::new(|_| {}).await;
    let token: Value = class
        .app
        .post_json(
            "/sandbox/dingtalk/v1.0/oauth2/accessToken",
            &json!({"appKey": ketang::auth::sso::providers::SANDBOX_CLIENT_ID,
                    "appSecret": ketang::auth::sso::providers::SANDBOX_CLIENT_SECRET}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let missing = class
        .app
        .get("/sandbox/dingtalk/v1.0/live/lives?liveId=no-such-live&unionId=x")
        .header("x-acs-dingtalk-access-token", token["accessToken"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 400);
    assert_eq!(missing.headers()["content-type"], "application/json");
    let body: Value = missing.json().await.unwrap();
    assert_eq!(body["code"], "lippi_live.stream.paramError", "{body}");
    assert_eq!(body["message"], "直播不存在");
    let unauthorised =
        class.app.get("/sandbox/dingtalk/v1.0/live/lives?liveId=x").send().await.unwrap();
    assert_eq!(unauthorised.status(), 401);
    assert_eq!(unauthorised.json::<Value>().await.unwrap()["code"], "InvalidAuthentication");

    // A pull of a live DingTalk no longer has fails at once, with DingTalk's reason in words.
    class.sync().await;
    let session: Value = class.schedule(json!([])).await.json().await.unwrap();
    sqlx::query("delete from sandbox_dingtalk_lives where live_id = $1")
        .bind(session["platform_live_id"].as_str().unwrap())
        .execute(&class.app.db.pool)
        .await
        .unwrap();
    let job: Value = class.call(Method::POST, "/records/refresh", None).await.json().await.unwrap();
    Worker::new(class.app.state.clone(), Duration::from_millis(10)).run_due().await.unwrap();
    let org_path = class.base.split("/classes/").next().unwrap().to_owned();
    let status: Value = class
        .app
        .get(&format!("{org_path}/jobs/{}", job["id"].as_str().unwrap()))
        .bearer_auth(&class.owner)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(status["status"], "failed");
    let reason = status["last_error"].as_str().unwrap();
    assert!(
        reason.contains("找不到这场直播") && reason.contains("lippi_live.stream.paramError"),
        "{reason}"
    );
    assert!(reason.contains("直播不存在"), "DingTalk's own message: {reason}");
}

/// Issue 20 item 3: the demo class's "update learning records" works end to end and finds
/// what the demo seeded.
#[tokio::test]
async fn the_demo_class_refreshes_its_records_against_the_sandbox() {
    let app = spawn_app_with(|settings| settings.jobs.enabled = false).await;
    ketang::demo::seed(&app.state).await.unwrap();
    let class_id = "019b7a40-0000-7000-8000-0000000f0001";
    let before: Vec<(String, i64)> = sqlx::query_as(
        "select student_id, effective_ms from session_study_times order by session_id, student_id",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    ketang::jobs::enqueue(
        &app.db.pool,
        ketang::jobs::NewJob {
            kind: ketang::training::live::PULL_RECORDS_JOB,
            payload: json!({"class_id": class_id}),
            run_at: None,
            dedupe_key: None,
            org_id: None,
        },
    )
    .await
    .unwrap();
    Worker::new(app.state.clone(), Duration::from_millis(10)).run_due().await.unwrap();
    let (status, error): (String, Option<String>) =
        sqlx::query_as("select status, last_error from jobs where kind = $1")
            .bind(ketang::training::live::PULL_RECORDS_JOB)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(status, "succeeded", "{error:?}");
    let after: Vec<(String, i64)> = sqlx::query_as(
        "select student_id, effective_ms from session_study_times order by session_id, student_id",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert!(!after.is_empty());
    assert_eq!(before, after, "the sandbox reports what the demo seeded");
}

/// Issue 20 item 5: a retried scheduling with the same `Idempotency-Key` gets the first
/// session back — one session, one live — also when the retries arrive at once.
#[tokio::test]
async fn a_retried_session_scheduling_makes_one_session_and_one_live() {
    let class = Class::new(|_| {}).await;
    class.sync().await;
    let start = time::OffsetDateTime::now_utc() + time::Duration::hours(2);
    let format = &time::format_description::well_known::Rfc3339;
    let body = json!({"title": "第二讲", "planned_start_at": start.format(format).unwrap(),
                      "planned_end_at": (start + time::Duration::hours(1)).format(format).unwrap()});
    let post = |key: &'static str, body: Value| {
        class
            .app
            .post_json(&format!("{}/sessions", class.base), &body)
            .bearer_auth(&class.owner)
            .header("Idempotency-Key", key)
            .send()
    };
    let first = post("schedule-1", body.clone()).await.unwrap();
    let retry = post("schedule-1", body.clone()).await.unwrap();
    assert_eq!(first.status(), 201);
    assert_eq!(retry.status(), 201);
    assert_eq!(retry.headers()["idempotent-replayed"], "true");
    let (first, retry): (Value, Value) = (first.json().await.unwrap(), retry.json().await.unwrap());
    assert_eq!(first["id"], retry["id"]);
    let mut other = body.clone();
    other["title"] = json!("第三讲");
    let reused = post("schedule-1", other).await.unwrap();
    assert_eq!(problem(reused, 422).await["errors"][0]["code"], "idempotency_key_reused");
    let burst =
        futures_util::future::join_all((0..5).map(|_| post("schedule-2", body.clone()))).await;
    let created: Vec<u16> = burst.iter().map(|r| r.as_ref().unwrap().status().as_u16()).collect();
    assert!(created.iter().all(|s| *s == 201 || *s == 409), "{created:?}");
    let sessions: i64 = sqlx::query_scalar("select count(*) from class_sessions")
        .fetch_one(&class.app.db.pool)
        .await
        .unwrap();
    let lives: i64 = sqlx::query_scalar("select count(*) from sandbox_dingtalk_lives")
        .fetch_one(&class.app.db.pool)
        .await
        .unwrap();
    assert_eq!((sessions, lives), (2, 2), "one session and one live per key");
}

/// Issue 20 item 4: a sync DingTalk interrupts (busy) keeps who was added, and the retry goes
/// on from there: nobody added twice, nobody lost.
#[tokio::test]
async fn an_interrupted_sync_resumes_where_it_stopped() {
    let dingtalk = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/gettoken"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"errcode": 0, "errmsg": "ok", "access_token": "t", "expires_in": 7200}),
        ))
        .mount(&dingtalk)
        .await;
    Mock::given(method("POST"))
        .and(path("/topapi/v2/department/create"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"errcode": 0, "errmsg": "ok", "result": {"dept_id": 555}})),
        )
        .expect(1)
        .mount(&dingtalk)
        .await;
    // The second student's first attempt meets a busy DingTalk; every other attempt succeeds.
    Mock::given(method("POST"))
        .and(path("/topapi/v2/user/create"))
        .and(wiremock::matchers::body_partial_json(json!({"mobile": "13912340002"})))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"errcode": -1, "errmsg": "系统繁忙"})),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&dingtalk)
        .await;
    Mock::given(method("POST"))
        .and(path("/topapi/v2/user/create"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"errcode": 0, "errmsg": "ok", "result": {"userid": "u-created"}}),
        ))
        .expect(2)
        .mount(&dingtalk)
        .await;
    let uri = dingtalk.uri();
    let class = Class::new(move |settings| {
        settings.live_platform.dingtalk = Some(ketang::config::DingTalkAppSettings {
            app_key: "key".into(),
            app_secret: "secret".to_owned().into(),
            anchor_union_id: "anchor".into(),
            api_base: uri.clone(),
            oapi_base: uri,
        });
    })
    .await;

    let interrupted = class.sync().await;
    assert_eq!(interrupted["job"]["status"], "queued", "busy: retried later {interrupted}");
    assert!(interrupted["job"]["last_error"].as_str().unwrap().contains("繁忙"));
    assert_eq!(
        (interrupted["members"].as_i64(), interrupted["not_yet_members"].as_i64()),
        (Some(1), Some(1))
    );
    sqlx::query("update jobs set run_at = 0 where status = 'queued'")
        .execute(&class.app.db.pool)
        .await
        .unwrap();
    Worker::new(class.app.state.clone(), Duration::from_millis(10)).run_due().await.unwrap();
    let resumed: Value = class.call(Method::GET, "/sync", None).await.json().await.unwrap();
    assert_eq!(resumed["job"]["status"], "succeeded", "{resumed}");
    assert_eq!(resumed["job"]["progress_total"], 1, "only the one left");
    assert_eq!(
        (resumed["members"].as_i64(), resumed["department_id"].as_str()),
        (Some(2), Some("555"))
    );
}
