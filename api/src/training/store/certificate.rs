//! Certificates of classes: what one states, the valid one, and its replacement.

use crate::{
    db::{Conn, Db, new_id},
    training::certificate::{CertifiedSession, CertifiedStudent},
};

/// The org's name.
pub async fn org_name(db: &Db, org_id: &str) -> sqlx::Result<String> {
    sqlx::query_scalar("select name from orgs where id = $1").bind(org_id).fetch_one(&db.pool).await
}

/// The class's sessions as a certificate states them, in planned order.
pub async fn certified_sessions(db: &Db, class_id: &str) -> sqlx::Result<Vec<CertifiedSession>> {
    sqlx::query_as(
        "select title, started_at, duration_ms from class_sessions where class_id = $1 \
         order by planned_start_at, id",
    )
    .bind(class_id)
    .fetch_all(&db.pool)
    .await
}

/// The class's activated students with their effective live time, resident IDs masked, in the
/// order they were added. Each student's total is the one the pull keeps on the student
/// (summing the study rows here grouped 90,000 rows for 3,000 students × 30 sessions: 74 ms on
/// SQLite, bench P11).
pub async fn certified_students(db: &Db, class_id: &str) -> sqlx::Result<Vec<CertifiedStudent>> {
    sqlx::query_as(
        "select st.name, st.resident_id_masked as resident_id, st.live_ms \
         from students st where st.class_id = $1 and st.status = 'active' \
         order by st.created_at, st.id",
    )
    .bind(class_id)
    .fetch_all(&db.pool)
    .await
}

/// (id, summary hash) of the class's valid certificate.
pub async fn valid_certificate_hash(
    db: &Db,
    class_id: &str,
) -> sqlx::Result<Option<(String, String)>> {
    sqlx::query_as(
        "select id, summary_hash from certificates where class_id = $1 and status = 'valid'",
    )
    .bind(class_id)
    .fetch_optional(&db.pool)
    .await
}

/// Supersedes the certificate `id`, unless it is already revoked: the records it states have
/// changed.
pub async fn revoke_for_changed_records(db: &Db, id: &str, at: i64) -> sqlx::Result<()> {
    sqlx::query(
        "update certificates set status = 'revoked', revoked_at = $2, revoke_reason = 'records_changed' \
         where id = $1 and status = 'valid'",
    )
    .bind(id)
    .bind(at)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// (serial, issued at) of the class's valid certificate.
pub async fn valid_certificate(db: &Db, class_id: &str) -> sqlx::Result<Option<(String, i64)>> {
    sqlx::query_as(
        "select serial, created_at from certificates where class_id = $1 and status = 'valid'",
    )
    .bind(class_id)
    .fetch_optional(&db.pool)
    .await
}

/// (serial, summary hash, issued at) of the class's valid certificate.
pub async fn valid_certificate_with_hash(
    db: &Db,
    class_id: &str,
) -> sqlx::Result<Option<(String, String, i64)>> {
    sqlx::query_as(
        "select serial, summary_hash, created_at from certificates where class_id = $1 and status = 'valid'",
    )
    .bind(class_id)
    .fetch_optional(&db.pool)
    .await
}

/// Revokes the class's valid certificate: another is being issued.
pub async fn revoke_for_reissue(conn: &mut Conn, class_id: &str, at: i64) -> sqlx::Result<()> {
    sqlx::query(
        "update certificates set status = 'revoked', revoked_at = $2, revoke_reason = 'reissued' \
         where class_id = $1 and status = 'valid'",
    )
    .bind(class_id)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Every certificate the one with `serial` replaces names it on its verification page.
pub async fn name_successor(conn: &mut Conn, class_id: &str, serial: &str) -> sqlx::Result<()> {
    sqlx::query(
        "update certificates set superseded_by = $2 \
         where class_id = $1 and status = 'revoked' and superseded_by is null",
    )
    .bind(class_id)
    .bind(serial)
    .execute(conn)
    .await?;
    Ok(())
}

/// A certificate being issued.
pub struct NewCertificate<'a> {
    pub class_id: &'a str,
    pub serial: &'a str,
    /// What it states (`CertificateSummary`), as JSON.
    pub summary: &'a str,
    pub summary_hash: &'a str,
    pub pdf: Vec<u8>,
    pub created_by: &'a str,
    pub at: i64,
}

/// Stores a newly issued certificate as the class's valid one.
pub async fn insert_certificate(
    conn: &mut Conn,
    certificate: NewCertificate<'_>,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into certificates (id, class_id, serial, status, summary, summary_hash, pdf, created_by, created_at) \
         values ($1, $2, $3, 'valid', $4, $5, $6, $7, $8)",
    )
    .bind(new_id())
    .bind(certificate.class_id)
    .bind(certificate.serial)
    .bind(certificate.summary)
    .bind(certificate.summary_hash)
    .bind(certificate.pdf)
    .bind(certificate.created_by)
    .bind(certificate.at)
    .execute(conn)
    .await?;
    Ok(())
}

/// (serial, PDF) of the class's valid certificate.
pub async fn valid_certificate_pdf(
    db: &Db,
    class_id: &str,
) -> sqlx::Result<Option<(String, Vec<u8>)>> {
    sqlx::query_as("select serial, pdf from certificates where class_id = $1 and status = 'valid'")
        .bind(class_id)
        .fetch_optional(&db.pool)
        .await
}

/// A certificate as its verification page reads it, with its class's records' times.
#[derive(sqlx::FromRow)]
pub struct VerifiedCertificate {
    pub status: String,
    pub summary: String,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
    pub revoke_reason: Option<String>,
    pub superseded_by: Option<String>,
    pub records_updated_at: Option<i64>,
    pub records_reported_at: Option<i64>,
}

/// The certificate with `serial`, valid or revoked.
pub async fn certificate_by_serial(
    db: &Db,
    serial: &str,
) -> sqlx::Result<Option<VerifiedCertificate>> {
    sqlx::query_as(
        "select c.status, c.summary, c.created_at, c.revoked_at, c.revoke_reason, c.superseded_by, \
         k.records_updated_at, \
         (select max(s.ended_at) from class_sessions s where s.class_id = c.class_id) as records_reported_at \
         from certificates c join classes k on k.id = c.class_id where c.serial = $1",
    )
    .bind(serial)
    .fetch_optional(&db.pool)
    .await
}
