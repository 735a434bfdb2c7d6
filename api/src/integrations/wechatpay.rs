//! WeChat Pay API v3, direct merchant, platform-public-key mode (INTEGRATIONS §3): Native (QR
//! on a PC) and H5 orders, signed requests, verified responses, order query, and the payment
//! notification — signature over the raw body, then the AES-256-GCM resource.

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{
    ProviderError,
    payment_crypto::{self, nonce_str},
    payments::{
        Checkout, GatewayTrade, NotifyError, OrderKind, OrderRequest, PaymentGateway, TradeState,
    },
};

const NAME: &str = "wechatpay";
/// Notifications older or newer than this are refused (as the official Go SDK does).
const CLOCK_SKEW_SECS: i64 = 300;

pub struct WeChatPay {
    pub mchid: String,
    pub appid: String,
    pub merchant_serial_no: String,
    merchant_key: payment_crypto::PrivateKey,
    platform_key: payment_crypto::PublicKey,
    pub platform_key_id: String,
    apiv3_key: SecretString,
    pub api_base: String,
}

impl std::fmt::Debug for WeChatPay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WeChatPay")
            .field("mchid", &self.mchid)
            .field("api_base", &self.api_base)
            .finish()
    }
}

/// The transaction as queries return it and notifications carry it (decrypted).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Transaction {
    pub appid: String,
    pub mchid: String,
    pub out_trade_no: String,
    pub transaction_id: Option<String>,
    /// `SUCCESS`, `NOTPAY`, `CLOSED`, `REFUND`, …
    pub trade_state: String,
    pub trade_state_desc: Option<String>,
    pub success_time: Option<String>,
    pub amount: Option<TransactionAmount>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TransactionAmount {
    pub total: i64,
    pub payer_total: Option<i64>,
    pub currency: Option<String>,
}

impl From<Transaction> for GatewayTrade {
    fn from(t: Transaction) -> Self {
        GatewayTrade {
            state: match t.trade_state.as_str() {
                "SUCCESS" => TradeState::Paid,
                "CLOSED" | "REVOKED" | "PAYERROR" => TradeState::Closed,
                _ => TradeState::Unpaid,
            },
            app_id: t.appid,
            merchant_id: Some(t.mchid),
            out_trade_no: t.out_trade_no,
            transaction_id: t.transaction_id,
            currency: t.amount.as_ref().map(|a| a.currency.clone().unwrap_or_else(|| "CNY".into())),
            amount_fen: t.amount.map(|a| a.total),
        }
    }
}

/// The notification headers that carry its signature.
#[derive(Debug, Default)]
pub struct NotifyHeaders<'a> {
    pub timestamp: Option<&'a str>,
    pub nonce: Option<&'a str>,
    pub signature: Option<&'a str>,
    pub serial: Option<&'a str>,
}

#[derive(Debug, Deserialize)]
struct Notification {
    event_type: String,
    resource: Resource,
}

#[derive(Debug, Deserialize)]
struct Resource {
    ciphertext: String,
    #[serde(default)]
    associated_data: String,
    nonce: String,
}

impl WeChatPay {
    pub fn new(settings: &crate::config::WeChatPaySettings) -> anyhow::Result<Self> {
        anyhow::ensure!(
            settings.apiv3_key.expose_secret().len() == 32,
            "payments.wechatpay.apiv3_key: the APIv3 key has 32 characters"
        );
        Ok(Self {
            mchid: settings.mchid.clone(),
            appid: settings.appid.clone(),
            merchant_serial_no: settings.merchant_serial_no.clone(),
            merchant_key: payment_crypto::private_key(
                settings.merchant_private_key.expose_secret(),
            )?,
            platform_key: payment_crypto::public_key(&settings.platform_public_key)?,
            platform_key_id: settings.platform_public_key_id.clone(),
            apiv3_key: settings.apiv3_key.clone(),
            api_base: settings.api_base.trim_end_matches('/').to_owned(),
        })
    }

    /// `WECHATPAY2-SHA256-RSA2048 …` for a request (INTEGRATIONS §3.2).
    pub fn authorization(
        &self,
        method: &str,
        canonical_url: &str,
        body: &str,
        timestamp: i64,
        nonce: &str,
    ) -> String {
        let message = format!("{method}\n{canonical_url}\n{timestamp}\n{nonce}\n{body}\n");
        let signature = payment_crypto::sign(&self.merchant_key, message.as_bytes());
        format!(
            "WECHATPAY2-SHA256-RSA2048 mchid=\"{}\",nonce_str=\"{nonce}\",timestamp=\"{timestamp}\",serial_no=\"{}\",signature=\"{signature}\"",
            self.mchid, self.merchant_serial_no
        )
    }

