//! Live progress per participant and the balance of the roster.

use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

use super::answered::response_progress;
use crate::model::{gender_bucket, AuditData, Problem, ResponseData};

/// One participant of the roster and how far they have come.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ParticipantProgress {
    /// Participant id.
    pub participant_id: String,
    /// Display name (a pseudonym).
    pub pseudonym: String,
    /// Participant group id.
    pub group: String,
    /// Gender as typed; `None` when not given.
    pub gender: Option<String>,
    /// When the server last received from this participant; `None`: never.
    pub last_sync_at: Option<i64>,
    /// Whole-city statements answered (a score or "don't know").
    pub items_answered: usize,
    /// Whole-city statements of the checklist.
    pub items_total: usize,
    /// Stop visits recorded.
    pub stops_visited: usize,
    /// Photo records.
    pub photos_captured: usize,
    /// Photos whose full-size copy has reached the server.
    pub photos_uploaded: usize,
    /// Values of this participant's response that could not be read and
    /// are left out of every result (schema.md §7): a score of the wrong
    /// type, a stop visit missing a field, … Empty when all is readable.
    pub unreadable: Vec<Problem>,
}

/// Sums over all participants.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ProgressTotals {
    /// Participants on the roster.
    pub participants: usize,
    /// Sum of answered whole-city statements.
    pub items_answered: usize,
    /// Sum of whole-city statements to answer.
    pub items_total: usize,
    /// Sum of stop visits.
    pub stops_visited: usize,
    /// Sum of photo records.
    pub photos_captured: usize,
    /// Sum of uploaded photos.
    pub photos_uploaded: usize,
}

/// How many participants share a value (a gender as typed, or a group id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct BalanceCount {
    /// The value; `None`: not given.
    pub value: Option<String>,
    /// How many participants.
    pub count: usize,
}

/// The roster's balance by gender and by group (the toolkit asks for balance).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RosterBalance {
    /// By gender as typed (trimmed, case-folded), most frequent first.
    pub by_gender: Vec<BalanceCount>,
    /// By group id, most frequent first.
    pub by_group: Vec<BalanceCount>,
}

/// Progress of every participant, totals and balance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ProgressView {
    /// Per participant, by pseudonym.
    pub participants: Vec<ParticipantProgress>,
    /// Sums.
    pub totals: ProgressTotals,
    /// Balance of the roster.
    pub balance: RosterBalance,
}

/// Progress of the audit's participants: the roster's participants (and any
/// response whose author is not on the roster), with what their response
/// documents hold. `last_sync` maps participant ids to the server's last
/// receipt; `uploaded` holds the hashes of blobs the server has in full.
pub fn progress(
    audit: &AuditData,
    responses: &[ResponseData],
    last_sync: &BTreeMap<String, i64>,
    uploaded: &BTreeSet<String>,
) -> ProgressView {
    let by_id: BTreeMap<&str, &ResponseData> = responses
        .iter()
        .filter_map(|r| r.participant().map(|p| (p.id.as_str(), r)))
        .collect();
    let mut people: BTreeMap<String, (String, String, Option<String>)> = audit
        .roster()
        .filter(|(_, e)| e.role == "participant")
        .map(|(id, e)| {
            (
                id.clone(),
                (e.display_name.clone(), e.group.clone(), e.gender.clone()),
            )
        })
        .collect();
    for p in responses.iter().filter_map(ResponseData::participant) {
        people
            .entry(p.id.clone())
            .or_insert_with(|| (p.display_name.clone(), p.group.clone(), p.gender.clone()));
    }
    let mut participants: Vec<ParticipantProgress> = people
        .into_iter()
        .map(|(id, (pseudonym, group, gender))| {
            let response = by_id.get(id.as_str());
            let count = |f: &dyn Fn(&ResponseData) -> usize| response.map_or(0, |r| f(r));
            let whole_city = response_progress(audit, response.copied());
            ParticipantProgress {
                last_sync_at: last_sync.get(&id).copied(),
                items_answered: whole_city.overall.answered,
                items_total: whole_city.overall.total,
                stops_visited: count(&|r| r.stops().count()),
                photos_captured: count(&|r| r.photos().count()),
                photos_uploaded: count(&|r| {
                    r.photos().filter(|(h, _)| uploaded.contains(*h)).count()
                }),
                unreadable: response.map_or_else(Vec::new, |r| r.problems(audit)),
                participant_id: id,
                pseudonym,
                group,
                gender,
            }
        })
        .collect();
    participants.sort_by(|a, b| {
        (a.pseudonym.to_lowercase(), &a.participant_id)
            .cmp(&(b.pseudonym.to_lowercase(), &b.participant_id))
    });
    let totals = participants
        .iter()
        .fold(ProgressTotals::default(), |mut t, p| {
            t.participants += 1;
            t.items_answered += p.items_answered;
            t.items_total += p.items_total;
            t.stops_visited += p.stops_visited;
            t.photos_captured += p.photos_captured;
            t.photos_uploaded += p.photos_uploaded;
            t
        });
    let balance = RosterBalance {
        by_gender: tally(
            participants
                .iter()
                .map(|p| gender_bucket(p.gender.as_deref()).map(str::to_owned)),
        ),
        by_group: tally(participants.iter().map(|p| Some(p.group.clone()))),
    };
    ProgressView {
        participants,
        totals,
        balance,
    }
}

/// Counts values, most frequent first, ties by value (not given last).
fn tally(values: impl Iterator<Item = Option<String>>) -> Vec<BalanceCount> {
    let mut counts: BTreeMap<Option<String>, usize> = BTreeMap::new();
    for v in values {
        *counts.entry(v).or_default() += 1;
    }
    let mut out: Vec<BalanceCount> = counts
        .into_iter()
        .map(|(value, count)| BalanceCount { value, count })
        .collect();
    out.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.value.is_none().cmp(&b.value.is_none()))
            .then_with(|| a.value.cmp(&b.value))
    });
    out
}
