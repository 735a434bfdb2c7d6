//! Trust (issue 18): a member registration proves the contact mobile before the member sign-in
//! can ever open that phone's account; the second factor and dues need the member sign-in;
//! client addresses come from trusted proxies only; anonymous endpoints are bounded; bodies are
//! objects; operations data and logs keep secrets.

use ketang_tests::{
    ServerProcess, TestApp, member_registration, on_postgres, problem, spawn_app, spawn_app_with,
};
use reqwest::Method;
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Value, json};

const OPERATOR: &str = "13900000001";
const USCC: &str = "91460200MA5T8XY10H";
const CONTACT: &str = "13912345678";
const PASSWORD: &str = "Member#2026";

fn registration(contact: &str) -> Value {
    member_registration("海南示例科技有限公司", USCC, contact, PASSWORD)
}

async fn queued(app: &TestApp, admin: &str) -> Value {
    app.get_json("/api/v1/admin/memberships?status=pending", admin).await
}

#[tokio::test]
async fn a_registration_cannot_claim_a_contact_mobile_it_has_not_proven() {
    let app = spawn_app().await;
    let admin = app.operator(OPERATOR).await;
    // The attacker names the operator's phone as the contact: without its code, with a made-up
    // code, with a code sent to their own phone, with a code for signing in rather than proving.
    let attacker_phone = "13711112222";
    let mut attempts = Vec::new();
    attempts.push(registration(OPERATOR));
    let mut guessed = registration(OPERATOR);
    guessed["sms_code"] = json!("123456");
    attempts.push(guessed);
    assert_eq!(app.request_sms_code(attacker_phone, "bind").await.status(), 202);
    let mut own = registration(OPERATOR);
    own["sms_code"] = json!(app.last_sms_code(attacker_phone).await.unwrap());
    attempts.push(own);
    app.forget_sms_interval(attacker_phone).await;
    assert_eq!(app.request_sms_code(attacker_phone, "login").await.status(), 202);
    let mut login_code = registration(attacker_phone);
    login_code["sms_code"] = json!(app.last_sms_code(attacker_phone).await.unwrap());
    attempts.push(login_code);

    for body in attempts {
        let refused = app.post_json("/api/v1/memberships", &body).send().await.unwrap();
        let refused = problem(refused, 422).await;
        assert_eq!(refused["errors"][0]["field"], "sms_code", "{body}: {refused}");
    }
    assert_eq!(queued(&app, &admin).await["total"], 0, "nothing registered");

    // The real holder of a phone registers with its code.
    let registered = app.register_member(&registration(CONTACT)).await;
    assert_eq!(registered.status(), 201);
    assert_eq!(queued(&app, &admin).await["total"], 1);
}

#[tokio::test]
async fn a_member_sign_in_never_opens_an_account_the_registrant_did_not_prove() {
    // A membership registered before contact mobiles were proven, linked to an account that
    // existed before it (the attack of issue 18): approved, its sign-in still opens nothing.
    let app = spawn_app().await;
    let admin = app.operator(OPERATOR).await;
    app.approved_member(&admin, &registration(CONTACT), "lv-member").await;
    sqlx::query("update memberships set account_proven_at = null")
        .execute(&app.db.pool)
        .await
        .unwrap();

    let refused = app
        .post_json("/api/v1/member-auth/sign-in", &json!({"account": USCC, "password": PASSWORD}))
        .send()
        .await
        .unwrap();

    assert_eq!(problem(refused, 409).await["code"], "member_account_unproven");
}

