//! Becoming a member (SPEC §6): a unit registers (PC or H5) with its USCC as the sign-in
//! account, or an org already on the platform applies from its user center; an admin approves
//! or rejects with a reason; anyone can look up a registration's state by USCC or contact
//! mobile (rate-limited; the answer is the state and the reason, nothing else).
//!
//! A registration creates the org (uncertified) and makes the contact's account — found or
//! created by the contact mobile — its owner, so the membership is one more thing an org has.

use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web, web::Json};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::{
    TAG,
    membership::Membership,
    store::{self, MembershipRow},
    vocabulary::{VocabularyKind, require_enabled},
};
use crate::{
    audit::{self, Actor, AuditEntry, Origin},
    auth::{
        access::{Admin, AnyAdmin, OrgAccess, Owner, Reviewer},
        password,
        sms::{self, SmsPurpose},
        store as accounts,
    },
    db::{Db, new_id, now_ms},
    domain::{Mobile, Password, Uscc},
    error::{ApiError, ApiResult, FieldError},
    extract::{ValidJson, ValidQuery},
    legal::{self, LegalKind},
    messages::{self, NewMessage},
    openapi::{BodyErrors, SignedInErrors},
    pagination::{Page, PageQuery},
    state::AppState,
    throttle::Quota,
};

const HOUR_MS: i64 = 60 * 60 * 1000;

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct Registration {
    // Blank names are refused with the other fields' problems by `check_registration` (the
    // body is trimmed first), so the form hears of every mistake at once.
    #[validate(length(max = 50))]
    #[schema(min_length = 1, max_length = 50)]
    pub unit_name: String,
    /// Unified social credit code: the sign-in account.
    #[validate(length(max = 30))]
    #[schema(max_length = 30)]
    pub uscc: String,
    #[validate(length(max = 20))]
    #[schema(min_length = 1, max_length = 20)]
    pub legal_rep_name: String,
    #[validate(length(max = 20))]
    #[schema(max_length = 20)]
    pub legal_rep_mobile: String,
    #[validate(length(max = 20))]
    #[schema(min_length = 1, max_length = 20)]
    pub contact_name: String,
    /// The other sign-in account.
    #[validate(length(max = 20))]
    #[schema(max_length = 20)]
    pub contact_mobile: String,
    /// The code sent to `contact_mobile` (`POST /auth/sms-codes`, purpose `bind`): the member
    /// sign-in opens that phone's account, so the registrant proves they hold it. Required when
    /// registering; not read when an org applies from its user center (its owner is signed in).
    #[validate(length(max = 6))]
    #[schema(max_length = 6)]
    #[serde(default)]
    pub sms_code: Option<String>,
    #[validate(length(min = 1, max = 64))]
    pub user_type_id: String,
    #[validate(length(max = 64))]
    #[schema(max_length = 64)]
    pub password: String,
    #[validate(length(max = 64))]
    #[schema(max_length = 64)]
    pub password_confirmation: String,
    /// Agreement to the association's charter (required).
    #[serde(default)]
    pub agree_charter: bool,
    /// The version of the charter the form showed (`GET /legal/charter`): a newer one answers
    /// 409 `legal_version_outdated`. When omitted, the current version is recorded.
    #[validate(range(min = 1))]
    #[schema(minimum = 1)]
    pub charter_version: Option<i64>,
}

/// Where a registration stands.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegistrationStatus {
    /// `pending`, `approved` or `rejected`.
    pub status: String,
    /// Why it was rejected.
    pub reject_reason: Option<String>,
}

struct CheckedRegistration {
    unit_name: String,
    uscc: Uscc,
    legal_rep_mobile: Mobile,
    contact_mobile: Mobile,
    password: Password,
}

