//! Training classes and students (SPEC §5.1, §5.2): codes that never repeat, the student
//! rules, sealed personal data, batch activation and deletion, xlsx import and export.

use std::collections::HashSet;

use ketang_tests::{TestApp, problem, spawn_app};
use reqwest::{Method, Response};
use serde_json::{Value, json};

const OWNER: &str = "13800138000";
const STAFF: &str = "13700137000";
const USCC: &str = "91460200MA5T8XY10H";
/// Exactly representable as a float: what Excel keeps when it turns the ID into a number.
const NUMERIC_SAFE_ID: &str = "110101198505120096";

/// A valid resident ID: Beijing 东城, born 1990-03-07, sequence `seq` (odd = male).
fn resident_id(seq: u32) -> String {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let body = format!("11010119900307{:03}", seq % 1000);
    let sum: u32 = body.bytes().zip(WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
    format!("{body}{}", char::from(b"10X98765432"[(sum % 11) as usize]))
}

fn gender_of(seq: u32) -> &'static str {
    if seq % 2 == 1 { "male" } else { "female" }
}

struct Training {
    app: TestApp,
    owner: String,
    org_id: String,
}

impl Training {
    async fn new() -> Self {
        let app = spawn_app().await;
        let owner = app.signed_in_user(OWNER).await["access_token"].as_str().unwrap().to_owned();
        let org: Value = app.create_org(&owner, &json!({"name": "三亚示例跨境电商有限公司", "uscc": USCC, "legal_representative": "张三"})).await;
        Self { app, owner, org_id: org["id"].as_str().unwrap().to_owned() }
    }

    async fn call(&self, method: Method, path: &str, body: Option<Value>) -> Response {
        let mut request = self
            .app
            .request(method, &format!("/api/v1/orgs/{}{path}", self.org_id))
            .bearer_auth(&self.owner);
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.unwrap()
    }

    async fn class(&self, name: &str) -> Value {
        let created = self
            .call(
                Method::POST,
                "/classes",
                Some(json!({"name": name, "class_type_code": "enterprise_staff",
                            "training_mode": "live", "platform": "dingtalk"})),
            )
            .await;
        assert_eq!(created.status(), 201);
        created.json().await.unwrap()
    }

    async fn add_student(&self, class_id: &str, seq: u32) -> Response {
        self.call(
            Method::POST,
            &format!("/classes/{class_id}/students"),
            Some(json!({"name": format!("学员{seq}"), "gender": gender_of(seq),
                        "resident_id": resident_id(seq), "mobile": format!("1391234{seq:04}"),
                        "education": "本科"})),
        )
        .await
    }

    async fn import(&self, class_id: &str, workbook: Vec<u8>) -> Response {
        self.app
            .request(
                Method::POST,
                &format!("/api/v1/orgs/{}/classes/{class_id}/students/import", self.org_id),
            )
            .bearer_auth(&self.owner)
            .header(
                "Content-Type",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            .body(workbook)
            .send()
            .await
            .unwrap()
    }
}

/// A cell of a generated workbook.
enum Cell {
    Text(String),
    Number(f64),
    Formula(&'static str, &'static str),
    Empty,
}

fn workbook(rows: &[Vec<Cell>]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, title) in ["姓名", "性别", "身份证号", "手机号", "文化程度"].iter().enumerate()
    {
        sheet.write_string(0, c as u16, *title).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            match cell {
                Cell::Text(text) => {
                    sheet.write_string(r, c, text).unwrap();
                }
                Cell::Number(n) => {
                    sheet.write_number(r, c, *n).unwrap();
                }
                Cell::Formula(formula, result) => {
                    sheet
                        .write_formula(
                            r,
                            c,
                            rust_xlsxwriter::Formula::new(*formula).set_result(*result),
                        )
                        .unwrap();
                }
                Cell::Empty => {}
            }
        }
    }
    book.save_to_buffer().unwrap()
}

fn text(value: impl Into<String>) -> Cell {
    Cell::Text(value.into())
}

fn good_row(seq: u32) -> Vec<Cell> {
    vec![
        text(format!("学员{seq}")),
        text(if seq % 2 == 1 { "男" } else { "女" }),
        text(resident_id(seq)),
        text(format!("1391234{seq:04}")),
        text("大专"),
    ]
}

#[tokio::test]
async fn class_codes_never_repeat_even_when_fifty_are_created_at_once() {
    let t = Training::new().await;
    let year = time::OffsetDateTime::now_utc().year();

    let creates = (0..50).map(|n| {
        t.call(
            Method::POST,
            "/classes",
            Some(json!({"name": format!("第{n}期"), "class_type_code": "enterprise_staff",
                        "training_mode": "live", "platform": "dingtalk"})),
        )
    });
    let created = futures_util::future::join_all(creates).await;

    let mut codes = HashSet::new();
    for response in created {
        assert_eq!(response.status(), 201);
        let class: Value = response.json().await.unwrap();
        codes.insert(class["code"].as_str().unwrap().to_owned());
    }
    assert_eq!(codes.len(), 50);
    assert!(codes.contains(&format!("HN-{year}-000001")));
    assert!(codes.contains(&format!("HN-{year}-000050")));
}

