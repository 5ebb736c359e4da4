//! Merging a group's results: statistics per statement, per area, per stop,
//! per participant group, against an earlier audit, and the disagreement
//! flags that prompt the consensus discussion.
//!
//! Rules (also in `docs/analysis.md`):
//! - only valid scores 1-5 count; "don't know" is counted separately;
//!   unanswered statements count nowhere;
//! - invalid values (a score of 9, a text) and answers filed in the wrong
//!   place (a per-stop statement answered for the whole city, or the reverse,
//!   or a statement the checklist does not have) are excluded from every
//!   figure and listed in [`AuditResults::invalid`];
//! - per-stop statements (Urban Environment and Safety) contribute one value
//!   per stop visit;
//! - an area's mean is the mean of its statement means ("the final score is
//!   the average one of all participants"); the overall mean is the mean of
//!   all statement means; statements without scores are left out of both;
//! - a statement is flagged for discussion by [`flag_rule`];
//! - best-assessed / most challenging: the statements of an area with the
//!   highest / lowest mean; ties (within 1e-9) list every tied statement in
//!   template order.

mod answered;
mod collect;
mod compare;
mod evidence;
mod progress;
mod stats;
#[cfg(test)]
mod tests;

pub use answered::{response_progress, stop_progress, Progress, ResponseProgress};
pub use compare::{Change, Comparison};
pub use evidence::{anonymous_label, anonymous_label_in, comments, Comment};
pub use progress::{
    progress, BalanceCount, ParticipantProgress, ProgressTotals, ProgressView, RosterBalance,
};
pub use stats::{mean_of, ScoreStats, TIE_TOLERANCE};

use serde::Serialize;
use std::collections::BTreeMap;

use crate::model::{AnswerValue, AuditData, Phrase, Reason, ResponseData};
use crate::templates::Section;
use collect::{Observation, Observations};

/// The disagreement rule's thresholds: a statement is flagged for a
/// consensus discussion when at least `min_scores` scores spread over a
/// range of `min_range` or more, or a population standard deviation of
/// `min_sd` or more. Sent with the results so every reader words the same
/// numbers in its own language.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FlagRule {
    /// Fewest scores a statement needs before it can be flagged.
    pub min_scores: usize,
    /// Smallest range (max - min) that flags.
    pub min_range: f64,
    /// Smallest population standard deviation that flags.
    pub min_sd: f64,
}

/// The rule every audit uses.
///
/// On the 1-5 scale a range of 2 allows an SD of at most 1, so the range
/// clause decides in practice; the SD clause keeps the rule meaningful for a
/// wider scale.
pub const FLAG_RULE: FlagRule = FlagRule {
    min_scores: 2,
    min_range: 3.0,
    min_sd: 1.25,
};

/// True when the scores of a statement spread widely enough to discuss them
/// for consensus by [`FLAG_RULE`].
pub fn flag_rule(scores: &ScoreStats) -> bool {
    scores.n >= FLAG_RULE.min_scores
        && (scores.range().is_some_and(|r| r >= FLAG_RULE.min_range)
            || scores.sd.is_some_and(|sd| sd >= FLAG_RULE.min_sd))
}

/// Statistics of one statement across participants (and stops).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ItemResult {
    /// Item id.
    pub item: String,
    /// Score statistics.
    pub scores: ScoreStats,
    /// How many answered "don't know".
    pub dont_know: usize,
    /// How many gave each score: `counts[0]` is score 1 … `counts[4]` is score 5.
    pub counts: [usize; 5],
    /// Scores spread widely ([`flag_rule`]): discuss for consensus.
    pub flagged: bool,
}

impl ItemResult {
    fn of(item: &str, values: &[&AnswerValue]) -> Self {
        let mut counts = [0usize; 5];
        let scores: Vec<f64> = values
            .iter()
            .filter_map(|v| v.score())
            .map(|s| {
                counts[usize::from(s.get() - 1)] += 1;
                f64::from(s.get())
            })
            .collect();
        let scores = ScoreStats::of(&scores);
        ItemResult {
            item: item.to_owned(),
            flagged: flag_rule(&scores),
            scores,
            dont_know: values
                .iter()
                .filter(|v| ***v == AnswerValue::DontKnow)
                .count(),
            counts,
        }
    }
}

/// Statistics of one area.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SectionResult {
    /// Section id.
    pub section: String,
    /// Mean of the statement means (statements without scores are left out).
    pub mean: Option<f64>,
    /// Per statement, in template order.
    pub items: Vec<ItemResult>,
    /// Statement ids with the highest mean (several on a tie, template order).
    pub best: Vec<String>,
    /// Statement ids with the lowest mean (several on a tie, template order).
    pub most_challenging: Vec<String>,
}

