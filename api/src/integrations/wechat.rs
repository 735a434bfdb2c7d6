//! WeChat web authorization (INTEGRATIONS §1): open-platform QR login (`qrconnect`,
//! `snsapi_login`) on PCs and official-account auth (`oauth2/authorize`, `snsapi_userinfo`)
//! inside WeChat; both exchange the code at `sns/oauth2/access_token` and read `sns/userinfo`.

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use super::{ExternalIdentity, ProviderError, json_of, with_query};

const NAME: &str = "wechat";

#[derive(Debug, Clone)]
pub struct WeChat {
    pub app_id: String,
    pub app_secret: SecretString,
    /// `https://open.weixin.qq.com/connect/qrconnect` (PC) or `…/oauth2/authorize` (H5).
    pub authorize_url: String,
    /// `https://api.weixin.qq.com`
    pub api_base: String,
    /// `snsapi_login` (PC) or `snsapi_userinfo` (H5).
    pub scope: &'static str,
}

#[derive(Debug, Deserialize)]
struct TokenResponse {
    access_token: Option<String>,
    openid: Option<String>,
    unionid: Option<String>,
    errcode: Option<i64>,
    errmsg: Option<String>,
}

#[derive(Debug, Deserialize)]
struct UserInfo {
    nickname: Option<String>,
    unionid: Option<String>,
    errcode: Option<i64>,
    errmsg: Option<String>,
}

impl WeChat {
    pub fn authorize_url(&self, state: &str, redirect_uri: &str) -> String {
        // `#wechat_redirect` is mandatory for the H5 page and harmless for the QR page.
        with_query(
            &self.authorize_url,
            &[
                ("appid", &self.app_id),
                ("redirect_uri", redirect_uri),
                ("response_type", "code"),
                ("scope", self.scope),
                ("state", state),
            ],
        ) + "#wechat_redirect"
    }

    pub async fn identify(
        &self,
        http: &reqwest::Client,
        code: &str,
    ) -> Result<ExternalIdentity, ProviderError> {
        let token: TokenResponse = json_of(
            http.get(format!("{}/sns/oauth2/access_token", self.api_base)).query(&[
                ("appid", self.app_id.as_str()),
                ("secret", self.app_secret.expose_secret()),
                ("code", code),
                ("grant_type", "authorization_code"),
            ]),
            NAME,
            "token",
        )
        .await?;
        let (Some(access_token), Some(openid)) = (token.access_token, token.openid) else {
            return Err(ProviderError::new(
                NAME,
                format!("token refused: {:?} {:?}", token.errcode, token.errmsg),
            ));
        };
        let info: UserInfo = json_of(
            http.get(format!("{}/sns/userinfo", self.api_base)).query(&[
                ("access_token", access_token.as_str()),
                ("openid", &openid),
                ("lang", "zh_CN"),
            ]),
            NAME,
            "userinfo",
        )
        .await?;
        if let Some(errcode) = info.errcode.filter(|c| *c != 0) {
            return Err(ProviderError::new(
                NAME,
                format!("userinfo refused: {errcode} {:?}", info.errmsg),
            ));
        }
        // PC and H5 logins of one person share only the unionid (INTEGRATIONS §1.5).
        let subject = info.unionid.or(token.unionid).unwrap_or(openid);
        Ok(ExternalIdentity {
            subject,
            display_name: info.nickname.unwrap_or_default(),
            legal_person: None,
        })
    }
}
