//! The courses a class links, and the on-demand time its students' accounts spent on them.

use std::collections::HashSet;

use crate::{
    classroom::catalog::PUBLIC,
    db::{Conn, Db},
};

/// (course id, title, provider name, 1 when still public) of a linked course.
pub type LinkedCourseRow = (String, Option<String>, Option<String>, i64);

/// The courses the class links, in the order linked; a course no longer public has no title or
/// provider here.
pub async fn linked_courses(db: &Db, class_id: &str) -> sqlx::Result<Vec<LinkedCourseRow>> {
    sqlx::query_as(&format!(
        "select cc.course_id, pub.title, pub.provider_name, \
             case when pub.id is null then 0 else 1 end \
             from class_courses cc left join (select c.id, r.title, pr.name as provider_name \
             {PUBLIC}) pub on pub.id = cc.course_id \
             where cc.class_id = $1 order by cc.linked_at, cc.course_id"
    ))
    .bind(class_id)
    .fetch_all(&db.pool)
    .await
}

/// The ids of the courses the class links.
pub async fn linked_course_ids(db: &Db, class_id: &str) -> sqlx::Result<HashSet<String>> {
    Ok(sqlx::query_scalar("select course_id from class_courses where class_id = $1")
        .bind(class_id)
        .fetch_all(&db.pool)
        .await?
        .into_iter()
        .collect())
}

/// Unlinks every course from the class.
pub async fn unlink_all_courses(conn: &mut Conn, class_id: &str) -> sqlx::Result<()> {
    sqlx::query("delete from class_courses where class_id = $1")
        .bind(class_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Links the course to the class; the links list in `linked_at` order.
pub async fn link_course(
    conn: &mut Conn,
    class_id: &str,
    course_id: &str,
    linked_at: i64,
) -> sqlx::Result<()> {
    sqlx::query("insert into class_courses (class_id, course_id, linked_at) values ($1, $2, $3)")
        .bind(class_id)
        .bind(course_id)
        .bind(linked_at)
        .execute(conn)
        .await?;
    Ok(())
}

/// Whether the course is public (listed, of an approved provider).
pub async fn course_is_public(db: &Db, course_id: &str) -> sqlx::Result<bool> {
    let found: Option<String> = sqlx::query_scalar(&format!("select c.id {PUBLIC} and c.id = $1"))
        .bind(course_id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(found.is_some())
}

/// (phone in the clear, credited on-demand ms) of every platform account with a phone that
/// watched the class's linked courses.
pub async fn on_demand_by_mobile(db: &Db, class_id: &str) -> sqlx::Result<Vec<(String, i64)>> {
    sqlx::query_as(
        "select u.mobile, cast(sum(w.credited_ms) as bigint) from watch_sessions w \
         join class_courses cc on cc.course_id = w.course_id and cc.class_id = $1 \
         join users u on u.id = w.user_id where u.mobile is not null group by u.mobile",
    )
    .bind(class_id)
    .fetch_all(&db.pool)
    .await
}
