//! The sandbox payment gateways (SPEC §8): WeChat Pay v3 and Alipay as the adapters see them —
//! they verify the adapters' signatures with the merchant's public keys, answer in the
//! gateways' formats signed with their own keys, and offer a cashier page ("pay" / "cancel")
//! whose "pay" sends a correctly signed (and, for WeChat Pay, encrypted) notification to the
//! order's notify URL, as the real gateways do.

use std::collections::BTreeMap;

use actix_web::{HttpRequest, HttpResponse, http::header, web};
use serde::Deserialize;
use serde_json::json;

use super::store::{self, SandboxOrder};
use crate::{
    db::{new_id, now_ms, rfc3339},
    error::{ApiError, ApiResult},
    integrations::{
        alipay::{beijing_now, parse_beijing_time, signing_string},
        payment_crypto::{self, fen_of_yuan, nonce_str, yuan_of_fen},
        wechatpay::{Transaction, TransactionAmount},
    },
    payments::sandbox_keys as keys,
    state::AppState,
};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/wechatpay/v3/pay/transactions/native", web::post().to(wechat_create))
        .route("/wechatpay/v3/pay/transactions/h5", web::post().to(wechat_create))
        .route(
            "/wechatpay/v3/pay/transactions/out-trade-no/{out_trade_no}",
            web::get().to(wechat_query),
        )
        .route(
            "/wechatpay/v3/pay/transactions/out-trade-no/{out_trade_no}/close",
            web::post().to(wechat_close),
        )
        .route("/wechatpay/cashier/{id}", web::get().to(cashier_page))
        .route("/alipay/gateway.do", web::get().to(alipay_page))
        .route("/alipay/gateway.do", web::post().to(alipay_api))
        .route("/payments/cashier/{id}/pay", web::post().to(pay))
        .route("/payments/cashier/{id}/cancel", web::post().to(cancel));
}

// ---- WeChat Pay ------------------------------------------------------------------------------

/// Checks the adapter's `Authorization` header (INTEGRATIONS §3.2) with the merchant's key.
fn wechat_caller_verified(req: &HttpRequest, body: &[u8]) -> bool {
    let Some(authorization) =
        req.headers().get(header::AUTHORIZATION).and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let Some(fields) = authorization.strip_prefix("WECHATPAY2-SHA256-RSA2048 ") else {
        return false;
    };
    let fields: BTreeMap<&str, &str> = fields
        .split(',')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (k.trim(), v.trim().trim_matches('"')))
        .collect();
    let (Some(mchid), Some(nonce), Some(timestamp), Some(serial), Some(signature)) = (
        fields.get("mchid"),
        fields.get("nonce_str"),
        fields.get("timestamp"),
        fields.get("serial_no"),
        fields.get("signature"),
    ) else {
        return false;
    };
    if *mchid != keys::WECHATPAY_MCHID || *serial != keys::WECHATPAY_MERCHANT_SERIAL {
        return false;
    }
    // The adapter signs the path below its API base, as it would below api.mch.weixin.qq.com.
    let path = req.path().strip_prefix("/sandbox/wechatpay").unwrap_or(req.path());
    let canonical = match req.query_string() {
        "" => path.to_owned(),
        query => format!("{path}?{query}"),
    };
    let mut message = format!("{}\n{canonical}\n{timestamp}\n{nonce}\n", req.method()).into_bytes();
    message.extend_from_slice(body);
    message.push(b'\n');
    payment_crypto::public_key(keys::WECHATPAY_MERCHANT_PUBLIC)
        .is_ok_and(|key| payment_crypto::verify(&key, &message, signature))
}

