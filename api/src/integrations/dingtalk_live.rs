//! DingTalk as the live platform of training classes (INTEGRATIONS §2.4–2.6): an internal
//! app's tokens (cached until shortly before they expire), departments and users (通讯录,
//! oapi), lives and their viewers (v1.0 live APIs, paginated).

use std::time::{Duration, Instant};

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::sync::Mutex;

const PAGE_SIZE: u32 = 200;
/// oapi `user/create`: 手机号码在公司中已存在.
const MOBILE_EXISTS: &str = "60104";
/// Refresh a token this long before DingTalk says it expires.
const TOKEN_MARGIN: Duration = Duration::from_secs(300);

/// The operations a class needs from a live platform.
#[allow(async_fn_in_trait)]
pub trait LivePlatform {
    /// A department (with its group) named after the class; its id.
    async fn create_department(&self, name: &str, external_id: &str) -> Result<String, LiveError>;
    /// Adds a person to a department by mobile; their user id on the platform.
    async fn add_member(
        &self,
        name: &str,
        mobile: &str,
        department_id: &str,
    ) -> Result<String, LiveError>;
    /// Creates a live for a scheduled session; its id.
    async fn create_live(
        &self,
        title: &str,
        starts_at: i64,
        ends_at: i64,
    ) -> Result<String, LiveError>;
    /// How the live actually ran.
    async fn live_info(&self, live_id: &str) -> Result<LiveInfo, LiveError>;
    /// Everyone who watched, page by page.
    async fn watchers(&self, live_id: &str) -> Result<Vec<Watcher>, LiveError>;
}

/// A refusal or failure of the platform, with its code for the org to read.
#[derive(Debug, Clone, thiserror::Error)]
#[error("dingtalk {code}: {message}")]
pub struct LiveError {
    pub code: String,
    pub message: String,
}

