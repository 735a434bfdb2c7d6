//! The configured gateways: real merchants from `payments.*` settings, or in sandbox mode the
//! sandbox gateways under `/sandbox` with their committed test keys.

use secrecy::SecretString;

use super::payment_sandbox_keys as keys;
use crate::{
    config::Settings,
    integrations::{alipay::Alipay, wechatpay::WeChatPay},
};

#[derive(Debug, Default)]
pub struct Gateways {
    pub wechatpay: Option<WeChatPay>,
    pub alipay: Option<Alipay>,
}

impl Gateways {
    /// `internal_base` is how this server reaches itself (server-to-server calls);
    /// `public_base` is where browsers reach it (the sandbox's cashier pages).
    pub fn from_settings(
        settings: &Settings,
        internal_base: &str,
        public_base: &str,
    ) -> anyhow::Result<Self> {
        let sandbox = settings.sandbox_enabled();
        let wechatpay = match &settings.payments.wechatpay {
            Some(merchant) => Some(WeChatPay::new(merchant)?),
            None if sandbox => Some(WeChatPay::new(&keys::wechatpay_settings(format!(
                "{internal_base}/sandbox/wechatpay"
            )))?),
            None => None,
        };
        let alipay = match &settings.payments.alipay {
            Some(a) => Some(Alipay::new(
                a.app_id.clone(),
                &a.app_private_key,
                &a.alipay_public_key,
                a.gateway_url.clone(),
                a.seller_id.clone(),
            )?),
            // The gateway URL is where browsers go to pay, and where queries are posted:
            // both reach this server at its public address in sandbox mode.
            None if sandbox => Some(Alipay::new(
                keys::ALIPAY_APP_ID.into(),
                &SecretString::from(keys::ALIPAY_APP_PRIVATE.to_owned()),
                keys::ALIPAY_PLATFORM_PUBLIC,
                format!("{public_base}/sandbox/alipay/gateway.do"),
                Some(keys::ALIPAY_SELLER_ID.into()),
            )?),
            None => None,
        };
        Ok(Self { wechatpay, alipay })
    }
}
