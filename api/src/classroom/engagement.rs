//! What signed-in users do with a public course, and what its provider sees of it:
//! enrollment in live courses within capacity (SPEC §3.5), sign-in during the live window by a
//! rotating QR code or a button, the lists and their xlsx exports, and on-demand study time
//! credited from server-side heartbeats (SPEC §5.4).

use actix_web::{HttpRequest, HttpResponse, get, http::header, post, web::Json};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use validator::Validate;

use super::{
    TAG,
    store::{
        courses::{RevisionRow, find_course},
        engagement::{self as store, AttendeeList, AttendeeNames},
        providers::provider_of_org,
    },
};
use crate::{
    access::{CurrentUser, Manager, Member, OrgAccess},
    audit::{self, Actor, AuditEntry, Origin},
    db::{Db, new_id, now_ms, rfc3339},
    domain::Mobile,
    error::{ApiError, ApiResult},
    extract::{OptionalJson, ValidJson, ValidQuery},
    openapi::{BodyErrors, SignedInErrors},
    pagination::{Page, PageQuery},
    state::AppState,
};

/// Sign-in opens this long before the start.
const SIGN_IN_OPENS_BEFORE_MS: i64 = 15 * 60 * 1000;
/// The QR code changes every minute; a code is accepted in its minute and the next.
const QR_WINDOW_SECS: i64 = 60;
/// How often the player reports, and the most one report may credit.
const HEARTBEAT_SECS: i64 = 15;
const MAX_CREDIT_PER_BEAT_MS: i64 = 2 * HEARTBEAT_SECS * 1000;

/// A course the public can see, with its listed revision.
pub struct PublicCourseRef {
    pub course_id: String,
    pub revision: RevisionRow,
    pub enrolled_count: i64,
}

/// The listed revision of a public course; 404 for anything not public.
pub async fn public_course(db: &Db, course_id: &str) -> ApiResult<PublicCourseRef> {
    let found = store::public_course(db, course_id).await?.ok_or(ApiError::NotFound)?;
    let revision = store::listed_revision(db, &found.revision_id).await?;
    Ok(PublicCourseRef {
        course_id: course_id.to_owned(),
        revision,
        enrolled_count: found.enrolled_count,
    })
}

/// The signed-in user's relation to a course: the course page's personal part.
#[derive(Debug, Serialize, ToSchema)]
pub struct MyCourseStatus {
    pub enrolled_at: Option<String>,
    pub signed_in_at: Option<String>,
    /// Places left in a live course (none for other courses).
    pub places_left: Option<i64>,
    /// On-demand study time credited so far ("已学习 12 分钟").
    pub studied_ms: i64,
}

async fn status_of(db: &Db, course: &PublicCourseRef, user_id: &str) -> ApiResult<MyCourseStatus> {
    let enrolled_at = store::enrolled_at(db, &course.course_id, user_id).await?;
    let signed_in_at = store::signed_in_at(db, &course.course_id, user_id).await?;
    let studied_ms = store::studied_ms(db, &course.course_id, user_id).await?;
    Ok(MyCourseStatus {
        enrolled_at: enrolled_at.map(rfc3339),
        signed_in_at: signed_in_at.map(rfc3339),
        places_left: course.revision.capacity.map(|cap| (cap - course.enrolled_count).max(0)),
        studied_ms: studied_ms.unwrap_or(0),
    })
}

/// My enrollment, sign-in and study time for a public course.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("course_id" = String, Path, description = "Course id")),
    responses((status = 200, body = MyCourseStatus), SignedInErrors),
)]
#[get("/courses/{course_id}/me")]
pub async fn my_status(
    state: AppState,
    user: CurrentUser,
    path: actix_web::web::Path<String>,
) -> ApiResult<Json<MyCourseStatus>> {
    let course = public_course(&state.db, &path).await?;
    Ok(Json(status_of(&state.db, &course, &user.id).await?))
}

