//! Adding, editing and removing records. Each edit writes one field.

use automerge::{transaction::Transactable, ObjId, ObjType, ReadDoc, ScalarValue};
use autosurgeon::reconcile_prop;
use serde_json::Value;

use super::fields::{self, Checked, Kind};
use super::{MethodRecord, DESK_SUMMARY_FIELDS};
use crate::ids::random_record_id;
use crate::model::{now_ms, AuditDocument, ModelError};
use crate::templates::MethodsTemplate;

/// The longer texts of each focus group theme.
const THEME_TEXTS: [&str; 5] = [
    "notes",
    "big_ideas",
    "lacking_reasons",
    "results",
    "recommendations",
];
/// The longer texts of an institution.
const INSTITUTION_TEXTS: [&str; 3] = ["mandate", "capacity", "needs_improvement"];

impl AuditDocument {
    /// Creates the `methods` map and its record maps and summary texts
    /// (idempotent). Part of preparing the facilitator records when an audit
    /// is created, so facilitators adding records at once add them to the
    /// same maps.
    pub(in crate::model) fn prepare_methods(
        &mut self,
        facilitator: &ObjId,
    ) -> Result<ObjId, ModelError> {
        let methods = self.ensure(facilitator, "methods", ObjType::Map)?;
        for key in [
            "desk_documents",
            "desk_institutions",
            "focus_group_sessions",
        ] {
            self.ensure(&methods, key, ObjType::Map)?;
        }
        let summary = self.ensure(&methods, "desk_summary", ObjType::Map)?;
        for key in DESK_SUMMARY_FIELDS {
            self.ensure(&summary, key, ObjType::Text)?;
        }
        Ok(methods)
    }

    pub(super) fn methods_obj(&mut self) -> Result<ObjId, ModelError> {
        self.prepare_records()?;
        let facilitator = self.path(&["facilitator"])?;
        self.prepare_methods(&facilitator)
    }

    fn record_obj(&mut self, record: MethodRecord, id: &str) -> Result<ObjId, ModelError> {
        let methods = self.methods_obj()?;
        let records = self.ensure(&methods, record.key(), ObjType::Map)?;
        self.obj(&records, id, ObjType::Map)
            .ok_or_else(|| ModelError::UnknownRecord {
                record: record.noun(),
                id: id.chars().take(40).collect(),
            })
    }

    /// Adds a blank record (with every nested map and text it will need) and returns its id.
    pub fn add_method_record(
        &mut self,
        record: MethodRecord,
        template: &MethodsTemplate,
    ) -> Result<String, ModelError> {
        let methods = self.methods_obj()?;
        let records = self.ensure(&methods, record.key(), ObjType::Map)?;
        let id = random_record_id();
        let obj = self
            .automerge()
            .put_object(&records, id.as_str(), ObjType::Map)?;
        self.automerge().put(&obj, "created_at", now_ms())?;
        match record {
            MethodRecord::Document => {
                self.ensure(&obj, "sectors", ObjType::Map)?;
                let assessment = self.ensure(&obj, "assessment", ObjType::Map)?;
                for question in &template.desk.assessment_questions {
                    let q = self.ensure(&assessment, &question.id, ObjType::Map)?;
                    self.ensure(&q, "evidence", ObjType::Text)?;
                }
            }
            MethodRecord::Institution => {
                for key in INSTITUTION_TEXTS {
                    self.ensure(&obj, key, ObjType::Text)?;
                }
            }
            MethodRecord::FocusGroup => {
                for key in ["participants", "genders", "inclusion", "hot_spots"] {
                    self.ensure(&obj, key, ObjType::Map)?;
                }
                let answers = self.ensure(&obj, "answers", ObjType::Map)?;
                for question in &template.focus.report_questions {
                    self.ensure(&answers, &question.id, ObjType::Text)?;
                }
                let themes = self.ensure(&obj, "themes", ObjType::Map)?;
                for theme in &template.focus.themes {
                    let t = self.ensure(&themes, &theme.id, ObjType::Map)?;
                    for key in THEME_TEXTS {
                        self.ensure(&t, key, ObjType::Text)?;
                    }
                    self.ensure(&t, "lacking", ObjType::Map)?;
                }
            }
        }
        self.automerge().commit();
        Ok(id)
    }

