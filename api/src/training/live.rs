//! A class on the live platform (SPEC §5.3, §5.4): sync (a department with the activated
//! students as members), sessions (each creates a live), and "update learning records" — a
//! background job that pulls each live's run and viewers, replaces what the last pull stored,
//! and computes every student's effective time (`study_time`).

use std::collections::HashSet;

use actix_web::{HttpRequest, HttpResponse, get, post, web, web::Json};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::OffsetDateTime;
use utoipa::ToSchema;
use validator::Validate;

use super::{
    TAG,
    store::{
        classes::{ClassRow, find_class},
        live::{self as store, SessionRow},
    },
    study_time::{LiveWatch, SessionRun, ViewerRecord, session_study_time},
};
use crate::{
    access::{Manager, Member, OrgAccess},
    audit::{self, AuditEntry, Origin},
    db::{new_id, now_ms, rfc3339},
    error::{ApiError, ApiResult, FieldError},
    extract::CheckedJson,
    idempotency,
    integrations::dingtalk_live::{DingTalkApp, LiveError, LivePlatform},
    jobs::{self, Job, NewJob},
    openapi::{BodyErrors, SignedInErrors},
    state::AppState,
};

/// The background job that pulls a class's live data.
pub const PULL_RECORDS_JOB: &str = "training.pull_records";
/// The recurring job that queues pulls for classes with recent lives: DingTalk keeps replays
/// (and their data) only 30 days, so records are refreshed while they still exist.
pub const SCHEDULE_PULLS_JOB: &str = "training.schedule_pulls";
const RECENT_LIVES_MS: i64 = 30 * 24 * 60 * 60 * 1000;

/// Queues a pull for every class with a session planned in the last 30 days.
pub async fn schedule_pulls(state: &AppState) -> anyhow::Result<()> {
    if state.live_platform.is_none() {
        return Ok(());
    }
    let now = now_ms();
    let classes = store::classes_with_lives_between(&state.db, now - RECENT_LIVES_MS, now).await?;
    for (class_id, org_id) in classes {
        let key = format!("{PULL_RECORDS_JOB}:{class_id}");
        jobs::enqueue(
            &state.db.pool,
            NewJob {
                kind: PULL_RECORDS_JOB,
                payload: json!({"class_id": class_id}),
                run_at: None,
                dedupe_key: Some(&key),
                org_id: Some(&org_id),
            },
        )
        .await?;
    }
    Ok(())
}

fn platform(state: &AppState) -> ApiResult<&DingTalkApp> {
    state.live_platform.as_ref().ok_or(ApiError::conflict("live_platform_not_configured"))
}

/// A platform failure in a job: retried when it may pass (network, DingTalk busy), otherwise
/// the job fails at once with DingTalk's reason in plain words.
#[allow(clippy::needless_pass_by_value)] // used as `map_err(job_error)`
fn job_error(err: LiveError) -> anyhow::Error {
    tracing::warn!(error = %err, "live platform refused");
    if err.is_transient() {
        anyhow::anyhow!(err.plain_words())
    } else {
        jobs::Permanent(err.plain_words()).into()
    }
}

fn upstream(err: &LiveError) -> ApiError {
    tracing::warn!(error = %err, "live platform refused");
    ApiError::Upstream { code: "live_platform_error", detail: err.plain_words() }
}

fn audit_entry<'a>(
    access: &'a OrgAccess<Manager>,
    origin: &'a Origin,
    action: &'a str,
    class_id: &'a str,
    details: serde_json::Value,
) -> AuditEntry<'a> {
    AuditEntry {
        actor: access.actor(),
        org_id: Some(&access.org_id),
        action,
        object_type: "class",
        object_id: Some(class_id),
        origin,
        details,
    }
}

/// The background job that syncs a class to the live platform.
pub const SYNC_CLASS_JOB: &str = "training.sync_class";

/// Where the class's sync to the live platform stands.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClassSync {
    /// The latest sync job (progress: students handled of those to add), none before the first.
    pub job: Option<JobStatus>,
    /// The class's department on the platform, once created.
    pub department_id: Option<String>,
    /// When a sync last finished.
    pub synced_at: Option<String>,
    /// Activated students who are members of the department.
    pub members: i64,
    /// Activated students not yet members (refused, or not reached yet).
    pub not_yet_members: i64,
    /// Students the platform refused at the last sync, with its reason in plain words.
    pub failures: Vec<SyncFailure>,
}

