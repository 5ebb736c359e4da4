//! Value types stored in documents, with validating constructors for writes
//! and tolerant hydration for reads: a value another peer wrote wrongly is
//! kept as `Invalid` with a description instead of failing the whole read.

use autosurgeon::{HydrateError, ReadDoc, Reconcile, Reconciler};
use serde::{Deserialize, Serialize};

use super::{ModelError, Reason};

/// A checklist score, 1 ("poor") to 5 ("excellent").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(type = "number"))]
pub struct Score(u8);

impl Score {
    /// Lowest score.
    pub const MIN: u8 = 1;
    /// Highest score.
    pub const MAX: u8 = 5;

    /// A score, if `value` is within 1..=5.
    pub fn new(value: u8) -> Result<Self, ModelError> {
        if (Self::MIN..=Self::MAX).contains(&value) {
            Ok(Score(value))
        } else {
            Err(ModelError::ScoreOutOfRange(i64::from(value)))
        }
    }

    /// The score as a number.
    pub fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for Score {
    type Error = ModelError;
    fn try_from(value: u8) -> Result<Self, ModelError> {
        Score::new(value)
    }
}

impl From<Score> for u8 {
    fn from(score: Score) -> u8 {
        score.0
    }
}

/// Stored text of the "don't know" answer.
pub const DONT_KNOW: &str = "dont_know";

/// The value of an answer as stored: a score, "don't know", nothing yet, or
/// something invalid written by another implementation.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerValue {
    /// Not answered (or cleared).
    #[default]
    Unanswered,
    /// A score 1-5.
    Score(Score),
    /// The participant does not know.
    DontKnow,
    /// A value no valid writer produces; described for the problems list.
    Invalid(Reason),
}

impl AnswerValue {
    /// The score, if this is a valid score.
    pub fn score(&self) -> Option<Score> {
        match self {
            AnswerValue::Score(s) => Some(*s),
            _ => None,
        }
    }

    /// True for a score or "don't know".
    pub fn is_answered(&self) -> bool {
        matches!(self, AnswerValue::Score(_) | AnswerValue::DontKnow)
    }
}

impl Reconcile for AnswerValue {
    type Key<'a> = autosurgeon::reconcile::NoKey;
    fn reconcile<R: Reconciler>(&self, mut reconciler: R) -> Result<(), R::Error> {
        match self {
            AnswerValue::Score(s) => reconciler.u64(u64::from(s.get())),
            AnswerValue::DontKnow => reconciler.str(DONT_KNOW),
            // Invalid values are never written back: clearing is the safe repair.
            AnswerValue::Unanswered | AnswerValue::Invalid(_) => reconciler.none(),
        }
    }
}

fn score_from_i64(value: i64) -> AnswerValue {
    match u8::try_from(value).ok().and_then(|v| Score::new(v).ok()) {
        Some(score) => AnswerValue::Score(score),
        None => AnswerValue::Invalid(Reason::ScoreOutsideScale(value)),
    }
}

impl autosurgeon::Hydrate for AnswerValue {
    fn hydrate_none() -> Result<Self, HydrateError> {
        Ok(AnswerValue::Unanswered)
    }
    fn hydrate_uint(u: u64) -> Result<Self, HydrateError> {
        Ok(score_from_i64(i64::try_from(u).unwrap_or(i64::MAX)))
    }
    fn hydrate_int(i: i64) -> Result<Self, HydrateError> {
        Ok(score_from_i64(i))
    }
    fn hydrate_f64(f: f64) -> Result<Self, HydrateError> {
        if f.fract() == 0.0 && (1.0..=5.0).contains(&f) {
            Ok(score_from_i64(f as i64))
        } else {
            Ok(AnswerValue::Invalid(Reason::ScoreNotWhole(f.to_string())))
        }
    }
    fn hydrate_string(s: &str) -> Result<Self, HydrateError> {
        if s == DONT_KNOW {
            Ok(AnswerValue::DontKnow)
        } else {
            let shown: String = s.chars().take(40).collect();
            Ok(AnswerValue::Invalid(Reason::ScoreText(shown)))
        }
    }
    fn hydrate_bool(b: bool) -> Result<Self, HydrateError> {
        Ok(AnswerValue::Invalid(Reason::ScoreBoolean(b)))
    }
    fn hydrate_bytes(_: &[u8]) -> Result<Self, HydrateError> {
        Ok(AnswerValue::Invalid(Reason::ScoreBytes))
    }
    fn hydrate_counter(c: i64) -> Result<Self, HydrateError> {
        Ok(AnswerValue::Invalid(Reason::ScoreCounter(c)))
    }
    fn hydrate_timestamp(_: i64) -> Result<Self, HydrateError> {
        Ok(AnswerValue::Invalid(Reason::ScoreTimestamp))
    }
    fn hydrate_unknown(code: u8, _: &[u8]) -> Result<Self, HydrateError> {
        Ok(AnswerValue::Invalid(Reason::ScoreUnknownType(code)))
    }
    fn hydrate_map<D: ReadDoc>(_: &D, _: &automerge::ObjId) -> Result<Self, HydrateError> {
        Ok(AnswerValue::Invalid(Reason::ScoreMap))
    }
    fn hydrate_seq<D: ReadDoc>(_: &D, _: &automerge::ObjId) -> Result<Self, HydrateError> {
        Ok(AnswerValue::Invalid(Reason::ScoreList))
    }
    fn hydrate_text<D: ReadDoc>(_: &D, _: &automerge::ObjId) -> Result<Self, HydrateError> {
        Ok(AnswerValue::Invalid(Reason::ScoreTextObject))
    }
}

