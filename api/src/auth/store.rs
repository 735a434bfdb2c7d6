//! Account SQL: accounts, SMS codes and their send quotas, password lockouts, operators and
//! the audit log they read. The SSO flow's statements are in `sso/store.rs`.

use tracing::instrument;

use super::admin::AuditRecord;
use crate::{
    db::{Conn, Db, new_id, now_ms},
    domain::Mobile,
    error::{ApiError, ApiResult},
};

// ---- accounts ---------------------------------------------------------------------------------

#[derive(Debug, sqlx::FromRow)]
pub struct Account {
    pub id: String,
    pub status: String,
}

/// The account of a phone, if it has one.
#[instrument(skip_all)]
pub async fn find_by_mobile(db: &Db, mobile: &Mobile) -> ApiResult<Option<Account>> {
    Ok(sqlx::query_as::<_, Account>("select id, status from users where mobile = $1")
        .bind(mobile.as_ref())
        .fetch_optional(&db.pool)
        .await?)
}

/// Registers a phone on its first sign-in. Two first sign-ins racing for one phone end with
/// one account: the loser reads the winner's row.
#[instrument(skip_all)]
pub async fn register_by_mobile(db: &Db, mobile: &Mobile) -> ApiResult<Account> {
    let now = now_ms();
    let inserted = sqlx::query(
        "insert into users (id, mobile, display_name, status, agreed_terms_at, created_at, updated_at) \
         values ($1, $2, $3, 'active', $4, $4, $4) on conflict (mobile) do nothing",
    )
    .bind(new_id())
    .bind(mobile.as_ref())
    .bind(mobile.masked())
    .bind(now)
    .execute(&db.pool)
    .await?;
    if inserted.rows_affected() == 0 {
        tracing::debug!("concurrent registration of one phone; using the existing account");
    }
    find_by_mobile(db, mobile)
        .await?
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("registered account not found")))
}

/// An account created by a first SSO login without a phone (not WeChat: SPEC §1 requires a
/// verified phone there). It signs in through its linked identity.
#[instrument(skip_all)]
pub async fn register_without_mobile(db: &Db, display_name: &str) -> ApiResult<String> {
    let id = new_id();
    let now = now_ms();
    sqlx::query(
        "insert into users (id, mobile, display_name, status, agreed_terms_at, created_at, updated_at) \
         values ($1, null, $2, 'active', $3, $3, $3)",
    )
    .bind(&id)
    .bind(display_name)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(id)
}

/// An account as its owner sees it (`GET /me`).
#[derive(Debug, sqlx::FromRow)]
pub struct UserRow {
    pub id: String,
    pub mobile: Option<String>,
    pub display_name: String,
    pub password_hash: Option<String>,
    pub admin_role: Option<String>,
    pub created_at: i64,
}

/// The account `user_id`, if it exists.
pub async fn user_by_id(db: &Db, user_id: &str) -> sqlx::Result<Option<UserRow>> {
    sqlx::query_as::<_, UserRow>(
        "select id, mobile, display_name, password_hash, admin_role, created_at \
         from users where id = $1",
    )
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await
}

/// The status (`active`, …) of the account `user_id`; `None` when it does not exist.
pub async fn account_status(db: &Db, user_id: &str) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("select status from users where id = $1")
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await
}

// ---- SMS codes and their quotas ---------------------------------------------------------------

/// Counts a code sent from `ip` in its hourly window (a new window when the current one
/// started at or before `window_start`): the window's count, or `None` when the address has
/// used up `quota` and nothing was counted.
pub async fn count_ip_send(
    conn: &mut Conn,
    ip: &str,
    now: i64,
    window_start: i64,
    quota: i64,
) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "insert into sms_ip_throttle (ip, window_started_at, window_count) values ($1, $2, 1) \
         on conflict (ip) do update set \
           window_started_at = case when sms_ip_throttle.window_started_at <= $3 then $2 \
                               else sms_ip_throttle.window_started_at end, \
           window_count = case when sms_ip_throttle.window_started_at <= $3 then 1 \
                          else sms_ip_throttle.window_count + 1 end \
         where sms_ip_throttle.window_started_at <= $3 or sms_ip_throttle.window_count < $4 \
         returning window_count",
    )
    .bind(ip)
    .bind(now)
    .bind(window_start)
    .bind(quota)
    .fetch_optional(&mut *conn)
    .await
}

