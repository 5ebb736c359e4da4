//! cityaudit-app: the Tauri 2 shell of the cityaudit field app.
//!
//! The commands in [`commands`] (participant), [`facilitator`] and
//! [`methods`] read what the UI sends and call one `cityaudit_core::commands`
//! function each (the participant's are those the browser app calls too),
//! returning its view or coded error; the profile lives in
//! [`state::AppState`]; [`background`] syncs when the server is reachable; [`embedded`] can run a local sync server with a demo
//! audit for a first look (`cityaudit --embedded-server`; desktop builds
//! only).

pub mod background;
pub mod commands;
pub mod embedded;
pub mod facilitator;
pub mod methods;
pub mod position;
pub mod state;
pub mod templates;
pub mod window;

use std::path::PathBuf;
use tauri::{Manager, Runtime};

/// Every command, for `invoke_handler` (the real app and the mock-runtime
/// tests): the participant's ([`commands`]), the facilitator's
/// ([`facilitator`]) and those of the other methods ([`methods`]).
pub fn handler<R: Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        commands::session,
        commands::join,
        commands::audit,
        commands::response,
        commands::answer_item,
        commands::answer_at_stop,
        commands::visit_stop,
        commands::current_position,
        commands::add_photo,
        commands::edit_photo,
        commands::accept_photo_terms,
        commands::sync_now,
        commands::sync_status,
        commands::set_language,
        commands::demo_invite,
        commands::tracking_state,
        commands::set_track_consent,
        commands::set_tracking,
        commands::record_position,
        commands::replay_gpx,
        commands::participant_map,
        facilitator::create_audit,
        templates::export_template,
        templates::read_template_file,
        templates::check_template,
        templates::audit_template,
        templates::builtin_template,
        facilitator::create_invite,
        facilitator::progress,
        facilitator::results,
        facilitator::audits_of_city,
        facilitator::open_earlier_audit,
        facilitator::facilitator_records,
        facilitator::set_consensus,
        facilitator::set_area_ideas,
        facilitator::set_wrap_up,
        facilitator::set_report_text,
        facilitator::set_compare_with,
        facilitator::mark_photo,
        facilitator::photos_for_review,
        facilitator::map_features,
        facilitator::attach_base_map,
        commands::base_map_info,
        commands::base_map_range,
        facilitator::export,
        methods::methods,
        methods::add_method_record,
        methods::remove_method_record,
        methods::set_method_field,
        methods::add_hot_spot,
        methods::set_desk_summary,
        methods::benchmark,
        methods::set_benchmark_field,
        methods::comments,
        methods::set_show_names,
        methods::quote_comment,
        methods::add_received_photo,
        methods::remove_received_photo,
    ]
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
    #[cfg(mobile)]
    if embedded.is_some() {
        eprintln!("cityaudit: {}", embedded::NOT_IN_THIS_BUILD);
        std::process::exit(2);
    }
    let builder = tauri::Builder::default();
    #[cfg(mobile)]
    let builder = builder
        .plugin(tauri_plugin_geolocation::init())
        .plugin(tauri_plugin_barcode_scanner::init());
    let result = builder
        .setup(move |app| {
            let dir = data_dir(app)?;
            #[cfg(desktop)]
            let demo = match &embedded {
                Some(options) => Some(embedded::start(options, &dir.join("embedded-server"))?),
                None => None,
            };
            #[cfg(mobile)]
            let demo = None;
            let state = AppState::open(&dir, demo).map_err(|e| e.to_string())?;
            let facilitator = state
                .profile()
                .session()
                .ok()
                .flatten()
                .is_some_and(|s| s.role == cityaudit_core::model::Role::Facilitator);
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
