//! Reading the records tolerantly: a value of the wrong type or form is
//! skipped (and the rest of the record kept), never trusted.

use autosurgeon::{Hydrate, Text};
use serde::Serialize;
use std::collections::BTreeMap;

use crate::model::tolerant::Lenient;
use crate::model::{AuditData, Location};

/// A map of records, each read tolerantly.
pub(super) type LenientMap<T> = Lenient<BTreeMap<String, Lenient<T>>>;

#[derive(Debug, Clone, PartialEq, Hydrate)]
struct AssessmentEntry {
    answer: Lenient<String>,
    evidence: Lenient<Text>,
}

#[derive(Debug, Clone, PartialEq, Hydrate)]
struct DocumentEntry {
    title: Lenient<String>,
    doc_type: Lenient<String>,
    issuing_body: Lenient<String>,
    period_from: Lenient<String>,
    period_to: Lenient<String>,
    reference: Lenient<String>,
    tcn_specific: Lenient<String>,
    sectors: LenientMap<bool>,
    review_method: Lenient<String>,
    assessment: LenientMap<AssessmentEntry>,
    created_at: Lenient<i64>,
}

#[derive(Debug, Clone, PartialEq, Hydrate)]
struct InstitutionEntry {
    name: Lenient<String>,
    kind: Lenient<String>,
    mandate: Lenient<Text>,
    tcn_mandate: Lenient<String>,
    works_with_community: Lenient<String>,
    capacity: Lenient<Text>,
    needs_improvement: Lenient<Text>,
    created_at: Lenient<i64>,
}

#[derive(Debug, Clone, PartialEq, Hydrate)]
struct ThemeEntry {
    notes: Lenient<Text>,
    big_ideas: Lenient<Text>,
    enough_information: Lenient<String>,
    lacking: LenientMap<bool>,
    lacking_reasons: Lenient<Text>,
    results: Lenient<Text>,
    recommendations: Lenient<Text>,
}

#[derive(Debug, Clone, PartialEq, Hydrate)]
struct HotSpotEntry {
    name: Lenient<String>,
    position: Lenient<Option<Location>>,
    created_at: Lenient<i64>,
}

#[derive(Debug, Clone, PartialEq, Hydrate)]
struct FocusGroupEntry {
    date: Lenient<String>,
    city: Lenient<String>,
    location: Lenient<String>,
    moderator: Lenient<String>,
    rapporteur: Lenient<String>,
    audio_consent: Lenient<String>,
    duration_minutes: Lenient<i64>,
    participants: LenientMap<i64>,
    genders: LenientMap<i64>,
    themes: LenientMap<ThemeEntry>,
    inclusion: LenientMap<i64>,
    answers: LenientMap<Text>,
    hot_spots: LenientMap<HotSpotEntry>,
    created_at: Lenient<i64>,
}

/// The `facilitator.methods` map of the audit document as read.
#[derive(Debug, Clone, PartialEq, Hydrate)]
pub struct MethodsData {
    desk_documents: LenientMap<DocumentEntry>,
    desk_institutions: LenientMap<InstitutionEntry>,
    desk_summary: LenientMap<Text>,
    focus_group_sessions: LenientMap<FocusGroupEntry>,
    benchmark: Lenient<super::benchmark::BenchmarkData>,
}

impl MethodsData {
    /// The benchmark self-assessment's map, if there is one and it is readable.
    pub(super) fn benchmark(&self) -> Option<&super::benchmark::BenchmarkData> {
        self.benchmark.value()
    }
}

/// An assessment question's answer and evidence.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Assessment {
    /// `yes`, `partly`, `no`, `unknown`, or empty when not answered.
    pub answer: String,
    /// Evidence.
    pub evidence: String,
}

/// Desk research Step 1: one policy or strategic document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PolicyDocument {
    /// Record id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Type id (strategy, programme...), empty when not chosen.
    pub doc_type: String,
    /// Issuing body.
    pub issuing_body: String,
    /// Period start (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub period_from: String,
    /// Period end.
    pub period_to: String,
    /// Link or file reference.
    pub reference: String,
    /// Whether it addresses TCN integration specifically: `yes`, `no` or empty.
    pub tcn_specific: String,
    /// Sector ids covered, in template order of the ids stored.
    pub sectors: Vec<String>,
    /// Review method id.
    pub review_method: String,
    /// Assessment by question id.
    pub assessment: BTreeMap<String, Assessment>,
    /// When it was added (ms since epoch).
    pub created_at: i64,
}