/// `needs_sms_code`: a public registration, which must prove the contact mobile.
fn check_registration(form: &Registration, needs_sms_code: bool) -> ApiResult<CheckedRegistration> {
    let mut errors = Vec::new();
    let unit_name = form.unit_name.trim().to_owned();
    for (field, value) in [
        ("unit_name", &form.unit_name),
        ("legal_rep_name", &form.legal_rep_name),
        ("contact_name", &form.contact_name),
    ] {
        if value.trim().is_empty() {
            errors.push(FieldError::new(field, "blank"));
        }
    }
    let uscc = Uscc::parse(&form.uscc).map_err(|e| errors.push(e.at("uscc"))).ok();
    let legal_rep_mobile = Mobile::parse(&form.legal_rep_mobile)
        .map_err(|e| errors.push(e.at("legal_rep_mobile")))
        .ok();
    let contact_mobile =
        Mobile::parse(&form.contact_mobile).map_err(|e| errors.push(e.at("contact_mobile"))).ok();
    let personal = [form.contact_name.as_str(), form.contact_mobile.as_str(), form.uscc.as_str()];
    let password =
        Password::parse(&form.password, &personal).map_err(|e| errors.push(e.at("password"))).ok();
    if form.password != form.password_confirmation {
        errors.push(FieldError::new("password_confirmation", "password_mismatch"));
    }
    if !form.agree_charter {
        errors.push(FieldError::new("agree_charter", "charter_required"));
    }
    if needs_sms_code && form.sms_code.as_deref().is_none_or(|code| code.trim().is_empty()) {
        errors.push(FieldError::new("sms_code", "required"));
    }
    match (uscc, legal_rep_mobile, contact_mobile, password) {
        (Some(uscc), Some(legal_rep_mobile), Some(contact_mobile), Some(password))
            if errors.is_empty() =>
        {
            Ok(CheckedRegistration { unit_name, uscc, legal_rep_mobile, contact_mobile, password })
        }
        _ => Err(ApiError::Validation(errors)),
    }
}

/// A unit's name or USCC that is a member already answers "sign in with the USCC"; one that
/// is only an org on the platform answers "apply from the user center".
async fn refuse_taken(db: &Db, unit_name: &str, uscc: &str) -> ApiResult<()> {
    if store::member_name_or_uscc_taken(db, unit_name, uscc).await? {
        return Err(ApiError::conflict("member_already_registered"));
    }
    if store::org_name_or_uscc_taken(db, unit_name, uscc).await? {
        return Err(ApiError::conflict("org_already_on_platform"));
    }
    Ok(())
}

struct NewMembership<'a> {
    org_id: &'a str,
    form: &'a Registration,
    checked: &'a CheckedRegistration,
    account_user_id: &'a str,
    password_hash: &'a str,
}

async fn insert_membership(
    state: &AppState,
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    new: &NewMembership<'_>,
) -> ApiResult<String> {
    let id = new_id();
    let now = now_ms();
    let legal = &new.checked.legal_rep_mobile;
    let contact = &new.checked.contact_mobile;
    let legal_sealed = state.pii.seal("mobile", legal.as_ref(), legal.masked());
    let contact_sealed = state.pii.seal("member_contact", contact.as_ref(), contact.masked());
    let row = store::NewMembershipRow {
        id: &id,
        org_id: new.org_id,
        unit_name: &new.checked.unit_name,
        uscc: new.checked.uscc.as_ref(),
        legal_rep_name: new.form.legal_rep_name.trim(),
        legal_rep_mobile: &legal_sealed,
        contact_name: new.form.contact_name.trim(),
        contact_mobile: &contact_sealed,
        account_user_id: new.account_user_id,
        user_type_id: &new.form.user_type_id,
        password_hash: new.password_hash,
        at: now,
    };
    store::insert_membership(tx, &row).await?;
    Ok(id)
}

