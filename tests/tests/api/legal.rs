//! The texts users agree to (issue 21 item 1): a real default legal statement, privacy policy
//! and charter; versions only a super admin publishes; and a record of which version each user
//! agreed to and when, so a new version asks them again.

use ketang_tests::{TestApp, problem, spawn_app};
use reqwest::Method;
use serde_json::{Value, json};

const ADMIN: &str = "13900000001";
const USER: &str = "13700000001";

async fn publish(app: &TestApp, token: &str, kind: &str, body: &Value) -> reqwest::Response {
    app.request(Method::POST, &format!("/api/v1/admin/legal/{kind}"))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn agreements(app: &TestApp, token: &str) -> Vec<Value> {
    let body = app.get_json("/api/v1/me/agreements", token).await;
    body.as_array().unwrap_or_else(|| panic!("{body}")).clone()
}

fn agreement<'a>(all: &'a [Value], kind: &str) -> &'a Value {
    all.iter().find(|a| a["kind"] == kind).unwrap_or_else(|| panic!("no {kind} in {all:?}"))
}

/// Signs `phone` up through the SMS form, showing `terms`/`privacy` versions.
async fn sign_up(app: &TestApp, phone: &str, shown: Value) -> reqwest::Response {
    assert_eq!(app.request_sms_code(phone, "login").await.status(), 202);
    let code = app.last_sms_code(phone).await.unwrap();
    let mut body =
        json!({ "phone": phone, "code": code, "agree_terms": true, "token_delivery": "body" });
    body.as_object_mut().unwrap().extend(shown.as_object().unwrap().clone());
    app.sign_in_with_sms(&body).await
}

