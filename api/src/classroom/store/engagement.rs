//! What users do with a public course, as statements: enrollment within capacity, sign-in,
//! the provider's attendee lists, and on-demand study time credited from heartbeats.

use super::{
    catalog::PUBLIC,
    courses::{REVISION_COLUMNS, RevisionRow},
};
use crate::{
    classroom::engagement::MemberStudyTime,
    db::{Conn, Db},
};

#[derive(Debug, sqlx::FromRow)]
pub struct PublicCourseRow {
    pub revision_id: String,
    pub enrolled_count: i64,
}

/// A public course's listed revision and how many enrolled (`None`: not public).
pub async fn public_course(db: &Db, course_id: &str) -> sqlx::Result<Option<PublicCourseRow>> {
    sqlx::query_as(&format!("select r.id as revision_id, c.enrolled_count {PUBLIC} and c.id = $1"))
        .bind(course_id)
        .fetch_optional(&db.pool)
        .await
}

/// The listed revision of a public course, just found (so it exists).
pub async fn listed_revision(db: &Db, revision_id: &str) -> sqlx::Result<RevisionRow> {
    sqlx::query_as(&format!("select {REVISION_COLUMNS} from course_revisions r where r.id = $1"))
        .bind(revision_id)
        .fetch_one(&db.pool)
        .await
}

/// When the user enrolled in the course, if they did.
pub async fn enrolled_at(db: &Db, course_id: &str, user_id: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "select created_at from course_enrollments where course_id = $1 and user_id = $2",
    )
    .bind(course_id)
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await
}

/// When the user signed in to the course, if they did.
pub async fn signed_in_at(db: &Db, course_id: &str, user_id: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "select created_at from course_sign_ins where course_id = $1 and user_id = $2",
    )
    .bind(course_id)
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await
}

/// The on-demand study time credited to the user for the course (`None`: never watched).
pub async fn studied_ms(db: &Db, course_id: &str, user_id: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "select cast(sum(credited_ms) as bigint) from watch_sessions where course_id = $1 and user_id = $2",
    )
    .bind(course_id)
    .bind(user_id)
    .fetch_one(&db.pool)
    .await
}

/// Whether the user enrolled in the course.
pub async fn is_enrolled(db: &Db, course_id: &str, user_id: &str) -> sqlx::Result<bool> {
    let enrolled: Option<i64> = sqlx::query_scalar(
        "select 1 from course_enrollments where course_id = $1 and user_id = $2",
    )
    .bind(course_id)
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(enrolled.is_some())
}

/// The learner's name and company, as given (trimmed, blank as none).
pub struct AttendeeNames<'a> {
    pub name: Option<&'a str>,
    pub company: Option<&'a str>,
}

/// An enrollment; false when the user is enrolled already.
pub async fn insert_enrollment(
    conn: &mut Conn,
    course_id: &str,
    user_id: &str,
    at: i64,
    attendee: &AttendeeNames<'_>,
) -> sqlx::Result<bool> {
    let inserted = sqlx::query(
        "insert into course_enrollments (course_id, user_id, created_at, attendee_name, attendee_company) \
         values ($1, $2, $3, $4, $5) on conflict do nothing",
    )
    .bind(course_id)
    .bind(user_id)
    .bind(at)
    .bind(attendee.name)
    .bind(attendee.company)
    .execute(conn)
    .await?;
    Ok(inserted.rows_affected() != 0)
}

/// Takes one of the course's places; false when none is left. One conditional update admits a
/// place or none: the row lock (PostgreSQL) or the single writer (SQLite) orders racing
/// enrollments, so the count never passes the capacity.
pub async fn take_place(conn: &mut Conn, course_id: &str, capacity: i64) -> sqlx::Result<bool> {
    let admitted = sqlx::query(
        "update courses set enrolled_count = enrolled_count + 1 where id = $1 and enrolled_count < $2",
    )
    .bind(course_id)
    .bind(capacity)
    .execute(conn)
    .await?;
    Ok(admitted.rows_affected() != 0)
}

/// A sign-in by `method` (`qr` or `button`); false when the user signed in already.
pub async fn insert_sign_in(
    conn: &mut Conn,
    course_id: &str,
    user_id: &str,
    method: &str,
    at: i64,
    attendee: &AttendeeNames<'_>,
) -> sqlx::Result<bool> {
    let inserted = sqlx::query(
        "insert into course_sign_ins (course_id, user_id, method, created_at, attendee_name, attendee_company) \
         values ($1, $2, $3, $4, $5, $6) on conflict do nothing",
    )
    .bind(course_id)
    .bind(user_id)
    .bind(method)
    .bind(at)
    .bind(attendee.name)
    .bind(attendee.company)
    .execute(conn)
    .await?;
    Ok(inserted.rows_affected() != 0)
}

#[derive(Debug, sqlx::FromRow)]
pub struct AttendeeRow {
    pub display_name: String,
    pub company: Option<String>,
    pub mobile: Option<String>,
    pub enrolled_at: Option<i64>,
    pub signed_in_at: Option<i64>,
    pub method: Option<String>,
}

/// Which attendee list: who enrolled (and whether they signed in), or who signed in.
#[derive(Debug, Clone, Copy)]
pub enum AttendeeList {
    Enrollments,
    SignIns,
}

