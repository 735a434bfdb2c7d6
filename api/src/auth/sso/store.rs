//! The SSO flow's SQL: flow states, one-time codes and tickets, linked identities, and the org
//! a 海易办 legal person certifies. Accounts themselves are in `auth/store.rs`.

use super::LinkedIdentity;
use crate::{
    db::{Conn, Db, new_id, now_ms},
    error::{ApiError, ApiResult, OnConstraint},
    integrations::ExternalIdentity,
};

// ---- flow states ------------------------------------------------------------------------------

/// Whether `user_id` is a member of `org_id` (not suspended).
pub async fn is_active_member(db: &Db, org_id: &str, user_id: &str) -> sqlx::Result<bool> {
    Ok(sqlx::query_scalar::<_, i64>(
        "select 1 from org_members where org_id = $1 and user_id = $2 and suspended_at is null",
    )
    .bind(org_id)
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await?
    .is_some())
}

/// A flow started at a provider, waiting for its callback.
pub struct NewFlowState<'a> {
    pub state: &'a str,
    pub provider: &'a str,
    pub next_path: &'a str,
    /// The signed-in user linking the identity (`None`: a sign-in).
    pub link_user_id: Option<&'a str>,
    pub pkce_verifier: &'a str,
    pub nonce: &'a str,
    pub created_at: i64,
    pub expires_at: i64,
    /// The keyed hash of the starting browser's binding.
    pub browser_hash: &'a str,
    pub certify_org_id: Option<&'a str>,
}

/// A flow's single-use `state`.
pub async fn insert_flow_state(db: &Db, flow: &NewFlowState<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "insert into sso_states (state, provider, next_path, link_user_id, pkce_verifier, nonce, \
         created_at, expires_at, browser_hash, certify_org_id) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(flow.state)
    .bind(flow.provider)
    .bind(flow.next_path)
    .bind(flow.link_user_id)
    .bind(flow.pkce_verifier)
    .bind(flow.nonce)
    .bind(flow.created_at)
    .bind(flow.expires_at)
    .bind(flow.browser_hash)
    .bind(flow.certify_org_id)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// What a spent flow state tells its callback.
#[derive(Debug, sqlx::FromRow)]
pub struct ClaimedState {
    pub next_path: String,
    pub link_user_id: Option<String>,
    pub pkce_verifier: Option<String>,
    pub nonce: Option<String>,
    pub certify_org_id: Option<String>,
}

/// Spends the flow `state` of `provider` if it is unspent, unexpired at `now` and was started
/// in the browser `browser_hash`: the conditional update wins once, even for two racing
/// callbacks.
pub async fn claim_flow_state(
    db: &Db,
    state: &str,
    provider: &str,
    now: i64,
    browser_hash: &str,
) -> sqlx::Result<Option<ClaimedState>> {
    sqlx::query_as(
        "update sso_states set used_at = $3 \
         where state = $1 and provider = $2 and used_at is null and expires_at > $3 \
           and browser_hash = $4 \
         returning next_path, link_user_id, pkce_verifier, nonce, certify_org_id",
    )
    .bind(state)
    .bind(provider)
    .bind(now)
    .bind(browser_hash)
    .fetch_optional(&db.pool)
    .await
}

// ---- one-time login codes and first-login tickets ---------------------------------------------

/// A one-time code (`login`) or ticket (`pending`), stored by its hash only.
pub struct NewHandoff<'a> {
    pub code_hash: &'a str,
    pub kind: &'a str,
    pub user_id: Option<&'a str>,
    pub provider: &'a str,
    pub subject: &'a str,
    pub display_name: &'a str,
    /// JSON: `{ "legal_person": … }`.
    pub profile: &'a str,
    pub created_at: i64,
    pub expires_at: i64,
}

