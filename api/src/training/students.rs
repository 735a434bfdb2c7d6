//! Students of a class (SPEC §5.2): one by one or by xlsx import, batch activation (then
//! read-only) and deletion (inactive only), export. Resident IDs and phones are sealed
//! (`pii`): lists show them masked; the full values only on a single-record view of an owner
//! or admin, which is audited.

use foldhash::HashSet;

use actix_web::{HttpRequest, HttpResponse, delete, get, http::header, post, put, web, web::Json};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::{
    TAG,
    store::{
        classes::{class_in_org, find_class},
        students::{self as store, INSERT_BATCH},
    },
};
use crate::{
    access::{Manager, Member, OrgAccess},
    audit::{self, AuditEntry, Origin},
    db::{new_id, now_ms, rfc3339},
    domain::{Gender, Mobile, ResidentId},
    error::{ApiError, ApiResult, FieldError},
    extract::{ValidJson, ValidQuery},
    i18n::{self, Lang},
    openapi::{BodyErrors, SignedInErrors},
    pagination::{Page, PageQuery},
    pii::{PiiCipher, Sealed},
    state::AppState,
};

/// The template's columns, in order (SPEC §5.2).
const COLUMNS: [&str; 5] = ["姓名", "性别", "身份证号", "手机号", "文化程度"];
const MAX_IMPORT_BYTES: usize = 10 * 1024 * 1024;
const SHOWN_ROW_ERRORS: usize = 100;

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct StudentForm {
    #[validate(length(min = 1, max = 30))]
    #[schema(min_length = 1, max_length = 30)]
    pub name: String,
    pub gender: Gender,
    #[validate(length(max = 32))]
    pub resident_id: String,
    #[validate(length(max = 20))]
    pub mobile: String,
    /// A value of `education_levels` (`GET /meta/enums`), or its Chinese label.
    #[validate(length(max = 30))]
    pub education: String,
}

/// A student checked and sealed, ready to store.
pub(super) struct ValidStudent {
    pub(super) name: String,
    pub(super) gender: Gender,
    pub(super) resident_id: Sealed,
    pub(super) mobile: Sealed,
    pub(super) education: &'static str,
}

/// Every rule of SPEC §5.2 for one student; all failures at once.
/// The ages a trainee may have, inclusive (`training.student_min_age` / `…_max_age`).
#[derive(Debug, Clone, Copy)]
pub struct AgeRange {
    pub min: u8,
    pub max: u8,
}

impl AgeRange {
    pub fn of(settings: &crate::config::TrainingSettings) -> Self {
        Self { min: settings.student_min_age, max: settings.student_max_age }
    }

    /// Whether someone born on `birth` is within the range today.
    fn admits(self, birth: time::Date) -> bool {
        let today = time::OffsetDateTime::now_utc().date();
        let had_birthday = (today.month() as u8, today.day()) >= (birth.month() as u8, birth.day());
        let age = today.year() - birth.year() - i32::from(!had_birthday);
        (i32::from(self.min)..=i32::from(self.max)).contains(&age)
    }
}

fn check_student(
    pii: &PiiCipher,
    ages: AgeRange,
    name: &str,
    gender: Option<Gender>,
    resident_id: &str,
    mobile: &str,
    education: &str,
) -> Result<ValidStudent, Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = name.trim();
    if name.is_empty() {
        errors.push(FieldError::new("name", "required"));
    } else if name.chars().count() > 30 {
        errors.push(FieldError::new("name", "length").with_param("min", 1).with_param("max", 30));
    }
    let id = ResidentId::parse(resident_id).map_err(|e| errors.push(e.at("resident_id"))).ok();
    if let Some(birth) = id.as_ref().and_then(ResidentId::birth_date)
        && !ages.admits(birth)
    {
        errors.push(
            FieldError::new("resident_id", "student_age")
                .with_param("min", ages.min)
                .with_param("max", ages.max),
        );
    }
    match (gender, &id) {
        (None, _) => {
            errors.push(FieldError::new("gender", "one_of").with_param("allowed", "男、女"))
        }
        (Some(gender), Some(id)) if id.gender() != gender => {
            errors.push(FieldError::new("gender", "gender_mismatch"));
        }
        _ => {}
    }
    let mobile = Mobile::parse(mobile).map_err(|e| errors.push(e.at("mobile"))).ok();
    let education = crate::meta::education_level(education.trim());
    if education.is_none() {
        errors.push(
            FieldError::new("education", "one_of")
                .with_param("allowed", crate::meta::education_choices()),
        );
    }
    match (errors.is_empty(), gender, id, mobile, education) {
        (true, Some(gender), Some(id), Some(mobile), Some(education)) => Ok(ValidStudent {
            name: name.to_owned(),
            gender,
            resident_id: pii.seal("resident_id", id.as_ref(), id.masked()),
            mobile: pii.seal("mobile", mobile.as_ref(), mobile.masked()),
            education,
        }),
        _ => Err(errors),
    }
}