#[tokio::test]
async fn modes_and_platforms_not_open_yet_are_refused_with_the_reason() {
    let t = Training::new().await;

    let refused = t
        .call(
            Method::POST,
            "/classes",
            Some(json!({"name": "一期", "class_type_code": "nope", "training_mode": "on_demand",
                        "platform": "lexiang"})),
        )
        .await;
    let unknown_type = t
        .call(
            Method::POST,
            "/classes",
            Some(json!({"name": "一期", "class_type_code": "nope", "training_mode": "live",
                        "platform": "dingtalk"})),
        )
        .await;

    let problem = problem(refused, 422).await;
    let codes: Vec<(&str, &str)> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        codes,
        [
            ("class_type_code", "unknown_class_type"),
            ("platform", "platform_not_supported"),
            ("training_mode", "not_yet_open")
        ]
    );
    assert!(problem["errors"][1]["message"].as_str().unwrap().contains("暂不支持"));
    assert_eq!(
        ketang_tests::problem(unknown_type, 422).await["errors"][0]["code"],
        "unknown_class_type"
    );
    // Issue 20 item 17: every field's problem in one answer, the database's checks included.
    let everything_wrong = t
        .call(
            Method::POST,
            "/classes",
            Some(json!({"name": "", "class_type_code": "nope", "training_mode": "weekly",
                        "platform": "zoom"})),
        )
        .await;
    let all = ketang_tests::problem(everything_wrong, 422).await;
    let fields: Vec<&str> =
        all["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["class_type_code", "name", "platform", "training_mode"], "{all}");
}

