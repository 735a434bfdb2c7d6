//! Generic OpenID Connect against a provider no one here wrote: PyPI `oidc-provider-mock`,
//! which `make test` installs in `.venv` and names in `OIDC_PROVIDER_MOCK`.

use std::{
    net::TcpListener,
    process::{Child, Command, Stdio},
    time::Duration,
};

use ketang::config::OidcSettings;
use ketang_tests::{problem, spawn_app_with};
use reqwest::Method;
use serde_json::{Value, json};

struct Provider {
    child: Child,
    issuer: String,
}

impl Drop for Provider {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

async fn start_provider() -> Option<Provider> {
    let Some(binary) = std::env::var_os("OIDC_PROVIDER_MOCK") else {
        // `make test` always sets it; a bare `cargo test` says what it skipped.
        eprintln!("skipped: OIDC_PROVIDER_MOCK is not set (run `make test`)");
        return None;
    };
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = Command::new(binary)
        .args(["-p", &port.to_string(), "--require-nonce", "true"])
        .args([
            "--user-claims",
            r#"{"sub": "alice", "name": "Alice Example", "email": "alice@example.com"}"#,
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start oidc-provider-mock");
    let provider = Provider { child, issuer: format!("http://127.0.0.1:{port}") };
    let discovery = format!("{}/.well-known/openid-configuration", provider.issuer);
    for _ in 0..100 {
        if reqwest::get(&discovery).await.is_ok_and(|r| r.status().is_success()) {
            return Some(provider);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("oidc-provider-mock did not come up");
}

fn query_param(url: &str, name: &str) -> Option<String> {
    let parsed =
        url::Url::parse(url).or_else(|_| url::Url::parse(&format!("http://x{url}"))).unwrap();
    parsed.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
}

/// Authorizes at the provider as `alice`; the SPA location the callback redirects to.
async fn sign_in_at_provider(app: &ketang_tests::TestApp) -> String {
    let start: Value =
        app.get("/api/v1/auth/sso/oidc/authorize").send().await.unwrap().json().await.unwrap();
    let authorize_url = start["authorize_url"].as_str().unwrap();
    assert_eq!(query_param(authorize_url, "code_challenge_method").as_deref(), Some("S256"));
    assert!(query_param(authorize_url, "nonce").is_some());
    let consent = app
        .client
        .request(Method::POST, authorize_url)
        .form(&[("sub", "alice")])
        .send()
        .await
        .unwrap();
    assert_eq!(consent.status(), 302, "the provider redirects back");
    let callback = consent.headers()["location"].to_str().unwrap().to_owned();
    let spa = app.client.get(&callback).send().await.unwrap();
    assert_eq!(spa.status(), 302);
    spa.headers()["location"].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_generic_oidc_provider_signs_a_user_in_by_discovery_pkce_and_nonce() {
    let Some(provider) = start_provider().await else { return };
    let issuer = provider.issuer.clone();
    let app = spawn_app_with(move |s| {
        s.sso.oidc = Some(OidcSettings {
            issuer,
            client_id: "ketang-test".into(),
            client_secret: "ketang-test-secret".to_owned().into(),
            scopes: "openid profile email".into(),
        });
    })
    .await;

    let first = sign_in_at_provider(&app).await;
    let ticket = query_param(&first, "ticket").expect("a first-login ticket");
    let created = app
        .post_json(
            "/api/v1/auth/sso/complete",
            &json!({"ticket": ticket, "agree_terms": true, "token_delivery": "body"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 200);
    let session: Value = created.json().await.unwrap();
    let identities: Value = app
        .get_with_token("/api/v1/me/identities", session["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(identities[0]["provider"], "oidc");
    assert_eq!(identities[0]["display_name"], "Alice Example");

    let again = sign_in_at_provider(&app).await;
    let code = query_param(&again, "code").expect("a login code");
    let signed_in: Value = app
        .post_json("/api/v1/auth/sso/exchange", &json!({"code": code, "token_delivery": "body"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(signed_in["user"]["id"], session["user"]["id"]);
}

#[tokio::test]
async fn oidc_is_off_unless_configured() {
    let app = ketang_tests::spawn_app().await;

    let response = app.get("/api/v1/auth/sso/oidc/authorize").send().await.unwrap();

    assert_eq!(problem(response, 404).await["code"], "not_found");
}
