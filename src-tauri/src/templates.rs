//! The facilitator's template commands (`ui/src/templateApi.ts`), one thin
//! function each around `cityaudit_core::commands::templates`.

use tauri::ipc::Request;
use tauri::{AppHandle, Manager, Runtime, State};

use cityaudit_core::commands::templates::{self as core, TemplatePreview, TemplateSource};
use cityaudit_core::commands::PickedFile;
use cityaudit_core::views::facilitator::ExportResult;

use crate::commands::{body, internal, CommandResult};
use crate::facilitator::export_dir;
use crate::state::AppState;

/// Writes the built-in (`builtin`) or the audit's (`audit`) template as a
/// workbook into the export folder.
#[tauri::command]
pub async fn export_template<R: Runtime>(
    app: AppHandle<R>,
    source: TemplateSource,
) -> CommandResult<ExportResult> {
    let dir = export_dir(&app)?;
    tauri::async_runtime::spawn_blocking(move || {
        core::export_template(&app.state::<AppState>().profile(), source, &dir)
    })
    .await
    .map_err(internal)?
}

/// Reads an edited template workbook (`{ path }` or `{ dataBase64, fileName }`).
#[tauri::command]
pub async fn read_template_file<R: Runtime>(
    app: AppHandle<R>,
    request: Request<'_>,
) -> CommandResult<TemplatePreview> {
    let file: PickedFile = body(&request)?;
    tauri::async_runtime::spawn_blocking(move || {
        core::read_template_file(&app.state::<AppState>().profile(), &file, None)
    })
    .await
    .map_err(internal)?
}

/// Checks the Prepare editor's template set.
#[tauri::command]
pub async fn check_template(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CommandResult<TemplatePreview> {
    core::check_template(&state.profile(), body(&request)?)
}

/// The built-in INTEGRA template.
#[tauri::command]
pub async fn builtin_template(state: State<'_, AppState>) -> CommandResult<TemplatePreview> {
    core::builtin_template(&state.profile())
}

/// The session audit's template and how it differs from the built-in one.
#[tauri::command]
pub async fn audit_template(state: State<'_, AppState>) -> CommandResult<TemplatePreview> {
    core::audit_template(&state.profile())
}
