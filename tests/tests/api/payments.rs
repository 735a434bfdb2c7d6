//! Online dues payments (SPEC §6, §9) through the real adapters and the sandbox gateways:
//! ordering (with `Idempotency-Key`), paying at the cashier, notifications that must be
//! believed only when signed and matching — exactly once, whatever arrives twice or at once —
//! and reconciliation by query.

use futures_util::future::join_all;
use ketang::{
    integrations::{
        payment_crypto,
        wechatpay::{Transaction, TransactionAmount},
    },
    payments::sandbox_keys as keys,
    sandbox::payments::{alipay_notification, wechat_notification},
};
use ketang_tests::{TestApp, member_registration, problem, spawn_app};
use reqwest::Method;
use serde_json::{Value, json};

const USCC: &str = "91460200MA5T8XY10H";
const CONTACT: &str = "13912345678";
const PASSWORD: &str = "Member#2026";
pub const FEE: i64 = 300_000;

pub struct Member {
    pub app: TestApp,
    pub token: String,
    pub org_id: String,
    /// A super admin's session.
    pub admin: String,
}

impl Member {
    /// An approved member with a complete profile and a 2026 fee of ¥3,000.00 for its level.
    pub async fn new() -> Self {
        Self::on(spawn_app().await).await
    }

    /// The same member, arranged in `app`.
    pub async fn on(app: TestApp) -> Self {
        let admin = app.operator("13900000001").await;
        let unit = member_registration("海南示例科技有限公司", USCC, CONTACT, PASSWORD);
        let approved = app.approved_member(&admin, &unit, "lv-member").await;
        let fee = app
            .request(Method::PUT, "/api/v1/admin/member-fees")
            .bearer_auth(&admin)
            .json(&json!({"level_id": "lv-member", "year": 2026, "amount_fen": FEE}))
            .send()
            .await
            .unwrap();
        assert_eq!(fee.status(), 200);
        let org_id = approved["org_id"].as_str().unwrap().to_owned();
        // Dues are ordered in the member's session: password and WeChat.
        let token = app.member_session(USCC, PASSWORD, "sandbox-wechat-1").await;
        let profile = app
            .request(Method::PUT, &format!("/api/v1/orgs/{org_id}/membership/profile"))
            .bearer_auth(&token)
            .json(&json!({"profile": {
                "contact_email": "contact@example.cn", "operating_status": "存续", "nature": "民营企业",
                "legal_rep_birth_date": "1980-05-01", "phone": "0898-66666666", "industry": "软件",
                "scale": "50-99人", "province": "海南省", "city": "海口市", "address": "国兴大道 1 号",
                "registration_date": "2015-03-20", "business_scope": "软件开发", "registered_capital_wan": "500"}}))
            .send()
            .await
            .unwrap();
        assert_eq!(profile.status(), 200);
        Self { app, token, org_id, admin }
    }

    pub async fn order(&self, channel: &str, key: Option<&str>) -> reqwest::Response {
        let mut request = self
            .app
            .post_json(
                &format!("/api/v1/orgs/{}/membership/payments", self.org_id),
                &json!({"year": 2026, "channel": channel}),
            )
            .bearer_auth(&self.token);
        if let Some(key) = key {
            request = request.header("Idempotency-Key", key);
        }
        request.send().await.unwrap()
    }

