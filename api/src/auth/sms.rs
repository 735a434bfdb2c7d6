//! SMS verification codes (SPEC §1): six digits, five minutes, single use, stored as a keyed
//! hash, at most five wrong tries; at most one per phone per 60 s, ten per phone per day, and
//! a per-IP hourly quota — all counted in the database so they hold across instances.

use super::{keys::AuthKeys, store};
use crate::{
    db::{Db, new_id, now_ms},
    domain::Mobile,
    error::{ApiError, ApiResult},
};

pub const CODE_TTL_MS: i64 = 5 * 60 * 1000;
pub const RESEND_AFTER_MS: i64 = 60 * 1000;
const PHONE_DAILY_QUOTA: i64 = 10;
const DAY_MS: i64 = 24 * 60 * 60 * 1000;
const IP_HOURLY_QUOTA: i64 = 30;
const HOUR_MS: i64 = 60 * 60 * 1000;
pub const MAX_WRONG_TRIES: i64 = 5;

pub use crate::integrations::sms::{
    AliyunSmsSender, ConsoleSms, SandboxSms, SendFuture, SmsMessage, SmsPurpose, SmsSender,
};

/// A fresh six-digit code, uniformly distributed.
fn random_code() -> anyhow::Result<String> {
    // 4_294_000_000 is the largest multiple of 10^6 below 2^32: reject above it, no bias.
    loop {
        let mut bytes = [0u8; 4];
        getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("random code: {e}"))?;
        let value = u32::from_le_bytes(bytes);
        if value < 4_294_000_000 {
            return Ok(format!("{:06}", value % 1_000_000));
        }
    }
}

/// Issues and sends a code, or answers 429 with the seconds to wait. The answer is the same
/// whether or not the phone has an account (no enumeration); `deliver` is false when the
/// purpose needs an account the phone does not have, and then nothing is sent.
pub async fn issue_code(
    db: &Db,
    keys: &AuthKeys,
    sender: &dyn SmsSender,
    phone: &Mobile,
    purpose: SmsPurpose,
    ip: &str,
    deliver: bool,
) -> ApiResult<()> {
    let now = now_ms();
    let mut tx = db.begin().await?;
    let ip_allowed = store::count_ip_send(&mut tx, ip, now, now - HOUR_MS, IP_HOURLY_QUOTA).await?;
    if ip_allowed.is_none() {
        let started = store::ip_window_started(&mut tx, ip).await?;
        return Err(rate_limited(started + HOUR_MS - now));
    }
    // What the phone's slot was before this send, to give it back if the gateway fails.
    let before = store::phone_slot(&mut tx, phone).await?;
    let phone_allowed = store::count_phone_send(
        &mut tx,
        phone,
        now,
        now - DAY_MS,
        now - RESEND_AFTER_MS,
        PHONE_DAILY_QUOTA,
    )
    .await?;
    if phone_allowed.is_none() {
        let (last_sent, window_started) = store::phone_send_times(&mut tx, phone).await?;
        let cooldown_ends = last_sent + RESEND_AFTER_MS;
        let wait = if cooldown_ends > now { cooldown_ends } else { window_started + DAY_MS };
        return Err(rate_limited(wait - now));
    }

    let code = random_code()?;
    let code_id = new_id();
    if deliver {
        let code_hash = keys.hash(&[phone.as_ref(), purpose.as_str(), &code]);
        let issued = store::IssuedSmsCode {
            id: &code_id,
            phone,
            purpose: purpose.as_str(),
            code_hash: &code_hash,
            created_at: now,
            expires_at: now + CODE_TTL_MS,
        };
        store::insert_sms_code(&mut tx, &issued).await?;
    }
    tx.commit().await?;
    if !deliver {
        return Ok(());
    }
    if let Err(err) = sender.send(&SmsMessage { phone, purpose, code: &code }).await {
        crate::telemetry::SMS_SENDS.with_label_values(&["failed"]).inc();
        tracing::error!(error = format!("{err:#}"), phone = %phone.masked(), "SMS not sent");
        give_back_slot(db, phone, before, &code_id).await?;
        return Err(ApiError::Unavailable);
    }
    crate::telemetry::SMS_SENDS.with_label_values(&["sent"]).inc();
    Ok(())
}

/// After a send the gateway refused: nothing reached the phone, so the code goes and the
/// phone's resend interval and daily count are as they were (the user may ask again at once).
/// Safe against a concurrent send: none could pass the interval this send was holding.
async fn give_back_slot(
    db: &Db,
    phone: &Mobile,
    before: Option<(i64, i64, i64)>,
    code_id: &str,
) -> ApiResult<()> {
    let mut tx = db.begin().await?;
    store::delete_sms_code(&mut tx, code_id).await?;
    match before {
        Some((last_sent, window_started, window_count)) => {
            store::restore_phone_slot(&mut tx, phone, last_sent, window_started, window_count)
                .await?;
        }
        None => store::delete_phone_slot(&mut tx, phone).await?,
    }
    tx.commit().await?;
    Ok(())
}

fn rate_limited(wait_ms: i64) -> ApiError {
    let secs = u64::try_from((wait_ms + 999) / 1000).unwrap_or(1).max(1);
    ApiError::RateLimited { retry_after_secs: secs }
}

/// Consumes the latest code sent to `phone` for `purpose` if `code` matches it. A wrong code
/// counts against that code only (never against the account's password), and after five
/// wrong tries the code is dead.
pub async fn verify_code(
    db: &Db,
    keys: &AuthKeys,
    phone: &Mobile,
    purpose: SmsPurpose,
    code: &str,
) -> ApiResult<()> {
    let now = now_ms();
    let latest = store::latest_sms_code(db, phone, purpose.as_str()).await?;
    let invalid = || ApiError::invalid("code", "sms_code_invalid");
    let Some((id, expected_hash, attempts, expires_at)) = latest else {
        return Err(invalid());
    };
    if expires_at <= now {
        return Err(ApiError::invalid("code", "sms_code_expired"));
    }
    if attempts >= MAX_WRONG_TRIES {
        return Err(ApiError::invalid("code", "sms_code_exhausted"));
    }
    let presented = keys.hash(&[phone.as_ref(), purpose.as_str(), code]);
    if !constant_time_eq(presented.as_bytes(), expected_hash.as_bytes()) {
        store::count_wrong_sms_code(db, &id).await?;
        return Err(invalid());
    }
    // Conditional, so two requests racing with the same code consume it once.
    let consumed = store::consume_sms_code(db, &id, now, MAX_WRONG_TRIES).await?;
    if consumed { Ok(()) } else { Err(invalid()) }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_six_digits() {
        for _ in 0..200 {
            let code = random_code().unwrap();
            assert_eq!(code.len(), 6);
            assert!(code.bytes().all(|b| b.is_ascii_digit()));
        }
    }

    #[test]
    fn waiting_time_rounds_up_to_whole_seconds() {
        assert!(matches!(rate_limited(59_001), ApiError::RateLimited { retry_after_secs: 60 }));
        assert!(matches!(rate_limited(0), ApiError::RateLimited { retry_after_secs: 1 }));
    }
}
