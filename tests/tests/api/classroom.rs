//! The cloud classroom (SPEC §3): provider onboarding and review, lecturers, course revisions
//! and review, the public catalog. Only approved, listed revisions are ever public.

use ketang_tests::{TestApp, fixture, png, problem, spawn_app_with};
use reqwest::{Method, Response};
use serde_json::{Value, json};

const OWNER: &str = "13800138000";
const ADMIN: &str = "13900139000";
const STRANGER: &str = "13700137000";
const USCC: &str = "91460200MA5T8XY10H";
const OTHER_USCC: &str = "91460200MA5RCN2P6M";

struct Classroom {
    app: TestApp,
    owner: String,
    admin: String,
    org_id: String,
}

fn token(session: &Value) -> String {
    session["access_token"].as_str().unwrap().to_owned()
}

impl Classroom {
    /// An owner with a certified org, and a reviewer.
    async fn new() -> Self {
        Self::with(|_| {}).await
    }

    /// `new`, on a server with settings of its own.
    async fn with(customize: impl FnOnce(&mut ketang::config::Settings)) -> Self {
        let app = spawn_app_with(customize).await;
        let owner = token(&app.signed_in_user(OWNER).await);
        let admin_session = app.signed_in_user(ADMIN).await;
        app.make_admin(admin_session["user"]["id"].as_str().unwrap(), "reviewer").await;
        let org_id = certified_org(&app, &owner, "三亚示例跨境电商有限公司", USCC).await;
        Self { app, owner, admin: token(&admin_session), org_id }
    }

    async fn call(&self, method: Method, path: &str, token: &str, body: Option<Value>) -> Response {
        let mut request = self.app.request(method, path).bearer_auth(token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.unwrap()
    }

    async fn owner(&self, method: Method, path: &str, body: Option<Value>) -> Response {
        self.call(method, &format!("/api/v1/orgs/{}{path}", self.org_id), &self.owner, body).await
    }

    async fn admin(&self, method: Method, path: &str, body: Option<Value>) -> Response {
        self.call(method, &format!("/api/v1/admin{path}"), &self.admin, body).await
    }

    async fn provider_form(&self, name: &str) -> Value {
        let logo = self.app.upload(&self.owner, "provider_logo", &png(185, 74)).await;
        json!({
            "name": name, "logo_media_id": logo["id"], "intro": "专注跨境电商人才培养",
            "address": "三亚市吉阳区迎宾路 1 号", "contact_phone": "0898-88888888"
        })
    }

    async fn pending_provider_revision(&self) -> String {
        let queue: Value =
            self.admin(Method::GET, "/provider-reviews", None).await.json().await.unwrap();
        queue["items"][0]["revision_id"].as_str().unwrap().to_owned()
    }

    /// Applies and gets approved.
    async fn approved_provider(&self) {
        let form = self.provider_form("三亚示例云课堂").await;
        assert_eq!(self.owner(Method::POST, "/provider", Some(form)).await.status(), 201);
        let revision = self.pending_provider_revision().await;
        let approved =
            self.admin(Method::POST, &format!("/provider-reviews/{revision}/approve"), None).await;
        assert_eq!(approved.status(), 200);
    }

    async fn lecturer(&self, name: &str) -> String {
        let created = self
            .owner(Method::POST, "/lecturers", Some(json!({"name": name, "gender": "female"})))
            .await;
        assert_eq!(created.status(), 201);
        created.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned()
    }

    /// A complete video course form.
    async fn course_form(&self, title: &str, lecturer: &str) -> Value {
        let cover = self.app.upload(&self.owner, "course_cover", &png(386, 240)).await;
        let video =
            self.app.upload(&self.owner, "course_video", &fixture("video-655x368.mp4")).await;
        json!({
            "title": title, "delivery": "video", "training_mode": "online",
            "category_code": "cross_border_ecommerce", "cover_media_id": cover["id"],
            "video_media_id": video["id"], "intro": "从零开始做跨境电商", "lecturer_ids": [lecturer]
        })
    }

    async fn submitted_course(&self, form: Value) -> String {
        let created = self.owner(Method::POST, "/courses", Some(form)).await;
        assert_eq!(created.status(), 201);
        let id = created.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
        let submitted = self.owner(Method::POST, &format!("/courses/{id}/submit"), None).await;
        assert_eq!(submitted.status(), 200, "submit");
        id
    }

    async fn newest_revision(&self, course_id: &str) -> Value {
        let course: Value = self
            .owner(Method::GET, &format!("/courses/{course_id}"), None)
            .await
            .json()
            .await
            .unwrap();
        course["revision"].clone()
    }

    async fn decide_course(
        &self,
        course_id: &str,
        decision: &str,
        body: Option<Value>,
    ) -> Response {
        let revision = self.newest_revision(course_id).await;
        let id = revision["id"].as_str().unwrap();
        self.admin(Method::POST, &format!("/course-reviews/{id}/{decision}"), body).await
    }

    /// Edits a course as its owner, with the `If-Match` of the course as it is now.
    async fn edit_course(&self, course_id: &str, form: &Value) -> Response {
        let course = self.owner(Method::GET, &format!("/courses/{course_id}"), None).await;
        let etag = course.headers()["etag"].to_str().unwrap().to_owned();
        self.app
            .request(Method::PUT, &format!("/api/v1/orgs/{}/courses/{course_id}", self.org_id))
            .bearer_auth(&self.owner)
            .header("If-Match", &etag)
            .json(form)
            .send()
            .await
            .unwrap()
    }

    async fn catalog(&self, query: &str) -> Value {
        self.app.get(&format!("/api/v1/courses{query}")).send().await.unwrap().json().await.unwrap()
    }

    /// Starts watching as the owner; the watch session's id.
    async fn watch(&self, course_id: &str) -> String {
        let path = format!("/api/v1/courses/{course_id}/watch-sessions");
        let session: Value =
            self.call(Method::POST, &path, &self.owner, None).await.json().await.unwrap();
        session["id"].as_str().unwrap().to_owned()
    }

    /// Pretends the last heartbeat of `session` came `ms` earlier.
    async fn rewind(&self, session: &str, ms: i64) {
        sqlx::query("update watch_sessions set last_beat_at = last_beat_at - $2 where id = $1")
            .bind(session)
            .bind(ms)
            .execute(&self.app.db.pool)
            .await
            .unwrap();
    }

    async fn beat(&self, session: &str) -> Response {
        let path = format!("/api/v1/watch-sessions/{session}/heartbeat");
        self.call(Method::POST, &path, &self.owner, None).await
    }

    async fn owner_call_me(&self, course_id: &str) -> Value {
        self.call(Method::GET, &format!("/api/v1/courses/{course_id}/me"), &self.owner, None)
            .await
            .json()
            .await
            .unwrap()
    }

    async fn messages(&self) -> Vec<String> {
        let list: Value = self
            .call(Method::GET, "/api/v1/messages", &self.owner, None)
            .await
            .json()
            .await
            .unwrap();
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["kind"].as_str().unwrap().to_owned())
            .collect()
    }
}

async fn certified_org(app: &TestApp, owner: &str, name: &str, uscc: &str) -> String {
    let created: Value = app
        .create_org(owner, &json!({"name": name, "uscc": uscc, "legal_representative": "张三"}))
        .await;
    let org_id = created["id"].as_str().unwrap().to_owned();
    sqlx::query(
        "update orgs set certification = 'certified', certified_by = 'admin' where id = $1",
    )
    .bind(&org_id)
    .execute(&app.db.pool)
    .await
    .unwrap();
    org_id
}

#[tokio::test]
async fn only_a_certified_org_applies_and_only_once() {
    let c = Classroom::new().await;
    let uncertified: Value = c
        .app
        .create_org(
            &c.owner,
            &json!({"name": "未认证的公司", "uscc": OTHER_USCC, "legal_representative": "李四"}),
        )
        .await;
    let form = c.provider_form("三亚示例云课堂").await;

    let refused = c
        .call(
            Method::POST,
            &format!("/api/v1/orgs/{}/provider", uncertified["id"].as_str().unwrap()),
            &c.owner,
            Some(form.clone()),
        )
        .await;
    let applied = c.owner(Method::POST, "/provider", Some(form.clone())).await;
    let again = c.owner(Method::POST, "/provider", Some(form)).await;

    assert_eq!(problem(refused, 409).await["code"], "org_not_certified");
    assert_eq!(applied.status(), 201);
    let provider: Value = applied.json().await.unwrap();
    assert_eq!(provider["status"], "pending");
    assert_eq!(provider["public_profile"], Value::Null);
    assert_eq!(provider["uscc"], USCC, "the org's registration, shown read-only");
    assert_eq!(problem(again, 409).await["code"], "already_provider");
}