/// Headers that sign `body` as WeChat Pay does (answers and notifications).
fn wechat_signature(body: &str) -> ApiResult<[(&'static str, String); 5]> {
    let key = payment_crypto::private_key(keys::WECHATPAY_PLATFORM_PRIVATE)?;
    let timestamp = time::OffsetDateTime::now_utc().unix_timestamp().to_string();
    let nonce = nonce_str(32);
    let signature =
        payment_crypto::sign(&key, format!("{timestamp}\n{nonce}\n{body}\n").as_bytes());
    Ok([
        ("Wechatpay-Timestamp", timestamp),
        ("Wechatpay-Nonce", nonce),
        ("Wechatpay-Signature", signature),
        ("Wechatpay-Serial", keys::WECHATPAY_PLATFORM_KEY_ID.to_owned()),
        ("Wechatpay-Signature-Type", "WECHATPAY2-SHA256-RSA2048".to_owned()),
    ])
}

fn wechat_answer(
    status: actix_web::http::StatusCode,
    body: &serde_json::Value,
) -> ApiResult<HttpResponse> {
    // 204 (关闭订单) has no body; its empty body is what is signed.
    let text = if body.is_null() { String::new() } else { body.to_string() };
    let mut response = HttpResponse::build(status);
    if !text.is_empty() {
        response.content_type("application/json");
    }
    if status.is_success() {
        for (name, value) in wechat_signature(&text)? {
            response.insert_header((name, value));
        }
    }
    Ok(response.body(text))
}

#[derive(Debug, Deserialize)]
struct WeChatOrder {
    appid: String,
    mchid: String,
    description: String,
    out_trade_no: String,
    notify_url: String,
    amount: WeChatOrderAmount,
    /// RFC 3339 (`2026-12-08T10:34:56+08:00`).
    time_expire: Option<String>,
}

#[derive(Debug, Deserialize)]
struct WeChatOrderAmount {
    total: i64,
}

async fn wechat_create(
    state: AppState,
    req: HttpRequest,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    use actix_web::http::StatusCode;
    if !wechat_caller_verified(&req, &body) {
        return wechat_answer(
            StatusCode::UNAUTHORIZED,
            &json!({"code": "SIGN_ERROR", "message": "签名错误"}),
        );
    }
    let Ok(order) = serde_json::from_slice::<WeChatOrder>(&body) else {
        return wechat_answer(
            StatusCode::BAD_REQUEST,
            &json!({"code": "PARAM_ERROR", "message": "参数错误"}),
        );
    };
    let expires_at = match order
        .time_expire
        .as_deref()
        .map(|t| time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339))
    {
        None => None,
        Some(Ok(at)) if at.unix_timestamp() * 1000 > now_ms() => Some(at.unix_timestamp() * 1000),
        Some(_) => {
            return wechat_answer(
                StatusCode::BAD_REQUEST,
                &json!({"code": "PARAM_ERROR", "message": "time_expire 格式错误或已过期"}),
            );
        }
    };
    if order.mchid != keys::WECHATPAY_MCHID || order.amount.total <= 0 {
        return wechat_answer(
            StatusCode::BAD_REQUEST,
            &json!({"code": "PARAM_ERROR", "message": "商户号或金额错误"}),
        );
    }
    let id = new_id();
    let created = store::insert_order(
        &state.db,
        &SandboxOrder {
            id: id.clone(),
            gateway: "wechatpay".into(),
            out_trade_no: order.out_trade_no.clone(),
            app_id: order.appid,
            description: order.description,
            amount_fen: order.amount.total,
            notify_url: order.notify_url,
            return_url: None,
            status: "NOTPAY".into(),
            transaction_id: None,
            paid_at: None,
            expires_at,
        },
    )
    .await?;
    if !created {
        return wechat_answer(
            StatusCode::BAD_REQUEST,
            &json!({"code": "ORDERNO_USED", "message": "商户订单号重复"}),
        );
    }
    let page = format!("{}/sandbox/wechatpay/cashier/{id}", state.public_base_url);
    let answer = if req.path().ends_with("/h5") {
        json!({"h5_url": format!("{page}?h5=1")})
    } else {
        json!({"code_url": page})
    };
    wechat_answer(StatusCode::OK, &answer)
}

fn wechat_transaction(order: &SandboxOrder) -> Transaction {
    Transaction {
        appid: order.app_id.clone(),
        mchid: keys::WECHATPAY_MCHID.to_owned(),
        out_trade_no: order.out_trade_no.clone(),
        transaction_id: order.transaction_id.clone(),
        trade_state: order.status.clone(),
        trade_state_desc: Some(match order.status.as_str() {
            "SUCCESS" => "支付成功".to_owned(),
            "CLOSED" => "已关闭".to_owned(),
            _ => "未支付".to_owned(),
        }),
        success_time: order.paid_at.map(rfc3339),
        amount: Some(TransactionAmount {
            total: order.amount_fen,
            payer_total: Some(order.amount_fen),
            currency: Some("CNY".to_owned()),
        }),
    }
}

