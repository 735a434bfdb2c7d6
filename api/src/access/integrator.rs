//! How an integrator's request is let in (SPEC §0, §9): the bearer is an API key
//! (`kt_key_…`) or a client-credentials access token (`kt_at_…`); it names one org and a set
//! of scopes. `OrgAccess` calls `authorize` for such bearers: another org's path is a 404, a
//! path outside the scopes a 403, and each credential has a per-minute limit (429 with
//! `Retry-After`). The credential acts as the org member who created it, and stops working
//! when that member leaves or loses the admin role.

use actix_web::{HttpRequest, http::Method};

use super::{ACCESS_TOKEN_PREFIX, API_KEY_PREFIX, store};
use crate::{
    db::{Db, now_ms},
    error::{ApiError, ApiResult},
    state::AppState,
};

/// Every scope a credential can hold.
pub const SCOPES: &[&str] = &[
    "org:read",
    "courses:read",
    "courses:write",
    "classes:read",
    "classes:write",
    "membership:read",
    "membership:write",
    // Full resident IDs and mobiles of students (`GET …/students/{id}`): granted knowingly,
    // never implied by `classes:read`.
    "students:personal_data",
];

/// Whether a bearer token is an integrator credential rather than a user's access token.
pub fn is_integrator_bearer(token: &str) -> bool {
    token.starts_with(API_KEY_PREFIX) || token.starts_with(ACCESS_TOKEN_PREFIX)
}

/// A verified integrator credential.
#[derive(Debug, Clone)]
pub struct Integrator {
    pub client_id: String,
    pub org_id: String,
    pub scopes: Vec<String>,
    /// The member who created the credential; the credential acts as them.
    pub acting_user_id: String,
}

fn invalid() -> ApiError {
    ApiError::Unauthorized { code: "credential_invalid" }
}

/// Where a credential stands against its per-minute limit after this call; the response
/// carries it as `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` (seconds until
/// the window starts again), the IETF draft's headers, so integrators can pace themselves.
#[derive(Debug, Clone, Copy)]
pub struct RateLimitState {
    pub limit: i64,
    pub remaining: i64,
    pub reset_secs: i64,
}

/// Writes the credential's `RateLimit-*` headers on every answer to a credentialed call, 429s
/// included.
pub async fn rate_limit_headers(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    use actix_web::{
        HttpMessage,
        http::header::{HeaderName, HeaderValue},
    };
    let mut res = next.call(req).await?;
    let state = res.request().extensions().get::<RateLimitState>().copied();
    if let Some(state) = state {
        let headers = res.headers_mut();
        for (name, value) in [
            ("ratelimit-limit", state.limit),
            ("ratelimit-remaining", state.remaining),
            ("ratelimit-reset", state.reset_secs),
        ] {
            headers.insert(HeaderName::from_static(name), HeaderValue::from(value));
        }
    }
    Ok(res)
}

/// Checks the credential and counts the call against its per-minute limit (the standing is
/// left in the request's extensions for `rate_limit_headers`).
pub async fn authenticate(
    state: &AppState,
    req: &actix_web::HttpRequest,
    token: &str,
) -> ApiResult<Integrator> {
    let now = now_ms();
    let (client, scopes) = if let Some(rest) = token.strip_prefix(API_KEY_PREFIX) {
        let public_id = rest.split('_').next().unwrap_or_default();
        let client =
            store::api_key_by_public_id(&state.db, public_id).await?.ok_or_else(invalid)?;
        if client.secret_hash != state.keys.hash(&["api_key", token]) {
            return Err(invalid());
        }
        let scopes = client.scopes.clone();
        (client, scopes)
    } else {
        let token_hash = state.keys.hash(&["access_token", token]);
        let issued = store::client_token_by_hash(&state.db, &token_hash).await?;
        let (client_id, scopes, expires_at) = issued.ok_or_else(invalid)?;
        if expires_at <= now {
            return Err(ApiError::Unauthorized { code: "token_expired" });
        }
        let client = store::client_by_id(&state.db, &client_id).await?.ok_or_else(invalid)?;
        (client, scopes)
    };
    if client.revoked_at.is_some() {
        return Err(ApiError::Unauthorized { code: "credential_revoked" });
    }
    if client.expires_at.is_some_and(|at| at <= now) {
        return Err(ApiError::Unauthorized { code: "credential_expired" });
    }
    // The credential acts as its creator, who must still manage the org.
    let role = store::member_role(&state.db, &client.org_id, &client.created_by).await?;
    if !matches!(role.as_deref(), Some("owner" | "admin")) {
        return Err(ApiError::Unauthorized { code: "credential_revoked" });
    }
    let counted = count_call(&state.db, &client.id, client.rate_limit_per_minute).await;
    {
        use actix_web::HttpMessage;
        let standing = match &counted {
            Ok(standing) => *standing,
            Err((_, standing)) => *standing,
        };
        req.extensions_mut().insert(standing);
    }
    counted.map_err(|(err, _)| err)?;
    Ok(Integrator {
        client_id: client.id,
        org_id: client.org_id,
        scopes: serde_json::from_str(&scopes).unwrap_or_default(),
        acting_user_id: client.created_by,
    })
}

