//! Helpers for cityaudit's behaviour tests: a WebDriver client and the
//! processes an end-to-end test of the desktop app needs.

#[cfg(unix)]
pub mod desktop;
pub mod webdriver;
