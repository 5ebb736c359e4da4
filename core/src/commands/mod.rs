//! The participant's commands, one function each: what the UI's
//! `ui/src/api.ts` calls. The Tauri shell's commands and the browser app
//! (`cityaudit-web`, core in WebAssembly) both call these, so every rule,
//! check and view is decided here once; a shell only moves the request in
//! and the result or [`CommandError`] out.
//!
//! Requests are the UI's camelCase JSON objects. [`Device::call`] runs a
//! command by name for shells that receive it as text (the browser app).

pub mod basemap;
mod error;
pub mod facilitator;
pub mod methods;
pub mod received;
pub mod templates;
pub mod tracks;

use std::time::Duration;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

pub use error::CommandError;

use crate::analysis::{response_progress, stop_progress};
use crate::ids::{BlobHash, DocumentId};
use crate::media::NewPhoto;
use crate::model::PhotoEdit;
use crate::profile::Profile;
use crate::sync::client::{SyncClient, SyncError, SyncReport, Transfer};
use crate::sync::joining::{finish_join, join_audit, JoinForm};
use crate::sync::schedule::SyncSchedule;
use crate::views::SyncActivity;
use crate::views::{
    AnswerRequest, AnswerSaved, AnswerView, AuditView, LocationView, PhotoView, ResponseView,
    SessionView, StopView, SyncStatusView, VisitStopRequest,
};

/// A command's result.
pub type CommandResult<T> = Result<T, CommandError>;

/// Largest photo accepted from a picker or camera, in bytes.
pub const MAX_PICKED_BYTES: u64 = 40 * 1024 * 1024;

/// The join form as the UI sends it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct JoinCommand {
    /// A scanned or pasted invite link (`cityaudit://join?…` or `https://…/app/join?code=…`).
    #[serde(default)]
    pub link: Option<String>,
    /// Server URL, when no link is given.
    #[serde(default)]
    pub server: Option<String>,
    /// Invite code, when no link is given.
    #[serde(default)]
    pub code: Option<String>,
    /// Display name (a pseudonym is fine).
    pub display_name: String,
    /// Participant group id.
    pub group: String,
    /// Optional self-described gender.
    #[serde(default)]
    pub gender: Option<String>,
    /// The photovoice usage terms were accepted.
    #[serde(default)]
    pub accept_photo_terms: bool,
    /// Photos share their location by default (each photo may choose
    /// otherwise); only with the terms accepted.
    #[serde(default)]
    pub share_photo_locations: bool,
}

/// A picked picture as the UI sends it: a file path (desktop picker), base64
/// (`dataBase64`, optionally a `data:` URL), or raw bytes beside the request.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PickedFile {
    /// A file path on this device.
    #[serde(default)]
    pub path: Option<String>,
    /// The picture, base64-encoded.
    #[serde(default)]
    pub data_base64: Option<String>,
    /// The file's name, for messages.
    #[serde(default)]
    pub file_name: String,
}

/// A new photo as the UI sends it; the picture itself comes as a file path
/// (desktop picker), base64 (`dataBase64`, optionally a `data:` URL) or raw
/// bytes beside the request.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AddPhotoCommand {
    /// The picture.
    #[serde(flatten)]
    pub file: PickedFile,
    /// Title.
    pub title: String,
    /// Short caption.
    #[serde(default)]
    pub caption: String,
    /// Photovoice theme id.
    pub theme: String,
    /// The stop it was taken at.
    #[serde(default)]
    pub stop: Option<String>,
    /// A pin the participant placed (source `manual`: it replaces the
    /// photo's own position) or the device position (used when the photo
    /// has none).
    #[serde(default)]
    pub fallback_location: Option<LocationView>,
    /// Share this photo's location; absent: the participant's choice when
    /// accepting the photovoice terms.
    #[serde(default)]
    pub share_location: Option<bool>,
}

/// A photo's new title, caption and theme.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct EditPhotoCommand {
    /// The photo.
    pub hash: String,
    /// Title.
    pub title: String,
    /// Caption.
    pub caption: String,
    /// Theme id.
    pub theme: String,
    /// Remove the photo's location: the participant no longer shares it.
    #[serde(default)]
    pub forget_location: bool,
}

/// `{ shareLocations }` of `accept_photo_terms`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AcceptPhotoTermsCommand {
    /// Photos share their location unless a photo chooses otherwise.
    #[serde(default)]
    pub share_locations: bool,
}

fn response_id(profile: &Profile) -> CommandResult<DocumentId> {
    Ok(profile.session_response_id()?)
}

