//! Comments on public courses (SPEC §3.5): signed-in users comment (≤500 characters, an
//! optional 1–5 rating); the provider replies once (editable) and may hide a comment, as may
//! an admin. Hidden comments are never shown publicly.

use actix_web::{HttpRequest, HttpResponse, get, post, put, web::Json};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use validator::Validate;

use super::{
    TAG,
    engagement::public_course,
    store::{comments as store, courses::find_course, providers::provider_of_org},
};
use crate::{
    access::{Admin, CurrentUser, Manager, Member, OrgAccess, Reviewer},
    audit::{self, Actor, AuditEntry, Origin},
    db::{Db, new_id, rfc3339},
    domain::Mobile,
    error::{ApiError, ApiResult},
    extract::{ValidJson, ValidQuery},
    openapi::{BodyErrors, QueryErrors, SignedInErrors},
    pagination::{Page, PageQuery},
    state::AppState,
};

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct NewComment {
    #[validate(length(min = 1, max = 500))]
    #[schema(min_length = 1, max_length = 500)]
    pub body: String,
    #[validate(range(min = 1, max = 5))]
    #[schema(minimum = 1, maximum = 5)]
    pub rating: Option<i16>,
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct Reply {
    #[validate(length(min = 1, max = 500))]
    #[schema(min_length = 1, max_length = 500)]
    pub body: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Comment {
    pub id: String,
    /// The author as shown: display name, or a masked phone.
    pub author: String,
    pub body: String,
    pub rating: Option<i16>,
    pub reply: Option<String>,
    pub replied_at: Option<String>,
    /// Only in the provider's and admins' views; hidden comments are never public.
    pub hidden: bool,
    pub created_at: String,
}

impl From<store::CommentRow> for Comment {
    fn from(row: store::CommentRow) -> Self {
        let masked = row.mobile.as_deref().and_then(|m| Mobile::parse(m).ok()).map(|m| m.masked());
        Self {
            author: if row.display_name.is_empty() {
                masked.unwrap_or_default()
            } else {
                row.display_name
            },
            id: row.id,
            body: row.body,
            rating: row.rating,
            reply: row.reply,
            replied_at: row.replied_at.map(rfc3339),
            hidden: row.hidden == 1,
            created_at: rfc3339(row.created_at),
        }
    }
}

async fn page_of(
    db: &Db,
    course_id: &str,
    include_hidden: bool,
    page: PageQuery,
) -> ApiResult<Page<Comment>> {
    let total = store::count_comments(db, course_id, include_hidden).await?;
    let rows = store::comments_page(db, course_id, include_hidden, page).await?;
    Ok(Page::new(rows.into_iter().map(Into::into).collect(), total, page))
}

/// A public course's visible comments, newest first.
#[utoipa::path(
    operation_id = "list_course_comments",
    tag = TAG,
    params(("course_id" = String, Path, description = "Course id"), PageQuery),
    responses((status = 200, body = Page<Comment>), QueryErrors),
)]
#[get("/courses/{course_id}/comments")]
pub async fn list_public(
    state: AppState,
    path: actix_web::web::Path<String>,
    ValidQuery(page): ValidQuery<PageQuery>,
) -> ApiResult<actix_web::HttpResponse> {
    // Cached with the catalog: a comment, a reply or hiding one invalidates it.
    let key = format!("comments\u{1f}{}\u{1f}{page:?}", path.as_str());
    state
        .catalog_cache
        .json(key, async {
            public_course(&state.db, &path).await?;
            page_of(&state.db, &path, false, page).await
        })
        .await
}

/// Comment on a public course (signed-in users).
#[utoipa::path(
    operation_id = "create_comment",
    tag = TAG,
    security(("bearer" = [])),
    params(("course_id" = String, Path, description = "Course id")),
    request_body = NewComment,
    responses((status = 201, body = Comment), BodyErrors),
)]
#[post("/courses/{course_id}/comments")]
pub async fn create(
    state: AppState,
    req: HttpRequest,
    user: CurrentUser,
    path: actix_web::web::Path<String>,
    ValidJson(comment): ValidJson<NewComment>,
) -> ApiResult<HttpResponse> {
    let course = public_course(&state.db, &path).await?;
    let id = new_id();
    let mut tx = state.db.begin().await?;
    let body = comment.body.trim();
    store::insert_comment(&mut tx, &id, &course.course_id, &user.id, body, comment.rating).await?;
    audit::record(
        &mut *tx,
        AuditEntry {
            actor: Actor::User(&user.id),
            org_id: None,
            action: "comment.create",
            object_type: "comment",
            object_id: Some(&id),
            origin: &Origin::of(&req),
            details: json!({ "course_id": course.course_id }),
        },
    )
    .await?;
    tx.commit().await?;
    state.catalog_cache.invalidate(&state.db).await;
    Ok(HttpResponse::Created().json(find(&state.db, &id).await?))
}

async fn find(db: &Db, comment_id: &str) -> ApiResult<Comment> {
    let row = store::comment(db, comment_id).await?;
    row.map(Into::into).ok_or(ApiError::NotFound)
}

