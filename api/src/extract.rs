//! Request extractors that validate at the edge: `ValidJson<T>` and `ValidQuery<T>` turn a
//! bad request into a 400/413/415/422 problem naming the field, before a handler runs.
//!
//! Bodies are first read as `serde_json::Value` through actix's `Json` (which enforces the
//! content type and the size limit), then deserialized with `serde_path_to_error` so a
//! wrong type is reported on its field rather than as a line and column.

use std::{borrow::Cow, future::Future, pin::Pin};

use actix_web::{FromRequest, HttpRequest, dev::Payload, error::JsonPayloadError, web};
use serde::de::DeserializeOwned;
use validator::{Validate, ValidationErrors, ValidationErrorsKind};

use crate::error::{ApiError, FieldError};

/// A reviewer's decision as a state: `accept` is the accepting word and the state it leads to
/// (`("approve", "approved")`, `("confirm", "confirmed")`); `reject` needs a non-blank note,
/// named `note_field` in the 422.
pub fn decided_state(
    decision: &str,
    accept: (&str, &'static str),
    note: Option<&str>,
    note_field: &str,
) -> Result<&'static str, ApiError> {
    match (decision, note.map(str::trim).filter(|n| !n.is_empty())) {
        (word, _) if word == accept.0 => Ok(accept.1),
        ("reject", Some(_)) => Ok("rejected"),
        ("reject", None) => Err(ApiError::invalid(note_field, "required")),
        _ => Err(ApiError::invalid("decision", "unknown_value")),
    }
}

/// A JSON body, deserialized and `validate()`d.
#[derive(Debug)]
pub struct ValidJson<T>(pub T);

/// Query parameters, deserialized and `validate()`d.
#[derive(Debug)]
pub struct ValidQuery<T>(pub T);

/// A JSON body, deserialized, with its `validate()` errors kept for the handler instead of
/// answered: a handler whose own checks need the database adds theirs, so the caller learns
/// every field's problem in one answer (`FieldErrors::into_result`).
#[derive(Debug)]
pub struct CheckedJson<T>(pub T, pub FieldErrors);

/// Field problems gathered from several checks, answered together as one 422.
#[derive(Debug, Default)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn push(&mut self, error: FieldError) {
        self.0.push(error);
    }

    /// Adds `field`'s error unless an earlier check already reported that field.
    pub fn push_unless_reported(&mut self, error: FieldError) {
        if !self.has(&error.field) {
            self.0.push(error);
        }
    }

    /// Keeps a check's field problems (not yet reported fields only) to answer with the rest;
    /// any other error (the database, a conflict) is returned at once.
    pub fn absorb(&mut self, checked: Result<(), ApiError>) -> Result<(), ApiError> {
        match checked {
            Ok(()) => Ok(()),
            Err(ApiError::Validation(fields)) => {
                for field in fields {
                    self.push_unless_reported(field);
                }
                Ok(())
            }
            Err(other) => Err(other),
        }
    }

    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|e| e.field == field)
    }

    pub fn into_result(mut self) -> Result<(), ApiError> {
        if self.0.is_empty() {
            return Ok(());
        }
        self.0.sort_by(|a, b| a.field.cmp(&b.field));
        Err(ApiError::Validation(self.0))
    }
}

impl<T: DeserializeOwned + Validate + 'static> FromRequest for CheckedJson<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = deserialized::<T>(req, payload);
        Box::pin(async move {
            let parsed = body.await?;
            let errors = match parsed.validate() {
                Ok(()) => FieldErrors::default(),
                Err(errors) => match ApiError::from(errors) {
                    ApiError::Validation(fields) => FieldErrors(fields),
                    _ => FieldErrors::default(),
                },
            };
            Ok(CheckedJson(parsed, errors))
        })
    }
}

impl<T: DeserializeOwned + Validate + 'static> FromRequest for ValidJson<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = deserialized::<T>(req, payload);
        Box::pin(async move {
            let parsed = body.await?;
            parsed.validate().map_err(ApiError::from)?;
            Ok(ValidJson(parsed))
        })
    }
}

