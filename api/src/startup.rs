//! Building and running the server: `Application::build(settings)` connects and migrates the
//! database, binds the listener (port 0 picks a free one; `port()` reads it back) and returns
//! a server ready to `run_until_stopped()`. SIGINT/SIGTERM stop it gracefully: in-flight
//! requests get `server.shutdown_timeout_secs` to finish.

use std::net::TcpListener;

use actix_cors::Cors;
use actix_web::{
    App, HttpRequest, HttpResponse, HttpServer,
    dev::{Server, ServerHandle},
    http::{Method, header},
    middleware::{self, Compress, Condition, DefaultHeaders},
    web,
};
use anyhow::Context;
use tracing_actix_web::TracingLogger;
use utoipa_swagger_ui::SwaggerUi;

use crate::{
    auth::{
        keys::AuthKeys,
        sms::{AliyunSmsSender, ConsoleSms, SandboxSms, SmsSender},
        sso::providers::SsoProviders,
    },
    config::{Profile, Settings, SmsProvider},
    db::{ConnectOptions, Db},
    error::{ApiError, ApiResult},
    extract,
    integrations::aliyun_sms::AliyunSms,
    routes, spa,
    state::{AppContext, AppState},
    telemetry::{self, Metrics},
};

pub struct Application {
    port: u16,
    server: Server,
    state: AppState,
    /// Tells the jobs worker and the WAL checkpoints to stop once the server has.
    stop_background: tokio::sync::watch::Sender<bool>,
}

impl Application {
    /// Connects and migrates the database named by `settings`, then binds.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let db = Db::connect(&ConnectOptions::from_settings(&settings)).await?;
        db.migrate().await?;
        Self::build_with_db(settings, db)
    }

    /// Binds with an already migrated database (tests, the `--demo` seed).
    pub fn build_with_db(settings: Settings, db: Db) -> anyhow::Result<Self> {
        let address = format!("{}:{}", settings.server.host, settings.server.port);
        let listener = TcpListener::bind(&address).with_context(|| format!("bind {address}"))?;
        let port = listener.local_addr()?.port();
        let keys = AuthKeys::rotating(
            &settings.jwt_secret()?,
            settings.auth.jwt_previous_secret.as_ref(),
            settings.auth.hash_key.as_ref(),
        );
        let http = crate::integrations::http_client()?;
        let sms: Box<dyn SmsSender> = match (settings.sms.provider, &settings.sms.aliyun) {
            (SmsProvider::Aliyun, Some(aliyun)) => Box::new(AliyunSmsSender {
                client: AliyunSms {
                    access_key_id: aliyun.access_key_id.clone(),
                    access_key_secret: aliyun.access_key_secret.clone(),
                    sign_name: aliyun.sign_name.clone(),
                    template_code: aliyun.template_code.clone(),
                    endpoint: aliyun.endpoint.clone(),
                    region_id: aliyun.region_id.clone(),
                },
                http: http.clone(),
            }),
            (SmsProvider::Aliyun, None) => {
                anyhow::bail!("KETANG_SMS__PROVIDER is aliyun but [sms.aliyun] is not configured")
            }
            (SmsProvider::Console, _) if settings.sandbox_enabled() => {
                Box::new(SandboxSms { db: db.clone() })
            }
            (SmsProvider::Console, _) => Box::new(ConsoleSms),
        };
        let internal_base = format!("http://127.0.0.1:{port}");
        let media = match &settings.media.s3 {
            Some(s3) => crate::media::storage::MediaStorage::s3(s3)?,
            None => crate::media::storage::MediaStorage::local(
                &settings.data_dir.join("media"),
                settings.media.accel_redirect_prefix()?,
            )?,
        };
        let public_base_url = match settings.web.public_base_url.trim_end_matches('/') {
            "" => internal_base.clone(),
            configured => configured.to_owned(),
        };
        let sso = SsoProviders::from_settings(&settings, &internal_base);
        let pii =
            crate::pii::PiiCipher::rotating(&settings.pii_key()?, settings.pii_previous_key()?);
        let live_platform = match &settings.live_platform.dingtalk {
            Some(app) => Some(crate::integrations::dingtalk_live::DingTalkApp::new(
                app.app_key.clone(),
                app.app_secret.clone(),
                app.api_base.clone(),
                app.oapi_base.clone(),
                app.anchor_union_id.clone(),
                http.clone(),
            )),
            None if settings.sandbox_enabled() => {
                let sandbox = format!("{internal_base}/sandbox/dingtalk");
                Some(crate::integrations::dingtalk_live::DingTalkApp::new(
                    crate::auth::sso::providers::SANDBOX_CLIENT_ID.to_owned(),
                    crate::auth::sso::providers::SANDBOX_CLIENT_SECRET.to_owned().into(),
                    sandbox.clone(),
                    sandbox,
                    "sandbox-anchor".to_owned(),
                    http.clone(),
                ))
            }
            None => None,
        };
        let payments =
            crate::payments::Gateways::from_settings(&settings, &internal_base, &public_base_url)?;
        let untrusted_reach = crate::integrations::outbound::Reach {
            allow_loopback: settings.webhooks.allow_loopback,
        };
        let untrusted_http = crate::integrations::outbound::client(untrusted_reach)?;
        let catalog_titles =
            crate::classroom::catalog::new_title_index(settings.catalog.title_index_max_courses);
        let state = web::Data::new(AppContext {
            db,
            settings,
            metrics: Metrics::new()?,
            keys,
            sms,
            http,
            untrusted_http,
            untrusted_reach,
            sso,
            public_base_url,
            media,
            pii,
            live_platform,
            payments,
            catalog_cache: crate::classroom::catalog::new_cache(),
            catalog_titles,
            // 16 MB of answers; the expiry bounds what follows the clock (a student's age).
            signed_in_answers: crate::cache::Unchanged::new(
                16 << 20,
                std::time::Duration::from_secs(60),
                crate::cache::KeptAnswer::bytes,
            ),
        });
        crate::jobs::register(job_kinds());
        crate::events::subscribe(vec![crate::integrators::webhooks::on_event]);
        let server = serve(listener, state.clone())?;
        tracing::info!("listening on http://{}:{port}", state.settings.server.host);
        let (stop_background, stopped) = tokio::sync::watch::channel(false);
        if state.settings.jobs.enabled {
            let poll = std::time::Duration::from_millis(state.settings.jobs.poll_interval_ms);
            tokio::spawn(crate::jobs::Worker::new(state.clone(), poll).run(stopped.clone()));
        }
        tokio::spawn(
            state.db.clone().checkpoint_wal(std::time::Duration::from_secs(1), stopped.clone()),
        );
        let followed = state.clone();
        tokio::spawn(async move { followed.catalog_cache.follow(&followed.db, stopped).await });
        Ok(Self { port, server, state, stop_background })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Stops the server from elsewhere (tests): `stop(true)` waits for in-flight requests.
    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let served = self.server.await;
        self.stop_background.send_replace(true);
        served
    }
}

