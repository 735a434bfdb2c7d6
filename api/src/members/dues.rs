//! Dues (SPEC §6): what a member owes per year (the admin's fee schedule for its level), its
//! payment records, offline payments (submitted with a voucher, editable until an admin
//! confirms or rejects them) and the PDF receipt of a settled payment. Online payments are
//! created and settled in `payments`; they share the `member_payments` table.

use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web, web::Json};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::{
    TAG,
    membership::ready_for_dues,
    store::{self, MembershipRow},
    vocabulary::{VocabularyEntry, VocabularyKind},
};
use crate::{
    access::{Admin, AnyAdmin, Manager, Member, OrgAccess, Reviewer},
    audit::{self, Actor, AuditEntry, Origin},
    db::{Db, new_id, now_ms, rfc3339},
    error::{ApiError, ApiResult, FieldError},
    extract::{CheckedJson, FieldErrors, ValidJson, ValidQuery},
    media::{self, rules::MediaPurpose},
    messages::{self, NewMessage},
    openapi::{BodyErrors, SignedInErrors},
    pagination::{Page, PageQuery},
    pdf::{text_document, yuan},
    state::AppState,
};

// Online payments (`crate::payments`) read and write these rows too.
pub use super::store::{PAYMENT_SELECT, PaymentRow, payment_of_org};

/// A payment of dues, online or offline.
#[derive(Debug, Serialize, ToSchema)]
pub struct Payment {
    pub id: String,
    pub unit_name: String,
    pub year: i64,
    pub amount_fen: i64,
    /// The year's fee at the member's level, when one is set: an offline payment of another
    /// amount is confirmed only with a note (`confirm_note`).
    pub fee_fen: Option<i64>,
    /// `wechat_native`, `wechat_h5`, `alipay_page`, `alipay_wap` or `offline`.
    pub channel: String,
    /// Online: `pending`, `paid`, `closed`, `flagged` (held for review after a notification
    /// that did not match). Offline: `submitted`, `confirmed`, `rejected`.
    pub status: String,
    /// Our order number at the gateway (online payments).
    pub out_trade_no: Option<String>,
    pub gateway_transaction_id: Option<String>,
    /// Offline: the date of the transfer, `YYYY-MM-DD`.
    pub paid_on: Option<String>,
    pub payer_account: Option<String>,
    pub bank_serial: Option<String>,
    pub voucher_media_id: Option<String>,
    /// A signed link to the voucher, valid for ten minutes.
    pub voucher_url: Option<String>,
    pub reject_reason: Option<String>,
    /// The operator's note when an amount that differs from the fee was confirmed.
    pub confirm_note: Option<String>,
    /// Why an online payment is held for review: `amount_mismatch` (the gateway reported
    /// another amount), `app_mismatch` (another merchant or app), `duplicate_payment` (the year
    /// was already settled by another payment: a refund is due), `currency_mismatch`.
    pub flag_reason: Option<String>,
    /// Set once settled; the receipt downloads at `receipt_url`.
    pub receipt_no: Option<String>,
    pub receipt_url: Option<String>,
    pub created_at: String,
    pub settled_at: Option<String>,
}

impl PaymentRow {
    pub fn view(self, state: &AppState) -> Payment {
        let receipt_url = self.receipt_no.as_ref().map(|_| {
            format!("/api/v1/orgs/{}/membership/payments/{}/receipt.pdf", self.org_id, self.id)
        });
        Payment {
            voucher_url: self
                .voucher_media_id
                .as_deref()
                .map(|media_id| media::signed_url(state, media_id, 600).url),
            id: self.id,
            unit_name: self.unit_name,
            year: self.year,
            amount_fen: self.amount_fen,
            fee_fen: self.fee_fen,
            channel: self.channel,
            status: self.status,
            out_trade_no: self.out_trade_no,
            gateway_transaction_id: self.gateway_transaction_id,
            paid_on: self.paid_on,
            payer_account: self.payer_account,
            bank_serial: self.bank_serial,
            voucher_media_id: self.voucher_media_id,
            reject_reason: self.reject_reason,
            confirm_note: self.confirm_note,
            flag_reason: self.flag_reason,
            receipt_no: self.receipt_no,
            receipt_url,
            created_at: rfc3339(self.created_at),
            settled_at: self.settled_at.map(rfc3339),
        }
    }
}

