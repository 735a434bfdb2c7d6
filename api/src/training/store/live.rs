//! A class on the live platform: its sync (department and members), its sessions, the
//! learning records each pull replaces, and what the records pages read back.

use std::collections::HashMap;

use crate::{
    db::{Conn, Db, new_id},
    integrations::dingtalk_live::{LiveInfo, Watcher},
    training::live::{
        JobStatus, SessionViewer, StudentRecord, StudentSessionRecord, SyncFailure, UnmatchedViewer,
    },
};

/// (class id, org id) of every class not deleted with a live on the platform planned between
/// `from` and `to`.
pub async fn classes_with_lives_between(
    db: &Db,
    from: i64,
    to: i64,
) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query_as(
        "select distinct c.id, c.org_id from classes c join class_sessions s on s.class_id = c.id \
         where c.deleted_at is null and s.platform_live_id is not null \
         and s.planned_start_at between $1 and $2",
    )
    .bind(from)
    .bind(to)
    .fetch_all(&db.pool)
    .await
}

// ---- sync -------------------------------------------------------------------------------------

/// Where a class's sync stands, as the class row keeps it.
#[derive(Debug, sqlx::FromRow)]
pub struct SyncState {
    pub platform_department_id: Option<String>,
    pub synced_at: Option<i64>,
    pub sync_job_id: Option<String>,
}

/// The class's department on the platform, when a sync last finished, and the latest sync job.
pub async fn sync_state(db: &Db, class_id: &str) -> sqlx::Result<SyncState> {
    sqlx::query_as(
        "select platform_department_id, synced_at, sync_job_id from classes where id = $1",
    )
    .bind(class_id)
    .fetch_one(&db.pool)
    .await
}

/// (members of the department, not yet members) among the class's activated students.
pub async fn member_counts(db: &Db, class_id: &str) -> sqlx::Result<(i64, i64)> {
    sqlx::query_as(
        "select cast(coalesce(sum(case when platform_user_id is not null then 1 else 0 end), 0) as bigint), \
         cast(coalesce(sum(case when platform_user_id is null then 1 else 0 end), 0) as bigint) \
         from students where class_id = $1 and status = 'active'",
    )
    .bind(class_id)
    .fetch_one(&db.pool)
    .await
}

/// The class's activated students the platform refused at the last sync, with its reason.
pub async fn sync_failures(db: &Db, class_id: &str) -> sqlx::Result<Vec<SyncFailure>> {
    sqlx::query_as(
        "select id as student_id, name, platform_sync_error as reason from students \
         where class_id = $1 and status = 'active' and platform_user_id is null \
         and platform_sync_error is not null order by created_at, id",
    )
    .bind(class_id)
    .fetch_all(&db.pool)
    .await
}

/// How many of the class's students are activated.
pub async fn count_active_students(db: &Db, class_id: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar("select count(*) from students where class_id = $1 and status = 'active'")
        .bind(class_id)
        .fetch_one(&db.pool)
        .await
}

