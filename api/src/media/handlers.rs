use std::io::{Seek, SeekFrom, Write};

use actix_web::{
    HttpRequest, HttpResponse,
    body::SizedStream,
    get, head,
    http::header,
    post, put,
    web::{self, Json},
};
use futures_util::StreamExt;
use object_store::{GetOptions, GetRange};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::store::{self, MediaRow, UploadRow};
use super::{
    TAG,
    rules::{self, MediaPurpose},
    storage::{self, MediaStorage},
};
use crate::{
    access::CurrentUser,
    db::{new_id, now_ms, rfc3339},
    error::{ApiError, ApiResult},
    extract::{ValidJson, ValidQuery},
    openapi::{BodyErrors, SignedInErrors},
    state::AppState,
};

pub const CHUNK_BYTES: i64 = 1024 * 1024;
const UPLOAD_TTL_MS: i64 = 24 * 60 * 60 * 1000;
const SIGNED_URL_TTL_SECS: i64 = 10 * 60;
/// How long a presigned bucket URL (S3 storage) lives: long enough to start playing.
const PRIVATE_PRESIGN_TTL: std::time::Duration = std::time::Duration::from_secs(5 * 60);
const PUBLIC_PRESIGN_TTL: std::time::Duration = std::time::Duration::from_secs(60 * 60);

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct NewUpload {
    pub purpose: MediaPurpose,
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub file_name: String,
    /// Bytes; checked against the purpose's limit before anything is sent.
    #[validate(range(min = 1))]
    #[schema(minimum = 1)]
    pub size: i64,
    /// Lower-case hex SHA-256 of the whole file.
    #[validate(length(equal = 64))]
    #[schema(min_length = 64, max_length = 64)]
    pub sha256: String,
    /// The org the file belongs to (the caller must be a member).
    #[validate(length(max = 64))]
    pub org_id: Option<String>,
}

/// An upload session: send each chunk, then complete it. `received` lets a client resume.
#[derive(Debug, Serialize, ToSchema)]
pub struct Upload {
    pub id: String,
    pub purpose: MediaPurpose,
    pub size: i64,
    pub chunk_size: i64,
    pub chunk_count: i64,
    /// Chunk numbers the server has, ascending.
    pub received: Vec<i64>,
    /// `open` or `completed`.
    pub status: String,
    pub media_id: Option<String>,
    pub expires_at: String,
}

/// A stored file.
#[derive(Debug, Serialize, ToSchema)]
pub struct Media {
    pub id: String,
    pub purpose: MediaPurpose,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub width: Option<i64>,
    pub height: Option<i64>,
    pub duration_ms: Option<i64>,
    /// `public` files are served to anyone at `url`; `private` ones need a signed URL.
    pub visibility: String,
    pub url: String,
}

/// The 201 of an upload another request completed: its media.
async fn completed_answer(
    state: &AppState,
    user: &CurrentUser,
    upload_id: &str,
) -> ApiResult<HttpResponse> {
    let upload = find_upload(state, user, upload_id).await?;
    let media_id = upload.media_id.ok_or(ApiError::conflict("upload_in_progress"))?;
    Ok(HttpResponse::Created().json(load_media(state, &media_id).await?))
}

fn parse_purpose(value: &str) -> ApiResult<MediaPurpose> {
    serde_json::from_value(serde_json::Value::String(value.to_owned()))
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("stored purpose {value}: {e}")))
}

