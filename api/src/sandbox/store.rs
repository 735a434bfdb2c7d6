//! The sandbox's statements: the SMS outbox, the simulated SSO providers' accounts and grants,
//! the training DingTalk (departments, users, lives and their watchers) and the payment
//! gateways' orders. Every table here is `sandbox_*`: nothing outside the sandbox reads them.

use crate::{
    db::{Conn, Db, new_id, now_ms},
    error::{ApiError, ApiResult},
};

// ---- SMS ----------------------------------------------------------------------------------------

/// (purpose, code, sent at) of the last code the sandbox SMS gateway "delivered" to `phone`.
pub async fn last_sms_to(db: &Db, phone: &str) -> sqlx::Result<Option<(String, String, i64)>> {
    sqlx::query_as(
        "select purpose, code, created_at from sandbox_sms_outbox where phone = $1 \
         order by created_at desc, id desc limit 1",
    )
    .bind(phone)
    .fetch_optional(&db.pool)
    .await
}

// ---- SSO providers ------------------------------------------------------------------------------

/// A seed test account (every sandbox starts with them).
pub struct NewAccount<'a> {
    pub id: &'a str,
    pub provider: &'a str,
    pub subject: &'a str,
    pub unionid: Option<&'a str>,
    pub nickname: &'a str,
    /// 海易办 account kind; for legal persons also their organization below.
    pub kind: Option<&'a str>,
    pub org_name: Option<&'a str>,
    pub uscc: Option<&'a str>,
    pub legal_representative: Option<&'a str>,
}

/// Adds a seed account unless it is there already.
pub async fn insert_seed_account(db: &Db, account: &NewAccount<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "insert into sandbox_accounts (id, provider, subject, unionid, nickname, kind, org_name, \
         uscc, legal_representative) values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict do nothing",
    )
    .bind(account.id)
    .bind(account.provider)
    .bind(account.subject)
    .bind(account.unionid)
    .bind(account.nickname)
    .bind(account.kind)
    .bind(account.org_name)
    .bind(account.uscc)
    .bind(account.legal_representative)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Adds a test account created on a provider's sign-in page.
pub async fn insert_account(
    db: &Db,
    id: &str,
    provider: &str,
    subject: &str,
    unionid: &str,
    nickname: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into sandbox_accounts (id, provider, subject, unionid, nickname) values ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(provider)
    .bind(subject)
    .bind(unionid)
    .bind(nickname)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// (id, nickname) of a provider's test accounts, as its sign-in page lists them.
pub async fn accounts_of_provider(db: &Db, provider: &str) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query_as("select id, nickname from sandbox_accounts where provider = $1 order by id")
        .bind(provider)
        .fetch_all(&db.pool)
        .await
}

/// A test account, as the providers' token and user endpoints describe it.
#[derive(Debug, sqlx::FromRow)]
pub struct Account {
    pub id: String,
    pub subject: String,
    pub unionid: Option<String>,
    pub nickname: String,
    pub kind: Option<String>,
    pub org_name: Option<String>,
    pub uscc: Option<String>,
    pub legal_representative: Option<String>,
}

