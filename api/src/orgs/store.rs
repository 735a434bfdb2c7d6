//! Org SQL.

use serde::Serialize;
use tracing::instrument;
use utoipa::ToSchema;

use crate::{
    db::{Conn, Db, new_id, now_ms, rfc3339},
    domain::Mobile,
    error::{ApiError, ApiResult, OnConstraint},
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

/// Which of an org's identifiers is already registered: its name or its USCC.
pub async fn taken_name_or_uscc(
    conn: &mut Conn,
    name: &str,
    uscc: &str,
) -> ApiResult<Option<String>> {
    let taken: Option<(String, Option<String>)> =
        sqlx::query_as("select name, uscc from orgs where name = $1 or uscc = $2 limit 1")
            .bind(name)
            .bind(uscc)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(taken.map(|(taken_name, _)| taken_name))
}

pub struct NewOrgRow<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub uscc: &'a str,
    pub legal_representative: &'a str,
    pub address: &'a str,
    pub contact_phone: &'a str,
    pub owner_id: &'a str,
    pub at: i64,
}

/// An uncertified org and its owner's membership.
pub async fn insert_org(conn: &mut Conn, org: &NewOrgRow<'_>) -> ApiResult<()> {
    sqlx::query(
        "insert into orgs (id, name, uscc, legal_representative, address, contact_phone, \
         certification, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, 'uncertified', $7, $7)",
    )
    .bind(org.id)
    .bind(org.name)
    .bind(org.uscc)
    .bind(org.legal_representative)
    .bind(org.address)
    .bind(org.contact_phone)
    .bind(org.at)
    .execute(&mut *conn)
    .await
    // A concurrent create of the same name or code loses here.
    .on_unique(|| ApiError::conflict("org_name_taken"))?;
    sqlx::query(
        "insert into org_members (org_id, user_id, role, created_at) values ($1, $2, 'owner', $3)",
    )
    .bind(org.id)
    .bind(org.owner_id)
    .bind(org.at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The profile's fields that are given (`None` keeps the stored value).
pub struct ProfileChanges<'a> {
    pub name: Option<&'a str>,
    pub uscc: Option<&'a str>,
    pub legal_representative: Option<&'a str>,
    pub address: Option<&'a str>,
    pub contact_phone: Option<&'a str>,
}

pub async fn update_profile(db: &Db, org_id: &str, changes: &ProfileChanges<'_>) -> ApiResult<()> {
    sqlx::query(
        "update orgs set name = coalesce($2, name), uscc = coalesce($3, uscc), \
         legal_representative = coalesce($4, legal_representative), \
         address = coalesce($5, address), contact_phone = coalesce($6, contact_phone), \
         updated_at = $7 where id = $1",
    )
    .bind(org_id)
    .bind(changes.name)
    .bind(changes.uscc)
    .bind(changes.legal_representative)
    .bind(changes.address)
    .bind(changes.contact_phone)
    .bind(now_ms())
    .execute(&db.pool)
    .await
    .on_unique(|| ApiError::conflict("org_name_or_uscc_taken"))?;
    Ok(())
}

/// The account of `phone`, created (active, masked name) when it has none yet: its owner
/// signs in by SMS code later.
pub async fn account_for_phone(db: &Db, phone: &Mobile, at: i64) -> ApiResult<String> {
    sqlx::query(
        "insert into users (id, mobile, display_name, status, created_at, updated_at) \
         values ($1, $2, $3, 'active', $4, $4) on conflict (mobile) do nothing",
    )
    .bind(new_id())
    .bind(phone.as_ref())
    .bind(phone.masked())
    .bind(at)
    .execute(&db.pool)
    .await?;
    Ok(sqlx::query_scalar("select id from users where mobile = $1")
        .bind(phone.as_ref())
        .fetch_one(&db.pool)
        .await?)
}

pub async fn insert_member(
    db: &Db,
    org_id: &str,
    user_id: &str,
    role: &str,
    at: i64,
) -> ApiResult<()> {
    sqlx::query(
        "insert into org_members (org_id, user_id, role, created_at) values ($1, $2, $3, $4)",
    )
    .bind(org_id)
    .bind(user_id)
    .bind(role)
    .bind(at)
    .execute(&db.pool)
    .await
    .on_unique(|| ApiError::conflict("already_member"))?;
    Ok(())
}

/// Sets another member's role and ends a suspension; false when `member_id` is not a member
/// or is `caller_id`.
pub async fn set_member_role(
    db: &Db,
    org_id: &str,
    member_id: &str,
    role: &str,
    caller_id: &str,
) -> ApiResult<bool> {
    let changed = sqlx::query(
        "update org_members set role = $3, suspended_at = null \
         where org_id = $1 and user_id = $2 and user_id <> $4",
    )
    .bind(org_id)
    .bind(member_id)
    .bind(role)
    .bind(caller_id)
    .execute(&db.pool)
    .await?;
    Ok(changed.rows_affected() > 0)
}

/// Removes another member; false when `member_id` is not a member or is `caller_id`.
pub async fn delete_member(
    db: &Db,
    org_id: &str,
    member_id: &str,
    caller_id: &str,
) -> ApiResult<bool> {
    let removed =
        sqlx::query("delete from org_members where org_id = $1 and user_id = $2 and user_id <> $3")
            .bind(org_id)
            .bind(member_id)
            .bind(caller_id)
            .execute(&db.pool)
            .await?;
    Ok(removed.rows_affected() > 0)
}

/// Certified by a platform operator (an org already certified is left as it is).
pub async fn certify_by_admin(conn: &mut Conn, org_id: &str, at: i64) -> ApiResult<()> {
    sqlx::query(
        "update orgs set certification = 'certified', certified_by = 'admin', certified_at = $2, \
         updated_at = $2 where id = $1 and certification = 'uncertified'",
    )
    .bind(org_id)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
