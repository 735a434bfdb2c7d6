//! The message center's statements.

use crate::{
    db::{Db, new_id, now_ms},
    pagination::PageQuery,
};

use super::NewMessage;

#[derive(Debug, sqlx::FromRow)]
pub struct MessageRow {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub org_id: Option<String>,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub created_at: i64,
    pub read_at: Option<i64>,
}

/// Messages visible to a user (`$1`): their own, and their orgs'.
const VISIBLE: &str = "(m.user_id = $1 or m.org_id in \
     (select org_id from org_members where user_id = $1 and suspended_at is null))";

/// Super admins and reviewers whose accounts are active: who acts on what operators are told.
pub async fn acting_operators(
    executor: impl sqlx::Executor<'_, Database = sqlx::Any>,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "select id from users where admin_role in ('super', 'reviewer') and status = 'active' order by id",
    )
    .fetch_all(executor)
    .await
}

/// A message to an org (`recipient.0`) or to one user (`recipient.1`).
pub async fn insert(
    executor: impl sqlx::Executor<'_, Database = sqlx::Any>,
    (org_id, user_id): (Option<&str>, Option<&str>),
    message: &NewMessage<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into messages (id, org_id, user_id, kind, title, body, object_type, object_id, created_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(new_id())
    .bind(org_id)
    .bind(user_id)
    .bind(message.kind)
    .bind(message.title)
    .bind(message.body)
    .bind(message.object.map(|(kind, _)| kind))
    .bind(message.object.map(|(_, id)| id))
    .bind(now_ms())
    .execute(executor)
    .await?;
    Ok(())
}

/// A page of the user's messages, newest first, with the user's read state.
pub async fn page_for(
    db: &Db,
    user_id: &str,
    page: PageQuery,
) -> Result<Vec<MessageRow>, sqlx::Error> {
    sqlx::query_as::<_, MessageRow>(&format!(
        "select m.id, m.kind, m.title, m.body, m.org_id, m.object_type, m.object_id, m.created_at, \
         r.read_at from messages m \
         left join message_reads r on r.message_id = m.id and r.user_id = $1 \
         where {VISIBLE} order by m.created_at desc, m.id desc limit $2 offset $3"
    ))
    .bind(user_id)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(&db.pool)
    .await
}

/// The user's messages across all pages: (all, unread).
pub async fn counts_for(db: &Db, user_id: &str) -> Result<(i64, i64), sqlx::Error> {
    sqlx::query_as(&format!(
        "select count(*), count(*) - count(r.read_at) from messages m \
         left join message_reads r on r.message_id = m.id and r.user_id = $1 where {VISIBLE}"
    ))
    .bind(user_id)
    .fetch_one(&db.pool)
    .await
}

pub async fn is_visible_to(db: &Db, user_id: &str, message_id: &str) -> Result<bool, sqlx::Error> {
    let visible: Option<i64> =
        sqlx::query_scalar(&format!("select 1 from messages m where m.id = $2 and {VISIBLE}"))
            .bind(user_id)
            .bind(message_id)
            .fetch_optional(&db.pool)
            .await?;
    Ok(visible.is_some())
}

/// Reading twice keeps the first time.
pub async fn mark_read(db: &Db, user_id: &str, message_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into message_reads (message_id, user_id, read_at) values ($1, $2, $3) \
         on conflict do nothing",
    )
    .bind(message_id)
    .bind(user_id)
    .bind(now_ms())
    .execute(&db.pool)
    .await?;
    Ok(())
}

pub async fn mark_all_read(db: &Db, user_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "insert into message_reads (message_id, user_id, read_at) \
         select m.id, $1, $2 from messages m where {VISIBLE} \
         on conflict do nothing"
    ))
    .bind(user_id)
    .bind(now_ms())
    .execute(&db.pool)
    .await?;
    Ok(())
}
