//! A class on the live platform (SPEC §5.3, §5.4): sync, sessions, pulling the live data
//! back into effective study time — against the sandbox's DingTalk, and against wiremock for
//! DingTalk's error codes and pagination.

use std::time::Duration;

use ketang::{
    integrations::dingtalk_live::{DingTalkApp, LivePlatform},
    jobs::Worker,
};
use ketang_tests::{TestApp, problem, spawn_app_with};
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
        let mut request =
            self.app.request(method, &format!("{}{rest}", self.base)).bearer_auth(&self.owner);
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
    let synced: Value = class.call(Method::POST, "/sync", None).await.json().await.unwrap();
    let again: Value = class.call(Method::POST, "/sync", None).await.json().await.unwrap();
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
    assert_eq!((synced["added"].as_i64(), synced["already_members"].as_i64()), (Some(2), Some(0)));
    assert_eq!((again["added"].as_i64(), again["already_members"].as_i64()), (Some(0), Some(2)));
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

    let refused = class.call(Method::POST, "/sync", None).await;

    let problem = problem(refused, 502).await;
    assert_eq!(problem["code"], "live_platform_error");
    let detail = problem["detail"].as_str().unwrap();
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
    class.call(Method::POST, "/sync", None).await;
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
    class.call(Method::POST, "/sync", None).await;
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
    assert_eq!(new["status"], "valid");
    assert_eq!(new["student_count"], 2);
    assert_eq!(new["org_name"], "三亚示例跨境电商有限公司");
    assert_eq!(problem(forged, 404).await["code"], "not_found");
}

/// The text of a PDF, by poppler's `pdftotext`, when installed.
fn pdf_text(pdf: &[u8]) -> std::io::Result<String> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("c.pdf");
    std::fs::write(&path, pdf)?;
    let out = std::process::Command::new("pdftotext").arg(&path).arg("-").output()?;
    if !out.status.success() {
        return Err(std::io::Error::other("pdftotext failed"));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[tokio::test]
async fn a_student_signed_in_with_their_phone_sees_only_their_own_records() {
    let class = Class::new(|_| {}).await;
    class.call(Method::POST, "/sync", None).await;
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
