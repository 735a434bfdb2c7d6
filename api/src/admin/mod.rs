//! The platform administration console (SPEC §7, issue 8) beyond the review queues (which
//! live with their features): users (search, lock, unlock), orgs (search; certification is in
//! `orgs`), the two shared dictionaries (course categories, class types — created, renamed,
//! reordered, disabled, never deleted), the dashboard's counts and 30-day trends, and the
//! audit log as xlsx. Reads are open to every operator role (auditors too); changes need a
//! super admin.

use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web, web::Json};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::{
    audit::{self, Actor, AuditEntry, Origin},
    auth::{
        access::{Admin, AnyAdmin, SuperAdmin},
        tokens,
    },
    db::{Db, like_pattern, new_id, now_ms, rfc3339},
    error::{ApiError, ApiResult, OnConstraint},
    extract::{ValidJson, ValidQuery},
    openapi::{BodyErrors, SignedInErrors},
    pagination::{Page, PageQuery},
    state::AppState,
};

pub const TAG: &str = "admin";

pub fn configure(cfg: &mut impl crate::openapi::Routes) {
    cfg.service(list_users)
        .service(lock_user)
        .service(unlock_user)
        .service(reset_user_identity)
        .service(list_orgs)
        .service(get_org)
        .service(list_dictionary)
        .service(create_dictionary_entry)
        .service(update_dictionary_entry)
        .service(dashboard);
}

// ---- users -----------------------------------------------------------------------------------

#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct UserFilter {
    /// Part of the phone number or display name.
    #[validate(length(max = 30))]
    #[param(max_length = 30)]
    pub q: Option<String>,
    /// `active`, `locked` or `disabled`.
    #[validate(length(max = 10))]
    #[param(max_length = 10)]
    pub status: Option<String>,
}

/// An account as operators see it.
#[derive(Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct UserSummary {
    pub id: String,
    /// Masked (`138****5678`).
    #[sqlx(skip)]
    pub mobile: Option<String>,
    #[serde(skip)]
    #[sqlx(rename = "mobile")]
    pub mobile_full: Option<String>,
    pub display_name: String,
    /// `active`, `locked` or `disabled`.
    pub status: String,
    pub admin_role: Option<String>,
    /// How many orgs the account belongs to.
    pub org_count: i64,
    /// The sign-in identities linked to the account (`wechat`, `dingtalk`, `hainan_gov`, `oidc`).
    #[sqlx(skip)]
    pub identities: Vec<String>,
    #[sqlx(skip)]
    pub created_at: String,
    #[serde(skip)]
    #[sqlx(rename = "created_at")]
    pub created_ms: i64,
}

fn mask(mobile: &str) -> String {
    crate::domain::Mobile::parse(mobile).map(|m| m.masked()).unwrap_or_else(|_| "***".to_owned())
}

const USER_SELECT: &str = "select u.id, u.mobile, u.display_name, u.status, u.admin_role, u.created_at, \
    (select count(*) from org_members m where m.user_id = u.id) as org_count from users u";

