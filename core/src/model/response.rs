//! The response document: one per participant per audit, written only by
//! that participant (possibly from several devices, merged by CRDT).
//!
//! Every record a participant can edit lives under its own key, and the
//! answer records are created up front, so two devices of the same person
//! editing the same statement merge field by field instead of replacing
//! each other's record.

use automerge::{transaction::Transactable, AutoCommit, ObjId, ObjType, ReadDoc, Value, ROOT};
use autosurgeon::{hydrate_prop, reconcile_prop, Hydrate, Reconcile, Text};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::audit::AuditData;
use super::tolerant::{Checked, Fields, Lenient};
use super::{
    check_text, limits, normalize_gender, now_ms, AnswerValue, Location, ModelError, SCHEMA_VERSION,
};
use crate::ids::{random_record_id, BlobHash, DocumentId};

/// The participant's own details, pseudonymous by default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Hydrate, Reconcile)]
pub struct Participant {
    /// Random pseudonymous participant id.
    pub id: String,
    /// Display name (a pseudonym is fine).
    pub display_name: String,
    /// Participant group id.
    pub group: String,
    /// Optional self-described gender.
    pub gender: Option<String>,
    /// When they joined (ms since epoch).
    pub joined_at: i64,
    /// Acceptance of the photovoice usage terms, if given.
    pub photo_consent: Option<PhotoConsent>,
    /// The participant's last answer to recording a walk track; `None`
    /// when never asked (and in documents written before this field, which
    /// have no such key: read as `None`).
    #[serde(default)]
    #[autosurgeon(hydrate = "absent_as_none")]
    pub track_consent: Option<TrackConsent>,
}

impl Participant {
    /// Whether their photos share their location unless a photo chooses
    /// otherwise (no: without the photovoice terms, or an older document).
    pub fn shares_photo_locations(&self) -> bool {
        self.photo_consent
            .as_ref()
            .and_then(|c| c.shares_locations)
            .unwrap_or(false)
    }

    /// Whether their walk track may be recorded now (consent given and not withdrawn).
    pub fn records_track(&self) -> bool {
        self.track_consent.as_ref().is_some_and(|c| c.given)
    }

    /// Whether their track is shown on maps and exports: yes unless they
    /// withdrew consent (tracks of documents written before consent was
    /// asked are shown as before).
    pub fn shares_track(&self) -> bool {
        self.track_consent.as_ref().is_none_or(|c| c.given)
    }
}

/// An optional field added after documents were first written: a missing
/// key reads as `None` (a key that is present must still be readable).
fn absent_as_none<D: autosurgeon::ReadDoc, T: Hydrate>(
    doc: &D,
    obj: &ObjId,
    prop: autosurgeon::Prop<'_>,
) -> Result<Option<T>, autosurgeon::HydrateError> {
    if doc.get(obj, &prop)?.is_none() {
        return Ok(None);
    }
    hydrate_prop(doc, obj, prop)
}

/// The participant's answer to recording their walk track.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Hydrate, Reconcile)]
pub struct TrackConsent {
    /// True: positions may be recorded while a walk is in progress.
    pub given: bool,
    /// When this answer was given (ms since epoch).
    pub changed_at: i64,
}

impl Fields for Participant {
    const FIELDS: &'static [&'static str] = &[
        "id",
        "display_name",
        "group",
        "gender",
        "joined_at",
        "photo_consent",
        "track_consent",
    ];
}

/// A recorded acceptance of the photovoice usage terms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Hydrate, Reconcile)]
pub struct PhotoConsent {
    /// Version of the photovoice template whose terms were accepted.
    pub terms_version: u32,
    /// When (ms since epoch).
    pub accepted_at: i64,
    /// Whether photos share their location unless the participant chooses
    /// otherwise for a photo; `None` in documents written before this
    /// choice existed (read as not shared).
    #[serde(default)]
    pub shares_locations: Option<bool>,
}

