//! The commands the UI invokes (`ui/src/api.ts`), one thin function each:
//! read the request, call the same function of `cityaudit_core::commands`
//! that the browser app calls, and return its view or coded error.
//!
//! Requests with several fields arrive as one camelCase JSON object (the
//! UI's request types) and are read whole with serde, so a field left out
//! can differ from a field set to `null`.

use serde::de::DeserializeOwned;
use tauri::ipc::{InvokeBody, Request};
use tauri::{AppHandle, Manager, Runtime, State};

use cityaudit_core::commands::tracks::RecordPositionResult;
use cityaudit_core::commands::{self as core, CommandError};
use cityaudit_core::export::MapFeatures;
use cityaudit_core::tracks::TrackingState;
use cityaudit_core::views::{
    AnswerSaved, AuditView, LocationView, PhotoView, ResponseView, SessionView, StopView,
    SyncState, SyncStatusView, UploadView,
};

use crate::background::{run_once, RunOutcome};
use crate::embedded::DemoInvite;
use crate::state::AppState;

/// A command's result: the value, or `{ code, message, details }` for the UI.
pub type CommandResult<T> = Result<T, CommandError>;

/// An error of the shell itself (a worker thread that failed), as a command error.
pub(crate) fn internal(error: impl std::fmt::Display) -> CommandError {
    CommandError::new("internal", error.to_string())
}

/// Reads the request object the UI sent.
pub(crate) fn body<T: DeserializeOwned>(request: &Request<'_>) -> CommandResult<T> {
    match request.body() {
        InvokeBody::Json(value) => {
            serde_json::from_value(value.clone()).map_err(CommandError::bad_request)
        }
        InvokeBody::Raw(_) => Err(CommandError::bad_request(
            "binary data where a form was expected",
        )),
    }
}

/// The device's session, or `null` before joining.
#[tauri::command]
pub async fn session(state: State<'_, AppState>) -> CommandResult<Option<SessionView>> {
    core::session(&state.profile())
}

/// Joins an audit with an invite (link, or server + code) and fetches it.
#[tauri::command]
pub async fn join<R: Runtime>(
    app: AppHandle<R>,
    request: Request<'_>,
) -> CommandResult<SessionView> {
    let form = body(&request)?;
    let handle = app.clone();
    let joined = tauri::async_runtime::spawn_blocking(move || {
        core::join(&mut handle.state::<AppState>().profile(), form)
    })
    .await
    .map_err(internal)??;
    // A facilitator's debrief needs the width: the window grows to laptop size.
    if joined.role == cityaudit_core::model::Role::Facilitator {
        if let Some(main) = crate::window::main_window(&app) {
            crate::window::resize_for(&main, app.state::<AppState>().data_dir(), true);
        }
    }
    Ok(joined)
}

/// The audit joined.
#[tauri::command]
pub async fn audit(state: State<'_, AppState>) -> CommandResult<AuditView> {
    core::audit(&state.profile())
}

