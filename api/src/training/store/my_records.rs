//! The classes a signed-in user studies in, found by their phone's keyed hash.

use crate::db::Db;

/// The phone of the account `user_id` (none without one).
pub async fn user_mobile(db: &Db, user_id: &str) -> sqlx::Result<Option<String>> {
    Ok(sqlx::query_scalar::<_, Option<String>>("select mobile from users where id = $1")
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await?
        .flatten())
}

/// A class that lists the user as an activated student.
#[derive(Debug, sqlx::FromRow)]
pub struct Enrolment {
    pub student_id: String,
    pub student_name: String,
    pub class_id: String,
    pub class_name: String,
    pub class_code: String,
    pub org_name: String,
}

/// The classes whose activated students have the phone with the keyed hash `mobile_hash`,
/// newest class first.
pub async fn enrolments(db: &Db, mobile_hash: &str) -> sqlx::Result<Vec<Enrolment>> {
    sqlx::query_as(
        "select st.id as student_id, st.name as student_name, c.id as class_id, c.name as class_name, \
         c.code as class_code, o.name as org_name from students st \
         join classes c on c.id = st.class_id join orgs o on o.id = c.org_id \
         where st.mobile_hash = $1 and st.status = 'active' order by c.created_at desc, c.id",
    )
    .bind(mobile_hash)
    .fetch_all(&db.pool)
    .await
}
