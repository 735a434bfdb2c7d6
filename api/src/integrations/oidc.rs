//! Generic OpenID Connect (Keycloak, Casdoor, …): discovery, authorization code flow with PKCE
//! (S256) and a nonce, and ID-token validation — signature by the issuer's JWKS (asymmetric
//! algorithms only), issuer, audience, expiry and nonce.

use base64::Engine;
use jsonwebtoken::{Algorithm, DecodingKey, Validation, jwk::JwkSet};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::{ExternalIdentity, ProviderError, json_of, with_query};

const NAME: &str = "oidc";
const ALLOWED: &[Algorithm] = &[
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::EdDSA,
];

#[derive(Debug, Clone)]
pub struct Oidc {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: SecretString,
    pub scopes: String,
}

#[derive(Debug, Deserialize)]
pub struct Discovery {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub jwks_uri: String,
}

#[derive(Debug, Deserialize)]
struct TokenResponse {
    id_token: Option<String>,
    error: Option<String>,
}

#[derive(Debug, Deserialize)]
struct IdClaims {
    sub: String,
    nonce: Option<String>,
    name: Option<String>,
    preferred_username: Option<String>,
    email: Option<String>,
}

/// The S256 PKCE challenge of a verifier.
pub fn pkce_challenge(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

impl Oidc {
    pub async fn discover(&self, http: &reqwest::Client) -> Result<Discovery, ProviderError> {
        let url = format!("{}/.well-known/openid-configuration", self.issuer.trim_end_matches('/'));
        let discovery: Discovery = json_of(http.get(&url), NAME, "discovery").await?;
        if discovery.issuer.trim_end_matches('/') != self.issuer.trim_end_matches('/') {
            return Err(ProviderError::new(
                NAME,
                "discovery issuer does not match the configured issuer",
            ));
        }
        Ok(discovery)
    }

    pub fn authorize_url(
        &self,
        discovery: &Discovery,
        state: &str,
        redirect_uri: &str,
        nonce: &str,
        pkce_verifier: &str,
    ) -> String {
        with_query(
            &discovery.authorization_endpoint,
            &[
                ("response_type", "code"),
                ("client_id", &self.client_id),
                ("redirect_uri", redirect_uri),
                ("scope", &self.scopes),
                ("state", state),
                ("nonce", nonce),
                ("code_challenge", &pkce_challenge(pkce_verifier)),
                ("code_challenge_method", "S256"),
            ],
        )
    }

    pub async fn identify(
        &self,
        http: &reqwest::Client,
        code: &str,
        redirect_uri: &str,
        nonce: &str,
        pkce_verifier: &str,
    ) -> Result<ExternalIdentity, ProviderError> {
        let discovery = self.discover(http).await?;
        let token: TokenResponse = json_of(
            http.post(&discovery.token_endpoint)
                .basic_auth(&self.client_id, Some(self.client_secret.expose_secret()))
                .form(&[
                    ("grant_type", "authorization_code"),
                    ("code", code),
                    ("redirect_uri", redirect_uri),
                    ("code_verifier", pkce_verifier),
                ]),
            NAME,
            "token",
        )
        .await?;
        let id_token = token
            .id_token
            .ok_or_else(|| ProviderError::new(NAME, format!("no id_token: {:?}", token.error)))?;
        let jwks: JwkSet = json_of(http.get(&discovery.jwks_uri), NAME, "jwks").await?;
        let claims = validate_id_token(&id_token, &jwks, &discovery.issuer, &self.client_id)?;
        if claims.nonce.as_deref() != Some(nonce) {
            return Err(ProviderError::new(NAME, "id_token nonce does not match"));
        }
        let display_name =
            claims.name.or(claims.preferred_username).or(claims.email).unwrap_or_default();
        Ok(ExternalIdentity { subject: claims.sub, display_name, legal_person: None })
    }
}

fn validate_id_token(
    token: &str,
    jwks: &JwkSet,
    issuer: &str,
    client_id: &str,
) -> Result<IdClaims, ProviderError> {
    let header = jsonwebtoken::decode_header(token)
        .map_err(|e| ProviderError::new(NAME, format!("id_token header: {e}")))?;
    if !ALLOWED.contains(&header.alg) {
        return Err(ProviderError::new(
            NAME,
            format!("id_token algorithm {:?} refused", header.alg),
        ));
    }
    // By `kid`; a provider with a single key may leave `kid` out.
    let jwk = match &header.kid {
        Some(kid) => jwks.find(kid),
        None if jwks.keys.len() == 1 => jwks.keys.first(),
        None => None,
    }
    .ok_or_else(|| ProviderError::new(NAME, "no JWKS key for the id_token"))?;
    let key =
        DecodingKey::from_jwk(jwk).map_err(|e| ProviderError::new(NAME, format!("jwk: {e}")))?;
    let mut validation = Validation::new(header.alg);
    validation.set_issuer(&[issuer]);
    validation.set_audience(&[client_id]);
    validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
    jsonwebtoken::decode::<IdClaims>(token, &key, &validation)
        .map(|data| data.claims)
        .map_err(|e| ProviderError::new(NAME, format!("id_token invalid: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pkce_challenge_matches_rfc_7636_appendix_b() {
        assert_eq!(
            pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn an_unsigned_or_symmetric_id_token_is_refused() {
        let jwks = JwkSet { keys: vec![] };
        let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        for alg in ["none", "HS256"] {
            let token = format!(
                "{}.{}.sig",
                engine.encode(format!(r#"{{"alg":"{alg}","typ":"JWT"}}"#)),
                engine.encode(r#"{"sub":"x","iss":"i","aud":"c","exp":9999999999}"#)
            );
            assert!(validate_id_token(&token, &jwks, "i", "c").is_err(), "{alg}");
        }
    }
}