pub async fn account_by_id(db: &Db, id: &str) -> sqlx::Result<Option<Account>> {
    sqlx::query_as::<_, Account>(
        "select id, subject, unionid, nickname, kind, org_name, uscc, legal_representative \
         from sandbox_accounts where id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await
}

/// A sign-in code the client redeems for an access token.
pub async fn insert_code_grant(
    db: &Db,
    code: &str,
    account_id: &str,
    client_id: &str,
    expires_at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into sandbox_grants (token, kind, account_id, client_id, expires_at) \
         values ($1, 'code', $2, $3, $4)",
    )
    .bind(code)
    .bind(account_id)
    .bind(client_id)
    .bind(expires_at)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Spends an unused, unexpired code of `client_id` (once only): the account it was issued for.
pub async fn spend_code(
    db: &Db,
    code: &str,
    client_id: &str,
    now: i64,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar(
        "update sandbox_grants set used_at = $3 \
         where token = $1 and kind = 'code' and client_id = $2 and used_at is null and expires_at > $3 \
         returning account_id",
    )
    .bind(code)
    .bind(client_id)
    .bind(now)
    .fetch_optional(&db.pool)
    .await
}

/// An access token minted for a spent code.
pub async fn insert_access_token_grant(
    db: &Db,
    token: &str,
    account_id: &str,
    client_id: &str,
    expires_at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into sandbox_grants (token, kind, account_id, client_id, expires_at) \
         values ($1, 'access_token', $2, $3, $4)",
    )
    .bind(token)
    .bind(account_id)
    .bind(client_id)
    .bind(expires_at)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// The account an unexpired access token was minted for.
pub async fn account_id_of_token(db: &Db, token: &str) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar(
        "select account_id from sandbox_grants where token = $1 and kind = 'access_token' and expires_at > $2",
    )
    .bind(token)
    .bind(now_ms())
    .fetch_optional(&db.pool)
    .await
}

// ---- DingTalk for training classes --------------------------------------------------------------

/// The id for a new class department: class departments from 101 up; the company's own
/// (seeded) departments are below.
pub async fn next_class_department_id(db: &Db) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "select coalesce(max(dept_id), 100) + 1 from sandbox_dingtalk_departments where dept_id > 100",
    )
    .fetch_one(&db.pool)
    .await
}

pub async fn insert_department(
    db: &Db,
    dept_id: i64,
    name: &str,
    source_identifier: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into sandbox_dingtalk_departments (dept_id, name, source_identifier, created_at) \
         values ($1, $2, $3, $4)",
    )
    .bind(dept_id)
    .bind(name)
    .bind(source_identifier)
    .bind(now_ms())
    .execute(&db.pool)
    .await?;
    Ok(())
}

pub async fn department_exists(db: &Db, dept_id: i64) -> sqlx::Result<bool> {
    let found: Option<i64> =
        sqlx::query_scalar("select dept_id from sandbox_dingtalk_departments where dept_id = $1")
            .bind(dept_id)
            .fetch_optional(&db.pool)
            .await?;
    Ok(found.is_some())
}

/// The userid of the user with `mobile`.
pub async fn userid_by_mobile(db: &Db, mobile: &str) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("select userid from sandbox_dingtalk_users where mobile = $1")
        .bind(mobile)
        .fetch_optional(&db.pool)
        .await
}

/// `dept_id`: the user's departments as DingTalk lists them (`"1,102"`).
pub async fn insert_user(
    db: &Db,
    userid: &str,
    name: &str,
    mobile: &str,
    dept_id: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into sandbox_dingtalk_users (userid, name, mobile, dept_id, created_at) \
         values ($1, $2, $3, $4, $5)",
    )
    .bind(userid)
    .bind(name)
    .bind(mobile)
    .bind(dept_id)
    .bind(now_ms())
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// (userid, name, mobile, departments as `"1,102"`) of a user.
pub async fn user_by_id(
    db: &Db,
    userid: &str,
) -> sqlx::Result<Option<(String, String, String, String)>> {
    sqlx::query_as(
        "select userid, name, mobile, dept_id from sandbox_dingtalk_users where userid = $1",
    )
    .bind(userid)
    .fetch_optional(&db.pool)
    .await
}

/// Moves a user to other departments (`"1,102"`); false when there is no such user.
pub async fn set_user_departments(db: &Db, userid: &str, dept_id: &str) -> sqlx::Result<bool> {
    let updated = sqlx::query("update sandbox_dingtalk_users set dept_id = $2 where userid = $1")
        .bind(userid)
        .bind(dept_id)
        .execute(&db.pool)
        .await?;
    Ok(updated.rows_affected() != 0)
}