/// One year's dues and where they stand.
#[derive(Debug, Serialize, ToSchema)]
pub struct DueYear {
    pub year: i64,
    pub amount_fen: i64,
    /// `unpaid`, `in_progress` (a payment awaits the gateway or an admin) or `paid`.
    pub status: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Dues {
    /// The member's level; without one no dues are set yet.
    pub level: Option<VocabularyEntry>,
    /// Newest year first.
    pub years: Vec<DueYear>,
}

/// The fee for `year` at the member's level, or 409 `no_fee_for_year`.
pub async fn fee_for(db: &Db, membership: &MembershipRow, year: i64) -> ApiResult<i64> {
    let level = membership.level_id.as_deref().ok_or(ApiError::conflict("no_fee_for_year"))?;
    store::fees(db, Some(level), Some(year))
        .await?
        .first()
        .map(|fee| fee.amount_fen)
        .ok_or(ApiError::conflict("no_fee_for_year"))
}

/// 409 `dues_already_paid` when the year is settled, `payment_in_progress` when a payment of
/// it still awaits the gateway or an admin (except `except_payment`).
pub async fn refuse_if_settled_or_open(
    db: &Db,
    membership_id: &str,
    year: i64,
    except_payment: Option<&str>,
) -> ApiResult<()> {
    let statuses = store::payment_statuses_of_year(db, membership_id, year, except_payment).await?;
    if statuses.iter().any(|s| s == "paid" || s == "confirmed") {
        return Err(ApiError::conflict("dues_already_paid"));
    }
    if statuses.iter().any(|s| s == "submitted" || s == "flagged") {
        return Err(ApiError::conflict("payment_in_progress"));
    }
    Ok(())
}

/// Serialises the settling of one membership's dues (an online notification, an offline
/// confirmation, an admin's resolution) and tells whether `year` is already settled by a payment
/// other than `payment_id`. The no-op update takes the membership row's lock on PostgreSQL;
/// SQLite's write transactions are serial already.
pub async fn lock_and_check_settled(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    membership_id: &str,
    year: i64,
    payment_id: &str,
) -> ApiResult<bool> {
    store::lock_membership(tx, membership_id).await?;
    Ok(store::settled_by_another_payment(tx, membership_id, year, payment_id).await?)
}

/// What the member owes per year (any member of the org; the profile must be complete).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id")),
    responses((status = 200, body = Dues), (status = 409, description = "`membership_not_approved`, `profile_incomplete`",
        body = crate::error::Problem, content_type = "application/problem+json"), SignedInErrors),
)]
#[get("/orgs/{org_id}/membership/dues")]
pub async fn get_dues(state: AppState, access: OrgAccess<Member>) -> ApiResult<Json<Dues>> {
    let membership = ready_for_dues(&state.db, &access.org_id).await?;
    let Some(level_id) = membership.level_id.as_deref() else {
        return Ok(Json(Dues { level: None, years: Vec::new() }));
    };
    let level = store::vocabulary_entries(&state.db, VocabularyKind::Level, true)
        .await?
        .into_iter()
        .find(|entry| entry.id == level_id);
    let statuses = store::payment_years_and_statuses(&state.db, &membership.id).await?;
    let years = store::fees(&state.db, Some(level_id), None)
        .await?
        .into_iter()
        .map(|fee| {
            let of_year = || statuses.iter().filter(|(year, _)| *year == fee.year);
            let status = if of_year().any(|(_, s)| s == "paid" || s == "confirmed") {
                "paid"
            } else if of_year()
                .any(|(_, s)| matches!(s.as_str(), "pending" | "submitted" | "flagged"))
            {
                "in_progress"
            } else {
                "unpaid"
            };
            DueYear { year: fee.year, amount_fen: fee.amount_fen, status: status.to_owned() }
        })
        .collect();
    Ok(Json(Dues { level, years }))
}

