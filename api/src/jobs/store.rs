//! The job queue's statements: enqueue (with its dedupe key), progress, the recurring runs'
//! bookkeeping, claiming a due job under a lease, and its outcome.

use super::{Job, NewJob};
use crate::db::{Db, new_id};

/// The new job's id, or the unfinished one's holding the same `dedupe_key`.
pub async fn insert<'e, E>(executor: E, job: &NewJob<'_>, at: i64) -> sqlx::Result<Option<String>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query_scalar(
        "insert into jobs (id, kind, payload, run_at, dedupe_key, org_id, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $7) \
         on conflict (dedupe_key) do update set updated_at = jobs.updated_at returning id",
    )
    .bind(new_id())
    .bind(job.kind)
    .bind(job.payload.to_string())
    .bind(job.run_at.unwrap_or(at))
    .bind(job.dedupe_key)
    .bind(job.org_id)
    .bind(at)
    .fetch_optional(executor)
    .await
}

pub async fn set_progress(db: &Db, id: &str, done: i64, total: i64, at: i64) -> sqlx::Result<()> {
    sqlx::query(
        "update jobs set progress_done = $2, progress_total = $3, updated_at = $4 where id = $1",
    )
    .bind(id)
    .bind(done)
    .bind(total)
    .bind(at)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// When the unfinished job holding `dedupe_key` runs, if there is one.
pub async fn unfinished_run_at(db: &Db, dedupe_key: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "select run_at from jobs where dedupe_key = $1 and status in ('queued', 'running')",
    )
    .bind(dedupe_key)
    .fetch_optional(&db.pool)
    .await
}

/// When a job of `kind` last finished.
pub async fn last_finished(db: &Db, kind: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("select max(finished_at) from jobs where kind = $1")
        .bind(kind)
        .fetch_one(&db.pool)
        .await
}

/// Whether a job is due at `now` (queued and due, or running past its lease): a read, so an
/// idle poll never competes with requests for SQLite's write lock.
pub async fn any_due(db: &Db, now: i64) -> sqlx::Result<bool> {
    let due: Option<i64> = sqlx::query_scalar(
        "select 1 from jobs where (status = 'queued' and run_at <= $1) \
         or (status = 'running' and locked_until < $1) limit 1",
    )
    .bind(now)
    .fetch_optional(&db.pool)
    .await?;
    Ok(due.is_some())
}

/// Takes the job due longest for `worker` until `lease_until`; none when another took it.
pub async fn claim(db: &Db, worker: &str, lease_until: i64, now: i64) -> sqlx::Result<Option<Job>> {
    let skip_locked = db.dialect.for_update_skip_locked();
    let sql = format!(
        "update jobs set status = 'running', locked_by = $1, locked_until = $2, \
         attempts = attempts + 1, updated_at = $3 \
         where id = (select id from jobs \
             where (status = 'queued' and run_at <= $3) \
                or (status = 'running' and locked_until < $3) \
             order by run_at limit 1 {skip_locked}) \
         returning id, kind, payload, attempts, max_attempts"
    );
    sqlx::query_as(&sql).bind(worker).bind(lease_until).bind(now).fetch_optional(&db.pool).await
}

pub async fn mark_succeeded(db: &Db, id: &str, at: i64) -> sqlx::Result<()> {
    sqlx::query(
        "update jobs set status = 'succeeded', finished_at = $2, updated_at = $2, \
         dedupe_key = null, locked_by = null, locked_until = null, last_error = null \
         where id = $1",
    )
    .bind(id)
    .bind(at)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Back in the queue until `retry_at`, with the error that sent it back.
pub async fn requeue(db: &Db, id: &str, retry_at: i64, error: &str, at: i64) -> sqlx::Result<()> {
    sqlx::query(
        "update jobs set status = 'queued', run_at = $2, updated_at = $3, \
         locked_by = null, locked_until = null, last_error = $4 where id = $1",
    )
    .bind(id)
    .bind(retry_at)
    .bind(at)
    .bind(error)
    .execute(&db.pool)
    .await?;
    Ok(())
}

pub async fn mark_failed(db: &Db, id: &str, error: &str, at: i64) -> sqlx::Result<()> {
    sqlx::query(
        "update jobs set status = 'failed', finished_at = $2, updated_at = $2, \
         dedupe_key = null, locked_by = null, locked_until = null, last_error = $3 \
         where id = $1",
    )
    .bind(id)
    .bind(at)
    .bind(error)
    .execute(&db.pool)
    .await?;
    Ok(())
}
