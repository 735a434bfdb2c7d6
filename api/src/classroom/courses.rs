//! Courses in the provider console (SPEC §3.3). A course's content lives in revisions:
//! `draft` → submit → `pending` (edits keep it pending) → `approved` (listed at once) |
//! `rejected` (an edit starts a new draft; resubmit). Editing an approved course starts a new
//! `pending` revision while the approved one stays listed. Every revision is kept, so the
//! review history is the list of revisions. Writes honour `If-Match` (412 when stale).

use actix_web::{HttpRequest, HttpResponse, delete, get, http::header, post, put, web::Json};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::{
    TAG,
    lecturers::{self, Lecturer},
    providers::{Picture, approved_provider},
    store::{
        courses::{self as store, CourseRow, RevisionRow, find_course},
        providers::{ProviderRow, provider_of_org},
    },
};
use crate::{
    access::{Manager, Member, OrgAccess},
    audit::{self, Actor, AuditEntry, Origin},
    db::{Conn, Db, like_pattern, new_id, now_ms, rfc3339},
    error::{ApiError, ApiResult, FieldError},
    extract::{ValidJson, ValidQuery},
    media::{self, rules::MediaPurpose},
    openapi::{BodyErrors, SignedInErrors},
    pagination::{Page, PageQuery},
    state::AppState,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    /// Recorded: a video to watch.
    Video,
    /// Training held elsewhere: a link.
    External,
    /// A live course with a time window and places to enroll in.
    Live,
}

impl Delivery {
    fn as_str(self) -> &'static str {
        match self {
            Delivery::Video => "video",
            Delivery::External => "external",
            Delivery::Live => "live",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TrainingMode {
    Online,
    Offline,
}

impl TrainingMode {
    fn as_str(self) -> &'static str {
        match self {
            TrainingMode::Online => "online",
            TrainingMode::Offline => "offline",
        }
    }
}

/// The course form. A draft needs only a title; submitting (or editing an approved course)
/// needs the rest, checked then with every missing field named.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CourseForm {
    #[validate(length(min = 1, max = 30))]
    #[schema(min_length = 1, max_length = 30)]
    pub title: String,
    pub delivery: Delivery,
    pub training_mode: Option<TrainingMode>,
    /// A topic category `code` (`GET /categories`).
    #[validate(length(min = 1, max = 64))]
    pub category_code: Option<String>,
    /// An uploaded `course_cover` (386×240).
    #[validate(length(min = 1, max = 64))]
    pub cover_media_id: Option<String>,
    /// An uploaded `course_video` (655×368, H.264): required for `video` courses.
    #[validate(length(min = 1, max = 64))]
    pub video_media_id: Option<String>,
    #[serde(default)]
    #[validate(length(max = 300))]
    #[schema(max_length = 300)]
    pub intro: String,
    /// An uploaded `long_image`: the intro as a picture, with or instead of the text.
    #[validate(length(min = 1, max = 64))]
    pub intro_image_media_id: Option<String>,
    /// Only for `external` (required) and `live` courses.
    #[validate(custom(function = "crate::extract::http_url"), length(max = 500))]
    #[schema(max_length = 500)]
    pub external_url: Option<String>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub live_starts_at: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub live_ends_at: Option<OffsetDateTime>,
    #[validate(range(min = 1, max = 100_000))]
    #[schema(minimum = 1, maximum = 100000)]
    pub capacity: Option<i64>,
    /// The provider's own lecturers, in display order.
    #[serde(default)]
    #[validate(length(max = 20))]
    #[schema(max_items = 20)]
    pub lecturer_ids: Vec<String>,
}

/// One revision of a course's content.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CourseRevision {
    pub id: String,
    pub number: i64,
    /// `draft`, `pending`, `approved`, `rejected` or `superseded` (an approved revision
    /// replaced by a newer approved one).
    pub status: String,
    pub title: String,
    pub delivery: String,
    pub training_mode: Option<String>,
    pub category_code: Option<String>,
    pub cover: Option<Picture>,
    /// The video's media id; watch it through `GET /courses/{id}` (public) or a signed URL.
    pub video_media_id: Option<String>,
    pub intro: String,
    pub intro_image: Option<Picture>,
    pub external_url: Option<String>,
    pub live_starts_at: Option<String>,
    pub live_ends_at: Option<String>,
    pub capacity: Option<i64>,
    pub lecturers: Vec<Lecturer>,
    pub reject_reason: Option<String>,
    pub submitted_at: Option<String>,
    pub decided_at: Option<String>,
}

