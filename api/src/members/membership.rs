//! A membership as its unit and the admins see it, and the profile the unit completes on its
//! first sign-in (SPEC §6): contact, unit information, council representatives for council
//! levels. Admin-only fields (name, USCC, contact mobile, level, tags) are read-only here.

use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web, web::Json};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use validator::Validate;

use super::{
    TAG,
    store::{self, MembershipRow},
    vocabulary::VocabularyEntry,
};
use crate::{
    access::{Manager, Member, OrgAccess},
    audit::{self, AuditEntry, Origin},
    db::{Db, new_id, now_ms, rfc3339},
    domain::Mobile,
    error::{ApiError, ApiResult, FieldError},
    extract::ValidJson,
    openapi::{BodyErrors, SignedInErrors},
    state::AppState,
};

/// The profile fields of SPEC §6 the unit fills in itself.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct MemberProfile {
    #[validate(email, length(max = 100))]
    #[schema(max_length = 100)]
    pub contact_email: Option<String>,
    #[validate(length(max = 50))]
    #[schema(max_length = 50)]
    pub contact_wechat_id: Option<String>,
    /// 经营状态 (e.g. 存续, 在业).
    #[validate(length(max = 20))]
    #[schema(max_length = 20)]
    pub operating_status: Option<String>,
    /// 单位性质 (e.g. 民营企业, 国有企业).
    #[validate(length(max = 20))]
    #[schema(max_length = 20)]
    pub nature: Option<String>,
    /// `YYYY-MM-DD`.
    #[validate(length(max = 10))]
    #[schema(max_length = 10)]
    pub legal_rep_birth_date: Option<String>,
    #[validate(length(max = 30))]
    #[schema(max_length = 30)]
    pub fax: Option<String>,
    #[validate(length(max = 6))]
    #[schema(max_length = 6)]
    pub postcode: Option<String>,
    #[validate(length(max = 30))]
    #[schema(max_length = 30)]
    pub phone: Option<String>,
    #[validate(length(max = 50))]
    #[schema(max_length = 50)]
    pub industry: Option<String>,
    /// 企业规模 (e.g. 50-99人).
    #[validate(length(max = 30))]
    #[schema(max_length = 30)]
    pub scale: Option<String>,
    #[validate(length(max = 20))]
    #[schema(max_length = 20)]
    pub province: Option<String>,
    #[validate(length(max = 20))]
    #[schema(max_length = 20)]
    pub city: Option<String>,
    #[validate(length(max = 100))]
    #[schema(max_length = 100)]
    pub address: Option<String>,
    /// `https://www.example.com.cn`, or the bare domain (`https://` is added).
    #[validate(custom(function = "crate::extract::website_url"), length(max = 200))]
    #[schema(max_length = 200)]
    pub website: Option<String>,
    /// `YYYY-MM-DD`.
    #[validate(length(max = 10))]
    #[schema(max_length = 10)]
    pub registration_date: Option<String>,
    #[validate(length(max = 1000))]
    #[schema(max_length = 1000)]
    pub business_scope: Option<String>,
    /// 增值电信业务经营许可证号.
    #[validate(length(max = 50))]
    #[schema(max_length = 50)]
    pub telecom_licence_no: Option<String>,
    /// 注册资本, in 10,000 CNY, as a decimal (`500` or `1234.5`).
    #[validate(length(max = 16))]
    #[schema(max_length = 16)]
    pub registered_capital_wan: Option<String>,
    /// 实缴资本, in 10,000 CNY.
    #[validate(length(max = 16))]
    #[schema(max_length = 16)]
    pub paid_in_capital_wan: Option<String>,
    #[validate(length(max = 2000))]
    #[schema(max_length = 2000)]
    pub intro: Option<String>,
}

/// Required before the membership's other features open (SPEC §6: completion on first login).
const REQUIRED: &[&str] = &[
    "contact_email",
    "operating_status",
    "nature",
    "legal_rep_birth_date",
    "phone",
    "industry",
    "scale",
    "province",
    "city",
    "address",
    "registration_date",
    "business_scope",
    "registered_capital_wan",
];