/// A scheduled live (times in ms).
pub async fn insert_live(
    db: &Db,
    live_id: &str,
    title: &str,
    pre_start_time: i64,
    pre_end_time: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into sandbox_dingtalk_lives (live_id, title, pre_start_time, pre_end_time, created_at) \
         values ($1, $2, $3, $4, $5)",
    )
    .bind(live_id)
    .bind(title)
    .bind(pre_start_time)
    .bind(pre_end_time)
    .bind(now_ms())
    .execute(&db.pool)
    .await?;
    Ok(())
}

#[derive(Debug, sqlx::FromRow)]
pub struct LiveRow {
    pub title: String,
    pub start_time: Option<i64>,
    pub end_time: Option<i64>,
    pub live_status: i64,
}

pub async fn live(db: &Db, live_id: &str) -> sqlx::Result<Option<LiveRow>> {
    sqlx::query_as(
        "select title, start_time, end_time, live_status from sandbox_dingtalk_lives where live_id = $1",
    )
    .bind(live_id)
    .fetch_optional(&db.pool)
    .await
}

#[derive(Debug, sqlx::FromRow)]
pub struct WatcherRow {
    /// `None` for a viewer outside the org.
    pub userid: Option<String>,
    pub name: String,
    pub live_ms: i64,
    pub playback_ms: i64,
}

