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

mod store;

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

async fn user_summary(db: &Db, id: &str) -> ApiResult<UserSummary> {
    let user = store::user(db, id).await?.ok_or(ApiError::NotFound)?;
    let mut users = [user];
    fill_in(db, &mut users).await?;
    let [user] = users;
    Ok(user)
}

/// The masked phone, the time and the linked identities of a page of accounts.
async fn fill_in(db: &Db, users: &mut [UserSummary]) -> ApiResult<()> {
    let ids: Vec<&str> = users.iter().map(|user| user.id.as_str()).collect();
    let identities = store::identities_of(db, &ids).await?;
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
    req: HttpRequest,
    admin: Admin<AnyAdmin>,
    ValidQuery(filter): ValidQuery<UserFilter>,
    ValidQuery(page): ValidQuery<PageQuery>,
) -> ApiResult<HttpResponse> {
    let answer = async {
        let pattern =
            filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()).map(like_pattern);
        let (pattern, status) = (pattern.as_deref(), filter.status.as_deref());
        let total = store::count_users(&state.db, pattern, status).await?;
        let mut users =
            store::users_page(&state.db, pattern, status, page.limit(), page.offset()).await?;
        fill_in(&state.db, &mut users).await?;
        Ok::<_, ApiError>(Page::new(users, total, page))
    };
    let who = format!("user {}", admin.user.id);
    state.signed_in_answers.answer(&state.db.commits, &req, &who, answer).await
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
    if !store::set_user_status(&mut tx, user_id, status, now_ms()).await? {
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
    let (pattern, certification) = (pattern.as_deref(), filter.certification.as_deref());
    let total = store::count_orgs(&state.db, pattern, certification).await?;
    let mut orgs =
        store::orgs_page(&state.db, pattern, certification, page.limit(), page.offset()).await?;
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
    let mut summary = store::org(&state.db, &org_id).await?.ok_or(ApiError::NotFound)?;
    summary.created_at = rfc3339(summary.created_ms);
    let store::OrgRecord {
        legal_representative,
        address,
        contact_phone,
        certified_by,
        certified_at,
    } = store::org_record(&state.db, &org_id).await?;
    let mut members = store::org_people(&state.db, &org_id).await?;
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
    Ok(Json(store::dictionary(&state.db, dictionary_table(&path)?).await?))
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

async fn dictionary_entry(db: &Db, table: &'static str, id: &str) -> ApiResult<DictionaryEntry> {
    store::dictionary_entry(db, table, id).await?.ok_or(ApiError::NotFound)
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
    store::insert_dictionary_entry(&mut tx, table, &id, &form, now)
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
    let updated = store::update_dictionary_entry(&mut tx, table, &path.1, &form, now_ms())
        .await
        .on_unique(|| ApiError::conflict("already_exists"))?;
    if !updated {
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
    state.catalog_cache.invalidate(&state.db).await;
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

/// Counts and 30-day trends of the platform (any operator).
#[utoipa::path(
    tag = TAG,
    operation_id = "admin_dashboard",
    security(("bearer" = [])),
    responses((status = 200, body = Dashboard), SignedInErrors),
)]
#[get("/admin/dashboard")]
pub async fn dashboard(state: AppState, _admin: Admin<AnyAdmin>) -> ApiResult<Json<Dashboard>> {
    let counts = store::dashboard_counts(&state.db).await?;
    let today = (now_ms() + BEIJING_MS) / DAY_MS;
    let first_day = today - 29;
    let since = first_day * DAY_MS - BEIJING_MS;
    let series = store::dashboard_series(&state.db, since).await?;
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
