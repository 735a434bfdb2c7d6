//! The composition root of the API's routes: the one module that names every feature, for the
//! server's workers and for the OpenAPI document. Paths are collected from the handlers'
//! `#[utoipa::path]` annotations as `routes` mounts them (utoipa-actix-web), so the spec and
//! the router cannot disagree; nothing is listed by hand here but the document's header and
//! its post-processing (public operations, integrator scopes, formats, closed value sets).

use utoipa::{
    OpenApi,
    openapi::{Ref, RefOr, response::Response},
};
use utoipa_actix_web::{AppExt, service_config::ServiceConfig};

use crate::{
    error::{Problem, ProblemField},
    openapi::{Routes, UNAVAILABLE, problem_responses},
};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Ketang API",
        description = "课堂 Ketang: cloud classroom, subsidised enterprise training and association \
membership. JSON over HTTPS; errors are RFC 9457 problem+json localised by `Accept-Language` \
(zh-CN default, en); lists take `page` and `page_size` and answer `total`; times are RFC 3339 UTC; \
money is integer fen.",
        license(name = "Apache-2.0", identifier = "Apache-2.0"),
    ),
    servers((url = "/", description = "This server: the API is served beside the SPA, under `/api/v1`")),
    components(schemas(Problem, ProblemField)),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Accounts, sign-in and sessions"),
        (name = "legal", description = "The legal statement, privacy policy and charter users agree to, in versions"),
        (name = "orgs", description = "Organizations and their sub-accounts"),
        (name = "messages", description = "Message center"),
        (name = "media", description = "Uploads and stored files"),
        (name = "catalog", description = "Course topic categories"),
        (name = "classroom", description = "Cloud classroom: providers, lecturers, courses, their review and the public catalog"),
        (name = "training", description = "Training classes and their students"),
        (name = "membership", description = "Association membership: registration, review, member sign-in, profile and dues"),
        (name = "payments", description = "Online dues payments (WeChat Pay, Alipay) and the gateways' notifications"),
        (name = "integrators", description = "Developer access: API keys, OAuth2 client credentials, webhooks"),
        (name = "admin", description = "Platform administration: users, orgs, dictionaries, dashboard"),
        (name = "meta", description = "Fixed vocabularies"),
        (name = "client-reports", description = "Front-end error reports"),
        (name = "ops", description = "Health, readiness and metrics"),
    ),
)]
pub struct ApiDoc;

/// Every route of the product, for the spec.
pub fn routes(cfg: &mut ServiceConfig<'_>) {
    crate::ops::configure(cfg);
    crate::media::configure_files(cfg);
    cfg.service(utoipa_actix_web::scope("/api/v1").configure(|cfg| api_v1(cfg)));
}

/// The same routes, for the server's workers.
pub fn server_routes(cfg: &mut actix_web::web::ServiceConfig) {
    crate::ops::configure(cfg);
    crate::media::configure_files(cfg);
    cfg.service(actix_web::web::scope("/api/v1").configure(api_v1));
}

/// The order is the order actix tries routes in, one pattern after another (a regex each for
/// those with `{…}` segments): the most requested come first — the public catalog, sign-in
/// and `/me`, then an org's own pages and its training classes. Registered after a hundred
/// others, the org page spent a third of its worker-thread CPU finding its route (issue 24, P8:
/// 107–111 → 68–78 µs of server CPU a request once registered ahead).
/// No route can match a path meant for another (every pair is checked by
/// `no_route_can_answer_a_path_meant_for_another` below), so the order decides cost only, never
/// which handler answers.
fn api_v1(cfg: &mut impl Routes) {
    crate::classroom::configure_public_catalog(cfg);
    crate::auth::configure(cfg);
    crate::orgs::configure(cfg);
    crate::training::configure(cfg);
    crate::legal::configure(cfg);
    crate::catalog::configure(cfg);
    crate::classroom::configure(cfg);
    crate::members::configure(cfg);
    crate::payments::configure(cfg);
    crate::integrators::configure(cfg);
    crate::admin::configure(cfg);
    crate::meta::configure(cfg);
    crate::messages::configure(cfg);
    crate::media::configure(cfg);
    crate::client_reports::configure(cfg);
}

