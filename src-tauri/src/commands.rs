//! The commands the UI invokes (`ui/src/api.ts`), one thin function each:
//! parse the request, call core, and turn errors into plain words.
//!
//! Requests with several fields arrive as one camelCase JSON object (the
//! UI's request types) and are read whole with serde, so a field left out
//! can differ from a field set to `null`.

use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::fmt::Display;
use tauri::ipc::{InvokeBody, Request};
use tauri::{AppHandle, Manager, Runtime, State};

use cityaudit_core::ids::{BlobHash, DocumentId};
use cityaudit_core::model::PhotoEdit;
use cityaudit_core::profile::{Profile, ProfileError};
use cityaudit_core::sync::joining::{join_audit, JoinForm};
use cityaudit_core::views::{
    AnswerRequest, AnswerView, AuditView, LocationView, PhotoView, ResponseView, SessionView,
    StopView, SyncState, SyncStatusView, UploadView, VisitStopRequest,
};

use crate::background::{run_once, RunOutcome};
use crate::embedded::DemoInvite;
use crate::state::AppState;

/// A command's result: the value, or a message for the person.
pub type CommandResult<T> = Result<T, String>;

/// Every command, for `invoke_handler` (the real app and the mock-runtime bench).
pub fn handler<R: Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        session,
        join,
        audit,
        response,
        answer_item,
        answer_at_stop,
        visit_stop,
        current_position,
        add_photo,
        edit_photo,
        sync_now,
        sync_status,
        set_language,
        demo_invite,
    ]
}

fn words(error: impl Display) -> String {
    let text = error.to_string();
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

/// Reads the request object the UI sent.
fn body<T: DeserializeOwned>(request: &Request<'_>) -> CommandResult<T> {
    match request.body() {
        InvokeBody::Json(value) => serde_json::from_value(value.clone())
            .map_err(|e| format!("The app sent a request it cannot read: {e}")),
        InvokeBody::Raw(_) => Err("The app sent binary data where a form was expected.".into()),
    }
}

fn response_id(profile: &Profile) -> CommandResult<DocumentId> {
    profile.session_response_id().map_err(words)
}

/// The device's session, or `null` before joining.
#[tauri::command]
pub async fn session(state: State<'_, AppState>) -> CommandResult<Option<SessionView>> {
    state.profile().session_view().map_err(words)
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct JoinBody {
    #[serde(default)]
    link: Option<String>,
    #[serde(default)]
    server: Option<String>,
    #[serde(default)]
    code: Option<String>,
    display_name: String,
    group: String,
    #[serde(default)]
    gender: Option<String>,
    #[serde(default)]
    accept_photo_terms: bool,
}

/// Joins an audit with an invite (link, or server + code) and fetches it.
#[tauri::command]
pub async fn join<R: Runtime>(
    app: AppHandle<R>,
    request: Request<'_>,
) -> CommandResult<SessionView> {
    let form: JoinBody = body(&request)?;
    let form = JoinForm {
        link: form.link,
        server: form.server,
        code: form.code,
        display_name: form.display_name,
        group: form.group,
        gender: form.gender,
        accept_photo_terms: form.accept_photo_terms,
    };
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let mut profile = state.profile();
        join_audit(&mut profile, &form).map_err(words)?;
        profile
            .session_view()
            .map_err(words)?
            .ok_or_else(|| "The join was not saved.".to_owned())
    })
    .await
    .map_err(words)?
}

/// The audit joined.
#[tauri::command]
pub async fn audit(state: State<'_, AppState>) -> CommandResult<AuditView> {
    let profile = state.profile();
    let session = profile
        .session()
        .map_err(words)?
        .ok_or("This device has not joined an audit yet.")?;
    profile.audit_view(&session.audit_id).map_err(|_| {
        "The audit has not arrived on this device yet. Sync when you are online.".to_owned()
    })
}

/// One's own answers, stops and photos.
#[tauri::command]
pub async fn response(state: State<'_, AppState>) -> CommandResult<ResponseView> {
    let profile = state.profile();
    let id = response_id(&profile)?;
    profile.response_view(&id).map_err(words)
}

fn answer_view(
    profile: &Profile,
    id: &DocumentId,
    stop: Option<&str>,
    item: &str,
) -> CommandResult<AnswerView> {
    profile
        .read_answer(id, stop, item)
        .map_err(words)?
        .map(|answer| AnswerView::from(&answer))
        .ok_or_else(|| format!("The answer to {item:?} could not be read back."))
}

