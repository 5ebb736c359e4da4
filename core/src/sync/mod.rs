//! Sync between a device and the sync server: the wire protocol shared by
//! both sides, the server's access policy, the device-side client and its photo
//! downloads.

pub mod access;
pub mod basemap_download;
pub mod budget;
pub mod client;
pub mod download;
pub mod facilitator;
pub mod http;
pub mod invites;
pub mod joining;
pub mod prepare;
pub mod protocol;
pub mod schedule;