/// A code or ticket, unspent.
pub async fn insert_handoff(db: &Db, handoff: &NewHandoff<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "insert into sso_handoffs (code_hash, kind, user_id, provider, subject, display_name, profile, \
         created_at, expires_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(handoff.code_hash)
    .bind(handoff.kind)
    .bind(handoff.user_id)
    .bind(handoff.provider)
    .bind(handoff.subject)
    .bind(handoff.display_name)
    .bind(handoff.profile)
    .bind(handoff.created_at)
    .bind(handoff.expires_at)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// A spent code or ticket: whom and what it was issued for.
#[derive(Debug, sqlx::FromRow)]
pub struct Handoff {
    pub user_id: Option<String>,
    pub provider: String,
    pub subject: Option<String>,
    pub display_name: String,
    pub profile: String,
}

/// Spends the code or ticket of `kind` with `code_hash` once, unless it is spent or expired at
/// `now`.
pub async fn claim_handoff(
    db: &Db,
    code_hash: &str,
    kind: &str,
    now: i64,
) -> sqlx::Result<Option<Handoff>> {
    sqlx::query_as::<_, Handoff>(
        "update sso_handoffs set used_at = $3 \
         where code_hash = $1 and kind = $2 and used_at is null and expires_at > $3 \
         returning user_id, provider, subject, display_name, profile",
    )
    .bind(code_hash)
    .bind(kind)
    .bind(now)
    .fetch_optional(&db.pool)
    .await
}

/// The provider of a live first-login ticket (by its hash), without spending it.
pub async fn pending_ticket_provider(
    db: &Db,
    code_hash: &str,
    now: i64,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar(
        "select provider from sso_handoffs \
         where code_hash = $1 and kind = 'pending' and used_at is null and expires_at > $2",
    )
    .bind(code_hash)
    .bind(now)
    .fetch_optional(&db.pool)
    .await
}

// ---- linked identities ------------------------------------------------------------------------

/// The account the identity `subject` at `provider_key` is linked to, if any.
pub async fn identity_owner(
    db: &Db,
    provider_key: &str,
    subject: &str,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("select user_id from user_identities where provider = $1 and subject = $2")
        .bind(provider_key)
        .bind(subject)
        .fetch_optional(&db.pool)
        .await
}

/// Whether the account already has an identity at `provider_key` (one per provider: a second
/// WeChat beside the first would be unlinked with it, and nobody could tell them apart).
pub async fn has_identity_at(db: &Db, user_id: &str, provider_key: &str) -> sqlx::Result<bool> {
    let linked: Option<i64> =
        sqlx::query_scalar("select 1 from user_identities where user_id = $1 and provider = $2")
            .bind(user_id)
            .bind(provider_key)
            .fetch_optional(&db.pool)
            .await?;
    Ok(linked.is_some())
}

/// Links `identity` at `provider_key` to the account `user_id`: 409 `identity_bound_elsewhere`
/// when the identity is linked already.
pub async fn insert_identity(
    db: &Db,
    user_id: &str,
    provider_key: &str,
    identity: &ExternalIdentity,
) -> ApiResult<()> {
    sqlx::query(
        "insert into user_identities (id, user_id, provider, subject, display_name, created_at) \
         values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(new_id())
    .bind(user_id)
    .bind(provider_key)
    .bind(&identity.subject)
    .bind(&identity.display_name)
    .bind(now_ms())
    .execute(&db.pool)
    .await
    .on_unique(|| ApiError::conflict("identity_bound_elsewhere"))?;
    Ok(())
}

/// The identities linked to the account `user_id`, oldest first (`linked_at` not filled in).
pub async fn identities_of_user(db: &Db, user_id: &str) -> sqlx::Result<Vec<LinkedIdentity>> {
    sqlx::query_as::<_, LinkedIdentity>(
        "select id, provider, display_name, created_at from user_identities where user_id = $1 \
         order by created_at, provider",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await
}

/// The phone of the account `user_id` and how many identities it has linked.
pub async fn mobile_and_identity_count(
    db: &Db,
    user_id: &str,
) -> sqlx::Result<(Option<String>, i64)> {
    sqlx::query_as(
        "select u.mobile, (select count(*) from user_identities i where i.user_id = u.id) \
         from users u where u.id = $1",
    )
    .bind(user_id)
    .fetch_one(&db.pool)
    .await
}

/// Unlinks the account's identity at `provider`; false when it had none.
pub async fn delete_identity(db: &Db, user_id: &str, provider: &str) -> sqlx::Result<bool> {
    let removed = sqlx::query("delete from user_identities where user_id = $1 and provider = $2")
        .bind(user_id)
        .bind(provider)
        .execute(&db.pool)
        .await?;
    Ok(removed.rows_affected() > 0)
}

// ---- 海易办 certification ----------------------------------------------------------------------

/// The org registered with `uscc`: (id, certification).
pub async fn org_by_uscc(conn: &mut Conn, uscc: &str) -> sqlx::Result<Option<(String, String)>> {
    sqlx::query_as("select id, certification from orgs where uscc = $1")
        .bind(uscc)
        .fetch_optional(&mut *conn)
        .await
}

/// The role of `user_id` in `org_id`, when an active (not suspended) member.
pub async fn active_role(
    conn: &mut Conn,
    org_id: &str,
    user_id: &str,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar(
        "select role from org_members where org_id = $1 and user_id = $2 \
         and suspended_at is null",
    )
    .bind(org_id)
    .bind(user_id)
    .fetch_optional(&mut *conn)
    .await
}

/// Whether an org other than the one with `uscc` holds `name` (names are unique).
pub async fn name_taken_by_other_org(
    conn: &mut Conn,
    name: &str,
    uscc: &str,
) -> sqlx::Result<bool> {
    let taken: Option<i64> =
        sqlx::query_scalar("select 1 from orgs where name = $1 and (uscc is null or uscc <> $2)")
            .bind(name)
            .bind(uscc)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(taken.is_some())
}

/// Certifies the org `org_id` by 海易办, under the government's name and legal representative.
pub async fn certify_org(
    conn: &mut Conn,
    org_id: &str,
    name: &str,
    legal_representative: &str,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "update orgs set name = $2, legal_representative = $3, certification = 'certified', \
         certified_by = 'hainan_gov', certified_at = $4, updated_at = $4 where id = $1",
    )
    .bind(org_id)
    .bind(name)
    .bind(legal_representative)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A new org, certified by 海易办 from the start.
pub async fn insert_certified_org(
    conn: &mut Conn,
    org_id: &str,
    name: &str,
    uscc: &str,
    legal_representative: &str,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into orgs (id, name, uscc, legal_representative, certification, certified_by, \
         certified_at, created_at, updated_at) \
         values ($1, $2, $3, $4, 'certified', 'hainan_gov', $5, $5, $5)",
    )
    .bind(org_id)
    .bind(name)
    .bind(uscc)
    .bind(legal_representative)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Suspends every active member of `org_id` but `user_id`, and returns who was suspended.
pub async fn suspend_other_members(
    conn: &mut Conn,
    org_id: &str,
    user_id: &str,
    at: i64,
) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(
        "update org_members set suspended_at = $3 \
         where org_id = $1 and user_id <> $2 and suspended_at is null returning user_id",
    )
    .bind(org_id)
    .bind(user_id)
    .bind(at)
    .fetch_all(&mut *conn)
    .await
}

/// Makes `user_id` the active owner of `org_id`, whether or not a member before.
pub async fn make_owner(conn: &mut Conn, org_id: &str, user_id: &str, at: i64) -> sqlx::Result<()> {
    sqlx::query(
        "insert into org_members (org_id, user_id, role, created_at) values ($1, $2, 'owner', $3) \
         on conflict (org_id, user_id) do update set role = 'owner', suspended_at = null",
    )
    .bind(org_id)
    .bind(user_id)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The USCC of the org `org_id` (`None`: no such org, or it has none).
pub async fn org_uscc(db: &Db, org_id: &str) -> sqlx::Result<Option<String>> {
    let uscc: Option<Option<String>> = sqlx::query_scalar("select uscc from orgs where id = $1")
        .bind(org_id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(uscc.flatten())
}