impl MemberProfile {
    fn value_of(&self, field: &str) -> Option<&str> {
        let value = match field {
            "contact_email" => &self.contact_email,
            "operating_status" => &self.operating_status,
            "nature" => &self.nature,
            "legal_rep_birth_date" => &self.legal_rep_birth_date,
            "phone" => &self.phone,
            "industry" => &self.industry,
            "scale" => &self.scale,
            "province" => &self.province,
            "city" => &self.city,
            "address" => &self.address,
            "registration_date" => &self.registration_date,
            "business_scope" => &self.business_scope,
            "registered_capital_wan" => &self.registered_capital_wan,
            _ => &None,
        };
        value.as_deref().map(str::trim).filter(|v| !v.is_empty())
    }

    /// Empty strings become absent, text is trimmed.
    fn normalised(mut self) -> Self {
        for value in [
            &mut self.contact_email,
            &mut self.contact_wechat_id,
            &mut self.operating_status,
            &mut self.nature,
            &mut self.legal_rep_birth_date,
            &mut self.fax,
            &mut self.postcode,
            &mut self.phone,
            &mut self.industry,
            &mut self.scale,
            &mut self.province,
            &mut self.city,
            &mut self.address,
            &mut self.website,
            &mut self.registration_date,
            &mut self.business_scope,
            &mut self.telecom_licence_no,
            &mut self.registered_capital_wan,
            &mut self.paid_in_capital_wan,
            &mut self.intro,
        ] {
            *value = value.take().map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        }
        self.website = self.website.take().map(crate::extract::with_scheme);
        self
    }

    /// The checks `validator` cannot express: dates, postcode, capital amounts.
    fn check(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let format = time::macros::format_description!("[year]-[month]-[day]");
        for (field, value) in [
            ("legal_rep_birth_date", &self.legal_rep_birth_date),
            ("registration_date", &self.registration_date),
        ] {
            match value.as_deref().map(|value| time::Date::parse(value, format)) {
                Some(Err(_)) => errors.push(FieldError::new(field, "date_format")),
                // A legal representative is not born, nor a company registered, in the future.
                Some(Ok(date)) if date > time::OffsetDateTime::now_utc().date() => {
                    errors.push(FieldError::new(field, "date_in_future"));
                }
                _ => {}
            }
        }
        if let Some(postcode) = &self.postcode
            && (postcode.len() != 6 || !postcode.bytes().all(|b| b.is_ascii_digit()))
        {
            errors.push(FieldError::new("postcode", "postcode_format"));
        }
        for (field, value) in [
            ("registered_capital_wan", &self.registered_capital_wan),
            ("paid_in_capital_wan", &self.paid_in_capital_wan),
        ] {
            if let Some(value) = value
                && !is_decimal(value)
            {
                errors.push(FieldError::new(field, "decimal_format"));
            }
        }
        errors
    }

    pub fn missing(&self) -> Vec<String> {
        REQUIRED
            .iter()
            .filter(|field| self.value_of(field).is_none())
            .map(|field| (*field).to_owned())
            .collect()
    }
}

/// Up to 9 integer digits and 4 decimals: `500`, `1234.5`.
fn is_decimal(value: &str) -> bool {
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    (1..=9).contains(&whole.len())
        && digits(whole)
        && fraction.len() <= 4
        && digits(fraction)
        && !(value.contains('.') && fraction.is_empty())
}

#[derive(Debug, Clone, Serialize, ToSchema, sqlx::FromRow)]
pub struct CouncilRepresentative {
    pub id: String,
    pub name: String,
    /// The representative's position in the unit.
    pub position: String,
    /// Masked.
    #[sqlx(rename = "mobile_masked")]
    pub mobile: String,
}

