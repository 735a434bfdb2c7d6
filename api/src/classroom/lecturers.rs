//! Lecturers (SPEC §3.2): an approved provider's own; one still on a listed course cannot go.

use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web::Json};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use validator::Validate;

use super::{
    TAG,
    providers::{Picture, approved_provider},
    store::{lecturers as store, providers::provider_of_org},
};
use crate::{
    access::{Manager, Member, OrgAccess},
    audit::{self, AuditEntry, Origin},
    db::{Db, new_id, now_ms},
    domain::Gender,
    error::{ApiError, ApiResult},
    extract::ValidJson,
    media::{self, rules::MediaPurpose},
    openapi::{BodyErrors, SignedInErrors},
    state::AppState,
};

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct LecturerForm {
    #[validate(length(min = 1, max = 20))]
    #[schema(min_length = 1, max_length = 20)]
    pub name: String,
    pub gender: Gender,
    #[serde(default)]
    #[validate(length(max = 300))]
    #[schema(max_length = 300)]
    pub intro: String,
    /// An uploaded `lecturer_photo`, optional.
    #[validate(length(min = 1, max = 64))]
    pub photo_media_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema, sqlx::FromRow)]
pub struct Lecturer {
    pub id: String,
    pub name: String,
    /// `male` or `female`.
    pub gender: String,
    pub intro: String,
    #[sqlx(skip)]
    pub photo: Option<Picture>,
    #[serde(skip)]
    pub photo_media_id: Option<String>,
}

pub fn with_photo(mut lecturer: Lecturer) -> Lecturer {
    lecturer.photo = Picture::of(lecturer.photo_media_id.clone());
    lecturer
}

/// A lecturer of the provider that is not deleted.
pub async fn find(db: &Db, provider_id: &str, lecturer_id: &str) -> ApiResult<Lecturer> {
    let lecturer = store::lecturer(db, provider_id, lecturer_id).await?;
    lecturer.map(with_photo).ok_or(ApiError::NotFound)
}

/// The form as stored: trimmed.
fn fields(form: &LecturerForm) -> store::LecturerFields<'_> {
    store::LecturerFields {
        name: form.name.trim(),
        gender: form.gender.as_str(),
        intro: form.intro.trim(),
        photo_media_id: form.photo_media_id.as_deref(),
    }
}

async fn check_photo(
    state: &AppState,
    access: &OrgAccess<Manager>,
    form: &LecturerForm,
) -> ApiResult<()> {
    match &form.photo_media_id {
        Some(photo) => {
            media::check_attachable(
                state,
                photo,
                MediaPurpose::LecturerPhoto,
                &access.org_id,
                &access.user.id,
                "photo_media_id",
            )
            .await
        }
        None => Ok(()),
    }
}

fn audit_entry<'a>(
    access: &'a OrgAccess<Manager>,
    origin: &'a Origin,
    action: &'a str,
    lecturer_id: &'a str,
) -> AuditEntry<'a> {
    AuditEntry {
        actor: access.actor(),
        org_id: Some(&access.org_id),
        action,
        object_type: "lecturer",
        object_id: Some(lecturer_id),
        origin,
        details: json!({}),
    }
}

/// The provider's lecturers (any member), for the console and the course form's picker.
#[utoipa::path(
    operation_id = "list_lecturers",
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id")),
    responses((status = 200, body = Vec<Lecturer>), SignedInErrors),
)]
#[get("/orgs/{org_id}/lecturers")]
pub async fn list(state: AppState, access: OrgAccess<Member>) -> ApiResult<Json<Vec<Lecturer>>> {
    let Some(provider) = provider_of_org(&state.db, &access.org_id).await? else {
        return Ok(Json(Vec::new()));
    };
    let lecturers = store::lecturers_of(&state.db, &provider.id).await?;
    Ok(Json(lecturers.into_iter().map(with_photo).collect()))
}

