//! Logs, request ids and metrics.
//!
//! `tracing-actix-web` opens one span per request carrying its `request_id` (so every log
//! line of the request has it) and the route template; `observe_request` answers the id in
//! `X-Request-Id`, writes one access-log line, and feeds the Prometheus metrics.

use std::{io::IsTerminal, sync::LazyLock, time::Instant};

use actix_web::{
    Error, HttpMessage,
    body::MessageBody,
    dev::{ServiceRequest, ServiceResponse},
    http::header::{HeaderName, HeaderValue},
    middleware::Next,
};
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, Opts, Registry, TextEncoder,
};
use tracing_actix_web::RequestId;
use tracing_subscriber::{EnvFilter, fmt, layer::SubscriberExt, util::SubscriberInitExt};

use crate::config::LogFormat;

pub const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// Installs the global subscriber: `RUST_LOG` if set, else `level`; JSON or human text.
/// A second call (tests) is a no-op.
pub fn init(format: LogFormat, level: &str) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(level));
    let registry = tracing_subscriber::registry().with(filter);
    let result = match format {
        LogFormat::Json => registry
            .with(
                fmt::layer()
                    .json()
                    .flatten_event(true)
                    .with_current_span(true)
                    .with_span_list(false),
            )
            .try_init(),
        LogFormat::Pretty => registry
            .with(fmt::layer().compact().with_ansi(std::io::stdout().is_terminal()))
            .try_init(),
    };
    drop(result);
}

/// SMS codes handed to the gateway, by `outcome` (`sent`, `failed`): a rise in failures means
/// nobody can sign up or sign in by SMS. Process-wide (every server of the process counts).
pub static SMS_SENDS: LazyLock<IntCounterVec> = LazyLock::new(|| {
    IntCounterVec::new(
        Opts::new("sms_sends_total", "SMS codes handed to the gateway, by outcome"),
        &["outcome"],
    )
    .expect("a valid metric")
});

/// Payment notifications from the gateways, by `gateway` and `outcome` (`settled`,
/// `already_settled`, `held` for money kept for an operator, `ignored` for orders not ours or
/// still pending, `refused` for a bad signature, `malformed`, `failed` when WeChat/Alipay will
/// retry).
pub static PAYMENT_NOTIFICATIONS: LazyLock<IntCounterVec> = LazyLock::new(|| {
    IntCounterVec::new(
        Opts::new("payment_notifications_total", "Payment gateway notifications, by outcome"),
        &["gateway", "outcome"],
    )
    .expect("a valid metric")
});

/// Request counters and latency histograms by method, route template and status.
#[derive(Debug, Clone)]
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
}

impl Metrics {
    pub fn new() -> anyhow::Result<Self> {
        let registry = Registry::new_custom(Some("ketang".into()), None)?;
        let requests = IntCounterVec::new(
            Opts::new("http_requests_total", "HTTP requests answered"),
            &["method", "route", "status"],
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new("http_request_duration_seconds", "Time to answer an HTTP request")
                .buckets(vec![
                    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
                ]),
            &["method", "route"],
        )?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        registry.register(Box::new(SMS_SENDS.clone()))?;
        registry.register(Box::new(PAYMENT_NOTIFICATIONS.clone()))?;
        Ok(Self { registry, requests, latency })
    }

    fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        self.requests.with_label_values(&[method, route, &status.to_string()]).inc();
        self.latency.with_label_values(&[method, route]).observe(seconds);
    }

    /// The text exposition format.
    pub fn render(&self) -> String {
        let mut buffer = Vec::new();
        let encoder = TextEncoder::new();
        if let Err(err) = encoder.encode(&self.registry.gather(), &mut buffer) {
            tracing::error!(error = %err, "encode metrics");
        }
        String::from_utf8(buffer).unwrap_or_default()
    }
}

