use actix_web::get;
use serde::Serialize;
use utoipa::ToSchema;

use super::{TAG, store};
use crate::{
    error::ApiResult,
    extract::ValidQuery,
    openapi::QueryErrors,
    pagination::{Page, PageQuery},
    state::AppState,
};

/// A course topic, from the admin-managed preset list.
#[derive(Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct Category {
    pub id: String,
    /// Stable machine name, e.g. `cross_border_ecommerce`.
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    /// Lists are ordered by this, ascending.
    pub sort_order: i64,
}

/// List the enabled course categories, in display order.
#[utoipa::path(
    tag = TAG,
    params(PageQuery),
    responses((status = 200, body = Page<Category>), QueryErrors),
)]
#[get("/categories")]
pub async fn list_categories(
    state: AppState,
    ValidQuery(page): ValidQuery<PageQuery>,
) -> ApiResult<Page<Category>> {
    let (items, total) = store::list_enabled_categories(&state.db, page).await?;
    Ok(Page::new(items, total, page))
}
