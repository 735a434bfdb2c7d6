//! Operations' SQL: the state gauges' counts, the backup's schema checks, the key rotation's
//! page reads and rewrites (the rotation names its tables and columns from a fixed list, so its
//! statements are built here from those names).

use sqlx::any::AnyRow;

use crate::db::{Conn, Db};

/// Rows of a table that has a `status` column, counted per status.
pub async fn count_by_status(db: &Db, table: StatusTable) -> sqlx::Result<Vec<(String, i64)>> {
    let table = match table {
        StatusTable::Jobs => "jobs",
        StatusTable::WebhookDeliveries => "webhook_deliveries",
        StatusTable::MemberPayments => "member_payments",
    };
    sqlx::query_as(&format!("select status, count(*) from {table} group by status order by status"))
        .fetch_all(&db.pool)
        .await
}

/// The tables whose rows the gauges count by status.
#[derive(Debug, Clone, Copy)]
pub enum StatusTable {
    Jobs,
    WebhookDeliveries,
    MemberPayments,
}

/// When the oldest job that is due and not started became due.
pub async fn oldest_due_job(db: &Db, now: i64) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("select min(run_at) from jobs where status = 'queued' and run_at <= $1")
        .bind(now)
        .fetch_one(&db.pool)
        .await
}

/// The latest migration applied (an error when the database is not Ketang's).
pub async fn schema_version(db: &Db) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "select coalesce(max(version), 0) from _sqlx_migrations where success = true",
    )
    .fetch_one(&db.pool)
    .await
}

/// A consistent copy of the SQLite database into the file `target`.
pub async fn vacuum_into(db: &Db, target: &str) -> sqlx::Result<()> {
    sqlx::query("vacuum into $1").bind(target).execute(&db.pool).await?;
    Ok(())
}

/// Whether the PostgreSQL database already holds Ketang's tables.
pub async fn holds_migrations(db: &Db) -> sqlx::Result<bool> {
    let table: Option<String> =
        sqlx::query_scalar("select to_regclass('public._sqlx_migrations')::text")
            .fetch_one(&db.pool)
            .await?;
    Ok(table.is_some())
}

/// Up to `limit` rows of `table` after the id `after`, in id order: the id and `columns`.
pub async fn sealed_page(
    conn: &mut Conn,
    table: &str,
    columns: &[&str],
    after: &str,
    limit: i64,
) -> sqlx::Result<Vec<AnyRow>> {
    let select = format!(
        "select id, {} from {table} where id > $1 order by id limit {limit}",
        columns.join(", ")
    );
    sqlx::query(&select).bind(after).fetch_all(conn).await
}

/// Sets `columns` of the row `id` of `table` to `values` (in the same order).
pub async fn reseal_row(
    conn: &mut Conn,
    table: &str,
    id: &str,
    columns: &[&str],
    values: Vec<String>,
) -> sqlx::Result<()> {
    let assignments: Vec<String> =
        columns.iter().enumerate().map(|(n, col)| format!("{col} = ${}", n + 2)).collect();
    let update = format!("update {table} set {} where id = $1", assignments.join(", "));
    let mut query = sqlx::query(&update).bind(id);
    for value in values {
        query = query.bind(value);
    }
    query.execute(conn).await?;
    Ok(())
}
