//! How far one participant has come with the checklist: statements answered
//! (a score or "don't know") out of those to answer, per section, overall
//! and at each stop. The participant's screens and the facilitator's
//! progress count with these functions alike.

use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Answer, AuditData, ResponseData};
use crate::templates::Section;

/// Statements answered out of statements to answer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Progress {
    /// Answered with a score or "don't know" (a comment alone does not count).
    pub answered: usize,
    /// Statements to answer.
    pub total: usize,
}

impl Progress {
    /// Every statement is answered, and there is at least one.
    pub fn is_complete(self) -> bool {
        self.total > 0 && self.answered == self.total
    }

    fn add(self, other: Progress) -> Progress {
        Progress {
            answered: self.answered + other.answered,
            total: self.total + other.total,
        }
    }
}

/// A participant's progress with the whole-city statements.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ResponseProgress {
    /// Over every section answered for the whole city.
    pub overall: Progress,
    /// Per whole-city section id (sections answered at stops are counted on each stop).
    pub sections: BTreeMap<String, Progress>,
}

/// Item ids answered with a score or "don't know".
fn answered_items<'a>(
    answers: impl Iterator<Item = (&'a String, &'a Answer)>,
) -> BTreeSet<&'a str> {
    answers
        .filter(|(_, answer)| answer.value.is_answered())
        .map(|(item, _)| item.as_str())
        .collect()
}

fn section_progress(section: &Section, answered: &BTreeSet<&str>) -> Progress {
    Progress {
        answered: section
            .items
            .iter()
            .filter(|item| answered.contains(item.id.as_str()))
            .count(),
        total: section.items.len(),
    }
}

/// The sections answered for the whole city (`per_stop == false`) or at stops.
fn sections(audit: &AuditData, per_stop: bool) -> impl Iterator<Item = &Section> {
    audit
        .checklist()
        .into_iter()
        .flat_map(|c| &c.sections)
        .filter(move |s| s.per_stop == per_stop)
}

/// Progress of a response with the whole-city statements of its audit;
/// `None`: no response yet (nothing answered).
pub fn response_progress(audit: &AuditData, response: Option<&ResponseData>) -> ResponseProgress {
    let answered = response.map_or_else(BTreeSet::new, |r| answered_items(r.answers()));
    let sections: BTreeMap<String, Progress> = sections(audit, false)
        .map(|s| (s.id.clone(), section_progress(s, &answered)))
        .collect();
    let overall = sections
        .values()
        .fold(Progress::default(), |sum, p| sum.add(*p));
    ResponseProgress { overall, sections }
}

/// Progress with the per-stop statements at one recorded stop.
pub fn stop_progress(audit: &AuditData, response: &ResponseData, stop_id: &str) -> Progress {
    let answered = answered_items(response.stop_answers(stop_id));
    sections(audit, true).fold(Progress::default(), |sum, s| {
        sum.add(section_progress(s, &answered))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AnswerInput, AnswerValue, StopVisitInput};
    use crate::testdata::{join, new_audit, score};

    fn only(value: Option<AnswerValue>, comment: Option<&str>) -> AnswerInput {
        AnswerInput {
            value,
            comment: comment.map(str::to_owned),
        }
    }

    #[test]
    fn counts_scores_and_dont_know_but_not_a_comment_alone() {
        let (id, mut audit_doc) = new_audit("Walk", "Sofia", "2026-05-01");
        let mut doc = join(&id, &mut audit_doc, "p1", "Falcon", "ngos", None);
        let audit = audit_doc.read().expect("audit");
        let city: Vec<&Section> = sections(&audit, false).collect();
        let first = &city[0].items;
        doc.answer(&audit, &first[0].id, &score(4)).expect("answer");
        doc.answer(
            &audit,
            &first[1].id,
            &only(Some(AnswerValue::DontKnow), None),
        )
        .expect("answer");
        doc.answer(&audit, &first[2].id, &only(None, Some("only words")))
            .expect("answer");
        let progress = response_progress(&audit, Some(&doc.read().expect("read")));
        let total: usize = city.iter().map(|s| s.items.len()).sum();
        assert_eq!(progress.overall, Progress { answered: 2, total });
        assert_eq!(progress.sections[&city[0].id].answered, 2);
        assert_eq!(progress.sections[&city[1].id].answered, 0);
        assert!(!progress.overall.is_complete());
        assert_eq!(progress.sections.len(), city.len());
    }

    #[test]
    fn a_stop_counts_only_its_own_per_stop_answers() {
        let (id, mut audit_doc) = new_audit("Walk", "Sofia", "2026-05-01");
        let mut doc = join(&id, &mut audit_doc, "p1", "Falcon", "ngos", None);
        let audit = audit_doc.read().expect("audit");
        let visit = StopVisitInput {
            planned_stop: None,
            name_of_area: "Old market".into(),
            specific_location: "Main gate".into(),
            visited_at: 1_777_000_000_000,
            utc_offset_min: 120,
            location: None,
        };
        let stop_a = doc.visit_stop(&audit, &visit).expect("visit");
        let stop_b = doc.visit_stop(&audit, &visit).expect("visit");
        let per_stop: Vec<&Section> = sections(&audit, true).collect();
        let total: usize = per_stop.iter().map(|s| s.items.len()).sum();
        for item in &per_stop[0].items {
            doc.answer_at_stop(&audit, &stop_a, &item.id, &score(3))
                .expect("answer");
        }
        let response = doc.read().expect("read");
        let a = stop_progress(&audit, &response, &stop_a);
        assert_eq!(a.answered, per_stop[0].items.len());
        assert_eq!(a.total, total);
        assert!(a.answered > 0);
        assert_eq!(stop_progress(&audit, &response, &stop_b).answered, 0);
        assert_eq!(
            response_progress(&audit, Some(&response)).overall.answered,
            0
        );
        assert_eq!(
            response_progress(&audit, None).overall,
            Progress {
                answered: 0,
                total: response_progress(&audit, Some(&response)).overall.total
            }
        );
    }
}
