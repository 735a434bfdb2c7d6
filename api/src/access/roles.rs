//! Permission extractors: a handler's arguments say who may call it.
//!
//! - `CurrentUser`: any signed-in user (see `user.rs`).
//! - `OrgAccess<R>`: a member of the org named by the `{org_id}` path segment with at least
//!   role `R` (`Member`, `Manager` = owner or admin, `Owner`). A user who is not a member gets
//!   404, exactly as for an org that does not exist (SPEC §0): ids leak nothing.
//! - `Admin<R>`: a platform operator (`AnyAdmin`, `SuperAdmin`).
//!
//! An integrator's credential (`kt_…` bearer, see `access::integrator`) passes `OrgAccess` for
//! its own org within its scopes, acting with the admin role as the member who created it;
//! owner-only handlers refuse it.

use std::{future::Future, marker::PhantomData, pin::Pin};

use actix_web::{FromRequest, HttpRequest, dev::Payload};

use super::{CurrentUser, integrator as integrator_auth, user::SignedIn};
use crate::{error::ApiError, state::AppState};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum OrgRole {
    Staff,
    Admin,
    Owner,
}

impl OrgRole {
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "staff" => Some(OrgRole::Staff),
            "admin" => Some(OrgRole::Admin),
            "owner" => Some(OrgRole::Owner),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            OrgRole::Staff => "staff",
            OrgRole::Admin => "admin",
            OrgRole::Owner => "owner",
        }
    }
}

/// The least role a handler needs.
pub trait RoleRequirement {
    const MINIMUM: OrgRole;
}

/// Any member of the org.
#[derive(Debug)]
pub struct Member;
/// The owner or an admin of the org.
#[derive(Debug)]
pub struct Manager;
/// The owner of the org.
#[derive(Debug)]
pub struct Owner;

impl RoleRequirement for Member {
    const MINIMUM: OrgRole = OrgRole::Staff;
}
impl RoleRequirement for Manager {
    const MINIMUM: OrgRole = OrgRole::Admin;
}
impl RoleRequirement for Owner {
    const MINIMUM: OrgRole = OrgRole::Owner;
}

#[derive(Debug)]
pub struct OrgAccess<R> {
    pub user: CurrentUser,
    pub org_id: String,
    pub role: OrgRole,
    /// The integrator credential making the call, if not a person.
    pub integrator: Option<String>,
    /// That credential's scopes (empty for a person).
    pub scopes: Vec<String>,
    _requirement: PhantomData<R>,
}

impl<R> OrgAccess<R> {
    /// Who acts, for the audit log: the integrator credential when one made the call — never
    /// the member it acts as, who did not make that call.
    pub fn actor(&self) -> crate::audit::Actor<'_> {
        match &self.integrator {
            Some(client_id) => crate::audit::Actor::Integrator(client_id),
            None => crate::audit::Actor::User(&self.user.id),
        }
    }

    /// Who is asking, for what is kept per caller (`cache::Unchanged::answer`): the credential
    /// or the person, never one for the other.
    pub fn caller_key(&self) -> String {
        match &self.integrator {
            Some(client_id) => format!("integrator {client_id}"),
            None => format!("user {}", self.user.id),
        }
    }

    /// For a credential, 403 `insufficient_scope` unless it holds `scope` (a person passes:
    /// their role decided already). For data a credential gets only when granted knowingly.
    pub fn require_integrator_scope(&self, scope: &str) -> Result<(), ApiError> {
        if self.integrator.is_some() && !self.scopes.iter().any(|held| held == scope) {
            return Err(ApiError::InsufficientScope { scope: scope.to_owned() });
        }
        Ok(())
    }
}

impl<R: RoleRequirement + 'static> FromRequest for OrgAccess<R> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<AppState>().cloned();
        let org_id = req.match_info().get("org_id").map(str::to_owned);
        let bearer = req
            .headers()
            .get(actix_web::http::header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::trim);
        if let Some(token) = bearer.filter(|t| integrator_auth::is_integrator_bearer(t)) {
            let token = token.to_owned();
            let req = req.clone();
            return Box::pin(async move {
                let state =
                    state.ok_or_else(|| ApiError::Internal(anyhow::anyhow!("no app state")))?;
                let org_id = org_id.ok_or(ApiError::NotFound)?;
                let integrator = integrator_auth::authenticate(&state, &req, &token).await?;
                integrator_auth::admit(&integrator, &req, &org_id)?;
                if OrgRole::Admin < R::MINIMUM {
                    return Err(ApiError::Forbidden.into());
                }
                Ok(OrgAccess {
                    user: CurrentUser {
                        id: integrator.acting_user_id,
                        session_id: format!("integrator:{}", integrator.client_id),
                    },
                    org_id,
                    role: OrgRole::Admin,
                    integrator: Some(integrator.client_id),
                    scopes: integrator.scopes,
                    _requirement: PhantomData,
                })
            });
        }
        let Some(org_id) = org_id else {
            return Box::pin(std::future::ready(Err(ApiError::NotFound.into())));
        };
        let signed_in = SignedIn::from_request(req, Some(org_id.clone()));
        Box::pin(async move {
            let SignedIn { user, org_role: role, .. } = signed_in.await?;
            let role = role.as_deref().and_then(OrgRole::parse).ok_or(ApiError::NotFound)?;
            if role < R::MINIMUM {
                return Err(ApiError::Forbidden.into());
            }
            Ok(OrgAccess {
                user,
                org_id,
                role,
                integrator: None,
                scopes: Vec::new(),
                _requirement: PhantomData,
            })
        })
    }
}

/// Which platform operators a handler admits.
pub trait AdminRequirement {
    const ROLES: &'static [&'static str];
}

/// Any platform operator: super admin, reviewer or auditor.
#[derive(Debug)]
pub struct AnyAdmin;
/// Operators who decide reviews: super admins and reviewers.
#[derive(Debug)]
pub struct Reviewer;
/// Super admins only.
#[derive(Debug)]
pub struct SuperAdmin;

impl AdminRequirement for AnyAdmin {
    const ROLES: &'static [&'static str] = &["super", "reviewer", "auditor"];
}
impl AdminRequirement for Reviewer {
    const ROLES: &'static [&'static str] = &["super", "reviewer"];
}
impl AdminRequirement for SuperAdmin {
    const ROLES: &'static [&'static str] = &["super"];
}

#[derive(Debug)]
pub struct Admin<R> {
    pub user: CurrentUser,
    pub role: String,
    _requirement: PhantomData<R>,
}

impl<R: AdminRequirement + 'static> FromRequest for Admin<R> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let signed_in = SignedIn::from_request(req, None);
        Box::pin(async move {
            let SignedIn { user, admin_role: role, .. } = signed_in.await?;
            match role {
                Some(role) if R::ROLES.contains(&role.as_str()) => {
                    Ok(Admin { user, role, _requirement: PhantomData })
                }
                _ => Err(ApiError::Forbidden.into()),
            }
        })
    }
}