fn purpose_name(purpose: MediaPurpose) -> String {
    serde_json::to_value(purpose)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn chunk_count(size: i64, chunk_size: i64) -> i64 {
    (size + chunk_size - 1) / chunk_size
}

fn is_private(purpose: MediaPurpose) -> bool {
    matches!(purpose, MediaPurpose::PaymentVoucher | MediaPurpose::CourseVideo)
}

async fn find_upload(state: &AppState, user: &CurrentUser, id: &str) -> ApiResult<UploadRow> {
    store::upload_of(&state.db, id, &user.id).await?.ok_or(ApiError::NotFound)
}

async fn describe(state: &AppState, row: UploadRow) -> ApiResult<Upload> {
    let received = store::received_chunks(&state.db, &row.id).await?;
    Ok(Upload {
        purpose: parse_purpose(&row.purpose)?,
        chunk_count: chunk_count(row.size, row.chunk_size),
        id: row.id,
        size: row.size,
        chunk_size: row.chunk_size,
        received,
        status: row.status,
        media_id: row.media_id,
        expires_at: rfc3339(row.expires_at),
    })
}

/// Start an upload: declare the purpose, size and SHA-256; the size limit is checked now.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    request_body = NewUpload,
    responses((status = 201, body = Upload), BodyErrors),
)]
#[post("/uploads")]
pub async fn create_upload(
    state: AppState,
    user: CurrentUser,
    ValidJson(body): ValidJson<NewUpload>,
) -> ApiResult<HttpResponse> {
    let rule = body.purpose.rule();
    if u64::try_from(body.size).unwrap_or(u64::MAX) > rule.max_bytes {
        return Err(ApiError::Validation(vec![
            crate::error::FieldError::new("size", "media_too_large")
                .with_param("max", rules::human_size(rule.max_bytes))
                .with_param("actual", rules::human_size(u64::try_from(body.size).unwrap_or(0))),
        ]));
    }
    let sha256 = body.sha256.to_ascii_lowercase();
    if !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ApiError::invalid("sha256", "invalid_type"));
    }
    if let Some(org_id) = &body.org_id
        && !store::is_active_member(&state.db, org_id, &user.id).await?
    {
        return Err(ApiError::NotFound);
    }
    let id = new_id();
    let now = now_ms();
    store::insert_upload(
        &state.db,
        &store::NewUpload {
            id: &id,
            owner_user_id: &user.id,
            org_id: body.org_id.as_deref(),
            purpose: &purpose_name(body.purpose),
            file_name: body.file_name.trim(),
            size: body.size,
            sha256: &sha256,
            chunk_size: CHUNK_BYTES,
            created_at: now,
            expires_at: now + UPLOAD_TTL_MS,
        },
    )
    .await?;
    let row = find_upload(&state, &user, &id).await?;
    Ok(HttpResponse::Created().json(describe(&state, row).await?))
}

/// Unfinished uploads past their expiry go, with their staged chunks (the recurring
/// `media.sweep_uploads` job). Returns how many went.
pub async fn sweep_expired_uploads(state: &AppState) -> anyhow::Result<usize> {
    let mut swept = 0;
    loop {
        let stale = store::expired_open_uploads(&state.db, now_ms()).await?;
        if stale.is_empty() {
            return Ok(swept);
        }
        for (id, size, chunk_size) in stale {
            for n in 0..chunk_count(size, chunk_size) {
                match state.media.store.delete(&MediaStorage::chunk_path(&id, n)).await {
                    Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                    Err(err) => return Err(anyhow::Error::new(err).context("delete staged chunk")),
                }
            }
            store::delete_upload(&state.db, &id).await?;
            swept += 1;
        }
    }
}

/// The session, with the chunks received so far (to resume after a dropped connection).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("upload_id" = String, Path, description = "Upload id")),
    responses((status = 200, body = Upload), SignedInErrors),
)]
#[get("/uploads/{upload_id}")]
pub async fn get_upload(
    state: AppState,
    user: CurrentUser,
    path: web::Path<String>,
) -> ApiResult<Json<Upload>> {
    let row = find_upload(&state, &user, &path).await?;
    Ok(Json(describe(&state, row).await?))
}

/// Raw chunk bytes.
#[derive(ToSchema)]
#[schema(value_type = String, format = Binary)]
#[allow(dead_code, reason = "describes the request body in the spec; the handler streams it")]
pub struct ChunkBytes(Vec<u8>);