#[derive(Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct SyncFailure {
    pub student_id: String,
    pub name: String,
    pub reason: String,
}

async fn class_sync(state: &AppState, org_id: &str, class_id: &str) -> ApiResult<ClassSync> {
    let stored = store::sync_state(&state.db, class_id).await?;
    let (members, not_yet_members) = store::member_counts(&state.db, class_id).await?;
    let failures = store::sync_failures(&state.db, class_id).await?;
    let job = match stored.sync_job_id {
        Some(id) => Some(job_status(state, org_id, &id).await?),
        None => None,
    };
    Ok(ClassSync {
        job,
        department_id: stored.platform_department_id,
        synced_at: stored.synced_at.map(rfc3339),
        members,
        not_yet_members,
        failures,
    })
}

/// Sync the class to the live platform (owner or admin): a background job creates its
/// department (with a department group) once and makes each activated student a member, by
/// mobile — a person already in the company's directory (an employee, a student of another
/// class) joins the department keeping their other departments. Resumable and safe to repeat:
/// students already members are skipped; while a sync runs, asking again returns it.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("class_id" = String, Path, description = "Class id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Up to 64 characters; a retry with the same key replays the first answer")),
    responses(
        (status = 202, body = ClassSync),
        (status = 409, description = "`no_active_students`, `live_platform_not_configured`, `request_in_progress`", body = crate::error::Problem, content_type = "application/problem+json"),
        SignedInErrors,
    ),
)]
#[post("/orgs/{org_id}/classes/{class_id}/sync")]
pub async fn sync(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Manager>,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let class = find_class(&state.db, &access.org_id, &path.1).await?;
    platform(&state)?;
    idempotency::once(&state.db, &format!("org:{}", access.org_id), &req, &json!({}), 202, async {
        if store::count_active_students(&state.db, &class.id).await? == 0 {
            return Err(ApiError::conflict("no_active_students"));
        }
        let key = format!("{SYNC_CLASS_JOB}:{}", class.id);
        let mut tx = state.db.begin().await?;
        let job_id = jobs::enqueue(
            &mut *tx,
            NewJob {
                kind: SYNC_CLASS_JOB,
                payload: json!({"class_id": class.id}),
                run_at: None,
                dedupe_key: Some(&key),
                org_id: Some(&access.org_id),
            },
        )
        .await?;
        store::set_sync_job(&mut tx, &class.id, &job_id).await?;
        audit::record(
            &mut *tx,
            audit_entry(
                &access,
                &Origin::of(&req),
                "class.sync",
                &class.id,
                json!({"job": job_id}),
            ),
        )
        .await?;
        tx.commit().await?;
        class_sync(&state, &access.org_id, &class.id).await
    })
    .await
}

/// Where the class's sync stands (any member): the latest job, members, refusals.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("class_id" = String, Path, description = "Class id")),
    responses((status = 200, body = ClassSync), SignedInErrors),
)]
#[get("/orgs/{org_id}/classes/{class_id}/sync")]
pub async fn sync_status(
    state: AppState,
    access: OrgAccess<Member>,
    path: web::Path<(String, String)>,
) -> ApiResult<Json<ClassSync>> {
    let class = find_class(&state.db, &access.org_id, &path.1).await?;
    Ok(Json(class_sync(&state, &access.org_id, &class.id).await?))
}

