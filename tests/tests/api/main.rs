//! Black-box tests of the HTTP API. One binary (linking once is what takes time); one module
//! per feature. Run on PostgreSQL with `TEST_DATABASE_URL=postgres://… cargo test`.

mod abuse;
mod admin;
mod auth;
mod categories;
mod classroom;
mod config;
mod database;
mod faults;
mod health;
mod idor;
mod integrators;
mod jobs;
mod legal;
mod live_learning;
mod media;
mod membership;
mod meta;
mod oidc;
mod openapi;
mod operations;
mod orgs;
mod passwords;
mod payment_compat;
mod payments;
mod problems;
mod readme_examples;
mod sms_gateway;
mod sso;
mod training;
mod trust;
mod two_instances;
mod web;
