//! Temporary-post subsidy applications (SPEC §5.5): the amount follows the admin's rules —
//! a student qualifies with at least `threshold` of effective live time, and each qualified
//! student is worth `amount_per_student`. The org applies per class; an admin approves or
//! rejects with a note; the org is told either way.

use actix_web::{HttpRequest, HttpResponse, get, post, put, web, web::Json};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::{
    TAG,
    store::{
        classes::find_class,
        subsidy::{self as store, ApplicationRow},
    },
};
use crate::{
    access::{Admin, AnyAdmin, Manager, Member, OrgAccess, Reviewer, SuperAdmin},
    audit::{self, Actor, AuditEntry, Origin},
    db::{Db, now_ms, rfc3339},
    error::{ApiError, ApiResult},
    extract::{ValidJson, ValidQuery},
    messages::{self, NewMessage},
    openapi::{BodyErrors, SignedInErrors},
    pagination::{Page, PageQuery},
    state::AppState,
};

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate, sqlx::FromRow)]
pub struct SubsidyRules {
    /// Effective live time (ms) a student needs to qualify.
    #[validate(range(min = 0, max = 3_600_000_000_i64))]
    pub threshold_ms: i64,
    /// Paid per qualified student, in fen.
    #[validate(range(min = 0, max = 100_000_000))]
    pub amount_per_student_fen: i64,
}

/// The subsidy rules in force (any platform operator).
#[utoipa::path(tag = TAG, security(("bearer" = [])), responses((status = 200, body = SubsidyRules), SignedInErrors))]
#[get("/admin/subsidy-rules")]
pub async fn get_rules(state: AppState, _admin: Admin<AnyAdmin>) -> ApiResult<Json<SubsidyRules>> {
    Ok(Json(store::rules(&state.db).await?))
}

/// Change the subsidy rules (super admins); applications already made keep theirs.
#[utoipa::path(tag = TAG, security(("bearer" = [])), request_body = SubsidyRules, responses((status = 200, body = SubsidyRules), BodyErrors))]
#[put("/admin/subsidy-rules")]
pub async fn set_rules(
    state: AppState,
    req: HttpRequest,
    admin: Admin<SuperAdmin>,
    ValidJson(new_rules): ValidJson<SubsidyRules>,
) -> ApiResult<Json<SubsidyRules>> {
    let mut tx = state.db.begin().await?;
    store::update_rules(&mut tx, &new_rules, &admin.user.id, now_ms()).await?;
    audit::record(
        &mut *tx,
        AuditEntry {
            actor: Actor::Admin(&admin.user.id),
            org_id: None,
            action: "subsidy.rules_update",
            object_type: "subsidy_rules",
            object_id: Some("default"),
            origin: &Origin::of(&req),
            details: json!({"threshold_ms": new_rules.threshold_ms, "amount_per_student_fen": new_rules.amount_per_student_fen}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Json(store::rules(&state.db).await?))
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, sqlx::FromRow)]
pub struct QualifiedStudent {
    pub student_id: String,
    pub name: String,
    pub live_ms: i64,
}

/// What the class would get under the rules in force.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubsidyPreview {
    pub rules: SubsidyRules,
    pub qualified: Vec<QualifiedStudent>,
    pub amount_fen: i64,
}

async fn preview_of(db: &Db, class_id: &str) -> ApiResult<SubsidyPreview> {
    let rules = store::rules(db).await?;
    let qualified = store::qualified_students(db, class_id, rules.threshold_ms).await?;
    let count = i64::try_from(qualified.len()).unwrap_or(i64::MAX);
    Ok(SubsidyPreview { amount_fen: count * rules.amount_per_student_fen, rules, qualified })
}

/// The amount and qualified students under the rules in force (any member).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("class_id" = String, Path, description = "Class id")),
    responses((status = 200, body = SubsidyPreview), SignedInErrors),
)]
#[get("/orgs/{org_id}/classes/{class_id}/subsidy-preview")]
pub async fn get_preview(
    state: AppState,
    access: OrgAccess<Member>,
    path: web::Path<(String, String)>,
) -> ApiResult<Json<SubsidyPreview>> {
    let class = find_class(&state.db, &access.org_id, &path.1).await?;
    Ok(Json(preview_of(&state.db, &class.id).await?))
}

