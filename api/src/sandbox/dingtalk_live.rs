//! The sandbox's DingTalk for training classes (SPEC §8): app tokens, departments and users
//! (oapi format), lives and their viewers (v1.0 format, paginated), and a way to simulate a
//! live: who watched, for how long live and how long as replay, and outside viewers.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use serde_json::{Value, json};

use super::store;
use crate::{
    auth::sso::providers::{SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET},
    db::{Db, new_id, now_ms},
    error::ApiResult,
    state::AppState,
};

const APP_TOKEN: &str = "sandbox-dingtalk-app-token";

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/dingtalk/v1.0/oauth2/accessToken", web::post().to(app_token))
        .route("/dingtalk/gettoken", web::get().to(oapi_token))
        .route("/dingtalk/topapi/v2/department/create", web::post().to(create_department))
        .route("/dingtalk/topapi/v2/user/create", web::post().to(create_user))
        .route("/dingtalk/topapi/v2/user/getbymobile", web::post().to(user_by_mobile))
        .route("/dingtalk/topapi/v2/user/get", web::post().to(user_detail))
        .route("/dingtalk/topapi/v2/user/update", web::post().to(update_user))
        .route("/dingtalk/v1.0/live/lives", web::post().to(create_live))
        .route("/dingtalk/v1.0/live/lives", web::get().to(live_info))
        .route("/dingtalk/v1.0/live/lives/watchUsers", web::get().to(watch_users))
        .route("/dingtalk/lives/{live_id}/simulate", web::post().to(simulate));
}

fn v1_error(status: u16, code: &str, message: &str) -> HttpResponse {
    HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap_or_default())
        .json(json!({"code": code, "message": message, "requestid": new_id()}))
}

fn oapi_error(errcode: i64, errmsg: &str) -> HttpResponse {
    HttpResponse::Ok().json(json!({"errcode": errcode, "errmsg": errmsg, "request_id": new_id()}))
}