/// The document as the running server describes itself.
pub fn spec() -> utoipa::openapi::OpenApi {
    let (_, spec) = actix_web::App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(routes)
        .split_for_parts();
    with_integrator_scopes_and_formats(with_unavailable_everywhere(spec))
}

/// utoipa makes a handler's first doc paragraph the summary and the rest the description, so a
/// one-paragraph doc comment gave a long summary and no description (what generated clients
/// and the docs page show as the operation's explanation). The paragraph becomes the
/// description, and its first sentence, on one line, the summary.
fn with_short_summary(operation: &mut utoipa::openapi::path::Operation) {
    let Some(paragraph) = operation.summary.take() else { return };
    let one_line = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
    let sentence_end = [". ", "; "].iter().filter_map(|end| one_line.find(end)).min();
    let first = sentence_end.map_or(one_line.as_str(), |end| &one_line[..end]);
    operation.summary = Some(first.trim_end_matches('.').to_owned());
    if operation.description.is_none() {
        operation.description = Some(paragraph);
    }
}

/// An integer response header, in seconds or a count.
fn integer_header(description: &str) -> utoipa::openapi::header::Header {
    use utoipa::openapi::{ObjectBuilder, Type, header::HeaderBuilder};
    HeaderBuilder::new()
        .schema(ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(0)))
        .description(Some(description))
        .build()
}

/// The headers a 429 and a 503 carry: when to come back (RFC 9110 `Retry-After`), and on a
/// 429 the credential's standing (IETF draft `RateLimit-*`, on integrator calls).
fn with_retry_headers(status: &str, response: &mut RefOr<Response>) {
    let RefOr::T(response) = response else { return };
    if status == "429" || status == "503" {
        response
            .headers
            .insert("Retry-After".into(), integer_header("Seconds to wait before trying again"));
    }
    if status == "429" {
        for (name, description) in [
            ("RateLimit-Limit", "Integrator calls: requests allowed per window (a minute)"),
            ("RateLimit-Remaining", "Integrator calls: requests left in this window"),
            ("RateLimit-Reset", "Integrator calls: seconds until the window starts again"),
        ] {
            response.headers.insert(name.into(), integer_header(description));
        }
    }
}

/// Any operation that reaches the database answers 503 while it is out of reach (with
/// `Retry-After`), so every operation documents it; every 429 and 503 names its headers.
fn with_unavailable_everywhere(mut spec: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    let unavailable = problem_responses(&[UNAVAILABLE]);
    for item in spec.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
            &mut item.head,
            &mut item.options,
        ];
        for operation in operations.into_iter().flatten() {
            for (status, response) in &unavailable {
                operation
                    .responses
                    .responses
                    .entry(status.clone())
                    .or_insert_with(|| response.clone());
            }
            for (status, response) in &mut operation.responses.responses {
                with_retry_headers(status, response);
            }
        }
    }
    spec
}

/// `openapi.yaml`, as `ketang openapi` prints it and the drift test compares it.
pub fn spec_yaml() -> anyhow::Result<String> {
    Ok(spec().to_yaml()?)
}