/// One fixed one-minute window per credential, in the database (so it holds across instances).
async fn count_call(
    db: &Db,
    client_id: &str,
    limit: i64,
) -> Result<RateLimitState, (ApiError, RateLimitState)> {
    let now = now_ms();
    let window = 60_000;
    let failed = |err: sqlx::Error| {
        (ApiError::from(err), RateLimitState { limit, remaining: 0, reset_secs: 60 })
    };
    let counted =
        store::count_client_call(db, client_id, now - window, now, limit).await.map_err(failed)?;
    let reset = |started: i64| ((started + window - now).max(0) + 999) / 1000;
    if let Some((count, started)) = counted {
        return Ok(RateLimitState {
            limit,
            remaining: (limit - count).max(0),
            reset_secs: reset(started),
        });
    }
    let started = store::client_window_start(db, client_id).await.map_err(failed)?;
    let wait_ms = started.map_or(window, |s| s + window - now).max(1000);
    let standing = RateLimitState { limit, remaining: 0, reset_secs: (wait_ms + 999) / 1000 };
    Err((
        ApiError::RateLimited {
            retry_after_secs: u64::try_from((wait_ms + 999) / 1000).unwrap_or(1),
        },
        standing,
    ))
}

/// The scope a request under `/api/v1/orgs/{org_id}/…` needs: the family is the first segment
/// after the org id, reads are GET/HEAD. `None`: not open to integrators (sub-accounts,
/// credentials and webhooks are managed by people).
pub fn required_scope(path: &str, method: &Method) -> Option<String> {
    let rest = path.strip_prefix("/api/v1/orgs/")?;
    let mut segments = rest.split('/');
    segments.next()?; // the org id
    let family = match segments.next().unwrap_or_default() {
        "" => "org",
        "classes" | "jobs" => "classes",
        "courses" | "lecturers" | "provider" => "courses",
        "membership" => "membership",
        _ => return None,
    };
    let read = method == Method::GET || method == Method::HEAD;
    if family == "org" && !read {
        return None;
    }
    Some(format!("{family}:{}", if read { "read" } else { "write" }))
}

/// Admits the integrator to the org-scoped request, or says why not.
pub fn admit(integrator: &Integrator, req: &HttpRequest, org_id: &str) -> ApiResult<()> {
    if integrator.org_id != org_id {
        return Err(ApiError::NotFound);
    }
    let Some(scope) = required_scope(req.path(), req.method()) else {
        return Err(ApiError::Forbidden);
    };
    if !integrator.scopes.contains(&scope) {
        return Err(ApiError::InsufficientScope { scope });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_follow_the_path_family_and_the_method() {
        let scope = |path: &str, method: Method| required_scope(path, &method);
        assert_eq!(scope("/api/v1/orgs/o1/classes", Method::GET).as_deref(), Some("classes:read"));
        assert_eq!(
            scope("/api/v1/orgs/o1/classes/c1/students", Method::POST).as_deref(),
            Some("classes:write")
        );
        assert_eq!(scope("/api/v1/orgs/o1/jobs/j1", Method::GET).as_deref(), Some("classes:read"));
        assert_eq!(
            scope("/api/v1/orgs/o1/courses/c1", Method::PUT).as_deref(),
            Some("courses:write")
        );
        assert_eq!(
            scope("/api/v1/orgs/o1/membership/dues", Method::GET).as_deref(),
            Some("membership:read")
        );
        assert_eq!(scope("/api/v1/orgs/o1", Method::GET).as_deref(), Some("org:read"));
        assert_eq!(scope("/api/v1/orgs/o1", Method::PUT), None);
        assert_eq!(scope("/api/v1/orgs/o1/members", Method::GET), None);
        assert_eq!(scope("/api/v1/orgs/o1/api-clients", Method::GET), None);
        assert_eq!(scope("/api/v1/orgs/o1/webhooks", Method::POST), None);
        assert_eq!(scope("/api/v1/courses", Method::GET), None);
    }
}
