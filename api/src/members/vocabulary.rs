//! The admins' membership vocabularies (SPEC §6, §7): member user types (chosen when
//! registering), levels (set by admins; council levels list representatives) and tags — one
//! table, one set of handlers, `kind` in the path. Entries are disabled, never deleted, so
//! every membership keeps naming what it was given. And the fee schedule: the dues of a level
//! for a year, in fen.

use actix_web::{HttpRequest, HttpResponse, get, post, put, web, web::Json};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::{TAG, store};
use crate::{
    access::{Admin, AnyAdmin, SuperAdmin},
    audit::{self, Actor, AuditEntry, Origin},
    db::{Db, new_id, now_ms},
    error::{ApiError, ApiResult},
    extract::{ValidJson, ValidQuery},
    openapi::{BodyErrors, QueryErrors, SignedInErrors},
    state::AppState,
};

/// Which list: `user_type`, `level` or `tag`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VocabularyKind {
    UserType,
    Level,
    Tag,
}

impl VocabularyKind {
    fn parse(value: &str) -> ApiResult<Self> {
        match value {
            "user_type" => Ok(Self::UserType),
            "level" => Ok(Self::Level),
            "tag" => Ok(Self::Tag),
            _ => Err(ApiError::NotFound),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::UserType => "user_type",
            Self::Level => "level",
            Self::Tag => "tag",
        }
    }
}

/// One entry of a list.
#[derive(Debug, Clone, Serialize, ToSchema, sqlx::FromRow)]
pub struct VocabularyEntry {
    pub id: String,
    pub name: String,
    /// Levels only: members at this level list council representatives.
    #[serde(serialize_with = "as_bool")]
    #[schema(value_type = bool)]
    pub council: i16,
    pub sort_order: i64,
    #[serde(serialize_with = "as_bool")]
    #[schema(value_type = bool)]
    pub disabled: i16,
}

fn as_bool<S: serde::Serializer>(flag: &i16, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_bool(*flag != 0)
}

/// The enabled entry `id` of `kind`, or a 422 on `field`.
pub async fn require_enabled(
    db: &Db,
    kind: VocabularyKind,
    id: &str,
    field: &str,
) -> ApiResult<VocabularyEntry> {
    store::enabled_vocabulary_entry(db, kind, id)
        .await?
        .ok_or_else(|| ApiError::invalid(field, "unknown_value"))
}

/// The member user types a registering unit chooses from (public).
#[utoipa::path(tag = TAG, responses((status = 200, body = Vec<VocabularyEntry>), QueryErrors))]
#[get("/member-user-types")]
pub async fn list_user_types(state: AppState) -> ApiResult<Json<Vec<VocabularyEntry>>> {
    Ok(Json(store::vocabulary_entries(&state.db, VocabularyKind::UserType, false).await?))
}

/// A list with its disabled entries (any platform operator).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("kind" = String, Path, description = "`user_type`, `level` or `tag`")),
    responses((status = 200, body = Vec<VocabularyEntry>), SignedInErrors),
)]
#[get("/admin/member-vocabularies/{kind}")]
pub async fn list_entries(
    state: AppState,
    _admin: Admin<AnyAdmin>,
    path: web::Path<String>,
) -> ApiResult<Json<Vec<VocabularyEntry>>> {
    let kind = VocabularyKind::parse(&path)?;
    Ok(Json(store::vocabulary_entries(&state.db, kind, true).await?))
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct VocabularyForm {
    #[validate(length(min = 1, max = 30))]
    #[schema(min_length = 1, max_length = 30)]
    pub name: String,
    /// Levels only.
    #[serde(default)]
    pub council: bool,
    #[serde(default)]
    #[validate(range(min = 0, max = 10000))]
    #[schema(minimum = 0, maximum = 10000)]
    pub sort_order: i64,
    /// Disabled entries leave the pickers; those who have one keep it.
    #[serde(default)]
    pub disabled: bool,
}

fn trimmed_name(form: &VocabularyForm) -> ApiResult<String> {
    let name = form.name.trim();
    if name.is_empty() {
        return Err(ApiError::invalid("name", "blank"));
    }
    Ok(name.to_owned())
}

/// The entry as an admin writes it.
fn entry_fields<'a>(
    kind: VocabularyKind,
    id: &'a str,
    name: &'a str,
    form: &VocabularyForm,
) -> store::VocabularyEntryFields<'a> {
    store::VocabularyEntryFields {
        id,
        kind,
        name,
        council: i16::from(form.council && kind == VocabularyKind::Level),
        sort_order: form.sort_order,
        disabled: i16::from(form.disabled),
    }
}

