//! Admin review of provider profiles and courses (SPEC §3, §7): queues with counts, a
//! submission beside the listed version (the SPA shows the difference), approve, or reject
//! with a reason. Every decision messages the org and is audited.

use actix_web::{HttpRequest, get, post, web::Json};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::{
    TAG,
    courses::{self, CourseRevision},
    providers::Picture,
    store::{
        courses::revision,
        review::{
            self as store, CourseContext, ProviderSubmissionRow, Reviewed, course_context,
            provider_submission,
        },
    },
};
use crate::{
    access::{Admin, AnyAdmin, Reviewer},
    audit::{self, Actor, AuditEntry, Origin},
    db::{now_ms, rfc3339},
    error::ApiResult,
    extract::{ValidJson, ValidQuery},
    messages::{self, NewMessage},
    openapi::{BodyErrors, SignedInErrors},
    pagination::{Page, PageQuery},
    state::AppState,
};

/// What waits for review.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewCounts {
    pub providers: i64,
    pub courses: i64,
    /// Subsidy applications of training classes.
    pub subsidies: i64,
    /// Member registrations.
    pub members: i64,
    /// Offline dues payments awaiting confirmation.
    pub offline_payments: i64,
    /// Online dues payments held for review (a notification that did not match, or a year
    /// paid twice).
    pub held_payments: i64,
}

/// The review inbox: every queue's size (reviewers).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    responses((status = 200, body = ReviewCounts), SignedInErrors),
)]
#[get("/admin/reviews/counts")]
pub async fn counts(state: AppState, _admin: Admin<AnyAdmin>) -> ApiResult<Json<ReviewCounts>> {
    let providers = store::pending_provider_revisions(&state.db).await?;
    let courses = store::pending_course_revisions(&state.db).await?;
    let subsidies = store::pending_subsidy_applications(&state.db).await?;
    let members = store::pending_memberships(&state.db).await?;
    let offline_payments = store::submitted_offline_payments(&state.db).await?;
    let held_payments = store::flagged_payments(&state.db).await?;
    Ok(Json(ReviewCounts {
        providers,
        courses,
        subsidies,
        members,
        offline_payments,
        held_payments,
    }))
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct Rejection {
    /// Shown to the provider; required.
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub reason: String,
}

#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct QueueFilter {
    /// `pending` (default), `approved`, `rejected`.
    #[validate(length(max = 20))]
    pub status: Option<String>,
}

// ---- providers -------------------------------------------------------------------------

/// A provider profile submission.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProviderSubmission {
    pub revision_id: String,
    pub provider_id: String,
    pub org_id: String,
    pub org_name: String,
    pub uscc: Option<String>,
    pub number: i64,
    pub status: String,
    pub name: String,
    pub logo: Option<Picture>,
    pub intro: String,
    pub address: String,
    pub contact_phone: String,
    pub reject_reason: Option<String>,
    pub submitted_at: String,
    pub decided_at: Option<String>,
}

impl From<ProviderSubmissionRow> for ProviderSubmission {
    fn from(row: ProviderSubmissionRow) -> Self {
        Self {
            revision_id: row.revision_id,
            provider_id: row.provider_id,
            org_id: row.org_id,
            org_name: row.org_name,
            uscc: row.uscc,
            number: row.number,
            status: row.status,
            name: row.name,
            logo: Picture::of(row.logo_media_id),
            intro: row.intro,
            address: row.address,
            contact_phone: row.contact_phone,
            reject_reason: row.reject_reason,
            submitted_at: rfc3339(row.submitted_at),
            decided_at: row.decided_at.map(rfc3339),
        }
    }
}

/// Provider submissions by status, oldest first (reviewers).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(QueueFilter, PageQuery),
    responses((status = 200, body = Page<ProviderSubmission>), SignedInErrors),
)]
#[get("/admin/provider-reviews")]
pub async fn provider_queue(
    state: AppState,
    _admin: Admin<AnyAdmin>,
    ValidQuery(filter): ValidQuery<QueueFilter>,
    ValidQuery(page): ValidQuery<PageQuery>,
) -> ApiResult<Page<ProviderSubmission>> {
    let status = filter.status.as_deref().unwrap_or("pending");
    let total = store::count_provider_submissions(&state.db, status).await?;
    let rows = store::provider_submissions_page(&state.db, status, page).await?;
    Ok(Page::new(rows.into_iter().map(Into::into).collect(), total, page))
}

