//! Students of a class. Their resident ID and phone arrive sealed (`ValidStudent`: encrypted,
//! keyed hash, masked); lists read only the masked values, and the encrypted ones are read for
//! the audited single-record view alone.

use foldhash::HashSet;

use crate::{
    db::{Conn, Db, Dialect, new_id, now_ms},
    error::{ApiError, ApiResult},
    training::{
        store::classes::ClassStudentCounts,
        students::{Student, StudentFilter, ValidStudent},
    },
};

/// Rows per insert statement (13 parameters a row): many, to save statements and round trips.
pub const INSERT_BATCH: usize = 500;

const STUDENT_COLUMNS: &str =
    "id, name, gender, resident_id_masked, mobile_masked, education, status, created_at";

/// Inserts students in batches inside the caller's transaction: their new ids, in order. The
/// same resident ID twice in a class is 409 `student_exists`.
pub async fn insert_students(
    conn: &mut Conn,
    dialect: Dialect,
    class_id: &str,
    students: &[ValidStudent],
) -> ApiResult<Vec<String>> {
    let now = now_ms();
    let mut ids = Vec::with_capacity(students.len());
    for batch in students.chunks(INSERT_BATCH) {
        const INSERT: &str = "insert into students (id, class_id, name, gender, \
            resident_id_encrypted, resident_id_hash, resident_id_masked, mobile_encrypted, \
            mobile_hash, mobile_masked, education, created_at, updated_at) values ";
        let mut sql = String::from(INSERT);
        for i in 0..batch.len() {
            if i > 0 {
                sql.push_str(", ");
            }
            match dialect {
                Dialect::Postgres => {
                    let b = i * 13;
                    sql.push('(');
                    sql.push_str(
                        &(1..=13).map(|n| format!("${}", b + n)).collect::<Vec<_>>().join(", "),
                    );
                    sql.push(')');
                }
                // Anonymous `?` parameters: sqlx binds numbered ones (`$n`) by looking each
                // name up in a list as long as the statement's, which made 500-row statements
                // cost the square of their size (72% of a 10,000-row import, bench P4). (One
                // single-row statement per student sent at once, to spare SQLite the undo
                // journal a multi-row statement keeps, was twice as slow through sqlx.)
                Dialect::Sqlite => sql.push_str("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            }
        }
        // Values are bound by reference: the batch outlives the statement.
        let batch_ids: Vec<String> = batch.iter().map(|_| new_id()).collect();
        let mut query = sqlx::query(&sql);
        for (student, id) in batch.iter().zip(&batch_ids) {
            query = query
                .bind(id.as_str())
                .bind(class_id)
                .bind(student.name.as_str())
                .bind(student.gender.as_str())
                .bind(student.resident_id.encrypted.as_str())
                .bind(student.resident_id.hash.as_str())
                .bind(student.resident_id.masked.as_str())
                .bind(student.mobile.encrypted.as_str())
                .bind(student.mobile.hash.as_str())
                .bind(student.mobile.masked.as_str())
                .bind(student.education)
                .bind(now)
                .bind(now);
        }
        query.execute(&mut *conn).await.map_err(|e| match e {
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                ApiError::conflict("student_exists")
            }
            other => other.into(),
        })?;
        ids.extend(batch_ids);
    }
    Ok(ids)
}

/// Moves the class's student counts by `added` students and `activated` active ones: called
/// once per transaction, after its writes to students, so that every transaction locks students
/// before their class (PostgreSQL would otherwise find two batches each holding a row the other
/// waits for).
pub async fn count_students(
    conn: &mut Conn,
    class_id: &str,
    added: i64,
    activated: i64,
) -> sqlx::Result<()> {
    if added == 0 && activated == 0 {
        return Ok(());
    }
    sqlx::query(
        "update classes set student_count = student_count + $2, \
         active_student_count = active_student_count + $3 where id = $1",
    )
    .bind(class_id)
    .bind(added)
    .bind(activated)
    .execute(conn)
    .await?;
    Ok(())
}

/// One page of the class's students, masked, in the order they were added, and how many match
/// `filter`. Only the filters given go into the statements, so the unfiltered list reads the
/// (class_id, created_at, id) index in order and stops after the page (a generic
/// `($n is null or …)` plan sorts them all). Without a name search the total is the class's
/// kept count (no statement); a search counts its matches.
pub async fn students_page(
    db: &Db,
    class: &ClassStudentCounts,
    filter: &StudentFilter,
    limit: i64,
    offset: i64,
) -> sqlx::Result<(i64, Vec<Student>)> {
    let mut filters = String::from("class_id = $1");
    let mut args = vec![class.id.clone()];
    let status = filter.status.as_deref().filter(|s| !s.is_empty());
    if let Some(status) = status {
        args.push(status.to_owned());
        filters += &format!(" and status = ${}", args.len());
    }
    let q = filter.q.as_deref().filter(|q| !q.trim().is_empty());
    if let Some(q) = q {
        args.push(crate::db::like_pattern(q));
        filters += &format!(" and name like ${} escape '\\'", args.len());
    }
    let kept_total = match (status, q) {
        (None, None) => Some(class.student_count),
        (Some("active"), None) => Some(class.active_student_count),
        (Some("inactive"), None) => Some(class.student_count - class.active_student_count),
        _ => None,
    };
    let total = match kept_total {
        Some(total) => total,
        None => {
            let count_sql = format!("select count(*) from students where {filters}");
            args.iter()
                .fold(sqlx::query_scalar(&count_sql), |q, v| q.bind(v))
                .fetch_one(&db.pool)
                .await?
        }
    };
    let page_sql = format!(
        "select {STUDENT_COLUMNS} from students where {filters} \
         order by created_at, id limit ${} offset ${}",
        args.len() + 1,
        args.len() + 2
    );
    let rows = args.iter().fold(sqlx::query_as::<_, Student>(&page_sql), |q, v| q.bind(v));
    let rows = rows.bind(limit).bind(offset).fetch_all(&db.pool).await?;
    Ok((total, rows))
}

/// The class's student `student_id`, masked (none when the class has no such student).
pub async fn student(db: &Db, class_id: &str, student_id: &str) -> sqlx::Result<Option<Student>> {
    sqlx::query_as(&format!(
        "select {STUDENT_COLUMNS} from students where id = $1 and class_id = $2"
    ))
    .bind(student_id)
    .bind(class_id)
    .fetch_optional(&db.pool)
    .await
}

/// The student's resident ID and phone as stored: encrypted.
pub async fn sealed_personal_data(db: &Db, student_id: &str) -> sqlx::Result<(String, String)> {
    sqlx::query_as("select resident_id_encrypted, mobile_encrypted from students where id = $1")
        .bind(student_id)
        .fetch_one(&db.pool)
        .await
}

/// Replaces an inactive student's details (an active one is read-only and left as it is). The
/// same resident ID twice in a class is 409 `student_exists`.
pub async fn update_student(
    conn: &mut Conn,
    student_id: &str,
    student: &ValidStudent,
    at: i64,
) -> ApiResult<()> {
    sqlx::query(
        "update students set name = $2, gender = $3, resident_id_encrypted = $4, \
         resident_id_hash = $5, resident_id_masked = $6, mobile_encrypted = $7, mobile_hash = $8, \
         mobile_masked = $9, education = $10, updated_at = $11 where id = $1 and status = 'inactive'",
    )
    .bind(student_id)
    .bind(&student.name)
    .bind(student.gender.as_str())
    .bind(&student.resident_id.encrypted)
    .bind(&student.resident_id.hash)
    .bind(&student.resident_id.masked)
    .bind(&student.mobile.encrypted)
    .bind(&student.mobile.hash)
    .bind(&student.mobile.masked)
    .bind(student.education)
    .bind(at)
    .execute(conn)
    .await
    .map_err(|e| match e {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            ApiError::conflict("student_exists")
        }
        other => other.into(),
    })?;
    Ok(())
}

