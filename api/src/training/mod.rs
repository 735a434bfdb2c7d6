//! Subsidised enterprise training (SPEC §5): classes with never-repeating codes; their
//! students — one by one or imported from xlsx, activated (then read-only), exported — with
//! their personal data sealed at rest; sync to the live platform, sessions, and learning
//! records pulled back by a background job into effective study time.

mod certificate;
mod classes;
pub mod demo;
mod linked_courses;
pub mod live;
mod my_records;
mod store;
pub mod students;
pub mod study_time;
mod subsidy;

pub const TAG: &str = "training";

/// The background work of training: class sync, learning-record pulls and their schedule,
/// and the expiry of import error reports.
pub fn register_jobs(kinds: &mut crate::jobs::JobKinds) {
    use std::time::Duration;
    kinds
        .runs(live::SYNC_CLASS_JOB, |state, job| Box::pin(live::sync_class(state, job)))
        .runs(live::PULL_RECORDS_JOB, |state, job| Box::pin(live::pull_records(state, job)))
        .runs(live::SCHEDULE_PULLS_JOB, |state, _| Box::pin(live::schedule_pulls(state)))
        .every(live::SCHEDULE_PULLS_JOB, Duration::from_secs(6 * 60 * 60))
        .runs(students::EXPIRE_ERROR_REPORTS_JOB, |state, _| {
            Box::pin(students::expire_error_reports(state))
        })
        .every(students::EXPIRE_ERROR_REPORTS_JOB, Duration::from_secs(60 * 60));
}

pub fn configure(cfg: &mut impl crate::openapi::Routes) {
    cfg.service(classes::list_class_types)
        .service(classes::create)
        .service(classes::list)
        .service(classes::get)
        .service(classes::update)
        .service(classes::remove)
        .service(students::template)
        .service(students::list)
        .service(students::create)
        .service(students::activate)
        .service(students::delete_batch)
        .service(students::import)
        .service(students::error_report)
        .service(students::export)
        .service(students::get)
        .service(students::update)
        .service(students::remove)
        .service(linked_courses::list)
        .service(linked_courses::set)
        .service(live::sync)
        .service(live::sync_status)
        .service(live::export_contacts)
        .service(live::schedule)
        .service(live::list_sessions)
        .service(live::refresh_records)
        .service(live::get_job)
        .service(live::class_records)
        .service(live::student_records)
        .service(live::session_viewers)
        .service(live::export_records)
        .service(subsidy::get_rules)
        .service(subsidy::set_rules)
        .service(subsidy::get_preview)
        .service(subsidy::get_application)
        .service(subsidy::apply)
        .service(subsidy::queue)
        .service(subsidy::decide)
        .service(my_records::my_learning_records)
        .service(certificate::current_certificate)
        .service(certificate::issue)
        .service(certificate::download)
        .service(certificate::verify);
}
