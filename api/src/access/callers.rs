//! Callers as `store::caller` read them, kept only while the database has had no commit since
//! (`cache::Unchanged`; issue 24, P8): a signed-in request then costs no statement to prove who
//! is calling. A sign-out, a password change, a lock, a role or membership change is a commit,
//! so the first request after it, on any instance, reads the caller again: revocation stays
//! immediate, on SQLite and PostgreSQL alike.

use std::time::Duration;

use super::store::CallerRow;
use crate::cache::Unchanged;

/// (user id, session id, org asked about).
pub type CallerKey = (String, String, Option<String>);

pub type CallerCache = Unchanged<CallerKey, CallerRow>;

/// At most this many callers (sessions × orgs asked about) at once.
const CAPACITY: usize = 10_000;

/// Callers for one server's workers.
pub fn caller_cache() -> CallerCache {
    // Nothing in a caller depends on the clock: the expiry is a backstop only.
    Unchanged::new(CAPACITY, Duration::from_secs(60), |_| 1)
}