async fn user_summary(db: &Db, id: &str) -> ApiResult<UserSummary> {
    let user: UserSummary = sqlx::query_as(&format!("{USER_SELECT} where u.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(ApiError::NotFound)?;
    let mut users = [user];
    fill_in(db, &mut users).await?;
    let [user] = users;
    Ok(user)
}

/// The masked phone, the time and the linked identities of a page of accounts.
async fn fill_in(db: &Db, users: &mut [UserSummary]) -> ApiResult<()> {
    if users.is_empty() {
        return Ok(());
    }
    let placeholders: Vec<String> = (1..=users.len()).map(|n| format!("${n}")).collect();
    let sql = format!(
        "select user_id, provider from user_identities where user_id in ({}) order by provider",
        placeholders.join(", ")
    );
    let identities: Vec<(String, String)> = users
        .iter()
        .fold(sqlx::query_as(&sql), |query, user| query.bind(&user.id))
        .fetch_all(&db.pool)
        .await?;
    for user in users {
        user.mobile = user.mobile_full.as_deref().map(mask);
        user.created_at = rfc3339(user.created_ms);
        user.identities = identities
            .iter()
            .filter(|(owner, _)| *owner == user.id)
            .map(|(_, provider)| provider.clone())
            .collect();
    }
    Ok(())
}

/// Accounts, newest first, searched by phone or name (any operator).
#[utoipa::path(
    tag = TAG,
    operation_id = "admin_list_users",
    security(("bearer" = [])),
    params(UserFilter, PageQuery),
    responses((status = 200, body = Page<UserSummary>), SignedInErrors),
)]
#[get("/admin/users")]
pub async fn list_users(
    state: AppState,
    _admin: Admin<AnyAdmin>,
    ValidQuery(filter): ValidQuery<UserFilter>,
    ValidQuery(page): ValidQuery<PageQuery>,
) -> ApiResult<Page<UserSummary>> {
    let pattern = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()).map(like_pattern);
    let filters = "($1 is null or u.mobile like $1 escape '\\' or u.display_name like $1 escape '\\') \
        and ($2 is null or u.status = $2)";
    let total: i64 = sqlx::query_scalar(&format!("select count(*) from users u where {filters}"))
        .bind(pattern.as_deref())
        .bind(filter.status.as_deref())
        .fetch_one(&state.db.pool)
        .await?;
    let mut users: Vec<UserSummary> = sqlx::query_as(&format!(
        "{USER_SELECT} where {filters} order by u.created_at desc, u.id desc limit $3 offset $4"
    ))
    .bind(pattern.as_deref())
    .bind(filter.status.as_deref())
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(&state.db.pool)
    .await?;
    fill_in(&state.db, &mut users).await?;
    Ok(Page::new(users, total, page))
}

async fn set_status(
    state: &AppState,
    req: &HttpRequest,
    admin: &Admin<SuperAdmin>,
    user_id: &str,
    status: &str,
) -> ApiResult<UserSummary> {
    if status == "locked" && user_id == admin.user.id {
        return Err(ApiError::conflict("cannot_lock_self"));
    }
    let mut tx = state.db.begin().await?;
    let changed = sqlx::query("update users set status = $2, updated_at = $3 where id = $1")
        .bind(user_id)
        .bind(status)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
    if changed.rows_affected() == 0 {
        return Err(ApiError::NotFound);
    }
    audit::record(
        &mut *tx,
        AuditEntry {
            actor: Actor::Admin(&admin.user.id),
            org_id: None,
            action: if status == "locked" { "user.lock" } else { "user.unlock" },
            object_type: "user",
            object_id: Some(user_id),
            origin: &Origin::of(req),
            details: json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    if status == "locked" {
        // Signed out everywhere at once; access tokens fail on the status check meanwhile.
        tokens::revoke_other_sessions(&state.db, user_id, None).await?;
    }
    user_summary(&state.db, user_id).await
}

/// Lock an account (super admins): it is signed out everywhere and cannot sign in.
#[utoipa::path(
    tag = TAG,
    operation_id = "admin_lock_user",
    security(("bearer" = [])),
    params(("user_id" = String, Path, description = "User id")),
    responses((status = 200, body = UserSummary), (status = 409, description = "`cannot_lock_self`",
        body = crate::error::Problem, content_type = "application/problem+json"), SignedInErrors),
)]
#[post("/admin/users/{user_id}/lock")]
pub async fn lock_user(
    state: AppState,
    req: HttpRequest,
    admin: Admin<SuperAdmin>,
    path: web::Path<String>,
) -> ApiResult<Json<UserSummary>> {
    Ok(Json(set_status(&state, &req, &admin, &path, "locked").await?))
}

