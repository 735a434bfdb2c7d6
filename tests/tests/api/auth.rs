//! Sign-in by phone and SMS code, sessions and their tokens (SPEC §1).

use base64::Engine;
use ketang_tests::{TestApp, problem, spawn_app, spawn_app_with};
use serde_json::{Value, json};

const PHONE: &str = "13800138000";

async fn audit_actions(app: &TestApp) -> Vec<String> {
    sqlx::query_scalar("select action from audit_log order by at, id")
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
}

/// Makes the last code of `phone` look older, as if `ms` had passed.
async fn age_throttle(app: &TestApp, phone: &str, ms: i64) {
    sqlx::query("update sms_phone_throttle set last_sent_at = last_sent_at - $2 where phone = $1")
        .bind(phone)
        .bind(ms)
        .execute(&app.db.pool)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_code_is_sent_to_a_valid_phone_and_the_sandbox_shows_it() {
    let app = spawn_app().await;

    let response = app.request_sms_code("+86 138 0013 8000", "login").await;

    assert_eq!(response.status(), 202);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body, json!({"expires_in_secs": 300, "resend_after_secs": 60}));
    let code = app.last_sms_code(PHONE).await.expect("code delivered to the normalised number");
    assert_eq!(code.len(), 6);
}

#[tokio::test]
async fn a_phone_that_is_not_a_mainland_mobile_is_refused_with_its_field() {
    let app = spawn_app().await;

    let response = app
        .post_json("/api/v1/auth/sms-codes", &json!({"phone": "12345", "purpose": "login"}))
        .header("Accept-Language", "en")
        .send()
        .await
        .unwrap();

    let body = problem(response, 422).await;
    assert_eq!(body["errors"][0]["field"], "phone");
    assert_eq!(body["errors"][0]["code"], "mobile_format");
    assert_eq!(body["errors"][0]["message"], "must be an 11-digit mainland China mobile number");
}

#[tokio::test]
async fn a_second_code_within_a_minute_is_refused_with_retry_after() {
    let app = spawn_app().await;
    app.request_sms_code(PHONE, "login").await;

    let response = app.request_sms_code(PHONE, "reset").await;

    assert_eq!(response.status(), 429);
    let retry_after: u64 = response.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((55..=60).contains(&retry_after), "{retry_after}");
    assert_eq!(problem(response, 429).await["code"], "rate_limited");
}

#[tokio::test]
async fn at_most_ten_codes_a_day_reach_one_phone() {
    let app = spawn_app().await;
    for _ in 0..10 {
        assert_eq!(app.request_sms_code(PHONE, "login").await.status(), 202);
        age_throttle(&app, PHONE, 61_000).await;
    }

    let eleventh = app.request_sms_code(PHONE, "login").await;

    assert_eq!(eleventh.status(), 429);
    let retry_after: u64 = eleventh.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(retry_after > 60 * 60, "waits for the day window, not the minute: {retry_after}");
}

#[tokio::test]
async fn one_client_address_cannot_send_codes_to_endless_phones() {
    let app = spawn_app().await;
    for n in 0..30 {
        let phone = format!("139{n:08}");
        assert_eq!(app.request_sms_code(&phone, "login").await.status(), 202, "{phone}");
    }

    let response = app.request_sms_code("13700000000", "login").await;

    assert_eq!(response.status(), 429);
}

#[tokio::test]
async fn a_reset_code_for_an_unknown_phone_looks_the_same_but_is_not_sent() {
    let app = spawn_app().await;

    let response = app.request_sms_code(PHONE, "reset").await;

    assert_eq!(response.status(), 202, "no account enumeration");
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!({"expires_in_secs": 300, "resend_after_secs": 60})
    );
    assert_eq!(app.last_sms_code(PHONE).await, None);
}