/// A course in the console: its newest revision (what the form edits) and its public state.
#[derive(Debug, Serialize, ToSchema)]
pub struct Course {
    pub id: String,
    /// The newest revision's status: what the console shows.
    pub status: String,
    /// Whether an approved revision exists and the provider has not unlisted it.
    pub listed: bool,
    /// The number of the approved revision the public sees, if any.
    pub public_revision: Option<i64>,
    pub revision: CourseRevision,
    /// Also sent as the `ETag`; send it back in `If-Match` to edit.
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

/// The lecturers a revision names, in order (deleted ones included: history stays whole).
pub async fn revision_lecturers(db: &Db, revision_id: &str) -> ApiResult<Vec<Lecturer>> {
    let lecturers = store::revision_lecturers(db, revision_id).await?;
    Ok(lecturers.into_iter().map(lecturers::with_photo).collect())
}

pub async fn describe_revision(db: &Db, row: RevisionRow) -> ApiResult<CourseRevision> {
    let lecturers = revision_lecturers(db, &row.id).await?;
    Ok(CourseRevision {
        id: row.id,
        number: row.number,
        status: row.status,
        title: row.title,
        delivery: row.delivery,
        training_mode: row.training_mode,
        category_code: row.category_code,
        cover: Picture::of(row.cover_media_id),
        video_media_id: row.video_media_id,
        intro: row.intro,
        intro_image: Picture::of(row.intro_image_media_id),
        external_url: row.external_url,
        live_starts_at: row.live_starts_at.map(rfc3339),
        live_ends_at: row.live_ends_at.map(rfc3339),
        capacity: row.capacity,
        lecturers,
        reject_reason: row.reject_reason,
        submitted_at: row.submitted_at.map(rfc3339),
        decided_at: row.decided_at.map(rfc3339),
    })
}

async fn describe(db: &Db, course: CourseRow) -> ApiResult<Course> {
    let newest = store::newest_revision(db, &course.id).await?;
    let public_revision = match &course.live_revision_id {
        Some(live) => Some(store::revision(db, live).await?.number),
        None => None,
    };
    Ok(Course {
        status: newest.status.clone(),
        listed: course.live_revision_id.is_some() && course.listed == 1,
        public_revision,
        revision: describe_revision(db, newest).await?,
        id: course.id,
        version: course.version,
        created_at: rfc3339(course.created_at),
        updated_at: rfc3339(course.updated_at),
    })
}

fn etag(version: i64) -> String {
    format!("\"{version}\"")
}

fn with_etag(course: Course) -> HttpResponse {
    HttpResponse::Ok().insert_header((header::ETAG, etag(course.version))).json(course)
}

/// 412 when the request names a version (`If-Match`) that is no longer current.
fn check_if_match(req: &HttpRequest, course: &CourseRow) -> ApiResult<()> {
    match req.headers().get(header::IF_MATCH).and_then(|v| v.to_str().ok()) {
        Some(given) if given.trim() != "*" && given.trim() != etag(course.version) => {
            Err(ApiError::PreconditionFailed)
        }
        _ => Ok(()),
    }
}

/// Checks references (files, category, lecturers) whatever the state: a draft may be
/// incomplete but never point at something that is not the provider's.
async fn check_references(
    state: &AppState,
    access: &OrgAccess<Manager>,
    provider: &ProviderRow,
    form: &CourseForm,
) -> ApiResult<()> {
    let files = [
        (&form.cover_media_id, MediaPurpose::CourseCover, "cover_media_id"),
        (&form.video_media_id, MediaPurpose::CourseVideo, "video_media_id"),
        (&form.intro_image_media_id, MediaPurpose::LongImage, "intro_image_media_id"),
    ];
    for (media_id, purpose, field) in files {
        if let Some(media_id) = media_id {
            media::check_attachable(
                state,
                media_id,
                purpose,
                &access.org_id,
                &access.user.id,
                field,
            )
            .await?;
        }
    }
    let mut errors = Vec::new();
    if let Some(code) = &form.category_code
        && !store::category_enabled(&state.db, code).await?
    {
        errors.push(FieldError::new("category_code", "unknown_category"));
    }
    for (i, lecturer_id) in form.lecturer_ids.iter().enumerate() {
        if form.lecturer_ids[..i].contains(lecturer_id) {
            errors.push(FieldError::new(format!("lecturer_ids[{i}]"), "duplicate"));
        } else if lecturers::find(&state.db, &provider.id, lecturer_id).await.is_err() {
            errors.push(FieldError::new(format!("lecturer_ids[{i}]"), "unknown_lecturer"));
        }
    }
    if form.external_url.is_some() && form.delivery == Delivery::Video {
        errors.push(FieldError::new("external_url", "external_url_not_allowed"));
    }
    if let (Some(starts), Some(ends)) = (form.live_starts_at, form.live_ends_at)
        && ends <= starts
    {
        errors.push(FieldError::new("live_ends_at", "ends_before_start"));
    }
    if errors.is_empty() { Ok(()) } else { Err(ApiError::Validation(errors)) }
}

/// What a revision needs before review (SPEC §3.3), every gap named.
fn check_complete(revision: &RevisionRow, lecturer_count: usize) -> ApiResult<()> {
    let mut missing = Vec::new();
    let mut need = |present: bool, field: &str| {
        if !present {
            missing.push(FieldError::new(field, "required_for_review"));
        }
    };
    need(revision.training_mode.is_some(), "training_mode");
    need(revision.category_code.is_some(), "category_code");
    need(revision.cover_media_id.is_some(), "cover_media_id");
    need(!revision.intro.is_empty() || revision.intro_image_media_id.is_some(), "intro");
    need(lecturer_count > 0, "lecturer_ids");
    match revision.delivery.as_str() {
        "video" => need(revision.video_media_id.is_some(), "video_media_id"),
        "external" => need(revision.external_url.is_some(), "external_url"),
        _ => {
            need(revision.live_starts_at.is_some(), "live_starts_at");
            need(revision.live_ends_at.is_some(), "live_ends_at");
            need(revision.capacity.is_some(), "capacity");
        }
    }
    if missing.is_empty() { Ok(()) } else { Err(ApiError::Validation(missing)) }
}

fn epoch_ms(time: Option<OffsetDateTime>) -> Option<i64> {
    time.and_then(|t| i64::try_from(t.unix_timestamp_nanos() / 1_000_000).ok())
}

/// Writes the form into revision `revision_id` (insert when `insert`), with its lecturers.
async fn write_revision(
    conn: &mut Conn,
    course_id: &str,
    revision: (&str, i64, &str),
    form: &CourseForm,
    insert: bool,
) -> ApiResult<()> {
    let live = form.delivery == Delivery::Live;
    let fields = store::RevisionFields {
        title: form.title.trim(),
        delivery: form.delivery.as_str(),
        training_mode: form.training_mode.map(TrainingMode::as_str),
        category_code: form.category_code.as_deref(),
        cover_media_id: form.cover_media_id.as_deref(),
        video_media_id: form.video_media_id.as_deref(),
        intro: form.intro.trim(),
        intro_image_media_id: form.intro_image_media_id.as_deref(),
        external_url: form.external_url.as_deref().filter(|_| form.delivery != Delivery::Video),
        live_starts_at: epoch_ms(form.live_starts_at).filter(|_| live),
        live_ends_at: epoch_ms(form.live_ends_at).filter(|_| live),
        capacity: form.capacity.filter(|_| live),
    };
    store::write_revision(&mut *conn, course_id, revision, &fields, insert).await?;
    store::set_revision_lecturers(conn, revision.0, &form.lecturer_ids).await?;
    Ok(())
}

fn audit_entry<'a>(
    user_id: &'a str,
    org_id: &'a str,
    origin: &'a Origin,
    action: &'a str,
    course_id: &'a str,
) -> AuditEntry<'a> {
    AuditEntry {
        actor: Actor::User(user_id),
        org_id: Some(org_id),
        action,
        object_type: "course",
        object_id: Some(course_id),
        origin,
        details: json!({}),
    }
}

