//! Simulated SSO providers: WeChat (QR and H5), DingTalk and 海易办. Each serves a browser page
//! where you pick (or create) a test account to continue as, and token and user endpoints in
//! the real provider's wire format, so the real adapters run unchanged (SPEC §8).

use actix_web::{HttpRequest, HttpResponse, http::header, web};
use serde::Deserialize;
use serde_json::json;

use super::store::{self, Account, NewAccount};
use crate::{
    auth::sso::providers::{SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET},
    db::{Db, new_id, now_ms},
    error::ApiResult,
    integrations::with_query,
    state::AppState,
};

const CODE_TTL_MS: i64 = 10 * 60 * 1000;
const TOKEN_TTL_MS: i64 = 2 * 60 * 60 * 1000;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/wechat/connect/qrconnect", web::get().to(wechat_page))
        .route("/wechat/connect/oauth2/authorize", web::get().to(wechat_page))
        .route("/wechat/sns/oauth2/access_token", web::get().to(wechat_token))
        .route("/wechat/sns/userinfo", web::get().to(wechat_userinfo))
        .route("/dingtalk/oauth2/auth", web::get().to(dingtalk_page))
        .route("/dingtalk/v1.0/oauth2/userAccessToken", web::post().to(dingtalk_token))
        .route("/dingtalk/v1.0/contact/users/me", web::get().to(dingtalk_me))
        .route("/hainan_gov/authorize", web::get().to(hainan_page))
        .route("/hainan_gov/token", web::post().to(hainan_token))
        .route("/hainan_gov/userinfo", web::get().to(hainan_userinfo))
        .route("/{provider}/approve", web::post().to(approve));
}