/// An optional JSON body: none when the request has no body at all (`Content-Length: 0` or
/// absent with no `Content-Type`), otherwise exactly `ValidJson` — a bad body is still a 4xx,
/// never silently ignored.
#[derive(Debug)]
pub struct OptionalJson<T>(pub Option<T>);

impl<T: DeserializeOwned + Validate + 'static> FromRequest for OptionalJson<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        use actix_web::http::header;
        let length = req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok());
        let empty = length == Some("0")
            || (length.is_none()
                && !req.headers().contains_key(header::CONTENT_TYPE)
                && !req.headers().contains_key(header::TRANSFER_ENCODING));
        if empty {
            return Box::pin(async { Ok(OptionalJson(None)) });
        }
        let body = ValidJson::<T>::from_request(req, payload);
        Box::pin(async move { Ok(OptionalJson(Some(body.await?.0))) })
    }
}

/// The body read as JSON under the edge rules (an object, no control characters, text
/// trimmed and single-line), then deserialized with the failing field named.
fn deserialized<T: DeserializeOwned + 'static>(
    req: &HttpRequest,
    payload: &mut Payload,
) -> Pin<Box<dyn Future<Output = Result<T, actix_web::Error>>>> {
    let body = web::Json::<serde_json::Value>::from_request(req, payload);
    Box::pin(async move {
        let web::Json(mut value) = body.await?;
        // Every request body of this API is an object. serde reads a struct from an array
        // too (fields by position), so `["名称", "<uscc>"]` created an org: refuse it here.
        if !value.is_object() {
            return Err(ApiError::BadRequest { code: "body_not_object", detail: None }.into());
        }
        if let Some(field) = control_character_at(&value, "") {
            return Err(ApiError::invalid(field, "control_character").into());
        }
        if let Some(field) = normalise_text(&mut value, "", None) {
            return Err(ApiError::invalid(field, "single_line").into());
        }
        let parsed: T = serde_path_to_error::deserialize(value).map_err(|err| {
            let field = field_path(err.path());
            ApiError::Validation(vec![serde_field_error(field, &err.inner().to_string())])
        })?;
        Ok(parsed)
    })
}

impl<T: DeserializeOwned + Validate + 'static> FromRequest for ValidQuery<T> {
    type Error = actix_web::Error;
    type Future = std::future::Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(parse_query(req.query_string()).map(ValidQuery).map_err(Into::into))
    }
}

fn parse_query<T: DeserializeOwned + Validate>(query: &str) -> Result<T, ApiError> {
    if let Some((name, _)) =
        form_urlencoded::parse(query.as_bytes()).find(|(_, value)| has_control_character(value))
    {
        return Err(ApiError::invalid(name.into_owned(), "control_character"));
    }
    let deserializer =
        serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
    let parsed: T = serde_path_to_error::deserialize(deserializer).map_err(|err| {
        let field = field_path(err.path());
        ApiError::Validation(vec![serde_field_error(field, &err.inner().to_string())])
    })?;
    parsed.validate()?;
    Ok(parsed)
}

/// Text is refused at the edge when it holds a control character other than tab and line
/// breaks: NUL is not storable in PostgreSQL text, and the others only ever arrive to forge
/// log lines or exports.
fn has_control_character(text: &str) -> bool {
    text.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// A URL a browser will open: `http` or `https` with a host (never `javascript:`, `data:`,
/// `file:`). For `#[validate(custom(function = "crate::extract::http_url"))]`.
pub fn http_url(value: &str) -> Result<(), validator::ValidationError> {
    match url::Url::parse(value) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => Ok(()),
        _ => Err(validator::ValidationError::new("http_url")),
    }
}

/// A website as people type it: a full `http(s)://` address, or a bare domain
/// (`www.example.com.cn`, as the 网站域名 label asks) that `https://` makes one.
pub fn website_url(value: &str) -> Result<(), validator::ValidationError> {
    if value.contains("://") {
        return http_url(value);
    }
    let bare = url::Url::parse(&format!("https://{value}"));
    match bare {
        Ok(url) if url.host_str().is_some_and(|h| h.contains('.')) && !value.contains(' ') => {
            Ok(())
        }
        _ => Err(validator::ValidationError::new("http_url")),
    }
}