/// Scores or comments a whole-city statement; durable when it returns.
#[tauri::command]
pub async fn answer_item(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CommandResult<AnswerView> {
    let answer: AnswerRequest = body(&request)?;
    let input = answer.to_input().map_err(words)?;
    let mut profile = state.profile();
    let id = response_id(&profile)?;
    profile.answer(&id, &answer.item, &input).map_err(words)?;
    answer_view(&profile, &id, None, &answer.item)
}

/// Scores or comments a per-stop statement at a recorded stop.
#[tauri::command]
pub async fn answer_at_stop(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CommandResult<AnswerView> {
    let answer: AnswerRequest = body(&request)?;
    let stop = answer
        .stop
        .clone()
        .ok_or("Choose the stop for this answer.")?;
    let input = answer.to_input().map_err(words)?;
    let mut profile = state.profile();
    let id = response_id(&profile)?;
    profile
        .answer_at_stop(&id, &stop, &answer.item, &input)
        .map_err(words)?;
    answer_view(&profile, &id, Some(&stop), &answer.item)
}

/// Records a stop of the walk.
#[tauri::command]
pub async fn visit_stop(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CommandResult<StopView> {
    let visit: VisitStopRequest = body(&request)?;
    let visit = visit.to_visit().map_err(words)?;
    let mut profile = state.profile();
    let id = response_id(&profile)?;
    let stop_id = profile.visit_stop(&id, &visit).map_err(words)?;
    let response = profile.response(&id).map_err(words)?;
    Ok(StopView::new(&stop_id, &visit, &response))
}

/// The device's position, or `null` when it has none (always on desktop).
#[tauri::command]
pub async fn current_position<R: Runtime>(
    app: AppHandle<R>,
) -> CommandResult<Option<LocationView>> {
    crate::position::current(&app).map_err(words)
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AddPhotoBody {
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    data_base64: Option<String>,
    #[serde(default)]
    file_name: String,
    title: String,
    #[serde(default)]
    caption: String,
    theme: String,
    #[serde(default)]
    stop: Option<String>,
    #[serde(default)]
    fallback_location: Option<LocationView>,
}

/// Adds a photo: reads its EXIF position, keeps a shared copy without
/// metadata and a thumbnail, and records it.
#[tauri::command]
pub async fn add_photo<R: Runtime>(
    app: AppHandle<R>,
    request: Request<'_>,
) -> CommandResult<PhotoView> {
    let photo: AddPhotoBody = body(&request)?;
    tauri::async_runtime::spawn_blocking(move || {
        let bytes = crate::photos::read_picked(
            photo.path.as_deref(),
            photo.data_base64.as_deref(),
            &photo.file_name,
        )?;
        let fallback = photo
            .fallback_location
            .map(LocationView::to_location)
            .transpose()
            .map_err(words)?;
        let details = cityaudit_core::media::NewPhoto {
            title: photo.title,
            caption: photo.caption,
            theme: photo.theme,
            stop: photo.stop,
            fallback_location: fallback,
        };
        let state = app.state::<AppState>();
        let mut profile = state.profile();
        let id = response_id(&profile)?;
        let hash = profile
            .add_photo_file(&id, &bytes, &details)
            .map_err(words)?;
        photo_view(&profile, &id, &hash)
    })
    .await
    .map_err(words)?
}

fn photo_view(profile: &Profile, id: &DocumentId, hash: &BlobHash) -> CommandResult<PhotoView> {
    profile
        .response_view(id)
        .map_err(words)?
        .photos
        .into_iter()
        .find(|p| p.hash == hash.as_str())
        .ok_or_else(|| "The photo could not be read back.".to_owned())
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct EditPhotoBody {
    hash: String,
    title: String,
    caption: String,
    theme: String,
}

/// Changes a photo's title, caption or theme.
#[tauri::command]
pub async fn edit_photo(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CommandResult<PhotoView> {
    let edit: EditPhotoBody = body(&request)?;
    let hash = BlobHash::parse(&edit.hash).map_err(words)?;
    let mut profile = state.profile();
    let id = response_id(&profile)?;
    let change = PhotoEdit {
        title: Some(edit.title.trim().to_owned()),
        caption: Some(edit.caption.trim().to_owned()),
        theme: Some(edit.theme),
    };
    profile.edit_photo(&id, &hash, &change).map_err(words)?;
    photo_view(&profile, &id, &hash)
}

/// Syncs now and returns the new status.
#[tauri::command]
pub async fn sync_now<R: Runtime>(app: AppHandle<R>) -> CommandResult<SyncStatusView> {
    let worker = app.clone();
    let outcome =
        tauri::async_runtime::spawn_blocking(move || run_once(&worker.state::<AppState>()))
            .await
            .map_err(words)?;
    if let RunOutcome::NotJoined = outcome {
        return Err("This device has not joined an audit yet.".into());
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
        let current = profile.sync_status_view(activity).map_err(words)?;
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
    state
        .profile()
        .set_language(language.as_deref())
        .map_err(|e: ProfileError| words(e))
}

/// The embedded demo server's invite, to pre-fill the join screen.
#[tauri::command]
pub async fn demo_invite(state: State<'_, AppState>) -> CommandResult<Option<DemoInvite>> {
    Ok(state.demo().cloned())
}
