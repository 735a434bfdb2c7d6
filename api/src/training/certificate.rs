//! The electronic certificate of a class (电子凭证, SPEC §5.5): a PDF stating the org, the
//! class, its sessions and every activated student's effective live hours, with a serial and
//! a QR code that opens the public verification page `/verify/{serial}`. Issuing again after
//! the records changed revokes the old certificate and gives a new serial; unchanged records
//! give back the current one.

use actix_web::{HttpRequest, HttpResponse, get, post, web, web::Json};
use base64::Engine;
use krilla::{
    Document,
    geom::{PathBuilder, Point, Rect},
    page::PageSettings,
    text::TextDirection,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::Digest;
use utoipa::ToSchema;

use super::{
    TAG,
    store::{certificate as store, classes::find_class},
};
use crate::{
    access::{Manager, Member, OrgAccess},
    audit::{self, AuditEntry, Origin},
    db::{now_ms, rfc3339},
    error::{ApiError, ApiResult},
    openapi::{QueryErrors, SignedInErrors},
    state::AppState,
};

/// What a certificate states; also what the verification page shows (names only, no IDs).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct CertificateSummary {
    pub org_name: String,
    pub class_name: String,
    pub class_code: String,
    pub sessions: Vec<CertifiedSession>,
    pub students: Vec<CertifiedStudent>,
    pub total_live_ms: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, sqlx::FromRow)]
pub struct CertifiedSession {
    pub title: String,
    pub started_at: Option<i64>,
    pub duration_ms: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, sqlx::FromRow)]
pub struct CertifiedStudent {
    pub name: String,
    /// Masked resident ID (`110101********1234`).
    pub resident_id: String,
    pub live_ms: i64,
}

/// A certificate as its org sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Certificate {
    pub serial: String,
    /// `valid` or `revoked`.
    pub status: String,
    /// The public page the QR code opens.
    pub verify_url: String,
    /// Download the PDF here (owner, admin or staff of the org).
    pub pdf_url: String,
    pub issued_at: String,
}

async fn summary_of(
    state: &AppState,
    org_id: &str,
    class_id: &str,
) -> ApiResult<CertificateSummary> {
    let class = find_class(&state.db, org_id, class_id).await?;
    let org_name = store::org_name(&state.db, org_id).await?;
    let sessions = store::certified_sessions(&state.db, &class.id).await?;
    let students = store::certified_students(&state.db, &class.id).await?;
    Ok(CertificateSummary {
        org_name,
        class_name: class.name,
        class_code: class.code,
        total_live_ms: sessions.iter().map(|s| s.duration_ms).sum(),
        sessions,
        students,
    })
}

fn hours(ms: i64) -> String {
    #[allow(clippy::cast_precision_loss)]
    let hours = ms as f64 / 3_600_000.0;
    format!("{hours:.2}")
}

fn date(ms: i64) -> String {
    rfc3339(ms).get(..10).unwrap_or_default().to_owned()
}

fn random_serial() -> ApiResult<String> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).map_err(|e| ApiError::Internal(anyhow::anyhow!("random: {e}")))?;
    let code = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes).to_uppercase();
    let year = time::OffsetDateTime::now_utc().year();
    Ok(format!("KT{year}{}", code.replace(['-', '_'], "X")))
}