/// `https://` before a bare domain (see `website_url`); a full address as it is.
pub fn with_scheme(website: String) -> String {
    if website.contains("://") { website } else { format!("https://{website}") }
}

/// Fields whose text is kept exactly as sent: secrets, where a space is a character.
const VERBATIM_FIELDS: [&str; 5] =
    ["password", "password_confirmation", "current_password", "new_password", "client_secret"];
/// Fields that may hold several lines (intros, comments, reasons, notes, error reports); every
/// other text field is one line.
const MULTI_LINE_FIELDS: [&str; 9] = [
    "intro",
    "body",
    "reason",
    "note",
    "business_scope",
    "message",
    "stack",
    "description",
    "remark",
];

/// Trims every text of a request body (but secrets) before anything checks it, so `"   "` is
/// as empty as `""` to every length rule and blank-check after it (one rule for every form,
/// not a `trim()` per handler); and returns the path of the first single-line field holding a
/// line break. `key` is the field a value belongs to (array items belong to their field).
fn normalise_text(value: &mut serde_json::Value, path: &str, key: Option<&str>) -> Option<String> {
    use serde_json::Value;
    match value {
        Value::String(text) => {
            if key.is_some_and(|key| VERBATIM_FIELDS.contains(&key)) {
                return None;
            }
            let trimmed = text.trim();
            if trimmed.len() != text.len() {
                *text = trimmed.to_owned();
            }
            let single_line = !key.is_some_and(|key| MULTI_LINE_FIELDS.contains(&key));
            (single_line && text.contains(['\n', '\r']))
                .then(|| if path.is_empty() { "body".to_owned() } else { path.to_owned() })
        }
        Value::Array(items) => items
            .iter_mut()
            .enumerate()
            .find_map(|(i, item)| normalise_text(item, &format!("{path}[{i}]"), key)),
        Value::Object(fields) => fields.iter_mut().find_map(|(name, item)| {
            let path = if path.is_empty() { name.clone() } else { format!("{path}.{name}") };
            normalise_text(item, &path, Some(name))
        }),
        _ => None,
    }
}

/// The path (as `field_path` writes it: `lecturers[0].name`) of the first string or key in
/// `value` with a control character.
fn control_character_at(value: &serde_json::Value, path: &str) -> Option<String> {
    use serde_json::Value;
    let join = |key: &str| if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") };
    match value {
        Value::String(text) => has_control_character(text)
            .then(|| if path.is_empty() { "body".to_owned() } else { path.to_owned() }),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| control_character_at(item, &format!("{path}[{i}]"))),
        Value::Object(fields) => fields.iter().find_map(|(key, item)| {
            if has_control_character(key) {
                Some(if path.is_empty() { "body".to_owned() } else { path.to_owned() })
            } else {
                control_character_at(item, &join(key))
            }
        }),
        _ => None,
    }
}

fn field_path(path: &serde_path_to_error::Path) -> String {
    let rendered = path.to_string();
    if rendered == "." { String::new() } else { rendered }
}

/// Words serde's message as a field error: serde reports by message text only.
fn serde_field_error(mut field: String, message: &str) -> FieldError {
    let backticked = |text: &str| text.split('`').nth(1).map(str::to_owned);
    if let Some(rest) = message.strip_prefix("missing field ") {
        let name = backticked(rest).unwrap_or_default();
        if !field.is_empty() {
            field.push('.');
        }
        field.push_str(&name);
        return FieldError::new(field, "required");
    }
    let field = if field.is_empty() { "body".to_owned() } else { field };
    if message.starts_with("unknown field") {
        let name = backticked(message).unwrap_or_default();
        return FieldError::new(if name.is_empty() { field } else { name }, "unknown_field");
    }
    if message.starts_with("unknown variant") {
        let allowed = message
            .split_once("expected ")
            .map(|(_, list)| list.replace('`', ""))
            .unwrap_or_default();
        return FieldError::new(field, "one_of").with_param("allowed", allowed);
    }
    let error = FieldError::new(field, "invalid_type");
    match message.split_once(", expected ") {
        Some((_, expected)) => error.with_param("expected", expected),
        None => error,
    }
}