    /// Checks a signed message from WeChat Pay (a response or a notification).
    fn verify_signed(
        &self,
        headers: &NotifyHeaders<'_>,
        body: &[u8],
        now_secs: i64,
    ) -> Result<(), NotifyError> {
        let (Some(timestamp), Some(nonce), Some(signature)) =
            (headers.timestamp, headers.nonce, headers.signature)
        else {
            return Err(NotifyError::BadSignature("signature headers missing".into()));
        };
        if headers.serial.is_some_and(|serial| serial != self.platform_key_id) {
            return Err(NotifyError::BadSignature("signed with an unknown platform key".into()));
        }
        let sent: i64 =
            timestamp.parse().map_err(|_| NotifyError::BadSignature("timestamp".into()))?;
        // `abs_diff`: a timestamp near i64::MIN overflowed `now - sent` (found by fuzzing).
        if now_secs.abs_diff(sent) >= CLOCK_SKEW_SECS.unsigned_abs() {
            return Err(NotifyError::BadSignature("timestamp outside five minutes".into()));
        }
        let mut message = format!("{timestamp}\n{nonce}\n").into_bytes();
        message.extend_from_slice(body);
        message.push(b'\n');
        if payment_crypto::verify(&self.platform_key, &message, signature) {
            Ok(())
        } else {
            Err(NotifyError::BadSignature("signature does not verify".into()))
        }
    }

    /// A payment notification: verified over the raw body, then decrypted.
    pub fn verify_notify(
        &self,
        headers: &NotifyHeaders<'_>,
        body: &[u8],
        now_secs: i64,
    ) -> Result<GatewayTrade, NotifyError> {
        self.verify_signed(headers, body, now_secs)?;
        let notification: Notification = serde_json::from_slice(body)
            .map_err(|e| NotifyError::Malformed(format!("body: {e}")))?;
        let plain = payment_crypto::aes_gcm_open(
            self.apiv3_key.expose_secret().as_bytes(),
            &notification.resource.nonce,
            &notification.resource.associated_data,
            &notification.resource.ciphertext,
        )
        .map_err(|e| NotifyError::BadSignature(e.to_string()))?;
        let transaction: Transaction = serde_json::from_slice(&plain)
            .map_err(|e| NotifyError::Malformed(format!("resource: {e}")))?;
        let mut trade = GatewayTrade::from(transaction);
        if notification.event_type != "TRANSACTION.SUCCESS" && trade.state == TradeState::Paid {
            trade.state = TradeState::Unpaid;
        }
        Ok(trade)
    }

    async fn send(
        &self,
        http: &reqwest::Client,
        method: reqwest::Method,
        path_and_query: &str,
        body: Option<String>,
    ) -> Result<(reqwest::StatusCode, Vec<u8>), ProviderError> {
        let timestamp = time::OffsetDateTime::now_utc().unix_timestamp();
        let nonce = nonce_str(32);
        let body_text = body.clone().unwrap_or_default();
        let authorization =
            self.authorization(method.as_str(), path_and_query, &body_text, timestamp, &nonce);
        let mut request = http
            .request(method, format!("{}{path_and_query}", self.api_base))
            .header("Authorization", authorization)
            .header("Accept", "application/json")
            .header("Wechatpay-Serial", &self.platform_key_id);
        if let Some(body) = body {
            request = request.header("Content-Type", "application/json").body(body);
        }
        let response =
            request.send().await.map_err(|e| ProviderError::new(NAME, format!("request: {e}")))?;
        let status = response.status();
        let header = |name: &str| {
            response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
        };
        let (timestamp, nonce, signature, serial) = (
            header("Wechatpay-Timestamp"),
            header("Wechatpay-Nonce"),
            header("Wechatpay-Signature"),
            header("Wechatpay-Serial"),
        );
        let bytes = response
            .bytes()
            .await
            .map_err(|e| ProviderError::new(NAME, format!("response: {e}")))?;
        if status.is_success() {
            // Answers are signed like notifications; an unsigned "success" is not trusted.
            let headers = NotifyHeaders {
                timestamp: timestamp.as_deref(),
                nonce: nonce.as_deref(),
                signature: signature.as_deref(),
                serial: serial.as_deref(),
            };
            let now = time::OffsetDateTime::now_utc().unix_timestamp();
            self.verify_signed(&headers, &bytes, now)
                .map_err(|e| ProviderError::new(NAME, format!("response signature: {e}")))?;
        }
        Ok((status, bytes.to_vec()))
    }
}