/// Register a member unit (public, PC and H5). Creates the org and the membership, `pending`
/// until an admin decides; the contact's account (by mobile, proven by `sms_code`) becomes the
/// org's owner.
#[utoipa::path(
    tag = TAG,
    request_body = Registration,
    responses(
        (status = 201, body = RegistrationStatus),
        (status = 409, description = "`member_already_registered` (sign in with the USCC), `org_already_on_platform` (apply from the user center), `legal_version_outdated` (the charter shown is no longer current)",
            body = crate::error::Problem, content_type = "application/problem+json"),
        BodyErrors,
    ),
)]
#[post("/memberships")]
pub async fn register(
    state: AppState,
    req: HttpRequest,
    ValidJson(form): ValidJson<Registration>,
) -> ApiResult<HttpResponse> {
    let checked = check_registration(&form, true)?;
    require_enabled(&state.db, VocabularyKind::UserType, &form.user_type_id, "user_type_id")
        .await?;
    refuse_taken(&state.db, &checked.unit_name, checked.uscc.as_ref()).await?;
    legal::check_shown(&state.db, LegalKind::Charter, form.charter_version).await?;
    // Last of the checks, so a mistake elsewhere in the form does not spend the code.
    let code = form.sms_code.as_deref().unwrap_or_default().trim();
    sms::verify_code(&state.db, &state.keys, &checked.contact_mobile, SmsPurpose::Bind, code)
        .await
        .map_err(|err| match err {
            ApiError::Validation(errors) => ApiError::Validation(
                errors.into_iter().map(|e| FieldError { field: "sms_code".into(), ..e }).collect(),
            ),
            other => other,
        })?;
    let password_hash = password::hash(&checked.password).await?;
    let account = match accounts::find_by_mobile(&state.db, &checked.contact_mobile).await? {
        Some(account) => account,
        None => accounts::register_by_mobile(&state.db, &checked.contact_mobile).await?,
    };
    let org_id = new_id();
    let now = now_ms();
    let org = store::NewUnitOrg {
        id: &org_id,
        name: &checked.unit_name,
        uscc: checked.uscc.as_ref(),
        legal_representative: form.legal_rep_name.trim(),
        owner_id: &account.id,
        at: now,
    };
    let mut tx = state.db.begin().await?;
    store::insert_unit_org(&mut tx, &org).await?;
    let membership_id = insert_membership(
        &state,
        &mut tx,
        &NewMembership {
            org_id: &org_id,
            form: &form,
            checked: &checked,
            account_user_id: &account.id,
            password_hash: &password_hash,
        },
    )
    .await?;
    audit::record(
        &mut *tx,
        AuditEntry {
            actor: Actor::User(&account.id),
            org_id: Some(&org_id),
            action: "membership.register",
            object_type: "membership",
            object_id: Some(&membership_id),
            origin: &Origin::of(&req),
            details: json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    let charter = form.charter_version;
    legal::record_agreement(&state.db, &account.id, LegalKind::Charter, charter, &Origin::of(&req))
        .await?;
    Ok(HttpResponse::Created()
        .json(RegistrationStatus { status: "pending".to_owned(), reject_reason: None }))
}

/// Apply for membership as an org already on the platform (its owner): the unit's name and
/// USCC are the org's; the rest is as in a registration.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id")),
    request_body = Registration,
    responses(
        (status = 201, body = Membership),
        (status = 409, description = "`member_already_registered`, `org_without_uscc`, `legal_version_outdated` (the charter shown is no longer current)",
            body = crate::error::Problem, content_type = "application/problem+json"),
        BodyErrors,
    ),
)]
#[post("/orgs/{org_id}/membership")]
pub async fn apply_as_org(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Owner>,
    ValidJson(mut form): ValidJson<Registration>,
) -> ApiResult<HttpResponse> {
    let (name, uscc) = store::org_name_and_uscc(&state.db, &access.org_id).await?;
    let uscc = uscc.ok_or(ApiError::conflict("org_without_uscc"))?;
    form.unit_name = name;
    form.uscc = uscc;
    let checked = check_registration(&form, false)?;
    require_enabled(&state.db, VocabularyKind::UserType, &form.user_type_id, "user_type_id")
        .await?;
    legal::check_shown(&state.db, LegalKind::Charter, form.charter_version).await?;
    let password_hash = password::hash(&checked.password).await?;
    let mut tx = state.db.begin().await?;
    let membership_id = insert_membership(
        &state,
        &mut tx,
        &NewMembership {
            org_id: &access.org_id,
            form: &form,
            checked: &checked,
            account_user_id: &access.user.id,
            password_hash: &password_hash,
        },
    )
    .await?;
    audit::record(
        &mut *tx,
        AuditEntry {
            actor: access.actor(),
            org_id: Some(&access.org_id),
            action: "membership.register",
            object_type: "membership",
            object_id: Some(&membership_id),
            origin: &Origin::of(&req),
            details: json!({"from": "org"}),
        },
    )
    .await?;
    tx.commit().await?;
    let (user, charter) = (&access.user.id, form.charter_version);
    legal::record_agreement(&state.db, user, LegalKind::Charter, charter, &Origin::of(&req))
        .await?;
    let membership = store::membership_by_id(&state.db, &membership_id).await?;
    Ok(HttpResponse::Created().json(membership.view(&state.db).await?))
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct StatusLookup {
    /// The USCC or the contact mobile given when registering.
    #[validate(length(min = 1, max = 30))]
    #[schema(min_length = 1, max_length = 30)]
    pub account: String,
}

/// The sign-in account as the lockout counts it: the normalised USCC or mobile when it is one,
/// else the trimmed text (an unknown account is counted like a real one).
pub fn sign_in_account(account: &str) -> String {
    let account = account.trim();
    if let Ok(uscc) = Uscc::parse(account) {
        return uscc.as_ref().to_owned();
    }
    match Mobile::parse(account) {
        Ok(mobile) => mobile.as_ref().to_owned(),
        Err(_) => account.to_uppercase(),
    }
}

/// Finds a membership by its sign-in account: a USCC or the contact mobile.
pub async fn find_by_account(state: &AppState, account: &str) -> ApiResult<Option<MembershipRow>> {
    let account = account.trim();
    if let Ok(uscc) = Uscc::parse(account) {
        return Ok(store::membership_by_uscc(&state.db, uscc.as_ref()).await?);
    }
    match Mobile::parse(account) {
        Ok(mobile) => {
            let hash = state.pii.hash("member_contact", mobile.as_ref());
            Ok(store::membership_by_contact_hash(&state.db, &hash).await?)
        }
        Err(_) => Ok(None),
    }
}

/// The public status lookup: 20 per client address per hour.
const LOOKUP_QUOTA: Quota = Quota { bucket: "member_lookup", limit: 20, window_ms: HOUR_MS };

/// Look up a registration's state by USCC or contact mobile (public; rate-limited per client
/// address). Answers only the state and, when rejected, the reason; 404 when none matches.
#[utoipa::path(
    tag = TAG,
    request_body = StatusLookup,
    responses((status = 200, body = RegistrationStatus), (status = 404, description = "No registration with this account",
        body = crate::error::Problem, content_type = "application/problem+json"), BodyErrors),
)]
#[post("/memberships/status")]
pub async fn lookup_status(
    state: AppState,
    req: HttpRequest,
    ValidJson(lookup): ValidJson<StatusLookup>,
) -> ApiResult<Json<RegistrationStatus>> {
    LOOKUP_QUOTA.take(&state.db, &crate::client_addr::limit_key(&req)).await?;
    let row = find_by_account(&state, &lookup.account).await?.ok_or(ApiError::NotFound)?;
    Ok(Json(RegistrationStatus { status: row.status, reject_reason: row.reject_reason }))
}

