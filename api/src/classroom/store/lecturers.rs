//! Lecturers' statements (SPEC §3.2): an approved provider's own, deleted softly so that the
//! courses naming them keep their history.

use crate::{
    classroom::lecturers::Lecturer,
    db::{Conn, Db, now_ms},
};

const COLUMNS: &str = "id, name, gender, intro, photo_media_id";

/// What the lecturer form sets.
pub struct LecturerFields<'a> {
    pub name: &'a str,
    /// `male` or `female`.
    pub gender: &'a str,
    pub intro: &'a str,
    pub photo_media_id: Option<&'a str>,
}

/// Locks a lecturer of the provider that is not deleted, until the transaction ends (a no-op
/// update: PostgreSQL's row lock; SQLite's writes are serial); false when there is none.
pub async fn lock(conn: &mut Conn, provider_id: &str, lecturer_id: &str) -> sqlx::Result<bool> {
    let locked = sqlx::query(
        "update lecturers set updated_at = updated_at \
         where id = $1 and provider_id = $2 and deleted_at is null",
    )
    .bind(lecturer_id)
    .bind(provider_id)
    .execute(conn)
    .await?;
    Ok(locked.rows_affected() == 1)
}

/// A lecturer of the provider that is not deleted (its `photo` not filled in yet).
pub async fn lecturer(
    db: &Db,
    provider_id: &str,
    lecturer_id: &str,
) -> sqlx::Result<Option<Lecturer>> {
    let sql = format!(
        "select {COLUMNS} from lecturers where id = $1 and provider_id = $2 and deleted_at is null"
    );
    sqlx::query_as(&sql).bind(lecturer_id).bind(provider_id).fetch_optional(&db.pool).await
}

/// The provider's lecturers that are not deleted, oldest first (their `photo`s not filled in
/// yet).
pub async fn lecturers_of(db: &Db, provider_id: &str) -> sqlx::Result<Vec<Lecturer>> {
    let sql = format!(
        "select {COLUMNS} from lecturers where provider_id = $1 and deleted_at is null \
         order by created_at, id"
    );
    sqlx::query_as(&sql).bind(provider_id).fetch_all(&db.pool).await
}

/// A new lecturer of the provider.
pub async fn insert(
    conn: &mut Conn,
    id: &str,
    provider_id: &str,
    lecturer: &LecturerFields<'_>,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into lecturers (id, provider_id, name, gender, intro, photo_media_id, created_at, \
         updated_at) values ($1, $2, $3, $4, $5, $6, $7, $7)",
    )
    .bind(id)
    .bind(provider_id)
    .bind(lecturer.name)
    .bind(lecturer.gender)
    .bind(lecturer.intro)
    .bind(lecturer.photo_media_id)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Rewrites a lecturer from the form.
pub async fn update(conn: &mut Conn, id: &str, lecturer: &LecturerFields<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "update lecturers set name = $2, gender = $3, intro = $4, photo_media_id = $5, \
         updated_at = $6 where id = $1",
    )
    .bind(id)
    .bind(lecturer.name)
    .bind(lecturer.gender)
    .bind(lecturer.intro)
    .bind(lecturer.photo_media_id)
    .bind(now_ms())
    .execute(conn)
    .await?;
    Ok(())
}

/// The titles of the courses that show this lecturer publicly now, or will once a pending
/// revision passes.
pub async fn titles_presenting(conn: &mut Conn, lecturer_id: &str) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(
        "select distinct r.title from course_revision_lecturers l \
         join course_revisions r on r.id = l.revision_id \
         join courses c on c.id = r.course_id \
         where l.lecturer_id = $1 and c.deleted_at is null \
           and ((r.id = c.live_revision_id and c.listed = 1) or r.status = 'pending') \
         order by r.title",
    )
    .bind(lecturer_id)
    .fetch_all(conn)
    .await
}

/// Deletes a lecturer softly: the revisions naming them keep them.
pub async fn mark_deleted(conn: &mut Conn, id: &str) -> sqlx::Result<()> {
    sqlx::query("update lecturers set deleted_at = $2, updated_at = $2 where id = $1")
        .bind(id)
        .bind(now_ms())
        .execute(conn)
        .await?;
    Ok(())
}
