//! The audit document: one per audit, written by facilitators.

use automerge::{AutoCommit, ReadDoc, ROOT};
use autosurgeon::{reconcile_prop, Hydrate, Reconcile};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::tolerant::{Checked, Fields, Lenient};
use super::{check_text, limits, now_ms, Location, ModelError, SCHEMA_VERSION};
use crate::ids::{random_record_id, DocumentId};
use crate::templates::{
    BenchmarkTemplate, ChecklistTemplate, Item, ParticipantGroup, PhotovoiceTemplate, Section,
};
use crate::templates::{TemplateSet, Templates};

/// Which templates an audit uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TemplateChoice {
    /// The INTEGRA city walk checklist.
    pub checklist: bool,
    /// Photovoice.
    pub photovoice: bool,
    /// The EUROCITIES neighbourhood-participation benchmark: an audit of its
    /// own kind, a self-assessment by the city with no walk or photovoice.
    #[serde(default)]
    pub benchmark: bool,
}

/// What a facilitator enters to create an audit.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewAudit {
    /// Audit title.
    pub title: String,
    /// City audited.
    pub city: String,
    /// First day (YYYY-MM-DD).
    pub starts_on: String,
    /// Last day (YYYY-MM-DD).
    pub ends_on: String,
    /// Where participants gather.
    pub meeting_point: String,
    /// Templates used.
    pub templates: TemplateChoice,
}

impl TemplateChoice {
    /// The choice named by the Prepare form: `checklist`, `photovoice`,
    /// `both` (checklist and photovoice) or `benchmark`.
    pub fn from_name(name: &str) -> Result<Self, ModelError> {
        let (checklist, photovoice, benchmark) = match name {
            "checklist" => (true, false, false),
            "photovoice" => (false, true, false),
            "both" => (true, true, false),
            "benchmark" => (false, false, true),
            other => {
                return Err(ModelError::InvalidValue {
                    field: "templates".into(),
                    reason: format!(
                        "{other:?} is not a choice: choose checklist, photovoice, both or benchmark"
                    ),
                })
            }
        };
        Ok(TemplateChoice {
            checklist,
            photovoice,
            benchmark,
        })
    }
}

impl NewAudit {
    /// Checks what the facilitator entered: title and city given, texts
    /// within their limits, real dates with the end not before the start,
    /// and templates that make one kind of audit.
    pub fn validate(&self) -> Result<(), ModelError> {
        check_text("title", &self.title, limits::SHORT_TEXT, true)?;
        check_text("city", &self.city, limits::SHORT_TEXT, true)?;
        check_text(
            "meeting point",
            &self.meeting_point,
            limits::SHORT_TEXT,
            false,
        )?;
        check_text("start date", &self.starts_on, 10, false)?;
        check_text("end date", &self.ends_on, 10, false)?;
        super::check_date_range(&self.starts_on, &self.ends_on)?;
        let choice = self.templates;
        if choice.benchmark && (choice.checklist || choice.photovoice) {
            return Err(ModelError::InvalidValue {
                field: "templates".into(),
                reason: "a benchmark self-assessment has no city walk or photovoice: \
                         create it as an audit of its own"
                    .into(),
            });
        }
        if !(choice.benchmark || choice.checklist || choice.photovoice) {
            return Err(ModelError::InvalidValue {
                field: "templates".into(),
                reason: "choose the checklist, the photovoice, both, or the benchmark".into(),
            });
        }
        Ok(())
    }

    /// An audit with a title, city and templates, its dates and meeting point still to be set.
    pub fn undated(
        title: impl Into<String>,
        city: impl Into<String>,
        templates: TemplateChoice,
    ) -> Self {
        NewAudit {
            title: title.into(),
            city: city.into(),
            starts_on: String::new(),
            ends_on: String::new(),
            meeting_point: String::new(),
            templates,
        }
    }
}

/// A stop planned for the walk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Hydrate, Reconcile)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PlannedStop {
    /// Name of area.
    pub name_of_area: String,
    /// Specific location.
    pub specific_location: String,
    /// Optional position.
    pub position: Option<Location>,
    /// Order in the walk (ascending).
    pub order: i64,
}

