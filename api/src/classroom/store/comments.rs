//! Comments' statements (SPEC §3.5): comments on public courses, the provider's reply, and
//! hiding (by the provider or an admin).

use crate::{
    db::{Conn, Db, now_ms},
    pagination::PageQuery,
};

#[derive(Debug, sqlx::FromRow)]
pub struct CommentRow {
    pub id: String,
    pub display_name: String,
    pub mobile: Option<String>,
    pub body: String,
    pub rating: Option<i16>,
    pub reply: Option<String>,
    pub replied_at: Option<i64>,
    pub hidden: i16,
    pub created_at: i64,
}

const SELECT: &str = "select c.id, u.display_name, u.mobile, c.body, c.rating, c.reply, \
    c.replied_at, c.hidden, c.created_at from course_comments c join users u on u.id = c.user_id";

/// The condition on a course's comments: all of them, or only the visible ones.
fn visibility_filter(include_hidden: bool) -> &'static str {
    if include_hidden { "" } else { " and c.hidden = 0" }
}

/// How many comments a course has (visible ones only unless `include_hidden`).
pub async fn count_comments(db: &Db, course_id: &str, include_hidden: bool) -> sqlx::Result<i64> {
    let filter = visibility_filter(include_hidden);
    sqlx::query_scalar(&format!(
        "select count(*) from course_comments c where c.course_id = $1{filter}"
    ))
    .bind(course_id)
    .fetch_one(&db.pool)
    .await
}

/// A page of a course's comments, newest first (visible ones only unless `include_hidden`).
pub async fn comments_page(
    db: &Db,
    course_id: &str,
    include_hidden: bool,
    page: PageQuery,
) -> sqlx::Result<Vec<CommentRow>> {
    let filter = visibility_filter(include_hidden);
    sqlx::query_as(&format!(
        "{SELECT} where c.course_id = $1{filter} order by c.created_at desc, c.id desc \
         limit $2 offset $3"
    ))
    .bind(course_id)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(&db.pool)
    .await
}

/// A comment by id, hidden or not.
pub async fn comment(db: &Db, comment_id: &str) -> sqlx::Result<Option<CommentRow>> {
    sqlx::query_as(&format!("{SELECT} where c.id = $1"))
        .bind(comment_id)
        .fetch_optional(&db.pool)
        .await
}

/// Whether `comment_id` is a comment on `course_id`.
pub async fn is_comment_on(db: &Db, comment_id: &str, course_id: &str) -> sqlx::Result<bool> {
    let found: Option<i64> =
        sqlx::query_scalar("select 1 from course_comments where id = $1 and course_id = $2")
            .bind(comment_id)
            .bind(course_id)
            .fetch_optional(&db.pool)
            .await?;
    Ok(found.is_some())
}

/// A user's comment on a course, with an optional rating (1–5).
pub async fn insert_comment(
    conn: &mut Conn,
    id: &str,
    course_id: &str,
    user_id: &str,
    body: &str,
    rating: Option<i16>,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into course_comments (id, course_id, user_id, body, rating, created_at) \
         values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(course_id)
    .bind(user_id)
    .bind(body)
    .bind(rating)
    .bind(now_ms())
    .execute(conn)
    .await?;
    Ok(())
}

/// The provider's reply to a comment (one per comment: a second replaces it).
pub async fn set_reply(
    conn: &mut Conn,
    comment_id: &str,
    body: &str,
    user_id: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "update course_comments set reply = $2, replied_by = $3, replied_at = $4 where id = $1",
    )
    .bind(comment_id)
    .bind(body)
    .bind(user_id)
    .bind(now_ms())
    .execute(conn)
    .await?;
    Ok(())
}

/// Hides a comment from the public (by `by`, now) or shows it again (who and when cleared).
pub async fn set_hidden(
    conn: &mut Conn,
    comment_id: &str,
    hidden: bool,
    by: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query(
        "update course_comments set hidden = $2, hidden_by = $3, hidden_at = $4 where id = $1",
    )
    .bind(comment_id)
    .bind(i16::from(hidden))
    .bind(by.filter(|_| hidden))
    .bind(Some(now_ms()).filter(|_| hidden))
    .execute(conn)
    .await?;
    Ok(())
}