/// A student in lists: personal data masked.
#[derive(Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct Student {
    pub id: String,
    pub name: String,
    pub gender: String,
    /// Masked: `110101********1234`.
    #[sqlx(rename = "resident_id_masked")]
    pub resident_id: String,
    /// Masked: `138****8000`.
    #[sqlx(rename = "mobile_masked")]
    pub mobile: String,
    pub education: String,
    /// `inactive` or `active` (then read-only).
    pub status: String,
    #[sqlx(skip)]
    pub created_at: String,
    #[serde(skip)]
    #[sqlx(rename = "created_at")]
    pub created_ms: i64,
}

fn with_time(mut student: Student) -> Student {
    student.created_at = rfc3339(student.created_ms);
    student
}

#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct StudentFilter {
    /// `inactive` or `active`.
    #[validate(length(max = 20))]
    pub status: Option<String>,
    /// Part of the name.
    #[validate(length(max = 30))]
    pub q: Option<String>,
}

/// The class's students, masked (any member).
#[utoipa::path(
    operation_id = "list_students",
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("class_id" = String, Path, description = "Class id"), StudentFilter, PageQuery),
    responses((status = 200, body = Page<Student>), SignedInErrors),
)]
#[get("/orgs/{org_id}/classes/{class_id}/students")]
pub async fn list(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Member>,
    path: web::Path<(String, String)>,
    ValidQuery(filter): ValidQuery<StudentFilter>,
    ValidQuery(page): ValidQuery<PageQuery>,
) -> ApiResult<HttpResponse> {
    let answer = async {
        let class = class_in_org(&state.db, &access.org_id, &path.1).await?;
        let (total, rows) =
            store::students_page(&state.db, &class, &filter, page.limit(), page.offset()).await?;
        Ok::<_, ApiError>(Page::new(rows.into_iter().map(with_time).collect(), total, page))
    };
    let who = access.caller_key();
    state.signed_in_answers.answer(&state.db.commits, &req, &who, answer).await
}

fn audit_entry<'a>(
    access: &'a OrgAccess<Manager>,
    origin: &'a Origin,
    action: &'a str,
    object_id: &'a str,
    details: serde_json::Value,
) -> AuditEntry<'a> {
    AuditEntry {
        actor: access.actor(),
        org_id: Some(&access.org_id),
        action,
        object_type: "student",
        object_id: Some(object_id),
        origin,
        details,
    }
}

/// Add one student (owner or admin). The same resident ID twice in a class is refused.
#[utoipa::path(
    operation_id = "create_student",
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("class_id" = String, Path, description = "Class id")),
    request_body = StudentForm,
    responses((status = 201, body = Student), BodyErrors),
)]
#[post("/orgs/{org_id}/classes/{class_id}/students")]
pub async fn create(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Manager>,
    path: web::Path<(String, String)>,
    ValidJson(form): ValidJson<StudentForm>,
) -> ApiResult<HttpResponse> {
    let class = find_class(&state.db, &access.org_id, &path.1).await?;
    let student = check_student(
        &state.pii,
        AgeRange::of(&state.settings.training),
        &form.name,
        Some(form.gender),
        &form.resident_id,
        &form.mobile,
        &form.education,
    )
    .map_err(ApiError::Validation)?;
    let mut tx = state.db.begin().await?;
    let ids = store::insert_students(
        &mut tx,
        state.db.dialect,
        &class.id,
        std::slice::from_ref(&student),
    )
    .await?;
    store::count_students(&mut tx, &class.id, 1, 0).await?;
    audit::record(
        &mut *tx,
        audit_entry(&access, &Origin::of(&req), "student.create", &ids[0], json!({})),
    )
    .await?;
    tx.commit().await?;
    Ok(HttpResponse::Created().json(find_student(&state, &class.id, &ids[0]).await?))
}

async fn find_student(state: &AppState, class_id: &str, student_id: &str) -> ApiResult<Student> {
    let row = store::student(&state.db, class_id, student_id).await?;
    row.map(with_time).ok_or(ApiError::NotFound)
}

/// A student with the full resident ID and phone: owner or admin only, and audited.
#[derive(Debug, Serialize, ToSchema)]
pub struct StudentDetail {
    #[serde(flatten)]
    pub student: Student,
    pub resident_id_full: String,
    pub mobile_full: String,
}

/// One student with the personal data in full (owner or admin, or an integrator credential
/// holding `students:personal_data`; every view is audited with its real reader).
#[utoipa::path(
    operation_id = "get_student",
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("class_id" = String, Path, description = "Class id"),
        ("student_id" = String, Path, description = "Student id")),
    responses((status = 200, body = StudentDetail), SignedInErrors),
)]
#[get("/orgs/{org_id}/classes/{class_id}/students/{student_id}")]
pub async fn get(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Manager>,
    path: web::Path<(String, String, String)>,
) -> ApiResult<HttpResponse> {
    access.require_integrator_scope("students:personal_data")?;
    let (_, class_id, student_id) = path.into_inner();
    let class = find_class(&state.db, &access.org_id, &class_id).await?;
    let student = find_student(&state, &class.id, &student_id).await?;
    let (resident_id, mobile) = store::sealed_personal_data(&state.db, &student.id).await?;
    let detail = StudentDetail {
        resident_id_full: state.pii.decrypt(&resident_id)?,
        mobile_full: state.pii.decrypt(&mobile)?,
        student,
    };
    audit::record(
        &state.db.pool,
        audit_entry(
            &access,
            &Origin::of(&req),
            "student.view_personal_data",
            &detail.student.id,
            json!({}),
        ),
    )
    .await?;
    Ok(HttpResponse::Ok().insert_header((header::CACHE_CONTROL, "no-store")).json(detail))
}