#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct CourseFilter {
    /// The newest revision's status: `draft`, `pending`, `approved`, `rejected`.
    #[validate(length(max = 20))]
    pub status: Option<String>,
    /// Part of the title.
    #[validate(length(max = 30))]
    pub q: Option<String>,
}

/// A row of the console's course list.
#[derive(Debug, Serialize, ToSchema)]
pub struct CourseSummary {
    pub id: String,
    pub title: String,
    pub status: String,
    pub listed: bool,
    pub reject_reason: Option<String>,
    pub cover: Option<Picture>,
    pub delivery: String,
    pub updated_at: String,
}

/// The provider's courses (any member), newest change first; filter by status, search titles.
#[utoipa::path(
    operation_id = "list_org_courses",
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), CourseFilter, PageQuery),
    responses((status = 200, body = Page<CourseSummary>), SignedInErrors),
)]
#[get("/orgs/{org_id}/courses")]
pub async fn list(
    state: AppState,
    access: OrgAccess<Member>,
    ValidQuery(filter): ValidQuery<CourseFilter>,
    ValidQuery(page): ValidQuery<PageQuery>,
) -> ApiResult<Page<CourseSummary>> {
    let Some(provider) = provider_of_org(&state.db, &access.org_id).await? else {
        return Ok(Page::new(Vec::new(), 0, page));
    };
    let pattern = filter.q.as_deref().filter(|q| !q.trim().is_empty()).map(like_pattern);
    let status = filter.status.as_deref().filter(|s| !s.is_empty());
    let total = store::count_courses(&state.db, &provider.id, status, pattern.as_deref()).await?;
    let rows =
        store::courses_page(&state.db, &provider.id, status, pattern.as_deref(), page).await?;
    let items = rows
        .into_iter()
        .map(|row| CourseSummary {
            listed: row.live_revision_id.is_some() && row.listed == 1,
            id: row.id,
            title: row.title,
            status: row.status,
            reject_reason: row.reject_reason,
            cover: Picture::of(row.cover_media_id),
            delivery: row.delivery,
            updated_at: rfc3339(row.updated_at),
        })
        .collect();
    Ok(Page::new(items, total, page))
}

