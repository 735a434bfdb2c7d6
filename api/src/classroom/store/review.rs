//! The admin review's statements (SPEC §3, §7): the queues and their counts, a submission
//! with its context, and the decisions that make a revision public.

use crate::{
    db::{Conn, Db},
    error::{ApiError, ApiResult},
    pagination::PageQuery,
};

// ---- the inbox's counts ----------------------------------------------------------------

/// Provider profile submissions waiting for review.
pub async fn pending_provider_revisions(db: &Db) -> sqlx::Result<i64> {
    sqlx::query_scalar("select count(*) from provider_revisions where status = 'pending'")
        .fetch_one(&db.pool)
        .await
}

/// Course revisions waiting for review (of courses not deleted).
pub async fn pending_course_revisions(db: &Db) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "select count(*) from course_revisions r join courses c on c.id = r.course_id \
         where r.status = 'pending' and c.deleted_at is null",
    )
    .fetch_one(&db.pool)
    .await
}

/// Training classes' subsidy applications waiting for review.
pub async fn pending_subsidy_applications(db: &Db) -> sqlx::Result<i64> {
    sqlx::query_scalar("select count(*) from subsidy_applications where status = 'pending'")
        .fetch_one(&db.pool)
        .await
}

/// Member registrations waiting for review.
pub async fn pending_memberships(db: &Db) -> sqlx::Result<i64> {
    sqlx::query_scalar("select count(*) from memberships where status = 'pending'")
        .fetch_one(&db.pool)
        .await
}

/// Offline dues payments awaiting confirmation.
pub async fn submitted_offline_payments(db: &Db) -> sqlx::Result<i64> {
    sqlx::query_scalar("select count(*) from member_payments where status = 'submitted'")
        .fetch_one(&db.pool)
        .await
}

/// Online dues payments held for review.
pub async fn flagged_payments(db: &Db) -> sqlx::Result<i64> {
    sqlx::query_scalar("select count(*) from member_payments where status = 'flagged'")
        .fetch_one(&db.pool)
        .await
}

// ---- decisions -------------------------------------------------------------------------

/// What a decision is about: a provider's profile or a course.
#[derive(Debug, Clone, Copy)]
pub enum Reviewed {
    Provider,
    Course,
}

impl Reviewed {
    fn revisions(self) -> &'static str {
        match self {
            Reviewed::Provider => "provider_revisions",
            Reviewed::Course => "course_revisions",
        }
    }
}

/// Moves a pending revision to its decision once: a second decision is 409 `wrong_state`.
pub async fn decide(
    conn: &mut Conn,
    reviewed: Reviewed,
    revision_id: &str,
    status: &str,
    reason: Option<&str>,
    decided_by: &str,
    now: i64,
) -> ApiResult<()> {
    let table = reviewed.revisions();
    let decided = sqlx::query(&format!(
        "update {table} set status = $2, reject_reason = $3, decided_by = $4, decided_at = $5 \
         where id = $1 and status = 'pending'"
    ))
    .bind(revision_id)
    .bind(status)
    .bind(reason)
    .bind(decided_by)
    .bind(now)
    .execute(conn)
    .await?;
    if decided.rows_affected() == 1 { Ok(()) } else { Err(ApiError::conflict("wrong_state")) }
}

// ---- providers -------------------------------------------------------------------------

#[derive(Debug, sqlx::FromRow)]
pub struct ProviderSubmissionRow {
    pub revision_id: String,
    pub provider_id: String,
    pub org_id: String,
    pub org_name: String,
    pub uscc: Option<String>,
    pub number: i64,
    pub status: String,
    pub name: String,
    pub logo_media_id: Option<String>,
    pub intro: String,
    pub address: String,
    pub contact_phone: String,
    pub reject_reason: Option<String>,
    pub submitted_at: i64,
    pub decided_at: Option<i64>,
    pub live_revision_id: Option<String>,
}

const PROVIDER_SUBMISSION: &str = "select r.id as revision_id, p.id as provider_id, o.id as org_id, \
    o.name as org_name, o.uscc, r.number, r.status, r.name, r.logo_media_id, r.intro, p.address, \
    p.contact_phone, r.reject_reason, r.submitted_at, r.decided_at, p.live_revision_id \
    from provider_revisions r join providers p on p.id = r.provider_id join orgs o on o.id = p.org_id";

