//! Courses' statements (SPEC §3.3): a course, its revisions (every one kept: the review
//! history), the lecturers each names, and the version that `If-Match` checks.

use super::providers::ProviderRow;
use crate::{
    classroom::lecturers::Lecturer,
    db::{Conn, Db, now_ms},
    error::{ApiError, ApiResult},
    pagination::PageQuery,
};

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

/// A revision's content as stored (the form, with what its delivery does not use cleared).
pub struct RevisionFields<'a> {
    pub title: &'a str,
    pub delivery: &'a str,
    pub training_mode: Option<&'a str>,
    pub category_code: Option<&'a str>,
    pub cover_media_id: Option<&'a str>,
    pub video_media_id: Option<&'a str>,
    pub intro: &'a str,
    pub intro_image_media_id: Option<&'a str>,
    pub external_url: Option<&'a str>,
    pub live_starts_at: Option<i64>,
    pub live_ends_at: Option<i64>,
    pub capacity: Option<i64>,
}

/// A revision by id; 404 when there is none.
pub async fn revision(db: &Db, revision_id: &str) -> ApiResult<RevisionRow> {
    let sql = format!("select {REVISION_COLUMNS} from course_revisions r where r.id = $1");
    let row: Option<RevisionRow> =
        sqlx::query_as(&sql).bind(revision_id).fetch_optional(&db.pool).await?;
    row.ok_or(ApiError::NotFound)
}

/// A revision read inside the transaction that wrote it.
pub async fn revision_in_tx(conn: &mut Conn, revision_id: &str) -> sqlx::Result<RevisionRow> {
    let sql = format!("select {REVISION_COLUMNS} from course_revisions r where r.id = $1");
    sqlx::query_as(&sql).bind(revision_id).fetch_one(conn).await
}

/// A course's newest revision: what the console shows and the form edits.
pub async fn newest_revision(db: &Db, course_id: &str) -> sqlx::Result<RevisionRow> {
    let sql = format!(
        "select {REVISION_COLUMNS} from course_revisions r where r.course_id = $1 \
         order by r.number desc limit 1"
    );
    sqlx::query_as(&sql).bind(course_id).fetch_one(&db.pool).await
}

/// Every revision of a course, newest first: its review history.
pub async fn revisions_of(db: &Db, course_id: &str) -> sqlx::Result<Vec<RevisionRow>> {
    let sql = format!(
        "select {REVISION_COLUMNS} from course_revisions r where r.course_id = $1 \
         order by r.number desc"
    );
    sqlx::query_as(&sql).bind(course_id).fetch_all(&db.pool).await
}

/// The lecturers a revision names, in order (deleted ones included: history stays whole; their
/// `photo`s not filled in yet).
pub async fn revision_lecturers(db: &Db, revision_id: &str) -> sqlx::Result<Vec<Lecturer>> {
    sqlx::query_as(
        "select l.id, l.name, l.gender, l.intro, l.photo_media_id from course_revision_lecturers x \
         join lecturers l on l.id = x.lecturer_id where x.revision_id = $1 order by x.position",
    )
    .bind(revision_id)
    .fetch_all(&db.pool)
    .await
}

/// A course of the provider that is not deleted; 404 when there is none.
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

/// Whether `code` is a category that is enabled.
pub async fn category_enabled(db: &Db, code: &str) -> sqlx::Result<bool> {
    let known: Option<i64> =
        sqlx::query_scalar("select 1 from categories where code = $1 and enabled = 1")
            .bind(code)
            .fetch_optional(&db.pool)
            .await?;
    Ok(known.is_some())
}

/// A new course of the provider (its first revision is written next).
pub async fn insert_course(
    conn: &mut Conn,
    id: &str,
    provider_id: &str,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into courses (id, provider_id, created_at, updated_at) values ($1, $2, $3, $3)",
    )
    .bind(id)
    .bind(provider_id)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Writes `fields` into revision `(id, number, status)` of the course: a new revision when
