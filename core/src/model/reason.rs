//! Why a value in a document could not be used: a typed reason whose
//! English text ([`std::fmt::Display`]) is the text readers wrote before,
//! worded in the report's language (`core/i18n/report/<lang>.json`, keys
//! `reason.*`) in exports and sent as a [`Phrase`] for the UI to word.
//! Reasons are never written to documents; the summary cache stores them
//! typed (its format 2), so a cached read words them like a fresh one.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::report::words::Words;

/// A text as a catalogue key and its arguments, for a reader to word in
/// its own language (the report's catalogue and the UI's share the key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Phrase {
    /// Catalogue key, e.g. `reason.scoreOutsideScale`.
    pub key: String,
    /// Values of the key's `{name}` placeholders, inserted as given.
    pub args: BTreeMap<String, String>,
}

impl Phrase {
    /// The phrase `key` with its placeholders' values.
    pub fn new(key: &str, args: impl IntoIterator<Item = (&'static str, String)>) -> Self {
        Phrase {
            key: key.to_owned(),
            args: args
                .into_iter()
                .map(|(name, value)| (name.to_owned(), value))
                .collect(),
        }
    }
}

/// Why a value was skipped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// A whole-number score that is not 1-5.
    ScoreOutsideScale(i64),
    /// A fractional number, or a whole one outside 1-5 stored as a float (as written by Rust).
    ScoreNotWhole(String),
    /// A text other than `dont_know` (its first 40 characters).
    ScoreText(String),
    /// A boolean.
    ScoreBoolean(bool),
    /// Raw bytes.
    ScoreBytes,
    /// An Automerge counter.
    ScoreCounter(i64),
    /// A timestamp.
    ScoreTimestamp,
    /// A scalar type this version does not know.
    ScoreUnknownType(u8),
    /// A map.
    ScoreMap,
    /// A list.
    ScoreList,
    /// An Automerge text object.
    ScoreTextObject,
    /// A statement id the audit's checklist does not have.
    NotAStatement,
    /// A whole-city statement answered at a stop.
    AtStopButWholeCity,
    /// A per-stop statement answered for the whole city.
    WholeCityButAtStop,
    /// A field this version does not know.
    UnknownField,
    /// A photo filed under a theme the audit does not have.
    UnknownTheme,
    /// A record (map) missing where one was expected.
    RecordMissing,
    /// A scalar (as written by Automerge) where a record was expected.
    RecordIsValue(String),
    /// A list where a record was expected.
    RecordIsList,
    /// A text where a record was expected.
    RecordIsText,
    /// The decoder's own (technical, English) description.
    Unreadable(String),
}

/// One argument of a reason's text: numbers are written in the reader's digits.
enum Arg {
    Number(String),
    Text(String),
}

impl Reason {
    /// The catalogue key and its arguments.
    fn parts(&self) -> (&'static str, Vec<(&'static str, Arg)>) {
        use Arg::{Number, Text};
        match self {
            Reason::ScoreOutsideScale(v) => (
                "reason.scoreOutsideScale",
                vec![("value", Number(v.to_string()))],
            ),
            Reason::ScoreNotWhole(v) => {
                ("reason.scoreNotWhole", vec![("value", Number(v.clone()))])
            }
            Reason::ScoreText(t) => ("reason.scoreText", vec![("text", Text(format!("{t:?}")))]),
            Reason::ScoreBoolean(b) => {
                ("reason.scoreBoolean", vec![("value", Text(b.to_string()))])
            }
            Reason::ScoreBytes => ("reason.scoreBytes", vec![]),
            Reason::ScoreCounter(c) => (
                "reason.scoreCounter",
                vec![("value", Number(c.to_string()))],
            ),
            Reason::ScoreTimestamp => ("reason.scoreTimestamp", vec![]),
            Reason::ScoreUnknownType(code) => (
                "reason.scoreUnknownType",
                vec![("code", Number(code.to_string()))],
            ),
            Reason::ScoreMap => ("reason.scoreMap", vec![]),
            Reason::ScoreList => ("reason.scoreList", vec![]),
            Reason::ScoreTextObject => ("reason.scoreTextObject", vec![]),
            Reason::NotAStatement => ("reason.notAStatement", vec![]),
            Reason::AtStopButWholeCity => ("reason.atStopButWholeCity", vec![]),
            Reason::WholeCityButAtStop => ("reason.wholeCityButAtStop", vec![]),
            Reason::UnknownField => ("reason.unknownField", vec![]),
            Reason::UnknownTheme => ("reason.unknownTheme", vec![]),
            Reason::RecordMissing => ("reason.recordMissing", vec![]),
            Reason::RecordIsValue(v) => ("reason.recordIsValue", vec![("value", Text(v.clone()))]),
            Reason::RecordIsList => ("reason.recordIsList", vec![]),
            Reason::RecordIsText => ("reason.recordIsText", vec![]),
            Reason::Unreadable(d) => ("reason.unreadable", vec![("detail", Text(d.clone()))]),
        }
    }

    /// The reason in `words`' language, numbers in its digits.
    pub fn in_words(&self, words: &Words) -> String {
        let (key, args) = self.parts();
        let args: Vec<(&str, String)> = args
            .into_iter()
            .map(|(name, arg)| match arg {
                Arg::Number(n) => (name, words.numeral(&n)),
                Arg::Text(t) => (name, t),
            })
            .collect();
        let args: Vec<(&str, &str)> = args.iter().map(|(n, v)| (*n, v.as_str())).collect();
        words.f(key, &args)
    }

    /// The reason as a catalogue key and its arguments (numbers as Rust writes them).
    pub fn phrase(&self) -> Phrase {
        let (key, args) = self.parts();
        Phrase::new(
            key,
            args.into_iter().map(|(name, arg)| match arg {
                Arg::Number(v) | Arg::Text(v) => (name, v),
            }),
        )
    }
}