/// How many provider submissions have `status`.
pub async fn count_provider_submissions(db: &Db, status: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar("select count(*) from provider_revisions where status = $1")
        .bind(status)
        .fetch_one(&db.pool)
        .await
}

/// A page of the provider submissions with `status`, oldest first.
pub async fn provider_submissions_page(
    db: &Db,
    status: &str,
    page: PageQuery,
) -> sqlx::Result<Vec<ProviderSubmissionRow>> {
    sqlx::query_as(&format!(
        "{PROVIDER_SUBMISSION} where r.status = $1 order by r.submitted_at, r.id limit $2 offset $3"
    ))
    .bind(status)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(&db.pool)
    .await
}

/// A provider submission; 404 when there is none.
pub async fn provider_submission(db: &Db, revision_id: &str) -> ApiResult<ProviderSubmissionRow> {
    let row: Option<ProviderSubmissionRow> =
        sqlx::query_as(&format!("{PROVIDER_SUBMISSION} where r.id = $1"))
            .bind(revision_id)
            .fetch_optional(&db.pool)
            .await?;
    row.ok_or(ApiError::NotFound)
}

/// The provider's previous public profile, replaced by an approval.
pub async fn supersede_provider_revision(conn: &mut Conn, revision_id: &str) -> sqlx::Result<()> {
    sqlx::query("update provider_revisions set status = 'superseded' where id = $1")
        .bind(revision_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Makes an approved revision the provider's public profile.
pub async fn set_live_provider_revision(
    conn: &mut Conn,
    provider_id: &str,
    revision_id: &str,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query("update providers set live_revision_id = $2, updated_at = $3 where id = $1")
        .bind(provider_id)
        .bind(revision_id)
        .bind(at)
        .execute(conn)
        .await?;
    Ok(())
}

// ---- courses ---------------------------------------------------------------------------

/// A course under review: its provider and its org, and the revision listed now.
#[derive(Debug, sqlx::FromRow)]
pub struct CourseContext {
    pub course_id: String,
    pub provider_id: String,
    pub provider_name: String,
    pub org_id: String,
    pub live_revision_id: Option<String>,
}

/// A course that is not deleted, with its provider; 404 when there is none.
pub async fn course_context(db: &Db, course_id: &str) -> ApiResult<CourseContext> {
    let context: Option<CourseContext> = sqlx::query_as(
        "select c.id as course_id, p.id as provider_id, pr.name as provider_name, p.org_id, \
         c.live_revision_id from courses c join providers p on p.id = c.provider_id \
         join provider_revisions pr on pr.id = p.live_revision_id \
         where c.id = $1 and c.deleted_at is null",
    )
    .bind(course_id)
    .fetch_optional(&db.pool)
    .await?;
    context.ok_or(ApiError::NotFound)
}

/// The course revisions with a status (`$1`), of courses not deleted.
const COURSE_QUEUE: &str = "from course_revisions r join courses c on c.id = r.course_id \
                where r.status = $1 and c.deleted_at is null";

/// How many course revisions have `status`.
pub async fn count_course_submissions(db: &Db, status: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar(&format!("select count(*) {COURSE_QUEUE}"))
        .bind(status)
        .fetch_one(&db.pool)
        .await
}

/// A page of the ids of the course revisions with `status`, oldest submission first.
pub async fn course_submissions_page(
    db: &Db,
    status: &str,
    page: PageQuery,
) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(&format!(
        "select r.id {COURSE_QUEUE} order by r.submitted_at, r.id limit $2 offset $3"
    ))
    .bind(status)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(&db.pool)
    .await
}

/// The course's previously listed revision, replaced by an approval.
pub async fn supersede_course_revision(conn: &mut Conn, revision_id: &str) -> sqlx::Result<()> {
    sqlx::query("update course_revisions set status = 'superseded' where id = $1")
        .bind(revision_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Lists an approved revision at once (a new version of the course).
pub async fn set_live_course_revision(
    conn: &mut Conn,
    course_id: &str,
    revision_id: &str,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "update courses set live_revision_id = $2, version = version + 1, updated_at = $3 \
         where id = $1",
    )
    .bind(course_id)
    .bind(revision_id)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

/// A new version of the course (a decision on it changes what the console shows).
pub async fn bump_course_version(conn: &mut Conn, course_id: &str, at: i64) -> sqlx::Result<()> {
    sqlx::query("update courses set version = version + 1, updated_at = $2 where id = $1")
        .bind(course_id)
        .bind(at)
        .execute(conn)
        .await?;
    Ok(())
}
