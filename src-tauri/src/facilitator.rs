//! The facilitator's commands (`ui/src/facilitatorApi.ts`), one thin
//! function each: parse the request, call core, and turn errors into plain
//! words. They act on the session's audit and need the facilitator role.

use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt::Display;
use std::path::PathBuf;
use tauri::ipc::{InvokeBody, Request};
use tauri::{AppHandle, Manager, Runtime, State};

use cityaudit_core::analysis::{AuditResults, ProgressView};
use cityaudit_core::export::ExportFormat;
use cityaudit_core::facilitator_views::{
    self, AuditSummary, ExportResult, MapFeatures, ReviewPhoto,
};
use cityaudit_core::ids::DocumentId;
use cityaudit_core::model::{
    AreaIdeas, ConsensusRecord, FacilitatorRecords, Location, LocationSource, NewAudit,
    PhotovoiceWindow, PlannedStop, ReportText, TemplateChoice,
};
use cityaudit_core::profile::{Profile, Session};
use cityaudit_core::sync::client::SyncClient;
use cityaudit_core::sync::facilitator as server;
use cityaudit_core::sync::protocol::{CreateInviteRequest, Role};
use cityaudit_core::views::AuditView;

use crate::state::AppState;

/// A command's result: the value, or a message for the person.
pub type CommandResult<T> = Result<T, String>;

/// Environment variable that overrides the folder exports are saved in.
pub const EXPORT_DIR_ENV: &str = "CITYAUDIT_EXPORT_DIR";

/// The facilitator commands' names, for routing in [`crate::handler`].
pub const COMMANDS: &[&str] = &[
    "create_audit",
    "create_invite",
    "progress",
    "results",
    "audits_of_city",
    "facilitator_records",
    "set_consensus",
    "set_area_ideas",
    "set_wrap_up",
    "set_report_text",
    "set_compare_with",
    "mark_photo",
    "photos_for_review",
    "map_features",
    "export",
];

/// The facilitator commands, for `invoke_handler`.
pub fn handler<R: Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        create_audit,
        create_invite,
        progress,
        results,
        audits_of_city,
        facilitator_records,
        set_consensus,
        set_area_ideas,
        set_wrap_up,
        set_report_text,
        set_compare_with,
        mark_photo,
        photos_for_review,
        map_features,
        export,
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

fn body<T: DeserializeOwned>(request: &Request<'_>) -> CommandResult<T> {
    match request.body() {
        InvokeBody::Json(value) => serde_json::from_value(value.clone())
            .map_err(|e| format!("The app sent a request it cannot read: {e}")),
        InvokeBody::Raw(_) => Err("The app sent binary data where a form was expected.".into()),
    }
}

/// The session, when this device is a facilitator of an audit.
fn facilitator_session(profile: &Profile) -> CommandResult<Session> {
    let session = profile
        .session()
        .map_err(words)?
        .ok_or("This device has not joined an audit yet.")?;
    if session.role != Role::Facilitator {
        return Err("Only a facilitator can do this. Join with a facilitator invite.".into());
    }
    Ok(session)
}

fn audit_id(profile: &Profile) -> CommandResult<DocumentId> {
    let session = facilitator_session(profile)?;
    profile.audit(&session.audit_id).map_err(|_| {
        "The audit has not arrived on this device yet. Sync when you are online.".to_owned()
    })?;
    Ok(session.audit_id)
}