/// Every feature's background work, collected here so `jobs` needs to know none of them.
fn job_kinds() -> crate::jobs::JobKinds {
    let mut kinds = crate::jobs::JobKinds::default();
    // In the order the recurring runs were always scheduled in: sweep, reconcile, pulls, reports.
    crate::media::register_jobs(&mut kinds);
    crate::payments::register_jobs(&mut kinds);
    crate::training::register_jobs(&mut kinds);
    crate::integrators::register_jobs(&mut kinds);
    kinds
}

/// Method and path templates of every documented operation, to tell a wrong method (405 with
/// `Allow`) from an unknown path (404). Read from the committed `openapi.yaml` (which the drift
/// test keeps equal to the code's document) instead of building the document at every start:
/// that cost megabytes of short-lived allocations the allocator kept (bench P6). Templates are
/// matched segment by segment (`{name}` takes any one segment).
#[derive(Debug)]
pub struct RouteTable(Vec<(Vec<String>, Vec<Method>)>);

const OPENAPI_YAML: &str = include_str!("../../openapi.yaml");

impl RouteTable {
    /// The `paths` of an OpenAPI document as `ketang openapi` writes it: a path key indented by
    /// two spaces, its operations by four.
    fn from_yaml(yaml: &str) -> Self {
        let mut routes: Vec<(Vec<String>, Vec<Method>)> = Vec::new();
        let mut in_paths = false;
        for line in yaml.lines() {
            if !line.starts_with(' ') {
                in_paths = line == "paths:";
                continue;
            }
            if !in_paths {
                continue;
            }
            if let Some(path) = line.strip_prefix("  /").and_then(|rest| rest.strip_suffix(':')) {
                routes
                    .push((format!("/{path}").split('/').map(str::to_owned).collect(), Vec::new()));
            } else if let (Some(method), Some((_, methods))) = (
                line.strip_prefix("    ").and_then(|rest| rest.strip_suffix(':')),
                routes.last_mut(),
            ) {
                match method {
                    "get" => methods.push(Method::GET),
                    "put" => methods.push(Method::PUT),
                    "post" => methods.push(Method::POST),
                    "delete" => methods.push(Method::DELETE),
                    "patch" => methods.push(Method::PATCH),
                    _ => {}
                }
            }
        }
        Self(routes)
    }

