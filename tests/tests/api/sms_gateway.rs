//! The Aliyun SMS adapter against a stand-in of the real API (wiremock).

use ketang::config::{AliyunSmsSettings, SmsProvider};
use ketang_tests::{problem, spawn_app_with};
use wiremock::{
    Mock, MockServer, ResponseTemplate,
    matchers::{method, path, query_param},
};

async fn app_with_aliyun(server: &MockServer) -> ketang_tests::TestApp {
    let endpoint = server.uri();
    spawn_app_with(move |s| {
        s.sms.provider = SmsProvider::Aliyun;
        s.sms.aliyun = Some(AliyunSmsSettings {
            access_key_id: "test-key-id".into(),
            access_key_secret: "test-key-secret".to_owned().into(),
            sign_name: "课堂".into(),
            template_code: "SMS_123456789".into(),
            endpoint,
            region_id: "cn-hangzhou".into(),
        });
    })
    .await
}

#[tokio::test]
async fn codes_go_out_through_a_signed_send_sms_request() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/"))
        .and(query_param("Action", "SendSms"))
        .and(query_param("Version", "2017-05-25"))
        .and(query_param("PhoneNumbers", "13800138000"))
        .and(query_param("SignName", "课堂"))
        .and(query_param("TemplateCode", "SMS_123456789"))
        .and(query_param("AccessKeyId", "test-key-id"))
        .and(query_param("SignatureMethod", "HMAC-SHA1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            serde_json::json!({"Code": "OK", "Message": "OK", "BizId": "1", "RequestId": "r"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let app = app_with_aliyun(&server).await;

    let response = app.request_sms_code("13800138000", "login").await;

    assert_eq!(response.status(), 202);
    let received = server.received_requests().await.unwrap();
    let url = &received[0].url;
    let params: std::collections::HashMap<_, _> = url.query_pairs().into_owned().collect();
    let template: serde_json::Value = serde_json::from_str(&params["TemplateParam"]).unwrap();
    assert_eq!(template["code"].as_str().unwrap().len(), 6);
    assert!(!params["Signature"].is_empty());
    assert!(params["Timestamp"].ends_with('Z'));
}

#[tokio::test]
async fn a_refusal_from_the_gateway_is_a_503_problem() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            serde_json::json!({"Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "触发分钟级流控"}),
        ))
        .mount(&server)
        .await;
    let app = app_with_aliyun(&server).await;

    let response = app.request_sms_code("13800138000", "login").await;

    assert_eq!(problem(response, 503).await["code"], "service_unavailable");
}

#[tokio::test]
async fn a_failing_gateway_is_a_503_and_the_phone_may_ask_again_at_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(502).set_body_string("Bad Gateway"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            serde_json::json!({"Code": "OK", "Message": "OK", "BizId": "1", "RequestId": "r"}),
        ))
        .mount(&server)
        .await;
    let app = app_with_aliyun(&server).await;

    let failed = app.request_sms_code("13800138000", "login").await;
    let body = problem(failed, 503).await;
    assert_eq!(body["code"], "service_unavailable");

    // No code reached the phone, so the resend interval has not started.
    let retried = app.request_sms_code("13800138000", "login").await;
    assert_eq!(retried.status(), 202);
    assert_eq!(server.received_requests().await.unwrap().len(), 2, "one request per attempt");
}

#[tokio::test]
async fn a_gateway_that_never_answers_is_a_503_after_the_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(std::time::Duration::from_secs(60)))
        .mount(&server)
        .await;
    let app = app_with_aliyun(&server).await;
    let started = std::time::Instant::now();

    let response = app.request_sms_code("13800138000", "login").await;

    assert_eq!(problem(response, 503).await["code"], "service_unavailable");
    assert!(started.elapsed() < std::time::Duration::from_secs(30), "the client gave up");
}