/// Unlock an account (super admins).
#[utoipa::path(
    tag = TAG,
    operation_id = "admin_unlock_user",
    security(("bearer" = [])),
    params(("user_id" = String, Path, description = "User id")),
    responses((status = 200, body = UserSummary), SignedInErrors),
)]
#[post("/admin/users/{user_id}/unlock")]
pub async fn unlock_user(
    state: AppState,
    req: HttpRequest,
    admin: Admin<SuperAdmin>,
    path: web::Path<String>,
) -> ApiResult<Json<UserSummary>> {
    Ok(Json(set_status(&state, &req, &admin, &path, "active").await?))
}

/// Remove an account's sign-in identity (super admins), e.g. the WeChat of a lost phone so the
/// user can bind a new one; refused when it is the account's last way to sign in.
#[utoipa::path(
    tag = TAG,
    operation_id = "admin_reset_user_identity",
    security(("bearer" = [])),
    params(("user_id" = String, Path, description = "User id"),
        ("provider" = String, Path, description = "`wechat`, `dingtalk`, `hainan_gov` or `oidc`")),
    responses((status = 200, body = UserSummary), (status = 409, description = "`last_sign_in_method`",
        body = crate::error::Problem, content_type = "application/problem+json"), SignedInErrors),
)]
#[delete("/admin/users/{user_id}/identities/{provider}")]
pub async fn reset_user_identity(
    state: AppState,
    req: HttpRequest,
    admin: Admin<SuperAdmin>,
    path: web::Path<(String, String)>,
) -> ApiResult<Json<UserSummary>> {
    let (user_id, provider) = path.into_inner();
    crate::auth::sso::remove_identity(&state.db, &user_id, &provider).await?;
    audit::record(
        &state.db.pool,
        AuditEntry {
            actor: Actor::Admin(&admin.user.id),
            org_id: None,
            action: "user.identity_reset",
            object_type: "user",
            object_id: Some(&user_id),
            origin: &Origin::of(&req),
            details: json!({"provider": provider}),
        },
    )
    .await?;
    Ok(Json(user_summary(&state.db, &user_id).await?))
}

// ---- orgs ------------------------------------------------------------------------------------

#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct OrgFilter {
    /// Part of the name, or the USCC.
    #[validate(length(max = 50))]
    #[param(max_length = 50)]
    pub q: Option<String>,
    /// `uncertified` or `certified`.
    #[validate(length(max = 12))]
    #[param(max_length = 12)]
    pub certification: Option<String>,
}

/// An org as operators see it, with what it takes part in.
#[derive(Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct OrgSummary {
    pub id: String,
    pub name: String,
    pub uscc: Option<String>,
    pub certification: String,
    pub member_count: i64,
    /// The provider profile's state, if it applied.
    pub provider_status: Option<String>,
    /// The membership's state, if it registered.
    pub membership_status: Option<String>,
    pub class_count: i64,
    #[sqlx(skip)]
    pub created_at: String,
    #[serde(skip)]
    #[sqlx(rename = "created_at")]
    pub created_ms: i64,
}

const ORG_SELECT: &str = "select o.id, o.name, o.uscc, o.certification, o.created_at, \
    (select count(*) from org_members m where m.org_id = o.id) as member_count, \
    (select case when p.live_revision_id is not null then 'approved' else \
       (select r.status from provider_revisions r where r.provider_id = p.id order by r.number desc limit 1) end \
     from providers p where p.org_id = o.id) as provider_status, \
    (select ms.status from memberships ms where ms.org_id = o.id) as membership_status, \
    (select count(*) from classes c where c.org_id = o.id) as class_count from orgs o";

