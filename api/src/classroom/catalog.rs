//! The public catalog (SPEC §3.4): only approved revisions of listed, undeleted courses of
//! approved providers are ever visible here.

use actix_web::{HttpResponse, get};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::{
    TAG,
    courses::{self, TrainingMode},
    lecturers::Lecturer,
    providers::{Picture, ProviderCard, public_card},
    store::catalog as store,
    title_search::TitleQuery,
};
use crate::{
    db::rfc3339,
    error::{ApiError, ApiResult},
    extract::ValidQuery,
    openapi::QueryErrors,
    pagination::{Page, PageQuery},
    state::AppState,
    title_index::{KeptIndex, TitleIndex},
};

// Where a course is public: its statement text lives in `store`; other features (training's
// linked courses) read it from here.
pub(crate) use super::store::catalog::PUBLIC;

/// How long a catalog video URL stays valid: a long lecture, watched with pauses and seeks.
const VIDEO_URL_SECS: i64 = 6 * 60 * 60;

/// How long a cached catalog response may live: a backstop only. Changes made here invalidate
/// the cache at once, other instances' within `cache::FOLLOW_INTERVAL`; this bounds what a
/// write that forgot to invalidate (or an outage of the shared generation) may leave stale.
const CACHE_TTL: std::time::Duration = std::time::Duration::from_secs(60);

/// How many responses (and, apart, how many lists' totals) the catalog keeps: a page of 20
/// cards is ~10 KB, so at most ~20 MB.
const CACHE_ENTRIES: usize = 2048;

pub(crate) fn new_cache() -> crate::cache::ResponseCache {
    crate::cache::ResponseCache::new("catalog", CACHE_TTL, CACHE_ENTRIES)
}

/// The titles of at most `max_courses` listed courses in memory (`catalog.title_index_max_courses`),
/// following the catalog cache's generation and expiring with its entries.
pub(crate) fn new_title_index(max_courses: usize) -> KeptIndex {
    KeptIndex::new(max_courses, CACHE_TTL)
}

#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct CatalogFilter {
    /// A category `code`.
    #[validate(length(max = 64))]
    pub category: Option<String>,
    pub mode: Option<TrainingMode>,
    #[validate(length(max = 64))]
    pub provider_id: Option<String>,
    /// Part of the title.
    #[validate(length(max = 30))]
    pub q: Option<String>,
}

/// A course card in the catalog.
#[derive(Debug, Serialize, ToSchema)]
pub struct CourseCard {
    pub id: String,
    pub title: String,
    pub cover: Option<Picture>,
    pub delivery: String,
    pub training_mode: Option<String>,
    pub category_code: Option<String>,
    pub category_name_zh: Option<String>,
    pub category_name_en: Option<String>,
    pub provider_id: String,
    pub provider_name: String,
    /// When this version was approved.
    pub listed_at: Option<String>,
    /// The mean of the visible comments' ratings (1–5), one decimal; none before any rating.
    pub rating_average: Option<f64>,
    pub rating_count: i64,
}

impl From<store::CardRow> for CourseCard {
    fn from(row: store::CardRow) -> Self {
        Self {
            id: row.id,
            title: row.title,
            cover: Picture::of(row.cover_media_id),
            delivery: row.delivery,
            training_mode: row.training_mode,
            category_code: row.category_code,
            category_name_zh: row.category_name_zh,
            category_name_en: row.category_name_en,
            provider_id: row.provider_id,
            provider_name: row.provider_name,
            listed_at: row.decided_at.map(rfc3339),
            rating_average: (row.rating_count > 0).then(|| {
                #[allow(clippy::cast_precision_loss)]
                let mean = row.rating_sum as f64 / row.rating_count as f64;
                (mean * 10.0).round() / 10.0
            }),
            rating_count: row.rating_count,
        }
    }
}

/// The catalog: newest approval first; filter by category, mode, provider; search titles.
#[utoipa::path(
    operation_id = "list_catalog_courses",
    tag = TAG,
    params(CatalogFilter, PageQuery),
    responses((status = 200, body = Page<CourseCard>), QueryErrors),
)]
#[get("/courses")]
pub async fn list(
    state: AppState,
    ValidQuery(filter): ValidQuery<CatalogFilter>,
    ValidQuery(page): ValidQuery<PageQuery>,
) -> ApiResult<HttpResponse> {
    let key = format!("list\u{1f}{filter:?}\u{1f}{page:?}");
    state.catalog_cache.json(key, list_page(&state, filter, page)).await
}