/// Accepts the photovoice usage terms after declining them when joining:
/// `{ shareLocations }`.
#[tauri::command]
pub async fn accept_photo_terms(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CommandResult<ResponseView> {
    core::accept_photo_terms(&mut state.profile(), body(&request)?)
}

/// One's own answers, stops and photos.
#[tauri::command]
pub async fn response(state: State<'_, AppState>) -> CommandResult<ResponseView> {
    core::response(&state.profile())
}

/// Scores or comments a whole-city statement; durable when it returns.
#[tauri::command]
pub async fn answer_item(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CommandResult<AnswerSaved> {
    core::answer_item(&mut state.profile(), body(&request)?)
}

/// Scores or comments a per-stop statement at a recorded stop.
#[tauri::command]
pub async fn answer_at_stop(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CommandResult<AnswerSaved> {
    core::answer_at_stop(&mut state.profile(), body(&request)?)
}

/// Records a stop of the walk.
#[tauri::command]
pub async fn visit_stop(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CommandResult<StopView> {
    core::visit_stop(&mut state.profile(), body(&request)?)
}

/// The device's position, or `null` when it has none (always on desktop).
#[tauri::command]
pub async fn current_position<R: Runtime>(
    app: AppHandle<R>,
) -> CommandResult<Option<LocationView>> {
    crate::position::current(&app).map_err(|e| CommandError::new("position", e.to_string()))
}

/// Adds a photo: reads its EXIF position, keeps a shared copy without
/// metadata and a thumbnail, and records it.
#[tauri::command]
pub async fn add_photo<R: Runtime>(
    app: AppHandle<R>,
    request: Request<'_>,
) -> CommandResult<PhotoView> {
    let photo = body(&request)?;
    tauri::async_runtime::spawn_blocking(move || {
        core::add_photo(&mut app.state::<AppState>().profile(), photo, None)
    })
    .await
    .map_err(internal)?
}

/// Changes a photo's title, caption or theme.
#[tauri::command]
pub async fn edit_photo(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CommandResult<PhotoView> {
    core::edit_photo(&mut state.profile(), body(&request)?)
}

/// The session audit's base map, or `null` when it has none.
#[tauri::command]
pub async fn base_map_info(
    state: State<'_, AppState>,
) -> CommandResult<Option<cityaudit_core::basemap::BaseMapInfo>> {
    cityaudit_core::commands::basemap::base_map_info(&state.profile())
}

/// Bytes of the session audit's base map package: `{ offset, length }`
/// (at most 1 MiB); raw bytes, an `ArrayBuffer` in JavaScript.
#[tauri::command]
pub async fn base_map_range(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CommandResult<tauri::ipc::Response> {
    let range = body(&request)?;
    cityaudit_core::commands::basemap::base_map_range(&state.profile(), range)
        .map(tauri::ipc::Response::new)
}

/// Syncs now and returns the new status.
#[tauri::command]
pub async fn sync_now<R: Runtime>(app: AppHandle<R>) -> CommandResult<SyncStatusView> {
    let worker = app.clone();
    let outcome =
        tauri::async_runtime::spawn_blocking(move || run_once(&worker.state::<AppState>()))
            .await
            .map_err(internal)?;
    if let RunOutcome::NotJoined = outcome {
        return Err(cityaudit_core::sync::client::SyncError::NotJoined.into());
    }
    // A failed run is shown through the status (state and last error).
    status(&app.state::<AppState>())
}

/// The sync status for the status bar.
#[tauri::command]
pub async fn sync_status(state: State<'_, AppState>) -> CommandResult<SyncStatusView> {
    status(&state)
}

/// The status; while a sync holds the profile, the last one with live upload progress.
fn status(state: &AppState) -> CommandResult<SyncStatusView> {
    let activity = state.activity();
    if let Some(mut profile) = state.try_profile() {
        let current = profile.sync_status_view(activity)?;
        state.remember_status(&current);
        return Ok(current);
    }
    let mut current = state.last_status().unwrap_or(SyncStatusView {
        state: SyncState::Syncing,
        pending_changes: 0,
        uploads: Vec::new(),
        pending_downloads: 0,
        last_sync_at: None,
        last_error: None,
    });
    current.state = SyncState::Syncing;
    if let Some((done, total)) = state.download_progress() {
        current.pending_downloads = total.saturating_sub(done);
    }
    let progress = state.progress();
    for upload in &mut current.uploads {
        if let Some((sent, total)) = progress.get(&upload.hash) {
            *upload = UploadView {
                sent_bytes: *sent,
                total_bytes: *total,
                ..upload.clone()
            };
        }
    }
    Ok(current)
}

/// Chooses the UI language (`null` follows the system).
#[tauri::command]
pub async fn set_language(
    state: State<'_, AppState>,
    language: Option<String>,
) -> CommandResult<()> {
    core::set_language(&state.profile(), language.as_deref())
}

/// The embedded demo server's invite, to pre-fill the join screen.
#[tauri::command]
pub async fn demo_invite(state: State<'_, AppState>) -> CommandResult<Option<DemoInvite>> {
    Ok(state.demo().cloned())
}

/// Consent, recording on/off and the walk track's size.
#[tauri::command]
pub async fn tracking_state(state: State<'_, AppState>) -> CommandResult<TrackingState> {
    core::tracks::tracking_state(&state.profile())
}

/// Records consent to recording the walk track: `{ consent }`.
#[tauri::command]
pub async fn set_track_consent(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CommandResult<TrackingState> {
    core::tracks::set_track_consent(&mut state.profile(), body(&request)?)
}

/// Turns recording on this device on or off: `{ recording }`.
#[tauri::command]
pub async fn set_tracking(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CommandResult<TrackingState> {
    core::tracks::set_tracking(&mut state.profile(), body(&request)?)
}

/// Offers a device position to the track: `{ lat, lon, accuracyM, at }`.
#[tauri::command]
pub async fn record_position(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CommandResult<RecordPositionResult> {
    core::tracks::record_position(&mut state.profile(), body(&request)?)
}

/// Replays a recorded GPX file's text through the recording rules: `{ gpx }`.
#[tauri::command]
pub async fn replay_gpx(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CommandResult<TrackingState> {
    core::tracks::replay_gpx(&mut state.profile(), body(&request)?)
}

/// The map a participant sees: planned stops, own visits, photos and track.
#[tauri::command]
pub async fn participant_map(state: State<'_, AppState>) -> CommandResult<MapFeatures> {
    core::tracks::participant_map(&state.profile())
}
