//! Online dues payments (SPEC §6): a member orders through WeChat Pay (Native QR on a PC, H5
//! on a phone) or Alipay (page on a PC, wap on a phone); the gateway's signed notification —
//! or a query, on request or from the reconciliation job — settles the order exactly once.
//!
//! Every notification is believed only after its signature; then its app or merchant, order
//! number and amount must match ours. A mismatch is logged, answered so the gateway stops
//! retrying, and the order held (`flagged`) for an admin. Settling is one conditional update
//! (`pending → paid`), so duplicate and concurrent notifications change the state once.

pub use crate::integrations::payment_sandbox_keys as sandbox_keys;

use actix_web::{HttpRequest, HttpResponse, post, web};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use validator::Validate;

pub use crate::integrations::payment_gateways::Gateways;
use crate::{
    access::{Manager, Member, OrgAccess},
    audit::{self, Actor, AuditEntry, Origin},
    db::{new_id, now_ms},
    error::{ApiError, ApiResult},
    extract::ValidJson,
    integrations::{
        ProviderError,
        payments::{
            GatewayTrade, NotifyError, OrderKind, OrderRequest, PaymentGateway, TradeState,
        },
        wechatpay::NotifyHeaders,
    },
    members::{
        dues::{self, Payment, PaymentRow, fee_for, payment_of_org, refuse_if_settled_or_open},
        membership::ready_for_dues,
    },
    messages::{self, NewMessage},
    openapi::BodyErrors,
    pdf::yuan,
    state::AppState,
};

mod store;

pub const TAG: &str = "payments";
pub const RECONCILE_JOB: &str = "payments.reconcile";
/// Orders older than this that were never paid are closed by the reconciliation.
const ORDER_LIFETIME_MS: i64 = 2 * 24 * 60 * 60 * 1000;

/// The background work of payments: reconciling unsettled orders every five minutes.
pub fn register_jobs(kinds: &mut crate::jobs::JobKinds) {
    kinds
        .runs(RECONCILE_JOB, |state, _| Box::pin(reconcile(state)))
        .every(RECONCILE_JOB, std::time::Duration::from_secs(5 * 60));
}

pub fn configure(cfg: &mut impl crate::openapi::Routes) {
    cfg.service(create_online_payment)
        .service(refresh_payment)
        .service(wechatpay_notify)
        .service(alipay_notify);
}

/// Which gateway and which of its checkouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OnlineChannel {
    /// WeChat Pay Native: a QR code scanned on a PC.
    WechatNative,
    /// WeChat Pay H5: a page in a phone's browser.
    WechatH5,
    /// Alipay page pay on a PC.
    AlipayPage,
    /// Alipay wap pay on a phone.
    AlipayWap,
}

