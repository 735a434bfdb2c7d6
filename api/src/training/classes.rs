//! Training classes (SPEC §5.1): an org's classes with codes `{REGION}-{YEAR}-{seq:06}` that
//! never repeat, allocated by one upsert in the database.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web::Json};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use validator::Validate;

use super::{
    TAG,
    store::classes::{self as store, ClassRow, find_class},
};
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
    Ok(Json(store::class_types(&state.db).await?))
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

/// Adds `unknown_class_type` to `errors` unless the code names an enabled class type (or the
/// field was already refused).
async fn check_class_type(db: &Db, code: &str, errors: &mut FieldErrors) -> ApiResult<()> {
    if errors.has("class_type_code") {
        return Ok(());
    }
    if !store::class_type_enabled(db, code).await? {
        errors.push(FieldError::new("class_type_code", "unknown_class_type"));
    }
    Ok(())
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
    let code = store::allocate_code(&mut tx, &state.settings.training.region, year).await?;
    let new_class = store::NewClass {
        id: &id,
        org_id: &access.org_id,
        name: form.name.trim(),
        code: &code,
        class_type_code: &form.class_type_code,
        training_mode: &form.training_mode,
        platform: &form.platform,
        created_by: &access.user.id,
        at: now,
    };
    store::insert_class(&mut tx, &new_class).await?;
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
    req: HttpRequest,
    access: OrgAccess<Member>,
    ValidQuery(page): ValidQuery<PageQuery>,
) -> ApiResult<HttpResponse> {
    let answer = async {
        let total = store::count_classes(&state.db, &access.org_id).await?;
        let rows =
            store::classes_page(&state.db, &access.org_id, page.limit(), page.offset()).await?;
        Ok::<_, ApiError>(Page::<Class>::new(
            rows.into_iter().map(Into::into).collect(),
            total,
            page,
        ))
    };
    let who = access.caller_key();
    state.signed_in_answers.answer(&state.db.commits, &req, &who, answer).await
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
    store::update_class(
        &mut tx,
        &class.id,
        changes.name.as_deref().map(str::trim),
        changes.class_type_code.as_deref(),
        now_ms(),
    )
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
    if store::has_live_records(&mut tx, &class.id).await? {
        return Err(ApiError::conflict("class_has_live_records"));
    }
    if !store::mark_class_deleted(&mut tx, &access.org_id, &class.id, now_ms()).await? {
        return Err(ApiError::NotFound);
    }
    audit::record(&mut *tx, audit_entry(&access, &Origin::of(&req), "class.delete", &class.id))
        .await?;
    tx.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