/// Edit an inactive student (owner or admin); activated students are read-only (409).
#[utoipa::path(
    operation_id = "update_student",
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("class_id" = String, Path, description = "Class id"),
        ("student_id" = String, Path, description = "Student id")),
    request_body = StudentForm,
    responses((status = 200, body = Student), (status = 409, description = "`student_read_only`",
        body = crate::error::Problem, content_type = "application/problem+json"), BodyErrors),
)]
#[put("/orgs/{org_id}/classes/{class_id}/students/{student_id}")]
pub async fn update(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Manager>,
    path: web::Path<(String, String, String)>,
    ValidJson(form): ValidJson<StudentForm>,
) -> ApiResult<Json<Student>> {
    let (_, class_id, student_id) = path.into_inner();
    let class = find_class(&state.db, &access.org_id, &class_id).await?;
    let current = find_student(&state, &class.id, &student_id).await?;
    if current.status == "active" {
        return Err(ApiError::conflict("student_read_only"));
    }
    let student = check_student(
        &state.pii,
        AgeRange::of(&state.settings.training),
        &form.name,
        Some(form.gender),
        &form.resident_id,
        &form.mobile,
        &form.education,
    )
    .map_err(ApiError::Validation)?;
    let mut tx = state.db.begin().await?;
    store::update_student(&mut tx, &current.id, &student, now_ms()).await?;
    audit::record(
        &mut *tx,
        audit_entry(&access, &Origin::of(&req), "student.update", &current.id, json!({})),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(find_student(&state, &class.id, &current.id).await?))
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct StudentIds {
    #[validate(length(min = 1, max = 10000))]
    #[schema(min_items = 1, max_items = 10000)]
    pub student_ids: Vec<String>,
}

/// What a batch did.
#[derive(Debug, Serialize, ToSchema)]
pub struct BatchOutcome {
    pub affected: u64,
}

/// Activate students (owner or admin); activated students become read-only. Already active
/// ones are left as they are; an id not in the class refuses the whole batch (404).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("class_id" = String, Path, description = "Class id")),
    request_body = StudentIds,
    responses((status = 200, body = BatchOutcome), BodyErrors),
)]
#[post("/orgs/{org_id}/classes/{class_id}/students/activate")]
pub async fn activate(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Manager>,
    path: web::Path<(String, String)>,
    ValidJson(body): ValidJson<StudentIds>,
) -> ApiResult<Json<BatchOutcome>> {
    batch(&state, &req, &access, &path.1, &body.student_ids, Batch::Activate).await
}

/// Delete inactive students (owner or admin); an active one refuses the whole batch (409
/// `student_read_only`).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("class_id" = String, Path, description = "Class id")),
    request_body = StudentIds,
    responses((status = 200, body = BatchOutcome), (status = 409, description = "`student_read_only`",
        body = crate::error::Problem, content_type = "application/problem+json"), BodyErrors),
)]
#[post("/orgs/{org_id}/classes/{class_id}/students/delete")]
pub async fn delete_batch(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Manager>,
    path: web::Path<(String, String)>,
    ValidJson(body): ValidJson<StudentIds>,
) -> ApiResult<Json<BatchOutcome>> {
    batch(&state, &req, &access, &path.1, &body.student_ids, Batch::Delete).await
}

