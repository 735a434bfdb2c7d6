//! What handlers share, built once by the composition root (`startup`) and taken by handlers
//! as `state: AppState`. It sits below the features: it names the foundations and the
//! integrations they are built on, never a feature's own module.

use actix_web::web;

use crate::{
    config::Settings,
    db::Db,
    integrations::{sms::SmsSender, sso_providers::SsoProviders},
    keys::AuthKeys,
    telemetry::Metrics,
};

/// What handlers share: take it as `state: AppState`.
#[derive(Debug)]
pub struct AppContext {
    pub db: Db,
    pub settings: Settings,
    pub metrics: Metrics,
    pub keys: AuthKeys,
    pub sms: Box<dyn SmsSender>,
    /// The outbound HTTP client for configured systems (gateways, SSO providers).
    pub http: reqwest::Client,
    /// The client for URLs users choose (webhooks): public addresses only, no redirects.
    pub untrusted_http: reqwest::Client,
    pub untrusted_reach: crate::integrations::outbound::Reach,
    pub sso: SsoProviders,
    /// Absolute base of links the server writes (SSO redirect URIs): `web.public_base_url`,
    /// or this server's own address when that is empty.
    pub public_base_url: String,
    pub media: crate::integrations::storage::MediaStorage,
    pub pii: crate::pii::PiiCipher,
    /// The live platform of training classes, when configured (or sandboxed).
    pub live_platform: Option<crate::integrations::dingtalk_live::DingTalkApp>,
    /// The payment gateways of membership dues, when configured (or sandboxed).
    pub payments: crate::integrations::payment_gateways::Gateways,
    /// Serialised catalog pages and course pages; classroom writes invalidate it.
    pub catalog_cache: crate::cache::ResponseCache,
    /// The public catalog's titles, searchable in memory, as of a `catalog_cache` generation.
    pub catalog_titles: crate::title_index::KeptIndex,
    /// The busiest signed-in reads' answers, per caller, until the database's next commit
    /// (SQLite; `cache::Unchanged`).
    pub signed_in_answers: crate::cache::Unchanged<String, crate::cache::KeptAnswer>,
}

pub type AppState = web::Data<AppContext>;