/// A submission and the profile listed now (none for a first application).
#[derive(Debug, Serialize, ToSchema)]
pub struct ProviderReview {
    pub submission: ProviderSubmission,
    pub listed: Option<ProviderSubmission>,
}

/// One provider submission beside the listed profile (reviewers).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("revision_id" = String, Path, description = "Submission id")),
    responses((status = 200, body = ProviderReview), SignedInErrors),
)]
#[get("/admin/provider-reviews/{revision_id}")]
pub async fn provider_review(
    state: AppState,
    _admin: Admin<AnyAdmin>,
    path: actix_web::web::Path<String>,
) -> ApiResult<Json<ProviderReview>> {
    let submission = provider_submission(&state.db, &path).await?;
    let listed = match submission.live_revision_id.as_deref() {
        Some(live) if live != submission.revision_id => {
            Some(provider_submission(&state.db, live).await?.into())
        }
        _ => None,
    };
    Ok(Json(ProviderReview { submission: submission.into(), listed }))
}

/// Approve a provider submission (reviewers): it becomes the public profile.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("revision_id" = String, Path, description = "Submission id")),
    responses((status = 200, body = ProviderSubmission), (status = 409, description = "`wrong_state`: already decided",
        body = crate::error::Problem, content_type = "application/problem+json"), SignedInErrors),
)]
#[post("/admin/provider-reviews/{revision_id}/approve")]
pub async fn approve_provider(
    state: AppState,
    req: HttpRequest,
    admin: Admin<Reviewer>,
    path: actix_web::web::Path<String>,
) -> ApiResult<Json<ProviderSubmission>> {
    let submission = provider_submission(&state.db, &path).await?;
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    let revision_id = &submission.revision_id;
    store::decide(&mut tx, Reviewed::Provider, revision_id, "approved", None, &admin.user.id, now)
        .await?;
    if let Some(previous) = &submission.live_revision_id {
        store::supersede_provider_revision(&mut tx, previous).await?;
    }
    store::set_live_provider_revision(&mut tx, &submission.provider_id, revision_id, now).await?;
    let first = submission.live_revision_id.is_none();
    messages::send_to_org(
        &mut *tx,
        &submission.org_id,
        NewMessage {
            kind: "provider.approved",
            title: if first {
                "云课堂供应商申请已通过"
            } else {
                "供应商信息修改已通过"
            },
            body: if first {
                "贵单位已成为云课堂供应商，可以在供应商后台添加讲师和课程。"
            } else {
                "供应商信息的修改已审核通过，并已公开展示。"
            },
            object: Some(("provider", &submission.provider_id)),
        },
    )
    .await?;
    audit_decision(
        &mut tx,
        &req,
        &admin,
        &submission.org_id,
        "provider.approve",
        "provider",
        &submission.provider_id,
        None,
    )
    .await?;
    tx.commit().await?;
    state.catalog_cache.invalidate(&state.db).await;
    Ok(Json(provider_submission(&state.db, &submission.revision_id).await?.into()))
}

/// Reject a provider submission with a reason (reviewers); the listed profile, if any, stays.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("revision_id" = String, Path, description = "Submission id")),
    request_body = Rejection,
    responses((status = 200, body = ProviderSubmission), (status = 409, description = "`wrong_state`: already decided",
        body = crate::error::Problem, content_type = "application/problem+json"), BodyErrors),
)]
#[post("/admin/provider-reviews/{revision_id}/reject")]
pub async fn reject_provider(
    state: AppState,
    req: HttpRequest,
    admin: Admin<Reviewer>,
    path: actix_web::web::Path<String>,
    ValidJson(rejection): ValidJson<Rejection>,
) -> ApiResult<Json<ProviderSubmission>> {
    let submission = provider_submission(&state.db, &path).await?;
    let reason = rejection.reason.trim();
    let mut tx = state.db.begin().await?;
    store::decide(
        &mut tx,
        Reviewed::Provider,
        &submission.revision_id,
        "rejected",
        Some(reason),
        &admin.user.id,
        now_ms(),
    )
    .await?;
    let body = format!("供应商资料未通过审核，原因：{reason}。请修改后重新提交。");
    messages::send_to_org(
        &mut *tx,
        &submission.org_id,
        NewMessage {
            kind: "provider.rejected",
            title: "供应商资料未通过审核",
            body: &body,
            object: Some(("provider", &submission.provider_id)),
        },
    )
    .await?;
    audit_decision(
        &mut tx,
        &req,
        &admin,
        &submission.org_id,
        "provider.reject",
        "provider",
        &submission.provider_id,
        Some(reason),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(provider_submission(&state.db, &submission.revision_id).await?.into()))
}