impl PlannedStop {
    /// Checks the stop: a name of area, texts within their limits, a real position.
    pub fn validate(&self) -> Result<(), ModelError> {
        check_text("name of area", &self.name_of_area, limits::SHORT_TEXT, true)?;
        check_text(
            "specific location",
            &self.specific_location,
            limits::SHORT_TEXT,
            false,
        )?;
        if let Some(position) = &self.position {
            position.validate()?;
        }
        Ok(())
    }
}

impl Fields for PlannedStop {
    const FIELDS: &'static [&'static str] =
        &["name_of_area", "specific_location", "position", "order"];
}

/// The photovoice time window (milliseconds since the epoch).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Hydrate, Reconcile)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PhotovoiceWindow {
    /// Start.
    pub starts_at: i64,
    /// End.
    pub ends_at: i64,
}

impl PhotovoiceWindow {
    /// Checks the window: it must close after it opens (a window closing
    /// when it opens would let no photo in).
    pub fn validate(&self) -> Result<(), ModelError> {
        if self.ends_at <= self.starts_at {
            return Err(ModelError::InvalidValue {
                field: "photovoice time window".into(),
                reason: "it must close after it opens".into(),
            });
        }
        Ok(())
    }
}

/// A participant or facilitator on the roster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Hydrate, Reconcile)]
pub struct RosterEntry {
    /// Display name (a pseudonym is fine).
    pub display_name: String,
    /// Participant group id.
    pub group: String,
    /// Optional self-described gender, for the roster's balance.
    pub gender: Option<String>,
    /// `participant` or `facilitator`.
    pub role: String,
    /// The participant's response document, if a participant.
    pub response_doc: Option<String>,
    /// When they joined (ms since epoch).
    pub joined_at: i64,
}

impl Fields for RosterEntry {
    const FIELDS: &'static [&'static str] = &[
        "display_name",
        "group",
        "gender",
        "role",
        "response_doc",
        "joined_at",
    ];
}

/// The audit document as read: tolerant of values written by other implementations.
#[derive(Debug, Clone, PartialEq, Hydrate)]
pub struct AuditData {
    /// Schema version.
    pub schema: Lenient<u64>,
    /// Always `audit`.
    pub kind: Lenient<String>,
    /// The audit's document id.
    pub audit_id: Lenient<String>,
    /// Title.
    pub title: Lenient<String>,
    /// City.
    pub city: Lenient<String>,
    /// First day.
    pub starts_on: Lenient<String>,
    /// Last day.
    pub ends_on: Lenient<String>,
    /// Meeting point.
    pub meeting_point: Lenient<String>,
    /// Creation time.
    pub created_at: Lenient<i64>,
    /// Snapshot of the checklist template, if used.
    pub checklist: Lenient<Option<ChecklistTemplate>>,
    /// Snapshot of the photovoice template, if used.
    pub photovoice: Lenient<Option<PhotovoiceTemplate>>,
    /// Snapshot of the EUROCITIES benchmark, in a benchmark self-assessment
    /// (missing in other audits).
    pub benchmark: Lenient<Option<BenchmarkTemplate>>,
    /// Participant groups.
    pub groups: Lenient<Vec<ParticipantGroup>>,
    /// Planned stops by id.
    pub planned_stops: Lenient<BTreeMap<String, Checked<PlannedStop>>>,
    /// Photovoice time window.
    pub photovoice_window: Lenient<Option<PhotovoiceWindow>>,
    /// Roster by participant id.
    pub roster: Lenient<BTreeMap<String, Checked<RosterEntry>>>,
    /// Facilitator records (schema 2; missing in schema 1 documents).
    pub facilitator: Lenient<super::records::FacilitatorData>,
}

impl Fields for AuditData {
    const FIELDS: &'static [&'static str] = &[
        "schema",
        "kind",
        "audit_id",
        "title",
        "city",
        "starts_on",
        "ends_on",
        "meeting_point",
        "created_at",
        "checklist",
        "photovoice",
        "benchmark",
        "groups",
        "planned_stops",
        "photovoice_window",
        "roster",
        "facilitator",
    ];
}

impl AuditData {
    /// The checklist template, if the audit uses one and it is readable.
    pub fn checklist(&self) -> Option<&ChecklistTemplate> {
        self.checklist.value().and_then(Option::as_ref)
    }

    /// The photovoice template, if the audit uses one and it is readable.
    pub fn photovoice(&self) -> Option<&PhotovoiceTemplate> {
        self.photovoice.value().and_then(Option::as_ref)
    }