fn has_app_token(req: &HttpRequest) -> bool {
    req.headers().get("x-acs-dingtalk-access-token").and_then(|v| v.to_str().ok())
        == Some(APP_TOKEN)
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AppCredentials {
    app_key: String,
    app_secret: String,
}

async fn app_token(body: web::Json<AppCredentials>) -> HttpResponse {
    if body.app_key != SANDBOX_CLIENT_ID || body.app_secret != SANDBOX_CLIENT_SECRET {
        return v1_error(400, "invalidClientIdOrSecret", "无效的clientId或者clientSecret");
    }
    HttpResponse::Ok().json(json!({"accessToken": APP_TOKEN, "expireIn": 7200}))
}

#[derive(Debug, Deserialize)]
struct OapiCredentials {
    appkey: String,
    appsecret: String,
}

async fn oapi_token(query: web::Query<OapiCredentials>) -> HttpResponse {
    if query.appkey != SANDBOX_CLIENT_ID || query.appsecret != SANDBOX_CLIENT_SECRET {
        return oapi_error(40001, "不合法的access_token");
    }
    HttpResponse::Ok()
        .json(json!({"errcode": 0, "errmsg": "ok", "access_token": APP_TOKEN, "expires_in": 7200}))
}

#[derive(Debug, Deserialize)]
struct OapiAuth {
    access_token: Option<String>,
}

/// DingTalk's answer to an oapi call without the app's token.
fn token_refused(auth: &OapiAuth) -> Option<HttpResponse> {
    (auth.access_token.as_deref() != Some(APP_TOKEN))
        .then(|| oapi_error(40014, "不合法的access_token"))
}

async fn create_department(
    state: AppState,
    auth: web::Query<OapiAuth>,
    body: web::Json<Value>,
) -> ApiResult<HttpResponse> {
    if let Some(refused) = token_refused(&auth) {
        return Ok(refused);
    }
    let name = body["name"].as_str().unwrap_or_default();
    if name.is_empty() || name.chars().count() > 64 || name.contains(['-', ',', '，']) {
        return Ok(oapi_error(40035, "不合法的参数"));
    }
    let next = store::next_class_department_id(&state.db).await?;
    store::insert_department(&state.db, next, name, body["source_identifier"].as_str()).await?;
    Ok(HttpResponse::Ok().json(json!({"errcode": 0, "errmsg": "ok", "result": {"dept_id": next}})))
}

/// A department list as DingTalk takes it (`"1,102"`): ids that exist, or the first unknown.
async fn known_departments(db: &Db, list: &str) -> ApiResult<Result<Vec<i64>, ()>> {
    let mut ids = Vec::new();
    for part in list.split(',').map(str::trim) {
        let Ok(id) = part.parse::<i64>() else { return Ok(Err(())) };
        if !store::department_exists(db, id).await? {
            return Ok(Err(()));
        }
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(if ids.is_empty() { Err(()) } else { Ok(ids) })
}

fn joined(ids: &[i64]) -> String {
    ids.iter().map(ToString::to_string).collect::<Vec<_>>().join(",")
}

async fn create_user(
    state: AppState,
    auth: web::Query<OapiAuth>,
    body: web::Json<Value>,
) -> ApiResult<HttpResponse> {
    if let Some(refused) = token_refused(&auth) {
        return Ok(refused);
    }
    let mobile = body["mobile"].as_str().unwrap_or_default();
    let name = body["name"].as_str().unwrap_or_default();
    if name.is_empty() || mobile.is_empty() {
        return Ok(oapi_error(40035, "缺少参数 name/mobile"));
    }
    let Ok(departments) =
        known_departments(&state.db, body["dept_id_list"].as_str().unwrap_or_default()).await?
    else {
        return Ok(oapi_error(60003, "部门不存在"));
    };
    if store::userid_by_mobile(&state.db, mobile).await?.is_some() {
        return Ok(oapi_error(60104, "手机号码在公司中已存在"));
    }
    let userid = format!("sandbox{}", &new_id().replace('-', "")[20..]);
    store::insert_user(&state.db, &userid, name, mobile, &joined(&departments)).await?;
    Ok(HttpResponse::Ok().json(json!({"errcode": 0, "errmsg": "ok", "result": {"userid": userid}})))
}

async fn user_by_mobile(
    state: AppState,
    auth: web::Query<OapiAuth>,
    body: web::Json<Value>,
) -> ApiResult<HttpResponse> {
    if let Some(refused) = token_refused(&auth) {
        return Ok(refused);
    }
    let found =
        store::userid_by_mobile(&state.db, body["mobile"].as_str().unwrap_or_default()).await?;
    Ok(match found {
        Some(userid) => HttpResponse::Ok().json(json!({"errcode": 0, "errmsg": "ok",
            "result": {"userid": userid, "exclusive_account_userid_list": []}, "request_id": new_id()})),
        None => oapi_error(60121, "找不到该用户"),
    })
}

async fn user_detail(
    state: AppState,
    auth: web::Query<OapiAuth>,
    body: web::Json<Value>,
) -> ApiResult<HttpResponse> {
    if let Some(refused) = token_refused(&auth) {
        return Ok(refused);
    }
    let found = store::user_by_id(&state.db, body["userid"].as_str().unwrap_or_default()).await?;
    let Some((userid, name, mobile, departments)) = found else {
        return Ok(oapi_error(60121, "找不到该用户"));
    };
    let dept_id_list: Vec<i64> = departments.split(',').filter_map(|d| d.parse().ok()).collect();
    Ok(HttpResponse::Ok().json(
        json!({"errcode": 0, "errmsg": "ok", "request_id": new_id(), "result": {
            "userid": userid, "unionid": userid, "name": name, "mobile": mobile, "active": true,
            "dept_id_list": dept_id_list,
        }}),
    ))
}

async fn update_user(
    state: AppState,
    auth: web::Query<OapiAuth>,
    body: web::Json<Value>,
) -> ApiResult<HttpResponse> {
    if let Some(refused) = token_refused(&auth) {
        return Ok(refused);
    }
    let userid = body["userid"].as_str().unwrap_or_default();
    let Some(list) = body["dept_id_list"].as_str() else {
        return Ok(oapi_error(0, "ok"));
    };
    let Ok(departments) = known_departments(&state.db, list).await? else {
        return Ok(oapi_error(60003, "部门不存在"));
    };
    if !store::set_user_departments(&state.db, userid, &joined(&departments)).await? {
        return Ok(oapi_error(60121, "找不到该用户"));
    }
    Ok(oapi_error(0, "ok"))
}

async fn create_live(
    state: AppState,
    req: HttpRequest,
    body: web::Json<Value>,
) -> ApiResult<HttpResponse> {
    if !has_app_token(&req) {
        return Ok(v1_error(401, "InvalidAuthentication", "不合法的access_token"));
    }
    let (Some(start), Some(end)) = (body["preStartTime"].as_i64(), body["preEndTime"].as_i64())
    else {
        return Ok(v1_error(400, "invalidParam", "preStartTime/preEndTime required"));
    };
    let live_id = new_id();
    let title = body["title"].as_str().unwrap_or_default();
    store::insert_live(&state.db, &live_id, title, start, end).await?;
    Ok(HttpResponse::Ok().json(json!({"result": {"liveId": live_id}})))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct LiveQuery {
    live_id: String,
    page_number: Option<i64>,
    page_size: Option<i64>,
}

async fn live_info(
    state: AppState,
    req: HttpRequest,
    query: web::Query<LiveQuery>,
) -> ApiResult<HttpResponse> {
    if !has_app_token(&req) {
        return Ok(v1_error(401, "InvalidAuthentication", "不合法的access_token"));
    }
    let Some(live) = store::live(&state.db, &query.live_id).await? else {
        return Ok(v1_error(400, "lippi_live.stream.paramError", "直播不存在"));
    };
    let duration = match (live.start_time, live.end_time) {
        (Some(s), Some(e)) => e - s,
        _ => 0,
    };
    Ok(HttpResponse::Ok().json(json!({"result": {"liveInfo": {
        "liveId": query.live_id, "title": live.title, "startTime": live.start_time.unwrap_or(0),
        "endTime": live.end_time.unwrap_or(0), "duration": duration, "liveStatus": live.live_status,
    }}})))
}

async fn watch_users(
    state: AppState,
    req: HttpRequest,
    query: web::Query<LiveQuery>,
) -> ApiResult<HttpResponse> {
    if !has_app_token(&req) {
        return Ok(v1_error(401, "InvalidAuthentication", "不合法的access_token"));
    }
    let size = query.page_size.unwrap_or(20).clamp(1, 200);
    let page = query.page_number.unwrap_or(0).max(0);
    // One list, members first, paged the way DingTalk pages: `pageNumber` from 0.
    let rows = store::watchers_page(&state.db, &query.live_id, size, page * size).await?;
    let (members, outsiders): (Vec<_>, Vec<_>) = rows.into_iter().partition(|r| r.userid.is_some());
    let member_list: Vec<Value> = members
        .into_iter()
        .map(|r| json!({"userId": r.userid, "unionId": r.userid, "name": r.name, "watchLiveTime": r.live_ms,
                        "watchPlaybackTime": r.playback_ms, "watchProgressMs": 0}))
        .collect();
    let outsider_list: Vec<Value> = outsiders
        .into_iter()
        .map(|r| json!({"name": r.name, "watchLiveTime": r.live_ms, "watchPlaybackTime": r.playback_ms}))
        .collect();
    Ok(HttpResponse::Ok()
        .json(json!({"result": {"orgUsesList": member_list, "outOrgUserList": outsider_list}})))
}

/// What happened in a simulated live.
#[derive(Debug, Deserialize)]
struct Simulation {
    /// Minutes the live lasted; it ends now.
    duration_minutes: i64,
    /// Department members (by mobile) who watched.
    #[serde(default)]
    viewers: Vec<SimulatedViewer>,
    /// People outside the org.
    #[serde(default)]
    outsiders: Vec<SimulatedViewer>,
}

#[derive(Debug, Deserialize)]
struct SimulatedViewer {
    mobile: Option<String>,
    name: Option<String>,
    live_minutes: i64,
    #[serde(default)]
    replay_minutes: i64,
}

async fn simulate(
    state: AppState,
    path: web::Path<String>,
    body: web::Json<Simulation>,
) -> ApiResult<HttpResponse> {
    let live_id = path.into_inner();
    let end = now_ms();
    let start = end - body.duration_minutes.max(1) * 60_000;
    let mut tx = state.db.begin().await?;
    if !store::end_live(&mut tx, &live_id, start, end).await? {
        return Ok(v1_error(404, "lippi_live.stream.paramError", "直播不存在"));
    }
    store::delete_watchers(&mut tx, &live_id).await?;
    for (viewer, member) in
        body.viewers.iter().map(|v| (v, true)).chain(body.outsiders.iter().map(|v| (v, false)))
    {
        let user: Option<(String, String)> = match (&viewer.mobile, member) {
            (Some(mobile), true) => store::member_by_mobile(&mut tx, mobile).await?,
            _ => None,
        };
        let name = viewer
            .name
            .clone()
            .or_else(|| user.as_ref().map(|(_, name)| name.clone()))
            .unwrap_or_else(|| "组织外观众".to_owned());
        store::insert_watcher(
            &mut tx,
            &live_id,
            user.as_ref().map(|(userid, _)| userid.as_str()),
            &name,
            viewer.live_minutes * 60_000,
            viewer.replay_minutes * 60_000,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(HttpResponse::Ok().json(json!({"liveId": live_id, "startTime": start, "endTime": end})))
}