/// Every payment of the member, newest first (any member of the org).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), PageQuery),
    responses((status = 200, body = Page<Payment>), SignedInErrors),
)]
#[get("/orgs/{org_id}/membership/payments")]
pub async fn list_payments(
    state: AppState,
    access: OrgAccess<Member>,
    ValidQuery(page): ValidQuery<PageQuery>,
) -> ApiResult<Page<Payment>> {
    let membership = store::membership_of_org(&state.db, &access.org_id).await?;
    let total = store::count_payments_of_membership(&state.db, &membership.id).await?;
    let rows = store::payments_of_membership(&state.db, &membership.id, &page).await?;
    Ok(Page::new(rows.into_iter().map(|r| r.view(&state)).collect(), total, page))
}

/// One payment (any member of the org).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("payment_id" = String, Path, description = "Payment id")),
    responses((status = 200, body = Payment), SignedInErrors),
)]
#[get("/orgs/{org_id}/membership/payments/{payment_id}")]
pub async fn get_payment(
    state: AppState,
    access: OrgAccess<Member>,
    path: web::Path<(String, String)>,
) -> ApiResult<Json<Payment>> {
    Ok(Json(payment_of_org(&state.db, &access.org_id, &path.1).await?.view(&state)))
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct OfflinePaymentForm {
    #[validate(range(min = 2000, max = 2100))]
    #[schema(minimum = 2000, maximum = 2100)]
    pub year: i64,
    /// In fen.
    #[validate(range(min = 1, max = 100_000_000_000_i64))]
    #[schema(minimum = 1, maximum = 100_000_000_000_i64)]
    pub amount_fen: i64,
    /// The date of the transfer, `YYYY-MM-DD`.
    #[validate(length(equal = 10))]
    #[schema(min_length = 10, max_length = 10)]
    pub paid_on: String,
    /// The account the money came from.
    #[validate(length(min = 1, max = 50))]
    #[schema(min_length = 1, max_length = 50)]
    pub payer_account: String,
    /// The bank's serial number of the transfer.
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64)]
    pub bank_serial: String,
    /// An uploaded `payment_voucher` (jpg, png or pdf).
    #[validate(length(min = 1, max = 64))]
    pub voucher_media_id: String,
}

impl OfflinePaymentForm {
    /// What is stored of the form, its text trimmed.
    fn fields(&self) -> store::OfflinePaymentFields<'_> {
        store::OfflinePaymentFields {
            year: self.year,
            amount_fen: self.amount_fen,
            paid_on: &self.paid_on,
            payer_account: self.payer_account.trim(),
            bank_serial: self.bank_serial.trim(),
            voucher_media_id: &self.voucher_media_id,
        }
    }
}

/// Adds the form's problems the derive cannot see (the date, blank text, the voucher) to
/// `errors`, so one answer names every bad field.
async fn check_offline_form(
    state: &AppState,
    access: &OrgAccess<Manager>,
    form: &OfflinePaymentForm,
    errors: &mut FieldErrors,
) -> ApiResult<()> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    match time::Date::parse(&form.paid_on, format) {
        Err(_) => errors.push_unless_reported(FieldError::new("paid_on", "date_format")),
        Ok(date) if date > time::OffsetDateTime::now_utc().date() => {
            errors.push_unless_reported(FieldError::new("paid_on", "date_in_future"));
        }
        Ok(_) => {}
    }
    for (field, value) in
        [("payer_account", &form.payer_account), ("bank_serial", &form.bank_serial)]
    {
        if value.trim().is_empty() {
            errors.push_unless_reported(FieldError::new(field, "blank"));
        }
    }
    if errors.has("voucher_media_id") {
        return Ok(());
    }
    errors.absorb(
        media::check_attachable(
            state,
            &form.voucher_media_id,
            MediaPurpose::PaymentVoucher,
            &access.org_id,
            &access.user.id,
            "voucher_media_id",
        )
        .await,
    )
}

