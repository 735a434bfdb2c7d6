//! Passwords (SPEC §1): Argon2id hashes, computed off the async runtime and never more at once
//! than the machine has cores; sign-in by phone and password with a lockout after five failures
//! in 15 minutes; and set / change / reset.
//!
//! Everything an anonymous caller can make us hash is bounded before the work starts:
//! - **a per-address quota** of password attempts (counted in the database, so it holds across
//!   instances; a successful sign-in gives its attempt back), checked before any hashing;
//! - **a lockout keyed by what was typed** (the phone, the member account), not by the account
//!   row, so an unknown phone is counted and locked exactly like a registered one and the
//!   answers never tell which phones have accounts;
//! - **a semaphore** one narrower than the cores around every hash: Argon2id takes ~19 MiB and
//!   a core for tens of milliseconds, so 200 concurrent attempts used to mean 200 × 19 MiB. A request
//!   that cannot get a slot within `SLOT_WAIT` is answered 429 with `Retry-After`, holding
//!   nothing while it waited;
//! - **threads of their own at a lower CPU priority** (`HASHING_NICE`): every other request
//!   runs before a hash on a busy core, so a flood of attempts slows password sign-ins only.

use std::{sync::LazyLock, time::Duration};

use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier, password_hash::SaltString};
use tokio::sync::Semaphore;
use tracing::instrument;

use super::{keys::AuthKeys, store};
use crate::{
    db::{Db, now_ms},
    domain::Password,
    error::{ApiError, ApiResult},
    throttle::Quota,
};

pub const MAX_FAILURES: i64 = 5;
pub const FAILURE_WINDOW_MS: i64 = 15 * 60 * 1000;
pub const LOCK_MS: i64 = 15 * 60 * 1000;
/// How long a request waits for a hashing slot before it is told to come back.
const SLOT_WAIT: Duration = Duration::from_secs(2);

/// At most one Argon2 computation per core but one, process-wide (one on a two-core machine):
/// a flood of password attempts from many addresses keeps every slot busy, and with one per
/// core the hashing took every core, so each other request waited its turn on a busy core
/// (bench/password_flood.sh, issue 24 P9: `/healthz` p99 ×15, the catalog's ×40). One core
/// stays for everything else; password sign-ins are fewer per second under such a flood.
static HASHING_SLOTS: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(hashing_slots()));

fn hashing_slots() -> usize {
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
    cores.saturating_sub(1).max(1)
}

/// The nice value of the hashing threads (0 is normal, 19 the lowest). With one hashing thread
/// busy on one of two cores, other requests still waited behind it for their turn on that
/// core: from many addresses (every attempt hashed), `/healthz` p99 rose ×11.6 and the catalog's
/// ×13 (bench P9, goal ≤ 10). At 10, Linux gives a hash about a tenth of a core that other work
/// wants, and all of an idle one.
const HASHING_NICE: i32 = 10;

type HashingJob = Box<dyn FnOnce() + Send>;

/// The hashing threads, one per slot, started on first use; they take jobs from one queue
/// (never longer than the slots, which the semaphore holds before a job is sent).
static HASHING_THREADS: LazyLock<std::sync::mpsc::Sender<HashingJob>> = LazyLock::new(|| {
    let (jobs, queue) = std::sync::mpsc::channel::<HashingJob>();
    let queue = std::sync::Arc::new(std::sync::Mutex::new(queue));
    for n in 0..hashing_slots() {
        let queue = queue.clone();
        let started = std::thread::Builder::new().name(format!("argon2-{n}")).spawn(move || {
            lower_priority();
            loop {
                let job = queue.lock().unwrap_or_else(std::sync::PoisonError::into_inner).recv();
                let Ok(job) = job else { return };
                // A panicking hash answers its request with an error (its sender dropped);
                // the thread stays for the next.
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
            }
        });
        if let Err(error) = started {
            tracing::error!(%error, "cannot start a password hashing thread");
        }
    }
    jobs
});

/// Lowers the calling thread's CPU priority by `HASHING_NICE` (Linux: per thread), best effort:
/// hashing at the normal priority is slower for others, not wrong.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    {
        use rustix::process::{getpriority_process, setpriority_process};
        let thread = Some(rustix::thread::gettid());
        let lowered = getpriority_process(thread)
            .and_then(|nice| setpriority_process(thread, (nice + HASHING_NICE).min(19)));
        if let Err(error) = lowered {
            tracing::warn!(%error, "password hashing runs at the process's CPU priority");
        }
    }
}

/// Runs `work` (an Argon2 computation) on a hashing thread once a hashing slot is free.
async fn in_hashing_slot<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> ApiResult<T> {
    let permit = tokio::time::timeout(SLOT_WAIT, HASHING_SLOTS.acquire())
        .await
        .map_err(|_| ApiError::RateLimited { retry_after_secs: 2 })?
        .map_err(|e| anyhow::anyhow!("hashing slots closed: {e}"))?;
    let (done, result) = tokio::sync::oneshot::channel();
    let job: HashingJob = Box::new(move || {
        let _permit = permit;
        // The request may have gone (its future dropped): the result is then dropped too.
        let _ = done.send(work());
    });
    HASHING_THREADS.send(job).map_err(|_| anyhow::anyhow!("no password hashing thread"))?;
    Ok(result.await.map_err(|_| anyhow::anyhow!("password hashing thread stopped"))?)
}

