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
    providers::{Picture, ProviderRow, approved_provider, provider_of_org},
};
use crate::{
    access::{Manager, Member, OrgAccess},
    audit::{self, Actor, AuditEntry, Origin},
    db::{Db, like_pattern, new_id, now_ms, rfc3339},
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

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RevisionRow {
    pub id: String,
    pub course_id: String,
    pub number: i64,
    pub status: String,
    pub title: String,
    pub delivery: String,
    pub training_mode: Option<String>,
    pub category_code: Option<String>,
    pub cover_media_id: Option<String>,
    pub video_media_id: Option<String>,
    pub intro: String,
    pub intro_image_media_id: Option<String>,
    pub external_url: Option<String>,
    pub live_starts_at: Option<i64>,
    pub live_ends_at: Option<i64>,
    pub capacity: Option<i64>,
    pub reject_reason: Option<String>,
    pub submitted_at: Option<i64>,
    pub decided_at: Option<i64>,
}

pub const REVISION_COLUMNS: &str = "r.id, r.course_id, r.number, r.status, r.title, r.delivery, \
    r.training_mode, r.category_code, r.cover_media_id, r.video_media_id, r.intro, \
    r.intro_image_media_id, r.external_url, r.live_starts_at, r.live_ends_at, r.capacity, \
    r.reject_reason, r.submitted_at, r.decided_at";

#[derive(Debug, sqlx::FromRow)]
pub struct CourseRow {
    pub id: String,
    pub live_revision_id: Option<String>,
    pub listed: i16,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

pub async fn revision(db: &Db, revision_id: &str) -> ApiResult<RevisionRow> {
    let sql = format!("select {REVISION_COLUMNS} from course_revisions r where r.id = $1");
    let row: Option<RevisionRow> =
        sqlx::query_as(&sql).bind(revision_id).fetch_optional(&db.pool).await?;
    row.ok_or(ApiError::NotFound)
}

async fn newest_revision(db: &Db, course_id: &str) -> ApiResult<RevisionRow> {
    let sql = format!(
        "select {REVISION_COLUMNS} from course_revisions r where r.course_id = $1 \
         order by r.number desc limit 1"
    );
    Ok(sqlx::query_as(&sql).bind(course_id).fetch_one(&db.pool).await?)
}

/// The lecturers a revision names, in order (deleted ones included: history stays whole).
pub async fn revision_lecturers(db: &Db, revision_id: &str) -> ApiResult<Vec<Lecturer>> {
    let lecturers: Vec<Lecturer> = sqlx::query_as(
        "select l.id, l.name, l.gender, l.intro, l.photo_media_id from course_revision_lecturers x \
         join lecturers l on l.id = x.lecturer_id where x.revision_id = $1 order by x.position",
    )
    .bind(revision_id)
    .fetch_all(&db.pool)
    .await?;
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

pub async fn find_course(db: &Db, provider: &ProviderRow, course_id: &str) -> ApiResult<CourseRow> {
    let course: Option<CourseRow> = sqlx::query_as(
        "select id, live_revision_id, listed, version, created_at, updated_at \
         from courses where id = $1 and provider_id = $2 and deleted_at is null",
    )
    .bind(course_id)
    .bind(&provider.id)
    .fetch_optional(&db.pool)
    .await?;
    course.ok_or(ApiError::NotFound)
}

async fn describe(db: &Db, course: CourseRow) -> ApiResult<Course> {
    let newest = newest_revision(db, &course.id).await?;
    let public_revision = match &course.live_revision_id {
        Some(live) => Some(revision(db, live).await?.number),
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
    if let Some(code) = &form.category_code {
        let known: Option<i64> =
            sqlx::query_scalar("select 1 from categories where code = $1 and enabled = 1")
                .bind(code)
                .fetch_optional(&state.db.pool)
                .await?;
        if known.is_none() {
            errors.push(FieldError::new("category_code", "unknown_category"));
        }
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
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    course_id: &str,
    revision: (&str, i64, &str),
    form: &CourseForm,
    insert: bool,
) -> ApiResult<()> {
    let (revision_id, number, status) = revision;
    let now = now_ms();
    let sql = if insert {
        "insert into course_revisions (id, course_id, number, status, title, delivery, training_mode, \
         category_code, cover_media_id, video_media_id, intro, intro_image_media_id, external_url, \
         live_starts_at, live_ends_at, capacity, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17)"
    } else {
        "update course_revisions set status = $4, title = $5, delivery = $6, training_mode = $7, \
         category_code = $8, cover_media_id = $9, video_media_id = $10, intro = $11, \
         intro_image_media_id = $12, external_url = $13, live_starts_at = $14, live_ends_at = $15, \
         capacity = $16, updated_at = $17 where id = $1 and course_id = $2 and number = $3"
    };
    let live = form.delivery == Delivery::Live;
    sqlx::query(sql)
        .bind(revision_id)
        .bind(course_id)
        .bind(number)
        .bind(status)
        .bind(form.title.trim())
        .bind(form.delivery.as_str())
        .bind(form.training_mode.map(TrainingMode::as_str))
        .bind(form.category_code.as_deref())
        .bind(form.cover_media_id.as_deref())
        .bind(form.video_media_id.as_deref())
        .bind(form.intro.trim())
        .bind(form.intro_image_media_id.as_deref())
        .bind(form.external_url.as_deref().filter(|_| form.delivery != Delivery::Video))
        .bind(epoch_ms(form.live_starts_at).filter(|_| live))
        .bind(epoch_ms(form.live_ends_at).filter(|_| live))
        .bind(form.capacity.filter(|_| live))
        .bind(now)
        .execute(&mut **tx)
        .await?;
    sqlx::query("delete from course_revision_lecturers where revision_id = $1")
        .bind(revision_id)
        .execute(&mut **tx)
        .await?;
    for (position, lecturer_id) in form.lecturer_ids.iter().enumerate() {
        sqlx::query(
            "insert into course_revision_lecturers (revision_id, lecturer_id, position) \
             values ($1, $2, $3)",
        )
        .bind(revision_id)
        .bind(lecturer_id)
        .bind(i64::try_from(position).unwrap_or_default())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn mark_submitted(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    revision_id: &str,
    user_id: &str,
) -> ApiResult<()> {
    sqlx::query(
        "update course_revisions set status = 'pending', submitted_by = $2, submitted_at = $3, \
         reject_reason = null where id = $1",
    )
    .bind(revision_id)
    .bind(user_id)
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Bumps the course's version, failing (412) if it moved since `expected` was read.
async fn bump_version(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    course_id: &str,
    expected: i64,
) -> ApiResult<()> {
    let updated = sqlx::query(
        "update courses set version = version + 1, updated_at = $3 where id = $1 and version = $2",
    )
    .bind(course_id)
    .bind(expected)
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    if updated.rows_affected() == 1 { Ok(()) } else { Err(ApiError::PreconditionFailed) }
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

#[derive(Debug, sqlx::FromRow)]
struct SummaryRow {
    id: String,
    title: String,
    status: String,
    listed: i16,
    live_revision_id: Option<String>,
    reject_reason: Option<String>,
    cover_media_id: Option<String>,
    delivery: String,
    updated_at: i64,
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
    let from = "from courses c join course_revisions r on r.course_id = c.id \
         and r.number = (select max(number) from course_revisions where course_id = c.id) \
         where c.provider_id = $1 and c.deleted_at is null \
         and ($2 is null or r.status = $2) and ($3 is null or r.title like $3 escape '\\')";
    let pattern = filter.q.as_deref().filter(|q| !q.trim().is_empty()).map(like_pattern);
    let status = filter.status.as_deref().filter(|s| !s.is_empty());
    let total: i64 = sqlx::query_scalar(&format!("select count(*) {from}"))
        .bind(&provider.id)
        .bind(status)
        .bind(pattern.as_deref())
        .fetch_one(&state.db.pool)
        .await?;
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
        "select c.id, r.title, r.status, c.listed, c.live_revision_id, r.reject_reason, \
         r.cover_media_id, r.delivery, c.updated_at {from} \
         order by c.updated_at desc, c.id desc limit $4 offset $5"
    ))
    .bind(&provider.id)
    .bind(status)
    .bind(pattern.as_deref())
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(&state.db.pool)
    .await?;
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
    sqlx::query(
        "insert into courses (id, provider_id, created_at, updated_at) values ($1, $2, $3, $3)",
    )
    .bind(&course_id)
    .bind(&provider.id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
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
    let newest = newest_revision(&state.db, &course.id).await?;
    let mut tx = state.db.begin().await?;
    bump_version(&mut tx, &course.id, course.version).await?;
    match newest.status.as_str() {
        "draft" | "pending" => {
            let target = (newest.id.as_str(), newest.number, newest.status.as_str());
            write_revision(&mut tx, &course.id, target, &form, false).await?;
            if newest.status == "pending" {
                let written = revision_in_tx(&mut tx, &newest.id).await?;
                check_complete(&written, form.lecturer_ids.len())?;
                mark_submitted(&mut tx, &newest.id, &access.user.id).await?;
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
            let written = revision_in_tx(&mut tx, &id).await?;
            check_complete(&written, form.lecturer_ids.len())?;
            mark_submitted(&mut tx, &id, &access.user.id).await?;
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

async fn revision_in_tx(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    revision_id: &str,
) -> ApiResult<RevisionRow> {
    let sql = format!("select {REVISION_COLUMNS} from course_revisions r where r.id = $1");
    Ok(sqlx::query_as(&sql).bind(revision_id).fetch_one(&mut **tx).await?)
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
    let newest = newest_revision(&state.db, &course.id).await?;
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
        if !lecturers::lock(&mut tx, &provider.id, id).await? {
            return Err(ApiError::invalid(format!("lecturer_ids[{i}]"), "unknown_lecturer"));
        }
    }
    bump_version(&mut tx, &course.id, course.version).await?;
    mark_submitted(&mut tx, &newest.id, &access.user.id).await?;
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
    bump_version(&mut tx, &course.id, course.version).await?;
    sqlx::query("update courses set listed = $2 where id = $1")
        .bind(&course.id)
        .bind(i16::from(listed))
        .execute(&mut *tx)
        .await?;
    let origin = Origin::of(req);
    let action = if listed { "course.relist" } else { "course.unlist" };
    audit::record(
        &mut *tx,
        audit_entry(&access.user.id, &access.org_id, &origin, action, &course.id),
    )
    .await?;
    tx.commit().await?;
    state.catalog_cache.invalidate();
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
    bump_version(&mut tx, &course.id, course.version).await?;
    sqlx::query("update courses set deleted_at = $2 where id = $1")
        .bind(&course.id)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
    let origin = Origin::of(&req);
    audit::record(
        &mut *tx,
        audit_entry(&access.user.id, &access.org_id, &origin, "course.delete", &course.id),
    )
    .await?;
    tx.commit().await?;
    state.catalog_cache.invalidate();
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
    let sql = format!(
        "select {REVISION_COLUMNS} from course_revisions r where r.course_id = $1 \
         order by r.number desc"
    );
    let rows: Vec<RevisionRow> =
        sqlx::query_as(&sql).bind(&course.id).fetch_all(&state.db.pool).await?;
    let mut revisions = Vec::with_capacity(rows.len());
    for row in rows {
        revisions.push(describe_revision(&state.db, row).await?);
    }
    Ok(Json(revisions))
}
