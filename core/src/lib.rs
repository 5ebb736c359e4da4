//! cityaudit-core: the domain of city integration audits and all of its
//! logic — templates, the audit and response documents (Automerge), the
//! durable local store (SQLite), sync, media and analysis.
//!
//! The app and the sync server are thin shells around this crate: they
//! parse input, call in here, and map errors. Nothing here knows of Tauri
//! or HTTP frameworks.

pub mod analysis;
pub mod commands;
mod contract;
pub mod dates;
pub mod export;
pub mod facilitator_views;
pub mod ids;
pub mod limits;
pub mod media;
pub mod model;
pub mod profile;
pub mod report;
pub mod store;
pub mod sync;
pub mod templates;
pub mod tracks;
pub mod views;

#[cfg(test)]
mod testdata;