/// Records `job_id` as the class's latest sync job.
pub async fn set_sync_job(conn: &mut Conn, class_id: &str, job_id: &str) -> sqlx::Result<()> {
    sqlx::query("update classes set sync_job_id = $2 where id = $1")
        .bind(class_id)
        .bind(job_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// (name, code, org id, department id) of a class to sync.
pub type ClassToSync = (String, String, String, Option<String>);

/// The class to sync; none once it is deleted.
pub async fn class_to_sync(db: &Db, class_id: &str) -> sqlx::Result<Option<ClassToSync>> {
    sqlx::query_as(
        "select name, code, org_id, platform_department_id from classes where id = $1 and deleted_at is null",
    )
    .bind(class_id)
    .fetch_optional(&db.pool)
    .await
}

/// Stores the class's department on the platform, just created.
pub async fn set_department(
    db: &Db,
    class_id: &str,
    department_id: &str,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query("update classes set platform_department_id = $2, updated_at = $3 where id = $1")
        .bind(class_id)
        .bind(department_id)
        .bind(at)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// (id, name, encrypted mobile) of the class's activated students not yet members of its
/// department, in the order they were added.
pub async fn students_to_sync(
    db: &Db,
    class_id: &str,
) -> sqlx::Result<Vec<(String, String, String)>> {
    sqlx::query_as(
        "select id, name, mobile_encrypted from students \
         where class_id = $1 and status = 'active' and platform_user_id is null order by created_at, id",
    )
    .bind(class_id)
    .fetch_all(&db.pool)
    .await
}

/// The student is a member of the class's department now, as `platform_user_id`.
pub async fn mark_member(db: &Db, student_id: &str, platform_user_id: &str) -> sqlx::Result<()> {
    sqlx::query(
        "update students set platform_user_id = $2, platform_sync_error = null where id = $1",
    )
    .bind(student_id)
    .bind(platform_user_id)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// The platform refused to add the student, for `reason` (in plain words).
pub async fn set_sync_error(db: &Db, student_id: &str, reason: &str) -> sqlx::Result<()> {
    sqlx::query("update students set platform_sync_error = $2 where id = $1")
        .bind(student_id)
        .bind(reason)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// A sync of the class finished.
pub async fn mark_synced(db: &Db, class_id: &str, at: i64) -> sqlx::Result<()> {
    sqlx::query("update classes set synced_at = $2 where id = $1")
        .bind(class_id)
        .bind(at)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// The class's department on the platform, once a sync created it.
pub async fn department_of(db: &Db, class_id: &str) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar::<_, Option<String>>(
        "select platform_department_id from classes where id = $1",
    )
    .bind(class_id)
    .fetch_one(&db.pool)
    .await
}

/// (name, encrypted mobile) of the class's activated students, in the order they were added.
pub async fn active_student_contacts(
    db: &Db,
    class_id: &str,
) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query_as(
        "select name, mobile_encrypted from students where class_id = $1 and status = 'active' \
         order by created_at, id",
    )
    .bind(class_id)
    .fetch_all(&db.pool)
    .await
}

// ---- sessions ---------------------------------------------------------------------------------

/// A session with its viewer count, as the sessions list reads it.
#[derive(Debug, sqlx::FromRow)]
pub struct SessionRow {
    pub id: String,
    pub title: String,
    pub lecturer_student_ids: String,
    pub planned_start_at: i64,
    pub planned_end_at: i64,
    pub platform_live_id: Option<String>,
    pub started_at: Option<i64>,
    pub ended_at: Option<i64>,
    pub duration_ms: i64,
    pub viewer_count: i64,
    pub pulled_at: Option<i64>,
}

const SESSION_SELECT: &str = "select s.id, s.title, s.lecturer_student_ids, s.planned_start_at, \
    s.planned_end_at, s.platform_live_id, s.started_at, s.ended_at, s.duration_ms, \
    s.viewer_count, s.pulled_at \
    from class_sessions s";

/// Whether `student_id` is a student of the class.
pub async fn student_in_class(db: &Db, class_id: &str, student_id: &str) -> sqlx::Result<bool> {
    let found: Option<i64> =
        sqlx::query_scalar("select 1 from students where id = $1 and class_id = $2")
            .bind(student_id)
            .bind(class_id)
            .fetch_optional(&db.pool)
            .await?;
    Ok(found.is_some())
}

/// A session scheduled, with its live created on the platform.
pub struct NewSession<'a> {
    pub id: &'a str,
    pub class_id: &'a str,
    pub title: &'a str,
    /// The lecturers' student ids, as a JSON array.
    pub lecturer_student_ids: &'a str,
    pub planned_start_at: i64,
    pub planned_end_at: i64,
    pub platform_live_id: &'a str,
    pub at: i64,
}

/// Stores a scheduled session.
pub async fn insert_session(db: &Db, session: &NewSession<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "insert into class_sessions (id, class_id, title, lecturer_student_ids, planned_start_at, \
         planned_end_at, platform_live_id, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
    )
    .bind(session.id)
    .bind(session.class_id)
    .bind(session.title)
    .bind(session.lecturer_student_ids)
    .bind(session.planned_start_at)
    .bind(session.planned_end_at)
    .bind(session.platform_live_id)
    .bind(session.at)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// The session `session_id`.
pub async fn session(db: &Db, session_id: &str) -> sqlx::Result<SessionRow> {
    sqlx::query_as(&format!("{SESSION_SELECT} where s.id = $1"))
        .bind(session_id)
        .fetch_one(&db.pool)
        .await
}

/// The class's sessions in planned order.
pub async fn sessions_of_class(db: &Db, class_id: &str) -> sqlx::Result<Vec<SessionRow>> {
    sqlx::query_as(&format!(
        "{SESSION_SELECT} where s.class_id = $1 order by s.planned_start_at, s.id"
    ))
    .bind(class_id)
    .fetch_all(&db.pool)
    .await
}

/// The org's background job `job_id` (none when it is not the org's).
pub async fn job_status(db: &Db, org_id: &str, job_id: &str) -> sqlx::Result<Option<JobStatus>> {
    sqlx::query_as(
        "select id, status, progress_done, progress_total, last_error, finished_at from jobs \
         where id = $1 and org_id = $2",
    )
    .bind(job_id)
    .bind(org_id)
    .fetch_optional(&db.pool)
    .await
}

// ---- pulls ------------------------------------------------------------------------------------

/// (id, live id, lecturers' student ids as JSON) of the class's sessions with a live on the
/// platform, in planned order.
pub async fn sessions_to_pull(
    db: &Db,
    class_id: &str,
) -> sqlx::Result<Vec<(String, String, String)>> {
    sqlx::query_as(
        "select id, platform_live_id, lecturer_student_ids from class_sessions \
         where class_id = $1 and platform_live_id is not null order by planned_start_at, id",
    )
    .bind(class_id)
    .fetch_all(&db.pool)
    .await
}

/// The class's activated students who are members of its department: student id by platform
/// user id.
pub async fn students_by_platform_user(
    db: &Db,
    class_id: &str,
) -> sqlx::Result<HashMap<String, String>> {
    Ok(sqlx::query_as::<_, (String, String)>(
        "select platform_user_id, id from students \
         where class_id = $1 and status = 'active' and platform_user_id is not null",
    )
    .bind(class_id)
    .fetch_all(&db.pool)
    .await?
    .into_iter()
    .collect())
}

/// How the session's live ran, as just pulled; `duration_ms` is the run's (0 before it ran).
pub async fn record_session_run(
    conn: &mut Conn,
    session_id: &str,
    info: &LiveInfo,
    duration_ms: i64,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "update class_sessions set started_at = $2, ended_at = $3, duration_ms = $4, \
         live_status = $5, pulled_at = $6, updated_at = $6 where id = $1",
    )
    .bind(session_id)
    .bind(info.started_at)
    .bind(info.ended_at)
    .bind(duration_ms)
    .bind(info.status)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Forgets the session's viewers of the previous pull.
pub async fn delete_viewers(conn: &mut Conn, session_id: &str) -> sqlx::Result<()> {
    sqlx::query("delete from session_viewers where session_id = $1")
        .bind(session_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// A viewer of the session as the platform reported them, matched to a student or not.
pub async fn insert_viewer(
    conn: &mut Conn,
    session_id: &str,
    watcher: &Watcher,
    student_id: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into session_viewers (id, session_id, platform_user_id, student_id, name, \
         live_ms, playback_ms) values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(new_id())
    .bind(session_id)
    .bind(watcher.user_id.as_deref())
    .bind(student_id)
    .bind(&watcher.name)
    .bind(watcher.live_ms)
    .bind(watcher.playback_ms)
    .execute(conn)
    .await?;
    Ok(())
}

/// Forgets the session's effective times of the previous pull, and takes them off its
/// students' totals. Sound only while the transaction holds the session's row (the pull writes
/// it first, `record_session_run`): two pulls of one session then run one after the other, each
/// taking off what the previous one added; pulls of different sessions only add and subtract,
/// which commute.
pub async fn delete_study_times(conn: &mut Conn, session_id: &str) -> sqlx::Result<()> {
    sqlx::query(
        "update students set live_ms = live_ms - t.effective_ms, \
         sessions_attended = sessions_attended - 1 \
         from session_study_times t where t.session_id = $1 and t.student_id = students.id",
    )
    .bind(session_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query("delete from session_study_times where session_id = $1")
        .bind(session_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Adds the session's effective times, just inserted, to its students' totals, and counts its
/// viewers: the records page reads both instead of summing and counting rows on each read.
pub async fn count_session_records(conn: &mut Conn, session_id: &str) -> sqlx::Result<()> {
    sqlx::query(
        "update students set live_ms = live_ms + t.effective_ms, \
         sessions_attended = sessions_attended + 1 \
         from session_study_times t where t.session_id = $1 and t.student_id = students.id",
    )
    .bind(session_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "update class_sessions set viewer_count = \
         (select count(*) from session_viewers v where v.session_id = $1) where id = $1",
    )
    .bind(session_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// A student's effective time in the session.
pub async fn insert_study_time(
    conn: &mut Conn,
    session_id: &str,
    student_id: &str,
    effective_ms: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into session_study_times (session_id, student_id, effective_ms) values ($1, $2, $3)",
    )
    .bind(session_id)
    .bind(student_id)
    .bind(effective_ms)
    .execute(conn)
    .await?;
    Ok(())
}

/// The class's records were just updated from the platform: the class's org.
pub async fn mark_records_updated(
    conn: &mut Conn,
    class_id: &str,
    at: i64,
) -> sqlx::Result<String> {
    sqlx::query_scalar("update classes set records_updated_at = $2 where id = $1 returning org_id")
        .bind(class_id)
        .bind(at)
        .fetch_one(conn)
        .await
}

// ---- records ----------------------------------------------------------------------------------

/// The class's activated students, in the order they were added, with their effective live
/// time and the sessions they attended (totals kept by the pull, `count_session_records`;
/// on-demand time is left at 0 for the caller).
pub async fn student_records(db: &Db, class_id: &str) -> sqlx::Result<Vec<StudentRecord>> {
    sqlx::query_as(
        "select st.id as student_id, st.name, st.mobile_hash, st.live_ms, st.sessions_attended \
         from students st where st.class_id = $1 and st.status = 'active' \
         order by st.created_at, st.id",
    )
    .bind(class_id)
    .fetch_all(&db.pool)
    .await
}

/// Viewers of the class's sessions no activated student matched, session by session: the
/// class's sessions first, then each one's unmatched viewers, one search of the index by
/// (session, student) each (migration 0028): the read grows with neither the class's matched
/// viewers nor other classes' unmatched ones.
const UNMATCHED_VIEWERS: &str = "select v.session_id, v.name, v.live_ms, v.playback_ms \
     from class_sessions s join session_viewers v on v.session_id = s.id and v.student_id is null \
     where s.class_id = $1 order by s.planned_start_at, v.name";

/// Viewers of the class's sessions no activated student matched, session by session.
pub async fn unmatched_viewers(db: &Db, class_id: &str) -> sqlx::Result<Vec<UnmatchedViewer>> {
    sqlx::query_as(UNMATCHED_VIEWERS).bind(class_id).fetch_all(&db.pool).await
}

/// When the class's records were last pulled from the platform.
pub async fn records_updated_at(db: &Db, class_id: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("select records_updated_at from classes where id = $1")
        .bind(class_id)
        .fetch_one(&db.pool)
        .await
}

/// Every session of the class with what the platform reported for the student and what
/// counts, in planned order (`started_at` left for the caller to format).
pub async fn session_records_of_student(
    db: &Db,
    class_id: &str,
    student_id: &str,
) -> sqlx::Result<Vec<StudentSessionRecord>> {
    sqlx::query_as(
        "select s.id as session_id, s.title, s.started_at, s.duration_ms, \
         coalesce(t.effective_ms, 0) as effective_ms, \
         cast(coalesce((select sum(v.live_ms) from session_viewers v where v.session_id = s.id and v.student_id = $2), 0) as bigint) as reported_live_ms, \
         cast(coalesce((select sum(v.playback_ms) from session_viewers v where v.session_id = s.id and v.student_id = $2), 0) as bigint) as reported_playback_ms \
         from class_sessions s left join session_study_times t on t.session_id = s.id and t.student_id = $2 \
         where s.class_id = $1 order by s.planned_start_at, s.id",
    )
    .bind(class_id)
    .bind(student_id)
    .fetch_all(&db.pool)
    .await
}

/// Whether `session_id` is a session of the class.
pub async fn session_in_class(db: &Db, class_id: &str, session_id: &str) -> sqlx::Result<bool> {
    let found: Option<i64> =
        sqlx::query_scalar("select 1 from class_sessions where id = $1 and class_id = $2")
            .bind(session_id)
            .bind(class_id)
            .fetch_optional(&db.pool)
            .await?;
    Ok(found.is_some())
}

/// The session's viewers, matched students first, with what counts for each.
pub async fn viewers_of_session(db: &Db, session_id: &str) -> sqlx::Result<Vec<SessionViewer>> {
    sqlx::query_as(
        "select v.name, v.student_id, coalesce(t.effective_ms, 0) as effective_ms, v.live_ms, v.playback_ms \
         from session_viewers v left join session_study_times t \
           on t.session_id = v.session_id and t.student_id = v.student_id \
         where v.session_id = $1 order by v.student_id is null, v.name, v.id",
    )
    .bind(session_id)
    .fetch_all(&db.pool)
    .await
}

#[cfg(test)]
mod tests {
    use secrecy::SecretString;
    use sqlx::Executor;

    use super::*;
    use crate::db::ConnectOptions;

    /// The plan SQLite chooses for `sql` (its `detail` lines) on `conn`.
    async fn plan(conn: &mut Conn, sql: &str) -> Vec<String> {
        let rows: Vec<(i64, i64, i64, String)> =
            sqlx::query_as(&format!("explain query plan {sql}"))
                .bind("class-a")
                .fetch_all(conn)
                .await
                .unwrap();
        rows.into_iter().map(|(_, _, _, detail)| detail).collect()
    }

    /// A class's unmatched viewers are read through its own sessions, before and after the
    /// planner has statistics, on a database where another class's sessions hold thousands of
    /// unmatched viewers and the class asked about only matched ones: searching the unmatched
    /// viewers of every class (what the index by student offered for `student_id is null`)
    /// made one class's records page grow with the platform's, and reading every viewer of the
    /// class's sessions (the index by session alone) with the class's own.
    #[actix_web::test]
    async fn unmatched_viewers_are_read_through_the_class_sessions() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/plan.db?mode=rwc", dir.path().display());
        let options = ConnectOptions {
            url: SecretString::from(url),
            max_connections: 1,
            acquire_timeout: std::time::Duration::from_secs(5),
        };
        let db = Db::connect(&options).await.unwrap();
        db.migrate().await.unwrap();
        let mut conn = db.pool.acquire().await.unwrap();
        // Only these two tables matter to the plan; the rows they point to need not exist.
        conn.execute("pragma foreign_keys = off").await.unwrap();
        for (class, sessions, matched) in [("class-a", 3, true), ("class-b", 30, false)] {
            for session in 0..sessions {
                let session_id = format!("{class}-{session}");
                sqlx::query(
                    "insert into class_sessions (id, class_id, title, planned_start_at, \
                     planned_end_at, created_at, updated_at) values ($1, $2, 't', $3, $3, 0, 0)",
                )
                .bind(&session_id)
                .bind(class)
                .bind(session)
                .execute(&mut *conn)
                .await
                .unwrap();
                for viewer in 0..200 {
                    sqlx::query(
                        "insert into session_viewers (id, session_id, student_id, name, live_ms, \
                         playback_ms) values ($1, $2, $3, '员工', 60000, 0)",
                    )
                    .bind(format!("{session_id}-{viewer}"))
                    .bind(&session_id)
                    .bind(matched.then(|| format!("student-{viewer}")))
                    .execute(&mut *conn)
                    .await
                    .unwrap();
                }
            }
        }
        for statistics in ["none", "analyzed"] {
            if statistics == "analyzed" {
                conn.execute("analyze").await.unwrap();
            }
            let plan = plan(&mut conn, UNMATCHED_VIEWERS).await;
            assert!(
                plan.iter().any(|step| step.contains("class_sessions_by_class"))
                    && plan.iter().any(|step| {
                        step.contains("session_viewers_by_session (session_id=? AND student_id=?)")
                    }),
                "{statistics}: {plan:?}"
            );
            assert!(!plan.iter().any(|step| step.contains("by_student")), "{statistics}: {plan:?}");
        }
    }
}