/// What a person enters to join an audit.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewParticipant {
    /// Display name (a pseudonym is fine).
    pub display_name: String,
    /// Participant group id.
    pub group: String,
    /// Optional self-described gender.
    pub gender: Option<String>,
    /// True when the photovoice usage terms were accepted.
    pub accept_photo_terms: bool,
    /// Photos share their location by default (each photo may choose
    /// otherwise); only with the terms accepted.
    #[serde(default)]
    pub share_photo_locations: bool,
}

/// An answer to one statement.
#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile, Serialize, Deserialize)]
pub struct Answer {
    /// Score, "don't know" or unanswered.
    pub value: AnswerValue,
    /// Comments/evidence.
    #[serde(with = "text_as_string")]
    pub comment: Text,
    /// Last change (ms since epoch); 0 when never answered.
    pub updated_at: i64,
}

impl Fields for Answer {
    const FIELDS: &'static [&'static str] = &["value", "comment", "updated_at"];
}

/// Comments are Automerge text in the document and plain strings in a cached copy.
mod text_as_string {
    use autosurgeon::Text;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(text: &Text, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(text.as_str())
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Text, D::Error> {
        Ok(Text::with_value(String::deserialize(deserializer)?))
    }
}

impl Answer {
    fn blank() -> Self {
        Answer {
            value: AnswerValue::Unanswered,
            comment: Text::with_value(""),
            updated_at: 0,
        }
    }
}

/// A change to an answer: a new value, a new comment, or both.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AnswerInput {
    /// New value, if it changes.
    pub value: Option<AnswerValue>,
    /// New comments/evidence, if they change.
    pub comment: Option<String>,
}

impl AnswerInput {
    /// A score from a raw number, checked.
    pub fn score(value: i64) -> Result<Self, ModelError> {
        let score = u8::try_from(value)
            .map_err(|_| ModelError::ScoreOutOfRange(value))
            .and_then(super::Score::new)?;
        Ok(AnswerInput {
            value: Some(AnswerValue::Score(score)),
            comment: None,
        })
    }
}

/// A visit to a stop of the walk, with its place and time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Hydrate, Reconcile)]
pub struct StopVisit {
    /// The planned stop this visit belongs to, if any.
    pub planned_stop: Option<String>,
    /// Name of area.
    pub name_of_area: String,
    /// Specific location.
    pub specific_location: String,
    /// Date and time of the visit (ms since epoch).
    pub visited_at: i64,
    /// The device's UTC offset at the visit, in minutes (for date, time and day of walk).
    pub utc_offset_min: i64,
    /// Position, if known.
    pub location: Option<Location>,
}

impl Fields for StopVisit {
    const FIELDS: &'static [&'static str] = &[
        "planned_stop",
        "name_of_area",
        "specific_location",
        "visited_at",
        "utc_offset_min",
        "location",
    ];
}

/// What a participant enters when reaching a stop.
pub type StopVisitInput = StopVisit;

/// A photo record; the photo itself is a blob addressed by its hash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Hydrate, Reconcile)]
pub struct PhotoRecord {
    /// Title.
    pub title: String,
    /// Short caption.
    pub caption: String,
    /// Photovoice theme id.
    pub theme: String,
    /// Where it was taken, and how that is known.
    pub location: Option<Location>,
    /// When it was taken (ms since epoch), if known.
    pub taken_at: Option<i64>,
    /// The stop it was taken at, if any.
    pub stop: Option<String>,
    /// Media type of the shared blob, e.g. `image/jpeg`.
    pub media_type: String,
    /// Size of the shared blob in bytes.
    pub size: u64,
    /// True: the participant consented to sharing this photo under the usage terms.
    pub consent: bool,
    /// When the record was added (ms since epoch).
    pub added_at: i64,
}

impl Fields for PhotoRecord {
    const FIELDS: &'static [&'static str] = &[
        "title",
        "caption",
        "theme",
        "location",
        "taken_at",
        "stop",
        "media_type",
        "size",
        "consent",
        "added_at",
    ];
}

/// A new photo record.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PhotoInput {
    /// Hash of the shared (EXIF-stripped) blob.
    pub hash: BlobHash,
    /// The record.
    pub record: PhotoRecord,
}

