//! The classroom's SQL: one module per part of the feature, named like the handler module it
//! serves, with one named function per statement. Handlers validate, call these, audit and
//! respond; the row structs here are what the statements read.

pub mod catalog;
pub mod comments;
pub mod courses;
pub mod demo;
pub mod engagement;
pub mod lecturers;
pub mod providers;
pub mod review;
pub mod title_search;