    fn allowed_methods(&self, path: &str) -> Option<&[Method]> {
        let segments: Vec<&str> = path.split('/').collect();
        let matches = |template: &[String]| {
            template.len() == segments.len()
                && template.iter().zip(&segments).all(|(want, got)| {
                    if want.starts_with('{') && want.ends_with('}') {
                        !got.is_empty()
                    } else {
                        want == got
                    }
                })
        };
        self.0.iter().find(|(template, _)| matches(template)).map(|(_, methods)| methods.as_slice())
    }
}

/// The document as JSON, built on the first request for it (the docs page's) and kept.
async fn openapi_json() -> ApiResult<HttpResponse> {
    static JSON: std::sync::OnceLock<web::Bytes> = std::sync::OnceLock::new();
    let body = match JSON.get() {
        Some(body) => body.clone(),
        None => {
            let json = web::block(|| routes::spec().to_json())
                .await
                .map_err(|e| ApiError::Internal(anyhow::Error::new(e)))?
                .map_err(|e| ApiError::Internal(anyhow::Error::new(e)))?;
            JSON.get_or_init(|| web::Bytes::from(json)).clone()
        }
    };
    Ok(HttpResponse::Ok().content_type("application/json").body(body))
}

/// What no route answered: a wrong method on a known path, or an unknown path.
async fn no_route(req: HttpRequest, routes: web::Data<RouteTable>) -> ApiResult<HttpResponse> {
    let method = req.method().clone();
    let path = req.path().to_owned();
    Err(match routes.allowed_methods(&path) {
        Some(allow) if !allow.contains(&method) => {
            ApiError::MethodNotAllowed { method, allow: allow.to_vec() }
        }
        _ => ApiError::RouteNotFound { method, path },
    })
}

fn security_headers(profile: Profile) -> DefaultHeaders {
    let headers = DefaultHeaders::new()
        .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .add((header::X_FRAME_OPTIONS, "DENY"))
        .add((header::REFERRER_POLICY, "strict-origin-when-cross-origin"))
        .add(("Permissions-Policy", "camera=(), microphone=(), geolocation=()"))
        .add(("Cross-Origin-Opener-Policy", "same-origin"))
        // Ant Design injects its styles at run time, hence 'unsafe-inline' for styles only.
        .add((
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
             img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; \
             font-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; \
             frame-ancestors 'none'",
        ));
    match profile {
        Profile::Prod => {
            headers.add((header::STRICT_TRANSPORT_SECURITY, "max-age=31536000; includeSubDomains"))
        }
        Profile::Dev => headers,
    }
}

fn cors(origins: &[String]) -> Cors {
    origins
        .iter()
        .fold(Cors::default(), |cors, origin| cors.allowed_origin(origin))
        .allowed_methods(["GET", "POST", "PUT", "PATCH", "DELETE"])
        .allowed_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            header::ACCEPT_LANGUAGE,
            header::IF_MATCH,
            header::HeaderName::from_static("idempotency-key"),
        ])
        .expose_headers([header::ETAG, header::RETRY_AFTER, telemetry::REQUEST_ID_HEADER])
        .supports_credentials()
        .max_age(3600)
}