/// Add an entry (super admins); names are unique within a list.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("kind" = String, Path, description = "`user_type`, `level` or `tag`")),
    request_body = VocabularyForm,
    responses((status = 201, body = VocabularyEntry), (status = 409, description = "`already_exists`",
        body = crate::error::Problem, content_type = "application/problem+json"), BodyErrors),
)]
#[post("/admin/member-vocabularies/{kind}")]
pub async fn create_entry(
    state: AppState,
    req: HttpRequest,
    admin: Admin<SuperAdmin>,
    path: web::Path<String>,
    ValidJson(form): ValidJson<VocabularyForm>,
) -> ApiResult<HttpResponse> {
    let kind = VocabularyKind::parse(&path)?;
    let name = trimmed_name(&form)?;
    let id = new_id();
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    store::insert_vocabulary_entry(&mut tx, &entry_fields(kind, &id, &name, &form), now).await?;
    audit::record(
        &mut *tx,
        AuditEntry {
            actor: Actor::Admin(&admin.user.id),
            org_id: None,
            action: "member_vocabulary.create",
            object_type: "member_vocabulary",
            object_id: Some(&id),
            origin: &Origin::of(&req),
            details: json!({"kind": kind.as_str(), "name": name}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(HttpResponse::Created().json(store::vocabulary_entry_of_kind(&state.db, kind, &id).await?))
}

/// Rename, reorder, mark as council level, disable or enable an entry (super admins).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("kind" = String, Path, description = "`user_type`, `level` or `tag`"),
        ("entry_id" = String, Path, description = "Entry id")),
    request_body = VocabularyForm,
    responses((status = 200, body = VocabularyEntry), (status = 409, description = "`already_exists`",
        body = crate::error::Problem, content_type = "application/problem+json"), BodyErrors),
)]
#[put("/admin/member-vocabularies/{kind}/{entry_id}")]
pub async fn update_entry(
    state: AppState,
    req: HttpRequest,
    admin: Admin<SuperAdmin>,
    path: web::Path<(String, String)>,
    ValidJson(form): ValidJson<VocabularyForm>,
) -> ApiResult<Json<VocabularyEntry>> {
    let kind = VocabularyKind::parse(&path.0)?;
    let id = &path.1;
    let name = trimmed_name(&form)?;
    let mut tx = state.db.begin().await?;
    if !store::update_vocabulary_entry(&mut tx, &entry_fields(kind, id, &name, &form)).await? {
        return Err(ApiError::NotFound);
    }
    audit::record(
        &mut *tx,
        AuditEntry {
            actor: Actor::Admin(&admin.user.id),
            org_id: None,
            action: "member_vocabulary.update",
            object_type: "member_vocabulary",
            object_id: Some(id),
            origin: &Origin::of(&req),
            details: json!({"kind": kind.as_str(), "name": name, "disabled": form.disabled}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Json(store::vocabulary_entry_of_kind(&state.db, kind, id).await?))
}

/// The dues of a level for a year.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate, sqlx::FromRow)]
pub struct Fee {
    #[validate(length(min = 1, max = 64))]
    pub level_id: String,
    #[validate(range(min = 2000, max = 2100))]
    #[schema(minimum = 2000, maximum = 2100)]
    pub year: i64,
    /// In fen.
    #[validate(range(min = 1, max = 100_000_000_000_i64))]
    #[schema(minimum = 1, maximum = 100_000_000_000_i64)]
    pub amount_fen: i64,
}

#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct FeeFilter {
    #[validate(range(min = 2000, max = 2100))]
    #[param(minimum = 2000, maximum = 2100)]
    pub year: Option<i64>,
}

/// The fee schedule, newest year first (any platform operator).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(FeeFilter),
    responses((status = 200, body = Vec<Fee>), SignedInErrors),
)]
#[get("/admin/member-fees")]
pub async fn list_fees(
    state: AppState,
    _admin: Admin<AnyAdmin>,
    ValidQuery(filter): ValidQuery<FeeFilter>,
) -> ApiResult<Json<Vec<Fee>>> {
    Ok(Json(store::fees(&state.db, None, filter.year).await?))
}

/// Set the dues of a level for a year (super admins); payments already made keep theirs.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    request_body = Fee,
    responses((status = 200, body = Fee), BodyErrors),
)]
#[put("/admin/member-fees")]
pub async fn set_fee(
    state: AppState,
    req: HttpRequest,
    admin: Admin<SuperAdmin>,
    ValidJson(fee): ValidJson<Fee>,
) -> ApiResult<Json<Fee>> {
    require_enabled(&state.db, VocabularyKind::Level, &fee.level_id, "level_id").await?;
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    store::upsert_fee(&mut tx, &fee, &admin.user.id, now).await?;
    audit::record(
        &mut *tx,
        AuditEntry {
            actor: Actor::Admin(&admin.user.id),
            org_id: None,
            action: "member_fee.set",
            object_type: "member_fee",
            object_id: Some(&fee.level_id),
            origin: &Origin::of(&req),
            details: json!({"year": fee.year, "amount_fen": fee.amount_fen}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Json(fee))
}