/// `insert`, else the existing one rewritten.
pub async fn write_revision(
    conn: &mut Conn,
    course_id: &str,
    revision: (&str, i64, &str),
    fields: &RevisionFields<'_>,
    insert: bool,
) -> sqlx::Result<()> {
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
    sqlx::query(sql)
        .bind(revision_id)
        .bind(course_id)
        .bind(number)
        .bind(status)
        .bind(fields.title)
        .bind(fields.delivery)
        .bind(fields.training_mode)
        .bind(fields.category_code)
        .bind(fields.cover_media_id)
        .bind(fields.video_media_id)
        .bind(fields.intro)
        .bind(fields.intro_image_media_id)
        .bind(fields.external_url)
        .bind(fields.live_starts_at)
        .bind(fields.live_ends_at)
        .bind(fields.capacity)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

/// Replaces the lecturers a revision names, in display order.
pub async fn set_revision_lecturers(
    conn: &mut Conn,
    revision_id: &str,
    lecturer_ids: &[String],
) -> sqlx::Result<()> {
    sqlx::query("delete from course_revision_lecturers where revision_id = $1")
        .bind(revision_id)
        .execute(&mut *conn)
        .await?;
    for (position, lecturer_id) in lecturer_ids.iter().enumerate() {
        sqlx::query(
            "insert into course_revision_lecturers (revision_id, lecturer_id, position) \
             values ($1, $2, $3)",
        )
        .bind(revision_id)
        .bind(lecturer_id)
        .bind(i64::try_from(position).unwrap_or_default())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Submits a revision for review: pending, by `user_id` now, any earlier rejection cleared.
pub async fn mark_submitted(conn: &mut Conn, revision_id: &str, user_id: &str) -> sqlx::Result<()> {
    sqlx::query(
        "update course_revisions set status = 'pending', submitted_by = $2, submitted_at = $3, \
         reject_reason = null where id = $1",
    )
    .bind(revision_id)
    .bind(user_id)
    .bind(now_ms())
    .execute(conn)
    .await?;
    Ok(())
}

/// Bumps the course's version, failing (412) if it moved since `expected` was read.
pub async fn bump_version(conn: &mut Conn, course_id: &str, expected: i64) -> ApiResult<()> {
    let updated = sqlx::query(
        "update courses set version = version + 1, updated_at = $3 where id = $1 and version = $2",
    )
    .bind(course_id)
    .bind(expected)
    .bind(now_ms())
    .execute(conn)
    .await?;
    if updated.rows_affected() == 1 { Ok(()) } else { Err(ApiError::PreconditionFailed) }
}

/// Lists or unlists the course's approved revision.
pub async fn set_listed(conn: &mut Conn, course_id: &str, listed: bool) -> sqlx::Result<()> {
    sqlx::query("update courses set listed = $2 where id = $1")
        .bind(course_id)
        .bind(i16::from(listed))
        .execute(conn)
        .await?;
    Ok(())
}

/// Deletes a course softly: it leaves the console and the catalog; its history stays.
pub async fn mark_deleted(conn: &mut Conn, course_id: &str) -> sqlx::Result<()> {
    sqlx::query("update courses set deleted_at = $2 where id = $1")
        .bind(course_id)
        .bind(now_ms())
        .execute(conn)
        .await?;
    Ok(())
}

/// The console's course list: the provider's courses that are not deleted, each with its
/// newest revision. `$2`: that revision's status, or null; `$3`: a `LIKE` pattern of its
/// title, or null.
const LIST_FROM: &str = "from courses c join course_revisions r on r.course_id = c.id \
         and r.number = (select max(number) from course_revisions where course_id = c.id) \
         where c.provider_id = $1 and c.deleted_at is null \
         and ($2 is null or r.status = $2) and ($3 is null or r.title like $3 escape '\\')";

#[derive(Debug, sqlx::FromRow)]
pub struct SummaryRow {
    pub id: String,
    pub title: String,
    pub status: String,
    pub listed: i16,
    pub live_revision_id: Option<String>,
    pub reject_reason: Option<String>,
    pub cover_media_id: Option<String>,
    pub delivery: String,
    pub updated_at: i64,
}

/// How many of the provider's courses the console list holds.
pub async fn count_courses(
    db: &Db,
    provider_id: &str,
    status: Option<&str>,
    pattern: Option<&str>,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(&format!("select count(*) {LIST_FROM}"))
        .bind(provider_id)
        .bind(status)
        .bind(pattern)
        .fetch_one(&db.pool)
        .await
}

/// A page of the console's course list, newest change first.
pub async fn courses_page(
    db: &Db,
    provider_id: &str,
    status: Option<&str>,
    pattern: Option<&str>,
    page: PageQuery,
) -> sqlx::Result<Vec<SummaryRow>> {
    sqlx::query_as(&format!(
        "select c.id, r.title, r.status, c.listed, c.live_revision_id, r.reject_reason, \
         r.cover_media_id, r.delivery, c.updated_at {LIST_FROM} \
         order by c.updated_at desc, c.id desc limit $4 offset $5"
    ))
    .bind(provider_id)
    .bind(status)
    .bind(pattern)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(&db.pool)
    .await
}
