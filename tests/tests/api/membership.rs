//! Association membership (SPEC §6): registration and review, the public status lookup, the
//! member sign-in with its WeChat second factor, profile completion, the vocabularies and fee
//! schedule, offline dues payments and receipts.

use ketang_tests::{TestApp, problem, spawn_app};
use reqwest::Method;
use serde_json::{Value, json};

const USCC: &str = "91460200MA5T8XY10H";
const OTHER_USCC: &str = "91460100MA5TDEM1XD";
const CONTACT: &str = "13912345678";
const OTHER_CONTACT: &str = "13912345679";
const ADMIN: &str = "13900000001";
const PASSWORD: &str = "Member#2026";

fn registration(unit_name: &str, uscc: &str, contact: &str) -> Value {
    json!({
        "unit_name": unit_name, "uscc": uscc, "legal_rep_name": "王法人",
        "legal_rep_mobile": "13600000000", "contact_name": "李联系",
        "contact_mobile": contact, "user_type_id": "ut-enterprise",
        "password": PASSWORD, "password_confirmation": PASSWORD, "agree_charter": true
    })
}

fn query_param(url: &str, name: &str) -> Option<String> {
    let parsed =
        url::Url::parse(url).or_else(|_| url::Url::parse(&format!("http://x{url}"))).unwrap();
    parsed.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
}

struct Association {
    app: TestApp,
    admin: String,
}

impl Association {
    async fn new() -> Self {
        let app = spawn_app().await;
        let session = app.signed_in_user(ADMIN).await;
        let admin = session["access_token"].as_str().unwrap().to_owned();
        app.make_admin(session["user"]["id"].as_str().unwrap(), "super").await;
        Self { app, admin }
    }