fn serve(listener: TcpListener, state: AppState) -> anyhow::Result<Server> {
    let routes = web::Data::new(RouteTable::from_yaml(OPENAPI_YAML));
    // The request metrics on their own, for the telemetry middleware (below the state).
    let metrics = web::Data::new(state.metrics.clone());
    // Rows of the media files served so far (immutable once written), shared by the workers.
    let media_rows = web::Data::new(crate::media::ServedRows::default());
    // Callers already proven, while the database has had no commit since (SQLite only).
    let callers = web::Data::new(crate::access::caller_cache());
    let settings = &state.settings;
    let json_config = web::JsonConfig::default()
        .limit(settings.server.json_limit_bytes)
        .error_handler(extract::json_error);
    let payload_config = web::PayloadConfig::new(settings.server.body_limit_bytes);
    let workers = settings.server.workers;
    let spa = spa::Spa::find(&settings.web.dist_dir);
    let shutdown_timeout = settings.server.shutdown_timeout_secs;
    let trusted_proxies = web::Data::new(
        crate::client_addr::TrustedProxies::parse(&settings.server.trusted_proxies)
            .map_err(|reason| anyhow::anyhow!("KETANG_SERVER__TRUSTED_PROXIES: {reason}"))?,
    );

    let mut server = HttpServer::new(move || {
        let settings = &state.settings;
        let cors_origins = &settings.cors.allowed_origins;
        let app = App::new()
            .app_data(state.clone())
            .app_data(metrics.clone())
            .app_data(media_rows.clone())
            .app_data(callers.clone())
            .app_data(routes.clone())
            .app_data(trusted_proxies.clone())
            .app_data(json_config.clone())
            .app_data(payload_config.clone())
            .app_data(web::PathConfig::default().error_handler(extract::path_error))
            .app_data(web::QueryConfig::default().error_handler(extract::query_error))
            // Innermost first: problems are localised before they are counted and logged.
            .wrap(middleware::from_fn(crate::error::localise_problems))
            .wrap(middleware::from_fn(crate::access::integrator::rate_limit_headers))
            .wrap(middleware::from_fn(telemetry::observe_request))
            .wrap(TracingLogger::<telemetry::RedactingRootSpan>::new())
            .wrap(Compress::default())
            .wrap(security_headers(settings.profile))
            .wrap(Condition::new(!cors_origins.is_empty(), cors(cors_origins)))
            .configure(routes::server_routes);
        let app = app
            .configure(|cfg| {
                if settings.sandbox_enabled() {
                    crate::sandbox::configure(cfg);
                }
            })
            .service(web::redirect("/docs", "/docs/"))
            .route("/openapi.json", web::get().to(openapi_json))
            .service(
                SwaggerUi::new("/docs/{_:.*}")
                    // No call to validator.swagger.io: the CSP blocks it (a console error), and
                    // the spec is linted in CI instead.
                    .config(utoipa_swagger_ui::Config::from("/openapi.json").validator_url("none")),
            )
            .default_service(web::to(no_route));
        match &spa {
            Some(spa) => app.service(spa.root()).service(spa.files()),
            None => app,
        }
    })
    // An idle connection is kept longer than clients and load balancers keep theirs (Node's
    // agents 5 s, common load balancers 60 s), so the client always closes it first. With
    // actix's default of 5 s both sides closed at once, and a request sent on a connection
    // the server was closing failed with ECONNRESET (seen in the e2e suite).
    .keep_alive(std::time::Duration::from_secs(75))
    .listen(listener)?
    .shutdown_timeout(shutdown_timeout);
    if let Some(workers) = workers {
        server = server.workers(workers);
    }
    Ok(server.run())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_route_table_read_from_the_committed_yaml_is_the_documents() {
        let table = RouteTable::from_yaml(OPENAPI_YAML);
        let spec = routes::spec();
        assert_eq!(table.0.len(), spec.paths.paths.len());
        for (path, item) in &spec.paths.paths {
            let concrete = path.replace('{', "x").replace('}', "");
            let mut expected: Vec<String> = [
                (item.get.is_some(), "GET"),
                (item.put.is_some(), "PUT"),
                (item.post.is_some(), "POST"),
                (item.delete.is_some(), "DELETE"),
                (item.patch.is_some(), "PATCH"),
            ]
            .into_iter()
            .filter(|(present, _)| *present)
            .map(|(_, name)| name.to_owned())
            .collect();
            let mut found: Vec<String> = table
                .allowed_methods(&concrete)
                .unwrap_or_else(|| panic!("{path} is in the table"))
                .iter()
                .map(ToString::to_string)
                .collect();
            expected.sort();
            found.sort();
            assert_eq!(found, expected, "{path}");
        }
        assert!(table.allowed_methods("/api/v1/no-such-thing").is_none());
    }
}
