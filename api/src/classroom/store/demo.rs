//! The demo classroom's inserts (`ketang serve --demo`): every one `on conflict do nothing`,
//! so seeding twice changes nothing.

use crate::db::Db;

/// A demo file's row (its bytes are stored apart).
pub struct NewMedia<'a> {
    pub id: &'a str,
    pub owner_user_id: &'a str,
    pub org_id: &'a str,
    pub purpose: &'a str,
    pub sha256: &'a str,
    pub size: i64,
    pub content_type: &'a str,
    pub width: Option<i64>,
    pub height: Option<i64>,
    pub duration_ms: Option<i64>,
    pub file_name: &'a str,
    pub visibility: &'a str,
    pub created_at: i64,
}

/// A demo file's row (`on conflict do nothing`).
pub async fn insert_media(db: &Db, media: &NewMedia<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "insert into media (id, owner_user_id, org_id, purpose, sha256, size, content_type, width, \
         height, duration_ms, file_name, visibility, created_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) on conflict do nothing",
    )
    .bind(media.id)
    .bind(media.owner_user_id)
    .bind(media.org_id)
    .bind(media.purpose)
    .bind(media.sha256)
    .bind(media.size)
    .bind(media.content_type)
    .bind(media.width)
    .bind(media.height)
    .bind(media.duration_ms)
    .bind(media.file_name)
    .bind(media.visibility)
    .bind(media.created_at)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// An active account.
pub async fn insert_user(
    db: &Db,
    id: &str,
    mobile: &str,
    display_name: &str,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into users (id, mobile, display_name, status, created_at, updated_at) \
         values ($1, $2, $3, 'active', $4, $4) on conflict do nothing",
    )
    .bind(id)
    .bind(mobile)
    .bind(display_name)
    .bind(at)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// An org certified by an admin.
pub async fn insert_certified_org(
    db: &Db,
    id: &str,
    name: &str,
    uscc: &str,
    address: &str,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into orgs (id, name, uscc, legal_representative, address, contact_phone, \
         certification, certified_by, certified_at, created_at, updated_at) \
         values ($1, $2, $3, '演示法人', $4, '0898-66666666', 'certified', 'admin', $5, $5, $5) \
         on conflict do nothing",
    )
    .bind(id)
    .bind(name)
    .bind(uscc)
    .bind(address)
    .bind(at)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// The org's owner.
pub async fn insert_owner(db: &Db, org_id: &str, user_id: &str, at: i64) -> sqlx::Result<()> {
    sqlx::query(
        "insert into org_members (org_id, user_id, role, created_at) values ($1, $2, 'owner', $3) \
         on conflict do nothing",
    )
    .bind(org_id)
    .bind(user_id)
    .bind(at)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// A provider, its profile approved (`live_revision_id`).
pub async fn insert_provider(
    db: &Db,
    id: &str,
    org_id: &str,
    live_revision_id: &str,
    address: &str,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into providers (id, org_id, live_revision_id, address, contact_phone, created_at, \
         updated_at) values ($1, $2, $3, $4, '0898-66666666', $5, $5) on conflict do nothing",
    )
    .bind(id)
    .bind(org_id)
    .bind(live_revision_id)
    .bind(address)
    .bind(at)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// A provider's first profile, approved when submitted.
pub struct NewProviderRevision<'a> {
    pub id: &'a str,
    pub provider_id: &'a str,
    pub name: &'a str,
    pub logo_media_id: &'a str,
    pub intro: &'a str,
    pub submitted_by: &'a str,
    pub at: i64,
}

/// A provider's first profile, approved.
pub async fn insert_provider_revision(
    db: &Db,
    revision: &NewProviderRevision<'_>,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into provider_revisions (id, provider_id, number, name, logo_media_id, intro, \
         status, submitted_by, submitted_at, decided_at) \
         values ($1, $2, 1, $3, $4, $5, 'approved', $6, $7, $7) on conflict do nothing",
    )
    .bind(revision.id)
    .bind(revision.provider_id)
    .bind(revision.name)
    .bind(revision.logo_media_id)
    .bind(revision.intro)
    .bind(revision.submitted_by)
    .bind(revision.at)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// A lecturer of the provider, without a photo.