impl SectionResult {
    fn of(section: &Section, values: &BTreeMap<&str, Vec<&AnswerValue>>) -> Self {
        let items: Vec<ItemResult> = section
            .items
            .iter()
            .map(|item| {
                let found = values.get(item.id.as_str()).map(Vec::as_slice);
                ItemResult::of(&item.id, found.unwrap_or(&[]))
            })
            .collect();
        let means = || items.iter().filter_map(|i| i.scores.mean);
        let highest = means().fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))));
        let lowest = means().fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.min(v))));
        let tied = |target: Option<f64>| -> Vec<String> {
            items
                .iter()
                .filter(|i| match (i.scores.mean, target) {
                    (Some(m), Some(t)) => (m - t).abs() < TIE_TOLERANCE,
                    _ => false,
                })
                .map(|i| i.item.clone())
                .collect()
        };
        SectionResult {
            section: section.id.clone(),
            mean: mean_of(means()),
            best: tied(highest),
            most_challenging: tied(lowest),
            items,
        }
    }
}

/// The merged checklist results of a set of responses.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ChecklistResults {
    /// Per area, in template order.
    pub sections: Vec<SectionResult>,
    /// Mean of all statement means.
    pub overall_mean: Option<f64>,
}

impl ChecklistResults {
    fn of<'a>(sections: impl IntoIterator<Item = &'a Section>, obs: &[&Observation<'_>]) -> Self {
        let mut values: BTreeMap<&str, Vec<&AnswerValue>> = BTreeMap::new();
        for o in obs {
            values.entry(o.item).or_default().push(o.value);
        }
        let sections: Vec<SectionResult> = sections
            .into_iter()
            .map(|s| SectionResult::of(s, &values))
            .collect();
        let overall_mean = mean_of(
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

    /// The result of one statement.
    pub fn item(&self, item: &str) -> Option<&ItemResult> {
        self.sections
            .iter()
            .flat_map(|s| &s.items)
            .find(|i| i.item == item)
    }

    /// The result of one area.
    pub fn section(&self, section: &str) -> Option<&SectionResult> {
        self.sections.iter().find(|s| s.section == section)
    }
}

/// The per-stop statements (Urban Environment and Safety) at one place.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct StopResult {
    /// The planned stop id, or for unplanned stops the name of area.
    pub stop: String,
    /// Name of area.
    pub name_of_area: String,
    /// Specific location.
    pub specific_location: String,
    /// Stop visits counted here.
    pub visits: usize,
    /// Mean of the statement means at this stop.
    pub mean: Option<f64>,
    /// Per statement, in template order.
    pub items: Vec<ItemResult>,
}

/// The same figures for the participants of one group.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct GroupResult {
    /// Participant group id.
    pub group: String,
    /// Participants of this group whose responses were merged.
    pub participants: usize,
    /// Mean of the group's statement means.
    pub overall_mean: Option<f64>,
    /// Per area, in template order; best / most challenging within the group.
    pub sections: Vec<SectionResult>,
}

/// A value from a document that was excluded from every figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct InvalidValue {
    /// Participant id.
    pub participant_id: String,
    /// Display name ("Participant N" in English when the participant record is unreadable).
    pub pseudonym: String,
    /// The N of "Participant N" when the participant record is unreadable:
    /// readers word it in their language.
    pub anonymous: Option<usize>,
    /// Statement id as found.
    pub item: String,
    /// The stop it was recorded at; `None` for whole-city answers.
    pub stop: Option<String>,
    /// The value as found, as a phrase (`found.*` or `reason.*`) for the
    /// reader's language.
    pub value: Phrase,
    /// Why it was excluded, as a catalogue key (`reason.*`) for the reader's language.
    pub reason: Phrase,
    /// The value as found (the report words it in its language).
    #[serde(skip)]
    pub found: AnswerValue,
    /// Why it was excluded, typed (the report words it in its language).
    #[serde(skip)]
    pub why: Reason,
}

/// Everything the facilitator's results screen and the report show.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AuditResults {
    /// Participants whose responses were merged.
    pub participants: usize,
    /// Mean of all statement means.
    pub overall_mean: Option<f64>,
    /// Per area, in template order.
    pub sections: Vec<SectionResult>,
    /// Per stop, in walking order (planned stops first, then others by name).
    pub stops: Vec<StopResult>,
    /// Per group present among the responses, in template group order.
    pub groups: Vec<GroupResult>,
    /// Against an earlier audit, when one was given.
    pub comparison: Option<Comparison>,
    /// Values excluded from every figure.
    pub invalid: Vec<InvalidValue>,
    /// The thresholds behind `flagged` ([`FLAG_RULE`]).
    pub flag_rule: FlagRule,
}

