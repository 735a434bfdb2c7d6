//! Serving the built SPA from `web/dist` at `/`, with history fallback: any GET outside the
//! API that names no file gets `index.html`, so deep links (`/courses/…`) load the app. The
//! SPA stays deployable on its own; this only saves a second process when trying the product.

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::{
    HttpRequest, HttpResponse,
    dev::{ServiceRequest, ServiceResponse, fn_service},
    guard::{self, GuardContext},
    http::header::{self, CacheControl, CacheDirective},
};

/// Paths the SPA never owns: unknown ones there are API 404s, not the app's index page.
pub fn is_server_path(path: &str) -> bool {
    ["/api", "/sandbox", "/media", "/docs"]
        .iter()
        .any(|prefix| path == *prefix || path.starts_with(&format!("{prefix}/")))
}

fn spa_request(ctx: &GuardContext<'_>) -> bool {
    !is_server_path(ctx.head().uri.path())
}

/// The built SPA, when there is one.
#[derive(Debug, Clone)]
pub struct Spa {
    dist_dir: PathBuf,
    index: PathBuf,
}

impl Spa {
    /// `None` when the SPA has not been built: the server then serves the API only.
    pub fn find(dist_dir: &Path) -> Option<Self> {
        let index = dist_dir.join("index.html");
        if !index.is_file() {
            tracing::info!(dist = %dist_dir.display(), "no SPA build found; serving the API only");
            return None;
        }
        Some(Self { dist_dir: dist_dir.to_path_buf(), index })
    }

    /// `/` itself, answered with the index like every other app route.
    pub fn root(&self) -> actix_web::Resource {
        let index = self.index.clone();
        actix_web::web::resource("/").route(actix_web::web::get().to(move |req: HttpRequest| {
            let index = index.clone();
            async move { index_response(&req, &index) }
        }))
    }

    /// Files under `dist`, falling back to the index for paths that name no file.
    pub fn files(&self) -> Files {
        let index = self.index.clone();
        Files::new("/", &self.dist_dir)
            .guard(guard::Any(guard::Get()).or(guard::Head()))
            .guard(guard::fn_guard(spa_request))
            .default_handler(fn_service(move |req: ServiceRequest| {
                let index = index.clone();
                async move {
                    let (req, _) = req.into_parts();
                    let res = index_response(&req, &index)?;
                    Ok(ServiceResponse::new(req, res))
                }
            }))
    }
}

fn index_response(req: &HttpRequest, index: &Path) -> Result<HttpResponse, actix_web::Error> {
    let mut res = NamedFile::open(index)?.into_response(req);
    // The index names the hashed asset files of the current build: always revalidate it.
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_str(&CacheControl(vec![CacheDirective::NoCache]).to_string())
            .map_err(actix_web::error::ErrorInternalServerError)?,
    );
    Ok(res)
}
