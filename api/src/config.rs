//! Typed settings, layered: defaults in code < optional `ketang.toml` < `DATABASE_URL` <
//! `KETANG_*` environment variables (`__` separates sections: `KETANG_SERVER__PORT=9000`).
//!
//! `ConfigSources` is explicit (a file path and an environment map) so the precedence is
//! testable without touching the process environment. `Settings::check_profile` is where the
//! `prod` profile refuses unsafe settings; `main.rs` calls it before anything starts.

use std::{collections::HashMap, fmt, path::PathBuf};

use anyhow::Context;
use base64::Engine;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

/// Where configuration comes from. `from_process()` reads `KETANG_CONFIG` (default
/// `ketang.toml`, optional) and the process environment.
#[derive(Debug, Clone, Default)]
pub struct ConfigSources {
    /// A TOML file; `required` makes a missing file an error (an explicit `KETANG_CONFIG`).
    pub file: Option<(PathBuf, bool)>,
    pub env: HashMap<String, String>,
}

impl ConfigSources {
    pub fn from_process() -> Self {
        let env: HashMap<String, String> = std::env::vars().collect();
        let file = match env.get("KETANG_CONFIG") {
            Some(path) => Some((PathBuf::from(path), true)),
            None => Some((PathBuf::from("ketang.toml"), false)),
        };
        Self { file, env }
    }

    /// No file, no environment: the built-in defaults only.
    pub fn defaults_only() -> Self {
        Self::default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    Dev,
    Prod,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Pretty,
    Json,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    pub profile: Profile,
    /// SQLite file, media and the development JWT key live here by default.
    pub data_dir: PathBuf,
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    #[serde(default)]
    pub auth: AuthSettings,
    #[serde(default)]
    pub sandbox: SandboxSettings,
    pub web: WebSettings,
    pub cors: CorsSettings,
    pub log: LogSettings,
    #[serde(default)]
    pub sso: SsoSettings,
    #[serde(default)]
    pub sms: SmsSettings,
    #[serde(default)]
    pub jobs: JobsSettings,
    #[serde(default)]
    pub webhooks: WebhookSettings,
    #[serde(default)]
    pub media: MediaSettings,
    #[serde(default)]
    pub pii: PiiSettings,
    #[serde(default)]
    pub catalog: CatalogSettings,
    #[serde(default)]
    pub training: TrainingSettings,
    #[serde(default)]
    pub membership: MembershipSettings,
    #[serde(default)]
    pub live_platform: LivePlatformSettings,
    #[serde(default)]
    pub payments: PaymentSettings,
}

/// The payment gateways of membership dues (SPEC §6). Unset: the built-in sandbox gateways
/// (with their own committed test keys) in sandbox mode, otherwise that channel is off.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PaymentSettings {
    pub wechatpay: Option<WeChatPaySettings>,
    pub alipay: Option<AlipaySettings>,
}

/// A WeChat Pay v3 direct merchant in platform-public-key mode (INTEGRATIONS §3).
#[derive(Debug, Clone, Deserialize)]
pub struct WeChatPaySettings {
    pub mchid: String,
    pub appid: String,
    /// The serial number of the merchant API certificate.
    pub merchant_serial_no: String,
    /// PEM (PKCS#8) of the merchant API private key (`apiclient_key.pem`).
    pub merchant_private_key: SecretString,
    /// PEM of the WeChat Pay platform public key, and its id (`PUB_KEY_ID_…`).
    pub platform_public_key: String,
    pub platform_public_key_id: String,
    /// The APIv3 key: 32 ASCII characters.
    pub apiv3_key: SecretString,
    #[serde(default = "default_wechatpay_api")]
    pub api_base: String,
}

fn default_wechatpay_api() -> String {
    "https://api.mch.weixin.qq.com".into()
}

