//! Operations endpoints, outside `/api/v1`: liveness, readiness, Prometheus metrics.

use std::time::Duration;

use actix_web::{HttpResponse, get, web::Json};
use serde::Serialize;
use utoipa::ToSchema;

use crate::{
    error::{ApiError, ApiResult},
    startup::AppState,
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

/// Prometheus metrics: request counts and latency histograms by route template.
#[utoipa::path(
    tag = TAG,
    responses((status = 200, description = "Prometheus text exposition format", body = String,
               content_type = "text/plain")),
)]
#[get("/metrics")]
pub async fn metrics(state: AppState) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(state.metrics.render())
}
