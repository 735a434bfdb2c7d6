//! Alipay open platform, RSA2 (INTEGRATIONS §4): signed page pay (PC) and wap pay (phone)
//! URLs, the asynchronous notification (a signed form, answered with the bare word `success`)
//! and `alipay.trade.query`, whose signed answer is verified over its raw JSON text.

use std::collections::BTreeMap;

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::{json, value::RawValue};

use super::{
    ProviderError,
    payment_crypto::{self, fen_of_yuan, yuan_of_fen},
    payments::{
        Checkout, GatewayTrade, NotifyError, OrderKind, OrderRequest, PaymentGateway, TradeState,
    },
};

const NAME: &str = "alipay";

pub struct Alipay {
    pub app_id: String,
    app_key: payment_crypto::PrivateKey,
    alipay_key: payment_crypto::PublicKey,
    pub gateway_url: String,
    /// The merchant's PID (`2088…`): when set, a notification naming another seller is not
    /// ours (INTEGRATIONS §4.3).
    pub seller_id: Option<String>,
}

impl std::fmt::Debug for Alipay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Alipay")
            .field("app_id", &self.app_id)
            .field("gateway_url", &self.gateway_url)
            .field("seller_id", &self.seller_id)
            .finish()
    }
}

/// `k=v&…` over the sorted, non-empty parameters, values as they are (not URL-encoded).
pub fn signing_string<'a>(params: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let sorted: BTreeMap<&str, &str> = params.into_iter().filter(|(_, v)| !v.is_empty()).collect();
    sorted.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&")
}

/// Alipay's timestamps are Beijing time, `yyyy-MM-dd HH:mm:ss`.
pub fn beijing_now() -> String {
    beijing_time(crate::db::now_ms())
}

/// An instant (epoch ms) as Alipay writes times: Beijing time, `yyyy-MM-dd HH:mm:ss`.
pub fn beijing_time(epoch_ms: i64) -> String {
    let at = time::OffsetDateTime::from_unix_timestamp(epoch_ms.div_euclid(1000))
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
        .to_offset(time::macros::offset!(+8));
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    at.format(format).unwrap_or_default()
}

/// The instant (epoch ms) of an Alipay time, `yyyy-MM-dd HH:mm:ss` in Beijing time.
pub fn parse_beijing_time(text: &str) -> Option<i64> {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    let local = time::PrimitiveDateTime::parse(text, format).ok()?;
    let at = local.assume_offset(time::macros::offset!(+8));
    i64::try_from(at.unix_timestamp_nanos() / 1_000_000).ok()
}

impl Alipay {
    pub fn new(
        app_id: String,
        app_private_key: &SecretString,
        alipay_public_key: &str,
        gateway_url: String,
        seller_id: Option<String>,
    ) -> anyhow::Result<Self> {
        Ok(Self {
            app_id,
            app_key: payment_crypto::private_key(app_private_key.expose_secret())?,
            alipay_key: payment_crypto::public_key(alipay_public_key)?,
            gateway_url,
            seller_id,
        })
    }