fn audit_entry<'a>(
    user: &'a CurrentUser,
    origin: &'a Origin,
    action: &'a str,
    course_id: &'a str,
) -> AuditEntry<'a> {
    AuditEntry {
        actor: Actor::User(&user.id),
        org_id: None,
        action,
        object_type: "course",
        object_id: Some(course_id),
        origin,
        details: json!({}),
    }
}

/// Who is attending, as the learner gives it (the lists showed a masked phone under 姓名).
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct AttendeeDetails {
    /// The learner's name.
    #[validate(length(min = 1, max = 30))]
    #[schema(min_length = 1, max_length = 30)]
    pub name: Option<String>,
    /// Their company, optional.
    #[validate(length(max = 50))]
    #[schema(max_length = 50)]
    pub company: Option<String>,
}

/// Enroll (报名) in a live course before it starts, while places are left, optionally with the
/// learner's name and company (shown to the provider). Exactly `capacity` enrollments succeed
/// however many arrive at once.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("course_id" = String, Path, description = "Course id")),
    request_body(content = Option<AttendeeDetails>, description = "Optional: the learner's name and company"),
    responses(
        (status = 201, body = MyCourseStatus),
        (status = 409, description = "`not_live_course`, `enrollment_closed` (started), `course_full`, `already_enrolled`",
            body = crate::error::Problem, content_type = "application/problem+json"),
        SignedInErrors,
    ),
)]
#[post("/courses/{course_id}/enrollment")]
pub async fn enroll(
    state: AppState,
    req: HttpRequest,
    user: CurrentUser,
    path: actix_web::web::Path<String>,
    OptionalJson(details): OptionalJson<AttendeeDetails>,
) -> ApiResult<HttpResponse> {
    let course = public_course(&state.db, &path).await?;
    let attendee = attendee_details(details.as_ref());
    let (Some(starts_at), Some(capacity)) =
        (course.revision.live_starts_at, course.revision.capacity)
    else {
        return Err(ApiError::conflict("not_live_course"));
    };
    let now = now_ms();
    if now >= starts_at {
        return Err(ApiError::conflict("enrollment_closed"));
    }
    let mut tx = state.db.begin().await?;
    if !store::insert_enrollment(&mut tx, &course.course_id, &user.id, now, &attendee).await? {
        return Err(ApiError::conflict("already_enrolled"));
    }
    if !store::take_place(&mut tx, &course.course_id, capacity).await? {
        return Err(ApiError::conflict("course_full"));
    }
    audit::record(
        &mut *tx,
        audit_entry(&user, &Origin::of(&req), "course.enroll", &course.course_id),
    )
    .await?;
    tx.commit().await?;
    let course = public_course(&state.db, &path).await?;
    Ok(HttpResponse::Created().json(status_of(&state.db, &course, &user.id).await?))
}

fn qr_code(state: &AppState, course_id: &str, window: i64) -> String {
    let mac = state.keys.hash(&["course-sign-in", course_id, &window.to_string()]);
    format!("{window}.{}", &mac[..20])
}

/// The code a person can read off the screen and type: six digits of the same window's MAC.
fn short_code(state: &AppState, course_id: &str, window: i64) -> String {
    let mac = state.keys.hash(&["course-sign-in-short", course_id, &window.to_string()]);
    let number = u64::from_str_radix(&mac[..12], 16).unwrap_or_default() % 1_000_000;
    format!("{number:06}")
}

/// Typed codes are six digits: a million per window, so each person gets a few tries per
/// window (a guesser would need hundreds of thousands).
const SHORT_CODE_TRIES: crate::throttle::Quota = crate::throttle::Quota {
    bucket: "course_sign_in_code",
    limit: 10,
    window_ms: 2 * QR_WINDOW_SECS * 1000,
};

