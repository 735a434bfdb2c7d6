//! The cloud classroom (SPEC §3): provider onboarding, lecturers, courses with review, the
//! public catalog, comments, live enrollment and sign-in, on-demand study time, and the admin
//! review of providers and courses.
//!
//! Reviewed content (a provider's public profile, a course) lives in revisions: the approved
//! revision is what the public sees, while a newer one waits for review beside it.
//!
//! Each part's SQL is in `store`, in a module of the same name (`store::courses` for
//! `courses`): one named function per statement.

pub(crate) mod catalog;
mod comments;
mod courses;
pub mod demo;
mod engagement;
mod lecturers;
mod providers;
mod review;
mod store;
pub(crate) mod title_search;

pub const TAG: &str = "classroom";

/// The public catalog's list and course page: the most requested routes of the product, so
/// they are registered ahead of all others (`openapi::api_v1`). actix tries routes in
/// registration order, running a regular expression for each route with a path parameter;
/// behind ~35 others, that matching was ~9 % of the server's CPU on these pages (bench P1,
/// P2). No other route matches `/courses` or `/courses/{course_id}`, so the order changes
/// nothing else.
pub fn configure_public_catalog(cfg: &mut impl crate::openapi::Routes) {
    cfg.service(catalog::list).service(catalog::get);
}

pub fn configure(cfg: &mut impl crate::openapi::Routes) {
    cfg.service(providers::apply)
        .service(providers::get_own)
        .service(providers::update)
        .service(providers::list_public)
        .service(providers::get_public)
        .service(lecturers::list)
        .service(lecturers::create)
        .service(lecturers::update)
        .service(lecturers::remove)
        .service(courses::list)
        .service(courses::create)
        .service(courses::get)
        .service(courses::update)
        .service(courses::submit)
        .service(courses::unlist)
        .service(courses::relist)
        .service(courses::remove)
        .service(courses::history)
        .service(comments::list_public)
        .service(comments::create)
        .service(comments::list_for_provider)
        .service(comments::reply_to_comment)
        .service(comments::hide_by_provider)
        .service(comments::hide_by_admin)
        .service(engagement::my_status)
        .service(engagement::enroll)
        .service(engagement::sign_in)
        .service(engagement::sign_in_code)
        .service(engagement::list_enrollments)
        .service(engagement::list_sign_ins)
        .service(engagement::export_enrollments)
        .service(engagement::export_sign_ins)
        .service(engagement::start_watching)
        .service(engagement::heartbeat)
        .service(engagement::org_study_time)
        .service(review::counts)
        .service(review::provider_queue)
        .service(review::provider_review)
        .service(review::approve_provider)
        .service(review::reject_provider)
        .service(review::course_queue)
        .service(review::course_review)
        .service(review::approve_course)
        .service(review::reject_course);
}