    /// The common parameters, `biz_content` and `sign` (INTEGRATIONS §4.1, §4.2).
    fn signed_params(
        &self,
        method: &str,
        biz_content: &serde_json::Value,
        extra: &[(&str, &str)],
    ) -> Vec<(String, String)> {
        let timestamp = beijing_now();
        let biz = biz_content.to_string();
        let mut params: Vec<(String, String)> = vec![
            ("app_id".into(), self.app_id.clone()),
            ("method".into(), method.into()),
            ("charset".into(), "utf-8".into()),
            ("sign_type".into(), "RSA2".into()),
            ("timestamp".into(), timestamp),
            ("version".into(), "1.0".into()),
            ("biz_content".into(), biz),
        ];
        params.extend(
            extra
                .iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
        );
        let message = signing_string(params.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let sign = payment_crypto::sign(&self.app_key, message.as_bytes());
        params.push(("sign".into(), sign));
        params
    }

    /// An asynchronous notification (the form's fields, decoded): verified with the Alipay
    /// public key over every field but `sign` and `sign_type`.
    pub fn verify_notify(&self, fields: &[(String, String)]) -> Result<GatewayTrade, NotifyError> {
        let field = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        let signature = field("sign").ok_or_else(|| NotifyError::BadSignature("no sign".into()))?;
        let message = signing_string(
            fields
                .iter()
                .filter(|(k, _)| k != "sign" && k != "sign_type")
                .map(|(k, v)| (k.as_str(), v.as_str())),
        );
        if !payment_crypto::verify(&self.alipay_key, message.as_bytes(), signature) {
            return Err(NotifyError::BadSignature("signature does not verify".into()));
        }
        let out_trade_no = field("out_trade_no")
            .ok_or_else(|| NotifyError::Malformed("no out_trade_no".into()))?;
        Ok(GatewayTrade {
            out_trade_no: out_trade_no.to_owned(),
            transaction_id: field("trade_no").map(str::to_owned),
            state: trade_state(field("trade_status").unwrap_or_default()),
            amount_fen: field("total_amount").and_then(fen_of_yuan),
            currency: field("trans_currency").map(str::to_owned),
            app_id: field("app_id").unwrap_or_default().to_owned(),
            merchant_id: field("seller_id").map(str::to_owned),
        })
    }
}

fn trade_state(status: &str) -> TradeState {
    match status {
        "TRADE_SUCCESS" | "TRADE_FINISHED" => TradeState::Paid,
        "TRADE_CLOSED" => TradeState::Closed,
        _ => TradeState::Unpaid,
    }
}

#[derive(Deserialize)]
struct Refusal {
    code: String,
    sub_code: Option<String>,
    sub_msg: Option<String>,
}

#[derive(Deserialize)]
struct QueryAnswer {
    code: String,
    sub_code: Option<String>,
    sub_msg: Option<String>,
    trade_no: Option<String>,
    out_trade_no: Option<String>,
    trade_status: Option<String>,
    total_amount: Option<String>,
    trans_currency: Option<String>,
}

impl Alipay {
    /// Calls a gateway method; the `<method>_response` object's text once its signature
    /// verifies with Alipay's key.
    async fn call(
        &self,
        http: &reqwest::Client,
        method: &str,
        biz_content: &serde_json::Value,
    ) -> Result<String, ProviderError> {
        let params = self.signed_params(method, biz_content, &[]);
        let response = http
            .post(&self.gateway_url)
            .form(&params)
            .send()
            .await
            .map_err(|e| ProviderError::new(NAME, format!("{method} request: {e}")))?;
        let text = response
            .text()
            .await
            .map_err(|e| ProviderError::new(NAME, format!("{method} response: {e}")))?;
        // `{"<method>_response": {...}, "sign": "..."}`, the object signed as its text.
        let envelope: std::collections::HashMap<String, &RawValue> = serde_json::from_str(&text)
            .map_err(|e| ProviderError::new(NAME, format!("{method} answer: {e}")))?;
        let key = format!("{}_response", method.replace('.', "_"));
        let raw = envelope
            .get(&key)
            .ok_or_else(|| ProviderError::new(NAME, format!("{method} answer without {key}")))?
            .get();
        let sign: Option<String> =
            envelope.get("sign").and_then(|s| serde_json::from_str(s.get()).ok());
        let signed = sign
            .as_deref()
            .is_some_and(|sign| payment_crypto::verify(&self.alipay_key, raw.as_bytes(), sign));
        if !signed {
            return Err(ProviderError::new(
                NAME,
                format!("{method} answer signature does not verify"),
            ));
        }
        Ok(raw.to_owned())
    }
}

impl PaymentGateway for Alipay {
    fn name(&self) -> &'static str {
        NAME
    }

