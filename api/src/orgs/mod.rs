//! Organizations (SPEC §2): create an org (its creator is the owner), read and edit its
//! profile, manage sub-accounts by phone with roles, and certification by a platform admin
//! (海易办 legal-person certification joins with the SSO work). Certified fields that came
//! from the government are read-only for the org.

mod handlers;
pub mod store;

pub const TAG: &str = "orgs";

pub fn configure(cfg: &mut impl crate::openapi::Routes) {
    cfg.service(handlers::create_org)
        .service(handlers::list_my_orgs)
        .service(handlers::get_org)
        .service(handlers::update_org)
        .service(handlers::list_members)
        .service(handlers::add_member)
        .service(handlers::change_member_role)
        .service(handlers::remove_member)
        .service(handlers::certify_org);
}
