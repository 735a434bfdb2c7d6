//! The access layer's SQL. Every signed-in request reads `caller` once: one statement that
//! says whether the session is still open, what the account is, and — when the route names
//! an org — the caller's role there.

use sqlx::FromRow;

use crate::db::Db;

/// What one signed-in request needs to know about its caller.
#[derive(Debug, FromRow)]
pub struct CallerRow {
    /// 1 when the session (refresh-token family) has a token not revoked. Read on every
    /// request, never cached, so a sign-out is refused by every instance at once.
    pub session_open: i64,
    /// `None` when the account does not exist.
    pub status: Option<String>,
    pub admin_role: Option<String>,
    /// The caller's role in the org asked about (`None`: not an active member, or no org asked).
    pub org_role: Option<String>,
}

/// The session, the account and (for `org_id`) the membership in one round trip: the three
/// used to be separate statements, each a pool hand-off (issue 24, P8).
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
                  where m.org_id = $3 and m.user_id = $2 and m.suspended_at is null) as org_role \
         from (select 1 as one) as probe left join users u on u.id = $2",
    )
    .bind(session_id)
    .bind(user_id)
    .bind(org_id)
    .fetch_one(&db.pool)
    .await
}