impl LiveError {
    fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self { code: code.into(), message: message.into() }
    }

    /// Whether trying again later may succeed (the network, DingTalk busy or throttling).
    pub fn is_transient(&self) -> bool {
        matches!(self.code.as_str(), "network" | "-1" | "serviceError" | "90018" | "Throttling")
    }

    /// What went wrong, in words an org administrator can act on.
    pub fn plain_words(&self) -> String {
        let hint = match self.code.as_str() {
            "invalidClientIdOrSecret" | "40001" | "40014" => {
                "钉钉应用的 AppKey 或 AppSecret 不正确，请联系平台管理员检查配置"
            }
            "43007"
            | "userNoLivePermission"
            | "Forbidden.AccessDenied.AccessTokenPermissionDenied" => {
                "钉钉应用缺少所需权限（通讯录管理、直播读写），请在钉钉开放平台为应用开通后重试"
            }
            "60004" => "钉钉上的上级部门不存在，请检查通讯录",
            "40035" | "invalidParam" => "提交给钉钉的信息不符合要求（如部门名称含有“-”或逗号）",
            "60104" | "40103" => "该手机号已被钉钉中的其他成员使用",
            "60121" => "钉钉通讯录中找不到该成员（可能已离职或被删除）",
            "60020" | "60011" => {
                "钉钉应用没有该部门或成员的通讯录权限，请在钉钉开放平台调整权限范围"
            }
            "lippi_live.stream.paramError" => "钉钉上找不到这场直播（可能已被删除）",
            "-1" | "serviceError" => "钉钉服务繁忙，请稍后重试",
            "network" => "暂时无法连接钉钉，请稍后重试",
            _ => "钉钉拒绝了请求",
        };
        format!("{hint}（钉钉返回：{} {}）", self.code, self.message)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveInfo {
    /// Actual start and end (epoch ms), once the live has run.
    pub started_at: Option<i64>,
    pub ended_at: Option<i64>,
    pub duration_ms: i64,
    /// 0 预告, 1 直播中, 3 结束, 4 处罚, 5 删除.
    pub status: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Watcher {
    /// The org member's user id; none for viewers outside the org.
    pub user_id: Option<String>,
    pub name: String,
    pub live_ms: i64,
    pub playback_ms: i64,
}

#[derive(Debug)]
pub struct DingTalkApp {
    pub app_key: String,
    pub app_secret: SecretString,
    /// `https://api.dingtalk.com`
    pub api_base: String,
    /// `https://oapi.dingtalk.com`
    pub oapi_base: String,
    /// The unionId lives are created under (the anchor account of the app's org).
    pub anchor_union_id: String,
    pub http: reqwest::Client,
    api_token: Mutex<Option<(String, Instant)>>,
    oapi_token: Mutex<Option<(String, Instant)>>,
}

#[allow(clippy::needless_pass_by_value)] // used as `map_err(network)`
fn network(e: reqwest::Error) -> LiveError {
    LiveError::new("network", e.to_string())
}

/// Reads a v1.0 answer: errors come as `{code, message}` with a non-2xx status.
async fn v1_json(response: reqwest::Response) -> Result<Value, LiveError> {
    let status = response.status();
    let body: Value = response.json().await.map_err(network)?;
    if status.is_success() {
        Ok(body)
    } else {
        Err(LiveError::new(
            body["code"].as_str().unwrap_or(status.as_str()),
            body["message"].as_str().unwrap_or_default(),
        ))
    }
}

/// Reads an oapi answer: `{errcode, errmsg, …}` with `errcode` 0 on success.
async fn oapi_json(response: reqwest::Response) -> Result<Value, LiveError> {
    let body: Value = response.json().await.map_err(network)?;
    match body["errcode"].as_i64() {
        Some(0) => Ok(body),
        Some(code) => {
            Err(LiveError::new(code.to_string(), body["errmsg"].as_str().unwrap_or_default()))
        }
        None => Err(LiveError::new("unknown", body.to_string())),
    }
}

impl DingTalkApp {
    pub fn new(
        app_key: String,
        app_secret: SecretString,
        api_base: String,
        oapi_base: String,
        anchor_union_id: String,
        http: reqwest::Client,
    ) -> Self {
        Self {
            app_key,
            app_secret,
            api_base,
            oapi_base,
            anchor_union_id,
            http,
            api_token: Mutex::new(None),
            oapi_token: Mutex::new(None),
        }
    }

    /// The v1.0 app token (`x-acs-dingtalk-access-token`), cached.
    async fn api_token(&self) -> Result<String, LiveError> {
        let mut cached = self.api_token.lock().await;
        if let Some((token, until)) = cached.as_ref()
            && Instant::now() < *until
        {
            return Ok(token.clone());
        }
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Token {
            access_token: String,
            expire_in: u64,
        }
        let body = v1_json(
            self.http
                .post(format!("{}/v1.0/oauth2/accessToken", self.api_base))
                .json(
                    &json!({"appKey": self.app_key, "appSecret": self.app_secret.expose_secret()}),
                )
                .send()
                .await
                .map_err(network)?,
        )
        .await?;
        let token: Token =
            serde_json::from_value(body).map_err(|e| LiveError::new("unknown", e.to_string()))?;
        let until =
            Instant::now() + Duration::from_secs(token.expire_in).saturating_sub(TOKEN_MARGIN);
        *cached = Some((token.access_token.clone(), until));
        Ok(token.access_token)
    }

    /// The oapi token (`?access_token=`), cached.
    async fn oapi_token(&self) -> Result<String, LiveError> {
        let mut cached = self.oapi_token.lock().await;
        if let Some((token, until)) = cached.as_ref()
            && Instant::now() < *until
        {
            return Ok(token.clone());
        }
        let body = oapi_json(
            self.http
                .get(format!("{}/gettoken", self.oapi_base))
                .query(&[
                    ("appkey", self.app_key.as_str()),
                    ("appsecret", self.app_secret.expose_secret()),
                ])
                .send()
                .await
                .map_err(network)?,
        )
        .await?;
        let token = body["access_token"].as_str().unwrap_or_default().to_owned();
        let expires = body["expires_in"].as_u64().unwrap_or(7200);
        let until = Instant::now() + Duration::from_secs(expires).saturating_sub(TOKEN_MARGIN);
        *cached = Some((token.clone(), until));
        Ok(token)
    }
}

impl DingTalkApp {
    /// An oapi POST with the app token; the answer once `errcode` is 0.
    async fn oapi_post(&self, path: &str, body: Value) -> Result<Value, LiveError> {
        let token = self.oapi_token().await?;
        oapi_json(
            self.http
                .post(format!("{}{path}", self.oapi_base))
                .query(&[("access_token", token)])
                .json(&body)
                .send()
                .await
                .map_err(network)?,
        )
        .await
    }

    /// Adds the directory member with `mobile` to `department_id` as well (DingTalk's
    /// `user/update` replaces the department list, so it is read first); their user id.
    async fn join_department(
        &self,
        mobile: &str,
        department_id: &str,
    ) -> Result<String, LiveError> {
        let found =
            self.oapi_post("/topapi/v2/user/getbymobile", json!({"mobile": mobile})).await?;
        let user_id = found["result"]["userid"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| LiveError::new("unknown", "no userid in the getbymobile answer"))?;
        let detail = self.oapi_post("/topapi/v2/user/get", json!({"userid": user_id})).await?;
        let mut departments: Vec<String> = detail["result"]["dept_id_list"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|d| {
                d.as_i64().map(|d| d.to_string()).or_else(|| d.as_str().map(str::to_owned))
            })
            .collect();
        if departments.iter().any(|d| d == department_id) {
            return Ok(user_id);
        }
        departments.push(department_id.to_owned());
        self.oapi_post(
            "/topapi/v2/user/update",
            json!({"userid": user_id, "dept_id_list": departments.join(",")}),
        )
        .await?;
        Ok(user_id)
    }
}

/// A department name DingTalk accepts: 1–64 characters without `-`, `,` or `，`.
pub fn department_name(class_name: &str) -> String {
    let cleaned: String =
        class_name.chars().map(|c| if matches!(c, '-' | ',' | '，') { ' ' } else { c }).collect();
    let trimmed = cleaned.trim();
    let name: String =
        if trimmed.is_empty() { "培训班级" } else { trimmed }.chars().take(64).collect();
    name
}

impl LivePlatform for DingTalkApp {
    async fn create_department(&self, name: &str, external_id: &str) -> Result<String, LiveError> {
        let body = self
            .oapi_post(
                "/topapi/v2/department/create",
                json!({
                    "name": department_name(name),
                    "parent_id": 1,
                    "create_dept_group": true,
                    "auto_approve_apply": true,
                    "source_identifier": external_id,
                }),
            )
            .await?;
        body["result"]["dept_id"]
            .as_i64()
            .map(|id| id.to_string())
            .ok_or_else(|| LiveError::new("unknown", "no dept_id in the answer"))
    }

    async fn add_member(
        &self,
        name: &str,
        mobile: &str,
        department_id: &str,
    ) -> Result<String, LiveError> {
        let created = self
            .oapi_post(
                "/topapi/v2/user/create",
                json!({"name": name, "mobile": mobile, "dept_id_list": department_id}),
            )
            .await;
        match created {
            Ok(body) => body["result"]["userid"]
                .as_str()
                .map(str::to_owned)
                .ok_or_else(|| LiveError::new("unknown", "no userid in the answer")),
            // Already in the company's directory (an employee, or a student of another
            // class): the same person joins this department too, keeping their others.
            Err(err) if err.code == MOBILE_EXISTS => {
                self.join_department(mobile, department_id).await
            }
            Err(err) => Err(err),
        }
    }

    async fn create_live(
        &self,
        title: &str,
        starts_at: i64,
        ends_at: i64,
    ) -> Result<String, LiveError> {
        let token = self.api_token().await?;
        let body = v1_json(
            self.http
                .post(format!("{}/v1.0/live/lives", self.api_base))
                .header("x-acs-dingtalk-access-token", token)
                .json(&json!({
                    "unionId": self.anchor_union_id,
                    "title": title,
                    "preStartTime": starts_at,
                    "preEndTime": ends_at,
                    "publicType": 2,
                }))
                .send()
                .await
                .map_err(network)?,
        )
        .await?;
        body["result"]["liveId"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| LiveError::new("unknown", "no liveId in the answer"))
    }

    async fn live_info(&self, live_id: &str) -> Result<LiveInfo, LiveError> {
        let token = self.api_token().await?;
        let body = v1_json(
            self.http
                .get(format!("{}/v1.0/live/lives", self.api_base))
                .header("x-acs-dingtalk-access-token", token)
                .query(&[("liveId", live_id), ("unionId", &self.anchor_union_id)])
                .send()
                .await
                .map_err(network)?,
        )
        .await?;
        let info = &body["result"]["liveInfo"];
        let time = |field: &str| info[field].as_i64().filter(|t| *t > 0);
        Ok(LiveInfo {
            started_at: time("startTime"),
            ended_at: time("endTime"),
            duration_ms: info["duration"].as_i64().unwrap_or(0),
            status: info["liveStatus"].as_i64().unwrap_or(0),
        })
    }

    async fn watchers(&self, live_id: &str) -> Result<Vec<Watcher>, LiveError> {
        let mut watchers = Vec::new();
        for page in 0.. {
            let token = self.api_token().await?;
            let body = v1_json(
                self.http
                    .get(format!("{}/v1.0/live/lives/watchUsers", self.api_base))
                    .header("x-acs-dingtalk-access-token", token)
                    .query(&[
                        ("liveId", live_id.to_owned()),
                        ("unionId", self.anchor_union_id.clone()),
                        ("pageNumber", page.to_string()),
                        ("pageSize", PAGE_SIZE.to_string()),
                    ])
                    .send()
                    .await
                    .map_err(network)?,
            )
            .await?;
            let result = &body["result"];
            let read = |list: &Value, member: bool| -> Vec<Watcher> {
                list.as_array()
                    .into_iter()
                    .flatten()
                    .map(|v| Watcher {
                        user_id: if member {
                            v["userId"].as_str().map(str::to_owned)
                        } else {
                            None
                        },
                        name: v["name"].as_str().unwrap_or_default().to_owned(),
                        live_ms: v["watchLiveTime"].as_i64().unwrap_or(0),
                        playback_ms: v["watchPlaybackTime"].as_i64().unwrap_or(0),
                    })
                    .collect()
            };
            let members = read(&result["orgUsesList"], true);
            let outsiders = read(&result["outOrgUserList"], false);
            let count = members.len() + outsiders.len();
            watchers.extend(members);
            watchers.extend(outsiders);
            if count < PAGE_SIZE as usize {
                break;
            }
        }
        Ok(watchers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn department_names_lose_what_dingtalk_refuses() {
        assert_eq!(department_name("2026-春季，跨境电商班"), "2026 春季 跨境电商班");
        assert_eq!(department_name(" - "), "培训班级");
        assert_eq!(department_name(&"长".repeat(70)).chars().count(), 64);
    }
}
