//! The access layer's SQL. A signed-in request reads `caller` (unless `callers` has it from
//! before the database's last commit): one statement that says whether the session is still
//! open, what the account is, and — when the route names an org — the caller's role there.

use sqlx::FromRow;

use crate::db::{Conn, Db, new_id, now_ms};

/// What one signed-in request needs to know about its caller.
#[derive(Debug, Clone, FromRow)]
pub struct CallerRow {
    /// 1 when the session (refresh-token family) has a token not revoked. Read again after any
    /// commit to the database (`callers`), so a sign-out is refused by every instance at once.
    pub session_open: i64,
    /// `None` when the account does not exist.
    pub status: Option<String>,
    pub admin_role: Option<String>,
    /// The caller's role in the org asked about (`None`: not an active member, or no org asked).
    pub org_role: Option<String>,
    /// The rest of the account (`GET /me` shows it without reading it again).
    pub mobile: Option<String>,
    pub display_name: Option<String>,
    pub has_password: i64,
    pub created_at: Option<i64>,
}

/// The session, the account and (for `org_id`) the membership in one round trip: the three
/// used to be separate statements, each a pool hand-off (issue 24, P8). The account's other
/// columns come along, so that `GET /me` is this one statement too.
pub async fn caller(
    db: &Db,
    user_id: &str,
    session_id: &str,
    org_id: Option<&str>,
) -> sqlx::Result<CallerRow> {
    sqlx::query_as(
        "select cast(case when exists (select 1 from refresh_tokens \
                                        where family_id = $1 and revoked_at is null) \
                     then 1 else 0 end as bigint) as session_open, \
                u.status, u.admin_role, \
                (select m.role from org_members m \
                  where m.org_id = $3 and m.user_id = $2 and m.suspended_at is null) as org_role, \
                u.mobile, u.display_name, u.created_at, \
                cast(case when u.password_hash is null then 0 else 1 end as bigint) as has_password \
         from (select 1 as one) as probe left join users u on u.id = $2",
    )
    .bind(session_id)
    .bind(user_id)
    .bind(org_id)
    .fetch_one(&db.pool)
    .await
}

/// A refresh token of a session (stored by its hash only).
pub struct NewRefreshToken<'a> {
    pub user_id: &'a str,
    pub family_id: &'a str,
    pub token_hash: &'a str,
    pub method: &'a str,
    pub created_at: i64,
    pub expires_at: i64,
}

pub async fn insert_refresh_token(
    conn: &mut Conn,
    token: &NewRefreshToken<'_>,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into refresh_tokens (id, family_id, user_id, token_hash, created_at, expires_at, method) \
         values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(new_id())
    .bind(token.family_id)
    .bind(token.user_id)
    .bind(token.token_hash)
    .bind(token.created_at)
    .bind(token.expires_at)
    .bind(token.method)
    .execute(conn)
    .await?;
    Ok(())
}

/// How the session `family_id` was started (`None`: no such session).
pub async fn session_method(db: &Db, family_id: &str) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("select method from refresh_tokens where family_id = $1 limit 1")
        .bind(family_id)
        .fetch_optional(&db.pool)
        .await
}