    /// Removes a record.
    pub fn remove_method_record(
        &mut self,
        record: MethodRecord,
        id: &str,
    ) -> Result<(), ModelError> {
        self.record_obj(record, id)?;
        let methods = self.methods_obj()?;
        let records = self.ensure(&methods, record.key(), ObjType::Map)?;
        self.automerge().delete(&records, id)?;
        self.automerge().commit();
        Ok(())
    }

    /// Adds a hot spot to a focus group and returns its id.
    pub fn add_hot_spot(&mut self, focus_group: &str) -> Result<String, ModelError> {
        let group = self.record_obj(MethodRecord::FocusGroup, focus_group)?;
        let spots = self.ensure(&group, "hot_spots", ObjType::Map)?;
        let id = random_record_id();
        let spot = self
            .automerge()
            .put_object(&spots, id.as_str(), ObjType::Map)?;
        self.automerge().put(&spot, "name", "")?;
        self.automerge().put(&spot, "position", ScalarValue::Null)?;
        self.automerge().put(&spot, "created_at", now_ms())?;
        self.automerge().commit();
        Ok(id)
    }

    /// Sets one field of a record; `field` is its path, e.g. `title`,
    /// `assessment.funded.answer`, `themes.vision.notes` or
    /// `participants.local_police`. Nothing is written when the value is refused.
    pub fn set_method_field(
        &mut self,
        record: MethodRecord,
        id: &str,
        field: &str,
        value: &Value,
        template: &MethodsTemplate,
    ) -> Result<(), ModelError> {
        let path: Vec<&str> = field.split('.').collect();
        let data = self.read()?;
        let kind = fields::kind_of(record, &path, &data, template).ok_or_else(|| {
            ModelError::UnknownField {
                record: record.noun(),
                field: field.chars().take(80).collect(),
            }
        })?;
        let checked = fields::check(field, &kind, value)?;
        if let (MethodRecord::Document, Checked::Str(new)) = (record, &checked) {
            let current = data.method_records();
            let doc = current.documents.iter().find(|d| d.id == id);
            match (path.as_slice(), doc) {
                (["period_from"], Some(d)) => fields::check_period(new, &d.period_to)?,
                (["period_to"], Some(d)) => fields::check_period(&d.period_from, new)?,
                _ => {}
            }
        }
        let obj = self.record_obj(record, id)?;
        if let ["hot_spots", spot, _] = path.as_slice() {
            let spots = self.ensure(&obj, "hot_spots", ObjType::Map)?;
            if self.obj(&spots, spot, ObjType::Map).is_none() {
                return Err(ModelError::UnknownRecord {
                    record: "hot spot",
                    id: spot.chars().take(40).collect(),
                });
            }
        }
        let (parents, last) = path.split_at(path.len() - 1);
        let mut parent = obj;
        for key in parents {
            parent = self.ensure(&parent, key, ObjType::Map)?;
        }
        self.write(&parent, last[0], checked)
    }

    pub(super) fn write(
        &mut self,
        parent: &ObjId,
        key: &str,
        value: Checked,
    ) -> Result<(), ModelError> {
        let doc = self.automerge();
        match value {
            Checked::Text(text) => return self.splice_text(parent, key, &text),
            Checked::Str(text) => doc.put(parent, key, text)?,
            Checked::Bool(on) => doc.put(parent, key, on)?,
            Checked::Int(Some(n)) => doc.put(parent, key, n)?,
            Checked::Int(None) => {
                if doc.get(parent, key)?.is_some() {
                    doc.delete(parent, key)?;
                }
            }
            Checked::Position(position) => reconcile_prop(doc, parent, key, position)?,
        }
        doc.commit();
        Ok(())
    }

    /// Sets a field of the desk research summary (`strengths`, `weaknesses`, `recommendations`).
    pub fn set_desk_summary(&mut self, field: &str, text: &str) -> Result<(), ModelError> {
        if !DESK_SUMMARY_FIELDS.contains(&field) {
            return Err(ModelError::UnknownField {
                record: "desk research summary",
                field: field.chars().take(80).collect(),
            });
        }
        fields::check(field, &Kind::Long, &Value::String(text.to_owned()))?;
        let methods = self.methods_obj()?;
        let summary = self.ensure(&methods, "desk_summary", ObjType::Map)?;
        self.splice_text(&summary, field, text)
    }
}
