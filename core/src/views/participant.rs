//! What the participant's screens show, built from the documents, and what
//! they send back, parsed into the model's inputs.
//!
//! The shapes follow the UI's contract (`ui/src/api.ts`): camelCase JSON,
//! answer values as a number, `"dont_know"` or `null`. Template objects are
//! passed through unchanged (snake_case). Values a buggy peer wrote that the
//! model cannot read are left out (a score of 9 shows as unanswered), never
//! shown as if they were valid.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;

use crate::analysis::{response_progress, stop_progress, Progress, ResponseProgress};
use crate::model::Role;
use crate::model::{
    Answer, AnswerInput, AnswerValue, AuditData, Location, LocationSource, ModelError, PhotoRecord,
    ResponseData, Score, StopVisit, DONT_KNOW,
};
use crate::profile::Session;
use crate::templates::{ChecklistTemplate, ParticipantGroup, PhotovoiceTemplate};

/// A position as the UI sends and shows it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct LocationView {
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// Accuracy radius in metres, when known.
    #[serde(default)]
    pub accuracy_m: Option<f64>,
    /// Where the position came from.
    pub source: LocationSource,
}

impl From<&Location> for LocationView {
    fn from(location: &Location) -> Self {
        LocationView {
            lat: location.lat,
            lon: location.lon,
            accuracy_m: location.accuracy_m,
            source: location.source,
        }
    }
}

impl LocationView {
    /// The model's location, checked (on the globe, finite accuracy).
    pub fn to_location(self) -> Result<Location, ModelError> {
        let location = Location {
            lat: self.lat,
            lon: self.lon,
            accuracy_m: self.accuracy_m,
            source: self.source,
        };
        location.validate()?;
        Ok(location)
    }
}

/// The device's session as the UI shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SessionView {
    /// Server base URL.
    pub server_url: String,
    /// The audit's document id.
    pub audit_id: String,
    /// The participant's response document id (participants only).
    pub response_id: Option<String>,
    /// Pseudonymous participant id.
    pub participant_id: String,
    /// Role granted.
    pub role: Role,
    /// Display name, from the response document when there is one.
    pub display_name: String,
    /// Participant group id.
    pub group: String,
    /// The chosen UI language; `None` follows the system.
    pub language: Option<String>,
}

impl SessionView {
    /// Builds the view from the session, the participant's response (if any) and the language.
    pub fn new(
        session: &Session,
        response: Option<&ResponseData>,
        language: Option<String>,
    ) -> Self {
        let participant = response.and_then(ResponseData::participant);
        SessionView {
            server_url: session.server.clone(),
            audit_id: session.audit_id.to_string(),
            response_id: session.response_doc.as_ref().map(ToString::to_string),
            participant_id: session.participant_id.clone(),
            role: session.role,
            display_name: participant
                .map(|p| p.display_name.clone())
                .unwrap_or_default(),
            group: participant.map(|p| p.group.clone()).unwrap_or_default(),
            language,
        }
    }
}

/// A planned stop of the walk.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PlannedStopView {
    /// Its id.
    pub id: String,
    /// Name of area.
    pub name_of_area: String,
    /// Specific location.
    pub specific_location: String,
    /// Position, if planned with one.
    pub position: Option<LocationView>,
    /// Order in the walk.
    pub order: i64,
}

/// The audit as the participant's screens need it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AuditView {
    /// The audit's document id.
    pub id: String,
    /// Title.
    pub title: String,
    /// City.
    pub city: String,
    /// First day (YYYY-MM-DD).
    pub starts_on: String,
    /// Last day (YYYY-MM-DD).
    pub ends_on: String,
    /// Where participants gather.
    pub meeting_point: String,
    /// The checklist template, unchanged (snake_case).
    pub checklist: Option<ChecklistTemplate>,
    /// The photovoice template, unchanged (snake_case).
    pub photovoice: Option<PhotovoiceTemplate>,
    /// Participant groups.
    pub groups: Vec<ParticipantGroup>,
    /// Planned stops in walking order.
    pub planned_stops: Vec<PlannedStopView>,
    /// A EUROCITIES benchmark self-assessment (no walk or photovoice).
    pub benchmark: bool,
}

