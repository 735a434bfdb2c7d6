//! Classes, their types and their never-repeating codes.

use crate::{
    db::{Conn, Db},
    error::{ApiError, ApiResult},
    training::classes::ClassType,
};

/// A class with its counts, as one class and the list read it.
#[derive(Debug, sqlx::FromRow)]
pub struct ClassRow {
    pub id: String,
    pub name: String,
    pub code: String,
    pub class_type_code: String,
    pub class_type_name: String,
    pub training_mode: String,
    pub platform: String,
    pub student_count: i64,
    pub active_student_count: i64,
    pub total_live_ms: i64,
    pub synced_at: Option<i64>,
    pub subsidy_status: Option<String>,
    pub created_at: i64,
}

const SELECT: &str = "select c.id, c.name, c.code, c.class_type_code, \
    t.name_zh as class_type_name, c.training_mode, c.platform, \
    c.student_count, c.active_student_count, \
    (select cast(coalesce(sum(x.duration_ms), 0) as bigint) from class_sessions x where x.class_id = c.id) as total_live_ms, \
    c.synced_at, (select a.status from subsidy_applications a where a.class_id = c.id) as subsidy_status, \
    c.created_at \
    from classes c join class_types t on t.code = c.class_type_code";

/// `SELECT` of one page of an org's classes, newest first: the page's 20 ids along
/// `classes_by_org` first, then the columns (two subqueries each; the student counts are kept
/// on the class by the writes) for those only.
const PAGE_SELECT: &str = "select pg.id, c.name, c.code, c.class_type_code, \
    t.name_zh as class_type_name, c.training_mode, c.platform, \
    c.student_count, c.active_student_count, \
    (select cast(coalesce(sum(x.duration_ms), 0) as bigint) from class_sessions x where x.class_id = c.id) as total_live_ms, \
    c.synced_at, (select a.status from subsidy_applications a where a.class_id = c.id) as subsidy_status, \
    c.created_at \
    from (select id from classes where org_id = $1 and deleted_at is null \
          order by created_at desc, id desc limit $2 offset $3) pg \
    join classes c on c.id = pg.id join class_types t on t.code = c.class_type_code \
    order by c.created_at desc, c.id desc";

/// The class types offered (enabled ones), in display order.
pub async fn class_types(db: &Db) -> sqlx::Result<Vec<ClassType>> {
    sqlx::query_as(
        "select code, name_zh, name_en from class_types where enabled = 1 \
         order by sort_order, code",
    )
    .fetch_all(&db.pool)
    .await
}

/// The org's class `class_id`, or 404 (also for another org's class).
pub async fn find_class(db: &Db, org_id: &str, class_id: &str) -> ApiResult<ClassRow> {
    let row: Option<ClassRow> = sqlx::query_as(&format!(
        "{SELECT} where c.id = $1 and c.org_id = $2 and c.deleted_at is null"
    ))
    .bind(class_id)
    .bind(org_id)
    .fetch_optional(&db.pool)
    .await?;
    row.ok_or(ApiError::NotFound)
}

/// A class's id and its student counts as kept by the writes: what the student list needs.
#[derive(Debug, sqlx::FromRow)]
pub struct ClassStudentCounts {
    pub id: String,
    pub student_count: i64,
    pub active_student_count: i64,
}

/// The class when it is one of `org_id`'s (404 otherwise), with its kept student counts: for
/// reads that need only those, not the class's other columns.
pub async fn class_in_org(db: &Db, org_id: &str, class_id: &str) -> ApiResult<ClassStudentCounts> {
    sqlx::query_as(
        "select id, student_count, active_student_count from classes \
         where id = $1 and org_id = $2 and deleted_at is null",
    )
    .bind(class_id)
    .bind(org_id)
    .fetch_optional(&db.pool)
    .await?
    .ok_or(ApiError::NotFound)
}

/// Whether `code` names an enabled class type.
pub async fn class_type_enabled(db: &Db, code: &str) -> sqlx::Result<bool> {
    let known: Option<i64> =
        sqlx::query_scalar("select 1 from class_types where code = $1 and enabled = 1")
            .bind(code)
            .fetch_optional(&db.pool)
            .await?;
    Ok(known.is_some())
}