impl OnlineChannel {
    fn as_str(self) -> &'static str {
        match self {
            Self::WechatNative => "wechat_native",
            Self::WechatH5 => "wechat_h5",
            Self::AlipayPage => "alipay_page",
            Self::AlipayWap => "alipay_wap",
        }
    }

    fn kind(self) -> OrderKind {
        match self {
            Self::WechatNative => OrderKind::Qr,
            Self::WechatH5 | Self::AlipayWap => OrderKind::MobileWeb,
            Self::AlipayPage => OrderKind::DesktopWeb,
        }
    }

    fn is_wechat(self) -> bool {
        matches!(self, Self::WechatNative | Self::WechatH5)
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct OnlineOrder {
    #[validate(range(min = 2000, max = 2100))]
    #[schema(minimum = 2000, maximum = 2100)]
    pub year: i64,
    pub channel: OnlineChannel,
}

/// An order waiting for the payer at the gateway.
#[derive(Debug, Serialize, ToSchema)]
pub struct OnlineCheckout {
    pub payment: Payment,
    /// WeChat Native: the QR code's content, for the payer to scan.
    pub code_url: Option<String>,
    /// H5 and Alipay: send the browser here.
    pub redirect_url: Option<String>,
}

fn out_trade_no() -> String {
    let date = crate::db::rfc3339(now_ms()).get(..10).unwrap_or_default().replace('-', "");
    format!("KT{date}{}", crate::integrations::payment_crypto::nonce_str(16))
}

fn upstream(gateway: &'static str, err: &ProviderError) -> ApiError {
    tracing::warn!(error = %err, "payment gateway refused");
    ApiError::Upstream {
        code: "payment_gateway_error",
        detail: format!("支付平台（{gateway}）暂时无法创建订单，请稍后重试或选择其他支付方式。"),
    }
}

/// Order the year's dues online (owner or admin). With an `Idempotency-Key` header a retried
/// request answers the first answer again instead of ordering twice.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Up to 64 characters; a retry with the same key and body replays the first answer")),
    request_body = OnlineOrder,
    responses(
        (status = 201, body = OnlineCheckout),
        (status = 409, description = "`membership_not_approved`, `profile_incomplete`, `no_fee_for_year`, `dues_already_paid`, `payment_in_progress`, `payment_channel_unavailable`, `request_in_progress`",
            body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "`member_sign_in_required`: sign in as the member (password and WeChat)", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 502, description = "`payment_gateway_error`", body = crate::error::Problem, content_type = "application/problem+json"),
        BodyErrors,
    ),
)]
#[post("/orgs/{org_id}/membership/payments")]
pub async fn create_online_payment(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Manager>,
    ValidJson(order): ValidJson<OnlineOrder>,
) -> ApiResult<HttpResponse> {
    crate::members::membership::require_member_sign_in(&state, &access).await?;
    let body = serde_json::to_value(&order).unwrap_or_default();
    crate::idempotency::once(&state.db, &access.org_id, &req, &body, 201, async {
        order_online(&state, &req, &access, &order).await
    })
    .await
}

async fn order_online(
    state: &AppState,
    req: &HttpRequest,
    access: &OrgAccess<Manager>,
    order: &OnlineOrder,
) -> ApiResult<OnlineCheckout> {
    let gateways = &state.payments;
    let available = if order.channel.is_wechat() {
        gateways.wechatpay.is_some()
    } else {
        gateways.alipay.is_some()
    };
    if !available {
        return Err(ApiError::conflict("payment_channel_unavailable"));
    }
    let membership = ready_for_dues(&state.db, &access.org_id).await?;
    let amount_fen = fee_for(&state.db, &membership, order.year).await?;
    refuse_if_settled_or_open(&state.db, &membership.id, order.year, None).await?;
    let id = new_id();
    let trade_no = out_trade_no();
    let now = now_ms();
    let origin = Origin::of(req);
    let mut tx = state.db.begin().await?;
    store::insert_order(
        &mut *tx,
        &store::NewOrder {
            id: &id,
            membership_id: &membership.id,
            org_id: &access.org_id,
            year: order.year,
            amount_fen,
            channel: order.channel.as_str(),
            out_trade_no: &trade_no,
            created_by: &access.user.id,
            at: now,
        },
    )
    .await?;
    audit::record(
        &mut *tx,
        AuditEntry {
            actor: access.actor(),
            org_id: Some(&access.org_id),
            action: "payment.online_order",
            object_type: "member_payment",
            object_id: Some(&id),
            origin: &origin,
            details: json!({"year": order.year, "amount_fen": amount_fen, "channel": order.channel.as_str()}),
        },
    )
    .await?;
    tx.commit().await?;

    let description = format!("{} {} 年度会费", membership.unit_name, order.year);
    let description: String = description.chars().take(40).collect();
    let gateway_name = if order.channel.is_wechat() { "wechatpay" } else { "alipay" };
    let notify_url = format!("{}/api/v1/payments/notify/{gateway_name}", state.public_base_url);
    let return_url = format!("{}/membership?payment={id}", state.public_base_url);
    let client_ip = origin.ip.clone().unwrap_or_else(|| "127.0.0.1".to_owned());
    let request = OrderRequest {
        out_trade_no: &trade_no,
        description: &description,
        amount_fen,
        notify_url: &notify_url,
        return_url: &return_url,
        client_ip: &client_ip,
        kind: order.channel.kind(),
        expires_at_ms: now + ORDER_LIFETIME_MS,
    };
    let created = match (&gateways.wechatpay, &gateways.alipay, order.channel.is_wechat()) {
        (Some(wechatpay), _, true) => wechatpay
            .create_order(&state.http, &request)
            .await
            .map_err(|e| upstream("微信支付", &e)),
        (_, Some(alipay), false) => {
            alipay.create_order(&state.http, &request).await.map_err(|e| upstream("支付宝", &e))
        }
        _ => Err(ApiError::conflict("payment_channel_unavailable")),
    };
    let checkout = match created {
        Ok(checkout) => checkout,
        Err(err) => {
            // Nothing was ordered: the record says so instead of waiting forever.
            store::close(&state.db, &id).await?;
            return Err(err);
        }
    };
    store::set_checkout(
        &state.db,
        &id,
        checkout.code_url.as_deref(),
        checkout.redirect_url.as_deref(),
    )
    .await?;
    Ok(OnlineCheckout {
        payment: payment_of_org(&state.db, &access.org_id, &id).await?.view(state),
        code_url: checkout.code_url,
        redirect_url: checkout.redirect_url,
    })
}