/// An Alipay open-platform app with RSA2 keys (INTEGRATIONS §4).
#[derive(Debug, Clone, Deserialize)]
pub struct AlipaySettings {
    pub app_id: String,
    /// PEM (PKCS#8) of the app private key.
    pub app_private_key: SecretString,
    /// PEM of the Alipay public key (not the app's).
    pub alipay_public_key: String,
    #[serde(default = "default_alipay_gateway")]
    pub gateway_url: String,
    /// The merchant's PID (`2088…`), checked against notifications' `seller_id` when set.
    #[serde(default)]
    pub seller_id: Option<String>,
}

fn default_alipay_gateway() -> String {
    "https://openapi.alipay.com/gateway.do".into()
}

/// The live platform training classes sync to (SPEC §5.3). Unset: the built-in sandbox in
/// sandbox mode, otherwise off (sync and sessions answer that it is not configured).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct LivePlatformSettings {
    pub dingtalk: Option<DingTalkAppSettings>,
}

/// A DingTalk internal app with 通讯录管理 and 直播 permissions.
#[derive(Debug, Clone, Deserialize)]
pub struct DingTalkAppSettings {
    pub app_key: String,
    pub app_secret: SecretString,
    /// The unionId of the account lives are created under.
    pub anchor_union_id: String,
    #[serde(default = "default_dingtalk_api")]
    pub api_base: String,
    #[serde(default = "default_dingtalk_oapi")]
    pub oapi_base: String,
}

fn default_dingtalk_api() -> String {
    "https://api.dingtalk.com".into()
}

fn default_dingtalk_oapi() -> String {
    "https://oapi.dingtalk.com".into()
}

/// Personal data (resident IDs, phones of students and members) is encrypted at rest.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PiiSettings {
    /// AES-256 key, base64 of 32 bytes. Unset in `dev`: generated once and kept in
    /// `{data_dir}/dev-pii.key`. Required in `prod`.
    pub key: Option<SecretString>,
    /// The key being rotated away from (`ketang pii rotate`): values it sealed are still read
    /// until the rotation re-sealed them under `key`.
    pub previous_key: Option<SecretString>,
}

/// The public catalog (SPEC §3.4).
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct CatalogSettings {
    /// The most listed courses whose titles each instance keeps in memory for title search
    /// (~500 bytes a course; `title_index`). Beyond it, or at 0, searches read the database's
    /// index, which is slower as the catalog grows.
    pub title_index_max_courses: usize,
}

impl Default for CatalogSettings {
    fn default() -> Self {
        Self { title_index_max_courses: 200_000 }
    }
}

/// Training classes (SPEC §5).
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct TrainingSettings {
    /// The region prefix of class codes (`HN-2026-000021`).
    pub region: String,
    /// The ages a trainee may have (from the birth date in the resident ID), inclusive:
    /// subsidised vocational training is for working-age people.
    pub student_min_age: u8,
    pub student_max_age: u8,
}

impl Default for TrainingSettings {
    fn default() -> Self {
        Self { region: "HN".into(), student_min_age: 16, student_max_age: 70 }
    }
}

/// The association whose membership dues Ketang collects (SPEC §6).
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct MembershipSettings {
    /// The payee printed on dues receipts.
    pub association_name: String,
}

impl Default for MembershipSettings {
    fn default() -> Self {
        Self { association_name: "海南省企业协会".into() }
    }
}

/// Webhook deliveries (`integrators::webhooks`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct WebhookSettings {
    /// Deliver to loopback addresses too (`127.0.0.1`, `localhost`): development receivers and
    /// tests only; `prod` refuses it. Private and link-local addresses are never allowed.
    pub allow_loopback: bool,
}

/// The in-process background worker (`jobs/`).
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct JobsSettings {
    /// Run a worker in this instance (several instances may all run one).
    pub enabled: bool,
    /// How often an idle worker looks for due jobs.
    pub poll_interval_ms: u64,
}

impl Default for JobsSettings {
    fn default() -> Self {
        Self { enabled: true, poll_interval_ms: 1000 }
    }
}