/// Send chunk `n` (0-based) of `chunk_size` bytes (the last one holds the rest). Sending a
/// chunk again replaces it.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("upload_id" = String, Path, description = "Upload id"), ("n" = i64, Path, description = "Chunk number")),
    request_body(content = ChunkBytes, content_type = "application/octet-stream"),
    responses((status = 204, description = "Stored"), (status = 409, description = "`upload_completed`: the upload is already complete",
        body = crate::error::Problem, content_type = "application/problem+json"), BodyErrors),
)]
#[put("/uploads/{upload_id}/chunks/{n}")]
pub async fn put_chunk(
    state: AppState,
    user: CurrentUser,
    path: web::Path<(String, i64)>,
    mut payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let (upload_id, n) = path.into_inner();
    let upload = find_upload(&state, &user, &upload_id).await?;
    if upload.status != "open" {
        return Err(ApiError::conflict("upload_completed"));
    }
    let count = chunk_count(upload.size, upload.chunk_size);
    if !(0..count).contains(&n) {
        return Err(ApiError::invalid("n", "range"));
    }
    let expected =
        if n == count - 1 { upload.size - n * upload.chunk_size } else { upload.chunk_size };
    let expected = usize::try_from(expected).unwrap_or_default();
    let mut bytes = web::BytesMut::with_capacity(expected);
    while let Some(part) = payload.next().await {
        let part = part.map_err(|_| ApiError::BadRequest { code: "bad_request", detail: None })?;
        if bytes.len() + part.len() > expected {
            return Err(ApiError::invalid("chunk", "chunk_size").into_chunk_error(expected));
        }
        bytes.extend_from_slice(&part);
    }
    if bytes.len() != expected {
        return Err(ApiError::invalid("chunk", "chunk_size").into_chunk_error(expected));
    }
    let size = i64::try_from(bytes.len()).unwrap_or_default();
    state
        .media
        .store
        .put(&MediaStorage::chunk_path(&upload_id, n), bytes.freeze().into())
        .await
        .map_err(|e| ApiError::Internal(anyhow::Error::new(e).context("stage chunk")))?;
    store::record_chunk(&state.db, &upload_id, n, size).await?;
    Ok(HttpResponse::NoContent().finish())
}

impl ApiError {
    fn into_chunk_error(self, expected: usize) -> ApiError {
        ApiError::Validation(vec![
            crate::error::FieldError::new("chunk", "chunk_size").with_param("expected", expected),
        ])
    }
}