/// Where a position came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum LocationSource {
    /// Read from the photo's EXIF GPS tags.
    Exif,
    /// The device's own position fix (GPS / geolocation).
    Device,
    /// A pin set or coordinates typed by the person.
    Manual,
}

impl LocationSource {
    /// Stored text of the source.
    pub fn as_str(self) -> &'static str {
        match self {
            LocationSource::Exif => "exif",
            LocationSource::Device => "device",
            LocationSource::Manual => "manual",
        }
    }

    /// Parses the stored text.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "exif" => Some(LocationSource::Exif),
            "device" => Some(LocationSource::Device),
            "manual" => Some(LocationSource::Manual),
            _ => None,
        }
    }
}

/// A WGS84 position with where it came from.
#[derive(
    Debug, Clone, Copy, PartialEq, Serialize, Deserialize, autosurgeon::Hydrate, Reconcile,
)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Location {
    /// Latitude in degrees, -90..=90.
    #[autosurgeon(hydrate = "any_number")]
    pub lat: f64,
    /// Longitude in degrees, -180..=180.
    #[autosurgeon(hydrate = "any_number")]
    pub lon: f64,
    /// Accuracy radius in metres, when known.
    #[autosurgeon(hydrate = "any_optional_number")]
    pub accuracy_m: Option<f64>,
    /// Where the position came from.
    #[autosurgeon(with = "location_source")]
    pub source: LocationSource,
}

impl Location {
    /// A checked location.
    pub fn new(lat: f64, lon: f64, source: LocationSource) -> Result<Self, ModelError> {
        let location = Location {
            lat,
            lon,
            accuracy_m: None,
            source,
        };
        location.validate()?;
        Ok(location)
    }

    /// Refuses positions off the globe or not finite.
    pub fn validate(&self) -> Result<(), ModelError> {
        let lat_ok = self.lat.is_finite() && (-90.0..=90.0).contains(&self.lat);
        let lon_ok = self.lon.is_finite() && (-180.0..=180.0).contains(&self.lon);
        let accuracy_ok = self.accuracy_m.is_none_or(|a| a.is_finite() && a >= 0.0);
        if lat_ok && lon_ok && accuracy_ok {
            Ok(())
        } else {
            Err(ModelError::InvalidLocation {
                lat: self.lat,
                lon: self.lon,
            })
        }
    }

    /// The position as a geo-types point (x = longitude, y = latitude).
    pub fn point(&self) -> geo_types::Point<f64> {
        geo_types::Point::new(self.lon, self.lat)
    }
}

/// A number written as float, int or uint (JavaScript writes whole numbers as int).
#[derive(Debug, Clone, Copy, PartialEq)]
struct AnyNumber(f64);

impl autosurgeon::Hydrate for AnyNumber {
    fn hydrate_f64(f: f64) -> Result<Self, HydrateError> {
        Ok(AnyNumber(f))
    }
    fn hydrate_int(i: i64) -> Result<Self, HydrateError> {
        Ok(AnyNumber(i as f64))
    }
    fn hydrate_uint(u: u64) -> Result<Self, HydrateError> {
        Ok(AnyNumber(u as f64))
    }
}

fn any_number<D: ReadDoc>(
    doc: &D,
    obj: &automerge::ObjId,
    prop: autosurgeon::Prop<'_>,
) -> Result<f64, HydrateError> {
    autosurgeon::hydrate_prop::<_, AnyNumber, _, _>(doc, obj, prop).map(|n| n.0)
}

fn any_optional_number<D: ReadDoc>(
    doc: &D,
    obj: &automerge::ObjId,
    prop: autosurgeon::Prop<'_>,
) -> Result<Option<f64>, HydrateError> {
    autosurgeon::hydrate_prop::<_, Option<AnyNumber>, _, _>(doc, obj, prop).map(|n| n.map(|n| n.0))
}

mod location_source {
    use super::LocationSource;
    use autosurgeon::{HydrateError, Prop, ReadDoc, Reconciler};

    pub(super) fn hydrate<D: ReadDoc>(
        doc: &D,
        obj: &automerge::ObjId,
        prop: Prop<'_>,
    ) -> Result<LocationSource, HydrateError> {
        let text: String = autosurgeon::hydrate_prop(doc, obj, prop)?;
        LocationSource::parse(&text)
            .ok_or_else(|| HydrateError::unexpected("exif, device or manual", text))
    }

    pub(super) fn reconcile<R: Reconciler>(
        source: &LocationSource,
        mut reconciler: R,
    ) -> Result<(), R::Error> {
        reconciler.str(source.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_outside_one_to_five_are_refused() {
        assert!(Score::new(0).is_err());
        assert!(Score::new(6).is_err());
        assert_eq!(Score::new(5).unwrap().get(), 5);
    }

    #[test]
    fn locations_off_the_globe_are_refused() {
        assert!(Location::new(91.0, 0.0, LocationSource::Manual).is_err());
        assert!(Location::new(0.0, f64::NAN, LocationSource::Manual).is_err());
        assert!(Location::new(43.4, 11.8, LocationSource::Exif).is_ok());
    }
}
