//! Audit templates as data: the INTEGRA city walk checklist, photovoice,
//! participant groups and the EUROCITIES benchmark.
//!
//! The texts are the toolkit's own, kept verbatim in JSON files under
//! `core/templates/` and compiled into the binary, so the app needs no
//! network or file access to know them. Every text carries a map of
//! translations keyed by BCP 47 language tag; English is the source.
//!
//! A city adapts the checklist, photovoice texts and groups of its audit as
//! a [`TemplateSet`]: exported to a workbook, edited or translated, read
//! back and checked (`workbook`), compared with the built-in set
//! ([`TemplateDiff`]), and kept in the audit's document as its snapshot.

mod builtin;
mod diff;
mod methods;
// A template problem carries where it is (sheet, row, column, id) for the
// person fixing the file; it is made once per refused file, never in a loop
// that could feel its size.
#[allow(clippy::result_large_err)]
mod set;
mod text;
mod translations;
#[cfg(feature = "template-files")]
#[allow(clippy::result_large_err)]
pub mod workbook;

#[cfg(test)]
mod translation_tests;

pub use builtin::{TemplateError, Templates};
pub use diff::{ChangeKind, TemplateDiff, TextChange};
pub use methods::{
    Choice, DeskTemplate, FocusTemplate, FocusTheme, InclusionLevel, MethodsTemplate, SizeRange,
};
pub use set::{
    valid_id, valid_language, Part, ProblemKind, TemplateProblem, TemplateSet, TemplateText,
    TextKind,
};
pub use text::Text;
pub use translations::{TranslationReview, Translations};

use autosurgeon::{Hydrate, Reconcile};
use serde::{Deserialize, Serialize};

/// The city walk checklist: areas (sections) of statements scored 1-5.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Hydrate, Reconcile)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ChecklistTemplate {
    /// Stable template id, e.g. `integra-checklist`.
    pub id: String,
    /// Template version; bumped whenever an English text or an id changes
    /// (translations and their review markers do not change it).
    pub version: u32,
    /// Review markers of the translations (none in snapshots made before them).
    #[serde(default)]
    #[autosurgeon(missing = "Default::default")]
    pub translations: Translations,
    /// Template title.
    pub title: Text,
    /// The answer scale.
    pub scale: Scale,
    /// The areas of the checklist, in toolkit order.
    pub sections: Vec<Section>,
}

/// A 1..=max scale with labels for its ends and a "don't know" option.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Hydrate, Reconcile)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Scale {
    /// Lowest score (1).
    pub min: u8,
    /// Highest score (5).
    pub max: u8,
    /// Label of the lowest score ("poor").
    pub min_label: Text,
    /// Label of the highest score ("excellent").
    pub max_label: Text,
    /// Label of the "don't know" option.
    pub dont_know_label: Text,
}

/// One area of the checklist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Hydrate, Reconcile)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Section {
    /// Stable section id, e.g. `vision`.
    pub id: String,
    /// Area title.
    pub title: Text,
    /// Guidance shown above the statements.
    pub guidance: Option<Text>,
    /// True when the statements are answered once per stop of the walk.
    pub per_stop: bool,
    /// The statements, in toolkit order.
    pub items: Vec<Item>,
}

/// One checklist statement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Hydrate, Reconcile)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Item {
    /// Stable item id, e.g. `vision.1`.
    pub id: String,
    /// The statement.
    pub text: Text,
}

/// Photovoice: the two themes, the usage terms and the wrap-up categories.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Hydrate, Reconcile)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PhotovoiceTemplate {
    /// Stable template id, e.g. `integra-photovoice`.
    pub id: String,
    /// Template version.
    pub version: u32,
    /// Review markers of the translations (none in snapshots made before them).
    #[serde(default)]
    #[autosurgeon(missing = "Default::default")]
    pub translations: Translations,
    /// The two themes a photo is filed under.
    pub themes: Vec<Theme>,
    /// Usage terms every photovoice participant accepts ("Rights and obligations").
    pub usage_terms: Text,
    /// Categories of the collective wrap-up discussion.
    pub wrap_up: Vec<WrapUpCategory>,
}

/// A photovoice theme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Hydrate, Reconcile)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Theme {
    /// Stable theme id, e.g. `friendly`.
    pub id: String,
    /// Theme title.
    pub title: Text,
    /// What the theme covers.
    pub description: Text,
}

/// A wrap-up category of the photovoice discussion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Hydrate, Reconcile)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct WrapUpCategory {
    /// Stable id, e.g. `deficiencies.urgent`.
    pub id: String,
    /// Category title.
    pub title: Text,
}

/// A participant group from the focus-group target groups.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Hydrate, Reconcile)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ParticipantGroup {
    /// Stable group id, e.g. `tcn_community`.
    pub id: String,
    /// Group label.
    pub label: Text,
}

/// The EUROCITIES benchmark "Making participation effective in diverse neighbourhoods".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Hydrate, Reconcile)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct BenchmarkTemplate {
    /// Stable template id.
    pub id: String,
    /// Template version.
    pub version: u32,
    /// Review markers of the translations (none in snapshots made before them).
    #[serde(default)]
    #[autosurgeon(missing = "Default::default")]
    pub translations: Translations,
    /// Benchmark title.
    pub title: Text,
    /// The Integrating Cities standard the benchmark tests a city against.
    pub standard: Text,
    /// cityaudit's assessment scale per key factor (the benchmark has none of its own).
    pub rating: Vec<RatingLevel>,
    /// The key factors.
    pub key_factors: Vec<KeyFactor>,
    /// Context factors that can affect meeting the benchmark.
    pub context_factors: Vec<ContextFactor>,
}

/// One level of the benchmark rating.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Hydrate, Reconcile)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RatingLevel {
    /// Stable id.
    pub id: String,
    /// Label.
    pub label: Text,
}

/// A benchmark key factor with its standard statement and guide questions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Hydrate, Reconcile)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct KeyFactor {
    /// Stable id, e.g. `kf1`.
    pub id: String,
    /// Number in the benchmark (1-11).
    pub number: u32,
    /// Key factor title.
    pub title: Text,
    /// The standard statement.
    pub standard: Text,
    /// The guide questions.
    pub guide_questions: Vec<Text>,
}

/// A context factor with examples of what it may involve.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Hydrate, Reconcile)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ContextFactor {
    /// Stable id.
    pub id: String,
    /// Factor name.
    pub title: Text,
    /// Examples of what this factor may involve.
    pub examples: Text,
}
