//! Who may call what, below every feature: the signed-in user (`CurrentUser`, `MaybeUser`),
//! the permission extractors a handler's arguments state (`OrgAccess<R>`, `Admin<R>`), the
//! access tokens and sessions they verify, and integrators' credentials (API keys and client
//! credentials tokens with their scopes). Signing in — issuing those sessions — is `auth`'s.

mod callers;
pub mod integrator;
pub mod roles;
mod store;
pub mod tokens;
mod user;

pub use callers::{CallerCache, caller_cache};
pub use roles::{
    Admin, AdminRequirement, AnyAdmin, Manager, Member, OrgAccess, OrgRole, Owner, Reviewer,
    RoleRequirement, SuperAdmin,
};
pub use user::{CurrentAccount, CurrentUser, MaybeUser};

/// An integrator's API key: `kt_key_{public id}_{secret}`.
pub const API_KEY_PREFIX: &str = "kt_key_";
/// An integrator's client-credentials access token.
pub const ACCESS_TOKEN_PREFIX: &str = "kt_at_";