async fn wechat_query(
    state: AppState,
    req: HttpRequest,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    use actix_web::http::StatusCode;
    if !wechat_caller_verified(&req, b"") {
        return wechat_answer(
            StatusCode::UNAUTHORIZED,
            &json!({"code": "SIGN_ERROR", "message": "签名错误"}),
        );
    }
    store::close_expired_orders(&state.db).await?;
    match store::order_by_out_trade_no(&state.db, "wechatpay", &path).await? {
        Some(order) => wechat_answer(
            StatusCode::OK,
            &serde_json::to_value(wechat_transaction(&order)).unwrap_or_default(),
        ),
        None => wechat_answer(
            StatusCode::NOT_FOUND,
            &json!({"code": "ORDER_NOT_EXIST", "message": "订单不存在"}),
        ),
    }
}

/// 关闭订单: 204 for an unpaid (or already closed) trade; a paid one is refused.
async fn wechat_close(
    state: AppState,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    use actix_web::http::StatusCode;
    if !wechat_caller_verified(&req, &body) {
        return wechat_answer(
            StatusCode::UNAUTHORIZED,
            &json!({"code": "SIGN_ERROR", "message": "签名错误"}),
        );
    }
    let mchid = serde_json::from_slice::<serde_json::Value>(&body)
        .ok()
        .and_then(|b| b["mchid"].as_str().map(str::to_owned));
    if mchid.as_deref() != Some(keys::WECHATPAY_MCHID) {
        return wechat_answer(
            StatusCode::BAD_REQUEST,
            &json!({"code": "PARAM_ERROR", "message": "商户号错误"}),
        );
    }
    let Some(order) = store::order_by_out_trade_no(&state.db, "wechatpay", &path).await? else {
        return wechat_answer(
            StatusCode::NOT_FOUND,
            &json!({"code": "ORDER_NOT_EXIST", "message": "订单不存在"}),
        );
    };
    if order.status == "SUCCESS" {
        return wechat_answer(
            StatusCode::BAD_REQUEST,
            &json!({"code": "ORDERPAID", "message": "订单已支付"}),
        );
    }
    store::close_unpaid_order(&state.db, &order.id).await?;
    wechat_answer(StatusCode::NO_CONTENT, &serde_json::Value::Null)
}