fn qr_code_is_current(state: &AppState, course_id: &str, code: &str) -> bool {
    let current = now_ms() / 1000 / QR_WINDOW_SECS;
    [current, current - 1].iter().any(|window| {
        qr_code(state, course_id, *window) == code || short_code(state, course_id, *window) == code
    })
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct SignInRequest {
    /// The code from the QR shown on site, or the six digits shown beside it; omit to sign in
    /// by button (enrolled users only).
    #[validate(length(min = 1, max = 64))]
    pub code: Option<String>,
    /// The learner's name (a walk-in gives it here; an enrolled learner gave it already).
    #[validate(length(min = 1, max = 30))]
    #[schema(min_length = 1, max_length = 30)]
    pub name: Option<String>,
    #[validate(length(max = 50))]
    #[schema(max_length = 50)]
    pub company: Option<String>,
}

/// A name or company as stored: trimmed, blank as none.
fn cleaned(value: Option<&String>) -> Option<&str> {
    value.map(|s| s.trim()).filter(|s| !s.is_empty())
}

/// Name and company as stored.
fn attendee_details(details: Option<&AttendeeDetails>) -> AttendeeNames<'_> {
    AttendeeNames {
        name: cleaned(details.and_then(|d| d.name.as_ref())),
        company: cleaned(details.and_then(|d| d.company.as_ref())),
    }
}

/// Sign in (签到) during the live window (from 15 minutes before the start to the end): by
/// the rotating QR code shown on site (any signed-in user; a code lives two minutes, so a
/// forwarded screenshot soon stops working), or by button when enrolled.
#[utoipa::path(
    operation_id = "sign_in_to_course",
    tag = TAG,
    security(("bearer" = [])),
    params(("course_id" = String, Path, description = "Course id")),
    request_body = SignInRequest,
    responses(
        (status = 201, body = MyCourseStatus),
        (status = 409, description = "`not_live_course`, `sign_in_closed` (outside the window), `not_enrolled`, `already_signed_in`",
            body = crate::error::Problem, content_type = "application/problem+json"),
        BodyErrors,
    ),
)]
#[post("/courses/{course_id}/sign-in")]
pub async fn sign_in(
    state: AppState,
    req: HttpRequest,
    user: CurrentUser,
    path: actix_web::web::Path<String>,
    ValidJson(body): ValidJson<SignInRequest>,
) -> ApiResult<HttpResponse> {
    let course = public_course(&state.db, &path).await?;
    let (Some(starts_at), Some(ends_at)) =
        (course.revision.live_starts_at, course.revision.live_ends_at)
    else {
        return Err(ApiError::conflict("not_live_course"));
    };
    let now = now_ms();
    if now < starts_at - SIGN_IN_OPENS_BEFORE_MS || now > ends_at {
        return Err(ApiError::conflict("sign_in_closed"));
    }
    let typed = body.code.as_deref().map(|code| code.replace(char::is_whitespace, ""));
    if typed.as_deref().is_some_and(|code| code.len() == 6) {
        SHORT_CODE_TRIES.take(&state.db, &user.id).await?;
    }
    let method = match typed.as_deref() {
        Some(code) if qr_code_is_current(&state, &course.course_id, code) => "qr",
        Some(_) => return Err(ApiError::invalid("code", "sign_in_code_expired")),
        None => {
            if !store::is_enrolled(&state.db, &course.course_id, &user.id).await? {
                return Err(ApiError::conflict("not_enrolled"));
            }
            "button"
        }
    };
    let mut tx = state.db.begin().await?;
    let attendee = AttendeeNames {
        name: cleaned(body.name.as_ref()),
        company: cleaned(body.company.as_ref()),
    };
    let course_id = &course.course_id;
    if !store::insert_sign_in(&mut tx, course_id, &user.id, method, now, &attendee).await? {
        return Err(ApiError::conflict("already_signed_in"));
    }
    audit::record(
        &mut *tx,
        audit_entry(&user, &Origin::of(&req), "course.sign_in", &course.course_id),
    )
    .await?;
    tx.commit().await?;
    Ok(HttpResponse::Created().json(status_of(&state.db, &course, &user.id).await?))
}

