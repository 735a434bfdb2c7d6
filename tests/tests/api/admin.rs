//! Platform operators: made by the CLI's function (no default password), and the audit log
//! they read — every role may read it, nobody may change it.

use ketang_tests::{problem, spawn_app};
use reqwest::Method;
use serde_json::{Value, json};

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
    assert_eq!(created["items"][0]["actor_name"], Value::Null);
    // Issue 21 item 25: people are named as people read them, phones masked.
    let user_entry = sign_ins["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["actor_id"] == user["user"]["id"])
        .expect("the user's sign-in is logged");
    assert_eq!(user_entry["actor_name"], "138****8000", "{user_entry}");
    assert!(!everything.to_string().contains("13800138000"), "no full phone in the log's answer");
    assert_eq!(problem(by_user, 403).await["code"], "forbidden");
    assert_eq!(delete.status(), 405, "the log is append-only");
}

/// Signed-in sessions of a super admin, a reviewer, an auditor and a plain user.
async fn operators(app: &ketang_tests::TestApp) -> [String; 4] {
    let mut tokens = Vec::new();
    for (phone, role) in [
        ("13900139010", Some("super")),
        ("13900139011", Some("reviewer")),
        ("13900139012", Some("auditor")),
        ("13800138011", None),
    ] {
        let session = app.signed_in_user(phone).await;
        if let Some(role) = role {
            app.make_admin(session["user"]["id"].as_str().unwrap(), role).await;
        }
        tokens.push(session["access_token"].as_str().unwrap().to_owned());
    }
    tokens.try_into().unwrap()
}

#[tokio::test]
async fn every_operator_reads_the_console_and_only_super_admins_change_it() {
    let app = spawn_app().await;
    let [super_admin, reviewer, auditor, user] = operators(&app).await;
    let reads = [
        "/api/v1/admin/users",
        "/api/v1/admin/orgs",
        "/api/v1/admin/dashboard",
        "/api/v1/admin/dictionaries/categories",
        "/api/v1/admin/dictionaries/class-types",
        "/api/v1/admin/audit-log.xlsx",
        "/api/v1/admin/member-fees",
        "/api/v1/admin/member-vocabularies/level",
    ];
    for path in reads {
        for token in [&super_admin, &reviewer, &auditor] {
            assert_eq!(
                app.get_with_token(path, token).send().await.unwrap().status(),
                200,
                "{path}"
            );
        }
        assert_eq!(app.get_with_token(path, &user).send().await.unwrap().status(), 403, "{path}");
    }
    let entry = serde_json::json!({"code": "ai_literacy", "name_zh": "人工智能素养", "name_en": "AI literacy"});
    let writes = [
        (Method::POST, "/api/v1/admin/dictionaries/categories".to_owned(), Some(entry.clone())),
        (
            Method::PUT,
            "/api/v1/admin/member-fees".to_owned(),
            Some(serde_json::json!({"level_id": "lv-member", "year": 2026, "amount_fen": 100})),
        ),
        (
            Method::PUT,
            "/api/v1/admin/subsidy-rules".to_owned(),
            Some(serde_json::json!({"threshold_ms": 1, "amount_per_student_fen": 1})),
        ),
    ];
    for (method, path, body) in &writes {
        for token in [&reviewer, &auditor, &user] {
            let mut request = app.request(method.clone(), path).bearer_auth(token);
            if let Some(body) = body {
                request = request.json(body);
            }
            assert_eq!(request.send().await.unwrap().status(), 403, "{method} {path}");
        }
    }
    // Reviewers decide reviews; auditors read the queues too, but decide nothing.
    for token in [&reviewer, &auditor] {
        let counts =
            app.get_with_token("/api/v1/admin/reviews/counts", token).send().await.unwrap();
        assert_eq!(counts.status(), 200);
    }
}