/// Start a course as a draft (owner or admin of an approved provider).
#[utoipa::path(
    operation_id = "create_course",
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id")),
    request_body = CourseForm,
    responses(
        (status = 201, body = Course, headers(("ETag" = String, description = "The version, for If-Match"))),
        (status = 409, description = "`provider_not_approved`", body = crate::error::Problem,
            content_type = "application/problem+json"),
        BodyErrors,
    ),
)]
#[post("/orgs/{org_id}/courses")]
pub async fn create(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Manager>,
    ValidJson(form): ValidJson<CourseForm>,
) -> ApiResult<HttpResponse> {
    let provider = approved_provider(&state.db, &access.org_id).await?;
    check_references(&state, &access, &provider, &form).await?;
    let course_id = new_id();
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    store::insert_course(&mut tx, &course_id, &provider.id, now).await?;
    write_revision(&mut tx, &course_id, (&new_id(), 1, "draft"), &form, true).await?;
    let origin = Origin::of(&req);
    audit::record(
        &mut *tx,
        audit_entry(&access.user.id, &access.org_id, &origin, "course.create", &course_id),
    )
    .await?;
    tx.commit().await?;
    let course = describe(&state.db, find_course(&state.db, &provider, &course_id).await?).await?;
    Ok(HttpResponse::Created().insert_header((header::ETAG, etag(course.version))).json(course))
}

/// A course with its newest revision (any member); the `ETag` is its version.
#[utoipa::path(
    operation_id = "get_org_course",
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("course_id" = String, Path, description = "Course id")),
    responses((status = 200, body = Course, headers(("ETag" = String, description = "The version, for If-Match"))), SignedInErrors),
)]
#[get("/orgs/{org_id}/courses/{course_id}")]
pub async fn get(
    state: AppState,
    access: OrgAccess<Member>,
    path: actix_web::web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let provider = provider_of_org(&state.db, &access.org_id).await?.ok_or(ApiError::NotFound)?;
    let course = find_course(&state.db, &provider, &path.1).await?;
    Ok(with_etag(describe(&state.db, course).await?))
}

