//! The two languages the product speaks and the server's message catalogue.
//!
//! The SPA translates its own screens; the server only words what it alone knows: problem
//! titles and details, and validation messages. Both are looked up by stable `code`.

use std::collections::HashMap;

use actix_web::{HttpMessage, HttpRequest, dev::ServiceRequest, http::header};
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    ZhCn,
    En,
}

impl Lang {
    /// The best match for an `Accept-Language` header; Chinese unless English ranks higher.
    pub fn negotiate(accept_language: Option<&str>) -> Self {
        let Some(header) = accept_language else { return Lang::ZhCn };
        let ranked = accept_language::parse(header);
        for tag in ranked {
            let primary = tag.split('-').next().unwrap_or_default().to_ascii_lowercase();
            match primary.as_str() {
                "zh" => return Lang::ZhCn,
                "en" => return Lang::En,
                _ => {}
            }
        }
        Lang::ZhCn
    }

    pub fn of_request(req: &HttpRequest) -> Self {
        Self::negotiate(header_str(req.headers().get(header::ACCEPT_LANGUAGE)))
    }

    pub fn of_service_request(req: &ServiceRequest) -> Self {
        Self::negotiate(header_str(req.headers().get(header::ACCEPT_LANGUAGE)))
    }

    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }

    fn pick(self, zh: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::ZhCn => zh,
            Lang::En => en,
        }
    }
}

fn header_str(value: Option<&header::HeaderValue>) -> Option<&str> {
    value.and_then(|v| v.to_str().ok())
}

/// Lets handlers take the negotiated language as an argument.
impl actix_web::FromRequest for Lang {
    type Error = std::convert::Infallible;
    type Future = std::future::Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let lang = req.extensions().get::<Lang>().copied().unwrap_or_else(|| Lang::of_request(req));
        std::future::ready(Ok(lang))
    }
}