/// Desk research Step 2: one institution.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Institution {
    /// Record id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Kind (municipal integration centre, department, police...).
    pub kind: String,
    /// Mandate.
    pub mandate: String,
    /// A TCN-specific mandate: `yes`, `partly`, `no`, `unknown` or empty.
    pub tcn_mandate: String,
    /// Works with community leaders/NGOs: `yes`, `partly`, `no`, `unknown` or empty.
    pub works_with_community: String,
    /// Capacity, skills and resources.
    pub capacity: String,
    /// What needs improvement.
    pub needs_improvement: String,
    /// When it was added.
    pub created_at: i64,
}

/// The desk research summary.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DeskSummary {
    /// Strengths.
    pub strengths: String,
    /// Weaknesses.
    pub weaknesses: String,
    /// Recommendations.
    pub recommendations: String,
}

/// One theme of a focus group.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FocusTheme {
    /// Notes.
    pub notes: String,
    /// The "big ideas" discussed.
    pub big_ideas: String,
    /// Whether participants had enough information: `yes`, `no` or empty.
    pub enough_information: String,
    /// What was lacking (ids).
    pub lacking: Vec<String>,
    /// Why.
    pub lacking_reasons: String,
    /// Results.
    pub results: String,
    /// Recommendations.
    pub recommendations: String,
}

/// A "hot spot" named in the discussion.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct HotSpot {
    /// Record id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Position, if placed.
    pub position: Option<Location>,
}

/// One focus group session.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FocusGroup {
    /// Record id.
    pub id: String,
    /// Date `YYYY-MM-DD`.
    pub date: String,
    /// City.
    pub city: String,
    /// Location.
    pub location: String,
    /// Moderator.
    pub moderator: String,
    /// Rapporteur.
    pub rapporteur: String,
    /// Consent to audio recording: `yes`, `no` or empty.
    pub audio_consent: String,
    /// Duration in minutes.
    pub duration_minutes: Option<i64>,
    /// People by participant group id.
    pub participants: BTreeMap<String, i64>,
    /// People by gender id.
    pub genders: BTreeMap<String, i64>,
    /// By theme id.
    pub themes: BTreeMap<String, FocusTheme>,
    /// Social-inclusion assessment: people by level id.
    pub inclusion: BTreeMap<String, i64>,
    /// Answers to the report questions by id.
    pub answers: BTreeMap<String, String>,
    /// Hot spots, in the order added.
    pub hot_spots: Vec<HotSpot>,
    /// When it was added.
    pub created_at: i64,
}

/// Every desk research and focus group record of an audit.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct MethodRecords {
    /// Policy documents, in the order added.
    pub documents: Vec<PolicyDocument>,
    /// Institutions, in the order added.
    pub institutions: Vec<Institution>,
    /// The desk research summary.
    pub desk_summary: DeskSummary,
    /// Focus groups, by date then the order added.
    pub focus_groups: Vec<FocusGroup>,
}

fn string(value: &Lenient<String>) -> String {
    value.value().cloned().unwrap_or_default()
}

/// A text as read, empty when missing or of the wrong type.
pub(super) fn text(value: &Lenient<Text>) -> String {
    value
        .value()
        .map(|t| t.as_str().to_owned())
        .unwrap_or_default()
}

fn entries<T>(map: &LenientMap<T>) -> impl Iterator<Item = (&String, &T)> {
    map.value()
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| v.value().map(|v| (k, v)))
}

fn ticked(map: &LenientMap<bool>) -> Vec<String> {
    entries(map)
        .filter(|(_, on)| **on)
        .map(|(k, _)| k.clone())
        .collect()
}

fn counts(map: &LenientMap<i64>) -> BTreeMap<String, i64> {
    entries(map)
        .filter(|(_, n)| **n >= 0)
        .map(|(k, n)| (k.clone(), *n))
        .collect()
}

fn sorted<T>(mut records: Vec<(i64, String, T)>) -> Vec<T> {
    records.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    records.into_iter().map(|(_, _, r)| r).collect()
}