pub async fn insert_lecturer(
    db: &Db,
    id: &str,
    provider_id: &str,
    name: &str,
    gender: &str,
    intro: &str,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into lecturers (id, provider_id, name, gender, intro, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $6) on conflict do nothing",
    )
    .bind(id)
    .bind(provider_id)
    .bind(name)
    .bind(gender)
    .bind(intro)
    .bind(at)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// A course of the provider, listed when it has a `live_revision_id`.
pub async fn insert_course(
    db: &Db,
    id: &str,
    provider_id: &str,
    live_revision_id: Option<&str>,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into courses (id, provider_id, live_revision_id, created_at, updated_at) \
         values ($1, $2, $3, $4, $4) on conflict do nothing",
    )
    .bind(id)
    .bind(provider_id)
    .bind(live_revision_id)
    .bind(at)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// A video course's first revision, as reviewed (`status`, with a reason when rejected).
pub struct NewCourseRevision<'a> {
    pub id: &'a str,
    pub course_id: &'a str,
    pub status: &'a str,
    pub title: &'a str,
    pub training_mode: &'a str,
    pub category_code: &'a str,
    pub cover_media_id: &'a str,
    pub video_media_id: &'a str,
    pub intro: &'a str,
    pub reject_reason: Option<&'a str>,
    pub submitted_by: &'a str,
    pub submitted_at: i64,
    pub decided_at: Option<i64>,
}

/// A course's first revision, as reviewed.
pub async fn insert_course_revision(db: &Db, revision: &NewCourseRevision<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "insert into course_revisions (id, course_id, number, status, title, delivery, \
         training_mode, category_code, cover_media_id, video_media_id, intro, reject_reason, \
         submitted_by, submitted_at, decided_at, created_at, updated_at) \
         values ($1, $2, 1, $3, $4, 'video', $5, $6, $7, $8, $9, $10, $11, $12, $13, $12, $12) \
         on conflict do nothing",
    )
    .bind(revision.id)
    .bind(revision.course_id)
    .bind(revision.status)
    .bind(revision.title)
    .bind(revision.training_mode)
    .bind(revision.category_code)
    .bind(revision.cover_media_id)
    .bind(revision.video_media_id)
    .bind(revision.intro)
    .bind(revision.reject_reason)
    .bind(revision.submitted_by)
    .bind(revision.submitted_at)
    .bind(revision.decided_at)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// The revision's only lecturer.
pub async fn insert_revision_lecturer(
    db: &Db,
    revision_id: &str,
    lecturer_id: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into course_revision_lecturers (revision_id, lecturer_id, position) \
         values ($1, $2, 0) on conflict do nothing",
    )
    .bind(revision_id)
    .bind(lecturer_id)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// A rated comment, with the provider's reply or none.
pub struct NewComment<'a> {
    pub id: &'a str,
    pub course_id: &'a str,
    pub user_id: &'a str,
    pub body: &'a str,
    pub rating: i16,
    pub reply: Option<&'a str>,
    pub replied_at: Option<i64>,
    pub created_at: i64,
}

/// A comment, with its reply if any.
pub async fn insert_comment(db: &Db, comment: &NewComment<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "insert into course_comments (id, course_id, user_id, body, rating, reply, replied_at, \
         created_at) values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict do nothing",
    )
    .bind(comment.id)
    .bind(comment.course_id)
    .bind(comment.user_id)
    .bind(comment.body)
    .bind(comment.rating)
    .bind(comment.reply)
    .bind(comment.replied_at)
    .bind(comment.created_at)
    .execute(&db.pool)
    .await?;
    Ok(())
}
