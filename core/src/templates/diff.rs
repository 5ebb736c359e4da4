//! How an audit's template differs from another, by id: the facilitator
//! sees what a city changed against the built-in INTEGRA template before
//! the audit uses it, and again on the audit's results.

use serde::Serialize;
use std::collections::BTreeMap;

use super::set::{TemplateSet, TemplateText, TextKind};

/// What happened to one text between two template sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum ChangeKind {
    /// Only the new set has it.
    Added,
    /// Only the base set has it.
    Removed,
    /// Both have it, with different English wording.
    Reworded,
    /// An area now answered per stop, or no longer.
    PerStopChanged,
}

/// One text that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TextChange {
    /// What changed.
    pub change: ChangeKind,
    /// What the text is.
    pub kind: TextKind,
    /// Its id (empty for texts without one).
    pub id: String,
    /// The English text in the base set.
    pub before: Option<String>,
    /// The English text in the new set.
    pub after: Option<String>,
}

/// The differences of a template set from a base, by id.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TemplateDiff {
    /// Texts added, removed, reworded, in the new set's order (removed
    /// texts last, in the base's order).
    pub changes: Vec<TextChange>,
    /// Languages the new set has and the base has not.
    pub languages_added: Vec<String>,
    /// Languages the base has and the new set has not.
    pub languages_removed: Vec<String>,
}

impl TemplateDiff {
    /// How `new` differs from `base`. Translations are not compared (a new
    /// translation is a language added, a retranslated text is not a change
    /// of wording); English, the source, is.
    pub fn between(base: &TemplateSet, new: &TemplateSet) -> Self {
        let base_texts = base.texts();
        let new_texts = new.texts();
        let key = |t: &TemplateText<'_>| (t.kind, t.id.to_owned());
        let base_by_key: BTreeMap<_, _> = base_texts.iter().map(|t| (key(t), t)).collect();
        let new_by_key: BTreeMap<_, _> = new_texts.iter().map(|t| (key(t), t)).collect();
        let mut changes = Vec::new();
        for text in &new_texts {
            let change = |change, before: Option<&str>| TextChange {
                change,
                kind: text.kind,
                id: text.id.to_owned(),
                before: before.map(str::to_owned),
                after: Some(text.text.en.clone()),
            };
            match base_by_key.get(&key(text)) {
                None => changes.push(change(ChangeKind::Added, None)),
                Some(old) => {
                    if old.text.en != text.text.en {
                        changes.push(change(ChangeKind::Reworded, Some(&old.text.en)));
                    }
                    if old.per_stop != text.per_stop {
                        changes.push(change(ChangeKind::PerStopChanged, Some(&old.text.en)));
                    }
                }
            }
        }
        for text in &base_texts {
            if !new_by_key.contains_key(&key(text)) {
                changes.push(TextChange {
                    change: ChangeKind::Removed,
                    kind: text.kind,
                    id: text.id.to_owned(),
                    before: Some(text.text.en.clone()),
                    after: None,
                });
            }
        }
        let base_languages = base.languages();
        let new_languages = new.languages();
        TemplateDiff {
            changes,
            languages_added: new_languages
                .iter()
                .filter(|l| !base_languages.contains(l))
                .cloned()
                .collect(),
            languages_removed: base_languages
                .iter()
                .filter(|l| !new_languages.contains(l))
                .cloned()
                .collect(),
        }
    }

    /// True when nothing differs.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
            && self.languages_added.is_empty()
            && self.languages_removed.is_empty()
    }
}