/// Answers the request id, logs the request once, and counts it by route template (never by
/// raw path, so ids in paths do not explode the metric's cardinality).
pub async fn observe_request(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let started = Instant::now();
    let metrics =
        req.app_data::<actix_web::web::Data<Metrics>>().map(|metrics| metrics.get_ref().clone());
    let method = req.method().to_string();
    let mut res = next.call(req).await?;
    let seconds = started.elapsed().as_secs_f64();
    // The route template is looked up once, here (actix matches the path against every route
    // again for it: a fifth of a signed-in read's CPU when the root span did it too, issue 24),
    // and given to the request's span as well.
    let route = res.request().match_pattern().unwrap_or_else(|| "unmatched".to_owned());
    if let Some(span) = res.request().extensions().get::<tracing_actix_web::RootSpan>() {
        span.record("http.route", route.as_str());
    }
    let status = res.status().as_u16();
    if let Some(metrics) = metrics {
        metrics.observe(&method, &route, status, seconds);
    }
    let request_id = res.request().extensions().get::<RequestId>().map(ToString::to_string);
    if let Some(id) = request_id.and_then(|id| HeaderValue::from_str(&id).ok()) {
        res.headers_mut().insert(REQUEST_ID_HEADER, id);
    }
    let millis = seconds * 1000.0;
    let quiet = matches!(route.as_str(), "/healthz" | "/readyz" | "/metrics");
    if quiet {
        tracing::debug!(%method, %route, status, millis, "request answered");
    } else {
        tracing::info!(%method, %route, status, millis, "request answered");
    }
    Ok(res)
}

/// The request span of `TracingLogger`, with the query string's secrets redacted: SSO `code`
/// and `state`, signed-URL `signature`, tickets and tokens arrive in query strings, and a log
/// is read by more people than their owner. The client address is the one limits use.
pub struct RedactingRootSpan;

impl tracing_actix_web::RootSpanBuilder for RedactingRootSpan {
    fn on_request_start(request: &ServiceRequest) -> tracing::Span {
        let request_id = request.extensions().get::<RequestId>().map(ToString::to_string);
        let client_ip = crate::client_addr::client_ip(request.request());
        tracing::info_span!(
            "HTTP request",
            http.method = %request.method(),
            // Recorded by `observe_request` once the route is known.
            http.route = tracing::field::Empty,
            http.target = %redacted_target(request.uri()),
            http.client_ip = client_ip.as_deref().unwrap_or(""),
            http.user_agent = request
                .headers()
                .get("user-agent")
                .and_then(|value| value.to_str().ok())
                .unwrap_or(""),
            http.status_code = tracing::field::Empty,
            otel.status_code = tracing::field::Empty,
            request_id = request_id.as_deref().unwrap_or(""),
            exception.message = tracing::field::Empty,
            exception.details = tracing::field::Empty,
        )
    }

    fn on_request_end<B: MessageBody>(
        span: tracing::Span,
        outcome: &Result<ServiceResponse<B>, Error>,
    ) {
        tracing_actix_web::DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}

/// Query parameter names whose values are never logged (matched as parts of the name).
const SECRET_PARAMS: [&str; 10] =
    ["code", "state", "token", "ticket", "sign", "secret", "password", "key", "credential", "auth"];

/// The path and query of `uri` with the values of secret-looking parameters replaced by `***`.
pub fn redacted_target(uri: &actix_web::http::Uri) -> String {
    let path = uri.path();
    let Some(query) = uri.query() else {
        return path.to_owned();
    };
    let redacted: Vec<String> = query
        .split('&')
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let lower = name.to_ascii_lowercase();
            if !value.is_empty() && SECRET_PARAMS.iter().any(|secret| lower.contains(secret)) {
                format!("{name}=***")
            } else {
                pair.to_owned()
            }
        })
        .collect();
    format!("{path}?{}", redacted.join("&"))
}

#[cfg(test)]
mod redaction_tests {
    use super::*;

    #[test]
    fn secrets_in_query_strings_are_not_logged() {
        let uri: actix_web::http::Uri =
            "/api/v1/auth/sso/wechat/callback?code=abc&state=xyz&page=2&X-Amz-Signature=s&authCode=d&access_token=t&ticket=k"
                .parse()
                .unwrap();
        let logged = redacted_target(&uri);
        for secret in ["abc", "xyz", "=s&", "=d&", "=t&", "=k"] {
            assert!(!logged.contains(secret), "{secret} in {logged}");
        }
        assert!(logged.contains("page=2"), "{logged}");
        assert_eq!(redacted_target(&"/healthz".parse().unwrap()), "/healthz");
    }
}