/// When the hourly window of `ip` started.
pub async fn ip_window_started(conn: &mut Conn, ip: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar("select window_started_at from sms_ip_throttle where ip = $1")
        .bind(ip)
        .fetch_one(&mut *conn)
        .await
}

/// The send slot of `phone`: (last sent, daily window started, sends in the window).
pub async fn phone_slot(conn: &mut Conn, phone: &Mobile) -> sqlx::Result<Option<(i64, i64, i64)>> {
    sqlx::query_as(
        "select last_sent_at, window_started_at, window_count from sms_phone_throttle \
         where phone = $1",
    )
    .bind(phone.as_ref())
    .fetch_optional(&mut *conn)
    .await
}

/// Counts a code sent to `phone` now, unless the last one was sent after `resend_before` or
/// the daily window (new when it started at or before `window_start`) holds `quota` sends:
/// the window's count, or `None` when refused and nothing was counted.
pub async fn count_phone_send(
    conn: &mut Conn,
    phone: &Mobile,
    now: i64,
    window_start: i64,
    resend_before: i64,
    quota: i64,
) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "insert into sms_phone_throttle (phone, last_sent_at, window_started_at, window_count) \
         values ($1, $2, $2, 1) \
         on conflict (phone) do update set \
           last_sent_at = $2, \
           window_started_at = case when sms_phone_throttle.window_started_at <= $3 then $2 \
                               else sms_phone_throttle.window_started_at end, \
           window_count = case when sms_phone_throttle.window_started_at <= $3 then 1 \
                          else sms_phone_throttle.window_count + 1 end \
         where sms_phone_throttle.last_sent_at <= $4 \
           and (sms_phone_throttle.window_started_at <= $3 or sms_phone_throttle.window_count < $5) \
         returning window_count",
    )
    .bind(phone.as_ref())
    .bind(now)
    .bind(window_start)
    .bind(resend_before)
    .bind(quota)
    .fetch_optional(&mut *conn)
    .await
}

/// When a code was last sent to `phone`, and when its daily window started.
pub async fn phone_send_times(conn: &mut Conn, phone: &Mobile) -> sqlx::Result<(i64, i64)> {
    sqlx::query_as(
        "select last_sent_at, window_started_at from sms_phone_throttle where phone = $1",
    )
    .bind(phone.as_ref())
    .fetch_one(&mut *conn)
    .await
}

/// A code sent (stored by its keyed hash only).
pub struct IssuedSmsCode<'a> {
    pub id: &'a str,
    pub phone: &'a Mobile,
    pub purpose: &'a str,
    pub code_hash: &'a str,
    pub created_at: i64,
    pub expires_at: i64,
}

