//! The facilitator's desk research, focus group and benchmark commands, those of
//! participants' comments in the debrief and of photos received outside
//! the app (`ui/src/methodsApi.ts`, `ui/src/receivedApi.ts`): read the
//! request, call `cityaudit_core::commands::methods`, return its view or
//! coded error.

use tauri::ipc::Request;
use tauri::{AppHandle, Manager, Runtime, State};

use cityaudit_core::commands::methods::{self as core, Added};
use cityaudit_core::commands::received;
use cityaudit_core::profile::{BenchmarkView, MethodsView};
use cityaudit_core::views::facilitator::{CommentsView, ReviewPhoto};

use crate::commands::{body, internal, CommandResult};
use crate::state::AppState;

/// The records and what the screens need.
#[tauri::command]
pub async fn methods(state: State<'_, AppState>) -> CommandResult<MethodsView> {
    core::methods(&state.profile())
}

/// Adds a blank record: `{ record }`.
#[tauri::command]
pub async fn add_method_record(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CommandResult<Added> {
    core::add_method_record(&mut state.profile(), body(&request)?)
}

/// Removes a record: `{ record, id }`.
#[tauri::command]
pub async fn remove_method_record(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CommandResult<MethodsView> {
    core::remove_method_record(&mut state.profile(), body(&request)?)
}

/// Sets one field: `{ record, id, field, value }`.
#[tauri::command]
pub async fn set_method_field(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CommandResult<MethodsView> {
    core::set_method_field(&mut state.profile(), body(&request)?)
}

/// Adds a hot spot: `{ focusGroup }`.
#[tauri::command]
pub async fn add_hot_spot(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CommandResult<Added> {
    core::add_hot_spot(&mut state.profile(), body(&request)?)
}

/// Sets a desk research summary text: `{ field, text }`.
#[tauri::command]
pub async fn set_desk_summary(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CommandResult<MethodsView> {
    core::set_desk_summary(&mut state.profile(), body(&request)?)
}

/// The benchmark self-assessment of a benchmark audit.
#[tauri::command]
pub async fn benchmark(state: State<'_, AppState>) -> CommandResult<BenchmarkView> {
    core::benchmark(&state.profile())
}

/// Sets one benchmark field: `{ field, value }`.
#[tauri::command]
pub async fn set_benchmark_field(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CommandResult<BenchmarkView> {
    core::set_benchmark_field(&mut state.profile(), body(&request)?)
}

/// Participants' comments per statement.
#[tauri::command]
pub async fn comments(state: State<'_, AppState>) -> CommandResult<CommentsView> {
    core::comments(&state.profile())
}

/// Shows names with the comments, or anonymises them: `{ show }`.
#[tauri::command]
pub async fn set_show_names(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CommandResult<CommentsView> {
    core::set_show_names(&mut state.profile(), body(&request)?)
}

/// Quotes a comment in the report or not: `{ key, quoted }`.
#[tauri::command]
pub async fn quote_comment(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CommandResult<CommentsView> {
    core::quote_comment(&mut state.profile(), body(&request)?)
}

/// Adds a photo received outside the app (stripped like a participant's):
/// the picture and `{ title, caption, theme, credit, receivedVia, consent,
/// consentNote, location, keepPhotoPosition }`; answers with the gallery.
#[tauri::command]
pub async fn add_received_photo<R: Runtime>(
    app: AppHandle<R>,
    request: Request<'_>,
) -> CommandResult<Vec<ReviewPhoto>> {
    let photo = body(&request)?;
    tauri::async_runtime::spawn_blocking(move || {
        received::add_received_photo(&mut app.state::<AppState>().profile(), photo, None)
    })
    .await
    .map_err(internal)?
}

/// Removes a received photo: `{ hash }`; answers with the gallery.
#[tauri::command]
pub async fn remove_received_photo(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CommandResult<Vec<ReviewPhoto>> {
    received::remove_received_photo(&mut state.profile(), body(&request)?)
}