/// A class's subsidy application.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubsidyApplication {
    pub id: String,
    pub class_id: String,
    pub class_code: String,
    pub class_name: String,
    pub org_name: String,
    /// `pending`, `approved` or `rejected`.
    pub status: String,
    pub threshold_ms: i64,
    pub amount_per_student_fen: i64,
    pub qualified_count: i64,
    pub amount_fen: i64,
    pub qualified_students: Vec<QualifiedStudent>,
    /// The reviewer's note.
    pub note: Option<String>,
    pub applied_at: String,
    pub decided_at: Option<String>,
}

impl From<ApplicationRow> for SubsidyApplication {
    fn from(row: ApplicationRow) -> Self {
        Self {
            id: row.id,
            class_id: row.class_id,
            class_code: row.class_code,
            class_name: row.class_name,
            org_name: row.org_name,
            status: row.status,
            threshold_ms: row.threshold_ms,
            amount_per_student_fen: row.amount_per_student_fen,
            qualified_count: row.qualified_count,
            amount_fen: row.amount_fen,
            qualified_students: serde_json::from_str(&row.qualified_students).unwrap_or_default(),
            note: row.note,
            applied_at: rfc3339(row.applied_at),
            decided_at: row.decided_at.map(rfc3339),
        }
    }
}

/// The class's application (any member); 404 before the first.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("class_id" = String, Path, description = "Class id")),
    responses((status = 200, body = SubsidyApplication), SignedInErrors),
)]
#[get("/orgs/{org_id}/classes/{class_id}/subsidy-application")]
pub async fn get_application(
    state: AppState,
    access: OrgAccess<Member>,
    path: web::Path<(String, String)>,
) -> ApiResult<Json<SubsidyApplication>> {
    let class = find_class(&state.db, &access.org_id, &path.1).await?;
    store::application_of_class(&state.db, &class.id)
        .await?
        .map(Into::into)
        .map(Json)
        .ok_or(ApiError::NotFound)
}

/// Apply for the subsidy (owner or admin) with the amount computed now. Once pending or
/// approved, 409 `already_applied`; after a rejection, applying again replaces it.
#[utoipa::path(
    operation_id = "apply_for_subsidy",
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("class_id" = String, Path, description = "Class id")),
    responses(
        (status = 201, body = SubsidyApplication),
        (status = 409, description = "`already_applied`, `no_qualified_students`", body = crate::error::Problem, content_type = "application/problem+json"),
        SignedInErrors,
    ),
)]
#[post("/orgs/{org_id}/classes/{class_id}/subsidy-application")]
pub async fn apply(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Manager>,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let class = find_class(&state.db, &access.org_id, &path.1).await?;
    if let Some(existing) = store::application_of_class(&state.db, &class.id).await?
        && existing.status != "rejected"
    {
        return Err(ApiError::conflict("already_applied"));
    }
    let preview = preview_of(&state.db, &class.id).await?;
    if preview.qualified.is_empty() {
        return Err(ApiError::conflict("no_qualified_students"));
    }
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    store::delete_rejected_application(&mut tx, &class.id).await?;
    let qualified_students =
        serde_json::to_string(&preview.qualified).map_err(|e| ApiError::Internal(e.into()))?;
    let application = store::NewApplication {
        class_id: &class.id,
        org_id: &access.org_id,
        threshold_ms: preview.rules.threshold_ms,
        amount_per_student_fen: preview.rules.amount_per_student_fen,
        qualified_count: i64::try_from(preview.qualified.len()).unwrap_or(i64::MAX),
        amount_fen: preview.amount_fen,
        qualified_students: &qualified_students,
        applied_by: &access.user.id,
        at: now,
    };
    store::insert_application(&mut tx, &application).await?;
    audit::record(
        &mut *tx,
        AuditEntry {
            actor: access.actor(),
            org_id: Some(&access.org_id),
            action: "subsidy.apply",
            object_type: "class",
            object_id: Some(&class.id),
            origin: &Origin::of(&req),
            details: json!({"amount_fen": preview.amount_fen}),
        },
    )
    .await?;
    tx.commit().await?;
    let row = store::application_of_class(&state.db, &class.id).await?.ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Created().json(SubsidyApplication::from(row)))
}

