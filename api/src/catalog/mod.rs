//! The public catalog (SPEC §3.4). So far: the course topic categories, which the home page
//! and the course forms show. Courses, providers and their pages join this module later.

mod categories;
pub mod store;

pub use categories::Category;

pub const TAG: &str = "catalog";

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig<'_>) {
    cfg.service(categories::list_categories);
}
