//! Error reports from browsers: the SPA posts what broke on a user's screen (an uncaught
//! exception, a failed chunk load) so operators see front-end failures in the same logs as the
//! API's, under the reporting request's id. Nothing is stored; the log is the record.
//!
//! The endpoint is anonymous, so what it may cost is bounded: 30 reports per client address per
//! ten minutes (429 after), logged at WARN whatever the browser calls them (a browser cannot
//! page an operator), with the text cut to a few KB, control characters (forged log lines)
//! blanked and the page URL's secrets (`/login/sso?code=…`) redacted.

use actix_web::{HttpRequest, HttpResponse, post};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::{
    error::ApiResult, extract::ValidJson, openapi::BodyErrors, state::AppState, throttle::Quota,
};

const QUOTA: Quota = Quota { bucket: "client_reports", limit: 30, window_ms: 10 * 60 * 1000 };
const MESSAGE_CHARS: usize = 500;
const STACK_CHARS: usize = 4000;

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

/// Report a front-end failure (logged under this request's id; nothing is stored). At most
/// 30 per client address per ten minutes.
#[utoipa::path(
    tag = TAG,
    request_body = NewClientReport,
    responses((status = 202, description = "Logged"),
        (status = 429, description = "Too many reports from this address; see `Retry-After`",
         body = crate::error::Problem, content_type = "application/problem+json"),
        BodyErrors),
)]
#[post("/client-reports")]
pub async fn report_client_error(
    state: AppState,
    req: HttpRequest,
    ValidJson(report): ValidJson<NewClientReport>,
) -> ApiResult<HttpResponse> {
    QUOTA.take(&state.db, &crate::client_addr::limit_key(&req)).await?;
    let message = loggable(&report.message, MESSAGE_CHARS);
    let stack = loggable(report.stack.as_deref().unwrap_or_default(), STACK_CHARS);
    let release = loggable(report.release.as_deref().unwrap_or_default(), 64);
    let page_url = loggable(&page_url(&report.page_url), MESSAGE_CHARS);
    let level = match report.level {
        ReportLevel::Error => "error",
        ReportLevel::Warning => "warning",
    };
    tracing::warn!(target: "ketang::client", level, page_url, release, stack, "{message}");
    Ok(HttpResponse::Accepted().finish())
}

/// At most `max` characters, control characters (a forged log line) blanked.
fn loggable(text: &str, max: usize) -> String {
    text.chars().take(max).map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// The page's path with its query's secrets redacted (a report from `/login/sso?code=…`).
fn page_url(raw: &str) -> String {
    let path_and_query = match url::Url::parse(raw) {
        Ok(url) => match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        },
        Err(_) => raw.to_owned(),
    };
    match path_and_query.parse::<actix_web::http::Uri>() {
        Ok(uri) => crate::telemetry::redacted_target(&uri),
        Err(_) => "(unreadable page URL)".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_are_cut_blanked_and_redacted() {
        assert_eq!(loggable("a\nb\r\u{1b}[31mc", 100), "a b  [31mc");
        assert_eq!(loggable(&"长".repeat(600), MESSAGE_CHARS).chars().count(), MESSAGE_CHARS);
        let page = page_url("https://ketang.example/login/sso?code=secret&next=%2F");
        assert!(!page.contains("secret"), "{page}");
        assert!(page.starts_with("/login/sso?code=***"), "{page}");
    }
}