/// A valid body for each admin request schema, so a refused role meets the role check and
/// not body validation (extractors run side by side: a 422 could otherwise come first).
fn valid_body(schema: &str) -> Value {
    match schema {
        "Visibility" => json!({"hidden": true}),
        "Rejection" => json!({"reason": "材料不全"}),
        "DictionaryForm" => json!({"code": "matrix_entry", "name_zh": "矩阵", "name_en": "Matrix"}),
        "Fee" => json!({"level_id": "lv-member", "year": 2026, "amount_fen": 100}),
        "PaymentDecision" => json!({"decision": "confirm"}),
        "VocabularyForm" => json!({"name": "矩阵等级"}),
        "AdminMembershipUpdate" => json!({}),
        "MembershipDecision" => json!({"decision": "approve", "level_id": "lv-member"}),
        "Decision" => json!({"decision": "approve", "note": "符合条件"}),
        "SubsidyRules" => json!({"threshold_ms": 1, "amount_per_student_fen": 1}),
        "NewLegalVersion" => json!({"title": "矩阵条款", "body": "内容"}),
        other => panic!("no valid body for {other}: add one to the role matrix"),
    }
}

/// Writes reviewers may make (decisions on what is submitted); every other admin write is
/// super admins' only, and every admin read is open to all three roles.
const REVIEWER_WRITES: [(&str, &str); 10] = [
    ("put", "/api/v1/admin/comments/{comment_id}/visibility"),
    ("post", "/api/v1/admin/course-reviews/{revision_id}/approve"),
    ("post", "/api/v1/admin/course-reviews/{revision_id}/reject"),
    ("post", "/api/v1/admin/provider-reviews/{revision_id}/approve"),
    ("post", "/api/v1/admin/provider-reviews/{revision_id}/reject"),
    ("post", "/api/v1/admin/member-payments/{payment_id}/decision"),
    ("post", "/api/v1/admin/memberships/{membership_id}/decision"),
    ("put", "/api/v1/admin/memberships/{membership_id}"),
    ("delete", "/api/v1/admin/memberships/{membership_id}/wechat"),
    ("post", "/api/v1/admin/subsidy-applications/{application_id}/decision"),
];

#[tokio::test]
async fn every_admin_operation_answers_each_role_as_the_matrix_says() {
    let app = spawn_app().await;
    let [super_admin, reviewer, auditor, user] = operators(&app).await;
    let spec = serde_json::to_value(ketang::routes::spec()).unwrap();
    let audit_entries = || async {
        sqlx::query_scalar::<_, i64>("select count(*) from audit_log")
            .fetch_one(&app.db.pool)
            .await
            .unwrap()
    };
    let mut wrong = Vec::new();
    let mut operations = 0;
    let mut reviewer_writes_seen = 0;
    for (path, item) in spec["paths"].as_object().unwrap() {
        if !path.starts_with("/api/v1/admin") {
            continue;
        }
        for (method_name, operation) in item.as_object().unwrap() {
            operations += 1;
            let method = Method::from_bytes(method_name.to_uppercase().as_bytes()).unwrap();
            let url = path
                .split('/')
                .map(|part| {
                    if part.starts_with('{') {
                        "019b7a40-0000-7000-8000-0000000000ff"
                    } else {
                        part
                    }
                })
                .collect::<Vec<_>>()
                .join("/");
            let url = url
                .replace(
                    "dictionaries/019b7a40-0000-7000-8000-0000000000ff",
                    "dictionaries/categories",
                )
                .replace(
                    "member-vocabularies/019b7a40-0000-7000-8000-0000000000ff",
                    "member-vocabularies/level",
                )
                .replace("legal/019b7a40-0000-7000-8000-0000000000ff", "legal/privacy");
            let body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
                .as_str()
                .map(|reference| valid_body(reference.rsplit('/').next().unwrap()));
            let reviewer_write = REVIEWER_WRITES.contains(&(method_name.as_str(), path.as_str()));
            reviewer_writes_seen += usize::from(reviewer_write);
            let allowed: &[&str] = match (method == Method::GET, reviewer_write) {
                (true, _) => &["super", "reviewer", "auditor"],
                (false, true) => &["super", "reviewer"],
                (false, false) => &["super"],
            };
            // Refused roles first: an allowed call may change what a later one finds.
            for (role, token) in [
                ("user", &user),
                ("auditor", &auditor),
                ("reviewer", &reviewer),
                ("super", &super_admin),
            ] {
                let mut request = app.request(method.clone(), &url).bearer_auth(token);
                if let Some(body) = &body {
                    request = request.json(body);
                }
                let before = audit_entries().await;
                let status = request.send().await.unwrap().status().as_u16();
                let permitted = allowed.contains(&role);
                if permitted && matches!(status, 401 | 403) || !permitted && status != 403 {
                    wrong.push(format!("{method_name} {path} as {role}: {status}"));
                }
                // Every admin write that succeeds leaves an entry in the audit log.
                if method != Method::GET
                    && (200..300).contains(&status)
                    && audit_entries().await == before
                {
                    wrong.push(format!(
                        "{method_name} {path} as {role}: {status} without an audit entry"
                    ));
                }
            }
        }
    }
    assert_eq!(reviewer_writes_seen, REVIEWER_WRITES.len(), "every reviewer write is in the spec");
    assert!(operations >= 30, "the matrix covers the admin API ({operations} operations)");
    assert!(wrong.is_empty(), "{} wrong answers:\n{}", wrong.len(), wrong.join("\n"));
}