impl AuditView {
    /// Builds the view of an audit document.
    pub fn new(id: &str, audit: &AuditData) -> Self {
        let text =
            |field: &crate::model::Lenient<String>| field.value().cloned().unwrap_or_default();
        let mut planned_stops: Vec<PlannedStopView> = audit
            .planned_stops()
            .map(|(id, stop)| PlannedStopView {
                id: id.clone(),
                name_of_area: stop.name_of_area.clone(),
                specific_location: stop.specific_location.clone(),
                position: stop.position.as_ref().map(LocationView::from),
                order: stop.order,
            })
            .collect();
        planned_stops.sort_by(|a, b| a.order.cmp(&b.order).then_with(|| a.id.cmp(&b.id)));
        AuditView {
            id: id.to_owned(),
            title: text(&audit.title),
            city: text(&audit.city),
            starts_on: text(&audit.starts_on),
            ends_on: text(&audit.ends_on),
            meeting_point: text(&audit.meeting_point),
            checklist: audit.checklist().cloned(),
            photovoice: audit.photovoice().cloned(),
            groups: audit.groups.value().cloned().unwrap_or_default(),
            planned_stops,
            benchmark: audit.benchmark().is_some(),
        }
    }
}

/// An answer value on the wire: a score, `"dont_know"`, or `null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(type = "number | \"dont_know\" | null"))]
pub enum AnswerValueView {
    /// Not answered (or cleared, or unreadable).
    None,
    /// A score 1-5.
    Score(u8),
    /// Don't know.
    DontKnow,
}

impl From<&AnswerValue> for AnswerValueView {
    fn from(value: &AnswerValue) -> Self {
        match value {
            AnswerValue::Score(score) => AnswerValueView::Score(score.get()),
            AnswerValue::DontKnow => AnswerValueView::DontKnow,
            AnswerValue::Unanswered | AnswerValue::Invalid(_) => AnswerValueView::None,
        }
    }
}

impl Serialize for AnswerValueView {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            AnswerValueView::None => serializer.serialize_none(),
            AnswerValueView::Score(score) => serializer.serialize_u8(*score),
            AnswerValueView::DontKnow => serializer.serialize_str(DONT_KNOW),
        }
    }
}

/// Parses an answer value the UI sent: a whole number 1-5, `"dont_know"`, or `null` (clear).
pub fn parse_answer_value(value: &serde_json::Value) -> Result<AnswerValue, ModelError> {
    match value {
        serde_json::Value::Null => Ok(AnswerValue::Unanswered),
        serde_json::Value::String(text) if text == DONT_KNOW => Ok(AnswerValue::DontKnow),
        serde_json::Value::Number(number) => {
            let whole = number.as_i64().ok_or_else(|| {
                ModelError::InvalidAnswer(format!("score {number} is not a whole number 1-5"))
            })?;
            let score = u8::try_from(whole)
                .map_err(|_| ModelError::ScoreOutOfRange(whole))
                .and_then(Score::new)?;
            Ok(AnswerValue::Score(score))
        }
        other => Err(ModelError::InvalidAnswer(format!(
            "an answer is a score 1-5 or \"{DONT_KNOW}\", not {other}"
        ))),
    }
}

/// One answer as the UI shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AnswerView {
    /// Score, don't know, or none.
    pub value: AnswerValueView,
    /// Comments/evidence.
    pub comment: String,
    /// Last change (ms since epoch); 0 when never answered.
    pub updated_at: i64,
}

impl From<&Answer> for AnswerView {
    fn from(answer: &Answer) -> Self {
        AnswerView {
            value: AnswerValueView::from(&answer.value),
            comment: answer.comment.as_str().to_owned(),
            updated_at: answer.updated_at,
        }
    }
}

/// The UI's request to change an answer: a field left out stays unchanged;
/// a `null` value clears the score.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AnswerRequest {
    /// The statement id.
    pub item: String,
    /// The stop, for per-stop statements.
    #[serde(default)]
    pub stop: Option<String>,
    /// New value: absent = unchanged, `null` = cleared.
    #[serde(default, deserialize_with = "present")]
    pub value: Option<serde_json::Value>,
    /// New comments/evidence: absent = unchanged.
    #[serde(default)]
    pub comment: Option<String>,
}

/// Keeps a present `null` as `Some(Value::Null)`, so it differs from an absent field.
fn present<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<serde_json::Value>, D::Error> {
    serde_json::Value::deserialize(deserializer).map(Some)
}

impl AnswerRequest {
    /// The model's input for this change, checked.
    pub fn to_input(&self) -> Result<AnswerInput, ModelError> {
        Ok(AnswerInput {
            value: self.value.as_ref().map(parse_answer_value).transpose()?,
            comment: self.comment.clone(),
        })
    }
}