async fn list_page(
    state: &AppState,
    filter: CatalogFilter,
    page: PageQuery,
) -> ApiResult<Page<CourseCard>> {
    let mode = filter.mode.map(|m| match m {
        TrainingMode::Online => "online",
        TrainingMode::Offline => "offline",
    });
    let category = filter.category.as_deref().filter(|c| !c.is_empty());
    let provider = filter.provider_id.as_deref().filter(|p| !p.is_empty());
    let title = filter.q.as_deref().and_then(TitleQuery::parse);
    if let Some(title) = &title
        && let Some(index) = title_index(state).await
    {
        let offset = usize::try_from(page.offset()).unwrap_or(usize::MAX);
        let limit = usize::try_from(page.limit()).unwrap_or(0);
        let found = index.search(title.search(), [category, mode, provider], offset, limit);
        let rows = store::cards(&state.db, &found.ids).await?;
        let total = i64::try_from(found.total).unwrap_or(i64::MAX);
        return Ok(Page::new(rows.into_iter().map(Into::into).collect(), total, page));
    }
    let query = store::CatalogFilters::new(category, mode, provider, title.as_ref());
    // The total for these filters is the same on every page: counted once per cache
    // generation, not on each page (a count reads every matching course).
    let total = state
        .catalog_cache
        .total(query.total_key(), async { Ok(store::count_public(&state.db, &query).await?) })
        .await?;
    let rows = store::public_cards_page(&state.db, &query, page).await?;
    Ok(Page::new(rows.into_iter().map(Into::into).collect(), total, page))
}

/// The catalog's titles in memory as of the catalog's current generation, once built (until
/// then, and for a catalog larger than allowed, searches read the database's gram index).
async fn title_index(state: &AppState) -> Option<std::sync::Arc<TitleIndex>> {
    let generation = state.catalog_cache.generation();
    let db = state.db.clone();
    state
        .catalog_titles
        .current(
            generation,
            move |limit| async move { Ok(store::public_titles(&db, limit).await?) },
        )
        .await
}

/// A course's public page.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicCourse {
    #[serde(flatten)]
    pub card: CourseCard,
    /// A URL that streams the video (with `Range`, so players seek), valid for hours.
    pub video_url: Option<String>,
    pub video_duration_ms: Option<i64>,
    pub intro: String,
    pub intro_image: Option<Picture>,
    pub external_url: Option<String>,
    pub live_starts_at: Option<String>,
    pub live_ends_at: Option<String>,
    pub capacity: Option<i64>,
    pub lecturers: Vec<Lecturer>,
    pub provider: ProviderCard,
}

/// One public course; 404 for anything not listed.
#[utoipa::path(
    operation_id = "get_catalog_course",
    tag = TAG,
    params(("course_id" = String, Path, description = "Course id")),
    responses((status = 200, body = PublicCourse), QueryErrors),
)]
#[get("/courses/{course_id}")]
pub async fn get(state: AppState, path: actix_web::web::Path<String>) -> ApiResult<HttpResponse> {
    let course_id = path.into_inner();
    state
        .catalog_cache
        .json(format!("course\u{1f}{course_id}"), course_page(&state, &course_id))
        .await
}

async fn course_page(state: &AppState, course_id: &str) -> ApiResult<PublicCourse> {
    let row = store::public_course_ids(&state.db, course_id).await?;
    let (revision_id, provider_id) = row.ok_or(ApiError::NotFound)?;
    let card = store::public_course_card(&state.db, course_id).await?;
    let revision = super::store::courses::revision(&state.db, &revision_id).await?;
    let lecturers = courses::revision_lecturers(&state.db, &revision_id).await?;
    let provider = public_card(&state.db, &provider_id).await?.ok_or(ApiError::NotFound)?;
    let video_duration_ms = match &revision.video_media_id {
        Some(video) => store::video_duration_ms(&state.db, video).await?,
        None => None,
    };
    Ok(PublicCourse {
        card: card.into(),
        video_url: revision
            .video_media_id
            .as_deref()
            .map(|video| crate::media::signed_url(state, video, VIDEO_URL_SECS).url),
        video_duration_ms,
        intro: revision.intro,
        intro_image: Picture::of(revision.intro_image_media_id),
        external_url: revision.external_url,
        live_starts_at: revision.live_starts_at.map(rfc3339),
        live_ends_at: revision.live_ends_at.map(rfc3339),
        capacity: revision.capacity,
        lecturers,
        provider,
    })
}
