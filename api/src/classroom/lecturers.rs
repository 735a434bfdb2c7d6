//! Lecturers (SPEC §3.2): an approved provider's own; one still on a listed course cannot go.

use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web::Json};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use validator::Validate;

use super::{
    TAG,
    providers::{Picture, approved_provider, provider_of_org},
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

const COLUMNS: &str = "id, name, gender, intro, photo_media_id";

/// Locks a lecturer of the provider that is not deleted, until the transaction ends (a no-op
/// update: PostgreSQL's row lock; SQLite's writes are serial); false when there is none.
pub async fn lock(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    provider_id: &str,
    lecturer_id: &str,
) -> ApiResult<bool> {
    let locked = sqlx::query(
        "update lecturers set updated_at = updated_at \
         where id = $1 and provider_id = $2 and deleted_at is null",
    )
    .bind(lecturer_id)
    .bind(provider_id)
    .execute(&mut **tx)
    .await?;
    Ok(locked.rows_affected() == 1)
}

/// A lecturer of the provider that is not deleted.
pub async fn find(db: &Db, provider_id: &str, lecturer_id: &str) -> ApiResult<Lecturer> {
    let sql = format!(
        "select {COLUMNS} from lecturers where id = $1 and provider_id = $2 and deleted_at is null"
    );
    let lecturer: Option<Lecturer> =
        sqlx::query_as(&sql).bind(lecturer_id).bind(provider_id).fetch_optional(&db.pool).await?;
    lecturer.map(with_photo).ok_or(ApiError::NotFound)
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
    let sql = format!(
        "select {COLUMNS} from lecturers where provider_id = $1 and deleted_at is null \
         order by created_at, id"
    );
    let lecturers: Vec<Lecturer> =
        sqlx::query_as(&sql).bind(&provider.id).fetch_all(&state.db.pool).await?;
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
    sqlx::query(
        "insert into lecturers (id, provider_id, name, gender, intro, photo_media_id, created_at, \
         updated_at) values ($1, $2, $3, $4, $5, $6, $7, $7)",
    )
    .bind(&id)
    .bind(&provider.id)
    .bind(form.name.trim())
    .bind(form.gender.as_str())
    .bind(form.intro.trim())
    .bind(form.photo_media_id.as_deref())
    .bind(now)
    .execute(&mut *tx)
    .await?;
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
    sqlx::query(
        "update lecturers set name = $2, gender = $3, intro = $4, photo_media_id = $5, \
         updated_at = $6 where id = $1",
    )
    .bind(&lecturer_id)
    .bind(form.name.trim())
    .bind(form.gender.as_str())
    .bind(form.intro.trim())
    .bind(form.photo_media_id.as_deref())
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut *tx,
        audit_entry(&access, &Origin::of(&req), "lecturer.update", &lecturer_id),
    )
    .await?;
    tx.commit().await?;
    state.catalog_cache.invalidate();
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
    lock(&mut tx, &provider.id, &lecturer_id).await?.then_some(()).ok_or(ApiError::NotFound)?;
    // The courses that show this lecturer publicly now, or will once a pending revision passes.
    let titles: Vec<String> = sqlx::query_scalar(
        "select distinct r.title from course_revision_lecturers l \
         join course_revisions r on r.id = l.revision_id \
         join courses c on c.id = r.course_id \
         where l.lecturer_id = $1 and c.deleted_at is null \
           and ((r.id = c.live_revision_id and c.listed = 1) or r.status = 'pending') \
         order by r.title",
    )
    .bind(&lecturer_id)
    .fetch_all(&mut *tx)
    .await?;
    if !titles.is_empty() {
        return Err(ApiError::InUse { code: "lecturer_in_use", names: titles });
    }
    sqlx::query("update lecturers set deleted_at = $2, updated_at = $2 where id = $1")
        .bind(&lecturer_id)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut *tx,
        audit_entry(&access, &Origin::of(&req), "lecturer.delete", &lecturer_id),
    )
    .await?;
    tx.commit().await?;
    state.catalog_cache.invalidate();
    Ok(HttpResponse::NoContent().finish())
}
