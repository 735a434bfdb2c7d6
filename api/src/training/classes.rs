//! Training classes (SPEC §5.1): an org's classes with codes `{REGION}-{YEAR}-{seq:06}` that
//! never repeat, allocated by one upsert in the database.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web::Json};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use validator::Validate;

use super::TAG;
use crate::{
    access::{Manager, Member, OrgAccess},
    audit::{self, AuditEntry, Origin},
    db::{Db, new_id, now_ms, rfc3339},
    error::{ApiError, ApiResult, FieldError},
    extract::{CheckedJson, FieldErrors, ValidQuery},
    openapi::{BodyErrors, QueryErrors, SignedInErrors},
    pagination::{Page, PageQuery},
    state::AppState,
};

/// A class type from the admin-managed list.
#[derive(Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct ClassType {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
}

/// The class types offered, in display order.
#[utoipa::path(tag = TAG, responses((status = 200, body = Vec<ClassType>), QueryErrors))]
#[get("/class-types")]
pub async fn list_class_types(state: AppState) -> ApiResult<Json<Vec<ClassType>>> {
    Ok(Json(
        sqlx::query_as(
            "select code, name_zh, name_en from class_types where enabled = 1 \
             order by sort_order, code",
        )
        .fetch_all(&state.db.pool)
        .await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct ClassForm {
    #[validate(length(min = 1, max = 50))]
    #[schema(min_length = 1, max_length = 50)]
    pub name: String,
    #[validate(length(min = 1, max = 64))]
    pub class_type_code: String,
    /// `live` (online); `on_demand` is listed but not yet open.
    #[validate(length(min = 1, max = 20))]
    pub training_mode: String,
    /// `dingtalk`; `lexiang` is listed but not yet supported.
    #[validate(length(min = 1, max = 20))]
    pub platform: String,
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct ClassChanges {
    #[validate(length(min = 1, max = 50))]
    #[schema(min_length = 1, max_length = 50)]
    pub name: Option<String>,
    #[validate(length(min = 1, max = 64))]
    pub class_type_code: Option<String>,
}

/// A class as its org sees it (the list's columns, SPEC §5.1).
#[derive(Debug, Serialize, ToSchema)]
pub struct Class {
    pub id: String,
    pub name: String,
    /// `HN-2026-000021`.
    pub code: String,
    pub class_type_code: String,
    pub class_type_name: String,
    pub training_mode: String,
    pub platform: String,
    pub student_count: i64,
    pub active_student_count: i64,
    /// The sum of the sessions' durations.
    pub total_live_ms: i64,
    /// When the class was last synced to the live platform.
    pub synced_at: Option<String>,
    /// The subsidy application's state: `pending`, `approved`, `rejected`, or none.
    pub subsidy_status: Option<String>,
    pub created_at: String,
}

#[derive(Debug, sqlx::FromRow)]
pub struct ClassRow {
    pub id: String,
    pub name: String,
    pub code: String,
    pub class_type_code: String,
    pub class_type_name: String,
    pub training_mode: String,
    pub platform: String,
    pub student_count: i64,
    pub active_student_count: i64,
    pub total_live_ms: i64,
    pub synced_at: Option<i64>,
    pub subsidy_status: Option<String>,
    pub created_at: i64,
}

const SELECT: &str = "select c.id, c.name, c.code, c.class_type_code, \
    t.name_zh as class_type_name, c.training_mode, c.platform, \
    (select count(*) from students s where s.class_id = c.id) as student_count, \
    (select count(*) from students s where s.class_id = c.id and s.status = 'active') as active_student_count, \
    (select cast(coalesce(sum(x.duration_ms), 0) as bigint) from class_sessions x where x.class_id = c.id) as total_live_ms, \
    c.synced_at, (select a.status from subsidy_applications a where a.class_id = c.id) as subsidy_status, \
    c.created_at \
    from classes c join class_types t on t.code = c.class_type_code";

/// `SELECT` of one page of an org's classes, newest first: the page's 20 ids along
/// `classes_by_org` first, then the columns (four counting subqueries each) for those only.
const PAGE_SELECT: &str = "select pg.id, c.name, c.code, c.class_type_code, \
    t.name_zh as class_type_name, c.training_mode, c.platform, \
    (select count(*) from students s where s.class_id = c.id) as student_count, \
    (select count(*) from students s where s.class_id = c.id and s.status = 'active') as active_student_count, \
    (select cast(coalesce(sum(x.duration_ms), 0) as bigint) from class_sessions x where x.class_id = c.id) as total_live_ms, \
    c.synced_at, (select a.status from subsidy_applications a where a.class_id = c.id) as subsidy_status, \
    c.created_at \
    from (select id from classes where org_id = $1 and deleted_at is null \
          order by created_at desc, id desc limit $2 offset $3) pg \
    join classes c on c.id = pg.id join class_types t on t.code = c.class_type_code \
    order by c.created_at desc, c.id desc";

impl From<ClassRow> for Class {
    fn from(row: ClassRow) -> Self {
        Self {
            id: row.id,
            name: row.name,
            code: row.code,
            class_type_code: row.class_type_code,
            class_type_name: row.class_type_name,
            training_mode: row.training_mode,
            platform: row.platform,
            student_count: row.student_count,
            active_student_count: row.active_student_count,
            total_live_ms: row.total_live_ms,
            synced_at: row.synced_at.map(rfc3339),
            subsidy_status: row.subsidy_status,
            created_at: rfc3339(row.created_at),
        }
    }
}

/// The org's class `class_id`, or 404 (also for another org's class).
pub async fn find_class(db: &Db, org_id: &str, class_id: &str) -> ApiResult<ClassRow> {
    let row: Option<ClassRow> = sqlx::query_as(&format!(
        "{SELECT} where c.id = $1 and c.org_id = $2 and c.deleted_at is null"
    ))
    .bind(class_id)
    .bind(org_id)
    .fetch_optional(&db.pool)
    .await?;
    row.ok_or(ApiError::NotFound)
}

/// The class's id when it is one of `org_id`'s (404 otherwise): for reads that need only that,
/// not the class's counts.
pub async fn class_id_in_org(db: &Db, org_id: &str, class_id: &str) -> ApiResult<String> {
    sqlx::query_scalar(
        "select id from classes where id = $1 and org_id = $2 and deleted_at is null",
    )
    .bind(class_id)
    .bind(org_id)
    .fetch_optional(&db.pool)
    .await?
    .ok_or(ApiError::NotFound)
}

/// Adds `unknown_class_type` to `errors` unless the code names an enabled class type (or the
/// field was already refused).
async fn check_class_type(db: &Db, code: &str, errors: &mut FieldErrors) -> ApiResult<()> {
    if errors.has("class_type_code") {
        return Ok(());
    }
    let known: Option<i64> =
        sqlx::query_scalar("select 1 from class_types where code = $1 and enabled = 1")
            .bind(code)
            .fetch_optional(&db.pool)
            .await?;
    if known.is_none() {
        errors.push(FieldError::new("class_type_code", "unknown_class_type"));
    }
    Ok(())
}

/// The next code for `region` this year: one upsert, so concurrent creates on any number of
/// instances never get the same number.
async fn allocate_code(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    region: &str,
    year: i32,
) -> ApiResult<String> {
    let next: i64 = sqlx::query_scalar(
        "insert into class_code_sequences (region, year, last_value) values ($1, $2, 1) \
         on conflict (region, year) do update set last_value = class_code_sequences.last_value + 1 \
         returning last_value",
    )
    .bind(region)
    .bind(i64::from(year))
    .fetch_one(&mut **tx)
    .await?;
    Ok(format!("{region}-{year}-{next:06}"))
}

pub(super) fn audit_entry<'a>(
    access: &'a OrgAccess<Manager>,
    origin: &'a Origin,
    action: &'a str,
    class_id: &'a str,
) -> AuditEntry<'a> {
    AuditEntry {
        actor: access.actor(),
        org_id: Some(&access.org_id),
        action,
        object_type: "class",
        object_id: Some(class_id),
        origin,
        details: json!({}),
    }
}

/// Create a class (owner or admin). `on_demand` and `lexiang` are refused with a clear reason
/// until they open.
#[utoipa::path(
    operation_id = "create_class",
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id")),
    request_body = ClassForm,
    responses((status = 201, body = Class), BodyErrors),
)]
#[post("/orgs/{org_id}/classes")]
pub async fn create(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Manager>,
    CheckedJson(form, mut errors): CheckedJson<ClassForm>,
) -> ApiResult<HttpResponse> {
    match form.training_mode.as_str() {
        "live" => {}
        "on_demand" => {
            errors.push_unless_reported(FieldError::new("training_mode", "not_yet_open"));
        }
        _ => errors.push_unless_reported(FieldError::new("training_mode", "unknown_value")),
    }
    match form.platform.as_str() {
        "dingtalk" => {}
        "lexiang" => {
            errors.push_unless_reported(FieldError::new("platform", "platform_not_supported"));
        }
        _ => errors.push_unless_reported(FieldError::new("platform", "unknown_value")),
    }
    check_class_type(&state.db, &form.class_type_code, &mut errors).await?;
    errors.into_result()?;
    let id = new_id();
    let now = now_ms();
    let year = time::OffsetDateTime::now_utc().year();
    let mut tx = state.db.begin().await?;
    let code = allocate_code(&mut tx, &state.settings.training.region, year).await?;
    sqlx::query(
        "insert into classes (id, org_id, name, code, class_type_code, training_mode, platform, \
         created_by, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
    )
    .bind(&id)
    .bind(&access.org_id)
    .bind(form.name.trim())
    .bind(&code)
    .bind(&form.class_type_code)
    .bind(&form.training_mode)
    .bind(&form.platform)
    .bind(&access.user.id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    audit::record(&mut *tx, audit_entry(&access, &Origin::of(&req), "class.create", &id)).await?;
    tx.commit().await?;
    let class = find_class(&state.db, &access.org_id, &id).await?;
    Ok(HttpResponse::Created().json(Class::from(class)))
}

/// The org's classes, newest first (any member).
#[utoipa::path(
    operation_id = "list_classes",
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), PageQuery),
    responses((status = 200, body = Page<Class>), SignedInErrors),
)]
#[get("/orgs/{org_id}/classes")]
pub async fn list(
    state: AppState,
    access: OrgAccess<Member>,
    ValidQuery(page): ValidQuery<PageQuery>,
) -> ApiResult<Page<Class>> {
    let total: i64 =
        sqlx::query_scalar("select count(*) from classes where org_id = $1 and deleted_at is null")
            .bind(&access.org_id)
            .fetch_one(&state.db.pool)
            .await?;
    let rows: Vec<ClassRow> = sqlx::query_as(PAGE_SELECT)
        .bind(&access.org_id)
        .bind(page.limit())
        .bind(page.offset())
        .fetch_all(&state.db.pool)
        .await?;
    Ok(Page::new(rows.into_iter().map(Into::into).collect(), total, page))
}