/// Edit (owner or admin; `If-Match` honoured). A draft or pending revision changes in place
/// (pending stays pending); a rejected one is kept and the edit starts a new draft; on an
/// approved course the edit is a new pending revision, the approved one staying listed.
#[utoipa::path(
    operation_id = "update_course",
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("course_id" = String, Path, description = "Course id"),
        ("If-Match" = Option<String>, Header, description = "The ETag read; 412 when stale")),
    request_body = CourseForm,
    responses(
        (status = 200, body = Course, headers(("ETag" = String, description = "The new version"))),
        (status = 412, description = "Changed since read", body = crate::error::Problem, content_type = "application/problem+json"),
        BodyErrors,
    ),
)]
#[put("/orgs/{org_id}/courses/{course_id}")]
pub async fn update(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Manager>,
    path: actix_web::web::Path<(String, String)>,
    ValidJson(form): ValidJson<CourseForm>,
) -> ApiResult<HttpResponse> {
    let provider = provider_of_org(&state.db, &access.org_id).await?.ok_or(ApiError::NotFound)?;
    let course = find_course(&state.db, &provider, &path.1).await?;
    check_if_match(&req, &course)?;
    check_references(&state, &access, &provider, &form).await?;
    let newest = store::newest_revision(&state.db, &course.id).await?;
    let mut tx = state.db.begin().await?;
    store::bump_version(&mut tx, &course.id, course.version).await?;
    match newest.status.as_str() {
        "draft" | "pending" => {
            let target = (newest.id.as_str(), newest.number, newest.status.as_str());
            write_revision(&mut tx, &course.id, target, &form, false).await?;
            if newest.status == "pending" {
                let written = store::revision_in_tx(&mut tx, &newest.id).await?;
                check_complete(&written, form.lecturer_ids.len())?;
                store::mark_submitted(&mut tx, &newest.id, &access.user.id).await?;
            }
        }
        "rejected" => {
            write_revision(
                &mut tx,
                &course.id,
                (&new_id(), newest.number + 1, "draft"),
                &form,
                true,
            )
            .await?;
        }
        _ => {
            // Approved (or superseded): a new revision for review; the listed one stays.
            let id = new_id();
            write_revision(&mut tx, &course.id, (&id, newest.number + 1, "pending"), &form, true)
                .await?;
            let written = store::revision_in_tx(&mut tx, &id).await?;
            check_complete(&written, form.lecturer_ids.len())?;
            store::mark_submitted(&mut tx, &id, &access.user.id).await?;
        }
    }
    let origin = Origin::of(&req);
    audit::record(
        &mut *tx,
        audit_entry(&access.user.id, &access.org_id, &origin, "course.update", &course.id),
    )
    .await?;
    tx.commit().await?;
    let course = find_course(&state.db, &provider, &course.id).await?;
    Ok(with_etag(describe(&state.db, course).await?))
}

/// Submit a draft or rejected course for review (owner or admin): 422 naming each missing
/// field; 409 `wrong_state` when it is already pending or approved.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("course_id" = String, Path, description = "Course id"),
        ("If-Match" = Option<String>, Header, description = "The ETag read; 412 when stale")),
    responses(
        (status = 200, body = Course),
        (status = 409, description = "`wrong_state`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed since read", body = crate::error::Problem, content_type = "application/problem+json"),
        SignedInErrors,
    ),
)]
#[post("/orgs/{org_id}/courses/{course_id}/submit")]
pub async fn submit(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Manager>,
    path: actix_web::web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let provider = provider_of_org(&state.db, &access.org_id).await?.ok_or(ApiError::NotFound)?;
    let course = find_course(&state.db, &provider, &path.1).await?;
    check_if_match(&req, &course)?;
    let newest = store::newest_revision(&state.db, &course.id).await?;
    if !matches!(newest.status.as_str(), "draft" | "rejected") {
        return Err(ApiError::conflict("wrong_state"));
    }
    let lecturer_ids: Vec<String> = revision_lecturers(&state.db, &newest.id)
        .await?
        .into_iter()
        .filter(|l| !l.id.is_empty())
        .map(|l| l.id)
        .collect();
    check_complete(&newest, lecturer_ids.len())?;
    let mut tx = state.db.begin().await?;
    // A lecturer deleted since the draft was saved may not go to review. Their rows stay
    // locked until the submission commits, so a deletion racing it waits and then sees the
    // pending course (`lecturer_in_use`). Locked in id order: two submissions never deadlock.
    let mut by_id: Vec<(usize, &String)> = lecturer_ids.iter().enumerate().collect();
    by_id.sort_by(|a, b| a.1.cmp(b.1));
    for (i, id) in by_id {
        if !super::store::lecturers::lock(&mut tx, &provider.id, id).await? {
            return Err(ApiError::invalid(format!("lecturer_ids[{i}]"), "unknown_lecturer"));
        }
    }
    store::bump_version(&mut tx, &course.id, course.version).await?;
    store::mark_submitted(&mut tx, &newest.id, &access.user.id).await?;
    let origin = Origin::of(&req);
    audit::record(
        &mut *tx,
        audit_entry(&access.user.id, &access.org_id, &origin, "course.submit", &course.id),
    )
    .await?;
    tx.commit().await?;
    let course = find_course(&state.db, &provider, &course.id).await?;
    Ok(with_etag(describe(&state.db, course).await?))
}