fn document(id: &str, e: &DocumentEntry) -> PolicyDocument {
    PolicyDocument {
        id: id.to_owned(),
        title: string(&e.title),
        doc_type: string(&e.doc_type),
        issuing_body: string(&e.issuing_body),
        period_from: string(&e.period_from),
        period_to: string(&e.period_to),
        reference: string(&e.reference),
        tcn_specific: string(&e.tcn_specific),
        sectors: ticked(&e.sectors),
        review_method: string(&e.review_method),
        assessment: entries(&e.assessment)
            .map(|(q, a)| {
                let assessment = Assessment {
                    answer: string(&a.answer),
                    evidence: text(&a.evidence),
                };
                (q.clone(), assessment)
            })
            .collect(),
        created_at: e.created_at.value().copied().unwrap_or(0),
    }
}

fn institution(id: &str, e: &InstitutionEntry) -> Institution {
    Institution {
        id: id.to_owned(),
        name: string(&e.name),
        kind: string(&e.kind),
        mandate: text(&e.mandate),
        tcn_mandate: string(&e.tcn_mandate),
        works_with_community: string(&e.works_with_community),
        capacity: text(&e.capacity),
        needs_improvement: text(&e.needs_improvement),
        created_at: e.created_at.value().copied().unwrap_or(0),
    }
}

fn theme(e: &ThemeEntry) -> FocusTheme {
    FocusTheme {
        notes: text(&e.notes),
        big_ideas: text(&e.big_ideas),
        enough_information: string(&e.enough_information),
        lacking: ticked(&e.lacking),
        lacking_reasons: text(&e.lacking_reasons),
        results: text(&e.results),
        recommendations: text(&e.recommendations),
    }
}

fn focus_group(id: &str, e: &FocusGroupEntry) -> FocusGroup {
    let hot_spots = entries(&e.hot_spots)
        .map(|(id, h)| {
            let spot = HotSpot {
                id: id.clone(),
                name: string(&h.name),
                position: h.position.value().cloned().flatten(),
            };
            (h.created_at.value().copied().unwrap_or(0), id.clone(), spot)
        })
        .collect();
    FocusGroup {
        id: id.to_owned(),
        date: string(&e.date),
        city: string(&e.city),
        location: string(&e.location),
        moderator: string(&e.moderator),
        rapporteur: string(&e.rapporteur),
        audio_consent: string(&e.audio_consent),
        duration_minutes: e.duration_minutes.value().copied().filter(|m| *m >= 0),
        participants: counts(&e.participants),
        genders: counts(&e.genders),
        themes: entries(&e.themes)
            .map(|(k, t)| (k.clone(), theme(t)))
            .collect(),
        inclusion: counts(&e.inclusion),
        answers: entries(&e.answers)
            .map(|(k, t)| (k.clone(), t.as_str().to_owned()))
            .collect(),
        hot_spots: sorted(hot_spots),
        created_at: e.created_at.value().copied().unwrap_or(0),
    }
}

impl AuditData {
    /// The desk research and focus group records (empty when none).
    pub fn method_records(&self) -> MethodRecords {
        self.facilitator
            .value()
            .and_then(|f| f.methods.value())
            .map(read_methods)
            .unwrap_or_default()
    }
}

fn read_methods(data: &MethodsData) -> MethodRecords {
    let documents = entries(&data.desk_documents)
        .map(|(id, e)| {
            let at = e.created_at.value().copied().unwrap_or(0);
            (at, id.clone(), document(id, e))
        })
        .collect();
    let institutions = entries(&data.desk_institutions)
        .map(|(id, e)| {
            let at = e.created_at.value().copied().unwrap_or(0);
            (at, id.clone(), institution(id, e))
        })
        .collect();
    let summary: BTreeMap<&String, String> = entries(&data.desk_summary)
        .map(|(k, t)| (k, t.as_str().to_owned()))
        .collect();
    let field = |name: &str| {
        summary
            .iter()
            .find(|(k, _)| k.as_str() == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let mut focus_groups: Vec<FocusGroup> = entries(&data.focus_group_sessions)
        .map(|(id, e)| focus_group(id, e))
        .collect();
    focus_groups.sort_by(|a, b| {
        (a.date.is_empty(), &a.date, a.created_at, &a.id).cmp(&(
            b.date.is_empty(),
            &b.date,
            b.created_at,
            &b.id,
        ))
    });
    MethodRecords {
        documents: sorted(documents),
        institutions: sorted(institutions),
        desk_summary: DeskSummary {
            strengths: field("strengths"),
            weaknesses: field("weaknesses"),
            recommendations: field("recommendations"),
        },
        focus_groups,
    }
}