/// The title of a problem `code`: one short sentence a user can read.
pub fn problem_title(code: &str, lang: Lang) -> &'static str {
    match code {
        "bad_request" => lang.pick("请求有误", "Bad request"),
        "invalid_request" => lang.pick("令牌请求的格式有误", "The token request is malformed"),
        "body_not_object" => lang.pick(
            "请求内容应为 JSON 对象（{…}）",
            "The request body must be a JSON object ({…})",
        ),
        "malformed_json" => {
            lang.pick("请求内容不是有效的 JSON", "The request body is not valid JSON")
        }
        "invalid_query" => lang.pick("查询参数有误", "Invalid query parameters"),
        "invalid_path" => lang.pick("路径参数有误", "Invalid path parameter"),
        "unauthorized" => lang.pick("请先登录", "Please sign in"),
        "token_invalid" => lang.pick("登录凭证无效，请重新登录", "Invalid credentials; please sign in again"),
        "token_expired" => lang.pick("登录已过期，请重新登录", "Your session has expired; please sign in again"),
        "session_ended" => lang.pick("您已退出登录，请重新登录", "You have signed out; please sign in again"),
        "refresh_token_invalid" => {
            lang.pick("登录已失效，请重新登录", "Your session is no longer valid; please sign in again")
        }
        "refresh_token_reused" => lang.pick(
            "检测到登录凭证被重复使用，为保护账号安全已退出所有相关登录，请重新登录",
            "A used session token was presented again; to protect the account that session was ended. Please sign in again",
        ),
        "password_locked" => lang.pick("密码登录已锁定", "Password sign-in is locked"),
        "invalid_credentials" => lang.pick("手机号或密码不正确", "Wrong phone number or password"),
        "wrong_password" => lang.pick("当前密码不正确", "The current password is not correct"),
        "sso_code_invalid" => lang.pick("登录链接已失效，请重新登录", "This sign-in link is no longer valid; please sign in again"),
        "identity_bound_elsewhere" => lang.pick("该第三方账号已绑定其他用户", "This external account is already linked to another user"),
        "last_sign_in_method" => lang.pick("这是您唯一的登录方式，不能解绑", "This is your only way to sign in and cannot be unlinked"),
        "account_disabled" => lang.pick("账号已被停用，请联系平台管理员", "This account is disabled; contact the platform administrator"),
        "forbidden" => lang.pick("没有权限执行此操作", "You are not allowed to do this"),
        "member_sign_in_required" => lang.pick(
            "请使用会员账号密码并通过微信扫码登录后再进行此操作",
            "Sign in as the member unit (password and WeChat) to do this",
        ),
        "member_account_unproven" => lang.pick(
            "该会员的联系人手机号尚未验证，请联系协会工作人员核实后再登录",
            "This member's contact mobile has not been verified; ask the association to check it before signing in",
        ),
        "browser_mismatch" => lang.pick(
            "请在发起登录的同一浏览器中完成登录",
            "Finish signing in in the browser where you started",
        ),
        "provider_already_linked" => lang.pick(
            "该账号已绑定此类第三方账号，请先解绑原账号",
            "This account already has an identity at that provider; unlink it first",
        ),
        "not_found" => lang.pick("内容不存在", "Not found"),
        "route_not_found" => lang.pick("接口不存在", "No such endpoint"),
        "method_not_allowed" => lang.pick("不支持该请求方法", "Method not allowed"),
        "not_acceptable" => lang.pick("无法提供所要求的格式", "Not acceptable"),
        "conflict" => lang.pick("与现有数据冲突", "Conflicts with existing data"),
        "already_exists" => lang.pick("数据已存在", "Already exists"),
        "org_name_taken" => lang.pick("该企业名称已注册", "An organization with this name is already registered"),
        "uscc_taken" => lang.pick("该统一社会信用代码已注册", "This unified social credit code is already registered"),
        "org_name_or_uscc_taken" => lang.pick("企业名称或统一社会信用代码已被使用", "The name or credit code is already in use"),
        "already_member" => lang.pick("该手机号已是本单位成员", "This phone number is already a member"),
        "upload_completed" => lang.pick("该上传已完成", "This upload is already complete"),
        "already_certified" => lang.pick("该企业已认证", "The organization is already certified"),
        "org_not_certified" => lang.pick("企业认证后才能申请成为供应商", "Certify the organization before applying to be a provider"),
        "already_provider" => lang.pick("每个单位只能申请一种供应商类型，贵单位已申请", "An organization holds one provider type, and this one has applied already"),
        "provider_not_approved" => lang.pick("供应商资质审核通过后才能添加讲师和课程", "Lecturers and courses can be added once the provider is approved"),
        "legal_version_outdated" => lang.pick(
            "条款已更新，请阅读最新版本后再同意",
            "A newer version was published; read it and agree again",
        ),
        "legal_publish_conflict" => lang.pick(
            "另一位管理员刚刚发布了新版本，请刷新后再试",
            "Another operator published a version just now; reload and try again",
        ),
        "member_already_registered" => lang.pick("该单位已注册，请使用统一社会信用代码登录", "This unit is already registered; sign in with its unified social credit code"),
        "org_already_on_platform" => lang.pick("该单位已在平台注册，请由单位负责人登录后在用户中心申请入会", "This unit is already on the platform; its owner can apply for membership from the user center"),
        "org_without_uscc" => lang.pick("请先在企业信息中填写统一社会信用代码", "Add the unified social credit code to the enterprise first"),
        "member_invalid_credentials" => lang.pick("账号或密码不正确", "Wrong account or password"),
        "membership_pending" => lang.pick("您的入会申请正在审核中，审核通过后即可登录", "Your registration is under review; you can sign in once it is approved"),
        "membership_rejected" => lang.pick("您的入会申请未通过审核", "Your registration was not approved"),
        "member_challenge_invalid" => lang.pick("登录已超时，请重新输入账号和密码", "The sign-in timed out; enter your account and password again"),
        "membership_not_approved" => lang.pick("入会申请审核通过后才能使用此功能", "Available once the membership is approved"),
        "profile_incomplete" => lang.pick("请先完善会员资料", "Complete the member profile first"),
        "not_council_level" => lang.pick("理事及以上级别的会员才需填写理事代表", "Only council-level members list council representatives"),
        "no_fee_for_year" => lang.pick("该年度尚未设置会费标准，请联系协会", "No fee is set for this year yet; contact the association"),
        "dues_already_paid" => lang.pick("该年度会费已缴纳", "The dues for this year are paid"),
        "payment_in_progress" => lang.pick("该年度已有待确认的缴费，请等待处理结果", "A payment for this year is awaiting confirmation"),
        "payment_channel_unavailable" => lang.pick("该支付方式暂未开通，请选择其他方式", "This payment method is not available; choose another"),
        "payment_gateway_error" => lang.pick("支付平台暂时无法处理，请稍后重试", "The payment platform could not take the order; try again later"),
        "request_in_progress" => lang.pick("相同的请求正在处理中，请稍候", "The same request is still being processed; wait a moment"),
        "insufficient_scope" => lang.pick("凭证权限范围不足", "The credential lacks a scope"),
        "credential_invalid" => lang.pick("API 凭证无效", "Invalid API credential"),
        "credential_revoked" => lang.pick("API 凭证已被吊销", "The API credential was revoked"),
        "credential_expired" => lang.pick("API 凭证已过期", "The API credential has expired"),
        "invalid_client" => lang.pick("客户端 ID 或密钥不正确", "Unknown client or wrong secret"),
        "unsupported_grant_type" => lang.pick("仅支持 client_credentials 授权方式", "Only the client_credentials grant is supported"),
        "invalid_scope" => lang.pick("请求的权限范围超出该客户端的授权", "The requested scope exceeds the client's scopes"),
        "cannot_lock_self" => lang.pick("不能锁定自己的账号", "You cannot lock your own account"),
        "wrong_state" => lang.pick("当前状态不允许此操作", "Not possible in the current state"),
        "live_platform_error" => lang.pick("直播平台（钉钉）返回错误", "The live platform (DingTalk) refused"),
        "live_platform_not_configured" => lang.pick("尚未配置直播平台（钉钉），请联系平台管理员", "No live platform (DingTalk) is configured; contact the platform administrator"),
        "class_not_synced" => lang.pick("请先将班级同步到直播平台", "Sync the class to the live platform first"),
        "student_exists" => lang.pick("该学员已在本班级（身份证号重复）", "A student with this resident ID is already in the class"),
        "no_active_students" => lang.pick("班级中没有已激活的学员，请先激活学员", "The class has no activated students; activate some first"),
        "class_has_live_records" => lang.pick("班级已有直播记录，不能删除", "The class has live records and cannot be deleted"),
        "already_applied" => lang.pick("该班级已提交补贴申请", "This class has applied already"),
        "no_qualified_students" => lang.pick("暂无达到补贴条件的学员，请先更新学习记录", "No student qualifies yet; update the learning records first"),
        "student_read_only" => lang.pick("已激活的学员不能修改或删除", "Activated students cannot be edited or deleted"),
        "not_live_course" => lang.pick("该课程不是直播课程", "This is not a live course"),
        "enrollment_closed" => lang.pick("课程已开始，报名已截止", "The course has started; enrollment is closed"),
        "course_full" => lang.pick("名额已满", "No places left"),
        "already_enrolled" => lang.pick("您已报名该课程", "You are already enrolled"),
        "sign_in_closed" => lang.pick("当前不在签到时间内（开课前 15 分钟至结束）", "Sign-in is open from 15 minutes before the start until the end"),
        "not_enrolled" => lang.pick("报名后才能签到，或扫描现场签到二维码", "Enroll first, or scan the sign-in QR code on site"),
        "already_signed_in" => lang.pick("您已签到", "You have already signed in"),
        "no_video" => lang.pick("该课程没有视频", "This course has no video"),
        "stream_superseded" => lang.pick("您已在其他页面或设备继续学习，本页面不再计时", "You continued elsewhere; this page no longer counts study time"),
        "lecturer_in_use" => lang.pick("该讲师仍在已上架或审核中的课程中，不能删除", "This lecturer is on a listed course or one under review and cannot be deleted"),
        "precondition_failed" => lang
            .pick("数据已被他人修改，请刷新后重试", "The data changed meanwhile; reload and retry"),
        "payload_too_large" => lang.pick("提交的内容过大", "The request body is too large"),
        "range_not_satisfiable" => lang.pick("请求的范围超出文件大小", "The requested range is outside the file"),
        "unsupported_media_type" => lang.pick("不支持的内容类型", "Unsupported content type"),
        "validation_failed" => lang.pick("提交的信息有误", "Some fields are invalid"),
        "rate_limited" => {
            lang.pick("操作过于频繁，请稍后再试", "Too many requests; try again later")
        }
        "service_unavailable" => {
            lang.pick("服务暂不可用，请稍后再试", "Service unavailable; try again later")
        }
        "internal_error" => lang.pick("服务器内部错误", "Internal server error"),
        _ => lang.pick("请求失败", "Request failed"),
    }
}