/// Submit an offline payment (owner or admin): it waits for an admin to confirm it.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id")),
    request_body = OfflinePaymentForm,
    responses((status = 201, body = Payment), (status = 409,
        description = "`membership_not_approved`, `profile_incomplete`, `no_fee_for_year`, `dues_already_paid`, `payment_in_progress`",
        body = crate::error::Problem, content_type = "application/problem+json"), BodyErrors),
)]
#[post("/orgs/{org_id}/membership/offline-payments")]
pub async fn submit_offline(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Manager>,
    CheckedJson(form, mut errors): CheckedJson<OfflinePaymentForm>,
) -> ApiResult<HttpResponse> {
    let membership = ready_for_dues(&state.db, &access.org_id).await?;
    check_offline_form(&state, &access, &form, &mut errors).await?;
    errors.into_result()?;
    fee_for(&state.db, &membership, form.year).await?;
    refuse_if_settled_or_open(&state.db, &membership.id, form.year, None).await?;
    let id = new_id();
    let now = now_ms();
    let payment = store::NewOfflinePayment {
        id: &id,
        membership_id: &membership.id,
        org_id: &access.org_id,
        fields: form.fields(),
        created_by: &access.user.id,
        at: now,
    };
    let mut tx = state.db.begin().await?;
    store::insert_offline_payment(&mut tx, &payment).await?;
    audit::record(
        &mut *tx,
        AuditEntry {
            actor: access.actor(),
            org_id: Some(&access.org_id),
            action: "payment.offline_submit",
            object_type: "member_payment",
            object_id: Some(&id),
            origin: &Origin::of(&req),
            details: json!({"year": form.year, "amount_fen": form.amount_fen}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(HttpResponse::Created()
        .json(payment_of_org(&state.db, &access.org_id, &id).await?.view(&state)))
}

/// An offline payment the member may still change: submitted or rejected, not confirmed.
async fn editable_offline(db: &Db, org_id: &str, payment_id: &str) -> ApiResult<PaymentRow> {
    let payment = payment_of_org(db, org_id, payment_id).await?;
    if payment.channel != "offline" || !matches!(payment.status.as_str(), "submitted" | "rejected")
    {
        return Err(ApiError::conflict("wrong_state"));
    }
    Ok(payment)
}

/// Change an offline payment before it is confirmed (owner or admin); a rejected one is
/// submitted again.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("payment_id" = String, Path, description = "Payment id")),
    request_body = OfflinePaymentForm,
    responses((status = 200, body = Payment), (status = 409, description = "`wrong_state` (confirmed)",
        body = crate::error::Problem, content_type = "application/problem+json"), BodyErrors),
)]
#[put("/orgs/{org_id}/membership/offline-payments/{payment_id}")]
pub async fn update_offline(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Manager>,
    path: web::Path<(String, String)>,
    CheckedJson(form, mut errors): CheckedJson<OfflinePaymentForm>,
) -> ApiResult<Json<Payment>> {
    let payment = editable_offline(&state.db, &access.org_id, &path.1).await?;
    let membership = ready_for_dues(&state.db, &access.org_id).await?;
    check_offline_form(&state, &access, &form, &mut errors).await?;
    errors.into_result()?;
    fee_for(&state.db, &membership, form.year).await?;
    refuse_if_settled_or_open(&state.db, &membership.id, form.year, Some(&payment.id)).await?;
    let mut tx = state.db.begin().await?;
    if !store::update_offline_payment(&mut tx, &payment.id, &access.org_id, &form.fields()).await? {
        return Err(ApiError::conflict("wrong_state"));
    }
    audit::record(
        &mut *tx,
        AuditEntry {
            actor: access.actor(),
            org_id: Some(&access.org_id),
            action: "payment.offline_update",
            object_type: "member_payment",
            object_id: Some(&payment.id),
            origin: &Origin::of(&req),
            details: json!({"year": form.year, "amount_fen": form.amount_fen}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Json(payment_of_org(&state.db, &access.org_id, &payment.id).await?.view(&state)))
}

/// Withdraw an offline payment before it is confirmed (owner or admin).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("payment_id" = String, Path, description = "Payment id")),
    responses((status = 204, description = "Withdrawn"), (status = 409, description = "`wrong_state` (confirmed)",
        body = crate::error::Problem, content_type = "application/problem+json"), SignedInErrors),
)]
#[delete("/orgs/{org_id}/membership/offline-payments/{payment_id}")]
pub async fn delete_offline(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Manager>,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let payment = editable_offline(&state.db, &access.org_id, &path.1).await?;
    let mut tx = state.db.begin().await?;
    if !store::delete_offline_payment(&mut tx, &payment.id, &access.org_id).await? {
        return Err(ApiError::conflict("wrong_state"));
    }
    audit::record(
        &mut *tx,
        AuditEntry {
            actor: access.actor(),
            org_id: Some(&access.org_id),
            action: "payment.offline_delete",
            object_type: "member_payment",
            object_id: Some(&payment.id),
            origin: &Origin::of(&req),
            details: json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A receipt number: the year settled and a random part, unique by the column's constraint.
pub fn receipt_no() -> ApiResult<String> {
    let mut bytes = [0u8; 5];
    getrandom::fill(&mut bytes).map_err(|e| ApiError::Internal(anyhow::anyhow!("random: {e}")))?;
    let year = time::OffsetDateTime::now_utc().year();
    Ok(format!("KTR{year}{}", hex::encode_upper(bytes)))
}

fn channel_name(channel: &str) -> &'static str {
    match channel {
        "wechat_native" | "wechat_h5" => "微信支付",
        "alipay_page" | "alipay_wap" => "支付宝",
        _ => "线下转账",
    }
}

/// The receipt of a settled payment (any member of the org), as PDF.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("payment_id" = String, Path, description = "Payment id")),
    responses((status = 200, description = "The receipt", content_type = "application/pdf", body = crate::openapi::FileBytes),
        (status = 409, description = "`wrong_state`: not settled", body = crate::error::Problem, content_type = "application/problem+json"),
        SignedInErrors),
)]
#[get("/orgs/{org_id}/membership/payments/{payment_id}/receipt.pdf")]
pub async fn receipt(
    state: AppState,
    access: OrgAccess<Member>,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let payment = payment_of_org(&state.db, &access.org_id, &path.1).await?;
    receipt_pdf(&state, &payment).await
}

/// The receipt of a settled payment as a PDF download; 409 `wrong_state` before settlement.
async fn receipt_pdf(state: &AppState, payment: &PaymentRow) -> ApiResult<HttpResponse> {
    let Some(number) = payment.receipt_no.clone() else {
        return Err(ApiError::conflict("wrong_state"));
    };
    let uscc = store::uscc_of_membership(&state.db, &payment.membership_id).await?;
    let settled = payment.settled_at.map(rfc3339).unwrap_or_default();
    let payee = &state.settings.membership.association_name;
    let mut lines = vec![
        (22.0, "会费收据".to_owned()),
        (12.0, format!("收据编号：{number}")),
        (12.0, format!("收款单位：{payee}")),
        (12.0, format!("缴费单位：{}", payment.unit_name)),
        (12.0, format!("统一社会信用代码：{uscc}")),
        (12.0, format!("缴费项目：{} 年度会费", payment.year)),
        (12.0, format!("金额：{}", yuan(payment.amount_fen))),
        (12.0, format!("支付方式：{}", channel_name(&payment.channel))),
        (12.0, format!("确认时间：{}", settled.get(..10).unwrap_or_default())),
    ];
    if let Some(transaction) = &payment.gateway_transaction_id {
        lines.push((12.0, format!("支付流水号：{transaction}")));
    }
    if let Some(serial) = &payment.bank_serial {
        lines.push((12.0, format!("银行流水号：{serial}")));
    }
    let footer = format!("收据编号 {number} · {payee}");
    let pdf = tokio::task::spawn_blocking(move || text_document(&lines, &footer))
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("receipt task: {e}")))??;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"receipt-{number}.pdf\""),
        ))
        .body(pdf))
}

