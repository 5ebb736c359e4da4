//! The report's fixed words (headings, sentences, table headers, captions,
//! legend labels) in the report's language, and its numbers written the way
//! that language writes them.
//!
//! The catalogues are data, `core/i18n/report/<lang>.json`: one flat object
//! of `key → text`, texts with `{name}` placeholders, and `_reviewed`
//! (`true` once a native speaker has checked the language; a report in an
//! unreviewed language says so near its top). A key a catalogue lacks falls
//! back to English. What participants and facilitators wrote is never
//! looked up here: it is quoted as written.

use std::collections::BTreeMap;

pub use crate::model::Phrase;

/// The report's languages and their catalogues, English (the source) first.
const CATALOGUES: [(&str, &str); 8] = [
    ("en", include_str!("../../i18n/report/en.json")),
    ("bg", include_str!("../../i18n/report/bg.json")),
    ("ar", include_str!("../../i18n/report/ar.json")),
    ("cs", include_str!("../../i18n/report/cs.json")),
    ("sk", include_str!("../../i18n/report/sk.json")),
    ("hr", include_str!("../../i18n/report/hr.json")),
    ("it", include_str!("../../i18n/report/it.json")),
    ("uk", include_str!("../../i18n/report/uk.json")),
];

/// The catalogue's marker of a reviewed language.
const REVIEWED_KEY: &str = "_reviewed";

/// The languages a report can be written in, English first.
pub fn languages() -> impl Iterator<Item = &'static str> {
    CATALOGUES.iter().map(|(code, _)| *code)
}

/// Why the report's words are not available.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WordsError {
    /// Not one of [`languages`].
    #[error("the report cannot be written in {0:?}: choose en, bg, ar, cs, sk, hr, it or uk")]
    UnknownLanguage(String),
}

/// How a language writes a number: its digits and decimal separator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Numerals {
    /// `3.50` (English).
    LatinPoint,
    /// `3,50` (cs, sk, hr, it, bg, uk).
    LatinComma,
    /// `٣٫٥٠` (Arabic-Indic digits and the Arabic decimal separator).
    ArabicIndic,
}

/// One catalogue: its texts and whether it has been reviewed.
struct Catalogue {
    reviewed: bool,
    texts: BTreeMap<String, String>,
}

fn parse(json: &str) -> Catalogue {
    // The catalogues are compiled in and checked by tests; a broken one
    // degrades to English rather than failing an export.
    let value: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
    let object = value.as_object().cloned().unwrap_or_default();
    Catalogue {
        reviewed: object
            .get(REVIEWED_KEY)
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false),
        texts: object
            .into_iter()
            .filter_map(|(k, v)| Some((k, v.as_str()?.to_owned())))
            .collect(),
    }
}

/// Every catalogue, parsed once, in the order of [`CATALOGUES`].
fn parsed() -> &'static [Catalogue] {
    static PARSED: std::sync::OnceLock<Vec<Catalogue>> = std::sync::OnceLock::new();
    PARSED.get_or_init(|| CATALOGUES.iter().map(|(_, json)| parse(json)).collect())
}

/// The report's words in one language, with English behind them.
pub struct Words {
    lang: &'static str,
    own: &'static Catalogue,
    english: &'static Catalogue,
    numerals: Numerals,
}

impl Words {
    /// The words of `lang` (one of [`languages`]).
    pub fn new(lang: &str) -> Result<Self, WordsError> {
        let (index, (code, _)) = CATALOGUES
            .iter()
            .enumerate()
            .find(|(_, (code, _))| *code == lang)
            .ok_or_else(|| WordsError::UnknownLanguage(lang.chars().take(40).collect()))?;
        let numerals = match *code {
            "en" => Numerals::LatinPoint,
            "ar" => Numerals::ArabicIndic,
            _ => Numerals::LatinComma,
        };
        Ok(Self {
            lang: code,
            own: &parsed()[index],
            english: &parsed()[0],
            numerals,
        })
    }

    /// The English words (the source language).
    pub fn english() -> Self {
        Self {
            lang: "en",
            own: &parsed()[0],
            english: &parsed()[0],
            numerals: Numerals::LatinPoint,
        }
    }