/// An edit of a photo's title, caption or theme.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PhotoEdit {
    /// New title.
    pub title: Option<String>,
    /// New caption.
    pub caption: Option<String>,
    /// New theme id.
    pub theme: Option<String>,
    /// Remove the photo's location (the participant no longer shares it).
    #[serde(default)]
    pub forget_location: bool,
}

/// A point of the optional GPS track.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Hydrate, Reconcile)]
pub struct TrackPoint {
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Time (ms since epoch).
    pub at: i64,
}

impl Fields for TrackPoint {
    const FIELDS: &'static [&'static str] = &["lat", "lon", "at"];
}

/// Answers by item id, as read.
pub type AnswerMap = Lenient<BTreeMap<String, Checked<Answer>>>;

/// The response document as read: tolerant of values written by other
/// implementations. Serializable so the profile can cache it beside the
/// document (see `crate::profile`), which keeps invalid values as they were read.
#[derive(Debug, Clone, PartialEq, Hydrate, Serialize, Deserialize)]
pub struct ResponseData {
    /// Schema version.
    pub schema: Lenient<u64>,
    /// Always `response`.
    pub kind: Lenient<String>,
    /// The audit's document id.
    pub audit_id: Lenient<String>,
    /// The participant.
    pub participant: Checked<Participant>,
    /// Whole-city answers by item id.
    pub answers: AnswerMap,
    /// Stop visits by stop id.
    pub stops: Lenient<BTreeMap<String, Checked<StopVisit>>>,
    /// Per-stop answers: stop id -> item id -> answer.
    pub stop_answers: Lenient<BTreeMap<String, AnswerMap>>,
    /// Photo records by blob hash.
    pub photos: Lenient<BTreeMap<String, Checked<PhotoRecord>>>,
    /// GPS track.
    pub track: Lenient<Vec<Checked<TrackPoint>>>,
}

impl Fields for ResponseData {
    const FIELDS: &'static [&'static str] = &[
        "schema",
        "kind",
        "audit_id",
        "participant",
        "answers",
        "stops",
        "stop_answers",
        "photos",
        "track",
    ];
}

/// Iterates the readable records of a tolerant map.
pub(crate) fn readable<T>(
    map: &Lenient<BTreeMap<String, Checked<T>>>,
) -> impl Iterator<Item = (&String, &T)> {
    map.value()
        .into_iter()
        .flatten()
        .filter_map(|(id, record)| record.value().map(|v| (id, v)))
}

impl ResponseData {
    /// The participant, if readable.
    pub fn participant(&self) -> Option<&Participant> {
        self.participant.value()
    }

    /// Attributes this response to the person the roster names for it:
    /// their id, name, group and gender replace what the document says.
    pub fn attribute_to(&mut self, participant_id: &str, entry: &super::RosterEntry) {
        if let Checked::Valid { value, .. } = &mut self.participant {
            value.id = participant_id.to_owned();
            value.display_name = entry.display_name.clone();
            value.group = entry.group.clone();
            value.gender = entry.gender.clone();
        }
    }

    /// Readable whole-city answers by item id (values may still be invalid).
    pub fn answers(&self) -> impl Iterator<Item = (&String, &Answer)> {
        readable(&self.answers)
    }

    /// Readable stop visits by stop id.
    pub fn stops(&self) -> impl Iterator<Item = (&String, &StopVisit)> {
        readable(&self.stops)
    }

    /// Readable answers given at one stop.
    pub fn stop_answers(&self, stop_id: &str) -> impl Iterator<Item = (&String, &Answer)> {
        self.stop_answers
            .value()
            .and_then(|stops| stops.get(stop_id))
            .into_iter()
            .flat_map(readable)
    }

    /// Readable photo records by hash.
    pub fn photos(&self) -> impl Iterator<Item = (&String, &PhotoRecord)> {
        readable(&self.photos)
    }

    /// The blob hashes photo records are keyed by, including records this
    /// version cannot read (their key still names the blob).
    pub fn photo_hashes(&self) -> Vec<BlobHash> {
        self.photos
            .value()
            .into_iter()
            .flatten()
            .filter_map(|(key, _)| BlobHash::parse(key).ok())
            .collect()
    }

