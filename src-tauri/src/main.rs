//! `cityaudit`: the field app. Everything is in the library.

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    cityaudit_app::run();
}