    pub async fn payment(&self, id: &str) -> Value {
        self.app
            .get_with_token(
                &format!("/api/v1/orgs/{}/membership/payments/{id}", self.org_id),
                &self.token,
            )
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    pub async fn out_trade_no(&self, payment_id: &str) -> String {
        self.payment(payment_id).await["out_trade_no"].as_str().unwrap().to_owned()
    }

    pub async fn confirmations(&self, payment_id: &str) -> i64 {
        sqlx::query_scalar("select count(*) from audit_log where action = 'payment.online_confirm' and object_id = $1")
            .bind(payment_id)
            .fetch_one(&self.app.db.pool)
            .await
            .unwrap()
    }

    /// Posts an Alipay notification form as Alipay would; Alipay's answer (`success`/`failure`).
    async fn alipay_notify(&self, fields: Vec<(String, String)>) -> String {
        self.app
            .request(Method::POST, "/api/v1/payments/notify/alipay")
            .form(&fields)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    /// Posts a WeChat Pay notification as WeChat would (the body and its headers as given).
    async fn wechat_notify(&self, body: &str, headers: &[(&str, String)]) -> reqwest::Response {
        let mut request = self
            .app
            .request(Method::POST, "/api/v1/payments/notify/wechatpay")
            .header("Content-Type", "application/json")
            .body(body.to_owned());
        for (name, value) in headers {
            request = request.header(*name, value);
        }
        request.send().await.unwrap()
    }
}

pub fn transaction(out_trade_no: &str, total: i64) -> Transaction {
    Transaction {
        appid: keys::WECHATPAY_APPID.into(),
        mchid: keys::WECHATPAY_MCHID.into(),
        out_trade_no: out_trade_no.into(),
        transaction_id: Some("4200000000000000000000000001".into()),
        trade_state: "SUCCESS".into(),
        trade_state_desc: None,
        success_time: None,
        amount: Some(TransactionAmount {
            total,
            payer_total: Some(total),
            currency: Some("CNY".into()),
        }),
    }
}

/// Follows a sandbox cashier page's form: `pay` or `cancel`.
async fn cashier(app: &TestApp, page_url: &str, action: &str) -> String {
    let page = app.client.get(page_url).send().await.unwrap();
    assert_eq!(page.status(), 200, "the cashier page");
    let html = page.text().await.unwrap();
    let marker = "/cashier/";
    let start = html.find(marker).expect("a cashier form");
    let id: String = html[start + marker.len()..].chars().take_while(|c| *c != '/').collect();
    let done = app
        .request(Method::POST, &format!("/sandbox/payments/cashier/{id}/{action}"))
        .form(&[("x", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 200);
    done.text().await.unwrap()
}

#[tokio::test]
async fn wechat_native_pays_at_the_cashier_and_the_notification_settles_it() {
    let member = Member::new().await;

    let first = member.order("wechat_native", Some("order-2026-a")).await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    assert_eq!(first["payment"]["status"], "pending");
    assert_eq!(first["payment"]["amount_fen"], FEE);
    let code_url = first["code_url"].as_str().unwrap().to_owned();
    let id = first["payment"]["id"].as_str().unwrap().to_owned();

    // The same key answers the same order again; the same key with another body is refused.
    let replay = member.order("wechat_native", Some("order-2026-a")).await;
    assert_eq!(replay.status(), 201);
    assert_eq!(replay.headers()["idempotent-replayed"], "true");
    assert_eq!(replay.json::<Value>().await.unwrap()["payment"]["id"], id.as_str());
    let reused = member.order("alipay_page", Some("order-2026-a")).await;
    assert_eq!(problem(reused, 422).await["errors"][0]["code"], "idempotency_key_reused");

    let outcome = cashier(&member.app, &code_url, "pay").await;
    assert!(outcome.contains("HTTP 200"), "the notification was accepted: {outcome}");

    let paid = member.payment(&id).await;
    assert_eq!(paid["status"], "paid");
    assert!(paid["receipt_no"].as_str().unwrap().starts_with("KTR"));
    assert!(paid["gateway_transaction_id"].as_str().unwrap().starts_with("4200"));
    let dues: Value = member
        .app
        .get_with_token(&format!("/api/v1/orgs/{}/membership/dues", member.org_id), &member.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(dues["years"][0]["status"], "paid");
    let receipt = member
        .app
        .get_with_token(paid["receipt_url"].as_str().unwrap(), &member.token)
        .send()
        .await
        .unwrap();
    assert_eq!(receipt.status(), 200);
    let again = member.order("wechat_native", None).await;
    assert_eq!(problem(again, 409).await["code"], "dues_already_paid");
}

#[tokio::test]
async fn alipay_page_pay_is_signed_and_its_notification_settles_it() {
    let member = Member::new().await;
    let order: Value = member.order("alipay_page", None).await.json().await.unwrap();
    let redirect = order["redirect_url"].as_str().unwrap().to_owned();
    assert!(redirect.contains("method=alipay.trade.page.pay"), "{redirect}");
    assert!(redirect.contains("sign="));

    // A request altered after signing is refused by the gateway.
    let tampered = redirect.replace("total_amount%22%3A%223000.00", "total_amount%22%3A%220.01");
    assert_ne!(tampered, redirect, "the amount is in the signed biz_content");
    let refused = member.app.client.get(&tampered).send().await.unwrap().text().await.unwrap();
    assert!(refused.contains("验签失败"));

    let outcome = cashier(&member.app, &redirect, "pay").await;
    assert!(outcome.contains("HTTP 200"), "{outcome}");
    let paid = member.payment(order["payment"]["id"].as_str().unwrap()).await;
    assert_eq!(paid["status"], "paid");
}

#[tokio::test]
async fn wechat_notifications_are_believed_only_when_signed_and_matching() {
    let member = Member::new().await;
    let order: Value = member.order("wechat_native", None).await.json().await.unwrap();
    let id = order["payment"]["id"].as_str().unwrap().to_owned();
    let trade_no = member.out_trade_no(&id).await;

    // A body altered after signing.
    let (body, headers) = wechat_notification(&transaction(&trade_no, FEE)).unwrap();
    let tampered = body.replacen("\"summary\":\"支付成功\"", "\"summary\":\"支付成功 \"", 1);
    assert_ne!(tampered, body);
    assert_eq!(member.wechat_notify(&tampered, &headers).await.status(), 401);
    // Signed with another key (the merchant's own, not WeChat Pay's).
    let merchant = payment_crypto::private_key(keys::WECHATPAY_MERCHANT_PRIVATE).unwrap();
    let mut forged = headers.clone().to_vec();
    let message = format!("{}\n{}\n{body}\n", headers[0].1, headers[1].1);
    forged[2].1 = payment_crypto::sign(&merchant, message.as_bytes());
    assert_eq!(member.wechat_notify(&body, &forged).await.status(), 401);
    // No signature at all.
    assert_eq!(member.wechat_notify(&body, &[]).await.status(), 401);
    assert_eq!(member.payment(&id).await["status"], "pending");

    // Properly signed, for an order nobody made: acknowledged, nothing changes.
    let (unknown, unknown_headers) =
        wechat_notification(&transaction("KT-NO-SUCH-ORDER", FEE)).unwrap();
    assert_eq!(member.wechat_notify(&unknown, &unknown_headers).await.status(), 200);

    // Properly signed, wrong amount: acknowledged (no retries), the order held for review.
    let (short, short_headers) = wechat_notification(&transaction(&trade_no, FEE - 1)).unwrap();
    assert_eq!(member.wechat_notify(&short, &short_headers).await.status(), 200);
    let held = member.payment(&id).await;
    assert_eq!(held["status"], "flagged");
    let flag_reason: Option<String> =
        sqlx::query_scalar("select flag_reason from member_payments where id = $1")
            .bind(&id)
            .fetch_one(&member.app.db.pool)
            .await
            .unwrap();
    assert_eq!(flag_reason.as_deref(), Some("amount_mismatch"));
    // A held order is not settled by a later matching notification: an admin looks first.
    let (right, right_headers) = wechat_notification(&transaction(&trade_no, FEE)).unwrap();
    member.wechat_notify(&right, &right_headers).await;
    assert_eq!(member.payment(&id).await["status"], "flagged");
    assert_eq!(member.confirmations(&id).await, 0);
}

impl Member {
    async fn decide(&self, payment_id: &str, decision: &Value) -> reqwest::Response {
        self.app
            .post_json(&format!("/api/v1/admin/member-payments/{payment_id}/decision"), decision)
            .bearer_auth(&self.admin)
            .send()
            .await
            .unwrap()
    }

    /// An admin read, as JSON.
    async fn admin_get(&self, path: &str) -> Value {
        self.app.get_with_token(path, &self.admin).send().await.unwrap().json().await.unwrap()
    }

    async fn review_counts(&self) -> Value {
        self.admin_get("/api/v1/admin/reviews/counts").await
    }

    async fn notify_paid(&self, payment_id: &str, amount_fen: i64) {
        let trade_no = self.out_trade_no(payment_id).await;
        let (body, headers) = wechat_notification(&transaction(&trade_no, amount_fen)).unwrap();
        assert_eq!(self.wechat_notify(&body, &headers).await.status(), 200);
    }
}

#[tokio::test]
async fn an_operator_resolves_a_payment_held_for_review() {
    let member = Member::new().await;
    let order: Value = member.order("wechat_native", None).await.json().await.unwrap();
    let id = order["payment"]["id"].as_str().unwrap().to_owned();
    member.notify_paid(&id, FEE - 1).await;

    let queue = member.admin_get("/api/v1/admin/member-payments?status=flagged").await;
    let counts_held = member.review_counts().await;
    let unreasoned = member.decide(&id, &json!({"decision": "reject"})).await;
    let by_member = member
        .app
        .post_json(
            &format!("/api/v1/admin/member-payments/{id}/decision"),
            &json!({"decision": "confirm"}),
        )
        .bearer_auth(&member.token)
        .send()
        .await
        .unwrap();
    // The merchant platform shows the money: the operator confirms it.
    let confirmed = member.decide(&id, &json!({"decision": "confirm"})).await;
    let again = member.decide(&id, &json!({"decision": "confirm"})).await;

    let counts = member.review_counts().await;
    assert_eq!(counts_held["held_payments"], 1);
    assert_eq!(counts["held_payments"], 0, "resolved");
    assert_eq!(queue["total"], 1);
    assert_eq!(queue["items"][0]["flag_reason"], "amount_mismatch");
    assert_eq!(problem(unreasoned, 422).await["errors"][0]["field"], "reason");
    assert_eq!(by_member.status(), 403);
    assert_eq!(confirmed.status(), 200);
    let paid = member.payment(&id).await;
    assert_eq!(paid["status"], "paid");
    assert!(paid["receipt_no"].as_str().unwrap().starts_with("KTR"));
    assert_eq!(problem(again, 409).await["code"], "wrong_state");
    let audited: i64 = sqlx::query_scalar(
        "select count(*) from audit_log where action = 'payment.review_confirm' and object_id = $1",
    )
    .bind(&id)
    .fetch_one(&member.app.db.pool)
    .await
    .unwrap();
    assert_eq!(audited, 1);
}

#[tokio::test]
async fn a_year_paid_twice_is_held_for_a_refund_instead_of_settled_again() {
    let member = Member::new().await;
    // Two orders for the year (the member scanned one QR code, then ordered again).
    let first: Value = member.order("wechat_native", None).await.json().await.unwrap();
    let second: Value = member.order("wechat_native", None).await.json().await.unwrap();
    let first = first["payment"]["id"].as_str().unwrap().to_owned();
    let second = second["payment"]["id"].as_str().unwrap().to_owned();

    member.notify_paid(&first, FEE).await;
    member.notify_paid(&second, FEE).await;
    let held = member.payment(&second).await;
    let confirm = member.decide(&second, &json!({"decision": "confirm"})).await;
    let refunded = member
        .decide(&second, &json!({"decision": "reject", "reason": "重复支付，已原路退款"}))
        .await;

    assert_eq!(member.payment(&first).await["status"], "paid");
    assert_eq!(held["status"], "flagged");
    assert_eq!(held["flag_reason"], "duplicate_payment");
    assert!(held["receipt_no"].is_null(), "no second receipt");
    assert_eq!(member.confirmations(&second).await, 0);
    assert_eq!(problem(confirm, 409).await["code"], "dues_already_paid");
    assert_eq!(refunded.status(), 200);
    let closed = member.payment(&second).await;
    assert_eq!(closed["status"], "closed");
    assert_eq!(closed["reject_reason"], "重复支付，已原路退款");
}

#[tokio::test]
async fn a_notification_replayed_ten_times_or_ten_at_once_confirms_once() {
    let member = Member::new().await;
    let hook = member
        .app
        .post_json(
            &format!("/api/v1/orgs/{}/webhooks", member.org_id),
            &json!({"url": "https://hooks.example.com/ketang", "events": ["payment.confirmed"]}),
        )
        .bearer_auth(&member.token)
        .send()
        .await
        .unwrap();
    assert_eq!(hook.status(), 201);
    let order: Value = member.order("wechat_native", None).await.json().await.unwrap();
    let id = order["payment"]["id"].as_str().unwrap().to_owned();
    let trade_no = member.out_trade_no(&id).await;
    let (body, headers) = wechat_notification(&transaction(&trade_no, FEE)).unwrap();

    let concurrent = join_all((0..10).map(|_| member.wechat_notify(&body, &headers))).await;
    for answer in concurrent {
        assert_eq!(answer.status(), 200);
    }
    for _ in 0..10 {
        assert_eq!(member.wechat_notify(&body, &headers).await.status(), 200);
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
    let events: Vec<String> = sqlx::query_scalar(
        "select payload from webhook_deliveries where event = 'payment.confirmed'",
    )
    .fetch_all(&member.app.db.pool)
    .await
    .unwrap();
    assert_eq!(events.len(), 1, "one event for one confirmation");
    assert!(events[0].contains(&id));
}

#[tokio::test]
async fn alipay_notifications_are_verified_with_alipays_key_and_the_app_checked() {
    let member = Member::new().await;
    let order: Value = member.order("alipay_wap", None).await.json().await.unwrap();
    assert!(order["redirect_url"].as_str().unwrap().contains("QUICK_WAP_WAY"));
    let id = order["payment"]["id"].as_str().unwrap().to_owned();
    let trade_no = member.out_trade_no(&id).await;
    let post = |fields: Vec<(String, String)>| member.alipay_notify(fields);

    let good = alipay_notification(&trade_no, "2026113022001", FEE, "会费").unwrap();
    let tampered = with_field(good.clone(), "total_amount", "0.01");
    assert_eq!(post(tampered).await, "failure");
    assert_eq!(member.payment(&id).await["status"], "pending");

    assert_eq!(post(good.clone()).await, "success");
    assert_eq!(post(good).await, "success", "a retry is acknowledged");
    assert_eq!(member.payment(&id).await["status"], "paid");
    assert_eq!(member.confirmations(&id).await, 1);
}

#[tokio::test]
async fn an_order_whose_notification_never_came_is_settled_by_query() {
    let member = Member::new().await;
    let order: Value = member.order("wechat_native", None).await.json().await.unwrap();
    let id = order["payment"]["id"].as_str().unwrap().to_owned();
    let trade_no = member.out_trade_no(&id).await;
    // Paid at the gateway, but the notification was lost.
    sqlx::query("update sandbox_pay_orders set status = 'SUCCESS', transaction_id = '4200LOST', paid_at = 1 where out_trade_no = $1")
        .bind(&trade_no)
        .execute(&member.app.db.pool)
        .await
        .unwrap();

    let refreshed: Value = member
        .app
        .post_json(
            &format!("/api/v1/orgs/{}/membership/payments/{id}/refresh", member.org_id),
            &json!({}),
        )
        .bearer_auth(&member.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(refreshed["status"], "paid");
    assert_eq!(refreshed["gateway_transaction_id"], "4200LOST");

    // The reconciliation job does the same for orders nobody asks about, and closes cancelled
    // ones. (The paid order is set aside so the year can be ordered again.)
    sqlx::query("update member_payments set status = 'closed' where id = $1")
        .bind(&id)
        .execute(&member.app.db.pool)
        .await
        .unwrap();
    let second: Value = member.order("alipay_page", None).await.json().await.unwrap();
    let second_id = second["payment"]["id"].as_str().unwrap().to_owned();
    cashier(&member.app, second["redirect_url"].as_str().unwrap(), "cancel").await;
    sqlx::query("update member_payments set created_at = created_at - 120000 where id = $1")
        .bind(&second_id)
        .execute(&member.app.db.pool)
        .await
        .unwrap();
    ketang::payments::reconcile(&member.app.state).await.unwrap();
    assert_eq!(member.payment(&second_id).await["status"], "closed");
}

#[tokio::test]
async fn another_orgs_user_cannot_order_or_see_payments() {
    let member = Member::new().await;
    let order: Value = member.order("wechat_native", None).await.json().await.unwrap();
    let id = order["payment"]["id"].as_str().unwrap();
    let stranger =
        member.app.signed_in_user("13711112222").await["access_token"].as_str().unwrap().to_owned();

    let foreign = member
        .app
        .post_json(
            &format!("/api/v1/orgs/{}/membership/payments", member.org_id),
            &json!({"year": 2026, "channel": "wechat_native"}),
        )
        .bearer_auth(&stranger)
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), 404);
    let foreign = member
        .app
        .post_json(
            &format!("/api/v1/orgs/{}/membership/payments/{id}/refresh", member.org_id),
            &json!({}),
        )
        .bearer_auth(&stranger)
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), 404);
    let bad_channel = member
        .app
        .post_json(
            &format!("/api/v1/orgs/{}/membership/payments", member.org_id),
            &json!({"year": 2026, "channel": "paypal"}),
        )
        .bearer_auth(&member.token)
        .send()
        .await
        .unwrap();
    assert_eq!(problem(bad_channel, 422).await["errors"][0]["field"], "channel");
}

/// Alipay's form, re-signed after a change (as Alipay would sign it, or as a forger with
/// `private_pem` would).
fn alipay_resigned(mut fields: Vec<(String, String)>, private_pem: &str) -> Vec<(String, String)> {
    fields.retain(|(k, _)| k != "sign");
    let message = ketang::integrations::alipay::signing_string(
        fields.iter().filter(|(k, _)| k != "sign_type").map(|(k, v)| (k.as_str(), v.as_str())),
    );
    let key = payment_crypto::private_key(private_pem).unwrap();
    fields.push(("sign".to_owned(), payment_crypto::sign(&key, message.as_bytes())));
    fields
}

fn with_field(mut fields: Vec<(String, String)>, name: &str, value: &str) -> Vec<(String, String)> {
    fields.iter_mut().find(|(k, _)| k == name).unwrap().1 = value.to_owned();
    fields
}

#[tokio::test]
async fn alipay_forgeries_are_refused_and_mismatches_held_for_review() {
    let member = Member::new().await;
    let post = |fields: Vec<(String, String)>| member.alipay_notify(fields);
    // An order of the year, and Alipay's (correctly signed) report on it with `change` made.
    let order_and_report = |change: (&'static str, &'static str)| {
        let member = &member;
        async move {
            let order: Value = member.order("alipay_page", None).await.json().await.unwrap();
            let id = order["payment"]["id"].as_str().unwrap().to_owned();
            let trade_no = member.out_trade_no(&id).await;
            let good = alipay_notification(&trade_no, "2026113022002", FEE, "会费").unwrap();
            let changed = alipay_resigned(
                with_field(good.clone(), change.0, change.1),
                keys::ALIPAY_PLATFORM_PRIVATE,
            );
            (id, good, changed)
        }
    };
    let close = |id: String| {
        let member = &member;
        async move {
            let closed =
                member.decide(&id, &json!({"decision": "reject", "reason": "非本商户订单"})).await;
            assert_eq!(closed.status(), 200);
        }
    };

    let (id, good, other_seller) = order_and_report(("seller_id", "2088999999999999")).await;
    // Signed by the merchant's own key instead of Alipay's.
    let forged = post(alipay_resigned(good.clone(), keys::ALIPAY_APP_PRIVATE)).await;
    let still_pending = member.payment(&id).await;
    // This app's order, paid to another seller (merchant PID).
    let seller_answer = post(other_seller).await;
    let held_for_seller = member.payment(&id).await;
    // An order nobody made.
    let unknown =
        post(alipay_notification("KT-NO-SUCH-ORDER", "2026113022003", FEE, "会费").unwrap()).await;
    close(id.clone()).await;
    let (id2, _, other_app) = order_and_report(("app_id", "9021000199999999")).await;
    let app_answer = post(other_app).await;
    let held_for_app = member.payment(&id2).await;
    close(id2).await;
    let (id3, _, short) = order_and_report(("total_amount", "2999.00")).await;
    let short_answer = post(short).await;
    let held_for_amount = member.payment(&id3).await;

    assert_eq!(forged, "failure");
    assert_eq!(still_pending["status"], "pending");
    for answer in [&seller_answer, &unknown, &app_answer, &short_answer] {
        assert_eq!(answer, "success", "answered so Alipay stops retrying");
    }
    for (held, reason) in [
        (&held_for_seller, "app_mismatch"),
        (&held_for_app, "app_mismatch"),
        (&held_for_amount, "amount_mismatch"),
    ] {
        assert_eq!(held["status"], "flagged");
        assert_eq!(held["flag_reason"], reason);
    }
    assert_eq!(member.confirmations(&id).await, 0);
}

#[tokio::test]
async fn wechat_pay_reports_for_another_merchant_or_sealed_with_another_key_are_not_settled() {
    let member = Member::new().await;
    let order: Value = member.order("wechat_h5", None).await.json().await.unwrap();
    // H5: a page to open in the phone's browser, coming back to the member's dues page.
    let h5_url = order["redirect_url"].as_str().unwrap();
    assert!(h5_url.contains("redirect_url="), "{h5_url}");
    let id = order["payment"]["id"].as_str().unwrap().to_owned();
    let trade_no = member.out_trade_no(&id).await;

    // A resource sealed with another APIv3 key cannot be opened: refused, retried by WeChat.
    let nonce = "0123456789ab";
    let plain = serde_json::to_vec(&transaction(&trade_no, FEE)).unwrap();
    let sealed = payment_crypto::aes_gcm_seal(
        b"another32characterapiv3keyxxxxxx",
        nonce,
        "transaction",
        &plain,
    )
    .unwrap();
    let (body, _) = wechat_notification(&transaction(&trade_no, FEE)).unwrap();
    let mut envelope: Value = serde_json::from_str(&body).unwrap();
    envelope["resource"]["ciphertext"] = json!(sealed);
    envelope["resource"]["nonce"] = json!(nonce);
    let body = envelope.to_string();
    let platform = payment_crypto::private_key(keys::WECHATPAY_PLATFORM_PRIVATE).unwrap();
    let timestamp = time::OffsetDateTime::now_utc().unix_timestamp().to_string();
    let signature =
        payment_crypto::sign(&platform, format!("{timestamp}\nnonce-1\n{body}\n").as_bytes());
    let headers = [
        ("Wechatpay-Timestamp", timestamp),
        ("Wechatpay-Nonce", "nonce-1".to_owned()),
        ("Wechatpay-Signature", signature),
        ("Wechatpay-Serial", keys::WECHATPAY_PLATFORM_KEY_ID.to_owned()),
    ];
    let unopened = member.wechat_notify(&body, &headers).await.status();
    let pending = member.payment(&id).await;

    // Properly sealed and signed, but for another merchant.
    let mut foreign = transaction(&trade_no, FEE);
    foreign.mchid = "1900000999".into();
    let (foreign_body, foreign_headers) = wechat_notification(&foreign).unwrap();
    let foreign_answer = member.wechat_notify(&foreign_body, &foreign_headers).await.status();
    let held = member.payment(&id).await;

    assert!(unopened.is_client_error(), "{unopened}");
    assert_eq!(pending["status"], "pending");
    assert_eq!(foreign_answer, 200);
    assert_eq!(held["status"], "flagged");
    assert_eq!(held["flag_reason"], "app_mismatch");
}

impl Member {
    /// Pretends the order was placed `ms` earlier.
    async fn age(&self, payment_id: &str, ms: i64) {
        sqlx::query("update member_payments set created_at = created_at - $2 where id = $1")
            .bind(payment_id)
            .bind(ms)
            .execute(&self.app.db.pool)
            .await
            .unwrap();
    }

    async fn sandbox_status(&self, payment_id: &str) -> String {
        let trade_no = self.out_trade_no(payment_id).await;
        sqlx::query_scalar("select status from sandbox_pay_orders where out_trade_no = $1")
            .bind(trade_no)
            .fetch_one(&self.app.db.pool)
            .await
            .unwrap()
    }
}

const THREE_DAYS_MS: i64 = 3 * 24 * 60 * 60 * 1000;

/// Issue 20 item 7: an order closed here is closed at the gateway first, so it cannot take
/// money afterwards; the expiry travels with every order.
#[tokio::test]
async fn a_stale_order_is_closed_at_the_gateway_before_here_and_cannot_be_paid_later() {
    let member = Member::new().await;
    let order: Value = member.order("wechat_native", None).await.json().await.unwrap();
    let id = order["payment"]["id"].as_str().unwrap().to_owned();
    let expires: Option<i64> =
        sqlx::query_scalar("select expires_at from sandbox_pay_orders where out_trade_no = $1")
            .bind(member.out_trade_no(&id).await)
            .fetch_one(&member.app.db.pool)
            .await
            .unwrap();
    let lifetime = expires.unwrap() - ketang::db::now_ms();
    assert!((47 * 3_600_000..=48 * 3_600_000).contains(&lifetime), "time_expire sent: {lifetime}");
    let alipay: Value = member.order("alipay_page", None).await.json().await.unwrap();
    let alipay_url = alipay["redirect_url"].as_str().unwrap().to_owned();
    let biz: String = url::Url::parse(&alipay_url)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "biz_content")
        .unwrap()
        .1
        .into_owned();
    assert!(biz.contains("\"time_expire\""), "{biz}");

    member.age(&id, THREE_DAYS_MS).await;
    ketang::payments::reconcile(&member.app.state).await.unwrap();

    assert_eq!(member.payment(&id).await["status"], "closed");
    assert_eq!(member.sandbox_status(&id).await, "CLOSED", "closed at the gateway too");
    let sandbox_id: String =
        sqlx::query_scalar("select id from sandbox_pay_orders where out_trade_no = $1")
            .bind(member.out_trade_no(&id).await)
            .fetch_one(&member.app.db.pool)
            .await
            .unwrap();
    let paid_late = member
        .app
        .request(Method::POST, &format!("/sandbox/payments/cashier/{sandbox_id}/pay"))
        .form(&[("x", "")])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!paid_late.contains("支付成功"), "a closed trade takes no money: {paid_late}");
    assert_eq!(member.sandbox_status(&id).await, "CLOSED");
    assert_eq!(member.payment(&id).await["status"], "closed");
}

/// Issue 20 item 7: money that arrives for an order closed here is never dropped — it settles
/// the year when the year is open, and is held for an operator (who is told) when not.
#[tokio::test]
async fn a_verified_payment_for_a_closed_order_settles_or_is_held_never_dropped() {
    let member = Member::new().await;
    let order: Value = member.order("wechat_native", None).await.json().await.unwrap();
    let id = order["payment"]["id"].as_str().unwrap().to_owned();
    sqlx::query("update member_payments set status = 'closed' where id = $1")
        .bind(&id)
        .execute(&member.app.db.pool)
        .await
        .unwrap();
    member.notify_paid(&id, FEE).await;
    let settled = member.payment(&id).await;
    assert_eq!(settled["status"], "paid", "{settled}");
    assert!(settled["receipt_no"].is_string());

    // A second order, closed, then paid after the year was settled: held for a refund.
    sqlx::query("update member_payments set status = 'closed' where id = $1")
        .bind(&id)
        .execute(&member.app.db.pool)
        .await
        .unwrap();
    let second: Value = member.order("wechat_native", None).await.json().await.unwrap();
    let second = second["payment"]["id"].as_str().unwrap().to_owned();
    sqlx::query("update member_payments set status = 'paid' where id = $1")
        .bind(&id)
        .execute(&member.app.db.pool)
        .await
        .unwrap();
    sqlx::query("update member_payments set status = 'closed' where id = $1")
        .bind(&second)
        .execute(&member.app.db.pool)
        .await
        .unwrap();
    member.notify_paid(&second, FEE).await;
    let held = member.payment(&second).await;
    assert_eq!(held["status"], "flagged");
    assert_eq!(held["flag_reason"], "duplicate_payment");
    let told: Vec<String> = sqlx::query_scalar(
        "select m.body from messages m join users u on u.id = m.user_id \
         where m.kind = 'payment.flagged' and u.admin_role = 'super'",
    )
    .fetch_all(&member.app.db.pool)
    .await
    .unwrap();
    assert_eq!(told.len(), 1, "the operator is told");
    assert!(told[0].contains("需退款"), "{}", told[0]);
}

/// Issue 20 item 8: the right number in another currency is not the fee.
#[tokio::test]
async fn a_verified_payment_in_another_currency_is_held_for_review() {
    let member = Member::new().await;
    let order: Value = member.order("wechat_native", None).await.json().await.unwrap();
    let id = order["payment"]["id"].as_str().unwrap().to_owned();
    let mut usd = transaction(&member.out_trade_no(&id).await, FEE);
    usd.amount.as_mut().unwrap().currency = Some("USD".into());
    let (body, headers) = wechat_notification(&usd).unwrap();
    assert_eq!(member.wechat_notify(&body, &headers).await.status(), 200);
    let held = member.payment(&id).await;
    assert_eq!(held["status"], "flagged");
    assert_eq!(held["flag_reason"], "currency_mismatch");
    assert_eq!(member.confirmations(&id).await, 0);
}

/// Issue 20 item 12: WeChat Pay hears refusals in its own format, never a Ketang problem.
#[tokio::test]
async fn wechat_pay_refusals_answer_in_wechat_pays_format() {
    let member = Member::new().await;
    let order: Value = member.order("wechat_native", None).await.json().await.unwrap();
    let id = order["payment"]["id"].as_str().unwrap().to_owned();
    let (body, headers) =
        wechat_notification(&transaction(&member.out_trade_no(&id).await, FEE)).unwrap();
    let mut stale = headers.clone().to_vec();
    stale[0].1 = "1000000000".into();
    for (refused, status) in [
        (member.wechat_notify(&body, &[]).await, 401),
        (member.wechat_notify(&body, &stale).await, 401),
        (member.wechat_notify("not json", &headers).await, 401),
    ] {
        assert_eq!(refused.status(), status);
        assert_eq!(refused.headers()["content-type"], "application/json");
        let answer: Value = refused.json().await.unwrap();
        assert_eq!(answer["code"], "FAIL", "{answer}");
        assert!(answer["message"].is_string() && answer.get("title").is_none(), "{answer}");
    }
}

/// Issue 20 items 9–11: an offline voucher for another amount than the fee is confirmed only
/// knowingly, with a note; operators read any member's payment and receipt (audited as
/// themselves); the receipt prints the amount's currency sign and names the payee.
#[tokio::test]
async fn offline_amounts_are_compared_with_the_fee_and_operators_read_receipts() {
    let member = Member::new().await;
    let voucher =
        member.app.upload(&member.token, "payment_voucher", &ketang_tests::png(600, 400)).await;
    let submitted = member
        .app
        .post_json(
            &format!("/api/v1/orgs/{}/membership/offline-payments", member.org_id),
            &json!({"year": 2026, "amount_fen": 5, "paid_on": "2026-03-01", "payer_account": "6222 0000 1111",
                    "bank_serial": "BS20260301001", "voucher_media_id": voucher["id"]}),
        )
        .bearer_auth(&member.token)
        .send()
        .await
        .unwrap();
    assert_eq!(submitted.status(), 201);
    let submitted: Value = submitted.json().await.unwrap();
    assert_eq!(
        (submitted["amount_fen"].as_i64(), submitted["fee_fen"].as_i64()),
        (Some(5), Some(FEE))
    );
    let id = submitted["id"].as_str().unwrap().to_owned();

    let blind = member.decide(&id, &json!({"decision": "confirm"})).await;
    let blind = problem(blind, 422).await;
    let fields: Vec<&str> =
        blind["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["accept_amount_difference", "note"]);
    assert!(blind["errors"][0]["message"].as_str().unwrap().contains("3,000.00"), "{blind}");
    let unexplained =
        member.decide(&id, &json!({"decision": "confirm", "accept_amount_difference": true})).await;
    assert_eq!(problem(unexplained, 422).await["errors"][0]["field"], "note");
    let confirmed = member
        .decide(
            &id,
            &json!({"decision": "confirm", "accept_amount_difference": true,
                             "note": "协会减免，理事会 2026-02 决议"}),
        )
        .await;
    assert_eq!(confirmed.status(), 200);
    let confirmed: Value = confirmed.json().await.unwrap();
    assert_eq!(confirmed["confirm_note"], "协会减免，理事会 2026-02 决议");

    let read = member
        .app
        .get_with_token(&format!("/api/v1/admin/member-payments/{id}"), &member.admin)
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), 200);
    let read: Value = read.json().await.unwrap();
    let receipt_url = read["receipt_url"].as_str().unwrap().to_owned();
    assert_eq!(receipt_url, format!("/api/v1/admin/member-payments/{id}/receipt.pdf"));
    let receipt = member.app.get_with_token(&receipt_url, &member.admin).send().await.unwrap();
    assert_eq!(receipt.status(), 200);
    assert_eq!(receipt.headers()["content-type"], "application/pdf");
    let pdf = receipt.bytes().await.unwrap();
    let by_member = member.app.get_with_token(&receipt_url, &member.token).send().await.unwrap();
    assert_eq!(by_member.status(), 403, "the operators' address is for operators");
    let audited: Vec<String> = sqlx::query_scalar(
        "select action from audit_log where object_id = $1 and action like 'payment.operator_%' order by action",
    )
    .bind(&id)
    .fetch_all(&member.app.db.pool)
    .await
    .unwrap();
    assert_eq!(audited, ["payment.operator_read", "payment.operator_receipt"]);
    match ketang_tests::pdf_text(&pdf) {
        Ok(text) => {
            assert!(text.contains("￥0.05"), "the amount has its sign: {text}");
            assert!(text.contains("收款单位：海南省企业协会"), "{text}");
        }
        Err(_) => {
            eprintln!("skipped the PDF text check: pdftotext (poppler-utils) is not installed")
        }
    }
}
