//! Provider onboarding (SPEC §3.1): a certified org applies; its profile (name, logo, intro)
//! goes through review in revisions, so an approved profile stays public while a change waits.
//! Address and contact phone change at once.

use actix_web::{HttpRequest, HttpResponse, get, post, put, web::Json};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use validator::Validate;

use super::{
    TAG,
    store::providers::{self as store, ProviderRow, provider_of_org},
};
use crate::{
    access::{Manager, Member, OrgAccess},
    audit::{self, AuditEntry, Origin},
    db::{Db, new_id, now_ms, rfc3339},
    error::{ApiError, ApiResult},
    extract::ValidJson,
    media::{self, rules::MediaPurpose},
    openapi::{BodyErrors, SignedInErrors},
    orgs::store::find_org,
    state::AppState,
};

/// The application form, also used to edit the profile later.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct ProviderForm {
    /// The name shown publicly; the org's name by default.
    #[validate(length(min = 2, max = 100))]
    #[schema(min_length = 2, max_length = 100)]
    pub name: String,
    /// An uploaded `provider_logo` (185×74).
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64)]
    pub logo_media_id: String,
    #[validate(length(min = 1, max = 300))]
    #[schema(min_length = 1, max_length = 300)]
    pub intro: String,
    #[validate(length(min = 1, max = 30))]
    #[schema(min_length = 1, max_length = 30)]
    pub address: String,
    #[validate(length(min = 1, max = 20))]
    #[schema(min_length = 1, max_length = 20)]
    pub contact_phone: String,
}

/// A public picture: its id and where to fetch it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Picture {
    pub media_id: String,
    pub url: String,
}

impl Picture {
    pub fn of(media_id: Option<String>) -> Option<Self> {
        media_id.map(|id| Picture { url: format!("/media/{id}"), media_id: id })
    }
}

/// A provider's profile as its org sees it: the latest submission and, once approved, the
/// public profile.
#[derive(Debug, Serialize, ToSchema)]
pub struct Provider {
    pub id: String,
    pub org_id: String,
    /// Only `cloud_classroom` (云课堂供应商) exists; an org holds one provider type.
    pub kind: String,
    /// Of the latest submission: `pending`, `approved` or `rejected`.
    pub status: String,
    /// Why the latest submission was rejected.
    pub reject_reason: Option<String>,
    /// The latest submission's name, logo and intro (what the form edits).
    pub name: String,
    pub logo: Option<Picture>,
    pub intro: String,
    pub address: String,
    pub contact_phone: String,
    /// The approved profile the public sees, if any: it stays while a change is reviewed.
    pub public_profile: Option<ProviderCard>,
    pub submitted_at: String,
    pub decided_at: Option<String>,
    /// From the org (SPEC §3.1 pre-fills them): read-only here.
    pub org_name: String,
    pub uscc: Option<String>,
    pub legal_representative: String,
}

/// A provider as the public sees it.
#[derive(Debug, Clone, Serialize, ToSchema, sqlx::FromRow)]
pub struct ProviderCard {
    pub id: String,
    pub name: String,
    #[sqlx(skip)]
    pub logo: Option<Picture>,
    pub intro: String,
    pub address: String,
    #[serde(skip)]
    pub logo_media_id: Option<String>,
}

/// The org's provider, approved (it has a public profile): what lecturers and courses need.
pub async fn approved_provider(db: &Db, org_id: &str) -> ApiResult<ProviderRow> {
    match provider_of_org(db, org_id).await? {
        Some(provider) if provider.live_revision_id.is_some() => Ok(provider),
        _ => Err(ApiError::conflict("provider_not_approved")),
    }
}

/// Public profiles, by provider id; only approved ones exist here.
pub async fn public_card(db: &Db, provider_id: &str) -> ApiResult<Option<ProviderCard>> {
    Ok(store::public_profile(db, provider_id).await?.map(with_logo))
}

pub fn with_logo(mut card: ProviderCard) -> ProviderCard {
    card.logo = Picture::of(card.logo_media_id.clone());
    card
}

async fn describe(db: &Db, provider: ProviderRow) -> ApiResult<Provider> {
    let latest = store::latest_revision(db, &provider.id).await?;
    let org = find_org(db, &provider.org_id).await?;
    let public_profile = public_card(db, &provider.id).await?;
    Ok(Provider {
        id: provider.id,
        org_id: provider.org_id,
        kind: provider.kind,
        status: latest.status,
        reject_reason: latest.reject_reason,
        name: latest.name,
        logo: Picture::of(latest.logo_media_id),
        intro: latest.intro,
        address: provider.address,
        contact_phone: provider.contact_phone,
        public_profile,
        submitted_at: rfc3339(latest.submitted_at),
        decided_at: latest.decided_at.map(rfc3339),
        org_name: org.name,
        uscc: org.uscc,
        legal_representative: org.legal_representative,
    })
}

async fn check_form(
    state: &AppState,
    access: &OrgAccess<Manager>,
    form: &ProviderForm,
) -> ApiResult<()> {
    media::check_attachable(
        state,
        &form.logo_media_id,
        MediaPurpose::ProviderLogo,
        &access.org_id,
        &access.user.id,
        "logo_media_id",
    )
    .await
}

/// The form's reviewed fields, as stored.
fn profile(form: &ProviderForm) -> store::Profile<'_> {
    store::Profile {
        name: form.name.trim(),
        logo_media_id: &form.logo_media_id,
        intro: form.intro.trim(),
    }
}

fn audit_entry<'a>(
    access: &'a OrgAccess<Manager>,
    origin: &'a Origin,
    action: &'a str,
    provider_id: &'a str,
) -> AuditEntry<'a> {
    AuditEntry {
        actor: access.actor(),
        org_id: Some(&access.org_id),
        action,
        object_type: "provider",
        object_id: Some(provider_id),
        origin,
        details: json!({}),
    }
}

