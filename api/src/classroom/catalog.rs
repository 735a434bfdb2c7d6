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
    title_search::TitleQuery,
};
use crate::{
    db::rfc3339,
    error::{ApiError, ApiResult},
    extract::ValidQuery,
    openapi::QueryErrors,
    pagination::{Page, PageQuery},
    state::AppState,
};

/// How long a catalog video URL stays valid: a long lecture, watched with pauses and seeks.
const VIDEO_URL_SECS: i64 = 6 * 60 * 60;

/// How long another instance's catalog change may take to show here (this instance's own
/// changes invalidate the cache at once).
const CACHE_TTL: std::time::Duration = std::time::Duration::from_secs(10);

/// How many responses (and, apart, how many lists' totals) the catalog keeps: a page of 20
/// cards is ~10 KB, so at most ~20 MB.
const CACHE_ENTRIES: usize = 2048;

pub(crate) fn new_cache() -> crate::cache::ResponseCache {
    crate::cache::ResponseCache::new(CACHE_TTL, CACHE_ENTRIES)
}

/// Where a course is public: listed, not deleted, approved, from an approved provider.
pub(crate) const PUBLIC: &str = "from courses c join course_revisions r on r.id = c.live_revision_id \
    join providers p on p.id = c.provider_id join provider_revisions pr on pr.id = p.live_revision_id \
    left join categories cat on cat.code = r.category_code \
    where c.listed = 1 and c.deleted_at is null";

/// `PUBLIC`, read newest approval first along `course_revisions_by_decision` and stopping after
/// the page: SQLite takes a `cross join`'s left table as the outer loop (left to itself it
/// scanned every course and sorted them, 2 ms at 1,000 courses and 100 times that at 100,000);
/// PostgreSQL plans it as the inner join it is. For a provider or a search, whose courses are
/// few, `PUBLIC` lets the planner start from them instead.
const PUBLIC_NEWEST_FIRST: &str = "from course_revisions r cross join courses c \
    join providers p on p.id = c.provider_id join provider_revisions pr on pr.id = p.live_revision_id \
    left join categories cat on cat.code = r.category_code \
    where c.live_revision_id = r.id and c.listed = 1 and c.deleted_at is null";

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

#[derive(Debug, sqlx::FromRow)]
struct CardRow {
    id: String,
    title: String,
    cover_media_id: Option<String>,
    delivery: String,
    training_mode: Option<String>,
    category_code: Option<String>,
    category_name_zh: Option<String>,
    category_name_en: Option<String>,
    provider_id: String,
    provider_name: String,
    decided_at: Option<i64>,
    rating_sum: i64,
    rating_count: i64,
}

const CARD_COLUMNS: &str = "c.id, r.title, r.cover_media_id, r.delivery, r.training_mode, \
    r.category_code, cat.name_zh as category_name_zh, cat.name_en as category_name_en, \
    p.id as provider_id, pr.name as provider_name, r.decided_at, \
    (select cast(coalesce(sum(k.rating), 0) as bigint) from course_comments k \
     where k.course_id = c.id and k.hidden = 0 and k.rating is not null) as rating_sum, \
    (select count(k.rating) from course_comments k \
     where k.course_id = c.id and k.hidden = 0) as rating_count";