#[tokio::test]
async fn a_provider_form_is_checked_field_by_field() {
    let c = Classroom::new().await;
    let cover = c.app.upload(&c.owner, "course_cover", &png(386, 240)).await;
    let mut form = c.provider_form("三亚示例云课堂").await;
    form["intro"] = json!("长".repeat(301));
    form["address"] = json!("址".repeat(31));
    form["logo_media_id"] = cover["id"].clone();

    let too_long = c.owner(Method::POST, "/provider", Some(form.clone())).await;
    form["intro"] = json!("长".repeat(300));
    form["address"] = json!("址".repeat(30));
    let wrong_file = c.owner(Method::POST, "/provider", Some(form)).await;

    let fields: Vec<String> = problem(too_long, 422).await["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(fields, ["address", "intro"], "300 Chinese characters fit; 301 do not");
    let wrong = problem(wrong_file, 422).await;
    assert_eq!(wrong["errors"][0]["field"], "logo_media_id");
    assert_eq!(wrong["errors"][0]["code"], "media_wrong_purpose");
}

#[tokio::test]
async fn a_review_decides_once_with_a_reason_and_tells_the_org() {
    let c = Classroom::new().await;
    let form = c.provider_form("三亚示例云课堂").await;
    c.owner(Method::POST, "/provider", Some(form.clone())).await;
    let revision = c.pending_provider_revision().await;
    let counts: Value = c.admin(Method::GET, "/reviews/counts", None).await.json().await.unwrap();

    let by_owner = c
        .call(
            Method::POST,
            &format!("/api/v1/admin/provider-reviews/{revision}/approve"),
            &c.owner,
            None,
        )
        .await;
    let without_reason = c
        .admin(
            Method::POST,
            &format!("/provider-reviews/{revision}/reject"),
            Some(json!({"reason": ""})),
        )
        .await;
    let rejected = c
        .admin(
            Method::POST,
            &format!("/provider-reviews/{revision}/reject"),
            Some(json!({"reason": "简介过于简略"})),
        )
        .await;
    let twice = c.admin(Method::POST, &format!("/provider-reviews/{revision}/approve"), None).await;
    let seen: Value = c.owner(Method::GET, "/provider", None).await.json().await.unwrap();
    let resubmitted = c.owner(Method::PUT, "/provider", Some(form)).await;

    assert_eq!(counts["providers"], 1);
    assert_eq!(problem(by_owner, 403).await["code"], "forbidden");
    assert_eq!(problem(without_reason, 422).await["errors"][0]["field"], "reason");
    assert_eq!(rejected.status(), 200);
    assert_eq!(problem(twice, 409).await["code"], "wrong_state");
    assert_eq!(seen["status"], "rejected");
    assert_eq!(seen["reject_reason"], "简介过于简略");
    assert_eq!(resubmitted.json::<Value>().await.unwrap()["status"], "pending");
    assert_eq!(c.messages().await, ["provider.rejected"]);
    let audit: Vec<String> = sqlx::query_scalar(
        "select action from audit_log where action like 'provider.%' order by at, id",
    )
    .fetch_all(&c.app.db.pool)
    .await
    .unwrap();
    assert_eq!(audit, ["provider.apply", "provider.reject", "provider.submit"]);
}

#[tokio::test]
async fn an_approved_profile_stays_public_while_a_change_is_reviewed() {
    let c = Classroom::new().await;
    c.approved_provider().await;
    let mut form = c.provider_form("三亚示例云课堂").await;
    form["name"] = json!("三亚示例云课堂（新）");
    form["address"] = json!("三亚市天涯区 8 号");

    let edited: Value = c.owner(Method::PUT, "/provider", Some(form)).await.json().await.unwrap();
    let public_while_pending: Value =
        c.app.get("/api/v1/providers").send().await.unwrap().json().await.unwrap();
    let revision = c.pending_provider_revision().await;
    let review: Value = c
        .admin(Method::GET, &format!("/provider-reviews/{revision}"), None)
        .await
        .json()
        .await
        .unwrap();
    c.admin(Method::POST, &format!("/provider-reviews/{revision}/approve"), None).await;
    let public_after: Value =
        c.app.get("/api/v1/providers").send().await.unwrap().json().await.unwrap();

    assert_eq!(edited["status"], "pending");
    assert_eq!(edited["public_profile"]["name"], "三亚示例云课堂");
    assert_eq!(public_while_pending[0]["name"], "三亚示例云课堂");
    assert_eq!(public_while_pending[0]["address"], "三亚市天涯区 8 号", "address needs no review");
    assert_eq!(review["listed"]["name"], "三亚示例云课堂");
    assert_eq!(review["submission"]["name"], "三亚示例云课堂（新）");
    assert_eq!(public_after[0]["name"], "三亚示例云课堂（新）");
    assert!(public_after[0]["logo"]["url"].as_str().unwrap().starts_with("/media/"));
}

#[tokio::test]
async fn lecturers_need_an_approved_provider_and_respect_the_limits() {
    let c = Classroom::new().await;
    let early = c
        .owner(Method::POST, "/lecturers", Some(json!({"name": "王老师", "gender": "male"})))
        .await;
    c.approved_provider().await;

    let long_name = c
        .owner(Method::POST, "/lecturers", Some(json!({"name": "名".repeat(21), "gender": "male"})))
        .await;
    let bad_gender =
        c.owner(Method::POST, "/lecturers", Some(json!({"name": "王老师", "gender": "x"}))).await;
    let id = c.lecturer(&"名".repeat(20)).await;
    let edited = c
        .owner(
            Method::PUT,
            &format!("/lecturers/{id}"),
            Some(json!({"name": "王老师", "gender": "male", "intro": "十年跨境电商经验"})),
        )
        .await;
    let stranger = token(&c.app.signed_in_user(STRANGER).await);
    let by_stranger =
        c.call(Method::GET, &format!("/api/v1/orgs/{}/lecturers", c.org_id), &stranger, None).await;

    assert_eq!(problem(early, 409).await["code"], "provider_not_approved");
    assert_eq!(problem(long_name, 422).await["errors"][0]["field"], "name");
    assert_eq!(bad_gender.status(), 422);
    assert_eq!(edited.json::<Value>().await.unwrap()["intro"], "十年跨境电商经验");
    assert_eq!(problem(by_stranger, 404).await["code"], "not_found");
}

#[tokio::test]
async fn a_course_goes_from_draft_to_review_to_the_catalog() {
    let c = Classroom::new().await;
    c.approved_provider().await;
    let lecturer = c.lecturer("王老师").await;
    let draft = c
        .owner(
            Method::POST,
            "/courses",
            Some(json!({"title": "跨境电商入门", "delivery": "video"})),
        )
        .await;
    let draft: Value = draft.json().await.unwrap();
    let id = draft["id"].as_str().unwrap();

    let incomplete = c.owner(Method::POST, &format!("/courses/{id}/submit"), None).await;
    let form = c.course_form("跨境电商入门", &lecturer).await;
    let saved = c.owner(Method::PUT, &format!("/courses/{id}"), Some(form)).await;
    let submitted = c.owner(Method::POST, &format!("/courses/{id}/submit"), None).await;
    let resubmitted = c.owner(Method::POST, &format!("/courses/{id}/submit"), None).await;
    let hidden_while_pending = c.app.get(&format!("/api/v1/courses/{id}")).send().await.unwrap();
    let approved = c.decide_course(id, "approve", None).await;
    let catalog = c.catalog("?category=cross_border_ecommerce&q=入门").await;
    let page: Value =
        c.app.get(&format!("/api/v1/courses/{id}")).send().await.unwrap().json().await.unwrap();
    let video = c
        .app
        .get(page["video_url"].as_str().unwrap())
        .header("Range", "bytes=0-99")
        .send()
        .await
        .unwrap();

    assert_eq!(draft["status"], "draft");
    let missing: Vec<String> = problem(incomplete, 422).await["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        missing,
        [
            "training_mode",
            "category_code",
            "cover_media_id",
            "intro",
            "lecturer_ids",
            "video_media_id"
        ]
    );
    assert_eq!(saved.status(), 200);
    assert_eq!(submitted.json::<Value>().await.unwrap()["status"], "pending");
    assert_eq!(problem(resubmitted, 409).await["code"], "wrong_state");
    assert_eq!(problem(hidden_while_pending, 404).await["code"], "not_found");
    assert_eq!(approved.status(), 200);
    assert_eq!(catalog["total"], 1);
    assert_eq!(catalog["items"][0]["provider_name"], "三亚示例云课堂");
    assert_eq!(page["lecturers"][0]["name"], "王老师");
    assert_eq!(page["provider"]["name"], "三亚示例云课堂");
    assert_eq!(video.status(), 206, "the video streams with ranges");
    assert_eq!(c.messages().await[0], "course.approved");
}

#[tokio::test]
async fn an_edit_of_a_listed_course_is_reviewed_while_the_listed_one_stays() {
    let c = Classroom::new().await;
    c.approved_provider().await;
    let lecturer = c.lecturer("王老师").await;
    let form = c.course_form("跨境电商入门", &lecturer).await;
    let id = c.submitted_course(form.clone()).await;
    c.decide_course(&id, "approve", None).await;

    let mut edit = form.clone();
    edit["title"] = json!("跨境电商进阶");
    let course = c.owner(Method::GET, &format!("/courses/{id}"), None).await;
    let etag = course.headers()["etag"].to_str().unwrap().to_owned();
    let edited = c
        .app
        .request(Method::PUT, &format!("/api/v1/orgs/{}/courses/{id}", c.org_id))
        .bearer_auth(&c.owner)
        .header("If-Match", &etag)
        .json(&edit)
        .send()
        .await
        .unwrap();
    let stale = c
        .app
        .request(Method::PUT, &format!("/api/v1/orgs/{}/courses/{id}", c.org_id))
        .bearer_auth(&c.owner)
        .header("If-Match", &etag)
        .json(&edit)
        .send()
        .await
        .unwrap();
    let public_while_pending = c.catalog("").await;
    let revision = c.newest_revision(&id).await;
    let review: Value = c
        .admin(Method::GET, &format!("/course-reviews/{}", revision["id"].as_str().unwrap()), None)
        .await
        .json()
        .await
        .unwrap();
    let rejected = c.decide_course(&id, "reject", Some(json!({"reason": "标题与内容不符"}))).await;
    let public_after_reject = c.catalog("").await;
    let history: Value =
        c.owner(Method::GET, &format!("/courses/{id}/revisions"), None).await.json().await.unwrap();

    assert_eq!(edited.status(), 200);
    assert_ne!(edited.headers()["etag"].to_str().unwrap(), etag);
    assert_eq!(problem(stale, 412).await["code"], "precondition_failed");
    assert_eq!(public_while_pending["items"][0]["title"], "跨境电商入门");
    assert_eq!(review["submission"]["is_update"], true);
    assert_eq!(review["listed"]["title"], "跨境电商入门");
    assert_eq!(review["submission"]["revision"]["title"], "跨境电商进阶");
    assert_eq!(rejected.status(), 200);
    assert_eq!(public_after_reject["items"][0]["title"], "跨境电商入门");
    let statuses: Vec<&str> =
        history.as_array().unwrap().iter().map(|r| r["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["rejected", "approved"]);
    assert_eq!(history[0]["reject_reason"], "标题与内容不符");
}

#[tokio::test]
async fn unlisted_deleted_and_foreign_courses_are_not_public_or_reachable() {
    let c = Classroom::new().await;
    c.approved_provider().await;
    let lecturer = c.lecturer("王老师").await;
    let form = c.course_form("跨境电商入门", &lecturer).await;
    let id = c.submitted_course(form).await;
    c.decide_course(&id, "approve", None).await;
    let stranger = token(&c.app.signed_in_user(STRANGER).await);
    let other_org = certified_org(&c.app, &stranger, "海南椰风贸易有限公司", OTHER_USCC).await;

    let foreign = c
        .call(Method::GET, &format!("/api/v1/orgs/{}/courses/{id}", c.org_id), &stranger, None)
        .await;
    let via_own_org = c
        .call(Method::GET, &format!("/api/v1/orgs/{other_org}/courses/{id}"), &stranger, None)
        .await;
    let unlisted = c.owner(Method::POST, &format!("/courses/{id}/unlist"), None).await;
    let while_unlisted = c.catalog("").await;
    let page_while_unlisted = c.app.get(&format!("/api/v1/courses/{id}")).send().await.unwrap();
    c.owner(Method::POST, &format!("/courses/{id}/relist"), None).await;
    let relisted = c.catalog("").await;
    let deleted = c.owner(Method::DELETE, &format!("/courses/{id}"), None).await;
    let after_delete = c.catalog("").await;

    assert_eq!(problem(foreign, 404).await["code"], "not_found");
    assert_eq!(problem(via_own_org, 404).await["code"], "not_found");
    assert_eq!(unlisted.json::<Value>().await.unwrap()["listed"], false);
    assert_eq!(while_unlisted["total"], 0);
    assert_eq!(page_while_unlisted.status(), 404);
    assert_eq!(relisted["total"], 1);
    assert_eq!(deleted.status(), 204);
    assert_eq!(after_delete["total"], 0);
}

/// Issue 24, P12: each instance caches the catalog; a change made through one instance is seen by
/// another within about a second (the shared generation it follows), not after its entries
/// expire (a minute), and by the instance that made it at once.
#[tokio::test]
async fn a_catalog_change_through_one_instance_shows_on_another_within_seconds() {
    let c = Classroom::new().await;
    c.approved_provider().await;
    let lecturer = c.lecturer("王老师").await;
    let id = c.submitted_course(c.course_form("跨境电商入门", &lecturer).await).await;
    c.decide_course(&id, "approve", None).await;
    let mut settings = c.app.settings.clone();
    settings.jobs.enabled = false;
    let other = ketang::startup::Application::build_with_db(settings, c.app.db.clone()).unwrap();
    let other_base = format!("http://127.0.0.1:{}", other.port());
    let other_handle = other.handle();
    tokio::spawn(other.run_until_stopped());
    let other_total = || async {
        let url = format!("{other_base}/api/v1/courses?q=入门");
        let page: Value = reqwest::get(url).await.unwrap().json().await.unwrap();
        page["total"].as_i64().unwrap()
    };
    let seen_within = |want: i64| {
        let other_total = &other_total;
        async move {
            let started = std::time::Instant::now();
            while other_total().await != want {
                assert!(
                    started.elapsed() < std::time::Duration::from_secs(4),
                    "the other instance still shows the old catalog after 4 s"
                );
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
            started.elapsed()
        }
    };

    assert_eq!(other_total().await, 1, "cached on the other instance");
    let unlisted = c.owner(Method::POST, &format!("/courses/{id}/unlist"), None).await;
    assert_eq!(unlisted.status(), 200);
    assert_eq!(c.catalog("?q=入门").await["total"], 0, "at once where it was made");
    seen_within(0).await;
    c.owner(Method::POST, &format!("/courses/{id}/relist"), None).await;
    assert_eq!(c.catalog("?q=入门").await["total"], 1);
    seen_within(1).await;
    other_handle.stop(true).await;
}

#[tokio::test]
async fn a_lecturer_on_a_listed_course_cannot_be_deleted_and_the_error_names_it() {
    let c = Classroom::new().await;
    c.approved_provider().await;
    let busy = c.lecturer("王老师").await;
    let free = c.lecturer("李老师").await;
    let form = c.course_form("跨境电商入门", &busy).await;
    let id = c.submitted_course(form).await;
    c.decide_course(&id, "approve", None).await;

    let refused = c.owner(Method::DELETE, &format!("/lecturers/{busy}"), None).await;
    let removed = c.owner(Method::DELETE, &format!("/lecturers/{free}"), None).await;
    let pickable: Value = c.owner(Method::GET, "/lecturers", None).await.json().await.unwrap();
    let mut form = c.course_form("跨境电商二期", &free).await;
    form["lecturer_ids"] = json!([free]);
    let with_deleted = c.owner(Method::POST, "/courses", Some(form)).await;

    let problem = problem(refused, 409).await;
    assert_eq!(problem["code"], "lecturer_in_use");
    assert!(problem["detail"].as_str().unwrap().contains("跨境电商入门"), "{problem}");
    assert_eq!(removed.status(), 204);
    assert_eq!(pickable.as_array().unwrap().len(), 1);
    assert_eq!(
        ketang_tests::problem(with_deleted, 422).await["errors"][0]["code"],
        "unknown_lecturer"
    );
}

/// Where the catalog's title searches are answered: this instance's index in memory (once
/// built for the catalog as it is), or the database's gram index (with
/// `catalog.title_index_max_courses = 0`, and whenever the index is not built). The search tests
/// run on both: they must answer the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Searched {
    InMemory,
    InDatabase,
    /// More listed courses than the index may hold (3): the database answers.
    TooManyForMemory,
}

impl Searched {
    async fn classroom(self) -> Classroom {
        Classroom::with(|settings| {
            settings.catalog.title_index_max_courses = match self {
                Self::InMemory => 1000,
                Self::InDatabase => 0,
                Self::TooManyForMemory => 3,
            };
        })
        .await
    }
}

/// How many courses the server's title index holds (its `/metrics`).
async fn indexed_courses(app: &TestApp) -> u64 {
    let metrics = app.get("/metrics").send().await.unwrap().text().await.unwrap();
    let line = metrics
        .lines()
        .find_map(|line| line.strip_prefix("ketang_catalog_title_index_courses "))
        .unwrap_or_else(|| panic!("no title index gauge in {metrics}"));
    line.trim().parse().unwrap()
}

#[tokio::test]
async fn the_catalog_filters_searches_and_pages_newest_first() {
    for searched in [Searched::InMemory, Searched::InDatabase, Searched::TooManyForMemory] {
        catalog_filters_searches_and_pages(searched).await;
    }
}

async fn catalog_filters_searches_and_pages(searched: Searched) {
    let c = searched.classroom().await;
    c.approved_provider().await;
    let lecturer = c.lecturer("王老师").await;
    for (title, mode) in
        [("直播带货实务", "offline"), ("跨境电商入门", "online"), ("100%_真实案例", "online")]
    {
        let mut form = c.course_form(title, &lecturer).await;
        form["training_mode"] = json!(mode);
        let id = c.submitted_course(form).await;
        c.decide_course(&id, "approve", None).await;
    }

    let offline = c.catalog("?mode=offline").await;
    let literal = c.catalog("?q=100%25_").await;
    let searched_by_mode = c.catalog("?mode=online&q=%E5%AE%9E").await; // 实: two titles
    let searched_elsewhere = c.catalog("?mode=offline&q=%E5%AE%9E").await;
    let searched_in_category = c.catalog("?category=cross_border_ecommerce&q=%E5%AE%9E").await;
    let searched_in_another = c.catalog("?category=live_commerce&q=%E5%AE%9E").await;
    let first_page = c.catalog("?page=1&page_size=2").await;
    let bad_page = c.app.get("/api/v1/courses?page_size=101").send().await.unwrap();

    assert_eq!(offline["total"], 1);
    assert_eq!(literal["total"], 1, "% and _ are searched literally");
    assert_eq!(searched_by_mode["items"][0]["title"], "100%_真实案例");
    assert_eq!(searched_by_mode["total"], 1, "直播带货实务 is offline");
    assert_eq!(searched_elsewhere["items"][0]["title"], "直播带货实务");
    assert_eq!(searched_in_category["total"], 2);
    assert_eq!(searched_in_another["total"], 0);
    assert_eq!(first_page["total"], 3);
    let titles: Vec<&str> = first_page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["100%_真实案例", "跨境电商入门"]);
    assert_eq!(problem(bad_page, 422).await["errors"][0]["field"], "page_size");
}

/// Title search (issue 24, P11: an index of each title's one- and two-character pieces):
/// searches of every length, Chinese and Latin, any letter case, pieces a title holds apart
/// but not together, and a course retitled by a new approved version.
#[tokio::test]
async fn title_search_finds_every_title_holding_the_text_and_no_other() {
    for searched in [Searched::InMemory, Searched::InDatabase, Searched::TooManyForMemory] {
        title_search_finds(searched).await;
    }
}

async fn title_search_finds(searched: Searched) {
    let c = searched.classroom().await;
    c.approved_provider().await;
    let lecturer = c.lecturer("王老师").await;
    let titles =
        ["跨境电商入门", "电子商务基础", "电商跨境境电", "TikTok Shop 开店", "亚马逊FBA物流"];
    let mut forms = std::collections::HashMap::new();
    for title in titles {
        let form = c.course_form(title, &lecturer).await;
        let id = c.submitted_course(form.clone()).await;
        assert_eq!(c.decide_course(&id, "approve", None).await.status(), 200);
        forms.insert(title, (id, form));
    }
    let app = &c.app;
    let found = |q: &'static str| async move {
        let page: Value = app
            .get("/api/v1/courses")
            .query(&[("q", q), ("page_size", "100")])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let mut found: Vec<String> = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|card| card["title"].as_str().unwrap().to_owned())
            .collect();
        found.sort();
        assert_eq!(page["total"], found.len(), "{q}: the total counts what the pages list");
        found
    };
    let sorted = |titles: &[&str]| {
        let mut titles: Vec<String> = titles.iter().map(|t| (*t).to_owned()).collect();
        titles.sort();
        titles
    };

    for (q, expected) in [
        ("跨", &["跨境电商入门", "电商跨境境电"][..]),
        // 电子商务基础 holds 电 and 商, but not together.
        ("电商", &["跨境电商入门", "电商跨境境电"]),
        // 电商跨境境电 holds 跨境, 境电 and 电商, but not 跨境电商.
        ("跨境电商", &["跨境电商入门"]),
        ("跨境电商入门", &["跨境电商入门"]),
        ("tiktok", &["TikTok Shop 开店"]),
        ("SHOP 开", &["TikTok Shop 开店"]),
        ("k s", &["TikTok Shop 开店"]),
        ("fba物流", &["亚马逊FBA物流"]),
        ("商务基础课", &[]),
        ("x", &[]),
        ("  ", &titles),
    ] {
        assert_eq!(found(q).await, sorted(expected), "search {q:?}");
    }

    // A new approved version retitles the course: found by its new title only.
    let (id, form) = &forms["亚马逊FBA物流"];
    let mut edit = form.clone();
    edit["title"] = json!("亚马逊广告投放");
    let edited = c.edit_course(id, &edit).await;
    assert_eq!(edited.status(), 200, "edit the listed course (submitted for review)");
    assert_eq!(found("广告").await, sorted(&[]), "not before its approval");
    assert_eq!(c.decide_course(id, "approve", None).await.status(), 200);
    assert_eq!(found("广告").await, sorted(&["亚马逊广告投放"]));
    assert_eq!(found("FBA").await, sorted(&[]));
    assert_eq!(found("亚马逊").await, sorted(&["亚马逊广告投放"]));
    // Not the database answering every search above in both runs: the five listed courses
    // were read into memory (and the index answered the searches of its generation).
    let indexed = if searched == Searched::InMemory { 5 } else { 0 };
    assert_eq!(indexed_courses(app).await, indexed, "{searched:?}");
}