    /// Readable track points.
    pub fn track(&self) -> impl Iterator<Item = &TrackPoint> {
        self.track
            .value()
            .into_iter()
            .flatten()
            .filter_map(Checked::value)
    }
}

/// A response document and the participant's field-work actions on it.
#[derive(Debug, Clone)]
pub struct ResponseDocument {
    doc: AutoCommit,
}

impl ResponseDocument {
    /// Creates the response document of a participant joining `audit`.
    pub fn create(
        audit_id: &DocumentId,
        audit: &AuditData,
        participant_id: &str,
        joining: &NewParticipant,
    ) -> Result<Self, ModelError> {
        check_text(
            "display name",
            &joining.display_name,
            limits::DISPLAY_NAME,
            true,
        )?;
        if let Some(gender) = &joining.gender {
            check_text("gender", gender, limits::DISPLAY_NAME, false)?;
        }
        if !audit.has_group(&joining.group) {
            return Err(ModelError::UnknownGroup(joining.group.clone()));
        }
        let photo_consent = match (audit.photovoice(), joining.accept_photo_terms) {
            (Some(photovoice), true) => Some(PhotoConsent {
                terms_version: photovoice.version,
                accepted_at: now_ms(),
                shares_locations: Some(joining.share_photo_locations),
            }),
            _ => None,
        };
        let participant = Participant {
            id: participant_id.to_owned(),
            display_name: joining.display_name.trim().to_owned(),
            group: joining.group.clone(),
            gender: normalize_gender(joining.gender.as_deref()),
            joined_at: now_ms(),
            photo_consent,
            track_consent: None,
        };
        let mut doc = AutoCommit::new();
        reconcile_prop(&mut doc, ROOT, "schema", SCHEMA_VERSION)?;
        reconcile_prop(&mut doc, ROOT, "kind", "response")?;
        reconcile_prop(&mut doc, ROOT, "audit_id", audit_id.as_str())?;
        reconcile_prop(&mut doc, ROOT, "participant", &participant)?;
        let whole_city_items = audit
            .checklist()
            .into_iter()
            .flat_map(|c| &c.sections)
            .filter(|s| !s.per_stop)
            .flat_map(|s| &s.items);
        let answers: BTreeMap<&str, Answer> = whole_city_items
            .map(|item| (item.id.as_str(), Answer::blank()))
            .collect();
        reconcile_prop(&mut doc, ROOT, "answers", answers)?;
        for key in ["stops", "stop_answers", "photos"] {
            doc.put_object(ROOT, key, ObjType::Map)?;
        }
        doc.put_object(ROOT, "track", ObjType::List)?;
        doc.commit();
        Ok(ResponseDocument { doc })
    }

    /// Wraps a loaded Automerge document.
    pub fn from_automerge(doc: AutoCommit) -> Self {
        ResponseDocument { doc }
    }

    /// The underlying Automerge document.
    pub fn automerge(&mut self) -> &mut AutoCommit {
        &mut self.doc
    }

    /// Reads the document tolerantly.
    pub fn read(&self) -> Result<ResponseData, ModelError> {
        match autosurgeon::hydrate::<_, Checked<ResponseData>>(&self.doc) {
            Ok(Checked::Valid { value, .. }) => Ok(value),
            _ => Err(ModelError::WrongDocument("response")),
        }
    }

    /// Root fields this version does not know.
    pub fn unknown_root_fields(&self) -> Vec<String> {
        match autosurgeon::hydrate::<_, Checked<ResponseData>>(&self.doc) {
            Ok(Checked::Valid { unknown_fields, .. }) => unknown_fields,
            _ => Vec::new(),
        }
    }