/// Where media bytes are stored: `data_dir/media` unless `[media.s3]` is set.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MediaSettings {
    pub s3: Option<S3Settings>,
    /// Behind nginx, local files are handed to it to send (`X-Accel-Redirect` to this internal
    /// location, e.g. `/_ketang_media/`, which maps to `data_dir/media/`): nginx answers the
    /// bytes and their ranges with `sendfile`, never copying them through this process.
    /// Unset: this server streams them itself. Ignored with `[media.s3]`.
    pub accel_redirect: Option<String>,
}

impl MediaSettings {
    /// The internal location, checked: an absolute path prefix ending in `/`.
    pub fn accel_redirect_prefix(&self) -> anyhow::Result<Option<&str>> {
        let Some(prefix) = self.accel_redirect.as_deref().map(str::trim).filter(|p| !p.is_empty())
        else {
            return Ok(None);
        };
        anyhow::ensure!(
            prefix.starts_with('/') && prefix.ends_with('/') && !prefix.contains(['?', '#', ' ']),
            "KETANG_MEDIA__ACCEL_REDIRECT must be a path like /_ketang_media/ (got {prefix:?})"
        );
        Ok(Some(prefix))
    }
}

/// An S3-compatible bucket (AWS, 阿里云 OSS, MinIO, …). Files are then served by redirecting
/// to short-lived presigned URLs instead of through this server.
#[derive(Debug, Clone, Deserialize)]
pub struct S3Settings {
    pub bucket: String,
    /// e.g. `https://oss-cn-hangzhou.aliyuncs.com`; AWS's own endpoint when unset.
    pub endpoint: Option<String>,
    #[serde(default = "default_s3_region")]
    pub region: String,
    pub access_key_id: String,
    pub secret_access_key: SecretString,
    /// Path-style URLs (`endpoint/bucket/key`), as MinIO and most self-hosted servers need.
    #[serde(default)]
    pub path_style: bool,
}

