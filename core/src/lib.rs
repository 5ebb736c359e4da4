//! cityaudit-core: the domain of city integration audits and all of its
//! logic — templates, the audit and response documents (Automerge), the
//! durable local store (SQLite), sync, media and analysis.
//!
//! The app, the browser app and the sync server are thin shells around this
//! crate: they parse input, call in here, and map errors. Core speaks HTTP
//! only through the sync client's transport (`sync::http`); it knows nothing
//! of Tauri or of HTTP frameworks.
//!
//! Layers, each using only those above it in this list:
//! - `ids`, `dates`, `limits`, `templates`, `model` (documents, values, `Role`), `media`
//!   (photo bytes and EXIF; knows nothing of profiles);
//! - `store` (SQLite), `analysis` (results, progress, comparisons);
//! - `profile` (one person's documents on one device, split by what the person does:
//!   field work, photos, preparing, facilitating, methods, settings, sync) and `sync`;
//! - `snapshot` (an audit read for output), then `export` and `report` on top of it;
//! - `views` (everything the screens show) and `commands` (what the shells call).

pub mod analysis;
pub mod basemap;
pub mod commands;
mod contract;
pub mod dates;
pub mod export;
pub mod ids;
pub mod limits;
pub mod media;
pub mod model;
pub mod profile;
pub mod report;
pub mod snapshot;
pub mod store;
pub mod sync;
pub mod templates;
pub mod tracks;
pub mod views;

#[cfg(test)]
mod testdata;