    /// Answers a whole-city statement.
    pub fn answer(
        &mut self,
        audit: &AuditData,
        item_id: &str,
        input: &AnswerInput,
    ) -> Result<(), ModelError> {
        let (section, _) = audit
            .item(item_id)
            .ok_or_else(|| ModelError::UnknownItem(item_id.to_owned()))?;
        if section.per_stop {
            return Err(ModelError::WrongPlaceForItem {
                item: item_id.to_owned(),
                reason: "is answered per stop: record a stop visit first",
            });
        }
        let answers = self.map_at(&["answers"])?;
        self.write_answer(&answers, item_id, input)
    }

    /// Answers a per-stop statement (Urban Environment and Safety) at a recorded stop.
    pub fn answer_at_stop(
        &mut self,
        audit: &AuditData,
        stop_id: &str,
        item_id: &str,
        input: &AnswerInput,
    ) -> Result<(), ModelError> {
        let (section, _) = audit
            .item(item_id)
            .ok_or_else(|| ModelError::UnknownItem(item_id.to_owned()))?;
        if !section.per_stop {
            return Err(ModelError::WrongPlaceForItem {
                item: item_id.to_owned(),
                reason: "is answered once for the whole city, not per stop",
            });
        }
        let answers = self
            .map_at(&["stop_answers", stop_id])
            .map_err(|_| ModelError::UnknownStop(stop_id.to_owned()))?;
        self.write_answer(&answers, item_id, input)
    }

    fn write_answer(
        &mut self,
        answers: &ObjId,
        item_id: &str,
        input: &AnswerInput,
    ) -> Result<(), ModelError> {
        if let Some(AnswerValue::Invalid(reason)) = &input.value {
            return Err(ModelError::InvalidAnswer(reason.to_string()));
        }
        if let Some(comment) = &input.comment {
            check_text("comment", comment, limits::LONG_TEXT, false)?;
        }
        if let Some((Value::Object(ObjType::Map), record)) = self.doc.get(answers, item_id)? {
            if self.update_answer_fields(&record, input).is_ok() {
                self.doc.commit();
                return Ok(());
            }
            // A record this version cannot update field by field (e.g. a
            // comment that is not text) is rewritten whole below.
            self.doc.rollback();
        }
        let mut answer = hydrate_prop::<_, Option<Answer>, _, _>(&self.doc, answers, item_id)
            .ok()
            .flatten()
            .unwrap_or_else(Answer::blank);
        if let Some(value) = &input.value {
            answer.value = value.clone();
        }
        if let Some(comment) = &input.comment {
            answer.comment.update(comment);
        }
        answer.updated_at = now_ms();
        reconcile_prop(&mut self.doc, answers, item_id, &answer)?;
        self.doc.commit();
        Ok(())
    }

    /// Writes only the fields `input` changes, and the time, into an
    /// existing answer record: the same change a whole-record reconcile
    /// makes, without reading the rest of the record first (a tap's cost).
    fn update_answer_fields(
        &mut self,
        record: &ObjId,
        input: &AnswerInput,
    ) -> Result<(), ModelError> {
        if let Some(value) = &input.value {
            reconcile_prop(&mut self.doc, record, "value", value)?;
        }
        if let Some(comment) = &input.comment {
            let mut text = hydrate_prop::<_, Text, _, _>(&self.doc, record, "comment")
                .map_err(|_| ModelError::WrongDocument("response"))?;
            text.update(comment);
            reconcile_prop(&mut self.doc, record, "comment", &text)?;
        }
        self.doc.put(record, "updated_at", now_ms())?;
        Ok(())
    }

    /// One answer as stored, without reading the whole document: a
    /// whole-city answer, or one given at `stop`. `None` when there is none.
    pub fn read_answer(&self, stop: Option<&str>, item_id: &str) -> Option<Answer> {
        let answers = match stop {
            Some(stop) => self.map_at(&["stop_answers", stop]),
            None => self.map_at(&["answers"]),
        }
        .ok()?;
        hydrate_prop::<_, Option<Answer>, _, _>(&self.doc, &answers, item_id)
            .ok()
            .flatten()
    }

