//! Operations: the endpoints outside `/api/v1` (liveness, readiness, Prometheus metrics) and
//! the operator's backup and restore commands.

pub mod backup;
pub mod pii_rotation;
mod store;

use std::time::Duration;

use actix_web::{HttpResponse, get, web::Json};
use secrecy::ExposeSecret;
use serde::Serialize;
use utoipa::ToSchema;

use self::store::StatusTable;
use crate::{
    error::{ApiError, ApiResult},
    state::AppState,
};

pub const TAG: &str = "ops";

pub fn configure(cfg: &mut impl crate::openapi::Routes) {
    cfg.service(healthz).service(readyz).service(metrics);
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok` when the check passed.
    pub status: &'static str,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Readiness {
    pub status: &'static str,
    /// `ok` when the database answered.
    pub database: &'static str,
}

/// Liveness: the process is up and answering.
#[utoipa::path(tag = TAG, responses((status = 200, body = Health)))]
#[get("/healthz")]
pub async fn healthz() -> Json<Health> {
    Json(Health { status: "ok" })
}

/// Readiness: the database answers within two seconds; 503 otherwise.
#[utoipa::path(
    tag = TAG,
    responses(
        (status = 200, body = Readiness),
        (status = 503, description = "The database did not answer", body = crate::error::Problem,
         content_type = "application/problem+json"),
    ),
)]
#[get("/readyz")]
pub async fn readyz(state: AppState) -> ApiResult<Json<Readiness>> {
    match tokio::time::timeout(Duration::from_secs(2), state.db.ping()).await {
        Ok(Ok(())) => Ok(Json(Readiness { status: "ok", database: "ok" })),
        Ok(Err(err)) => {
            tracing::warn!(error = format!("{err:#}"), "readiness check failed");
            Err(ApiError::Unavailable)
        }
        Err(_) => {
            tracing::warn!("readiness check timed out");
            Err(ApiError::Unavailable)
        }
    }
}

/// Prometheus metrics: request counts and latency histograms by route template. Open in `dev`;
/// with `server.metrics_token` set (any profile) it needs that bearer token (401 without), and
/// in `prod` without one it is not served (404): route names and traffic are not for the public.
#[utoipa::path(
    tag = TAG,
    responses((status = 200, description = "Prometheus text exposition format", body = String,
               content_type = "text/plain"),
        (status = 401, description = "`server.metrics_token` is set and was not presented",
         body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not served (prod without `server.metrics_token`)",
         body = crate::error::Problem, content_type = "application/problem+json")),
)]
#[get("/metrics")]
pub async fn metrics(state: AppState, req: actix_web::HttpRequest) -> ApiResult<HttpResponse> {
    if !state.settings.metrics_open() {
        let Some(expected) = &state.settings.server.metrics_token else {
            return Err(ApiError::NotFound);
        };
        let presented = req
            .headers()
            .get(actix_web::http::header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .unwrap_or_default();
        let expected = expected.expose_secret().as_bytes();
        let matches = presented.len() == expected.len()
            && presented.bytes().zip(expected).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0;
        if !matches {
            return Err(ApiError::Unauthorized { code: "unauthorized" });
        }
    }
    let mut text = state.metrics.render();
    text.push_str(&state_gauges(&state).await?);
    Ok(HttpResponse::Ok().content_type("text/plain; version=0.0.4; charset=utf-8").body(text))
}

/// What is waiting or stuck, read from the database at each scrape (so every replica reports
/// the same, whichever one ran the work): jobs, webhook deliveries and dues payments by
/// status, the age of the oldest job due and not started, and this replica's database pool.
async fn state_gauges(state: &AppState) -> ApiResult<String> {
    use std::fmt::Write;
    let pool = &state.db.pool;
    let now = crate::db::now_ms();
    let mut text = String::new();
    let mut gauge = |name: &str, help: &str, rows: &[(String, i64)], label: &str| {
        let _ = writeln!(text, "# HELP ketang_{name} {help}\n# TYPE ketang_{name} gauge");
        for (value, count) in rows {
            if label.is_empty() {
                let _ = writeln!(text, "ketang_{name} {count}");
            } else {
                let _ = writeln!(text, "ketang_{name}{{{label}=\"{value}\"}} {count}");
            }
        }
    };
    let jobs = store::count_by_status(&state.db, StatusTable::Jobs).await?;
    gauge("jobs", "Background jobs by status", &jobs, "status");
    let oldest_due = store::oldest_due_job(&state.db, now).await?;
    let age = oldest_due.map_or(0, |run_at| (now - run_at) / 1000);
    gauge(
        "jobs_oldest_due_seconds",
        "How long the oldest queued job has been due without starting (0 when none)",
        &[(String::new(), age)],
        "",
    );
    let deliveries = store::count_by_status(&state.db, StatusTable::WebhookDeliveries).await?;
    gauge("webhook_deliveries", "Webhook deliveries by status", &deliveries, "status");
    let payments = store::count_by_status(&state.db, StatusTable::MemberPayments).await?;
    gauge(
        "member_payments",
        "Dues payments by status (flagged: money held for an operator)",
        &payments,
        "status",
    );
    let (titles, rebuild) = state.catalog_titles.kept();
    gauge(
        "catalog_title_index_courses",
        "Listed courses whose titles this replica keeps in memory for search (0: searches read the database)",
        &[(String::new(), i64::try_from(titles).unwrap_or(i64::MAX))],
        "",
    );
    let rebuild_ms = rebuild.map_or(0, |took| i64::try_from(took.as_millis()).unwrap_or(i64::MAX));
    gauge(
        "catalog_title_index_rebuild_milliseconds",
        "How long this replica's last rebuild of the title index took",
        &[(String::new(), rebuild_ms)],
        "",
    );
    let size = i64::from(pool.size());
    let idle = i64::try_from(pool.num_idle()).unwrap_or(i64::MAX);
    gauge(
        "db_pool_connections",
        "This replica's database connections (max: the configured ceiling)",
        &[
            ("in_use".to_owned(), size - idle),
            ("idle".to_owned(), idle),
            ("max".to_owned(), i64::from(pool.max_connections())),
        ],
        "state",
    );
    Ok(text)
}
