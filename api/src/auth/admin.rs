//! Platform operators (SPEC §7): made by the `ketang admin create` command, never by a
//! default password; and the audit log they read.

use actix_web::get;
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
    state::AppState,
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
    store::set_admin_role(db, &account.id, role).await?;
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
    /// Who acted, for people reading the log: a user's name (or masked phone), a credential's
    /// name; none for the system.
    #[sqlx(skip)]
    pub actor_name: Option<String>,
    /// The org's name, when the entry belongs to one.
    #[sqlx(skip)]
    pub org_name: Option<String>,
}

fn epoch_ms(time: Option<time::OffsetDateTime>) -> Option<i64> {
    time.and_then(|t| i64::try_from(t.unix_timestamp_nanos() / 1_000_000).ok())
}

/// The filters as the statements bind them: an action ending in a dot becomes a prefix
/// pattern, and `_` in an action matches only itself.
fn audit_query(filter: &AuditFilter) -> store::AuditQuery {
    let action_pattern = filter.action.as_deref().filter(|a| !a.is_empty()).map(|a| {
        if a.ends_with('.') {
            format!("{}%", a.replace('%', "").replace('_', "\\_"))
        } else {
            a.replace('_', "\\_")
        }
    });
    store::AuditQuery {
        actor_id: filter.actor_id.clone(),
        action_pattern,
        object_type: filter.object_type.clone(),
        object_id: filter.object_id.clone(),
        org_id: filter.org_id.clone(),
        from: epoch_ms(filter.from),
        to: epoch_ms(filter.to),
    }
}

/// One page of the matching entries, newest first, with the names of their actors and orgs.
async fn audit_rows(
    db: &Db,
    query: &store::AuditQuery,
    limit: i64,
    offset: i64,
) -> ApiResult<Vec<AuditRecord>> {
    let mut rows = store::audit_entries(db, query, limit, offset).await?;
    let mut actors: std::collections::HashMap<String, Option<String>> = Default::default();
    let mut orgs: std::collections::HashMap<String, Option<String>> = Default::default();
    for row in &mut rows {
        row.at = rfc3339(row.at_ms);
        if let Some(actor) = row.actor_id.clone() {
            if !actors.contains_key(&actor) {
                let name = actor_name(db, &row.actor_kind, &actor).await?;
                actors.insert(actor.clone(), name);
            }
            row.actor_name = actors[&actor].clone();
        }
        if let Some(org) = row.org_id.clone() {
            if !orgs.contains_key(&org) {
                let name = store::org_name(db, &org).await?;
                orgs.insert(org.clone(), name);
            }
            row.org_name = orgs[&org].clone();
        }
    }
    Ok(rows)
}

/// A person's name as the log shows it: their display name, else their phone masked; a
/// credential's name.
async fn actor_name(db: &Db, kind: &str, actor_id: &str) -> ApiResult<Option<String>> {
    if kind == "integrator" {
        return Ok(store::api_client_name(db, actor_id).await?);
    }
    let user = store::name_and_mobile(db, actor_id).await?;
    Ok(user.and_then(|(name, mobile)| {
        let masked = mobile
            .as_deref()
            .and_then(|m| crate::domain::Mobile::parse(m).ok())
            .map(|m| m.masked());
        // A name that is the full phone is shown masked like the phone itself.
        let name = name.filter(|n| !n.trim().is_empty() && Some(n) != mobile.as_ref());
        match (name, masked) {
            (Some(name), Some(masked)) if name != masked => Some(format!("{name}（{masked}）")),
            (Some(name), _) => Some(name),
            (None, masked) => masked,
        }
    }))
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
) -> ApiResult<Page<AuditRecord>> {
    let query = audit_query(&filter);
    let total = store::count_audit_entries(&state.db, &query).await?;
    let rows = audit_rows(&state.db, &query, page.limit(), page.offset()).await?;
    Ok(Page::new(rows, total, page))
}

/// At most this many entries go into one export; narrow the filters for more.
const EXPORT_LIMIT: i64 = 50_000;

/// The filtered audit log as xlsx, newest first, at most 50,000 entries (any operator).
#[utoipa::path(
    tag = TAG,
    operation_id = "export_audit_log",
    security(("bearer" = [])),
    params(AuditFilter),
    responses((status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = crate::openapi::FileBytes), SignedInErrors),
)]
#[get("/admin/audit-log.xlsx")]
pub async fn export_audit_log(
    state: AppState,
    _admin: Admin<AnyAdmin>,
    ValidQuery(filter): ValidQuery<AuditFilter>,
) -> ApiResult<actix_web::HttpResponse> {
    let rows = audit_rows(&state.db, &audit_query(&filter), EXPORT_LIMIT, 0).await?;
    let cells: Vec<Vec<String>> = rows
        .into_iter()
        .map(|r| {
            vec![
                r.at,
                r.actor_kind,
                r.actor_id.unwrap_or_default(),
                r.org_id.unwrap_or_default(),
                r.action,
                r.object_type,
                r.object_id.unwrap_or_default(),
                r.ip.unwrap_or_default(),
                r.request_id.unwrap_or_default(),
                r.details,
            ]
        })
        .collect();
    let header = [
        "时间",
        "操作者类型",
        "操作者",
        "单位",
        "操作",
        "对象类型",
        "对象",
        "IP",
        "请求编号",
        "详情",
    ];
    let bytes = crate::xlsx::text_workbook(&[("审计日志", &header, &cells)])?;
    Ok(crate::xlsx::xlsx_download(bytes, "审计日志.xlsx"))
}
