//! Walk tracks on the participant's device: consent (in the response
//! document, so it syncs and the facilitator's exports respect it),
//! recording on/off (device-local, in the profile's settings), and
//! positions kept by the [`TrackRecorder`] rules.

use super::{Profile, ProfileError};
use crate::dates::iso_utc;
use crate::ids::DocumentId;
use crate::model::{limits, ModelError};
use crate::tracks::{Decision, Fix, TrackRecorder, TrackSoFar, TrackingState};

/// The settings key of recording on/off for one response document.
fn recording_key(response_id: &DocumentId) -> String {
    format!("tracking:{response_id}")
}

impl Profile {
    /// What the recorder knows of a response's track now.
    fn track_so_far(&self, response_id: &DocumentId) -> Result<TrackSoFar, ProfileError> {
        let recording = self.store.setting(&recording_key(response_id))?.as_deref() == Some("on");
        let doc = &self.loaded_response(response_id)?.doc;
        let consent = doc.read_participant().is_some_and(|p| p.records_track());
        Ok(TrackSoFar {
            consent,
            recording: recording && consent,
            points: doc.track_len(),
            last: doc.last_track_point(),
        })
    }

    /// Consent, recording and the track's size, for the app.
    pub fn tracking_state(&self, response_id: &DocumentId) -> Result<TrackingState, ProfileError> {
        let so_far = self.track_so_far(response_id)?;
        Ok(TrackingState {
            consent: so_far.consent,
            recording: so_far.recording,
            points: so_far.points,
            last_at: so_far.last.map(|p| iso_utc(p.at)),
        })
    }

    /// Records the participant's consent to recording their walk track (in
    /// the response document); withdrawing it also stops recording.
    pub fn set_track_consent(
        &mut self,
        response_id: &DocumentId,
        consent: bool,
    ) -> Result<TrackingState, ProfileError> {
        self.edit_response(response_id, |doc, _| doc.set_track_consent(consent))?;
        if !consent {
            self.store.set_setting(&recording_key(response_id), "off")?;
        }
        self.tracking_state(response_id)
    }

    /// Turns recording on or off on this device; on needs consent.
    pub fn set_tracking(
        &mut self,
        response_id: &DocumentId,
        recording: bool,
    ) -> Result<TrackingState, ProfileError> {
        if recording && !self.track_so_far(response_id)?.consent {
            return Err(ModelError::TrackConsentMissing.into());
        }
        let value = if recording { "on" } else { "off" };
        self.store.set_setting(&recording_key(response_id), value)?;
        self.tracking_state(response_id)
    }

    /// Offers a device position to the track; returns whether the rules kept it.
    pub fn record_position(
        &mut self,
        response_id: &DocumentId,
        fix: &Fix,
    ) -> Result<(bool, TrackingState), ProfileError> {
        let so_far = self.track_so_far(response_id)?;
        let decision = TrackRecorder::default().decide(&so_far, fix);
        if decision == Decision::Invalid {
            return Err(ModelError::InvalidLocation {
                lat: fix.lat,
                lon: fix.lon,
            }
            .into());
        }
        let kept = decision == Decision::Kept;
        if kept {
            let point = crate::model::TrackPoint {
                lat: fix.lat,
                lon: fix.lon,
                at: fix.at,
            };
            self.edit_response(response_id, |doc, _| doc.add_track_points(&[point]))?;
        }
        Ok((kept, self.tracking_state(response_id)?))
    }

    /// Replays recorded positions (a GPX file's) through the same rules as
    /// live ones, at their own times; the kept points are saved together.
    pub fn replay_track(
        &mut self,
        response_id: &DocumentId,
        fixes: &[Fix],
    ) -> Result<TrackingState, ProfileError> {
        let mut so_far = self.track_so_far(response_id)?;
        let kept = TrackRecorder::default().keep_all(&mut so_far, fixes);
        for batch in kept.chunks(limits::TRACK_BATCH) {
            self.edit_response(response_id, |doc, _| doc.add_track_points(batch))?;
        }
        self.tracking_state(response_id)
    }
}