#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct MembershipFilter {
    /// `pending` (default), `approved`, `rejected`.
    #[validate(length(max = 20))]
    #[param(max_length = 20)]
    pub status: Option<String>,
    /// Part of the unit's name.
    #[validate(length(max = 50))]
    #[param(max_length = 50)]
    pub q: Option<String>,
}

/// Memberships by state, oldest registration first (any platform operator).
#[utoipa::path(
    operation_id = "list_memberships",
    tag = TAG,
    security(("bearer" = [])),
    params(MembershipFilter, PageQuery),
    responses((status = 200, body = Page<Membership>), SignedInErrors),
)]
#[get("/admin/memberships")]
pub async fn queue(
    state: AppState,
    _admin: Admin<AnyAdmin>,
    ValidQuery(filter): ValidQuery<MembershipFilter>,
    ValidQuery(page): ValidQuery<PageQuery>,
) -> ApiResult<Page<Membership>> {
    let status = filter.status.as_deref().unwrap_or("pending");
    let pattern =
        filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()).map(crate::db::like_pattern);
    let total = store::count_memberships(&state.db, status, pattern.as_deref()).await?;
    let rows = store::memberships_page(&state.db, status, pattern.as_deref(), &page).await?;
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        items.push(row.view(&state.db).await?);
    }
    Ok(Page::new(items, total, page))
}