/// The sync job: the department (created once and stored at once), then each activated
/// student not yet a member, progress after each. A refusal is stored on the student (in
/// plain words) and the job goes on; a network failure fails the run, and the retry resumes
/// where it stopped.
pub async fn sync_class(state: &AppState, job: &Job) -> anyhow::Result<()> {
    let class_id = job.payload()?["class_id"].as_str().unwrap_or_default().to_owned();
    let live = state.live_platform.as_ref().ok_or_else(|| anyhow::anyhow!("no live platform"))?;
    let class = store::class_to_sync(&state.db, &class_id).await?;
    let Some((name, code, _org_id, department)) = class else { return Ok(()) };
    let department_id = match department {
        Some(id) => id,
        None => {
            let id = live.create_department(&name, &code).await.map_err(job_error)?;
            store::set_department(&state.db, &class_id, &id, now_ms()).await?;
            id
        }
    };
    let students = store::students_to_sync(&state.db, &class_id).await?;
    let total = i64::try_from(students.len())?;
    jobs::report_progress(&state.db, &job.id, 0, total).await?;
    for (done, (student_id, name, mobile)) in students.into_iter().enumerate() {
        let mobile = state.pii.decrypt(&mobile).map_err(|e| anyhow::anyhow!("{e}"))?;
        match live.add_member(&name, &mobile, &department_id).await {
            Ok(user_id) => store::mark_member(&state.db, &student_id, &user_id).await?,
            Err(err) if err.is_transient() => return Err(job_error(err)),
            Err(err) => store::set_sync_error(&state.db, &student_id, &err.plain_words()).await?,
        }
        jobs::report_progress(&state.db, &job.id, i64::try_from(done + 1)?, total).await?;
    }
    store::mark_synced(&state.db, &class_id, now_ms()).await?;
    Ok(())
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct SessionForm {
    #[validate(length(min = 1, max = 50))]
    #[schema(min_length = 1, max_length = 50)]
    pub title: String,
    /// Students of the class who lecture (they get the whole duration).
    #[serde(default)]
    #[validate(length(max = 10))]
    pub lecturer_student_ids: Vec<String>,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub planned_start_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub planned_end_at: OffsetDateTime,
}

/// The class's activated students in DingTalk's address-book import layout (姓名, 手机号, 部门),
/// with the instruction to create the department group (owner or admin; full phones, so the
/// download is audited).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("class_id" = String, Path, description = "Class id")),
    responses((status = 200, description = "An xlsx workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = crate::openapi::FileBytes), SignedInErrors),
)]
#[get("/orgs/{org_id}/classes/{class_id}/dingtalk-contacts.xlsx")]
pub async fn export_contacts(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Manager>,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let class = find_class(&state.db, &access.org_id, &path.1).await?;
    let students = store::active_student_contacts(&state.db, &class.id).await?;
    let department = crate::integrations::dingtalk_live::department_name(&class.name);
    let mut rows = Vec::with_capacity(students.len());
    for (name, mobile) in students {
        rows.push(vec![name, state.pii.decrypt(&mobile)?, department.clone()]);
    }
    let notes: Vec<Vec<String>> = [
        "在钉钉管理后台 → 通讯录 → 批量导入 中上传“通讯录导入”工作表。",
        "导入时请勾选“自动创建部门群”：班级部门会自动建群，讲师在群内开播。",
        "手机号为学员本人号码，请妥善保管本文件。",
    ]
    .iter()
    .map(|line| vec![(*line).to_owned()])
    .collect();
    let workbook = crate::xlsx::text_workbook(&[
        ("通讯录导入", &["姓名", "手机号", "部门"], &rows),
        ("说明", &["导入说明"], &notes),
    ])?;
    audit::record(
        &state.db.pool,
        audit_entry(
            &access,
            &Origin::of(&req),
            "class.export_contacts",
            &class.id,
            json!({"count": rows.len()}),
        ),
    )
    .await?;
    Ok(crate::xlsx::xlsx_download(
        workbook,
        &format!("{}-钉钉通讯录导入（导入时请勾选自动创建部门群）.xlsx", class.code),
    ))
}

/// A scheduled session and, once pulled, how its live ran.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClassSession {
    pub id: String,
    pub title: String,
    pub lecturer_student_ids: Vec<String>,
    pub planned_start_at: String,
    pub planned_end_at: String,
    pub platform_live_id: Option<String>,
    pub started_at: Option<String>,
    pub ended_at: Option<String>,
    pub duration_ms: i64,
    /// Viewers in the last pull (students and others).
    pub viewer_count: i64,
    pub pulled_at: Option<String>,
}