impl std::fmt::Display for Reason {
    /// The English text (the source catalogue's).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.in_words(&Words::english()))
    }
}

impl From<String> for Reason {
    fn from(detail: String) -> Self {
        Reason::Unreadable(detail)
    }
}

impl From<&str> for Reason {
    fn from(detail: &str) -> Self {
        Reason::Unreadable(detail.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_is_the_text_the_readers_wrote_before() {
        assert_eq!(
            Reason::ScoreOutsideScale(9).to_string(),
            "score 9 is outside 1-5"
        );
        assert_eq!(
            Reason::ScoreText("five".into()).to_string(),
            "score is the text \"five\""
        );
        assert_eq!(
            Reason::RecordIsList.to_string(),
            "expected a map, found a list"
        );
        assert_eq!(Reason::Unreadable("odd".into()).to_string(), "odd");
    }

    #[test]
    fn a_reason_reads_back_as_the_same_reason() {
        for reason in every_reason() {
            let json = serde_json::to_string(&reason).unwrap();
            let back: Reason = serde_json::from_str(&json).unwrap();
            assert_eq!(back, reason, "{json}");
        }
    }

    /// One of each reason.
    pub(crate) fn every_reason() -> Vec<Reason> {
        vec![
            Reason::ScoreOutsideScale(9),
            Reason::ScoreNotWhole("2.5".into()),
            Reason::ScoreText("five".into()),
            Reason::ScoreBoolean(true),
            Reason::ScoreBytes,
            Reason::ScoreCounter(3),
            Reason::ScoreTimestamp,
            Reason::ScoreUnknownType(42),
            Reason::ScoreMap,
            Reason::ScoreList,
            Reason::ScoreTextObject,
            Reason::NotAStatement,
            Reason::AtStopButWholeCity,
            Reason::WholeCityButAtStop,
            Reason::UnknownField,
            Reason::UnknownTheme,
            Reason::RecordMissing,
            Reason::RecordIsValue("7".into()),
            Reason::RecordIsList,
            Reason::RecordIsText,
            Reason::Unreadable("invalid type".into()),
        ]
    }

    #[test]
    fn every_reason_has_its_words_in_every_language() {
        for lang in crate::report::words::languages() {
            let words = Words::new(lang).unwrap();
            for reason in every_reason() {
                let phrase = reason.phrase();
                let text = reason.in_words(&words);
                assert_ne!(text, phrase.key, "{lang}: {reason:?} has a text");
                assert!(!text.contains('{'), "{lang}: {reason:?} is filled: {text}");
            }
        }
    }

    #[test]
    fn reasons_are_worded_in_the_language_with_its_digits_and_the_text_as_written() {
        let cs = Words::new("cs").unwrap();
        let ar = Words::new("ar").unwrap();
        let czech = Reason::ScoreOutsideScale(9).in_words(&cs);
        assert_ne!(czech, Reason::ScoreOutsideScale(9).to_string());
        assert!(czech.contains('9'), "{czech}");
        let arabic = Reason::ScoreOutsideScale(9).in_words(&ar);
        assert!(arabic.contains('٩') && !arabic.contains('9'), "{arabic}");
        let text = Reason::ScoreText("pět".into()).in_words(&cs);
        assert!(text.contains("\"pět\""), "{text}");
        let phrase = Reason::ScoreOutsideScale(9).phrase();
        assert_eq!(phrase.key, "reason.scoreOutsideScale");
        assert_eq!(phrase.args["value"], "9");
        assert_eq!(cs.phrase(&phrase), czech);
    }
}