    /// The words of `lang`, or English when the report has no such language.
    pub fn or_english(lang: &str) -> Self {
        Self::new(lang).unwrap_or_else(|_| Self::english())
    }

    /// The language code, e.g. `cs`.
    pub fn lang(&self) -> &'static str {
        self.lang
    }

    /// The writing direction for HTML's `dir`: `rtl` for Arabic.
    pub fn dir(&self) -> &'static str {
        if self.lang == "ar" {
            "rtl"
        } else {
            "ltr"
        }
    }

    /// Whether a native speaker has reviewed this language's catalogue.
    pub fn reviewed(&self) -> bool {
        self.own.reviewed
    }

    /// The text of `key`: this language's, else English, else the key itself.
    pub fn t(&self, key: &str) -> String {
        self.own
            .texts
            .get(key)
            .or_else(|| self.english.texts.get(key))
            .cloned()
            .unwrap_or_else(|| key.to_owned())
    }

    /// The text of `key` with its `{name}` placeholders filled from `args`
    /// (values are inserted as given: a participant's words stay theirs).
    pub fn f(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill(&self.t(key), args)
    }

    /// A [`Phrase`] (a catalogue key and its arguments) in this language.
    pub fn phrase(&self, phrase: &Phrase) -> String {
        let args: Vec<(&str, &str)> = phrase
            .args
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .collect();
        self.f(&phrase.key, &args)
    }

    /// A figure with two decimals, `–` without data.
    pub fn num(&self, value: Option<f64>) -> String {
        value.map_or_else(|| "–".to_owned(), |v| self.fixed(v, 2))
    }

    /// A change, signed, with two decimals, `–` without data.
    pub fn change(&self, value: Option<f64>) -> String {
        value.map_or_else(
            || "–".to_owned(),
            |v| {
                let text = self.digits(&format!("{v:+.2}"));
                if self.numerals == Numerals::ArabicIndic {
                    // The Arabic letter mark keeps the sign before the digits in RTL text.
                    format!("\u{61c}{text}")
                } else {
                    text
                }
            },
        )
    }

    /// `value` with `decimals` decimals.
    pub fn fixed(&self, value: f64, decimals: usize) -> String {
        self.digits(&format!("{value:.decimals$}"))
    }

    /// A count or other whole number.
    pub fn count(&self, value: impl WholeNumber) -> String {
        self.digits(&value.to_string())
    }

    /// A number as Rust writes it (`2.5`, `-1`) in this language's digits
    /// and decimal separator.
    pub fn numeral(&self, latin: &str) -> String {
        self.digits(latin)
    }

    /// A number Rust wrote (`3.50`, `-1`) in this language's digits and
    /// decimal separator.
    fn digits(&self, latin: &str) -> String {
        match self.numerals {
            Numerals::LatinPoint => latin.to_owned(),
            Numerals::LatinComma => latin.replace('.', ","),
            Numerals::ArabicIndic => latin
                .chars()
                .map(|c| match c {
                    '0'..='9' => char::from_u32(0x660 + (c as u32 - '0' as u32)).unwrap_or(c),
                    '.' => '\u{66b}',
                    other => other,
                })
                .collect(),
        }
    }
}

/// An integer the report counts with (counts, stop numbers, scores).
pub trait WholeNumber: std::fmt::Display {}
impl WholeNumber for u8 {}
impl WholeNumber for u32 {}
impl WholeNumber for u64 {}
impl WholeNumber for i64 {}
impl WholeNumber for i32 {}
impl WholeNumber for usize {}

/// `text` with each `{name}` replaced by its value; unknown names stay.
fn fill(text: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => out.push_str(value),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `{name}` placeholders of a text, sorted.
#[cfg(test)]
pub(crate) fn placeholders(text: &str) -> Vec<String> {
    let mut names: Vec<String> = text
        .split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(name, _)| name.to_owned()))
        .collect();
    names.sort();
    names
}

#[cfg(test)]
#[path = "words_tests.rs"]
mod tests;
