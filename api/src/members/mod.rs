//! Association membership (SPEC §6): units register and are reviewed (`registration`), sign
//! in with a password and a WeChat scan (`sign_in`), complete their profile (`membership`)
//! and pay their dues (`dues`; online gateways in `crate::payments`). Admins keep the
//! vocabularies and the fee schedule (`vocabulary`). Every statement is in `store`.

pub mod demo;
pub mod dues;
pub mod membership;
mod registration;
mod sign_in;
pub mod store;
pub mod vocabulary;

pub const TAG: &str = "membership";

pub fn configure(cfg: &mut impl crate::openapi::Routes) {
    cfg.service(vocabulary::list_user_types)
        .service(vocabulary::list_entries)
        .service(vocabulary::create_entry)
        .service(vocabulary::update_entry)
        .service(vocabulary::list_fees)
        .service(vocabulary::set_fee)
        .service(registration::register)
        .service(registration::lookup_status)
        .service(registration::apply_as_org)
        .service(registration::queue)
        .service(registration::get_one)
        .service(registration::decide)
        .service(registration::admin_update)
        .service(registration::reset_wechat)
        .service(sign_in::sign_in)
        .service(sign_in::start_wechat)
        .service(sign_in::wechat_callback)
        .service(membership::get_membership)
        .service(membership::update_profile)
        .service(membership::add_council_representative)
        .service(membership::remove_council_representative)
        .service(membership::unbind_wechat)
        .service(dues::get_dues)
        .service(dues::list_payments)
        .service(dues::get_payment)
        .service(dues::submit_offline)
        .service(dues::update_offline)
        .service(dues::delete_offline)
        .service(dues::receipt)
        .service(dues::admin_queue)
        .service(dues::admin_payment)
        .service(dues::admin_receipt)
        .service(dues::decide_offline);
}
