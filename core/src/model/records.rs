//! Facilitator records in the audit document (schema version 2): consensus
//! per statement, ideas and recommendations per area, wrap-up findings of
//! the photovoice, photos marked for the report, the texts of Part I of the
//! report, and the earlier audit chosen for the comparison.
//!
//! Every record that two facilitators may edit at once exists under its own
//! key, created with the audit, and every longer text is an Automerge text
//! edited by splicing, so concurrent edits merge character by character
//! instead of replacing each other.

use automerge::{transaction::Transactable, ObjId, ObjType, ReadDoc, Value, ROOT};
use autosurgeon::{hydrate_prop, reconcile_prop, Hydrate, Reconcile, Text};
use serde::Serialize;
use std::collections::BTreeMap;

use super::audit::{AuditData, AuditDocument};
use super::response::readable;
use super::tolerant::{Checked, Fields, Lenient};
use super::{check_text, limits, now_ms, AnswerValue, ModelError, Score};

/// The agreed score of a statement after the consensus discussion.
#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct ConsensusEntry {
    /// Agreed score; `Unanswered` while not agreed.
    pub score: AnswerValue,
    /// Note on the discussion.
    pub note: Text,
    /// Last change (ms since epoch); 0 when never set.
    pub updated_at: i64,
}

impl Fields for ConsensusEntry {
    const FIELDS: &'static [&'static str] = &["score", "note", "updated_at"];
}

/// Ideas for improvement and recommendations for one area.
#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct AreaEntry {
    /// Ideas for improvement.
    pub ideas: Text,
    /// Recommendations.
    pub recommendations: Text,
}

impl Fields for AreaEntry {
    const FIELDS: &'static [&'static str] = &["ideas", "recommendations"];
}

/// The `facilitator` map of the audit document as read.
#[derive(Debug, Clone, PartialEq, Default, Hydrate)]
pub struct FacilitatorData {
    /// Consensus by statement id.
    pub consensus: Lenient<BTreeMap<String, Checked<ConsensusEntry>>>,
    /// Ideas and recommendations by section id.
    pub areas: Lenient<BTreeMap<String, Checked<AreaEntry>>>,
    /// Wrap-up findings by wrap-up question id.
    pub wrap_up: Lenient<BTreeMap<String, Lenient<Text>>>,
    /// Photos marked for the report: hash -> marked.
    pub marked_photos: Lenient<BTreeMap<String, Lenient<bool>>>,
    /// Part I: the city's context (desk research placeholder text).
    pub city_context: Lenient<Text>,
    /// Part II: desk research findings.
    pub desk_research: Lenient<Text>,
    /// Part II: focus group findings.
    pub focus_groups: Lenient<Text>,
    /// The earlier audit chosen for the comparison.
    pub compare_with: Lenient<Option<String>>,
    /// Desk research and focus group records.
    pub methods: Lenient<super::methods::MethodsData>,
    /// Participants' comments show their display names (else anonymised).
    pub show_names: Lenient<bool>,
    /// Comments quoted in the report: comment key -> quoted.
    pub quoted_comments: Lenient<BTreeMap<String, Lenient<bool>>>,
    /// Photos received outside the app, by blob hash.
    pub received_photos: Lenient<BTreeMap<String, Checked<super::received::ReceivedPhoto>>>,
    /// The offline base map package, when one is attached.
    pub base_map: Lenient<Option<Checked<super::basemap::BaseMapRef>>>,
}

/// The free texts of the report a facilitator writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum ReportText {
    /// Part I: city/municipal context.
    CityContext,
    /// Part II: desk research.
    DeskResearch,
    /// Part II: focus groups.
    FocusGroups,
}

impl ReportText {
    fn key(self) -> &'static str {
        match self {
            ReportText::CityContext => "city_context",
            ReportText::DeskResearch => "desk_research",
            ReportText::FocusGroups => "focus_groups",
        }
    }
}

/// An agreed score, as the app shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ConsensusRecord {
    /// Statement id.
    pub item: String,
    /// Agreed score 1-5; `None`: not agreed yet.
    pub score: Option<u8>,
    /// Note.
    pub note: String,
    /// Last change (ms since epoch).
    pub updated_at: i64,
}