/// The `bearer` security scheme: an access token from a sign-in or a refresh.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "A user's access token from `POST /api/v1/auth/sign-in/…` or `/auth/refresh`; \
                         or an integrator's API key (`kt_key_…`) or client-credentials token \
                         (`kt_at_…` from `POST /api/v1/oauth/token`), valid for its org's \
                         endpoints within its scopes",
                    ))
                    .build(),
            ),
        );
        // Integrators' client credentials (RFC 6749 §4.4), with every scope; each org-scoped
        // operation names the scope it needs (`with_integrator_scopes_and_formats`).
        use utoipa::openapi::security::{ClientCredentials, Flow, OAuth2, Scopes};
        let scopes = Scopes::from_iter(
            crate::access::integrator::SCOPES
                .iter()
                .map(|scope| (scope.to_string(), scope_description(scope))),
        );
        components.add_security_scheme(
            "oauth2",
            SecurityScheme::OAuth2(OAuth2::with_description(
                [Flow::ClientCredentials(ClientCredentials::new("/api/v1/oauth/token", scopes))],
                "An integrator's OAuth client: `POST /api/v1/oauth/token` with HTTP Basic client \
                 authentication and `grant_type=client_credentials`. API keys (`kt_key_…`) carry \
                 the same scopes and are sent as a bearer token.",
            )),
        );
    }
}

fn scope_description(scope: &str) -> String {
    match scope {
        "org:read" => "Read the org's profile".to_owned(),
        "students:personal_data" => {
            "Students' full resident IDs and mobiles (never implied by classes:read)".to_owned()
        }
        other => {
            let (family, access) = other.split_once(':').unwrap_or((other, ""));
            format!("{} the org's {family}", if access == "write" { "Change" } else { "Read" })
        }
    }
}

/// Each org-scoped operation an integrator may call lists the scope it needs, as an
/// alternative to a user's bearer token; times are `date-time` and dates `date` wherever a
/// field is named so (`…_at`, `…_on`), which generated clients turn into real types.
fn with_integrator_scopes_and_formats(
    mut spec: utoipa::openapi::OpenApi,
) -> utoipa::openapi::OpenApi {
    use utoipa::openapi::security::SecurityRequirement;
    for item in spec.paths.paths.values_mut() {
        // Public operations say so (`security: []`) rather than leaving it unsaid.
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
            &mut item.head,
        ];
        for operation in operations.into_iter().flatten() {
            operation.security.get_or_insert_with(Vec::new);
            with_short_summary(operation);
        }
    }
    for (path, item) in &mut spec.paths.paths {
        let operations = [
            (actix_web::http::Method::GET, &mut item.get),
            (actix_web::http::Method::PUT, &mut item.put),
            (actix_web::http::Method::POST, &mut item.post),
            (actix_web::http::Method::DELETE, &mut item.delete),
            (actix_web::http::Method::PATCH, &mut item.patch),
        ];
        for (method, operation) in operations {
            let Some(operation) = operation else { continue };
            let concrete = path.replace("{org_id}", "o");
            let Some(scope) = crate::access::integrator::required_scope(&concrete, &method) else {
                continue;
            };
            let security = operation.security.get_or_insert_with(Vec::new);
            security.push(SecurityRequirement::new("oauth2", [scope]));
        }
    }
    if let Some(components) = spec.components.as_mut() {
        for (name, schema) in &mut components.schemas {
            with_time_formats(schema);
            with_closed_values(name, schema);
        }
        // utoipa copies the item schema into each `Page_X` inline; refer to `X` instead, so a
        // generated client has one type per item, not two that differ.
        let names: Vec<String> = components.schemas.keys().cloned().collect();
        for (name, schema) in &mut components.schemas {
            let Some(item) = name.strip_prefix("Page_") else { continue };
            if !names.iter().any(|n| n == item) {
                continue;
            }
            if let RefOr::T(utoipa::openapi::schema::Schema::Object(page)) = schema
                && let Some(items) = page.properties.get_mut("items")
            {
                *items = RefOr::T(utoipa::openapi::schema::Schema::Array(
                    utoipa::openapi::schema::Array::new(Ref::from_schema_name(item)),
                ));
            }
        }
    }
    spec
}