    async fn call(
        &self,
        method: Method,
        path: &str,
        token: &str,
        body: Option<Value>,
    ) -> reqwest::Response {
        let mut request = self.app.request(method, &format!("/api/v1{path}")).bearer_auth(token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.unwrap()
    }

    async fn register(&self, unit_name: &str, uscc: &str, contact: &str) -> reqwest::Response {
        self.app.register_member(&registration(unit_name, uscc, contact)).await
    }

    async fn pending_id(&self, unit_name: &str) -> String {
        let queue: Value = self
            .call(Method::GET, "/admin/memberships?status=pending", &self.admin, None)
            .await
            .json()
            .await
            .unwrap();
        let item = queue["items"].as_array().unwrap().iter().find(|m| m["unit_name"] == unit_name);
        item.expect("the registration is queued")["id"].as_str().unwrap().to_owned()
    }

    async fn decide(&self, id: &str, body: Value) -> reqwest::Response {
        self.call(
            Method::POST,
            &format!("/admin/memberships/{id}/decision"),
            &self.admin,
            Some(body),
        )
        .await
    }

    /// A registered and approved member at `level`; its contact's session and the org id.
    async fn approved_member(&self, level: &str) -> (String, String) {
        assert_eq!(self.register("海南示例科技有限公司", USCC, CONTACT).await.status(), 201);
        let id = self.pending_id("海南示例科技有限公司").await;
        let approved = self.decide(&id, json!({"decision": "approve", "level_id": level})).await;
        assert_eq!(approved.status(), 200);
        let approved: Value = approved.json().await.unwrap();
        let contact =
            self.app.signed_in_user(CONTACT).await["access_token"].as_str().unwrap().to_owned();
        (contact, approved["org_id"].as_str().unwrap().to_owned())
    }

    async fn member_sign_in(&self, account: &str, password: &str) -> reqwest::Response {
        self.app
            .post_json(
                "/api/v1/member-auth/sign-in",
                &json!({"account": account, "password": password}),
            )
            .send()
            .await
            .unwrap()
    }

    /// The WeChat step as `wechat_account` (a sandbox account id): the SPA location it ends at.
    async fn scan(&self, challenge: &str, wechat_account: &str) -> String {
        self.app.member_wechat_step(challenge, wechat_account).await
    }

    async fn complete_profile(&self, org_id: &str, token: &str) -> Value {
        let saved = self
            .call(
                Method::PUT,
                &format!("/orgs/{org_id}/membership/profile"),
                token,
                Some(json!({"profile": complete_profile()})),
            )
            .await;
        assert_eq!(saved.status(), 200);
        saved.json().await.unwrap()
    }
}

fn complete_profile() -> Value {
    json!({
        "contact_email": "contact@example.cn", "operating_status": "存续", "nature": "民营企业",
        "legal_rep_birth_date": "1980-05-01", "phone": "0898-66666666", "industry": "软件和信息技术服务业",
        "scale": "50-99人", "province": "海南省", "city": "海口市", "address": "美兰区国兴大道 1 号",
        "registration_date": "2015-03-20", "business_scope": "软件开发；信息技术咨询服务",
        "registered_capital_wan": "500", "paid_in_capital_wan": "120.5"
    })
}

#[tokio::test]
async fn a_registration_is_reviewed_and_its_state_can_be_looked_up() {
    let association = Association::new().await;
    let app = &association.app;

    let created = association.register("海南示例科技有限公司", USCC, CONTACT).await;
    assert_eq!(created.status(), 201);
    assert_eq!(created.json::<Value>().await.unwrap()["status"], "pending");

    // The same USCC or name again: already registered, sign in with the USCC.
    let again = association.register("另一家公司", USCC, OTHER_CONTACT).await;
    let again = problem(again, 409).await;
    assert_eq!(again["code"], "member_already_registered");
    assert!(again["title"].as_str().unwrap().contains("统一社会信用代码登录"));
    let same_name = association.register("海南示例科技有限公司", OTHER_USCC, OTHER_CONTACT).await;
    assert_eq!(problem(same_name, 409).await["code"], "member_already_registered");

    for (account, expected) in [(USCC, "pending"), (CONTACT, "pending")] {
        let status: Value = app
            .post_json("/api/v1/memberships/status", &json!({"account": account}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(status, json!({"status": expected, "reject_reason": null}), "by {account}");
    }
    let unknown = app
        .post_json("/api/v1/memberships/status", &json!({"account": OTHER_USCC}))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);

    let pending = problem(association.member_sign_in(USCC, PASSWORD).await, 409).await;
    assert_eq!(pending["code"], "membership_pending");

    let id = association.pending_id("海南示例科技有限公司").await;
    let no_reason =
        problem(association.decide(&id, json!({"decision": "reject"})).await, 422).await;
    assert_eq!(no_reason["errors"][0]["field"], "reason");
    let rejected = association
        .decide(&id, json!({"decision": "reject", "reason": "营业执照信息不清晰"}))
        .await;
    assert_eq!(rejected.status(), 200);
    let twice = association.decide(&id, json!({"decision": "approve"})).await;
    assert_eq!(problem(twice, 409).await["code"], "wrong_state");

    let status: Value = app
        .post_json("/api/v1/memberships/status", &json!({"account": CONTACT}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(status, json!({"status": "rejected", "reject_reason": "营业执照信息不清晰"}));
    let refused = problem(association.member_sign_in(CONTACT, PASSWORD).await, 409).await;
    assert_eq!(refused["code"], "membership_rejected");
    assert_eq!(refused["detail"], "营业执照信息不清晰");

    // The unit hears of the decision in its message center.
    let contact = app.signed_in_user(CONTACT).await["access_token"].as_str().unwrap().to_owned();
    let messages: Value = app
        .get_with_token("/api/v1/messages", &contact)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(messages.to_string().contains("营业执照信息不清晰"), "{messages}");
}

#[tokio::test]
async fn a_registration_names_every_bad_field_and_creates_nothing() {
    let association = Association::new().await;
    let mut body = registration("  ", "91460200MA5T8XY10X", "12345");
    body["password_confirmation"] = json!("Other#2026");
    body["agree_charter"] = json!(false);
    body["user_type_id"] = json!("no-such-type");

    let refused = association.app.post_json("/api/v1/memberships", &body).send().await.unwrap();

    let refused = problem(refused, 422).await;
    let fields: Vec<&str> = refused["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    for field in [
        "unit_name",
        "uscc",
        "contact_mobile",
        "password_confirmation",
        "agree_charter",
        "sms_code",
    ] {
        assert!(fields.contains(&field), "{field} in {fields:?}");
    }
    let queue: Value = association
        .call(Method::GET, "/admin/memberships", &association.admin, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(queue["total"], 0);

    // A password with the contact's phone in it is refused, in English when asked.
    let mut weak = registration("海南示例科技有限公司", USCC, CONTACT);
    weak["sms_code"] = json!("000000");
    weak["password"] = json!(format!("a#{CONTACT}"));
    weak["password_confirmation"] = weak["password"].clone();
    let weak = association
        .app
        .post_json("/api/v1/memberships", &weak)
        .header("Accept-Language", "en")
        .send()
        .await
        .unwrap();
    let weak = problem(weak, 422).await;
    assert_eq!(weak["errors"][0]["code"], "password_contains_personal");
    // An unknown user type is refused once the rest is valid.
    let mut unknown_type = registration("海南示例科技有限公司", USCC, CONTACT);
    unknown_type["sms_code"] = json!("000000");
    unknown_type["user_type_id"] = json!("no-such-type");
    let unknown_type =
        association.app.post_json("/api/v1/memberships", &unknown_type).send().await.unwrap();
    assert_eq!(problem(unknown_type, 422).await["errors"][0]["field"], "user_type_id");
}

#[tokio::test]
async fn the_status_lookup_is_rate_limited() {
    let association = Association::new().await;
    let mut last = None;
    for _ in 0..21 {
        last = Some(
            association
                .app
                .post_json("/api/v1/memberships/status", &json!({"account": USCC}))
                .send()
                .await
                .unwrap(),
        );
    }
    let limited = last.unwrap();
    assert_eq!(limited.status(), 429);
    assert!(limited.headers().contains_key("retry-after"));
}

#[tokio::test]
async fn member_sign_in_binds_a_wechat_on_the_first_scan_and_then_requires_it() {
    let association = Association::new().await;
    let app = &association.app;
    let (_, org_id) = association.approved_member("lv-member").await;

    let wrong = association.member_sign_in(USCC, "Wrong#2026").await;
    assert_eq!(problem(wrong, 401).await["code"], "member_invalid_credentials");
    let unknown = association.member_sign_in(OTHER_USCC, PASSWORD).await;
    assert_eq!(problem(unknown, 401).await["code"], "member_invalid_credentials");

    let challenge: Value = association.member_sign_in(USCC, PASSWORD).await.json().await.unwrap();
    assert_eq!(challenge["wechat_bound"], false);
    let challenge = challenge["challenge"].as_str().unwrap().to_owned();
    // The challenge is no session.
    let me = app.get_with_token("/api/v1/me", &challenge).send().await.unwrap();
    assert_eq!(me.status(), 401);

    let signed_in = association.scan(&challenge, "sandbox-wechat-1").await;
    assert!(signed_in.starts_with("/login/sso?code="), "{signed_in}");
    assert_eq!(query_param(&signed_in, "next").as_deref(), Some("/membership"));
    let session: Value = app
        .post_json(
            "/api/v1/auth/sso/exchange",
            &json!({"code": query_param(&signed_in, "code").unwrap(), "token_delivery": "body"}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = session["access_token"].as_str().unwrap();
    let membership: Value = association
        .call(Method::GET, &format!("/orgs/{org_id}/membership"), token, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(membership["wechat_bound"], true);
    assert_eq!(membership["contact_mobile"], "139****5678");

    // A used challenge cannot start another scan.
    let reused = app
        .post_json("/api/v1/member-auth/wechat", &json!({"challenge": challenge}))
        .send()
        .await
        .unwrap();
    assert_eq!(problem(reused, 401).await["code"], "member_challenge_invalid");

    // Later sign-ins (by contact mobile too) need the bound WeChat.
    let challenge: Value =
        association.member_sign_in(CONTACT, PASSWORD).await.json().await.unwrap();
    assert_eq!(challenge["wechat_bound"], true);
    let other =
        association.scan(challenge["challenge"].as_str().unwrap(), "sandbox-wechat-2").await;
    assert_eq!(other, "/membership/login?member_error=wechat_mismatch");

    // An admin resets the binding: the next scan binds anew.
    let reset = association
        .call(
            Method::DELETE,
            &format!("/admin/memberships/{}/wechat", membership["id"].as_str().unwrap()),
            &association.admin,
            None,
        )
        .await;
    assert_eq!(reset.status(), 200);
    let challenge: Value = association.member_sign_in(USCC, PASSWORD).await.json().await.unwrap();
    let rebound =
        association.scan(challenge["challenge"].as_str().unwrap(), "sandbox-wechat-2").await;
    assert!(rebound.starts_with("/login/sso?code="), "{rebound}");
}

#[tokio::test]
async fn five_wrong_passwords_lock_the_member_sign_in() {
    let association = Association::new().await;
    association.approved_member("lv-member").await;
    for _ in 0..4 {
        assert_eq!(association.member_sign_in(USCC, "Wrong#2026").await.status(), 401);
    }
    let locked = association.member_sign_in(USCC, "Wrong#2026").await;
    assert_eq!(locked.status(), 423);
    let still = association.member_sign_in(USCC, PASSWORD).await;
    assert_eq!(still.status(), 423, "even the right password waits for the lock to end");
}

#[tokio::test]
async fn the_profile_opens_dues_once_complete_and_council_levels_list_representatives() {
    let association = Association::new().await;
    let (contact, org_id) = association.approved_member("lv-council").await;
    let dues_path = format!("/orgs/{org_id}/membership/dues");

    let closed = association.call(Method::GET, &dues_path, &contact, None).await;
    assert_eq!(problem(closed, 409).await["code"], "profile_incomplete");

    let draft = association
        .call(
            Method::PUT,
            &format!("/orgs/{org_id}/membership/profile"),
            &contact,
            Some(json!({"profile": {"contact_email": "contact@example.cn", "city": "海口市"}})),
        )
        .await;
    let draft: Value = draft.json().await.unwrap();
    assert_eq!(draft["profile_complete"], false);
    assert!(draft["missing"].as_array().unwrap().contains(&json!("business_scope")));
    assert!(!draft["missing"].as_array().unwrap().contains(&json!("city")));

    let mut bad = complete_profile();
    bad["registration_date"] = json!("2015/03/20");
    bad["registered_capital_wan"] = json!("五百");
    bad["contact_email"] = json!("not-an-email");
    let bad = association
        .call(
            Method::PUT,
            &format!("/orgs/{org_id}/membership/profile"),
            &contact,
            Some(json!({"profile": bad})),
        )
        .await;
    let bad = problem(bad, 422).await;
    let fields: Vec<&str> =
        bad["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert!(fields.iter().any(|f| f.ends_with("contact_email")), "{fields:?}");
    // Nobody is born, and no company registered, in the future.
    let mut future = complete_profile();
    future["legal_rep_birth_date"] = json!("2999-01-01");
    let future = association
        .call(
            Method::PUT,
            &format!("/orgs/{org_id}/membership/profile"),
            &contact,
            Some(json!({"profile": future})),
        )
        .await;
    let future = problem(future, 422).await;
    assert_eq!(future["errors"][0]["code"], "date_in_future", "{future}");

    let saved = association.complete_profile(&org_id, &contact).await;
    assert_eq!(saved["missing"], json!(["council_representatives"]));
    assert_eq!(saved["profile_complete"], false);

    let reps = format!("/orgs/{org_id}/membership/council-representatives");
    let bad_rep = association
        .call(Method::POST, &reps, &contact, Some(json!({"name": "赵代表", "mobile": "123"})))
        .await;
    assert_eq!(problem(bad_rep, 422).await["errors"][0]["field"], "mobile");
    let added = association
        .call(
            Method::POST,
            &reps,
            &contact,
            Some(json!({"name": "赵代表", "position": "总经理", "mobile": "13700001111"})),
        )
        .await;
    assert_eq!(added.status(), 201);
    let added: Value = added.json().await.unwrap();
    assert_eq!(added["profile_complete"], true);
    assert_eq!(added["council_representatives"][0]["mobile"], "137****1111");

    // Fees per level and year come from the admin; the member sees what is due.
    for (year, fen) in [(2026, 500_000), (2025, 450_000)] {
        let set = association
            .call(
                Method::PUT,
                "/admin/member-fees",
                &association.admin,
                Some(json!({"level_id": "lv-council", "year": year, "amount_fen": fen})),
            )
            .await;
        assert_eq!(set.status(), 200);
    }
    let dues: Value =
        association.call(Method::GET, &dues_path, &contact, None).await.json().await.unwrap();
    assert_eq!(dues["level"]["name"], "理事单位");
    assert_eq!(
        dues["years"],
        json!([
            {"year": 2026, "amount_fen": 500_000, "status": "unpaid"},
            {"year": 2025, "amount_fen": 450_000, "status": "unpaid"}
        ])
    );

    // Another org's users see none of it.
    let stranger = association.app.signed_in_user("13711112222").await["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let foreign =
        association.call(Method::GET, &format!("/orgs/{org_id}/membership"), &stranger, None).await;
    assert_eq!(foreign.status(), 404);
    let foreign = association.call(Method::GET, &dues_path, &stranger, None).await;
    assert_eq!(foreign.status(), 404);
}

#[tokio::test]
async fn an_offline_payment_is_editable_until_confirmed_and_then_has_a_receipt() {
    let association = Association::new().await;
    let app = &association.app;
    let (contact, org_id) = association.approved_member("lv-member").await;
    association.complete_profile(&org_id, &contact).await;
    association
        .call(
            Method::PUT,
            "/admin/member-fees",
            &association.admin,
            Some(json!({"level_id": "lv-member", "year": 2026, "amount_fen": 200_000})),
        )
        .await;
    let voucher = app.upload(&contact, "payment_voucher", &ketang_tests::png(600, 400)).await;
    let form = |amount: i64| {
        json!({
            "year": 2026, "amount_fen": amount, "paid_on": "2026-03-01", "payer_account": "6222 0000 1111",
            "bank_serial": "BS20260301001", "voucher_media_id": voucher["id"]
        })
    };
    let offline = format!("/orgs/{org_id}/membership/offline-payments");

    let no_fee = association
        .call(
            Method::POST,
            &offline,
            &contact,
            Some(json!({"year": 2030, "amount_fen": 1, "paid_on": "2026-03-01",
            "payer_account": "x", "bank_serial": "y", "voucher_media_id": voucher["id"]})),
        )
        .await;
    assert_eq!(problem(no_fee, 409).await["code"], "no_fee_for_year");
    let mut future = form(200_000);
    future["paid_on"] = json!("2999-01-01");
    let future = association.call(Method::POST, &offline, &contact, Some(future)).await;
    assert_eq!(problem(future, 422).await["errors"][0]["code"], "date_in_future");

    let submitted = association.call(Method::POST, &offline, &contact, Some(form(100_000))).await;
    assert_eq!(submitted.status(), 201);
    let submitted: Value = submitted.json().await.unwrap();
    assert_eq!(submitted["status"], "submitted");
    let id = submitted["id"].as_str().unwrap().to_owned();
    let twice = association.call(Method::POST, &offline, &contact, Some(form(200_000))).await;
    assert_eq!(problem(twice, 409).await["code"], "payment_in_progress");

    let edited = association
        .call(Method::PUT, &format!("{offline}/{id}"), &contact, Some(form(200_000)))
        .await;
    assert_eq!(edited.json::<Value>().await.unwrap()["amount_fen"], 200_000);

    let counts: Value = association
        .call(Method::GET, "/admin/reviews/counts", &association.admin, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(counts["offline_payments"], 1);
    let queue: Value = association
        .call(Method::GET, "/admin/member-payments", &association.admin, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(queue["items"][0]["id"], id.as_str());
    assert!(queue["items"][0]["voucher_url"].as_str().unwrap().contains("signature="));

    let decision = format!("/admin/member-payments/{id}/decision");
    let rejected = association
        .call(
            Method::POST,
            &decision,
            &association.admin,
            Some(json!({"decision": "reject", "reason": "凭证金额不符"})),
        )
        .await;
    assert_eq!(rejected.json::<Value>().await.unwrap()["status"], "rejected");
    let resubmitted = association
        .call(Method::PUT, &format!("{offline}/{id}"), &contact, Some(form(200_000)))
        .await;
    assert_eq!(resubmitted.json::<Value>().await.unwrap()["status"], "submitted");
    let confirmed = association
        .call(Method::POST, &decision, &association.admin, Some(json!({"decision": "confirm"})))
        .await;
    let confirmed: Value = confirmed.json().await.unwrap();
    assert_eq!(confirmed["status"], "confirmed");
    assert!(confirmed["receipt_no"].as_str().unwrap().starts_with("KTR"));

    // Confirmed: no edit, no delete, no second payment of the year.
    let edit =
        association.call(Method::PUT, &format!("{offline}/{id}"), &contact, Some(form(1))).await;
    assert_eq!(problem(edit, 409).await["code"], "wrong_state");
    let delete = association.call(Method::DELETE, &format!("{offline}/{id}"), &contact, None).await;
    assert_eq!(problem(delete, 409).await["code"], "wrong_state");
    let again = association.call(Method::POST, &offline, &contact, Some(form(200_000))).await;
    assert_eq!(problem(again, 409).await["code"], "dues_already_paid");
    let dues: Value = association
        .call(Method::GET, &format!("/orgs/{org_id}/membership/dues"), &contact, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(dues["years"][0]["status"], "paid");

    let records: Value = association
        .call(Method::GET, &format!("/orgs/{org_id}/membership/payments"), &contact, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(records["total"], 1);
    let receipt_url = records["items"][0]["receipt_url"].as_str().unwrap().to_owned();
    let receipt = app.get_with_token(&receipt_url, &contact).send().await.unwrap();
    assert_eq!(receipt.status(), 200);
    assert_eq!(receipt.headers()["content-type"], "application/pdf");
    assert!(receipt.bytes().await.unwrap().starts_with(b"%PDF"));

    // Another org's user cannot read the payment or its receipt.
    let stranger =
        app.signed_in_user("13711112222").await["access_token"].as_str().unwrap().to_owned();
    let foreign = app.get_with_token(&receipt_url, &stranger).send().await.unwrap();
    assert_eq!(foreign.status(), 404);
    let foreign =
        association.call(Method::DELETE, &format!("{offline}/{id}"), &stranger, None).await;
    assert_eq!(foreign.status(), 404);
}

#[tokio::test]
async fn vocabularies_and_fees_are_kept_by_super_admins() {
    let association = Association::new().await;
    let app = &association.app;
    let reviewer_session = app.signed_in_user("13900000002").await;
    let reviewer = reviewer_session["access_token"].as_str().unwrap().to_owned();
    app.make_admin(reviewer_session["user"]["id"].as_str().unwrap(), "reviewer").await;

    let refused = association
        .call(
            Method::POST,
            "/admin/member-vocabularies/tag",
            &reviewer,
            Some(json!({"name": "数字经济"})),
        )
        .await;
    assert_eq!(refused.status(), 403);
    let created = association
        .call(
            Method::POST,
            "/admin/member-vocabularies/user_type",
            &association.admin,
            Some(json!({"name": "民办非企业单位"})),
        )
        .await;
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    let duplicate = association
        .call(
            Method::POST,
            "/admin/member-vocabularies/user_type",
            &association.admin,
            Some(json!({"name": "民办非企业单位"})),
        )
        .await;
    assert_eq!(problem(duplicate, 409).await["code"], "already_exists");
    let unknown_kind = association
        .call(Method::GET, "/admin/member-vocabularies/colour", &association.admin, None)
        .await;
    assert_eq!(unknown_kind.status(), 404);

    let public: Value =
        app.get("/api/v1/member-user-types").send().await.unwrap().json().await.unwrap();
    assert!(public.as_array().unwrap().iter().any(|t| t["id"] == created["id"]));
    let disabled = association
        .call(
            Method::PUT,
            &format!("/admin/member-vocabularies/user_type/{}", created["id"].as_str().unwrap()),
            &association.admin,
            Some(json!({"name": "民办非企业单位", "disabled": true})),
        )
        .await;
    assert_eq!(disabled.json::<Value>().await.unwrap()["disabled"], true);
    let public: Value =
        app.get("/api/v1/member-user-types").send().await.unwrap().json().await.unwrap();
    assert!(!public.as_array().unwrap().iter().any(|t| t["id"] == created["id"]));

    let bad_fee = association
        .call(
            Method::PUT,
            "/admin/member-fees",
            &association.admin,
            Some(json!({"level_id": "lv-member", "year": 2026, "amount_fen": 0})),
        )
        .await;
    assert_eq!(problem(bad_fee, 422).await["errors"][0]["field"], "amount_fen");
    let user = app.signed_in_user("13711112222").await["access_token"].as_str().unwrap().to_owned();
    let not_admin = association.call(Method::GET, "/admin/member-fees", &user, None).await;
    assert_eq!(not_admin.status(), 403);
    let not_admin = association.call(Method::GET, "/admin/memberships", &user, None).await;
    assert_eq!(not_admin.status(), 403);
}

#[tokio::test]
async fn an_org_on_the_platform_applies_from_its_user_center() {
    let association = Association::new().await;
    let app = &association.app;
    let owner = app.signed_in_user(CONTACT).await["access_token"].as_str().unwrap().to_owned();
    let org: Value = association
        .call(Method::POST, "/orgs", &owner, Some(json!({"name": "三亚示例跨境电商有限公司", "uscc": OTHER_USCC, "legal_representative": "张三"})))
        .await
        .json()
        .await
        .unwrap();
    let org_id = org["id"].as_str().unwrap();

    let by_registration =
        association.register("三亚示例跨境电商有限公司", OTHER_USCC, OTHER_CONTACT).await;
    assert_eq!(problem(by_registration, 409).await["code"], "org_already_on_platform");

    let applied = association
        .call(
            Method::POST,
            &format!("/orgs/{org_id}/membership"),
            &owner,
            Some(registration("ignored", "ignored", CONTACT)),
        )
        .await;
    assert_eq!(applied.status(), 201);
    let applied: Value = applied.json().await.unwrap();
    assert_eq!(applied["unit_name"], "三亚示例跨境电商有限公司");
    assert_eq!(applied["uscc"], OTHER_USCC);
    assert_eq!(applied["status"], "pending");
    let again = association
        .call(
            Method::POST,
            &format!("/orgs/{org_id}/membership"),
            &owner,
            Some(registration("x", "x", CONTACT)),
        )
        .await;
    assert_eq!(problem(again, 409).await["code"], "member_already_registered");
}

#[tokio::test]
async fn the_member_unbinds_wechat_and_the_next_scan_binds_anew() {
    let association = Association::new().await;
    let (contact, org_id) = association.approved_member("lv-member").await;
    let challenge: Value = association.member_sign_in(USCC, PASSWORD).await.json().await.unwrap();
    let first =
        association.scan(challenge["challenge"].as_str().unwrap(), "sandbox-wechat-1").await;
    assert!(first.starts_with("/login/sso?code="), "{first}");
    let stranger = association.app.signed_in_user("13711113333").await["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/orgs/{org_id}/membership/wechat");

    let by_stranger = association.call(Method::DELETE, &path, &stranger, None).await;
    // The contact's SMS session cannot remove the second factor; the member sign-in can.
    let by_sms_session = association.call(Method::DELETE, &path, &contact, None).await;
    assert_eq!(problem(by_sms_session, 403).await["code"], "member_sign_in_required");
    let member = association.app.member_session(USCC, PASSWORD, "sandbox-wechat-1").await;
    let unbound = association.call(Method::DELETE, &path, &member, None).await;
    let challenge: Value = association.member_sign_in(USCC, PASSWORD).await.json().await.unwrap();
    let rebound =
        association.scan(challenge["challenge"].as_str().unwrap(), "sandbox-wechat-2").await;
    let challenge: Value = association.member_sign_in(USCC, PASSWORD).await.json().await.unwrap();
    let old_wechat =
        association.scan(challenge["challenge"].as_str().unwrap(), "sandbox-wechat-1").await;

    assert_eq!(by_stranger.status(), 404);
    assert_eq!(unbound.status(), 200);
    assert!(rebound.starts_with("/login/sso?code="), "the next scan binds: {rebound}");
    assert_eq!(old_wechat, "/membership/login?member_error=wechat_mismatch");
}

#[tokio::test]
async fn admins_change_the_accounts_and_members_cannot() {
    let association = Association::new().await;
    let (contact, org_id) = association.approved_member("lv-member").await;
    let id = {
        let queue: Value = association
            .call(Method::GET, "/admin/memberships?status=approved", &association.admin, None)
            .await
            .json()
            .await
            .unwrap();
        queue["items"][0]["id"].as_str().unwrap().to_owned()
    };
    assert_eq!(
        association.register("海口另一家有限公司", OTHER_USCC, OTHER_CONTACT).await.status(),
        201
    );
    let admin_path = format!("/admin/memberships/{id}");

    let by_member = association
        .call(
            Method::PUT,
            &format!("/orgs/{org_id}/membership/profile"),
            &contact,
            Some(json!({"unit_name": "改名公司", "profile": complete_profile()})),
        )
        .await;
    let duplicate = association
        .call(
            Method::PUT,
            &admin_path,
            &association.admin,
            Some(json!({"unit_name": "海口另一家有限公司"})),
        )
        .await;
    let renamed = association
        .call(
            Method::PUT,
            &admin_path,
            &association.admin,
            Some(json!({"unit_name": "海南示例科技集团有限公司", "level_id": "lv-council"})),
        )
        .await;
    let renamed_status = renamed.status();
    let renamed: Value = renamed.json().await.unwrap();
    let seen: Value = association
        .call(Method::GET, &format!("/orgs/{org_id}/membership"), &contact, None)
        .await
        .json()
        .await
        .unwrap();

    assert!(matches!(by_member.status().as_u16(), 400 | 422), "{}", by_member.status());
    assert_eq!(problem(duplicate, 409).await["code"], "member_already_registered");
    assert_eq!(renamed_status, 200);
    assert_eq!(renamed["unit_name"], "海南示例科技集团有限公司");
    assert_eq!(seen["unit_name"], "海南示例科技集团有限公司");
}

#[tokio::test]
async fn an_unconfirmed_offline_payment_can_be_withdrawn() {
    let association = Association::new().await;
    let (contact, org_id) = association.approved_member("lv-member").await;
    association.complete_profile(&org_id, &contact).await;
    association
        .call(
            Method::PUT,
            "/admin/member-fees",
            &association.admin,
            Some(json!({"level_id": "lv-member", "year": 2026, "amount_fen": 200_000})),
        )
        .await;
    let voucher =
        association.app.upload(&contact, "payment_voucher", &ketang_tests::png(800, 600)).await;
    let offline = format!("/orgs/{org_id}/membership/offline-payments");
    let submitted: Value = association
        .call(
            Method::POST,
            &offline,
            &contact,
            Some(json!({"year": 2026, "amount_fen": 200_000, "paid_on": "2026-11-20",
                "payer_account": "海南示例科技有限公司 6222 0000 0000 0000", "bank_serial": "BS20261120001",
                "voucher_media_id": voucher["id"]})),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = submitted["id"].as_str().unwrap();

    let withdrawn =
        association.call(Method::DELETE, &format!("{offline}/{id}"), &contact, None).await;
    let records: Value = association
        .call(Method::GET, &format!("/orgs/{org_id}/membership/payments"), &contact, None)
        .await
        .json()
        .await
        .unwrap();
    let again = association.call(Method::DELETE, &format!("{offline}/{id}"), &contact, None).await;

    assert_eq!(withdrawn.status(), 204);
    assert_eq!(records["total"], 0);
    assert_eq!(again.status(), 404);
}

/// Issue 21 item 4: 网站域名 takes a bare domain, as labelled, and stores the address; text
/// that is not a domain is refused on the field.
#[tokio::test]
async fn a_bare_domain_is_taken_as_the_website() {
    let member = crate::payments::Member::new().await;
    let put = |website: &'static str| {
        member
            .app
            .request(Method::PUT, &format!("/api/v1/orgs/{}/membership/profile", member.org_id))
            .bearer_auth(&member.token)
            .json(&json!({"profile": {"website": website}}))
            .send()
    };

    let bare = put("www.example.com.cn").await.unwrap();
    let wrong = put("not a site").await.unwrap();
    let full = put("http://example.org/about").await.unwrap();

    assert_eq!(bare.status(), 200);
    assert_eq!(
        bare.json::<Value>().await.unwrap()["profile"]["website"],
        "https://www.example.com.cn"
    );
    assert_eq!(problem(wrong, 422).await["errors"][0]["field"], "profile.website");
    assert_eq!(
        full.json::<Value>().await.unwrap()["profile"]["website"],
        "http://example.org/about"
    );
}