impl From<ValidationErrors> for ApiError {
    fn from(errors: ValidationErrors) -> Self {
        let mut fields = Vec::new();
        flatten(&errors, "", &mut fields);
        fields.sort_by(|a, b| a.field.cmp(&b.field));
        ApiError::Validation(fields)
    }
}

fn flatten(errors: &ValidationErrors, prefix: &str, out: &mut Vec<FieldError>) {
    for (name, kind) in errors.errors() {
        let path = if prefix.is_empty() { name.to_string() } else { format!("{prefix}.{name}") };
        match kind {
            ValidationErrorsKind::Field(list) => {
                for error in list {
                    let mut field = FieldError::new(path.clone(), error.code.to_string());
                    for (param, value) in &error.params {
                        if param != &Cow::Borrowed("value") {
                            field = field.with_param(param, value.clone());
                        }
                    }
                    out.push(field);
                }
            }
            ValidationErrorsKind::Struct(inner) => flatten(inner, &path, out),
            ValidationErrorsKind::List(items) => {
                for (index, inner) in items {
                    flatten(inner, &format!("{path}[{index}]"), out);
                }
            }
        }
    }
}

/// What actix's `Json` extractor reports, as problems.
pub fn json_error(err: JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let api_error = match err {
        JsonPayloadError::ContentType => {
            ApiError::UnsupportedMediaType { expected: "application/json" }
        }
        JsonPayloadError::Overflow { limit }
        | JsonPayloadError::OverflowKnownLength { limit, .. } => {
            ApiError::PayloadTooLarge { limit_bytes: Some(limit) }
        }
        JsonPayloadError::Deserialize(err) => {
            ApiError::MalformedJson { line: err.line(), column: err.column() }
        }
        JsonPayloadError::Payload(actix_web::error::PayloadError::Overflow) => {
            ApiError::PayloadTooLarge { limit_bytes: None }
        }
        _ => ApiError::BadRequest { code: "bad_request", detail: None },
    };
    api_error.into()
}

/// Malformed path segments: ids are opaque, so a malformed one names nothing that exists.
#[allow(clippy::needless_pass_by_value, reason = "actix's error-handler signature")]
pub fn path_error(_err: actix_web::error::PathError, _req: &HttpRequest) -> actix_web::Error {
    ApiError::NotFound.into()
}

/// actix's `Query` extractor, where a handler uses it: the same problem as `ValidQuery`.
#[allow(clippy::needless_pass_by_value, reason = "actix's error-handler signature")]
pub fn query_error(
    err: actix_web::error::QueryPayloadError,
    _req: &HttpRequest,
) -> actix_web::Error {
    ApiError::Validation(vec![serde_field_error(String::new(), &err.to_string())]).into()
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize, Validate)]
    struct Query {
        #[validate(range(min = 1, max = 100))]
        #[serde(default)]
        size: u32,
    }

    fn field_errors(result: Result<Query, ApiError>) -> Vec<(String, String)> {
        match result {
            Err(ApiError::Validation(fields)) => {
                fields.into_iter().map(|f| (f.field, f.code)).collect()
            }
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn a_query_value_of_the_wrong_type_names_its_field() {
        assert_eq!(field_errors(parse_query("size=abc")), [("size".into(), "invalid_type".into())]);
    }

    #[test]
    fn a_query_value_out_of_range_names_its_field_and_rule() {
        assert_eq!(field_errors(parse_query("size=101")), [("size".into(), "range".into())]);
        assert_eq!(parse_query::<Query>("size=5").unwrap().size, 5);
    }

    #[test]
    fn serde_messages_become_stable_codes() {
        let missing = serde_field_error("lecturer".into(), "missing field `name`");
        assert_eq!((missing.field.as_str(), missing.code.as_str()), ("lecturer.name", "required"));
        let variant =
            serde_field_error("mode".into(), "unknown variant `x`, expected `online` or `offline`");
        assert_eq!(variant.code, "one_of");
        assert_eq!(variant.params["allowed"], "online or offline");
    }
}