/// Orgs, newest first, searched by name or USCC (any operator).
#[utoipa::path(
    tag = TAG,
    operation_id = "admin_list_orgs",
    security(("bearer" = [])),
    params(OrgFilter, PageQuery),
    responses((status = 200, body = Page<OrgSummary>), SignedInErrors),
)]
#[get("/admin/orgs")]
pub async fn list_orgs(
    state: AppState,
    _admin: Admin<AnyAdmin>,
    ValidQuery(filter): ValidQuery<OrgFilter>,
    ValidQuery(page): ValidQuery<PageQuery>,
) -> ApiResult<Page<OrgSummary>> {
    let pattern = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()).map(like_pattern);
    let filters = "($1 is null or o.name like $1 escape '\\' or o.uscc like $1 escape '\\') \
        and ($2 is null or o.certification = $2)";
    let total: i64 = sqlx::query_scalar(&format!("select count(*) from orgs o where {filters}"))
        .bind(pattern.as_deref())
        .bind(filter.certification.as_deref())
        .fetch_one(&state.db.pool)
        .await?;
    let mut orgs: Vec<OrgSummary> = sqlx::query_as(&format!(
        "{ORG_SELECT} where {filters} order by o.created_at desc, o.id desc limit $3 offset $4"
    ))
    .bind(pattern.as_deref())
    .bind(filter.certification.as_deref())
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(&state.db.pool)
    .await?;
    for org in &mut orgs {
        org.created_at = rfc3339(org.created_ms);
    }
    Ok(Page::new(orgs, total, page))
}

/// One org in full, for an operator checking it: its government details, how it was
/// certified, its people (masked phones) and what it takes part in.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrgDetail {
    #[serde(flatten)]
    pub summary: OrgSummary,
    pub legal_representative: String,
    pub address: String,
    pub contact_phone: String,
    /// `hainan_gov` (a legal person's government login) or `admin`, once certified.
    pub certified_by: Option<String>,
    pub certified_at: Option<String>,
    pub members: Vec<OrgPerson>,
}

#[derive(Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct OrgPerson {
    pub user_id: String,
    pub display_name: String,
    /// Masked (`138****5678`).
    #[sqlx(skip)]
    pub mobile: Option<String>,
    #[serde(skip)]
    #[sqlx(rename = "mobile")]
    pub mobile_full: Option<String>,
    /// `owner`, `admin` or `staff`.
    pub role: String,
}

/// One org (any operator).
#[utoipa::path(
    tag = TAG,
    operation_id = "admin_get_org",
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id")),
    responses((status = 200, body = OrgDetail), SignedInErrors),
)]
#[get("/admin/orgs/{org_id}")]
pub async fn get_org(
    state: AppState,
    _admin: Admin<AnyAdmin>,
    path: web::Path<String>,
) -> ApiResult<Json<OrgDetail>> {
    let org_id = path.into_inner();
    let mut summary: OrgSummary = sqlx::query_as(&format!("{ORG_SELECT} where o.id = $1"))
        .bind(&org_id)
        .fetch_optional(&state.db.pool)
        .await?
        .ok_or(ApiError::NotFound)?;
    summary.created_at = rfc3339(summary.created_ms);
    let (legal_representative, address, contact_phone, certified_by, certified_at): (
        String,
        String,
        String,
        Option<String>,
        Option<i64>,
    ) = sqlx::query_as(
        "select legal_representative, address, contact_phone, certified_by, certified_at \
         from orgs where id = $1",
    )
    .bind(&org_id)
    .fetch_one(&state.db.pool)
    .await?;
    let mut members: Vec<OrgPerson> = sqlx::query_as(
        "select u.id as user_id, u.display_name, u.mobile, m.role from org_members m \
         join users u on u.id = m.user_id where m.org_id = $1 \
         order by case m.role when 'owner' then 0 when 'admin' then 1 else 2 end, m.created_at",
    )
    .bind(&org_id)
    .fetch_all(&state.db.pool)
    .await?;
    for person in &mut members {
        person.mobile = person.mobile_full.as_deref().map(mask);
    }
    Ok(Json(OrgDetail {
        summary,
        legal_representative,
        address,
        contact_phone,
        certified_by,
        certified_at: certified_at.map(rfc3339),
        members,
    }))
}

// ---- dictionaries ----------------------------------------------------------------------------

