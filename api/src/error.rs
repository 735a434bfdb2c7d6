//! One error type for the whole API, rendered as RFC 9457 `application/problem+json`.
//!
//! Handlers return `ApiResult<T>`; each `ApiError` variant is an outcome with a stable
//! snake_case `code` the SPA switches on. The body is worded in the caller's language by
//! `localise_problems` (see `startup.rs`), which also turns every other error response
//! (actix's own 404/405/413/415, extractor failures) into a problem, so a client never sees
//! anything else. Internal errors are logged once there, with the request id, and answered
//! without internals.

use std::collections::HashMap;

use actix_web::{
    HttpResponse, ResponseError,
    http::{Method, StatusCode, header},
};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::i18n::{self, Lang};

pub type ApiResult<T> = Result<T, ApiError>;

pub const PROBLEM_JSON: &str = "application/problem+json";

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("bad request: {code}")]
    BadRequest { code: &'static str, detail: Option<String> },
    #[error("malformed JSON at line {line}, column {column}")]
    MalformedJson { line: usize, column: usize },
    /// Not signed in, or the credentials presented are not (or no longer) valid.
    #[error("unauthorized: {code}")]
    Unauthorized { code: &'static str },
    #[error("forbidden")]
    Forbidden,
    /// 403: an integrator credential without the scope the request needs (named in `detail`).
    #[error("insufficient scope: {scope}")]
    InsufficientScope { scope: String },
    /// Absent, or not the caller's: the two are indistinguishable by design (SPEC §0).
    #[error("not found")]
    NotFound,
    #[error("no route for {method} {path}")]
    RouteNotFound { method: Method, path: String },
    #[error("method {method} not allowed")]
    MethodNotAllowed { method: Method, allow: Vec<Method> },
    #[error("conflict: {code}")]
    Conflict { code: &'static str },
    /// 403 for a stated reason the caller can act on (`member_sign_in_required`).
    #[error("forbidden: {code}")]
    ForbiddenBecause { code: &'static str },
    /// 409 with a `detail` only the caller's data can word (a reviewer's reason).
    #[error("conflict: {code}: {detail}")]
    ConflictWithDetail { code: &'static str, detail: String },
    /// 409: the object is still used by the `names` listed (said in `detail`).
    #[error("in use: {code}")]
    InUse { code: &'static str, names: Vec<String> },
    #[error("precondition failed")]
    PreconditionFailed,
    #[error("payload too large")]
    PayloadTooLarge { limit_bytes: Option<usize> },
    /// A `Range` outside the file (`len` is its size, for `Content-Range: bytes */len`).
    #[error("range not satisfiable")]
    RangeNotSatisfiable { len: Option<u64> },
    #[error("unsupported media type")]
    UnsupportedMediaType { expected: &'static str },
    #[error("validation failed: {0:?}")]
    Validation(Vec<FieldError>),
    #[error("rate limited")]
    RateLimited { retry_after_secs: u64 },
    /// Password sign-in is locked after repeated failures (SPEC §1).
    #[error("locked")]
    Locked { retry_after_secs: u64 },
    #[error("service unavailable")]
    Unavailable,
    /// 502: an external platform refused; `detail` says so in plain words (never secrets).
    #[error("upstream {code}: {detail}")]
    Upstream { code: &'static str, detail: String },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// One invalid field: `field` is a dotted path into the request (`lecturers[0].name`),
/// `code` is stable, the message is worded at render time from `code` and `params`.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    pub field: String,
    pub code: String,
    pub params: HashMap<String, Value>,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: impl Into<String>) -> Self {
        Self { field: field.into(), code: code.into(), params: HashMap::new() }
    }

    pub fn with_param(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.params.insert(name.to_owned(), value.into());
        self
    }
}

impl ApiError {
    pub fn conflict(code: &'static str) -> Self {
        Self::Conflict { code }
    }

    pub fn invalid(field: impl Into<String>, code: impl Into<String>) -> Self {
        Self::Validation(vec![FieldError::new(field, code)])
    }

    pub fn code(&self) -> &'static str {
        match self {
            ApiError::BadRequest { code, .. }
            | ApiError::Conflict { code }
            | ApiError::ForbiddenBecause { code }
            | ApiError::ConflictWithDetail { code, .. }
            | ApiError::InUse { code, .. }
            | ApiError::Upstream { code, .. }
            | ApiError::Unauthorized { code } => code,
            ApiError::MalformedJson { .. } => "malformed_json",
            ApiError::Forbidden => "forbidden",
            ApiError::InsufficientScope { .. } => "insufficient_scope",
            ApiError::NotFound => "not_found",
            ApiError::RouteNotFound { .. } => "route_not_found",
            ApiError::MethodNotAllowed { .. } => "method_not_allowed",
            ApiError::PreconditionFailed => "precondition_failed",
            ApiError::PayloadTooLarge { .. } => "payload_too_large",
            ApiError::UnsupportedMediaType { .. } => "unsupported_media_type",
            ApiError::RangeNotSatisfiable { .. } => "range_not_satisfiable",
            ApiError::Validation(_) => "validation_failed",
            ApiError::RateLimited { .. } => "rate_limited",
            ApiError::Locked { .. } => "password_locked",
            ApiError::Unavailable => "service_unavailable",
            ApiError::Internal(_) => "internal_error",
        }
    }

    /// The problem document in `lang`; `request_id` lets support find the log lines.
    pub fn problem(&self, lang: Lang, request_id: Option<String>) -> Problem {
        let code = self.code();
        let status = self.status_code();
        let en = lang == Lang::En;
        let detail = match self {
            ApiError::BadRequest { detail, .. } => detail.clone(),
            ApiError::MalformedJson { line, column } => Some(if en {
                format!("Check the JSON near line {line}, column {column}.")
            } else {
                format!("请检查 JSON 第 {line} 行第 {column} 列附近。")
            }),
            ApiError::NotFound => Some(pick(
                en,
                "请求的内容不存在，或您无权访问。",
                "The requested item does not exist or is not accessible to you.",
            )),
            ApiError::RouteNotFound { method, path } => Some(if en {
                format!("No endpoint matches {method} {path}.")
            } else {
                format!("没有与 {method} {path} 匹配的接口。")
            }),
            ApiError::MethodNotAllowed { method, allow } => {
                let allow = allow.iter().map(Method::as_str).collect::<Vec<_>>().join(", ");
                Some(if en {
                    format!("{method} is not supported here; use one of: {allow}.")
                } else {
                    format!("此接口不支持 {method}，可用的方法：{allow}。")
                })
            }
            ApiError::PayloadTooLarge { limit_bytes: Some(limit) } => Some(if en {
                format!("The body may be at most {limit} bytes.")
            } else {
                format!("请求内容最多 {limit} 字节。")
            }),
            ApiError::UnsupportedMediaType { expected } => Some(if en {
                format!("Send the body as {expected}.")
            } else {
                format!("请以 {expected} 格式提交。")
            }),
            ApiError::InsufficientScope { scope } => Some(if en {
                format!("This credential lacks the scope {scope}.")
            } else {
                format!("该凭证没有所需的权限范围：{scope}。")
            }),
            ApiError::Upstream { detail, .. } | ApiError::ConflictWithDetail { detail, .. } => {
                Some(detail.clone())
            }
            ApiError::InUse { names, .. } => Some(if en {
                format!("Still used by: {}.", names.join(", "))
            } else {
                format!("仍被以下内容使用：{}。", names.join("、"))
            }),
            ApiError::Validation(errors) => Some(if en {
                format!("{} field(s) need attention.", errors.len())
            } else {
                format!("有 {} 项需要修改。", errors.len())
            }),
            ApiError::RateLimited { retry_after_secs } => {
                Some(when_to_retry(*retry_after_secs, time::OffsetDateTime::now_utc(), en))
            }
            ApiError::Locked { retry_after_secs } => {
                let minutes = retry_after_secs.div_ceil(60);
                Some(if en {
                    format!(
                        "Too many wrong passwords: password sign-in is locked for {minutes} more minute(s). You can still sign in with an SMS code."
                    )
                } else {
                    format!(
                        "密码错误次数过多，密码登录已锁定，请 {minutes} 分钟后再试，或使用短信验证码登录。"
                    )
                })
            }
            ApiError::Internal(_) => Some(pick(
                en,
                "处理请求时出错，我们已记录此问题。请稍后再试，或向客服提供请求编号。",
                "Something went wrong on our side and it has been logged. Retry later, or quote the request id to support.",
            )),
            _ => None,
        };
        let errors = match self {
            ApiError::Validation(errors) => Some(
                errors
                    .iter()
                    .map(|e| ProblemField {
                        field: e.field.clone(),
                        code: e.code.clone(),
                        message: i18n::field_message(&e.code, &e.params, lang),
                    })
                    .collect(),
            ),
            _ => None,
        };
        let title = i18n::problem_title(code, lang).to_owned();
        let oauth = OAUTH_ERRORS.contains(&code);
        Problem {
            r#type: format!("/problems/{code}"),
            error: oauth.then(|| code.to_owned()),
            error_description: oauth.then(|| title.clone()),
            title,
            status: status.as_u16(),
            detail,
            code: code.to_owned(),
            request_id,
            errors,
        }
    }

    /// The response for `lang`, with the headers the outcome needs (`Allow`, `Retry-After`).
    pub fn to_response(&self, lang: Lang, request_id: Option<String>) -> HttpResponse {
        let mut response = HttpResponse::build(self.status_code());
        response.content_type(PROBLEM_JSON);
        match self {
            ApiError::MethodNotAllowed { allow, .. } => {
                response.insert_header(header::Allow(allow.clone()));
            }
            ApiError::RateLimited { retry_after_secs } | ApiError::Locked { retry_after_secs } => {
                response.insert_header((header::RETRY_AFTER, retry_after_secs.to_string()));
            }
            ApiError::Unavailable => {
                response.insert_header((header::RETRY_AFTER, "5"));
            }
            // RFC 6749 §5.2: a client that failed HTTP Basic authentication is told so.
            ApiError::Unauthorized { code: "invalid_client" } => {
                response.insert_header((header::WWW_AUTHENTICATE, "Basic realm=\"ketang\""));
            }
            ApiError::Unauthorized { .. } => {
                response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
            }
            // RFC 6750 §3.1: which scope the request needed.
            ApiError::InsufficientScope { scope } => {
                response.insert_header((
                    header::WWW_AUTHENTICATE,
                    format!("Bearer error=\"insufficient_scope\", scope=\"{scope}\""),
                ));
            }
            ApiError::RangeNotSatisfiable { len: Some(len) } => {
                response.insert_header((header::CONTENT_RANGE, format!("bytes */{len}")));
            }
            _ => {}
        }
        response.content_language(lang).json(self.problem(lang, request_id))
    }
}

fn pick(en: bool, zh: &str, english: &str) -> String {
    if en { english.to_owned() } else { zh.to_owned() }
}

trait ContentLanguage {
    fn content_language(&mut self, lang: Lang) -> &mut Self;
}

impl ContentLanguage for actix_web::HttpResponseBuilder {
    fn content_language(&mut self, lang: Lang) -> &mut Self {
        self.insert_header((header::CONTENT_LANGUAGE, lang.tag()))
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::BadRequest { .. } | ApiError::MalformedJson { .. } => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden
            | ApiError::ForbiddenBecause { .. }
            | ApiError::InsufficientScope { .. } => StatusCode::FORBIDDEN,
            ApiError::NotFound | ApiError::RouteNotFound { .. } => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Conflict { .. }
            | ApiError::ConflictWithDetail { .. }
            | ApiError::InUse { .. } => StatusCode::CONFLICT,
            ApiError::Upstream { .. } => StatusCode::BAD_GATEWAY,
            ApiError::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            ApiError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::RangeNotSatisfiable { .. } => StatusCode::RANGE_NOT_SATISFIABLE,
            ApiError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Locked { .. } => StatusCode::LOCKED,
            ApiError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Worded in the default language; `localise_problems` rewords it for the request.
    fn error_response(&self) -> HttpResponse {
        self.to_response(Lang::default(), None)
    }
}

/// RFC 9457 problem details, as every error response of the API carries them.
#[derive(Debug, Serialize, serde::Deserialize, ToSchema)]
pub struct Problem {
    /// A URI reference naming the problem type: `/problems/{code}`.
    #[schema(example = "/problems/validation_failed")]
    pub r#type: String,
    /// A short, localised summary.
    pub title: String,
    pub status: u16,
    /// A localised explanation of this occurrence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Stable machine-readable code, e.g. `not_found`, `validation_failed`, `already_exists`.
    #[schema(example = "validation_failed")]
    pub code: String,
    /// The id of this request in the server's logs (also the `X-Request-Id` header).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// For `validation_failed`: each invalid field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<ProblemField>>,
    /// On `POST /oauth/token`'s errors: the RFC 6749 §5.2 error code (`invalid_client`,
    /// `invalid_request`, `invalid_scope`, `unsupported_grant_type`), so OAuth libraries read
    /// the problem as the error response they expect.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// With `error`: the title, as RFC 6749's human-readable description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_description: Option<String>,
}

/// The codes that are RFC 6749 §5.2 token-endpoint errors (used by `POST /oauth/token` only).
const OAUTH_ERRORS: [&str; 4] =
    ["invalid_request", "invalid_client", "invalid_scope", "unsupported_grant_type"];

#[derive(Debug, Serialize, serde::Deserialize, ToSchema)]
pub struct ProblemField {
    /// Path of the field in the request, e.g. `page_size` or `lecturers[0].name`.
    pub field: String,
    /// Stable code, e.g. `length`, `range`, `required`, `invalid_type`.
    pub code: String,
    /// Localised message for the user.
    pub message: String,
}

/// The problem for an error response that did not come from an `ApiError` (actix's own, or a
/// library's): its status decides the code.
/// "Try again" in words a person reads at a glance: seconds or minutes when it is soon,
/// otherwise the Beijing clock time — today, tomorrow or a date ("明天 09:12 后再试"), never
/// "85760 秒".
pub fn when_to_retry(retry_after_secs: u64, now: time::OffsetDateTime, en: bool) -> String {
    let beijing = time::macros::offset!(+8);
    if retry_after_secs < 90 {
        return if en {
            format!("Try again in {retry_after_secs} s.")
        } else {
            format!("请 {retry_after_secs} 秒后再试。")
        };
    }
    if retry_after_secs < 3600 {
        let minutes = retry_after_secs.div_ceil(60);
        return if en {
            format!("Try again in {minutes} minutes.")
        } else {
            format!("请 {minutes} 分钟后再试。")
        };
    }
    let now = now.to_offset(beijing);
    let at = now + time::Duration::seconds(i64::try_from(retry_after_secs).unwrap_or(i64::MAX / 2));
    // Round up to the minute: "after 09:12" must not be a minute early.
    let at = if at.second() > 0 || at.nanosecond() > 0 {
        at.replace_second(0).unwrap_or(at).replace_nanosecond(0).unwrap_or(at)
            + time::Duration::minutes(1)
    } else {
        at
    };
    let clock = format!("{:02}:{:02}", at.hour(), at.minute());
    let days = (at.date() - now.date()).whole_days();
    match (days, en) {
        (0, false) => format!("请今天 {clock} 后再试。"),
        (0, true) => format!("Try again after {clock} today (Beijing time)."),
        (1, false) => format!("请明天 {clock} 后再试。"),
        (1, true) => format!("Try again after {clock} tomorrow (Beijing time)."),
        (_, false) => format!("请 {}月{}日 {clock} 后再试。", u8::from(at.month()), at.day()),
        (_, true) => {
            format!("Try again after {clock} on {} {} (Beijing time).", at.month(), at.day())
        }
    }
}

pub fn problem_for_status(status: StatusCode) -> ApiError {
    match status {
        StatusCode::NOT_FOUND => ApiError::NotFound,
        StatusCode::UNAUTHORIZED => ApiError::Unauthorized { code: "unauthorized" },
        StatusCode::FORBIDDEN => ApiError::Forbidden,
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge { limit_bytes: None },
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            ApiError::UnsupportedMediaType { expected: "application/json" }
        }
        StatusCode::RANGE_NOT_SATISFIABLE => ApiError::RangeNotSatisfiable { len: None },
        StatusCode::NOT_ACCEPTABLE => ApiError::BadRequest { code: "not_acceptable", detail: None },
        StatusCode::CONFLICT => ApiError::conflict("conflict"),
        StatusCode::PRECONDITION_FAILED => ApiError::PreconditionFailed,
        StatusCode::TOO_MANY_REQUESTS => ApiError::RateLimited { retry_after_secs: 1 },
        StatusCode::SERVICE_UNAVAILABLE => ApiError::Unavailable,
        s if s.is_server_error() => {
            ApiError::Internal(anyhow::anyhow!("unhandled {s} response from a library"))
        }
        _ => ApiError::BadRequest { code: "bad_request", detail: None },
    }
}

/// Maps database constraint violations at the query that can cause them:
/// `.on_unique(|| ApiError::conflict("category_code_taken"))?`.
///
/// Keyed on sqlx's `ErrorKind`, which both engines report (SQLite gives no constraint names).
pub trait OnConstraint<T> {
    fn on_unique(self, conflict: impl FnOnce() -> ApiError) -> ApiResult<T>;
}

impl<T> OnConstraint<T> for Result<T, sqlx::Error> {
    fn on_unique(self, conflict: impl FnOnce() -> ApiError) -> ApiResult<T> {
        self.map_err(|err| match &err {
            sqlx::Error::Database(db) if db.kind() == sqlx::error::ErrorKind::UniqueViolation => {
                conflict()
            }
            _ => ApiError::Internal(anyhow::Error::new(err).context("database")),
        })
    }
}

/// Whether `cause` is the database being out of reach (down, restarting, pool exhausted)
/// rather than a query going wrong. SQLSTATE class 08 is a connection exception; 57P01–03
/// are an administrator shutdown, a crash shutdown and "cannot connect now".
fn database_unreachable(cause: &anyhow::Error) -> bool {
    cause.chain().filter_map(|e| e.downcast_ref::<sqlx::Error>()).any(|err| match err {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => db.code().is_some_and(|code| {
            code.starts_with("08") || matches!(&*code, "57P01" | "57P02" | "57P03")
        }),
        _ => false,
    })
}

impl From<sqlx::Error> for ApiError {
    fn from(err: sqlx::Error) -> Self {
        ApiError::Internal(anyhow::Error::new(err).context("database"))
    }
}

/// Rewords every error response for the caller: `ApiError`s in the negotiated language with
/// the request id, and any other 4xx/5xx (actix's own, a library's) as the problem for its
/// status. Internal errors are logged here, once, inside the request's span.
pub async fn localise_problems(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<actix_web::dev::ServiceResponse<actix_web::body::BoxBody>, actix_web::Error> {
    use actix_web::HttpMessage;

    let lang = Lang::of_service_request(&req);
    req.extensions_mut().insert(lang);
    let res = next.call(req).await?;
    let status = res.status();
    if !status.is_client_error() && !status.is_server_error() {
        return Ok(res.map_into_boxed_body());
    }
    let request_id =
        res.request().extensions().get::<tracing_actix_web::RequestId>().map(ToString::to_string);
    // A body a handler wrote on purpose in another system's wire format (a gateway's
    // notification answer, the sandbox's DingTalk or WeChat Pay refusals, a replayed answer) is
    // that system's, not ours: only bare statuses and errors become problems.
    if res.response().error().is_none() && res.headers().contains_key(header::CONTENT_TYPE) {
        return Ok(res.map_into_boxed_body());
    }
    let fallback;
    let error = match res.response().error() {
        Some(err) => match err.as_error::<ApiError>() {
            Some(api_error) => api_error,
            None => {
                tracing::debug!(error = %err, %status, "library error answered as a problem");
                fallback = problem_for_status(status);
                &fallback
            }
        },
        None => {
            fallback = problem_for_status(status);
            &fallback
        }
    };
    // A lost database is an outage the caller can wait out, not a bug: 503, logged as such.
    let unavailable = ApiError::Unavailable;
    let error = match error {
        ApiError::Internal(cause) if database_unreachable(cause) => {
            tracing::warn!(error = format!("{cause:#}"), "database unavailable");
            &unavailable
        }
        other => other,
    };
    match error {
        ApiError::Internal(cause) => {
            tracing::error!(error = format!("{cause:#}"), "request failed")
        }
        _ if status.is_server_error() => {
            tracing::warn!(%status, code = error.code(), "request failed")
        }
        _ => {}
    }
    let response = error.to_response(lang, request_id);
    Ok(res.into_response(response))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_problems_list_each_field_in_the_requested_language() {
        let err = ApiError::Validation(vec![
            FieldError::new("page_size", "range").with_param("min", 1).with_param("max", 100),
        ]);
        let zh = err.problem(Lang::ZhCn, None);
        let en = err.problem(Lang::En, Some("r1".into()));
        assert_eq!(zh.status, 422);
        assert_eq!(zh.errors.as_ref().unwrap()[0].message, "应在 1 到 100 之间");
        assert_eq!(en.errors.as_ref().unwrap()[0].message, "must be between 1 and 100");
        assert_eq!(en.title, "Some fields are invalid");
        assert_eq!(en.request_id.as_deref(), Some("r1"));
    }

    #[test]
    fn a_long_wait_is_said_as_a_clock_time_not_seconds() {
        // 2026-12-06 14:30:00 Beijing time.
        let now = time::macros::datetime!(2026-12-06 06:30:00 UTC);
        assert_eq!(when_to_retry(59, now, false), "请 59 秒后再试。");
        assert_eq!(when_to_retry(600, now, false), "请 10 分钟后再试。");
        assert_eq!(when_to_retry(3 * 3600 + 30, now, false), "请今天 17:31 后再试。");
        assert_eq!(when_to_retry(85_760, now, false), "请明天 14:20 后再试。");
        assert_eq!(
            when_to_retry(85_760, now, true),
            "Try again after 14:20 tomorrow (Beijing time)."
        );
        assert_eq!(when_to_retry(3 * 86_400, now, false), "请 12月9日 14:30 后再试。");
    }

    #[test]
    fn internal_errors_never_show_their_cause() {
        let err = ApiError::Internal(anyhow::anyhow!("password=hunter2 connection refused"));
        let body = serde_json::to_string(&err.problem(Lang::En, None)).unwrap();
        assert!(!body.contains("hunter2"));
        assert!(body.contains("internal_error"));
    }
}
