//! Organizations, sub-accounts, certification and the message center (SPEC §2).

use ketang_tests::{TestApp, problem, spawn_app};
use reqwest::Method;
use serde_json::{Value, json};

const OWNER: &str = "13800138000";
const OTHER: &str = "13700137000";
const USCC: &str = "91460200MA5T8XY10H";

fn token(session: &Value) -> &str {
    session["access_token"].as_str().unwrap()
}

fn org_body(name: &str, uscc: &str) -> Value {
    json!({
        "name": name, "uscc": uscc, "legal_representative": "张三",
        "address": "海南省三亚市吉阳区迎宾路 1 号", "contact_phone": "0898-88888888"
    })
}

async fn call(
    app: &TestApp,
    method: Method,
    path: &str,
    session: &Value,
    body: Option<Value>,
) -> reqwest::Response {
    let mut request = app.request(method, path).bearer_auth(token(session));
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.unwrap()
}

/// `session` (the owner or an admin) adds `phone` to the org at `org_path` as `role`.
async fn add_member(
    app: &TestApp,
    org_path: &str,
    session: &Value,
    phone: &str,
    role: &str,
) -> reqwest::Response {
    let body = json!({"phone": phone, "role": role});
    call(app, Method::POST, &format!("{org_path}/members"), session, Some(body)).await
}

/// An org of `OWNER`'s with `OTHER` as staff: (owner's session, the org's path, staff's session).
async fn org_with_staff(app: &TestApp) -> (Value, String, Value) {
    let owner = app.signed_in_user(OWNER).await;
    let org = create_org(app, &owner).await;
    let org_path = format!("/api/v1/orgs/{}", org["id"].as_str().unwrap());
    add_member(app, &org_path, &owner, OTHER, "staff").await;
    (owner, org_path, app.signed_in_user(OTHER).await)
}