async fn set_listed(
    state: &AppState,
    req: &HttpRequest,
    access: &OrgAccess<Manager>,
    course_id: &str,
    listed: bool,
) -> ApiResult<HttpResponse> {
    let provider = provider_of_org(&state.db, &access.org_id).await?.ok_or(ApiError::NotFound)?;
    let course = find_course(&state.db, &provider, course_id).await?;
    check_if_match(req, &course)?;
    if course.live_revision_id.is_none() {
        return Err(ApiError::conflict("wrong_state"));
    }
    let mut tx = state.db.begin().await?;
    store::bump_version(&mut tx, &course.id, course.version).await?;
    store::set_listed(&mut tx, &course.id, listed).await?;
    let origin = Origin::of(req);
    let action = if listed { "course.relist" } else { "course.unlist" };
    audit::record(
        &mut *tx,
        audit_entry(&access.user.id, &access.org_id, &origin, action, &course.id),
    )
    .await?;
    tx.commit().await?;
    state.catalog_cache.invalidate(&state.db).await;
    let course = find_course(&state.db, &provider, &course.id).await?;
    Ok(with_etag(describe(&state.db, course).await?))
}

/// Take an approved course off the catalog (owner or admin); 409 before its first approval.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("course_id" = String, Path, description = "Course id")),
    responses((status = 200, body = Course), (status = 409, description = "`wrong_state`",
        body = crate::error::Problem, content_type = "application/problem+json"), SignedInErrors),
)]
#[post("/orgs/{org_id}/courses/{course_id}/unlist")]
pub async fn unlist(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Manager>,
    path: actix_web::web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    set_listed(&state, &req, &access, &path.1, false).await
}

/// Put an unlisted course back in the catalog (owner or admin).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("course_id" = String, Path, description = "Course id")),
    responses((status = 200, body = Course), (status = 409, description = "`wrong_state`",
        body = crate::error::Problem, content_type = "application/problem+json"), SignedInErrors),
)]
#[post("/orgs/{org_id}/courses/{course_id}/relist")]
pub async fn relist(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Manager>,
    path: actix_web::web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    set_listed(&state, &req, &access, &path.1, true).await
}

/// Delete a course (owner or admin): it leaves the console and the catalog; its history stays
/// for the audit.
#[utoipa::path(
    operation_id = "remove_course",
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("course_id" = String, Path, description = "Course id"),
        ("If-Match" = Option<String>, Header, description = "The ETag read; 412 when stale")),
    responses((status = 204, description = "Deleted"), SignedInErrors),
)]
#[delete("/orgs/{org_id}/courses/{course_id}")]
pub async fn remove(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Manager>,
    path: actix_web::web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let provider = provider_of_org(&state.db, &access.org_id).await?.ok_or(ApiError::NotFound)?;
    let course = find_course(&state.db, &provider, &path.1).await?;
    check_if_match(&req, &course)?;
    let mut tx = state.db.begin().await?;
    store::bump_version(&mut tx, &course.id, course.version).await?;
    store::mark_deleted(&mut tx, &course.id).await?;
    let origin = Origin::of(&req);
    audit::record(
        &mut *tx,
        audit_entry(&access.user.id, &access.org_id, &origin, "course.delete", &course.id),
    )
    .await?;
    tx.commit().await?;
    state.catalog_cache.invalidate(&state.db).await;
    Ok(HttpResponse::NoContent().finish())
}

/// Every revision of a course, newest first: its review history (any member).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("course_id" = String, Path, description = "Course id")),
    responses((status = 200, body = Vec<CourseRevision>), SignedInErrors),
)]
#[get("/orgs/{org_id}/courses/{course_id}/revisions")]
pub async fn history(
    state: AppState,
    access: OrgAccess<Member>,
    path: actix_web::web::Path<(String, String)>,
) -> ApiResult<Json<Vec<CourseRevision>>> {
    let provider = provider_of_org(&state.db, &access.org_id).await?.ok_or(ApiError::NotFound)?;
    let course = find_course(&state.db, &provider, &path.1).await?;
    let rows = store::revisions_of(&state.db, &course.id).await?;
    let mut revisions = Vec::with_capacity(rows.len());
    for row in rows {
        revisions.push(describe_revision(&state.db, row).await?);
    }
    Ok(Json(revisions))
}
