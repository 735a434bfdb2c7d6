//! Providers' statements (SPEC §3.1): the provider, its contact details, and its profile's
//! revisions (the approved one public, a newer one waiting beside it).

use crate::{
    classroom::providers::ProviderCard,
    db::{Conn, Db, new_id},
    error::{ApiError, ApiResult, OnConstraint},
};

#[derive(Debug, sqlx::FromRow)]
pub struct ProviderRow {
    pub id: String,
    pub org_id: String,
    pub kind: String,
    pub live_revision_id: Option<String>,
    pub address: String,
    pub contact_phone: String,
}

#[derive(Debug, sqlx::FromRow)]
pub struct RevisionRow {
    pub id: String,
    pub number: i64,
    pub name: String,
    pub logo_media_id: Option<String>,
    pub intro: String,
    pub status: String,
    pub reject_reason: Option<String>,
    pub submitted_at: i64,
    pub decided_at: Option<i64>,
}

const REVISION_COLUMNS: &str =
    "id, number, name, logo_media_id, intro, status, reject_reason, submitted_at, decided_at";

/// The profile's reviewed fields, as submitted.
pub struct Profile<'a> {
    pub name: &'a str,
    pub logo_media_id: &'a str,
    pub intro: &'a str,
}

/// The org's provider, if it applied.
pub async fn provider_of_org(db: &Db, org_id: &str) -> sqlx::Result<Option<ProviderRow>> {
    sqlx::query_as(
        "select id, org_id, kind, live_revision_id, address, contact_phone from providers \
         where org_id = $1",
    )
    .bind(org_id)
    .fetch_optional(&db.pool)
    .await
}

/// The provider's newest profile revision (what the form edits).
pub async fn latest_revision(db: &Db, provider_id: &str) -> sqlx::Result<RevisionRow> {
    let sql = format!(
        "select {REVISION_COLUMNS} from provider_revisions where provider_id = $1 \
         order by number desc limit 1"
    );
    sqlx::query_as(&sql).bind(provider_id).fetch_one(&db.pool).await
}

/// The approved profile of a provider, if any (its `logo` not filled in yet).
pub async fn public_profile(db: &Db, provider_id: &str) -> sqlx::Result<Option<ProviderCard>> {
    sqlx::query_as(
        "select p.id, r.name, r.intro, p.address, r.logo_media_id from providers p \
         join provider_revisions r on r.id = p.live_revision_id where p.id = $1",
    )
    .bind(provider_id)
    .fetch_optional(&db.pool)
    .await
}

/// Every approved profile, oldest approval first (their `logo`s not filled in yet).
pub async fn public_profiles(db: &Db) -> sqlx::Result<Vec<ProviderCard>> {
    sqlx::query_as(
        "select p.id, r.name, r.intro, p.address, r.logo_media_id from providers p \
         join provider_revisions r on r.id = p.live_revision_id order by r.decided_at, p.id",
    )
    .fetch_all(&db.pool)
    .await
}

/// A new provider of the org; 409 `already_provider` when the org has one (one provider type
/// per org).
pub async fn insert_provider(
    conn: &mut Conn,
    id: &str,
    org_id: &str,
    address: &str,
    contact_phone: &str,
    at: i64,
) -> ApiResult<()> {
    sqlx::query(
        "insert into providers (id, org_id, address, contact_phone, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $5)",
    )
    .bind(id)
    .bind(org_id)
    .bind(address)
    .bind(contact_phone)
    .bind(at)
    .execute(conn)
    .await
    .on_unique(|| ApiError::conflict("already_provider"))?;
    Ok(())
}

/// A profile submitted for review: revision `number`, pending.
pub async fn insert_revision(
    conn: &mut Conn,
    provider_id: &str,
    number: i64,
    profile: &Profile<'_>,
    user_id: &str,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into provider_revisions (id, provider_id, number, name, logo_media_id, intro, \
         status, submitted_by, submitted_at) values ($1, $2, $3, $4, $5, $6, 'pending', $7, $8)",
    )
    .bind(new_id())
    .bind(provider_id)
    .bind(number)
    .bind(profile.name)
    .bind(profile.logo_media_id)
    .bind(profile.intro)
    .bind(user_id)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The provider's address and contact phone, which change at once (no review).
pub async fn update_contact(
    conn: &mut Conn,
    provider_id: &str,
    address: &str,
    contact_phone: &str,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "update providers set address = $2, contact_phone = $3, updated_at = $4 where id = $1",
    )
    .bind(provider_id)
    .bind(address)
    .bind(contact_phone)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

/// A pending submission edited in place (it stays pending).
pub async fn update_pending_revision(
    conn: &mut Conn,
    revision_id: &str,
    profile: &Profile<'_>,
    user_id: &str,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "update provider_revisions set name = $2, logo_media_id = $3, intro = $4, \
         submitted_by = $5, submitted_at = $6 where id = $1 and status = 'pending'",
    )
    .bind(revision_id)
    .bind(profile.name)
    .bind(profile.logo_media_id)
    .bind(profile.intro)
    .bind(user_id)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}
