//! The cloud classroom (SPEC §3): provider onboarding, lecturers, courses with review, the
//! public catalog, and the admin review of providers and courses.
//!
//! Reviewed content (a provider's public profile, a course) lives in revisions: the approved
//! revision is what the public sees, while a newer one waits for review beside it.

mod catalog;
mod courses;
mod lecturers;
mod providers;
mod review;

pub const TAG: &str = "classroom";

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig<'_>) {
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
        .service(catalog::list)
        .service(catalog::get)
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