    /// Records a stop visit (place, time, position) and returns its id.
    pub fn visit_stop(
        &mut self,
        audit: &AuditData,
        visit: &StopVisitInput,
    ) -> Result<String, ModelError> {
        check_text(
            "name of area",
            &visit.name_of_area,
            limits::SHORT_TEXT,
            true,
        )?;
        check_text(
            "specific location",
            &visit.specific_location,
            limits::SHORT_TEXT,
            false,
        )?;
        if let Some(location) = &visit.location {
            location.validate()?;
        }
        if let Some(planned) = &visit.planned_stop {
            if !audit.planned_stops().any(|(id, _)| id == planned) {
                return Err(ModelError::UnknownPlannedStop(planned.clone()));
            }
        }
        let per_stop_items: BTreeMap<&str, Answer> = audit
            .checklist()
            .into_iter()
            .flat_map(|c| &c.sections)
            .filter(|s| s.per_stop)
            .flat_map(|s| &s.items)
            .map(|item| (item.id.as_str(), Answer::blank()))
            .collect();
        let stop_id = random_record_id();
        let stops = self.map_at(&["stops"])?;
        reconcile_prop(&mut self.doc, &stops, stop_id.as_str(), visit)?;
        let stop_answers = self.map_at(&["stop_answers"])?;
        reconcile_prop(
            &mut self.doc,
            &stop_answers,
            stop_id.as_str(),
            per_stop_items,
        )?;
        self.doc.commit();
        Ok(stop_id)
    }

    /// Records that the participant accepts the photovoice usage terms now
    /// (having declined when joining), and whether photos share their
    /// location by default. Accepting again keeps the first acceptance.
    /// Photos can only be added once the terms are accepted.
    pub fn accept_photo_terms(
        &mut self,
        audit: &AuditData,
        share_locations: bool,
    ) -> Result<PhotoConsent, ModelError> {
        let photovoice = audit
            .photovoice()
            .ok_or(ModelError::NotInAudit("photovoice"))?;
        let mut participant = self
            .read()?
            .participant()
            .cloned()
            .ok_or(ModelError::WrongDocument("response"))?;
        if let Some(consent) = participant.photo_consent {
            return Ok(consent);
        }
        let consent = PhotoConsent {
            terms_version: photovoice.version,
            accepted_at: now_ms(),
            shares_locations: Some(share_locations),
        };
        participant.photo_consent = Some(consent.clone());
        reconcile_prop(&mut self.doc, ROOT, "participant", &participant)?;
        self.doc.commit();
        Ok(consent)
    }

    /// Adds a photo record (the blob is stored and uploaded separately).
    pub fn add_photo(&mut self, audit: &AuditData, photo: &PhotoInput) -> Result<(), ModelError> {
        let photovoice = audit
            .photovoice()
            .ok_or(ModelError::NotInAudit("photovoice"))?;
        let consented = self
            .read()?
            .participant()
            .is_some_and(|p| p.photo_consent.is_some());
        if !consented || !photo.record.consent {
            return Err(ModelError::ConsentMissing);
        }
        let record = &photo.record;
        validate_photo_texts(&record.title, &record.caption)?;
        if !photovoice.themes.iter().any(|t| t.id == record.theme) {
            return Err(ModelError::UnknownTheme(record.theme.clone()));
        }
        if let Some(location) = &record.location {
            location.validate()?;
        }
        check_text("media type", &record.media_type, 100, true)?;
        if let Some(stop) = &record.stop {
            self.map_at(&["stop_answers", stop])
                .map_err(|_| ModelError::UnknownStop(stop.clone()))?;
        }
        let photos = self.map_at(&["photos"])?;
        reconcile_prop(&mut self.doc, &photos, photo.hash.as_str(), record)?;
        self.doc.commit();
        Ok(())
    }