/// A field-level validation message; `params` fill the placeholders (`min`, `max`, …).
pub fn field_message(code: &str, params: &HashMap<String, Value>, lang: Lang) -> String {
    let param = |name: &str| params.get(name).map(display_value);
    match (code, param("min"), param("max")) {
        ("length", Some(min), Some(max)) => match lang {
            Lang::ZhCn => format!("长度应为 {min} 到 {max} 个字符"),
            Lang::En => format!("must be {min} to {max} characters long"),
        },
        ("length", None, Some(max)) => match lang {
            Lang::ZhCn => format!("最多 {max} 个字符"),
            Lang::En => format!("must be at most {max} characters long"),
        },
        ("length", Some(min), None) => match lang {
            Lang::ZhCn => format!("至少 {min} 个字符"),
            Lang::En => format!("must be at least {min} characters long"),
        },
        ("range", Some(min), Some(max)) => match lang {
            Lang::ZhCn => format!("应在 {min} 到 {max} 之间"),
            Lang::En => format!("must be between {min} and {max}"),
        },
        ("range", Some(min), None) => match lang {
            Lang::ZhCn => format!("不能小于 {min}"),
            Lang::En => format!("must be at least {min}"),
        },
        ("range", None, Some(max)) => match lang {
            Lang::ZhCn => format!("不能大于 {max}"),
            Lang::En => format!("must be at most {max}"),
        },
        ("required", ..) => lang.pick("必填", "is required").to_owned(),
        ("blank", ..) => lang.pick("不能为空", "must not be blank").to_owned(),
        ("url", ..) => lang.pick("不是有效的网址", "is not a valid URL").to_owned(),
        ("email", ..) => lang.pick("不是有效的邮箱地址", "is not a valid email address").to_owned(),
        ("invalid_type", ..) => match (lang, param("expected")) {
            (Lang::ZhCn, Some(expected)) => format!("类型不正确，应为 {expected}"),
            (Lang::En, Some(expected)) => format!("has the wrong type; expected {expected}"),
            (Lang::ZhCn, None) => "类型或格式不正确".to_owned(),
            (Lang::En, None) => "has the wrong type or format".to_owned(),
        },
        ("control_character", ..) => lang
            .pick("含有不可见的控制字符，请删除后重试", "contains a control character; remove it")
            .to_owned(),
        ("unknown_field", ..) => {
            lang.pick("不是可接受的字段", "is not an accepted field").to_owned()
        }
        ("one_of", ..) => match (lang, param("allowed")) {
            (Lang::ZhCn, Some(allowed)) => format!("取值应为以下之一：{allowed}"),
            (Lang::En, Some(allowed)) => format!("must be one of: {allowed}"),
            (Lang::ZhCn, None) => "取值不在允许范围内".to_owned(),
            (Lang::En, None) => "is not an allowed value".to_owned(),
        },
        ("mobile_format", ..) => lang
            .pick("请输入 11 位中国大陆手机号", "must be an 11-digit mainland China mobile number")
            .to_owned(),
        ("uscc_length", ..) => lang
            .pick("统一社会信用代码应为 18 位", "a unified social credit code has 18 characters")
            .to_owned(),
        ("uscc_format", ..) => lang
            .pick("统一社会信用代码含有无效字符", "contains characters a credit code cannot have")
            .to_owned(),
        ("student_age", Some(min), Some(max)) => match lang {
            Lang::ZhCn => format!("学员年龄应在 {min} 到 {max} 岁之间（按身份证号中的出生日期）"),
            Lang::En => format!("the trainee must be {min} to {max} years old (by the birth date in the ID)"),
        },
        ("single_line", ..) => lang
            .pick("应为一行文字，不能包含换行", "must be a single line (no line breaks)")
            .to_owned(),
        ("http_url", ..) => lang
            .pick("应为 http:// 或 https:// 开头的网址", "must be an http:// or https:// URL")
            .to_owned(),
        ("uscc_category", ..) => lang
            .pick(
                "前两位（登记管理部门代码和机构类别代码）不符合 GB 32100，请核对统一社会信用代码",
                "starts with a registering authority and organisation category GB 32100 does not have; check the code",
            )
            .to_owned(),
        ("uscc_check" | "uscc_org_code_check", ..) => lang
            .pick(
                "统一社会信用代码校验位不正确，请核对",
                "the check character is wrong; please check the code",
            )
            .to_owned(),
        ("resident_id_length", ..) => {
            lang.pick("身份证号应为 18 位", "a resident ID number has 18 characters").to_owned()
        }
        ("resident_id_format", ..) => lang
            .pick("身份证号应为 17 位数字加 1 位数字或 X", "must be 17 digits and a digit or X")
            .to_owned(),
        ("resident_id_check", ..) => lang
            .pick(
                "身份证号校验位不正确，请核对",
                "the check digit is wrong; please check the number",
            )
            .to_owned(),
        ("resident_id_region", ..) => {
            lang.pick("身份证号的地区码无效", "the region code is not valid").to_owned()
        }
        ("resident_id_birth_date", ..) => lang
            .pick("身份证号中的出生日期无效", "the birth date in the number is not valid")
            .to_owned(),
        ("password_length", ..) => {
            lang.pick("密码长度应为 8 到 64 位", "must be 8 to 64 characters long").to_owned()
        }
        ("password_composition", ..) => lang
            .pick(
                "密码须同时包含字母、数字和特殊字符",
                "must contain a letter, a digit and a special character",
            )
            .to_owned(),
        ("password_contains_personal", ..) => lang
            .pick("密码不能包含姓名或手机号", "must not contain your name or phone number")
            .to_owned(),
        ("sms_code_invalid", ..) => {
            lang.pick("验证码不正确", "the verification code is not correct").to_owned()
        }
        ("sms_code_expired", ..) => lang
            .pick(
                "验证码已过期，请重新获取",
                "the verification code has expired; request a new one",
            )
            .to_owned(),
        ("sms_code_exhausted", ..) => lang
            .pick("验证码错误次数过多，请重新获取", "too many wrong tries; request a new code")
            .to_owned(),
        ("wrong_password", ..) => {
            lang.pick("当前密码不正确", "the current password is not correct").to_owned()
        }
        ("amount_differs_from_fee", ..) => match (lang, param("amount"), param("fee")) {
            (Lang::ZhCn, Some(amount), Some(fee)) => format!(
                "凭证金额 {amount} 与该年度应缴会费 {fee} 不一致：核实后请勾选“确认金额差异”并填写说明"
            ),
            (Lang::En, Some(amount), Some(fee)) => format!(
                "the voucher's {amount} differs from the year's fee of {fee}: confirm the difference and add a note"
            ),
            (Lang::ZhCn, ..) => "凭证金额与应缴会费不一致，请确认并填写说明".to_owned(),
            (Lang::En, ..) => "differs from the fee: confirm it and add a note".to_owned(),
        },
        ("media_too_large", ..) => match (lang, param("max"), param("actual")) {
            (Lang::ZhCn, Some(max), Some(actual)) => format!("文件不能超过 {max}，实际为 {actual}"),
            (Lang::En, Some(max), Some(actual)) => {
                format!("must be at most {max}; this file is {actual}")
            }
            (Lang::ZhCn, ..) => "文件过大".to_owned(),
            (Lang::En, ..) => "is too large".to_owned(),
        },
        ("media_type", ..) => match (lang, param("expected"), param("actual")) {
            (Lang::ZhCn, Some(expected), Some(actual)) => {
                format!("文件格式应为 {expected}，实际为 {actual}")
            }
            (Lang::En, Some(expected), Some(actual)) => {
                format!("must be {expected}; this file is {actual}")
            }
            (Lang::ZhCn, ..) => "文件格式不支持".to_owned(),
            (Lang::En, ..) => "has an unsupported format".to_owned(),
        },
        ("media_dimensions", ..) => match (lang, param("expected"), param("actual")) {
            (Lang::ZhCn, Some(expected), Some(actual)) => {
                format!("尺寸应为 {expected}，实际为 {actual}")
            }
            (Lang::En, Some(expected), Some(actual)) => {
                format!("must be {expected} (or larger with the same shape); this one is {actual}")
            }
            (Lang::ZhCn, ..) => "尺寸不符合要求".to_owned(),
            (Lang::En, ..) => "has the wrong dimensions".to_owned(),
        },
        ("media_dimensions_too_large", ..) => lang
            .pick("图片像素过多，请缩小后上传", "has too many pixels; scale it down first")
            .to_owned(),
        ("media_hash_mismatch", ..) => lang
            .pick(
                "文件校验失败（SHA-256 不一致），请重新上传",
                "the file's SHA-256 does not match; upload it again",
            )
            .to_owned(),
        ("upload_incomplete", ..) => lang
            .pick(
                "还有分片未上传，请继续上传",
                "some chunks have not arrived yet; resume the upload",
            )
            .to_owned(),
        ("chunk_size", ..) => match (lang, param("expected")) {
            (Lang::ZhCn, Some(expected)) => format!("分片大小应为 {expected} 字节"),
            (Lang::En, Some(expected)) => format!("must be {expected} bytes"),
            (Lang::ZhCn, None) => "分片大小不正确".to_owned(),
            (Lang::En, None) => "has the wrong size".to_owned(),
        },
        ("media_unreadable", ..) => {
            lang.pick("文件已损坏或无法识别", "is damaged or cannot be read").to_owned()
        }
        ("read_only_when_certified", ..) => lang
            .pick(
                "企业已认证，该信息来自政府登记，不能修改",
                "comes from the government registration and cannot change after certification",
            )
            .to_owned(),
        ("media_not_found", ..) => {
            lang.pick("文件不存在，请重新上传", "no such file; upload it again").to_owned()
        }
        ("media_wrong_purpose", ..) => lang
            .pick(
                "文件用途不符，请上传对应类型的文件",
                "was uploaded for another purpose; upload the right kind of file",
            )
            .to_owned(),
        ("unknown_category", ..) => lang.pick("课程分类不存在", "no such category").to_owned(),
        ("unknown_lecturer", ..) => lang
            .pick("讲师不存在或已删除", "no such lecturer, or the lecturer was deleted")
            .to_owned(),
        ("duplicate", ..) => lang.pick("重复选择", "is listed twice").to_owned(),
        ("course_not_public", ..) => lang
            .pick("该课程未上架或不存在，不能关联", "is not a public course and cannot be linked")
            .to_owned(),
        ("external_url_not_allowed", ..) => lang
            .pick("仅外部培训或直播课程可填写外部链接", "only external or live courses take a link")
            .to_owned(),
        ("ends_before_start", ..) => {
            lang.pick("结束时间应晚于开始时间", "must be after the start").to_owned()
        }
        ("student_exists", ..) => lang
            .pick("该学员已在本班级（身份证号重复）", "this resident ID is already in the class")
            .to_owned(),
        ("duplicate_in_file", ..) => {
            lang.pick("身份证号在表格中重复", "appears twice in the file").to_owned()
        }
        ("gender_mismatch", ..) => {
            lang.pick("性别与身份证号不符", "does not match the resident ID").to_owned()
        }
        ("not_yet_open", ..) => lang.pick("暂未开放", "is not open yet").to_owned(),
        ("platform_not_supported", ..) => lang
            .pick("该平台暂不支持，请选择钉钉", "is not supported yet; choose DingTalk")
            .to_owned(),
        ("unknown_value", ..) => {
            lang.pick("不在可选范围内", "is not one of the allowed values").to_owned()
        }
        ("unknown_class_type", ..) => lang.pick("班级类型不存在", "no such class type").to_owned(),
        ("xlsx_unreadable", ..) => lang
            .pick(
                "无法读取该文件，请上传 xlsx 格式的表格",
                "cannot be read; upload an xlsx workbook",
            )
            .to_owned(),
        ("xlsx_columns", ..) => lang
            .pick(
                "前 10 行中应有一行表头包含：姓名、性别、身份证号（或身份证号码）、手机号（或手机号码、联系电话）、文化程度（或学历）。请使用导入模板",
                "needs a header row within its first 10 rows naming 姓名, 性别, 身份证号 (or 身份证号码), 手机号 (or 手机号码, 联系电话) and 文化程度 (or 学历); use the template",
            )
            .to_owned(),
        ("cell_too_long", _, Some(max)) => match lang {
            Lang::ZhCn => format!("单元格内容过长（超过 {max} 个字符）"),
            Lang::En => format!("the cell is too long (over {max} characters)"),
        },
        ("xlsx_limit", ..) => {
            let limit = param("limit").unwrap_or_default();
            match lang {
                Lang::ZhCn => format!("表格超出了可处理的上限（{limit}），请只保留学员名单后重新上传"),
                Lang::En => format!(
                    "exceeds what an import reads ({limit}); keep only the roster and upload it again"
                ),
            }
        }
        ("xlsx_no_visible_sheet", ..) => lang
            .pick(
                "表格中没有可见的工作表，请取消隐藏学员名单所在的工作表",
                "has no visible worksheet; unhide the sheet with the roster",
            )
            .to_owned(),
        ("id_cell_is_number", ..) => lang
            .pick(
                "该单元格是数字格式，Excel 可能已改动了号码（超过 15 位的数字会被舍入）。身份证号列请设为文本格式后重新填写",
                "was saved as a number, which Excel rounds beyond 15 digits, so it may not be the number typed. Format the ID column as text and type the IDs again",
            )
            .to_owned(),
        ("mobile_cell_is_number", ..) => lang
            .pick(
                "该单元格是数字格式且号码可能已被改动（如科学计数法）。手机号列请设为文本格式后重新填写",
                "was saved as a number whose digits may have been lost (scientific notation). Format the phone column as text and type the numbers again",
            )
            .to_owned(),
        ("sign_in_code_expired", ..) => lang
            .pick(
                "签到二维码已过期，请扫描现场最新的二维码",
                "has expired; scan the current QR code on site",
            )
            .to_owned(),
        ("required_for_review", ..) => {
            lang.pick("提交审核前请填写此项", "is required before review").to_owned()
        }
        ("password_mismatch", ..) => {
            lang.pick("两次输入的密码不一致", "does not match the password").to_owned()
        }
        ("charter_required", ..) => lang
            .pick("请阅读并同意协会章程", "please read and accept the association's charter")
            .to_owned(),
        ("date_format", ..) => {
            lang.pick("日期格式应为 年-月-日", "must be a date as YYYY-MM-DD").to_owned()
        }
        ("date_in_future", ..) => {
            lang.pick("日期不能晚于今天", "cannot be later than today").to_owned()
        }
        ("postcode_format", ..) => lang.pick("邮编应为 6 位数字", "must be 6 digits").to_owned(),
        ("decimal_format", ..) => lang
            .pick(
                "请输入数字，最多 4 位小数（单位：万元）",
                "must be a number with at most 4 decimals (10,000 CNY)",
            )
            .to_owned(),
        ("idempotency_key_format", ..) => lang
            .pick("应为 1 到 64 个可见 ASCII 字符", "must be 1 to 64 visible ASCII characters")
            .to_owned(),
        ("idempotency_key_reused", ..) => lang
            .pick("该幂等键已用于另一个不同的请求", "was already used for a different request")
            .to_owned(),
        ("unknown_scope", ..) => match (lang, param("allowed")) {
            (Lang::ZhCn, Some(allowed)) => format!("不是可用的权限范围，可选：{allowed}"),
            (Lang::En, Some(allowed)) => format!("is not a scope; choose from: {allowed}"),
            (Lang::ZhCn, None) => "不是可用的权限范围".to_owned(),
            (Lang::En, None) => "is not a scope".to_owned(),
        },
        ("webhook_url", ..) => lang
            .pick(
                "应为 https:// 开头的网址（开发环境可用 http://）",
                "must be an https:// URL (http:// in development)",
            )
            .to_owned(),
        ("webhook_url_not_public", ..) => lang
            .pick(
                "应为公网地址：不接受本机、内网、链路本地等地址",
                "must be on the public internet (no loopback, private or link-local addresses)",
            )
            .to_owned(),
        ("unknown_event", ..) => {
            lang.pick("不是可订阅的事件", "is not an event you can subscribe to").to_owned()
        }
        ("code_format", ..) => lang
            .pick(
                "只能包含小写字母、数字和下划线",
                "may contain lowercase letters, digits and _ only",
            )
            .to_owned(),
        ("date_in_past", ..) => lang.pick("时间不能早于现在", "must be in the future").to_owned(),
        ("terms_required", ..) => lang
            .pick(
                "请阅读并同意平台法律声明",
                "please read and accept the platform's legal statement",
            )
            .to_owned(),
        _ => lang.pick("格式不正确", "is invalid").to_owned(),
    }
}