/// Finish: the chunks are joined, the size and SHA-256 checked, the bytes validated for the
/// purpose (SPEC §4), and the file stored once per content.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("upload_id" = String, Path, description = "Upload id")),
    responses((status = 201, body = Media), BodyErrors),
)]
#[post("/uploads/{upload_id}/complete")]
pub async fn complete_upload(
    state: AppState,
    user: CurrentUser,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let upload = find_upload(&state, &user, &path).await?;
    if let Some(media_id) = &upload.media_id {
        return Ok(HttpResponse::Created().json(load_media(&state, media_id).await?));
    }
    let purpose = parse_purpose(&upload.purpose)?;
    let count = chunk_count(upload.size, upload.chunk_size);
    let received = store::chunks_received(&state.db, &upload.id).await?;
    if received != count {
        return Err(ApiError::Validation(vec![
            crate::error::FieldError::new("chunks", "upload_incomplete")
                .with_param("received", received)
                .with_param("expected", count),
        ]));
    }
    let mut file = tempfile::tempfile().map_err(|e| ApiError::Internal(e.into()))?;
    let mut hasher = Sha256::new();
    for n in 0..count {
        let bytes = state
            .media
            .store
            .get(&MediaStorage::chunk_path(&upload.id, n))
            .await
            .map_err(|e| ApiError::Internal(anyhow::Error::new(e).context("read chunk")));
        // A concurrent completion finished first and removed the chunks: answer with its media.
        let bytes = match bytes {
            Ok(object) => object
                .bytes()
                .await
                .map_err(|e| ApiError::Internal(anyhow::Error::new(e).context("read chunk"))),
            Err(err) => Err(err),
        };
        let bytes = match bytes {
            Ok(bytes) => bytes,
            Err(err) => {
                return match completed_answer(&state, &user, &upload.id).await {
                    Ok(answer) => Ok(answer),
                    Err(_) => Err(err),
                };
            }
        };
        hasher.update(&bytes);
        file.write_all(&bytes).map_err(|e| ApiError::Internal(e.into()))?;
    }
    let sha256 = hex::encode(hasher.finalize());
    if sha256 != upload.sha256 {
        return Err(ApiError::invalid("sha256", "media_hash_mismatch"));
    }
    file.seek(SeekFrom::Start(0)).map_err(|e| ApiError::Internal(e.into()))?;
    let size = u64::try_from(upload.size).unwrap_or_default();
    let inspected = {
        let mut reader = file.try_clone().map_err(|e| ApiError::Internal(e.into()))?;
        tokio::task::spawn_blocking(move || rules::inspect(purpose, size, &mut reader))
            .await
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("inspect task: {e}")))?
            .map_err(|field| ApiError::Validation(vec![field]))?
    };
    let blob = MediaStorage::blob_path(&sha256);
    if state.media.store.head(&blob).await.is_err() {
        file.seek(SeekFrom::Start(0)).map_err(|e| ApiError::Internal(e.into()))?;
        state.media.put_file(&blob, &mut file, inspected.format.content_type()).await?;
    }
    let media_id = new_id();
    let mut tx = state.db.begin().await?;
    store::insert_media(
        &mut *tx,
        &store::NewMedia {
            id: &media_id,
            upload: &upload,
            sha256: &sha256,
            content_type: inspected.format.content_type(),
            width: inspected.width.map(i64::from),
            height: inspected.height.map(i64::from),
            duration_ms: inspected.duration_ms.and_then(|d| i64::try_from(d).ok()),
            visibility: if is_private(purpose) { "private" } else { "public" },
        },
    )
    .await?;
    // Only the first of concurrent completions turns the upload into media; the others
    // (their media row rolled back) answer with the winner's.
    if !store::complete_upload(&mut *tx, &upload.id, &media_id).await? {
        drop(tx);
        return completed_answer(&state, &user, &upload.id).await;
    }
    tx.commit().await?;
    for n in 0..count {
        state.media.store.delete(&MediaStorage::chunk_path(&upload.id, n)).await.ok();
    }
    Ok(HttpResponse::Created().json(load_media(&state, &media_id).await?))
}

/// The rows of files served so far. A media row never changes once written (files are
/// content-addressed and never edited or deleted), so serving needs no query after the first
/// (bench P3: a query per range request of a playing video). Bounded: starts over when full.
#[derive(Debug, Default)]
pub struct ServedRows(
    std::sync::Mutex<std::collections::HashMap<String, std::sync::Arc<MediaRow>>>,
);

const SERVED_ROWS_KEPT: usize = 4096;

impl ServedRows {
    async fn get(&self, state: &AppState, id: &str) -> ApiResult<std::sync::Arc<MediaRow>> {
        let lock = || self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(row) = lock().get(id) {
            return Ok(row.clone());
        }
        let row = std::sync::Arc::new(media_row(state, id).await?);
        let mut rows = lock();
        if rows.len() >= SERVED_ROWS_KEPT {
            rows.clear();
        }
        rows.insert(id.to_owned(), row.clone());
        Ok(row)
    }
}

async fn media_row(state: &AppState, id: &str) -> ApiResult<MediaRow> {
    store::media_row(&state.db, id).await?.ok_or(ApiError::NotFound)
}