/// A membership: the unit, its state, its level and tags, its profile.
#[derive(Debug, Serialize, ToSchema)]
pub struct Membership {
    pub id: String,
    pub org_id: String,
    pub unit_name: String,
    pub uscc: String,
    pub legal_rep_name: String,
    /// Masked.
    pub legal_rep_mobile: String,
    pub contact_name: String,
    /// Masked; the other sign-in account.
    pub contact_mobile: String,
    pub user_type: VocabularyEntry,
    pub level: Option<VocabularyEntry>,
    pub tags: Vec<VocabularyEntry>,
    /// `pending`, `approved` or `rejected`.
    pub status: String,
    pub reject_reason: Option<String>,
    /// Whether a WeChat account is bound as the second sign-in factor.
    pub wechat_bound: bool,
    pub profile: MemberProfile,
    /// The profile has every required field (and council representatives where due).
    pub profile_complete: bool,
    /// What the profile still lacks: field names, and `council_representatives`.
    pub missing: Vec<String>,
    pub council_representatives: Vec<CouncilRepresentative>,
    pub registered_at: String,
    pub decided_at: Option<String>,
}

impl MembershipRow {
    pub fn parsed_profile(&self) -> MemberProfile {
        serde_json::from_str(&self.profile).unwrap_or_default()
    }

    pub fn tag_ids(&self) -> Vec<String> {
        serde_json::from_str(&self.tag_ids).unwrap_or_default()
    }

    pub async fn view(self, db: &Db) -> ApiResult<Membership> {
        let user_type = store::vocabulary_entry(db, &self.user_type_id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("membership without its user type"))?;
        let level = match &self.level_id {
            Some(id) => store::vocabulary_entry(db, id).await?,
            None => None,
        };
        let mut tags = Vec::new();
        for id in self.tag_ids() {
            if let Some(tag) = store::vocabulary_entry(db, &id).await? {
                tags.push(tag);
            }
        }
        let council_representatives = store::council_representatives(db, &self.id).await?;
        let profile = self.parsed_profile();
        let mut missing = profile.missing();
        if level.as_ref().is_some_and(|l| l.council != 0) && council_representatives.is_empty() {
            missing.push("council_representatives".to_owned());
        }
        Ok(Membership {
            id: self.id,
            org_id: self.org_id,
            unit_name: self.unit_name,
            uscc: self.uscc,
            legal_rep_name: self.legal_rep_name,
            legal_rep_mobile: self.legal_rep_mobile_masked,
            contact_name: self.contact_name,
            contact_mobile: self.contact_mobile_masked,
            user_type,
            level,
            tags,
            status: self.status,
            reject_reason: self.reject_reason,
            wechat_bound: self.wechat_subject.is_some(),
            profile_complete: self.profile_completed_at.is_some() && missing.is_empty(),
            missing,
            profile,
            council_representatives,
            registered_at: rfc3339(self.registered_at),
            decided_at: self.decided_at.map(rfc3339),
        })
    }
}

/// Re-reads what the profile lacks and records whether it is complete.
pub async fn refresh_completion(db: &Db, membership_id: &str) -> ApiResult<Membership> {
    let view = store::membership_by_id(db, membership_id).await?.view(db).await?;
    let completed_at = if view.missing.is_empty() { Some(now_ms()) } else { None };
    store::set_profile_completed(db, membership_id, completed_at).await?;
    store::membership_by_id(db, membership_id).await?.view(db).await
}

/// An approved membership with a complete profile: what dues and payments need (SPEC §6).
pub async fn ready_for_dues(db: &Db, org_id: &str) -> ApiResult<MembershipRow> {
    let row = store::membership_of_org(db, org_id).await?;
    if row.status != "approved" {
        return Err(ApiError::conflict("membership_not_approved"));
    }
    if row.profile_completed_at.is_none() {
        return Err(ApiError::conflict("profile_incomplete"));
    }
    Ok(row)
}

