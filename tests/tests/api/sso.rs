//! Single sign-on through the sandbox providers, with the real adapters (SPEC §1, §2, §8).

use ketang_tests::{TestApp, member_registration, problem, spawn_app, spawn_app_with};
use reqwest::Method;
use serde_json::{Value, json};

const PHONE: &str = "13800138000";

fn location(response: &reqwest::Response) -> String {
    assert_eq!(response.status(), 302, "expected a redirect from {}", response.url());
    response.headers()["location"].to_str().unwrap().to_owned()
}

fn query_param(url: &str, name: &str) -> Option<String> {
    let parsed = url::Url::parse(&format!("http://x{}", url.trim_start_matches("http://x")))
        .or_else(|_| url::Url::parse(url))
        .or_else(|_| url::Url::parse(&format!("http://x{url}")))
        .unwrap();
    parsed.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
}

/// Starts an SSO flow and returns the sandbox page's URL (relative), the redirect URI and state.
async fn start(
    app: &TestApp,
    provider: &str,
    bearer: Option<&str>,
    next: &str,
) -> (String, String, String) {
    let mut request = app.get(&format!("/api/v1/auth/sso/{provider}/authorize?next={next}"));
    if let Some(token) = bearer {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 200, "authorize");
    let body: Value = response.json().await.unwrap();
    let page = body["authorize_url"].as_str().unwrap().split('#').next().unwrap().to_owned();
    let redirect_uri = query_param(&page, "redirect_uri").unwrap();
    let state = query_param(&page, "state").unwrap();
    (page, redirect_uri, state)
}

/// The provider's answer to the browser: where it sends it back (the callback URL).
async fn choose(
    app: &TestApp,
    provider: &str,
    redirect_uri: &str,
    state: &str,
    account: &str,
) -> String {
    let response = app
        .request(Method::POST, &format!("/sandbox/{provider}/approve"))
        .form(&[
            ("client_id", "ketang-sandbox"),
            ("redirect_uri", redirect_uri),
            ("state", state),
            ("account_id", account),
        ])
        .send()
        .await
        .unwrap();
    location(&response)
}

/// A whole round trip: the SPA location the callback redirects to.
async fn sso(app: &TestApp, provider: &str, account: &str, bearer: Option<&str>) -> String {
    let (page, redirect_uri, state) = start(app, provider, bearer, "/courses").await;
    assert_eq!(app.get(&page).send().await.unwrap().status(), 200, "the sandbox page");
    let callback = choose(app, provider, &redirect_uri, &state, account).await;
    location(&app.client.get(&callback).send().await.unwrap())
}

async fn exchange(app: &TestApp, spa_location: &str) -> reqwest::Response {
    let code = query_param(spa_location, "code").expect("a login code");
    app.post_json("/api/v1/auth/sso/exchange", &json!({"code": code, "token_delivery": "body"}))
        .send()
        .await
        .unwrap()
}

async fn complete(app: &TestApp, spa_location: &str, body: Value) -> reqwest::Response {
    let ticket = query_param(spa_location, "ticket").expect("a first-login ticket");
    let mut body = body;
    body["ticket"] = json!(ticket);
    body["token_delivery"] = json!("body");
    app.post_json("/api/v1/auth/sso/complete", &body).send().await.unwrap()
}

async fn bind_code(app: &TestApp, phone: &str) -> String {
    assert_eq!(app.request_sms_code(phone, "bind").await.status(), 202);
    app.last_sms_code(phone).await.unwrap()
}