async fn load_media(state: &AppState, id: &str) -> ApiResult<Media> {
    let row = media_row(state, id).await?;
    Ok(Media {
        purpose: parse_purpose(&row.purpose)?,
        url: format!("/media/{}", row.id),
        id: row.id,
        content_type: row.content_type,
        size: row.size,
        sha256: row.sha256,
        width: row.width,
        height: row.height,
        duration_ms: row.duration_ms,
        visibility: row.visibility,
    })
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SignedUrl {
    /// Relative to this server; valid until `expires_at`.
    pub url: String,
    pub expires_at: String,
}

fn signature(state: &AppState, media_id: &str, expires: i64) -> String {
    state.keys.hash(&["media", media_id, &expires.to_string()])
}

/// A short-lived URL for a private file (its uploader, a member of its org, or a platform
/// operator — reviewers watch submitted videos and check payment vouchers).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("media_id" = String, Path, description = "Media id")),
    responses((status = 200, body = SignedUrl), SignedInErrors),
)]
#[post("/media/{media_id}/signed-url")]
pub async fn sign_media_url(
    state: AppState,
    user: CurrentUser,
    path: web::Path<String>,
) -> ApiResult<Json<SignedUrl>> {
    let row = media_row(&state, &path).await?;
    let allowed = row.owner_user_id == user.id
        || match &row.org_id {
            Some(org_id) => store::is_active_member(&state.db, org_id, &user.id).await?,
            None => false,
        }
        || store::is_operator(&state.db, &user.id).await?;
    if !allowed {
        return Err(ApiError::NotFound);
    }
    Ok(Json(signed_url(&state, &row.id, SIGNED_URL_TTL_SECS)))
}

/// A URL that serves a private file to whoever holds it, for `valid_secs`.
pub fn signed_url(state: &AppState, media_id: &str, valid_secs: i64) -> SignedUrl {
    let expires = now_ms() / 1000 + valid_secs;
    SignedUrl {
        url: format!(
            "/media/{media_id}?expires={expires}&signature={}",
            signature(state, media_id, expires)
        ),
        expires_at: rfc3339(expires * 1000),
    }
}

/// Checks that `media_id` may be attached where `field` wants a file of `purpose`: it exists,
/// was uploaded for that purpose, and belongs to the org (or was uploaded by the caller).
pub async fn check_attachable(
    state: &AppState,
    media_id: &str,
    purpose: MediaPurpose,
    org_id: &str,
    user_id: &str,
    field: &str,
) -> ApiResult<()> {
    let row = match media_row(state, media_id).await {
        Err(ApiError::NotFound) => return Err(ApiError::invalid(field, "media_not_found")),
        other => other?,
    };
    let owned = row.org_id.as_deref() == Some(org_id) || row.owner_user_id == user_id;
    if !owned {
        return Err(ApiError::invalid(field, "media_not_found"));
    }
    if row.purpose != purpose_name(purpose) {
        return Err(ApiError::Validation(vec![
            crate::error::FieldError::new(field, "media_wrong_purpose")
                .with_param("expected", purpose_name(purpose)),
        ]));
    }
    Ok(())
}

#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct MediaAccess {
    /// Unix seconds; with `signature`, for private files.
    pub expires: Option<i64>,
    #[validate(length(max = 128))]
    pub signature: Option<String>,
}

/// Parses a single `bytes=` range against a length: Ok(None) for no header, Err for unsatisfiable.
/// RFC 9110 §14: one byte range, `Ok(Some((first, last)))`; `Ok(None)` to serve the whole file
/// (no `Range`, a unit other than `bytes` — which a server must ignore —, several ranges — which
/// a server may answer whole, as players never ask for them —, or a malformed range);
/// `Err(())` when the one range lies outside the file (416).
pub fn parse_range(header: Option<&str>, len: u64) -> Result<Option<(u64, u64)>, ()> {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else {
        return Ok(None);
    };
    if spec.contains(',') {
        return Ok(None);
    }
    let Some((start, end)) = spec.split_once('-') else { return Ok(None) };
    let parse = |text: &str| text.parse::<u64>().ok();
    let (start, end) = match (start.trim(), end.trim()) {
        ("", suffix) => match parse(suffix) {
            Some(0) => return Err(()),
            Some(_) if len == 0 => return Err(()),
            Some(suffix) => (len.saturating_sub(suffix), len - 1),
            None => return Ok(None),
        },
        (start, "") => match parse(start) {
            Some(start) => (start, len.saturating_sub(1)),
            None => return Ok(None),
        },
        (start, end) => match (parse(start), parse(end)) {
            (Some(start), Some(end)) if start <= end => (start, end.min(len.saturating_sub(1))),
            _ => return Ok(None),
        },
    };
    if start >= len || start > end { Err(()) } else { Ok(Some((start, end))) }
}