/// The org's membership (any member of the org); 404 when it has none.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id")),
    responses((status = 200, body = Membership), SignedInErrors),
)]
#[get("/orgs/{org_id}/membership")]
pub async fn get_membership(
    state: AppState,
    access: OrgAccess<Member>,
) -> ApiResult<Json<Membership>> {
    Ok(Json(store::membership_of_org(&state.db, &access.org_id).await?.view(&state.db).await?))
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct ProfileUpdate {
    #[validate(length(min = 1, max = 20))]
    #[schema(min_length = 1, max_length = 20)]
    pub contact_name: Option<String>,
    #[validate(length(min = 1, max = 20))]
    #[schema(min_length = 1, max_length = 20)]
    pub legal_rep_name: Option<String>,
    #[validate(length(max = 20))]
    #[schema(max_length = 20)]
    pub legal_rep_mobile: Option<String>,
    #[validate(nested)]
    pub profile: MemberProfile,
}

/// Save the profile (owner or admin of the org). Saving an incomplete profile keeps it as a
/// draft; `missing` says what is left, and the membership opens once nothing is.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id")),
    request_body = ProfileUpdate,
    responses((status = 200, body = Membership), BodyErrors),
)]
#[put("/orgs/{org_id}/membership/profile")]
pub async fn update_profile(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Manager>,
    ValidJson(update): ValidJson<ProfileUpdate>,
) -> ApiResult<Json<Membership>> {
    let row = store::membership_of_org(&state.db, &access.org_id).await?;
    if row.status != "approved" {
        return Err(ApiError::conflict("membership_not_approved"));
    }
    let profile = update.profile.normalised();
    let mut errors = profile.check();
    let legal_rep_mobile = match update.legal_rep_mobile.as_deref() {
        Some(raw) => match Mobile::parse(raw) {
            Ok(mobile) => Some(mobile),
            Err(err) => {
                errors.push(err.at("legal_rep_mobile"));
                None
            }
        },
        None => None,
    };
    let blank = |value: &Option<String>| value.as_deref().is_some_and(|v| v.trim().is_empty());
    if blank(&update.contact_name) {
        errors.push(FieldError::new("contact_name", "blank"));
    }
    if blank(&update.legal_rep_name) {
        errors.push(FieldError::new("legal_rep_name", "blank"));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let sealed =
        legal_rep_mobile.as_ref().map(|m| state.pii.seal("mobile", m.as_ref(), m.masked()));
    let profile_json = serde_json::to_string(&profile).map_err(|e| ApiError::Internal(e.into()))?;
    let changes = store::ProfileChanges {
        profile: &profile_json,
        contact_name: update.contact_name.as_deref().map(str::trim),
        legal_rep_name: update.legal_rep_name.as_deref().map(str::trim),
        legal_rep_mobile: sealed.as_ref(),
    };
    let mut tx = state.db.begin().await?;
    store::update_profile(&mut tx, &row.id, &changes).await?;
    audit::record(
        &mut *tx,
        AuditEntry {
            actor: access.actor(),
            org_id: Some(&access.org_id),
            action: "membership.profile_update",
            object_type: "membership",
            object_id: Some(&row.id),
            origin: &Origin::of(&req),
            details: json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Json(refresh_completion(&state.db, &row.id).await?))
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct NewCouncilRepresentative {
    #[validate(length(min = 1, max = 20))]
    #[schema(min_length = 1, max_length = 20)]
    pub name: String,
    #[serde(default)]
    #[validate(length(max = 30))]
    #[schema(max_length = 30)]
    pub position: String,
    #[validate(length(max = 20))]
    #[schema(max_length = 20)]
    pub mobile: String,
}

async fn council_membership(state: &AppState, org_id: &str) -> ApiResult<MembershipRow> {
    let row = store::membership_of_org(&state.db, org_id).await?;
    let council = match &row.level_id {
        Some(level) => {
            store::vocabulary_entry(&state.db, level).await?.is_some_and(|l| l.council != 0)
        }
        None => false,
    };
    if !council {
        return Err(ApiError::conflict("not_council_level"));
    }
    Ok(row)
}

/// Add a council representative (owner or admin; council levels only, SPEC §6).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id")),
    request_body = NewCouncilRepresentative,
    responses((status = 201, body = Membership), (status = 409, description = "`not_council_level`",
        body = crate::error::Problem, content_type = "application/problem+json"), BodyErrors),
)]
#[post("/orgs/{org_id}/membership/council-representatives")]
pub async fn add_council_representative(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Manager>,
    ValidJson(form): ValidJson<NewCouncilRepresentative>,
) -> ApiResult<HttpResponse> {
    let name = form.name.trim();
    if name.is_empty() {
        return Err(ApiError::invalid("name", "blank"));
    }
    let mobile = Mobile::parse(&form.mobile).map_err(|e| e.invalid("mobile"))?;
    let row = council_membership(&state, &access.org_id).await?;
    let sealed = state.pii.seal("mobile", mobile.as_ref(), mobile.masked());
    let id = new_id();
    let representative = store::NewRepresentative {
        id: &id,
        membership_id: &row.id,
        name,
        position: form.position.trim(),
        mobile: &sealed,
    };
    let mut tx = state.db.begin().await?;
    store::insert_council_representative(&mut tx, &representative).await?;
    audit::record(
        &mut *tx,
        AuditEntry {
            actor: access.actor(),
            org_id: Some(&access.org_id),
            action: "membership.council_representative_add",
            object_type: "membership",
            object_id: Some(&row.id),
            origin: &Origin::of(&req),
            details: json!({"representative_id": id}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(HttpResponse::Created().json(refresh_completion(&state.db, &row.id).await?))
}

/// Remove a council representative (owner or admin).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"),
        ("representative_id" = String, Path, description = "Representative id")),
    responses((status = 200, body = Membership), SignedInErrors),
)]
#[delete("/orgs/{org_id}/membership/council-representatives/{representative_id}")]
pub async fn remove_council_representative(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Manager>,
    path: web::Path<(String, String)>,
) -> ApiResult<Json<Membership>> {
    let row = store::membership_of_org(&state.db, &access.org_id).await?;
    let mut tx = state.db.begin().await?;
    if !store::delete_council_representative(&mut tx, &path.1, &row.id).await? {
        return Err(ApiError::NotFound);
    }
    audit::record(
        &mut *tx,
        AuditEntry {
            actor: access.actor(),
            org_id: Some(&access.org_id),
            action: "membership.council_representative_remove",
            object_type: "membership",
            object_id: Some(&row.id),
            origin: &Origin::of(&req),
            details: json!({"representative_id": path.1}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Json(refresh_completion(&state.db, &row.id).await?))
}

/// The acts that stand on the member's second factor (removing it, ordering dues) need a
/// session that passed it: the member sign-in (password and WeChat), not an SMS code to the
/// contact's phone, and not an integrator's credential. 403 `member_sign_in_required`.
pub async fn require_member_sign_in<R>(state: &AppState, access: &OrgAccess<R>) -> ApiResult<()> {
    if access.integrator.is_none()
        && crate::auth::tokens::session_method(&state.db, &access.user.session_id).await?
            == crate::auth::tokens::SignInMethod::Member.as_str()
    {
        return Ok(());
    }
    Err(ApiError::ForbiddenBecause { code: "member_sign_in_required" })
}

/// Unbind the WeChat second factor (the owner or an admin, signed in as the member: password
/// and WeChat); the next sign-in binds anew. Operators reset it for a lost WeChat.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id")),
    responses((status = 200, body = Membership), (status = 403, description = "`member_sign_in_required`",
        body = crate::error::Problem, content_type = "application/problem+json"), SignedInErrors),
)]
#[delete("/orgs/{org_id}/membership/wechat")]
pub async fn unbind_wechat(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Manager>,
) -> ApiResult<Json<Membership>> {
    require_member_sign_in(&state, &access).await?;
    let row = store::membership_of_org(&state.db, &access.org_id).await?;
    let mut tx = state.db.begin().await?;
    store::clear_wechat(&mut tx, &row.id).await?;
    audit::record(
        &mut *tx,
        AuditEntry {
            actor: access.actor(),
            org_id: Some(&access.org_id),
            action: "membership.wechat_unbind",
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitals_are_decimals_of_at_most_four_places() {
        for ok in ["500", "1234.5", "0.0001", "999999999"] {
            assert!(is_decimal(ok), "{ok}");
        }
        for bad in ["", "1.", ".5", "1.23456", "1e5", "-1", "1,000", "1234567890"] {
            assert!(!is_decimal(bad), "{bad}");
        }
    }

    #[test]
    fn a_profile_lists_what_it_lacks_and_blank_text_counts_as_missing() {
        let profile =
            MemberProfile { contact_email: Some("  ".into()), ..Default::default() }.normalised();
        assert_eq!(profile.missing().len(), REQUIRED.len());
        assert_eq!(profile.contact_email, None);
    }
}
