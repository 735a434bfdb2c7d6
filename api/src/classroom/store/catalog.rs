//! The public catalog's statements (SPEC §3.4): only approved revisions of listed, undeleted
//! courses of approved providers are ever read here.

use crate::{
    classroom::title_search::TitleQuery, db::Db, pagination::PageQuery, title_index::Item,
};

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
    /// Where the page's ids are read from in catalog order (newest approval first).
    page_from: &'static str,
    /// The filters as the page's ids (or a batch of a gram's postings) are checked.
    page_filters: String,
    args: Vec<String>,
    /// A title search's first gram, whose postings a page is read from (`page_by_postings`).
    lead_gram: Option<String>,
}

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
        let held = |gram: &str, alias: &str| {
            format!(
                " and exists (select 1 from catalog_title_grams {alias} \
                              where {alias}.gram = {gram} and {alias}.course_id = c.id)"
            )
        };
        let lead_gram = match title {
            // One or two characters (跨境, a): the gram itself.
            Some(TitleQuery::Gram(gram)) => {
                let held = held(&arg(gram), "g");
                filters += &held;
                page_filters += &held;
                Some(gram.clone())
            }
            // Longer: the titles holding three of its grams, then the exact substring. The
            // count reads the first gram's postings, each checked for the others by primary key.
            Some(TitleQuery::Grams { probes: [first, middle, last], pattern, .. }) => {
                let (a, b, c, pattern) = (arg(first), arg(middle), arg(last), arg(pattern));
                let substring = format!(
                    " and exists (select 1 from catalog_titles t where t.course_id = c.id \
                                  and t.title like {pattern} escape '\\')"
                );
                filters += &format!(
                    " and c.id in (select g.course_id from catalog_title_grams g where g.gram = {a} \
                        and exists (select 1 from catalog_title_grams h where h.gram = {b} and h.course_id = g.course_id) \
                        and exists (select 1 from catalog_title_grams k where k.gram = {c} and k.course_id = g.course_id)){substring}"
                );
                page_filters +=
                    &format!("{}{}{}{substring}", held(&a, "g"), held(&b, "h"), held(&c, "k"));
                Some(first.clone())
            }
            None => None,
        };
        // A provider's courses are few: its search is read from them (`PUBLIC`), each checked
        // for the grams; any other search is read from its first gram's postings.
        if lead_gram.is_some() {
            page_from = PUBLIC;
        }
        let lead_gram = lead_gram.filter(|_| provider_id.is_none());
        Self { filters, page_from, page_filters, args, lead_gram }
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
    if let Some(gram) = &query.lead_gram {
        return page_by_postings(db, query, gram, page).await;
    }
    let CatalogFilters { page_from, page_filters, args, .. } = query;
    let (limit, offset) = (args.len() + 1, args.len() + 2);
    let page_sql = format!(
        "select {CARD_COLUMNS} from (select c.id as page_id, r.decided_at as page_at {page_from}\
         {page_filters} order by r.decided_at desc, r.course_id desc limit ${limit} offset ${offset}) pg \
         cross join courses c join course_revisions r on r.id = c.live_revision_id \
         join providers p on p.id = c.provider_id \
         join provider_revisions pr on pr.id = p.live_revision_id \
         left join categories cat on cat.code = r.category_code \
         where c.id = pg.page_id order by pg.page_at desc, pg.page_id desc"
    );
    let rows = args.iter().fold(sqlx::query_as::<_, CardRow>(&page_sql), |q, v| q.bind(v));
    rows.bind(page.limit()).bind(page.offset()).fetch_all(&db.pool).await
}

/// How many of a gram's postings are read and checked at a time.
const POSTINGS_BATCH: usize = 200;

