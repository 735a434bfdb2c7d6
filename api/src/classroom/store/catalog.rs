//! The public catalog's statements (SPEC §3.4): only approved revisions of listed, undeleted
//! courses of approved providers are ever read here.

use crate::{classroom::title_search::TitleQuery, db::Db, pagination::PageQuery};

/// Where a course is public: listed, not deleted, approved, from an approved provider.
pub const PUBLIC: &str = "from courses c join course_revisions r on r.id = c.live_revision_id \
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

/// `PUBLIC` read from one title gram's postings, newest first along
/// `catalog_title_grams_in_order` (each posting carries its course's approval time): every
/// posting of a one- or two-character search is a match, and a longer search's matches are among
/// its first gram's, so a page is the first 20 postings that pass rather than a sort of every
/// match (250 of 100,000 courses for `报关·Shopify`, found among 5,000 postings of `报关`). The
/// `cross join` keeps the postings SQLite's outer loop.
const PUBLIC_BY_GRAM: &str = "from catalog_title_grams g cross join courses c \
    join course_revisions r on r.id = c.live_revision_id \
    join providers p on p.id = c.provider_id join provider_revisions pr on pr.id = p.live_revision_id \
    left join categories cat on cat.code = r.category_code \
    where c.id = g.course_id and c.listed = 1 and c.deleted_at is null";

#[derive(Debug, sqlx::FromRow)]
pub struct CardRow {
    pub id: String,
    pub title: String,
    pub cover_media_id: Option<String>,
    pub delivery: String,
    pub training_mode: Option<String>,
    pub category_code: Option<String>,
    pub category_name_zh: Option<String>,
    pub category_name_en: Option<String>,
    pub provider_id: String,
    pub provider_name: String,
    pub decided_at: Option<i64>,
    pub rating_sum: i64,
    pub rating_count: i64,
}

const CARD_COLUMNS: &str = "c.id, r.title, r.cover_media_id, r.delivery, r.training_mode, \
    r.category_code, cat.name_zh as category_name_zh, cat.name_en as category_name_en, \
    p.id as provider_id, pr.name as provider_name, r.decided_at, \
    (select cast(coalesce(sum(k.rating), 0) as bigint) from course_comments k \
     where k.course_id = c.id and k.hidden = 0 and k.rating is not null) as rating_sum, \
    (select count(k.rating) from course_comments k \
     where k.course_id = c.id and k.hidden = 0) as rating_count";

/// The catalog list's filters as SQL: only the filters given, each combination its own
/// statement (PostgreSQL plans a prepared `($n is null or …)` generically, keeping every join
/// and scan for the filters not given).
#[derive(Debug)]
pub struct CatalogFilters {
    /// The filters as the count reads them (from `PUBLIC`).
    filters: String,
    /// Where the page's ids are read from, in catalog order (newest approval first), and how
    /// that order is named there.
    page_from: &'static str,
    page_order: (&'static str, &'static str),
    /// The filters as the page's ids are read.
    page_filters: String,
    args: Vec<String>,
}

/// The catalog's order read along the revisions' (decided_at, course_id) index …
const REVISION_ORDER: (&str, &str) = ("r.decided_at", "r.course_id");
/// … or along a gram's postings (the same values, copied at approval).
const GRAM_ORDER: (&str, &str) = ("g.decided_at", "g.course_id");

