//! The texts users agree to (SPEC §1 注册须同意《平台法律声明》; seed 002 《协会章程》): the
//! platform's legal statement, its privacy policy and the association's charter. Each is kept
//! in numbered versions: the platform ships a default first version, a super admin publishes
//! the next ones, and every agreement records which version the user accepted and when — so a
//! new version can ask them again, and a dispute can show what they saw.

mod store;

use actix_web::{HttpRequest, HttpResponse, get, post, web::Json, web::Path};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use validator::Validate;

use crate::{
    access::{Admin, CurrentUser, SuperAdmin},
    audit::{self, Actor, AuditEntry, Origin},
    db::{Db, rfc3339},
    error::{ApiError, ApiResult},
    extract::{ValidJson, ValidQuery},
    openapi::{BodyErrors, QueryErrors, SignedInErrors},
    pagination::{Page, PageQuery},
    state::AppState,
};

pub const TAG: &str = "legal";

pub fn configure(cfg: &mut impl crate::openapi::Routes) {
    cfg.service(current_document)
        .service(list_versions)
        .service(document_version)
        .service(publish)
        .service(my_agreements)
        .service(agree);
}

/// Which text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LegalKind {
    /// 《平台法律声明》: every account agrees when it registers.
    Terms,
    /// 《隐私政策》: agreed together with the legal statement.
    Privacy,
    /// 《协会章程》: a unit agrees when it registers as a member.
    Charter,
}

impl LegalKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Terms => "terms",
            Self::Privacy => "privacy",
            Self::Charter => "charter",
        }
    }

    /// The first version, shipped with the platform until an operator publishes its own.
    fn default_text(self) -> &'static str {
        match self {
            Self::Terms => include_str!("../../assets/legal/terms.md"),
            Self::Privacy => include_str!("../../assets/legal/privacy.md"),
            Self::Charter => include_str!("../../assets/legal/charter.md"),
        }
    }
}

/// One version of a text.
#[derive(Debug, Serialize, ToSchema)]
pub struct LegalDocument {
    pub kind: LegalKind,
    /// 1, 2, …: each publication is the next number.
    pub version: i64,
    pub title: String,
    /// Markdown (headings, paragraphs, lists); no HTML.
    pub body: String,
    /// What changed from the previous version, as the operator put it.
    pub change_note: Option<String>,
    pub published_at: String,
    /// Whether this is the text the platform ships with (no operator has published one yet).
    pub is_default: bool,
}

/// A version in the history (without its body).
#[derive(Debug, Serialize, ToSchema)]
pub struct LegalVersion {
    pub version: i64,
    pub title: String,
    pub change_note: Option<String>,
    pub published_at: String,
    pub is_default: bool,
}

/// The current version of a text (public: the sign-up and registration forms show it).
#[utoipa::path(
    tag = TAG,
    params(("kind" = LegalKind, Path, description = "Which text")),
    responses((status = 200, body = LegalDocument), QueryErrors),
)]
#[get("/legal/{kind}")]
pub async fn current_document(
    state: AppState,
    kind: Path<LegalKind>,
) -> ApiResult<Json<LegalDocument>> {
    Ok(Json(current(&state.db, *kind).await?))
}

/// The versions of a text, newest first (public).
#[utoipa::path(
    tag = TAG,
    params(("kind" = LegalKind, Path, description = "Which text"), PageQuery),
    responses((status = 200, body = Page<LegalVersion>), QueryErrors),
)]
#[get("/legal/{kind}/versions")]
pub async fn list_versions(
    state: AppState,
    kind: Path<LegalKind>,
    ValidQuery(page): ValidQuery<PageQuery>,
) -> ApiResult<Page<LegalVersion>> {
    current(&state.db, *kind).await?;
    let (rows, total) = store::versions(&state.db, kind.as_str(), page).await?;
    let items = rows
        .into_iter()
        .map(|row| LegalVersion {
            version: row.version,
            title: row.title,
            change_note: row.change_note,
            published_at: rfc3339(row.published_at),
            is_default: row.published_by.is_none(),
        })
        .collect();
    Ok(Page::new(items, total, page))
}

/// One version of a text, as users who agreed to it saw it (public).
#[utoipa::path(
    tag = TAG,
    params(("kind" = LegalKind, Path, description = "Which text"),
        ("version" = i64, Path, description = "Version number")),
    responses((status = 200, body = LegalDocument), QueryErrors),
)]
#[get("/legal/{kind}/versions/{version}")]
pub async fn document_version(
    state: AppState,
    path: Path<(LegalKind, i64)>,
) -> ApiResult<Json<LegalDocument>> {
    let (kind, version) = path.into_inner();
    current(&state.db, kind).await?;
    let row = store::version(&state.db, kind.as_str(), version).await?.ok_or(ApiError::NotFound)?;
    Ok(Json(document(kind, row)))
}