/// Ask the gateway how an online order stands and settle it if paid (any member of the org):
/// the "I have paid" button, and the SPA's polling while a QR code is shown.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("payment_id" = String, Path, description = "Payment id")),
    responses((status = 200, body = Payment),
        (status = 502, description = "`payment_gateway_error`", body = crate::error::Problem, content_type = "application/problem+json"),
        crate::openapi::SignedInErrors),
)]
#[post("/orgs/{org_id}/membership/payments/{payment_id}/refresh")]
pub async fn refresh_payment(
    state: AppState,
    access: OrgAccess<Member>,
    path: web::Path<(String, String)>,
) -> ApiResult<web::Json<Payment>> {
    let payment = payment_of_org(&state.db, &access.org_id, &path.1).await?;
    if payment.status == "pending" {
        reconcile_one(&state, &payment).await?;
    }
    Ok(web::Json(payment_of_org(&state.db, &access.org_id, &path.1).await?.view(&state)))
}

/// Queries the gateway of a pending order and settles what it says.
async fn reconcile_one(state: &AppState, payment: &PaymentRow) -> ApiResult<()> {
    let Some(out_trade_no) = payment.out_trade_no.as_deref() else { return Ok(()) };
    let gateways = &state.payments;
    let wechat = payment.channel.starts_with("wechat");
    let reported = match (wechat, &gateways.wechatpay, &gateways.alipay) {
        (true, Some(gateway), _) => gateway
            .query_order(&state.http, out_trade_no)
            .await
            .map(|trade| (gateway.owns(&trade), trade)),
        (false, _, Some(gateway)) => gateway
            .query_order(&state.http, out_trade_no)
            .await
            .map(|trade| (gateway.owns(&trade), trade)),
        _ => return Ok(()),
    };
    let (owns, trade) =
        reported.map_err(|err| upstream(if wechat { "微信支付" } else { "支付宝" }, &err))?;
    settle(state, &trade, owns, "query").await?;
    Ok(())
}

/// What became of a gateway's report.
#[derive(Debug, PartialEq, Eq)]
pub enum Settlement {
    Settled,
    AlreadySettled,
    Closed,
    StillPending,
    Flagged,
    UnknownOrder,
}

impl Settlement {
    /// The `outcome` label of `ketang_payment_notifications_total`.
    fn outcome(&self) -> &'static str {
        match self {
            Self::Settled => "settled",
            Self::AlreadySettled => "already_settled",
            Self::Flagged => "held",
            Self::Closed | Self::StillPending | Self::UnknownOrder => "ignored",
        }
    }
}

