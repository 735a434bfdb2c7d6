//! Signature compatibility with implementations no one here wrote (issue 7): the PyPI packages
//! `wechatpayv3` and `python-alipay-sdk` (run by `tests/compat/payment_signatures.py` in the
//! venv `make test` creates, named by `PAYMENT_PYTHON`) sign notifications our endpoints
//! accept, compute the same request signatures our adapters send, and verify the sandbox's.

use std::{
    io::Write,
    process::{Command, Stdio},
};

use ketang::{
    integrations::wechatpay::{Transaction, TransactionAmount},
    payments::sandbox_keys as keys,
    sandbox::payments::{alipay_notification, wechat_notification},
};
use reqwest::Method;
use serde_json::{Value, json};

use crate::payments::{FEE, Member};

/// Runs a command of the compatibility script; `None` (test skipped) without the venv.
fn python(args: &[&str], stdin: Option<&Value>) -> Option<Value> {
    let Some(python) = std::env::var_os("PAYMENT_PYTHON") else {
        eprintln!("skipped: PAYMENT_PYTHON is not set (run `make test`)");
        return None;
    };
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/compat/payment_signatures.py");
    let mut child = Command::new(python)
        .arg(script)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start the compatibility script");
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input.to_string().as_bytes()).unwrap();
    } else {
        drop(child.stdin.take());
    }
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "payment_signatures.py {args:?} failed");
    Some(serde_json::from_slice(&output.stdout).expect("JSON from the script"))
}

#[tokio::test]
async fn a_notification_signed_and_encrypted_by_wechatpayv3_settles_the_order() {
    if std::env::var_os("PAYMENT_PYTHON").is_none() {
        eprintln!("skipped: PAYMENT_PYTHON is not set (run `make test`)");
        return;
    }
    let member = Member::new().await;
    let order: Value = member.order("wechat_native", None).await.json().await.unwrap();
    let id = order["payment"]["id"].as_str().unwrap();
    let trade_no = member.out_trade_no(id).await;

    let notification = python(&["wechat-notify", &trade_no, &FEE.to_string()], None).unwrap();
    let mut request = member
        .app
        .request(Method::POST, "/api/v1/payments/notify/wechatpay")
        .header("Content-Type", "application/json")
        .body(notification["body"].as_str().unwrap().to_owned());
    for (name, value) in notification["headers"].as_object().unwrap() {
        request = request.header(name.as_str(), value.as_str().unwrap());
    }
    assert_eq!(request.send().await.unwrap().status(), 200);
    assert_eq!(member.payment(id).await["status"], "paid");
    // The operator's metrics count it.
    let metrics = member.app.get("/metrics").send().await.unwrap().text().await.unwrap();
    let settled = metrics.lines().find_map(|line| {
        line.strip_prefix(
            r#"ketang_payment_notifications_total{gateway="wechatpay",outcome="settled"} "#,
        )
    });
    assert!(settled.and_then(|n| n.parse::<u64>().ok()).is_some_and(|n| n >= 1), "{metrics}");
}

#[tokio::test]
async fn our_wechat_request_signatures_equal_wechatpayv3s_and_it_verifies_the_sandboxs() {
    if std::env::var_os("PAYMENT_PYTHON").is_none() {
        eprintln!("skipped: PAYMENT_PYTHON is not set (run `make test`)");
        return;
    }
    let member = Member::new().await;
    let adapter = member.app.state.payments.wechatpay.as_ref().unwrap();
    let body = r#"{"appid":"wxd930ea5d5a258f4f","description":"会费"}"#;
    let header = adapter.authorization(
        "POST",
        "/v3/pay/transactions/native",
        body,
        1_764_486_000,
        "NONCE123",
    );
    let ours = header.split("signature=\"").nth(1).unwrap().trim_end_matches('"');
    let message = format!("POST\n/v3/pay/transactions/native\n1764486000\nNONCE123\n{body}\n");
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), &message).unwrap();
    let theirs = python(&["wechat-sign", file.path().to_str().unwrap()], None).unwrap();
    assert_eq!(theirs["signature"], ours, "PKCS#1 v1.5 signatures are deterministic");

    let transaction = Transaction {
        appid: keys::WECHATPAY_APPID.into(),
        mchid: keys::WECHATPAY_MCHID.into(),
        out_trade_no: "KT20261130COMPAT".into(),
        transaction_id: Some("4200COMPAT".into()),
        trade_state: "SUCCESS".into(),
        trade_state_desc: None,
        success_time: None,
        amount: Some(TransactionAmount {
            total: FEE,
            payer_total: Some(FEE),
            currency: Some("CNY".into()),
        }),
    };
    let (body, headers) = wechat_notification(&transaction).unwrap();
    let headers: serde_json::Map<String, Value> =
        headers.iter().map(|(k, v)| ((*k).to_owned(), json!(v))).collect();
    let checked =
        python(&["wechat-check-notify"], Some(&json!({"body": body, "headers": headers}))).unwrap();
    assert_eq!(checked["verified"], true);
    assert_eq!(checked["transaction"]["out_trade_no"], "KT20261130COMPAT");
    assert_eq!(checked["transaction"]["amount"]["total"], FEE);
}

#[tokio::test]
async fn alipay_signatures_agree_with_python_alipay_sdk_both_ways() {
    if std::env::var_os("PAYMENT_PYTHON").is_none() {
        eprintln!("skipped: PAYMENT_PYTHON is not set (run `make test`)");
        return;
    }
    let member = Member::new().await;
    let order: Value = member.order("alipay_page", None).await.json().await.unwrap();
    let id = order["payment"]["id"].as_str().unwrap();
    let trade_no = member.out_trade_no(id).await;

    // Our page-pay request carries the signature the SDK computes for the same parameters.
    let url = url::Url::parse(order["redirect_url"].as_str().unwrap()).unwrap();
    let params: Vec<(String, String)> =
        url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let ours = params.iter().find(|(k, _)| k == "sign").unwrap().1.clone();
    let theirs = python(&["alipay-sign-request"], Some(&json!(params))).unwrap();
    assert_eq!(theirs["sign"], ours.as_str());

    // The sandbox's notifications verify with the SDK.
    let fields = alipay_notification("KT20261130COMPAT", "2026113022001", FEE, "会费").unwrap();
    let checked = python(&["alipay-check-notify"], Some(&json!(fields))).unwrap();
    assert_eq!(checked["verified"], true);

    // A notification signed by the SDK settles the order.
    let notification = python(&["alipay-notify", &trade_no, "3000.00"], None).unwrap();
    let form: Vec<(String, String)> = notification
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
        .collect();
    let answer = member
        .app
        .request(Method::POST, "/api/v1/payments/notify/alipay")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.text().await.unwrap(), "success");
    assert_eq!(member.payment(id).await["status"], "paid");
}