/// Ideas and recommendations of one area, as the app shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AreaIdeas {
    /// Section id.
    pub section: String,
    /// Ideas for improvement.
    pub ideas: String,
    /// Recommendations.
    pub recommendations: String,
}

/// All facilitator records, as the app and the report use them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FacilitatorRecords {
    /// By statement id; only statements with a score or a note.
    pub consensus: BTreeMap<String, ConsensusRecord>,
    /// By section id.
    pub area_ideas: BTreeMap<String, AreaIdeas>,
    /// By wrap-up question id.
    pub wrap_up: BTreeMap<String, String>,
    /// Hashes of the photos marked for the report, sorted.
    pub marked_photos: Vec<String>,
    /// Part I text.
    pub city_context: String,
    /// Desk research text.
    pub desk_research: String,
    /// Focus groups text.
    pub focus_groups: String,
    /// The earlier audit chosen for the comparison.
    pub compare_with: Option<String>,
    /// Participants' comments show their display names (default: anonymised).
    pub show_names: bool,
    /// Keys of the comments quoted in the report, sorted.
    pub quoted_comments: Vec<String>,
}

fn text(value: &Lenient<Text>) -> String {
    value
        .value()
        .map(|t| t.as_str().to_owned())
        .unwrap_or_default()
}

impl AuditData {
    /// The facilitator records, tolerantly read (empty in schema 1 documents).
    pub fn records(&self) -> FacilitatorRecords {
        let Some(data) = self.facilitator.value() else {
            return FacilitatorRecords::default();
        };
        let consensus = readable(&data.consensus)
            .filter(|(_, e)| e.score.score().is_some() || !e.note.as_str().is_empty())
            .map(|(item, e)| {
                let record = ConsensusRecord {
                    item: item.clone(),
                    score: e.score.score().map(Score::get),
                    note: e.note.as_str().to_owned(),
                    updated_at: e.updated_at,
                };
                (item.clone(), record)
            })
            .collect();
        let area_ideas = readable(&data.areas)
            .map(|(section, e)| {
                let ideas = AreaIdeas {
                    section: section.clone(),
                    ideas: e.ideas.as_str().to_owned(),
                    recommendations: e.recommendations.as_str().to_owned(),
                };
                (section.clone(), ideas)
            })
            .collect();
        let entries = |m: &Lenient<BTreeMap<String, Lenient<Text>>>| -> BTreeMap<String, String> {
            m.value()
                .into_iter()
                .flatten()
                .map(|(k, v)| (k.clone(), text(v)))
                .collect()
        };
        FacilitatorRecords {
            consensus,
            area_ideas,
            wrap_up: entries(&data.wrap_up),
            marked_photos: data
                .marked_photos
                .value()
                .into_iter()
                .flatten()
                .filter(|(_, marked)| marked.value() == Some(&true))
                .map(|(hash, _)| hash.clone())
                .collect(),
            city_context: text(&data.city_context),
            desk_research: text(&data.desk_research),
            focus_groups: text(&data.focus_groups),
            compare_with: data.compare_with.value().cloned().flatten(),
            show_names: data.show_names.value().copied().unwrap_or(false),
            quoted_comments: data
                .quoted_comments
                .value()
                .into_iter()
                .flatten()
                .filter(|(_, quoted)| quoted.value() == Some(&true))
                .map(|(key, _)| key.clone())
                .collect(),
        }
    }
}