/// The notification WeChat Pay sends when an order is paid: signed, resource encrypted.
pub fn wechat_notification(
    transaction: &Transaction,
) -> ApiResult<(String, [(&'static str, String); 5])> {
    let nonce = nonce_str(12);
    let plain = serde_json::to_vec(transaction).map_err(|e| ApiError::Internal(e.into()))?;
    let ciphertext = payment_crypto::aes_gcm_seal(
        keys::WECHATPAY_APIV3_KEY.as_bytes(),
        &nonce,
        "transaction",
        &plain,
    )?;
    let body = json!({
        "id": new_id(),
        "create_time": rfc3339(now_ms()),
        "resource_type": "encrypt-resource",
        "event_type": "TRANSACTION.SUCCESS",
        "summary": "支付成功",
        "resource": {
            "original_type": "transaction",
            "algorithm": "AEAD_AES_256_GCM",
            "ciphertext": ciphertext,
            "associated_data": "transaction",
            "nonce": nonce,
        },
    })
    .to_string();
    let headers = wechat_signature(&body)?;
    Ok((body, headers))
}

// ---- Alipay ----------------------------------------------------------------------------------

/// Checks a request's RSA2 signature (every parameter but `sign`) with the app's public key.
fn alipay_caller_verified(params: &[(String, String)]) -> bool {
    let Some(sign) = params.iter().find(|(k, _)| k == "sign").map(|(_, v)| v.as_str()) else {
        return false;
    };
    let message = signing_string(
        params.iter().filter(|(k, _)| k != "sign").map(|(k, v)| (k.as_str(), v.as_str())),
    );
    payment_crypto::public_key(keys::ALIPAY_APP_PUBLIC)
        .is_ok_and(|key| payment_crypto::verify(&key, message.as_bytes(), sign))
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

async fn alipay_page(state: AppState, req: HttpRequest) -> ApiResult<HttpResponse> {
    let params: Vec<(String, String)> = url::form_urlencoded::parse(req.query_string().as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if !alipay_caller_verified(&params) || param(&params, "app_id") != Some(keys::ALIPAY_APP_ID) {
        return Ok(page(
            "支付宝（沙箱）",
            "<p class=\"error\">验签失败：请求不是由该应用的私钥签名的。</p>",
        ));
    }
    let method = param(&params, "method").unwrap_or_default();
    if method != "alipay.trade.page.pay" && method != "alipay.trade.wap.pay" {
        return Ok(page("支付宝（沙箱）", "<p class=\"error\">不支持的接口。</p>"));
    }
    #[derive(Deserialize)]
    struct Biz {
        out_trade_no: String,
        total_amount: String,
        subject: String,
        time_expire: Option<String>,
    }
    let Some(biz) = param(&params, "biz_content").and_then(|b| serde_json::from_str::<Biz>(b).ok())
    else {
        return Ok(page("支付宝（沙箱）", "<p class=\"error\">biz_content 缺失或格式错误。</p>"));
    };
    let Some(amount_fen) = fen_of_yuan(&biz.total_amount) else {
        return Ok(page("支付宝（沙箱）", "<p class=\"error\">金额格式错误。</p>"));
    };
    let expires_at = match biz.time_expire.as_deref().map(parse_beijing_time) {
        None => None,
        Some(Some(at)) if at > now_ms() => Some(at),
        // Alipay's own words for a link opened after its time_expire.
        Some(Some(_)) => {
            return Ok(page(
                "支付宝（沙箱）",
                "<p class=\"error\">交易已超时关闭（ACQ.TRADE_HAS_CLOSE）。</p>",
            ));
        }
        Some(None) => {
            return Ok(page("支付宝（沙箱）", "<p class=\"error\">time_expire 格式错误。</p>"));
        }
    };
    store::close_expired_orders(&state.db).await?;
    store::insert_order(
        &state.db,
        &SandboxOrder {
            id: new_id(),
            gateway: "alipay".into(),
            out_trade_no: biz.out_trade_no.clone(),
            app_id: keys::ALIPAY_APP_ID.into(),
            description: biz.subject,
            amount_fen,
            notify_url: param(&params, "notify_url").unwrap_or_default().to_owned(),
            return_url: param(&params, "return_url").map(str::to_owned),
            status: "NOTPAY".into(),
            transaction_id: None,
            paid_at: None,
            expires_at,
        },
    )
    .await?;
    let order = store::order_by_out_trade_no(&state.db, "alipay", &biz.out_trade_no)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(cashier(&order, "支付宝收银台（沙箱）", None))
}

/// The `out_trade_no` an Alipay API call names in its `biz_content`.
fn biz_out_trade_no(params: &[(String, String)]) -> String {
    param(params, "biz_content")
        .and_then(|b| serde_json::from_str::<serde_json::Value>(b).ok())
        .and_then(|b| b["out_trade_no"].as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// `alipay.trade.query` and `alipay.trade.close` answered as Alipay does: the response object
/// signed over its text.
async fn alipay_api(
    state: AppState,
    form: web::Form<Vec<(String, String)>>,
) -> ApiResult<HttpResponse> {
    let params = form.into_inner();
    store::close_expired_orders(&state.db).await?;
    let response = if !alipay_caller_verified(&params) {
        json!({"code": "40002", "msg": "Invalid Arguments", "sub_code": "isv.invalid-signature", "sub_msg": "验签出错"})
    } else if !matches!(param(&params, "method"), Some("alipay.trade.query" | "alipay.trade.close"))
    {
        json!({"code": "40004", "msg": "Business Failed", "sub_code": "isv.invalid-method", "sub_msg": "不支持的接口"})
    } else if param(&params, "method") == Some("alipay.trade.close") {
        let out_trade_no = biz_out_trade_no(&params);
        match store::order_by_out_trade_no(&state.db, "alipay", &out_trade_no).await? {
            Some(order) if order.status == "SUCCESS" => {
                json!({"code": "40004", "msg": "Business Failed", "sub_code": "ACQ.TRADE_STATUS_ERROR", "sub_msg": "交易状态不合法"})
            }
            Some(order) => {
                store::close_unpaid_order(&state.db, &order.id).await?;
                json!({"code": "10000", "msg": "Success", "out_trade_no": order.out_trade_no, "trade_no": order.transaction_id})
            }
            None => {
                json!({"code": "40004", "msg": "Business Failed", "sub_code": "ACQ.TRADE_NOT_EXIST", "sub_msg": "交易不存在"})
            }
        }
    } else {
        let out_trade_no = biz_out_trade_no(&params);
        match store::order_by_out_trade_no(&state.db, "alipay", &out_trade_no).await? {
            Some(order) => json!({
                "code": "10000", "msg": "Success", "out_trade_no": order.out_trade_no,
                "trade_no": order.transaction_id,
                "trade_status": match order.status.as_str() {
                    "SUCCESS" => "TRADE_SUCCESS", "CLOSED" => "TRADE_CLOSED", _ => "WAIT_BUYER_PAY" },
                "total_amount": yuan_of_fen(order.amount_fen),
            }),
            None => {
                json!({"code": "40004", "msg": "Business Failed", "sub_code": "ACQ.TRADE_NOT_EXIST", "sub_msg": "交易不存在"})
            }
        }
    };
    let text = response.to_string();
    let key = payment_crypto::private_key(keys::ALIPAY_PLATFORM_PRIVATE)?;
    let sign = payment_crypto::sign(&key, text.as_bytes());
    let envelope = format!(
        "{}_response",
        param(&params, "method").unwrap_or("alipay.trade.query").replace('.', "_")
    );
    Ok(HttpResponse::Ok()
        .content_type("application/json;charset=utf-8")
        .body(format!("{{\"{envelope}\":{text},\"sign\":\"{sign}\"}}")))
}

/// The form Alipay posts to the notify URL when an order is paid, signed with its key.
pub fn alipay_notification(
    order_out_trade_no: &str,
    trade_no: &str,
    amount_fen: i64,
    subject: &str,
) -> ApiResult<Vec<(String, String)>> {
    let now = beijing_now();
    let mut fields: Vec<(String, String)> = [
        ("notify_time", now.as_str()),
        ("notify_type", "trade_status_sync"),
        ("notify_id", &new_id()),
        ("app_id", keys::ALIPAY_APP_ID),
        ("charset", "utf-8"),
        ("version", "1.0"),
        ("sign_type", "RSA2"),
        ("trade_no", trade_no),
        ("out_trade_no", order_out_trade_no),
        ("trade_status", "TRADE_SUCCESS"),
        ("total_amount", &yuan_of_fen(amount_fen)),
        ("receipt_amount", &yuan_of_fen(amount_fen)),
        ("buyer_pay_amount", &yuan_of_fen(amount_fen)),
        ("subject", subject),
        ("gmt_create", now.as_str()),
        ("gmt_payment", now.as_str()),
        ("seller_id", keys::ALIPAY_SELLER_ID),
        ("buyer_id", "2088000000000002"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    let message = signing_string(
        fields.iter().filter(|(k, _)| k != "sign_type").map(|(k, v)| (k.as_str(), v.as_str())),
    );
    let key = payment_crypto::private_key(keys::ALIPAY_PLATFORM_PRIVATE)?;
    fields.push(("sign".to_owned(), payment_crypto::sign(&key, message.as_bytes())));
    Ok(fields)
}

// ---- The cashier -----------------------------------------------------------------------------

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn page(title: &str, body: &str) -> HttpResponse {
    HttpResponse::Ok().content_type("text/html; charset=utf-8").body(format!(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title>\
         <style>body{{font-family:system-ui,sans-serif;max-width:420px;margin:24px auto;padding:0 16px;color:#222}}\
         .amount{{font-size:32px;font-weight:600;margin:8px 0}}button{{width:100%;padding:12px;margin:6px 0;font-size:16px;border-radius:6px;border:1px solid #ccc;background:#fff}}\
         button.primary{{background:#1677ff;color:#fff;border-color:#1677ff}}.note{{color:#888;font-size:13px}}.error{{color:#c00}}</style>\
         </head><body><h1>{title}</h1>{body}<p class=\"note\">这是课堂的沙箱支付网关，不会产生真实扣款。</p></body></html>",
        title = escape(title)
    ))
}

fn cashier(order: &SandboxOrder, title: &str, back: Option<&str>) -> HttpResponse {
    let back_field = back
        .map(|b| format!("<input type=\"hidden\" name=\"back\" value=\"{}\">", escape(b)))
        .unwrap_or_default();
    let body = match order.status.as_str() {
        "NOTPAY" => format!(
            "<p>{description}</p><p class=\"amount\">¥{amount}</p><p class=\"note\">订单号 {no}</p>\
             <form method=\"post\" action=\"/sandbox/payments/cashier/{id}/pay\">{back_field}<button class=\"primary\" type=\"submit\">确认支付</button></form>\
             <form method=\"post\" action=\"/sandbox/payments/cashier/{id}/cancel\">{back_field}<button type=\"submit\">取消支付</button></form>",
            description = escape(&order.description),
            amount = yuan_of_fen(order.amount_fen),
            no = escape(&order.out_trade_no),
            id = escape(&order.id),
        ),
        "SUCCESS" => "<p>该订单已支付。</p>".to_owned(),
        _ => "<p>该订单已关闭。</p>".to_owned(),
    };
    page(title, &body)
}

#[derive(Debug, Deserialize)]
struct CashierQuery {
    redirect_url: Option<String>,
}

async fn cashier_page(
    state: AppState,
    path: web::Path<String>,
    query: web::Query<CashierQuery>,
) -> ApiResult<HttpResponse> {
    let order =
        store::order_of_gateway(&state.db, "wechatpay", &path).await?.ok_or(ApiError::NotFound)?;
    Ok(cashier(&order, "微信支付（沙箱）", query.redirect_url.as_deref()))
}

#[derive(Debug, Deserialize)]
struct CashierForm {
    back: Option<String>,
}

/// Only back to this site: the sandbox never sends the browser elsewhere.
fn local(url: &str, state: &AppState) -> Option<String> {
    let path = url.strip_prefix(&state.public_base_url).unwrap_or(url);
    (path.starts_with('/') && !path.starts_with("//")).then(|| path.to_owned())
}

/// "Pay": the order is paid and the gateway notifies the merchant, as the real one would.
async fn pay(
    state: AppState,
    path: web::Path<String>,
    form: web::Form<CashierForm>,
) -> ApiResult<HttpResponse> {
    store::close_expired_orders(&state.db).await?;
    let order = store::find_order(&state.db, &path).await?;
    let transaction_id = format!("4200{}", nonce_str(24).to_ascii_uppercase());
    if !store::mark_order_paid(&state.db, &order.id, &transaction_id).await? {
        return Ok(cashier(&order, "收银台（沙箱）", None));
    }
    let order = store::find_order(&state.db, &order.id).await?;
    let delivered = notify(&state, &order).await;
    let outcome = match &delivered {
        Ok(status) => format!("已向商户发送支付通知（HTTP {status}）。"),
        Err(err) => format!("支付通知发送失败：{}", escape(&err.to_string())),
    };
    let back = form.back.as_deref().or(order.return_url.as_deref()).and_then(|b| local(b, &state));
    let link = back
        .map(|b| format!("<p><a href=\"{}\">返回商户页面</a></p>", escape(&b)))
        .unwrap_or_default();
    Ok(page(
        "支付成功（沙箱）",
        &format!(
            "<p class=\"amount\">¥{}</p><p>{outcome}</p>{link}",
            yuan_of_fen(order.amount_fen)
        ),
    ))
}

async fn notify(state: &AppState, order: &SandboxOrder) -> anyhow::Result<u16> {
    let request = if order.gateway == "wechatpay" {
        let (body, headers) =
            wechat_notification(&wechat_transaction(order)).map_err(|e| anyhow::anyhow!("{e}"))?;
        let mut request = state
            .http
            .post(&order.notify_url)
            .header("Content-Type", "application/json")
            .body(body);
        for (name, value) in headers {
            request = request.header(name, value);
        }
        request
    } else {
        let fields = alipay_notification(
            &order.out_trade_no,
            order.transaction_id.as_deref().unwrap_or_default(),
            order.amount_fen,
            &order.description,
        )
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        state.http.post(&order.notify_url).form(&fields)
    };
    Ok(request.send().await?.status().as_u16())
}

async fn cancel(
    state: AppState,
    path: web::Path<String>,
    form: web::Form<CashierForm>,
) -> ApiResult<HttpResponse> {
    let order = store::find_order(&state.db, &path).await?;
    store::close_unpaid_order(&state.db, &order.id).await?;
    let back = form.back.as_deref().or(order.return_url.as_deref()).and_then(|b| local(b, &state));
    let link = back
        .map(|b| format!("<p><a href=\"{}\">返回商户页面</a></p>", escape(&b)))
        .unwrap_or_default();
    Ok(page(
        "已取消支付（沙箱）",
        &format!("<p>订单 {} 已关闭。</p>{link}", escape(&order.out_trade_no)),
    ))
}