/// A stored file, with `Range` support (206) for players that seek. Public files are
/// cacheable; private ones need a signed URL (`expires` + `signature`; 403 when wrong or old).
/// With S3 storage, a redirect to a presigned bucket URL instead (302).
#[utoipa::path(
    tag = TAG,
    params(("media_id" = String, Path, description = "Media id"), MediaAccess),
    responses(
        (status = 200, description = "The file"),
        (status = 206, description = "The requested range"),
        (status = 302, description = "With S3 storage: to a presigned URL of the bucket"),
        (status = 403, description = "Missing, wrong or expired signature", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such file", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 416, description = "Unsatisfiable range", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Malformed `expires` or `signature`", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/media/{media_id}")]
pub async fn serve_media(
    state: AppState,
    req: HttpRequest,
    path: web::Path<String>,
    ValidQuery(access): ValidQuery<MediaAccess>,
) -> ApiResult<HttpResponse> {
    serve(state, req, path, access).await
}

/// The headers `GET /media/{media_id}` would answer, without the body (RFC 9110 §9.3.2):
/// players and link checkers ask for a file's length and type this way.
#[utoipa::path(
    tag = TAG,
    params(("media_id" = String, Path, description = "Media id"), MediaAccess),
    responses(
        (status = 200, description = "The file's headers"),
        (status = 206, description = "The requested range's headers"),
        (status = 302, description = "With S3 storage: to a presigned URL of the bucket"),
        (status = 403, description = "Missing, wrong or expired signature"),
        (status = 404, description = "No such file"),
        (status = 416, description = "Unsatisfiable range"),
        (status = 422, description = "Malformed `expires` or `signature`"),
    ),
)]
#[head("/media/{media_id}")]
pub async fn head_media(
    state: AppState,
    req: HttpRequest,
    path: web::Path<String>,
    ValidQuery(access): ValidQuery<MediaAccess>,
) -> ApiResult<HttpResponse> {
    serve(state, req, path, access).await
}

async fn serve(
    state: AppState,
    req: HttpRequest,
    path: web::Path<String>,
    access: MediaAccess,
) -> ApiResult<HttpResponse> {
    // The composition root registers the cache beside the state (it is media's own).
    let rows = req.app_data::<web::Data<ServedRows>>().cloned().unwrap_or_default();
    let row = rows.get(&state, &path).await?;
    if row.visibility == "private" {
        let (Some(expires), Some(signature_given)) = (access.expires, access.signature.as_deref())
        else {
            return Err(ApiError::Forbidden);
        };
        if expires < now_ms() / 1000 || signature(&state, &row.id, expires) != signature_given {
            return Err(ApiError::Forbidden);
        }
    }
    let blob = MediaStorage::blob_path(&row.sha256);
    // From a bucket, the bucket serves the bytes (ranges included): send the browser there.
    // Public files' redirects may be cached for a while, private ones' never.
    let (valid_for, redirect_cache) = if row.visibility == "public" {
        (PUBLIC_PRESIGN_TTL, "public, max-age=3000")
    } else {
        (PRIVATE_PRESIGN_TTL, "private, no-store")
    };
    if let Some(url) = state.media.presigned_get(&blob, valid_for).await? {
        return Ok(HttpResponse::Found()
            .insert_header((header::LOCATION, url))
            .insert_header((header::CACHE_CONTROL, redirect_cache))
            .finish());
    }
    let etag = format!("\"{}\"", row.sha256);
    let cache = if row.visibility == "public" {
        "public, max-age=31536000, immutable"
    } else {
        "private, no-store"
    };
    if req.headers().get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(etag.as_str())
    {
        return Ok(HttpResponse::NotModified().insert_header((header::ETAG, etag)).finish());
    }
    if let Some(internal) = state.media.accel_redirect(&blob) {
        // Behind nginx: it sends the file (and answers `Range` itself) from its internal
        // location with sendfile; the site passes these headers on with it.
        let mut response = HttpResponse::Ok();
        response.insert_header(("X-Accel-Redirect", internal));
        return Ok(file_headers(&mut response, &row, etag, cache).finish());
    }
    let len = u64::try_from(row.size).unwrap_or_default();
    let range = req.headers().get(header::RANGE).and_then(|v| v.to_str().ok());
    let range = match parse_range(range, len) {
        Ok(range) => range,
        Err(()) => return Err(ApiError::RangeNotSatisfiable { len: Some(len) }),
    };
    let (start, count) = match range {
        Some((start, end)) => (start, end - start + 1),
        None => (0, len),
    };
    let body =
        match state.media.local_file(&blob) {
            Some(file) => {
                let stream = storage::read_local(file, start, count)
                    .await
                    .map_err(|e| ApiError::Internal(anyhow::Error::new(e).context("read media")))?;
                SizedStream::new(count, stream.boxed_local())
            }
            None => {
                let options = GetOptions {
                    range: range.map(|(start, end)| GetRange::Bounded(start..end + 1)),
                    ..Default::default()
                };
                let result =
                    state.media.store.get_opts(&blob, options).await.map_err(|e| {
                        ApiError::Internal(anyhow::Error::new(e).context("read media"))
                    })?;
                SizedStream::new(
                    count,
                    result
                        .into_stream()
                        .map(|chunk| chunk.map_err(std::io::Error::other))
                        .boxed_local(),
                )
            }
        };
    let mut response = match range {
        Some((start, end)) => {
            let mut response = HttpResponse::PartialContent();
            response.insert_header((header::CONTENT_RANGE, format!("bytes {start}-{end}/{len}")));
            response
        }
        None => HttpResponse::Ok(),
    };
    Ok(file_headers(&mut response, &row, etag, cache).body(body))
}