/// Fields whose values are a closed set the code defines, listed as `enum`s so generated
/// clients get real types (the doc comments said them only in prose). `None` allows null.
const CLOSED_VALUES: &[(&str, &str, &[Option<&str>])] = &[
    ("ApiClient", "kind", &[Some("api_key"), Some("oauth_client")]),
    ("NewApiClient", "kind", &[Some("api_key"), Some("oauth_client")]),
    (
        "Payment",
        "channel",
        &[
            Some("wechat_native"),
            Some("wechat_h5"),
            Some("alipay_page"),
            Some("alipay_wap"),
            Some("offline"),
        ],
    ),
    (
        "Payment",
        "status",
        &[
            Some("pending"),
            Some("paid"),
            Some("closed"),
            Some("flagged"),
            Some("submitted"),
            Some("confirmed"),
            Some("rejected"),
        ],
    ),
    (
        "Payment",
        "flag_reason",
        &[
            Some("amount_mismatch"),
            Some("currency_mismatch"),
            Some("app_mismatch"),
            Some("duplicate_payment"),
            None,
        ],
    ),
    ("WebhookDelivery", "status", &[Some("pending"), Some("succeeded"), Some("failed")]),
    (
        "JobStatus",
        "status",
        &[Some("queued"), Some("running"), Some("succeeded"), Some("failed"), Some("cancelled")],
    ),
    ("Certificate", "status", &[Some("valid"), Some("revoked")]),
    ("Verification", "status", &[Some("valid"), Some("revoked")]),
    ("Verification", "revoke_reason", &[Some("records_changed"), Some("reissued"), None]),
    ("WebhookEndpoint", "disabled_reason", &[Some("failing"), None]),
    ("PaymentDecision", "decision", &[Some("confirm"), Some("reject")]),
    ("MembershipDecision", "decision", &[Some("approve"), Some("reject")]),
];

/// Array fields whose items are a closed set: scopes and webhook events.
fn closed_items(schema: &str, field: &str) -> Option<Vec<&'static str>> {
    match (schema, field) {
        ("ApiClient" | "NewApiClient", "scopes") => {
            Some(crate::access::integrator::SCOPES.to_vec())
        }
        ("WebhookForm" | "WebhookEndpoint", "events") => Some(crate::events::EventKind::names()),
        _ => None,
    }
}

fn with_closed_values(name: &str, schema: &mut RefOr<utoipa::openapi::schema::Schema>) {
    use utoipa::openapi::schema::{ArrayItems, Schema};
    let RefOr::T(Schema::Object(object)) = schema else { return };
    for (field, property) in &mut object.properties {
        match property {
            RefOr::T(Schema::Object(value)) => {
                if let Some((_, _, values)) =
                    CLOSED_VALUES.iter().find(|(s, f, _)| *s == name && f == field)
                {
                    value.enum_values = Some(
                        values
                            .iter()
                            .map(|v| v.map_or(serde_json::Value::Null, |v| serde_json::json!(v)))
                            .collect(),
                    );
                }
            }
            RefOr::T(Schema::Array(array)) => {
                if let (Some(values), ArrayItems::RefOrSchema(items)) =
                    (closed_items(name, field), &mut array.items)
                    && let RefOr::T(Schema::Object(item)) = items.as_mut()
                {
                    item.enum_values =
                        Some(values.into_iter().map(|v| serde_json::json!(v)).collect());
                }
            }
            _ => {}
        }
    }
}

fn with_time_formats(schema: &mut RefOr<utoipa::openapi::schema::Schema>) {
    use utoipa::openapi::{
        KnownFormat, SchemaFormat, Type,
        schema::{Schema, SchemaType},
    };
    let RefOr::T(Schema::Object(object)) = schema else { return };
    for (name, property) in &mut object.properties {
        let RefOr::T(Schema::Object(field)) = property else { continue };
        let is_string = match &field.schema_type {
            SchemaType::Type(Type::String) => true,
            SchemaType::Array(types) => types.contains(&Type::String),
            _ => false,
        };
        if !is_string || field.format.is_some() {
            continue;
        }
        if name.ends_with("_at") {
            field.format = Some(SchemaFormat::KnownFormat(KnownFormat::DateTime));
        } else if name.ends_with("_on") || name.ends_with("_date") {
            field.format = Some(SchemaFormat::KnownFormat(KnownFormat::Date));
        }
    }
}

