//! The participant's walk-track and map commands: consent, recording
//! on/off, offering a device position, replaying a GPX file, and the map
//! a participant sees.

use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::{response_id, CommandError, CommandResult};
use crate::export::{participant_map_features, MapFeatures};
use crate::profile::Profile;
use crate::tracks::gpx::{parse_gpx, GpxError};
use crate::tracks::{Fix, TrackingState};

/// `{ consent }` of `set_track_consent`.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TrackConsentCommand {
    /// True: the participant agrees to recording their walk track.
    pub consent: bool,
}

/// `{ recording }` of `set_tracking`.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SetTrackingCommand {
    /// Recording on (needs consent) or off.
    pub recording: bool,
}

/// A device position offered to the track.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RecordPositionCommand {
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Accuracy radius in metres, if the device tells.
    #[serde(default)]
    pub accuracy_m: Option<f64>,
    /// When the position was taken (RFC 3339).
    pub at: String,
}

/// Whether the position was kept, and the recording state after it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RecordPositionResult {
    /// The rules kept the position.
    pub kept: bool,
    /// Recording as it is now.
    pub state: TrackingState,
}

/// `{ gpx }` of `replay_gpx`: the file's text.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ReplayGpxCommand {
    /// The GPX file's text.
    pub gpx: String,
}

impl From<GpxError> for CommandError {
    fn from(error: GpxError) -> Self {
        let message = error.to_string();
        CommandError::new("gpx_invalid", message.clone())
            .with_details(serde_json::json!({ "reason": message }))
    }
}

/// Consent, recording and the track's size.
pub fn tracking_state(profile: &Profile) -> CommandResult<TrackingState> {
    let id = response_id(profile)?;
    Ok(profile.tracking_state(&id)?)
}

/// Records consent to recording the walk track (withdrawing stops it).
pub fn set_track_consent(
    profile: &mut Profile,
    request: TrackConsentCommand,
) -> CommandResult<TrackingState> {
    let id = response_id(profile)?;
    Ok(profile.set_track_consent(&id, request.consent)?)
}

/// Turns recording on this device on (with consent) or off.
pub fn set_tracking(
    profile: &mut Profile,
    request: SetTrackingCommand,
) -> CommandResult<TrackingState> {
    let id = response_id(profile)?;
    Ok(profile.set_tracking(&id, request.recording)?)
}

/// Offers a device position to the track; core decides whether it is kept.
pub fn record_position(
    profile: &mut Profile,
    request: RecordPositionCommand,
) -> CommandResult<RecordPositionResult> {
    let at = OffsetDateTime::parse(request.at.trim(), &Rfc3339).map_err(|_| {
        CommandError::new(
            "invalid_time",
            format!("{:?} is not a time in RFC 3339 form.", request.at),
        )
    })?;
    let fix = Fix {
        lat: request.lat,
        lon: request.lon,
        accuracy_m: request.accuracy_m,
        at: i64::try_from(at.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX),
    };
    let id = response_id(profile)?;
    let (kept, state) = profile.record_position(&id, &fix)?;
    Ok(RecordPositionResult { kept, state })
}

/// Replays a recorded GPX file through the recording rules.
pub fn replay_gpx(
    profile: &mut Profile,
    request: ReplayGpxCommand,
) -> CommandResult<TrackingState> {
    let fixes = parse_gpx(&request.gpx)?;
    let id = response_id(profile)?;
    Ok(profile.replay_track(&id, &fixes)?)
}

/// The map a participant sees: planned stops, own visits, photos and track.
pub fn participant_map(profile: &Profile) -> CommandResult<MapFeatures> {
    let id = response_id(profile)?;
    let audit_id = profile.response_audit(&id)?.clone();
    let audit = profile.audit(&audit_id)?;
    let own = profile.response(&id)?;
    Ok(participant_map_features(audit, &own))
}