/// The status of the class's student `student_id` (none when the class has no such student).
pub async fn student_status(
    conn: &mut Conn,
    class_id: &str,
    student_id: &str,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("select status from students where id = $1 and class_id = $2")
        .bind(student_id)
        .bind(class_id)
        .fetch_optional(conn)
        .await
}

/// Activates the student (read-only from now on); `false` when it was active already: another
/// request may have activated it since it was read, and the condition is checked again under
/// the row's lock. The caller counts it (`count_students`).
pub async fn activate_student(conn: &mut Conn, student_id: &str, at: i64) -> sqlx::Result<bool> {
    let activated = sqlx::query(
        "update students set status = 'active', activated_at = $2, updated_at = $2 \
         where id = $1 and status <> 'active'",
    )
    .bind(student_id)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(activated.rows_affected() == 1)
}

/// Deletes the student unless it is active; `false` when it was not deleted (active, or gone).
/// The caller counts it (`count_students`).
pub async fn delete_student(conn: &mut Conn, student_id: &str) -> sqlx::Result<bool> {
    let deleted = sqlx::query("delete from students where id = $1 and status <> 'active'")
        .bind(student_id)
        .execute(conn)
        .await?;
    Ok(deleted.rows_affected() == 1)
}

/// The keyed hashes of the resident IDs of the class's students.
pub async fn resident_id_hashes(db: &Db, class_id: &str) -> sqlx::Result<HashSet<String>> {
    Ok(sqlx::query_scalar("select resident_id_hash from students where class_id = $1")
        .bind(class_id)
        .fetch_all(&db.pool)
        .await?
        .into_iter()
        .collect())
}

