//! Membership SQL: the vocabularies and the fee schedule, memberships and their council
//! representatives, the member sign-in challenges, and dues payments (`member_payments`, whose
//! online orders `crate::payments::store` writes and reads with `PAYMENT_SELECT` too).

use super::{
    membership::CouncilRepresentative,
    vocabulary::{Fee, VocabularyEntry, VocabularyKind},
};
use crate::{
    db::{Conn, Db, now_ms},
    error::{ApiError, ApiResult, OnConstraint},
    pagination::PageQuery,
    pii::Sealed,
};

// ---- vocabularies and fees --------------------------------------------------------------------

const VOCABULARY_COLUMNS: &str = "id, name, council, sort_order, disabled";

/// A list's entries by sort order and name; the disabled ones too when `include_disabled`.
pub async fn vocabulary_entries(
    db: &Db,
    kind: VocabularyKind,
    include_disabled: bool,
) -> sqlx::Result<Vec<VocabularyEntry>> {
    sqlx::query_as(&format!(
        "select {VOCABULARY_COLUMNS} from member_vocabulary \
         where kind = $1 and ($2 = 1 or disabled = 0) order by sort_order, name"
    ))
    .bind(kind.as_str())
    .bind(i64::from(include_disabled))
    .fetch_all(&db.pool)
    .await
}

/// The entry `id` of `kind` when it is enabled.
pub async fn enabled_vocabulary_entry(
    db: &Db,
    kind: VocabularyKind,
    id: &str,
) -> sqlx::Result<Option<VocabularyEntry>> {
    sqlx::query_as::<_, VocabularyEntry>(&format!(
        "select {VOCABULARY_COLUMNS} from member_vocabulary \
         where kind = $1 and id = $2 and disabled = 0"
    ))
    .bind(kind.as_str())
    .bind(id)
    .fetch_optional(&db.pool)
    .await
}

/// The entry `id` of `kind`, enabled or not; 404 when the list has none.
pub async fn vocabulary_entry_of_kind(
    db: &Db,
    kind: VocabularyKind,
    id: &str,
) -> ApiResult<VocabularyEntry> {
    sqlx::query_as::<_, VocabularyEntry>(&format!(
        "select {VOCABULARY_COLUMNS} from member_vocabulary where kind = $1 and id = $2"
    ))
    .bind(kind.as_str())
    .bind(id)
    .fetch_optional(&db.pool)
    .await?
    .ok_or(ApiError::NotFound)
}

/// The entry `id` of any list (a membership's user type, level or tag).
pub async fn vocabulary_entry(db: &Db, id: &str) -> sqlx::Result<Option<VocabularyEntry>> {
    sqlx::query_as(
        "select id, name, council, sort_order, disabled from member_vocabulary where id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await
}

/// What an admin writes of a list's entry.
pub struct VocabularyEntryFields<'a> {
    pub id: &'a str,
    pub kind: VocabularyKind,
    pub name: &'a str,
    /// 1 for a council level.
    pub council: i16,
    pub sort_order: i64,
    pub disabled: i16,
}

/// A new entry of a list; 409 `already_exists` when the list has its name.
pub async fn insert_vocabulary_entry(
    conn: &mut Conn,
    entry: &VocabularyEntryFields<'_>,
    at: i64,
) -> ApiResult<()> {
    sqlx::query(
        "insert into member_vocabulary (id, kind, name, council, sort_order, disabled, created_at, \
         updated_at) values ($1, $2, $3, $4, $5, $6, $7, $7)",
    )
    .bind(entry.id)
    .bind(entry.kind.as_str())
    .bind(entry.name)
    .bind(entry.council)
    .bind(entry.sort_order)
    .bind(entry.disabled)
    .bind(at)
    .execute(&mut *conn)
    .await
    .on_unique(|| ApiError::conflict("already_exists"))?;
    Ok(())
}

/// Rewrites a list's entry; false when the list has no entry `id`, 409 `already_exists` when
/// another entry has its name.
pub async fn update_vocabulary_entry(
    conn: &mut Conn,
    entry: &VocabularyEntryFields<'_>,
) -> ApiResult<bool> {
    let updated = sqlx::query(
        "update member_vocabulary set name = $3, council = $4, sort_order = $5, disabled = $6, \
         updated_at = $7 where kind = $1 and id = $2",
    )
    .bind(entry.kind.as_str())
    .bind(entry.id)
    .bind(entry.name)
    .bind(entry.council)
    .bind(entry.sort_order)
    .bind(entry.disabled)
    .bind(now_ms())
    .execute(&mut *conn)
    .await
    .on_unique(|| ApiError::conflict("already_exists"))?;
    Ok(updated.rows_affected() > 0)
}

