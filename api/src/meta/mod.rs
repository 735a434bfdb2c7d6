//! Fixed vocabularies the SPA and integrators need in forms and filters, with both labels,
//! so no client hard-codes them. Admin-managed lists (categories, class types, member levels)
//! have their own endpoints.

use actix_web::{get, web::Json};
use serde::Serialize;
use utoipa::ToSchema;

use crate::{error::ApiResult, openapi::QueryErrors};

pub const TAG: &str = "meta";

pub fn configure(cfg: &mut impl crate::openapi::Routes) {
    cfg.service(get_enums);
}

/// One allowed value and its labels.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EnumOption {
    pub value: &'static str,
    pub label_zh: &'static str,
    pub label_en: &'static str,
    /// False for values that are listed but not open yet (e.g. the 腾讯乐享 platform).
    pub available: bool,
}

const fn option(value: &'static str, label_zh: &'static str, label_en: &'static str) -> EnumOption {
    EnumOption { value, label_zh, label_en, available: true }
}

const fn unavailable(
    value: &'static str,
    label_zh: &'static str,
    label_en: &'static str,
) -> EnumOption {
    EnumOption { value, label_zh, label_en, available: false }
}

/// Every fixed vocabulary of the API.
#[derive(Debug, Serialize, ToSchema)]
pub struct Enums {
    /// Gender of a lecturer or student (SPEC §3.2, §5.2).
    pub genders: Vec<EnumOption>,
    /// Education level of a student (SPEC §5.2).
    pub education_levels: Vec<EnumOption>,
    /// Training mode of a course (SPEC §3.3).
    pub course_training_modes: Vec<EnumOption>,
    /// Training mode of a class (SPEC §5.1): only `live` is open.
    pub class_training_modes: Vec<EnumOption>,
    /// Live platform of a class (SPEC §5.1): only `dingtalk` is supported.
    pub class_platforms: Vec<EnumOption>,
    /// Roles of a user in an org (SPEC §0).
    pub org_roles: Vec<EnumOption>,
    /// Certification state of an org (SPEC §2).
    pub certification_states: Vec<EnumOption>,
    /// States of a reviewed object: provider profile, course, membership, offline payment.
    pub review_states: Vec<EnumOption>,
    /// How dues are paid (SPEC §6).
    pub payment_channels: Vec<EnumOption>,
}

/// A constant of its own: imports look every student's level up here.
const EDUCATION_LEVELS: [EnumOption; 6] = [
    option("junior_high_or_below", "初中及以下", "Junior high school or below"),
    option("senior_high", "高中/中专", "Senior high / secondary vocational"),
    option("junior_college", "大专", "Junior college"),
    option("bachelor", "本科", "Bachelor's degree"),
    option("master", "硕士", "Master's degree"),
    option("doctorate", "博士", "Doctorate"),
];

fn enums() -> Enums {
    Enums {
        genders: vec![option("male", "男", "Male"), option("female", "女", "Female")],
        education_levels: EDUCATION_LEVELS.to_vec(),
        course_training_modes: vec![
            option("online", "线上", "Online"),
            option("offline", "线下", "Offline"),
        ],
        // The manual's words (seed 001): 线上直播 / 线上点播(待开放) / 阿里钉钉; whether an option is
        // open yet is the `available` flag, shown once by the SPA, not part of the label.
        class_training_modes: vec![
            option("live", "线上直播", "Online live"),
            unavailable("on_demand", "线上点播", "Online on demand"),
        ],
        class_platforms: vec![
            option("dingtalk", "阿里钉钉", "DingTalk (Alibaba)"),
            unavailable("lexiang", "腾讯乐享", "Tencent Lexiang"),
        ],
        org_roles: vec![
            option("owner", "所有者", "Owner"),
            option("admin", "管理员", "Administrator"),
            option("staff", "员工", "Staff"),
        ],
        certification_states: vec![
            option("uncertified", "未认证", "Not certified"),
            option("certified", "已认证", "Certified"),
        ],
        review_states: vec![
            option("draft", "草稿", "Draft"),
            option("pending", "待审核", "Pending review"),
            option("approved", "已通过", "Approved"),
            option("rejected", "已驳回", "Rejected"),
        ],
        // The values of `Payment.channel`.
        payment_channels: vec![
            option("wechat_native", "微信支付（扫码）", "WeChat Pay (QR code)"),
            option("wechat_h5", "微信支付（手机）", "WeChat Pay (phone)"),
            option("alipay_page", "支付宝（电脑）", "Alipay (computer)"),
            option("alipay_wap", "支付宝（手机）", "Alipay (phone)"),
            option("offline", "线下转账", "Offline transfer"),
        ],
    }
}

/// What offices' rosters write for a level besides its label.
const EDUCATION_SYNONYMS: [(&str, &str); 16] = [
    ("小学", "junior_high_or_below"),
    ("初中", "junior_high_or_below"),
    ("高中", "senior_high"),
    ("中专", "senior_high"),
    ("职高", "senior_high"),
    ("技校", "senior_high"),
    ("中技", "senior_high"),
    ("专科", "junior_college"),
    ("大学专科", "junior_college"),
    ("高职", "junior_college"),
    ("大学本科", "bachelor"),
    ("大学", "bachelor"),
    ("学士", "bachelor"),
    ("研究生", "master"),
    ("硕士研究生", "master"),
    ("博士研究生", "doctorate"),
];

/// The `education_levels` value for a value, either label or a usual synonym ("本科",
/// "bachelor", "大学本科", "高中").
pub fn education_level(input: &str) -> Option<&'static str> {
    let input = input.trim();
    EDUCATION_LEVELS
        .iter()
        .find(|o| o.value == input || o.label_zh == input || o.label_en == input)
        .map(|o| o.value)
        .or_else(|| {
            EDUCATION_SYNONYMS
                .iter()
                .find(|(synonym, _)| *synonym == input)
                .map(|(_, value)| *value)
        })
}

/// The Chinese label of an `education_levels` value (the value itself if unknown).
/// The education levels as a person types them (`初中及以下、高中/中专、…`), for a message that
/// lists what is accepted.
pub fn education_choices() -> String {
    EDUCATION_LEVELS.iter().map(|o| o.label_zh).collect::<Vec<_>>().join("、")
}

pub fn education_label(value: &str) -> &str {
    EDUCATION_LEVELS.iter().find(|o| o.value == value).map_or(value, |o| o.label_zh)
}

/// The fixed vocabularies (genders, education levels, training modes, …) with labels.
#[utoipa::path(tag = TAG, responses((status = 200, body = Enums), QueryErrors))]
#[get("/meta/enums")]
pub async fn get_enums() -> ApiResult<Json<Enums>> {
    Ok(Json(enums()))
}