/// Delete one inactive student (owner or admin).
#[utoipa::path(
    operation_id = "remove_student",
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("class_id" = String, Path, description = "Class id"),
        ("student_id" = String, Path, description = "Student id")),
    responses((status = 204, description = "Deleted"), (status = 409, description = "`student_read_only`",
        body = crate::error::Problem, content_type = "application/problem+json"), SignedInErrors),
)]
#[delete("/orgs/{org_id}/classes/{class_id}/students/{student_id}")]
pub async fn remove(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Manager>,
    path: web::Path<(String, String, String)>,
) -> ApiResult<HttpResponse> {
    let (_, class_id, student_id) = path.into_inner();
    batch(&state, &req, &access, &class_id, std::slice::from_ref(&student_id), Batch::Delete)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Batch {
    Activate,
    Delete,
}

async fn batch(
    state: &AppState,
    req: &HttpRequest,
    access: &OrgAccess<Manager>,
    class_id: &str,
    ids: &[String],
    kind: Batch,
) -> ApiResult<Json<BatchOutcome>> {
    let class = find_class(&state.db, &access.org_id, class_id).await?;
    // In one order, so that two batches at once lock their students the same way round.
    let unique: std::collections::BTreeSet<&str> = ids.iter().map(String::as_str).collect();
    let mut tx = state.db.begin().await?;
    let mut affected = 0;
    for id in &unique {
        let status = store::student_status(&mut tx, &class.id, id).await?;
        match (kind, status.as_deref()) {
            (_, None) => return Err(ApiError::NotFound),
            (Batch::Delete, Some("active")) => return Err(ApiError::conflict("student_read_only")),
            (Batch::Activate, Some("active")) => {}
            (Batch::Activate, Some(_)) => {
                if store::activate_student(&mut tx, id, now_ms()).await? {
                    affected += 1;
                }
            }
            (Batch::Delete, Some(_)) => {
                if !store::delete_student(&mut tx, id).await? {
                    // Another request deleted it (gone) or activated it (read-only) since its
                    // status was read (PostgreSQL; SQLite's write transactions run one by one).
                    return Err(match store::student_status(&mut tx, &class.id, id).await? {
                        None => ApiError::NotFound,
                        Some(_) => ApiError::conflict("student_read_only"),
                    });
                }
                affected += 1;
            }
        }
    }
    let count = i64::try_from(affected).unwrap_or(i64::MAX);
    let (added, activated) = match kind {
        Batch::Activate => (0, count),
        Batch::Delete => (-count, 0),
    };
    store::count_students(&mut tx, &class.id, added, activated).await?;
    let action = match kind {
        Batch::Activate => "student.activate",
        Batch::Delete => "student.delete",
    };
    audit::record(
        &mut *tx,
        AuditEntry {
            object_type: "class",
            ..audit_entry(access, &Origin::of(req), action, &class.id, json!({ "count": affected }))
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Json(BatchOutcome { affected }))
}

// ---- xlsx: template, import, error report, export -----------------------------------------

/// The import template: the five columns, formatted as text, with one example row.
#[utoipa::path(
    tag = TAG,
    responses((status = 200, description = "An xlsx workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = crate::openapi::FileBytes)),
)]
#[get("/classes/student-template.xlsx")]
pub async fn template() -> ApiResult<HttpResponse> {
    // The data sheet holds only the header (text-formatted columns, so typed IDs stay text);
    // the example lives on a sheet of its own, which the import never reads: an unchanged
    // template imports nobody.
    let example = vec![
        "张三".to_owned(),
        "男".to_owned(),
        "110101199003074514".to_owned(),
        "13800138000".to_owned(),
        "本科".to_owned(),
    ];
    Ok(crate::xlsx::xlsx_download(
        crate::xlsx::text_workbook(&[
            ("学员", &COLUMNS, &[]),
            ("填写示例（不会导入）", &COLUMNS, &[example]),
        ])?,
        "学员导入模板.xlsx",
    ))
}

/// One row the import could not take, with every reason.
#[derive(Debug, Serialize, ToSchema)]
pub struct RowError {
    /// The row number as Excel shows it (the header is row 1).
    pub row: u32,
    pub messages: Vec<String>,
}

/// What an import did. Valid rows are all added (in one transaction) or, on a server error,
/// none; invalid rows are listed and downloadable as an xlsx with an error column.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportOutcome {
    pub import_id: String,
    /// The worksheet that was read: the workbook's first visible one.
    pub sheet: String,
    pub total_rows: u32,
    pub imported: u32,
    pub failed: u32,
    /// The first 100 failed rows; all of them are in the error report.
    pub errors: Vec<RowError>,
    /// Where to download the failed rows with their reasons, when any failed.
    pub error_report_url: Option<String>,
}

/// How a cell was stored. Excel saves digits typed into a General cell as a number, keeping
/// 15 significant digits: an 18-digit ID comes back as another number (`1.10108197505158E+17`),
/// which no check can tell from a real one. Such cells are refused, never rebuilt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stored {
    Text,
    /// Text longer than any field takes: only its first `MAX_CELL_CHARS` are kept.
    TooLong,
    /// A number that is an integer Excel keeps exactly (< 10^15): an 11-digit phone.
    ExactInteger,
    /// Any other number: digits may have been lost.
    Number,
}

/// The most of a cell's text an import keeps (the longest field takes 50 characters): a
/// 32,000-character string that 15,000 cells point at is not copied 15,000 times.
const MAX_CELL_CHARS: usize = 100;
/// The most columns a roster row is read across (the header must lie within them).
const MAX_COLUMNS: u32 = 64;
/// The most data rows one import reads; more is refused whole (422).
const MAX_IMPORT_ROWS: u32 = 20_000;
/// Imports parsing at once, process-wide; another waits up to `IMPORT_SLOT_WAIT`, then 429.
const IMPORTS_AT_ONCE: usize = 2;
const IMPORT_SLOT_WAIT: std::time::Duration = std::time::Duration::from_secs(5);
static IMPORT_SLOTS: std::sync::LazyLock<tokio::sync::Semaphore> =
    std::sync::LazyLock::new(|| tokio::sync::Semaphore::new(IMPORTS_AT_ONCE));

