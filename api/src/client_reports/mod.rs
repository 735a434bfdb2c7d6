//! Error reports from browsers: the SPA posts what broke on a user's screen (an uncaught
//! exception, a failed chunk load) so operators see front-end failures in the same logs as the
//! API's, under the reporting request's id. Nothing is stored; the log is the record.

use actix_web::{HttpResponse, post};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::{error::ApiResult, extract::ValidJson, openapi::BodyErrors};

pub const TAG: &str = "client-reports";

pub fn configure(cfg: &mut impl crate::openapi::Routes) {
    cfg.service(report_client_error);
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ReportLevel {
    Error,
    Warning,
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct NewClientReport {
    pub level: ReportLevel,
    /// What went wrong, as the browser said it.
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub message: String,
    /// The page the user was on.
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub page_url: String,
    /// The stack trace, when there is one.
    #[validate(length(max = 16000))]
    #[schema(max_length = 16000)]
    pub stack: Option<String>,
    /// The SPA build that reported it.
    #[validate(length(max = 64))]
    #[schema(max_length = 64)]
    pub release: Option<String>,
}

/// Report a front-end failure (logged under this request's id; nothing is stored).
#[utoipa::path(
    tag = TAG,
    request_body = NewClientReport,
    responses((status = 202, description = "Logged"), BodyErrors),
)]
#[post("/client-reports")]
pub async fn report_client_error(
    ValidJson(report): ValidJson<NewClientReport>,
) -> ApiResult<HttpResponse> {
    let stack = report.stack.as_deref().unwrap_or_default();
    let release = report.release.as_deref().unwrap_or_default();
    match report.level {
        ReportLevel::Error => tracing::error!(
            target: "ketang::client",
            page_url = %report.page_url, release, stack, "{}", report.message
        ),
        ReportLevel::Warning => tracing::warn!(
            target: "ketang::client",
            page_url = %report.page_url, release, stack, "{}", report.message
        ),
    }
    Ok(HttpResponse::Accepted().finish())
}
