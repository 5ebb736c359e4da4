//! Review markers of a template's translations.
//!
//! English is the toolkit's source; every other language is a draft until a
//! speaker who knows the field has reviewed it. The marker is data in each
//! template file (`"translations": { "bg": { "reviewed": false }, … }`), so
//! the app and the report can say which texts are unreviewed drafts, and a
//! review flips one flag without touching code.

use autosurgeon::{Hydrate, Reconcile};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The review state of one language's translation of a template.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Hydrate, Reconcile,
)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TranslationReview {
    /// True once a speaker of the language has reviewed the template's texts;
    /// false for a draft.
    pub reviewed: bool,
}

/// Review markers by language tag (`bg`, `ar`, …); English, the source, is
/// not listed. Template snapshots written before the markers existed have
/// none, which reads as "nothing reviewed".
pub type Translations = BTreeMap<String, TranslationReview>;