fn bounded_text(text: &str) -> (String, Stored) {
    let text = text.trim();
    match text.char_indices().nth(MAX_CELL_CHARS) {
        Some((cut, _)) => (text[..cut].to_owned(), Stored::TooLong),
        None => (text.to_owned(), Stored::Text),
    }
}

fn cell_text(cell: &calamine::DataRef<'_>) -> (String, Stored) {
    use calamine::DataRef as Data;
    match cell {
        Data::Empty => (String::new(), Stored::Text),
        Data::String(s) => bounded_text(s),
        Data::SharedString(s) => bounded_text(s),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
            (format!("{f:.0}"), Stored::ExactInteger)
        }
        Data::Float(f) => (f.to_string(), Stored::Number),
        Data::Int(i) if i.unsigned_abs() < 1_000_000_000_000_000 => {
            (i.to_string(), Stored::ExactInteger)
        }
        Data::Int(i) => (i.to_string(), Stored::Number),
        other => bounded_text(&calamine::Data::from(other.clone()).to_string()),
    }
}

/// The titles each column is known by in offices' own rosters (matched after NFKC, without
/// spaces, `*` marks and parenthesised notes: `身份证号码（必填）` is `身份证号码`).
const COLUMN_TITLES: [&[&str]; 5] = [
    &["姓名", "学员姓名", "学生姓名", "名字"],
    &["性别"],
    &["身份证号", "身份证号码", "身份证", "公民身份号码", "证件号码", "身份证件号码"],
    &["手机号", "手机号码", "手机", "联系电话", "电话", "联系方式", "移动电话"],
    &["文化程度", "学历", "最高学历"],
];
/// How far down the header may be (title rows, merged banners and notes above it).
const HEADER_SEARCH_ROWS: usize = 10;

fn header_key(text: &str) -> String {
    let mut key = String::new();
    let mut depth = 0u32;
    for c in crate::domain::compatibility_form(text).chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            _ if depth > 0 || c.is_whitespace() || c == '*' => {}
            _ => key.push(c),
        }
    }
    key
}

/// The columns of `COLUMNS` in a header row, when it names them all.
fn header_columns(row: &[(u32, String, Stored)]) -> Option<Vec<u32>> {
    COLUMN_TITLES
        .iter()
        .map(|titles| {
            row.iter()
                .find(|(_, text, _)| titles.contains(&header_key(text).as_str()))
                .map(|(column, ..)| *column)
        })
        .collect()
}

fn parse_gender(text: &str) -> Option<Gender> {
    match text {
        "男" | "male" | "Male" | "M" => Some(Gender::Male),
        "女" | "female" | "Female" | "F" => Some(Gender::Female),
        _ => None,
    }
}

/// The workbook as the request body: bytes, not a JSON array of numbers (generated clients
/// sent that, and got 422).
#[derive(ToSchema)]
#[schema(value_type = String, format = Binary)]
#[allow(dead_code, reason = "describes the request body in the spec; the handler reads it")]
pub struct XlsxBytes(Vec<u8>);