/// A new version of a text, from the platform operator.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct NewLegalVersion {
    #[validate(length(min = 1, max = 50))]
    #[schema(min_length = 1, max_length = 50)]
    pub title: String,
    /// Markdown: headings, paragraphs, lists (no HTML is rendered).
    #[validate(length(min = 1, max = 60000))]
    #[schema(min_length = 1, max_length = 60000)]
    pub body: String,
    /// What changed, shown to users asked to agree again.
    #[validate(length(max = 500))]
    #[schema(max_length = 500)]
    pub change_note: Option<String>,
}

/// Publish a new version of a text (super admins). From then on it is the one new users agree
/// to, and users who agreed to an earlier version are asked to agree again.
#[utoipa::path(
    tag = TAG,
    operation_id = "admin_publish_legal_version",
    security(("bearer" = [])),
    params(("kind" = LegalKind, Path, description = "Which text")),
    request_body = NewLegalVersion,
    responses((status = 201, body = LegalDocument), (status = 409,
        description = "`legal_publish_conflict`: another version was published at the same moment",
        body = crate::error::Problem, content_type = "application/problem+json"), BodyErrors),
)]
#[post("/admin/legal/{kind}")]
pub async fn publish(
    state: AppState,
    req: HttpRequest,
    admin: Admin<SuperAdmin>,
    kind: Path<LegalKind>,
    ValidJson(body): ValidJson<NewLegalVersion>,
) -> ApiResult<HttpResponse> {
    let kind = *kind;
    let title = body.title.trim();
    let text = body.body.trim();
    let change_note = body.change_note.as_deref().map(str::trim).filter(|note| !note.is_empty());
    if title.is_empty() {
        return Err(ApiError::invalid("title", "blank"));
    }
    if text.is_empty() {
        return Err(ApiError::invalid("body", "blank"));
    }
    let previous = current(&state.db, kind).await?;
    let version = previous.version + 1;
    let mut tx = state.db.pool.begin().await?;
    store::insert_version(
        &mut *tx,
        &store::NewVersion {
            kind: kind.as_str(),
            version,
            title,
            body: text,
            change_note,
            published_by: Some(&admin.user.id),
        },
    )
    .await
    .map_err(|err| match &err {
        sqlx::Error::Database(db) if db.kind() == sqlx::error::ErrorKind::UniqueViolation => {
            ApiError::conflict("legal_publish_conflict")
        }
        _ => ApiError::from(err),
    })?;
    audit::record(
        &mut *tx,
        AuditEntry {
            actor: Actor::Admin(&admin.user.id),
            org_id: None,
            action: "legal.publish",
            object_type: "legal_document",
            object_id: Some(kind.as_str()),
            origin: &Origin::of(&req),
            details: json!({ "version": version, "title": title }),
        },
    )
    .await?;
    tx.commit().await?;
    let row = store::version(&state.db, kind.as_str(), version).await?.ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Created().json(document(kind, row)))
}

/// Where the caller stands with a text they must agree to.
#[derive(Debug, Serialize, ToSchema)]
pub struct Agreement {
    pub kind: LegalKind,
    pub current_version: i64,
    pub current_title: String,
    /// The latest version the caller agreed to, if any.
    pub agreed_version: Option<i64>,
    pub agreed_at: Option<String>,
    /// Whether the caller agreed to the current version (otherwise ask them again).
    pub up_to_date: bool,
}

/// The caller's agreements: the legal statement and privacy policy, and the charter when the
/// account registered a member unit.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    responses((status = 200, body = Vec<Agreement>), SignedInErrors),
)]
#[get("/me/agreements")]
pub async fn my_agreements(state: AppState, user: CurrentUser) -> ApiResult<Json<Vec<Agreement>>> {
    let agreed = store::latest_agreements(&state.db, &user.id).await?;
    let mut kinds = vec![LegalKind::Terms, LegalKind::Privacy];
    if agreed.iter().any(|row| row.kind == LegalKind::Charter.as_str()) {
        kinds.push(LegalKind::Charter);
    }
    let mut answer = Vec::with_capacity(kinds.len());
    for kind in kinds {
        let current = current(&state.db, kind).await?;
        let mine = agreed.iter().find(|row| row.kind == kind.as_str());
        answer.push(Agreement {
            kind,
            current_version: current.version,
            current_title: current.title,
            agreed_version: mine.map(|row| row.version),
            agreed_at: mine.map(|row| rfc3339(row.agreed_at)),
            up_to_date: mine.is_some_and(|row| row.version == current.version),
        });
    }
    Ok(Json(answer))
}