/// The device's session, or `None` before joining.
pub fn session(profile: &Profile) -> CommandResult<Option<SessionView>> {
    Ok(profile.session_view()?)
}

/// Joins an audit with an invite and fetches it (needs the server).
pub fn join(profile: &mut Profile, request: JoinCommand) -> CommandResult<SessionView> {
    let form = JoinForm {
        link: request.link,
        server: request.server,
        code: request.code,
        display_name: request.display_name,
        group: request.group,
        gender: request.gender,
        accept_photo_terms: request.accept_photo_terms,
        share_photo_locations: request.share_photo_locations,
    };
    crate::sync::joining::read_invite(&form)?;
    join_audit(profile, &form)?;
    profile
        .session_view()?
        .ok_or_else(|| CommandError::new("storage", "The join was not saved."))
}

/// The audit joined.
pub fn audit(profile: &Profile) -> CommandResult<AuditView> {
    let session = profile
        .session()?
        .ok_or_else(|| CommandError::from(SyncError::NotJoined))?;
    profile.audit_view(&session.audit_id).map_err(|_| {
        CommandError::new(
            "audit_not_arrived",
            "The audit has not arrived on this device yet. Sync when you are online.",
        )
    })
}

/// One's own answers, stops and photos.
pub fn response(profile: &Profile) -> CommandResult<ResponseView> {
    let id = response_id(profile)?;
    Ok(profile.response_view(&id)?)
}

/// Accepts the photovoice usage terms (declined when joining) and returns one's response.
pub fn accept_photo_terms(
    profile: &mut Profile,
    request: AcceptPhotoTermsCommand,
) -> CommandResult<ResponseView> {
    let id = response_id(profile)?;
    profile.accept_photo_terms(&id, request.share_locations)?;
    Ok(profile.response_view(&id)?)
}

fn answer_saved(
    profile: &Profile,
    id: &DocumentId,
    stop: Option<&str>,
    item: &str,
) -> CommandResult<AnswerSaved> {
    let answer = profile
        .read_answer(id, stop, item)?
        .map(|answer| AnswerView::from(&answer))
        .ok_or_else(|| {
            CommandError::new(
                "storage",
                format!("The answer to {item:?} could not be read back."),
            )
        })?;
    let audit = profile.audit(profile.response_audit(id)?)?;
    let response = profile.response(id)?;
    Ok(AnswerSaved {
        answer,
        progress: response_progress(audit, Some(&response)),
        stop_progress: stop.map(|stop| stop_progress(audit, &response, stop)),
    })
}

/// Scores or comments a whole-city statement.
pub fn answer_item(profile: &mut Profile, request: AnswerRequest) -> CommandResult<AnswerSaved> {
    let input = request.to_input()?;
    let id = response_id(profile)?;
    profile.answer(&id, &request.item, &input)?;
    answer_saved(profile, &id, None, &request.item)
}

/// Scores or comments a per-stop statement at a recorded stop.
pub fn answer_at_stop(profile: &mut Profile, request: AnswerRequest) -> CommandResult<AnswerSaved> {
    let stop = request
        .stop
        .clone()
        .ok_or_else(|| CommandError::new("stop_missing", "Choose the stop for this answer."))?;
    let input = request.to_input()?;
    let id = response_id(profile)?;
    profile.answer_at_stop(&id, &stop, &request.item, &input)?;
    answer_saved(profile, &id, Some(&stop), &request.item)
}

/// Records a stop of the walk.
pub fn visit_stop(profile: &mut Profile, request: VisitStopRequest) -> CommandResult<StopView> {
    let visit = request.to_visit()?;
    let id = response_id(profile)?;
    let stop_id = profile.visit_stop(&id, &visit)?;
    let response = profile.response(&id)?;
    let audit = profile.audit(profile.response_audit(&id)?)?;
    Ok(StopView::new(audit, &stop_id, &visit, &response))
}

/// Why a picked file's bytes could not be had.
#[derive(Debug)]
pub(crate) enum PickError {
    /// Nothing was picked.
    Missing,
    /// Larger than the command takes.
    TooLarge(u64),
    /// The file at the path could not be read.
    Unreadable(String),
    /// The base64 text was damaged or cut short.
    Incomplete,
}