    /// The EUROCITIES benchmark, if this audit is a benchmark self-assessment.
    pub fn benchmark(&self) -> Option<&BenchmarkTemplate> {
        self.benchmark.value().and_then(Option::as_ref)
    }

    /// The checklist section and item with this id.
    pub fn item(&self, item_id: &str) -> Option<(&Section, &Item)> {
        self.checklist()?.sections.iter().find_map(|section| {
            section
                .items
                .iter()
                .find(|item| item.id == item_id)
                .map(|item| (section, item))
        })
    }

    /// True when the participant group id is known.
    pub fn has_group(&self, group: &str) -> bool {
        self.groups
            .value()
            .is_some_and(|groups| groups.iter().any(|g| g.id == group))
    }

    /// Readable planned stops, by id.
    pub fn planned_stops(&self) -> impl Iterator<Item = (&String, &PlannedStop)> {
        self.planned_stops
            .value()
            .into_iter()
            .flatten()
            .filter_map(|(id, stop)| stop.value().map(|s| (id, s)))
    }

    /// Readable roster entries, by participant id.
    pub fn roster(&self) -> impl Iterator<Item = (&String, &RosterEntry)> {
        self.roster
            .value()
            .into_iter()
            .flatten()
            .filter_map(|(id, entry)| entry.value().map(|e| (id, e)))
    }

    /// The audit's template snapshot as a set a city can export and adapt;
    /// a part the audit does not use (a photovoice-only audit's checklist)
    /// is the built-in one.
    pub fn template_set(&self, builtin: &Templates) -> TemplateSet {
        let mut set = TemplateSet::builtin(builtin);
        if let Some(checklist) = self.checklist.value().cloned().flatten() {
            set.checklist = checklist;
        }
        if let Some(photovoice) = self.photovoice.value().cloned().flatten() {
            set.photovoice = photovoice;
        }
        if let Some(groups) = self.groups.value() {
            set.groups = groups.clone();
        }
        set
    }
}

/// An audit document and the facilitator actions on it.
#[derive(Debug, Clone)]
pub struct AuditDocument {
    doc: AutoCommit,
}

impl AuditDocument {
    /// Creates the document of a new audit from the chosen templates.
    pub fn create(
        id: &DocumentId,
        audit: &NewAudit,
        templates: &Templates,
    ) -> Result<Self, ModelError> {
        audit.validate()?;
        let choice = audit.templates;
        let mut doc = AutoCommit::new();
        let fields: [(&str, &str); 7] = [
            ("kind", "audit"),
            ("audit_id", id.as_str()),
            ("title", &audit.title),
            ("city", &audit.city),
            ("starts_on", &audit.starts_on),
            ("ends_on", &audit.ends_on),
            ("meeting_point", &audit.meeting_point),
        ];
        reconcile_prop(&mut doc, ROOT, "schema", SCHEMA_VERSION)?;
        for (key, value) in fields {
            reconcile_prop(&mut doc, ROOT, key, value)?;
        }
        reconcile_prop(&mut doc, ROOT, "created_at", now_ms())?;
        let checklist = audit.templates.checklist.then_some(&templates.checklist);
        let photovoice = audit.templates.photovoice.then_some(&templates.photovoice);
        reconcile_prop(&mut doc, ROOT, "checklist", checklist)?;
        reconcile_prop(&mut doc, ROOT, "photovoice", photovoice)?;
        if choice.benchmark {
            reconcile_prop(&mut doc, ROOT, "benchmark", Some(&templates.benchmark))?;
        }
        reconcile_prop(&mut doc, ROOT, "groups", &templates.groups)?;
        reconcile_prop(
            &mut doc,
            ROOT,
            "planned_stops",
            BTreeMap::<String, PlannedStop>::new(),
        )?;
        reconcile_prop(
            &mut doc,
            ROOT,
            "photovoice_window",
            None::<PhotovoiceWindow>,
        )?;
        reconcile_prop(
            &mut doc,
            ROOT,
            "roster",
            BTreeMap::<String, RosterEntry>::new(),
        )?;
        doc.commit();
        let mut audit = AuditDocument { doc };
        audit.prepare_records()?;
        Ok(audit)
    }

