//! Two `ketang` processes on one PostgreSQL database (issue 9), as a deployment behind a load
//! balancer runs them: every limit and every "exactly once" lives in the database, so it
//! holds whichever instance a request reaches. Arranging is done through an in-process app
//! (its worker off) sharing the database, keys and media folder.

use std::{collections::HashSet, time::Duration};

use futures_util::future::join_all;
use ketang::sandbox::payments::wechat_notification;
use ketang_tests::{ServerProcess, TestApp, on_postgres, problem, spawn_app_with};
use secrecy::ExposeSecret;
use serde_json::{Value, json};
use wiremock::{Mock, MockServer, ResponseTemplate, matchers::method};

use crate::payments::{FEE, Member, transaction};

/// Both instances poll for jobs every 20 ms, so they race for each one.
async fn two_instances(app: &TestApp) -> (ServerProcess, ServerProcess) {
    let url = app.settings.database.url.as_ref().unwrap().expose_secret().to_owned();
    let env = [("KETANG_JOBS__POLL_INTERVAL_MS", "20")];
    let data_dir = &app.settings.data_dir;
    (
        ServerProcess::start(data_dir, &url, &env).await,
        ServerProcess::start(data_dir, &url, &env).await,
    )
}

async fn arranging_app() -> Option<TestApp> {
    if !on_postgres() {
        eprintln!("skipped: several instances share a PostgreSQL database (TEST_DATABASE_URL)");
        return None;
    }
    Some(spawn_app_with(|s| s.jobs.enabled = false).await)
}

#[tokio::test]
async fn sms_intervals_and_password_lockouts_hold_across_instances() {
    let Some(app) = arranging_app().await else { return };
    let (a, b) = two_instances(&app).await;
    let client = reqwest::Client::new();
    let send_code = |instance: &ServerProcess, phone: &str| {
        client
            .post(instance.url("/api/v1/auth/sms-codes"))
            .json(&json!({"phone": phone, "purpose": "login"}))
            .send()
    };

    assert_eq!(send_code(&a, "13600136000").await.unwrap().status(), 202);
    let again = send_code(&b, "13600136000").await.unwrap();
    assert_eq!(again.status(), 429, "the other instance knows a code went out");
    assert!(again.headers().contains_key("retry-after"));

    let session = app.signed_in_user("13800138000").await;
    let password = app
        .request(reqwest::Method::PUT, "/api/v1/me/password")
        .bearer_auth(session["access_token"].as_str().unwrap())
        .json(&json!({"new_password": "Ketang#2026"}))
        .send()
        .await
        .unwrap();
    assert_eq!(password.status(), 204);
    let sign_in = |instance: &ServerProcess, password: &str| {
        client
            .post(instance.url("/api/v1/auth/sign-in/password"))
            .json(&json!({"phone": "13800138000", "password": password, "token_delivery": "body"}))
            .send()
    };
    // Five wrong guesses spread over both instances lock the password on both: the fifth is
    // answered with the lockout.
    for n in 0..4 {
        let instance = if n % 2 == 0 { &a } else { &b };
        assert_eq!(sign_in(instance, "Wrong#2026").await.unwrap().status(), 401, "guess {n}");
    }
    assert_eq!(sign_in(&a, "Wrong#2026").await.unwrap().status(), 423, "the fifth guess");
    assert_eq!(sign_in(&a, "Ketang#2026").await.unwrap().status(), 423);
    assert_eq!(sign_in(&b, "Ketang#2026").await.unwrap().status(), 423);
}

#[tokio::test]
async fn class_codes_stay_unique_when_both_instances_create_at_once() {
    let Some(app) = arranging_app().await else { return };
    let (a, b) = two_instances(&app).await;
    let token =
        app.signed_in_user("13800138000").await["access_token"].as_str().unwrap().to_owned();
    let org: Value = app.create_org(&token, &json!({"name": "三亚示例有限公司", "uscc": "91460200MA5T8XY10H", "legal_representative": "张三"})).await;
    let path = format!("/api/v1/orgs/{}/classes", org["id"].as_str().unwrap());
    let client = reqwest::Client::new();

    let creates = (0..40).map(|n| {
        let instance = if n % 2 == 0 { &a } else { &b };
        client
            .post(instance.url(&path))
            .bearer_auth(&token)
            .json(&json!({"name": format!("第{n}期"), "class_type_code": "enterprise_staff",
                          "training_mode": "live", "platform": "dingtalk"}))
            .send()
    });
    let mut codes = HashSet::new();
    for created in join_all(creates).await {
        let created = created.unwrap();
        assert_eq!(created.status(), 201);
        let class: Value = created.json().await.unwrap();
        codes.insert(class["code"].as_str().unwrap().to_owned());
    }
    assert_eq!(codes.len(), 40, "forty classes, forty codes");
}

