//! The configured SSO providers, built once at start-up. In sandbox mode an unconfigured
//! provider points at the simulated one on this server, through the same adapter.

use secrecy::SecretString;

use crate::{
    config::{HainanGovFields, OAuthClientSettings, Settings},
    integrations::{dingtalk::DingTalk, hainan_gov::HainanGov, oidc::Oidc, wechat::WeChat},
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provider {
    WeChat,
    WeChatH5,
    DingTalk,
    HainanGov,
    Oidc,
}

impl Provider {
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "wechat" => Some(Provider::WeChat),
            "wechat_h5" => Some(Provider::WeChatH5),
            "dingtalk" => Some(Provider::DingTalk),
            "hainan_gov" => Some(Provider::HainanGov),
            "oidc" => Some(Provider::Oidc),
            _ => None,
        }
    }

    /// The name in URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Provider::WeChat => "wechat",
            Provider::WeChatH5 => "wechat_h5",
            Provider::DingTalk => "dingtalk",
            Provider::HainanGov => "hainan_gov",
            Provider::Oidc => "oidc",
        }
    }

    /// The identity namespace: QR and H5 WeChat logins of one person are one identity.
    pub fn identity_key(self) -> &'static str {
        match self {
            Provider::WeChat | Provider::WeChatH5 => "wechat",
            other => other.as_str(),
        }
    }
}

#[derive(Debug, Default)]
pub struct SsoProviders {
    pub wechat: Option<WeChat>,
    pub wechat_h5: Option<WeChat>,
    pub dingtalk: Option<DingTalk>,
    pub hainan_gov: Option<HainanGov>,
    pub oidc: Option<Oidc>,
}

pub const SANDBOX_CLIENT_ID: &str = "ketang-sandbox";
pub const SANDBOX_CLIENT_SECRET: &str = "ketang-sandbox-secret";

fn sandbox_client() -> OAuthClientSettings {
    OAuthClientSettings {
        client_id: SANDBOX_CLIENT_ID.into(),
        client_secret: SecretString::from(SANDBOX_CLIENT_SECRET.to_owned()),
        authorize_url: None,
        api_base: None,
    }
}

impl SsoProviders {
    /// `internal_base` is how this server reaches itself (`http://127.0.0.1:{port}`).
    pub fn from_settings(settings: &Settings, internal_base: &str) -> Self {
        let sandbox = settings.sandbox_enabled();
        let configured = |client: &Option<OAuthClientSettings>| {
            client.clone().or_else(|| sandbox.then(sandbox_client))
        };
        // Browser pages of the sandbox are relative (same origin as the SPA); its APIs are
        // called server to server.
        let pick = |client: &OAuthClientSettings, real: &str, sandbox_path: &str, is_api: bool| {
            let explicit = if is_api { &client.api_base } else { &client.authorize_url };
            match explicit {
                Some(url) => url.clone(),
                None if client.client_id == SANDBOX_CLIENT_ID => {
                    if is_api {
                        format!("{internal_base}{sandbox_path}")
                    } else {
                        sandbox_path.to_owned()
                    }
                }
                None => real.to_owned(),
            }
        };
        let wechat =
            |client: OAuthClientSettings, real_page: &str, sandbox_page: &str, scope| WeChat {
                authorize_url: pick(&client, real_page, sandbox_page, false),
                api_base: pick(&client, "https://api.weixin.qq.com", "/sandbox/wechat", true),
                app_id: client.client_id,
                app_secret: client.client_secret,
                scope,
            };
        let hainan_gov = settings.sso.hainan_gov.as_ref().map(|h| HainanGov {
            client_id: h.client_id.clone(),
            client_secret: h.client_secret.clone(),
            authorize_url: h.authorize_url.clone(),
            token_url: h.token_url.clone(),
            userinfo_url: h.userinfo_url.clone(),
            fields: h.fields.clone(),
        });
        let hainan_gov = hainan_gov.or_else(|| {
            sandbox.then(|| HainanGov {
                client_id: SANDBOX_CLIENT_ID.into(),
                client_secret: SecretString::from(SANDBOX_CLIENT_SECRET.to_owned()),
                authorize_url: "/sandbox/hainan_gov/authorize".into(),
                token_url: format!("{internal_base}/sandbox/hainan_gov/token"),
                userinfo_url: format!("{internal_base}/sandbox/hainan_gov/userinfo"),
                fields: HainanGovFields::default(),
            })
        });
        Self {
            wechat: configured(&settings.sso.wechat).map(|c| {
                wechat(
                    c,
                    "https://open.weixin.qq.com/connect/qrconnect",
                    "/sandbox/wechat/connect/qrconnect",
                    "snsapi_login",
                )
            }),
            wechat_h5: configured(&settings.sso.wechat_h5).map(|c| {
                wechat(
                    c,
                    "https://open.weixin.qq.com/connect/oauth2/authorize",
                    "/sandbox/wechat/connect/oauth2/authorize",
                    "snsapi_userinfo",
                )
            }),
            dingtalk: configured(&settings.sso.dingtalk).map(|c| DingTalk {
                authorize_url: pick(
                    &c,
                    "https://login.dingtalk.com/oauth2/auth",
                    "/sandbox/dingtalk/oauth2/auth",
                    false,
                ),
                api_base: pick(&c, "https://api.dingtalk.com", "/sandbox/dingtalk", true),
                client_id: c.client_id,
                client_secret: c.client_secret,
            }),
            hainan_gov,
            // No sandbox: generic OIDC is tested against a third-party provider.
            oidc: settings.sso.oidc.as_ref().map(|o| Oidc {
                issuer: o.issuer.clone(),
                client_id: o.client_id.clone(),
                client_secret: o.client_secret.clone(),
                scopes: o.scopes.clone(),
            }),
        }
    }

    pub fn is_enabled(&self, provider: Provider) -> bool {
        match provider {
            Provider::WeChat => self.wechat.is_some(),
            Provider::WeChatH5 => self.wechat_h5.is_some(),
            Provider::DingTalk => self.dingtalk.is_some(),
            Provider::HainanGov => self.hainan_gov.is_some(),
            Provider::Oidc => self.oidc.is_some(),
        }
    }
}