/// A recorded stop visit with its answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct StopView {
    /// The stop id.
    pub id: String,
    /// The planned stop it belongs to, if any.
    pub planned_stop: Option<String>,
    /// Name of area.
    pub name_of_area: String,
    /// Specific location.
    pub specific_location: String,
    /// Date and time (ms since epoch).
    pub visited_at: i64,
    /// UTC offset at the visit, in minutes.
    pub utc_offset_min: i64,
    /// Position, if known.
    pub location: Option<LocationView>,
    /// Answers to the per-stop statements, by item id.
    pub answers: BTreeMap<String, AnswerView>,
    /// Per-stop statements answered at this stop.
    pub progress: Progress,
}

impl StopView {
    /// Builds the view of one stop of a response to `audit`.
    pub fn new(audit: &AuditData, id: &str, visit: &StopVisit, response: &ResponseData) -> Self {
        StopView {
            id: id.to_owned(),
            planned_stop: visit.planned_stop.clone(),
            name_of_area: visit.name_of_area.clone(),
            specific_location: visit.specific_location.clone(),
            visited_at: visit.visited_at,
            utc_offset_min: visit.utc_offset_min,
            location: visit.location.as_ref().map(LocationView::from),
            answers: response
                .stop_answers(id)
                .map(|(item, answer)| (item.clone(), AnswerView::from(answer)))
                .collect(),
            progress: stop_progress(audit, response, id),
        }
    }
}

/// A saved answer, with the progress it makes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AnswerSaved {
    /// The answer as saved.
    pub answer: AnswerView,
    /// Whole-city progress after saving.
    pub progress: ResponseProgress,
    /// Progress at the stop, for an answer given at a stop.
    pub stop_progress: Option<Progress>,
}

/// What the UI sends to record a stop visit.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VisitStopRequest {
    /// The planned stop, if the visit is one of them.
    #[serde(default)]
    pub planned_stop: Option<String>,
    /// Name of area.
    pub name_of_area: String,
    /// Specific location.
    #[serde(default)]
    pub specific_location: String,
    /// Date and time (ms since epoch).
    pub visited_at: i64,
    /// UTC offset in minutes.
    #[serde(default)]
    pub utc_offset_min: i64,
    /// Position, if known.
    #[serde(default)]
    pub location: Option<LocationView>,
}

impl VisitStopRequest {
    /// The model's input, with the position checked.
    pub fn to_visit(&self) -> Result<StopVisit, ModelError> {
        Ok(StopVisit {
            planned_stop: self.planned_stop.clone(),
            name_of_area: self.name_of_area.trim().to_owned(),
            specific_location: self.specific_location.trim().to_owned(),
            visited_at: self.visited_at,
            utc_offset_min: self.utc_offset_min,
            location: self.location.map(LocationView::to_location).transpose()?,
        })
    }
}

/// A photo of one's own, as the gallery shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PhotoView {
    /// SHA-256 of the shared copy.
    pub hash: String,
    /// Title.
    pub title: String,
    /// Caption.
    pub caption: String,
    /// Theme id.
    pub theme: String,
    /// Where it was taken and how that is known.
    pub location: Option<LocationView>,
    /// When it was taken (ms since epoch), if known.
    pub taken_at: Option<i64>,
    /// The stop it was taken at.
    pub stop: Option<String>,
    /// The thumbnail as a `data:` URL (empty when it is missing).
    pub thumbnail: String,
    /// True when the server holds the photo.
    pub uploaded: bool,
}

impl PhotoView {
    /// Builds the view of a photo record.
    pub fn new(hash: &str, record: &PhotoRecord, thumbnail: String, uploaded: bool) -> Self {
        PhotoView {
            hash: hash.to_owned(),
            title: record.title.clone(),
            caption: record.caption.clone(),
            theme: record.theme.clone(),
            location: record.location.as_ref().map(LocationView::from),
            taken_at: record.taken_at,
            stop: record.stop.clone(),
            thumbnail,
            uploaded,
        }
    }
}

/// The participant's own response.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ResponseView {
    /// Whole-city answers by item id.
    pub answers: BTreeMap<String, AnswerView>,
    /// Stop visits, earliest first.
    pub stops: Vec<StopView>,
    /// Photos, earliest added first.
    pub photos: Vec<PhotoView>,
    /// The photovoice usage terms have been accepted (photos can be added).
    pub photo_terms_accepted: bool,
    /// New photos share their location unless the participant says otherwise.
    pub shares_photo_locations: bool,
    /// Whole-city statements answered, per section and overall.
    pub progress: ResponseProgress,
}