#[tokio::test]
async fn the_second_factor_and_dues_need_the_member_sign_in() {
    let app = spawn_app().await;
    let admin = app.operator(OPERATOR).await;
    let approved = app.approved_member(&admin, &registration(CONTACT), "lv-member").await;
    let org_id = approved["org_id"].as_str().unwrap();
    let member = app.member_session(USCC, PASSWORD, "sandbox-wechat-1").await;
    // The contact's phone alone (an SMS code) is one factor: not enough for these.
    let by_sms = app.signed_in_user(CONTACT).await["access_token"].as_str().unwrap().to_owned();
    let integrator: Value = app
        .post_json(
            &format!("/api/v1/orgs/{org_id}/api-clients"),
            &json!({"name": "财务系统", "kind": "api_key", "scopes": ["membership:read", "membership:write"]}),
        )
        .bearer_auth(&member)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let key = integrator["secret"].as_str().unwrap_or_default().to_owned();

    for token in [by_sms.as_str(), key.as_str()] {
        let order = app
            .post_json(
                &format!("/api/v1/orgs/{org_id}/membership/payments"),
                &json!({"year": 2026, "channel": "wechat_native"}),
            )
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        let unbind = app
            .request(Method::DELETE, &format!("/api/v1/orgs/{org_id}/membership/wechat"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(order.status(), 403, "ordering with {token:.12}");
        assert_eq!(unbind.status(), 403, "unbinding with {token:.12}");
    }
    let by_sms_unbind = app
        .request(Method::DELETE, &format!("/api/v1/orgs/{org_id}/membership/wechat"))
        .bearer_auth(&by_sms)
        .send()
        .await
        .unwrap();
    assert_eq!(problem(by_sms_unbind, 403).await["code"], "member_sign_in_required");

    let unbound = app
        .request(Method::DELETE, &format!("/api/v1/orgs/{org_id}/membership/wechat"))
        .bearer_auth(&member)
        .send()
        .await
        .unwrap();
    assert_eq!(unbound.status(), 200);
}

/// `n` SMS codes asked for from the client address the headers claim; the statuses.
async fn sms_requests(app: &TestApp, n: usize, forwarded_for: &str, first_phone: u32) -> Vec<u16> {
    let mut statuses = Vec::new();
    for i in 0..n {
        let phone = format!("137{:08}", first_phone as usize + i);
        let response = app
            .post_json("/api/v1/auth/sms-codes", &json!({"phone": phone, "purpose": "login"}))
            .header("X-Forwarded-For", forwarded_for)
            .send()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
    }
    statuses
}

#[tokio::test]
async fn client_addresses_come_from_trusted_proxies_only() {
    // Behind a trusted proxy each client has its own quota (30 SMS an hour per address) …
    let behind_proxy =
        spawn_app_with(|s| s.server.trusted_proxies = vec!["127.0.0.1/32".into()]).await;
    let first = sms_requests(&behind_proxy, 31, "198.51.100.7", 0).await;
    assert!(first[..30].iter().all(|s| *s == 202), "{first:?}");
    assert_eq!(first[30], 429, "the 31st from one client");
    // … a forged entry to the left of the proxy's does not give a new quota …
    let forged = sms_requests(&behind_proxy, 1, "203.0.113.1, 198.51.100.7", 100).await;
    assert_eq!(forged, [429]);
    // … and another client has its own.
    let other = sms_requests(&behind_proxy, 1, "198.51.100.8", 200).await;
    assert_eq!(other, [202]);
    let audited: Vec<Option<String>> = sqlx::query_scalar("select ip from audit_log")
        .fetch_all(&behind_proxy.db.pool)
        .await
        .unwrap();
    assert!(audited.iter().all(|ip| ip.as_deref() != Some("127.0.0.1")), "{audited:?}");

    // Without trusted proxies the header is anyone's to write, so it is ignored.
    let direct = spawn_app().await;
    let mut statuses = sms_requests(&direct, 30, "198.51.100.7", 0).await;
    statuses.extend(sms_requests(&direct, 1, "198.51.100.9", 100).await);
    assert_eq!(statuses[30], 429, "a new X-Forwarded-For is no new quota: {statuses:?}");
}

#[tokio::test]
async fn client_reports_are_throttled_per_address() {
    let app = spawn_app().await;
    let report = json!({"level": "error", "message": "TypeError: x is undefined",
        "page_url": "https://ketang.example/login/sso?code=secret"});
    for i in 0..30 {
        let sent = app.post_json("/api/v1/client-reports", &report).send().await.unwrap();
        assert_eq!(sent.status(), 202, "report {i}");
    }
    let refused = app.post_json("/api/v1/client-reports", &report).send().await.unwrap();
    assert!(refused.headers().contains_key("retry-after"));
    assert_eq!(problem(refused, 429).await["code"], "rate_limited");
}

#[tokio::test]
async fn request_bodies_must_be_objects() {
    let app = spawn_app().await;
    let session = app.signed_in_user("13800138000").await;
    let token = session["access_token"].as_str().unwrap();
    let cases = [
        (Method::POST, "/api/v1/orgs", json!(["名称", USCC, "张三"])),
        (Method::POST, "/api/v1/orgs", json!("名称")),
        (Method::POST, "/api/v1/auth/sign-in/password", json!(["13800138000", "x"])),
        (Method::POST, "/api/v1/memberships", json!([1, 2, 3])),
        (Method::PUT, "/api/v1/me/password", json!(42)),
        (Method::POST, "/api/v1/client-reports", json!(null)),
        (Method::POST, "/api/v1/auth/sms-codes", json!(true)),
    ];
    for (method, path, body) in cases {
        let refused =
            app.request(method.clone(), path).bearer_auth(token).json(&body).send().await.unwrap();
        assert_eq!(
            problem(refused, 400).await["code"],
            "body_not_object",
            "{method} {path} {body}"
        );
    }
    let orgs: i64 =
        sqlx::query_scalar("select count(*) from orgs").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(orgs, 0);
}

#[tokio::test]
async fn metrics_are_served_only_where_allowed() {
    let dev = spawn_app().await;
    assert_eq!(dev.get("/metrics").send().await.unwrap().status(), 200, "open in dev");

    let prod = spawn_app_with(|s| {
        s.profile = ketang::config::Profile::Prod;
        s.auth.jwt_secret = Some(SecretString::from("k3Tq9-ZvW2xYp7Lm4Rn8Bc1Hd6Fg0Js5"));
        s.pii.key = Some(SecretString::from("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="));
    })
    .await;
    assert_eq!(prod.get("/metrics").send().await.unwrap().status(), 404, "prod without a token");

    let token = "metrics-scraper-token-0123456789";
    let guarded = spawn_app_with(|s| {
        s.server.metrics_token = Some(SecretString::from(token));
    })
    .await;
    assert_eq!(guarded.get("/metrics").send().await.unwrap().status(), 401);
    let wrong = guarded.get("/metrics").bearer_auth("metrics-scraper-token-012345678X");
    assert_eq!(wrong.send().await.unwrap().status(), 401);
    let right = guarded.get("/metrics").bearer_auth(token).send().await.unwrap();
    assert_eq!(right.status(), 200);
    assert!(right.text().await.unwrap().contains("ketang_http_requests_total"));
}

#[tokio::test]
async fn logs_carry_no_codes_tokens_or_signatures() {
    if on_postgres() {
        return; // One engine is enough for what the process writes to its log.
    }
    let arranged = spawn_app_with(|s| s.jobs.enabled = false).await;
    let url = arranged.settings.database.url.as_ref().unwrap().expose_secret().to_owned();
    let server = ServerProcess::start(
        &arranged.settings.data_dir,
        &url,
        &[("KETANG_LOG__LEVEL", "debug,sqlx=warn"), ("KETANG_LOG__FORMAT", "json")],
    )
    .await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .unwrap();
    let phone = "13800138000";
    let sent = client
        .post(server.url("/api/v1/auth/sms-codes"))
        .json(&json!({"phone": phone, "purpose": "login"}))
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 202);
    let code: Value = client
        .get(server.url(&format!("/sandbox/sms/last?phone={phone}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let code = code["code"].as_str().unwrap().to_owned();
    let session: Value = client
        .post(server.url("/api/v1/auth/sign-in/sms"))
        .json(&json!({"phone": phone, "code": code, "agree_terms": true, "token_delivery": "body"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let refresh_token = session["refresh_token"].as_str().unwrap().to_owned();
    let secrets = ["SSOCODE4242", "SSOSTATE4242", "SIGNATURE4242", "TICKET4242"];
    for path in [
        "/api/v1/auth/sso/wechat/callback?code=SSOCODE4242&state=SSOSTATE4242",
        "/media/01JXYZ?expires=1&signature=SIGNATURE4242",
        "/login/sso?ticket=TICKET4242",
    ] {
        client.get(server.url(path)).send().await.unwrap();
    }
    client
        .post(server.url("/api/v1/client-reports"))
        .json(&json!({"level": "error", "message": "boom",
            "page_url": "https://ketang.example/login/sso?code=SSOCODE4242"}))
        .send()
        .await
        .unwrap();
    client
        .post(server.url("/api/v1/auth/sign-in/password"))
        .json(&json!({"phone": phone, "password": "Hunter#2PASSWORD"}))
        .send()
        .await
        .unwrap();

    // Timestamps are left out: six random digits can turn up in a clock's microseconds.
    let log = server.log_text();
    let mut lines = 0;
    for line in log.lines() {
        let Ok(mut entry) = serde_json::from_str::<Value>(line) else { continue };
        entry.as_object_mut().unwrap().remove("timestamp");
        let text = entry.to_string();
        lines += 1;
        for secret in secrets.iter().copied().chain([
            code.as_str(),
            refresh_token.as_str(),
            "Hunter#2PASSWORD",
        ]) {
            assert!(!text.contains(secret), "{secret} logged: {text}");
        }
    }
    assert!(lines > 5, "the server logged requests:\n{log}");
    // The request's span names its route template (recorded once the route is known), never
    // the path with its values.
    assert!(
        log.contains(r#""http.route":"/api/v1/auth/sign-in/sms""#),
        "the request span carries its route:\n{log}"
    );
}