/// Lays the certificate out on A4 pages (points), the QR code on the first.
fn render_pdf(
    summary: &CertificateSummary,
    serial: &str,
    verify_url: &str,
    issued_at: i64,
) -> anyhow::Result<Vec<u8>> {
    const WIDTH: f32 = 595.0;
    const HEIGHT: f32 = 842.0;
    const MARGIN: f32 = 56.0;
    const LINE: f32 = 20.0;
    let font = crate::pdf::cjk_font()?;
    let mut document = Document::new();
    let black = crate::pdf::black();

    let mut lines: Vec<(f32, String)> = vec![
        (22.0, "培训电子凭证".to_owned()),
        (12.0, format!("凭证编号：{serial}")),
        (12.0, format!("培训单位：{}", summary.org_name)),
        (12.0, format!("班级：{}（{}）", summary.class_name, summary.class_code)),
        (12.0, format!("开具日期：{}", date(issued_at))),
        (
            12.0,
            format!(
                "直播总时长：{} 小时，共 {} 场",
                hours(summary.total_live_ms),
                summary.sessions.len()
            ),
        ),
        (14.0, "直播场次".to_owned()),
    ];
    for (i, session) in summary.sessions.iter().enumerate() {
        lines.push((
            11.0,
            format!(
                "{}. {}　{}　{} 小时",
                i + 1,
                session.title,
                session.started_at.map(date).unwrap_or_else(|| "未开播".to_owned()),
                hours(session.duration_ms)
            ),
        ));
    }
    lines.push((14.0, format!("学员有效学时（{} 人）", summary.students.len())));
    for (i, student) in summary.students.iter().enumerate() {
        lines.push((
            11.0,
            format!(
                "{}. {}　{}　{} 小时",
                i + 1,
                student.name,
                student.resident_id,
                hours(student.live_ms)
            ),
        ));
    }

    let qr = qrcode::QrCode::new(verify_url.as_bytes())?;
    let mut first_page = true;
    let mut remaining = lines.as_slice();
    while !remaining.is_empty() || first_page {
        let mut page = document.start_page_with(
            PageSettings::from_wh(WIDTH, HEIGHT).ok_or_else(|| anyhow::anyhow!("page size"))?,
        );
        let mut surface = page.surface();
        surface.set_fill(Some(black.clone()));
        let mut y = MARGIN;
        if first_page {
            // The QR code, top right, 96 pt square, with its caption.
            let modules = qr.width();
            #[allow(clippy::cast_precision_loss)]
            let cell = 96.0 / modules as f32;
            let (left, top) = (WIDTH - MARGIN - 96.0, MARGIN);
            let mut path = PathBuilder::new();
            for (i, colour) in qr.to_colors().iter().enumerate() {
                if *colour == qrcode::Color::Dark {
                    #[allow(clippy::cast_precision_loss)]
                    let (x, row) = ((i % modules) as f32, (i / modules) as f32);
                    if let Some(rect) =
                        Rect::from_xywh(left + x * cell, top + row * cell, cell, cell)
                    {
                        path.push_rect(rect);
                    }
                }
            }
            if let Some(path) = path.finish() {
                surface.draw_path(&path);
            }
            surface.draw_text(
                Point::from_xy(left + 12.0, top + 112.0),
                font.clone(),
                9.0,
                "扫码验证真伪",
                false,
                TextDirection::Auto,
            );
        }
        let mut used = 0;
        for (size, text) in remaining {
            if y + size + LINE > HEIGHT - MARGIN {
                break;
            }
            y += size + 8.0;
            surface.draw_text(
                Point::from_xy(MARGIN, y),
                font.clone(),
                *size,
                text,
                false,
                TextDirection::Auto,
            );
            used += 1;
        }
        surface.draw_text(
            Point::from_xy(MARGIN, HEIGHT - MARGIN / 2.0),
            font.clone(),
            8.0,
            &format!("凭证编号 {serial} · 验证 {verify_url}"),
            false,
            TextDirection::Auto,
        );
        surface.finish();
        page.finish();
        remaining = &remaining[used..];
        first_page = false;
    }
    document.finish().map_err(|e| anyhow::anyhow!("pdf: {e:?}"))
}

fn summary_hash(summary: &CertificateSummary) -> ApiResult<(String, String)> {
    let json = serde_json::to_string(summary).map_err(|e| ApiError::Internal(e.into()))?;
    let hash = hex::encode(sha2::Sha256::digest(json.as_bytes()));
    Ok((json, hash))
}