/// A test account every sandbox starts with (ids are stable, for tests and demos).
struct SeedAccount {
    id: &'static str,
    provider: &'static str,
    subject: &'static str,
    unionid: Option<&'static str>,
    nickname: &'static str,
    /// 海易办 account kind, and for legal persons their organization.
    hainan: Option<(&'static str, Option<SeedOrg>)>,
}

/// (org name, USCC, legal representative)
type SeedOrg = (&'static str, &'static str, &'static str);

const SEED: &[SeedAccount] = &[
    SeedAccount {
        id: "sandbox-wechat-1",
        provider: "wechat",
        subject: "oSandboxWx0001",
        unionid: Some("uSandboxWx0001"),
        nickname: "微信测试用户·张三",
        hainan: None,
    },
    SeedAccount {
        id: "sandbox-wechat-2",
        provider: "wechat",
        subject: "oSandboxWx0002",
        unionid: Some("uSandboxWx0002"),
        nickname: "微信测试用户·李四",
        hainan: None,
    },
    SeedAccount {
        id: "sandbox-dingtalk-1",
        provider: "dingtalk",
        subject: "dtOpen0001",
        unionid: Some("dtUnion0001"),
        nickname: "钉钉测试用户·王五",
        hainan: None,
    },
    SeedAccount {
        id: "sandbox-hainan-natural",
        provider: "hainan_gov",
        subject: "hn-natural-0001",
        unionid: None,
        nickname: "自然人·张三",
        hainan: Some(("natural", None)),
    },
    SeedAccount {
        id: "sandbox-hainan-legal-1",
        provider: "hainan_gov",
        subject: "hn-legal-0001",
        unionid: None,
        nickname: "法人·三亚示例跨境电商有限公司",
        hainan: Some(("legal", Some(("三亚示例跨境电商有限公司", "91460200MA5T8XY10H", "张三")))),
    },
    SeedAccount {
        id: "sandbox-hainan-legal-2",
        provider: "hainan_gov",
        subject: "hn-legal-0002",
        unionid: None,
        nickname: "法人·海南椰风贸易有限公司",
        hainan: Some(("legal", Some(("海南椰风贸易有限公司", "91460200MA5RCN2P6M", "李四")))),
    },
];

async fn ensure_seed(db: &Db) -> ApiResult<()> {
    for account in SEED {
        let org = account.hainan.and_then(|(_, org)| org);
        store::insert_seed_account(
            db,
            &NewAccount {
                id: account.id,
                provider: account.provider,
                subject: account.subject,
                unionid: account.unionid,
                nickname: account.nickname,
                kind: account.hainan.map(|(kind, _)| kind),
                org_name: org.map(|(name, _, _)| name),
                uscc: org.map(|(_, uscc, _)| uscc),
                legal_representative: org.map(|(_, _, rep)| rep),
            },
        )
        .await?;
    }
    Ok(())
}

#[derive(Debug, Deserialize)]
struct AuthorizeQuery {
    appid: Option<String>,
    client_id: Option<String>,
    redirect_uri: Option<String>,
    state: Option<String>,
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

async fn page(
    state: &AppState,
    provider: &str,
    title: &str,
    query: AuthorizeQuery,
) -> ApiResult<HttpResponse> {
    let client_id = query.appid.or(query.client_id).unwrap_or_default();
    let Some(redirect_uri) = query.redirect_uri.filter(|_| client_id == SANDBOX_CLIENT_ID) else {
        return Ok(HttpResponse::BadRequest().content_type("text/html; charset=utf-8").body(
            "<p>沙箱：appid/client_id 或 redirect_uri 无效 (invalid client or redirect_uri)</p>",
        ));
    };
    ensure_seed(&state.db).await?;
    let accounts = store::accounts_of_provider(&state.db, provider).await?;
    let hidden = format!(
        r#"<input type="hidden" name="client_id" value="{}"><input type="hidden" name="redirect_uri" value="{}"><input type="hidden" name="state" value="{}">"#,
        escape(&client_id),
        escape(&redirect_uri),
        escape(query.state.as_deref().unwrap_or_default())
    );
    let buttons: String = accounts
        .iter()
        .map(|(id, nickname)| {
            format!(
                r#"<button type="submit" name="account_id" value="{}">{}</button>"#,
                escape(id),
                escape(nickname)
            )
        })
        .collect();
    let create = if provider == "hainan_gov" {
        String::new()
    } else {
        format!(
            r#"<form method="post" action="/sandbox/{provider}/approve">{hidden}<input type="hidden" name="account_id" value="new"><label>新测试用户 New test user <input name="nickname" maxlength="30" required></label> <button type="submit">创建并登录 Create and continue</button></form>"#
        )
    };
    let html = format!(
        r#"<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{title} · 沙箱</title>
<style>body{{font-family:sans-serif;max-width:420px;margin:40px auto;padding:0 16px}}button{{display:block;width:100%;margin:8px 0;padding:12px;font-size:16px}}.deny{{background:none;border:1px solid #999}}</style></head>
<body><h1>{title}</h1><p>沙箱模拟页面：选择一个测试账号继续。Sandbox: pick a test account to continue as.</p>
<form method="post" action="/sandbox/{provider}/approve">{hidden}{buttons}<button class="deny" type="submit" name="account_id" value="deny">拒绝授权 Deny</button></form>
{create}</body></html>"#
    );
    Ok(HttpResponse::Ok().content_type("text/html; charset=utf-8").body(html))
}

async fn wechat_page(
    state: AppState,
    query: web::Query<AuthorizeQuery>,
) -> ApiResult<HttpResponse> {
    page(&state, "wechat", "微信扫码登录", query.into_inner()).await
}

async fn dingtalk_page(
    state: AppState,
    query: web::Query<AuthorizeQuery>,
) -> ApiResult<HttpResponse> {
    page(&state, "dingtalk", "钉钉登录", query.into_inner()).await
}

async fn hainan_page(
    state: AppState,
    query: web::Query<AuthorizeQuery>,
) -> ApiResult<HttpResponse> {
    page(&state, "hainan_gov", "海易办统一身份认证", query.into_inner()).await
}

#[derive(Debug, Deserialize)]
struct Approval {
    client_id: String,
    redirect_uri: String,
    state: String,
    account_id: String,
    nickname: Option<String>,
}

fn random_token(prefix: &str) -> String {
    format!("{prefix}{}", new_id().replace('-', ""))
}

/// The user chose an account (or denied): back to the client with a code, as the provider
/// would (DingTalk calls it `authCode`).
async fn approve(
    state: AppState,
    provider: web::Path<String>,
    form: web::Form<Approval>,
) -> ApiResult<HttpResponse> {
    let provider = provider.into_inner();
    let form = form.into_inner();
    ensure_seed(&state.db).await?;
    let code_param = if provider == "dingtalk" { "authCode" } else { "code" };
    let location = if form.account_id == "deny" {
        match provider.as_str() {
            // WeChat: one documented behaviour is a redirect carrying only the state.
            "wechat" => with_query(&form.redirect_uri, &[("state", &form.state)]),
            _ => with_query(
                &form.redirect_uri,
                &[("error", "access_denied"), ("state", &form.state)],
            ),
        }
    } else {
        let account_id = if form.account_id == "new" {
            let id = new_id();
            let nickname =
                form.nickname.as_deref().unwrap_or("测试用户").chars().take(30).collect::<String>();
            store::insert_account(
                &state.db,
                &id,
                &provider,
                &random_token("o"),
                &random_token("u"),
                &nickname,
            )
            .await?;
            id
        } else {
            form.account_id.clone()
        };
        let code = random_token("c");
        let expires_at = now_ms() + CODE_TTL_MS;
        store::insert_code_grant(&state.db, &code, &account_id, &form.client_id, expires_at)
            .await?;
        with_query(&form.redirect_uri, &[(code_param, &code), ("state", &form.state)])
    };
    Ok(HttpResponse::Found().insert_header((header::LOCATION, location)).finish())
}

/// Spends a code once and mints an access token for its account.
async fn redeem_code(db: &Db, client_id: &str, code: &str) -> ApiResult<Option<(String, Account)>> {
    let now = now_ms();
    let account_id = store::spend_code(db, code, client_id, now).await?;
    let Some(account_id) = account_id else { return Ok(None) };
    let token = random_token("t");
    store::insert_access_token_grant(db, &token, &account_id, client_id, now + TOKEN_TTL_MS)
        .await?;
    Ok(store::account_by_id(db, &account_id).await?.map(|account| (token, account)))
}

async fn account_of_token(db: &Db, token: &str) -> ApiResult<Option<Account>> {
    match store::account_id_of_token(db, token).await? {
        Some(id) => Ok(store::account_by_id(db, &id).await?),
        None => Ok(None),
    }
}

#[derive(Debug, Deserialize)]
struct WeChatTokenQuery {
    appid: String,
    secret: String,
    code: String,
}

async fn wechat_token(
    state: AppState,
    query: web::Query<WeChatTokenQuery>,
) -> ApiResult<HttpResponse> {
    if query.appid != SANDBOX_CLIENT_ID || query.secret != SANDBOX_CLIENT_SECRET {
        return Ok(HttpResponse::Ok().json(json!({"errcode": 40013, "errmsg": "invalid appid"})));
    }
    Ok(match redeem_code(&state.db, &query.appid, &query.code).await? {
        Some((token, account)) => HttpResponse::Ok().json(json!({
            "access_token": token, "expires_in": 7200, "refresh_token": random_token("r"),
            "openid": account.subject, "scope": "snsapi_login", "unionid": account.unionid,
        })),
        None => HttpResponse::Ok().json(json!({"errcode": 40029, "errmsg": "invalid code"})),
    })
}

#[derive(Debug, Deserialize)]
struct WeChatUserQuery {
    access_token: String,
}

async fn wechat_userinfo(
    state: AppState,
    query: web::Query<WeChatUserQuery>,
) -> ApiResult<HttpResponse> {
    Ok(match account_of_token(&state.db, &query.access_token).await? {
        Some(account) => HttpResponse::Ok().json(json!({
            "openid": account.subject, "nickname": account.nickname, "sex": 0, "province": "",
            "city": "", "country": "", "headimgurl": "", "privilege": [], "unionid": account.unionid,
        })),
        None => HttpResponse::Ok().json(json!({"errcode": 40014, "errmsg": "invalid access_token"})),
    })
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DingTalkTokenRequest {
    client_id: String,
    client_secret: String,
    code: String,
}

async fn dingtalk_token(
    state: AppState,
    body: web::Json<DingTalkTokenRequest>,
) -> ApiResult<HttpResponse> {
    if body.client_id != SANDBOX_CLIENT_ID || body.client_secret != SANDBOX_CLIENT_SECRET {
        return Ok(HttpResponse::BadRequest().json(
            json!({"code": "invalidClientIdOrSecret", "message": "无效的clientId或clientSecret"}),
        ));
    }
    Ok(match redeem_code(&state.db, &body.client_id, &body.code).await? {
        Some((token, _)) => HttpResponse::Ok().json(json!({
            "accessToken": token, "refreshToken": random_token("r"), "expireIn": 7200, "corpId": null,
        })),
        None => HttpResponse::BadRequest().json(json!({"code": "invalidAuthCode", "message": "无效的临时授权码"})),
    })
}

async fn dingtalk_me(state: AppState, req: HttpRequest) -> ApiResult<HttpResponse> {
    let token = req
        .headers()
        .get("x-acs-dingtalk-access-token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    Ok(match account_of_token(&state.db, token).await? {
        Some(account) => HttpResponse::Ok().json(json!({
            "nick": account.nickname, "avatarUrl": "", "mobile": "", "openId": account.subject,
            "unionId": account.unionid, "email": "", "stateCode": "86",
        })),
        None => HttpResponse::Unauthorized()
            .json(json!({"code": "InvalidAuthentication", "message": "不合法的access_token"})),
    })
}

#[derive(Debug, Deserialize)]
struct HainanTokenForm {
    client_id: String,
    client_secret: String,
    code: String,
}

async fn hainan_token(
    state: AppState,
    form: web::Form<HainanTokenForm>,
) -> ApiResult<HttpResponse> {
    if form.client_id != SANDBOX_CLIENT_ID || form.client_secret != SANDBOX_CLIENT_SECRET {
        return Ok(HttpResponse::Unauthorized().json(json!({"error": "invalid_client"})));
    }
    Ok(match redeem_code(&state.db, &form.client_id, &form.code).await? {
        Some((token, _)) => HttpResponse::Ok().json(json!({
            "access_token": token, "token_type": "Bearer", "expires_in": 7200,
        })),
        None => HttpResponse::BadRequest().json(json!({"error": "invalid_grant"})),
    })
}

async fn hainan_userinfo(state: AppState, req: HttpRequest) -> ApiResult<HttpResponse> {
    let token = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    Ok(match account_of_token(&state.db, token).await? {
        Some(account) => HttpResponse::Ok().json(json!({
            "userId": account.subject,
            "userType": account.kind.unwrap_or_else(|| "natural".into()),
            "userName": account.nickname,
            "corpName": account.org_name,
            "creditCode": account.uscc,
            "legalPerson": account.legal_representative,
            "id": account.id,
        })),
        None => HttpResponse::Unauthorized().json(json!({"error": "invalid_token"})),
    })
}