/// Import students from an xlsx upload of the template (owner or admin). The body is the
/// workbook itself (≤ 10 MB), sent as the xlsx media type or as `application/octet-stream`
/// (what generated clients send for a file).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("class_id" = String, Path, description = "Class id")),
    request_body(content(
        (XlsxBytes = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (XlsxBytes = "application/octet-stream"),
    )),
    responses((status = 200, body = ImportOutcome), BodyErrors),
)]
#[post("/orgs/{org_id}/classes/{class_id}/students/import")]
pub async fn import(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Manager>,
    path: web::Path<(String, String)>,
    mut payload: web::Payload,
) -> ApiResult<Json<ImportOutcome>> {
    let class = find_class(&state.db, &access.org_id, &path.1).await?;
    // Decided before any byte is read: at most two imports parse at once.
    let _slot = tokio::time::timeout(IMPORT_SLOT_WAIT, IMPORT_SLOTS.acquire())
        .await
        .map_err(|_| ApiError::RateLimited { retry_after_secs: 5 })?
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("import slots: {e}")))?;
    let mut bytes = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| ApiError::Internal(anyhow::anyhow!("read upload: {e}")))?;
        if bytes.len() + chunk.len() > MAX_IMPORT_BYTES {
            return Err(ApiError::PayloadTooLarge { limit_bytes: Some(MAX_IMPORT_BYTES) });
        }
        bytes.extend_from_slice(&chunk);
    }
    let lang = Lang::of_request(&req);
    let existing = store::resident_id_hashes(&state.db, &class.id).await?;
    // Reading, checking and sealing rows is CPU work, off the async runtime; it hands valid
    // rows over in batches, inserted while the next batch is read (the two overlap on two
    // cores: bench P4). An insert that fails drops the receiver, which stops the reading.
    let (batches, mut received) = tokio::sync::mpsc::channel::<Vec<ValidStudent>>(4);
    let state_for_rows = state.clone();
    let reading = tokio::task::spawn_blocking(move || {
        let ages = AgeRange::of(&state_for_rows.settings.training);
        read_rows(&state_for_rows.pii, ages, &bytes, &existing, lang, |batch| {
            batches.blocking_send(batch).is_ok()
        })
    });
    // The write transaction (on SQLite, the database's one write lock) starts with the first
    // valid batch, not while the workbook's start is read.
    let mut tx = None;
    let mut imported = 0usize;
    while let Some(batch) = received.recv().await {
        let tx = match &mut tx {
            Some(tx) => tx,
            None => tx.insert(state.db.begin().await?),
        };
        store::insert_students(tx, state.db.dialect, &class.id, &batch).await?;
        imported += batch.len();
    }
    if let Some(tx) = &mut tx {
        let added = i64::try_from(imported).unwrap_or(i64::MAX);
        store::count_students(tx, &class.id, added, 0).await?;
    }
    let (failed, total_rows, sheet) =
        reading.await.map_err(|e| ApiError::Internal(anyhow::anyhow!("import task: {e}")))??;
    let import_id = new_id();
    let report = if failed.is_empty() {
        None
    } else {
        // The row number, the reason and what identifies the row to the person fixing their own
        // file — never a full ID number or phone (the report outlives the import).
        let rows: Vec<Vec<String>> = failed
            .iter()
            .map(|(row_number, cells, messages)| {
                let mut row = vec![row_number.to_string()];
                row.extend(cells.iter().enumerate().map(|(column, cell)| match column {
                    RESIDENT_ID_COLUMN | MOBILE_COLUMN => mask_middle(cell),
                    _ => cell.clone(),
                }));
                row.push(messages.join("；"));
                row
            })
            .collect();
        let mut header = vec!["行号"];
        header.extend(COLUMNS);
        header.push("错误原因");
        Some(crate::xlsx::text_workbook(&[("错误行", &header, &rows)])?)
    };
    let mut tx = match tx {
        Some(tx) => tx,
        None => state.db.begin().await?,
    };
    let record = store::NewImport {
        id: &import_id,
        class_id: &class.id,
        created_by: &access.user.id,
        total_rows: i64::from(total_rows),
        imported: i64::try_from(imported).unwrap_or(i64::MAX),
        failed: i64::try_from(failed.len()).unwrap_or(i64::MAX),
        error_report: report,
        at: now_ms(),
    };
    store::insert_import(&mut tx, record).await?;
    audit::record(
        &mut *tx,
        AuditEntry {
            object_type: "class",
            ..audit_entry(
                &access,
                &Origin::of(&req),
                "student.import",
                &class.id,
                json!({ "imported": imported, "failed": failed.len() }),
            )
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Json(ImportOutcome {
        error_report_url: (!failed.is_empty()).then(|| {
            format!(
                "/api/v1/orgs/{}/classes/{}/student-imports/{import_id}/errors.xlsx",
                access.org_id, class.id
            )
        }),
        import_id,
        sheet,
        total_rows,
        imported: u32::try_from(imported).unwrap_or(u32::MAX),
        failed: u32::try_from(failed.len()).unwrap_or(u32::MAX),
        errors: failed
            .into_iter()
            .take(SHOWN_ROW_ERRORS)
            .map(|(row, _, messages)| RowError { row, messages })
            .collect(),
    }))
}

type FailedRow = (u32, Vec<String>, Vec<String>);

/// Where the resident ID and mobile sit in `COLUMNS`.
const RESIDENT_ID_COLUMN: usize = 2;
const MOBILE_COLUMN: usize = 3;
/// How long an import's error report can be downloaded; then it is deleted.
pub const ERROR_REPORT_TTL_MS: i64 = 7 * 24 * 60 * 60 * 1000;
/// The recurring job that deletes expired error reports.
pub const EXPIRE_ERROR_REPORTS_JOB: &str = "training.expire_import_reports";

/// A value that failed its check, masked like a valid one (first three and last two
/// characters): enough to find the row, not enough to be the personal data.
fn mask_middle(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    if chars.len() <= 5 {
        return "*".repeat(chars.len());
    }
    let hidden = chars.len() - 5;
    format!(
        "{}{}{}",
        chars[..3].iter().collect::<String>(),
        "*".repeat(hidden),
        chars[chars.len() - 2..].iter().collect::<String>()
    )
}

/// Deletes error reports older than `ERROR_REPORT_TTL_MS` (a recurring job).
pub async fn expire_error_reports(state: &AppState) -> anyhow::Result<()> {
    store::delete_error_reports(&state.db, now_ms() - ERROR_REPORT_TTL_MS).await?;
    Ok(())
}

/// Reads and checks an import workbook without storing anything: (valid rows, failed rows,
/// data rows). What the import does before its inserts; the fuzz target `import_rows` drives
/// it with arbitrary workbooks.
pub fn check_workbook(pii: &PiiCipher, bytes: &[u8]) -> ApiResult<(usize, usize, u32)> {
    let mut valid = 0;
    let ages = AgeRange::of(&crate::config::TrainingSettings::default());
    let (failed, total, _) =
        read_rows(pii, ages, bytes, &HashSet::default(), Lang::ZhCn, |batch| {
            valid += batch.len();
            true
        })?;
    Ok((valid, failed.len(), total))
}