/// The next code for `region` in `year` (`HN-2026-000021`): one upsert, so concurrent creates on
/// any number of instances never get the same number.
pub async fn allocate_code(conn: &mut Conn, region: &str, year: i32) -> sqlx::Result<String> {
    let next: i64 = sqlx::query_scalar(
        "insert into class_code_sequences (region, year, last_value) values ($1, $2, 1) \
         on conflict (region, year) do update set last_value = class_code_sequences.last_value + 1 \
         returning last_value",
    )
    .bind(region)
    .bind(i64::from(year))
    .fetch_one(conn)
    .await?;
    Ok(format!("{region}-{year}-{next:06}"))
}

/// A class to create.
pub struct NewClass<'a> {
    pub id: &'a str,
    pub org_id: &'a str,
    pub name: &'a str,
    pub code: &'a str,
    pub class_type_code: &'a str,
    pub training_mode: &'a str,
    pub platform: &'a str,
    pub created_by: &'a str,
    pub at: i64,
}

/// Stores a new class.
pub async fn insert_class(conn: &mut Conn, class: &NewClass<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "insert into classes (id, org_id, name, code, class_type_code, training_mode, platform, \
         created_by, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
    )
    .bind(class.id)
    .bind(class.org_id)
    .bind(class.name)
    .bind(class.code)
    .bind(class.class_type_code)
    .bind(class.training_mode)
    .bind(class.platform)
    .bind(class.created_by)
    .bind(class.at)
    .execute(&mut *conn)
    .await?;
    add_to_class_count(conn, class.org_id, 1).await
}

/// Moves the org's kept count of classes (`orgs.class_count`) by `by`, in the transaction that
/// created or deleted the class.
pub async fn add_to_class_count(conn: &mut Conn, org_id: &str, by: i64) -> sqlx::Result<()> {
    sqlx::query("update orgs set class_count = class_count + $2 where id = $1")
        .bind(org_id)
        .bind(by)
        .execute(conn)
        .await?;
    Ok(())
}

/// How many classes the org has (deleted ones not counted), as kept by the writes.
pub async fn count_classes(db: &Db, org_id: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar("select class_count from orgs where id = $1")
        .bind(org_id)
        .fetch_optional(&db.pool)
        .await
        .map(Option::unwrap_or_default)
}

/// One page of the org's classes, newest first.
pub async fn classes_page(
    db: &Db,
    org_id: &str,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Vec<ClassRow>> {
    sqlx::query_as(PAGE_SELECT).bind(org_id).bind(limit).bind(offset).fetch_all(&db.pool).await
}

/// Renames the class or changes its type (`None` keeps what it is).
pub async fn update_class(
    conn: &mut Conn,
    class_id: &str,
    name: Option<&str>,
    class_type_code: Option<&str>,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "update classes set name = coalesce($2, name), class_type_code = coalesce($3, class_type_code), \
         updated_at = $4 where id = $1",
    )
    .bind(class_id)
    .bind(name)
    .bind(class_type_code)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Whether learning records were ever pulled for a session of the class.
pub async fn has_live_records(conn: &mut Conn, class_id: &str) -> sqlx::Result<bool> {
    let records: Option<i64> = sqlx::query_scalar(
        "select 1 from class_sessions where class_id = $1 and pulled_at is not null limit 1",
    )
    .bind(class_id)
    .fetch_optional(conn)
    .await?;
    Ok(records.is_some())
}

/// Marks the class deleted (its rows stay) and takes it off its org's count; false when it was
/// deleted already (by a request that got there first: it counted the deletion).
pub async fn mark_class_deleted(
    conn: &mut Conn,
    org_id: &str,
    class_id: &str,
    at: i64,
) -> sqlx::Result<bool> {
    let marked = sqlx::query(
        "update classes set deleted_at = $2, updated_at = $2 where id = $1 and deleted_at is null",
    )
    .bind(class_id)
    .bind(at)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1;
    if marked {
        add_to_class_count(conn, org_id, -1).await?;
    }
    Ok(marked)
}