#[cfg(test)]
mod tests {
    use actix_web::dev::HttpServiceFactory;
    use utoipa_actix_web::OpenApiFactory;

    use super::*;

    /// The routes in the order `server_routes` registers them: (method, path template).
    #[derive(Default)]
    struct Registered {
        prefix: &'static str,
        routes: Vec<(&'static str, String)>,
    }

    impl Routes for Registered {
        fn service<F>(&mut self, factory: F) -> &mut Self
        where
            F: HttpServiceFactory + OpenApiFactory + 'static,
        {
            for (path, item) in factory.paths().paths {
                let methods = [
                    ("GET", item.get.is_some()),
                    ("POST", item.post.is_some()),
                    ("PUT", item.put.is_some()),
                    ("PATCH", item.patch.is_some()),
                    ("DELETE", item.delete.is_some()),
                    ("HEAD", item.head.is_some()),
                    ("OPTIONS", item.options.is_some()),
                ];
                for (method, _) in methods.into_iter().filter(|(_, registered)| *registered) {
                    self.routes.push((method, format!("{}{path}", self.prefix)));
                }
            }
            self
        }
    }

    /// Whether actix's pattern `template` matches `path`: a `{name}` segment matches any one
    /// non-empty segment, any other segment only itself.
    fn matches(template: &str, path: &str) -> bool {
        let (template, path): (Vec<_>, Vec<_>) =
            (template.split('/').collect(), path.split('/').collect());
        template.len() == path.len()
            && template.iter().zip(&path).all(|(expected, segment)| {
                assert!(
                    !expected.contains(':'),
                    "a custom segment pattern needs this check extended: {expected}"
                );
                (expected.starts_with('{') && expected.ends_with('}') && !segment.is_empty())
                    || expected == segment
            })
    }

    /// actix tries routes in the order they were registered and the first whose pattern and
    /// method match answers, so a route whose pattern also matches another's paths
    /// (`/classes/{class_id}` before `/classes/export`) would take that route's requests, or
    /// lose its own, depending on the order. `api_v1` orders the routes by how often they are
    /// requested (issue 24), which is safe only while no two routes of one method can match the
    /// same path: this checks every pair, so a new route that overlaps fails here, not in
    /// production.
    #[test]
    fn no_route_can_answer_a_path_meant_for_another() {
        let mut registered = Registered::default();
        crate::ops::configure(&mut registered);
        crate::media::configure_files(&mut registered);
        registered.prefix = "/api/v1";
        api_v1(&mut registered);
        let routes = registered.routes;
        assert!(routes.len() > 150, "every route was seen: {}", routes.len());

        for (index, (method, template)) in routes.iter().enumerate() {
            // A request for this route: each `{…}` segment some value.
            let path: String = template
                .split('/')
                .map(|segment| if segment.starts_with('{') { "some-value" } else { segment })
                .collect::<Vec<_>>()
                .join("/");
            let answering: Vec<_> = routes
                .iter()
                .enumerate()
                .filter(|(_, (other_method, other))| {
                    other_method == method && matches(other, &path)
                })
                .map(|(other_index, (_, other))| (other_index, other))
                .collect();
            assert_eq!(
                answering,
                vec![(index, template)],
                "{method} {path} can be answered by more than its own route"
            );
        }
    }

    #[test]
    fn the_pattern_check_tells_overlapping_routes_apart() {
        assert!(matches("/orgs/{org_id}/classes/{class_id}", "/orgs/o/classes/export"));
        assert!(!matches("/orgs/{org_id}/classes/{class_id}", "/orgs/o/classes"));
        assert!(!matches("/orgs/{org_id}", "/orgs/o/classes"));
        assert!(!matches("/orgs/{org_id}/classes", "/orgs/o/members"));
        assert!(!matches("/orgs/{org_id}", "/orgs/"));
    }
}