/// An import's outcome, as stored.
pub struct NewImport<'a> {
    pub id: &'a str,
    pub class_id: &'a str,
    pub created_by: &'a str,
    pub total_rows: i64,
    pub imported: i64,
    pub failed: i64,
    /// The failed rows as xlsx, when any failed.
    pub error_report: Option<Vec<u8>>,
    pub at: i64,
}

/// Records an import and its error report.
pub async fn insert_import(conn: &mut Conn, import: NewImport<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "insert into student_imports (id, class_id, created_by, total_rows, imported, failed, \
         error_report, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(import.id)
    .bind(import.class_id)
    .bind(import.created_by)
    .bind(import.total_rows)
    .bind(import.imported)
    .bind(import.failed)
    .bind(import.error_report)
    .bind(import.at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Deletes the error reports of imports made before `made_before`.
pub async fn delete_error_reports(db: &Db, made_before: i64) -> sqlx::Result<()> {
    sqlx::query(
        "update student_imports set error_report = null \
         where error_report is not null and created_at < $1",
    )
    .bind(made_before)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// The error report of the class's import `import_id`, when the import was made at or after
/// `made_since` and had one.
pub async fn error_report(
    db: &Db,
    class_id: &str,
    import_id: &str,
    made_since: i64,
) -> sqlx::Result<Option<Vec<u8>>> {
    let report: Option<Option<Vec<u8>>> = sqlx::query_scalar(
        "select error_report from student_imports where id = $1 and class_id = $2 \
         and created_at >= $3",
    )
    .bind(import_id)
    .bind(class_id)
    .bind(made_since)
    .fetch_optional(&db.pool)
    .await?;
    Ok(report.flatten())
}

/// All the class's students, masked, in the order they were added.
pub async fn students_of_class(db: &Db, class_id: &str) -> sqlx::Result<Vec<Student>> {
    sqlx::query_as(&format!(
        "select {STUDENT_COLUMNS} from students where class_id = $1 order by created_at, id"
    ))
    .bind(class_id)
    .fetch_all(&db.pool)
    .await
}