/// The QR code to show on site, changing every minute.
#[derive(Debug, Serialize, ToSchema)]
pub struct SignInCode {
    /// What the QR carries (opaque).
    pub code: String,
    /// Six digits to show beside the QR for people who type instead of scanning; changes with
    /// the QR.
    pub short_code: String,
    /// Encode this in the QR: the SPA's sign-in page for the course with the code.
    pub path: String,
    /// Show a fresh code before this.
    pub refresh_at: String,
    pub expires_at: String,
}

/// The current sign-in code of one of the provider's live courses (any member).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("course_id" = String, Path, description = "Course id")),
    responses((status = 200, body = SignInCode), SignedInErrors),
)]
#[get("/orgs/{org_id}/courses/{course_id}/sign-in-code")]
pub async fn sign_in_code(
    state: AppState,
    access: OrgAccess<Member>,
    path: actix_web::web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let provider = provider_of_org(&state.db, &access.org_id).await?.ok_or(ApiError::NotFound)?;
    let course = find_course(&state.db, &provider, &path.1).await?;
    let window = now_ms() / 1000 / QR_WINDOW_SECS;
    let code = qr_code(&state, &course.id, window);
    Ok(HttpResponse::Ok().insert_header((header::CACHE_CONTROL, "no-store")).json(SignInCode {
        path: format!("/courses/{}/sign-in?code={code}", course.id),
        code,
        short_code: short_code(&state, &course.id, window),
        refresh_at: rfc3339((window + 1) * QR_WINDOW_SECS * 1000),
        expires_at: rfc3339((window + 2) * QR_WINDOW_SECS * 1000),
    }))
}

/// An enrolled or signed-in person, as the provider sees them.
#[derive(Debug, Serialize, ToSchema)]
pub struct Attendee {
    /// The name the learner gave (else their account's display name).
    pub name: String,
    pub company: Option<String>,
    /// Masked (`138****8000`).
    pub mobile: String,
    pub enrolled_at: Option<String>,
    pub signed_in_at: Option<String>,
    /// `qr` or `button`.
    pub sign_in_method: Option<String>,
}

impl From<store::AttendeeRow> for Attendee {
    fn from(row: store::AttendeeRow) -> Self {
        Self {
            name: row.display_name,
            company: row.company,
            mobile: row
                .mobile
                .as_deref()
                .and_then(|m| Mobile::parse(m).ok())
                .map(|m| m.masked())
                .unwrap_or_default(),
            enrolled_at: row.enrolled_at.map(rfc3339),
            signed_in_at: row.signed_in_at.map(rfc3339),
            sign_in_method: row.method,
        }
    }
}

async fn attendees(
    db: &Db,
    course_id: &str,
    list: AttendeeList,
    page: Option<PageQuery>,
) -> ApiResult<(Vec<Attendee>, i64)> {
    let total = store::count_attendees(db, course_id, list).await?;
    let (limit, offset) = page.map_or((i64::MAX, 0), |p| (p.limit(), p.offset()));
    let rows = store::attendees(db, course_id, list, limit, offset).await?;
    Ok((rows.into_iter().map(Into::into).collect(), total))
}

async fn course_of_provider(state: &AppState, org_id: &str, course_id: &str) -> ApiResult<String> {
    let provider = provider_of_org(&state.db, org_id).await?.ok_or(ApiError::NotFound)?;
    Ok(find_course(&state.db, &provider, course_id).await?.id)
}

/// Who enrolled in one of the provider's courses, and whether they signed in (owner or admin).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("course_id" = String, Path, description = "Course id"), PageQuery),
    responses((status = 200, body = Page<Attendee>), SignedInErrors),
)]
#[get("/orgs/{org_id}/courses/{course_id}/enrollments")]
pub async fn list_enrollments(
    state: AppState,
    access: OrgAccess<Manager>,
    path: actix_web::web::Path<(String, String)>,
    ValidQuery(page): ValidQuery<PageQuery>,
) -> ApiResult<Page<Attendee>> {
    let course_id = course_of_provider(&state, &access.org_id, &path.1).await?;
    let (items, total) =
        attendees(&state.db, &course_id, AttendeeList::Enrollments, Some(page)).await?;
    Ok(Page::new(items, total, page))
}

