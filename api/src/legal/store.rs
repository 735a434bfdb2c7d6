//! The statements of the legal texts and the agreements to them.

use crate::{
    db::{Db, now_ms},
    error::ApiResult,
    pagination::PageQuery,
};

#[derive(Debug, sqlx::FromRow)]
pub struct VersionRow {
    pub version: i64,
    pub title: String,
    pub body: String,
    pub change_note: Option<String>,
    pub published_at: i64,
    pub published_by: Option<String>,
}

pub struct NewVersion<'a> {
    pub kind: &'a str,
    pub version: i64,
    pub title: &'a str,
    pub body: &'a str,
    pub change_note: Option<&'a str>,
    pub published_by: Option<&'a str>,
}

const VERSION_COLUMNS: &str = "version, title, body, change_note, published_at, published_by";

pub async fn latest(db: &Db, kind: &str) -> ApiResult<Option<VersionRow>> {
    Ok(sqlx::query_as::<_, VersionRow>(&format!(
        "select {VERSION_COLUMNS} from legal_documents where kind = $1 order by version desc limit 1"
    ))
    .bind(kind)
    .fetch_optional(&db.pool)
    .await?)
}

pub async fn version(db: &Db, kind: &str, version: i64) -> ApiResult<Option<VersionRow>> {
    Ok(sqlx::query_as::<_, VersionRow>(&format!(
        "select {VERSION_COLUMNS} from legal_documents where kind = $1 and version = $2"
    ))
    .bind(kind)
    .bind(version)
    .fetch_optional(&db.pool)
    .await?)
}

/// A page of the versions of `kind`, newest first, with their number.
pub async fn versions(db: &Db, kind: &str, page: PageQuery) -> ApiResult<(Vec<VersionRow>, i64)> {
    let rows = sqlx::query_as::<_, VersionRow>(&format!(
        "select {VERSION_COLUMNS} from legal_documents where kind = $1 \
         order by version desc limit $2 offset $3"
    ))
    .bind(kind)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(&db.pool)
    .await?;
    let total: i64 = sqlx::query_scalar("select count(*) from legal_documents where kind = $1")
        .bind(kind)
        .fetch_one(&db.pool)
        .await?;
    Ok((rows, total))
}

/// Fails with a unique violation when that version exists (a concurrent publication).
pub async fn insert_version(
    executor: impl sqlx::Executor<'_, Database = sqlx::Any>,
    new: &NewVersion<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into legal_documents (kind, version, title, body, change_note, published_at, published_by) \
         values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(new.kind)
    .bind(new.version)
    .bind(new.title)
    .bind(new.body)
    .bind(new.change_note)
    .bind(now_ms())
    .bind(new.published_by)
    .execute(executor)
    .await?;
    Ok(())
}

/// Agreeing twice to one version keeps the first time.
pub async fn insert_agreement(
    db: &Db,
    user_id: &str,
    kind: &str,
    version: i64,
    ip: Option<&str>,
) -> ApiResult<()> {
    sqlx::query(
        "insert into legal_agreements (user_id, kind, version, agreed_at, ip) \
         values ($1, $2, $3, $4, $5) on conflict (user_id, kind, version) do nothing",
    )
    .bind(user_id)
    .bind(kind)
    .bind(version)
    .bind(now_ms())
    .bind(ip)
    .execute(&db.pool)
    .await?;
    Ok(())
}

#[derive(Debug, sqlx::FromRow)]
pub struct AgreementRow {
    pub kind: String,
    pub version: i64,
    pub agreed_at: i64,
}

/// The latest version of each text the user agreed to.
pub async fn latest_agreements(db: &Db, user_id: &str) -> ApiResult<Vec<AgreementRow>> {
    Ok(sqlx::query_as::<_, AgreementRow>(
        "select a.kind, a.version, a.agreed_at from legal_agreements a \
         where a.user_id = $1 and a.version = \
           (select max(b.version) from legal_agreements b where b.user_id = a.user_id and b.kind = a.kind)",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?)
}