#[tokio::test]
async fn the_platform_ships_real_texts_that_anyone_can_read() {
    let app = spawn_app().await;

    for (kind, title, must_mention) in [
        ("terms", "平台法律声明", "中华人民共和国"),
        ("privacy", "隐私政策", "身份证"),
        ("charter", "协会章程", "会费"),
    ] {
        let response = app.get(&format!("/api/v1/legal/{kind}")).send().await.unwrap();
        assert_eq!(response.status(), 200, "{kind}");
        let doc: Value = response.json().await.unwrap();
        assert_eq!(doc["kind"], kind);
        assert_eq!(doc["version"], 1);
        assert_eq!(doc["is_default"], true);
        assert!(doc["title"].as_str().unwrap().contains(title), "{doc}");
        let body = doc["body"].as_str().unwrap();
        assert!(body.chars().count() > 1000, "{kind} is too short to be a real text");
        assert!(body.contains(must_mention), "{kind} does not mention {must_mention}");
        assert!(
            !body.contains("占位") && !body.contains("尚未在此发布"),
            "{kind} is a placeholder"
        );
    }
    let unknown = app.get("/api/v1/legal/cookies").send().await.unwrap();
    assert_eq!(unknown.status(), 404);
    let missing = app.get("/api/v1/legal/terms/versions/2").send().await.unwrap();
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn registering_records_the_versions_agreed_to_and_a_new_version_asks_again() {
    let app = spawn_app().await;
    let admin = app.operator(ADMIN).await;

    let session: Value = sign_up(&app, USER, json!({ "terms_version": 1, "privacy_version": 1 }))
        .await
        .json()
        .await
        .unwrap();
    let token = session["access_token"].as_str().unwrap();
    let mine = agreements(&app, token).await;
    assert_eq!(mine.len(), 2, "{mine:?}");
    for kind in ["terms", "privacy"] {
        let a = agreement(&mine, kind);
        assert_eq!(a["agreed_version"], 1);
        assert_eq!(a["current_version"], 1);
        assert_eq!(a["up_to_date"], true);
        assert!(a["agreed_at"].as_str().unwrap().ends_with('Z'), "{a}");
    }

    // The operator publishes version 2 of the legal statement.
    let published = publish(
        &app,
        &admin,
        "terms",
        &json!({ "title": "平台法律声明（2027 版）", "body": "## 一、总则\n\n新的条款。", "change_note": "补充了第一条" }),
    )
    .await;
    assert_eq!(published.status(), 201);
    let published: Value = published.json().await.unwrap();
    assert_eq!(published["version"], 2);
    assert_eq!(published["is_default"], false);
    let current: Value = app.get("/api/v1/legal/terms").send().await.unwrap().json().await.unwrap();
    assert_eq!(current["version"], 2);
    assert_eq!(current["change_note"], "补充了第一条");
    let history: Value =
        app.get("/api/v1/legal/terms/versions").send().await.unwrap().json().await.unwrap();
    assert_eq!(history["total"], 2);
    assert_eq!(history["items"][0]["version"], 2);
    assert!(history["items"][0].get("body").is_none(), "the history lists, it does not copy");
    // What the user agreed to stays readable as it was.
    let first: Value =
        app.get("/api/v1/legal/terms/versions/1").send().await.unwrap().json().await.unwrap();
    assert!(first["body"].as_str().unwrap().chars().count() > 1000);

    // The user is asked again; agreeing to the old version (a stale page) is refused.
    let mine = agreements(&app, token).await;
    let terms = agreement(&mine, "terms");
    assert_eq!(
        (terms["agreed_version"].as_i64(), terms["up_to_date"].as_bool()),
        (Some(1), Some(false))
    );
    assert_eq!(agreement(&mine, "privacy")["up_to_date"], true);
    let stale = app
        .request(Method::POST, "/api/v1/me/agreements")
        .bearer_auth(token)
        .json(&json!({ "kind": "terms", "version": 1 }))
        .send()
        .await
        .unwrap();
    assert_eq!(problem(stale, 409).await["code"], "legal_version_outdated");
    let agreed = app
        .request(Method::POST, "/api/v1/me/agreements")
        .bearer_auth(token)
        .json(&json!({ "kind": "terms", "version": 2 }))
        .send()
        .await
        .unwrap();
    assert_eq!(agreed.status(), 204);
    let terms = agreement(&agreements(&app, token).await, "terms").clone();
    assert_eq!(
        (terms["agreed_version"].as_i64(), terms["up_to_date"].as_bool()),
        (Some(2), Some(true))
    );

    // A sign-up form still showing version 1 is refused before the code is spent, and nothing
    // is registered; with the current version it goes through.
    let other = "13700000002";
    let refused = sign_up(&app, other, json!({ "terms_version": 1 })).await;
    assert_eq!(problem(refused, 409).await["code"], "legal_version_outdated");
    let code = app.last_sms_code(other).await.unwrap();
    let accepted = app
        .sign_in_with_sms(&json!({ "phone": other, "code": code, "agree_terms": true,
            "terms_version": 2, "privacy_version": 1, "token_delivery": "body" }))
        .await;
    assert_eq!(accepted.status(), 200, "the same code still works");
}

#[tokio::test]
async fn only_a_super_admin_publishes_and_bad_texts_are_refused_by_field() {
    let app = spawn_app().await;
    let user = app.signed_in_user(USER).await;
    let user_token = user["access_token"].as_str().unwrap();
    let text = json!({ "title": "新条款", "body": "内容" });

    let anonymous = app.post_json("/api/v1/admin/legal/terms", &text).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
    assert_eq!(publish(&app, user_token, "terms", &text).await.status(), 403);
    let reviewer = app.signed_in_user("13900000002").await;
    app.make_admin(reviewer["user"]["id"].as_str().unwrap(), "reviewer").await;
    let reviewer_token = reviewer["access_token"].as_str().unwrap();
    assert_eq!(publish(&app, reviewer_token, "terms", &text).await.status(), 403);

    let admin = app.operator(ADMIN).await;
    for (body, field) in [
        (json!({ "title": "   ", "body": "内容" }), "title"),
        (json!({ "title": "新条款", "body": " \n " }), "body"),
        (json!({ "title": "题".repeat(51), "body": "内容" }), "title"),
        (json!({ "title": "新条款", "body": "字".repeat(60_001) }), "body"),
    ] {
        let refused = publish(&app, &admin, "privacy", &body).await;
        let problem = problem(refused, 422).await;
        assert_eq!(problem["status"], 422, "{problem}");
        assert_eq!(problem["errors"][0]["field"], field, "{problem}");
    }
    let current: Value =
        app.get("/api/v1/legal/privacy").send().await.unwrap().json().await.unwrap();
    assert_eq!(current["version"], 1, "nothing was published");

    // The publication is in the audit log, as the operator.
    assert_eq!(publish(&app, &admin, "privacy", &text).await.status(), 201);
    let log = app.get_json("/api/v1/admin/audit-log?action=legal.publish", &admin).await;
    assert_eq!(log["total"], 1, "{log}");
    assert_eq!(log["items"][0]["object_id"], "privacy");
}

#[tokio::test]
async fn concurrent_publications_never_share_a_version_number() {
    let app = spawn_app().await;
    let admin = app.operator(ADMIN).await;
    let attempts = (0..6).map(|n| {
        let (app, admin) = (&app, &admin);
        async move {
            publish(app, admin, "terms", &json!({ "title": format!("版本 {n}"), "body": "内容" }))
                .await
                .status()
                .as_u16()
        }
    });
    let statuses = futures_util::future::join_all(attempts).await;
    let created = statuses.iter().filter(|s| **s == 201).count();
    assert!(statuses.iter().all(|s| *s == 201 || *s == 409), "{statuses:?}");
    let history: Value =
        app.get("/api/v1/legal/terms/versions").send().await.unwrap().json().await.unwrap();
    assert_eq!(history["total"].as_u64(), Some(created as u64 + 1), "{history}");
    let versions: Vec<i64> = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["version"].as_i64().unwrap())
        .collect();
    let expected: Vec<i64> = (1..=created as i64 + 1).rev().collect();
    assert_eq!(versions, expected);
}

#[tokio::test]
async fn a_member_registration_records_the_charter_version() {
    let app = spawn_app().await;
    let form = json!({
        "unit_name": "海南章程测试有限公司", "uscc": "91460200MA5T8XY10H", "legal_rep_name": "王法人",
        "legal_rep_mobile": "13600000000", "contact_name": "李联系",
        "contact_mobile": "13912345678", "user_type_id": "ut-enterprise",
        "password": "Member#2026", "password_confirmation": "Member#2026",
        "agree_charter": true, "charter_version": 2
    });
    let stale = app.register_member(&form).await;
    assert_eq!(problem(stale, 409).await["code"], "legal_version_outdated");

    let mut form = form;
    form["charter_version"] = json!(1);
    form.as_object_mut().unwrap().remove("sms_code");
    assert_eq!(app.register_member(&form).await.status(), 201);
    let contact = app.signed_in_user("13912345678").await;
    let mine = agreements(&app, contact["access_token"].as_str().unwrap()).await;
    let charter = agreement(&mine, "charter");
    assert_eq!(charter["agreed_version"], 1);
    assert_eq!(charter["up_to_date"], true);
}
