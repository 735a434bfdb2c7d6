//! Courses a class links (SPEC §5.4): cloud-classroom courses whose on-demand (点播) time the
//! class's students spend is shown beside their live time — never counted towards hours,
//! certificates or subsidies. A student's time is their platform account's (the account with
//! the student's phone) credited watching of the linked courses, as the player's heartbeats
//! recorded it.

use std::collections::HashMap;

use actix_web::{HttpRequest, get, put, web::Json};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::{
    TAG,
    classes::audit_entry,
    store::{
        classes::{ClassRow, find_class},
        linked_courses as store,
    },
};
use crate::{
    access::{Manager, Member, OrgAccess},
    audit::{self, Origin},
    db::now_ms,
    error::{ApiError, ApiResult, FieldError},
    extract::ValidJson,
    openapi::{BodyErrors, SignedInErrors},
    state::AppState,
};

/// At most this many courses per class.
const MAX_LINKED: usize = 20;

/// A course the class links.
#[derive(Debug, Serialize, ToSchema)]
pub struct LinkedCourse {
    pub course_id: String,
    /// The title of its listed version; absent once the course is no longer public.
    pub title: Option<String>,
    pub provider_name: Option<String>,
    /// Whether the course is still public (unlisted or deleted courses stay linked, and the
    /// time spent on them still shows).
    pub public: bool,
}

/// The courses a class links, replacing the previous set.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct LinkedCoursesChange {
    /// Public courses of any provider, at most 20; an empty list unlinks all.
    #[validate(length(max = 20))]
    pub course_ids: Vec<String>,
}

async fn linked(state: &AppState, class_id: &str) -> ApiResult<Vec<LinkedCourse>> {
    let rows = store::linked_courses(&state.db, class_id).await?;
    Ok(rows
        .into_iter()
        .map(|(course_id, title, provider_name, public)| LinkedCourse {
            course_id,
            title,
            provider_name,
            public: public == 1,
        })
        .collect())
}

/// The courses the class links (any member).
#[utoipa::path(
    tag = TAG,
    operation_id = "list_class_courses",
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("class_id" = String, Path, description = "Class id")),
    responses((status = 200, body = Vec<LinkedCourse>), SignedInErrors),
)]
#[get("/orgs/{org_id}/classes/{class_id}/courses")]
pub async fn list(
    state: AppState,
    access: OrgAccess<Member>,
    path: actix_web::web::Path<(String, String)>,
) -> ApiResult<Json<Vec<LinkedCourse>>> {
    let class = find_class(&state.db, &access.org_id, &path.1).await?;
    Ok(Json(linked(&state, &class.id).await?))
}

/// Link the class to public courses, replacing the previous set (owner or admin). A course
/// that is not public is refused by its position (`course_ids[2]`: `course_not_public`).
#[utoipa::path(
    tag = TAG,
    operation_id = "set_class_courses",
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("class_id" = String, Path, description = "Class id")),
    request_body = LinkedCoursesChange,
    responses((status = 200, body = Vec<LinkedCourse>), BodyErrors),
)]
#[put("/orgs/{org_id}/classes/{class_id}/courses")]
pub async fn set(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Manager>,
    path: actix_web::web::Path<(String, String)>,
    ValidJson(change): ValidJson<LinkedCoursesChange>,
) -> ApiResult<Json<Vec<LinkedCourse>>> {
    let class = find_class(&state.db, &access.org_id, &path.1).await?;
    let already = store::linked_course_ids(&state.db, &class.id).await?;
    let mut wanted = Vec::with_capacity(change.course_ids.len());
    let mut errors = Vec::new();
    for (i, id) in change.course_ids.iter().enumerate() {
        let field = format!("course_ids[{i}]");
        if wanted.contains(id) {
            errors.push(FieldError::new(field, "duplicate"));
            continue;
        }
        // Keeping a course that has since been unlisted is fine; adding one is not.
        if !already.contains(id) && !store::course_is_public(&state.db, id).await? {
            errors.push(FieldError::new(field, "course_not_public"));
        }
        wanted.push(id.clone());
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    debug_assert!(wanted.len() <= MAX_LINKED);
    let mut tx = state.db.begin().await?;
    store::unlink_all_courses(&mut tx, &class.id).await?;
    let now = now_ms();
    for (n, id) in wanted.iter().enumerate() {
        // Ordered as given: the list shows them in the order the org chose.
        store::link_course(&mut tx, &class.id, id, now + i64::try_from(n).unwrap_or(0)).await?;
    }
    let origin = Origin::of(&req);
    let mut entry = audit_entry(&access, &origin, "class.courses", &class.id);
    entry.details = serde_json::json!({ "course_ids": wanted });
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(Json(linked(&state, &class.id).await?))
}

/// Each student's on-demand milliseconds on the class's linked courses, by the keyed hash of
/// their mobile (students without time are absent).
pub async fn on_demand_by_mobile_hash(
    state: &AppState,
    class: &ClassRow,
) -> ApiResult<HashMap<String, i64>> {
    let watched = store::on_demand_by_mobile(&state.db, &class.id).await?;
    Ok(watched
        .into_iter()
        .filter(|(_, ms)| *ms > 0)
        .map(|(mobile, ms)| (state.pii.hash("mobile", &mobile), ms))
        .collect())
}