/// Apply to become a 云课堂 provider (owner or admin of a certified org). Saving submits the
/// profile for review.
#[utoipa::path(
    operation_id = "apply_as_provider",
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id")),
    request_body = ProviderForm,
    responses(
        (status = 201, body = Provider),
        (status = 409, description = "`org_not_certified`, or `already_provider` (one provider type per org)",
            body = crate::error::Problem, content_type = "application/problem+json"),
        BodyErrors,
    ),
)]
#[post("/orgs/{org_id}/provider")]
pub async fn apply(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Manager>,
    ValidJson(form): ValidJson<ProviderForm>,
) -> ApiResult<HttpResponse> {
    if !find_org(&state.db, &access.org_id).await?.is_certified() {
        return Err(ApiError::conflict("org_not_certified"));
    }
    if provider_of_org(&state.db, &access.org_id).await?.is_some() {
        return Err(ApiError::conflict("already_provider"));
    }
    check_form(&state, &access, &form).await?;
    let provider_id = new_id();
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    let (address, contact_phone) = (form.address.trim(), form.contact_phone.trim());
    store::insert_provider(&mut tx, &provider_id, &access.org_id, address, contact_phone, now)
        .await?;
    store::insert_revision(&mut tx, &provider_id, 1, &profile(&form), &access.user.id, now).await?;
    audit::record(
        &mut *tx,
        audit_entry(&access, &Origin::of(&req), "provider.apply", &provider_id),
    )
    .await?;
    tx.commit().await?;
    let provider = provider_of_org(&state.db, &access.org_id).await?.ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Created().json(describe(&state.db, provider).await?))
}

/// The org's provider profile (any member); 404 when it has not applied.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id")),
    responses((status = 200, body = Provider), SignedInErrors),
)]
#[get("/orgs/{org_id}/provider")]
pub async fn get_own(state: AppState, access: OrgAccess<Member>) -> ApiResult<Json<Provider>> {
    let provider = provider_of_org(&state.db, &access.org_id).await?.ok_or(ApiError::NotFound)?;
    Ok(Json(describe(&state.db, provider).await?))
}

/// Edit the profile (owner or admin). Address and phone apply at once. A change of name, logo
/// or intro is reviewed: a pending submission is updated in place; after a rejection, or on
/// an approved profile, it becomes a new submission — the approved profile stays public until
/// the change is approved.
#[utoipa::path(
    operation_id = "update_provider_profile",
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id")),
    request_body = ProviderForm,
    responses((status = 200, body = Provider), BodyErrors),
)]
#[put("/orgs/{org_id}/provider")]
pub async fn update(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Manager>,
    ValidJson(form): ValidJson<ProviderForm>,
) -> ApiResult<Json<Provider>> {
    let provider = provider_of_org(&state.db, &access.org_id).await?.ok_or(ApiError::NotFound)?;
    check_form(&state, &access, &form).await?;
    let latest = store::latest_revision(&state.db, &provider.id).await?;
    let reviewed_fields_changed = latest.name != form.name.trim()
        || latest.logo_media_id.as_deref() != Some(form.logo_media_id.as_str())
        || latest.intro != form.intro.trim();
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    let (address, contact_phone) = (form.address.trim(), form.contact_phone.trim());
    store::update_contact(&mut tx, &provider.id, address, contact_phone, now).await?;
    let profile = profile(&form);
    let action = match (latest.status.as_str(), reviewed_fields_changed) {
        ("pending", _) => {
            store::update_pending_revision(&mut tx, &latest.id, &profile, &access.user.id, now)
                .await?;
            "provider.update"
        }
        // A rejected submission is resubmitted even unchanged (the reviewer may have erred).
        ("rejected", _) | ("approved", true) => {
            let number = latest.number + 1;
            store::insert_revision(&mut tx, &provider.id, number, &profile, &access.user.id, now)
                .await?;
            "provider.submit"
        }
        _ => "provider.update",
    };
    audit::record(&mut *tx, audit_entry(&access, &Origin::of(&req), action, &provider.id)).await?;
    tx.commit().await?;
    state.catalog_cache.invalidate(&state.db).await;
    let provider = provider_of_org(&state.db, &access.org_id).await?.ok_or(ApiError::NotFound)?;
    Ok(Json(describe(&state.db, provider).await?))
}

/// Approved providers, for the catalog's footer (logos) and filters.
#[utoipa::path(operation_id = "list_public_providers", tag = TAG, responses((status = 200, body = Vec<ProviderCard>), crate::openapi::QueryErrors))]
#[get("/providers")]
pub async fn list_public(state: AppState) -> ApiResult<actix_web::HttpResponse> {
    // Cached with the catalog: a provider's approval or change invalidates it.
    state
        .catalog_cache
        .json("providers".to_owned(), async {
            let cards = store::public_profiles(&state.db).await?;
            Ok(cards.into_iter().map(with_logo).collect::<Vec<_>>())
        })
        .await
}

/// A provider's public page (its courses: `GET /courses?provider_id=`).
#[utoipa::path(
    tag = TAG,
    params(("provider_id" = String, Path, description = "Provider id")),
    responses((status = 200, body = ProviderCard), crate::openapi::QueryErrors),
)]
#[get("/providers/{provider_id}")]
pub async fn get_public(
    state: AppState,
    path: actix_web::web::Path<String>,
) -> ApiResult<actix_web::HttpResponse> {
    state
        .catalog_cache
        .json(format!("provider\u{1f}{}", path.as_str()), async {
            public_card(&state.db, &path).await?.ok_or(ApiError::NotFound)
        })
        .await
}
