//! Media (SPEC §4): resumable chunked uploads, validation by the bytes (`rules`), storage
//! through `object_store`, content-addressed (`storage`), and serving with `Range` and signed
//! URLs for private files (`handlers`).

mod handlers;
mod store;
pub use handlers::{ServedRows, SignedUrl, check_attachable, signed_url};
pub mod rules;
pub use crate::integrations::storage;

pub const TAG: &str = "media";

/// The recurring job that removes unfinished uploads past their expiry.
pub const SWEEP_UPLOADS_JOB: &str = "media.sweep_uploads";

/// Runs the sweep (see `jobs`).
pub async fn sweep(state: &crate::state::AppState) -> anyhow::Result<()> {
    let swept = handlers::sweep_expired_uploads(state).await?;
    if swept > 0 {
        tracing::info!(swept, "expired uploads removed");
    }
    Ok(())
}

/// `/api/v1` routes.
/// The background work of media: sweeping abandoned uploads every ten minutes.
pub fn register_jobs(kinds: &mut crate::jobs::JobKinds) {
    kinds
        .runs(SWEEP_UPLOADS_JOB, |state, _| Box::pin(sweep(state)))
        .every(SWEEP_UPLOADS_JOB, std::time::Duration::from_secs(10 * 60));
}

pub fn configure(cfg: &mut impl crate::openapi::Routes) {
    cfg.service(handlers::create_upload)
        .service(handlers::get_upload)
        .service(handlers::put_chunk)
        .service(handlers::complete_upload)
        .service(handlers::sign_media_url);
}

/// `/media/{id}`, outside the API prefix so players and `<img>` can use it directly.
pub fn configure_files(cfg: &mut impl crate::openapi::Routes) {
    cfg.service(handlers::serve_media).service(handlers::head_media);
}