#[derive(Debug, FromRow)]
pub struct StoredRefreshToken {
    pub id: String,
    pub family_id: String,
    pub user_id: String,
    pub method: String,
    pub expires_at: i64,
    pub rotated_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

pub async fn refresh_token_by_hash(
    db: &Db,
    token_hash: &str,
) -> sqlx::Result<Option<StoredRefreshToken>> {
    sqlx::query_as(
        "select id, family_id, user_id, method, expires_at, rotated_at, revoked_at \
         from refresh_tokens where token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(&db.pool)
    .await
}

/// Marks the token `id` rotated, unless it already is (or is revoked): true for the one
/// caller that rotated it.
pub async fn mark_rotated(conn: &mut Conn, id: &str, at: i64) -> sqlx::Result<bool> {
    let rotated = sqlx::query(
        "update refresh_tokens set rotated_at = $2 \
         where id = $1 and rotated_at is null and revoked_at is null",
    )
    .bind(id)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(rotated.rows_affected() == 1)
}

/// Whether any token of the session was revoked (signed out, or revoked for theft).
pub async fn family_revoked(conn: &mut Conn, family_id: &str) -> sqlx::Result<bool> {
    let revoked: i64 = sqlx::query_scalar(
        "select count(*) from refresh_tokens where family_id = $1 and revoked_at is not null",
    )
    .bind(family_id)
    .fetch_one(conn)
    .await?;
    Ok(revoked > 0)
}

pub async fn family_of_token(db: &Db, token_hash: &str) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("select family_id from refresh_tokens where token_hash = $1")
        .bind(token_hash)
        .fetch_optional(&db.pool)
        .await
}

/// Ends the session `family_id` (read by `caller` on every request: refused at once).
pub async fn revoke_family(db: &Db, family_id: &str) -> sqlx::Result<()> {
    sqlx::query(
        "update refresh_tokens set revoked_at = $2 where family_id = $1 and revoked_at is null",
    )
    .bind(family_id)
    .bind(now_ms())
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Ends every session of `user_id` but `keep`.
pub async fn revoke_sessions_of_user(
    db: &Db,
    user_id: &str,
    keep: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query(
        "update refresh_tokens set revoked_at = $2 \
         where user_id = $1 and revoked_at is null and family_id <> $3",
    )
    .bind(user_id)
    .bind(now_ms())
    .bind(keep.unwrap_or(""))
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// An integrator's credential (an API key, or the OAuth client a token was issued to).
#[derive(Debug, FromRow)]
pub struct ClientRow {
    pub id: String,
    pub org_id: String,
    pub secret_hash: String,
    pub scopes: String,
    pub rate_limit_per_minute: i64,
    pub expires_at: Option<i64>,
    pub revoked_at: Option<i64>,
    pub created_by: String,
}

const CLIENT_SELECT: &str = "select id, org_id, secret_hash, scopes, rate_limit_per_minute, \
     expires_at, revoked_at, created_by from api_clients";

pub async fn api_key_by_public_id(db: &Db, public_id: &str) -> sqlx::Result<Option<ClientRow>> {
    sqlx::query_as(&format!("{CLIENT_SELECT} where public_id = $1 and kind = 'api_key'"))
        .bind(public_id)
        .fetch_optional(&db.pool)
        .await
}

pub async fn client_by_id(db: &Db, id: &str) -> sqlx::Result<Option<ClientRow>> {
    sqlx::query_as(&format!("{CLIENT_SELECT} where id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

/// An OAuth access token issued to a client: its client id, scopes and expiry.
pub async fn client_token_by_hash(
    db: &Db,
    token_hash: &str,
) -> sqlx::Result<Option<(String, String, i64)>> {
    sqlx::query_as(
        "select client_id, scopes, expires_at from api_client_tokens where token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(&db.pool)
    .await
}

/// `user_id`'s role in `org_id`, if an active member.
pub async fn member_role(db: &Db, org_id: &str, user_id: &str) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar(
        "select role from org_members where org_id = $1 and user_id = $2 \
             and suspended_at is null",
    )
    .bind(org_id)
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await
}

/// Counts a call in the client's fixed window that started at or after `window_start` (a new
/// window starts at `now`): the window's count and start, or `None` when `limit` is used up.
pub async fn count_client_call(
    db: &Db,
    client_id: &str,
    window_start: i64,
    now: i64,
    limit: i64,
) -> sqlx::Result<Option<(i64, i64)>> {
    sqlx::query_as(
        "update api_clients set \
           window_count = case when window_started_at is null or window_started_at <= $2 then 1 \
                          else window_count + 1 end, \
           window_started_at = case when window_started_at is null or window_started_at <= $2 then $3 \
                               else window_started_at end, \
           last_used_at = $3, use_count = use_count + 1 \
         where id = $1 and (window_started_at is null or window_started_at <= $2 or window_count < $4) \
         returning window_count, window_started_at",
    )
    .bind(client_id)
    .bind(window_start)
    .bind(now)
    .bind(limit)
    .fetch_optional(&db.pool)
    .await
}

pub async fn client_window_start(db: &Db, client_id: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("select window_started_at from api_clients where id = $1")
        .bind(client_id)
        .fetch_one(&db.pool)
        .await
}
