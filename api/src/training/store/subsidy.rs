//! Subsidy rules and applications.

use crate::{
    db::{Conn, Db, new_id},
    error::{ApiError, ApiResult},
    training::subsidy::{QualifiedStudent, SubsidyRules},
};

/// The subsidy rules in force.
pub async fn rules(db: &Db) -> sqlx::Result<SubsidyRules> {
    sqlx::query_as(
        "select threshold_ms, amount_per_student_fen from subsidy_rules where id = 'default'",
    )
    .fetch_one(&db.pool)
    .await
}

/// Replaces the rules in force.
pub async fn update_rules(
    conn: &mut Conn,
    rules: &SubsidyRules,
    updated_by: &str,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "update subsidy_rules set threshold_ms = $1, amount_per_student_fen = $2, updated_by = $3, \
         updated_at = $4 where id = 'default'",
    )
    .bind(rules.threshold_ms)
    .bind(rules.amount_per_student_fen)
    .bind(updated_by)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The class's activated students with at least `threshold_ms` of effective live time, in the
/// order they were added.
pub async fn qualified_students(
    db: &Db,
    class_id: &str,
    threshold_ms: i64,
) -> sqlx::Result<Vec<QualifiedStudent>> {
    sqlx::query_as(
        "select st.id as student_id, st.name, cast(coalesce(sum(t.effective_ms), 0) as bigint) as live_ms \
         from students st join session_study_times t on t.student_id = st.id \
         where st.class_id = $1 and st.status = 'active' \
         group by st.id, st.name, st.created_at having sum(t.effective_ms) >= $2 \
         order by st.created_at, st.id",
    )
    .bind(class_id)
    .bind(threshold_ms)
    .fetch_all(&db.pool)
    .await
}

/// An application with its class's and org's names.
#[derive(Debug, sqlx::FromRow)]
pub struct ApplicationRow {
    pub id: String,
    pub class_id: String,
    pub class_code: String,
    pub class_name: String,
    pub org_id: String,
    pub org_name: String,
    pub status: String,
    pub threshold_ms: i64,
    pub amount_per_student_fen: i64,
    pub qualified_count: i64,
    pub amount_fen: i64,
    /// The qualified students (`QualifiedStudent`), as JSON.
    pub qualified_students: String,
    pub note: Option<String>,
    pub applied_at: i64,
    pub decided_at: Option<i64>,
}

const APPLICATION_SELECT: &str = "select a.id, a.class_id, c.code as class_code, c.name as class_name, \
    a.org_id, o.name as org_name, a.status, a.threshold_ms, a.amount_per_student_fen, a.qualified_count, \
    a.amount_fen, a.qualified_students, a.note, a.applied_at, a.decided_at \
    from subsidy_applications a join classes c on c.id = a.class_id join orgs o on o.id = a.org_id";

/// The class's application, if it has one.
pub async fn application_of_class(db: &Db, class_id: &str) -> sqlx::Result<Option<ApplicationRow>> {
    sqlx::query_as(&format!("{APPLICATION_SELECT} where a.class_id = $1"))
        .bind(class_id)
        .fetch_optional(&db.pool)
        .await
}

/// Deletes the class's rejected application, which a new one replaces.
pub async fn delete_rejected_application(conn: &mut Conn, class_id: &str) -> sqlx::Result<()> {
    sqlx::query("delete from subsidy_applications where class_id = $1 and status = 'rejected'")
        .bind(class_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// An application with the amount computed under the rules in force.
pub struct NewApplication<'a> {
    pub class_id: &'a str,
    pub org_id: &'a str,
    pub threshold_ms: i64,
    pub amount_per_student_fen: i64,
    pub qualified_count: i64,
    pub amount_fen: i64,
    /// The qualified students, as JSON.
    pub qualified_students: &'a str,
    pub applied_by: &'a str,
    pub at: i64,
}

/// Stores a pending application; 409 `already_applied` when the class has one (not rejected).
pub async fn insert_application(
    conn: &mut Conn,
    application: &NewApplication<'_>,
) -> ApiResult<()> {
    sqlx::query(
        "insert into subsidy_applications (id, class_id, org_id, status, threshold_ms, \
         amount_per_student_fen, qualified_count, amount_fen, qualified_students, applied_by, applied_at) \
         values ($1, $2, $3, 'pending', $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(new_id())
    .bind(application.class_id)
    .bind(application.org_id)
    .bind(application.threshold_ms)
    .bind(application.amount_per_student_fen)
    .bind(application.qualified_count)
    .bind(application.amount_fen)
    .bind(application.qualified_students)
    .bind(application.applied_by)
    .bind(application.at)
    .execute(conn)
    .await
    .map_err(|e| match e {
        sqlx::Error::Database(db) if db.is_unique_violation() => ApiError::conflict("already_applied"),
        other => other.into(),
    })?;
    Ok(())
}

/// How many applications have `status`.
pub async fn count_applications(db: &Db, status: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar("select count(*) from subsidy_applications where status = $1")
        .bind(status)
        .fetch_one(&db.pool)
        .await
}

/// One page of the applications with `status`, oldest first.
pub async fn applications_page(
    db: &Db,
    status: &str,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Vec<ApplicationRow>> {
    sqlx::query_as(&format!(
        "{APPLICATION_SELECT} where a.status = $1 order by a.applied_at, a.id limit $2 offset $3"
    ))
    .bind(status)
    .bind(limit)
    .bind(offset)
    .fetch_all(&db.pool)
    .await
}

/// The application `id`.
pub async fn application(db: &Db, id: &str) -> sqlx::Result<Option<ApplicationRow>> {
    sqlx::query_as(&format!("{APPLICATION_SELECT} where a.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

/// Decides the application, unless it is no longer pending: whether it was.
pub async fn decide_application(
    conn: &mut Conn,
    id: &str,
    status: &str,
    note: Option<&str>,
    decided_by: &str,
    at: i64,
) -> sqlx::Result<bool> {
    let decided = sqlx::query(
        "update subsidy_applications set status = $2, note = $3, decided_by = $4, decided_at = $5 \
         where id = $1 and status = 'pending'",
    )
    .bind(id)
    .bind(status)
    .bind(note)
    .bind(decided_by)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(decided.rows_affected() != 0)
}