    /// Replaces the template snapshot with a city's adapted set (checked
    /// first): the checklist and photovoice where the audit uses them, and
    /// the participant groups. Refused once a participant has joined, as
    /// answers refer to the statements by id.
    pub fn replace_template(&mut self, set: &TemplateSet) -> Result<(), ModelError> {
        let mut set = set.clone();
        set.check()?;
        let data = self.read()?;
        if data.roster().any(|(_, entry)| entry.role == "participant") {
            return Err(ModelError::TemplateInUse);
        }
        if data.checklist.value().is_some_and(Option::is_some) {
            reconcile_prop(&mut self.doc, ROOT, "checklist", Some(&set.checklist))?;
        }
        if data.photovoice.value().is_some_and(Option::is_some) {
            reconcile_prop(&mut self.doc, ROOT, "photovoice", Some(&set.photovoice))?;
        }
        reconcile_prop(&mut self.doc, ROOT, "groups", &set.groups)?;
        self.doc.commit();
        Ok(())
    }

    /// Wraps a loaded Automerge document.
    pub fn from_automerge(doc: AutoCommit) -> Self {
        AuditDocument { doc }
    }

    /// The underlying Automerge document.
    pub fn automerge(&mut self) -> &mut AutoCommit {
        &mut self.doc
    }

    /// Reads the document tolerantly.
    pub fn read(&self) -> Result<AuditData, ModelError> {
        match autosurgeon::hydrate::<_, Checked<AuditData>>(&self.doc) {
            Ok(Checked::Valid { value, .. }) => Ok(value),
            _ => Err(ModelError::WrongDocument("audit")),
        }
    }

    /// Root fields this version does not know (reported as problems).
    pub fn unknown_root_fields(&self) -> Vec<String> {
        match autosurgeon::hydrate::<_, Checked<AuditData>>(&self.doc) {
            Ok(Checked::Valid { unknown_fields, .. }) => unknown_fields,
            _ => Vec::new(),
        }
    }

    /// Adds a planned stop and returns its id.
    pub fn plan_stop(&mut self, stop: &PlannedStop) -> Result<String, ModelError> {
        stop.validate()?;
        let stops = self.map_obj("planned_stops")?;
        let id = random_record_id();
        reconcile_prop(&mut self.doc, &stops, id.as_str(), stop)?;
        self.doc.commit();
        Ok(id)
    }

    /// Sets the photovoice time window; it must close after it opens (a
    /// window closing when it opens would let no photo in), as the app's
    /// form also checks.
    pub fn set_photovoice_window(&mut self, window: PhotovoiceWindow) -> Result<(), ModelError> {
        window.validate()?;
        reconcile_prop(&mut self.doc, ROOT, "photovoice_window", Some(window))?;
        self.doc.commit();
        Ok(())
    }

    /// Adds (or updates) a roster entry.
    pub fn add_to_roster(
        &mut self,
        participant_id: &str,
        entry: &RosterEntry,
    ) -> Result<(), ModelError> {
        check_text("participant id", participant_id, limits::SHORT_TEXT, true)?;
        check_text(
            "display name",
            &entry.display_name,
            limits::DISPLAY_NAME,
            true,
        )?;
        // Only the groups are read: hydrating the whole audit (its roster
        // grows with every join) would make each join slower than the last.
        let groups = autosurgeon::hydrate_prop::<_, Lenient<Vec<ParticipantGroup>>, _, _>(
            &self.doc, ROOT, "groups",
        )
        .map_err(|_| ModelError::WrongDocument("audit"))?;
        if !groups
            .value()
            .is_some_and(|groups| groups.iter().any(|g| g.id == entry.group))
        {
            return Err(ModelError::UnknownGroup(entry.group.clone()));
        }
        // A benchmark self-assessment is the facilitators' own work: it has
        // nothing for participants to answer.
        if entry.role != "facilitator" && self.doc.get(ROOT, "benchmark")?.is_some() {
            return Err(ModelError::NotInAudit(
                "city walk or photovoice for participants: it is a benchmark self-assessment, \
                 joined with a facilitator invite",
            ));
        }
        let roster = self.map_obj("roster")?;
        reconcile_prop(&mut self.doc, &roster, participant_id, entry)?;
        self.doc.commit();
        Ok(())
    }

    fn map_obj(&self, key: &'static str) -> Result<automerge::ObjId, ModelError> {
        match self.doc.get(ROOT, key)? {
            Some((automerge::Value::Object(automerge::ObjType::Map), id)) => Ok(id),
            _ => Err(ModelError::WrongDocument("audit")),
        }
    }
}