/// The headers every served file carries.
fn file_headers<'r>(
    response: &'r mut actix_web::HttpResponseBuilder,
    row: &MediaRow,
    etag: String,
    cache: &'static str,
) -> &'r mut actix_web::HttpResponseBuilder {
    // Uploaded files are the users', not ours: never a document that runs script in our
    // origin. A PDF (which can carry JavaScript in /OpenAction) is downloaded, not opened
    // inline; anything opened directly is sandboxed (no script, no same-origin access).
    if row.content_type == "application/pdf" {
        response.insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}.pdf\"", row.id),
        ));
    }
    response
        .content_type(row.content_type.as_str())
        .insert_header((header::CONTENT_SECURITY_POLICY, MEDIA_CSP))
        .insert_header((header::ACCEPT_RANGES, "bytes"))
        .insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, cache))
}

/// The policy of every served upload: a sandbox without scripts, showing only itself.
const MEDIA_CSP: &str = "sandbox; default-src 'none'; img-src 'self'; media-src 'self'; \
                         style-src 'unsafe-inline'";

#[cfg(test)]
mod tests {
    use super::parse_range;

    #[test]
    fn ranges_parse_as_rfc_9110_says() {
        assert_eq!(parse_range(None, 100), Ok(None));
        assert_eq!(parse_range(Some("bytes=0-9"), 100), Ok(Some((0, 9))));
        assert_eq!(parse_range(Some("bytes=50-"), 100), Ok(Some((50, 99))));
        assert_eq!(parse_range(Some("bytes=-10"), 100), Ok(Some((90, 99))));
        assert_eq!(parse_range(Some("bytes=90-200"), 100), Ok(Some((90, 99))));
        assert_eq!(parse_range(Some("bytes=100-"), 100), Err(()));
        assert_eq!(parse_range(Some("bytes=9-3"), 100), Ok(None), "malformed: ignored");
        // Answered whole: another unit (ignored), several ranges, a malformed one.
        assert_eq!(parse_range(Some("items=0-1"), 100), Ok(None));
        assert_eq!(parse_range(Some("bytes=0-9,50-59"), 100), Ok(None));
        assert_eq!(parse_range(Some("bytes=abc"), 100), Ok(None));
        assert_eq!(parse_range(Some("bytes=5-1"), 100), Ok(None));
        assert_eq!(parse_range(Some("bytes=0-0"), 0), Err(()));
    }
}