fn count_notification(gateway: &str, outcome: &str) {
    crate::telemetry::PAYMENT_NOTIFICATIONS.with_label_values(&[gateway, outcome]).inc();
}

/// Applies a gateway's (verified) report to our order, exactly once.
pub async fn settle(
    state: &AppState,
    trade: &GatewayTrade,
    owns: bool,
    source: &str,
) -> ApiResult<Settlement> {
    let payment = store::by_out_trade_no(&state.db, &trade.out_trade_no).await?;
    let Some(payment) = payment else {
        tracing::warn!(out_trade_no = %trade.out_trade_no, source, "gateway report for an unknown order");
        return Ok(Settlement::UnknownOrder);
    };
    if !owns {
        return flag(state, &payment, "app_mismatch", source).await;
    }
    match trade.state {
        TradeState::Unpaid => Ok(Settlement::StillPending),
        TradeState::Closed => {
            store::close_if_pending(&state.db, &payment.id).await?;
            Ok(Settlement::Closed)
        }
        TradeState::Paid if trade.amount_fen != Some(payment.amount_fen) => {
            flag(state, &payment, "amount_mismatch", source).await
        }
        // Dues are in yuan: the right number in another currency is not the fee.
        TradeState::Paid if trade.currency.as_deref().is_some_and(|c| c != "CNY") => {
            flag(state, &payment, "currency_mismatch", source).await
        }
        TradeState::Paid => {
            let receipt = dues::receipt_no()?;
            let now = now_ms();
            let mut tx = state.db.begin().await?;
            // Paid twice (a second order's QR code, or an offline payment confirmed first):
            // the money arrived, but the year is settled; an operator refunds it.
            if dues::lock_and_check_settled(
                &mut tx,
                &payment.membership_id,
                payment.year,
                &payment.id,
            )
            .await?
            {
                drop(tx);
                return flag(state, &payment, "duplicate_payment", source).await;
            }
            // A closed order can still be paid (a trade the gateway had not closed yet, a
            // payment in flight while we closed): the money arrived, so it settles the year.
            let transaction_id = trade.transaction_id.as_deref();
            let settled =
                store::mark_paid(&mut *tx, &payment.id, transaction_id, &receipt, now).await?;
            if !settled {
                return Ok(Settlement::AlreadySettled);
            }
            let body = format!(
                "{} 年度会费 {} 已通过{}支付成功，可在缴费记录中下载收据。",
                payment.year,
                yuan(payment.amount_fen),
                if payment.channel.starts_with("wechat") { "微信" } else { "支付宝" }
            );
            messages::send_to_org(
                &mut *tx,
                &payment.org_id,
                NewMessage {
                    kind: "payment.confirmed",
                    title: "会费缴纳成功",
                    body: &body,
                    object: Some(("member_payment", &payment.id)),
                },
            )
            .await?;
            audit::record(
                &mut *tx,
                AuditEntry {
                    actor: Actor::System,
                    org_id: Some(&payment.org_id),
                    action: "payment.online_confirm",
                    object_type: "member_payment",
                    object_id: Some(&payment.id),
                    origin: &Origin::default(),
                    details: json!({"source": source, "transaction_id": trade.transaction_id}),
                },
            )
            .await?;
            crate::events::announce(
        &mut tx,
        crate::events::Event {
            kind: crate::events::EventKind::PaymentConfirmed,
            org_id: &payment.org_id,
            data: json!({"payment_id": payment.id, "year": payment.year, "amount_fen": payment.amount_fen,
                       "channel": payment.channel, "receipt_no": receipt}),
        },
    )
            .await?;
            tx.commit().await?;
            Ok(Settlement::Settled)
        }
    }
}

