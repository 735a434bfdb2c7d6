//! Ketang (课堂): one platform for a cloud classroom, subsidised enterprise training and
//! association membership. See `shared/docs/ARCHITECTURE.md` for the big picture.
//!
//! A guided tour: `startup` builds the server from `config::Settings`; `routes::routes`
//! mounts every feature module (`catalog`, `meta`, …), each owning its handlers, wire types
//! and SQL; `error::ApiError` is the one error type, rendered as localised problem+json;
//! `extract` validates requests at the edge; `db` is the SQLite/PostgreSQL boundary.
#![forbid(unsafe_code)]

pub mod access;
pub mod admin;
pub mod audit;
pub mod auth;
pub mod cache;
pub mod catalog;
pub mod classroom;
pub mod client_addr;
pub mod client_reports;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod error;
pub mod events;
pub mod extract;
pub mod i18n;
pub mod idempotency;
pub mod integrations;
pub mod integrators;
pub mod jobs;
pub mod keys;
pub mod legal;
pub mod media;
pub mod members;
pub mod messages;
pub mod meta;
pub mod openapi;
pub mod ops;
pub mod orgs;
pub mod pagination;
pub mod payments;
pub mod pdf;
pub mod pii;
pub mod routes;
pub mod sandbox;
pub mod spa;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod throttle;
pub mod title_index;
pub mod training;
pub mod xlsx;