/// Who signed in to one of the provider's courses (owner or admin).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("course_id" = String, Path, description = "Course id"), PageQuery),
    responses((status = 200, body = Page<Attendee>), SignedInErrors),
)]
#[get("/orgs/{org_id}/courses/{course_id}/sign-ins")]
pub async fn list_sign_ins(
    state: AppState,
    access: OrgAccess<Manager>,
    path: actix_web::web::Path<(String, String)>,
    ValidQuery(page): ValidQuery<PageQuery>,
) -> ApiResult<Page<Attendee>> {
    let course_id = course_of_provider(&state, &access.org_id, &path.1).await?;
    let (items, total) =
        attendees(&state.db, &course_id, AttendeeList::SignIns, Some(page)).await?;
    Ok(Page::new(items, total, page))
}

fn attendee_workbook(sheet_name: &str, rows: &[Attendee]) -> ApiResult<Vec<u8>> {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|a| {
            let method = match a.sign_in_method.as_deref() {
                Some("qr") => "扫码",
                Some("button") => "按钮",
                _ => "",
            };
            vec![
                a.name.clone(),
                a.mobile.clone(),
                a.enrolled_at.clone().unwrap_or_default(),
                a.signed_in_at.clone().unwrap_or_default(),
                method.to_owned(),
                a.company.clone().unwrap_or_default(),
            ]
        })
        .collect();
    crate::xlsx::text_workbook(&[(
        sheet_name,
        &["姓名", "手机号", "报名时间", "签到时间", "签到方式", "单位"],
        &rows,
    )])
}

/// The enrollment list as an xlsx workbook (owner or admin).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("course_id" = String, Path, description = "Course id")),
    responses((status = 200, description = "An xlsx workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = crate::openapi::FileBytes), SignedInErrors),
)]
#[get("/orgs/{org_id}/courses/{course_id}/enrollments.xlsx")]
pub async fn export_enrollments(
    state: AppState,
    access: OrgAccess<Manager>,
    path: actix_web::web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let course_id = course_of_provider(&state, &access.org_id, &path.1).await?;
    let (rows, _) = attendees(&state.db, &course_id, AttendeeList::Enrollments, None).await?;
    Ok(crate::xlsx::xlsx_download(attendee_workbook("报名名单", &rows)?, "报名名单.xlsx"))
}

/// The sign-in list as an xlsx workbook (owner or admin).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("course_id" = String, Path, description = "Course id")),
    responses((status = 200, description = "An xlsx workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = crate::openapi::FileBytes), SignedInErrors),
)]
#[get("/orgs/{org_id}/courses/{course_id}/sign-ins.xlsx")]
pub async fn export_sign_ins(
    state: AppState,
    access: OrgAccess<Manager>,
    path: actix_web::web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let course_id = course_of_provider(&state, &access.org_id, &path.1).await?;
    let (rows, _) = attendees(&state.db, &course_id, AttendeeList::SignIns, None).await?;
    Ok(crate::xlsx::xlsx_download(attendee_workbook("签到名单", &rows)?, "签到名单.xlsx"))
}

// ---- on-demand study time --------------------------------------------------------------

/// A viewing the player keeps alive with heartbeats.
#[derive(Debug, Serialize, ToSchema)]
pub struct WatchSession {
    pub id: String,
    /// Send a heartbeat about this often.
    pub heartbeat_secs: i64,
    /// Credited in this viewing so far.
    pub credited_ms: i64,
    /// Credited for this course across viewings.
    pub studied_ms: i64,
}

