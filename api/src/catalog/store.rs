//! Category SQL, portable across SQLite and PostgreSQL.

use tracing::instrument;

use super::Category;
use crate::{
    db::{Db, new_id, now_ms},
    error::{ApiError, ApiResult, OnConstraint},
    pagination::PageQuery,
};

#[instrument(skip_all)]
pub async fn list_enabled_categories(db: &Db, page: PageQuery) -> ApiResult<(Vec<Category>, i64)> {
    let items = sqlx::query_as::<_, Category>(
        "select id, code, name_zh, name_en, sort_order from categories \
         where enabled = 1 order by sort_order, code limit $1 offset $2",
    )
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(&db.pool)
    .await?;
    let total: i64 = sqlx::query_scalar("select count(*) from categories where enabled = 1")
        .fetch_one(&db.pool)
        .await?;
    Ok((items, total))
}

/// A new category for the admin's list. A taken `code` or Chinese name is a conflict.
#[instrument(skip_all)]
pub async fn insert_category(
    db: &Db,
    code: &str,
    name_zh: &str,
    name_en: &str,
    sort_order: i64,
) -> ApiResult<Category> {
    let now = now_ms();
    sqlx::query_as::<_, Category>(
        "insert into categories (id, code, name_zh, name_en, sort_order, enabled, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, 1, $6, $6) \
         returning id, code, name_zh, name_en, sort_order",
    )
    .bind(new_id())
    .bind(code)
    .bind(name_zh)
    .bind(name_en)
    .bind(sort_order)
    .bind(now)
    .fetch_one(&db.pool)
    .await
    .on_unique(|| ApiError::conflict("already_exists"))
}
