//! Sync between a device and the sync server: the wire protocol shared by
//! both sides, the server's access policy, and the device-side client.

pub mod access;
pub mod client;
pub mod facilitator;
pub mod joining;
pub mod protocol;