fn display_value(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_is_chosen_only_when_it_outranks_chinese() {
        assert_eq!(Lang::negotiate(None), Lang::ZhCn);
        assert_eq!(Lang::negotiate(Some("en")), Lang::En);
        assert_eq!(Lang::negotiate(Some("en-US,en;q=0.9")), Lang::En);
        assert_eq!(Lang::negotiate(Some("zh-CN,zh;q=0.9,en;q=0.8")), Lang::ZhCn);
        assert_eq!(Lang::negotiate(Some("fr;q=0.9,en;q=0.5")), Lang::En);
        assert_eq!(Lang::negotiate(Some("zh;q=0.3,en;q=0.7")), Lang::En);
        assert_eq!(Lang::negotiate(Some("de")), Lang::ZhCn);
        assert_eq!(Lang::negotiate(Some("")), Lang::ZhCn);
    }

    #[test]
    fn a_wrong_cover_size_is_worded_as_the_manual_does() {
        let params = HashMap::from([
            ("expected".to_owned(), Value::from("386×240")),
            ("actual".to_owned(), Value::from("400×300")),
        ]);
        assert_eq!(
            field_message("media_dimensions", &params, Lang::ZhCn),
            "尺寸应为 386×240，实际为 400×300"
        );
    }

    #[test]
    fn length_messages_name_their_bounds_in_both_languages() {
        let params = HashMap::from([("max".to_owned(), Value::from(30))]);
        assert_eq!(field_message("length", &params, Lang::ZhCn), "最多 30 个字符");
        assert_eq!(
            field_message("length", &params, Lang::En),
            "must be at most 30 characters long"
        );
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn any_accept_language_header_negotiates_without_panicking(header in ".{0,200}") {
            let lang = Lang::negotiate(Some(&header));
            prop_assert!(matches!(lang, Lang::ZhCn | Lang::En));
        }
    }
}