/// A code, with no wrong tries yet.
pub async fn insert_sms_code(conn: &mut Conn, code: &IssuedSmsCode<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "insert into sms_codes (id, phone, purpose, code_hash, attempts, created_at, expires_at) \
         values ($1, $2, $3, $4, 0, $5, $6)",
    )
    .bind(code.id)
    .bind(code.phone.as_ref())
    .bind(code.purpose)
    .bind(code.code_hash)
    .bind(code.created_at)
    .bind(code.expires_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Removes the code `id` (the gateway never sent it).
pub async fn delete_sms_code(conn: &mut Conn, id: &str) -> sqlx::Result<()> {
    sqlx::query("delete from sms_codes where id = $1").bind(id).execute(&mut *conn).await?;
    Ok(())
}

/// Puts the send slot of `phone` back as it was before a send.
pub async fn restore_phone_slot(
    conn: &mut Conn,
    phone: &Mobile,
    last_sent: i64,
    window_started: i64,
    window_count: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "update sms_phone_throttle set last_sent_at = $2, window_started_at = $3, \
         window_count = $4 where phone = $1",
    )
    .bind(phone.as_ref())
    .bind(last_sent)
    .bind(window_started)
    .bind(window_count)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Forgets the send slot of `phone` (it had none before a send).
pub async fn delete_phone_slot(conn: &mut Conn, phone: &Mobile) -> sqlx::Result<()> {
    sqlx::query("delete from sms_phone_throttle where phone = $1")
        .bind(phone.as_ref())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The latest unspent code sent to `phone` for `purpose`: (id, code hash, wrong tries,
/// expiry).
pub async fn latest_sms_code(
    db: &Db,
    phone: &Mobile,
    purpose: &str,
) -> sqlx::Result<Option<(String, String, i64, i64)>> {
    sqlx::query_as(
        "select id, code_hash, attempts, expires_at from sms_codes \
         where phone = $1 and purpose = $2 and consumed_at is null \
         order by created_at desc limit 1",
    )
    .bind(phone.as_ref())
    .bind(purpose)
    .fetch_optional(&db.pool)
    .await
}

/// Counts a wrong try at the code `id`.
pub async fn count_wrong_sms_code(db: &Db, id: &str) -> sqlx::Result<()> {
    sqlx::query("update sms_codes set attempts = attempts + 1 where id = $1")
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Spends the code `id` unless it is spent or has `max_wrong_tries`: true for the one caller
/// that spent it. Conditional, so two requests racing with the same code consume it once.
pub async fn consume_sms_code(
    db: &Db,
    id: &str,
    now: i64,
    max_wrong_tries: i64,
) -> sqlx::Result<bool> {
    let consumed = sqlx::query(
        "update sms_codes set consumed_at = $2 \
         where id = $1 and consumed_at is null and attempts < $3",
    )
    .bind(id)
    .bind(now)
    .bind(max_wrong_tries)
    .execute(&db.pool)
    .await?;
    Ok(consumed.rows_affected() == 1)
}

// ---- passwords --------------------------------------------------------------------------------

#[derive(Debug, sqlx::FromRow)]
pub struct PasswordAccount {
    pub id: String,
    pub status: String,
    pub password_hash: Option<String>,
}

/// The account of a phone with its password hash, if it has one.
#[instrument(skip_all)]
pub async fn password_account(db: &Db, mobile: &str) -> sqlx::Result<Option<PasswordAccount>> {
    sqlx::query_as::<_, PasswordAccount>(
        "select id, status, password_hash from users where mobile = $1",
    )
    .bind(mobile)
    .fetch_optional(&db.pool)
    .await
}

/// When the password lock of a sign-in target (by its key) ends, if it was ever locked.
pub async fn lockout_until(db: &Db, target_key: &str) -> sqlx::Result<Option<i64>> {
    let until: Option<Option<i64>> =
        sqlx::query_scalar("select locked_until from password_lockouts where target = $1")
            .bind(target_key)
            .fetch_optional(&db.pool)
            .await?;
    Ok(until.flatten())
}

/// Counts a failed password sign-in at a target (a new window when the current one started at
/// or before `window_start`) and returns the failures in the window. One conditional upsert
/// per failure, so concurrent guesses are all counted.
pub async fn count_password_failure(
    db: &Db,
    target_key: &str,
    window_start: i64,
    now: i64,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "insert into password_lockouts (target, failures, window_started_at) values ($1, 1, $3) \
         on conflict (target) do update set \
           failures = case when password_lockouts.window_started_at <= $2 then 1 \
                      else password_lockouts.failures + 1 end, \
           window_started_at = case when password_lockouts.window_started_at <= $2 then $3 \
                               else password_lockouts.window_started_at end \
         returning failures",
    )
    .bind(target_key)
    .bind(window_start)
    .bind(now)
    .fetch_one(&db.pool)
    .await
}

/// Locks password sign-in at a target until `until`, its failures starting over.
pub async fn lock_password_target(
    db: &Db,
    target_key: &str,
    until: i64,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "update password_lockouts set locked_until = $2, failures = 0, window_started_at = $3 \
         where target = $1",
    )
    .bind(target_key)
    .bind(until)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Forgets a target's failures and lock.
pub async fn delete_lockout(db: &Db, target_key: &str) -> sqlx::Result<()> {
    sqlx::query("delete from password_lockouts where target = $1")
        .bind(target_key)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Sets (or replaces) the password hash of the account `user_id`.
#[instrument(skip_all)]
pub async fn set_password_hash(db: &Db, user_id: &str, hash: &str) -> sqlx::Result<()> {
    sqlx::query("update users set password_hash = $2, updated_at = $3 where id = $1")
        .bind(user_id)
        .bind(hash)
        .bind(now_ms())
        .execute(&db.pool)
        .await?;
    Ok(())
}

// ---- platform operators and the audit log -----------------------------------------------------

/// Makes the account `user_id` a platform operator with `role`.
pub async fn set_admin_role(db: &Db, user_id: &str, role: &str) -> sqlx::Result<()> {
    sqlx::query("update users set admin_role = $2 where id = $1")
        .bind(user_id)
        .bind(role)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// The audit log's filters as bound (`None`: any). `action_pattern` is a `LIKE` pattern with
/// `\` as its escape; `from` and `to` are epoch ms, `from` inclusive.
pub struct AuditQuery {
    pub actor_id: Option<String>,
    pub action_pattern: Option<String>,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub org_id: Option<String>,
    pub from: Option<i64>,
    pub to: Option<i64>,
}

const AUDIT_FILTERS: &str = "($1 is null or actor_id = $1) and ($2 is null or action like $2 escape '\\') \
    and ($3 is null or object_type = $3) and ($4 is null or object_id = $4) \
    and ($5 is null or org_id = $5) and ($6 is null or at >= $6) and ($7 is null or at < $7)";

/// How many audit entries match `query`.
pub async fn count_audit_entries(db: &Db, query: &AuditQuery) -> sqlx::Result<i64> {
    sqlx::query_scalar(&format!("select count(*) from audit_log where {AUDIT_FILTERS}"))
        .bind(query.actor_id.as_deref())
        .bind(query.action_pattern.as_deref())
        .bind(query.object_type.as_deref())
        .bind(query.object_id.as_deref())
        .bind(query.org_id.as_deref())
        .bind(query.from)
        .bind(query.to)
        .fetch_one(&db.pool)
        .await
}

/// One page of the audit entries matching `query`, newest first (names not filled in).
pub async fn audit_entries(
    db: &Db,
    query: &AuditQuery,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Vec<AuditRecord>> {
    sqlx::query_as(&format!(
        "select id, at, actor_kind, actor_id, org_id, action, object_type, object_id, ip, \
         request_id, details from audit_log where {AUDIT_FILTERS} order by at desc, id desc \
         limit $8 offset $9"
    ))
    .bind(query.actor_id.as_deref())
    .bind(query.action_pattern.as_deref())
    .bind(query.object_type.as_deref())
    .bind(query.object_id.as_deref())
    .bind(query.org_id.as_deref())
    .bind(query.from)
    .bind(query.to)
    .bind(limit)
    .bind(offset)
    .fetch_all(&db.pool)
    .await
}

/// The name of the org `org_id`, if it exists.
pub async fn org_name(db: &Db, org_id: &str) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("select name from orgs where id = $1")
        .bind(org_id)
        .fetch_optional(&db.pool)
        .await
}

/// The name of the integrator's credential `client_id`, if it exists.
pub async fn api_client_name(db: &Db, client_id: &str) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("select name from api_clients where id = $1")
        .bind(client_id)
        .fetch_optional(&db.pool)
        .await
}

/// The display name and phone of the account `user_id`, if it exists.
pub async fn name_and_mobile(
    db: &Db,
    user_id: &str,
) -> sqlx::Result<Option<(Option<String>, Option<String>)>> {
    sqlx::query_as("select display_name, mobile from users where id = $1")
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await
}
