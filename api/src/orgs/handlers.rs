use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web::Json};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;
use validator::Validate;

use super::{
    TAG,
    store::{self, Org, OrgMember},
};
use crate::{
    access::{Admin, CurrentUser, Manager, Member, OrgAccess, OrgRole, Owner, SuperAdmin},
    audit::{self, Actor, AuditEntry, Origin},
    db::{new_id, now_ms},
    domain::{Mobile, Uscc},
    error::{ApiError, ApiResult},
    extract::ValidJson,
    messages,
    openapi::{BodyErrors, SignedInErrors},
    state::AppState,
};

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct NewOrg {
    #[validate(length(min = 2, max = 100))]
    #[schema(min_length = 2, max_length = 100, example = "三亚示例跨境电商有限公司")]
    pub name: String,
    /// Unified social credit code (18 characters, checked). Surrounding spaces and full-width
    /// characters are normalised first, so the limit here leaves room for them.
    #[validate(length(max = 30))]
    #[schema(max_length = 30, example = "91460200MA5T8XY10H")]
    pub uscc: String,
    #[validate(length(min = 1, max = 30))]
    #[schema(min_length = 1, max_length = 30)]
    pub legal_representative: String,
    #[validate(length(max = 100))]
    #[schema(max_length = 100)]
    #[serde(default)]
    pub address: String,
    #[validate(length(max = 20))]
    #[schema(max_length = 20)]
    #[serde(default)]
    pub contact_phone: String,
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct OrgChanges {
    #[validate(length(min = 2, max = 100))]
    #[schema(min_length = 2, max_length = 100)]
    pub name: Option<String>,
    #[validate(length(max = 30))]
    #[schema(max_length = 30)]
    pub uscc: Option<String>,
    #[validate(length(min = 1, max = 30))]
    #[schema(min_length = 1, max_length = 30)]
    pub legal_representative: Option<String>,
    #[validate(length(max = 100))]
    #[schema(max_length = 100)]
    pub address: Option<String>,
    #[validate(length(max = 20))]
    #[schema(max_length = 20)]
    pub contact_phone: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum SubAccountRole {
    Admin,
    Staff,
}

impl SubAccountRole {
    fn as_str(self) -> &'static str {
        match self {
            SubAccountRole::Admin => OrgRole::Admin.as_str(),
            SubAccountRole::Staff => OrgRole::Staff.as_str(),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct NewMember {
    /// The sub-account's mainland mobile; an account is created for a phone that has none,
    /// and its owner signs in with an SMS code.
    #[validate(length(max = 20))]
    #[schema(max_length = 20, example = "13900139000")]
    pub phone: String,
    pub role: SubAccountRole,
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct RoleChange {
    pub role: SubAccountRole,
}

async fn record(
    state: &AppState,
    req: &HttpRequest,
    actor: Actor<'_>,
    org_id: &str,
    action: &str,
    object: (&str, &str),
    details: serde_json::Value,
) -> ApiResult<()> {
    audit::record(
        &state.db.pool,
        AuditEntry {
            actor,
            org_id: Some(org_id),
            action,
            object_type: object.0,
            object_id: Some(object.1),
            origin: &Origin::of(req),
            details,
        },
    )
    .await?;
    Ok(())
}

/// Create an organization; the caller becomes its owner.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    request_body = NewOrg,
    responses(
        (status = 201, body = Org),
        (status = 409, description = "Name or USCC already registered (`org_name_taken`, `uscc_taken`)",
         body = crate::error::Problem, content_type = "application/problem+json"),
        BodyErrors,
    ),
)]
#[post("/orgs")]
pub async fn create_org(
    state: AppState,
    req: HttpRequest,
    user: CurrentUser,
    ValidJson(body): ValidJson<NewOrg>,
) -> ApiResult<HttpResponse> {
    let uscc = Uscc::parse(&body.uscc).map_err(|e| e.invalid("uscc"))?;
    let name = body.name.trim();
    let now = now_ms();
    let org_id = new_id();
    let mut tx = state.db.begin().await?;
    if let Some(taken_name) = store::taken_name_or_uscc(&mut tx, name, uscc.as_ref()).await? {
        return Err(ApiError::conflict(if taken_name == name {
            "org_name_taken"
        } else {
            "uscc_taken"
        }));
    }
    let new_org = store::NewOrgRow {
        id: &org_id,
        name,
        uscc: uscc.as_ref(),
        legal_representative: body.legal_representative.trim(),
        address: body.address.trim(),
        contact_phone: body.contact_phone.trim(),
        owner_id: &user.id,
        at: now,
    };
    store::insert_org(&mut tx, &new_org).await?;
    tx.commit().await?;
    record(&state, &req, Actor::User(&user.id), &org_id, "org.create", ("org", &org_id), json!({}))
        .await?;
    let org = store::find_org(&state.db, &org_id).await?;
    Ok(HttpResponse::Created().json(org.into_org(Some("owner".into()))))
}

/// The organizations the caller belongs to, with the caller's role in each.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    responses((status = 200, body = Vec<Org>), SignedInErrors),
)]
#[get("/orgs")]
pub async fn list_my_orgs(state: AppState, user: CurrentUser) -> ApiResult<Json<Vec<Org>>> {
    let rows = store::orgs_of_user(&state.db, &user.id).await?;
    Ok(Json(rows.into_iter().map(|row| row.org.into_org(Some(row.role))).collect()))
}

/// One organization's profile (members only; others get 404).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id")),
    responses((status = 200, body = Org), (status = 404, description = "No such org, or not yours",
        body = crate::error::Problem, content_type = "application/problem+json"), SignedInErrors),
)]
#[get("/orgs/{org_id}")]
pub async fn get_org(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Member>,
) -> ApiResult<HttpResponse> {
    let answer = async {
        let org = store::find_org(&state.db, &access.org_id).await?;
        Ok::<_, ApiError>(Json(org.into_org(Some(access.role.as_str().to_owned()))))
    };
    let who = access.caller_key();
    state.signed_in_answers.answer(&state.db.commits, &req, &who, answer).await
}