/// `time_expire` as WeChat Pay wants it: RFC 3339 to the second, in Beijing time
/// (`2026-12-08T10:34:56+08:00`).
pub fn beijing_rfc3339(epoch_ms: i64) -> String {
    let beijing = time::UtcOffset::from_hms(8, 0, 0).unwrap_or(time::UtcOffset::UTC);
    time::OffsetDateTime::from_unix_timestamp(epoch_ms.div_euclid(1000))
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
        .to_offset(beijing)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

fn refusal(status: reqwest::StatusCode, body: &[u8]) -> ProviderError {
    #[derive(Deserialize)]
    struct Refusal {
        code: Option<String>,
        message: Option<String>,
    }
    let refusal: Option<Refusal> = serde_json::from_slice(body).ok();
    ProviderError::new(
        NAME,
        format!(
            "refused ({status}): {} {}",
            refusal.as_ref().and_then(|r| r.code.as_deref()).unwrap_or("?"),
            refusal.as_ref().and_then(|r| r.message.as_deref()).unwrap_or("")
        ),
    )
}

impl PaymentGateway for WeChatPay {
    fn name(&self) -> &'static str {
        NAME
    }

    async fn create_order(
        &self,
        http: &reqwest::Client,
        order: &OrderRequest<'_>,
    ) -> Result<Checkout, ProviderError> {
        let mut body = json!({
            "appid": self.appid,
            "mchid": self.mchid,
            "description": order.description,
            "out_trade_no": order.out_trade_no,
            "notify_url": order.notify_url,
            "amount": {"total": order.amount_fen, "currency": "CNY"},
            "time_expire": beijing_rfc3339(order.expires_at_ms),
        });
        let path = match order.kind {
            OrderKind::Qr => "/v3/pay/transactions/native",
            OrderKind::MobileWeb => {
                body["scene_info"] = json!({
                    "payer_client_ip": order.client_ip,
                    "h5_info": {"type": "Wap"},
                });
                "/v3/pay/transactions/h5"
            }
            OrderKind::DesktopWeb => {
                return Err(ProviderError::new(NAME, "WeChat Pay has no desktop page order"));
            }
        };
        let (status, bytes) =
            self.send(http, reqwest::Method::POST, path, Some(body.to_string())).await?;
        if !status.is_success() {
            return Err(refusal(status, &bytes));
        }
        #[derive(Deserialize)]
        struct Created {
            code_url: Option<String>,
            h5_url: Option<String>,
        }
        let created: Created = serde_json::from_slice(&bytes)
            .map_err(|e| ProviderError::new(NAME, format!("order answer: {e}")))?;
        match (order.kind, created.code_url, created.h5_url) {
            (OrderKind::Qr, Some(code_url), _) => {
                Ok(Checkout { code_url: Some(code_url), redirect_url: None })
            }
            (OrderKind::MobileWeb, _, Some(h5_url)) => {
                // The H5 page returns the payer to `redirect_url` when done.
                let back: String =
                    url::form_urlencoded::byte_serialize(order.return_url.as_bytes()).collect();
                Ok(Checkout {
                    code_url: None,
                    redirect_url: Some(format!("{h5_url}&redirect_url={back}")),
                })
            }
            _ => Err(ProviderError::new(NAME, "order answer without code_url / h5_url")),
        }
    }

    async fn query_order(
        &self,
        http: &reqwest::Client,
        out_trade_no: &str,
    ) -> Result<GatewayTrade, ProviderError> {
        let path = format!("/v3/pay/transactions/out-trade-no/{out_trade_no}?mchid={}", self.mchid);
        let (status, bytes) = self.send(http, reqwest::Method::GET, &path, None).await?;
        if status == reqwest::StatusCode::NOT_FOUND {
            return Ok(GatewayTrade::unknown(out_trade_no, &self.appid));
        }
        if !status.is_success() {
            return Err(refusal(status, &bytes));
        }
        let transaction: Transaction = serde_json::from_slice(&bytes)
            .map_err(|e| ProviderError::new(NAME, format!("query answer: {e}")))?;
        Ok(transaction.into())
    }

    async fn close_order(
        &self,
        http: &reqwest::Client,
        out_trade_no: &str,
    ) -> Result<(), ProviderError> {
        let path = format!("/v3/pay/transactions/out-trade-no/{out_trade_no}/close");
        let body = json!({"mchid": self.mchid}).to_string();
        let (status, bytes) = self.send(http, reqwest::Method::POST, &path, Some(body)).await?;
        match status {
            reqwest::StatusCode::NO_CONTENT | reqwest::StatusCode::NOT_FOUND => Ok(()),
            _ if status.is_success() => Ok(()),
            _ => Err(refusal(status, &bytes)),
        }
    }

    fn owns(&self, trade: &GatewayTrade) -> bool {
        trade.app_id == self.appid && trade.merchant_id.as_deref() == Some(self.mchid.as_str())
    }
}