/// Search results page in the catalog's order (newest approval first) whichever way the
/// search is answered — a short one from its gram's postings, a long one from its first gram's
/// postings checked for the rest, a provider's search from the provider's courses — and a
/// course approved again moves to the top of its searches too; an unlisted one leaves them.
#[tokio::test]
async fn search_results_page_newest_approval_first() {
    for searched in [Searched::InMemory, Searched::InDatabase, Searched::TooManyForMemory] {
        search_results_page(searched).await;
    }
}

async fn search_results_page(searched: Searched) {
    let c = searched.classroom().await;
    c.approved_provider().await;
    let lecturer = c.lecturer("王老师").await;
    let mut ids = std::collections::HashMap::new();
    for title in ["跨境电商一", "跨境电商二", "电商三", "跨境电商四", "直播五"]
    {
        let form = c.course_form(title, &lecturer).await;
        let id = c.submitted_course(form.clone()).await;
        assert_eq!(c.decide_course(&id, "approve", None).await.status(), 200);
        ids.insert(title, (id, form));
    }
    let provider_id = c.catalog("").await["items"][0]["provider_id"].as_str().unwrap().to_owned();
    let pages = |q: &'static str, provider: bool| {
        let c = &c;
        let provider_id = provider_id.clone();
        async move {
            let mut titles = Vec::new();
            for page in 1..=3 {
                let mut query = vec![("q", q.to_owned()), ("page_size", "2".to_owned())];
                query.push(("page", page.to_string()));
                if provider {
                    query.push(("provider_id", provider_id.clone()));
                }
                let body: Value = c
                    .app
                    .get("/api/v1/courses")
                    .query(&query)
                    .send()
                    .await
                    .unwrap()
                    .json()
                    .await
                    .unwrap();
                let items = body["items"].as_array().unwrap();
                titles.extend(items.iter().map(|i| i["title"].as_str().unwrap().to_owned()));
                assert!(items.len() <= 2, "{q}: a page holds at most its size");
                let total = usize::try_from(body["total"].as_u64().unwrap()).unwrap();
                assert!(total >= titles.len(), "{q}: the total counts every match");
            }
            titles
        }
    };

    for provider in [false, true] {
        assert_eq!(
            pages("电商", provider).await,
            ["跨境电商四", "电商三", "跨境电商二", "跨境电商一"],
            "a short search, provider filter {provider}"
        );
        assert_eq!(
            pages("跨境电商", provider).await,
            ["跨境电商四", "跨境电商二", "跨境电商一"],
            "a long search, provider filter {provider}"
        );
    }

    // 跨境电商一 approved again (a new version with a new intro): now the newest.
    let (id, form) = &ids["跨境电商一"];
    let mut edit = form.clone();
    edit["intro"] = json!("第二版");
    assert_eq!(c.edit_course(id, &edit).await.status(), 200);
    assert_eq!(c.decide_course(id, "approve", None).await.status(), 200);
    assert_eq!(pages("跨境电商", false).await, ["跨境电商一", "跨境电商四", "跨境电商二"]);
    assert_eq!(pages("电商", false).await, ["跨境电商一", "跨境电商四", "电商三", "跨境电商二"]);

    let (four, _) = &ids["跨境电商四"];
    let unlisted = c.owner(Method::POST, &format!("/courses/{four}/unlist"), None).await;
    assert_eq!(unlisted.status(), 200);
    assert_eq!(pages("跨境电商", false).await, ["跨境电商一", "跨境电商二"]);
    assert_eq!(pages("电商", true).await, ["跨境电商一", "电商三", "跨境电商二"]);
}