/// A hash of a random password, verified against when the account does not exist, so an
/// unknown phone takes as long to refuse as a wrong password.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2vJ8TtHq/mVXIbYkJ0uKZ0m2xPsmMI2l5v8ZKp2fVhk";

pub async fn hash(password: &Password) -> ApiResult<String> {
    let password = password.expose().to_owned();
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| anyhow::anyhow!("random salt: {e}"))?;
    in_hashing_slot(move || {
        let salt = SaltString::encode_b64(&salt).map_err(|e| anyhow::anyhow!("salt: {e}"))?;
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| anyhow::anyhow!("hash password: {e}"))
    })
    .await?
    .map_err(ApiError::Internal)
}

pub async fn verify(candidate: &str, stored_hash: Option<&str>) -> ApiResult<bool> {
    let candidate = candidate.to_owned();
    let known = stored_hash.is_some();
    let stored = stored_hash.unwrap_or(DUMMY_HASH).to_owned();
    let matches = in_hashing_slot(move || {
        PasswordHash::new(&stored)
            .map(|hash| Argon2::default().verify_password(candidate.as_bytes(), &hash).is_ok())
            .unwrap_or(false)
    })
    .await?;
    Ok(known && matches)
}

/// What a password sign-in is aimed at, as typed and normalised: a user's phone, or a member
/// unit's account (its USCC or contact mobile). The lockout counts per target whether or not an
/// account exists behind it.
#[derive(Debug, Clone, Copy)]
pub enum Target<'a> {
    UserPhone(&'a str),
    MemberAccount(&'a str),
}

impl Target<'_> {
    fn key(self, keys: &AuthKeys) -> String {
        match self {
            Target::UserPhone(phone) => keys.hash(&["password_target", "user", phone]),
            Target::MemberAccount(account) => keys.hash(&["password_target", "member", account]),
        }
    }
}

/// Password attempts (any account, right or wrong) from one client address, counted before
/// any hashing. Generous for an office behind one NAT address, far below what a flood needs.
pub const ADDRESS_QUOTA: Quota = Quota { bucket: "password", limit: 60, window_ms: 15 * 60 * 1000 };

/// When password sign-in to `target` is locked, the 423 to answer (the same for every target,
/// with or without an account).
#[instrument(skip_all)]
pub async fn refuse_if_locked(db: &Db, keys: &AuthKeys, target: Target<'_>) -> ApiResult<()> {
    let until = store::lockout_until(db, &target.key(keys)).await?;
    match until.filter(|until| *until > now_ms()) {
        Some(until) => Err(locked(until)),
        None => Ok(()),
    }
}

/// Counts a failed password sign-in at `target`; returns the lock's end when this failure
/// locks it. One conditional upsert per failure, so concurrent guesses are all counted.
#[instrument(skip_all)]
pub async fn record_failure(
    db: &Db,
    keys: &AuthKeys,
    target: Target<'_>,
) -> ApiResult<Option<i64>> {
    let now = now_ms();
    let key = target.key(keys);
    let failures = store::count_password_failure(db, &key, now - FAILURE_WINDOW_MS, now).await?;
    if failures < MAX_FAILURES {
        return Ok(None);
    }
    let until = now + LOCK_MS;
    store::lock_password_target(db, &key, until, now).await?;
    Ok(Some(until))
}

/// A right password: the target's failures are forgotten and the address's attempt returned.
#[instrument(skip_all)]
pub async fn record_success(
    db: &Db,
    keys: &AuthKeys,
    target: Target<'_>,
    ip: &str,
) -> ApiResult<()> {
    clear_lockout(db, keys, target).await?;
    // An office's people signing in each morning never use up their shared address's quota.
    ADDRESS_QUOTA.give_back(db, ip).await
}

/// Forgets a target's failures and lock (a right password, or a reset proven by SMS).
pub async fn clear_lockout(db: &Db, keys: &AuthKeys, target: Target<'_>) -> ApiResult<()> {
    store::delete_lockout(db, &target.key(keys)).await?;
    Ok(())
}

/// The answer while password sign-in is locked: says so and when it ends.
pub fn locked(until_ms: i64) -> ApiError {
    let remaining_secs = u64::try_from((until_ms - now_ms() + 999) / 1000).unwrap_or(1).max(1);
    ApiError::Locked { retry_after_secs: remaining_secs }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let password = Password::parse("Ketang#2026", &[]).unwrap();
        let stored = hash(&password).await.unwrap();

        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("Ketang#2026", Some(&stored)).await.unwrap());
        assert!(!verify("Ketang#2027", Some(&stored)).await.unwrap());
        assert!(!verify("Ketang#2026", None).await.unwrap(), "no account, no match");
    }

    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn hashes_run_at_a_lower_priority_and_survive_a_panic() {
        let nice = || rustix::process::getpriority_process(None).unwrap();
        let (here, hashing) = (nice(), in_hashing_slot(nice).await.unwrap());
        assert_eq!(hashing, (here + HASHING_NICE).min(19), "the hashing thread's nice value");
        assert!(in_hashing_slot(|| -> i32 { panic!("a broken hash") }).await.is_err());
        for _ in 0..=hashing_slots() {
            assert_eq!(in_hashing_slot(|| 7).await.unwrap(), 7, "the threads are still there");
        }
    }

    #[test]
    fn the_dummy_hash_parses() {
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
    }
}