impl From<SessionRow> for ClassSession {
    fn from(row: SessionRow) -> Self {
        Self {
            id: row.id,
            title: row.title,
            lecturer_student_ids: serde_json::from_str(&row.lecturer_student_ids)
                .unwrap_or_default(),
            planned_start_at: rfc3339(row.planned_start_at),
            planned_end_at: rfc3339(row.planned_end_at),
            platform_live_id: row.platform_live_id,
            started_at: row.started_at.map(rfc3339),
            ended_at: row.ended_at.map(rfc3339),
            duration_ms: row.duration_ms,
            viewer_count: row.viewer_count,
            pulled_at: row.pulled_at.map(rfc3339),
        }
    }
}

fn epoch_ms(time: OffsetDateTime) -> i64 {
    i64::try_from(time.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

/// Schedule a session (owner or admin of a synced class): creates its live on the platform.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("class_id" = String, Path, description = "Class id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Up to 64 characters; a retry with the same key and body replays the first answer instead of creating a second live")),
    request_body = SessionForm,
    responses(
        (status = 201, body = ClassSession),
        (status = 409, description = "`class_not_synced`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 502, description = "`live_platform_error`", body = crate::error::Problem, content_type = "application/problem+json"),
        BodyErrors,
    ),
)]
#[post("/orgs/{org_id}/classes/{class_id}/sessions")]
pub async fn schedule(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Manager>,
    path: web::Path<(String, String)>,
    CheckedJson(form, mut errors): CheckedJson<SessionForm>,
) -> ApiResult<HttpResponse> {
    let class = find_class(&state.db, &access.org_id, &path.1).await?;
    let live = platform(&state)?;
    let (starts, ends) = (epoch_ms(form.planned_start_at), epoch_ms(form.planned_end_at));
    if ends <= starts {
        errors.push_unless_reported(FieldError::new("planned_end_at", "ends_before_start"));
    }
    for (i, id) in form.lecturer_student_ids.iter().enumerate() {
        if !store::student_in_class(&state.db, &class.id, id).await? {
            errors.push(FieldError::new(format!("lecturer_student_ids[{i}]"), "unknown_student"));
        }
    }
    errors.into_result()?;
    if store::department_of(&state.db, &class.id).await?.is_none() {
        return Err(ApiError::conflict("class_not_synced"));
    }
    let retried = json!({"title": form.title.trim(), "lecturer_student_ids": form.lecturer_student_ids,
                         "planned_start_at": starts, "planned_end_at": ends});
    idempotency::once(&state.db, &access.org_id, &req, &retried, 201, async {
        let live_id =
            live.create_live(form.title.trim(), starts, ends).await.map_err(|e| upstream(&e))?;
        let id = new_id();
        let now = now_ms();
        let lecturers =
            serde_json::to_string(&form.lecturer_student_ids).unwrap_or_else(|_| "[]".into());
        let session = store::NewSession {
            id: &id,
            class_id: &class.id,
            title: form.title.trim(),
            lecturer_student_ids: &lecturers,
            planned_start_at: starts,
            planned_end_at: ends,
            platform_live_id: &live_id,
            at: now,
        };
        store::insert_session(&state.db, &session).await?;
        audit::record(
            &state.db.pool,
            audit_entry(
                &access,
                &Origin::of(&req),
                "class.session_schedule",
                &class.id,
                json!({"session": id}),
            ),
        )
        .await?;
        Ok(ClassSession::from(store::session(&state.db, &id).await?))
    })
    .await
}

/// The class's sessions in planned order (any member).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("class_id" = String, Path, description = "Class id")),
    responses((status = 200, body = Vec<ClassSession>), SignedInErrors),
)]
#[get("/orgs/{org_id}/classes/{class_id}/sessions")]
pub async fn list_sessions(
    state: AppState,
    access: OrgAccess<Member>,
    path: web::Path<(String, String)>,
) -> ApiResult<Json<Vec<ClassSession>>> {
    let class = find_class(&state.db, &access.org_id, &path.1).await?;
    let rows = store::sessions_of_class(&state.db, &class.id).await?;
    Ok(Json(rows.into_iter().map(Into::into).collect()))
}