/// A listed live course starting in an hour, with `capacity` places.
async fn live_course(c: &Classroom, capacity: i64) -> String {
    let lecturer = c.lecturer("王老师").await;
    let mut form = c.course_form("直播：跨境选品", &lecturer).await;
    let starts = time::OffsetDateTime::now_utc() + time::Duration::hours(1);
    form["delivery"] = json!("live");
    form["video_media_id"] = Value::Null;
    form["live_starts_at"] =
        json!(starts.format(&time::format_description::well_known::Rfc3339).unwrap());
    form["live_ends_at"] = json!(
        (starts + time::Duration::hours(2))
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap()
    );
    form["capacity"] = json!(capacity);
    let id = c.submitted_course(form).await;
    assert_eq!(c.decide_course(&id, "approve", None).await.status(), 200);
    id
}

/// Moves the live window so that it started `minutes_ago`.
async fn start_live_window(c: &Classroom, course_id: &str, minutes_ago: i64) {
    let now = ketang::db::now_ms();
    sqlx::query(
        "update course_revisions set live_starts_at = $2, live_ends_at = $3 where course_id = $1",
    )
    .bind(course_id)
    .bind(now - minutes_ago * 60_000)
    .bind(now + 3_600_000)
    .execute(&c.app.db.pool)
    .await
    .unwrap();
}