impl From<CardRow> for CourseCard {
    fn from(row: CardRow) -> Self {
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
    // Only the filters given, each combination its own statement: PostgreSQL plans a prepared
    // `($n is null or …)` generically, keeping every join and scan for the filters not given.
    let mut filters = String::new();
    let mut args: Vec<String> = Vec::new();
    let mut arg = |value: &str| {
        args.push(value.to_owned());
        format!("${}", args.len())
    };
    if let Some(category) = filter.category.as_deref().filter(|c| !c.is_empty()) {
        filters += &format!(" and r.category_code = {}", arg(category));
    }
    if let Some(mode) = mode {
        filters += &format!(" and r.training_mode = {}", arg(mode));
    }
    let mut from = PUBLIC_NEWEST_FIRST;
    if let Some(provider) = filter.provider_id.as_deref().filter(|p| !p.is_empty()) {
        filters += &format!(" and p.id = {}", arg(provider));
        from = PUBLIC;
    }
    match filter.q.as_deref().and_then(TitleQuery::parse) {
        // One or two characters (跨境, a): the gram itself, checked course by course while
        // reading newest first — such searches match many titles, and sorting them all (5,000
        // of 100,000 for 跨境) cost far more than the 20 rows the page needs.
        Some(TitleQuery::Gram(gram)) => {
            filters += &format!(
                " and exists (select 1 from catalog_title_grams g \
                              where g.gram = {} and g.course_id = c.id)",
                arg(&gram)
            );
        }
        // Longer: the few titles holding all of three of its grams — the first gram's
        // postings, each checked for the others by primary key — then the exact substring.
        Some(TitleQuery::Grams { probes: [a, b, c], pattern }) => {
            from = PUBLIC;
            filters += &format!(
                " and c.id in (select g.course_id from catalog_title_grams g where g.gram = {} \
                    and exists (select 1 from catalog_title_grams h where h.gram = {} and h.course_id = g.course_id) \
                    and exists (select 1 from catalog_title_grams k where k.gram = {} and k.course_id = g.course_id)) \
                  and exists (select 1 from catalog_titles t where t.course_id = c.id \
                              and t.title like {} escape '\\')",
                arg(&a),
                arg(&b),
                arg(&c),
                arg(&pattern)
            );
        }
        None => {}
    }
    // The total for these filters is the same on every page: counted once per cache
    // generation, not on each page (a count reads every matching course).
    let total_key = format!("total\u{1f}{filters}\u{1f}{args:?}");
    let count_sql = format!("select count(*) {PUBLIC}{filters}");
    let total = state
        .catalog_cache
        .total(total_key, async {
            let count = args.iter().fold(sqlx::query_scalar(&count_sql), |q, v| q.bind(v));
            Ok(count.fetch_one(&state.db.pool).await?)
        })
        .await?;
    // The page's ids first, along the (decided_at, course_id) index newest first, then the
    // cards (with their rating subqueries) for those 20 rows only: selecting the card columns
    // in the sorted query computed them for every public course (bench P1: 176 req/s with
    // 1,000 courses). For the live revision `r.course_id` is `c.id`. The `cross join` keeps the
    // 20 ids the outer loop: SQLite 3.46 (sqlx's) otherwise scanned every course and probed the
    // page for each, 360 ms at 100,000 courses (bench P11).
    let (limit, offset) = (args.len() + 1, args.len() + 2);
    let page_sql = format!(
        "select {CARD_COLUMNS} from (select c.id as page_id, r.decided_at as page_at {from}\
         {filters} order by r.decided_at desc, r.course_id desc limit ${limit} offset ${offset}) pg \
         cross join courses c join course_revisions r on r.id = c.live_revision_id \
         join providers p on p.id = c.provider_id \
         join provider_revisions pr on pr.id = p.live_revision_id \
         left join categories cat on cat.code = r.category_code \
         where c.id = pg.page_id order by pg.page_at desc, pg.page_id desc"
    );
    let rows = args.iter().fold(sqlx::query_as::<_, CardRow>(&page_sql), |q, v| q.bind(v));
    let rows = rows.bind(page.limit()).bind(page.offset()).fetch_all(&state.db.pool).await?;
    Ok(Page::new(rows.into_iter().map(Into::into).collect(), total, page))
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
    let row: Option<(String, String)> =
        sqlx::query_as(&format!("select r.id, p.id {PUBLIC} and c.id = $1"))
            .bind(course_id)
            .fetch_optional(&state.db.pool)
            .await?;
    let (revision_id, provider_id) = row.ok_or(ApiError::NotFound)?;
    let card: CardRow = sqlx::query_as(&format!("select {CARD_COLUMNS} {PUBLIC} and c.id = $1"))
        .bind(course_id)
        .fetch_one(&state.db.pool)
        .await?;
    let revision = courses::revision(&state.db, &revision_id).await?;
    let lecturers = courses::revision_lecturers(&state.db, &revision_id).await?;
    let provider = public_card(&state.db, &provider_id).await?.ok_or(ApiError::NotFound)?;
    let video_duration_ms = match &revision.video_media_id {
        Some(video) => sqlx::query_scalar("select duration_ms from media where id = $1")
            .bind(video)
            .fetch_optional(&state.db.pool)
            .await?
            .flatten(),
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