#[tokio::test]
async fn a_first_wechat_login_must_verify_a_phone_then_later_logins_sign_straight_in() {
    let app = spawn_app().await;
    let first = sso(&app, "wechat", "sandbox-wechat-1", None).await;
    assert!(first.starts_with("/login/sso?ticket="), "{first}");
    assert_eq!(query_param(&first, "provider").as_deref(), Some("wechat"));
    assert_eq!(query_param(&first, "next").as_deref(), Some("/courses"));

    let without_phone = complete(&app, &first, json!({"agree_terms": true})).await;
    assert_eq!(problem(without_phone, 422).await["errors"][0]["field"], "phone");
    let code = bind_code(&app, PHONE).await;
    let created =
        complete(&app, &first, json!({"phone": PHONE, "code": code, "agree_terms": true})).await;

    assert_eq!(created.status(), 200, "the refused attempt did not spend the ticket");
    let session: Value = created.json().await.unwrap();
    assert_eq!(session["registered"], true);
    assert_eq!(session["user"]["mobile"], PHONE);
    let identities: Value = app
        .get_with_token("/api/v1/me/identities", session["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(identities[0]["provider"], "wechat");
    assert_eq!(identities[0]["display_name"], "微信测试用户·张三");

    let again = sso(&app, "wechat", "sandbox-wechat-1", None).await;
    assert!(again.starts_with("/login/sso?code="), "{again}");
    let signed_in: Value = exchange(&app, &again).await.json().await.unwrap();
    assert_eq!(signed_in["user"]["id"], session["user"]["id"]);
}

#[tokio::test]
async fn wechat_inside_wechat_is_the_same_identity_as_the_pc_qr_login() {
    let app = spawn_app().await;
    let first = sso(&app, "wechat", "sandbox-wechat-1", None).await;
    let code = bind_code(&app, PHONE).await;
    let session: Value =
        complete(&app, &first, json!({"phone": PHONE, "code": code, "agree_terms": true}))
            .await
            .json()
            .await
            .unwrap();

    let h5 = sso(&app, "wechat_h5", "sandbox-wechat-1", None).await;

    assert!(h5.starts_with("/login/sso?code="), "keyed by unionid: {h5}");
    let h5_session: Value = exchange(&app, &h5).await.json().await.unwrap();
    assert_eq!(h5_session["user"]["id"], session["user"]["id"]);
}

#[tokio::test]
async fn a_first_login_binds_to_the_existing_account_of_a_verified_phone() {
    let app = spawn_app().await;
    let existing = app.signed_in_user(PHONE).await;
    sqlx::query("update sms_phone_throttle set last_sent_at = last_sent_at - 61000")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let first = sso(&app, "wechat", "sandbox-wechat-2", None).await;
    let code = bind_code(&app, PHONE).await;

    let bound: Value =
        complete(&app, &first, json!({"phone": PHONE, "code": code})).await.json().await.unwrap();

    assert_eq!(bound["registered"], false);
    assert_eq!(bound["user"]["id"], existing["user"]["id"]);
}

#[tokio::test]
async fn a_login_code_and_a_state_work_once() {
    let app = spawn_app().await;
    let first = sso(&app, "dingtalk", "sandbox-dingtalk-1", None).await;
    complete(&app, &first, json!({"agree_terms": true})).await;
    let (_, redirect_uri, state) = start(&app, "dingtalk", None, "/").await;
    let callback = choose(&app, "dingtalk", &redirect_uri, &state, "sandbox-dingtalk-1").await;

    let spa = location(&app.client.get(&callback).send().await.unwrap());
    let replayed = location(&app.client.get(&callback).send().await.unwrap());
    let exchanged = exchange(&app, &spa).await;
    let exchanged_again = exchange(&app, &spa).await;

    assert_eq!(replayed, "/login?sso_error=state_invalid");
    assert_eq!(exchanged.status(), 200);
    assert_eq!(problem(exchanged_again, 401).await["code"], "sso_code_invalid");
}

#[tokio::test]
async fn a_forged_state_a_denial_and_a_bad_code_end_on_the_login_page() {
    let app = spawn_app().await;
    let (_, redirect_uri, state) = start(&app, "wechat", None, "/").await;
    let forged = format!("{redirect_uri}?code=whatever&state=forged");
    let denied = choose(&app, "wechat", &redirect_uri, &state, "deny").await;
    let (_, redirect_uri, state) = start(&app, "dingtalk", None, "/").await;
    let bad_code = format!("{redirect_uri}?authCode=not-a-real-code&state={state}");
    let (_, redirect_uri, state) = start(&app, "hainan_gov", None, "/").await;
    let provider_refused = choose(&app, "hainan_gov", &redirect_uri, &state, "deny").await;

    for (url, expected) in [
        (forged, "/login?sso_error=state_invalid"),
        (denied, "/login?sso_error=denied"),
        (bad_code, "/login?sso_error=provider_error"),
        (provider_refused, "/login?sso_error=denied"),
    ] {
        assert_eq!(location(&app.client.get(&url).send().await.unwrap()), expected, "{url}");
    }
}

#[tokio::test]
async fn an_unknown_provider_is_404_and_next_never_leaves_the_site() {
    let app = spawn_app().await;

    let unknown = app.get("/api/v1/auth/sso/facebook/authorize").send().await.unwrap();
    let (_, redirect_uri, state) = start(&app, "dingtalk", None, "//evil.example/steal").await;
    let callback = choose(&app, "dingtalk", &redirect_uri, &state, "sandbox-dingtalk-1").await;
    let spa = location(&app.client.get(&callback).send().await.unwrap());

    assert_eq!(problem(unknown, 404).await["code"], "not_found");
    assert_eq!(query_param(&spa, "next").as_deref(), Some("/"));
}

#[tokio::test]
async fn a_signed_in_user_links_an_identity_and_may_unlink_it_while_a_phone_remains() {
    let app = spawn_app().await;
    let session = app.signed_in_user(PHONE).await;
    let token = session["access_token"].as_str().unwrap();

    let linked = sso(&app, "dingtalk", "sandbox-dingtalk-1", Some(token)).await;
    let identities: Value = app
        .get_with_token("/api/v1/me/identities", token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let unlinked = app
        .request(Method::DELETE, "/api/v1/me/identities/dingtalk")
        .bearer_auth(token)
        .send()
        .await
        .unwrap();

    assert_eq!(linked, "/courses?linked=dingtalk", "back where the link started");
    assert_eq!(identities[0]["provider"], "dingtalk");
    assert_eq!(unlinked.status(), 204);
    let audit: Vec<String> = sqlx::query_scalar(
        "select action from audit_log where action like 'auth.identity%' order by at, id",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(audit, ["auth.identity_link", "auth.identity_unlink"]);
}

#[tokio::test]
async fn an_identity_bound_to_one_account_cannot_be_linked_to_another() {
    let app = spawn_app().await;
    let first = sso(&app, "dingtalk", "sandbox-dingtalk-1", None).await;
    complete(&app, &first, json!({"agree_terms": true})).await;
    let other = app.signed_in_user(PHONE).await;

    let attempt = sso(&app, "dingtalk", "sandbox-dingtalk-1", other["access_token"].as_str()).await;

    assert_eq!(attempt, "/courses?sso_error=identity_bound_elsewhere");
}

#[tokio::test]
async fn the_last_way_to_sign_in_cannot_be_unlinked() {
    let app = spawn_app().await;
    let first = sso(&app, "dingtalk", "sandbox-dingtalk-1", None).await;
    let session: Value =
        complete(&app, &first, json!({"agree_terms": true})).await.json().await.unwrap();
    assert_eq!(session["user"]["mobile"], Value::Null, "DingTalk accounts may go without a phone");

    let response = app
        .request(Method::DELETE, "/api/v1/me/identities/dingtalk")
        .bearer_auth(session["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();

    assert_eq!(problem(response, 409).await["code"], "last_sign_in_method");
}

#[tokio::test]
async fn a_hainan_legal_person_login_certifies_its_organization_with_read_only_fields() {
    let app = spawn_app().await;
    let first = sso(&app, "hainan_gov", "sandbox-hainan-legal-1", None).await;

    let session: Value =
        complete(&app, &first, json!({"agree_terms": true})).await.json().await.unwrap();
    let token = session["access_token"].as_str().unwrap();
    let orgs: Value =
        app.get_with_token("/api/v1/orgs", token).send().await.unwrap().json().await.unwrap();

    assert_eq!(orgs[0]["name"], "三亚示例跨境电商有限公司");
    assert_eq!(orgs[0]["uscc"], "91460200MA5T8XY10H");
    assert_eq!(orgs[0]["legal_representative"], "张三");
    assert_eq!(orgs[0]["certification"], "certified");
    assert_eq!(orgs[0]["certified_by"], "hainan_gov");
    assert_eq!(orgs[0]["my_role"], "owner");
    let rename = app
        .request(Method::PATCH, &format!("/api/v1/orgs/{}", orgs[0]["id"].as_str().unwrap()))
        .bearer_auth(token)
        .json(&json!({"name": "改名"}))
        .send()
        .await
        .unwrap();
    assert_eq!(problem(rename, 422).await["errors"][0]["code"], "read_only_when_certified");
    let inbox: Value =
        app.get_with_token("/api/v1/messages", token).send().await.unwrap().json().await.unwrap();
    assert_eq!(inbox["items"][0]["kind"], "org.certified");
}

#[tokio::test]
async fn a_legal_person_login_certifies_an_existing_org_with_the_same_credit_code() {
    let app = spawn_app().await;
    let creator = app.signed_in_user(PHONE).await;
    let created = app
        .post_json(
            "/api/v1/orgs",
            &json!({"name": "椰风贸易", "uscc": "91460200MA5RCN2P6M", "legal_representative": "某人"}),
        )
        .bearer_auth(creator["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    sqlx::query("update sms_phone_throttle set last_sent_at = last_sent_at - 61000")
        .execute(&app.db.pool)
        .await
        .unwrap();

    let linked =
        sso(&app, "hainan_gov", "sandbox-hainan-legal-2", creator["access_token"].as_str()).await;

    assert_eq!(linked, "/courses?linked=hainan_gov");
    let orgs: Value = app
        .get_with_token("/api/v1/orgs", creator["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(orgs.as_array().unwrap().len(), 1);
    assert_eq!(
        orgs[0]["name"], "海南椰风贸易有限公司",
        "the government's name replaces the typed one"
    );
    assert_eq!(orgs[0]["legal_representative"], "李四");
    assert_eq!(orgs[0]["certification"], "certified");
}

#[tokio::test]
async fn a_natural_person_login_certifies_nothing() {
    let app = spawn_app().await;
    let first = sso(&app, "hainan_gov", "sandbox-hainan-natural", None).await;

    let session: Value =
        complete(&app, &first, json!({"agree_terms": true})).await.json().await.unwrap();

    let orgs: Value = app
        .get_with_token("/api/v1/orgs", session["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(orgs, json!([]));
}

#[tokio::test]
async fn the_login_page_offers_exactly_the_configured_providers() {
    let sandbox = spawn_app().await;
    let bare = spawn_app_with(|settings| settings.sandbox.enabled = Some(false)).await;

    let offered: Value =
        sandbox.get("/api/v1/auth/sso/providers").send().await.unwrap().json().await.unwrap();
    let none: Value =
        bare.get("/api/v1/auth/sso/providers").send().await.unwrap().json().await.unwrap();
    let refused = bare.get("/api/v1/auth/sso/wechat/authorize").send().await.unwrap();

    let names: Vec<&str> =
        offered.as_array().unwrap().iter().map(|p| p["provider"].as_str().unwrap()).collect();
    assert_eq!(names, ["wechat", "wechat_h5", "dingtalk", "hainan_gov"]);
    assert_eq!(offered[1]["inside_wechat_only"], true);
    assert_eq!(offered[3]["label_zh"], "海易办登录");
    assert_eq!(none, json!([]));
    assert_eq!(problem(refused, 404).await["code"], "not_found");
}

#[tokio::test]
async fn signing_in_again_as_the_legal_person_certifies_only_once() {
    let app = spawn_app().await;
    let first = sso(&app, "hainan_gov", "sandbox-hainan-legal-1", None).await;
    let session: Value =
        complete(&app, &first, json!({"agree_terms": true})).await.json().await.unwrap();

    let again = sso(&app, "hainan_gov", "sandbox-hainan-legal-1", None).await;
    assert!(again.starts_with("/login/sso?code="), "{again}");
    let token = session["access_token"].as_str().unwrap();
    let inbox: Value =
        app.get_with_token("/api/v1/messages", token).send().await.unwrap().json().await.unwrap();
    let certifications: i64 =
        sqlx::query_scalar("select count(*) from audit_log where action = 'org.certify'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();

    assert_eq!(inbox["total"], 1, "one certification message");
    assert_eq!(certifications, 1);
}

#[tokio::test]
async fn a_government_name_already_taken_by_another_org_does_not_break_certification() {
    let app = spawn_app().await;
    let other = app.signed_in_user(PHONE).await;
    let taken = app
        .post_json(
            "/api/v1/orgs",
            &json!({"name": "三亚示例跨境电商有限公司", "uscc": "91460200MA5RCN2P6M", "legal_representative": "某人"}),
        )
        .bearer_auth(other["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(taken.status(), 201);

    let first = sso(&app, "hainan_gov", "sandbox-hainan-legal-1", None).await;
    let session: Value =
        complete(&app, &first, json!({"agree_terms": true})).await.json().await.unwrap();
    let orgs: Value = app
        .get_with_token("/api/v1/orgs", session["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();

    assert_eq!(orgs[0]["name"], "三亚示例跨境电商有限公司（91460200MA5T8XY10H）");
    assert_eq!(orgs[0]["certification"], "certified");
}

#[tokio::test]
async fn a_refused_link_returns_to_the_page_it_started_from() {
    let app = spawn_app().await;
    let user = app.signed_in_user(PHONE).await;

    let denied = sso(&app, "dingtalk", "deny", user["access_token"].as_str()).await;

    assert_eq!(denied, "/courses?sso_error=denied");
}

#[tokio::test]
async fn a_mistyped_code_on_the_bind_screen_keeps_the_ticket() {
    let app = spawn_app().await;
    let first = sso(&app, "wechat", "sandbox-wechat-1", None).await;
    let code = bind_code(&app, PHONE).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };

    let mistyped =
        complete(&app, &first, json!({"phone": PHONE, "code": wrong, "agree_terms": true})).await;
    let corrected =
        complete(&app, &first, json!({"phone": PHONE, "code": code, "agree_terms": true})).await;

    assert_eq!(problem(mistyped, 422).await["errors"][0]["field"], "code");
    assert_eq!(corrected.status(), 200, "the ticket survived the typo");
}

#[tokio::test]
async fn without_a_live_ticket_the_bind_screen_reveals_nothing_about_phones() {
    let app = spawn_app().await;
    app.signed_in_user(PHONE).await;

    let registered = app
        .post_json(
            "/api/v1/auth/sso/complete",
            &json!({"ticket": "forged", "phone": PHONE, "code": "123456"}),
        )
        .send()
        .await
        .unwrap();
    let unknown = app
        .post_json(
            "/api/v1/auth/sso/complete",
            &json!({"ticket": "forged", "phone": "13700137000", "code": "123456"}),
        )
        .send()
        .await
        .unwrap();

    assert_eq!(problem(registered, 401).await["code"], "sso_code_invalid");
    assert_eq!(problem(unknown, 401).await["code"], "sso_code_invalid");
}

/// Another person's browser: its own cookie jar, redirects not followed.
fn another_browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_flow_completes_only_in_the_browser_that_started_it() {
    // RFC 6749 §10.12: an attacker starts a flow (a link to their own account, or a sign-in)
    // and sends the authorize URL to a victim, whose browser comes back with the victim's code.
    let app = spawn_app().await;
    let attacker = app.signed_in_user(PHONE).await;
    let attacker_token = attacker["access_token"].as_str().unwrap();
    let victim = another_browser();
    // The victim's browser has a binding cookie of its own (from a flow it started itself).
    let own = victim.get(app.url("/api/v1/auth/sso/wechat/authorize")).send().await.unwrap();
    assert!(own.headers()["set-cookie"].to_str().unwrap().contains("HttpOnly"));

    for (bearer, provider, account) in [
        (Some(attacker_token), "wechat", "sandbox-wechat-1"),
        (Some(attacker_token), "dingtalk", "sandbox-dingtalk-1"),
        (None, "wechat", "sandbox-wechat-1"),
        (None, "hainan_gov", "sandbox-hainan-natural"),
    ] {
        let (_, redirect_uri, state) = start(&app, provider, bearer, "/user-center").await;
        let callback = choose(&app, provider, &redirect_uri, &state, account).await;

        let in_victims_browser = location(&victim.get(&callback).send().await.unwrap());
        let without_cookie = location(&reqwest_no_cookies().get(&callback).send().await.unwrap());

        assert_eq!(in_victims_browser, "/login?sso_error=state_invalid", "{provider} {bearer:?}");
        assert_eq!(without_cookie, "/login?sso_error=state_invalid");
        // The attacker's own browser still completes it: the state was not spent.
        let in_own_browser = location(&app.client.get(&callback).send().await.unwrap());
        assert!(!in_own_browser.contains("state_invalid"), "{in_own_browser}");
    }
}

fn reqwest_no_cookies() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

#[tokio::test]
async fn the_member_wechat_step_completes_only_in_the_browser_that_started_it() {
    let app = spawn_app().await;
    let admin = app.operator("13900000001").await;
    let unit = member_registration(
        "海南示例科技有限公司",
        "91460200MA5T8XY10H",
        "13912345678",
        "Member#2026",
    );
    app.approved_member(&admin, &unit, "lv-member").await;
    let challenge: Value = app
        .post_json(
            "/api/v1/member-auth/sign-in",
            &json!({"account": "91460200MA5T8XY10H", "password": "Member#2026"}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let started: Value = app
        .post_json("/api/v1/member-auth/wechat", &json!({"challenge": challenge["challenge"]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let page = started["authorize_url"].as_str().unwrap().to_owned();
    let redirect_uri = query_param(&page, "redirect_uri").unwrap();
    let state = query_param(&page, "state").unwrap();
    let callback = choose(&app, "wechat", &redirect_uri, &state, "sandbox-wechat-1").await;

    let elsewhere = location(&another_browser().get(&callback).send().await.unwrap());
    let here = location(&app.client.get(&callback).send().await.unwrap());

    assert_eq!(elsewhere, "/membership/login?member_error=state_invalid");
    assert!(here.starts_with("/login/sso?code="), "{here}");
}

#[tokio::test]
async fn next_is_a_printable_local_path_or_the_start_page() {
    let app = spawn_app().await;
    let session = app.signed_in_user(PHONE).await;
    let token = session["access_token"].as_str().unwrap();
    // Each as sent in the query string (percent-encoded): control characters that browsers
    // drop, other hosts by every spelling, backslashes, whitespace, dot segments.
    let hostile = [
        "%2F%09%2Fevil.example.com",
        "%2F%0A%2Fevil.example",
        "%2F%0D%2Fevil.example",
        "%2F%00%2Fevil.example",
        "%2F%5C%2Fevil.example",
        "%5C%5Cevil.example",
        "%2F%2Fevil.example",
        "%2F%2F%2Fevil.example",
        "https%3A%2F%2Fevil.example",
        "javascript%3Aalert(1)",
        "%2F%20%2Fevil.example",
        "%2F%E3%80%80%2Fevil.example",
        "%2F%C2%A0%2Fevil.example",
        "%2F.%2F%2Fevil.example",
        "%2F..%2F%2Fevil.example",
        "evil.example",
    ];
    for next in hostile {
        // Refused outright (control characters in a query are refused everywhere), or …
        let asked = app
            .get(&format!("/api/v1/auth/sso/dingtalk/authorize?next={next}"))
            .send()
            .await
            .unwrap();
        if asked.status() == 422 {
            continue;
        }
        // … the link flow redirects to a local path, …
        let (_, redirect_uri, state) = start(&app, "dingtalk", Some(token), next).await;
        let callback = choose(&app, "dingtalk", &redirect_uri, &state, "sandbox-dingtalk-1").await;
        let linked = location(&app.client.get(&callback).send().await.unwrap());
        assert_eq!(linked, "/user-center?linked=dingtalk", "next={next}");
        // … and a sign-in hands the SPA `/`.
        let (_, redirect_uri, state) = start(&app, "dingtalk", None, next).await;
        let callback = choose(&app, "dingtalk", &redirect_uri, &state, "sandbox-dingtalk-1").await;
        let spa = location(&app.client.get(&callback).send().await.unwrap());
        assert_eq!(query_param(&spa, "next").as_deref(), Some("/"), "next={next}: {spa}");
    }
    // A real local path survives, normalised.
    let (_, redirect_uri, state) =
        start(&app, "dingtalk", Some(token), "%2Fuser-center%3Ftab%3Dsecurity").await;
    let callback = choose(&app, "dingtalk", &redirect_uri, &state, "sandbox-dingtalk-1").await;
    let linked = location(&app.client.get(&callback).send().await.unwrap());
    assert_eq!(linked, "/user-center?tab=security&linked=dingtalk");
}

#[tokio::test]
async fn an_account_has_one_identity_per_provider_and_unlinks_it_by_provider() {
    let app = spawn_app().await;
    let session = app.signed_in_user(PHONE).await;
    let token = session["access_token"].as_str().unwrap();

    let first = sso(&app, "wechat", "sandbox-wechat-1", Some(token)).await;
    let second = sso(&app, "wechat", "sandbox-wechat-2", Some(token)).await;
    // The second WeChat's first sign-in cannot bind to this phone's account either.
    let other = sso(&app, "wechat", "sandbox-wechat-2", None).await;
    app.forget_sms_interval(PHONE).await;
    let code = bind_code(&app, PHONE).await;
    let bound = complete(&app, &other, json!({"phone": PHONE, "code": code})).await;

    assert_eq!(first, "/courses?linked=wechat");
    assert_eq!(second, "/courses?sso_error=provider_already_linked");
    assert_eq!(problem(bound, 409).await["code"], "provider_already_linked");
    let identities: Value = app
        .get_with_token("/api/v1/me/identities", token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(identities.as_array().unwrap().len(), 1, "{identities}");
    assert!(identities[0]["id"].as_str().is_some_and(|id| !id.is_empty()));
    let unlinked = app
        .request(Method::DELETE, "/api/v1/me/identities/wechat")
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(unlinked.status(), 204);
    // Now the second WeChat may be linked.
    assert_eq!(
        sso(&app, "wechat", "sandbox-wechat-2", Some(token)).await,
        "/courses?linked=wechat"
    );
}

#[tokio::test]
async fn government_certification_supersedes_unverified_claims_on_a_credit_code() {
    let app = spawn_app().await;
    // An impostor creates an org with a company's public USCC and adds a colleague.
    let impostor = app.signed_in_user("13711110001").await;
    let impostor_token = impostor["access_token"].as_str().unwrap().to_owned();
    let org: Value = app
        .create_org(
            &impostor_token,
            &json!({"name": "椰风贸易", "uscc": "91460200MA5RCN2P6M", "legal_representative": "某人"}),
        )
        .await;
    let org_id = org["id"].as_str().unwrap().to_owned();
    let staff_phone = "13711110002";
    let added = app
        .post_json(
            &format!("/api/v1/orgs/{org_id}/members"),
            &json!({"phone": staff_phone, "role": "staff"}),
        )
        .bearer_auth(&impostor_token)
        .send()
        .await
        .unwrap();
    assert_eq!(added.status(), 201);
    let staff = app.signed_in_user(staff_phone).await;
    let staff_token = staff["access_token"].as_str().unwrap().to_owned();

    // The real legal person signs in with 海易办 for the first time.
    let first = sso(&app, "hainan_gov", "sandbox-hainan-legal-2", None).await;
    let session: Value =
        complete(&app, &first, json!({"agree_terms": true})).await.json().await.unwrap();
    let owner = session["access_token"].as_str().unwrap().to_owned();

    let org_path = format!("/api/v1/orgs/{org_id}");
    let as_impostor = app.get_with_token(&org_path, &impostor_token).send().await.unwrap();
    assert_eq!(as_impostor.status(), 404, "the unverified claim is suspended");
    let impostor_orgs: Value = app
        .get_with_token("/api/v1/orgs", &impostor_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(impostor_orgs, json!([]));
    let impostor_inbox: Value = app
        .get_with_token("/api/v1/messages", &impostor_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        impostor_inbox.to_string().contains("org.membership_suspended"),
        "told: {impostor_inbox}"
    );
    assert_eq!(app.get_with_token(&org_path, &staff_token).send().await.unwrap().status(), 404);

    let members: Value = app
        .get_with_token(&format!("{org_path}/members"), &owner)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let impostor_id = impostor["user"]["id"].as_str().unwrap();
    let listed = members.as_array().unwrap().iter().find(|m| m["user_id"] == impostor_id).unwrap();
    assert_eq!(listed["role"], "owner");
    assert!(listed["suspended_at"].as_str().is_some(), "{listed}");

    // The verified owner decides: the impostor (an owner) goes, the colleague stays.
    let removed = app
        .request(Method::DELETE, &format!("{org_path}/members/{impostor_id}"))
        .bearer_auth(&owner)
        .send()
        .await
        .unwrap();
    assert_eq!(removed.status(), 204);
    let kept = app
        .request(
            Method::PATCH,
            &format!("{org_path}/members/{}", staff["user"]["id"].as_str().unwrap()),
        )
        .bearer_auth(&owner)
        .json(&json!({"role": "staff"}))
        .send()
        .await
        .unwrap();
    assert_eq!(kept.status(), 204);
    assert_eq!(app.get_with_token(&org_path, &staff_token).send().await.unwrap().status(), 200);
    assert_eq!(app.get_with_token(&org_path, &impostor_token).send().await.unwrap().status(), 404);
    // The owner cannot remove themself (an org keeps its verified owner).
    let owner_id = session["user"]["id"].as_str().unwrap();
    let itself = app
        .request(Method::DELETE, &format!("{org_path}/members/{owner_id}"))
        .bearer_auth(&owner)
        .send()
        .await
        .unwrap();
    assert_eq!(itself.status(), 404);
}

/// Issue 21 item 2: certifying an org through 海易办 with another company's legal person
/// certifies nothing, switches nobody, and says which company the government named.
#[tokio::test]
async fn certifying_with_another_companys_legal_person_changes_nothing_and_says_so() {
    let app = spawn_app().await;
    let creator = app.signed_in_user(PHONE).await;
    let token = creator["access_token"].as_str().unwrap().to_owned();
    let created: Value = app
        .post_json(
            "/api/v1/orgs",
            &json!({"name": "椰风贸易", "uscc": "91460200MA5RCN2P6M", "legal_representative": "某人"}),
        )
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let org_id = created["id"].as_str().unwrap().to_owned();
    let certify = |account: &'static str| {
        let (app, token, org_id) = (&app, token.clone(), org_id.clone());
        async move {
            let response = app
                .get(&format!(
                    "/api/v1/auth/sso/hainan_gov/authorize?next=/enterprise&certify_org_id={org_id}"
                ))
                .bearer_auth(&token)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200);
            let body: Value = response.json().await.unwrap();
            let page = body["authorize_url"].as_str().unwrap().to_owned();
            let redirect_uri = query_param(&page, "redirect_uri").unwrap();
            let state = query_param(&page, "state").unwrap();
            let callback = choose(app, "hainan_gov", &redirect_uri, &state, account).await;
            location(&app.client.get(&callback).send().await.unwrap())
        }
    };
    let stranger = app.signed_in_user("13700137999").await;
    let foreign = app
        .get(&format!("/api/v1/auth/sso/hainan_gov/authorize?certify_org_id={org_id}"))
        .bearer_auth(stranger["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), 404, "only the org's members certify it");

    let mismatch = certify("sandbox-hainan-legal-1").await;

    assert!(
        mismatch.starts_with("/enterprise?sso_error=certify_company_mismatch&gov_company="),
        "{mismatch}"
    );
    let orgs: Value =
        app.get_with_token("/api/v1/orgs", &token).send().await.unwrap().json().await.unwrap();
    assert_eq!(
        orgs.as_array().unwrap().len(),
        1,
        "not switched to, nor made owner of, another org: {orgs}"
    );
    assert_eq!(orgs[0]["id"], org_id.as_str());
    assert_ne!(orgs[0]["certification"], "certified");

    let matching = certify("sandbox-hainan-legal-2").await;
    assert_eq!(matching, "/enterprise?linked=hainan_gov");
    let orgs: Value =
        app.get_with_token("/api/v1/orgs", &token).send().await.unwrap().json().await.unwrap();
    assert_eq!(orgs[0]["certification"], "certified");
}
