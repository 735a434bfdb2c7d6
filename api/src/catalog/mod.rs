//! The course topic categories (SPEC §3.3, admin-managed), which the home page, the catalog
//! filters and the course forms show. Courses and providers live in `classroom`.

mod categories;
pub mod store;

pub use categories::Category;

pub const TAG: &str = "catalog";

pub fn configure(cfg: &mut impl crate::openapi::Routes) {
    cfg.service(categories::list_categories);
}