#[tokio::test]
async fn the_first_sign_in_registers_the_phone_once_the_terms_are_accepted() {
    let app = spawn_app().await;
    app.request_sms_code(PHONE, "login").await;
    let code = app.last_sms_code(PHONE).await.unwrap();

    let without_terms = app.sign_in_with_sms(&json!({"phone": PHONE, "code": code})).await;
    let with_terms =
        app.sign_in_with_sms(&json!({"phone": PHONE, "code": code, "agree_terms": true})).await;

    let refused = problem(without_terms, 422).await;
    assert_eq!(refused["errors"][0]["field"], "agree_terms");
    assert_eq!(refused["errors"][0]["code"], "terms_required");
    assert_eq!(with_terms.status(), 200, "the code was not spent by the refused attempt");
    let cookie = with_terms.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("ketang_refresh="), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    assert!(cookie.contains("Path=/api/v1/auth"), "{cookie}");
    let session: Value = with_terms.json().await.unwrap();
    assert_eq!(session["registered"], true);
    assert_eq!(session["token_type"], "Bearer");
    assert_eq!(session["expires_in"], 900);
    assert!(session.get("refresh_token").is_none(), "browsers get it as a cookie only");
    assert_eq!(session["user"]["mobile"], PHONE);
    assert_eq!(session["user"]["has_password"], false);
    assert_eq!(audit_actions(&app).await, ["auth.register"]);
}

#[tokio::test]
async fn a_known_phone_signs_in_without_registering_again() {
    let app = spawn_app().await;
    let first = app.signed_in_user(PHONE).await;
    age_throttle(&app, PHONE, 61_000).await;

    let second = app.signed_in_user(PHONE).await;

    assert_eq!(second["registered"], false);
    assert_eq!(second["user"]["id"], first["user"]["id"]);
    let users: i64 =
        sqlx::query_scalar("select count(*) from users").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(users, 1);
}

#[tokio::test]
async fn a_code_works_once() {
    let app = spawn_app().await;
    app.request_sms_code(PHONE, "login").await;
    let code = app.last_sms_code(PHONE).await.unwrap();
    let body = json!({"phone": PHONE, "code": code, "agree_terms": true});

    assert_eq!(app.sign_in_with_sms(&body).await.status(), 200);
    let again = app.sign_in_with_sms(&body).await;

    assert_eq!(problem(again, 422).await["errors"][0]["code"], "sms_code_invalid");
}

#[tokio::test]
async fn after_five_wrong_codes_even_the_right_one_is_refused() {
    let app = spawn_app().await;
    app.request_sms_code(PHONE, "login").await;
    let code = app.last_sms_code(PHONE).await.unwrap();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        let response = app
            .sign_in_with_sms(&json!({"phone": PHONE, "code": wrong, "agree_terms": true}))
            .await;
        assert_eq!(problem(response, 422).await["errors"][0]["code"], "sms_code_invalid");
    }

    let sixth =
        app.sign_in_with_sms(&json!({"phone": PHONE, "code": code, "agree_terms": true})).await;

    assert_eq!(problem(sixth, 422).await["errors"][0]["code"], "sms_code_exhausted");
    let actions = audit_actions(&app).await;
    assert_eq!(actions.iter().filter(|a| *a == "auth.sign_in_failed").count(), 6);
}

#[tokio::test]
async fn an_expired_code_is_refused() {
    let app = spawn_app().await;
    app.request_sms_code(PHONE, "login").await;
    let code = app.last_sms_code(PHONE).await.unwrap();
    sqlx::query("update sms_codes set expires_at = expires_at - 300001")
        .execute(&app.db.pool)
        .await
        .unwrap();

    let response =
        app.sign_in_with_sms(&json!({"phone": PHONE, "code": code, "agree_terms": true})).await;

    assert_eq!(problem(response, 422).await["errors"][0]["code"], "sms_code_expired");
}