/// Records an operator's reading of a member's payment (or its receipt) as themselves.
async fn audit_operator_read(
    state: &AppState,
    req: &HttpRequest,
    admin: &Admin<AnyAdmin>,
    payment: &PaymentRow,
    action: &str,
) -> ApiResult<()> {
    audit::record(
        &state.db.pool,
        AuditEntry {
            actor: Actor::Admin(&admin.user.id),
            org_id: Some(&payment.org_id),
            action,
            object_type: "member_payment",
            object_id: Some(&payment.id),
            origin: &Origin::of(req),
            details: json!({}),
        },
    )
    .await?;
    Ok(())
}

/// Any member's payment (any platform operator; audited): what the member sees, with the
/// receipt at the operators' own address.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("payment_id" = String, Path, description = "Payment id")),
    responses((status = 200, body = Payment), SignedInErrors),
)]
#[get("/admin/member-payments/{payment_id}")]
pub async fn admin_payment(
    state: AppState,
    req: HttpRequest,
    admin: Admin<AnyAdmin>,
    path: web::Path<String>,
) -> ApiResult<Json<Payment>> {
    let payment = store::payment_by_id(&state.db, &path).await?;
    audit_operator_read(&state, &req, &admin, &payment, "payment.operator_read").await?;
    Ok(Json(admin_view(&state, payment)))
}

