//! The facilitator's commands (`ui/src/facilitatorApi.ts`), one thin
//! function each: read the request, call `cityaudit_core::commands::facilitator`,
//! return its view or coded error. Calls to the server run on a worker
//! thread; those that only ask the server ([`create_invite`], [`progress`])
//! do so without holding the profile.

use std::path::PathBuf;
use tauri::ipc::Request;
use tauri::{AppHandle, Manager, Runtime, State};

use cityaudit_core::analysis::{AuditResults, ProgressView};
use cityaudit_core::basemap::BaseMapInfo;
use cityaudit_core::commands::facilitator::{self as core, InviteView, ServerLink};
use cityaudit_core::commands::{basemap, CommandError};
use cityaudit_core::model::{AreaIdeas, ConsensusRecord, FacilitatorRecords};
use cityaudit_core::views::facilitator::{AuditSummary, ExportResult, MapFeatures, ReviewPhoto};
use cityaudit_core::views::AuditView;

use crate::commands::{body, internal, CommandResult};
use crate::state::AppState;

/// Environment variable that overrides the folder exports are saved in.
pub const EXPORT_DIR_ENV: &str = "CITYAUDIT_EXPORT_DIR";

/// Creates an audit on the session's server, syncs it, plans its stops and
/// photovoice window; the session then works on it.
#[tauri::command]
pub async fn create_audit<R: Runtime>(
    app: AppHandle<R>,
    request: Request<'_>,
) -> CommandResult<AuditView> {
    let form = body(&request)?;
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let _turn = state.try_sync_turn();
        let created = core::create_audit(&mut state.profile(), form);
        created
    })
    .await
    .map_err(internal)?
}

/// Opens an earlier audit with a reader invite (read-only, to compare rounds).
#[tauri::command]
pub async fn open_earlier_audit<R: Runtime>(
    app: AppHandle<R>,
    request: Request<'_>,
) -> CommandResult<AuditSummary> {
    let form = body(&request)?;
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let _turn = state.try_sync_turn();
        let opened = core::open_earlier_audit(&mut state.profile(), form);
        opened
    })
    .await
    .map_err(internal)?
}

/// Creates an invite to the session's audit on the server.
#[tauri::command]
pub async fn create_invite(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CommandResult<InviteView> {
    let form = body(&request)?;
    let link = ServerLink::of(&state.profile())?;
    tauri::async_runtime::spawn_blocking(move || core::create_invite(&link, form))
        .await
        .map_err(internal)?
}

/// Progress per participant; last sync from the server when it answers.
#[tauri::command]
pub async fn progress(state: State<'_, AppState>) -> CommandResult<ProgressView> {
    let link = ServerLink::of(&state.profile())?;
    let last_sync = tauri::async_runtime::spawn_blocking(move || link.last_syncs())
        .await
        .map_err(internal)?;
    core::progress(&state.profile(), &last_sync)
}

/// The merged results, compared with an earlier audit when chosen.
#[tauri::command]
pub async fn results(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CommandResult<AuditResults> {
    core::results(&state.profile(), body(&request)?)
}

/// Other audits of a city on this device, newest first.
#[tauri::command]
pub async fn audits_of_city(
    state: State<'_, AppState>,
    city: String,
) -> CommandResult<Vec<AuditSummary>> {
    core::audits_of_city(&state.profile(), &city)
}

/// Consensus, ideas, wrap-up, marked photos and report texts.
#[tauri::command]
pub async fn facilitator_records(state: State<'_, AppState>) -> CommandResult<FacilitatorRecords> {
    core::facilitator_records(&state.profile())
}

/// Records the agreed score and a note for a statement.
#[tauri::command]
pub async fn set_consensus(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CommandResult<ConsensusRecord> {
    core::set_consensus(&mut state.profile(), body(&request)?)
}

/// Sets an area's ideas for improvement and recommendations.
#[tauri::command]
pub async fn set_area_ideas(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CommandResult<AreaIdeas> {
    core::set_area_ideas(&mut state.profile(), body(&request)?)
}

/// Records a wrap-up finding of the photovoice.
#[tauri::command]
pub async fn set_wrap_up(state: State<'_, AppState>, request: Request<'_>) -> CommandResult<()> {
    core::set_wrap_up(&mut state.profile(), body(&request)?)
}

/// Sets one of the report's free texts.
#[tauri::command]
pub async fn set_report_text(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CommandResult<()> {
    core::set_report_text(&mut state.profile(), body(&request)?)
}

/// Keeps the chosen earlier audit in the audit document (`null`: none).
#[tauri::command]
pub async fn set_compare_with(
    state: State<'_, AppState>,
    audit_id: Option<String>,
) -> CommandResult<()> {
    core::set_compare_with(&mut state.profile(), audit_id.as_deref())
}

/// Marks or unmarks a photo for the report.
#[tauri::command]
pub async fn mark_photo(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CommandResult<ReviewPhoto> {
    core::mark_photo(&mut state.profile(), body(&request)?)
}

/// Every photo of the audit for the photovoice review.
#[tauri::command]
pub async fn photos_for_review(state: State<'_, AppState>) -> CommandResult<Vec<ReviewPhoto>> {
    core::photos_for_review(&state.profile())
}

/// Attaches a map package (PMTiles) to the session's audit: `{ name }` and
/// the file as `add_received_photo` takes a picture (path or base64).
#[tauri::command]
pub async fn attach_base_map<R: Runtime>(
    app: AppHandle<R>,
    request: Request<'_>,
) -> CommandResult<BaseMapInfo> {
    let form = body(&request)?;
    tauri::async_runtime::spawn_blocking(move || {
        basemap::attach_base_map(&mut app.state::<AppState>().profile(), form, None)
    })
    .await
    .map_err(internal)?
}

/// Stops, photos and tracks with a position.
#[tauri::command]
pub async fn map_features(state: State<'_, AppState>) -> CommandResult<MapFeatures> {
    core::map_features(&state.profile())
}

/// The folder exports go to: `CITYAUDIT_EXPORT_DIR`, else Documents,
/// Downloads, or the app-data folder.
pub(crate) fn export_dir<R: Runtime>(app: &AppHandle<R>) -> CommandResult<PathBuf> {
    if let Some(dir) = std::env::var_os(EXPORT_DIR_ENV).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    let paths = app.path();
    paths
        .document_dir()
        .or_else(|_| paths.download_dir())
        .or_else(|_| paths.app_data_dir())
        .map_err(|e| {
            CommandError::new(
                "export_folder_missing",
                format!("Cannot find a folder to save the export in: {e}"),
            )
        })
}

/// Writes an export of the audit in `lang`, the facilitator's choice (the
/// report, the CSV's header row and messages, the GeoJSON's labels, the
/// ZIP's credits), and says where it went.
#[tauri::command]
pub async fn export<R: Runtime>(
    app: AppHandle<R>,
    format: String,
    lang: Option<String>,
) -> CommandResult<ExportResult> {
    let dir = export_dir(&app)?;
    tauri::async_runtime::spawn_blocking(move || {
        core::export(
            &app.state::<AppState>().profile(),
            &format,
            lang.as_deref(),
            &dir,
        )
    })
    .await
    .map_err(internal)?
}