/// Start watching a public course's video (signed-in users). Starting a viewing ends any
/// other of the same user, so a second tab or device never doubles the credit.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("course_id" = String, Path, description = "Course id")),
    responses((status = 201, body = WatchSession), (status = 409, description = "`no_video`",
        body = crate::error::Problem, content_type = "application/problem+json"), SignedInErrors),
)]
#[post("/courses/{course_id}/watch-sessions")]
pub async fn start_watching(
    state: AppState,
    user: CurrentUser,
    path: actix_web::web::Path<String>,
) -> ApiResult<HttpResponse> {
    let course = public_course(&state.db, &path).await?;
    let Some(video_id) = &course.revision.video_media_id else {
        return Err(ApiError::conflict("no_video"));
    };
    let video_ms = store::video_ms(&state.db, video_id).await?;
    let now = now_ms();
    let id = new_id();
    let mut tx = state.db.begin().await?;
    // One stream per user even when ten tabs start at once: the user's row lock queues them.
    store::lock_user(&mut tx, &user.id).await?;
    store::end_open_watch_sessions(&mut tx, &user.id, now).await?;
    let video_ms = video_ms.unwrap_or(0);
    store::insert_watch_session(&mut tx, &id, &user.id, &course.course_id, video_ms, now).await?;
    tx.commit().await?;
    let studied_ms = status_of(&state.db, &course, &user.id).await?.studied_ms;
    Ok(HttpResponse::Created().json(WatchSession {
        id,
        heartbeat_secs: HEARTBEAT_SECS,
        credited_ms: 0,
        studied_ms,
    }))
}

/// Report that the video is playing. Credits the real time since the last report, at most
/// 30 s per report and never more than the video's length per viewing; the client's claimed
/// position plays no part. 409 `stream_superseded` once another viewing has started.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("session_id" = String, Path, description = "Watch session id")),
    responses((status = 200, body = WatchSession), (status = 409, description = "`stream_superseded`",
        body = crate::error::Problem, content_type = "application/problem+json"), SignedInErrors),
)]
#[post("/watch-sessions/{session_id}/heartbeat")]
pub async fn heartbeat(
    state: AppState,
    user: CurrentUser,
    path: actix_web::web::Path<String>,
) -> ApiResult<Json<WatchSession>> {
    let row = store::watch_session(&state.db, path.as_str(), &user.id).await?;
    let row = row.ok_or(ApiError::NotFound)?;
    if row.ended_at.is_some() {
        return Err(ApiError::conflict("stream_superseded"));
    }
    let now = now_ms();
    let credit = (now - row.last_beat_at).clamp(0, MAX_CREDIT_PER_BEAT_MS);
    let credited_ms = (row.credited_ms + credit).min(row.video_ms);
    store::credit_watch_session(&state.db, path.as_str(), row.last_beat_at, credited_ms, now)
        .await?;
    let studied_ms = store::studied_ms(&state.db, &row.course_id, &user.id).await?;
    Ok(Json(WatchSession {
        id: path.into_inner(),
        heartbeat_secs: HEARTBEAT_SECS,
        credited_ms,
        studied_ms: studied_ms.unwrap_or(0),
    }))
}

/// A member's on-demand study time, for the org.
#[derive(Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct MemberStudyTime {
    pub user_id: String,
    pub display_name: String,
    /// Masked.
    pub mobile: String,
    pub studied_ms: i64,
    pub courses: i64,
}

/// On-demand study time of the org's members (owner or admin).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id")),
    responses((status = 200, body = Vec<MemberStudyTime>), SignedInErrors),
)]
#[get("/orgs/{org_id}/study-time")]
pub async fn org_study_time(
    state: AppState,
    access: OrgAccess<Manager>,
) -> ApiResult<Json<Vec<MemberStudyTime>>> {
    let mut rows = store::study_time_of_members(&state.db, &access.org_id).await?;
    for row in &mut rows {
        row.mobile = Mobile::parse(&row.mobile).map(|m| m.masked()).unwrap_or_default();
    }
    Ok(Json(rows))
}
