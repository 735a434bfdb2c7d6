//! Platform operators: made by the CLI's function (no default password), and the audit log
//! they read — every role may read it, nobody may change it.

use ketang_tests::{problem, spawn_app};
use reqwest::Method;
use serde_json::Value;

#[tokio::test]
async fn operators_read_the_audit_log_and_nobody_else_does() {
    let app = spawn_app().await;
    let user = app.signed_in_user("13800138000").await;
    let auditor =
        ketang::auth::admin::create_admin(&app.db, "13900139000", "auditor").await.unwrap();
    let bad_role = ketang::auth::admin::create_admin(&app.db, "13900139001", "root").await;
    let auditor_session = app.signed_in_user("13900139000").await;
    let token = auditor_session["access_token"].as_str().unwrap();

    let everything: Value = app
        .get_with_token("/api/v1/admin/audit-log", token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let sign_ins: Value = app
        .get_with_token("/api/v1/admin/audit-log?action=auth.&page_size=100", token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let created: Value = app
        .get_with_token(
            &format!("/api/v1/admin/audit-log?object_id={auditor}&action=admin.create"),
            token,
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let by_user = app
        .get_with_token("/api/v1/admin/audit-log", user["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    let delete = app
        .request(Method::DELETE, "/api/v1/admin/audit-log")
        .bearer_auth(token)
        .send()
        .await
        .unwrap();

    assert!(bad_role.is_err(), "only the three roles exist");
    assert!(everything["total"].as_i64().unwrap() >= 3);
    assert!(
        sign_ins["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["action"].as_str().unwrap().starts_with("auth.")),
        "{sign_ins}"
    );
    assert_eq!(created["total"], 1);
    assert_eq!(created["items"][0]["actor_kind"], "system");
    assert_eq!(problem(by_user, 403).await["code"], "forbidden");
    assert_eq!(delete.status(), 405, "the log is append-only");
}