/// A payment as operators see it: the receipt link is theirs.
fn admin_view(state: &AppState, payment: PaymentRow) -> Payment {
    let mut view = payment.view(state);
    if view.receipt_url.is_some() {
        view.receipt_url = Some(format!("/api/v1/admin/member-payments/{}/receipt.pdf", view.id));
    }
    view
}

/// Any member's receipt (any platform operator; audited); 409 `wrong_state` before settlement.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("payment_id" = String, Path, description = "Payment id")),
    responses((status = 200, description = "The receipt", content_type = "application/pdf", body = crate::openapi::FileBytes),
        (status = 409, description = "`wrong_state`: not settled", body = crate::error::Problem, content_type = "application/problem+json"),
        SignedInErrors),
)]
#[get("/admin/member-payments/{payment_id}/receipt.pdf")]
pub async fn admin_receipt(
    state: AppState,
    req: HttpRequest,
    admin: Admin<AnyAdmin>,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let payment = store::payment_by_id(&state.db, &path).await?;
    let pdf = receipt_pdf(&state, &payment).await?;
    audit_operator_read(&state, &req, &admin, &payment, "payment.operator_receipt").await?;
    Ok(pdf)
}

#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct PaymentFilter {
    /// `submitted` (default: offline payments awaiting confirmation), or any payment status.
    #[validate(length(max = 20))]
    #[param(max_length = 20)]
    pub status: Option<String>,
}

