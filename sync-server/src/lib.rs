//! cityaudit-sync: the sync server of cityaudit.
//!
//! Devices sync their Automerge documents in batches over plain HTTP
//! (`docs/protocol.md`), join audits with invite codes, and upload photo
//! blobs in resumable chunks. Facilitators create audits and invites and
//! see who has synced.
//!
//! This crate only wires HTTP and storage to `cityaudit-core`: the wire
//! types, the access policy and the documents' rules live there. It is not
//! a general Automerge relay: it knows the audit/response documents and
//! enforces who may read and write which.
//!
//! Layout: [`routes`] (HTTP) → [`service`] (one transaction per request) →
//! [`storage`] (trait; SQLite by default) and [`blobs`] (trait; a folder by
//! default). [`error::AppError`] is the one place errors become responses.
//! [`webapp`] serves the browser participant app's files at `/app/`.

#![warn(missing_docs)]

pub mod admin;
pub mod auth;
pub mod blobs;
pub mod documents;
pub mod error;
pub mod export;
pub mod extract;
pub mod listen;
pub mod ratelimit;
pub mod routes;
pub mod service;
pub mod state;
pub mod storage;
pub mod webapp;

pub use error::AppError;
pub use routes::router;
pub use state::AppState;
