//! Accounts and sessions (SPEC §1): SMS codes, sign-in by phone, access tokens (JWT, 15 min)
//! with rotating refresh tokens, sign-out, and the `CurrentUser` extractor every signed-in
//! handler takes. Read `sms.rs` for the code rules, `tokens.rs` for the session rules.

pub use crate::access;
pub mod admin;
mod handlers;
pub use crate::keys;
pub mod password;
pub mod sms;
pub mod sso;
pub mod store;
pub use crate::access::tokens;
mod user;

pub use crate::access::{CurrentUser, MaybeUser};
pub use user::Me;

pub const TAG: &str = "auth";

pub fn configure(cfg: &mut impl crate::openapi::Routes) {
    cfg.service(handlers::request_sms_code)
        .service(handlers::sign_in_with_sms)
        .service(handlers::sign_in_with_password)
        .service(handlers::reset_password)
        .service(handlers::change_password)
        .service(handlers::refresh_session)
        .service(handlers::sign_out)
        .service(handlers::get_me)
        .service(admin::audit_log)
        .service(admin::export_audit_log);
    sso::configure(cfg);
}