#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct ApplicationFilter {
    /// `pending` (default), `approved`, `rejected`.
    #[validate(length(max = 20))]
    pub status: Option<String>,
}

/// Subsidy applications by status, oldest first (reviewers).
#[utoipa::path(
    operation_id = "list_subsidy_applications",
    tag = TAG,
    security(("bearer" = [])),
    params(ApplicationFilter, PageQuery),
    responses((status = 200, body = Page<SubsidyApplication>), SignedInErrors),
)]
#[get("/admin/subsidy-applications")]
pub async fn queue(
    state: AppState,
    _admin: Admin<AnyAdmin>,
    ValidQuery(filter): ValidQuery<ApplicationFilter>,
    ValidQuery(page): ValidQuery<PageQuery>,
) -> ApiResult<Page<SubsidyApplication>> {
    let status = filter.status.as_deref().unwrap_or("pending");
    let total = store::count_applications(&state.db, status).await?;
    let rows = store::applications_page(&state.db, status, page.limit(), page.offset()).await?;
    Ok(Page::new(rows.into_iter().map(Into::into).collect(), total, page))
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// `approve` or `reject`.
    #[validate(length(min = 1, max = 10))]
    pub decision: String,
    /// Required to reject; shown to the org.
    #[validate(length(max = 200))]
    pub note: Option<String>,
}

/// Approve or reject a pending application (reviewers); the org gets a message.
#[utoipa::path(
    operation_id = "decide_subsidy_application",
    tag = TAG,
    security(("bearer" = [])),
    params(("application_id" = String, Path, description = "Application id")),
    request_body = Decision,
    responses((status = 200, body = SubsidyApplication), (status = 409, description = "`wrong_state`",
        body = crate::error::Problem, content_type = "application/problem+json"), BodyErrors),
)]
#[post("/admin/subsidy-applications/{application_id}/decision")]
pub async fn decide(
    state: AppState,
    req: HttpRequest,
    admin: Admin<Reviewer>,
    path: web::Path<String>,
    ValidJson(decision): ValidJson<Decision>,
) -> ApiResult<Json<SubsidyApplication>> {
    let row = store::application(&state.db, path.as_str()).await?.ok_or(ApiError::NotFound)?;
    let note = decision.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
    let status =
        crate::extract::decided_state(&decision.decision, ("approve", "approved"), note, "note")?;
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    if !store::decide_application(&mut tx, &row.id, status, note, &admin.user.id, now).await? {
        return Err(ApiError::conflict("wrong_state"));
    }
    let yuan = |fen: i64| format!("{}.{:02}", fen / 100, fen % 100);
    let body = if status == "approved" {
        format!(
            "班级 {}（{}）的临时性岗位补贴申请已通过，补贴金额 {} 元。",
            row.class_name,
            row.class_code,
            yuan(row.amount_fen)
        )
    } else {
        format!(
            "班级 {}（{}）的临时性岗位补贴申请未通过：{}",
            row.class_name,
            row.class_code,
            note.unwrap_or_default()
        )
    };
    messages::send_to_org(
        &mut *tx,
        &row.org_id,
        NewMessage {
            kind: if status == "approved" { "subsidy.approved" } else { "subsidy.rejected" },
            title: if status == "approved" {
                "补贴申请已通过"
            } else {
                "补贴申请未通过"
            },
            body: &body,
            object: Some(("class", &row.class_id)),
        },
    )
    .await?;
    audit::record(
        &mut *tx,
        AuditEntry {
            actor: Actor::Admin(&admin.user.id),
            org_id: Some(&row.org_id),
            action: if status == "approved" { "subsidy.approve" } else { "subsidy.reject" },
            object_type: "class",
            object_id: Some(&row.class_id),
            origin: &Origin::of(&req),
            details: json!({"note": note}),
        },
    )
    .await?;
    tx.commit().await?;
    let row =
        store::application_of_class(&state.db, &row.class_id).await?.ok_or(ApiError::NotFound)?;
    Ok(Json(row.into()))
}
