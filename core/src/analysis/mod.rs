//! Merging a group's results: statistics per statement, per area and overall.
//!
//! Rules (also in `docs/analysis.md`): only valid scores 1-5 count; "don't
//! know" is counted separately; invalid values are excluded (and reported by
//! the documents' `problems()`); an area's mean is the mean of its statement
//! means ("the final score is the average one of all participants"), and the
//! overall mean is the mean of all statement means.

mod stats;

pub use stats::ScoreStats;

use serde::Serialize;
use std::collections::BTreeMap;

use crate::model::{AnswerValue, AuditData, ResponseData};

/// Statistics of one statement across participants (and stops).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemResult {
    /// Item id.
    pub item: String,
    /// Score statistics.
    pub scores: ScoreStats,
    /// How many answered "don't know".
    pub dont_know: usize,
}

/// Statistics of one area.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionResult {
    /// Section id.
    pub section: String,
    /// Mean of the statement means (statements without scores are left out).
    pub mean: Option<f64>,
    /// Per statement, in template order.
    pub items: Vec<ItemResult>,
}

/// The merged checklist results of a set of responses.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChecklistResults {
    /// Per area, in template order.
    pub sections: Vec<SectionResult>,
    /// Mean of all statement means.
    pub overall_mean: Option<f64>,
}

/// Collects every value per item from the responses: whole-city answers,
/// and per-stop answers (one value per stop visit). Answers filed in the
/// wrong place (a per-stop statement answered for the whole city, or the
/// reverse) are excluded, as the documents' `problems()` report them.
fn values_by_item<'a>(
    audit: &AuditData,
    responses: impl IntoIterator<Item = &'a ResponseData>,
) -> BTreeMap<String, Vec<AnswerValue>> {
    let per_stop = |item: &str| audit.item(item).map(|(section, _)| section.per_stop);
    let mut values: BTreeMap<String, Vec<AnswerValue>> = BTreeMap::new();
    for response in responses {
        let whole_city = response
            .answers()
            .filter(|(item, _)| per_stop(item) == Some(false));
        let at_stops = response
            .stops()
            .flat_map(|(stop, _)| response.stop_answers(stop))
            .filter(|(item, _)| per_stop(item) == Some(true));
        for (item, answer) in whole_city.chain(at_stops) {
            values
                .entry(item.clone())
                .or_default()
                .push(answer.value.clone());
        }
    }
    values
}

/// Merges the responses to the audit's checklist.
pub fn checklist_results<'a>(
    audit: &AuditData,
    responses: impl IntoIterator<Item = &'a ResponseData>,
) -> ChecklistResults {
    let values = values_by_item(audit, responses);
    let no_values = Vec::new();
    let sections: Vec<SectionResult> = audit
        .checklist()
        .into_iter()
        .flat_map(|c| &c.sections)
        .map(|section| {
            let items: Vec<ItemResult> = section
                .items
                .iter()
                .map(|item| {
                    let answers = values.get(&item.id).unwrap_or(&no_values);
                    let scores: Vec<f64> = answers
                        .iter()
                        .filter_map(|v| v.score())
                        .map(|s| f64::from(s.get()))
                        .collect();
                    ItemResult {
                        item: item.id.clone(),
                        scores: ScoreStats::of(&scores),
                        dont_know: answers
                            .iter()
                            .filter(|v| **v == AnswerValue::DontKnow)
                            .count(),
                    }
                })
                .collect();
            SectionResult {
                section: section.id.clone(),
                mean: stats::mean_of(items.iter().filter_map(|i| i.scores.mean)),
                items,
            }
        })
        .collect();
    let overall_mean = stats::mean_of(
        sections
            .iter()
            .flat_map(|s| &s.items)
            .filter_map(|i| i.scores.mean),
    );
    ChecklistResults {
        sections,
        overall_mean,
    }
}