/// After new learning records: the class's valid certificate no longer states what the
/// records say, so it is superseded at once (`revoked`, reason `records_changed`); the
/// verification page says so until a new one is issued and then names it. Unchanged records
/// leave it valid.
pub async fn supersede_if_changed(state: &AppState, org_id: &str, class_id: &str) -> ApiResult<()> {
    let current = store::valid_certificate_hash(&state.db, class_id).await?;
    let Some((id, hash)) = current else { return Ok(()) };
    let (_, now_hash) = summary_hash(&summary_of(state, org_id, class_id).await?)?;
    if now_hash == hash {
        return Ok(());
    }
    store::revoke_for_changed_records(&state.db, &id, now_ms()).await?;
    Ok(())
}

fn describe(
    state: &AppState,
    org_id: &str,
    class_id: &str,
    serial: String,
    status: String,
    created_at: i64,
) -> Certificate {
    Certificate {
        verify_url: format!("{}/verify/{serial}", state.public_base_url),
        pdf_url: format!("/api/v1/orgs/{org_id}/classes/{class_id}/certificate.pdf"),
        serial,
        status,
        issued_at: rfc3339(created_at),
    }
}

/// The class's current (valid) certificate (any member of the org); 404 before one is issued.
#[utoipa::path(
    tag = TAG,
    operation_id = "get_current_certificate",
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("class_id" = String, Path, description = "Class id")),
    responses((status = 200, body = Certificate), SignedInErrors),
)]
#[get("/orgs/{org_id}/classes/{class_id}/certificate")]
pub async fn current_certificate(
    state: AppState,
    access: OrgAccess<Member>,
    path: web::Path<(String, String)>,
) -> ApiResult<Json<Certificate>> {
    let class = find_class(&state.db, &access.org_id, &path.1).await?;
    let valid = store::valid_certificate(&state.db, &class.id).await?;
    let (serial, created_at) = valid.ok_or(ApiError::NotFound)?;
    Ok(Json(describe(&state, &access.org_id, &class.id, serial, "valid".into(), created_at)))
}

/// Issue the class's certificate (owner or admin). With unchanged records the current one
/// comes back; after new records the old one is revoked and a new serial issued.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("class_id" = String, Path, description = "Class id")),
    responses((status = 201, body = Certificate), (status = 200, body = Certificate, description = "Records unchanged: the current certificate"), SignedInErrors),
)]
#[post("/orgs/{org_id}/classes/{class_id}/certificate")]
pub async fn issue(
    state: AppState,
    req: HttpRequest,
    access: OrgAccess<Manager>,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let class_id = path.1.clone();
    let summary = summary_of(&state, &access.org_id, &class_id).await?;
    let (summary_json, summary_hash) = summary_hash(&summary)?;
    let current = store::valid_certificate_with_hash(&state.db, &class_id).await?;
    if let Some((serial, hash, created_at)) = &current
        && *hash == summary_hash
    {
        return Ok(HttpResponse::Ok().json(describe(
            &state,
            &access.org_id,
            &class_id,
            serial.clone(),
            "valid".into(),
            *created_at,
        )));
    }
    let serial = random_serial()?;
    let now = now_ms();
    let verify_url = format!("{}/verify/{serial}", state.public_base_url);
    let pdf = {
        let (summary, serial, verify_url) = (summary.clone(), serial.clone(), verify_url.clone());
        tokio::task::spawn_blocking(move || render_pdf(&summary, &serial, &verify_url, now))
            .await
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("pdf task: {e}")))??
    };
    let mut tx = state.db.begin().await?;
    store::revoke_for_reissue(&mut tx, &class_id, now).await?;
    // Every certificate this one replaces names it on its verification page.
    store::name_successor(&mut tx, &class_id, &serial).await?;
    let certificate = store::NewCertificate {
        class_id: &class_id,
        serial: &serial,
        summary: &summary_json,
        summary_hash: &summary_hash,
        pdf,
        created_by: &access.user.id,
        at: now,
    };
    store::insert_certificate(&mut tx, certificate).await?;
    audit::record(
        &mut *tx,
        AuditEntry {
            actor: access.actor(),
            org_id: Some(&access.org_id),
            action: "class.certificate_issue",
            object_type: "class",
            object_id: Some(&class_id),
            origin: &Origin::of(&req),
            details: json!({"serial": serial, "revoked": current.map(|(s, ..)| s)}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(HttpResponse::Created().json(describe(
        &state,
        &access.org_id,
        &class_id,
        serial,
        "valid".into(),
        now,
    )))
}

/// The current certificate's PDF (any member); 404 before one is issued.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("org_id" = String, Path, description = "Org id"), ("class_id" = String, Path, description = "Class id")),
    responses((status = 200, description = "The PDF", content_type = "application/pdf", body = crate::openapi::FileBytes), SignedInErrors),
)]
#[get("/orgs/{org_id}/classes/{class_id}/certificate.pdf")]
pub async fn download(
    state: AppState,
    access: OrgAccess<Member>,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let class = find_class(&state.db, &access.org_id, &path.1).await?;
    let found = store::valid_certificate_pdf(&state.db, &class.id).await?;
    let (serial, pdf) = found.ok_or(ApiError::NotFound)?;
    Ok(crate::xlsx::download(pdf, "application/pdf", &format!("培训电子凭证-{serial}.pdf")))
}