/// A title search's page, read from its first gram's postings newest first
/// (`catalog_title_grams_in_order`: each posting carries its course's approval time) a batch at
/// a time, each batch checked against the filters in one statement, until the page is full: a
/// one- or two-character search's postings are its matches, and a longer search's matches are
/// among its first gram's (250 of 100,000 courses for `报关·Shopify`, among the 5,000 postings
/// of `报关`, found within the newest 400 or so). Done in steps rather than one statement
/// because neither planner can know that the matches are spread along the postings:
/// PostgreSQL, estimating a handful, joined all 5,000 postings and sorted them (200 ms at
/// 100,000 courses, bench P11).
async fn page_by_postings(
    db: &Db,
    query: &CatalogFilters,
    gram: &str,
    page: PageQuery,
) -> sqlx::Result<Vec<CardRow>> {
    let limit = usize::try_from(page.limit()).unwrap_or(usize::MAX);
    let mut skip = usize::try_from(page.offset()).unwrap_or(usize::MAX);
    let mut ids: Vec<String> = Vec::with_capacity(limit);
    let mut after: Option<(i64, String)> = None;
    let batch = i64::try_from(POSTINGS_BATCH).unwrap_or(i64::MAX);
    'postings: loop {
        let postings: Vec<(String, i64)> = match &after {
            None => sqlx::query_as(
                "select course_id, decided_at from catalog_title_grams where gram = $1 \
                 order by decided_at desc, course_id desc limit $2",
            )
            .bind(gram)
            .bind(batch),
            Some((at, id)) => sqlx::query_as(
                "select course_id, decided_at from catalog_title_grams where gram = $1 \
                 and (decided_at < $2 or (decided_at = $2 and course_id < $3)) \
                 order by decided_at desc, course_id desc limit $4",
            )
            .bind(gram)
            .bind(*at)
            .bind(id.clone())
            .bind(batch),
        }
        .fetch_all(&db.pool)
        .await?;
        let Some((last_id, last_at)) = postings.last() else { break };
        after = Some((*last_at, last_id.clone()));
        let first = query.args.len() + 1;
        let placeholders: Vec<String> =
            (first..first + postings.len()).map(|n| format!("${n}")).collect();
        let check = format!(
            "select c.id {PUBLIC}{} and c.id in ({})",
            query.page_filters,
            placeholders.join(", ")
        );
        let check =
            query.args.iter().fold(sqlx::query_scalar::<_, String>(&check), |q, v| q.bind(v));
        let matched: std::collections::HashSet<String> = postings
            .iter()
            .fold(check, |q, (id, _)| q.bind(id))
            .fetch_all(&db.pool)
            .await?
            .into_iter()
            .collect();
        for (id, _) in &postings {
            if !matched.contains(id) {
                continue;
            }
            if skip > 0 {
                skip -= 1;
                continue;
            }
            ids.push(id.clone());
            if ids.len() >= limit {
                break 'postings;
            }
        }
        if postings.len() < POSTINGS_BATCH {
            break;
        }
    }
    cards(db, &ids).await
}

/// Every public course's id, indexed title and facets (category, training mode, provider) in
/// the catalog's order, at most `limit`: what an instance's title index holds
/// (`crate::title_index`). Read in one statement, so from one snapshot of the catalog.
pub async fn public_titles(db: &Db, limit: usize) -> sqlx::Result<Vec<Item>> {
    use futures_util::TryStreamExt as _;
    let sql = format!(
        "select c.id, (select t.title from catalog_titles t where t.course_id = c.id), \
         r.category_code, r.training_mode, p.id {PUBLIC_NEWEST_FIRST} \
         order by r.decided_at desc, r.course_id desc limit $1"
    );
    let mut items = Vec::new();
    let mut rows =
        sqlx::query_as::<_, (String, Option<String>, Option<String>, Option<String>, String)>(&sql)
            .bind(i64::try_from(limit).unwrap_or(i64::MAX))
            .fetch(&db.pool);
    // Streamed: 100,000 rows are never held twice.
    while let Some((id, title, category, mode, provider)) = rows.try_next().await? {
        items.push(Item {
            id,
            title: title.unwrap_or_default(),
            facets: [category, mode, Some(provider)],
        });
    }
    Ok(items)
}

/// The cards of public courses `ids`, in that order.
pub async fn cards(db: &Db, ids: &[String]) -> sqlx::Result<Vec<CardRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (1..=ids.len()).map(|n| format!("${n}")).collect();
    let sql = format!("select {CARD_COLUMNS} {PUBLIC} and c.id in ({})", placeholders.join(", "));
    let mut rows: Vec<CardRow> =
        ids.iter().fold(sqlx::query_as(&sql), |q, id| q.bind(id)).fetch_all(&db.pool).await?;
    let position: std::collections::HashMap<&str, usize> =
        ids.iter().enumerate().map(|(n, id)| (id.as_str(), n)).collect();
    rows.sort_by_key(|row| position.get(row.id.as_str()).copied().unwrap_or(usize::MAX));
    Ok(rows)
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