#[tokio::test]
async fn each_job_is_run_by_exactly_one_instance() {
    let Some(app) = arranging_app().await else { return };
    let receiver = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(204)).mount(&receiver).await;
    let token =
        app.signed_in_user("13800138000").await["access_token"].as_str().unwrap().to_owned();
    let org: Value = app.create_org(&token, &json!({"name": "三亚示例有限公司", "uscc": "91460200MA5T8XY10H", "legal_representative": "张三"})).await;
    let org_id = org["id"].as_str().unwrap().to_owned();
    let hook = app
        .post_json(
            &format!("/api/v1/orgs/{org_id}/webhooks"),
            &json!({"url": receiver.uri(), "events": ["member.approved"]}),
        )
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(hook.status(), 201);
    let (_a, _b) = two_instances(&app).await;

    // Sixty deliveries queued at once, as sixty events would queue them.
    const EVENTS: usize = 60;
    let mut tx = app.db.pool.begin().await.unwrap();
    for n in 0..EVENTS {
        let event = ketang::events::Event {
            kind: ketang::events::EventKind::MemberApproved,
            org_id: &org_id,
            data: json!({"n": n}),
        };
        ketang::events::announce(&mut tx, event).await.unwrap();
    }
    tx.commit().await.unwrap();

    for _ in 0..150 {
        if receiver.received_requests().await.unwrap().len() >= EVENTS {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await; // room for a duplicate to show
    let received = receiver.received_requests().await.unwrap();
    let ids: HashSet<String> = received
        .iter()
        .map(|r| r.headers.get("ketang-webhook-id").unwrap().to_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), EVENTS, "every delivery arrived");
    assert_eq!(received.len(), EVENTS, "and none twice");
    let runs: Vec<(i64,)> =
        sqlx::query_as("select attempts from jobs where kind = 'webhooks.deliver'")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    assert!(runs.iter().all(|(attempts,)| *attempts == 1), "each job claimed once: {runs:?}");
}

#[tokio::test]
async fn a_payment_notification_delivered_to_both_instances_at_once_confirms_once() {
    let Some(app) = arranging_app().await else { return };
    let member = Member::on(app).await;
    let (a, b) = two_instances(&member.app).await;
    let order: Value = member.order("wechat_native", None).await.json().await.unwrap();
    let id = order["payment"]["id"].as_str().unwrap().to_owned();
    let trade_no = member.out_trade_no(&id).await;
    let (body, headers) = wechat_notification(&transaction(&trade_no, FEE)).unwrap();
    let client = reqwest::Client::new();

    let deliveries = (0..10).map(|n| {
        let instance = if n % 2 == 0 { &a } else { &b };
        let mut request = client
            .post(instance.url("/api/v1/payments/notify/wechatpay"))
            .header("Content-Type", "application/json")
            .body(body.clone());
        for (name, value) in &headers {
            request = request.header(*name, value);
        }
        request.send()
    });
    for answer in join_all(deliveries).await {
        assert_eq!(answer.unwrap().status(), 200, "every delivery is acknowledged");
    }

    assert_eq!(member.payment(&id).await["status"], "paid");
    assert_eq!(member.confirmations(&id).await, 1);
    let messages: i64 = sqlx::query_scalar(
        "select count(*) from messages where kind = 'payment.confirmed' and object_id = $1",
    )
    .bind(&id)
    .fetch_one(&member.app.db.pool)
    .await
    .unwrap();
    assert_eq!(messages, 1);
}

/// What one instance or the database revokes, the other instance refuses at once. On
/// PostgreSQL every signed-in request reads its session, account and membership (one
/// statement); on SQLite an instance keeps the callers it has read until the database's next
/// commit, by any process (`access::callers`): here the instances run on SQLite too, three
/// processes on one database file, each having served (and kept) every caller before the change.
#[tokio::test]
async fn what_is_revoked_anywhere_is_refused_by_every_instance_at_once() {
    let app = spawn_app_with(|s| s.jobs.enabled = false).await;
    let (a, b) = two_instances(&app).await;
    let client = reqwest::Client::new();
    let get = |instance: &ServerProcess, path: &str, token: &str| {
        client.get(instance.url(path)).bearer_auth(token).send()
    };
    let owner = app.signed_in_user("13800138000").await;
    let owner_token = owner["access_token"].as_str().unwrap();
    let org = app
        .create_org(
            owner_token,
            &json!({"name": "三亚示例跨境电商有限公司", "uscc": "91460200MA5T8XY10H",
                    "legal_representative": "张三"}),
        )
        .await;
    let org_page = format!("/api/v1/orgs/{}", org["id"].as_str().unwrap());
    let operator = app.operator("13900000001").await;
    let staff = app.signed_in_user("13700137000").await;
    let staff_token = staff["access_token"].as_str().unwrap();
    for (path, token) in [
        ("/api/v1/me", owner_token),
        (org_page.as_str(), owner_token),
        ("/api/v1/admin/users", &operator),
        ("/api/v1/me", staff_token),
    ] {
        // Twice: the second is answered from what the first kept, on SQLite.
        for _ in 0..2 {
            assert_eq!(get(&b, path, token).await.unwrap().status(), 200, "{path} before");
        }
    }

    let signed_out = client
        .post(a.url("/api/v1/auth/sign-out"))
        .json(&json!({"refresh_token": owner["refresh_token"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_out.status(), 204);
    for path in ["/api/v1/me", org_page.as_str()] {
        let refused = get(&b, path, owner_token).await.unwrap();
        assert_eq!(
            problem(refused, 401).await["code"],
            "session_ended",
            "{path} on the other instance"
        );
    }

    // Each change below comes after the caller was served (and kept) again since the last one.
    for _ in 0..2 {
        assert_eq!(get(&b, "/api/v1/admin/users", &operator).await.unwrap().status(), 200);
    }
    sqlx::query("update users set admin_role = null where admin_role = 'super'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let demoted = get(&b, "/api/v1/admin/users", &operator).await.unwrap();
    assert_eq!(problem(demoted, 403).await["code"], "forbidden", "an operator role taken away");

    for _ in 0..2 {
        assert_eq!(get(&b, "/api/v1/me", staff_token).await.unwrap().status(), 200);
    }
    sqlx::query("update users set status = 'disabled' where id = $1")
        .bind(staff["user"]["id"].as_str().unwrap())
        .execute(&app.db.pool)
        .await
        .unwrap();
    let disabled = get(&b, "/api/v1/me", staff_token).await.unwrap();
    assert_eq!(problem(disabled, 401).await["code"], "account_disabled");
}