/// One membership (any platform operator).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("membership_id" = String, Path, description = "Membership id")),
    responses((status = 200, body = Membership), SignedInErrors),
)]
#[get("/admin/memberships/{membership_id}")]
pub async fn get_one(
    state: AppState,
    _admin: Admin<AnyAdmin>,
    path: web::Path<String>,
) -> ApiResult<Json<Membership>> {
    Ok(Json(store::membership_by_id(&state.db, &path).await?.view(&state.db).await?))
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct MembershipDecision {
    /// `approve` or `reject`.
    #[validate(length(min = 1, max = 10))]
    pub decision: String,
    /// Required to reject; shown to the unit.
    #[validate(length(max = 200))]
    #[schema(max_length = 200)]
    pub reason: Option<String>,
    /// The level to give when approving (optional; can be set later).
    #[validate(length(max = 64))]
    pub level_id: Option<String>,
}

/// Approve or reject a pending registration (reviewers); the unit gets a message.
#[utoipa::path(
    operation_id = "decide_membership",
    tag = TAG,
    security(("bearer" = [])),
    params(("membership_id" = String, Path, description = "Membership id")),
    request_body = MembershipDecision,
    responses((status = 200, body = Membership), (status = 409, description = "`wrong_state`",
        body = crate::error::Problem, content_type = "application/problem+json"), BodyErrors),
)]
#[post("/admin/memberships/{membership_id}/decision")]
pub async fn decide(
    state: AppState,
    req: HttpRequest,
    admin: Admin<Reviewer>,
    path: web::Path<String>,
    ValidJson(decision): ValidJson<MembershipDecision>,
) -> ApiResult<Json<Membership>> {
    let row = store::membership_by_id(&state.db, &path).await?;
    let reason = decision.reason.as_deref().map(str::trim).filter(|r| !r.is_empty());
    let status = crate::extract::decided_state(
        &decision.decision,
        ("approve", "approved"),
        reason,
        "reason",
    )?;
    if let Some(level) = &decision.level_id {
        require_enabled(&state.db, VocabularyKind::Level, level, "level_id").await?;
    }
    let reject_reason = if status == "rejected" { reason } else { None };
    let level_id = decision.level_id.as_deref();
    let mut tx = state.db.begin().await?;
    if !store::decide_membership(&mut tx, &row.id, status, reject_reason, &admin.user.id, level_id)
        .await?
    {
        return Err(ApiError::conflict("wrong_state"));
    }
    let body = if status == "approved" {
        format!(
            "{} 的入会申请已通过审核，请使用统一社会信用代码或联系人手机号登录并完善会员资料。",
            row.unit_name
        )
    } else {
        format!("{} 的入会申请未通过审核：{}", row.unit_name, reason.unwrap_or_default())
    };
    messages::send_to_org(
        &mut *tx,
        &row.org_id,
        NewMessage {
            kind: if status == "approved" { "member.approved" } else { "member.rejected" },
            title: if status == "approved" {
                "入会申请已通过"
            } else {
                "入会申请未通过"
            },
            body: &body,
            object: Some(("membership", &row.id)),
        },
    )
    .await?;
    audit::record(
        &mut *tx,
        AuditEntry {
            actor: Actor::Admin(&admin.user.id),
            org_id: Some(&row.org_id),
            action: if status == "approved" { "membership.approve" } else { "membership.reject" },
            object_type: "membership",
            object_id: Some(&row.id),
            origin: &Origin::of(&req),
            details: json!({"reason": reason}),
        },
    )
    .await?;
    if status == "approved" {
        crate::events::announce(
        &mut tx,
        crate::events::Event {
            kind: crate::events::EventKind::MemberApproved,
            org_id: &row.org_id,
            data: json!({"membership_id": row.id, "unit_name": row.unit_name, "uscc": row.uscc}),
        },
    )
        .await?;
    }
    tx.commit().await?;
    Ok(Json(store::membership_by_id(&state.db, &row.id).await?.view(&state.db).await?))
}

/// The fields only admins change (SPEC §6); absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct AdminMembershipUpdate {
    #[validate(length(min = 1, max = 50))]
    #[schema(min_length = 1, max_length = 50)]
    pub unit_name: Option<String>,
    #[validate(length(max = 30))]
    pub uscc: Option<String>,
    #[validate(length(max = 20))]
    pub contact_mobile: Option<String>,
    #[validate(length(max = 64))]
    pub level_id: Option<String>,
    #[validate(length(max = 20))]
    pub tag_ids: Option<Vec<String>>,
}