/// Add a lecturer (owner or admin of an approved provider).
#[utoipa::path(
    operation_id = "create_lecturer",
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id")),
    request_body = LecturerForm,
    responses(
        (status = 201, body = Lecturer),
        (status = 409, description = "`provider_not_approved`", body = crate::error::Problem,
            content_type = "application/problem+json"),
        BodyErrors,
    ),
)]
#[post("/orgs/{org_id}/lecturers")]
pub async fn create(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Manager>,
    ValidJson(form): ValidJson<LecturerForm>,
) -> ApiResult<HttpResponse> {
    let provider = approved_provider(&state.db, &access.org_id).await?;
    check_photo(&state, &access, &form).await?;
    let id = new_id();
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    store::insert(&mut tx, &id, &provider.id, &fields(&form), now).await?;
    audit::record(&mut *tx, audit_entry(&access, &Origin::of(&req), "lecturer.create", &id))
        .await?;
    tx.commit().await?;
    Ok(HttpResponse::Created().json(find(&state.db, &provider.id, &id).await?))
}

/// Edit a lecturer (owner or admin), as often as needed.
#[utoipa::path(
    operation_id = "update_lecturer",
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("lecturer_id" = String, Path, description = "Lecturer id")),
    request_body = LecturerForm,
    responses((status = 200, body = Lecturer), BodyErrors),
)]
#[put("/orgs/{org_id}/lecturers/{lecturer_id}")]
pub async fn update(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Manager>,
    path: actix_web::web::Path<(String, String)>,
    ValidJson(form): ValidJson<LecturerForm>,
) -> ApiResult<Json<Lecturer>> {
    let (_, lecturer_id) = path.into_inner();
    let provider = provider_of_org(&state.db, &access.org_id).await?.ok_or(ApiError::NotFound)?;
    find(&state.db, &provider.id, &lecturer_id).await?;
    check_photo(&state, &access, &form).await?;
    let mut tx = state.db.begin().await?;
    store::update(&mut tx, &lecturer_id, &fields(&form)).await?;
    audit::record(
        &mut *tx,
        audit_entry(&access, &Origin::of(&req), "lecturer.update", &lecturer_id),
    )
    .await?;
    tx.commit().await?;
    state.catalog_cache.invalidate(&state.db).await;
    Ok(Json(find(&state.db, &provider.id, &lecturer_id).await?))
}

/// Delete a lecturer (owner or admin). Refused with 409 `lecturer_in_use`, naming the courses,
/// while a listed course (or one waiting for review) presents them.
#[utoipa::path(
    operation_id = "remove_lecturer",
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("lecturer_id" = String, Path, description = "Lecturer id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 409, description = "`lecturer_in_use`: `detail` names the courses",
            body = crate::error::Problem, content_type = "application/problem+json"),
        SignedInErrors,
    ),
)]
#[delete("/orgs/{org_id}/lecturers/{lecturer_id}")]
pub async fn remove(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Manager>,
    path: actix_web::web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let (_, lecturer_id) = path.into_inner();
    let provider = provider_of_org(&state.db, &access.org_id).await?.ok_or(ApiError::NotFound)?;
    let mut tx = state.db.begin().await?;
    // The lecturer's row lock, taken by a course's submission too: a submission naming them
    // and this deletion never both pass (the second sees the first's outcome).
    store::lock(&mut tx, &provider.id, &lecturer_id)
        .await?
        .then_some(())
        .ok_or(ApiError::NotFound)?;
    let titles = store::titles_presenting(&mut tx, &lecturer_id).await?;
    if !titles.is_empty() {
        return Err(ApiError::InUse { code: "lecturer_in_use", names: titles });
    }
    store::mark_deleted(&mut tx, &lecturer_id).await?;
    audit::record(
        &mut *tx,
        audit_entry(&access, &Origin::of(&req), "lecturer.delete", &lecturer_id),
    )
    .await?;
    tx.commit().await?;
    state.catalog_cache.invalidate(&state.db).await;
    Ok(HttpResponse::NoContent().finish())
}