/// The fee schedule, newest year first, of one level and one year when they are given.
pub async fn fees(db: &Db, level_id: Option<&str>, year: Option<i64>) -> sqlx::Result<Vec<Fee>> {
    sqlx::query_as(
        "select f.level_id, f.year, f.amount_fen from member_fees f \
         join member_vocabulary v on v.id = f.level_id \
         where ($1 is null or f.level_id = $1) and ($2 is null or f.year = $2) \
         order by f.year desc, v.sort_order",
    )
    .bind(level_id)
    .bind(year)
    .fetch_all(&db.pool)
    .await
}

/// Sets the dues of a level for a year (payments already made keep their amounts).
pub async fn upsert_fee(conn: &mut Conn, fee: &Fee, updated_by: &str, at: i64) -> sqlx::Result<()> {
    sqlx::query(
        "insert into member_fees (level_id, year, amount_fen, updated_by, updated_at) \
         values ($1, $2, $3, $4, $5) on conflict (level_id, year) do update set \
         amount_fen = $3, updated_by = $4, updated_at = $5",
    )
    .bind(&fee.level_id)
    .bind(fee.year)
    .bind(fee.amount_fen)
    .bind(updated_by)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A demo fee of a level for a year, unless one is set already.
pub async fn insert_fee_if_absent(
    db: &Db,
    level_id: &str,
    year: i64,
    amount_fen: i64,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into member_fees (level_id, year, amount_fen, updated_at) \
         values ($1, $2, $3, $4) on conflict do nothing",
    )
    .bind(level_id)
    .bind(year)
    .bind(amount_fen)
    .bind(at)
    .execute(&db.pool)
    .await?;
    Ok(())
}

// ---- memberships ------------------------------------------------------------------------------

/// A membership as stored; `membership::Membership` is its wire form (`MembershipRow::view`).
#[derive(Debug, sqlx::FromRow)]
pub struct MembershipRow {
    pub id: String,
    pub org_id: String,
    pub unit_name: String,
    pub uscc: String,
    pub legal_rep_name: String,
    pub legal_rep_mobile_masked: String,
    pub contact_name: String,
    pub contact_mobile_masked: String,
    pub account_user_id: String,
    pub user_type_id: String,
    pub level_id: Option<String>,
    pub tag_ids: String,
    pub status: String,
    pub reject_reason: Option<String>,
    pub wechat_subject: Option<String>,
    pub profile: String,
    pub profile_completed_at: Option<i64>,
    pub registered_at: i64,
    pub decided_at: Option<i64>,
}

const MEMBERSHIP_COLUMNS: &str = "id, org_id, unit_name, uscc, legal_rep_name, \
    legal_rep_mobile_masked, contact_name, contact_mobile_masked, account_user_id, user_type_id, \
    level_id, tag_ids, status, reject_reason, wechat_subject, profile, profile_completed_at, \
    registered_at, decided_at";

