//! Binding a redirect flow to the browser that started it (RFC 6749 §10.12). Starting a
//! sign-in, an identity link or the member WeChat step sets an HttpOnly cookie in the starting
//! browser and stores a keyed hash of it beside the flow's `state`; the callback completes only
//! in a browser presenting that cookie. An authorize URL sent to someone else (to link the
//! victim's WeChat to the attacker's account, or to sign the victim in as the attacker) ends
//! there as `state_invalid`, and the attacker's `state` stays unspent.
//!
//! The cookie is `SameSite=Lax` (sent on the provider's top-level redirect back to us, not on
//! cross-site subrequests), scoped to `/api/v1`, and lives as long as a flow's `state`.

use actix_web::{
    HttpRequest, HttpResponseBuilder,
    cookie::{Cookie, SameSite, time::Duration as CookieDuration},
};

use super::random_token;
use crate::{error::ApiResult, state::AppState};

const COOKIE: &str = "ketang_flow";
const COOKIE_PATH: &str = "/api/v1";
const COOKIE_MAX_AGE_SECS: i64 = 10 * 60;

/// The starting browser's binding: store `hash` with the flow, put `cookie` on the answer.
pub struct Binding {
    pub hash: String,
    cookie: Cookie<'static>,
}

impl Binding {
    pub fn set_cookie(self, response: &mut HttpResponseBuilder) {
        response.cookie(self.cookie);
    }
}

fn presented(req: &HttpRequest) -> Option<String> {
    let value = req.cookie(COOKIE)?.value().to_owned();
    // Our values are 43 base64url characters; anything else was not set by us.
    (value.len() == 43
        && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
    .then_some(value)
}

fn hash(state: &AppState, value: &str) -> String {
    state.keys.hash(&["browser_binding", value])
}

/// Binds a new flow to this browser: its existing cookie (so flows started in two tabs both
/// complete), or a new one.
pub fn bind(state: &AppState, req: &HttpRequest) -> ApiResult<Binding> {
    let value = match presented(req) {
        Some(value) => value,
        None => random_token()?,
    };
    let cookie = Cookie::build(COOKIE, value.clone())
        .path(COOKIE_PATH)
        .http_only(true)
        .secure(state.public_base_url.starts_with("https://"))
        .same_site(SameSite::Lax)
        .max_age(CookieDuration::seconds(COOKIE_MAX_AGE_SECS))
        .finish();
    Ok(Binding { hash: hash(state, &value), cookie })
}

/// The binding hash this browser presents at a callback (`None`: no cookie, never matches).
pub fn presented_hash(state: &AppState, req: &HttpRequest) -> Option<String> {
    presented(req).map(|value| hash(state, &value))
}
