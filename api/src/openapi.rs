//! What every feature's handlers use to describe themselves in the OpenAPI document: the
//! `Routes` trait they register on, the shared problem responses (`QueryErrors`,
//! `SignedInErrors`, `BodyErrors`) and `FileBytes`. The document itself — its header, the route
//! list naming every feature, and the post-processing — is assembled in `routes`.

use std::collections::BTreeMap;

use actix_web::dev::HttpServiceFactory;
use utoipa::{
    IntoResponses,
    openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder, response::Response},
};
use utoipa_actix_web::{OpenApiFactory, service_config::ServiceConfig};

use crate::error::PROBLEM_JSON;

/// Where the product's routes are registered: the server's workers (plain actix) or the
/// OpenAPI document (utoipa, which also describes each operation). One route list feeds both,
/// so the spec and the router cannot disagree; the workers skip utoipa's description, which
/// allocated several megabytes per worker at every start (bench P6).
pub trait Routes {
    fn service<F>(&mut self, factory: F) -> &mut Self
    where
        F: HttpServiceFactory + OpenApiFactory + 'static;
}

impl Routes for ServiceConfig<'_> {
    fn service<F>(&mut self, factory: F) -> &mut Self
    where
        F: HttpServiceFactory + OpenApiFactory + 'static,
    {
        ServiceConfig::service(self, factory)
    }
}

impl Routes for actix_web::web::ServiceConfig {
    fn service<F>(&mut self, factory: F) -> &mut Self
    where
        F: HttpServiceFactory + OpenApiFactory + 'static,
    {
        actix_web::web::ServiceConfig::service(self, factory)
    }
}

pub(crate) fn problem_responses(statuses: &[(&str, &str)]) -> BTreeMap<String, RefOr<Response>> {
    statuses
        .iter()
        .map(|(status, description)| {
            let response = ResponseBuilder::new()
                .description(*description)
                .content(
                    PROBLEM_JSON,
                    ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build(),
                )
                .build();
            ((*status).to_owned(), RefOr::T(response))
        })
        .collect()
}

const BAD_REQUEST: (&str, &str) = ("400", "Malformed request");
const UNPROCESSABLE: (&str, &str) = ("422", "Validation failed; `errors` lists each field");
const TOO_MANY: (&str, &str) = ("429", "Rate limited; see `Retry-After`");
const INTERNAL: (&str, &str) = ("500", "Internal error; quote `request_id` to support");
pub(crate) const UNAVAILABLE: (&str, &str) =
    ("503", "The database is out of reach for now; retry after `Retry-After` seconds");

/// A file in a response (a workbook, a PDF): bytes, so generated clients read them as files.
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
#[allow(dead_code, reason = "describes response bodies in the spec; handlers write the bytes")]
pub struct FileBytes(Vec<u8>);

const UNAUTHORIZED: (&str, &str) = ("401", "Not signed in, or the session ended or expired");
const FORBIDDEN: (&str, &str) = ("403", "Signed in, but not allowed (role or integrator scope)");
const NOT_FOUND: (&str, &str) =
    ("404", "Absent, or not the caller's: the two answer alike (SPEC §0)");

/// The problems a signed-in read can answer.
pub struct SignedInErrors;

impl IntoResponses for SignedInErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        problem_responses(&[
            BAD_REQUEST,
            UNAUTHORIZED,
            FORBIDDEN,
            NOT_FOUND,
            UNPROCESSABLE,
            TOO_MANY,
            INTERNAL,
        ])
    }
}

/// The problems any read (query parameters, no body) can answer.
pub struct QueryErrors;

impl IntoResponses for QueryErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        problem_responses(&[BAD_REQUEST, NOT_FOUND, UNPROCESSABLE, TOO_MANY, INTERNAL])
    }
}

/// The problems any write with a JSON body can answer.
pub struct BodyErrors;

impl IntoResponses for BodyErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        problem_responses(&[
            BAD_REQUEST,
            UNAUTHORIZED,
            FORBIDDEN,
            NOT_FOUND,
            ("413", "The body is larger than the server accepts"),
            ("415", "The body is not `application/json`"),
            UNPROCESSABLE,
            TOO_MANY,
            INTERNAL,
        ])
    }
}