impl AuditDocument {
    /// Creates every facilitator record up front (idempotent), so that
    /// facilitators editing at once edit the same objects. Called when the
    /// audit is created, and before any facilitator edit of an older document.
    pub fn prepare_records(&mut self) -> Result<(), ModelError> {
        let data = self.read()?;
        let facilitator = self.ensure(&ROOT, "facilitator", ObjType::Map)?;
        let consensus = self.ensure(&facilitator, "consensus", ObjType::Map)?;
        let areas = self.ensure(&facilitator, "areas", ObjType::Map)?;
        let wrap_up = self.ensure(&facilitator, "wrap_up", ObjType::Map)?;
        self.ensure(&facilitator, "marked_photos", ObjType::Map)?;
        self.ensure(&facilitator, "quoted_comments", ObjType::Map)?;
        self.ensure(&facilitator, "received_photos", ObjType::Map)?;
        let methods = self.prepare_methods(&facilitator)?;
        if let Some(benchmark) = data.benchmark() {
            self.prepare_benchmark(&methods, benchmark)?;
        }
        for key in ["city_context", "desk_research", "focus_groups"] {
            self.ensure(&facilitator, key, ObjType::Text)?;
        }
        let sections: Vec<_> = data
            .checklist()
            .into_iter()
            .flat_map(|c| &c.sections)
            .collect();
        for section in &sections {
            if self.obj(&areas, &section.id, ObjType::Map).is_none() {
                let blank = AreaEntry {
                    ideas: Text::with_value(""),
                    recommendations: Text::with_value(""),
                };
                reconcile_prop(self.automerge(), &areas, section.id.as_str(), &blank)?;
            }
            for item in &section.items {
                if self.obj(&consensus, &item.id, ObjType::Map).is_none() {
                    let blank = ConsensusEntry {
                        score: AnswerValue::Unanswered,
                        note: Text::with_value(""),
                        updated_at: 0,
                    };
                    reconcile_prop(self.automerge(), &consensus, item.id.as_str(), &blank)?;
                }
            }
        }
        for question in data.photovoice().into_iter().flat_map(|p| &p.wrap_up) {
            self.ensure(&wrap_up, &question.id, ObjType::Text)?;
        }
        self.automerge().commit();
        Ok(())
    }

    /// Records the agreed score (or `None`: not agreed) and a note for a statement.
    pub fn set_consensus(
        &mut self,
        item: &str,
        score: Option<u8>,
        note: &str,
    ) -> Result<ConsensusRecord, ModelError> {
        let data = self.read()?;
        data.item(item)
            .ok_or_else(|| ModelError::UnknownItem(item.to_owned()))?;
        let score = match score {
            Some(s) => AnswerValue::Score(Score::new(s)?),
            None => AnswerValue::Unanswered,
        };
        check_text("note", note, limits::LONG_TEXT, false)?;
        self.prepare_records()?;
        let consensus = self.path(&["facilitator", "consensus"])?;
        let mut entry: ConsensusEntry = hydrate_prop(self.automerge(), &consensus, item)
            .map_err(|_| ModelError::WrongDocument("audit"))?;
        entry.score = score;
        entry.note.update(note);
        entry.updated_at = now_ms();
        reconcile_prop(self.automerge(), &consensus, item, &entry)?;
        self.automerge().commit();
        Ok(ConsensusRecord {
            item: item.to_owned(),
            score: entry.score.score().map(Score::get),
            note: note.to_owned(),
            updated_at: entry.updated_at,
        })
    }

    /// Sets the ideas for improvement and the recommendations of an area.
    pub fn set_area_ideas(
        &mut self,
        section: &str,
        ideas: &str,
        recommendations: &str,
    ) -> Result<AreaIdeas, ModelError> {
        let data = self.read()?;
        let known = data
            .checklist()
            .is_some_and(|c| c.sections.iter().any(|s| s.id == section));
        if !known {
            return Err(ModelError::UnknownItem(section.to_owned()));
        }
        check_text("ideas", ideas, limits::LONG_TEXT, false)?;
        check_text("recommendations", recommendations, limits::LONG_TEXT, false)?;
        self.prepare_records()?;
        let areas = self.path(&["facilitator", "areas"])?;
        let mut entry: AreaEntry = hydrate_prop(self.automerge(), &areas, section)
            .map_err(|_| ModelError::WrongDocument("audit"))?;
        entry.ideas.update(ideas);
        entry.recommendations.update(recommendations);
        reconcile_prop(self.automerge(), &areas, section, &entry)?;
        self.automerge().commit();
        Ok(AreaIdeas {
            section: section.to_owned(),
            ideas: ideas.to_owned(),
            recommendations: recommendations.to_owned(),
        })
    }

