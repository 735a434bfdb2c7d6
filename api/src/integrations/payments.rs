//! What the dues checkout needs of a payment gateway (SPEC §6): create an order the payer
//! completes at the gateway, and ask the gateway how an order stands. Notifications differ too
//! much between gateways (signed JSON with an encrypted resource vs a signed form) to share a
//! signature; each adapter verifies its own and answers a `GatewayTrade`.

use super::ProviderError;

/// How the payer pays: a QR code scanned on a PC, a page on a phone, a page on a PC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderKind {
    Qr,
    MobileWeb,
    DesktopWeb,
}

#[derive(Debug)]
pub struct OrderRequest<'a> {
    pub out_trade_no: &'a str,
    pub description: &'a str,
    pub amount_fen: i64,
    pub notify_url: &'a str,
    /// Where the gateway's page sends the payer back.
    pub return_url: &'a str,
    pub client_ip: &'a str,
    pub kind: OrderKind,
    /// When the gateway must stop accepting payment (epoch ms): after it the trade cannot be
    /// paid, so an order we close locally cannot take money later.
    pub expires_at_ms: i64,
}

/// Where the payer goes next: a QR code's content, or a page.
#[derive(Debug, Clone, Default)]
pub struct Checkout {
    pub code_url: Option<String>,
    pub redirect_url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TradeState {
    Paid,
    Unpaid,
    Closed,
}

/// An order as the gateway reports it.
#[derive(Debug, Clone)]
pub struct GatewayTrade {
    pub out_trade_no: String,
    pub transaction_id: Option<String>,
    pub state: TradeState,
    pub amount_fen: Option<i64>,
    /// ISO 4217 code when the gateway names one (WeChat Pay always does; Alipay only for
    /// foreign-currency settlement).
    pub currency: Option<String>,
    /// The app (and merchant) the gateway says the order belongs to.
    pub app_id: String,
    pub merchant_id: Option<String>,
}

impl GatewayTrade {
    /// An order the gateway does not know (never created there, or not yet).
    pub fn unknown(out_trade_no: &str, app_id: &str) -> Self {
        Self {
            out_trade_no: out_trade_no.to_owned(),
            transaction_id: None,
            state: TradeState::Unpaid,
            amount_fen: None,
            currency: None,
            app_id: app_id.to_owned(),
            merchant_id: None,
        }
    }
}

/// Why a notification was not accepted.
#[derive(Debug, thiserror::Error)]
pub enum NotifyError {
    /// Not from the gateway (or altered): nothing in it can be believed.
    #[error("bad signature: {0}")]
    BadSignature(String),
    #[error("malformed: {0}")]
    Malformed(String),
}

/// A gateway adapter. Used with static dispatch only (the payments module picks the adapter
/// by channel), so `async fn` needs no boxing.
#[allow(async_fn_in_trait)]
pub trait PaymentGateway {
    fn name(&self) -> &'static str;

    async fn create_order(
        &self,
        http: &reqwest::Client,
        order: &OrderRequest<'_>,
    ) -> Result<Checkout, ProviderError>;

    async fn query_order(
        &self,
        http: &reqwest::Client,
        out_trade_no: &str,
    ) -> Result<GatewayTrade, ProviderError>;

    /// Closes an unpaid trade so it can no longer be paid. A trade the gateway never saw
    /// counts as closed; a refusal (already paid, say) is an error, and the caller asks.
    async fn close_order(
        &self,
        http: &reqwest::Client,
        out_trade_no: &str,
    ) -> Result<(), ProviderError>;

    /// Whether a trade names this merchant's app (a notification for another app is refused).
    fn owns(&self, trade: &GatewayTrade) -> bool;
}