impl PickedFile {
    /// The file's bytes: `bytes` when the shell passed them, else the file
    /// at `path`, else the base64 text (a `data:` URL too); at most `max`.
    pub(crate) fn read(&self, bytes: Option<&[u8]>, max: u64) -> Result<Vec<u8>, PickError> {
        if let Some(bytes) = bytes {
            if bytes.len() as u64 > max {
                return Err(PickError::TooLarge(bytes.len() as u64));
            }
            return Ok(bytes.to_vec());
        }
        if let Some(path) = self
            .path
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            let unreadable = |e: std::io::Error| PickError::Unreadable(format!("{path}: {e}"));
            let size = std::fs::metadata(path).map_err(unreadable)?.len();
            if size > max {
                return Err(PickError::TooLarge(size));
            }
            return std::fs::read(path).map_err(unreadable);
        }
        let data = self
            .data_base64
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .ok_or(PickError::Missing)?;
        let payload = data.split_once(";base64,").map_or(data, |(_, p)| p);
        if payload.len() as u64 > max / 3 * 4 + 4 {
            return Err(PickError::TooLarge(payload.len() as u64 / 4 * 3));
        }
        BASE64.decode(payload).map_err(|_| PickError::Incomplete)
    }
}

/// The picked photo's bytes (see [`PickedFile::read`]); at most [`MAX_PICKED_BYTES`].
pub fn picked_photo(request: &PickedFile, bytes: Option<&[u8]>) -> CommandResult<Vec<u8>> {
    let shown = if request.file_name.is_empty() {
        "The photo"
    } else {
        request.file_name.as_str()
    };
    request
        .read(bytes, MAX_PICKED_BYTES)
        .map_err(|error| match error {
            PickError::Missing => CommandError::new("photo_missing", "Choose a photo first."),
            PickError::TooLarge(_) => {
                CommandError::new("photo_too_large", format!("{shown} is larger than 40 MB."))
            }
            PickError::Unreadable(why) => {
                CommandError::new("photo_unreadable", format!("Cannot open {shown} ({why})"))
            }
            PickError::Incomplete => CommandError::new(
                "photo_incomplete",
                format!("{shown} did not arrive whole; pick it again."),
            ),
        })
}

/// Adds a photo: reads its EXIF position, keeps a shared copy without
/// metadata and a thumbnail, and records it.
pub fn add_photo(
    profile: &mut Profile,
    request: AddPhotoCommand,
    bytes: Option<&[u8]>,
) -> CommandResult<PhotoView> {
    let picture = picked_photo(&request.file, bytes)?;
    let fallback_location = request
        .fallback_location
        .map(LocationView::to_location)
        .transpose()?;
    let details = NewPhoto {
        title: request.title,
        caption: request.caption,
        theme: request.theme,
        stop: request.stop,
        fallback_location,
        share_location: request.share_location,
    };
    let id = response_id(profile)?;
    let hash = profile.add_photo_file(&id, &picture, &details)?;
    photo_view(profile, &id, &hash)
}

fn photo_view(profile: &Profile, id: &DocumentId, hash: &BlobHash) -> CommandResult<PhotoView> {
    profile
        .response_view(id)?
        .photos
        .into_iter()
        .find(|p| p.hash == hash.as_str())
        .ok_or_else(|| CommandError::new("storage", "The photo could not be read back."))
}

/// Changes a photo's title, caption or theme.
pub fn edit_photo(profile: &mut Profile, request: EditPhotoCommand) -> CommandResult<PhotoView> {
    let hash = BlobHash::parse(&request.hash)
        .map_err(|e| CommandError::new("unknown_photo", e.to_string()))?;
    let id = response_id(profile)?;
    let change = PhotoEdit {
        title: Some(request.title.trim().to_owned()),
        caption: Some(request.caption.trim().to_owned()),
        theme: Some(request.theme),
        forget_location: request.forget_location,
    };
    profile.edit_photo(&id, &hash, &change)?;
    photo_view(profile, &id, &hash)
}

/// Chooses the UI language (`None` follows the system).
pub fn set_language(profile: &Profile, language: Option<&str>) -> CommandResult<()> {
    Ok(profile.set_language(language)?)
}