#[tokio::test]
async fn students_follow_the_rules_and_their_personal_data_is_sealed() {
    let t = Training::new().await;
    let class = t.class("一期").await;
    let class_id = class["id"].as_str().unwrap();

    let added = t.add_student(class_id, 7).await;
    let twice = t.add_student(class_id, 7).await;
    let wrong = t
        .call(
            Method::POST,
            &format!("/classes/{class_id}/students"),
            Some(json!({"name": "李四", "gender": "female", "resident_id": resident_id(9),
                        "mobile": "12345", "education": "幼儿园"})),
        )
        .await;
    let bad_check = t
        .call(
            Method::POST,
            &format!("/classes/{class_id}/students"),
            Some(json!({"name": "王五", "gender": "male", "resident_id": "110101199003070001",
                        "mobile": "13912340001", "education": "bachelor"})),
        )
        .await;

    assert_eq!(added.status(), 201);
    let student: Value = added.json().await.unwrap();
    assert_eq!(student["resident_id"], format!("110101********{}", &resident_id(7)[14..]));
    assert_eq!(student["mobile"], "139****0007");
    // SPEC §9: a student already in the class is a conflict, not a malformed field.
    assert_eq!(problem(twice, 409).await["code"], "student_exists");
    let fields: Vec<String> = problem(wrong, 422).await["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| format!("{}:{}", e["field"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(fields, ["gender:gender_mismatch", "mobile:mobile_format", "education:one_of"]);
    assert_eq!(problem(bad_check, 422).await["errors"][0]["code"], "resident_id_check");

    let stored: (String, String) =
        sqlx::query_as("select resident_id_encrypted, mobile_encrypted from students")
            .fetch_one(&t.app.db.pool)
            .await
            .unwrap();
    assert!(!stored.0.contains("110101") && !stored.1.contains("1391234"), "encrypted at rest");
    let list: Value = t
        .call(Method::GET, &format!("/classes/{class_id}/students"), None)
        .await
        .json()
        .await
        .unwrap();
    assert!(!list.to_string().contains(&resident_id(7)), "lists never show it whole");

    let id = student["id"].as_str().unwrap();
    let full: Value = t
        .call(Method::GET, &format!("/classes/{class_id}/students/{id}"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(full["resident_id_full"], resident_id(7));
    assert_eq!(full["mobile_full"], "13912340007");
    let views: i64 = sqlx::query_scalar(
        "select count(*) from audit_log where action = 'student.view_personal_data' and object_id = $1",
    )
    .bind(id)
    .fetch_one(&t.app.db.pool)
    .await
    .unwrap();
    assert_eq!(views, 1, "every full view is audited");
}

#[tokio::test]
async fn activated_students_are_read_only_and_only_inactive_ones_are_deleted() {
    let t = Training::new().await;
    let class = t.class("一期").await;
    let class_id = class["id"].as_str().unwrap();
    let mut ids = Vec::new();
    for seq in 1..=3 {
        let student: Value = t.add_student(class_id, seq).await.json().await.unwrap();
        ids.push(student["id"].as_str().unwrap().to_owned());
    }

    let activated = t
        .call(
            Method::POST,
            &format!("/classes/{class_id}/students/activate"),
            Some(json!({"student_ids": [ids[0], ids[1]]})),
        )
        .await;
    let edit_active = t
        .call(
            Method::PUT,
            &format!("/classes/{class_id}/students/{}", ids[0]),
            Some(json!({"name": "改名", "gender": "male", "resident_id": resident_id(1),
                        "mobile": "13912340001", "education": "本科"})),
        )
        .await;
    let delete_mixed = t
        .call(
            Method::POST,
            &format!("/classes/{class_id}/students/delete"),
            Some(json!({"student_ids": [ids[1], ids[2]]})),
        )
        .await;
    let after_refusal: Value = t
        .call(Method::GET, &format!("/classes/{class_id}/students"), None)
        .await
        .json()
        .await
        .unwrap();
    let delete_inactive = t
        .call(
            Method::POST,
            &format!("/classes/{class_id}/students/delete"),
            Some(json!({"student_ids": [ids[2]]})),
        )
        .await;
    let active_only: Value = t
        .call(Method::GET, &format!("/classes/{class_id}/students?status=active"), None)
        .await
        .json()
        .await
        .unwrap();

    assert_eq!(activated.json::<Value>().await.unwrap()["affected"], 2);
    assert_eq!(problem(edit_active, 409).await["code"], "student_read_only");
    assert_eq!(problem(delete_mixed, 409).await["code"], "student_read_only");
    assert_eq!(after_refusal["total"], 3, "a refused batch deletes nothing");
    assert_eq!(delete_inactive.json::<Value>().await.unwrap()["affected"], 1);
    assert_eq!(active_only["total"], 2);
}

/// Issue 24, P8: a class's counts are kept by the writes (not counted on each read): they stay
/// equal to its students after adds, an import, overlapping activations and deletions sent at
/// once, and refused deletions; another class's counts do not move.
#[tokio::test]
async fn a_class_keeps_its_student_counts_through_every_write_even_at_once() {
    let t = Training::new().await;
    let class = t.class("一期").await;
    let other = t.class("二期").await;
    let (class_id, other_id) = (class["id"].as_str().unwrap(), other["id"].as_str().unwrap());
    let mut ids = Vec::new();
    for seq in 1..=3 {
        let student: Value = t.add_student(class_id, seq).await.json().await.unwrap();
        ids.push(student["id"].as_str().unwrap().to_owned());
    }
    assert_eq!(t.add_student(other_id, 9).await.status(), 201);
    let imported: Value =
        t.import(class_id, ketang_tests::students_workbook(5)).await.json().await.unwrap();
    assert_eq!(imported["imported"], 5, "{imported}");
    let listed: Value = t
        .call(Method::GET, &format!("/classes/{class_id}/students?page_size=100"), None)
        .await
        .json()
        .await
        .unwrap();
    let all: Vec<String> = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(all.len(), 8);

    // Overlapping activations at once: students 0–3 end up active, each counted once.
    let t = &t;
    let post = |action: &'static str, ids: Vec<String>| {
        let path = format!("/classes/{class_id}/students/{action}");
        async move { t.call(Method::POST, &path, Some(json!({"student_ids": ids}))).await }
    };
    let pair = |a: usize, b: usize| vec![all[a].clone(), all[b].clone()];
    let activations = futures_util::future::join_all([
        post("activate", pair(0, 1)),
        post("activate", pair(1, 2)),
        post("activate", pair(0, 2)),
        post("activate", pair(2, 3)),
    ])
    .await;
    let mut activated = 0;
    for response in activations {
        assert_eq!(response.status(), 200);
        activated += response.json::<Value>().await.unwrap()["affected"].as_i64().unwrap();
    }
    assert_eq!(activated, 4, "each student activated once, whichever request did it");
    // The same deletion twice at once: one deletes, the other finds nothing; an active
    // student is refused.
    let delete = |id: &String| post("delete", vec![id.clone()]);
    let (first, second) = futures_util::join!(delete(&all[7]), delete(&all[7]));
    let mut statuses = [first.status().as_u16(), second.status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 404], "one deletion, one not found");
    assert_eq!(problem(delete(&all[0]).await, 409).await["code"], "student_read_only");

    let counted = |status: &'static str| {
        let path = format!("/classes/{class_id}/students?page_size=1{status}");
        async move {
            t.call(Method::GET, &path, None).await.json::<Value>().await.unwrap()["total"].clone()
        }
    };
    let (students, active) = (counted("").await, counted("&status=active").await);
    assert_eq!((students.clone(), active.clone()), (json!(7), json!(4)));
    // The kept counts answer the totals of the status filters; a name search and an unknown
    // status count their matches, and agree.
    assert_eq!(counted("&status=inactive").await, json!(3));
    assert_eq!(counted("&status=retired").await, json!(0));
    let named = listed["items"][4]["name"].as_str().unwrap().to_owned();
    let matching = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["id"] != all[7].as_str() && s["name"].as_str().unwrap().contains(&named))
        .count();
    let searched: Value = t
        .call(Method::GET, &format!("/classes/{class_id}/students?page_size=1&q={named}"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(searched["total"], json!(matching), "{named}");
    let one: Value =
        t.call(Method::GET, &format!("/classes/{class_id}"), None).await.json().await.unwrap();
    assert_eq!(
        (one["student_count"].clone(), one["active_student_count"].clone()),
        (students, active)
    );
    let list: Value = t.call(Method::GET, "/classes", None).await.json().await.unwrap();
    let counts: Vec<(Value, Value)> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["student_count"].clone(), c["active_student_count"].clone()))
        .collect();
    assert_eq!(counts, [(json!(1), json!(0)), (json!(7), json!(4))], "newest class first");
}