/// What the public verification page shows.
#[derive(Debug, Serialize, ToSchema)]
pub struct Verification {
    pub serial: String,
    /// `valid` (genuine and current) or `revoked` (genuine, but no longer current).
    pub status: String,
    pub issued_at: String,
    pub revoked_at: Option<String>,
    /// Why it is no longer current: `records_changed` (newer learning records supersede what
    /// it states) or `reissued`.
    pub revoke_reason: Option<String>,
    /// The serial of the certificate that replaced it, once one is issued.
    pub superseded_by: Option<String>,
    /// When the class's learning records were last updated from the live platform.
    pub records_updated_at: Option<String>,
    /// The end of the latest live the platform reported.
    pub records_reported_at: Option<String>,
    pub org_name: String,
    pub class_name: String,
    pub class_code: String,
    pub session_count: usize,
    pub total_live_ms: i64,
    pub student_count: usize,
}

/// Check a certificate by its serial (anyone): genuine and valid, or revoked; 404 when no
/// certificate has that serial.
#[utoipa::path(
    tag = TAG,
    params(("serial" = String, Path, description = "The serial printed on the certificate")),
    responses((status = 200, body = Verification), QueryErrors),
)]
#[get("/certificates/{serial}")]
pub async fn verify(state: AppState, path: web::Path<String>) -> ApiResult<Json<Verification>> {
    let found = store::certificate_by_serial(&state.db, path.as_str()).await?;
    let store::VerifiedCertificate {
        status,
        summary,
        created_at,
        revoked_at,
        revoke_reason,
        superseded_by,
        records_updated_at,
        records_reported_at,
    } = found.ok_or(ApiError::NotFound)?;
    let summary: CertificateSummary =
        serde_json::from_str(&summary).map_err(|e| ApiError::Internal(e.into()))?;
    Ok(Json(Verification {
        serial: path.into_inner(),
        status,
        issued_at: rfc3339(created_at),
        revoked_at: revoked_at.map(rfc3339),
        revoke_reason,
        superseded_by,
        records_updated_at: records_updated_at.map(rfc3339),
        records_reported_at: records_reported_at.map(rfc3339),
        org_name: summary.org_name,
        class_name: summary.class_name,
        class_code: summary.class_code,
        session_count: summary.sessions.len(),
        total_live_ms: summary.total_live_ms,
        student_count: summary.students.len(),
    }))
}
