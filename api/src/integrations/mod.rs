//! HTTP clients of external systems. Every adapter speaks the provider's published wire
//! protocol; its base URLs are configuration, so in sandbox mode the same code talks to the
//! simulated provider under `/sandbox` (SPEC §8).

pub mod alipay;
pub mod aliyun_sms;
pub mod dingtalk;
pub mod dingtalk_live;
pub mod hainan_gov;
pub mod oidc;
pub mod outbound;
pub mod payment_crypto;
pub mod payment_gateways;
pub mod payment_sandbox_keys;
pub mod payments;
pub mod sms;
pub mod sso_providers;
pub mod storage;
pub mod wechat;
pub mod wechatpay;

use std::time::Duration;

/// The one outbound client: rustls, connect and total timeouts.
pub fn http_client() -> anyhow::Result<reqwest::Client> {
    Ok(reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(15))
        .user_agent(concat!("ketang/", env!("CARGO_PKG_VERSION")))
        .build()?)
}

/// Who a provider says the user is.
#[derive(Debug, Clone)]
pub struct ExternalIdentity {
    /// Stable id at the provider (WeChat: unionid when present, else openid).
    pub subject: String,
    pub display_name: String,
    /// Present for a 海易办 legal-person login: the organization it speaks for.
    pub legal_person: Option<LegalPerson>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct LegalPerson {
    pub org_name: String,
    pub uscc: String,
    pub legal_representative: String,
}

/// A provider refused or failed; the message is for the log, never for the user.
#[derive(Debug, thiserror::Error)]
#[error("{provider}: {message}")]
pub struct ProviderError {
    pub provider: &'static str,
    pub message: String,
}

impl ProviderError {
    pub fn new(provider: &'static str, message: impl Into<String>) -> Self {
        Self { provider, message: message.into() }
    }
}

/// Sends a request and reads its JSON body whatever the status: providers put their errors
/// in the body (`errcode`, `code`, `error`), which the caller then reads.
pub async fn json_of<T: serde::de::DeserializeOwned>(
    request: reqwest::RequestBuilder,
    provider: &'static str,
    what: &str,
) -> Result<T, ProviderError> {
    let response = request
        .send()
        .await
        .map_err(|e| ProviderError::new(provider, format!("{what} request: {e}")))?;
    let status = response.status();
    response
        .json()
        .await
        .map_err(|e| ProviderError::new(provider, format!("{what} response ({status}): {e}")))
}

/// Adds query parameters to a URL that may be relative (a sandbox page on this server).
pub fn with_query(base: &str, params: &[(&str, &str)]) -> String {
    let query = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(params).finish();
    let separator = if base.contains('?') { '&' } else { '?' };
    format!("{base}{separator}{query}")
}