/// A page of a live's viewers: one list, members first.
pub async fn watchers_page(
    db: &Db,
    live_id: &str,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Vec<WatcherRow>> {
    sqlx::query_as(
        "select userid, name, live_ms, playback_ms from sandbox_dingtalk_watchers where live_id = $1 \
         order by case when userid is null then 1 else 0 end, id limit $2 offset $3",
    )
    .bind(live_id)
    .bind(limit)
    .bind(offset)
    .fetch_all(&db.pool)
    .await
}

/// Marks a live ended (status 3) after running from `start` to `end`; false when there is no
/// such live.
pub async fn end_live(conn: &mut Conn, live_id: &str, start: i64, end: i64) -> sqlx::Result<bool> {
    let updated = sqlx::query(
        "update sandbox_dingtalk_lives set start_time = $2, end_time = $3, live_status = 3 where live_id = $1",
    )
    .bind(live_id)
    .bind(start)
    .bind(end)
    .execute(conn)
    .await?;
    Ok(updated.rows_affected() != 0)
}

/// Forgets a live's viewers (a simulation replaces them).
pub async fn delete_watchers(conn: &mut Conn, live_id: &str) -> sqlx::Result<()> {
    sqlx::query("delete from sandbox_dingtalk_watchers where live_id = $1")
        .bind(live_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// (userid, name) of the user with `mobile`.
pub async fn member_by_mobile(
    conn: &mut Conn,
    mobile: &str,
) -> sqlx::Result<Option<(String, String)>> {
    sqlx::query_as("select userid, name from sandbox_dingtalk_users where mobile = $1")
        .bind(mobile)
        .fetch_optional(conn)
        .await
}

/// A viewer of a live (`userid` `None`: outside the org), with the ms watched live and as replay.
pub async fn insert_watcher(
    conn: &mut Conn,
    live_id: &str,
    userid: Option<&str>,
    name: &str,
    live_ms: i64,
    playback_ms: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into sandbox_dingtalk_watchers (id, live_id, userid, name, live_ms, playback_ms) \
         values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(new_id())
    .bind(live_id)
    .bind(userid)
    .bind(name)
    .bind(live_ms)
    .bind(playback_ms)
    .execute(conn)
    .await?;
    Ok(())
}

// ---- Payment gateways ---------------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SandboxOrder {
    pub id: String,
    pub gateway: String,
    pub out_trade_no: String,
    pub app_id: String,
    pub description: String,
    pub amount_fen: i64,
    pub notify_url: String,
    pub return_url: Option<String>,
    pub status: String,
    pub transaction_id: Option<String>,
    pub paid_at: Option<i64>,
    /// The merchant's `time_expire`: unpaid after it, the trade closes by itself.
    pub expires_at: Option<i64>,
}

const ORDER_COLUMNS: &str = "id, gateway, out_trade_no, app_id, description, amount_fen, notify_url, \
    return_url, status, transaction_id, paid_at, expires_at";

/// Closes the unpaid trades whose `time_expire` has passed, as the gateways do: such a trade
/// reports closed and can no longer be paid.
pub async fn close_expired_orders(db: &Db) -> sqlx::Result<()> {
    sqlx::query(
        "update sandbox_pay_orders set status = 'CLOSED' \
         where status = 'NOTPAY' and expires_at is not null and expires_at <= $1",
    )
    .bind(now_ms())
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// The order a gateway knows by the merchant's `out_trade_no`.
pub async fn order_by_out_trade_no(
    db: &Db,
    gateway: &str,
    out_trade_no: &str,
) -> sqlx::Result<Option<SandboxOrder>> {
    sqlx::query_as(&format!(
        "select {ORDER_COLUMNS} from sandbox_pay_orders where gateway = $1 and out_trade_no = $2"
    ))
    .bind(gateway)
    .bind(out_trade_no)
    .fetch_optional(&db.pool)
    .await
}

/// An order of `gateway` by its (sandbox) id.
pub async fn order_of_gateway(
    db: &Db,
    gateway: &str,
    id: &str,
) -> sqlx::Result<Option<SandboxOrder>> {
    sqlx::query_as(&format!(
        "select {ORDER_COLUMNS} from sandbox_pay_orders where gateway = $1 and id = $2"
    ))
    .bind(gateway)
    .bind(id)
    .fetch_optional(&db.pool)
    .await
}

/// An order of either gateway by its (sandbox) id.
pub async fn find_order(db: &Db, id: &str) -> ApiResult<SandboxOrder> {
    sqlx::query_as(&format!("select {ORDER_COLUMNS} from sandbox_pay_orders where id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(ApiError::NotFound)
}

/// A new unpaid order (its status, transaction and payment time are not read); false when the
/// gateway already has one with that `out_trade_no`.
pub async fn insert_order(db: &Db, order: &SandboxOrder) -> sqlx::Result<bool> {
    let inserted = sqlx::query(
        "insert into sandbox_pay_orders (id, gateway, out_trade_no, app_id, description, amount_fen, \
         notify_url, return_url, status, created_at, expires_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, 'NOTPAY', $9, $10) \
         on conflict (gateway, out_trade_no) do nothing",
    )
    .bind(&order.id)
    .bind(&order.gateway)
    .bind(&order.out_trade_no)
    .bind(&order.app_id)
    .bind(&order.description)
    .bind(order.amount_fen)
    .bind(&order.notify_url)
    .bind(order.return_url.as_deref())
    .bind(now_ms())
    .bind(order.expires_at)
    .execute(&db.pool)
    .await?;
    Ok(inserted.rows_affected() == 1)
}

/// Closes an order unless it was paid (or closed) already.
pub async fn close_unpaid_order(db: &Db, id: &str) -> sqlx::Result<()> {
    sqlx::query(
        "update sandbox_pay_orders set status = 'CLOSED' where id = $1 and status = 'NOTPAY'",
    )
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Pays an unpaid order now; false when it was not open (paid, closed or expired).
pub async fn mark_order_paid(db: &Db, id: &str, transaction_id: &str) -> sqlx::Result<bool> {
    let paid = sqlx::query(
        "update sandbox_pay_orders set status = 'SUCCESS', transaction_id = $2, paid_at = $3 \
         where id = $1 and status = 'NOTPAY'",
    )
    .bind(id)
    .bind(transaction_id)
    .bind(now_ms())
    .execute(&db.pool)
    .await?;
    Ok(paid.rows_affected() != 0)
}
