//! The simulated external systems (SPEC §8), mounted under `/sandbox` only when sandbox mode
//! is on (the dev default; `prod` refuses to start with it). Not part of the public API, so
//! not in `openapi.yaml`.

mod dingtalk_live;
pub mod payments;
mod providers;
mod store;

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::{
    db::rfc3339,
    domain::Mobile,
    error::{ApiError, ApiResult},
    state::AppState,
};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/sandbox")
            .route("/sms/last", web::get().to(last_sms))
            .configure(providers::configure)
            .configure(dingtalk_live::configure)
            .configure(payments::configure),
    );
}

#[derive(Debug, Deserialize)]
struct LastSmsQuery {
    phone: String,
}

#[derive(Debug, Serialize)]
struct SandboxSms {
    phone: String,
    purpose: String,
    code: String,
    sent_at: String,
}

/// The last code the sandbox SMS gateway "delivered" to a phone.
async fn last_sms(state: AppState, query: web::Query<LastSmsQuery>) -> ApiResult<HttpResponse> {
    let phone = Mobile::parse(&query.phone).map_err(|e| e.invalid("phone"))?;
    let last = store::last_sms_to(&state.db, phone.as_ref()).await?;
    let (purpose, code, created_at) = last.ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Ok().json(SandboxSms {
        phone: phone.to_string(),
        purpose,
        code,
        sent_at: rfc3339(created_at),
    }))
}
