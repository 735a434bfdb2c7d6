//! The administration console's statements: accounts, orgs, the two dictionaries and the
//! dashboard's counts and per-day sums.

use super::{DashboardCounts, DictionaryEntry, DictionaryForm, OrgPerson, OrgSummary, UserSummary};
use crate::db::Db;

type Executor<'c> = &'c mut sqlx::AnyConnection;

// ---- users ------------------------------------------------------------------------------------

const USER_SELECT: &str = "select u.id, u.mobile, u.display_name, u.status, u.admin_role, u.created_at, \
    (select count(*) from org_members m where m.user_id = u.id) as org_count from users u";

/// `$1`: a `LIKE` pattern of the phone or name, or null; `$2`: a status, or null.
const USER_FILTERS: &str = "($1 is null or u.mobile like $1 escape '\\' \
    or u.display_name like $1 escape '\\') and ($2 is null or u.status = $2)";

pub async fn user(db: &Db, id: &str) -> sqlx::Result<Option<UserSummary>> {
    sqlx::query_as(&format!("{USER_SELECT} where u.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

pub async fn count_users(
    db: &Db,
    pattern: Option<&str>,
    status: Option<&str>,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(&format!("select count(*) from users u where {USER_FILTERS}"))
        .bind(pattern)
        .bind(status)
        .fetch_one(&db.pool)
        .await
}

/// Newest first.
pub async fn users_page(
    db: &Db,
    pattern: Option<&str>,
    status: Option<&str>,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Vec<UserSummary>> {
    sqlx::query_as(&format!(
        "{USER_SELECT} where {USER_FILTERS} order by u.created_at desc, u.id desc limit $3 offset $4"
    ))
    .bind(pattern)
    .bind(status)
    .bind(limit)
    .bind(offset)
    .fetch_all(&db.pool)
    .await
}

/// (user id, provider) of the sign-in identities linked to `user_ids`.
pub async fn identities_of(db: &Db, user_ids: &[&str]) -> sqlx::Result<Vec<(String, String)>> {
    if user_ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (1..=user_ids.len()).map(|n| format!("${n}")).collect();
    let sql = format!(
        "select user_id, provider from user_identities where user_id in ({}) order by provider",
        placeholders.join(", ")
    );
    user_ids
        .iter()
        .fold(sqlx::query_as(&sql), |query, id| query.bind(*id))
        .fetch_all(&db.pool)
        .await
}

/// Whether the account exists (and now has `status`).
pub async fn set_user_status(
    conn: Executor<'_>,
    id: &str,
    status: &str,
    at: i64,
) -> sqlx::Result<bool> {
    let changed = sqlx::query("update users set status = $2, updated_at = $3 where id = $1")
        .bind(id)
        .bind(status)
        .bind(at)
        .execute(conn)
        .await?;
    Ok(changed.rows_affected() > 0)
}

// ---- orgs -------------------------------------------------------------------------------------

const ORG_SELECT: &str = "select o.id, o.name, o.uscc, o.certification, o.created_at, \
    (select count(*) from org_members m where m.org_id = o.id) as member_count, \
    (select case when p.live_revision_id is not null then 'approved' else \
       (select r.status from provider_revisions r where r.provider_id = p.id order by r.number desc limit 1) end \
     from providers p where p.org_id = o.id) as provider_status, \
    (select ms.status from memberships ms where ms.org_id = o.id) as membership_status, \
    (select count(*) from classes c where c.org_id = o.id) as class_count from orgs o";

/// `$1`: a `LIKE` pattern of the name or USCC, or null; `$2`: a certification state, or null.
const ORG_FILTERS: &str = "($1 is null or o.name like $1 escape '\\' or o.uscc like $1 escape '\\') \
    and ($2 is null or o.certification = $2)";

pub async fn count_orgs(
    db: &Db,
    pattern: Option<&str>,
    certification: Option<&str>,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(&format!("select count(*) from orgs o where {ORG_FILTERS}"))
        .bind(pattern)
        .bind(certification)
        .fetch_one(&db.pool)
        .await
}

/// Newest first.
pub async fn orgs_page(
    db: &Db,
    pattern: Option<&str>,
    certification: Option<&str>,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Vec<OrgSummary>> {
    sqlx::query_as(&format!(
        "{ORG_SELECT} where {ORG_FILTERS} order by o.created_at desc, o.id desc limit $3 offset $4"
    ))
    .bind(pattern)
    .bind(certification)
    .bind(limit)
    .bind(offset)
    .fetch_all(&db.pool)
    .await
}

pub async fn org(db: &Db, id: &str) -> sqlx::Result<Option<OrgSummary>> {
    sqlx::query_as(&format!("{ORG_SELECT} where o.id = $1")).bind(id).fetch_optional(&db.pool).await
}

/// What the government said of an org, and how it was certified.
#[derive(Debug, sqlx::FromRow)]
pub struct OrgRecord {
    pub legal_representative: String,
    pub address: String,
    pub contact_phone: String,
    pub certified_by: Option<String>,
    pub certified_at: Option<i64>,
}

pub async fn org_record(db: &Db, id: &str) -> sqlx::Result<OrgRecord> {
    sqlx::query_as(
        "select legal_representative, address, contact_phone, certified_by, certified_at \
         from orgs where id = $1",
    )
    .bind(id)
    .fetch_one(&db.pool)
    .await
}

/// The org's people: owner, admins, staff, each in the order they joined.
pub async fn org_people(db: &Db, org_id: &str) -> sqlx::Result<Vec<OrgPerson>> {
    sqlx::query_as(
        "select u.id as user_id, u.display_name, u.mobile, m.role from org_members m \
         join users u on u.id = m.user_id where m.org_id = $1 \
         order by case m.role when 'owner' then 0 when 'admin' then 1 else 2 end, m.created_at",
    )
    .bind(org_id)
    .fetch_all(&db.pool)
    .await
}

// ---- dictionaries -----------------------------------------------------------------------------
// `table` is `categories` or `class_types`, never a caller's text (`super::dictionary_table`).

const ENTRY_COLUMNS: &str = "id, code, name_zh, name_en, sort_order, enabled";

pub async fn dictionary(db: &Db, table: &'static str) -> sqlx::Result<Vec<DictionaryEntry>> {
    sqlx::query_as(&format!("select {ENTRY_COLUMNS} from {table} order by sort_order, code"))
        .fetch_all(&db.pool)
        .await
}

pub async fn dictionary_entry(
    db: &Db,
    table: &'static str,
    id: &str,
) -> sqlx::Result<Option<DictionaryEntry>> {
    sqlx::query_as(&format!("select {ENTRY_COLUMNS} from {table} where id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

/// Fails with a unique violation when the code or the Chinese name is taken.
pub async fn insert_dictionary_entry(
    conn: Executor<'_>,
    table: &'static str,
    id: &str,
    form: &DictionaryForm,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(&format!(
        "insert into {table} (id, code, name_zh, name_en, sort_order, enabled, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $7)"
    ))
    .bind(id)
    .bind(&form.code)
    .bind(form.name_zh.trim())
    .bind(form.name_en.trim())
    .bind(form.sort_order)
    .bind(i16::from(form.enabled))
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Whether the entry exists; fails with a unique violation when the Chinese name is taken.
pub async fn update_dictionary_entry(
    conn: Executor<'_>,
    table: &'static str,
    id: &str,
    form: &DictionaryForm,
    at: i64,
) -> sqlx::Result<bool> {
    let updated = sqlx::query(&format!(
        "update {table} set name_zh = $2, name_en = $3, sort_order = $4, enabled = $5, updated_at = $6 \
         where id = $1"
    ))
    .bind(id)
    .bind(form.name_zh.trim())
    .bind(form.name_en.trim())
    .bind(form.sort_order)
    .bind(i16::from(form.enabled))
    .bind(at)
    .execute(conn)
    .await?;
    Ok(updated.rows_affected() > 0)
}

// ---- dashboard --------------------------------------------------------------------------------

async fn scalar(db: &Db, sql: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar::<_, i64>(sql).fetch_one(&db.pool).await
}

pub async fn dashboard_counts(db: &Db) -> sqlx::Result<DashboardCounts> {
    Ok(DashboardCounts {
        orgs: scalar(db, "select count(*) from orgs").await?,
        providers: scalar(db, "select count(*) from providers where live_revision_id is not null")
            .await?,
        listed_courses: scalar(
            db,
            "select count(*) from courses where live_revision_id is not null and deleted_at is null \
             and listed = 1",
        )
        .await?,
        classes: scalar(db, "select count(*) from classes").await?,
        students: scalar(db, "select count(*) from students where status = 'active'").await?,
        study_ms: scalar(
            db,
            "select cast(coalesce(sum(effective_ms), 0) as bigint) from session_study_times",
        )
        .await?,
        members: scalar(db, "select count(*) from memberships where status = 'approved'").await?,
        dues_collected_fen: scalar(
            db,
            "select cast(coalesce(sum(amount_fen), 0) as bigint) from member_payments \
             where status in ('paid', 'confirmed')",
        )
        .await?,
    })
}

/// Per-day sums of `value` over rows whose `at` falls on or after `since`: (day index, sum),
/// days counted from the epoch in Beijing time.
async fn per_day(
    db: &Db,
    from_table: &str,
    at: &str,
    value: &str,
    since: i64,
) -> sqlx::Result<Vec<(i64, i64)>> {
    let (day_ms, beijing_ms) = (super::DAY_MS, super::BEIJING_MS);
    sqlx::query_as(&format!(
        "select cast(({at} + {beijing_ms}) / {day_ms} as bigint) as day, cast(sum({value}) as bigint) \
         from {from_table} and {at} >= $1 group by 1"
    ))
    .bind(since)
    .fetch_all(&db.pool)
    .await
}

/// The dashboard's eight series since `since`, in `super::DashboardDay`'s field order: new
/// orgs, new providers, newly listed courses, new classes, new students, study time, new
/// members, dues collected.
pub async fn dashboard_series(db: &Db, since: i64) -> sqlx::Result<[Vec<(i64, i64)>; 8]> {
    Ok([
        per_day(db, "orgs where 1 = 1", "created_at", "1", since).await?,
        per_day(
            db,
            "providers p where p.live_revision_id is not null",
            "(select min(r.decided_at) from provider_revisions r where r.provider_id = p.id \
              and r.status in ('approved', 'superseded'))",
            "1",
            since,
        )
        .await?,
        per_day(
            db,
            "course_revisions where status in ('approved', 'superseded')",
            "decided_at",
            "1",
            since,
        )
        .await?,
        per_day(db, "classes where 1 = 1", "created_at", "1", since).await?,
        per_day(db, "students where 1 = 1", "created_at", "1", since).await?,
        per_day(
            db,
            "session_study_times t join class_sessions s on s.id = t.session_id \
             where s.started_at is not null",
            "s.started_at",
            "t.effective_ms",
            since,
        )
        .await?,
        per_day(db, "memberships where status = 'approved'", "decided_at", "1", since).await?,
        per_day(
            db,
            "member_payments where status in ('paid', 'confirmed')",
            "settled_at",
            "amount_fen",
            since,
        )
        .await?,
    ])
}
