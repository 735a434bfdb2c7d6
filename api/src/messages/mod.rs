//! The message center (SPEC §2, 我的消息中心): every review decision writes a message to the
//! org's users (or to one user); each reader has their own read state.
//!
//! `title` and `body` are worded in Chinese, the platform's language; `kind` is stable so a
//! client can word the message in another language.

use actix_web::{HttpResponse, get, post, web::Json};
use serde::Serialize;
use utoipa::ToSchema;

use crate::{
    access::CurrentUser,
    db::rfc3339,
    error::{ApiError, ApiResult},
    extract::ValidQuery,
    openapi::SignedInErrors,
    pagination::PageQuery,
    state::AppState,
};

mod store;

pub const TAG: &str = "messages";

pub fn configure(cfg: &mut impl crate::openapi::Routes) {
    cfg.service(list_messages).service(mark_all_read).service(mark_read);
}

#[derive(Debug, Clone, Copy)]
pub struct NewMessage<'a> {
    /// Stable, dotted: `org.certified`, `provider.approved`, …
    pub kind: &'a str,
    pub title: &'a str,
    pub body: &'a str,
    /// What the message is about: (type, id).
    pub object: Option<(&'a str, &'a str)>,
}

/// Writes a message every user of the org sees, in the caller's transaction.
pub async fn send_to_org(
    executor: impl sqlx::Executor<'_, Database = sqlx::Any>,
    org_id: &str,
    message: NewMessage<'_>,
) -> ApiResult<()> {
    insert(executor, (Some(org_id), None), message).await
}

/// Writes a message to one user, in the caller's transaction.
pub async fn send_to_user(
    executor: impl sqlx::Executor<'_, Database = sqlx::Any>,
    user_id: &str,
    message: NewMessage<'_>,
) -> ApiResult<()> {
    insert(executor, (None, Some(user_id)), message).await
}

/// Writes a message to every platform operator who can act on it (super admins and
/// reviewers), in the caller's transaction.
pub async fn send_to_operators(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    message: NewMessage<'_>,
) -> ApiResult<()> {
    for operator in store::acting_operators(&mut **tx).await? {
        insert(&mut **tx, (None, Some(&operator)), message).await?;
    }
    Ok(())
}

async fn insert(
    executor: impl sqlx::Executor<'_, Database = sqlx::Any>,
    recipient: (Option<&str>, Option<&str>),
    message: NewMessage<'_>,
) -> ApiResult<()> {
    Ok(store::insert(executor, recipient, &message).await?)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Message {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub body: String,
    /// The org it was sent to, or none for a personal message.
    pub org_id: Option<String>,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub created_at: String,
    pub read: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MessageList {
    pub items: Vec<Message>,
    pub total: u64,
    pub page: u32,
    pub page_size: u32,
    /// Unread messages across all pages (the badge in the header).
    pub unread: u64,
}

/// The caller's messages, newest first, with the unread count.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(PageQuery),
    responses((status = 200, body = MessageList), SignedInErrors),
)]
#[get("/messages")]
pub async fn list_messages(
    state: AppState,
    user: CurrentUser,
    ValidQuery(page): ValidQuery<PageQuery>,
) -> ApiResult<Json<MessageList>> {
    let rows = store::page_for(&state.db, &user.id, page).await?;
    let (total, unread) = store::counts_for(&state.db, &user.id).await?;
    Ok(Json(MessageList {
        items: rows
            .into_iter()
            .map(|row| Message {
                id: row.id,
                kind: row.kind,
                title: row.title,
                body: row.body,
                org_id: row.org_id,
                object_type: row.object_type,
                object_id: row.object_id,
                created_at: rfc3339(row.created_at),
                read: row.read_at.is_some(),
            })
            .collect(),
        total: u64::try_from(total).unwrap_or_default(),
        page: page.page,
        page_size: page.page_size,
        unread: u64::try_from(unread).unwrap_or_default(),
    }))
}

/// Mark one message read.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("message_id" = String, Path, description = "Message id")),
    responses((status = 204, description = "Marked read"), SignedInErrors),
)]
#[post("/messages/{message_id}/read")]
pub async fn mark_read(
    state: AppState,
    user: CurrentUser,
    path: actix_web::web::Path<String>,
) -> ApiResult<HttpResponse> {
    let message_id = path.into_inner();
    if !store::is_visible_to(&state.db, &user.id, &message_id).await? {
        return Err(ApiError::NotFound);
    }
    store::mark_read(&state.db, &user.id, &message_id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Mark all of the caller's messages read.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    responses((status = 204, description = "All marked read"), SignedInErrors),
)]
#[post("/messages/read-all")]
pub async fn mark_all_read(state: AppState, user: CurrentUser) -> ApiResult<HttpResponse> {
    store::mark_all_read(&state.db, &user.id).await?;
    Ok(HttpResponse::NoContent().finish())
}