#[allow(clippy::too_many_arguments)]
async fn audit_decision(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    req: &HttpRequest,
    admin: &Admin<Reviewer>,
    org_id: &str,
    action: &str,
    object_type: &str,
    object_id: &str,
    reason: Option<&str>,
) -> ApiResult<()> {
    audit::record(
        &mut **tx,
        AuditEntry {
            actor: Actor::Admin(&admin.user.id),
            org_id: Some(org_id),
            action,
            object_type,
            object_id: Some(object_id),
            origin: &Origin::of(req),
            details: json!({ "reason": reason }),
        },
    )
    .await?;
    Ok(())
}

// ---- courses ---------------------------------------------------------------------------

/// A course revision waiting for (or past) review.
#[derive(Debug, Serialize, ToSchema)]
pub struct CourseSubmission {
    pub course_id: String,
    pub provider_id: String,
    pub provider_name: String,
    /// Whether an approved revision is listed now (this is then an update).
    pub is_update: bool,
    pub revision: CourseRevision,
}

async fn course_submission(
    state: &AppState,
    revision_id: &str,
) -> ApiResult<(CourseSubmission, CourseContext)> {
    let row = revision(&state.db, revision_id).await?;
    let context = course_context(&state.db, &row.course_id).await?;
    let submission = CourseSubmission {
        course_id: context.course_id.clone(),
        provider_id: context.provider_id.clone(),
        provider_name: context.provider_name.clone(),
        is_update: context.live_revision_id.as_deref().is_some_and(|live| live != row.id),
        revision: courses::describe_revision(&state.db, row).await?,
    };
    Ok((submission, context))
}

/// Course revisions by status (default pending), oldest submission first (reviewers).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(QueueFilter, PageQuery),
    responses((status = 200, body = Page<CourseSubmission>), SignedInErrors),
)]
#[get("/admin/course-reviews")]
pub async fn course_queue(
    state: AppState,
    _admin: Admin<AnyAdmin>,
    ValidQuery(filter): ValidQuery<QueueFilter>,
    ValidQuery(page): ValidQuery<PageQuery>,
) -> ApiResult<Page<CourseSubmission>> {
    let status = filter.status.as_deref().unwrap_or("pending");
    let total = store::count_course_submissions(&state.db, status).await?;
    let ids = store::course_submissions_page(&state.db, status, page).await?;
    let mut items = Vec::with_capacity(ids.len());
    for id in ids {
        items.push(course_submission(&state, &id).await?.0);
    }
    Ok(Page::new(items, total, page))
}

/// A course revision and the revision listed now, to compare (reviewers).
#[derive(Debug, Serialize, ToSchema)]
pub struct CourseReview {
    pub submission: CourseSubmission,
    /// The approved revision the public sees now; none for a first submission.
    pub listed: Option<CourseRevision>,
}

/// One course revision beside the listed one (reviewers).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("revision_id" = String, Path, description = "Course revision id")),
    responses((status = 200, body = CourseReview), SignedInErrors),
)]
#[get("/admin/course-reviews/{revision_id}")]
pub async fn course_review(
    state: AppState,
    _admin: Admin<AnyAdmin>,
    path: actix_web::web::Path<String>,
) -> ApiResult<Json<CourseReview>> {
    let (submission, context) = course_submission(&state, &path).await?;
    let listed = match context.live_revision_id.as_deref() {
        Some(live) if live != submission.revision.id => {
            let row = revision(&state.db, live).await?;
            Some(courses::describe_revision(&state.db, row).await?)
        }
        _ => None,
    };
    Ok(Json(CourseReview { submission, listed }))
}