    /// Edits a photo's title, caption or theme.
    pub fn edit_photo(
        &mut self,
        audit: &AuditData,
        hash: &BlobHash,
        edit: &PhotoEdit,
    ) -> Result<(), ModelError> {
        let photos = self.map_at(&["photos"])?;
        let mut record: PhotoRecord = hydrate_prop(&self.doc, &photos, hash.as_str())
            .map_err(|_| ModelError::UnknownPhoto(hash.to_string()))?;
        if let Some(title) = &edit.title {
            record.title = title.clone();
        }
        if let Some(caption) = &edit.caption {
            record.caption = caption.clone();
        }
        if let Some(theme) = &edit.theme {
            let known = audit
                .photovoice()
                .is_some_and(|p| p.themes.iter().any(|t| &t.id == theme));
            if !known {
                return Err(ModelError::UnknownTheme(theme.clone()));
            }
            record.theme = theme.clone();
        }
        if edit.forget_location {
            record.location = None;
        }
        validate_photo_texts(&record.title, &record.caption)?;
        reconcile_prop(&mut self.doc, &photos, hash.as_str(), &record)?;
        self.doc.commit();
        Ok(())
    }

    /// Appends GPS track points; refused beyond [`limits::TRACK_POINTS`] in all.
    pub fn add_track_points(&mut self, points: &[TrackPoint]) -> Result<(), ModelError> {
        if points.len() > limits::TRACK_BATCH {
            return Err(ModelError::TooLong {
                field: "track batch",
                len: points.len(),
                max: limits::TRACK_BATCH,
            });
        }
        for point in points {
            Location::new(point.lat, point.lon, super::LocationSource::Device)?;
        }
        let track = self.obj_at(&["track"], ObjType::List)?;
        let len = self.doc.length(&track) + points.len();
        if len > limits::TRACK_POINTS {
            return Err(ModelError::TooLong {
                field: "track",
                len,
                max: limits::TRACK_POINTS,
            });
        }
        for point in points {
            let index = self.doc.length(&track);
            autosurgeon::reconcile::reconcile_insert(&mut self.doc, track.clone(), index, point)?;
        }
        self.doc.commit();
        Ok(())
    }

    /// Records the participant's answer to recording their walk track.
    pub fn set_track_consent(&mut self, given: bool) -> Result<TrackConsent, ModelError> {
        let mut participant = self
            .read_participant()
            .ok_or(ModelError::WrongDocument("response"))?;
        let consent = TrackConsent {
            given,
            changed_at: now_ms(),
        };
        participant.track_consent = Some(consent);
        reconcile_prop(&mut self.doc, ROOT, "participant", &participant)?;
        self.doc.commit();
        Ok(consent)
    }

    /// The participant as stored, read without the rest of the document.
    pub fn read_participant(&self) -> Option<Participant> {
        hydrate_prop::<_, Option<Participant>, _, _>(&self.doc, ROOT, "participant")
            .ok()
            .flatten()
    }

    /// How many entries the track list holds (readable or not), without
    /// reading the document.
    pub fn track_len(&self) -> usize {
        self.obj_at(&["track"], ObjType::List)
            .map_or(0, |track| self.doc.length(&track))
    }

    /// The last entry of the track, if it is a readable point.
    pub fn last_track_point(&self) -> Option<TrackPoint> {
        let track = self.obj_at(&["track"], ObjType::List).ok()?;
        let last = self.doc.length(&track).checked_sub(1)?;
        hydrate_prop::<_, Option<TrackPoint>, _, _>(&self.doc, &track, last)
            .ok()
            .flatten()
    }

    fn map_at(&self, path: &[&str]) -> Result<ObjId, ModelError> {
        self.obj_at(path, ObjType::Map)
    }

    fn obj_at(&self, path: &[&str], kind: ObjType) -> Result<ObjId, ModelError> {
        let mut obj = ROOT;
        for (depth, key) in path.iter().enumerate() {
            let expected = if depth + 1 == path.len() {
                kind
            } else {
                ObjType::Map
            };
            obj = match self.doc.get(&obj, *key)? {
                Some((Value::Object(found), id)) if found == expected => id,
                _ => return Err(ModelError::WrongDocument("response")),
            };
        }
        Ok(obj)
    }
}

fn validate_photo_texts(title: &str, caption: &str) -> Result<(), ModelError> {
    check_text("title", title, limits::SHORT_TEXT, true)?;
    check_text("caption", caption, limits::LONG_TEXT, false)
}