/// Issue 24, P8: the org's count of classes is kept by creation and deletion (not counted on
/// each list): the same deletion sent twice at once deletes once (the other is 404), two
/// deletions at once both count, and the total matches the pages.
#[tokio::test]
async fn the_class_list_total_follows_creations_and_deletions_even_at_once() {
    let t = Training::new().await;
    let mut ids = Vec::new();
    for n in 1..=4 {
        ids.push(t.class(&format!("{n}期")).await["id"].as_str().unwrap().to_owned());
    }
    let t = &t;
    let listed = |query: &'static str| async move {
        t.call(Method::GET, &format!("/classes{query}"), None).await.json::<Value>().await.unwrap()
    };
    assert_eq!(listed("?page_size=2").await["total"], 4);

    let delete = |id: &String| {
        let path = format!("/classes/{id}");
        async move { t.call(Method::DELETE, &path, None).await }
    };
    let (first, second) = futures_util::join!(delete(&ids[1]), delete(&ids[1]));
    let mut statuses = [first.status().as_u16(), second.status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [204, 404], "one deletion, one not found");
    assert_eq!(delete(&ids[1]).await.status(), 404, "deleted is gone");
    let (a, b) = futures_util::join!(delete(&ids[0]), delete(&ids[3]));
    assert_eq!((a.status().as_u16(), b.status().as_u16()), (204, 204));

    let page = listed("?page_size=100").await;
    assert_eq!(page["total"], 1, "{page}");
    let left: Vec<&str> =
        page["items"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(left, [ids[2].as_str()]);
    // Newest first, ties broken by id, across pages: created in one millisecond or not, every
    // class appears once.
    for n in 5..=9 {
        t.class(&format!("{n}期")).await;
    }
    let mut seen = Vec::new();
    for page in 1..=3 {
        let body = t
            .call(Method::GET, &format!("/classes?page_size=2&page={page}"), None)
            .await
            .json::<Value>()
            .await
            .unwrap();
        assert_eq!(body["total"], 6, "{body}");
        for class in body["items"].as_array().unwrap() {
            seen.push(class["id"].as_str().unwrap().to_owned());
        }
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!((seen.len(), unique.len()), (6, 6), "{seen:?}");
}

#[tokio::test]
async fn an_import_adds_every_valid_row_and_reports_every_bad_one() {
    let t = Training::new().await;
    let class = t.class("一期").await;
    let class_id = class["id"].as_str().unwrap();
    assert_eq!(t.add_student(class_id, 1).await.status(), 201);
    let rows = vec![
        good_row(3),
        vec![
            text("数字身份证"),
            text("男"),
            Cell::Number(NUMERIC_SAFE_ID.parse().unwrap()),
            Cell::Number(13912349999.0),
            text("本科"),
        ],
        vec![
            Cell::Formula("=\"公式\"&\"学员\"", "公式学员"),
            text("女"),
            text(resident_id(4)),
            text("13912340004"),
            text("硕士"),
        ],
        vec![Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty],
        good_row(1),
        good_row(3),
        vec![text("坏行"), text("女"), text("110101199003070001"), text("123"), text("幼儿园")],
        vec![text(""), text("未知"), text(resident_id(6)), text("13912340006"), text("本科")],
    ];

    let response = t.import(class_id, workbook(&rows)).await;
    let outcome: Value = response.json().await.unwrap();

    assert_eq!(outcome["total_rows"], 7, "the empty row is skipped");
    assert_eq!(outcome["imported"], 2);
    assert_eq!(outcome["failed"], 5);
    let failed_rows: Vec<i64> =
        outcome["errors"].as_array().unwrap().iter().map(|e| e["row"].as_i64().unwrap()).collect();
    assert_eq!(failed_rows, [3, 6, 7, 8, 9]);
    let messages = outcome["errors"].to_string();
    // Issue 21 item 21: what to do, in words: fill in the name, pick one of these values.
    assert!(messages.contains("请填写姓名"), "{messages}");
    assert!(messages.contains("性别：取值应为以下之一：男、女"), "{messages}");
    assert!(messages.contains("初中及以下、高中/中专、大专、本科、硕士、博士"), "{messages}");
    assert!(messages.contains("该学员已在本班级"), "{messages}");
    assert!(messages.contains("表格中重复"), "{messages}");
    assert!(messages.contains("身份证号"), "{messages}");
    let students: Value = t
        .call(Method::GET, &format!("/classes/{class_id}/students?page_size=100"), None)
        .await
        .json()
        .await
        .unwrap();
    let names: Vec<&str> =
        students["items"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"公式学员"), "formula cells give their value: {names:?}");
    assert!(!names.contains(&"数字身份证"), "an ID saved as a number is never rebuilt");
    assert!(messages.contains("文本格式"), "the reason says what to do: {messages}");

    let report = t
        .app
        .get(outcome["error_report_url"].as_str().unwrap())
        .bearer_auth(&t.owner)
        .send()
        .await
        .unwrap();
    assert_eq!(report.status(), 200);
    let bytes = report.bytes().await.unwrap();
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let sheet = calamine::Reader::worksheet_range(&mut book, "错误行").unwrap();
    let cells: Vec<Vec<String>> =
        sheet.rows().map(|r| r.iter().map(ToString::to_string).collect()).collect();
    assert_eq!(cells[0][0], "行号");
    assert_eq!(cells[0][6], "错误原因");
    assert_eq!(cells.len(), 6, "a header and the five bad rows");
    let row_numbers: Vec<&str> = cells[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(row_numbers, ["3", "6", "7", "8", "9"]);
    // The report outlives the import: no full ID number or phone in it, valid or not.
    assert_eq!(cells[4][3], "110*************01", "masked, as text");
    assert_eq!(cells[4][4], "123".replace(|_| true, "*"));
    let text = cells.concat().join("|");
    for full in [
        resident_id(1),
        resident_id(3),
        resident_id(6),
        "110101199003070001".to_owned(),
        "13912340001".to_owned(),
        "13912340006".to_owned(),
    ] {
        assert!(!text.contains(&full), "{full} in the report: {text}");
    }

    // Seven days later it is gone, for the download and from the database.
    sqlx::query("update student_imports set created_at = created_at - 604800001")
        .execute(&t.app.db.pool)
        .await
        .unwrap();
    let expired = t
        .app
        .get(outcome["error_report_url"].as_str().unwrap())
        .bearer_auth(&t.owner)
        .send()
        .await
        .unwrap();
    assert_eq!(expired.status(), 404);
    ketang::training::students::expire_error_reports(&t.app.state).await.unwrap();
    let kept: i64 =
        sqlx::query_scalar("select count(*) from student_imports where error_report is not null")
            .fetch_one(&t.app.db.pool)
            .await
            .unwrap();
    assert_eq!(kept, 0);
}

#[tokio::test]
async fn ten_thousand_rows_import_in_one_go() {
    let t = Training::new().await;
    let class = t.class("大班").await;
    let class_id = class["id"].as_str().unwrap();
    let outcome: Value =
        t.import(class_id, ketang_tests::students_workbook(10_000)).await.json().await.unwrap();

    assert_eq!(outcome["imported"], 10_000, "{outcome}");
    assert_eq!(outcome["failed"], 0);
    let class: Value =
        t.call(Method::GET, &format!("/classes/{class_id}"), None).await.json().await.unwrap();
    assert_eq!(class["student_count"], 10_000);
}

#[tokio::test]
async fn another_orgs_class_and_a_staff_members_writes_are_refused() {
    let t = Training::new().await;
    let class = t.class("一期").await;
    let class_id = class["id"].as_str().unwrap();
    let stranger = t.app.signed_in_user(STAFF).await["access_token"].as_str().unwrap().to_owned();

    let foreign = t
        .app
        .get(&format!("/api/v1/orgs/{}/classes/{class_id}", t.org_id))
        .bearer_auth(&stranger)
        .send()
        .await
        .unwrap();
    let template = t.app.get("/api/v1/classes/student-template.xlsx").send().await.unwrap();

    assert_eq!(problem(foreign, 404).await["code"], "not_found");
    assert_eq!(template.status(), 200);
    let bytes = template.bytes().await.unwrap();
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let sheet = calamine::Reader::worksheet_range(&mut book, "学员").unwrap();
    let header: Vec<String> =
        sheet.rows().next().unwrap().iter().map(ToString::to_string).collect();
    assert_eq!(header, ["姓名", "性别", "身份证号", "手机号", "文化程度"]);
}

#[tokio::test]
async fn linked_courses_show_students_on_demand_time_without_counting_it() {
    // The demo's listed courses (with a video), and the demo enterprise's owner.
    let app = spawn_app().await;
    ketang::demo::seed(&app.state).await.unwrap();
    let owner =
        app.signed_in_user("13800000000").await["access_token"].as_str().unwrap().to_owned();
    let orgs: Value =
        app.get_with_token("/api/v1/orgs", &owner).send().await.unwrap().json().await.unwrap();
    let org_id = orgs[0]["id"].as_str().unwrap().to_owned();
    let t = Training { app, owner, org_id };
    let class = t.class("点播班").await;
    let class_id = class["id"].as_str().unwrap();
    assert_eq!(t.add_student(class_id, 1).await.status(), 201);
    let students: Value = t
        .call(Method::GET, &format!("/classes/{class_id}/students"), None)
        .await
        .json()
        .await
        .unwrap();
    let student_id = students["items"][0]["id"].as_str().unwrap().to_owned();
    let activated = t
        .call(
            Method::POST,
            &format!("/classes/{class_id}/students/activate"),
            Some(json!({"student_ids": [student_id]})),
        )
        .await;
    assert_eq!(activated.status(), 200);
    let catalog: Value =
        t.app.get("/api/v1/courses?page_size=50").send().await.unwrap().json().await.unwrap();
    let with_video = catalog["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["delivery"] == "video")
        .expect("a demo course with a video");
    let course_id = with_video["id"].as_str().unwrap().to_owned();
    let courses = format!("/classes/{class_id}/courses");

    // Refused: a course that is not public, a course twice; nothing changes.
    let bad = t
        .call(
            Method::PUT,
            &courses,
            Some(json!({"course_ids": [course_id, "no-such-course", course_id]})),
        )
        .await;
    let body = problem(bad, 422).await;
    let fields: Vec<(&str, &str)> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(fields, [("course_ids[1]", "course_not_public"), ("course_ids[2]", "duplicate")]);
    let none: Value = t.call(Method::GET, &courses, None).await.json().await.unwrap();
    assert_eq!(none, json!([]));

    let linked = t.call(Method::PUT, &courses, Some(json!({"course_ids": [course_id]}))).await;
    assert_eq!(linked.status(), 200);
    let linked: Value = linked.json().await.unwrap();
    assert_eq!(linked[0]["course_id"], course_id.as_str());
    assert_eq!(linked[0]["title"], with_video["title"]);
    assert_eq!(linked[0]["public"], true);

    // The student's platform account (same phone) watches the linked course for a minute.
    let student = t.app.signed_in_user("13912340001").await;
    let token = student["access_token"].as_str().unwrap();
    let session: Value = t
        .app
        .post_json(&format!("/api/v1/courses/{course_id}/watch-sessions"), &json!({}))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let session_id = session["id"].as_str().unwrap();
    sqlx::query("update watch_sessions set last_beat_at = last_beat_at - 30000 where id = $1")
        .bind(session_id)
        .execute(&t.app.db.pool)
        .await
        .unwrap();
    let beat = t
        .app
        .post_json(&format!("/api/v1/watch-sessions/{session_id}/heartbeat"), &json!({}))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(beat.status(), 200);
    let credited: i64 = sqlx::query_scalar("select credited_ms from watch_sessions where id = $1")
        .bind(session_id)
        .fetch_one(&t.app.db.pool)
        .await
        .unwrap();
    assert!(credited > 0);

    let records: Value = t
        .call(Method::GET, &format!("/classes/{class_id}/records"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(records["students"][0]["on_demand_ms"], credited, "shown: {records}");
    assert_eq!(records["students"][0]["live_ms"], 0, "never counted as live time");
    assert!(records["students"][0].get("mobile_hash").is_none(), "no hash leaves the server");

    // Another org's owner cannot see or change the links.
    let other = t.app.signed_in_user("13700137001").await;
    let theirs = t
        .app
        .get_with_token(
            &format!("/api/v1/orgs/{}{courses}", t.org_id),
            other["access_token"].as_str().unwrap(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(theirs.status(), 404);
}

/// The import of a committed fixture (made with openpyxl by `api/fixtures/make_rosters.py`).
async fn import_fixture(t: &Training, class_id: &str, name: &str) -> Value {
    let response = t.import(class_id, ketang_tests::fixture(name)).await;
    assert_eq!(response.status(), 200, "{name}");
    response.json().await.unwrap()
}

async fn names_in(t: &Training, class_id: &str) -> Vec<String> {
    let students: Value = t
        .call(Method::GET, &format!("/classes/{class_id}/students?page_size=100"), None)
        .await
        .json()
        .await
        .unwrap();
    students["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn ids_saved_as_numbers_are_refused_with_what_to_do_never_rebuilt() {
    let t = Training::new().await;
    let class = t.class("数字格式").await;
    let class_id = class["id"].as_str().unwrap();

    let outcome = import_fixture(&t, class_id, "roster-numeric-cells.xlsx").await;

    assert_eq!(outcome["imported"], 1, "{outcome}");
    assert_eq!(
        names_in(&t, class_id).await,
        ["数字丙"],
        "a phone saved as an exact number is fine"
    );
    let errors = outcome["errors"].as_array().unwrap();
    let rows: Vec<i64> = errors.iter().map(|e| e["row"].as_i64().unwrap()).collect();
    assert_eq!(rows, [2, 3, 5]);
    for error in &errors[..2] {
        assert!(error.to_string().contains("身份证号列请设为文本格式后重新填写"), "{error}");
    }
    assert!(errors[2].to_string().contains("手机号列请设为文本格式后重新填写"), "{}", errors[2]);
    // Nothing anywhere holds the number Excel's rounding made up.
    let stored: i64 = sqlx::query_scalar("select count(*) from students")
        .fetch_one(&t.app.db.pool)
        .await
        .unwrap();
    assert_eq!(stored, 1);

    // In English too.
    let english = t
        .app
        .request(
            Method::POST,
            &format!("/api/v1/orgs/{}/classes/{class_id}/students/import", t.org_id),
        )
        .bearer_auth(&t.owner)
        .header("Accept-Language", "en")
        .header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .body(ketang_tests::fixture("roster-numeric-cells.xlsx"))
        .send()
        .await
        .unwrap();
    let english: Value = english.json().await.unwrap();
    assert!(english["errors"].to_string().contains("Format the ID column as text"), "{english}");
}

#[tokio::test]
async fn the_first_visible_sheet_is_read_and_named() {
    let t = Training::new().await;
    let class = t.class("隐藏表").await;
    let class_id = class["id"].as_str().unwrap();

    let outcome = import_fixture(&t, class_id, "roster-hidden-first-sheet.xlsx").await;

    assert_eq!(outcome["sheet"], "学员");
    assert_eq!(outcome["imported"], 1, "{outcome}");
    assert_eq!(names_in(&t, class_id).await, ["新学员"], "not the hidden old roster");
}

#[tokio::test]
async fn an_office_layout_with_a_title_row_other_spellings_and_full_width_text_imports() {
    let t = Training::new().await;
    let class = t.class("办公室格式").await;
    let class_id = class["id"].as_str().unwrap();

    let outcome = import_fixture(&t, class_id, "roster-office-layout.xlsx").await;

    assert_eq!(outcome["imported"], 3, "{outcome}");
    assert_eq!(outcome["failed"], 0, "{outcome}");
    assert_eq!(outcome["sheet"], "2026年第一期");
    let mut names = names_in(&t, class_id).await;
    names.sort();
    assert_eq!(names, ["全角乙", "小写甲", "空格丙"]);
    // Stored normalised: ASCII digits, an upper-case X (their keyed hashes find duplicates).
    let again = import_fixture(&t, class_id, "roster-office-layout.xlsx").await;
    assert_eq!(again["imported"], 0);
    assert_eq!(again["failed"], 3, "the same people, however typed, are already in the class");
}

#[tokio::test]
async fn the_template_unchanged_imports_nobody() {
    let t = Training::new().await;
    let class = t.class("模板").await;
    let class_id = class["id"].as_str().unwrap();
    let template = t.app.get("/api/v1/classes/student-template.xlsx").send().await.unwrap();
    assert_eq!(template.status(), 200);
    let template = template.bytes().await.unwrap().to_vec();

    let outcome: Value = t.import(class_id, template).await.json().await.unwrap();

    assert_eq!(outcome["imported"], 0, "{outcome}");
    assert_eq!(outcome["total_rows"], 0);
    assert!(names_in(&t, class_id).await.is_empty(), "the example (张三) is not a student");
}

#[tokio::test]
async fn spreadsheet_bombs_are_refused_before_they_are_parsed() {
    let t = Training::new().await;
    let class = t.class("炸弹").await;
    let class_id = class["id"].as_str().unwrap();
    // 100 MB of shared strings in 126 KB; 300,000 tiny strings.
    for (name, limit) in
        [("bomb-shared-strings.xlsx", "16 MB"), ("bomb-many-strings.xlsx", "200,000")]
    {
        let refused = t.import(class_id, ketang_tests::fixture(name)).await;
        let refused = problem(refused, 422).await;
        assert_eq!(refused["errors"][0]["code"], "xlsx_limit", "{name}: {refused}");
        assert!(refused["errors"][0]["message"].as_str().unwrap().contains(limit), "{refused}");
    }
    assert!(names_in(&t, class_id).await.is_empty());
}

#[tokio::test]
async fn long_cells_fail_their_rows_with_a_bounded_copy_and_the_report_still_downloads() {
    let t = Training::new().await;
    let class = t.class("长单元格").await;
    let class_id = class["id"].as_str().unwrap();

    // 3,000 rows × 5 cells pointing at one 32,000-character string.
    let shared = import_fixture(&t, class_id, "bomb-one-long-string.xlsx").await;
    assert_eq!(shared["imported"], 0);
    assert_eq!(shared["failed"], 3_000);
    assert!(shared["errors"][0].to_string().contains("过长"), "{}", shared["errors"][0]);

    // A cell over Excel's own 32,767-character limit beside a good row.
    let overlong = import_fixture(&t, class_id, "roster-overlong-cell.xlsx").await;
    assert_eq!(overlong["imported"], 1, "{overlong}");
    assert_eq!(overlong["failed"], 1);
    let report = t
        .app
        .get(overlong["error_report_url"].as_str().unwrap())
        .bearer_auth(&t.owner)
        .send()
        .await
        .unwrap();
    assert_eq!(report.status(), 200, "the error report is written, not a 500");
    let bytes = report.bytes().await.unwrap();
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let sheet = calamine::Reader::worksheet_range(&mut book, "错误行").unwrap();
    let name = sheet.get((1, 1)).unwrap().to_string();
    assert_eq!(name.chars().count(), 100, "a bounded copy of the cell");
}

#[tokio::test]
async fn trainees_are_of_working_age_and_names_are_one_line() {
    let t = Training::new().await;
    let class = t.class("年龄").await;
    let class_id = class["id"].as_str().unwrap();
    let today = time::OffsetDateTime::now_utc().date();
    let id_born = |year: i32, seq: u32| {
        const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        let body = format!("110101{year}{:02}{:02}{seq:03}", u8::from(today.month()), today.day());
        let sum: u32 = body.bytes().zip(WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
        format!("{body}{}", char::from(b"10X98765432"[(sum % 11) as usize]))
    };
    let add = |name: &'static str, id: String, seq: u32| {
        let t = &t;
        let path = format!("/classes/{class_id}/students");
        let body = json!({"name": name, "gender": gender_of(seq), "resident_id": id,
                          "mobile": format!("1391234{seq:04}"), "education": "本科"});
        async move { t.call(Method::POST, &path, Some(body)).await }
    };
    // Born today, five years ago, in 1900, 71 years ago today: refused, naming the range.
    for (year, seq) in [(today.year(), 1), (today.year() - 5, 2), (1900, 3), (today.year() - 71, 4)]
    {
        let refused = problem(add("年龄不符", id_born(year, seq), seq).await, 422).await;
        assert_eq!(refused["errors"][0]["code"], "student_age", "{year}: {refused}");
        assert!(
            refused["errors"][0]["message"].as_str().unwrap().contains("16 到 70"),
            "{refused}"
        );
    }
    // 16 today and 70 today are in.
    for (year, seq) in [(today.year() - 16, 5), (today.year() - 70, 6)] {
        assert_eq!(add("年龄正好", id_born(year, seq), seq).await.status(), 201, "{year}");
    }
    // One line, trimmed.
    let refused = problem(add("张\r\n三", resident_id(7), 7).await, 422).await;
    assert_eq!(refused["errors"][0]["code"], "single_line");
    let added: Value = add("  李四\u{3000}", resident_id(8), 8).await.json().await.unwrap();
    assert_eq!(added["name"], "李四");
}

#[tokio::test]
async fn a_generated_client_sending_the_workbook_as_octet_stream_imports_it() {
    let t = Training::new().await;
    let class = t.class("生成客户端").await;
    let class_id = class["id"].as_str().unwrap();

    // What openapi-python-client and other generators send for a `File` body.
    let response = t
        .app
        .request(
            Method::POST,
            &format!("/api/v1/orgs/{}/classes/{class_id}/students/import", t.org_id),
        )
        .bearer_auth(&t.owner)
        .header("Content-Type", "application/octet-stream")
        .body(ketang_tests::students_workbook(3))
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    let outcome: Value = response.json().await.unwrap();
    assert_eq!(outcome["imported"], 3, "{outcome}");
}