/// Edit the profile (owner or admin). Once certified, name, USCC and legal representative
/// came from the government and are read-only.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id")),
    request_body = OrgChanges,
    responses((status = 200, body = Org), (status = 403, description = "Not an owner or admin",
        body = crate::error::Problem, content_type = "application/problem+json"), BodyErrors),
)]
#[patch("/orgs/{org_id}")]
pub async fn update_org(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Manager>,
    ValidJson(changes): ValidJson<OrgChanges>,
) -> ApiResult<Json<Org>> {
    let current = store::find_org(&state.db, &access.org_id).await?;
    if current.is_certified() {
        let locked: Vec<_> = [
            ("name", changes.name.is_some()),
            ("uscc", changes.uscc.is_some()),
            ("legal_representative", changes.legal_representative.is_some()),
        ]
        .into_iter()
        .filter(|(_, present)| *present)
        .map(|(field, _)| crate::error::FieldError::new(field, "read_only_when_certified"))
        .collect();
        if !locked.is_empty() {
            return Err(ApiError::Validation(locked));
        }
    }
    let uscc = match &changes.uscc {
        Some(raw) => Some(Uscc::parse(raw).map_err(|e| e.invalid("uscc"))?),
        None => None,
    };
    let profile = store::ProfileChanges {
        name: changes.name.as_deref().map(str::trim),
        uscc: uscc.as_ref().map(AsRef::as_ref),
        legal_representative: changes.legal_representative.as_deref().map(str::trim),
        address: changes.address.as_deref().map(str::trim),
        contact_phone: changes.contact_phone.as_deref().map(str::trim),
    };
    store::update_profile(&state.db, &access.org_id, &profile).await?;
    record(
        &state,
        &req,
        access.actor(),
        &access.org_id,
        "org.update",
        ("org", &access.org_id),
        json!({}),
    )
    .await?;
    let org = store::find_org(&state.db, &access.org_id).await?;
    Ok(Json(org.into_org(Some(access.role.as_str().to_owned()))))
}

/// The org's accounts and their roles (owner or admin).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id")),
    responses((status = 200, body = Vec<OrgMember>), SignedInErrors),
)]
#[get("/orgs/{org_id}/members")]
pub async fn list_members(
    state: AppState,
    access: OrgAccess<Manager>,
) -> ApiResult<Json<Vec<OrgMember>>> {
    Ok(Json(store::members(&state.db, &access.org_id).await?))
}