#[tokio::test]
async fn twenty_people_racing_for_ten_places_fill_exactly_ten() {
    let c = Classroom::new().await;
    c.approved_provider().await;
    let id = live_course(&c, 10).await;
    let mut tokens = Vec::new();
    for n in 0..20 {
        tokens.push(token(&c.app.signed_in_user(&format!("1360000{n:04}")).await));
    }

    let path = format!("/api/v1/courses/{id}/enrollment");
    let attempts = tokens.iter().map(|t| c.call(Method::POST, &path, t, None));
    let outcomes = futures_util::future::join_all(attempts).await;

    let admitted = outcomes.iter().filter(|r| r.status() == 201).count();
    let full = outcomes.iter().filter(|r| r.status() == 409).count();
    assert_eq!((admitted, full), (10, 10));
    let again =
        c.call(Method::POST, &format!("/api/v1/courses/{id}/enrollment"), &tokens[0], None).await;
    assert_eq!(again.status(), 409);
    let enrolled: i64 =
        sqlx::query_scalar("select count(*) from course_enrollments where course_id = $1")
            .bind(&id)
            .fetch_one(&c.app.db.pool)
            .await
            .unwrap();
    assert_eq!(enrolled, 10);
    let me: Value = c
        .call(Method::GET, &format!("/api/v1/courses/{id}/me"), &tokens[0], None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["places_left"], 0);
}

