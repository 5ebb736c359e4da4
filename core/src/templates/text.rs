//! Translatable text.

use autosurgeon::{Hydrate, Reconcile};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A text in English with translations keyed by language tag (`bg`, `ar`,
/// `cs`, `sk`, `hr`, `it`, `uk`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Hydrate, Reconcile)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Text {
    /// The English source text (verbatim from the toolkit).
    pub en: String,
    /// Translations by language tag.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tr: BTreeMap<String, String>,
}

impl Text {
    /// The text in `lang`, falling back to English when no translation
    /// exists or it is blank (as the UI's `textIn` does).
    pub fn get(&self, lang: &str) -> &str {
        self.tr
            .get(lang)
            .map(String::as_str)
            .filter(|t| !t.trim().is_empty())
            .unwrap_or(&self.en)
    }
}