    async fn create_order(
        &self,
        _http: &reqwest::Client,
        order: &OrderRequest<'_>,
    ) -> Result<Checkout, ProviderError> {
        let (method, product_code) = match order.kind {
            OrderKind::DesktopWeb => ("alipay.trade.page.pay", "FAST_INSTANT_TRADE_PAY"),
            // INTEGRATIONS §4.1: Alipay's own documents say QUICK_WAP_WAY.
            OrderKind::MobileWeb => ("alipay.trade.wap.pay", "QUICK_WAP_WAY"),
            OrderKind::Qr => {
                return Err(ProviderError::new(NAME, "Alipay orders here are pages, not QR codes"));
            }
        };
        let biz = json!({
            "subject": order.description,
            "out_trade_no": order.out_trade_no,
            "total_amount": yuan_of_fen(order.amount_fen),
            "product_code": product_code,
            "time_expire": beijing_time(order.expires_at_ms),
        });
        let params = self.signed_params(
            method,
            &biz,
            &[("notify_url", order.notify_url), ("return_url", order.return_url)],
        );
        let query =
            url::form_urlencoded::Serializer::new(String::new()).extend_pairs(&params).finish();
        let glue = if self.gateway_url.contains('?') { '&' } else { '?' };
        // No call is made: the browser carries the signed request to the gateway's cashier.
        Ok(Checkout {
            code_url: None,
            redirect_url: Some(format!("{}{glue}{query}", self.gateway_url)),
        })
    }

    async fn query_order(
        &self,
        http: &reqwest::Client,
        out_trade_no: &str,
    ) -> Result<GatewayTrade, ProviderError> {
        let raw =
            self.call(http, "alipay.trade.query", &json!({"out_trade_no": out_trade_no})).await?;
        let answer: QueryAnswer = serde_json::from_str(&raw)
            .map_err(|e| ProviderError::new(NAME, format!("query answer: {e}")))?;
        if answer.code != "10000" {
            if answer.sub_code.as_deref() == Some("ACQ.TRADE_NOT_EXIST") {
                return Ok(GatewayTrade::unknown(out_trade_no, &self.app_id));
            }
            return Err(ProviderError::new(
                NAME,
                format!(
                    "query refused: {} {:?} {:?}",
                    answer.code, answer.sub_code, answer.sub_msg
                ),
            ));
        }
        Ok(GatewayTrade {
            out_trade_no: answer.out_trade_no.unwrap_or_else(|| out_trade_no.to_owned()),
            transaction_id: answer.trade_no,
            state: trade_state(answer.trade_status.as_deref().unwrap_or_default()),
            amount_fen: answer.total_amount.as_deref().and_then(fen_of_yuan),
            currency: answer.trans_currency,
            // The answer is signed by Alipay for this app's request.
            app_id: self.app_id.clone(),
            merchant_id: None,
        })
    }

    async fn close_order(
        &self,
        http: &reqwest::Client,
        out_trade_no: &str,
    ) -> Result<(), ProviderError> {
        let raw =
            self.call(http, "alipay.trade.close", &json!({"out_trade_no": out_trade_no})).await?;
        let answer: Refusal = serde_json::from_str(&raw)
            .map_err(|e| ProviderError::new(NAME, format!("close answer: {e}")))?;
        match (answer.code.as_str(), answer.sub_code.as_deref()) {
            // A page order nobody opened never reached Alipay; its signed link expires.
            ("10000", _) | (_, Some("ACQ.TRADE_NOT_EXIST")) => Ok(()),
            _ => Err(ProviderError::new(
                NAME,
                format!(
                    "close refused: {} {:?} {:?}",
                    answer.code, answer.sub_code, answer.sub_msg
                ),
            )),
        }
    }

    fn owns(&self, trade: &GatewayTrade) -> bool {
        let seller_matches = match (&self.seller_id, &trade.merchant_id) {
            (Some(ours), Some(named)) => ours == named,
            // Query answers carry no seller; they are signed for this app's own request.
            _ => true,
        };
        trade.app_id == self.app_id && seller_matches
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signing_string_sorts_and_drops_empty_values() {
        let s = signing_string([("b", "2"), ("a", "1"), ("c", ""), ("biz_content", "{\"x\":1}")]);
        assert_eq!(s, "a=1&b=2&biz_content={\"x\":1}");
    }
}