#[tokio::test]
async fn sign_in_needs_the_live_window_and_a_current_code_or_an_enrollment() {
    let c = Classroom::new().await;
    c.approved_provider().await;
    let id = live_course(&c, 5).await;
    let enrolled = token(&c.app.signed_in_user(STRANGER).await);
    let walk_in = token(&c.app.signed_in_user("13600136000").await);
    let path = format!("/api/v1/courses/{id}/sign-in");
    assert_eq!(
        c.call(Method::POST, &format!("/api/v1/courses/{id}/enrollment"), &enrolled, None)
            .await
            .status(),
        201
    );

    let too_early = c.call(Method::POST, &path, &enrolled, Some(json!({}))).await;
    start_live_window(&c, &id, 5).await;
    let late_enrollment =
        c.call(Method::POST, &format!("/api/v1/courses/{id}/enrollment"), &walk_in, None).await;
    let by_button = c.call(Method::POST, &path, &enrolled, Some(json!({}))).await;
    let twice = c.call(Method::POST, &path, &enrolled, Some(json!({}))).await;
    let walk_in_button = c.call(Method::POST, &path, &walk_in, Some(json!({}))).await;
    let window = ketang::db::now_ms() / 1000 / 60;
    let mac = c.app.state.keys.hash(&["course-sign-in", &id, &(window - 3).to_string()]);
    let stale_code = format!("{}.{}", window - 3, &mac[..20]);
    let with_stale_code =
        c.call(Method::POST, &path, &walk_in, Some(json!({"code": stale_code}))).await;
    let code: Value = c
        .owner(Method::GET, &format!("/courses/{id}/sign-in-code"), None)
        .await
        .json()
        .await
        .unwrap();
    let with_code =
        c.call(Method::POST, &path, &walk_in, Some(json!({"code": code["code"]}))).await;

    assert_eq!(problem(too_early, 409).await["code"], "sign_in_closed");
    assert_eq!(problem(late_enrollment, 409).await["code"], "enrollment_closed");
    assert_eq!(by_button.status(), 201);
    assert_eq!(problem(twice, 409).await["code"], "already_signed_in");
    assert_eq!(problem(walk_in_button, 409).await["code"], "not_enrolled");
    assert_eq!(problem(with_stale_code, 422).await["errors"][0]["code"], "sign_in_code_expired");
    assert_eq!(with_code.status(), 201);
    assert!(code["path"].as_str().unwrap().ends_with(code["code"].as_str().unwrap()));

    let sign_ins: Value =
        c.owner(Method::GET, &format!("/courses/{id}/sign-ins"), None).await.json().await.unwrap();
    let methods: Vec<&str> = sign_ins["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["sign_in_method"].as_str().unwrap())
        .collect();
    assert_eq!(methods, ["button", "qr"]);
    assert_eq!(sign_ins["items"][0]["mobile"], "137****7000", "masked");
    let export = c.owner(Method::GET, &format!("/courses/{id}/enrollments.xlsx"), None).await;
    assert_eq!(
        export.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let bytes = export.bytes().await.unwrap();
    let mut workbook: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let sheet = calamine::Reader::worksheet_range(&mut workbook, "报名名单").unwrap();
    let rows: Vec<Vec<String>> =
        sheet.rows().map(|r| r.iter().map(ToString::to_string).collect()).collect();
    assert_eq!(rows.len(), 2, "a header and the one enrollment");
    assert_eq!(rows[0][0], "姓名");
    assert_eq!(rows[1][1], "137****7000");
    assert_eq!(rows[1][4], "按钮");
    let stranger_export = c
        .call(
            Method::GET,
            &format!("/api/v1/orgs/{}/courses/{id}/enrollments.xlsx", c.org_id),
            &enrolled,
            None,
        )
        .await;
    assert_eq!(stranger_export.status(), 404);
}

#[tokio::test]
async fn comments_are_rated_replied_to_and_hidden_from_the_public() {
    let c = Classroom::new().await;
    c.approved_provider().await;
    let lecturer = c.lecturer("王老师").await;
    let form = c.course_form("跨境电商入门", &lecturer).await;
    let id = c.submitted_course(form).await;
    c.decide_course(&id, "approve", None).await;
    let viewer = token(&c.app.signed_in_user(STRANGER).await);
    let path = format!("/api/v1/courses/{id}/comments");

    let too_long =
        c.call(Method::POST, &path, &viewer, Some(json!({"body": "评".repeat(501)}))).await;
    let bad_rating =
        c.call(Method::POST, &path, &viewer, Some(json!({"body": "好", "rating": 6}))).await;
    let kind: Value = c
        .call(Method::POST, &path, &viewer, Some(json!({"body": "讲得很清楚", "rating": 5})))
        .await
        .json()
        .await
        .unwrap();
    let rude: Value = c
        .call(Method::POST, &path, &viewer, Some(json!({"body": "垃圾广告", "rating": 1})))
        .await
        .json()
        .await
        .unwrap();
    let anonymous = c.app.post_json(&path, &json!({"body": "匿名"})).send().await.unwrap();
    let kind_id = kind["id"].as_str().unwrap();
    let rude_id = rude["id"].as_str().unwrap();
    let reply_path = format!("/courses/{id}/comments/{kind_id}/reply");
    c.owner(Method::PUT, &reply_path, Some(json!({"body": "谢谢支持"}))).await;
    let edited: Value = c
        .owner(Method::PUT, &reply_path, Some(json!({"body": "谢谢支持！"})))
        .await
        .json()
        .await
        .unwrap();
    let by_viewer = c
        .call(
            Method::PUT,
            &format!("/api/v1/orgs/{}{reply_path}", c.org_id),
            &viewer,
            Some(json!({"body": "冒充回复"})),
        )
        .await;
    let hidden = c
        .owner(
            Method::PUT,
            &format!("/courses/{id}/comments/{rude_id}/visibility"),
            Some(json!({"hidden": true})),
        )
        .await;
    let public: Value = c.app.get(&path).send().await.unwrap().json().await.unwrap();
    let for_provider: Value =
        c.owner(Method::GET, &format!("/courses/{id}/comments"), None).await.json().await.unwrap();
    let card = c.catalog("").await;

    assert_eq!(problem(too_long, 422).await["errors"][0]["field"], "body");
    assert_eq!(problem(bad_rating, 422).await["errors"][0]["field"], "rating");
    assert_eq!(anonymous.status(), 401);
    assert_eq!(edited["reply"], "谢谢支持！");
    assert_eq!(by_viewer.status(), 404);
    assert_eq!(hidden.status(), 200);
    assert_eq!(public["total"], 1);
    assert_eq!(public["items"][0]["body"], "讲得很清楚");
    assert_eq!(public["items"][0]["author"], "137****7000");
    assert_eq!(for_provider["total"], 2);
    assert_eq!(card["items"][0]["rating_average"], 5.0, "hidden ratings do not count");
    assert_eq!(card["items"][0]["rating_count"], 1);

    // The public page is cached with the catalog: a reply changed after it was read shows at
    // once, and so does a comment shown again.
    c.owner(Method::PUT, &reply_path, Some(json!({"body": "谢谢，已更新课件"}))).await;
    let public: Value = c.app.get(&path).send().await.unwrap().json().await.unwrap();
    assert_eq!(public["items"][0]["reply"], "谢谢，已更新课件");
    let shown = c
        .owner(
            Method::PUT,
            &format!("/courses/{id}/comments/{rude_id}/visibility"),
            Some(json!({"hidden": false})),
        )
        .await;
    assert_eq!(shown.status(), 200);
    let public: Value = c.app.get(&path).send().await.unwrap().json().await.unwrap();
    assert_eq!(public["total"], 2);
}

#[tokio::test]
async fn study_time_is_credited_by_the_server_once_per_user_and_capped() {
    let c = Classroom::new().await;
    c.approved_provider().await;
    let lecturer = c.lecturer("王老师").await;
    let form = c.course_form("跨境电商入门", &lecturer).await;
    let id = c.submitted_course(form).await;
    c.decide_course(&id, "approve", None).await;
    let first = c.watch(&id).await;
    // The fixture video lasts a second; let this viewing's video last two minutes.
    sqlx::query("update watch_sessions set video_ms = 120000 where id = $1")
        .bind(&first)
        .execute(&c.app.db.pool)
        .await
        .unwrap();
    c.rewind(&first, 10_000).await;
    let after_ten: Value = c.beat(&first).await.json().await.unwrap();
    c.rewind(&first, 3_600_000).await;
    let after_an_hour: Value = c.beat(&first).await.json().await.unwrap();
    let second = c.watch(&id).await;
    let superseded = c.beat(&first).await;
    let video_ms: i64 = sqlx::query_scalar("select video_ms from watch_sessions where id = $1")
        .bind(&second)
        .fetch_one(&c.app.db.pool)
        .await
        .unwrap();
    c.rewind(&second, 25_000).await;
    let capped: Value = c.beat(&second).await.json().await.unwrap();
    let me: Value = c.owner_call_me(&id).await;
    let org: Value = c.owner(Method::GET, "/study-time", None).await.json().await.unwrap();

    let credited = after_ten["credited_ms"].as_i64().unwrap();
    assert!((10_000..11_000).contains(&credited), "{credited}");
    let hour = after_an_hour["credited_ms"].as_i64().unwrap() - credited;
    assert_eq!(hour, 30_000, "one report credits at most 30 s");
    assert_eq!(problem(superseded, 409).await["code"], "stream_superseded");
    assert_eq!(video_ms, 1_000);
    assert_eq!(capped["credited_ms"], video_ms, "never more than the video per viewing");
    let total =
        after_an_hour["credited_ms"].as_i64().unwrap() + capped["credited_ms"].as_i64().unwrap();
    assert_eq!(me["studied_ms"], total);
    assert_eq!(org[0]["studied_ms"], total);
}

#[tokio::test]
async fn a_course_decision_needs_a_reason_is_made_once_and_is_audited() {
    let c = Classroom::new().await;
    c.approved_provider().await;
    let lecturer = c.lecturer("王老师").await;
    let hook = c
        .owner(
            Method::POST,
            "/webhooks",
            Some(json!({"url": "https://hooks.example.com/ketang", "events": ["course.approved", "course.rejected"]})),
        )
        .await;
    assert_eq!(hook.status(), 201);
    let form = c.course_form("跨境电商入门", &lecturer).await;
    let id = c.submitted_course(form).await;
    let form = c.course_form("跨境电商进阶", &lecturer).await;
    let turned_down = c.submitted_course(form).await;

    let blank = c.decide_course(&id, "reject", Some(json!({"reason": ""}))).await;
    let missing = c.decide_course(&id, "reject", Some(json!({}))).await;
    let by_owner = c
        .call(
            Method::POST,
            &format!(
                "/api/v1/admin/course-reviews/{}/approve",
                c.newest_revision(&id).await["id"].as_str().unwrap()
            ),
            &c.owner,
            None,
        )
        .await;
    let approved = c.decide_course(&id, "approve", None).await;
    let approved_again = c.decide_course(&id, "approve", None).await;
    let rejected_after = c.decide_course(&id, "reject", Some(json!({"reason": "晚了"}))).await;

    assert_eq!(problem(blank, 422).await["errors"][0]["field"], "reason");
    assert_eq!(missing.status(), 422);
    assert_eq!(by_owner.status(), 403);
    assert_eq!(approved.status(), 200);
    assert_eq!(problem(approved_again, 409).await["code"], "wrong_state");
    assert_eq!(problem(rejected_after, 409).await["code"], "wrong_state");
    let audit: Vec<String> = sqlx::query_scalar(
        "select action from audit_log where action like 'course.%' and action <> 'course.create' \
         order by at, id",
    )
    .fetch_all(&c.app.db.pool)
    .await
    .unwrap();
    assert!(audit.ends_with(&["course.approve".to_owned()]), "{audit:?}");
    assert_eq!(c.messages().await.first().map(String::as_str), Some("course.approved"));

    // Each decision is an event for the org's webhook.
    let rejected =
        c.decide_course(&turned_down, "reject", Some(json!({"reason": "封面不清晰"}))).await;
    assert_eq!(rejected.status(), 200);
    let events: Vec<(String, String)> = sqlx::query_as(
        "select event, payload from webhook_deliveries where org_id = $1 order by created_at, event",
    )
    .bind(&c.org_id)
    .fetch_all(&c.app.db.pool)
    .await
    .unwrap();
    let names: Vec<&str> = events.iter().map(|(event, _)| event.as_str()).collect();
    assert_eq!(names, ["course.approved", "course.rejected"]);
    assert!(events[0].1.contains(&id), "the payload names the course");
    assert!(events[1].1.contains("封面不清晰"), "{}", events[1].1);
}

#[tokio::test]
async fn comment_limits_count_characters_and_an_operator_can_hide_one() {
    let c = Classroom::new().await;
    c.approved_provider().await;
    let lecturer = c.lecturer("王老师").await;
    let form = c.course_form("跨境电商入门", &lecturer).await;
    let id = c.submitted_course(form).await;
    c.decide_course(&id, "approve", None).await;
    let viewer = token(&c.app.signed_in_user(STRANGER).await);
    let path = format!("/api/v1/courses/{id}/comments");

    // 500 Chinese characters are 1,500 bytes: the limit is in characters.
    let longest =
        c.call(Method::POST, &path, &viewer, Some(json!({"body": "评".repeat(500)}))).await;
    let longest: Value = longest.json().await.unwrap();
    let comment = longest["id"].as_str().unwrap();
    let visibility = format!("/api/v1/admin/comments/{comment}/visibility");
    let by_viewer = c.call(Method::PUT, &visibility, &viewer, Some(json!({"hidden": true}))).await;
    let hidden = c.call(Method::PUT, &visibility, &c.admin, Some(json!({"hidden": true}))).await;
    let public: Value = c.app.get(&path).send().await.unwrap().json().await.unwrap();
    let shown = c.call(Method::PUT, &visibility, &c.admin, Some(json!({"hidden": false}))).await;
    let public_again: Value = c.app.get(&path).send().await.unwrap().json().await.unwrap();

    assert_eq!(longest["body"].as_str().unwrap().chars().count(), 500);
    assert_eq!(by_viewer.status(), 403);
    assert_eq!(hidden.status(), 200);
    assert_eq!(public["total"], 0);
    assert_eq!(shown.status(), 200);
    assert_eq!(public_again["total"], 1);
    let audit: Vec<String> = sqlx::query_scalar(
        "select action from audit_log where action like 'comment.%' order by at, id",
    )
    .fetch_all(&c.app.db.pool)
    .await
    .unwrap();
    assert_eq!(audit, ["comment.create", "comment.hide", "comment.show"]);
}

#[tokio::test]
async fn course_fields_are_limited_in_characters_not_bytes() {
    let c = Classroom::new().await;
    c.approved_provider().await;
    let lecturer = c.lecturer("王老师").await;
    let mut form = c.course_form(&"课".repeat(30), &lecturer).await;
    form["intro"] = json!("介".repeat(300));
    let at_limit = c.owner(Method::POST, "/courses", Some(form.clone())).await;
    form["title"] = json!("课".repeat(31));
    let long_title = c.owner(Method::POST, "/courses", Some(form.clone())).await;
    form["title"] = json!("课".repeat(30));
    form["intro"] = json!("介".repeat(301));
    let long_intro = c.owner(Method::POST, "/courses", Some(form)).await;
    let lecturer_at_limit = c
        .owner(
            Method::POST,
            "/lecturers",
            Some(json!({"name": "李老师", "gender": "male", "intro": "简".repeat(300)})),
        )
        .await;
    let lecturer_over = c
        .owner(
            Method::POST,
            "/lecturers",
            Some(json!({"name": "赵老师", "gender": "male", "intro": "简".repeat(301)})),
        )
        .await;

    assert_eq!(at_limit.status(), 201);
    assert_eq!(problem(long_title, 422).await["errors"][0]["field"], "title");
    assert_eq!(problem(long_intro, 422).await["errors"][0]["field"], "intro");
    assert_eq!(lecturer_at_limit.status(), 201);
    assert_eq!(problem(lecturer_over, 422).await["errors"][0]["field"], "intro");
}

#[tokio::test]
async fn another_org_cannot_change_this_providers_courses_lecturers_or_comments() {
    let c = Classroom::new().await;
    c.approved_provider().await;
    let lecturer = c.lecturer("王老师").await;
    let form = c.course_form("跨境电商入门", &lecturer).await;
    let id = c.submitted_course(form.clone()).await;
    c.decide_course(&id, "approve", None).await;
    let stranger = token(&c.app.signed_in_user(STRANGER).await);
    let other_org = certified_org(&c.app, &stranger, "海南椰风贸易有限公司", OTHER_USCC).await;
    let comment: Value = c
        .call(
            Method::POST,
            &format!("/api/v1/courses/{id}/comments"),
            &stranger,
            Some(json!({"body": "好"})),
        )
        .await
        .json()
        .await
        .unwrap();
    let comment = comment["id"].as_str().unwrap();

    // Through the stranger's own org's path, and through this org's path.
    for org in [other_org.as_str(), c.org_id.as_str()] {
        let base = format!("/api/v1/orgs/{org}");
        let attempts = [
            (Method::PUT, format!("{base}/courses/{id}"), Some(form.clone())),
            (Method::POST, format!("{base}/courses/{id}/submit"), None),
            (Method::POST, format!("{base}/courses/{id}/unlist"), None),
            (Method::DELETE, format!("{base}/courses/{id}"), None),
            (Method::GET, format!("{base}/courses/{id}/sign-in-code"), None),
            (
                Method::PUT,
                format!("{base}/lecturers/{lecturer}"),
                Some(json!({"name": "改名", "gender": "male"})),
            ),
            (Method::DELETE, format!("{base}/lecturers/{lecturer}"), None),
            (
                Method::PUT,
                format!("{base}/courses/{id}/comments/{comment}/reply"),
                Some(json!({"body": "冒充"})),
            ),
            (
                Method::PUT,
                format!("{base}/courses/{id}/comments/{comment}/visibility"),
                Some(json!({"hidden": true})),
            ),
        ];
        for (method, path, body) in attempts {
            let answer = c.call(method.clone(), &path, &stranger, body).await;
            assert_eq!(answer.status(), 404, "{method} {path}");
        }
    }
    // A course form naming another provider's lecturer.
    let mut own_form = form.clone();
    own_form["lecturer_ids"] = json!([lecturer]);
    let foreign_lecturer = c
        .call(Method::POST, &format!("/api/v1/orgs/{other_org}/courses"), &stranger, Some(own_form))
        .await;
    assert_ne!(foreign_lecturer.status(), 201);
    let page: Value =
        c.app.get(&format!("/api/v1/courses/{id}")).send().await.unwrap().json().await.unwrap();
    assert_eq!(page["title"], "跨境电商入门", "nothing changed");
    assert_eq!(page["lecturers"][0]["name"], "王老师");
}

#[tokio::test]
async fn blank_text_line_breaks_and_script_urls_are_refused_in_every_form() {
    let c = Classroom::new().await;
    c.approved_provider().await;
    let lecturer = c.lecturer("王老师").await;
    let form = c.course_form("跨境电商入门", &lecturer).await;

    // Whitespace of every kind is as empty as nothing: a title, a lecturer's name.
    for blank in ["   ", "\u{3000}\u{3000}", " \t "] {
        let mut blank_title = form.clone();
        blank_title["title"] = json!(blank);
        let refused =
            problem(c.owner(Method::POST, "/courses", Some(blank_title)).await, 422).await;
        assert_eq!(refused["errors"][0]["field"], "title", "{blank:?}: {refused}");
        let refused = c
            .owner(Method::POST, "/lecturers", Some(json!({"name": blank, "gender": "male"})))
            .await;
        assert_eq!(problem(refused, 422).await["errors"][0]["field"], "name", "{blank:?}");
    }
    // A line break in a one-line field; an intro may have several lines.
    let mut two_lines = form.clone();
    two_lines["title"] = json!("跨境\r\n电商");
    let refused = problem(c.owner(Method::POST, "/courses", Some(two_lines)).await, 422).await;
    assert_eq!(refused["errors"][0]["code"], "single_line");
    let mut intro = form.clone();
    intro["intro"] = json!("第一行\n第二行");
    intro["title"] = json!("  两边有空格的标题  ");
    let created = c.owner(Method::POST, "/courses", Some(intro)).await;
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    assert_eq!(created["revision"]["title"], "两边有空格的标题", "stored trimmed: {created}");

    // Only http(s) links: not script, data or file URLs.
    for url in [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:text/html,<b>x</b>",
        "file:///etc/passwd",
        "ftp://example.com/x",
    ] {
        let mut external = form.clone();
        external["delivery"] = json!("external");
        external["video_media_id"] = Value::Null;
        external["external_url"] = json!(url);
        let refused = problem(c.owner(Method::POST, "/courses", Some(external)).await, 422).await;
        assert!(refused["errors"].to_string().contains("http_url"), "{url}: {refused}");
    }
}

/// Issue 20 item 13: ten tabs starting at once leave exactly one stream earning, round after
/// round (PostgreSQL's read-committed transactions let them all pass before).
#[tokio::test]
async fn ten_tabs_starting_at_once_leave_one_stream_earning() {
    let c = Classroom::new().await;
    c.approved_provider().await;
    let lecturer = c.lecturer("王老师").await;
    let form = c.course_form("跨境电商入门", &lecturer).await;
    let id = c.submitted_course(form).await;
    c.decide_course(&id, "approve", None).await;
    for round in 0..20 {
        let path = format!("/api/v1/courses/{id}/watch-sessions");
        let starts = (0..10).map(|_| c.call(Method::POST, &path, &c.owner, None));
        let outcomes = futures_util::future::join_all(starts).await;
        let mut sessions = Vec::new();
        for outcome in outcomes {
            assert_eq!(outcome.status(), 201, "round {round}: every tab may start");
            sessions
                .push(outcome.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned());
        }
        let open: i64 = sqlx::query_scalar(
            "select count(*) from watch_sessions w join users u on u.id = w.user_id \
             where u.mobile = $1 and w.ended_at is null",
        )
        .bind(OWNER)
        .fetch_one(&c.app.db.pool)
        .await
        .unwrap();
        assert_eq!(open, 1, "round {round}: one stream per user");
        let mut earning = 0;
        for session in &sessions {
            match c.beat(session).await.status().as_u16() {
                200 => earning += 1,
                409 => {}
                other => panic!("round {round}: heartbeat answered {other}"),
            }
        }
        assert_eq!(earning, 1, "round {round}: only the open stream earns");
    }
}

/// Issue 20 item 14: deleting a lecturer while a course naming them is submitted — one of the
/// two is refused, every round; never a pending course with a deleted lecturer.
#[tokio::test]
async fn a_lecturer_is_never_deleted_under_a_course_submitted_at_the_same_moment() {
    let c = Classroom::new().await;
    c.approved_provider().await;
    let cover = c.app.upload(&c.owner, "course_cover", &png(386, 240)).await;
    let video = c.app.upload(&c.owner, "course_video", &fixture("video-655x368.mp4")).await;
    for round in 0..20 {
        let lecturer = c.lecturer(&format!("讲师{round}")).await;
        let form = json!({
            "title": format!("并发课程 {round}"), "delivery": "video", "training_mode": "online",
            "category_code": "cross_border_ecommerce", "cover_media_id": cover["id"],
            "video_media_id": video["id"], "intro": "并发测试", "lecturer_ids": [lecturer]
        });
        let created = c.owner(Method::POST, "/courses", Some(form)).await;
        assert_eq!(created.status(), 201);
        let course = created.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
        let (submit_path, delete_path) =
            (format!("/courses/{course}/submit"), format!("/lecturers/{lecturer}"));
        let submit = c.owner(Method::POST, &submit_path, None);
        let delete = c.owner(Method::DELETE, &delete_path, None);
        let (submitted, deleted) = futures_util::join!(submit, delete);
        let (submitted, deleted) = (submitted.status().as_u16(), deleted.status().as_u16());
        match (submitted, deleted) {
            (200, 409) => {}
            (422, 204) => {}
            other => panic!("round {round}: submit and delete answered {other:?}"),
        }
        let stale: i64 = sqlx::query_scalar(
            "select count(*) from course_revision_lecturers x join course_revisions r on r.id = x.revision_id \
             join lecturers l on l.id = x.lecturer_id where r.status = 'pending' and l.deleted_at is not null",
        )
        .fetch_one(&c.app.db.pool)
        .await
        .unwrap();
        assert_eq!(stale, 0, "round {round}: a pending course names a deleted lecturer");
    }
}

/// Issue 21 item 15: beside the QR, six digits a person can type; a guesser runs out of tries
/// long before the million codes.
#[tokio::test]
async fn a_short_typed_code_signs_in_and_guessing_it_is_bounded() {
    let c = Classroom::new().await;
    c.approved_provider().await;
    let id = live_course(&c, 5).await;
    start_live_window(&c, &id, 5).await;
    let walk_in = token(&c.app.signed_in_user("13600136000").await);
    let guesser = token(&c.app.signed_in_user("13600136001").await);
    let path = format!("/api/v1/courses/{id}/sign-in");
    let code: Value = c
        .owner(Method::GET, &format!("/courses/{id}/sign-in-code"), None)
        .await
        .json()
        .await
        .unwrap();
    let short = code["short_code"].as_str().unwrap().to_owned();
    assert!(short.len() == 6 && short.bytes().all(|b| b.is_ascii_digit()), "{short}");

    let mut refused = Vec::new();
    for guess in 0..11u32 {
        let wrong = format!("{:06}", (short.parse::<u32>().unwrap() + 1 + guess) % 1_000_000);
        refused.push(
            c.call(Method::POST, &path, &guesser, Some(json!({"code": wrong})))
                .await
                .status()
                .as_u16(),
        );
    }
    let spaced = format!("{} {}", &short[..3], &short[3..]);
    let typed = c.call(Method::POST, &path, &walk_in, Some(json!({"code": spaced}))).await;

    assert_eq!(&refused[..10], [422; 10]);
    assert_eq!(refused[10], 429, "ten tries per window, then wait");
    assert_eq!(typed.status(), 201, "typed with a space, as people do");
}

/// Issue 21 item 13: learners give their name (and company) at enrollment or sign-in, and the
/// provider's lists show it instead of a masked phone; no body still enrolls, a bad one is
/// refused.
#[tokio::test]
async fn enrollment_and_sign_in_lists_show_the_names_learners_give() {
    let c = Classroom::new().await;
    c.approved_provider().await;
    let id = live_course(&c, 5).await;
    let named = token(&c.app.signed_in_user(STRANGER).await);
    let silent = token(&c.app.signed_in_user("13600136002").await);
    let walk_in = token(&c.app.signed_in_user("13600136000").await);
    let enroll = format!("/api/v1/courses/{id}/enrollment");

    let blank = c.call(Method::POST, &enroll, &named, Some(json!({"name": ""}))).await;
    let given = c
        .call(
            Method::POST,
            &enroll,
            &named,
            Some(json!({"name": " 王小明 ", "company": "三亚示例跨境电商"})),
        )
        .await;
    let without = c.call(Method::POST, &enroll, &silent, None).await;
    start_live_window(&c, &id, 5).await;
    let code: Value = c
        .owner(Method::GET, &format!("/courses/{id}/sign-in-code"), None)
        .await
        .json()
        .await
        .unwrap();
    let signed = c
        .call(
            Method::POST,
            &format!("/api/v1/courses/{id}/sign-in"),
            &walk_in,
            Some(json!({"code": code["short_code"], "name": "李现场"})),
        )
        .await;

    assert_eq!(problem(blank, 422).await["errors"][0]["field"], "name");
    assert_eq!(given.status(), 201);
    assert_eq!(without.status(), 201, "a body stays optional");
    assert_eq!(signed.status(), 201);
    let enrollments: Value = c
        .owner(Method::GET, &format!("/courses/{id}/enrollments"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(enrollments["items"][0]["name"], "王小明");
    assert_eq!(enrollments["items"][0]["company"], "三亚示例跨境电商");
    assert_eq!(enrollments["items"][1]["name"], "136****6002", "no name given: as before");
    let sign_ins: Value =
        c.owner(Method::GET, &format!("/courses/{id}/sign-ins"), None).await.json().await.unwrap();
    assert_eq!(sign_ins["items"][0]["name"], "李现场");
}
