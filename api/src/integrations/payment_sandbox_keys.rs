//! The sandbox gateways' identities and key pairs (committed test keys, `assets/sandbox`):
//! the adapter holds the merchant's private key and the gateway's public key; the sandbox
//! holds the other halves. They sign nothing outside sandbox mode, which `prod` refuses.

pub const WECHATPAY_MCHID: &str = "1900000109";
pub const WECHATPAY_APPID: &str = "wxd930ea5d5a258f4f";
pub const WECHATPAY_MERCHANT_SERIAL: &str = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1";
pub const WECHATPAY_PLATFORM_KEY_ID: &str = "PUB_KEY_ID_0119000001092026113000000000";
/// 32 ASCII characters, as an APIv3 key is.
pub const WECHATPAY_APIV3_KEY: &str = "ketangSandboxApiV3Key00000000000";
pub const WECHATPAY_MERCHANT_PRIVATE: &str =
    include_str!("../../assets/sandbox/wechatpay-merchant.key.pem");
pub const WECHATPAY_MERCHANT_PUBLIC: &str =
    include_str!("../../assets/sandbox/wechatpay-merchant.pub.pem");
pub const WECHATPAY_PLATFORM_PRIVATE: &str =
    include_str!("../../assets/sandbox/wechatpay-platform.key.pem");
pub const WECHATPAY_PLATFORM_PUBLIC: &str =
    include_str!("../../assets/sandbox/wechatpay-platform.pub.pem");

pub const ALIPAY_APP_ID: &str = "9021000122600000";
/// The sandbox merchant's PID, named as `seller_id` in its notifications.
pub const ALIPAY_SELLER_ID: &str = "2088000000000001";
pub const ALIPAY_APP_PRIVATE: &str = include_str!("../../assets/sandbox/alipay-app.key.pem");
pub const ALIPAY_APP_PUBLIC: &str = include_str!("../../assets/sandbox/alipay-app.pub.pem");
pub const ALIPAY_PLATFORM_PRIVATE: &str =
    include_str!("../../assets/sandbox/alipay-platform.key.pem");
pub const ALIPAY_PLATFORM_PUBLIC: &str =
    include_str!("../../assets/sandbox/alipay-platform.pub.pem");

/// The sandbox merchant's WeChat Pay settings, with the gateway's API at `api_base`.
pub fn wechatpay_settings(api_base: String) -> crate::config::WeChatPaySettings {
    crate::config::WeChatPaySettings {
        mchid: WECHATPAY_MCHID.into(),
        appid: WECHATPAY_APPID.into(),
        merchant_serial_no: WECHATPAY_MERCHANT_SERIAL.into(),
        merchant_private_key: secrecy::SecretString::from(WECHATPAY_MERCHANT_PRIVATE),
        platform_public_key: WECHATPAY_PLATFORM_PUBLIC.into(),
        platform_public_key_id: WECHATPAY_PLATFORM_KEY_ID.into(),
        apiv3_key: secrecy::SecretString::from(WECHATPAY_APIV3_KEY),
        api_base,
    }
}