/// A background job's state, for progress bars.
#[derive(Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct JobStatus {
    pub id: String,
    /// `queued`, `running`, `succeeded`, `failed`.
    pub status: String,
    pub progress_done: i64,
    pub progress_total: i64,
    pub last_error: Option<String>,
    #[sqlx(skip)]
    pub finished_at: Option<String>,
    #[serde(skip)]
    #[sqlx(rename = "finished_at")]
    pub finished_ms: Option<i64>,
}

/// Update learning records (owner or admin): queues the pull of every session's live data.
/// While one is queued or running, asking again returns that one.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("class_id" = String, Path, description = "Class id")),
    responses((status = 202, body = JobStatus), SignedInErrors),
)]
#[post("/orgs/{org_id}/classes/{class_id}/records/refresh")]
pub async fn refresh_records(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Manager>,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let class = find_class(&state.db, &access.org_id, &path.1).await?;
    platform(&state)?;
    let key = format!("{PULL_RECORDS_JOB}:{}", class.id);
    let job_id = jobs::enqueue(
        &state.db.pool,
        NewJob {
            kind: PULL_RECORDS_JOB,
            payload: json!({"class_id": class.id}),
            run_at: None,
            dedupe_key: Some(&key),
            org_id: Some(&access.org_id),
        },
    )
    .await?;
    audit::record(
        &state.db.pool,
        audit_entry(
            &access,
            &Origin::of(&req),
            "class.records_refresh",
            &class.id,
            json!({"job": job_id}),
        ),
    )
    .await?;
    Ok(HttpResponse::Accepted().json(job_status(&state, &access.org_id, &job_id).await?))
}

async fn job_status(state: &AppState, org_id: &str, job_id: &str) -> ApiResult<JobStatus> {
    let row = store::job_status(&state.db, org_id, job_id).await?;
    let mut status = row.ok_or(ApiError::NotFound)?;
    status.finished_at = status.finished_ms.map(rfc3339);
    Ok(status)
}

/// A background job of the org (any member): its status and progress.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("job_id" = String, Path, description = "Job id")),
    responses((status = 200, body = JobStatus), SignedInErrors),
)]
#[get("/orgs/{org_id}/jobs/{job_id}")]
pub async fn get_job(
    state: AppState,
    access: OrgAccess<Member>,
    path: web::Path<(String, String)>,
) -> ApiResult<Json<JobStatus>> {
    Ok(Json(job_status(&state, &access.org_id, &path.1).await?))
}

/// The pull job: each session's live info and viewers, replacing the previous pull, then
/// every student's effective time. Idempotent: running it twice stores the same records.
pub async fn pull_records(state: &AppState, job: &Job) -> anyhow::Result<()> {
    let class_id = job.payload()?["class_id"].as_str().unwrap_or_default().to_owned();
    let live = state.live_platform.as_ref().ok_or_else(|| anyhow::anyhow!("no live platform"))?;
    let sessions = store::sessions_to_pull(&state.db, &class_id).await?;
    let members = store::students_by_platform_user(&state.db, &class_id).await?;
    let total = i64::try_from(sessions.len())?;
    jobs::report_progress(&state.db, &job.id, 0, total).await?;
    for (done, (session_id, live_id, lecturers)) in sessions.into_iter().enumerate() {
        let info = live.live_info(&live_id).await.map_err(job_error)?;
        let watchers = live.watchers(&live_id).await.map_err(job_error)?;
        let run = match (info.started_at, info.ended_at) {
            (Some(started_at), Some(ended_at)) => Some(SessionRun { started_at, ended_at }),
            _ => None,
        };
        let records: Vec<ViewerRecord> = watchers
            .iter()
            .map(|w| ViewerRecord {
                member_key: w.user_id.clone(),
                name: w.name.clone(),
                // Replay time is stored for display but never counts.
                watch: LiveWatch::Total(w.live_ms),
            })
            .collect();
        let lecturers: HashSet<String> = serde_json::from_str::<Vec<String>>(&lecturers)
            .unwrap_or_default()
            .into_iter()
            .collect();
        let study = run.map(|run| session_study_time(run, &members, &lecturers, &records));
        let now = now_ms();
        let duration_ms = run.map_or(0, SessionRun::duration_ms);
        let mut tx = state.db.begin().await?;
        store::record_session_run(&mut tx, &session_id, &info, duration_ms, now).await?;
        store::delete_viewers(&mut tx, &session_id).await?;
        for watcher in &watchers {
            let student_id = watcher.user_id.as_ref().and_then(|u| members.get(u));
            store::insert_viewer(&mut tx, &session_id, watcher, student_id.map(String::as_str))
                .await?;
        }
        store::delete_study_times(&mut tx, &session_id).await?;
        for (student_id, ms) in study.map(|s| s.by_student).unwrap_or_default() {
            store::insert_study_time(&mut tx, &session_id, &student_id, ms).await?;
        }
        store::count_session_records(&mut tx, &session_id).await?;
        tx.commit().await?;
        jobs::report_progress(&state.db, &job.id, i64::try_from(done + 1)?, total).await?;
    }
    let mut tx = state.db.begin().await?;
    let org_id = store::mark_records_updated(&mut tx, &class_id, now_ms()).await?;
    crate::events::announce(
        &mut tx,
        crate::events::Event {
            kind: crate::events::EventKind::LearningRecordsUpdated,
            org_id: &org_id,
            data: json!({"class_id": class_id, "sessions": total}),
        },
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    tx.commit().await?;
    super::certificate::supersede_if_changed(state, &org_id, &class_id)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(())
}

/// A student's learning in the class.
#[derive(Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct StudentRecord {
    pub student_id: String,
    pub name: String,
    /// Effective live time (counts towards subsidy hours).
    pub live_ms: i64,
    pub sessions_attended: i64,
    /// On-demand (点播) time on the class's linked courses: shown, never counted.
    #[sqlx(default)]
    pub on_demand_ms: i64,
    #[serde(skip)]
    pub mobile_hash: String,
}

