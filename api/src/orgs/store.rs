//! Org SQL.

use serde::Serialize;
use tracing::instrument;
use utoipa::ToSchema;

use crate::{
    db::{Db, rfc3339},
    error::{ApiError, ApiResult},
};

#[derive(Debug, sqlx::FromRow)]
pub struct OrgRow {
    pub id: String,
    pub name: String,
    pub uscc: Option<String>,
    pub legal_representative: String,
    pub address: String,
    pub contact_phone: String,
    pub certification: String,
    pub certified_by: Option<String>,
    pub certified_at: Option<i64>,
    pub created_at: i64,
}

/// An organization's profile.
#[derive(Debug, Serialize, ToSchema)]
pub struct Org {
    pub id: String,
    pub name: String,
    /// Unified social credit code.
    pub uscc: Option<String>,
    pub legal_representative: String,
    pub address: String,
    pub contact_phone: String,
    /// `uncertified` or `certified`.
    pub certification: String,
    /// `hainan_gov` or `admin`, once certified.
    pub certified_by: Option<String>,
    pub certified_at: Option<String>,
    pub created_at: String,
    /// The caller's role in the org: `owner`, `admin` or `staff`.
    pub my_role: Option<String>,
}

impl OrgRow {
    pub fn into_org(self, my_role: Option<String>) -> Org {
        Org {
            id: self.id,
            name: self.name,
            uscc: self.uscc,
            legal_representative: self.legal_representative,
            address: self.address,
            contact_phone: self.contact_phone,
            certification: self.certification,
            certified_by: self.certified_by,
            certified_at: self.certified_at.map(rfc3339),
            created_at: rfc3339(self.created_at),
            my_role,
        }
    }

    pub fn is_certified(&self) -> bool {
        self.certification == "certified"
    }
}

const ORG_COLUMNS: &str = "id, name, uscc, legal_representative, address, contact_phone, \
     certification, certified_by, certified_at, created_at";

#[instrument(skip_all)]
pub async fn find_org(db: &Db, org_id: &str) -> ApiResult<OrgRow> {
    sqlx::query_as::<_, OrgRow>(&format!("select {ORG_COLUMNS} from orgs where id = $1"))
        .bind(org_id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(ApiError::NotFound)
}

#[derive(Debug, sqlx::FromRow)]
pub struct MyOrgRow {
    #[sqlx(flatten)]
    pub org: OrgRow,
    pub role: String,
}

#[instrument(skip_all)]
pub async fn orgs_of_user(db: &Db, user_id: &str) -> ApiResult<Vec<MyOrgRow>> {
    Ok(sqlx::query_as::<_, MyOrgRow>(
        "select o.id, o.name, o.uscc, o.legal_representative, o.address, o.contact_phone, \
         o.certification, o.certified_by, o.certified_at, o.created_at, m.role \
         from orgs o join org_members m on m.org_id = o.id \
         where m.user_id = $1 and m.suspended_at is null order by o.created_at, o.id",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?)
}

/// A member of an org, as its managers see it.
#[derive(Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct OrgMember {
    pub user_id: String,
    /// Masked (`138****8000`): managers identify members by it without seeing it whole.
    pub mobile: String,
    pub display_name: String,
    pub role: String,
    #[sqlx(skip)]
    pub joined_at: String,
    #[serde(skip)]
    pub created_at: i64,
    /// Set when the org's certification by its legal person (海易办) suspended this member's
    /// unverified claim: no access until the owner keeps them (a role change) or removes them.
    #[sqlx(skip)]
    pub suspended_at: Option<String>,
    #[serde(skip)]
    #[sqlx(rename = "suspended_at")]
    pub suspended_at_ms: Option<i64>,
}

#[instrument(skip_all)]
pub async fn members(db: &Db, org_id: &str) -> ApiResult<Vec<OrgMember>> {
    let mut members = sqlx::query_as::<_, OrgMember>(
        "select u.id as user_id, coalesce(u.mobile, '') as mobile, u.display_name, m.role, \
         m.created_at, m.suspended_at from org_members m join users u on u.id = m.user_id \
         where m.org_id = $1 order by m.created_at, u.id",
    )
    .bind(org_id)
    .fetch_all(&db.pool)
    .await?;
    for member in &mut members {
        member.joined_at = rfc3339(member.created_at);
        member.suspended_at = member.suspended_at_ms.map(rfc3339);
        if let Ok(mobile) = crate::domain::Mobile::parse(&member.mobile) {
            member.mobile = mobile.masked();
        }
    }
    Ok(members)
}