fn default_s3_region() -> String {
    "us-east-1".into()
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmsProvider {
    /// Logs codes (development); in sandbox mode they are also readable at `/sandbox/sms/last`.
    #[default]
    Console,
    /// Aliyun SMS `SendSms`.
    Aliyun,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct SmsSettings {
    #[serde(default)]
    pub provider: SmsProvider,
    pub aliyun: Option<AliyunSmsSettings>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AliyunSmsSettings {
    pub access_key_id: String,
    pub access_key_secret: SecretString,
    /// The approved signature (签名), e.g. `课堂`.
    pub sign_name: String,
    /// The approved template with a `${code}` variable, e.g. `SMS_123456789`.
    pub template_code: String,
    #[serde(default = "default_aliyun_endpoint")]
    pub endpoint: String,
    #[serde(default = "default_aliyun_region")]
    pub region_id: String,
}

fn default_aliyun_endpoint() -> String {
    "https://dysmsapi.aliyuncs.com".into()
}

fn default_aliyun_region() -> String {
    "cn-hangzhou".into()
}

/// Single sign-on providers. A provider left unset is off — unless sandbox mode is on, where
/// it talks to the built-in sandbox (`/sandbox/...`) with the same adapter code.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SsoSettings {
    /// WeChat open-platform website app (PC QR login, `snsapi_login`).
    pub wechat: Option<OAuthClientSettings>,
    /// WeChat official account (H5 login inside WeChat).
    pub wechat_h5: Option<OAuthClientSettings>,
    /// DingTalk app (login.dingtalk.com, new OAuth2).
    pub dingtalk: Option<OAuthClientSettings>,
    /// 海易办: configurable OAuth2 endpoints and user-info field names.
    pub hainan_gov: Option<HainanGovSettings>,
    /// Any OpenID Connect provider, found by discovery from its issuer.
    pub oidc: Option<OidcSettings>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct OidcSettings {
    /// The issuer URL; `/.well-known/openid-configuration` is read from it.
    pub issuer: String,
    pub client_id: String,
    pub client_secret: SecretString,
    #[serde(default = "default_oidc_scopes")]
    pub scopes: String,
}

fn default_oidc_scopes() -> String {
    "openid profile email".into()
}

#[derive(Debug, Clone, Deserialize)]
pub struct OAuthClientSettings {
    pub client_id: String,
    pub client_secret: SecretString,
    /// Override of the provider's browser authorization page.
    pub authorize_url: Option<String>,
    /// Override of the provider's API base (token and user endpoints).
    pub api_base: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct HainanGovSettings {
    pub client_id: String,
    pub client_secret: SecretString,
    pub authorize_url: String,
    pub token_url: String,
    pub userinfo_url: String,
    #[serde(default)]
    pub fields: HainanGovFields,
}

/// Which user-info fields carry what: the province publishes no open spec (INTEGRATIONS §6).
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct HainanGovFields {
    pub subject: String,
    pub kind: String,
    /// The value of `kind` that marks a legal-person (企业法人) account.
    pub legal_kind_value: String,
    pub name: String,
    pub org_name: String,
    pub uscc: String,
    pub legal_representative: String,
}

impl Default for HainanGovFields {
    fn default() -> Self {
        Self {
            subject: "userId".into(),
            kind: "userType".into(),
            legal_kind_value: "legal".into(),
            name: "userName".into(),
            org_name: "corpName".into(),
            uscc: "creditCode".into(),
            legal_representative: "legalPerson".into(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct ServerSettings {
    pub host: String,
    /// 0 binds a free port (tests); the bound port is read back by `Application::port`.
    pub port: u16,
    /// Worker threads; unset means one per CPU core.
    pub workers: Option<usize>,
    /// Seconds in-flight requests get to finish after SIGTERM/SIGINT.
    pub shutdown_timeout_secs: u64,
    /// Largest JSON request body accepted, in bytes.
    pub json_limit_bytes: usize,
    /// Largest other request body (forms, raw bytes), in bytes.
    pub body_limit_bytes: usize,
    /// Reverse proxies (CIDRs or addresses) whose `X-Forwarded-For` / `Forwarded` names the
    /// client; empty: the TCP peer is the client. See `client_addr`.
    #[serde(default)]
    pub trusted_proxies: Vec<String>,
    /// Bearer token `/metrics` requires. Unset: open in `dev`, not served in `prod`.
    #[serde(default)]
    pub metrics_token: Option<SecretString>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DatabaseSettings {
    /// `sqlite://…` or `postgres://…`; unset means `sqlite://{data_dir}/ketang.db`.
    pub url: Option<SecretString>,
    pub max_connections: u32,
    pub acquire_timeout_secs: u64,
    /// Apply pending migrations when the server starts (default). Turn it off where several
    /// replicas start at once and `ketang migrate` runs once before them (`serve --no-migrate`
    /// does the same for one start); the server then refuses to start on an older schema.
    pub migrate_on_start: bool,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct AuthSettings {
    /// HMAC key for access tokens, at least 32 bytes. Unset in `dev`: generated once and kept
    /// in `{data_dir}/dev-jwt.key`. Required in `prod`.
    pub jwt_secret: Option<SecretString>,
    /// The signing key being rotated away from: access tokens it signed are still accepted
    /// (until they expire, 15 minutes); nothing new is signed with it.
    pub jwt_previous_secret: Option<SecretString>,
    /// The key of the stored hashes of refresh tokens, SMS codes and sign-in handoffs. Unset, it
    /// is `jwt_secret`; set it to the old `jwt_secret` when rotating that, so nobody is signed
    /// out and no code in flight stops working.
    pub hash_key: Option<SecretString>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct SandboxSettings {
    /// Mount the simulated external systems under `/sandbox`. Default: on in `dev`, off in `prod`.
    pub enabled: Option<bool>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct WebSettings {
    /// The built SPA; served at `/` when the folder exists.
    pub dist_dir: PathBuf,
    /// Public address of this deployment, used in links the server writes (emails, QR codes).
    pub public_base_url: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CorsSettings {
    /// Origins allowed to call the API from another origin; empty disables CORS.
    pub allowed_origins: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LogSettings {
    /// `pretty` or `json`; default: pretty in `dev`, json in `prod`.
    pub format: Option<LogFormat>,
    /// An `EnvFilter` directive; `RUST_LOG` wins when set.
    pub level: String,
}

/// A setting the `prod` profile will not start with.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("refusing to start with profile prod: {setting} {reason}")]
pub struct ProfileRefusal {
    /// The environment variable that sets it, so the operator knows what to change.
    pub setting: &'static str,
    pub reason: &'static str,
}

const MIN_JWT_SECRET_BYTES: usize = 32;

/// A secret made by a random generator (hex, base64, a password manager) has many distinct
/// characters; `aaaa…`, `abab…` or a repeated word have few. Hex of 32 random bytes shows ~16.
fn looks_random(secret: &str) -> bool {
    let distinct: std::collections::HashSet<char> = secret.chars().collect();
    distinct.len() >= 10
}
const DEV_JWT_KEY_FILE: &str = "dev-jwt.key";
const DEV_PII_KEY_FILE: &str = "dev-pii.key";

impl Settings {
    pub fn load(sources: &ConfigSources) -> anyhow::Result<Self> {
        let mut builder = config::Config::builder()
            .set_default("profile", "dev")?
            .set_default("data_dir", "data")?
            .set_default("server.host", "127.0.0.1")?
            .set_default("server.port", 8080)?
            .set_default("server.shutdown_timeout_secs", 30)?
            .set_default("server.json_limit_bytes", 256 * 1024)?
            .set_default("server.body_limit_bytes", 1024 * 1024)?
            .set_default("database.max_connections", 10)?
            .set_default("database.acquire_timeout_secs", 5)?
            .set_default("database.migrate_on_start", true)?
            .set_default("web.dist_dir", "web/dist")?
            .set_default("web.public_base_url", "http://127.0.0.1:8080")?
            .set_default("cors.allowed_origins", Vec::<String>::new())?
            .set_default("server.trusted_proxies", Vec::<String>::new())?
            .set_default("log.level", "info,sqlx=warn")?;

        if let Some((path, required)) = &sources.file {
            builder = builder.add_source(
                config::File::from(path.as_path())
                    .format(config::FileFormat::Toml)
                    .required(*required),
            );
        }
        // The conventional variable of every PostgreSQL tool, below the Ketang-specific one.
        if let Some(url) = sources.env.get("DATABASE_URL").filter(|url| !url.is_empty()) {
            builder = builder.set_override("database.url", url.as_str())?;
        }
        let ketang_env: config::Map<String, String> = sources
            .env
            .iter()
            .filter(|(key, _)| key.starts_with("KETANG_") && key.as_str() != "KETANG_CONFIG")
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect();
        let mut settings: Settings = builder
            .add_source(
                config::Environment::with_prefix("KETANG")
                    .prefix_separator("_")
                    .separator("__")
                    .source(Some(ketang_env))
                    .try_parsing(true)
                    .list_separator(",")
                    .with_list_parse_key("cors.allowed_origins")
                    .with_list_parse_key("server.trusted_proxies"),
            )
            .build()
            .context("read configuration")?
            .try_deserialize()
            .context("parse configuration")?;
        // `set_override` outranks every source, so apply `KETANG_DATABASE__URL` last by hand.
        if let Some(url) = sources.env.get("KETANG_DATABASE__URL") {
            settings.database.url = Some(SecretString::from(url.clone()));
        }
        Ok(settings)
    }

    pub fn sandbox_enabled(&self) -> bool {
        self.sandbox.enabled.unwrap_or(self.profile == Profile::Dev)
    }

    pub fn log_format(&self) -> LogFormat {
        self.log.format.unwrap_or(match self.profile {
            Profile::Dev => LogFormat::Pretty,
            Profile::Prod => LogFormat::Json,
        })
    }

    /// The database URL in force: the configured one, or the SQLite file under `data_dir`.
    pub fn database_url(&self) -> SecretString {
        match &self.database.url {
            Some(url) => url.clone(),
            None => SecretString::from(format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("ketang.db").display()
            )),
        }
    }

    /// `prod` refuses development conveniences; the error names the setting to change. A few
    /// settings are refused in every profile (they cannot work at all).
    pub fn check_profile(&self) -> Result<(), ProfileRefusal> {
        if self.cors.allowed_origins.iter().any(|origin| origin.trim() == "*") {
            return Err(ProfileRefusal {
                setting: "KETANG_CORS__ALLOWED_ORIGINS",
                reason: "contains `*` (credentials cannot be shared with any origin: list the origins)",
            });
        }
        if crate::client_addr::TrustedProxies::parse(&self.server.trusted_proxies).is_err() {
            return Err(ProfileRefusal {
                setting: "KETANG_SERVER__TRUSTED_PROXIES",
                reason: "has an entry that is not an IP address or CIDR",
            });
        }
        if self.profile != Profile::Prod {
            return Ok(());
        }
        match &self.auth.jwt_secret {
            None => {
                return Err(ProfileRefusal {
                    setting: "KETANG_AUTH__JWT_SECRET",
                    reason: "is unset (a generated development key is not allowed in prod)",
                });
            }
            Some(secret) if secret.expose_secret().len() < MIN_JWT_SECRET_BYTES => {
                return Err(ProfileRefusal {
                    setting: "KETANG_AUTH__JWT_SECRET",
                    reason: "is shorter than 32 bytes",
                });
            }
            Some(secret) if self.is_dev_jwt_key(secret) => {
                return Err(ProfileRefusal {
                    setting: "KETANG_AUTH__JWT_SECRET",
                    reason: "is the generated development key",
                });
            }
            Some(secret) if !looks_random(secret.expose_secret()) => {
                return Err(ProfileRefusal {
                    setting: "KETANG_AUTH__JWT_SECRET",
                    reason: "has too little variety to be a random key (use e.g. `openssl rand -base64 48`)",
                });
            }
            Some(_) => {}
        }
        for (setting, secret) in [
            ("KETANG_AUTH__JWT_PREVIOUS_SECRET", &self.auth.jwt_previous_secret),
            ("KETANG_AUTH__HASH_KEY", &self.auth.hash_key),
        ] {
            if secret.as_ref().is_some_and(|s| s.expose_secret().len() < MIN_JWT_SECRET_BYTES) {
                return Err(ProfileRefusal { setting, reason: "is shorter than 32 bytes" });
            }
        }
        if self.pii.key.is_none() {
            return Err(ProfileRefusal {
                setting: "KETANG_PII__KEY",
                reason: "is unset (personal data needs a managed encryption key in prod)",
            });
        }
        if self.sandbox_enabled() {
            return Err(ProfileRefusal {
                setting: "KETANG_SANDBOX__ENABLED",
                reason: "is true (simulated payment and SMS systems must be off in prod)",
            });
        }
        if self.database.url.is_none() {
            return Err(ProfileRefusal {
                setting: "KETANG_DATABASE__URL",
                reason: "is unset (prod needs an explicit database URL)",
            });
        }
        if !self.web.public_base_url.starts_with("https://") {
            return Err(ProfileRefusal {
                setting: "KETANG_WEB__PUBLIC_BASE_URL",
                reason: "is not an https:// address (sign-in links and payment notifications need TLS)",
            });
        }
        if self.webhooks.allow_loopback {
            return Err(ProfileRefusal {
                setting: "KETANG_WEBHOOKS__ALLOW_LOOPBACK",
                reason: "is true (webhooks may reach only the public internet in prod)",
            });
        }
        if self.sms.provider == SmsProvider::Console {
            return Err(ProfileRefusal {
                setting: "KETANG_SMS__PROVIDER",
                reason: "is `console` (codes would never reach a phone; configure `aliyun`)",
            });
        }
        Ok(())
    }

    /// Whether `/metrics` may be served without a token.
    pub fn metrics_open(&self) -> bool {
        self.profile == Profile::Dev && self.server.metrics_token.is_none()
    }

    fn is_dev_jwt_key(&self, secret: &SecretString) -> bool {
        std::fs::read_to_string(self.data_dir.join(DEV_JWT_KEY_FILE))
            .is_ok_and(|dev_key| dev_key.trim() == secret.expose_secret())
    }

    /// The access-token key: configured, or (dev only) generated once and kept in `data_dir`.
    pub fn jwt_secret(&self) -> anyhow::Result<SecretString> {
        if let Some(secret) = &self.auth.jwt_secret {
            return Ok(secret.clone());
        }
        anyhow::ensure!(
            self.profile == Profile::Dev,
            "KETANG_AUTH__JWT_SECRET is required outside the dev profile"
        );
        let path = self.data_dir.join(DEV_JWT_KEY_FILE);
        if let Ok(existing) = std::fs::read_to_string(&path) {
            return Ok(SecretString::from(existing.trim().to_owned()));
        }
        let mut bytes = [0u8; 48];
        getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("random JWT key: {e}"))?;
        let key = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
        std::fs::create_dir_all(&self.data_dir)
            .with_context(|| format!("create {}", self.data_dir.display()))?;
        std::fs::write(&path, &key).with_context(|| format!("write {}", path.display()))?;
        Ok(SecretString::from(key))
    }

    /// The personal-data key (32 bytes): configured, or (dev only) generated once and kept in
    /// `data_dir`.
    pub fn pii_key(&self) -> anyhow::Result<[u8; 32]> {
        let decode = |text: &str| decode_pii_key("KETANG_PII__KEY", text);
        if let Some(key) = &self.pii.key {
            return decode(key.expose_secret());
        }
        anyhow::ensure!(
            self.profile == Profile::Dev,
            "KETANG_PII__KEY is required outside the dev profile"
        );
        let path = self.data_dir.join(DEV_PII_KEY_FILE);
        if let Ok(existing) = std::fs::read_to_string(&path) {
            return decode(&existing);
        }
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("random PII key: {e}"))?;
        std::fs::create_dir_all(&self.data_dir)
            .with_context(|| format!("create {}", self.data_dir.display()))?;
        std::fs::write(&path, base64::engine::general_purpose::STANDARD.encode(bytes))
            .with_context(|| format!("write {}", path.display()))?;
        Ok(bytes)
    }

    /// The personal-data key being rotated away from, if one is configured.
    pub fn pii_previous_key(&self) -> anyhow::Result<Option<[u8; 32]>> {
        self.pii
            .previous_key
            .as_ref()
            .map(|key| decode_pii_key("KETANG_PII__PREVIOUS_KEY", key.expose_secret()))
            .transpose()
    }

    /// A description safe to print: secrets redacted.
    pub fn redacted(&self) -> RedactedSettings<'_> {
        RedactedSettings(self)
    }
}

fn decode_pii_key(setting: &str, text: &str) -> anyhow::Result<[u8; 32]> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .with_context(|| format!("{setting} is not base64"))?;
    bytes.try_into().map_err(|_| anyhow::anyhow!("{setting} must be 32 bytes"))
}

pub struct RedactedSettings<'a>(&'a Settings);

impl fmt::Display for RedactedSettings<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0;
        let database = redact_url(s.database_url().expose_secret());
        writeln!(f, "profile = {:?}", s.profile)?;
        writeln!(f, "data_dir = {}", s.data_dir.display())?;
        writeln!(f, "server.host = {}", s.server.host)?;
        writeln!(f, "server.port = {}", s.server.port)?;
        writeln!(f, "server.workers = {:?}", s.server.workers)?;
        writeln!(f, "server.trusted_proxies = {:?}", s.server.trusted_proxies)?;
        writeln!(
            f,
            "server.metrics_token = {}",
            if s.server.metrics_token.is_some() { "<set>" } else { "<unset>" }
        )?;
        writeln!(f, "database.url = {database}")?;
        writeln!(f, "database.max_connections = {}", s.database.max_connections)?;
        writeln!(f, "database.migrate_on_start = {}", s.database.migrate_on_start)?;
        writeln!(
            f,
            "auth.jwt_secret = {}",
            if s.auth.jwt_secret.is_some() { "<set>" } else { "<generated in dev>" }
        )?;
        writeln!(f, "sandbox.enabled = {}", s.sandbox_enabled())?;
        writeln!(f, "web.dist_dir = {}", s.web.dist_dir.display())?;
        writeln!(f, "web.public_base_url = {}", s.web.public_base_url)?;
        writeln!(f, "cors.allowed_origins = {:?}", s.cors.allowed_origins)?;
        writeln!(f, "jobs.enabled = {}", s.jobs.enabled)?;
        writeln!(f, "webhooks.allow_loopback = {}", s.webhooks.allow_loopback)?;
        writeln!(
            f,
            "pii.key = {}",
            if s.pii.key.is_some() { "<set>" } else { "<generated in dev>" }
        )?;
        let set =
            |secret: &Option<SecretString>| if secret.is_some() { "<set>" } else { "<unset>" };
        writeln!(f, "pii.previous_key = {}", set(&s.pii.previous_key))?;
        writeln!(f, "auth.jwt_previous_secret = {}", set(&s.auth.jwt_previous_secret))?;
        writeln!(f, "auth.hash_key = {}", set(&s.auth.hash_key))?;
        writeln!(f, "training.region = {}", s.training.region)?;
        match &s.media.s3 {
            Some(s3) => writeln!(
                f,
                "media.s3 = bucket {} at {} (key {}, secret <set>)",
                s3.bucket,
                s3.endpoint.as_deref().unwrap_or("AWS"),
                s3.access_key_id
            )?,
            None => writeln!(f, "media = {}", s.data_dir.join("media").display())?,
        }
        if let Some(prefix) = &s.media.accel_redirect {
            writeln!(f, "media.accel_redirect = {prefix}")?;
        }
        writeln!(f, "log.format = {:?}", s.log_format())?;
        write!(f, "log.level = {}", s.log.level)
    }
}

/// Hides the password of a `scheme://user:password@host/db` URL.
fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            let user = userinfo.split(':').next().unwrap_or_default();
            format!("{}://{}:***@{}", &url[..scheme_end], user, &url[at + 1..])
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_in_a_database_url_is_redacted() {
        assert_eq!(
            redact_url("postgres://ketang:s3cret@db:5432/ketang"),
            "postgres://ketang:***@db:5432/ketang"
        );
        assert_eq!(redact_url("sqlite://data/ketang.db"), "sqlite://data/ketang.db");
    }

    #[test]
    fn the_media_accel_location_is_an_absolute_path_prefix() {
        let media = |prefix: &str| MediaSettings { s3: None, accel_redirect: Some(prefix.into()) };
        assert_eq!(
            media(" /_ketang_media/ ").accel_redirect_prefix().unwrap(),
            Some("/_ketang_media/")
        );
        assert_eq!(media("").accel_redirect_prefix().unwrap(), None);
        for wrong in ["_ketang_media/", "/_ketang_media", "http://x/media/", "/a b/", "/m?x=/"] {
            assert!(media(wrong).accel_redirect_prefix().is_err(), "{wrong}");
        }
    }
}