    /// Sets the finding for a wrap-up question of the photovoice.
    pub fn set_wrap_up(&mut self, question: &str, value: &str) -> Result<(), ModelError> {
        let known = self
            .read()?
            .photovoice()
            .ok_or(ModelError::NotInAudit("photovoice"))?
            .wrap_up
            .iter()
            .any(|q| q.id == question);
        if !known {
            return Err(ModelError::UnknownItem(question.to_owned()));
        }
        check_text("finding", value, limits::LONG_TEXT, false)?;
        self.prepare_records()?;
        let wrap_up = self.path(&["facilitator", "wrap_up"])?;
        self.splice_text(&wrap_up, question, value)
    }

    /// Sets one of the report's free texts (Part I context, desk research, focus groups).
    pub fn set_report_text(&mut self, which: ReportText, value: &str) -> Result<(), ModelError> {
        check_text("text", value, limits::LONG_TEXT * 5, false)?;
        self.prepare_records()?;
        let facilitator = self.path(&["facilitator"])?;
        self.splice_text(&facilitator, which.key(), value)
    }

    /// Marks (or unmarks) a photo for the report.
    pub fn mark_photo(&mut self, hash: &str, marked: bool) -> Result<(), ModelError> {
        crate::ids::BlobHash::parse(hash).map_err(|_| ModelError::UnknownPhoto(hash.to_owned()))?;
        self.prepare_records()?;
        let photos = self.path(&["facilitator", "marked_photos"])?;
        self.automerge().put(&photos, hash, marked)?;
        self.automerge().commit();
        Ok(())
    }

    /// Shows participants' display names with their comments (or anonymises them).
    pub fn set_show_names(&mut self, show: bool) -> Result<(), ModelError> {
        self.prepare_records()?;
        let facilitator = self.path(&["facilitator"])?;
        self.automerge().put(&facilitator, "show_names", show)?;
        self.automerge().commit();
        Ok(())
    }

    /// Quotes (or stops quoting) a participant's comment in the report.
    pub fn quote_comment(&mut self, key: &str, quoted: bool) -> Result<(), ModelError> {
        check_text("comment key", key, limits::SHORT_TEXT, true)?;
        if key.split('/').count() != 3 {
            return Err(ModelError::InvalidValue {
                field: "comment key".into(),
                reason: "expected <participant>/<stop or city>/<statement>".into(),
            });
        }
        self.prepare_records()?;
        let quotes = self.path(&["facilitator", "quoted_comments"])?;
        self.automerge().put(&quotes, key, quoted)?;
        self.automerge().commit();
        Ok(())
    }

    /// Chooses the earlier audit for the comparison (`None`: no comparison).
    pub fn set_compare_with(&mut self, audit_id: Option<&str>) -> Result<(), ModelError> {
        if let Some(id) = audit_id {
            crate::ids::DocumentId::parse(id)
                .map_err(|_| ModelError::NotAnAuditId(id.to_owned()))?;
        }
        self.prepare_records()?;
        let facilitator = self.path(&["facilitator"])?;
        reconcile_prop(self.automerge(), &facilitator, "compare_with", audit_id)?;
        self.automerge().commit();
        Ok(())
    }

    pub(super) fn splice_text(
        &mut self,
        parent: &ObjId,
        key: &str,
        value: &str,
    ) -> Result<(), ModelError> {
        let mut current: Text =
            hydrate_prop(self.automerge(), parent, key).unwrap_or_else(|_| Text::with_value(""));
        current.update(value);
        reconcile_prop(self.automerge(), parent, key, &current)?;
        self.automerge().commit();
        Ok(())
    }

    pub(super) fn obj(&mut self, parent: &ObjId, key: &str, kind: ObjType) -> Option<ObjId> {
        match self.automerge().get(parent, key) {
            Ok(Some((Value::Object(found), id))) if found == kind => Some(id),
            _ => None,
        }
    }

    pub(super) fn ensure(
        &mut self,
        parent: &ObjId,
        key: &str,
        kind: ObjType,
    ) -> Result<ObjId, ModelError> {
        match self.obj(parent, key, kind) {
            Some(id) => Ok(id),
            None => Ok(self.automerge().put_object(parent, key, kind)?),
        }
    }

    pub(super) fn path(&mut self, keys: &[&str]) -> Result<ObjId, ModelError> {
        let mut obj = ROOT;
        for key in keys {
            obj = self
                .obj(&obj, key, ObjType::Map)
                .ok_or(ModelError::WrongDocument("audit"))?;
        }
        Ok(obj)
    }
}