impl ResponseView {
    /// Builds the view of a response to `audit`; `photo` makes each photo's
    /// view (thumbnail and upload state).
    pub fn new(
        audit: &AuditData,
        response: &ResponseData,
        photo: impl Fn(&str, &PhotoRecord) -> PhotoView,
    ) -> Self {
        let mut stops: Vec<StopView> = response
            .stops()
            .map(|(id, visit)| StopView::new(audit, id, visit, response))
            .collect();
        stops.sort_by(|a, b| {
            a.visited_at
                .cmp(&b.visited_at)
                .then_with(|| a.id.cmp(&b.id))
        });
        let mut records: Vec<(&String, &PhotoRecord)> = response.photos().collect();
        records.sort_by(|a, b| a.1.added_at.cmp(&b.1.added_at).then_with(|| a.0.cmp(b.0)));
        ResponseView {
            answers: response
                .answers()
                .map(|(item, answer)| (item.clone(), AnswerView::from(answer)))
                .collect(),
            stops,
            photos: records
                .into_iter()
                .map(|(hash, record)| photo(hash, record))
                .collect(),
            photo_terms_accepted: response
                .participant()
                .is_some_and(|p| p.photo_consent.is_some()),
            shares_photo_locations: response
                .participant()
                .is_some_and(|p| p.shares_photo_locations()),
            progress: response_progress(audit, Some(response)),
        }
    }
}

/// The state of sync as the status bar shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum SyncState {
    /// The server cannot be reached.
    Offline,
    /// A sync is running.
    Syncing,
    /// Everything is on the server.
    UpToDate,
    /// The last sync failed for a reason other than being offline.
    Error,
    /// No sync has completed yet.
    NeverSynced,
}

/// A photo upload in progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct UploadView {
    /// The blob.
    pub hash: String,
    /// The photo's title.
    pub title: String,
    /// Bytes the server confirmed.
    pub sent_bytes: u64,
    /// Size of the shared copy.
    pub total_bytes: u64,
}

/// Sync status for the always-visible bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SyncStatusView {
    /// Overall state.
    pub state: SyncState,
    /// Local changes the server has not confirmed.
    pub pending_changes: usize,
    /// Uploads still to finish.
    pub uploads: Vec<UploadView>,
    /// Photos this device may read but has not downloaded yet (a
    /// facilitator's copies of participants' photos).
    pub pending_downloads: usize,
    /// Last successful sync (ms since epoch).
    pub last_sync_at: Option<i64>,
    /// The last error in words.
    pub last_error: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(json: &str) -> AnswerRequest {
        serde_json::from_str(json).expect("valid request")
    }

    #[test]
    fn absent_value_leaves_the_score_unchanged_and_null_clears_it() {
        let absent = request(r#"{"item":"vision.1","comment":"x"}"#)
            .to_input()
            .expect("input");
        assert!(absent.value.is_none());
        assert_eq!(absent.comment.as_deref(), Some("x"));
        let cleared = request(r#"{"item":"vision.1","value":null}"#)
            .to_input()
            .expect("input");
        assert_eq!(cleared.value, Some(AnswerValue::Unanswered));
    }

    #[test]
    fn scores_and_dont_know_parse_and_bad_values_are_refused() {
        let four = request(r#"{"item":"a","value":4}"#)
            .to_input()
            .expect("input");
        assert_eq!(four.value.and_then(|v| v.score()).map(Score::get), Some(4));
        let dont_know = request(r#"{"item":"a","value":"dont_know"}"#)
            .to_input()
            .expect("input");
        assert_eq!(dont_know.value, Some(AnswerValue::DontKnow));
        for bad in [r#"9"#, r#"0"#, r#"2.5"#, r#""five""#, r#"true"#] {
            let json = format!(r#"{{"item":"a","value":{bad}}}"#);
            assert!(request(&json).to_input().is_err(), "{bad} must be refused");
        }
    }

    #[test]
    fn answer_values_serialize_as_the_ui_expects() {
        let json = |v| serde_json::to_string(&v).expect("json");
        assert_eq!(json(AnswerValueView::Score(3)), "3");
        assert_eq!(json(AnswerValueView::DontKnow), "\"dont_know\"");
        assert_eq!(json(AnswerValueView::None), "null");
        let invalid = AnswerValue::Invalid("score 9".into());
        assert_eq!(AnswerValueView::from(&invalid), AnswerValueView::None);
    }

    #[test]
    fn locations_off_the_globe_are_refused() {
        let bad = LocationView {
            lat: 91.0,
            lon: 0.0,
            accuracy_m: None,
            source: LocationSource::Manual,
        };
        assert!(bad.to_location().is_err());
        let json = r#"{"lat":42.7,"lon":23.3,"accuracyM":12,"source":"device"}"#;
        let good: LocationView = serde_json::from_str(json).expect("location");
        assert_eq!(good.to_location().expect("valid").accuracy_m, Some(12.0));
    }
}