/// One class (any member).
#[utoipa::path(
    operation_id = "get_class",
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("class_id" = String, Path, description = "Class id")),
    responses((status = 200, body = Class), SignedInErrors),
)]
#[get("/orgs/{org_id}/classes/{class_id}")]
pub async fn get(
    state: AppState,
    access: OrgAccess<Member>,
    path: actix_web::web::Path<(String, String)>,
) -> ApiResult<Json<Class>> {
    Ok(Json(find_class(&state.db, &access.org_id, &path.1).await?.into()))
}

/// Rename a class or change its type (owner or admin).
#[utoipa::path(
    operation_id = "update_class",
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("class_id" = String, Path, description = "Class id")),
    request_body = ClassChanges,
    responses((status = 200, body = Class), BodyErrors),
)]
#[patch("/orgs/{org_id}/classes/{class_id}")]
pub async fn update(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Manager>,
    path: actix_web::web::Path<(String, String)>,
    CheckedJson(changes, mut errors): CheckedJson<ClassChanges>,
) -> ApiResult<Json<Class>> {
    let class = find_class(&state.db, &access.org_id, &path.1).await?;
    if let Some(code) = &changes.class_type_code {
        check_class_type(&state.db, code, &mut errors).await?;
    }
    errors.into_result()?;
    let mut tx = state.db.begin().await?;
    sqlx::query(
        "update classes set name = coalesce($2, name), class_type_code = coalesce($3, class_type_code), \
         updated_at = $4 where id = $1",
    )
    .bind(&class.id)
    .bind(changes.name.as_deref().map(str::trim))
    .bind(changes.class_type_code.as_deref())
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    audit::record(&mut *tx, audit_entry(&access, &Origin::of(&req), "class.update", &class.id))
        .await?;
    tx.commit().await?;
    Ok(Json(find_class(&state.db, &access.org_id, &class.id).await?.into()))
}

/// Delete a class (owner or admin). A class with live records cannot be deleted (409
/// `class_has_live_records`).
#[utoipa::path(
    operation_id = "remove_class",
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("class_id" = String, Path, description = "Class id")),
    responses((status = 204, description = "Deleted"), (status = 409, description = "`class_has_live_records`",
        body = crate::error::Problem, content_type = "application/problem+json"), SignedInErrors),
)]
#[delete("/orgs/{org_id}/classes/{class_id}")]
pub async fn remove(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Manager>,
    path: actix_web::web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let class = find_class(&state.db, &access.org_id, &path.1).await?;
    let mut tx = state.db.begin().await?;
    let records: Option<i64> = sqlx::query_scalar(
        "select 1 from class_sessions where class_id = $1 and pulled_at is not null limit 1",
    )
    .bind(&class.id)
    .fetch_optional(&mut *tx)
    .await?;
    if records.is_some() {
        return Err(ApiError::conflict("class_has_live_records"));
    }
    sqlx::query("update classes set deleted_at = $2, updated_at = $2 where id = $1")
        .bind(&class.id)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
    audit::record(&mut *tx, audit_entry(&access, &Origin::of(&req), "class.delete", &class.id))
        .await?;
    tx.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
