//! Callers as `store::caller` read them, kept only while the database has had no commit since
//! (issue 24, P8): a signed-in request then costs no statement to prove who is calling.
//!
//! Revocation stays immediate on every instance: a sign-out, a password change, a lock, a role
//! or membership change is a commit, and every instance compares the database's commit stamp
//! (`db::Commits`, read on each request) with the stamp its entries were read under, so the
//! first request after that commit — on this instance or any other sharing the database —
//! reads the caller again. The stamp is taken *before* the read, so a row read across a commit
//! is filed under the older stamp and never served after it. Any commit empties the cache,
//! whatever it changed: coarse, but no writer has to remember to invalidate, not even one in
//! another process or the `sqlite3` shell. Without stamps (PostgreSQL, whose instances may be on
//! other hosts) nothing is kept and every request reads its caller, as before.

use std::{collections::HashMap, sync::Mutex};

use super::store::CallerRow;
use crate::db::CommitStamp;

/// At most this many callers (sessions × orgs asked about) are kept; the cache is emptied when
/// full (a commit empties it anyway).
const CAPACITY: usize = 10_000;

/// (user id, session id, org asked about).
type CallerKey = (String, String, Option<String>);

#[derive(Debug, Default)]
pub struct CallerCache {
    kept: Mutex<Kept>,
}

#[derive(Debug, Default)]
struct Kept {
    /// The stamp every entry was read under.
    stamp: Option<CommitStamp>,
    callers: HashMap<CallerKey, CallerRow>,
}

impl CallerCache {
    /// The caller read under `stamp`, if the database's stamp is still that.
    pub(super) fn get(&self, stamp: &CommitStamp, key: &CallerKey) -> Option<CallerRow> {
        let kept = self.lock();
        (kept.stamp.as_ref() == Some(stamp)).then(|| kept.callers.get(key).cloned()).flatten()
    }

    /// Keeps `caller`, read after the database's stamp was `stamp`.
    pub(super) fn put(&self, stamp: CommitStamp, key: CallerKey, caller: CallerRow) {
        let mut kept = self.lock();
        if kept.stamp.as_ref() != Some(&stamp) || kept.callers.len() >= CAPACITY {
            kept.callers.clear();
            kept.stamp = Some(stamp);
        }
        kept.callers.insert(key, caller);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Kept> {
        // A panic while holding the lock leaves only whole entries behind.
        self.kept.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caller(admin_role: Option<&str>) -> CallerRow {
        CallerRow {
            session_open: 1,
            status: Some("active".into()),
            admin_role: admin_role.map(Into::into),
            org_role: None,
            mobile: None,
            display_name: None,
            has_password: 0,
            created_at: None,
        }
    }

    fn key(user: &str) -> CallerKey {
        (user.into(), "session".into(), None)
    }

    #[test]
    fn a_caller_is_served_only_under_the_stamp_it_was_read_under() {
        let cache = CallerCache::default();
        let (read, committed) = (CommitStamp::for_tests(1), CommitStamp::for_tests(2));
        cache.put(read.clone(), key("u1"), caller(Some("super")));
        assert!(cache.get(&read, &key("u1")).is_some(), "kept while nothing was committed");
        assert!(cache.get(&read, &key("u2")).is_none(), "another caller");
        assert!(cache.get(&committed, &key("u1")).is_none(), "not after a commit");

        // Read again after the commit: the entries of the older stamp are gone for good.
        cache.put(committed.clone(), key("u1"), caller(None));
        assert_eq!(cache.get(&committed, &key("u1")).unwrap().admin_role, None);
        assert!(cache.get(&read, &key("u1")).is_none());
        // A read that started before the commit and ends after it is filed under its older
        // stamp, which no later request presents.
        cache.put(read, key("u2"), caller(Some("super")));
        assert!(cache.get(&committed, &key("u2")).is_none());
    }

    #[test]
    fn the_cache_is_emptied_when_full() {
        let cache = CallerCache::default();
        let stamp = CommitStamp::for_tests(1);
        for n in 0..=CAPACITY {
            cache.put(stamp.clone(), key(&n.to_string()), caller(None));
        }
        assert!(cache.lock().callers.len() <= CAPACITY);
        assert!(cache.get(&stamp, &key(&CAPACITY.to_string())).is_some(), "the newest is kept");
    }
}