async fn flag(
    state: &AppState,
    payment: &PaymentRow,
    reason: &str,
    source: &str,
) -> ApiResult<Settlement> {
    tracing::warn!(payment = %payment.id, reason, source, "gateway report does not match the order; held for review");
    let mut tx = state.db.begin().await?;
    if store::flag(&mut *tx, &payment.id, reason).await? {
        audit::record(
            &mut *tx,
            AuditEntry {
                actor: Actor::System,
                org_id: Some(&payment.org_id),
                action: "payment.flag",
                object_type: "member_payment",
                object_id: Some(&payment.id),
                origin: &Origin::default(),
                details: json!({"reason": reason, "source": source}),
            },
        )
        .await?;
        let body = format!(
            "{}（{} 年度会费，订单号 {}）的{}支付回报与订单不符（{}），已暂停入账，请核对商户账户后处理。",
            payment.unit_name,
            payment.year,
            payment.out_trade_no.as_deref().unwrap_or_default(),
            if payment.channel.starts_with("wechat") { "微信" } else { "支付宝" },
            flag_reason_words(reason),
        );
        messages::send_to_operators(
            &mut tx,
            NewMessage {
                kind: "payment.flagged",
                title: "在线缴费待核查",
                body: &body,
                object: Some(("member_payment", &payment.id)),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Settlement::Flagged)
}

fn flag_reason_words(reason: &str) -> &'static str {
    match reason {
        "amount_mismatch" => "金额不符",
        "currency_mismatch" => "币种不是人民币",
        "app_mismatch" => "商户或应用不符",
        "duplicate_payment" => "该年度已缴清，需退款",
        _ => "其他原因",
    }
}

fn wechat_answer(status: actix_web::http::StatusCode, code: &str, message: &str) -> HttpResponse {
    HttpResponse::build(status).json(json!({"code": code, "message": message}))
}

/// WeChat Pay's payment notification (INTEGRATIONS §3.3): verified over the raw body with the
/// platform public key, the resource decrypted with the APIv3 key. Answers 200 once handled
/// (also for orders it does not match, so WeChat stops retrying), 401 when the signature fails.
#[utoipa::path(
    tag = TAG,
    request_body(content = String, content_type = "application/json", description = "The notification exactly as WeChat Pay sent it"),
    responses((status = 200, description = "Handled"), (status = 401, description = "The signature does not verify"),
        (status = 400, description = "Not a notification")),
)]
#[post("/payments/notify/wechatpay")]
pub async fn wechatpay_notify(state: AppState, req: HttpRequest, body: web::Bytes) -> HttpResponse {
    use actix_web::http::StatusCode;
    let Some(gateway) = &state.payments.wechatpay else {
        return wechat_answer(StatusCode::NOT_FOUND, "FAIL", "未配置微信支付");
    };
    let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok());
    let headers = NotifyHeaders {
        timestamp: header("Wechatpay-Timestamp"),
        nonce: header("Wechatpay-Nonce"),
        signature: header("Wechatpay-Signature"),
        serial: header("Wechatpay-Serial"),
    };
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let trade = match gateway.verify_notify(&headers, &body, now) {
        Ok(trade) => trade,
        Err(NotifyError::BadSignature(why)) => {
            count_notification("wechatpay", "refused");
            tracing::warn!(why, "WeChat Pay notification refused");
            return wechat_answer(StatusCode::UNAUTHORIZED, "FAIL", "签名验证失败");
        }
        Err(NotifyError::Malformed(why)) => {
            count_notification("wechatpay", "malformed");
            tracing::warn!(why, "WeChat Pay notification malformed");
            return wechat_answer(StatusCode::BAD_REQUEST, "FAIL", "报文格式错误");
        }
    };
    match settle(&state, &trade, gateway.owns(&trade), "notify").await {
        Ok(settlement) => {
            count_notification("wechatpay", settlement.outcome());
            wechat_answer(StatusCode::OK, "SUCCESS", "成功")
        }
        Err(err) => {
            count_notification("wechatpay", "failed");
            tracing::error!(error = %err, "WeChat Pay notification not applied; WeChat will retry");
            wechat_answer(StatusCode::INTERNAL_SERVER_ERROR, "FAIL", "处理失败")
        }
    }
}

