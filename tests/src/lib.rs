//! Shared helpers for cityaudit's behaviour tests: the real sync server
//! binary on a loopback port, its admin command, and devices that speak the
//! sync protocol.

pub mod device;
pub mod server;