/// The class's learning records: sessions and each student's effective live time (any member).
#[derive(Debug, Serialize, ToSchema)]
pub struct ClassRecords {
    pub sessions: Vec<ClassSession>,
    pub students: Vec<StudentRecord>,
    /// Viewers no activated student matched, per session.
    pub unmatched_viewers: Vec<UnmatchedViewer>,
    /// The sum of the sessions' durations.
    pub total_live_ms: i64,
    /// When the records were last pulled from the live platform.
    pub records_updated_at: Option<String>,
    /// The end of the latest live the platform reported.
    pub records_reported_at: Option<String>,
}

#[derive(Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct UnmatchedViewer {
    pub session_id: String,
    pub name: String,
    pub live_ms: i64,
    pub playback_ms: i64,
}

/// Learning records of the class (any member).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("class_id" = String, Path, description = "Class id")),
    responses((status = 200, body = ClassRecords), SignedInErrors),
)]
#[get("/orgs/{org_id}/classes/{class_id}/records")]
pub async fn class_records(
    state: AppState,
    access: OrgAccess<Member>,
    path: web::Path<(String, String)>,
) -> ApiResult<Json<ClassRecords>> {
    let class = find_class(&state.db, &access.org_id, &path.1).await?;
    Ok(Json(load_records(&state, &class).await?))
}

async fn load_records(state: &AppState, class: &ClassRow) -> ApiResult<ClassRecords> {
    let sessions = store::sessions_of_class(&state.db, &class.id).await?;
    let mut students = store::student_records(&state.db, &class.id).await?;
    let on_demand = super::linked_courses::on_demand_by_mobile_hash(state, class).await?;
    for student in &mut students {
        student.on_demand_ms = on_demand.get(&student.mobile_hash).copied().unwrap_or(0);
    }
    let unmatched = store::unmatched_viewers(&state.db, &class.id).await?;
    let updated = store::records_updated_at(&state.db, &class.id).await?;
    Ok(ClassRecords {
        total_live_ms: sessions.iter().map(|s| s.duration_ms).sum(),
        records_reported_at: sessions.iter().filter_map(|s| s.ended_at).max().map(rfc3339),
        sessions: sessions.into_iter().map(Into::into).collect(),
        students,
        unmatched_viewers: unmatched,
        records_updated_at: updated.map(rfc3339),
    })
}