/// Alipay's asynchronous notification (INTEGRATIONS §4.3): a form verified with the Alipay
/// public key. Answers the bare word `success` once handled (also for orders it does not
/// match, so Alipay stops retrying), `failure` otherwise.
#[utoipa::path(
    tag = TAG,
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "The notification exactly as Alipay sent it"),
    responses((status = 200, description = "`success` or `failure`", content_type = "text/plain"),
        (status = 400, description = "Not a notification (no fields)")),
)]
#[post("/payments/notify/alipay")]
pub async fn alipay_notify(state: AppState, body: web::Bytes) -> HttpResponse {
    let text = |word: &'static str| HttpResponse::Ok().content_type("text/plain").body(word);
    let Some(gateway) = &state.payments.alipay else {
        return text("failure");
    };
    let fields: Vec<(String, String)> =
        url::form_urlencoded::parse(&body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    if fields.is_empty() {
        count_notification("alipay", "malformed");
        return HttpResponse::BadRequest().content_type("text/plain").body("failure");
    }
    let trade = match gateway.verify_notify(&fields) {
        Ok(trade) => trade,
        Err(err) => {
            count_notification("alipay", "refused");
            tracing::warn!(error = %err, "Alipay notification refused");
            return text("failure");
        }
    };
    match settle(&state, &trade, gateway.owns(&trade), "notify").await {
        Ok(settlement) => {
            count_notification("alipay", settlement.outcome());
            text("success")
        }
        Err(err) => {
            count_notification("alipay", "failed");
            tracing::error!(error = %err, "Alipay notification not applied; Alipay will retry");
            text("failure")
        }
    }
}

/// The reconciliation job: asks the gateways about orders left pending (their notification
/// may never come), and closes orders nobody paid within two days — at the gateway first, so
/// the trade can no longer take money, then here.
pub async fn reconcile(state: &AppState) -> anyhow::Result<()> {
    let now = now_ms();
    let pending = store::unsettled_online_orders(&state.db, now - 60_000).await?;
    for payment in pending {
        if payment.created_at < now - ORDER_LIFETIME_MS {
            if let Err(err) = close_stale(state, &payment).await {
                tracing::warn!(payment = %payment.id, error = %err, "closing a stale order failed; next run retries");
            }
            continue;
        }
        if let Err(err) = reconcile_one(state, &payment).await {
            tracing::warn!(payment = %payment.id, error = %err, "reconciliation query failed; next run retries");
        }
    }
    Ok(())
}

/// Closes an order nobody paid in time: the gateway closes the trade (or says it never saw
/// it), then a last query settles what was paid in between; only an unpaid trade closes here.
async fn close_stale(state: &AppState, payment: &PaymentRow) -> ApiResult<()> {
    let Some(out_trade_no) = payment.out_trade_no.as_deref() else { return Ok(()) };
    let gateways = &state.payments;
    let closed =
        match (payment.channel.starts_with("wechat"), &gateways.wechatpay, &gateways.alipay) {
            (true, Some(gateway), _) => gateway.close_order(&state.http, out_trade_no).await,
            (false, _, Some(gateway)) => gateway.close_order(&state.http, out_trade_no).await,
            // The gateway is no longer configured: nothing here can ask it or close it.
            _ => return Ok(()),
        };
    if let Err(err) = closed {
        // Refused (paid meanwhile, say): the query below tells, and the next run tries again.
        tracing::info!(payment = %payment.id, error = %err, "the gateway did not close the trade");
        return reconcile_one(state, payment).await;
    }
    reconcile_one(state, payment).await?;
    store::close_if_pending(&state.db, &payment.id).await?;
    Ok(())
}
