//! The demo training class's rows (`training::demo`) and, with the sandbox on, its DingTalk's:
//! fixed ids and `on conflict do nothing`, so seeding twice changes nothing.

use crate::{db::Db, pii::Sealed};

/// The demo class, synced (department 101) and with records, unless it exists.
pub async fn insert_class(
    db: &Db,
    class_id: &str,
    org_id: &str,
    code: &str,
    now: i64,
    created_at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into classes (id, org_id, name, code, class_type_code, training_mode, platform, \
         platform_department_id, synced_at, records_updated_at, created_at, updated_at) \
         values ($1, $2, '2026 春季跨境电商运营班', $3, 'enterprise_staff', 'live', 'dingtalk', \
         '101', $4, $4, $5, $4) on conflict do nothing",
    )
    .bind(class_id)
    .bind(org_id)
    .bind(code)
    .bind(now)
    .bind(created_at)
    .execute(&db.pool)
    .await?;
    // The org's count, recounted: the insert above does nothing when the class exists.
    sqlx::query(
        "update orgs set class_count = (select count(*) from classes c \
         where c.org_id = orgs.id and c.deleted_at is null) where id = $1",
    )
    .bind(org_id)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// The sandbox DingTalk's department 101 for the demo class, unless it exists.
pub async fn insert_sandbox_department(
    db: &Db,
    source_identifier: &str,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into sandbox_dingtalk_departments (dept_id, name, source_identifier, created_at) \
         values (101, '2026 春季跨境电商运营班', $1, $2) on conflict do nothing",
    )
    .bind(source_identifier)
    .bind(at)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// An activated demo student, personal data already sealed.
pub struct DemoStudent<'a> {
    pub id: &'a str,
    pub class_id: &'a str,
    pub name: &'a str,
    pub gender: &'a str,
    pub resident_id: &'a Sealed,
    pub mobile: &'a Sealed,
    pub activated_at: i64,
    pub platform_user_id: &'a str,
}

/// The demo student, unless it exists.
pub async fn insert_student(db: &Db, student: &DemoStudent<'_>) -> sqlx::Result<()> {
    let inserted = sqlx::query(
        "insert into students (id, class_id, name, gender, resident_id_encrypted, resident_id_hash, \
         resident_id_masked, mobile_encrypted, mobile_hash, mobile_masked, education, status, \
         activated_at, platform_user_id, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'bachelor', 'active', $11, $12, $11, $11) \
         on conflict do nothing",
    )
    .bind(student.id)
    .bind(student.class_id)
    .bind(student.name)
    .bind(student.gender)
    .bind(&student.resident_id.encrypted)
    .bind(&student.resident_id.hash)
    .bind(&student.resident_id.masked)
    .bind(&student.mobile.encrypted)
    .bind(&student.mobile.hash)
    .bind(&student.mobile.masked)
    .bind(student.activated_at)
    .bind(student.platform_user_id)
    .execute(&db.pool)
    .await?;
    // Counted on its class, as an import and an activation would (demo seeding runs alone).
    if inserted.rows_affected() == 1 {
        sqlx::query(
            "update classes set student_count = student_count + 1, \
             active_student_count = active_student_count + 1 where id = $1",
        )
        .bind(student.class_id)
        .execute(&db.pool)
        .await?;
    }
    Ok(())
}

/// A member of the sandbox DingTalk's department 101, unless it exists.
pub async fn insert_sandbox_user(
    db: &Db,
    userid: &str,
    name: &str,
    mobile: &str,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into sandbox_dingtalk_users (userid, name, mobile, dept_id, created_at) \
         values ($1, $2, $3, '101', $4) on conflict do nothing",
    )
    .bind(userid)
    .bind(name)
    .bind(mobile)
    .bind(at)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// A finished demo session, pulled.
pub struct DemoSession<'a> {
    pub id: &'a str,
    pub class_id: &'a str,
    pub title: &'a str,
    pub started_at: i64,
    pub ended_at: i64,
    pub platform_live_id: &'a str,
    pub duration_ms: i64,
    pub at: i64,
}

/// The demo session, unless it exists: whether it was inserted.
pub async fn insert_session(db: &Db, session: &DemoSession<'_>) -> sqlx::Result<bool> {
    let inserted = sqlx::query(
        "insert into class_sessions (id, class_id, title, planned_start_at, planned_end_at, \
         platform_live_id, started_at, ended_at, duration_ms, live_status, pulled_at, created_at, \
         updated_at) values ($1, $2, $3, $4, $5, $6, $4, $5, $7, 3, $8, $8, $8) on conflict do nothing",
    )
    .bind(session.id)
    .bind(session.class_id)
    .bind(session.title)
    .bind(session.started_at)
    .bind(session.ended_at)
    .bind(session.platform_live_id)
    .bind(session.duration_ms)
    .bind(session.at)
    .execute(&db.pool)
    .await?;
    Ok(inserted.rows_affected() != 0)
}

/// A viewer of a demo session (live time only), matched to a student or not.
pub async fn insert_viewer(
    db: &Db,
    id: &str,
    session_id: &str,
    platform_user_id: Option<&str>,
    student_id: Option<&str>,
    name: &str,
    live_ms: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into session_viewers (id, session_id, platform_user_id, student_id, name, live_ms, \
         playback_ms) values ($1, $2, $3, $4, $5, $6, 0)",
    )
    .bind(id)
    .bind(session_id)
    .bind(platform_user_id)
    .bind(student_id)
    .bind(name)
    .bind(live_ms)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// A demo student's effective time in a session, unless it is stored.
pub async fn insert_study_time(
    db: &Db,
    session_id: &str,
    student_id: &str,
    effective_ms: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into session_study_times (session_id, student_id, effective_ms) values ($1, $2, $3) \
         on conflict do nothing",
    )
    .bind(session_id)
    .bind(student_id)
    .bind(effective_ms)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// The sandbox DingTalk's finished live of a demo session, unless it exists: whether it was
/// inserted.
pub async fn insert_sandbox_live(
    db: &Db,
    live_id: &str,
    title: &str,
    started_at: i64,
    ended_at: i64,
) -> sqlx::Result<bool> {
    let inserted = sqlx::query(
        "insert into sandbox_dingtalk_lives (live_id, title, pre_start_time, pre_end_time, start_time, \
         end_time, live_status, created_at) values ($1, $2, $3, $4, $3, $4, 3, $3) on conflict do nothing",
    )
    .bind(live_id)
    .bind(title)
    .bind(started_at)
    .bind(ended_at)
    .execute(&db.pool)
    .await?;
    Ok(inserted.rows_affected() != 0)
}

/// A watcher of a sandbox live (live time only).
pub async fn insert_sandbox_watcher(
    db: &Db,
    id: &str,
    live_id: &str,
    userid: Option<&str>,
    name: &str,
    live_ms: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into sandbox_dingtalk_watchers (id, live_id, userid, name, live_ms, playback_ms) \
         values ($1, $2, $3, $4, $5, 0)",
    )
    .bind(id)
    .bind(live_id)
    .bind(userid)
    .bind(name)
    .bind(live_ms)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// A new demo session's records counted on its students and itself, as a pull counts them.
pub async fn count_session_records(db: &Db, session_id: &str) -> sqlx::Result<()> {
    let mut conn = db.pool.acquire().await?;
    super::live::count_session_records(&mut conn, session_id).await
}