/// Reads the workbook's first visible worksheet as it streams out of the file, row by row:
/// valid students go to `deliver` in batches of `INSERT_BATCH` (reading stops when it returns
/// false); failed rows (row, cells, reasons), the number of data rows and the sheet's name are
/// returned. The header is the first of the first rows that names every column (by any of its
/// usual titles), in any order.
///
/// (Checking and sealing on a second thread while this one parses was tried: with the
/// database's thread busy too, three threads on two cores were slower, bench P4.)
fn read_rows(
    pii: &PiiCipher,
    ages: AgeRange,
    bytes: &[u8],
    existing: &HashSet<String>,
    lang: Lang,
    mut deliver: impl FnMut(Vec<ValidStudent>) -> bool,
) -> ApiResult<(Vec<FailedRow>, u32, String)> {
    use calamine::Reader;
    let unreadable = || ApiError::invalid("file", "xlsx_unreadable");
    crate::xlsx::check_bounds(bytes)?;
    let mut workbook: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).map_err(|_| unreadable())?;
    // The first worksheet the user can see: a hidden old roster or lookup sheet in front of
    // it is not the roster.
    let sheet_name = workbook
        .sheets_metadata()
        .iter()
        .find(|sheet| {
            sheet.typ == calamine::SheetType::WorkSheet
                && sheet.visible == calamine::SheetVisible::Visible
        })
        .map(|sheet| sheet.name.clone())
        .ok_or_else(|| ApiError::invalid("file", "xlsx_no_visible_sheet"))?;
    let mut cells = workbook.worksheet_cells_reader(&sheet_name).map_err(|_| unreadable())?;
    let mut rows = RowsOf { cells: &mut cells, pending: None, ended: false };

    // The header is the first row naming every column, within the first rows (a merged title
    // row or a note may stand above it).
    let mut columns = None;
    for _ in 0..HEADER_SEARCH_ROWS {
        let Some((_, row)) = rows.next_row().map_err(|_| unreadable())? else { break };
        if let Some(found) = header_columns(&row) {
            columns = Some(found);
            break;
        }
    }
    let columns = columns.ok_or_else(|| ApiError::invalid("file", "xlsx_columns"))?;

    let mut batch = Vec::with_capacity(INSERT_BATCH);
    let mut delivered = false;
    let mut failed = Vec::new();
    let mut seen = HashSet::default();
    let mut total = 0u32;
    while let Some((row_index, mut row)) = rows.next_row().map_err(|_| unreadable())? {
        let (cells, stored): (Vec<String>, Vec<Stored>) = columns
            .iter()
            .map(|column| {
                row.iter_mut()
                    .find(|(c, ..)| c == column)
                    .map(|(_, text, stored)| (std::mem::take(text), *stored))
                    .unwrap_or((String::new(), Stored::Text))
            })
            .unzip();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        total += 1;
        if total > MAX_IMPORT_ROWS {
            return Err(ApiError::Validation(vec![
                FieldError::new("file", "xlsx_limit").with_param("limit", "20,000 rows"),
            ]));
        }
        // An ID saved as a number is not the ID that was typed; a phone only when digits may
        // have been lost. Refused with what to do, before anything is checked or stored.
        const FIELDS: [&str; 5] = ["name", "gender", "resident_id", "mobile", "education"];
        let numeric_problems: Vec<FieldError> = [
            (
                matches!(stored[RESIDENT_ID_COLUMN], Stored::ExactInteger | Stored::Number),
                "resident_id",
                "id_cell_is_number",
            ),
            (stored[MOBILE_COLUMN] == Stored::Number, "mobile", "mobile_cell_is_number"),
        ]
        .into_iter()
        .filter(|(refused, ..)| *refused)
        .map(|(_, field, code)| FieldError::new(field, code))
        .chain(stored.iter().zip(FIELDS).filter(|(s, _)| **s == Stored::TooLong).map(
            |(_, field)| FieldError::new(field, "cell_too_long").with_param("max", MAX_CELL_CHARS),
        ))
        .collect();
        let outcome = if numeric_problems.is_empty() {
            check_student(
                pii,
                ages,
                &cells[0],
                parse_gender(&cells[1]),
                &cells[2],
                &cells[3],
                &cells[4],
            )
        } else {
            Err(numeric_problems)
        };
        let mut problems: Vec<FieldError> = Vec::new();
        match outcome {
            Ok(student) => {
                if existing.contains(&student.resident_id.hash) {
                    problems.push(FieldError::new("resident_id", "student_exists"));
                } else if !seen.insert(student.resident_id.hash.clone()) {
                    problems.push(FieldError::new("resident_id", "duplicate_in_file"));
                } else {
                    batch.push(student);
                    // A small first batch, so that inserting starts soon after reading does.
                    let full = if delivered { INSERT_BATCH } else { INSERT_BATCH / 5 };
                    if batch.len() == full {
                        delivered = true;
                        let next = Vec::with_capacity(INSERT_BATCH);
                        if !deliver(std::mem::replace(&mut batch, next)) {
                            return Ok((failed, total, sheet_name));
                        }
                    }
                    continue;
                }
            }
            Err(errors) => problems = errors,
        }
        let messages = problems
            .iter()
            .map(|e| {
                let column = match e.field.as_str() {
                    "name" => COLUMNS[0],
                    "gender" => COLUMNS[1],
                    "resident_id" => COLUMNS[2],
                    "mobile" => COLUMNS[3],
                    _ => COLUMNS[4],
                };
                match (e.code.as_str(), lang) {
                    // "请填写姓名", not "姓名：长度应为 1 到 30 个字符".
                    ("required", i18n::Lang::ZhCn) => format!("请填写{column}"),
                    ("required", i18n::Lang::En) => format!("{column}: required"),
                    _ => format!("{column}：{}", i18n::field_message(&e.code, &e.params, lang)),
                }
            })
            .collect();
        // Rows as Excel numbers them (calamine counts from 0).
        failed.push((row_index + 1, cells, messages));
    }
    if !batch.is_empty() {
        deliver(batch);
    }
    Ok((failed, total, sheet_name))
}