/// Change a membership's unit name, USCC, contact mobile, level or tags (reviewers and super
/// admins: levels are set when reviewing).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("membership_id" = String, Path, description = "Membership id")),
    request_body = AdminMembershipUpdate,
    responses((status = 200, body = Membership), (status = 409, description = "`member_already_registered`",
        body = crate::error::Problem, content_type = "application/problem+json"), BodyErrors),
)]
#[put("/admin/memberships/{membership_id}")]
pub async fn admin_update(
    state: AppState,
    req: HttpRequest,
    admin: Admin<Reviewer>,
    path: web::Path<String>,
    ValidJson(update): ValidJson<AdminMembershipUpdate>,
) -> ApiResult<Json<Membership>> {
    let row = store::membership_by_id(&state.db, &path).await?;
    let uscc = match update.uscc.as_deref() {
        Some(raw) => Some(Uscc::parse(raw).map_err(|e| e.invalid("uscc"))?),
        None => None,
    };
    let contact = match update.contact_mobile.as_deref() {
        Some(raw) => Some(Mobile::parse(raw).map_err(|e| e.invalid("contact_mobile"))?),
        None => None,
    };
    if let Some(level) = &update.level_id {
        require_enabled(&state.db, VocabularyKind::Level, level, "level_id").await?;
    }
    if let Some(tags) = &update.tag_ids {
        for (i, tag) in tags.iter().enumerate() {
            require_enabled(&state.db, VocabularyKind::Tag, tag, &format!("tag_ids[{i}]")).await?;
        }
    }
    let unit_name = update.unit_name.as_deref().map(str::trim).filter(|n| !n.is_empty());
    let sealed = contact.as_ref().map(|m| state.pii.seal("member_contact", m.as_ref(), m.masked()));
    let tag_json = match &update.tag_ids {
        Some(tags) => {
            let mut unique = tags.clone();
            unique.sort();
            unique.dedup();
            Some(serde_json::to_string(&unique).map_err(|e| ApiError::Internal(e.into()))?)
        }
        None => None,
    };
    let uscc_text = uscc.as_ref().map(AsRef::as_ref);
    let changes = store::AdminMembershipChanges {
        unit_name,
        uscc: uscc_text,
        contact_mobile: sealed.as_ref(),
        level_id: update.level_id.as_deref(),
        tag_ids: tag_json.as_deref(),
    };
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    store::update_membership_by_admin(&mut tx, &row.id, &changes, now).await?;
    if unit_name.is_some() || uscc.is_some() {
        store::update_org_name_and_uscc(&mut tx, &row.org_id, unit_name, uscc_text, now).await?;
    }
    audit::record(
        &mut *tx,
        AuditEntry {
            actor: Actor::Admin(&admin.user.id),
            org_id: Some(&row.org_id),
            action: "membership.admin_update",
            object_type: "membership",
            object_id: Some(&row.id),
            origin: &Origin::of(&req),
            details: json!({"unit_name": unit_name, "uscc": uscc.as_ref().map(AsRef::as_ref),
                "contact_mobile_changed": contact.is_some(), "level_id": update.level_id,
                "tag_ids": update.tag_ids}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Json(super::membership::refresh_completion(&state.db, &row.id).await?))
}

/// Reset a member's WeChat binding (reviewers and super admins); the next sign-in binds anew.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("membership_id" = String, Path, description = "Membership id")),
    responses((status = 200, body = Membership), SignedInErrors),
)]
#[delete("/admin/memberships/{membership_id}/wechat")]
pub async fn reset_wechat(
    state: AppState,
    req: HttpRequest,
    admin: Admin<Reviewer>,
    path: web::Path<String>,
) -> ApiResult<Json<Membership>> {
    let row = store::membership_by_id(&state.db, &path).await?;
    let mut tx = state.db.begin().await?;
    store::clear_wechat(&mut tx, &row.id).await?;
    audit::record(
        &mut *tx,
        AuditEntry {
            actor: Actor::Admin(&admin.user.id),
            org_id: Some(&row.org_id),
            action: "membership.wechat_reset",
            object_type: "membership",
            object_id: Some(&row.id),
            origin: &Origin::of(&req),
            details: json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Json(store::membership_by_id(&state.db, &row.id).await?.view(&state.db).await?))
}
