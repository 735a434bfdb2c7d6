//! 海易办 (Hainan government unified identity). The province publishes no open protocol
//! (INTEGRATIONS §6), so this is a plain OAuth2 code flow whose endpoints and user-info field
//! names are configuration (`[sso.hainan_gov]`). Legal-person accounts carry the enterprise's
//! name, USCC and legal representative, which certify the org (SPEC §2).

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::Value;

use super::{ExternalIdentity, LegalPerson, ProviderError, json_of, with_query};
use crate::config::HainanGovFields;

const NAME: &str = "hainan_gov";

#[derive(Debug, Clone)]
pub struct HainanGov {
    pub client_id: String,
    pub client_secret: SecretString,
    pub authorize_url: String,
    pub token_url: String,
    pub userinfo_url: String,
    pub fields: HainanGovFields,
}

#[derive(Debug, Deserialize)]
struct Token {
    access_token: Option<String>,
    error: Option<String>,
}

impl HainanGov {
    pub fn authorize_url(&self, state: &str, redirect_uri: &str) -> String {
        with_query(
            &self.authorize_url,
            &[
                ("client_id", &self.client_id),
                ("redirect_uri", redirect_uri),
                ("response_type", "code"),
                ("scope", "openid profile"),
                ("state", state),
            ],
        )
    }

    pub async fn identify(
        &self,
        http: &reqwest::Client,
        code: &str,
        redirect_uri: &str,
    ) -> Result<ExternalIdentity, ProviderError> {
        let token: Token = json_of(
            http.post(&self.token_url).form(&[
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", redirect_uri),
                ("client_id", &self.client_id),
                ("client_secret", self.client_secret.expose_secret()),
            ]),
            NAME,
            "token",
        )
        .await?;
        let access_token = token
            .access_token
            .ok_or_else(|| ProviderError::new(NAME, format!("token refused: {:?}", token.error)))?;
        let response = http
            .get(&self.userinfo_url)
            .bearer_auth(access_token)
            .send()
            .await
            .map_err(|e| ProviderError::new(NAME, format!("userinfo request: {e}")))?;
        if !response.status().is_success() {
            return Err(ProviderError::new(
                NAME,
                format!("userinfo refused: {}", response.status()),
            ));
        }
        let info: Value = response
            .json()
            .await
            .map_err(|e| ProviderError::new(NAME, format!("userinfo response: {e}")))?;
        self.map_identity(&info)
    }

    /// Reads the configured fields out of the user-info document.
    fn map_identity(&self, info: &Value) -> Result<ExternalIdentity, ProviderError> {
        let text = |field: &str| match info.get(field) {
            Some(Value::String(s)) => Some(s.trim().to_owned()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        let f = &self.fields;
        let subject = text(&f.subject)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| ProviderError::new(NAME, format!("userinfo lacks `{}`", f.subject)))?;
        let legal = text(&f.kind).as_deref() == Some(f.legal_kind_value.as_str());
        let legal_person = if legal {
            Some(LegalPerson {
                org_name: text(&f.org_name).unwrap_or_default(),
                uscc: text(&f.uscc).unwrap_or_default(),
                legal_representative: text(&f.legal_representative).unwrap_or_default(),
            })
        } else {
            None
        };
        Ok(ExternalIdentity {
            subject,
            display_name: text(&f.name).unwrap_or_default(),
            legal_person,
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn adapter() -> HainanGov {
        HainanGov {
            client_id: "c".into(),
            client_secret: SecretString::from("s".to_owned()),
            authorize_url: "https://sso.example/authorize".into(),
            token_url: "https://sso.example/token".into(),
            userinfo_url: "https://sso.example/userinfo".into(),
            fields: HainanGovFields::default(),
        }
    }

    #[test]
    fn a_legal_person_document_maps_to_its_organization() {
        let identity = adapter()
            .map_identity(&json!({
                "userId": 42, "userType": "legal", "userName": "张三",
                "corpName": "三亚示例跨境电商有限公司", "creditCode": "91460200MA5T8XY10H",
                "legalPerson": "张三"
            }))
            .unwrap();
        assert_eq!(identity.subject, "42");
        let org = identity.legal_person.unwrap();
        assert_eq!(org.uscc, "91460200MA5T8XY10H");
        assert_eq!(org.org_name, "三亚示例跨境电商有限公司");
    }

    #[test]
    fn a_natural_person_has_no_organization_and_a_missing_subject_is_an_error() {
        let natural =
            adapter().map_identity(&json!({"userId": "u1", "userType": "natural"})).unwrap();
        assert!(natural.legal_person.is_none());
        assert!(adapter().map_identity(&json!({"userType": "natural"})).is_err());
    }
}
