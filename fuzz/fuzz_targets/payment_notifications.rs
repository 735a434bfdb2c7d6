//! The WeChat Pay and Alipay notification verifiers (the one door of the API that money walks
//! through): never a panic, and nothing that was not signed with the gateway's key is ever
//! believed. The keys are the sandbox's; the fuzzer has no private key, so any `Ok` is a forgery.
#![no_main]

use std::sync::LazyLock;

use arbitrary::Arbitrary;
use ketang::{
    integrations::{
        alipay::Alipay,
        wechatpay::{NotifyHeaders, WeChatPay},
    },
    payments::sandbox_keys as keys,
};
use libfuzzer_sys::fuzz_target;
use secrecy::SecretString;

static WECHATPAY: LazyLock<WeChatPay> = LazyLock::new(|| {
    WeChatPay::new(&keys::wechatpay_settings("http://127.0.0.1:9/sandbox/wechatpay".into()))
        .expect("sandbox WeChat Pay keys")
});

static ALIPAY: LazyLock<Alipay> = LazyLock::new(|| {
    Alipay::new(
        keys::ALIPAY_APP_ID.into(),
        &SecretString::from(keys::ALIPAY_APP_PRIVATE.to_owned()),
        keys::ALIPAY_PLATFORM_PUBLIC,
        "http://127.0.0.1:9/sandbox/alipay/gateway.do".into(),
        Some(keys::ALIPAY_SELLER_ID.into()),
    )
    .expect("sandbox Alipay keys")
});

#[derive(Debug, Arbitrary)]
enum Notification {
    WeChat {
        timestamp: Option<String>,
        nonce: Option<String>,
        signature: Option<String>,
        serial: Option<String>,
        body: Vec<u8>,
        now_secs: i64,
    },
    Alipay(Vec<(String, String)>),
}

fuzz_target!(|notification: Notification| {
    match notification {
        Notification::WeChat { timestamp, nonce, signature, serial, body, now_secs } => {
            let headers = NotifyHeaders {
                timestamp: timestamp.as_deref(),
                nonce: nonce.as_deref(),
                signature: signature.as_deref(),
                serial: serial.as_deref(),
            };
            assert!(WECHATPAY.verify_notify(&headers, &body, now_secs).is_err(), "forged");
        }
        Notification::Alipay(fields) => {
            assert!(ALIPAY.verify_notify(&fields).is_err(), "forged");
        }
    }
});
