//! The audit and response documents: typed structs mapped onto Automerge
//! with autosurgeon, and the field-work actions that edit them.
//!
//! Writes are validated and refused with a [`ModelError`] that says what is
//! wrong; reads are tolerant and report what they skipped via `problems()`.

mod audit;
mod basemap;
mod gender;
pub mod methods;
mod problems;
mod reason;
mod received;
mod records;
mod response;
mod role;
mod tolerant;
mod values;

pub use audit::{
    AuditData, AuditDocument, NewAudit, PhotovoiceWindow, PlannedStop, RosterEntry, TemplateChoice,
};
pub use basemap::{BaseMap, BaseMapRef};
pub use gender::{gender_bucket, normalize_gender, GENDER_CHOICES, SELF_DESCRIBED};
pub use problems::Problem;
pub use reason::{Phrase, Reason};
pub use received::{ReceivedPhoto, RECEIVED_VIA};
pub use records::{
    AreaEntry, AreaIdeas, ConsensusEntry, ConsensusRecord, FacilitatorData, FacilitatorRecords,
    ReportText,
};
pub use response::{
    Answer, AnswerInput, AnswerMap, NewParticipant, Participant, PhotoConsent, PhotoEdit,
    PhotoInput, PhotoRecord, ResponseData, ResponseDocument, StopVisit, StopVisitInput,
    TrackConsent, TrackPoint,
};
pub use role::Role;
pub use tolerant::{Checked, Fields, Lenient};
pub use values::{AnswerValue, Location, LocationSource, Score, DONT_KNOW};

/// Version of the document schema written by this build (see `docs/schema.md`).
/// Version 2 adds the facilitator records to the audit document.
pub const SCHEMA_VERSION: u64 = 2;

/// Text length limits, in characters.
pub mod limits {
    /// Display name of a participant.
    pub const DISPLAY_NAME: usize = 60;
    /// Short labels: titles, names of areas, locations, cities.
    pub const SHORT_TEXT: usize = 200;
    /// Comments/evidence and captions.
    pub const LONG_TEXT: usize = 4000;
    /// Track points added in one call.
    pub const TRACK_BATCH: usize = 10_000;
    /// Track points one response may hold: about 14 hours of walking at
    /// one kept point every 10 seconds, a few hundred kilobytes of document.
    pub const TRACK_POINTS: usize = 5_000;
}