/// One sync run: completes a pending join, exchanges documents, uploads
/// photos and downloads the photos this device may read, recording the
/// outcome; `progress` hears of every transfer.
pub fn run_sync(
    profile: &mut Profile,
    progress: impl FnMut(Transfer<'_>),
) -> Result<SyncReport, SyncError> {
    let client = SyncClient::for_profile(profile)?;
    if let Err(error) = finish_join(profile) {
        // A join that cannot complete yet is shown like any failed sync.
        profile.record_sync_outcome(Some(&error.to_string()))?;
        return Err(error);
    }
    client.sync_once_with_progress(profile, progress)
}

/// A participant's device for shells that run one command at a time on
/// one thread (the browser app's worker): the profile, what sync is doing
/// and when it should run next.
#[derive(Debug)]
pub struct Device {
    profile: Profile,
    activity: SyncActivity,
    schedule: SyncSchedule,
    next_sync: Duration,
}

fn args<T: DeserializeOwned>(json: &str) -> CommandResult<T> {
    serde_json::from_str(if json.trim().is_empty() { "{}" } else { json })
        .map_err(CommandError::bad_request)
}

fn to_json<T: Serialize>(value: &T) -> CommandResult<String> {
    serde_json::to_string(value).map_err(|e| CommandError::new("internal", e.to_string()))
}

/// `{ "language": … }` of `set_language`.
#[derive(Deserialize)]
struct LanguageArgs {
    #[serde(default)]
    language: Option<String>,
}

impl Device {
    /// A device around an open profile.
    pub fn new(profile: Profile) -> Self {
        Device {
            profile,
            activity: SyncActivity::default(),
            schedule: SyncSchedule::default(),
            next_sync: Duration::ZERO,
        }
    }

    /// The profile.
    pub fn profile(&mut self) -> &mut Profile {
        &mut self.profile
    }

    /// Syncs now (when joined) and returns the status; the outcome decides
    /// [`Device::next_sync_delay`].
    pub fn sync_now(&mut self) -> CommandResult<SyncStatusView> {
        if self.profile.session()?.is_none() {
            return Err(SyncError::NotJoined.into());
        }
        let result = run_sync(&mut self.profile, |_| {}).map(|_| ());
        self.activity = SyncActivity {
            running: false,
            offline: matches!(result, Err(SyncError::Offline(_))),
        };
        self.next_sync = self.schedule.after(result.as_ref().map(|_| ()));
        Ok(self.profile.sync_status_view(self.activity)?)
    }

    /// How long to wait before the next background sync.
    pub fn next_sync_delay(&self) -> Duration {
        self.next_sync
    }

    /// Runs the command `name` with its JSON arguments (the UI's camelCase
    /// object) and returns its JSON result. `bytes` is a photo passed beside
    /// the request (`add_photo`).
    pub fn call(&mut self, name: &str, json: &str, bytes: Option<&[u8]>) -> CommandResult<String> {
        let profile = &mut self.profile;
        match name {
            "session" => to_json(&session(profile)?),
            "join" => to_json(&join(profile, args(json)?)?),
            "audit" => to_json(&audit(profile)?),
            "response" => to_json(&response(profile)?),
            "answer_item" => to_json(&answer_item(profile, args(json)?)?),
            "answer_at_stop" => to_json(&answer_at_stop(profile, args(json)?)?),
            "visit_stop" => to_json(&visit_stop(profile, args(json)?)?),
            "add_photo" => to_json(&add_photo(profile, args(json)?, bytes)?),
            "edit_photo" => to_json(&edit_photo(profile, args(json)?)?),
            "accept_photo_terms" => to_json(&accept_photo_terms(profile, args(json)?)?),
            "set_language" => {
                let LanguageArgs { language } = args(json)?;
                to_json(&set_language(profile, language.as_deref())?)
            }
            "sync_now" => {
                let status = self.sync_now()?;
                to_json(&status)
            }
            "sync_status" => to_json(&self.profile.sync_status_view(self.activity)?),
            "tracking_state" => to_json(&tracks::tracking_state(profile)?),
            "set_track_consent" => to_json(&tracks::set_track_consent(profile, args(json)?)?),
            "set_tracking" => to_json(&tracks::set_tracking(profile, args(json)?)?),
            "record_position" => to_json(&tracks::record_position(profile, args(json)?)?),
            "replay_gpx" => to_json(&tracks::replay_gpx(profile, args(json)?)?),
            "participant_map" => to_json(&tracks::participant_map(profile)?),
            "demo_invite" | "current_position" => Ok("null".to_owned()),
            "base_map_info" => to_json(&basemap::base_map_info(profile)?),
            other => Err(CommandError::new(
                "unknown_command",
                format!("There is no command {other:?}."),
            )),
        }
    }
}

impl Device {
    /// Runs a command that answers with raw bytes (`base_map_range`).
    pub fn call_bytes(&mut self, name: &str, json: &str) -> CommandResult<Vec<u8>> {
        match name {
            "base_map_range" => basemap::base_map_range(&self.profile, args(json)?),
            other => Err(CommandError::new(
                "unknown_command",
                format!("There is no command {other:?} answering with bytes."),
            )),
        }
    }
}

#[cfg(test)]
mod tests;