#[tokio::test]
async fn the_audit_log_cannot_be_changed_through_the_api() {
    let app = spawn_app().await;
    let [super_admin, ..] = operators(&app).await;
    let first: Value = app
        .get_with_token("/api/v1/admin/audit-log?page_size=1", &super_admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let entry = first["items"][0].clone();
    let id = entry["id"].as_str().unwrap();
    for method in [Method::PUT, Method::PATCH, Method::DELETE, Method::POST] {
        for path in ["/api/v1/admin/audit-log".to_owned(), format!("/api/v1/admin/audit-log/{id}")]
        {
            let status = app
                .request(method.clone(), &path)
                .bearer_auth(&super_admin)
                .json(&json!({"action": "nothing.happened"}))
                .send()
                .await
                .unwrap()
                .status();
            assert!(matches!(status.as_u16(), 404 | 405), "{method} {path}: {status}");
        }
    }
    let later: Value = app
        .get_with_token(
            &format!(
                "/api/v1/admin/audit-log?object_id={}",
                entry["object_id"].as_str().unwrap_or("")
            ),
            &super_admin,
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let same = later["items"].as_array().unwrap().iter().find(|e| e["id"] == entry["id"]);
    assert_eq!(same, Some(&entry), "the entry reads as it was written");
}

#[tokio::test]
async fn a_super_admin_resets_a_lost_wechat_binding_but_not_the_last_way_in() {
    let app = spawn_app().await;
    let [super_admin, reviewer, _, user] = operators(&app).await;
    let me: Value =
        app.get_with_token("/api/v1/me", &user).send().await.unwrap().json().await.unwrap();
    let user_id = me["id"].as_str().or(me["user"]["id"].as_str()).unwrap().to_owned();
    let link = |user_id: String, subject: &'static str| {
        sqlx::query(
            "insert into user_identities (id, user_id, provider, subject, display_name, created_at) \
             values ($1, $2, 'wechat', $3, '微信用户', 0)",
        )
        .bind(format!("identity-{subject}"))
        .bind(user_id)
        .bind(subject)
        .execute(&app.db.pool)
    };
    link(user_id.clone(), "union-lost-phone").await.unwrap();
    let reset_url = format!("/api/v1/admin/users/{user_id}/identities/wechat");

    let listed: Value = app
        .get_with_token("/api/v1/admin/users?q=8011", &super_admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let by_reviewer =
        app.request(Method::DELETE, &reset_url).bearer_auth(&reviewer).send().await.unwrap();
    let reset =
        app.request(Method::DELETE, &reset_url).bearer_auth(&super_admin).send().await.unwrap();
    let reset_status = reset.status();
    let after: Value = reset.json().await.unwrap();
    let again =
        app.request(Method::DELETE, &reset_url).bearer_auth(&super_admin).send().await.unwrap();
    let own: Value = app
        .get_with_token("/api/v1/me/identities", &user)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();

    assert_eq!(listed["items"][0]["identities"], json!(["wechat"]));
    assert_eq!(by_reviewer.status(), 403);
    assert_eq!(reset_status, 200);
    assert_eq!(after["identities"], json!([]));
    assert_eq!(again.status(), 404, "nothing left to reset");
    assert!(!own.to_string().contains("union-lost-phone"), "{own}");
    let audited: i64 = sqlx::query_scalar(
        "select count(*) from audit_log where action = 'user.identity_reset' and object_id = $1",
    )
    .bind(&user_id)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(audited, 1);

    // An account whose only way in is WeChat keeps it: resetting would lock its owner out.
    sqlx::query("update users set mobile = null where id = $1")
        .bind(&user_id)
        .execute(&app.db.pool)
        .await
        .unwrap();
    link(user_id.clone(), "union-only-way").await.unwrap();
    let last =
        app.request(Method::DELETE, &reset_url).bearer_auth(&super_admin).send().await.unwrap();
    assert_eq!(problem(last, 409).await["code"], "last_sign_in_method");
}

#[tokio::test]
async fn a_locked_account_is_signed_out_and_refused_until_unlocked() {
    let app = spawn_app().await;
    let [super_admin, _, _, user] = operators(&app).await;
    let found: Value = app
        .get_with_token("/api/v1/admin/users?q=8011", &super_admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(found["total"], 1);
    assert_eq!(found["items"][0]["mobile"], "138****8011", "phones are masked");
    let id = found["items"][0]["id"].as_str().unwrap().to_owned();

    let locked: Value = app
        .request(Method::POST, &format!("/api/v1/admin/users/{id}/lock"))
        .bearer_auth(&super_admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(locked["status"], "locked");
    let refused = app.get_with_token("/api/v1/me", &user).send().await.unwrap();
    assert_eq!(problem(refused, 401).await["code"], "session_ended", "signed out everywhere");
    // The SMS resend interval is not what this test is about.
    let allow_resend =
        || sqlx::query("update sms_phone_throttle set last_sent_at = 0").execute(&app.db.pool);
    allow_resend().await.unwrap();
    assert_eq!(app.request_sms_code("13800138011", "login").await.status(), 202);
    let code = app.last_sms_code("13800138011").await.unwrap();
    let sign_in = app
        .sign_in_with_sms(
            &serde_json::json!({"phone": "13800138011", "code": code, "agree_terms": true}),
        )
        .await;
    assert_eq!(sign_in.status(), 401, "a locked account cannot sign in");
    let audit: Value = app
        .get_with_token(
            &format!("/api/v1/admin/audit-log?action=user.lock&object_id={id}"),
            &super_admin,
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(audit["total"], 1);

    let unlocked = app
        .request(Method::POST, &format!("/api/v1/admin/users/{id}/unlock"))
        .bearer_auth(&super_admin)
        .send()
        .await
        .unwrap();
    assert_eq!(unlocked.status(), 200);
    allow_resend().await.unwrap();
    let me = app.signed_in_user("13800138011").await;
    assert_eq!(
        app.get_with_token("/api/v1/me", me["access_token"].as_str().unwrap())
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
}

#[tokio::test]
async fn dictionaries_grow_and_disabled_entries_leave_the_pickers() {
    let app = spawn_app().await;
    let [super_admin, ..] = operators(&app).await;
    let path = "/api/v1/admin/dictionaries/categories";
    let entry = serde_json::json!({"code": "ai_literacy", "name_zh": "人工智能素养", "name_en": "AI literacy"});
    let created = app.post_json(path, &entry).bearer_auth(&super_admin).send().await.unwrap();
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    let again = app.post_json(path, &entry).bearer_auth(&super_admin).send().await.unwrap();
    assert_eq!(problem(again, 409).await["code"], "already_exists");
    let bad = app
        .post_json(path, &serde_json::json!({"code": "Bad Code", "name_zh": "x", "name_en": "x"}))
        .bearer_auth(&super_admin)
        .send()
        .await
        .unwrap();
    assert_eq!(problem(bad, 422).await["errors"][0]["field"], "code");
    let unknown = app
        .get_with_token("/api/v1/admin/dictionaries/colours", &super_admin)
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);

    let listed: Value = app.get("/api/v1/categories").send().await.unwrap().json().await.unwrap();
    assert!(listed.to_string().contains("ai_literacy"));
    let mut disabled = entry.clone();
    disabled["enabled"] = serde_json::json!(false);
    let updated = app
        .request(Method::PUT, &format!("{path}/{}", created["id"].as_str().unwrap()))
        .bearer_auth(&super_admin)
        .json(&disabled)
        .send()
        .await
        .unwrap();
    assert_eq!(updated.json::<Value>().await.unwrap()["enabled"], false);
    let listed: Value = app.get("/api/v1/categories").send().await.unwrap().json().await.unwrap();
    assert!(
        !listed.to_string().contains("ai_literacy"),
        "a disabled category leaves the catalog filters"
    );
}

#[tokio::test]
async fn the_dashboard_counts_and_charts_the_last_thirty_days() {
    let app = spawn_app().await;
    let [super_admin, _, _, user] = operators(&app).await;
    let org = app
        .post_json("/api/v1/orgs", &serde_json::json!({"name": "三亚示例跨境电商有限公司", "uscc": "91460200MA5T8XY10H", "legal_representative": "张三"}))
        .bearer_auth(&user)
        .send()
        .await
        .unwrap();
    assert_eq!(org.status(), 201);

    let dashboard: Value = app
        .get_with_token("/api/v1/admin/dashboard", &super_admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let orgs: Value = app
        .get_with_token("/api/v1/admin/orgs?q=三亚", &super_admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let export = app
        .get_with_token("/api/v1/admin/audit-log.xlsx?action=org.", &super_admin)
        .send()
        .await
        .unwrap();

    assert_eq!(dashboard["counts"]["orgs"], 1);
    let days = dashboard["days"].as_array().unwrap();
    assert_eq!(days.len(), 30);
    assert_eq!(days.last().unwrap()["new_orgs"], 1, "today's new org");
    assert_eq!(days.iter().map(|d| d["new_orgs"].as_i64().unwrap()).sum::<i64>(), 1);
    assert_eq!(orgs["items"][0]["certification"], "uncertified");
    assert_eq!(orgs["items"][0]["member_count"], 1);
    assert_eq!(
        export.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let bytes = export.bytes().await.unwrap();
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let sheet = calamine::Reader::worksheet_range(&mut book, "审计日志").unwrap();
    let rows: Vec<Vec<String>> =
        sheet.rows().map(|r| r.iter().map(ToString::to_string).collect()).collect();
    assert_eq!(rows[0][4], "操作");
    assert!(rows.iter().skip(1).all(|r| r[4].starts_with("org.")), "{rows:?}");
    assert!(rows.len() >= 2, "the org's creation is in it");
}

#[tokio::test]
async fn an_operator_opens_an_org_with_its_people_masked() {
    let app = spawn_app().await;
    let [super_admin, _, auditor, user] = operators(&app).await;
    let created: Value = app.create_org(&user, &json!({"name": "海南示例科技有限公司", "uscc": "91460200MA5T8XY10H", "legal_representative": "王法人"})).await;
    let id = created["id"].as_str().unwrap();
    let certified = app
        .request(Method::POST, &format!("/api/v1/admin/orgs/{id}/certify"))
        .bearer_auth(&super_admin)
        .send()
        .await
        .unwrap();
    assert_eq!(certified.status(), 200);

    let org: Value = app
        .get_with_token(&format!("/api/v1/admin/orgs/{id}"), &auditor)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let by_owner =
        app.get_with_token(&format!("/api/v1/admin/orgs/{id}"), &user).send().await.unwrap();
    let missing = app
        .get_with_token("/api/v1/admin/orgs/019b7a40-0000-7000-8000-0000000000ff", &auditor)
        .send()
        .await
        .unwrap();

    assert_eq!(org["name"], "海南示例科技有限公司");
    assert_eq!(org["legal_representative"], "王法人");
    assert_eq!(org["certification"], "certified");
    assert_eq!(org["certified_by"], "admin");
    assert_eq!(org["member_count"], 1);
    assert_eq!(org["members"][0]["role"], "owner");
    assert_eq!(org["members"][0]["mobile"], "138****8011");
    assert_eq!(by_owner.status(), 403, "an org's owner is not an operator");
    assert_eq!(missing.status(), 404);
}
