use ketang_tests::spawn_app;
use serde_json::Value;

fn values(list: &Value) -> Vec<&str> {
    list.as_array().unwrap().iter().map(|o| o["value"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn the_enums_list_every_fixed_vocabulary_with_both_labels() {
    let app = spawn_app().await;

    let response = app.get_enums().await;

    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(values(&body["genders"]), ["male", "female"]);
    assert_eq!(
        values(&body["education_levels"]),
        [
            "junior_high_or_below",
            "senior_high",
            "junior_college",
            "bachelor",
            "master",
            "doctorate"
        ]
    );
    assert_eq!(body["education_levels"][1]["label_zh"], "高中/中专");
    assert_eq!(body["education_levels"][5]["label_en"], "Doctorate");
    assert_eq!(values(&body["course_training_modes"]), ["online", "offline"]);
    assert_eq!(
        values(&body["payment_channels"]),
        ["wechat_native", "wechat_h5", "alipay_page", "alipay_wap", "offline"]
    );
}

#[tokio::test]
async fn values_that_are_not_open_yet_are_listed_as_unavailable() {
    let app = spawn_app().await;

    let body: Value = app.get_enums().await.json().await.unwrap();

    let platforms = body["class_platforms"].as_array().unwrap();
    assert_eq!(platforms[0]["value"], "dingtalk");
    assert_eq!(platforms[0]["available"], true);
    assert_eq!(platforms[1]["value"], "lexiang");
    assert_eq!(platforms[1]["available"], false);
    let modes = body["class_training_modes"].as_array().unwrap();
    assert_eq!(modes[1]["value"], "on_demand");
    assert_eq!(modes[1]["available"], false);
}
