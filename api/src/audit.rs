//! The audit log (SPEC §7): who did what to which object, when, from where. Append-only:
//! this module only inserts; nothing in the code updates or deletes these rows.

use actix_web::{HttpMessage, HttpRequest};
use serde_json::Value;
use tracing_actix_web::RequestId;

use crate::db::{new_id, now_ms};

/// Where a request came from: the client's address (the socket peer; a forwarded-for header
/// anyone can set is not trusted) and the request id of its log lines.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    pub ip: Option<String>,
    pub request_id: Option<String>,
}

impl Origin {
    pub fn of(req: &HttpRequest) -> Self {
        Self {
            ip: crate::client_addr::client_ip(req),
            request_id: req.extensions().get::<RequestId>().map(ToString::to_string),
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub enum Actor<'a> {
    User(&'a str),
    Admin(&'a str),
    Integrator(&'a str),
    /// An unauthenticated attempt, or the system itself.
    System,
}

#[derive(Debug)]
pub struct AuditEntry<'a> {
    pub actor: Actor<'a>,
    pub org_id: Option<&'a str>,
    /// Dotted verb: `auth.sign_in`, `auth.sign_in_failed`, `org.certify`, …
    pub action: &'a str,
    pub object_type: &'a str,
    pub object_id: Option<&'a str>,
    pub origin: &'a Origin,
    /// Extra facts; never secrets or full personal data.
    pub details: Value,
}

pub async fn record(
    executor: impl sqlx::Executor<'_, Database = sqlx::Any>,
    entry: AuditEntry<'_>,
) -> Result<(), sqlx::Error> {
    let (actor_kind, actor_id) = match entry.actor {
        Actor::User(id) => ("user", Some(id)),
        Actor::Admin(id) => ("admin", Some(id)),
        Actor::Integrator(id) => ("integrator", Some(id)),
        Actor::System => ("system", None),
    };
    sqlx::query(
        "insert into audit_log (id, at, actor_kind, actor_id, org_id, action, object_type, \
         object_id, ip, request_id, details) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(new_id())
    .bind(now_ms())
    .bind(actor_kind)
    .bind(actor_id)
    .bind(entry.org_id)
    .bind(entry.action)
    .bind(entry.object_type)
    .bind(entry.object_id)
    .bind(entry.origin.ip.as_deref())
    .bind(entry.origin.request_id.as_deref())
    .bind(entry.details.to_string())
    .execute(executor)
    .await?;
    Ok(())
}