/// The org's membership; 404 when it has none.
pub async fn membership_of_org(db: &Db, org_id: &str) -> ApiResult<MembershipRow> {
    sqlx::query_as(&format!("select {MEMBERSHIP_COLUMNS} from memberships where org_id = $1"))
        .bind(org_id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(ApiError::NotFound)
}

/// The membership `id`; 404 when there is none.
pub async fn membership_by_id(db: &Db, id: &str) -> ApiResult<MembershipRow> {
    sqlx::query_as(&format!("select {MEMBERSHIP_COLUMNS} from memberships where id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(ApiError::NotFound)
}

/// The membership whose sign-in account is the (normalised) USCC.
pub async fn membership_by_uscc(db: &Db, uscc: &str) -> sqlx::Result<Option<MembershipRow>> {
    sqlx::query_as(&format!("select {MEMBERSHIP_COLUMNS} from memberships where uscc = $1"))
        .bind(uscc)
        .fetch_optional(&db.pool)
        .await
}

/// The membership whose contact mobile has the keyed hash `contact_mobile_hash`.
pub async fn membership_by_contact_hash(
    db: &Db,
    contact_mobile_hash: &str,
) -> sqlx::Result<Option<MembershipRow>> {
    sqlx::query_as(&format!(
        "select {MEMBERSHIP_COLUMNS} from memberships where contact_mobile_hash = $1"
    ))
    .bind(contact_mobile_hash)
    .fetch_optional(&db.pool)
    .await
}

/// `$1`: a status; `$2`: a `LIKE` pattern of the unit's name, or null.
const MEMBERSHIP_FILTERS: &str = "status = $1 and ($2 is null or unit_name like $2 escape '\\')";

/// How many memberships are in `status` (and match the name pattern).
pub async fn count_memberships(
    db: &Db,
    status: &str,
    name_pattern: Option<&str>,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(&format!("select count(*) from memberships where {MEMBERSHIP_FILTERS}"))
        .bind(status)
        .bind(name_pattern)
        .fetch_one(&db.pool)
        .await
}

/// A page of the memberships in `status` (and matching the name pattern), oldest registration
/// first.
pub async fn memberships_page(
    db: &Db,
    status: &str,
    name_pattern: Option<&str>,
    page: &PageQuery,
) -> sqlx::Result<Vec<MembershipRow>> {
    sqlx::query_as(&format!(
        "select {MEMBERSHIP_COLUMNS} from memberships where {MEMBERSHIP_FILTERS} \
         order by registered_at, id limit $3 offset $4"
    ))
    .bind(status)
    .bind(name_pattern)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(&db.pool)
    .await
}

/// Whether a membership has the unit's name or USCC.
pub async fn member_name_or_uscc_taken(db: &Db, unit_name: &str, uscc: &str) -> sqlx::Result<bool> {
    let member: Option<i64> =
        sqlx::query_scalar("select 1 from memberships where unit_name = $1 or uscc = $2")
            .bind(unit_name)
            .bind(uscc)
            .fetch_optional(&db.pool)
            .await?;
    Ok(member.is_some())
}

/// Whether an org on the platform has the unit's name or USCC.
pub async fn org_name_or_uscc_taken(db: &Db, unit_name: &str, uscc: &str) -> sqlx::Result<bool> {
    let org: Option<i64> = sqlx::query_scalar("select 1 from orgs where name = $1 or uscc = $2")
        .bind(unit_name)
        .bind(uscc)
        .fetch_optional(&db.pool)
        .await?;
    Ok(org.is_some())
}

/// The org's name and USCC (an org may have none).
pub async fn org_name_and_uscc(db: &Db, org_id: &str) -> sqlx::Result<(String, Option<String>)> {
    sqlx::query_as("select name, uscc from orgs where id = $1")
        .bind(org_id)
        .fetch_one(&db.pool)
        .await
}

/// The org a registration creates.
pub struct NewUnitOrg<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub uscc: &'a str,
    pub legal_representative: &'a str,
    /// The contact's account, the org's owner.
    pub owner_id: &'a str,
    pub at: i64,
}

/// A registering unit's org (uncertified) and its owner's membership of it; 409
/// `org_already_on_platform` when an org has its name or USCC.
pub async fn insert_unit_org(conn: &mut Conn, org: &NewUnitOrg<'_>) -> ApiResult<()> {
    sqlx::query(
        "insert into orgs (id, name, uscc, legal_representative, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $5)",
    )
    .bind(org.id)
    .bind(org.name)
    .bind(org.uscc)
    .bind(org.legal_representative)
    .bind(org.at)
    .execute(&mut *conn)
    .await
    .on_unique(|| ApiError::conflict("org_already_on_platform"))?;
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

/// A registration, its mobiles sealed.
pub struct NewMembershipRow<'a> {
    pub id: &'a str,
    pub org_id: &'a str,
    pub unit_name: &'a str,
    pub uscc: &'a str,
    pub legal_rep_name: &'a str,
    pub legal_rep_mobile: &'a Sealed,
    pub contact_name: &'a str,
    pub contact_mobile: &'a Sealed,
    pub account_user_id: &'a str,
    pub user_type_id: &'a str,
    pub password_hash: &'a str,
    pub at: i64,
}

/// A pending membership whose contact account is proven (by SMS code, or as the org's signed-in
/// owner); 409 `member_already_registered` when a membership has its name or USCC.
pub async fn insert_membership(conn: &mut Conn, new: &NewMembershipRow<'_>) -> ApiResult<()> {
    sqlx::query(
        "insert into memberships (id, org_id, unit_name, uscc, legal_rep_name, \
         legal_rep_mobile_encrypted, legal_rep_mobile_masked, contact_name, contact_mobile_encrypted, \
         contact_mobile_masked, contact_mobile_hash, account_user_id, user_type_id, password_hash, \
         status, registered_at, updated_at, account_proven_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'pending', $15, $15, $15)",
    )
    .bind(new.id)
    .bind(new.org_id)
    .bind(new.unit_name)
    .bind(new.uscc)
    .bind(new.legal_rep_name)
    .bind(&new.legal_rep_mobile.encrypted)
    .bind(&new.legal_rep_mobile.masked)
    .bind(new.contact_name)
    .bind(&new.contact_mobile.encrypted)
    .bind(&new.contact_mobile.masked)
    .bind(&new.contact_mobile.hash)
    .bind(new.account_user_id)
    .bind(new.user_type_id)
    .bind(new.password_hash)
    .bind(new.at)
    .execute(&mut *conn)
    .await
    .on_unique(|| ApiError::conflict("member_already_registered"))?;
    Ok(())
}

/// Approves or rejects a pending registration, giving `level_id` when one is given; false when
/// it is no longer pending.
pub async fn decide_membership(
    conn: &mut Conn,
    id: &str,
    status: &str,
    reject_reason: Option<&str>,
    decided_by: &str,
    level_id: Option<&str>,
) -> sqlx::Result<bool> {
    let decided = sqlx::query(
        "update memberships set status = $2, reject_reason = $3, decided_by = $4, decided_at = $5, \
         level_id = coalesce($6, level_id), updated_at = $5 where id = $1 and status = 'pending'",
    )
    .bind(id)
    .bind(status)
    .bind(reject_reason)
    .bind(decided_by)
    .bind(now_ms())
    .bind(level_id)
    .execute(&mut *conn)
    .await?;
    Ok(decided.rows_affected() > 0)
}

/// The fields only admins change (`None` keeps the stored value).
pub struct AdminMembershipChanges<'a> {
    pub unit_name: Option<&'a str>,
    pub uscc: Option<&'a str>,
    pub contact_mobile: Option<&'a Sealed>,
    pub level_id: Option<&'a str>,
    /// The tag ids as a JSON array.
    pub tag_ids: Option<&'a str>,
}

/// An admin's changes to a membership; 409 `member_already_registered` when another membership
/// has the new name or USCC.
pub async fn update_membership_by_admin(
    conn: &mut Conn,
    id: &str,
    changes: &AdminMembershipChanges<'_>,
    at: i64,
) -> ApiResult<()> {
    sqlx::query(
        "update memberships set unit_name = coalesce($2, unit_name), uscc = coalesce($3, uscc), \
         contact_mobile_encrypted = coalesce($4, contact_mobile_encrypted), \
         contact_mobile_masked = coalesce($5, contact_mobile_masked), \
         contact_mobile_hash = coalesce($6, contact_mobile_hash), level_id = coalesce($7, level_id), \
         tag_ids = coalesce($8, tag_ids), updated_at = $9 where id = $1",
    )
    .bind(id)
    .bind(changes.unit_name)
    .bind(changes.uscc)
    .bind(changes.contact_mobile.map(|s| s.encrypted.as_str()))
    .bind(changes.contact_mobile.map(|s| s.masked.as_str()))
    .bind(changes.contact_mobile.map(|s| s.hash.as_str()))
    .bind(changes.level_id)
    .bind(changes.tag_ids)
    .bind(at)
    .execute(&mut *conn)
    .await
    .on_unique(|| ApiError::conflict("member_already_registered"))?;
    Ok(())
}

/// The org takes its membership's new name or USCC (`None` keeps one); 409
/// `org_already_on_platform` when another org has them.
pub async fn update_org_name_and_uscc(
    conn: &mut Conn,
    org_id: &str,
    name: Option<&str>,
    uscc: Option<&str>,
    at: i64,
) -> ApiResult<()> {
    sqlx::query(
        "update orgs set name = coalesce($2, name), uscc = coalesce($3, uscc), updated_at = $4 \
         where id = $1",
    )
    .bind(org_id)
    .bind(name)
    .bind(uscc)
    .bind(at)
    .execute(&mut *conn)
    .await
    .on_unique(|| ApiError::conflict("org_already_on_platform"))?;
    Ok(())
}

/// The unit's own profile changes (`None` keeps the stored contact name, legal representative
/// and their mobile).
pub struct ProfileChanges<'a> {
    /// The whole `MemberProfile` as JSON.
    pub profile: &'a str,
    pub contact_name: Option<&'a str>,
    pub legal_rep_name: Option<&'a str>,
    pub legal_rep_mobile: Option<&'a Sealed>,
}