/// Add a sub-account by phone with role `admin` or `staff` (owner only).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id")),
    request_body = NewMember,
    responses((status = 201, body = OrgMember), (status = 409, description = "Already a member (`already_member`)",
        body = crate::error::Problem, content_type = "application/problem+json"), BodyErrors),
)]
#[post("/orgs/{org_id}/members")]
pub async fn add_member(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Owner>,
    ValidJson(body): ValidJson<NewMember>,
) -> ApiResult<HttpResponse> {
    let phone = Mobile::parse(&body.phone).map_err(|e| e.invalid("phone"))?;
    let now = now_ms();
    let user_id = store::account_for_phone(&state.db, &phone, now).await?;
    store::insert_member(&state.db, &access.org_id, &user_id, body.role.as_str(), now).await?;
    record(
        &state,
        &req,
        access.actor(),
        &access.org_id,
        "org.member_add",
        ("user", &user_id),
        json!({ "role": body.role.as_str() }),
    )
    .await?;
    let member = store::members(&state.db, &access.org_id)
        .await?
        .into_iter()
        .find(|m| m.user_id == user_id)
        .ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Created().json(member))
}

/// Change a member's role (owner only; not the owner's own). Any other member, another owner
/// included, can be made `admin` or `staff`; a member suspended when the org was certified is
/// kept this way (the suspension ends).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("user_id" = String, Path, description = "Member's user id")),
    request_body = RoleChange,
    responses((status = 204, description = "Role changed"), BodyErrors),
)]
#[patch("/orgs/{org_id}/members/{user_id}")]
pub async fn change_member_role(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Owner>,
    path: actix_web::web::Path<(String, String)>,
    ValidJson(body): ValidJson<RoleChange>,
) -> ApiResult<HttpResponse> {
    let (_, member_id) = path.into_inner();
    let changed = store::set_member_role(
        &state.db,
        &access.org_id,
        &member_id,
        body.role.as_str(),
        &access.user.id,
    )
    .await?;
    if !changed {
        return Err(ApiError::NotFound);
    }
    record(
        &state,
        &req,
        access.actor(),
        &access.org_id,
        "org.role_change",
        ("user", &member_id),
        json!({ "role": body.role.as_str() }),
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Remove a member (owner only; any member but the owner themself, another owner or a member
/// suspended at certification included).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("user_id" = String, Path, description = "Member's user id")),
    responses((status = 204, description = "Removed"), SignedInErrors),
)]
#[delete("/orgs/{org_id}/members/{user_id}")]
pub async fn remove_member(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Owner>,
    path: actix_web::web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let (_, member_id) = path.into_inner();
    let removed =
        store::delete_member(&state.db, &access.org_id, &member_id, &access.user.id).await?;
    if !removed {
        return Err(ApiError::NotFound);
    }
    record(
        &state,
        &req,
        access.actor(),
        &access.org_id,
        "org.member_remove",
        ("user", &member_id),
        json!({}),
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Certify an organization after checking its documents (super admin). Its name, USCC and
/// legal representative become read-only; its users get a message.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id")),
    responses((status = 200, body = Org), (status = 403, description = "Not a super admin",
        body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "`already_certified`", body = crate::error::Problem, content_type = "application/problem+json"),
        SignedInErrors),
)]
#[post("/admin/orgs/{org_id}/certify")]
pub async fn certify_org(
    state: AppState,
    req: HttpRequest,
    admin: Admin<SuperAdmin>,
    path: actix_web::web::Path<String>,
) -> ApiResult<Json<Org>> {
    let org_id = path.into_inner();
    let org = store::find_org(&state.db, &org_id).await?;
    if org.is_certified() {
        return Err(ApiError::conflict("already_certified"));
    }
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    store::certify_by_admin(&mut tx, &org_id, now).await?;
    messages::send_to_org(
        &mut *tx,
        &org_id,
        messages::NewMessage {
            kind: "org.certified",
            title: "企业认证已通过",
            body: "平台管理员已完成贵单位的企业认证，企业名称、统一社会信用代码和法定代表人不可再修改。",
            object: Some(("org", &org_id)),
        },
    )
    .await?;
    tx.commit().await?;
    record(
        &state,
        &req,
        Actor::Admin(&admin.user.id),
        &org_id,
        "org.certify",
        ("org", &org_id),
        json!({ "by": "admin" }),
    )
    .await?;
    Ok(Json(store::find_org(&state.db, &org_id).await?.into_org(None)))
}