#[tokio::test]
async fn codes_are_stored_hashed() {
    let app = spawn_app().await;
    app.request_sms_code(PHONE, "login").await;
    let code = app.last_sms_code(PHONE).await.unwrap();

    let stored: String = sqlx::query_scalar("select code_hash from sms_codes")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();

    assert_ne!(stored, code);
    assert!(!stored.contains(&code));
    assert_eq!(stored.len(), 64);
}

#[tokio::test]
async fn me_answers_the_signed_in_user() {
    let app = spawn_app().await;
    let session = app.signed_in_user(PHONE).await;

    let response = app
        .get_with_token("/api/v1/me", session["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    let me: Value = response.json().await.unwrap();
    assert_eq!(me["id"], session["user"]["id"]);
    assert_eq!(me["mobile"], PHONE);
}

#[tokio::test]
async fn me_without_a_valid_token_is_401() {
    let app = spawn_app().await;
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let unsigned = format!(
        "{}.{}.",
        engine.encode(r#"{"alg":"none","typ":"JWT"}"#),
        engine.encode(r#"{"sub":"x","iat":1,"exp":9999999999,"sid":"y"}"#)
    );

    let missing = app.get("/api/v1/me").header("Accept-Language", "en").send().await.unwrap();
    let garbage = app.get_with_token("/api/v1/me", "not-a-jwt").send().await.unwrap();
    let alg_none = app.get_with_token("/api/v1/me", &unsigned).send().await.unwrap();

    assert_eq!(missing.headers()["www-authenticate"], "Bearer");
    let missing = problem(missing, 401).await;
    assert_eq!(missing["code"], "unauthorized");
    assert_eq!(missing["title"], "Please sign in");
    assert_eq!(problem(garbage, 401).await["code"], "token_invalid");
    assert_eq!(problem(alg_none, 401).await["code"], "token_invalid");
}

#[tokio::test]
async fn a_token_signed_with_another_key_is_refused() {
    let app = spawn_app().await;
    let other = spawn_app_with(|s| {
        s.auth.jwt_secret = Some("a-different-key-of-at-least-32-bytes!!".to_owned().into())
    })
    .await;
    let foreign = other.signed_in_user(PHONE).await;

    let response = app
        .get_with_token("/api/v1/me", foreign["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();

    assert_eq!(problem(response, 401).await["code"], "token_invalid");
}

async fn refresh(app: &TestApp, refresh_token: &str) -> reqwest::Response {
    app.post_json(
        "/api/v1/auth/refresh",
        &json!({"refresh_token": refresh_token, "token_delivery": "body"}),
    )
    .send()
    .await
    .unwrap()
}

#[tokio::test]
async fn a_refresh_rotates_the_refresh_token() {
    let app = spawn_app().await;
    let session = app.signed_in_user(PHONE).await;
    let first_refresh = session["refresh_token"].as_str().unwrap();

    let response = refresh(&app, first_refresh).await;

    assert_eq!(response.status(), 200);
    let rotated: Value = response.json().await.unwrap();
    assert_ne!(rotated["refresh_token"], session["refresh_token"]);
    let me = app
        .get_with_token("/api/v1/me", rotated["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);
}

#[tokio::test]
async fn reusing_a_rotated_refresh_token_ends_the_whole_sign_in() {
    let app = spawn_app().await;
    let session = app.signed_in_user(PHONE).await;
    let stolen = session["refresh_token"].as_str().unwrap().to_owned();
    let rotated: Value = refresh(&app, &stolen).await.json().await.unwrap();
    // The thief comes later than a browser's lost answer could.
    sqlx::query(
        "update refresh_tokens set rotated_at = rotated_at - 60000 where rotated_at is not null",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();

    let replay = refresh(&app, &stolen).await;

    assert_eq!(problem(replay, 401).await["code"], "refresh_token_reused");
    let successor = refresh(&app, rotated["refresh_token"].as_str().unwrap()).await;
    assert_eq!(successor.status(), 401, "the legitimate successor is revoked too");
    let me = app
        .get_with_token("/api/v1/me", rotated["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(problem(me, 401).await["code"], "session_ended");
}

#[tokio::test]
async fn a_refresh_replayed_at_once_keeps_the_sign_in() {
    // A page left while its refresh was answered never stored the successor; the next page
    // presents the rotated token a moment later. Ten seconds of grace keep that user signed in,
    // with the same successor (one live branch per sign-in, never two).
    let app = spawn_app().await;
    let session = app.signed_in_user(PHONE).await;
    let presented = session["refresh_token"].as_str().unwrap().to_owned();
    let lost: Value = refresh(&app, &presented).await.json().await.unwrap();

    let replay = refresh(&app, &presented).await;
    let replay_status = replay.status();
    let replayed: Value = replay.json().await.unwrap();
    let successor = refresh(&app, lost["refresh_token"].as_str().unwrap()).await;

    assert_eq!(replay_status, 200);
    assert_eq!(replayed["refresh_token"], lost["refresh_token"], "the same successor");
    let successor_status = successor.status();
    let successor: Value = successor.json().await.unwrap();
    assert_eq!(successor_status, 200, "the successor works");
    let live: i64 = sqlx::query_scalar(
        "select count(*) from refresh_tokens where rotated_at is null and revoked_at is null",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(live, 1, "one live refresh token in the sign-in");
    let replayed = successor;
    let me = app
        .get_with_token("/api/v1/me", replayed["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);

    // After a sign-out, not even a token within the grace reopens the sign-in.
    let out = app
        .post_json("/api/v1/auth/sign-out", &json!({"refresh_token": replayed["refresh_token"]}))
        .send()
        .await
        .unwrap();
    assert!(out.status().is_success());
    assert_eq!(refresh(&app, &presented).await.status(), 401);
}

#[tokio::test]
async fn ten_concurrent_refreshes_with_one_token_share_one_successor() {
    let app = spawn_app().await;
    let session = app.signed_in_user(PHONE).await;
    let presented = session["refresh_token"].as_str().unwrap().to_owned();

    let answers = futures_util::future::join_all((0..10).map(|_| refresh(&app, &presented))).await;

    let mut successors = Vec::new();
    for answer in answers {
        assert_eq!(answer.status(), 200);
        let body: Value = answer.json().await.unwrap();
        successors.push(body["refresh_token"].as_str().unwrap().to_owned());
    }
    successors.dedup();
    assert_eq!(successors.len(), 1, "one successor: {successors:?}");
    let live: i64 = sqlx::query_scalar(
        "select count(*) from refresh_tokens where rotated_at is null and revoked_at is null",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(live, 1);
}

#[tokio::test]
async fn browsers_refresh_with_the_cookie() {
    let app = spawn_app().await;
    app.request_sms_code(PHONE, "login").await;
    let code = app.last_sms_code(PHONE).await.unwrap();
    app.sign_in_with_sms(&json!({"phone": PHONE, "code": code, "agree_terms": true})).await;

    let response = app.post_json("/api/v1/auth/refresh", &json!({})).send().await.unwrap();

    assert_eq!(response.status(), 200);
    assert!(response.headers()["set-cookie"].to_str().unwrap().starts_with("ketang_refresh="));
    let session: Value = response.json().await.unwrap();
    assert!(session["access_token"].as_str().is_some());
}

#[tokio::test]
async fn a_refresh_without_any_token_is_401() {
    let app = spawn_app().await;

    let response = app.post_json("/api/v1/auth/refresh", &json!({})).send().await.unwrap();

    assert_eq!(problem(response, 401).await["code"], "refresh_token_invalid");
}

#[tokio::test]
async fn signing_out_ends_the_session_at_once() {
    let app = spawn_app().await;
    let session = app.signed_in_user(PHONE).await;
    let refresh_token = session["refresh_token"].as_str().unwrap();
    let access_token = session["access_token"].as_str().unwrap();

    let response = app
        .post_json("/api/v1/auth/sign-out", &json!({"refresh_token": refresh_token}))
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 204);
    assert!(response.headers()["set-cookie"].to_str().unwrap().contains("Max-Age=0"));
    assert_eq!(refresh(&app, refresh_token).await.status(), 401);
    let me = app.get_with_token("/api/v1/me", access_token).send().await.unwrap();
    assert_eq!(problem(me, 401).await["code"], "session_ended");
}

#[tokio::test]
async fn refresh_tokens_are_stored_hashed() {
    let app = spawn_app().await;
    let session = app.signed_in_user(PHONE).await;

    let stored: String = sqlx::query_scalar("select token_hash from refresh_tokens")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();

    assert_ne!(stored, session["refresh_token"].as_str().unwrap());
}

#[tokio::test]
async fn a_disabled_account_cannot_use_its_token() {
    let app = spawn_app().await;
    let session = app.signed_in_user(PHONE).await;
    sqlx::query("update users set status = 'disabled'").execute(&app.db.pool).await.unwrap();

    let response = app
        .get_with_token("/api/v1/me", session["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();

    assert_eq!(problem(response, 401).await["code"], "account_disabled");
}

#[tokio::test]
async fn the_sandbox_is_absent_when_sandbox_mode_is_off() {
    let app = spawn_app_with(|s| s.sandbox.enabled = Some(false)).await;
    app.request_sms_code(PHONE, "login").await;

    let response = app.get(&format!("/sandbox/sms/last?phone={PHONE}")).send().await.unwrap();

    assert_eq!(problem(response, 404).await["code"], "route_not_found");
}

/// Issue 20 items 5 and 18: a retried code request with the same `Idempotency-Key` gets the
/// first answer and sends nothing more; the daily limit says when to come back in words.
#[tokio::test]
async fn a_retried_code_request_sends_once_and_the_daily_limit_names_a_time() {
    let app = spawn_app().await;
    let ask = |key: Option<&'static str>| {
        let mut request =
            app.post_json("/api/v1/auth/sms-codes", &json!({"phone": PHONE, "purpose": "login"}));
        if let Some(key) = key {
            request = request.header("Idempotency-Key", key);
        }
        request.send()
    };
    let first = ask(Some("gateway-retry-1")).await.unwrap();
    let retried = ask(Some("gateway-retry-1")).await.unwrap();
    assert_eq!(first.status(), 202);
    assert_eq!(retried.status(), 202);
    assert_eq!(retried.headers()["idempotent-replayed"], "true");
    let sent: i64 = sqlx::query_scalar("select count(*) from sandbox_sms_outbox where phone = $1")
        .bind(PHONE)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(sent, 1, "one SMS for one request retried");
    let other_phone = app
        .post_json("/api/v1/auth/sms-codes", &json!({"phone": "13800138001", "purpose": "login"}))
        .header("Idempotency-Key", "gateway-retry-1")
        .send()
        .await
        .unwrap();
    assert_eq!(other_phone.status(), 202, "keys are scoped by phone");
    assert_eq!(ask(None).await.unwrap().status(), 429, "without a key: the resend interval");

    // A minute passes between requests; the day's count stays.
    let a_minute_later = || {
        sqlx::query(
            "update sms_phone_throttle set last_sent_at = last_sent_at - 61000 where phone = $1",
        )
        .bind(PHONE)
        .execute(&app.db.pool)
    };
    for n in 1..10 {
        a_minute_later().await.unwrap();
        assert_eq!(ask(None).await.unwrap().status(), 202, "code {n} of the day");
    }
    a_minute_later().await.unwrap();
    let over = ask(None).await.unwrap();
    let detail = problem(over, 429).await["detail"].as_str().unwrap().to_owned();
    assert!(detail.contains("后再试") && !detail.contains("秒"), "a time, not seconds: {detail}");
}
