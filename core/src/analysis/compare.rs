//! Comparison with an earlier audit of the same city.

use serde::Serialize;
use std::collections::BTreeMap;

use super::ChecklistResults;
use crate::model::AuditData;

/// Change of one mean against the earlier audit: `current - earlier`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Change {
    /// The earlier mean.
    pub earlier: Option<f64>,
    /// The current mean.
    pub current: Option<f64>,
    /// `current - earlier`; `None` when either side has no data.
    pub change: Option<f64>,
}

impl Change {
    fn of(earlier: Option<f64>, current: Option<f64>) -> Self {
        Change {
            earlier,
            current,
            change: earlier.zip(current).map(|(e, c)| c - e),
        }
    }
}

/// The current audit against an earlier one, per statement, area and overall.
///
/// Statements and areas are matched by template id; an id only one side has
/// still appears, with `None` on the other side. A statement both audits
/// have under one id but with different wording (a city adapted its
/// checklist) is listed in `reworded`, as its change may come from the words.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Comparison {
    /// The earlier audit's document id.
    pub earlier_audit_id: String,
    /// Its title.
    pub earlier_title: String,
    /// Its first day.
    pub earlier_starts_on: String,
    /// Overall mean.
    pub overall: Change,
    /// By section id.
    pub sections: BTreeMap<String, Change>,
    /// By statement id.
    pub items: BTreeMap<String, Change>,
    /// Statements whose English wording differs between the two audits'
    /// templates: the earlier audit's wording, by statement id.
    pub reworded: BTreeMap<String, String>,
}

impl Comparison {
    /// Compares `current` (the results of `current_audit`) with `earlier`
    /// (the results of audit `earlier_audit`).
    pub fn between(
        earlier_id: &str,
        earlier_audit: &AuditData,
        earlier: &ChecklistResults,
        current_audit: &AuditData,
        current: &ChecklistResults,
    ) -> Self {
        let mut sections = BTreeMap::new();
        let mut items = BTreeMap::new();
        for section in current.sections.iter().chain(&earlier.sections) {
            let before = earlier.section(&section.section).and_then(|s| s.mean);
            let now = current.section(&section.section).and_then(|s| s.mean);
            sections.insert(section.section.clone(), Change::of(before, now));
            for item in &section.items {
                let before = earlier.item(&item.item).and_then(|i| i.scores.mean);
                let now = current.item(&item.item).and_then(|i| i.scores.mean);
                items.insert(item.item.clone(), Change::of(before, now));
            }
        }
        let text = |t: &crate::model::Lenient<String>| t.value().cloned().unwrap_or_default();
        Comparison {
            earlier_audit_id: earlier_id.to_owned(),
            earlier_title: text(&earlier_audit.title),
            earlier_starts_on: text(&earlier_audit.starts_on),
            overall: Change::of(earlier.overall_mean, current.overall_mean),
            sections,
            items,
            reworded: reworded(earlier_audit, current_audit),
        }
    }
}

/// The earlier wording of each statement both audits have under one id
/// with different English texts.
fn reworded(earlier: &AuditData, current: &AuditData) -> BTreeMap<String, String> {
    let statements = |audit: &AuditData| -> BTreeMap<String, String> {
        audit
            .checklist()
            .into_iter()
            .flat_map(|c| &c.sections)
            .flat_map(|s| &s.items)
            .map(|item| (item.id.clone(), item.text.en.clone()))
            .collect()
    };
    let before = statements(earlier);
    statements(current)
        .into_iter()
        .filter_map(|(id, now)| {
            let then = before.get(&id)?;
            (*then != now).then(|| (id, then.clone()))
        })
        .collect()
}