/// The provider's course comment `comment_id`, or 404.
async fn own_comment(
    state: &AppState,
    org_id: &str,
    course_id: &str,
    comment_id: &str,
) -> ApiResult<()> {
    let provider = provider_of_org(&state.db, org_id).await?.ok_or(ApiError::NotFound)?;
    find_course(&state.db, &provider, course_id).await?;
    let found = store::is_comment_on(&state.db, comment_id, course_id).await?;
    found.then_some(()).ok_or(ApiError::NotFound)
}

/// All comments of one of the provider's courses, hidden ones included (any member).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("course_id" = String, Path, description = "Course id"), PageQuery),
    responses((status = 200, body = Page<Comment>), SignedInErrors),
)]
#[get("/orgs/{org_id}/courses/{course_id}/comments")]
pub async fn list_for_provider(
    state: AppState,
    access: OrgAccess<Member>,
    path: actix_web::web::Path<(String, String)>,
    ValidQuery(page): ValidQuery<PageQuery>,
) -> ApiResult<Page<Comment>> {
    let provider = provider_of_org(&state.db, &access.org_id).await?.ok_or(ApiError::NotFound)?;
    find_course(&state.db, &provider, &path.1).await?;
    page_of(&state.db, &path.1, true, page).await
}

/// Reply to a comment, or edit the reply (owner or admin of the provider): one per comment.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("course_id" = String, Path, description = "Course id"),
        ("comment_id" = String, Path, description = "Comment id")),
    request_body = Reply,
    responses((status = 200, body = Comment), BodyErrors),
)]
#[put("/orgs/{org_id}/courses/{course_id}/comments/{comment_id}/reply")]
pub async fn reply_to_comment(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Manager>,
    path: actix_web::web::Path<(String, String, String)>,
    ValidJson(reply): ValidJson<Reply>,
) -> ApiResult<Json<Comment>> {
    let (_, course_id, comment_id) = path.into_inner();
    own_comment(&state, &access.org_id, &course_id, &comment_id).await?;
    let mut tx = state.db.begin().await?;
    store::set_reply(&mut tx, &comment_id, reply.body.trim(), &access.user.id).await?;
    audit::record(
        &mut *tx,
        AuditEntry {
            actor: access.actor(),
            org_id: Some(&access.org_id),
            action: "comment.reply",
            object_type: "comment",
            object_id: Some(&comment_id),
            origin: &Origin::of(&req),
            details: json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    // The public comment page shows the reply (it is cached with the catalog).
    state.catalog_cache.invalidate(&state.db).await;
    Ok(Json(find(&state.db, &comment_id).await?))
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct Visibility {
    pub hidden: bool,
}

async fn set_hidden(
    state: &AppState,
    req: &HttpRequest,
    actor: Actor<'_>,
    org_id: Option<&str>,
    comment_id: &str,
    hidden: bool,
) -> ApiResult<Comment> {
    let by = match actor {
        Actor::User(id) | Actor::Admin(id) => Some(id),
        _ => None,
    };
    let mut tx = state.db.begin().await?;
    store::set_hidden(&mut tx, comment_id, hidden, by).await?;
    audit::record(
        &mut *tx,
        AuditEntry {
            actor,
            org_id,
            action: if hidden { "comment.hide" } else { "comment.show" },
            object_type: "comment",
            object_id: Some(comment_id),
            origin: &Origin::of(req),
            details: json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    state.catalog_cache.invalidate(&state.db).await;
    find(&state.db, comment_id).await
}

/// Hide an abusive comment from the public, or show it again (owner or admin of the provider).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("course_id" = String, Path, description = "Course id"),
        ("comment_id" = String, Path, description = "Comment id")),
    request_body = Visibility,
    responses((status = 200, body = Comment), BodyErrors),
)]
#[put("/orgs/{org_id}/courses/{course_id}/comments/{comment_id}/visibility")]
pub async fn hide_by_provider(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Manager>,
    path: actix_web::web::Path<(String, String, String)>,
    ValidJson(visibility): ValidJson<Visibility>,
) -> ApiResult<Json<Comment>> {
    let (_, course_id, comment_id) = path.into_inner();
    own_comment(&state, &access.org_id, &course_id, &comment_id).await?;
    let actor = access.actor();
    Ok(Json(
        set_hidden(&state, &req, actor, Some(&access.org_id), &comment_id, visibility.hidden)
            .await?,
    ))
}

/// Hide (or show) any comment (reviewers).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("comment_id" = String, Path, description = "Comment id")),
    request_body = Visibility,
    responses((status = 200, body = Comment), BodyErrors),
)]
#[put("/admin/comments/{comment_id}/visibility")]
pub async fn hide_by_admin(
    state: AppState,
    req: HttpRequest,
    admin: Admin<Reviewer>,
    path: actix_web::web::Path<String>,
    ValidJson(visibility): ValidJson<Visibility>,
) -> ApiResult<Json<Comment>> {
    find(&state.db, &path).await?;
    let actor = Actor::Admin(&admin.user.id);
    Ok(Json(set_hidden(&state, &req, actor, None, &path, visibility.hidden).await?))
}