/// Saves the unit's profile (complete or a draft).
pub async fn update_profile(
    conn: &mut Conn,
    id: &str,
    changes: &ProfileChanges<'_>,
) -> sqlx::Result<()> {
    sqlx::query(
        "update memberships set profile = $2, \
         contact_name = coalesce($3, contact_name), legal_rep_name = coalesce($4, legal_rep_name), \
         legal_rep_mobile_encrypted = coalesce($5, legal_rep_mobile_encrypted), \
         legal_rep_mobile_masked = coalesce($6, legal_rep_mobile_masked), updated_at = $7 \
         where id = $1",
    )
    .bind(id)
    .bind(changes.profile)
    .bind(changes.contact_name)
    .bind(changes.legal_rep_name)
    .bind(changes.legal_rep_mobile.map(|s| s.encrypted.as_str()))
    .bind(changes.legal_rep_mobile.map(|s| s.masked.as_str()))
    .bind(now_ms())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Records whether the profile is complete: a completion keeps its first time, `None` clears it.
pub async fn set_profile_completed(
    db: &Db,
    id: &str,
    completed_at: Option<i64>,
) -> sqlx::Result<()> {
    sqlx::query(
        "update memberships set profile_completed_at = case when $2 is null then null \
         else coalesce(profile_completed_at, $2) end where id = $1",
    )
    .bind(id)
    .bind(completed_at)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Unbinds the WeChat second factor; the next sign-in binds anew.
pub async fn clear_wechat(conn: &mut Conn, id: &str) -> sqlx::Result<()> {
    sqlx::query(
        "update memberships set wechat_subject = null, wechat_bound_at = null, updated_at = $2 \
         where id = $1",
    )
    .bind(id)
    .bind(now_ms())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Binds the first WeChat that scans; false when one is bound already (a concurrent first scan
/// by another WeChat loses here).
pub async fn bind_wechat(db: &Db, id: &str, subject: &str) -> sqlx::Result<bool> {
    let bound = sqlx::query(
        "update memberships set wechat_subject = $2, wechat_bound_at = $3, updated_at = $3 \
         where id = $1 and wechat_subject is null",
    )
    .bind(id)
    .bind(subject)
    .bind(now_ms())
    .execute(&db.pool)
    .await?;
    Ok(bound.rows_affected() > 0)
}

// ---- council representatives ------------------------------------------------------------------

/// The membership's council representatives, first added first.
pub async fn council_representatives(
    db: &Db,
    membership_id: &str,
) -> sqlx::Result<Vec<CouncilRepresentative>> {
    sqlx::query_as(
        "select id, name, position, mobile_masked from council_representatives \
         where membership_id = $1 order by created_at, id",
    )
    .bind(membership_id)
    .fetch_all(&db.pool)
    .await
}

/// A council representative, their mobile sealed.
pub struct NewRepresentative<'a> {
    pub id: &'a str,
    pub membership_id: &'a str,
    pub name: &'a str,
    pub position: &'a str,
    pub mobile: &'a Sealed,
}

/// A council representative of the membership, their mobile sealed.
pub async fn insert_council_representative(
    conn: &mut Conn,
    representative: &NewRepresentative<'_>,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into council_representatives (id, membership_id, name, position, \
         mobile_encrypted, mobile_masked, created_at) values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(representative.id)
    .bind(representative.membership_id)
    .bind(representative.name)
    .bind(representative.position)
    .bind(&representative.mobile.encrypted)
    .bind(&representative.mobile.masked)
    .bind(now_ms())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// False when the membership has no representative `id`.
pub async fn delete_council_representative(
    conn: &mut Conn,
    id: &str,
    membership_id: &str,
) -> sqlx::Result<bool> {
    let removed =
        sqlx::query("delete from council_representatives where id = $1 and membership_id = $2")
            .bind(id)
            .bind(membership_id)
            .execute(&mut *conn)
            .await?;
    Ok(removed.rows_affected() > 0)
}

// ---- sign-in ----------------------------------------------------------------------------------

/// The membership's password hash, and when its contact account was proven (null for one
/// registered before contact mobiles were proven by SMS).
pub async fn password_of_membership(db: &Db, id: &str) -> sqlx::Result<(String, Option<i64>)> {
    sqlx::query_as("select password_hash, account_proven_at from memberships where id = $1")
        .bind(id)
        .fetch_one(&db.pool)
        .await
}

/// A challenge that passed the first factor, stored by the keyed hash of its token.
pub async fn insert_sign_in_challenge(
    db: &Db,
    token_hash: &str,
    membership_id: &str,
    at: i64,
    expires_at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into member_sign_in_challenges (token_hash, membership_id, created_at, expires_at) \
         values ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(membership_id)
    .bind(at)
    .bind(expires_at)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Ties an unused, unexpired challenge to the WeChat step's OAuth state, channel and browser;
/// false when there is no such challenge.
pub async fn start_wechat_step(
    db: &Db,
    token_hash: &str,
    oauth_state: &str,
    channel: &str,
    browser_hash: &str,
) -> sqlx::Result<bool> {
    let updated = sqlx::query(
        "update member_sign_in_challenges set wechat_state = $2, wechat_channel = $3, \
         browser_hash = $5 where token_hash = $1 and used_at is null and expires_at > $4",
    )
    .bind(token_hash)
    .bind(oauth_state)
    .bind(channel)
    .bind(now_ms())
    .bind(browser_hash)
    .execute(&db.pool)
    .await?;
    Ok(updated.rows_affected() > 0)
}

/// The challenge a WeChat callback used up.
#[derive(Debug, sqlx::FromRow)]
pub struct ClaimedChallenge {
    pub membership_id: String,
    pub wechat_channel: Option<String>,
}

/// Uses up the unexpired challenge of the WeChat step `wechat_state` started in the browser
/// `browser_hash`. Single use: the conditional update wins once, even for two racing callbacks.
pub async fn claim_challenge(
    db: &Db,
    wechat_state: &str,
    browser_hash: &str,
) -> sqlx::Result<Option<ClaimedChallenge>> {
    sqlx::query_as(
        "update member_sign_in_challenges set used_at = $2 \
         where wechat_state = $1 and used_at is null and expires_at > $2 and browser_hash = $3 \
         returning membership_id, wechat_channel",
    )
    .bind(wechat_state)
    .bind(now_ms())
    .bind(browser_hash)
    .fetch_optional(&db.pool)
    .await
}

// ---- dues payments ----------------------------------------------------------------------------

/// A payment of dues as stored, with its unit's name and the year's fee at the member's level;
/// `dues::Payment` is its wire form (`PaymentRow::view`).
#[derive(Debug, sqlx::FromRow)]
pub struct PaymentRow {
    pub id: String,
    pub membership_id: String,
    pub org_id: String,
    pub unit_name: String,
    pub year: i64,
    pub amount_fen: i64,
    pub fee_fen: Option<i64>,
    pub channel: String,
    pub status: String,
    pub out_trade_no: Option<String>,
    pub gateway_transaction_id: Option<String>,
    pub paid_on: Option<String>,
    pub payer_account: Option<String>,
    pub bank_serial: Option<String>,
    pub voucher_media_id: Option<String>,
    pub reject_reason: Option<String>,
    pub confirm_note: Option<String>,
    pub flag_reason: Option<String>,
    pub receipt_no: Option<String>,
    pub created_at: i64,
    pub settled_at: Option<i64>,
}

pub const PAYMENT_SELECT: &str = "select p.id, p.membership_id, p.org_id, m.unit_name, p.year, \
    p.amount_fen, (select f.amount_fen from member_fees f where f.level_id = m.level_id and f.year = p.year) as fee_fen, \
    p.channel, p.status, p.out_trade_no, p.gateway_transaction_id, p.paid_on, \
    p.payer_account, p.bank_serial, p.voucher_media_id, p.reject_reason, p.confirm_note, p.flag_reason, \
    p.receipt_no, p.created_at, p.settled_at from member_payments p join memberships m on m.id = p.membership_id";

/// The org's payment `payment_id`; 404 when the org has none.
pub async fn payment_of_org(db: &Db, org_id: &str, payment_id: &str) -> ApiResult<PaymentRow> {
    sqlx::query_as(&format!("{PAYMENT_SELECT} where p.id = $1 and p.org_id = $2"))
        .bind(payment_id)
        .bind(org_id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(ApiError::NotFound)
}

/// Any member's payment `payment_id`; 404 when there is none.
pub async fn payment_by_id(db: &Db, payment_id: &str) -> ApiResult<PaymentRow> {
    sqlx::query_as(&format!("{PAYMENT_SELECT} where p.id = $1"))
        .bind(payment_id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(ApiError::NotFound)
}

/// The statuses of the membership's payments of `year`, but `except_payment`'s.
pub async fn payment_statuses_of_year(
    db: &Db,
    membership_id: &str,
    year: i64,
    except_payment: Option<&str>,
) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(
        "select status from member_payments where membership_id = $1 and year = $2 \
         and ($3 is null or id <> $3)",
    )
    .bind(membership_id)
    .bind(year)
    .bind(except_payment)
    .fetch_all(&db.pool)
    .await
}

/// (year, status) of every payment of the membership.
pub async fn payment_years_and_statuses(
    db: &Db,
    membership_id: &str,
) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as("select year, status from member_payments where membership_id = $1")
        .bind(membership_id)
        .fetch_all(&db.pool)
        .await
}

/// Serialises the settling of one membership's dues: the no-op update takes the membership
/// row's lock on PostgreSQL; SQLite's write transactions are serial already.
pub async fn lock_membership(conn: &mut Conn, membership_id: &str) -> sqlx::Result<()> {
    sqlx::query("update memberships set updated_at = updated_at where id = $1")
        .bind(membership_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Whether a payment other than `payment_id` settled the membership's dues of `year`.
pub async fn settled_by_another_payment(
    conn: &mut Conn,
    membership_id: &str,
    year: i64,
    payment_id: &str,
) -> sqlx::Result<bool> {
    let settled: i64 = sqlx::query_scalar(
        "select count(*) from member_payments where membership_id = $1 and year = $2 \
         and id <> $3 and status in ('paid', 'confirmed')",
    )
    .bind(membership_id)
    .bind(year)
    .bind(payment_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(settled > 0)
}

/// How many payments the membership has made or started.
pub async fn count_payments_of_membership(db: &Db, membership_id: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar("select count(*) from member_payments where membership_id = $1")
        .bind(membership_id)
        .fetch_one(&db.pool)
        .await
}

/// A page of the membership's payments, newest first.
pub async fn payments_of_membership(
    db: &Db,
    membership_id: &str,
    page: &PageQuery,
) -> sqlx::Result<Vec<PaymentRow>> {
    sqlx::query_as(&format!(
        "{PAYMENT_SELECT} where p.membership_id = $1 order by p.created_at desc, p.id desc \
         limit $2 offset $3"
    ))
    .bind(membership_id)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(&db.pool)
    .await
}

/// How many payments (of any member) are in `status`.
pub async fn count_payments_with_status(db: &Db, status: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar("select count(*) from member_payments where status = $1")
        .bind(status)
        .fetch_one(&db.pool)
        .await
}

/// A page of the payments (of any member) in `status`, oldest first.
pub async fn payments_with_status(
    db: &Db,
    status: &str,
    page: &PageQuery,
) -> sqlx::Result<Vec<PaymentRow>> {
    sqlx::query_as(&format!(
        "{PAYMENT_SELECT} where p.status = $1 order by p.created_at, p.id limit $2 offset $3"
    ))
    .bind(status)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(&db.pool)
    .await
}

/// The unit's USCC, for its receipts.
pub async fn uscc_of_membership(db: &Db, membership_id: &str) -> sqlx::Result<String> {
    sqlx::query_scalar("select uscc from memberships where id = $1")
        .bind(membership_id)
        .fetch_one(&db.pool)
        .await
}

/// What the member states of an offline payment (text trimmed).
pub struct OfflinePaymentFields<'a> {
    pub year: i64,
    pub amount_fen: i64,
    /// `YYYY-MM-DD`.
    pub paid_on: &'a str,
    pub payer_account: &'a str,
    pub bank_serial: &'a str,
    pub voucher_media_id: &'a str,
}

/// An offline payment as the member submits it.
pub struct NewOfflinePayment<'a> {
    pub id: &'a str,
    pub membership_id: &'a str,
    pub org_id: &'a str,
    pub fields: OfflinePaymentFields<'a>,
    pub created_by: &'a str,
    pub at: i64,
}

/// An offline payment, submitted for an admin to confirm.
pub async fn insert_offline_payment(
    conn: &mut Conn,
    payment: &NewOfflinePayment<'_>,
) -> sqlx::Result<()> {
    let fields = &payment.fields;
    sqlx::query(
        "insert into member_payments (id, membership_id, org_id, year, amount_fen, channel, status, \
         paid_on, payer_account, bank_serial, voucher_media_id, created_by, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, 'offline', 'submitted', $6, $7, $8, $9, $10, $11, $11)",
    )
    .bind(payment.id)
    .bind(payment.membership_id)
    .bind(payment.org_id)
    .bind(fields.year)
    .bind(fields.amount_fen)
    .bind(fields.paid_on)
    .bind(fields.payer_account)
    .bind(fields.bank_serial)
    .bind(fields.voucher_media_id)
    .bind(payment.created_by)
    .bind(payment.at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Rewrites a submitted or rejected offline payment and submits it again; false when it is
/// neither any more.
pub async fn update_offline_payment(
    conn: &mut Conn,
    payment_id: &str,
    org_id: &str,
    fields: &OfflinePaymentFields<'_>,
) -> sqlx::Result<bool> {
    let updated = sqlx::query(
        "update member_payments set year = $3, amount_fen = $4, paid_on = $5, payer_account = $6, \
         bank_serial = $7, voucher_media_id = $8, status = 'submitted', reject_reason = null, \
         updated_at = $9 where id = $1 and org_id = $2 and status in ('submitted', 'rejected')",
    )
    .bind(payment_id)
    .bind(org_id)
    .bind(fields.year)
    .bind(fields.amount_fen)
    .bind(fields.paid_on)
    .bind(fields.payer_account)
    .bind(fields.bank_serial)
    .bind(fields.voucher_media_id)
    .bind(now_ms())
    .execute(&mut *conn)
    .await?;
    Ok(updated.rows_affected() > 0)
}

/// Withdraws a submitted or rejected offline payment; false when it is neither any more.
pub async fn delete_offline_payment(
    conn: &mut Conn,
    payment_id: &str,
    org_id: &str,
) -> sqlx::Result<bool> {
    let deleted = sqlx::query(
        "delete from member_payments where id = $1 and org_id = $2 \
         and status in ('submitted', 'rejected')",
    )
    .bind(payment_id)
    .bind(org_id)
    .execute(&mut *conn)
    .await?;
    Ok(deleted.rows_affected() > 0)
}

/// An operator's decision on a payment.
pub struct PaymentDecisionRow<'a> {
    pub id: &'a str,
    /// The state the payment takes.
    pub status: &'a str,
    pub reject_reason: Option<&'a str>,
    pub receipt_no: Option<&'a str>,
    pub settled_at: Option<i64>,
    pub decided_by: &'a str,
    pub at: i64,
    /// The state the payment must be in.
    pub from: &'a str,
    pub confirm_note: Option<&'a str>,
}

/// Confirms or rejects a payment that is still in state `from`; false when it left it.
pub async fn decide_payment(
    conn: &mut Conn,
    decision: &PaymentDecisionRow<'_>,
) -> sqlx::Result<bool> {
    let decided = sqlx::query(
        "update member_payments set status = $2, reject_reason = $3, receipt_no = $4, \
         settled_at = $5, decided_by = $6, updated_at = $7, confirm_note = $9 where id = $1 and status = $8",
    )
    .bind(decision.id)
    .bind(decision.status)
    .bind(decision.reject_reason)
    .bind(decision.receipt_no)
    .bind(decision.settled_at)
    .bind(decision.decided_by)
    .bind(decision.at)
    .bind(decision.from)
    .bind(decision.confirm_note)
    .execute(&mut *conn)
    .await?;
    Ok(decided.rows_affected() > 0)
}
