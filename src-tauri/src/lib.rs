//! cityaudit-app: the Tauri 2 shell of the cityaudit field app.
//!
//! The participant's commands in [`commands`] read what the UI sends and
//! call the same `cityaudit_core::commands` functions the browser app
//! calls, returning their views or coded errors; the facilitator's commands
//! ([`facilitator`]) still shape some requests here and answer in words; the
//! profile lives in [`state::AppState`]; [`background`] syncs when the
//! server is reachable; [`embedded`] can run a local sync server with a demo
//! audit for a first look (`cityaudit --embedded-server`; desktop builds
//! only, cargo feature `embedded-server`).

pub mod background;
pub mod commands;
pub mod embedded;
pub mod facilitator;
pub mod methods;
pub mod position;
pub mod state;
pub mod window;

use std::path::PathBuf;
use tauri::{Manager, Runtime};

/// Every command: the participant's ([`commands`]) and the facilitator's
/// ([`facilitator`], [`methods`]), routed by name.
pub fn handler<R: Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    let participant = commands::handler::<R>();
    let facilitator = facilitator::handler::<R>();
    let methods = methods::handler::<R>();
    move |invoke| {
        let command = invoke.message.command();
        if facilitator::COMMANDS.contains(&command) {
            facilitator(invoke)
        } else if methods::COMMANDS.contains(&command) {
            methods(invoke)
        } else {
            participant(invoke)
        }
    }
}

pub use state::AppState;

/// Environment variable that overrides where the profile is kept.
pub const DATA_DIR_ENV: &str = "CITYAUDIT_DATA_DIR";

/// The folder for the profile: `CITYAUDIT_DATA_DIR`, else the platform's app-data folder.
fn data_dir<R: Runtime>(app: &tauri::App<R>) -> Result<PathBuf, String> {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    app.path()
        .app_data_dir()
        .map_err(|e| format!("cannot find the app-data folder: {e}"))
}

/// Starts the app: opens the profile, starts background sync, shows the window.
#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    let embedded = embedded::requested();
    #[cfg(not(feature = "embedded-server"))]
    if embedded.is_some() {
        eprintln!("cityaudit: {}", embedded::NOT_IN_THIS_BUILD);
        std::process::exit(2);
    }
    let builder = tauri::Builder::default();
    #[cfg(mobile)]
    let builder = builder
        .plugin(tauri_plugin_geolocation::init())
        .plugin(tauri_plugin_barcode_scanner::init());
    let result =
        builder
            .setup(move |app| {
                let dir = data_dir(app)?;
                #[cfg(feature = "embedded-server")]
                let demo = match &embedded {
                    Some(options) => Some(embedded::start(options, &dir.join("embedded-server"))?),
                    None => None,
                };
                #[cfg(not(feature = "embedded-server"))]
                let demo = None;
                let state = AppState::open(&dir, demo).map_err(|e| e.to_string())?;
                let facilitator =
                    state.profile().session().ok().flatten().is_some_and(|s| {
                        s.role == cityaudit_core::sync::protocol::Role::Facilitator
                    });
                app.manage(state);
                if let Some(main) = window::main_window(app) {
                    window::follow(&main, &dir, facilitator);
                }
                background::start(app.handle().clone());
                Ok(())
            })
            .invoke_handler(handler())
            .run(tauri::generate_context!());
    if let Err(error) = result {
        eprintln!("cityaudit could not start: {error}");
        std::process::exit(1);
    }
}