/// Why a write to a document was refused.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// A score outside 1-5.
    #[error("score {0} is not allowed: choose 1 (poor) to 5 (excellent) or \"don't know\"")]
    ScoreOutOfRange(i64),
    /// An agreed (consensus) score outside 1-5; it has no "don't know".
    #[error("the agreed score must be 1 to 5, not {0}")]
    AgreedScoreOutOfRange(i64),
    /// An answer value that is neither a score 1-5 nor "don't know".
    #[error("not a valid answer: {0}")]
    InvalidAnswer(String),
    /// An item id the audit's checklist does not have.
    #[error("the checklist has no statement {0:?}")]
    UnknownItem(String),
    /// An item that is answered per stop was answered for the whole city, or the reverse.
    #[error("statement {item:?} {reason}")]
    WrongPlaceForItem {
        /// The item id.
        item: String,
        /// Where it belongs instead.
        reason: &'static str,
    },
    /// A stop id this response document does not have.
    #[error("no stop {0:?} has been recorded")]
    UnknownStop(String),
    /// A planned stop id the audit does not have.
    #[error("the audit plans no stop {0:?}")]
    UnknownPlannedStop(String),
    /// A theme id the photovoice template does not have.
    #[error("photovoice has no theme {0:?}")]
    UnknownTheme(String),
    /// A participant group id the template does not have.
    #[error("there is no participant group {0:?}")]
    UnknownGroup(String),
    /// A photo hash not recorded in this document.
    #[error("no photo {0} has been recorded")]
    UnknownPhoto(String),
    /// The audit has no checklist or no photovoice.
    #[error("this audit has no {0}")]
    NotInAudit(&'static str),
    /// A text longer than allowed.
    #[error("{field} is {len} characters long; at most {max} are allowed")]
    TooLong {
        /// Which field.
        field: &'static str,
        /// Its length.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// A control or bidirectional-override character in a text.
    #[error(
        "{field} contains the invisible control character {code_point}; remove it and try again"
    )]
    ForbiddenCharacter {
        /// Which field.
        field: &'static str,
        /// The character, as `U+XXXX`.
        code_point: String,
    },
    /// A required text was empty.
    #[error("{0} must not be empty")]
    Empty(&'static str),
    /// A text that should name an audit by its document id and does not.
    #[error("{0:?} is not an audit id")]
    NotAnAuditId(String),
    /// A photovoice audit without the time window in which photos may be taken.
    #[error("set when photos may be taken for the photovoice")]
    PhotovoiceWindowMissing,
    /// A date that is not a real calendar date written `YYYY-MM-DD`.
    #[error("{field} {value:?} is not a date: write it as YYYY-MM-DD, e.g. 2026-05-14")]
    InvalidDate {
        /// Which date.
        field: &'static str,
        /// What was given.
        value: String,
    },
    /// An end date before its start date.
    #[error("the end date {ends_on} is before the start date {starts_on}")]
    EndsBeforeStart {
        /// The start.
        starts_on: String,
        /// The end.
        ends_on: String,
    },
    /// Walk track recording without the participant's consent.
    #[error("recording the walk track needs the participant's consent first")]
    TrackConsentMissing,
    /// A position off the globe.
    #[error("position {lat}, {lon} is not a valid latitude/longitude")]
    InvalidLocation {
        /// Latitude given.
        lat: f64,
        /// Longitude given.
        lon: f64,
    },
    /// Photovoice usage terms were not accepted.
    #[error("the photovoice usage terms must be accepted before adding photos")]
    ConsentMissing,
    /// A UI language that is not a language tag.
    #[error("{0:?} is not a language tag such as en, bg or ar")]
    InvalidLanguage(String),
    /// The device has not joined an audit (or joined without a response document).
    #[error("this device has not joined an audit as a participant yet")]
    NotJoined,
    /// The document is of another kind or its structure is broken beyond repair.
    #[error("the document is not a valid {0} document")]
    WrongDocument(&'static str),
    /// A record field that does not exist.
    #[error("a {record} has no field {field:?}")]
    UnknownField {
        /// The kind of record.
        record: &'static str,
        /// The field asked for.
        field: String,
    },
    /// A record id that does not exist (or was removed).
    #[error("there is no {record} {id:?} (it may have been removed)")]
    UnknownRecord {
        /// The kind of record.
        record: &'static str,
        /// The id asked for.
        id: String,
    },
    /// A template set a city adapted breaks a rule.
    #[error(transparent)]
    Template(Box<crate::templates::TemplateProblem>),
    /// The template cannot change: participants have joined the audit.
    #[error("the audit's template cannot change once participants have joined: their answers refer to its statements")]
    TemplateInUse,
    /// A value a field cannot take.
    #[error("{field}: {reason}")]
    InvalidValue {
        /// The field's path.
        field: String,
        /// What is wrong.
        reason: String,
    },
    /// An Automerge operation failed.
    #[error("document operation failed: {0}")]
    Automerge(#[from] automerge::AutomergeError),
    /// Mapping the typed struct onto the document failed.
    #[error("document update failed: {0}")]
    Reconcile(#[from] autosurgeon::ReconcileError),
}

/// Checks a required short text and its length.
pub(crate) fn check_text(
    field: &'static str,
    value: &str,
    max: usize,
    required: bool,
) -> Result<(), ModelError> {
    if required && value.trim().is_empty() {
        return Err(ModelError::Empty(field));
    }
    let len = value.chars().count();
    if len > max {
        return Err(ModelError::TooLong { field, len, max });
    }
    // Longer texts (comments, notes) may have lines; names and titles may not.
    let multiline = max >= limits::LONG_TEXT;
    if let Some(found) = value.chars().find(|&c| forbidden_char(c, multiline)) {
        return Err(ModelError::ForbiddenCharacter {
            field,
            code_point: format!("U+{:04X}", u32::from(found)),
        });
    }
    Ok(())
}

impl From<crate::templates::TemplateProblem> for ModelError {
    fn from(problem: crate::templates::TemplateProblem) -> Self {
        ModelError::Template(Box::new(problem))
    }
}

/// Control characters (other than line breaks and tabs in longer texts) and
/// the bidirectional embedding, override and isolate controls, which can
/// make a name display as something else or forge lines in a listing.
/// Right-to-left text itself, and the left-to-right and right-to-left marks,
/// stay allowed: Arabic names must work.
pub fn forbidden_char(c: char, multiline: bool) -> bool {
    match c {
        '\n' | '\r' | '\t' => !multiline,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => true,
        c => c.is_control(),
    }
}

/// Reads an optional calendar date `YYYY-MM-DD` (empty: not given).
pub fn calendar_date(field: &'static str, value: &str) -> Result<Option<time::Date>, ModelError> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(value, format)
        .map(Some)
        .map_err(|_| ModelError::InvalidDate {
            field,
            value: value.chars().take(40).collect(),
        })
}

/// Checks an optional date range: each a real date, the end not before the start.
pub fn check_date_range(starts_on: &str, ends_on: &str) -> Result<(), ModelError> {
    let start = calendar_date("start date", starts_on)?;
    let end = calendar_date("end date", ends_on)?;
    if let (Some(start), Some(end)) = (start, end) {
        if end < start {
            return Err(ModelError::EndsBeforeStart {
                starts_on: starts_on.trim().to_owned(),
                ends_on: ends_on.trim().to_owned(),
            });
        }
    }
    Ok(())
}

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> i64 {
    web_time::SystemTime::now()
        .duration_since(web_time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests;