/// One student's sessions: what the platform reported and what counts.
#[derive(Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct StudentSessionRecord {
    pub session_id: String,
    pub title: String,
    #[sqlx(skip)]
    pub started_at: Option<String>,
    #[serde(skip)]
    #[sqlx(rename = "started_at")]
    pub started_ms: Option<i64>,
    pub duration_ms: i64,
    /// Counts towards subsidy hours.
    pub effective_ms: i64,
    /// As reported: live and replay watching (replay never counts).
    pub reported_live_ms: i64,
    pub reported_playback_ms: i64,
}

/// A student's learning records per session (any member).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("class_id" = String, Path, description = "Class id"),
        ("student_id" = String, Path, description = "Student id")),
    responses((status = 200, body = Vec<StudentSessionRecord>), SignedInErrors),
)]
#[get("/orgs/{org_id}/classes/{class_id}/students/{student_id}/records")]
pub async fn student_records(
    state: AppState,
    access: OrgAccess<Member>,
    path: web::Path<(String, String, String)>,
) -> ApiResult<Json<Vec<StudentSessionRecord>>> {
    let (_, class_id, student_id) = path.into_inner();
    let class = find_class(&state.db, &access.org_id, &class_id).await?;
    if !store::student_in_class(&state.db, &class.id, &student_id).await? {
        return Err(ApiError::NotFound);
    }
    let mut rows = store::session_records_of_student(&state.db, &class.id, &student_id).await?;
    for row in &mut rows {
        row.started_at = row.started_ms.map(rfc3339);
    }
    Ok(Json(rows))
}

/// One viewer of a session, matched to a student or not.
#[derive(Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct SessionViewer {
    pub name: String,
    pub student_id: Option<String>,
    pub effective_ms: i64,
    pub live_ms: i64,
    pub playback_ms: i64,
}

/// A session's viewers with what counts for each (any member).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("class_id" = String, Path, description = "Class id"),
        ("session_id" = String, Path, description = "Session id")),
    responses((status = 200, body = Vec<SessionViewer>), SignedInErrors),
)]
#[get("/orgs/{org_id}/classes/{class_id}/sessions/{session_id}/viewers")]
pub async fn session_viewers(
    state: AppState,
    access: OrgAccess<Member>,
    path: web::Path<(String, String, String)>,
) -> ApiResult<Json<Vec<SessionViewer>>> {
    let (_, class_id, session_id) = path.into_inner();
    let class = find_class(&state.db, &access.org_id, &class_id).await?;
    if !store::session_in_class(&state.db, &class.id, &session_id).await? {
        return Err(ApiError::NotFound);
    }
    Ok(Json(store::viewers_of_session(&state.db, &session_id).await?))
}

/// The class's learning records as xlsx: a sheet of sessions and one of students (owner or
/// admin).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("class_id" = String, Path, description = "Class id")),
    responses((status = 200, description = "An xlsx workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = crate::openapi::FileBytes), SignedInErrors),
)]
#[get("/orgs/{org_id}/classes/{class_id}/records.xlsx")]
pub async fn export_records(
    state: AppState,
    access: OrgAccess<Manager>,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let class = find_class(&state.db, &access.org_id, &path.1).await?;
    let records = load_records(&state, &class).await?;
    let hours = |ms: i64| {
        #[allow(clippy::cast_precision_loss)]
        let h = ms as f64 / 3_600_000.0;
        format!("{h:.2}")
    };
    let sessions: Vec<Vec<String>> = records
        .sessions
        .iter()
        .map(|s| {
            vec![
                s.title.clone(),
                s.started_at.clone().unwrap_or_default(),
                hours(s.duration_ms),
                s.viewer_count.to_string(),
            ]
        })
        .collect();
    let students: Vec<Vec<String>> = records
        .students
        .iter()
        .map(|s| {
            vec![
                s.name.clone(),
                hours(s.live_ms),
                s.sessions_attended.to_string(),
                hours(s.on_demand_ms),
            ]
        })
        .collect();
    let bytes = crate::xlsx::text_workbook(&[
        ("场次", &["场次", "开始时间", "时长（小时）", "观看人数"], &sessions),
        (
            "学员",
            &["姓名", "有效直播学时（小时）", "参加场次", "点播学习（小时，不计入学时）"],
            &students,
        ),
    ])?;
    Ok(crate::xlsx::xlsx_download(bytes, &format!("{}-学习记录.xlsx", class.code)))
}