/// Payments by status, oldest first (any platform operator).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(PaymentFilter, PageQuery),
    responses((status = 200, body = Page<Payment>), SignedInErrors),
)]
#[get("/admin/member-payments")]
pub async fn admin_queue(
    state: AppState,
    _admin: Admin<AnyAdmin>,
    ValidQuery(filter): ValidQuery<PaymentFilter>,
    ValidQuery(page): ValidQuery<PageQuery>,
) -> ApiResult<Page<Payment>> {
    let status = filter.status.as_deref().unwrap_or("submitted");
    let total = store::count_payments_with_status(&state.db, status).await?;
    let rows = store::payments_with_status(&state.db, status, &page).await?;
    Ok(Page::new(rows.into_iter().map(|r| admin_view(&state, r)).collect(), total, page))
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct PaymentDecision {
    /// `confirm` or `reject`.
    #[validate(length(min = 1, max = 10))]
    pub decision: String,
    /// Required to reject; shown to the member.
    #[validate(length(max = 200))]
    #[schema(max_length = 200)]
    pub reason: Option<String>,
    /// Confirming an offline payment whose amount differs from the year's fee (`fee_fen`):
    /// must be `true`, with a `note` saying why the money is accepted.
    #[serde(default)]
    pub accept_amount_difference: bool,
    /// The operator's note, kept with the payment (`confirm_note`).
    #[validate(length(max = 200))]
    #[schema(max_length = 200)]
    pub note: Option<String>,
}

/// Confirm or reject a submitted offline payment, or resolve an online payment held for review
/// (`flagged`: `confirm` makes it paid with a receipt once the merchant account shows the money,
/// `reject` closes it, e.g. after a refund). Reviewers; the member gets a message.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("payment_id" = String, Path, description = "Payment id")),
    request_body = PaymentDecision,
    responses((status = 200, body = Payment), (status = 409, description = "`wrong_state`, `dues_already_paid`",
        body = crate::error::Problem, content_type = "application/problem+json"), BodyErrors),
)]
#[post("/admin/member-payments/{payment_id}/decision")]
pub async fn decide_offline(
    state: AppState,
    req: HttpRequest,
    admin: Admin<Reviewer>,
    path: web::Path<String>,
    ValidJson(decision): ValidJson<PaymentDecision>,
) -> ApiResult<Json<Payment>> {
    let payment = store::payment_by_id(&state.db, &path).await?;
    let reason = decision.reason.as_deref().map(str::trim).filter(|r| !r.is_empty());
    let status = crate::extract::decided_state(
        &decision.decision,
        ("confirm", "confirmed"),
        reason,
        "reason",
    )?;
    // (state it leaves, state a confirmation gives, a rejection gives, audit action prefix)
    let (from, confirmed, rejected, action) =
        match (payment.channel.as_str(), payment.status.as_str()) {
            ("offline", _) => ("submitted", "confirmed", "rejected", "payment.offline"),
            (_, "flagged") => ("flagged", "paid", "closed", "payment.review"),
            _ => return Err(ApiError::conflict("wrong_state")),
        };
    let status = if status == "confirmed" { confirmed } else { rejected };
    let confirming = status == confirmed;
    let note = decision.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
    // A voucher for another amount than the fee is confirmed only knowingly, with a reason.
    if confirming && from == "submitted" && payment.fee_fen != Some(payment.amount_fen) {
        let mut errors = FieldErrors::default();
        if !decision.accept_amount_difference {
            errors.push(
                FieldError::new("accept_amount_difference", "amount_differs_from_fee")
                    .with_param("amount", yuan(payment.amount_fen))
                    .with_param("fee", payment.fee_fen.map(yuan).unwrap_or_else(|| "-".into())),
            );
        }
        if note.is_none() {
            errors.push(FieldError::new("note", "required"));
        }
        errors.into_result()?;
    }
    if confirming {
        refuse_if_settled_or_open(
            &state.db,
            &payment.membership_id,
            payment.year,
            Some(&payment.id),
        )
        .await?;
    }
    let receipt_number = if confirming { Some(receipt_no()?) } else { None };
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    if confirming
        && lock_and_check_settled(&mut tx, &payment.membership_id, payment.year, &payment.id)
            .await?
    {
        return Err(ApiError::conflict("dues_already_paid"));
    }
    let decided = store::PaymentDecisionRow {
        id: &payment.id,
        status,
        reject_reason: if confirming { None } else { reason },
        receipt_no: receipt_number.as_deref(),
        settled_at: if confirming { Some(now) } else { None },
        decided_by: &admin.user.id,
        at: now,
        from,
        confirm_note: if confirming { note } else { None },
    };
    if !store::decide_payment(&mut tx, &decided).await? {
        return Err(ApiError::conflict("wrong_state"));
    }
    let kind_zh = if from == "flagged" { "在线支付" } else { "线下缴费" };
    let body = if confirming {
        format!(
            "{} 年度会费 {} 的{kind_zh}已确认，可在缴费记录中下载收据。",
            payment.year,
            yuan(payment.amount_fen)
        )
    } else {
        format!(
            "{} 年度会费 {} 的{kind_zh}未通过确认：{}",
            payment.year,
            yuan(payment.amount_fen),
            reason.unwrap_or_default()
        )
    };
    messages::send_to_org(
        &mut *tx,
        &payment.org_id,
        NewMessage {
            kind: if confirming { "payment.confirmed" } else { "payment.rejected" },
            title: match (from, confirming) {
                ("flagged", true) => "在线支付已核实",
                ("flagged", false) => "在线支付未通过核查",
                (_, true) => "线下缴费已确认",
                (_, false) => "线下缴费未通过",
            },
            body: &body,
            object: Some(("member_payment", &payment.id)),
        },
    )
    .await?;
    audit::record(
        &mut *tx,
        AuditEntry {
            actor: Actor::Admin(&admin.user.id),
            org_id: Some(&payment.org_id),
            action: &format!("{action}_{}", if confirming { "confirm" } else { "reject" }),
            object_type: "member_payment",
            object_id: Some(&payment.id),
            origin: &Origin::of(&req),
            details: json!({"reason": reason, "note": note, "amount_fen": payment.amount_fen, "fee_fen": payment.fee_fen}),
        },
    )
    .await?;
    if confirming {
        crate::events::announce(
        &mut tx,
        crate::events::Event {
            kind: crate::events::EventKind::PaymentConfirmed,
            org_id: &payment.org_id,
            data: json!({"payment_id": payment.id, "year": payment.year, "amount_fen": payment.amount_fen,
                   "channel": payment.channel, "receipt_no": receipt_number}),
        },
    )
        .await?;
    }
    tx.commit().await?;
    Ok(Json(store::payment_by_id(&state.db, &payment.id).await?.view(&state)))
}
