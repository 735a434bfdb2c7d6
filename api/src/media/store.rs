//! Uploads' and media's statements.

use crate::db::Db;

#[derive(Debug, sqlx::FromRow)]
pub struct UploadRow {
    pub id: String,
    pub owner_user_id: String,
    pub purpose: String,
    pub file_name: String,
    pub size: i64,
    pub sha256: String,
    pub chunk_size: i64,
    pub status: String,
    pub media_id: Option<String>,
    pub org_id: Option<String>,
    pub expires_at: i64,
}

#[derive(Debug, sqlx::FromRow)]
pub struct MediaRow {
    pub id: String,
    pub owner_user_id: String,
    pub org_id: Option<String>,
    pub purpose: String,
    pub sha256: String,
    pub size: i64,
    pub content_type: String,
    pub width: Option<i64>,
    pub height: Option<i64>,
    pub duration_ms: Option<i64>,
    pub visibility: String,
}

pub struct NewUpload<'a> {
    pub id: &'a str,
    pub owner_user_id: &'a str,
    pub org_id: Option<&'a str>,
    pub purpose: &'a str,
    pub file_name: &'a str,
    pub size: i64,
    pub sha256: &'a str,
    pub chunk_size: i64,
    pub created_at: i64,
    pub expires_at: i64,
}

pub struct NewMedia<'a> {
    pub id: &'a str,
    /// The upload it completes: owner, org, purpose, size, file name.
    pub upload: &'a UploadRow,
    pub sha256: &'a str,
    pub content_type: &'a str,
    pub width: Option<i64>,
    pub height: Option<i64>,
    pub duration_ms: Option<i64>,
    pub visibility: &'a str,
}

/// An upload session of its owner's (another user's is none).
pub async fn upload_of(
    db: &Db,
    id: &str,
    owner_user_id: &str,
) -> Result<Option<UploadRow>, sqlx::Error> {
    sqlx::query_as::<_, UploadRow>(
        "select id, owner_user_id, purpose, file_name, size, sha256, chunk_size, status, media_id, \
         org_id, expires_at from uploads where id = $1 and owner_user_id = $2",
    )
    .bind(id)
    .bind(owner_user_id)
    .fetch_optional(&db.pool)
    .await
}

/// The numbers of the chunks received, in order.
pub async fn received_chunks(db: &Db, upload_id: &str) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("select n from upload_chunks where upload_id = $1 order by n")
        .bind(upload_id)
        .fetch_all(&db.pool)
        .await
}

pub async fn chunks_received(db: &Db, upload_id: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("select count(*) from upload_chunks where upload_id = $1")
        .bind(upload_id)
        .fetch_one(&db.pool)
        .await
}

/// Whether the user is a member of the org who is not suspended.
pub async fn is_active_member(db: &Db, org_id: &str, user_id: &str) -> Result<bool, sqlx::Error> {
    let member: Option<i64> = sqlx::query_scalar(
        "select 1 from org_members where org_id = $1 and user_id = $2 and suspended_at is null",
    )
    .bind(org_id)
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(member.is_some())
}

/// Whether the user is a platform operator (any role).
pub async fn is_operator(db: &Db, user_id: &str) -> Result<bool, sqlx::Error> {
    let role: Option<Option<String>> =
        sqlx::query_scalar("select admin_role from users where id = $1")
            .bind(user_id)
            .fetch_optional(&db.pool)
            .await?;
    Ok(role.flatten().is_some())
}

pub async fn insert_upload(db: &Db, new: &NewUpload<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into uploads (id, owner_user_id, org_id, purpose, file_name, size, sha256, chunk_size, \
         status, created_at, expires_at) values ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9, $10)",
    )
    .bind(new.id)
    .bind(new.owner_user_id)
    .bind(new.org_id)
    .bind(new.purpose)
    .bind(new.file_name)
    .bind(new.size)
    .bind(new.sha256)
    .bind(new.chunk_size)
    .bind(new.created_at)
    .bind(new.expires_at)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Open uploads past their expiry, a hundred at a time: (id, size, chunk size).
pub async fn expired_open_uploads(
    db: &Db,
    now: i64,
) -> Result<Vec<(String, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "select id, size, chunk_size from uploads \
         where status = 'open' and expires_at < $1 limit 100",
    )
    .bind(now)
    .fetch_all(&db.pool)
    .await
}

pub async fn delete_upload(db: &Db, id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("delete from uploads where id = $1").bind(id).execute(&db.pool).await?;
    Ok(())
}

/// A chunk staged; sending it again replaces it.
pub async fn record_chunk(db: &Db, upload_id: &str, n: i64, size: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into upload_chunks (upload_id, n, size) values ($1, $2, $3) \
         on conflict (upload_id, n) do update set size = excluded.size",
    )
    .bind(upload_id)
    .bind(n)
    .bind(size)
    .execute(&db.pool)
    .await?;
    Ok(())
}

pub async fn insert_media(
    executor: impl sqlx::Executor<'_, Database = sqlx::Any>,
    new: &NewMedia<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into media (id, owner_user_id, org_id, purpose, sha256, size, content_type, width, \
         height, duration_ms, file_name, visibility, created_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(new.id)
    .bind(&new.upload.owner_user_id)
    .bind(new.upload.org_id.as_deref())
    .bind(&new.upload.purpose)
    .bind(new.sha256)
    .bind(new.upload.size)
    .bind(new.content_type)
    .bind(new.width)
    .bind(new.height)
    .bind(new.duration_ms)
    .bind(&new.upload.file_name)
    .bind(new.visibility)
    .bind(crate::db::now_ms())
    .execute(executor)
    .await?;
    Ok(())
}

/// Turns an open upload into `media_id`; false when a concurrent completion did it first.
pub async fn complete_upload(
    executor: impl sqlx::Executor<'_, Database = sqlx::Any>,
    upload_id: &str,
    media_id: &str,
) -> Result<bool, sqlx::Error> {
    let completed = sqlx::query(
        "update uploads set status = 'completed', media_id = $2 where id = $1 and status = 'open'",
    )
    .bind(upload_id)
    .bind(media_id)
    .execute(executor)
    .await?;
    Ok(completed.rows_affected() == 1)
}

pub async fn media_row(db: &Db, id: &str) -> Result<Option<MediaRow>, sqlx::Error> {
    sqlx::query_as::<_, MediaRow>(
        "select id, owner_user_id, org_id, purpose, sha256, size, content_type, width, height, \
         duration_ms, visibility from media where id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await
}