/// A row's index (from 0) and its non-empty cells as (column, text, how it was stored).
type SheetRow = (u32, Vec<(u32, String, Stored)>);

/// The rows of a worksheet, put together from its cells as they stream out of the file: each
/// row's non-empty cells as (column, text), with the row's index.
struct RowsOf<'c, 'a, R: std::io::Read + std::io::Seek> {
    cells: &'c mut calamine::XlsxCellReader<'a, R>,
    /// The first cell of the next row, read while finding where this row ends.
    pending: Option<(u32, u32, String, Stored)>,
    /// The reader has no more cells (asking again is an error).
    ended: bool,
}

impl<R: std::io::Read + std::io::Seek> RowsOf<'_, '_, R> {
    fn next_cell(&mut self) -> Result<Option<(u32, u32, String, Stored)>, calamine::XlsxError> {
        if self.ended {
            return Ok(None);
        }
        while let Some(cell) = self.cells.next_cell()? {
            let (row, column) = cell.get_position();
            if column >= MAX_COLUMNS {
                continue;
            }
            let (text, stored) = cell_text(cell.get_value());
            if !text.is_empty() {
                return Ok(Some((row, column, text, stored)));
            }
        }
        self.ended = true;
        Ok(None)
    }

    fn next_row(&mut self) -> Result<Option<SheetRow>, calamine::XlsxError> {
        let Some((row, column, text, stored)) =
            self.pending.take().map_or_else(|| self.next_cell(), |c| Ok(Some(c)))?
        else {
            return Ok(None);
        };
        let mut cells = vec![(column, text, stored)];
        while let Some((next_row, column, text, stored)) = self.next_cell()? {
            if next_row != row {
                self.pending = Some((next_row, column, text, stored));
                break;
            }
            cells.push((column, text, stored));
        }
        Ok(Some((row, cells)))
    }
}

/// The failed rows of an import with their row numbers and reasons, ID numbers and phones
/// masked (owner or admin); kept seven days, then 404.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("class_id" = String, Path, description = "Class id"),
        ("import_id" = String, Path, description = "Import id")),
    responses((status = 200, description = "An xlsx workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = crate::openapi::FileBytes), SignedInErrors),
)]
#[get("/orgs/{org_id}/classes/{class_id}/student-imports/{import_id}/errors.xlsx")]
pub async fn error_report(
    state: AppState,
    access: OrgAccess<Manager>,
    path: web::Path<(String, String, String)>,
) -> ApiResult<HttpResponse> {
    let (_, class_id, import_id) = path.into_inner();
    let class = find_class(&state.db, &access.org_id, &class_id).await?;
    let report =
        store::error_report(&state.db, &class.id, &import_id, now_ms() - ERROR_REPORT_TTL_MS)
            .await?
            .ok_or(ApiError::NotFound)?;
    Ok(crate::xlsx::xlsx_download(report, "导入错误行.xlsx"))
}

/// The class's students as xlsx, personal data masked (owner or admin).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("class_id" = String, Path, description = "Class id")),
    responses((status = 200, description = "An xlsx workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = crate::openapi::FileBytes), SignedInErrors),
)]
#[get("/orgs/{org_id}/classes/{class_id}/students.xlsx")]
pub async fn export(
    state: AppState,
    access: OrgAccess<Manager>,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let class = find_class(&state.db, &access.org_id, &path.1).await?;
    let students = store::students_of_class(&state.db, &class.id).await?;
    let rows: Vec<Vec<String>> = students
        .into_iter()
        .map(|s| {
            vec![
                s.name,
                if s.gender == "male" { "男" } else { "女" }.to_owned(),
                s.resident_id,
                s.mobile,
                crate::meta::education_label(&s.education).to_owned(),
                if s.status == "active" { "已激活" } else { "未激活" }.to_owned(),
            ]
        })
        .collect();
    let mut header = COLUMNS.to_vec();
    header.push("状态");
    Ok(crate::xlsx::xlsx_download(
        crate::xlsx::text_workbook(&[("学员", &header, &rows)])?,
        &format!("{}-学员.xlsx", class.code),
    ))
}