async fn create_org(app: &TestApp, session: &Value) -> Value {
    let response = call(
        app,
        Method::POST,
        "/api/v1/orgs",
        session,
        Some(org_body("三亚示例跨境电商有限公司", USCC)),
    )
    .await;
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

/// A second user, signed in, in the same app.
async fn other_user(app: &TestApp) -> Value {
    app.signed_in_user(OTHER).await
}

#[tokio::test]
async fn a_signed_in_user_creates_an_org_and_owns_it() {
    let app = spawn_app().await;
    let owner = app.signed_in_user(OWNER).await;

    let org = create_org(&app, &owner).await;
    let mine: Value =
        call(&app, Method::GET, "/api/v1/orgs", &owner, None).await.json().await.unwrap();

    assert_eq!(org["name"], "三亚示例跨境电商有限公司");
    assert_eq!(org["uscc"], USCC);
    assert_eq!(org["certification"], "uncertified");
    assert_eq!(org["my_role"], "owner");
    assert_eq!(mine.as_array().unwrap().len(), 1);
    assert_eq!(mine[0]["id"], org["id"]);
}

#[tokio::test]
async fn an_invalid_credit_code_is_refused_on_its_field() {
    let app = spawn_app().await;
    let owner = app.signed_in_user(OWNER).await;

    let response = call(
        &app,
        Method::POST,
        "/api/v1/orgs",
        &owner,
        Some(org_body("某公司", "91460200MA5T8XY10X")),
    )
    .await;

    let body = problem(response, 422).await;
    assert_eq!(body["errors"][0]["field"], "uscc");
    assert_eq!(body["errors"][0]["code"], "uscc_check");
}

#[tokio::test]
async fn a_taken_name_or_credit_code_is_a_conflict() {
    let app = spawn_app().await;
    let owner = app.signed_in_user(OWNER).await;
    create_org(&app, &owner).await;

    let same_name = call(
        &app,
        Method::POST,
        "/api/v1/orgs",
        &owner,
        Some(org_body("三亚示例跨境电商有限公司", "91110000600037341L")),
    )
    .await;
    let same_code =
        call(&app, Method::POST, "/api/v1/orgs", &owner, Some(org_body("另一家公司", USCC))).await;

    assert_eq!(problem(same_name, 409).await["code"], "org_name_taken");
    assert_eq!(problem(same_code, 409).await["code"], "uscc_taken");
}

#[tokio::test]
async fn another_users_org_is_not_found() {
    let app = spawn_app().await;
    let owner = app.signed_in_user(OWNER).await;
    let org = create_org(&app, &owner).await;
    let stranger = other_user(&app).await;
    let org_path = format!("/api/v1/orgs/{}", org["id"].as_str().unwrap());

    let read = call(&app, Method::GET, &org_path, &stranger, None).await;
    let edit = call(&app, Method::PATCH, &org_path, &stranger, Some(json!({"address": "x"}))).await;
    let members = call(&app, Method::GET, &format!("{org_path}/members"), &stranger, None).await;
    let missing = call(&app, Method::GET, "/api/v1/orgs/no-such-org", &stranger, None).await;

    let read = problem(read, 404).await;
    assert_eq!(read["code"], "not_found");
    assert_eq!(problem(edit, 404).await["code"], "not_found");
    assert_eq!(problem(members, 404).await["code"], "not_found");
    assert_eq!(
        problem(missing, 404).await["title"],
        read["title"],
        "foreign and absent look alike"
    );
}

#[tokio::test]
async fn creating_an_org_requires_sign_in() {
    let app = spawn_app().await;

    let response = app.post_json("/api/v1/orgs", &org_body("某公司", USCC)).send().await.unwrap();

    assert_eq!(problem(response, 401).await["code"], "unauthorized");
}

#[tokio::test]
async fn the_owner_adds_a_sub_account_who_then_signs_in_and_sees_the_org() {
    let app = spawn_app().await;
    let owner = app.signed_in_user(OWNER).await;
    let org = create_org(&app, &owner).await;
    let org_path = format!("/api/v1/orgs/{}", org["id"].as_str().unwrap());

    let added = add_member(&app, &org_path, &owner, OTHER, "staff").await;
    let again = add_member(&app, &org_path, &owner, OTHER, "admin").await;

    assert_eq!(added.status(), 201);
    let member: Value = added.json().await.unwrap();
    assert_eq!(member["role"], "staff");
    assert_eq!(member["mobile"], "137****7000", "managers see the phone masked");
    assert_eq!(problem(again, 409).await["code"], "already_member");
    let staff = app.signed_in_user(OTHER).await;
    assert_eq!(staff["registered"], false, "the account existed already");
    let theirs: Value =
        call(&app, Method::GET, "/api/v1/orgs", &staff, None).await.json().await.unwrap();
    assert_eq!(theirs[0]["id"], org["id"]);
    assert_eq!(theirs[0]["my_role"], "staff");
}

#[tokio::test]
async fn roles_decide_who_may_edit_and_manage() {
    let app = spawn_app().await;
    let (owner, org_path, staff) = org_with_staff(&app).await;
    let staff_id = staff["user"]["id"].as_str().unwrap().to_owned();

    let staff_reads = call(&app, Method::GET, &org_path, &staff, None).await;
    let staff_edits =
        call(&app, Method::PATCH, &org_path, &staff, Some(json!({"address": "新地址"}))).await;
    let promoted = call(
        &app,
        Method::PATCH,
        &format!("{org_path}/members/{staff_id}"),
        &owner,
        Some(json!({"role": "admin"})),
    )
    .await;
    let admin_edits =
        call(&app, Method::PATCH, &org_path, &staff, Some(json!({"address": "新地址"}))).await;
    let admin_adds = add_member(&app, &org_path, &staff, "13600136000", "staff").await;

    assert_eq!(staff_reads.status(), 200);
    assert_eq!(problem(staff_edits, 403).await["code"], "forbidden");
    assert_eq!(promoted.status(), 204);
    assert_eq!(admin_edits.status(), 200);
    assert_eq!(admin_edits.json::<Value>().await.unwrap()["address"], "新地址");
    assert_eq!(
        problem(admin_adds, 403).await["code"],
        "forbidden",
        "only the owner adds sub-accounts"
    );
}

#[tokio::test]
async fn the_owner_removes_a_sub_account_but_cannot_be_removed() {
    let app = spawn_app().await;
    let owner = app.signed_in_user(OWNER).await;
    let org = create_org(&app, &owner).await;
    let org_path = format!("/api/v1/orgs/{}", org["id"].as_str().unwrap());
    let member: Value =
        add_member(&app, &org_path, &owner, OTHER, "staff").await.json().await.unwrap();
    let owner_id = owner["user"]["id"].as_str().unwrap();

    let removed = call(
        &app,
        Method::DELETE,
        &format!("{org_path}/members/{}", member["user_id"].as_str().unwrap()),
        &owner,
        None,
    )
    .await;
    let remove_owner =
        call(&app, Method::DELETE, &format!("{org_path}/members/{owner_id}"), &owner, None).await;

    assert_eq!(removed.status(), 204);
    assert_eq!(remove_owner.status(), 404);
    let members: Value = call(&app, Method::GET, &format!("{org_path}/members"), &owner, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(members.as_array().unwrap().len(), 1);
    let actions: Vec<String> = sqlx::query_scalar(
        "select action from audit_log where action like 'org.%' order by at, id",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(actions, ["org.create", "org.member_add", "org.member_remove"]);
}

async fn make_super_admin(app: &TestApp, session: &Value) {
    sqlx::query("update users set admin_role = 'super' where id = $1")
        .bind(session["user"]["id"].as_str().unwrap())
        .execute(&app.db.pool)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_super_admin_certifies_an_org_which_locks_its_government_fields_and_notifies_it() {
    let app = spawn_app().await;
    let owner = app.signed_in_user(OWNER).await;
    let org = create_org(&app, &owner).await;
    let org_id = org["id"].as_str().unwrap();
    let admin = other_user(&app).await;
    make_super_admin(&app, &admin).await;

    let by_owner =
        call(&app, Method::POST, &format!("/api/v1/admin/orgs/{org_id}/certify"), &owner, None)
            .await;
    let by_admin =
        call(&app, Method::POST, &format!("/api/v1/admin/orgs/{org_id}/certify"), &admin, None)
            .await;
    let twice =
        call(&app, Method::POST, &format!("/api/v1/admin/orgs/{org_id}/certify"), &admin, None)
            .await;

    assert_eq!(problem(by_owner, 403).await["code"], "forbidden");
    assert_eq!(by_admin.status(), 200);
    let certified: Value = by_admin.json().await.unwrap();
    assert_eq!(certified["certification"], "certified");
    assert_eq!(certified["certified_by"], "admin");
    assert_eq!(problem(twice, 409).await["code"], "already_certified");

    let rename = call(
        &app,
        Method::PATCH,
        &format!("/api/v1/orgs/{org_id}"),
        &owner,
        Some(json!({"name": "改名公司", "legal_representative": "李四"})),
    )
    .await;
    let readdress = call(
        &app,
        Method::PATCH,
        &format!("/api/v1/orgs/{org_id}"),
        &owner,
        Some(json!({"address": "新地址"})),
    )
    .await;
    let rename = problem(rename, 422).await;
    assert_eq!(rename["errors"][0]["field"], "name");
    assert_eq!(rename["errors"][0]["code"], "read_only_when_certified");
    assert_eq!(rename["errors"][1]["field"], "legal_representative");
    assert_eq!(readdress.status(), 200);

    let inbox: Value =
        call(&app, Method::GET, "/api/v1/messages", &owner, None).await.json().await.unwrap();
    assert_eq!(inbox["total"], 1);
    assert_eq!(inbox["unread"], 1);
    assert_eq!(inbox["items"][0]["kind"], "org.certified");
    assert_eq!(inbox["items"][0]["read"], false);
    let audit: i64 =
        sqlx::query_scalar("select count(*) from audit_log where action = 'org.certify'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(audit, 1);
}

#[tokio::test]
async fn messages_are_read_per_user_and_invisible_to_outsiders() {
    let app = spawn_app().await;
    let owner = app.signed_in_user(OWNER).await;
    let org = create_org(&app, &owner).await;
    let org_id = org["id"].as_str().unwrap();
    let admin = other_user(&app).await;
    make_super_admin(&app, &admin).await;
    call(&app, Method::POST, &format!("/api/v1/admin/orgs/{org_id}/certify"), &admin, None).await;
    let inbox: Value =
        call(&app, Method::GET, "/api/v1/messages", &owner, None).await.json().await.unwrap();
    let message_id = inbox["items"][0]["id"].as_str().unwrap();

    let outsider_inbox: Value =
        call(&app, Method::GET, "/api/v1/messages", &admin, None).await.json().await.unwrap();
    let outsider_marks =
        call(&app, Method::POST, &format!("/api/v1/messages/{message_id}/read"), &admin, None)
            .await;
    let owner_marks =
        call(&app, Method::POST, &format!("/api/v1/messages/{message_id}/read"), &owner, None)
            .await;

    assert_eq!(outsider_inbox["total"], 0);
    assert_eq!(problem(outsider_marks, 404).await["code"], "not_found");
    assert_eq!(owner_marks.status(), 204);
    let after: Value =
        call(&app, Method::GET, "/api/v1/messages", &owner, None).await.json().await.unwrap();
    assert_eq!(after["unread"], 0);
    assert_eq!(after["items"][0]["read"], true);
}

#[tokio::test]
async fn all_messages_can_be_marked_read_at_once() {
    let app = spawn_app().await;
    let owner = app.signed_in_user(OWNER).await;
    let org = create_org(&app, &owner).await;
    for n in 0..3 {
        sqlx::query(
            "insert into messages (id, org_id, kind, title, body, created_at) values ($1, $2, 'test', 't', 'b', $3)",
        )
        .bind(format!("m{n}"))
        .bind(org["id"].as_str().unwrap())
        .bind(n)
        .execute(&app.db.pool)
        .await
        .unwrap();
    }

    let response = call(&app, Method::POST, "/api/v1/messages/read-all", &owner, None).await;

    assert_eq!(response.status(), 204);
    let inbox: Value = call(&app, Method::GET, "/api/v1/messages?page_size=2", &owner, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(inbox["unread"], 0);
    assert_eq!(inbox["total"], 3);
    assert_eq!(inbox["items"].as_array().unwrap().len(), 2);
    assert_eq!(inbox["items"][0]["id"], "m2", "newest first");
}

#[tokio::test]
async fn credit_codes_are_normalised_and_their_first_two_positions_checked() {
    let app = ketang_tests::spawn_app().await;
    let token =
        app.signed_in_user("13800138000").await["access_token"].as_str().unwrap().to_owned();
    let create = |name: &str, uscc: &str| {
        app.post_json(
            "/api/v1/orgs",
            &serde_json::json!({"name": name, "uscc": uscc, "legal_representative": "张三"}),
        )
        .bearer_auth(&token)
        .send()
    };
    // GB 32100 has no authority B or X and no category X at the civil-affairs office.
    for code in ["B2522727MAHPY0YM2F", "X2522731MAFEL33U4D", "5X110107MA704CAT5D"] {
        let refused = ketang_tests::problem(create("某公司", code).await.unwrap(), 422).await;
        assert_eq!(refused["errors"][0]["code"], "uscc_category", "{code}: {refused}");
    }
    // A trailing space, lowercase and full-width letters are the same code, not "too long".
    let created = create("椰风贸易", "９１１１００００６０００３７３４１ｌ ").await.unwrap();
    assert_eq!(created.status(), 201);
    let created: serde_json::Value = created.json().await.unwrap();
    assert_eq!(created["uscc"], "91110000600037341L");
}

/// The org page and the class list are answered from what was kept (until the database's next
/// commit, `cache::Unchanged`; on PostgreSQL too), per caller, and never after a change: one made
/// through the API, and one made by another connection to the database (another instance, the
/// shell), with no request in between that could have told this instance.
#[tokio::test]
async fn kept_answers_are_each_callers_own_and_never_outlive_a_change() {
    let app = spawn_app().await;
    let (owner, org_path, staff) = org_with_staff(&app).await;
    let read = |who: &Value, path: String| {
        let who = who.clone();
        let app = &app;
        async move {
            let response = call(app, Method::GET, &path, &who, None).await;
            assert_eq!(response.status(), 200, "{path}");
            let link = response.headers().get("link").map(|l| l.to_str().unwrap().to_owned());
            (response.json::<Value>().await.unwrap(), link)
        }
    };

    // Each asks twice (the second from what the first kept): each sees their own role.
    for _ in 0..2 {
        assert_eq!(read(&owner, org_path.clone()).await.0["my_role"], "owner");
        assert_eq!(read(&staff, org_path.clone()).await.0["my_role"], "staff");
    }
    let edited =
        call(&app, Method::PATCH, &org_path, &owner, Some(json!({"address": "新地址"}))).await;
    assert_eq!(edited.status(), 200);
    assert_eq!(read(&staff, org_path.clone()).await.0["address"], "新地址", "an API change");

    let classes = format!("{org_path}/classes?page_size=1");
    for name in ["一班", "二班"] {
        let created = call(
            &app,
            Method::POST,
            &format!("{org_path}/classes"),
            &owner,
            Some(json!({"name": name, "class_type_code": "enterprise_staff",
                        "training_mode": "live", "platform": "dingtalk"})),
        )
        .await;
        assert_eq!(created.status(), 201);
    }
    let (first, first_link) = read(&owner, classes.clone()).await;
    let (again, again_link) = read(&owner, classes.clone()).await;
    assert_eq!((first["total"].as_i64(), &first_link), (Some(2), &again_link), "kept whole");
    assert!(first_link.unwrap().contains("rel=\"next\""));
    assert_eq!(again["items"], first["items"]);
    sqlx::query("update classes set name = '改名班' where org_id = $1")
        .bind(org_path.trim_start_matches("/api/v1/orgs/"))
        .execute(&app.db.pool)
        .await
        .unwrap();
    let (renamed, _) = read(&owner, classes.clone()).await;
    assert_eq!(renamed["items"][0]["name"], "改名班", "a change by another connection");
}
