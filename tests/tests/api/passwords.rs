//! Passwords: set, change, reset by SMS, sign-in, lockout (SPEC §1).

use ketang_tests::{TestApp, problem, spawn_app};
use serde_json::{Value, json};

const PHONE: &str = "13800138000";
const PASSWORD: &str = "Ketang#2026";

async fn set_password(app: &TestApp, session: &Value, body: &Value) -> reqwest::Response {
    app.request(reqwest::Method::PUT, "/api/v1/me/password")
        .bearer_auth(session["access_token"].as_str().unwrap())
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn sign_in(app: &TestApp, password: &str) -> reqwest::Response {
    app.post_json(
        "/api/v1/auth/sign-in/password",
        &json!({"phone": PHONE, "password": password, "token_delivery": "body"}),
    )
    .header("Accept-Language", "en")
    .send()
    .await
    .unwrap()
}

async fn user_with_password(app: &TestApp) -> Value {
    let session = app.signed_in_user(PHONE).await;
    let response = set_password(app, &session, &json!({"new_password": PASSWORD})).await;
    assert_eq!(response.status(), 204);
    session
}

#[tokio::test]
async fn a_user_sets_a_password_and_signs_in_with_it() {
    let app = spawn_app().await;
    user_with_password(&app).await;

    let response = sign_in(&app, PASSWORD).await;

    assert_eq!(response.status(), 200);
    let session: Value = response.json().await.unwrap();
    assert_eq!(session["user"]["has_password"], true);
    let stored: String = sqlx::query_scalar("select password_hash from users")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert!(stored.starts_with("$argon2id$"), "stored as an Argon2id hash");
}

#[tokio::test]
async fn a_weak_password_is_refused_with_the_rule_it_breaks() {
    let app = spawn_app().await;
    let session = app.signed_in_user(PHONE).await;

    for (candidate, code) in [
        ("short#1", "password_length"),
        ("onlyletters", "password_composition"),
        ("x#13800138000", "password_contains_personal"),
    ] {
        let response = set_password(&app, &session, &json!({"new_password": candidate})).await;
        let body = problem(response, 422).await;
        assert_eq!(body["errors"][0]["field"], "new_password", "{candidate}");
        assert_eq!(body["errors"][0]["code"], code, "{candidate}");
    }
}

#[tokio::test]
async fn changing_a_password_needs_the_current_one_and_ends_other_sign_ins() {
    let app = spawn_app().await;
    let session = user_with_password(&app).await;
    let other_device: Value = sign_in(&app, PASSWORD).await.json().await.unwrap();

    let without_current =
        set_password(&app, &session, &json!({"new_password": "Another#2027"})).await;
    let changed = set_password(
        &app,
        &session,
        &json!({"current_password": PASSWORD, "new_password": "Another#2027"}),
    )
    .await;

    assert_eq!(problem(without_current, 422).await["errors"][0]["field"], "current_password");
    assert_eq!(changed.status(), 204);
    assert_eq!(problem(sign_in(&app, PASSWORD).await, 401).await["code"], "invalid_credentials");
    assert_eq!(sign_in(&app, "Another#2027").await.status(), 200);
    let this_device = app
        .get_with_token("/api/v1/me", session["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    let elsewhere = app
        .get_with_token("/api/v1/me", other_device["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(this_device.status(), 200, "the session that changed it stays");
    assert_eq!(problem(elsewhere, 401).await["code"], "session_ended");
}

#[tokio::test]
async fn an_unknown_phone_and_a_wrong_password_get_the_same_answer() {
    let app = spawn_app().await;
    user_with_password(&app).await;

    let wrong = sign_in(&app, "Wrong#2026").await;
    let unknown = app
        .post_json(
            "/api/v1/auth/sign-in/password",
            &json!({"phone": "13900000000", "password": PASSWORD}),
        )
        .header("Accept-Language", "en")
        .send()
        .await
        .unwrap();

    let wrong = problem(wrong, 401).await;
    let unknown = problem(unknown, 401).await;
    assert_eq!(wrong["code"], "invalid_credentials");
    assert_eq!(wrong["title"], unknown["title"]);
    assert_eq!(wrong["code"], unknown["code"]);
}

#[tokio::test]
async fn five_wrong_passwords_lock_password_sign_in_for_fifteen_minutes() {
    let app = spawn_app().await;
    user_with_password(&app).await;
    for _ in 0..4 {
        assert_eq!(sign_in(&app, "Wrong#2026").await.status(), 401);
    }

    let fifth = sign_in(&app, "Wrong#2026").await;
    let right_while_locked = sign_in(&app, PASSWORD).await;

    assert_eq!(fifth.status(), 423);
    let retry_after: u64 = fifth.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((890..=900).contains(&retry_after), "{retry_after}");
    let locked = problem(right_while_locked, 423).await;
    assert_eq!(locked["code"], "password_locked");
    assert!(locked["detail"].as_str().unwrap().contains("15 more minute"), "{locked}");
    let actions: Vec<String> =
        sqlx::query_scalar("select action from audit_log where action = 'auth.lockout'")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(actions.len(), 1);
}

#[tokio::test]
async fn the_lock_ends_after_fifteen_minutes() {
    let app = spawn_app().await;
    user_with_password(&app).await;
    for _ in 0..5 {
        sign_in(&app, "Wrong#2026").await;
    }
    sqlx::query("update password_lockouts set locked_until = locked_until - 900001")
        .execute(&app.db.pool)
        .await
        .unwrap();

    assert_eq!(sign_in(&app, PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn wrong_sms_codes_do_not_lock_the_password_and_the_lock_does_not_block_sms() {
    let app = spawn_app().await;
    user_with_password(&app).await;
    sqlx::query("update sms_phone_throttle set last_sent_at = last_sent_at - 61000")
        .execute(&app.db.pool)
        .await
        .unwrap();
    app.request_sms_code(PHONE, "login").await;
    for _ in 0..5 {
        app.sign_in_with_sms(&json!({"phone": PHONE, "code": "000000"})).await;
    }
    assert_eq!(
        sign_in(&app, PASSWORD).await.status(),
        200,
        "code guesses did not lock the password"
    );

    for _ in 0..5 {
        sign_in(&app, "Wrong#2026").await;
    }
    sqlx::query("update sms_phone_throttle set last_sent_at = last_sent_at - 61000")
        .execute(&app.db.pool)
        .await
        .unwrap();
    app.request_sms_code(PHONE, "login").await;
    let code = app.last_sms_code(PHONE).await.unwrap();
    let by_sms = app.sign_in_with_sms(&json!({"phone": PHONE, "code": code})).await;

    assert_eq!(by_sms.status(), 200, "a password lockout leaves SMS sign-in open");
}

#[tokio::test]
async fn a_forgotten_password_is_reset_with_an_sms_code() {
    let app = spawn_app().await;
    let session = user_with_password(&app).await;
    sqlx::query("update sms_phone_throttle set last_sent_at = last_sent_at - 61000")
        .execute(&app.db.pool)
        .await
        .unwrap();
    app.request_sms_code(PHONE, "reset").await;
    let code = app.last_sms_code(PHONE).await.unwrap();

    let weak = app
        .post_json(
            "/api/v1/auth/password-reset",
            &json!({"phone": PHONE, "code": code, "new_password": "weak"}),
        )
        .send()
        .await
        .unwrap();
    let reset = app
        .post_json(
            "/api/v1/auth/password-reset",
            &json!({"phone": PHONE, "code": code, "new_password": "Renewed#2027"}),
        )
        .send()
        .await
        .unwrap();

    assert_eq!(problem(weak, 422).await["errors"][0]["field"], "new_password");
    assert_eq!(reset.status(), 204, "the weak attempt did not spend the code");
    assert_eq!(sign_in(&app, "Renewed#2027").await.status(), 200);
    let old_session = app
        .get_with_token("/api/v1/me", session["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(problem(old_session, 401).await["code"], "session_ended");
}

#[tokio::test]
async fn a_login_code_cannot_reset_a_password() {
    let app = spawn_app().await;
    user_with_password(&app).await;
    sqlx::query("update sms_phone_throttle set last_sent_at = last_sent_at - 61000")
        .execute(&app.db.pool)
        .await
        .unwrap();
    app.request_sms_code(PHONE, "login").await;
    let login_code = app.last_sms_code(PHONE).await.unwrap();

    let response = app
        .post_json(
            "/api/v1/auth/password-reset",
            &json!({"phone": PHONE, "code": login_code, "new_password": "Renewed#2027"}),
        )
        .send()
        .await
        .unwrap();

    assert_eq!(problem(response, 422).await["errors"][0]["code"], "sms_code_invalid");
}

#[tokio::test]
async fn setting_a_password_requires_sign_in() {
    let app = spawn_app().await;

    let response = app
        .request(reqwest::Method::PUT, "/api/v1/me/password")
        .json(&json!({"new_password": PASSWORD}))
        .send()
        .await
        .unwrap();

    assert_eq!(problem(response, 401).await["code"], "unauthorized");
}

#[tokio::test]
async fn unknown_and_registered_phones_lock_alike() {
    // A lockout that only registered phones reach tells an attacker which phones have accounts.
    let app = spawn_app().await;
    user_with_password(&app).await;
    let mut answers = Vec::new();
    for phone in [PHONE, "13900009999"] {
        let attempt = || {
            app.post_json(
                "/api/v1/auth/sign-in/password",
                &json!({"phone": phone, "password": "Wrong#2026"}),
            )
            .send()
        };
        for _ in 0..4 {
            assert_eq!(problem(attempt().await.unwrap(), 401).await["code"], "invalid_credentials");
        }
        let fifth = attempt().await.unwrap();
        let retry_after: u64 = fifth.headers()["retry-after"].to_str().unwrap().parse().unwrap();
        assert!((890..=900).contains(&retry_after), "{phone}: {retry_after}");
        let fifth = problem(fifth, 423).await;
        let sixth = problem(attempt().await.unwrap(), 423).await;
        answers.push((fifth["code"].clone(), fifth["title"].clone(), sixth["code"].clone()));
    }
    assert_eq!(answers[0], answers[1], "the same answers for both phones");
}

#[tokio::test]
async fn one_address_gets_sixty_password_attempts_per_window_and_right_ones_are_given_back() {
    let app = spawn_app().await;
    user_with_password(&app).await;
    let wrong = |i: usize| {
        app.post_json(
            "/api/v1/auth/sign-in/password",
            // A different unknown phone each time: no lockout, only the address's quota.
            &json!({"phone": format!("1370000{i:04}"), "password": "Wrong#2026"}),
        )
        .send()
    };
    for i in 0..59 {
        assert_eq!(wrong(i).await.unwrap().status(), 401, "attempt {i}");
    }
    assert_eq!(sign_in(&app, PASSWORD).await.status(), 200, "the 60th, a right one");
    assert_eq!(wrong(60).await.unwrap().status(), 401, "the right one was given back");

    let refused = wrong(61).await.unwrap();
    let retry_after: u64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=900).contains(&retry_after), "{retry_after}");
    assert_eq!(problem(refused, 429).await["code"], "rate_limited");
    let refused_right = sign_in(&app, PASSWORD).await;
    assert_eq!(refused_right.status(), 429, "the quota is the address's, before any password");
    // The member sign-in draws on the same quota.
    let member = app
        .post_json(
            "/api/v1/member-auth/sign-in",
            &json!({"account": "91460200MA5T8XY10H", "password": "Wrong#2026"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(member.status(), 429);
}