/// Approve a course revision (reviewers): it is listed at once, replacing the previous one.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("revision_id" = String, Path, description = "Course revision id")),
    responses((status = 200, body = CourseSubmission), (status = 409, description = "`wrong_state`: already decided",
        body = crate::error::Problem, content_type = "application/problem+json"), SignedInErrors),
)]
#[post("/admin/course-reviews/{revision_id}/approve")]
pub async fn approve_course(
    state: AppState,
    req: HttpRequest,
    admin: Admin<Reviewer>,
    path: actix_web::web::Path<String>,
) -> ApiResult<Json<CourseSubmission>> {
    let (submission, context) = course_submission(&state, &path).await?;
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    let revision_id = &submission.revision.id;
    store::decide(&mut tx, Reviewed::Course, revision_id, "approved", None, &admin.user.id, now)
        .await?;
    if let Some(previous) = &context.live_revision_id {
        store::supersede_course_revision(&mut tx, previous).await?;
    }
    store::set_live_course_revision(&mut tx, &context.course_id, revision_id, now).await?;
    super::title_search::index_title(&mut tx, &context.course_id, &submission.revision.title, now)
        .await?;
    let body = format!("课程《{}》已审核通过，已在云课堂上架。", submission.revision.title);
    messages::send_to_org(
        &mut *tx,
        &context.org_id,
        NewMessage {
            kind: "course.approved",
            title: "课程审核通过",
            body: &body,
            object: Some(("course", &context.course_id)),
        },
    )
    .await?;
    audit_decision(
        &mut tx,
        &req,
        &admin,
        &context.org_id,
        "course.approve",
        "course",
        &context.course_id,
        None,
    )
    .await?;
    crate::events::announce(
        &mut tx,
        crate::events::Event {
            kind: crate::events::EventKind::CourseApproved,
            org_id: &context.org_id,
            data: json!({"course_id": context.course_id, "revision_id": submission.revision.id,
               "title": submission.revision.title}),
        },
    )
    .await?;
    tx.commit().await?;
    state.catalog_cache.invalidate(&state.db).await;
    Ok(Json(course_submission(&state, &submission.revision.id).await?.0))
}

/// Reject a course revision with a reason (reviewers); a listed revision stays listed.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("revision_id" = String, Path, description = "Course revision id")),
    request_body = Rejection,
    responses((status = 200, body = CourseSubmission), (status = 409, description = "`wrong_state`: already decided",
        body = crate::error::Problem, content_type = "application/problem+json"), BodyErrors),
)]
#[post("/admin/course-reviews/{revision_id}/reject")]
pub async fn reject_course(
    state: AppState,
    req: HttpRequest,
    admin: Admin<Reviewer>,
    path: actix_web::web::Path<String>,
    ValidJson(rejection): ValidJson<Rejection>,
) -> ApiResult<Json<CourseSubmission>> {
    let (submission, context) = course_submission(&state, &path).await?;
    let reason = rejection.reason.trim();
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    store::decide(
        &mut tx,
        Reviewed::Course,
        &submission.revision.id,
        "rejected",
        Some(reason),
        &admin.user.id,
        now,
    )
    .await?;
    store::bump_course_version(&mut tx, &context.course_id, now).await?;
    let body = format!(
        "课程《{}》未通过审核，原因：{reason}。请修改后重新提交。",
        submission.revision.title
    );
    messages::send_to_org(
        &mut *tx,
        &context.org_id,
        NewMessage {
            kind: "course.rejected",
            title: "课程未通过审核",
            body: &body,
            object: Some(("course", &context.course_id)),
        },
    )
    .await?;
    audit_decision(
        &mut tx,
        &req,
        &admin,
        &context.org_id,
        "course.reject",
        "course",
        &context.course_id,
        Some(reason),
    )
    .await?;
    crate::events::announce(
        &mut tx,
        crate::events::Event {
            kind: crate::events::EventKind::CourseRejected,
            org_id: &context.org_id,
            data: json!({"course_id": context.course_id, "revision_id": submission.revision.id,
               "title": submission.revision.title, "reason": reason}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Json(course_submission(&state, &submission.revision.id).await?.0))
}