impl CatalogFilters {
    /// The filters given: a category `code`, a training mode (`online`, `offline`), a
    /// provider, a title search.
    pub fn new(
        category: Option<&str>,
        mode: Option<&str>,
        provider_id: Option<&str>,
        title: Option<&TitleQuery>,
    ) -> Self {
        let mut filters = String::new();
        let mut args: Vec<String> = Vec::new();
        let mut arg = |value: &str| {
            args.push(value.to_owned());
            format!("${}", args.len())
        };
        if let Some(category) = category {
            filters += &format!(" and r.category_code = {}", arg(category));
        }
        if let Some(mode) = mode {
            filters += &format!(" and r.training_mode = {}", arg(mode));
        }
        let mut page_from = PUBLIC_NEWEST_FIRST;
        if let Some(provider) = provider_id {
            filters += &format!(" and p.id = {}", arg(provider));
            page_from = PUBLIC;
        }
        let mut page_filters = filters.clone();
        let mut page_order = REVISION_ORDER;
        // A provider's courses are few: its search starts from them (`PUBLIC`) and checks the
        // grams of each; otherwise the page reads the search's first gram's postings in order.
        let by_gram = provider_id.is_none();
        match title {
            // One or two characters (跨境, a): the gram itself.
            Some(TitleQuery::Gram(gram)) => {
                let gram = arg(gram);
                let held = format!(
                    " and exists (select 1 from catalog_title_grams g \
                                  where g.gram = {gram} and g.course_id = c.id)"
                );
                filters += &held;
                if by_gram {
                    (page_from, page_order) = (PUBLIC_BY_GRAM, GRAM_ORDER);
                    page_filters += &format!(" and g.gram = {gram}");
                } else {
                    page_filters += &held;
                }
            }
            // Longer: the titles holding three of its grams, then the exact substring. The
            // count reads the first gram's postings, each checked for the others by primary key.
            Some(TitleQuery::Grams { probes: [a, b, c], pattern }) => {
                let (a, b, c, pattern) = (arg(a), arg(b), arg(c), arg(pattern));
                let substring = format!(
                    " and exists (select 1 from catalog_titles t where t.course_id = c.id \
                                  and t.title like {pattern} escape '\\')"
                );
                filters += &format!(
                    " and c.id in (select g.course_id from catalog_title_grams g where g.gram = {a} \
                        and exists (select 1 from catalog_title_grams h where h.gram = {b} and h.course_id = g.course_id) \
                        and exists (select 1 from catalog_title_grams k where k.gram = {c} and k.course_id = g.course_id)){substring}"
                );
                if by_gram {
                    (page_from, page_order) = (PUBLIC_BY_GRAM, GRAM_ORDER);
                    page_filters += &format!(
                        " and g.gram = {a} \
                          and exists (select 1 from catalog_title_grams h where h.gram = {b} and h.course_id = c.id) \
                          and exists (select 1 from catalog_title_grams k where k.gram = {c} and k.course_id = c.id){substring}"
                    );
                } else {
                    page_from = PUBLIC;
                    page_filters = filters.clone();
                }
            }
            None => {}
        }
        Self { filters, page_from, page_order, page_filters, args }
    }

    /// The key of the list's total for these filters in the catalog cache.
    pub fn total_key(&self) -> String {
        format!("total\u{1f}{}\u{1f}{:?}", self.filters, self.args)
    }
}

/// How many public courses pass the filters.
pub async fn count_public(db: &Db, query: &CatalogFilters) -> sqlx::Result<i64> {
    let count_sql = format!("select count(*) {PUBLIC}{}", query.filters);
    let count = query.args.iter().fold(sqlx::query_scalar(&count_sql), |q, v| q.bind(v));
    count.fetch_one(&db.pool).await
}

/// The page's ids first, along the (decided_at, course_id) index newest first, then the
/// cards (with their rating subqueries) for those 20 rows only: selecting the card columns
/// in the sorted query computed them for every public course (bench P1: 176 req/s with
/// 1,000 courses). For the live revision `r.course_id` is `c.id`. The `cross join` keeps the
/// 20 ids the outer loop: SQLite 3.46 (sqlx's) otherwise scanned every course and probed the
/// page for each, 360 ms at 100,000 courses (bench P11).
pub async fn public_cards_page(
    db: &Db,
    query: &CatalogFilters,
    page: PageQuery,
) -> sqlx::Result<Vec<CardRow>> {
    let CatalogFilters { page_from, page_order: (at, id), page_filters, args, .. } = query;
    let (limit, offset) = (args.len() + 1, args.len() + 2);
    let page_sql = format!(
        "select {CARD_COLUMNS} from (select c.id as page_id, {at} as page_at {page_from}\
         {page_filters} order by {at} desc, {id} desc limit ${limit} offset ${offset}) pg \
         cross join courses c join course_revisions r on r.id = c.live_revision_id \
         join providers p on p.id = c.provider_id \
         join provider_revisions pr on pr.id = p.live_revision_id \
         left join categories cat on cat.code = r.category_code \
         where c.id = pg.page_id order by pg.page_at desc, pg.page_id desc"
    );
    let rows = args.iter().fold(sqlx::query_as::<_, CardRow>(&page_sql), |q, v| q.bind(v));
    rows.bind(page.limit()).bind(page.offset()).fetch_all(&db.pool).await
}

/// The live revision and the provider of a public course (`None`: not public).
pub async fn public_course_ids(db: &Db, course_id: &str) -> sqlx::Result<Option<(String, String)>> {
    sqlx::query_as(&format!("select r.id, p.id {PUBLIC} and c.id = $1"))
        .bind(course_id)
        .fetch_optional(&db.pool)
        .await
}

/// A public course's card.
pub async fn public_course_card(db: &Db, course_id: &str) -> sqlx::Result<CardRow> {
    sqlx::query_as(&format!("select {CARD_COLUMNS} {PUBLIC} and c.id = $1"))
        .bind(course_id)
        .fetch_one(&db.pool)
        .await
}

/// A video's length, when known (`None` too when there is no such file).
pub async fn video_duration_ms(db: &Db, media_id: &str) -> sqlx::Result<Option<i64>> {
    let duration: Option<Option<i64>> =
        sqlx::query_scalar("select duration_ms from media where id = $1")
            .bind(media_id)
            .fetch_optional(&db.pool)
            .await?;
    Ok(duration.flatten())
}