fn parse_id(text: &str) -> CommandResult<DocumentId> {
    DocumentId::parse(text).map_err(|_| format!("{text:?} is not an audit id."))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PositionInput {
    lat: f64,
    lon: f64,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PlannedStopInput {
    name_of_area: String,
    specific_location: String,
    position: Option<PositionInput>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct TimeWindow {
    opens_at: i64,
    closes_at: i64,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateAuditBody {
    title: String,
    city: String,
    starts_on: String,
    ends_on: String,
    meeting_point: String,
    templates: String,
    planned_stops: Vec<PlannedStopInput>,
    photovoice_window: Option<TimeWindow>,
}

fn prepare(form: &CreateAuditBody) -> CommandResult<(NewAudit, Vec<PlannedStop>)> {
    let templates = match form.templates.as_str() {
        "checklist" => TemplateChoice {
            checklist: true,
            photovoice: false,
            benchmark: false,
        },
        "photovoice" => TemplateChoice {
            checklist: false,
            photovoice: true,
            benchmark: false,
        },
        "both" => TemplateChoice {
            checklist: true,
            photovoice: true,
            benchmark: false,
        },
        "benchmark" => TemplateChoice {
            checklist: false,
            photovoice: false,
            benchmark: true,
        },
        other => {
            return Err(format!(
                "Unknown templates {other:?}: choose checklist, photovoice, both or benchmark."
            ))
        }
    };
    if templates.photovoice && form.photovoice_window.is_none() {
        return Err("Set when photos may be taken for the photovoice.".into());
    }
    if !form.ends_on.is_empty() && form.ends_on < form.starts_on {
        return Err("The last day is before the first day.".into());
    }
    let mut stops = Vec::new();
    for (order, stop) in form.planned_stops.iter().enumerate() {
        let position = match &stop.position {
            Some(p) => Some(Location::new(p.lat, p.lon, LocationSource::Manual).map_err(words)?),
            None => None,
        };
        stops.push(PlannedStop {
            name_of_area: stop.name_of_area.clone(),
            specific_location: stop.specific_location.clone(),
            position,
            order: order as i64,
        });
    }
    let audit = NewAudit {
        title: form.title.clone(),
        city: form.city.clone(),
        starts_on: form.starts_on.clone(),
        ends_on: form.ends_on.clone(),
        meeting_point: form.meeting_point.clone(),
        templates,
    };
    Ok((audit, stops))
}

/// Creates an audit on the session's server, syncs it, plans its stops and
/// photovoice window; the session then works on it.
#[tauri::command]
pub async fn create_audit<R: Runtime>(
    app: AppHandle<R>,
    request: Request<'_>,
) -> CommandResult<AuditView> {
    let form: CreateAuditBody = body(&request)?;
    let (new_audit, stops) = prepare(&form)?;
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let _turn = state.try_sync_turn();
        let mut profile = state.profile();
        let mut session = facilitator_session(&profile)?;
        let id = SyncClient::with_transport(profile.transport(), &session)
            .create_audit(&new_audit)
            .map_err(words)?;
        session.audit_id = id.clone();
        profile.set_session(&session).map_err(words)?;
        let client = SyncClient::with_transport(profile.transport(), &session);
        client.sync_once(&mut profile).map_err(words)?;
        for stop in &stops {
            profile.plan_stop(&id, stop).map_err(words)?;
        }
        if let Some(window) = &form.photovoice_window {
            let window = PhotovoiceWindow {
                starts_at: window.opens_at,
                ends_at: window.closes_at,
            };
            profile.set_photovoice_window(&id, window).map_err(words)?;
        }
        // The plan reaches the server now when it can, else with the next sync.
        let _ = client.sync_once(&mut profile);
        profile.audit_view(&id).map_err(words)
    })
    .await
    .map_err(words)?
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateInviteBody {
    role: String,
    expires_at: i64,
    max_uses: u32,
}

/// An invite as the UI shows it, with its QR code.
#[derive(Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InviteView {
    code: String,
    link: String,
    qr_svg: String,
    role: Role,
    expires_at: i64,
    max_uses: u32,
}

/// Creates an invite to the session's audit on the server.
#[tauri::command]
pub async fn create_invite(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CommandResult<InviteView> {
    let form: CreateInviteBody = body(&request)?;
    let role = Role::parse(&form.role)
        .filter(|r| matches!(r, Role::Participant | Role::Facilitator))
        .ok_or_else(|| {
            format!(
                "Unknown role {:?}: choose participant or facilitator.",
                form.role
            )
        })?;
    let now = cityaudit_core::model::now_ms();
    if form.expires_at <= now {
        return Err("The invite must expire in the future.".into());
    }
    if form.max_uses == 0 {
        return Err("An invite must allow at least one person to join.".into());
    }
    let (session, transport) = {
        let profile = state.profile();
        (facilitator_session(&profile)?, profile.transport())
    };
    let request = CreateInviteRequest {
        role,
        expires_in_secs: u64::try_from((form.expires_at - now + 999) / 1000).unwrap_or(1),
        max_uses: form.max_uses,
    };
    let invite = tauri::async_runtime::spawn_blocking(move || {
        SyncClient::with_transport(transport, &session).create_invite(&session.audit_id, &request)
    })
    .await
    .map_err(words)?
    .map_err(words)?;
    // A phone's camera opens the browser link; older servers send only the app link.
    let qr_text = if invite.web_link.is_empty() {
        &invite.link
    } else {
        &invite.web_link
    };
    Ok(InviteView {
        qr_svg: server::qr_svg(qr_text).map_err(words)?,
        code: invite.code,
        link: invite.link,
        role: invite.role,
        expires_at: invite.expires_at,
        max_uses: invite.max_uses,
    })
}

/// Progress per participant; last sync from the server when it answers.
#[tauri::command]
pub async fn progress(state: State<'_, AppState>) -> CommandResult<ProgressView> {
    let (session, transport) = {
        let profile = state.profile();
        (facilitator_session(&profile)?, profile.transport())
    };
    let statuses = tauri::async_runtime::spawn_blocking(move || {
        SyncClient::with_transport(transport, &session).participants(&session.audit_id)
    })
    .await
    .map_err(words)?;
    let last_sync: BTreeMap<String, i64> = statuses
        .unwrap_or_default()
        .into_iter()
        .filter_map(|s| s.last_sync_at.map(|at| (s.participant_id, at)))
        .collect();
    let profile = state.profile();
    let id = audit_id(&profile)?;
    facilitator_views::progress(&profile, &id, &last_sync).map_err(words)
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ResultsBody {
    #[serde(default)]
    compare_with: Option<String>,
}

/// The merged results, compared with an earlier audit when chosen.
#[tauri::command]
pub async fn results(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CommandResult<AuditResults> {
    let form: ResultsBody = body(&request)?;
    let earlier = form.compare_with.as_deref().map(parse_id).transpose()?;
    let profile = state.profile();
    let id = audit_id(&profile)?;
    facilitator_views::results(&profile, &id, earlier.as_ref()).map_err(words)
}

/// Other audits of a city on this device, newest first.
#[tauri::command]
pub async fn audits_of_city(
    state: State<'_, AppState>,
    city: String,
) -> CommandResult<Vec<AuditSummary>> {
    let profile = state.profile();
    let id = audit_id(&profile)?;
    Ok(facilitator_views::audits_of_city(&profile, &id, &city))
}

/// Consensus, ideas, wrap-up, marked photos and report texts.
#[tauri::command]
pub async fn facilitator_records(state: State<'_, AppState>) -> CommandResult<FacilitatorRecords> {
    let profile = state.profile();
    let id = audit_id(&profile)?;
    profile.facilitator_records(&id).map_err(words)
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ConsensusBody {
    item: String,
    score: Option<i64>,
    note: String,
}

/// Records the agreed score and a note for a statement.
#[tauri::command]
pub async fn set_consensus(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CommandResult<ConsensusRecord> {
    let form: ConsensusBody = body(&request)?;
    let score = form
        .score
        .map(|s| {
            u8::try_from(s)
                .ok()
                .filter(|s| (1..=5).contains(s))
                .ok_or(s)
        })
        .transpose()
        .map_err(|s| format!("The agreed score must be 1 to 5, not {s}."))?;
    let mut profile = state.profile();
    let id = audit_id(&profile)?;
    profile
        .set_consensus(&id, &form.item, score, &form.note)
        .map_err(words)
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AreaIdeasBody {
    section: String,
    ideas: String,
    recommendations: String,
}

/// Sets an area's ideas for improvement and recommendations.
#[tauri::command]
pub async fn set_area_ideas(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CommandResult<AreaIdeas> {
    let form: AreaIdeasBody = body(&request)?;
    let mut profile = state.profile();
    let id = audit_id(&profile)?;
    profile
        .set_area_ideas(&id, &form.section, &form.ideas, &form.recommendations)
        .map_err(words)
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct WrapUpBody {
    question: String,
    text: String,
}

/// Records a wrap-up finding of the photovoice.
#[tauri::command]
pub async fn set_wrap_up(state: State<'_, AppState>, request: Request<'_>) -> CommandResult<()> {
    let form: WrapUpBody = body(&request)?;
    let mut profile = state.profile();
    let id = audit_id(&profile)?;
    profile
        .set_wrap_up(&id, &form.question, &form.text)
        .map_err(words)
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ReportTextBody {
    which: ReportText,
    text: String,
}

/// Sets one of the report's free texts.
#[tauri::command]
pub async fn set_report_text(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CommandResult<()> {
    let form: ReportTextBody = body(&request)?;
    let mut profile = state.profile();
    let id = audit_id(&profile)?;
    profile
        .set_report_text(&id, form.which, &form.text)
        .map_err(words)
}

/// Keeps the chosen earlier audit in the audit document (`null`: none).
#[tauri::command]
pub async fn set_compare_with(
    state: State<'_, AppState>,
    audit_id: Option<String>,
) -> CommandResult<()> {
    let earlier = audit_id.as_deref().map(parse_id).transpose()?;
    let mut profile = state.profile();
    let id = self::audit_id(&profile)?;
    profile
        .set_compare_with(&id, earlier.as_ref())
        .map_err(words)
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct MarkPhotoBody {
    hash: String,
    marked: bool,
}

/// Marks or unmarks a photo for the report.
#[tauri::command]
pub async fn mark_photo(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CommandResult<ReviewPhoto> {
    let form: MarkPhotoBody = body(&request)?;
    let mut profile = state.profile();
    let id = audit_id(&profile)?;
    profile
        .mark_photo(&id, &form.hash, form.marked)
        .map_err(words)?;
    facilitator_views::photos_for_review(&profile, &id)
        .map_err(words)?
        .into_iter()
        .find(|p| p.hash == form.hash)
        .ok_or_else(|| "No such photo in this audit.".to_owned())
}

/// Every photo of the audit for the photovoice review.
#[tauri::command]
pub async fn photos_for_review(state: State<'_, AppState>) -> CommandResult<Vec<ReviewPhoto>> {
    let profile = state.profile();
    let id = audit_id(&profile)?;
    facilitator_views::photos_for_review(&profile, &id).map_err(words)
}

/// Stops, photos and tracks with a position.
#[tauri::command]
pub async fn map_features(state: State<'_, AppState>) -> CommandResult<MapFeatures> {
    let profile = state.profile();
    let id = audit_id(&profile)?;
    facilitator_views::map_features(&profile, &id).map_err(words)
}

/// The folder exports go to: `CITYAUDIT_EXPORT_DIR`, else Documents,
/// Downloads, or the app-data folder.
fn export_dir<R: Runtime>(app: &AppHandle<R>) -> CommandResult<PathBuf> {
    if let Some(dir) = std::env::var_os(EXPORT_DIR_ENV).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    let paths = app.path();
    paths
        .document_dir()
        .or_else(|_| paths.download_dir())
        .or_else(|_| paths.app_data_dir())
        .map_err(|e| format!("Cannot find a folder to save the export in: {e}"))
}

/// Writes an export of the audit and says where it went.
#[tauri::command]
pub async fn export<R: Runtime>(app: AppHandle<R>, format: String) -> CommandResult<ExportResult> {
    let format: ExportFormat = format.parse().map_err(words)?;
    let dir = export_dir(&app)?;
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let profile = state.profile();
        let id = audit_id(&profile)?;
        let lang = profile
            .language()
            .ok()
            .flatten()
            .unwrap_or_else(|| "en".to_owned());
        facilitator_views::export_to_dir(&profile, &id, format, &dir, &lang).map_err(words)
    })
    .await
    .map_err(words)?
}