/// `categories` (course topics) or `class-types`: the table behind the path.
fn dictionary_table(name: &str) -> ApiResult<&'static str> {
    match name {
        "categories" => Ok("categories"),
        "class-types" => Ok("class_types"),
        _ => Err(ApiError::NotFound),
    }
}

/// One entry of a dictionary.
#[derive(Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct DictionaryEntry {
    pub id: String,
    /// Stable machine name (used in filters and imports).
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub sort_order: i64,
    #[serde(serialize_with = "as_bool")]
    #[schema(value_type = bool)]
    pub enabled: i16,
}

fn as_bool<S: serde::Serializer>(flag: &i16, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_bool(*flag != 0)
}

/// Every entry of a dictionary, disabled ones too (any operator).
#[utoipa::path(
    tag = TAG,
    operation_id = "admin_list_dictionary",
    security(("bearer" = [])),
    params(("dictionary" = String, Path, description = "`categories` or `class-types`")),
    responses((status = 200, body = Vec<DictionaryEntry>), SignedInErrors),
)]
#[get("/admin/dictionaries/{dictionary}")]
pub async fn list_dictionary(
    state: AppState,
    _admin: Admin<AnyAdmin>,
    path: web::Path<String>,
) -> ApiResult<Json<Vec<DictionaryEntry>>> {
    let table = dictionary_table(&path)?;
    Ok(Json(
        sqlx::query_as(&format!(
            "select id, code, name_zh, name_en, sort_order, enabled from {table} order by sort_order, code"
        ))
        .fetch_all(&state.db.pool)
        .await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct DictionaryForm {
    /// Lowercase letters, digits and `_`; fixed once created (changes to it are ignored).
    #[validate(length(min = 2, max = 40))]
    #[schema(min_length = 2, max_length = 40)]
    pub code: String,
    #[validate(length(min = 1, max = 30))]
    #[schema(min_length = 1, max_length = 30)]
    pub name_zh: String,
    #[validate(length(min = 1, max = 60))]
    #[schema(min_length = 1, max_length = 60)]
    pub name_en: String,
    #[serde(default)]
    #[validate(range(min = 0, max = 100_000))]
    #[schema(minimum = 0, maximum = 100_000)]
    pub sort_order: i64,
    /// Disabled entries leave pickers and filters; what uses them keeps them.
    #[serde(default = "enabled_by_default")]
    pub enabled: bool,
}

fn enabled_by_default() -> bool {
    true
}

fn check_dictionary_form(form: &DictionaryForm) -> ApiResult<()> {
    let code_ok =
        form.code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if !code_ok {
        return Err(ApiError::invalid("code", "code_format"));
    }
    if form.name_zh.trim().is_empty() {
        return Err(ApiError::invalid("name_zh", "blank"));
    }
    if form.name_en.trim().is_empty() {
        return Err(ApiError::invalid("name_en", "blank"));
    }
    Ok(())
}

async fn dictionary_entry(db: &Db, table: &str, id: &str) -> ApiResult<DictionaryEntry> {
    sqlx::query_as(&format!(
        "select id, code, name_zh, name_en, sort_order, enabled from {table} where id = $1"
    ))
    .bind(id)
    .fetch_optional(&db.pool)
    .await?
    .ok_or(ApiError::NotFound)
}

/// Add an entry (super admins); codes and Chinese names are unique.
#[utoipa::path(
    tag = TAG,
    operation_id = "admin_create_dictionary_entry",
    security(("bearer" = [])),
    params(("dictionary" = String, Path, description = "`categories` or `class-types`")),
    request_body = DictionaryForm,
    responses((status = 201, body = DictionaryEntry), (status = 409, description = "`already_exists`",
        body = crate::error::Problem, content_type = "application/problem+json"), BodyErrors),
)]
#[post("/admin/dictionaries/{dictionary}")]
pub async fn create_dictionary_entry(
    state: AppState,
    req: HttpRequest,
    admin: Admin<SuperAdmin>,
    path: web::Path<String>,
    ValidJson(form): ValidJson<DictionaryForm>,
) -> ApiResult<HttpResponse> {
    let table = dictionary_table(&path)?;
    check_dictionary_form(&form)?;
    let id = new_id();
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    sqlx::query(&format!(
        "insert into {table} (id, code, name_zh, name_en, sort_order, enabled, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $7)"
    ))
    .bind(&id)
    .bind(&form.code)
    .bind(form.name_zh.trim())
    .bind(form.name_en.trim())
    .bind(form.sort_order)
    .bind(i16::from(form.enabled))
    .bind(now)
    .execute(&mut *tx)
    .await
    .on_unique(|| ApiError::conflict("already_exists"))?;
    audit::record(
        &mut *tx,
        AuditEntry {
            actor: Actor::Admin(&admin.user.id),
            org_id: None,
            action: "dictionary.create",
            object_type: table,
            object_id: Some(&id),
            origin: &Origin::of(&req),
            details: json!({"code": form.code}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(HttpResponse::Created().json(dictionary_entry(&state.db, table, &id).await?))
}

/// Rename, reorder, disable or enable an entry (super admins); the code stays as created.
#[utoipa::path(
    tag = TAG,
    operation_id = "admin_update_dictionary_entry",
    security(("bearer" = [])),
    params(("dictionary" = String, Path, description = "`categories` or `class-types`"),
        ("entry_id" = String, Path, description = "Entry id")),
    request_body = DictionaryForm,
    responses((status = 200, body = DictionaryEntry), (status = 409, description = "`already_exists`",
        body = crate::error::Problem, content_type = "application/problem+json"), BodyErrors),
)]
#[put("/admin/dictionaries/{dictionary}/{entry_id}")]
pub async fn update_dictionary_entry(
    state: AppState,
    req: HttpRequest,
    admin: Admin<SuperAdmin>,
    path: web::Path<(String, String)>,
    ValidJson(form): ValidJson<DictionaryForm>,
) -> ApiResult<Json<DictionaryEntry>> {
    let table = dictionary_table(&path.0)?;
    check_dictionary_form(&form)?;
    let mut tx = state.db.begin().await?;
    let updated = sqlx::query(&format!(
        "update {table} set name_zh = $2, name_en = $3, sort_order = $4, enabled = $5, updated_at = $6 \
         where id = $1"
    ))
    .bind(&path.1)
    .bind(form.name_zh.trim())
    .bind(form.name_en.trim())
    .bind(form.sort_order)
    .bind(i16::from(form.enabled))
    .bind(now_ms())
    .execute(&mut *tx)
    .await
    .on_unique(|| ApiError::conflict("already_exists"))?;
    if updated.rows_affected() == 0 {
        return Err(ApiError::NotFound);
    }
    audit::record(
        &mut *tx,
        AuditEntry {
            actor: Actor::Admin(&admin.user.id),
            org_id: None,
            action: "dictionary.update",
            object_type: table,
            object_id: Some(&path.1),
            origin: &Origin::of(&req),
            details: json!({"enabled": form.enabled}),
        },
    )
    .await?;
    tx.commit().await?;
    // Course cards carry their category's names.
    state.catalog_cache.invalidate();
    Ok(Json(dictionary_entry(&state.db, table, &path.1).await?))
}

// ---- dashboard -------------------------------------------------------------------------------

/// Totals now.
#[derive(Debug, Serialize, ToSchema)]
pub struct DashboardCounts {
    pub orgs: i64,
    /// Approved providers.
    pub providers: i64,
    pub listed_courses: i64,
    pub classes: i64,
    /// Activated students.
    pub students: i64,
    /// Effective live study time of all students.
    pub study_ms: i64,
    /// Approved members.
    pub members: i64,
    /// Dues paid online or confirmed offline, in fen.
    pub dues_collected_fen: i64,
}

/// One day (Beijing time) of the trends.
#[derive(Debug, Serialize, ToSchema)]
pub struct DashboardDay {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub new_orgs: i64,
    pub new_providers: i64,
    pub newly_listed_courses: i64,
    pub new_classes: i64,
    pub new_students: i64,
    pub study_ms: i64,
    pub new_members: i64,
    pub dues_collected_fen: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Dashboard {
    pub counts: DashboardCounts,
    /// The last 30 days, oldest first.
    pub days: Vec<DashboardDay>,
}

const DAY_MS: i64 = 86_400_000;
/// Days are counted in Beijing time (UTC+8).
const BEIJING_MS: i64 = 8 * 3_600_000;

async fn scalar(db: &Db, sql: &str) -> ApiResult<i64> {
    Ok(sqlx::query_scalar::<_, i64>(sql).fetch_one(&db.pool).await?)
}

/// Per-day sums of `value` over rows whose `at` falls in the window: (day index, sum).
async fn per_day(
    db: &Db,
    from_table: &str,
    at: &str,
    value: &str,
    since: i64,
) -> ApiResult<Vec<(i64, i64)>> {
    Ok(sqlx::query_as(&format!(
        "select cast(({at} + {BEIJING_MS}) / {DAY_MS} as bigint) as day, cast(sum({value}) as bigint) \
         from {from_table} and {at} >= $1 group by 1"
    ))
    .bind(since)
    .fetch_all(&db.pool)
    .await?)
}

/// Counts and 30-day trends of the platform (any operator).
#[utoipa::path(
    tag = TAG,
    operation_id = "admin_dashboard",
    security(("bearer" = [])),
    responses((status = 200, body = Dashboard), SignedInErrors),
)]
#[get("/admin/dashboard")]
pub async fn dashboard(state: AppState, _admin: Admin<AnyAdmin>) -> ApiResult<Json<Dashboard>> {
    let db = &state.db;
    let counts = DashboardCounts {
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
        study_ms: scalar(db, "select cast(coalesce(sum(effective_ms), 0) as bigint) from session_study_times").await?,
        members: scalar(db, "select count(*) from memberships where status = 'approved'").await?,
        dues_collected_fen: scalar(
            db,
            "select cast(coalesce(sum(amount_fen), 0) as bigint) from member_payments \
             where status in ('paid', 'confirmed')",
        )
        .await?,
    };
    let today = (now_ms() + BEIJING_MS) / DAY_MS;
    let first_day = today - 29;
    let since = first_day * DAY_MS - BEIJING_MS;
    let series = [
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
        per_day(db, "course_revisions where status in ('approved', 'superseded')", "decided_at", "1", since).await?,
        per_day(db, "classes where 1 = 1", "created_at", "1", since).await?,
        per_day(db, "students where 1 = 1", "created_at", "1", since).await?,
        per_day(
            db,
            "session_study_times t join class_sessions s on s.id = t.session_id where s.started_at is not null",
            "s.started_at",
            "t.effective_ms",
            since,
        )
        .await?,
        per_day(db, "memberships where status = 'approved'", "decided_at", "1", since).await?,
        per_day(db, "member_payments where status in ('paid', 'confirmed')", "settled_at", "amount_fen", since).await?,
    ];
    let value =
        |i: usize, day: i64| series[i].iter().find(|(d, _)| *d == day).map_or(0, |(_, v)| *v);
    let days = (first_day..=today)
        .map(|day| DashboardDay {
            date: rfc3339(day * DAY_MS).get(..10).unwrap_or_default().to_owned(),
            new_orgs: value(0, day),
            new_providers: value(1, day),
            newly_listed_courses: value(2, day),
            new_classes: value(3, day),
            new_students: value(4, day),
            study_ms: value(5, day),
            new_members: value(6, day),
            dues_collected_fen: value(7, day),
        })
        .collect();
    Ok(Json(Dashboard { counts, days }))
}