impl AttendeeList {
    fn tables(self) -> &'static str {
        match self {
            AttendeeList::Enrollments => {
                "from course_enrollments e join users u on u.id = e.user_id \
                 left join course_sign_ins s on s.course_id = e.course_id and s.user_id = e.user_id \
                 where e.course_id = $1"
            }
            AttendeeList::SignIns => {
                "from course_sign_ins s join users u on u.id = s.user_id \
                 left join course_enrollments e on e.course_id = s.course_id and e.user_id = s.user_id \
                 where s.course_id = $1"
            }
        }
    }

    fn order(self) -> &'static str {
        match self {
            AttendeeList::Enrollments => "e.created_at, u.id",
            AttendeeList::SignIns => "s.created_at, u.id",
        }
    }
}

/// How many people the list holds.
pub async fn count_attendees(db: &Db, course_id: &str, list: AttendeeList) -> sqlx::Result<i64> {
    let from = list.tables();
    sqlx::query_scalar(&format!("select count(*) {from}")).bind(course_id).fetch_one(&db.pool).await
}

/// The list's people, in the order they enrolled or signed in.
pub async fn attendees(
    db: &Db,
    course_id: &str,
    list: AttendeeList,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Vec<AttendeeRow>> {
    let from = list.tables();
    sqlx::query_as(&format!(
        "select coalesce(e.attendee_name, s.attendee_name, u.display_name) as display_name, \
         coalesce(e.attendee_company, s.attendee_company) as company, u.mobile, \
         e.created_at as enrolled_at, s.created_at as signed_in_at, \
         s.method {from} order by {} limit $2 offset $3",
        list.order()
    ))
    .bind(course_id)
    .bind(limit)
    .bind(offset)
    .fetch_all(&db.pool)
    .await
}

/// The length of a course's video (`None` when not known); the file must exist.
pub async fn video_ms(db: &Db, media_id: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("select duration_ms from media where id = $1")
        .bind(media_id)
        .fetch_one(&db.pool)
        .await
}

/// Locks the user's row until the transaction ends (a no-op update). One stream per user even
/// when ten tabs start at once: the user's row lock queues them (PostgreSQL; SQLite's writes
/// are serial already), so each ends the one before it, and the partial unique index
/// `watch_sessions_one_open_per_user` holds the rule regardless.
pub async fn lock_user(conn: &mut Conn, user_id: &str) -> sqlx::Result<()> {
    sqlx::query("update users set updated_at = updated_at where id = $1")
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends the user's open viewing, if any.
pub async fn end_open_watch_sessions(conn: &mut Conn, user_id: &str, at: i64) -> sqlx::Result<()> {
    sqlx::query("update watch_sessions set ended_at = $2 where user_id = $1 and ended_at is null")
        .bind(user_id)
        .bind(at)
        .execute(conn)
        .await?;
    Ok(())
}

/// A new viewing of the course's video (`video_ms` long), nothing credited yet.
pub async fn insert_watch_session(
    conn: &mut Conn,
    id: &str,
    user_id: &str,
    course_id: &str,
    video_ms: i64,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into watch_sessions (id, user_id, course_id, video_ms, started_at, last_beat_at) \
         values ($1, $2, $3, $4, $5, $5)",
    )
    .bind(id)
    .bind(user_id)
    .bind(course_id)
    .bind(video_ms)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, sqlx::FromRow)]
pub struct WatchRow {
    pub course_id: String,
    pub video_ms: i64,
    pub credited_ms: i64,
    pub last_beat_at: i64,
    pub ended_at: Option<i64>,
}

/// One of the user's viewings.
pub async fn watch_session(
    db: &Db,
    session_id: &str,
    user_id: &str,
) -> sqlx::Result<Option<WatchRow>> {
    sqlx::query_as(
        "select course_id, video_ms, credited_ms, last_beat_at, ended_at from watch_sessions \
         where id = $1 and user_id = $2",
    )
    .bind(session_id)
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await
}

/// Credits a viewing up to `credited_ms` as of `at`. Conditional on the beat read
/// (`last_beat_at`): two racing beats credit the interval once.
pub async fn credit_watch_session(
    db: &Db,
    session_id: &str,
    last_beat_at: i64,
    credited_ms: i64,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "update watch_sessions set credited_ms = $3, last_beat_at = $4 \
         where id = $1 and last_beat_at = $2 and ended_at is null",
    )
    .bind(session_id)
    .bind(last_beat_at)
    .bind(credited_ms)
    .bind(at)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// The on-demand study time of each of the org's members, in the order they joined (mobiles
/// not masked yet).
pub async fn study_time_of_members(db: &Db, org_id: &str) -> sqlx::Result<Vec<MemberStudyTime>> {
    sqlx::query_as(
        "select u.id as user_id, u.display_name, coalesce(u.mobile, '') as mobile, \
         cast(coalesce(sum(w.credited_ms), 0) as bigint) as studied_ms, count(distinct w.course_id) as courses \
         from org_members m join users u on u.id = m.user_id \
         left join watch_sessions w on w.user_id = u.id \
         where m.org_id = $1 group by u.id, u.display_name, u.mobile, m.created_at order by m.created_at, u.id",
    )
    .bind(org_id)
    .fetch_all(&db.pool)
    .await
}
