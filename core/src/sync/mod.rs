//! Sync between a device and the sync server: the wire protocol shared by
//! both sides, and the device-side client.

pub mod client;
pub mod protocol;
