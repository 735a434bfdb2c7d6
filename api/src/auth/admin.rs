//! Platform operators (SPEC §7): made by the `ketang admin create` command, never by a
//! default password; and the audit log they read.

use actix_web::{get, web::Json};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::{
    TAG,
    access::{Admin, AnyAdmin},
    store,
};
use crate::{
    audit::{self, Actor, AuditEntry, Origin},
    db::{Db, rfc3339},
    domain::Mobile,
    error::ApiResult,
    extract::ValidQuery,
    openapi::SignedInErrors,
    pagination::{Page, PageQuery},
    startup::AppState,
};

/// Makes the account of `phone` an operator with `role`, creating the account if needed.
pub async fn create_admin(db: &Db, phone: &str, role: &str) -> anyhow::Result<String> {
    anyhow::ensure!(
        matches!(role, "super" | "reviewer" | "auditor"),
        "role must be super, reviewer or auditor"
    );
    let mobile = Mobile::parse(phone).map_err(|e| anyhow::anyhow!("phone: {}", e.code))?;
    let account = match store::find_by_mobile(db, &mobile).await.map_err(anyhow::Error::from)? {
        Some(account) => account,
        None => store::register_by_mobile(db, &mobile).await.map_err(anyhow::Error::from)?,
    };
    sqlx::query("update users set admin_role = $2 where id = $1")
        .bind(&account.id)
        .bind(role)
        .execute(&db.pool)
        .await?;
    audit::record(
        &db.pool,
        AuditEntry {
            actor: Actor::System,
            org_id: None,
            action: "admin.create",
            object_type: "user",
            object_id: Some(&account.id),
            origin: &Origin::default(),
            details: serde_json::json!({ "role": role, "via": "cli" }),
        },
    )
    .await?;
    Ok(account.id)
}

#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct AuditFilter {
    #[validate(length(max = 64))]
    pub actor_id: Option<String>,
    /// An action (`course.approve`) or a prefix ending in a dot (`course.`).
    #[validate(length(max = 64))]
    pub action: Option<String>,
    #[validate(length(max = 32))]
    pub object_type: Option<String>,
    #[validate(length(max = 64))]
    pub object_id: Option<String>,
    #[validate(length(max = 64))]
    pub org_id: Option<String>,
    /// RFC 3339; entries at or after.
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[param(value_type = Option<String>, format = DateTime)]
    pub from: Option<time::OffsetDateTime>,
    /// RFC 3339; entries before.
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[param(value_type = Option<String>, format = DateTime)]
    pub to: Option<time::OffsetDateTime>,
}

/// One audit entry: who did what to which object, when, from where.
#[derive(Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct AuditRecord {
    pub id: String,
    #[sqlx(skip)]
    pub at: String,
    #[serde(skip)]
    #[sqlx(rename = "at")]
    pub at_ms: i64,
    /// `user`, `admin`, `integrator` or `system`.
    pub actor_kind: String,
    pub actor_id: Option<String>,
    pub org_id: Option<String>,
    pub action: String,
    pub object_type: String,
    pub object_id: Option<String>,
    pub ip: Option<String>,
    pub request_id: Option<String>,
    /// JSON.
    pub details: String,
}

fn epoch_ms(time: Option<time::OffsetDateTime>) -> Option<i64> {
    time.and_then(|t| i64::try_from(t.unix_timestamp_nanos() / 1_000_000).ok())
}

/// The audit log, newest first, filtered (any platform operator, auditors included). The log
/// is append-only: no endpoint changes or removes an entry.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(AuditFilter, PageQuery),
    responses((status = 200, body = Page<AuditRecord>), SignedInErrors),
)]
#[get("/admin/audit-log")]
pub async fn audit_log(
    state: AppState,
    _admin: Admin<AnyAdmin>,
    ValidQuery(filter): ValidQuery<AuditFilter>,
    ValidQuery(page): ValidQuery<PageQuery>,
) -> ApiResult<Json<Page<AuditRecord>>> {
    let action_pattern = filter.action.as_deref().filter(|a| !a.is_empty()).map(|a| {
        if a.ends_with('.') {
            format!("{}%", a.replace('%', "").replace('_', "\\_"))
        } else {
            a.replace('_', "\\_")
        }
    });
    let filters = "($1 is null or actor_id = $1) and ($2 is null or action like $2 escape '\\') \
        and ($3 is null or object_type = $3) and ($4 is null or object_id = $4) \
        and ($5 is null or org_id = $5) and ($6 is null or at >= $6) and ($7 is null or at < $7)";
    let total: i64 = sqlx::query_scalar(&format!("select count(*) from audit_log where {filters}"))
        .bind(filter.actor_id.as_deref())
        .bind(action_pattern.as_deref())
        .bind(filter.object_type.as_deref())
        .bind(filter.object_id.as_deref())
        .bind(filter.org_id.as_deref())
        .bind(epoch_ms(filter.from))
        .bind(epoch_ms(filter.to))
        .fetch_one(&state.db.pool)
        .await?;
    let mut rows: Vec<AuditRecord> = sqlx::query_as(&format!(
        "select id, at, actor_kind, actor_id, org_id, action, object_type, object_id, ip, \
         request_id, details from audit_log where {filters} order by at desc, id desc \
         limit $8 offset $9"
    ))
    .bind(filter.actor_id.as_deref())
    .bind(action_pattern.as_deref())
    .bind(filter.object_type.as_deref())
    .bind(filter.object_id.as_deref())
    .bind(filter.org_id.as_deref())
    .bind(epoch_ms(filter.from))
    .bind(epoch_ms(filter.to))
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(&state.db.pool)
    .await?;
    for row in &mut rows {
        row.at = rfc3339(row.at_ms);
    }
    Ok(Json(Page::new(rows, total, page)))
}
