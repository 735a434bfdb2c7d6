//! DingTalk third-party website login, new OAuth2 (INTEGRATIONS §2.1–2.3): authorize at
//! login.dingtalk.com (callback carries `authCode`), exchange it at
//! `v1.0/oauth2/userAccessToken`, read `v1.0/contact/users/me`.

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::json;

use super::{ExternalIdentity, ProviderError, json_of, with_query};

const NAME: &str = "dingtalk";

#[derive(Debug, Clone)]
pub struct DingTalk {
    pub client_id: String,
    pub client_secret: SecretString,
    /// `https://login.dingtalk.com/oauth2/auth`
    pub authorize_url: String,
    /// `https://api.dingtalk.com`
    pub api_base: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct UserToken {
    access_token: Option<String>,
    code: Option<String>,
    message: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Me {
    nick: Option<String>,
    union_id: Option<String>,
    open_id: Option<String>,
}

impl DingTalk {
    pub fn authorize_url(&self, state: &str, redirect_uri: &str) -> String {
        with_query(
            &self.authorize_url,
            &[
                ("redirect_uri", redirect_uri),
                ("response_type", "code"),
                ("client_id", &self.client_id),
                ("scope", "openid"),
                ("state", state),
                ("prompt", "consent"),
            ],
        )
    }

    pub async fn identify(
        &self,
        http: &reqwest::Client,
        auth_code: &str,
    ) -> Result<ExternalIdentity, ProviderError> {
        let token: UserToken = json_of(
            http.post(format!("{}/v1.0/oauth2/userAccessToken", self.api_base)).json(&json!({
                "clientId": self.client_id,
                "clientSecret": self.client_secret.expose_secret(),
                "code": auth_code,
                "grantType": "authorization_code",
            })),
            NAME,
            "token",
        )
        .await?;
        let access_token = token.access_token.ok_or_else(|| {
            ProviderError::new(NAME, format!("token refused: {:?} {:?}", token.code, token.message))
        })?;
        let response = http
            .get(format!("{}/v1.0/contact/users/me", self.api_base))
            .header("x-acs-dingtalk-access-token", access_token)
            .send()
            .await
            .map_err(|e| ProviderError::new(NAME, format!("users/me request: {e}")))?;
        if !response.status().is_success() {
            return Err(ProviderError::new(
                NAME,
                format!("users/me refused: {}", response.status()),
            ));
        }
        let me: Me = response
            .json()
            .await
            .map_err(|e| ProviderError::new(NAME, format!("users/me response: {e}")))?;
        let subject = me
            .union_id
            .or(me.open_id)
            .ok_or_else(|| ProviderError::new(NAME, "users/me has no unionId"))?;
        Ok(ExternalIdentity {
            subject,
            display_name: me.nick.unwrap_or_default(),
            legal_person: None,
        })
    }
}