impl AuditResults {
    /// The whole-audit figures as [`ChecklistResults`].
    pub fn checklist(&self) -> ChecklistResults {
        ChecklistResults {
            sections: self.sections.clone(),
            overall_mean: self.overall_mean,
        }
    }

    /// The result of one statement.
    pub fn item(&self, item: &str) -> Option<&ItemResult> {
        self.sections
            .iter()
            .flat_map(|s| &s.items)
            .find(|i| i.item == item)
    }

    /// Statement ids flagged for the consensus discussion, in template order.
    pub fn flagged(&self) -> Vec<&str> {
        self.sections
            .iter()
            .flat_map(|s| &s.items)
            .filter(|i| i.flagged)
            .map(|i| i.item.as_str())
            .collect()
    }
}

/// An earlier audit of the same city and its responses, for the comparison.
#[derive(Debug, Clone, Copy)]
pub struct EarlierAudit<'a> {
    /// The earlier audit's document id.
    pub id: &'a str,
    /// Its audit document.
    pub audit: &'a AuditData,
    /// Its participants' responses.
    pub responses: &'a [ResponseData],
}

/// Merges the responses to the audit's checklist (whole audit only).
pub fn checklist_results<'a>(
    audit: &AuditData,
    responses: impl IntoIterator<Item = &'a ResponseData>,
) -> ChecklistResults {
    let responses: Vec<&ResponseData> = responses.into_iter().collect();
    let observations = Observations::collect(audit, &responses);
    let all: Vec<&Observation> = observations.valid.iter().collect();
    ChecklistResults::of(sections(audit), &all)
}

fn sections(audit: &AuditData) -> impl Iterator<Item = &Section> {
    audit.checklist().into_iter().flat_map(|c| &c.sections)
}

/// Merges the responses: every figure of [`AuditResults`], and the comparison
/// with `earlier` when given.
pub fn analyse(
    audit: &AuditData,
    responses: &[ResponseData],
    earlier: Option<EarlierAudit<'_>>,
) -> AuditResults {
    let refs: Vec<&ResponseData> = responses.iter().collect();
    let observations = Observations::collect(audit, &refs);
    let all: Vec<&Observation> = observations.valid.iter().collect();
    let whole = ChecklistResults::of(sections(audit), &all);
    let groups = group_results(audit, &observations);
    let stops = stop_results(audit, &observations);
    let comparison = earlier.map(|e| {
        let before = checklist_results(e.audit, e.responses);
        Comparison::between(e.id, e.audit, &before, audit, &whole)
    });
    AuditResults {
        participants: observations.participants.len(),
        overall_mean: whole.overall_mean,
        sections: whole.sections,
        stops,
        groups,
        comparison,
        invalid: observations.invalid,
        flag_rule: FLAG_RULE,
    }
}

fn group_results(audit: &AuditData, observations: &Observations<'_>) -> Vec<GroupResult> {
    let template_order: Vec<&str> = audit
        .groups
        .value()
        .into_iter()
        .flatten()
        .map(|g| g.id.as_str())
        .collect();
    let mut present: Vec<&str> = observations.participants.iter().map(|p| p.group).collect();
    present.sort_by_key(|g| {
        (
            template_order
                .iter()
                .position(|t| t == g)
                .unwrap_or(usize::MAX),
            *g,
        )
    });
    present.dedup();
    present
        .into_iter()
        .map(|group| {
            let obs: Vec<&Observation> = observations
                .valid
                .iter()
                .filter(|o| observations.participants[o.participant].group == group)
                .collect();
            let results = ChecklistResults::of(sections(audit), &obs);
            GroupResult {
                group: group.to_owned(),
                participants: observations
                    .participants
                    .iter()
                    .filter(|p| p.group == group)
                    .count(),
                overall_mean: results.overall_mean,
                sections: results.sections,
            }
        })
        .collect()
}

fn stop_results(audit: &AuditData, observations: &Observations<'_>) -> Vec<StopResult> {
    let per_stop: Vec<&Section> = sections(audit).filter(|s| s.per_stop).collect();
    observations
        .stops
        .iter()
        .map(|stop| {
            let obs: Vec<&Observation> = observations
                .valid
                .iter()
                .filter(|o| o.stop.as_deref() == Some(stop.key.as_str()))
                .collect();
            let results = ChecklistResults::of(per_stop.iter().copied(), &obs);
            StopResult {
                stop: stop.key.clone(),
                name_of_area: stop.name_of_area.clone(),
                specific_location: stop.specific_location.clone(),
                visits: stop.visits,
                mean: results.overall_mean,
                items: results.sections.into_iter().flat_map(|s| s.items).collect(),
            }
        })
        .collect()
}
