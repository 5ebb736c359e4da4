//! Helpers for cityaudit's behaviour tests: the real sync server binary on a
//! loopback port and its admin command, devices that speak the sync protocol,
//! a throwaway PostgreSQL cluster, a WebDriver client and the processes an
//! end-to-end test of the desktop app needs, and the browser app in a
//! phone-emulating Chromium, and the accessibility checks run in it.

#[cfg(target_os = "linux")]
pub mod accessibility;
#[cfg(target_os = "linux")]
pub mod browser;
#[cfg(unix)]
pub mod desktop;
pub mod device;
pub mod postgres;
pub mod server;
pub mod webdriver;
pub mod window;