/// The caller agrees to a version they were shown.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct AgreeTo {
    pub kind: LegalKind,
    /// The version shown to the user: agreeing to an older one than the current is refused
    /// (`legal_version_outdated`), so nobody agrees to a text they did not see.
    #[validate(range(min = 1))]
    #[schema(minimum = 1)]
    pub version: i64,
}

/// Record that the caller agreed to the current version of a text.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    request_body = AgreeTo,
    responses((status = 204, description = "Recorded"), (status = 409,
        description = "`legal_version_outdated`: a newer version was published; show it and ask again",
        body = crate::error::Problem, content_type = "application/problem+json"), BodyErrors),
)]
#[post("/me/agreements")]
pub async fn agree(
    state: AppState,
    req: HttpRequest,
    user: CurrentUser,
    ValidJson(body): ValidJson<AgreeTo>,
) -> ApiResult<HttpResponse> {
    record_agreement(&state.db, &user.id, body.kind, Some(body.version), &Origin::of(&req)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The current version of `kind`, writing the default first version on first use (so a new
/// installation has a text to agree to without a seeding step).
pub async fn current(db: &Db, kind: LegalKind) -> ApiResult<LegalDocument> {
    if let Some(row) = store::latest(db, kind.as_str()).await? {
        return Ok(document(kind, row));
    }
    let (title, body) = split_title(kind.default_text());
    store::insert_version(
        &db.pool,
        &store::NewVersion {
            kind: kind.as_str(),
            version: 1,
            title,
            body,
            change_note: None,
            published_by: None,
        },
    )
    .await
    .or_else(|err| match &err {
        // Two first readers at once: the other one wrote it.
        sqlx::Error::Database(db) if db.kind() == sqlx::error::ErrorKind::UniqueViolation => Ok(()),
        _ => Err(err),
    })?;
    let row = store::latest(db, kind.as_str())
        .await?
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("default legal text not stored")))?;
    Ok(document(kind, row))
}

/// Records that `user_id` agreed to `kind`. `shown` is the version the client showed: when a
/// newer one was published since, nothing is recorded and the caller must show it.
pub async fn record_agreement(
    db: &Db,
    user_id: &str,
    kind: LegalKind,
    shown: Option<i64>,
    origin: &Origin,
) -> ApiResult<()> {
    let version = check_shown(db, kind, shown).await?;
    store::insert_agreement(db, user_id, kind.as_str(), version, origin.ip.as_deref()).await
}

/// The current version of `kind`, or `legal_version_outdated` when the client showed another.
/// Registration forms call this before anything is spent, so the user can read and retry.
pub async fn check_shown(db: &Db, kind: LegalKind, shown: Option<i64>) -> ApiResult<i64> {
    let current = current(db, kind).await?.version;
    match shown {
        Some(shown) if shown != current => Err(ApiError::conflict("legal_version_outdated")),
        _ => Ok(current),
    }
}

/// Registration forms: the legal statement and privacy policy the form showed are current.
pub async fn check_terms_shown(db: &Db, terms: Option<i64>, privacy: Option<i64>) -> ApiResult<()> {
    check_shown(db, LegalKind::Terms, terms).await?;
    check_shown(db, LegalKind::Privacy, privacy).await?;
    Ok(())
}

/// A new account agreed to the legal statement and privacy policy it was shown.
pub async fn record_terms(
    db: &Db,
    terms: Option<i64>,
    privacy: Option<i64>,
    user_id: &str,
    origin: &Origin,
) -> ApiResult<()> {
    record_agreement(db, user_id, LegalKind::Terms, terms, origin).await?;
    record_agreement(db, user_id, LegalKind::Privacy, privacy, origin).await
}

fn document(kind: LegalKind, row: store::VersionRow) -> LegalDocument {
    LegalDocument {
        kind,
        version: row.version,
        title: row.title,
        body: row.body,
        change_note: row.change_note,
        published_at: rfc3339(row.published_at),
        is_default: row.published_by.is_none(),
    }
}

/// `# Title\n\nbody` → ("Title", "body").
fn split_title(text: &str) -> (&str, &str) {
    let text = text.trim();
    match text.strip_prefix("# ").and_then(|rest| rest.split_once('\n')) {
        Some((title, body)) => (title.trim(), body.trim()),
        None => ("", text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_text_has_a_title_and_a_body() {
        for kind in [LegalKind::Terms, LegalKind::Privacy, LegalKind::Charter] {
            let (title, body) = split_title(kind.default_text());
            assert!(!title.is_empty() && title.chars().count() <= 50, "{kind:?}: {title}");
            assert!(body.chars().count() > 1000, "{kind:?} is too short to be a real text");
            assert!(!body.contains("占位") && !body.contains("XXX"), "{kind:?} is a placeholder");
        }
    }
}
