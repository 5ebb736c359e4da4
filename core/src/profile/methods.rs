//! The facilitator's desk research and focus group records: what the
//! screens show (records, the toolkit's texts, balances) and the edits, each
//! saved durably like every other edit of the profile.

use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

use super::{Profile, ProfileError};
use crate::ids::DocumentId;
use crate::model::methods::{
    Balance, BenchmarkRecords, FocusOverview, MethodRecord, MethodRecords,
};
use crate::model::ModelError;
use crate::templates::{BenchmarkTemplate, MethodsTemplate, ParticipantGroup};

/// Everything the Benchmark screen shows: the audit's snapshot of the
/// EUROCITIES benchmark and the self-assessment.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct BenchmarkView {
    /// The benchmark's texts (snake_case, as the template file).
    pub template: BenchmarkTemplate,
    /// The self-assessment.
    pub records: BenchmarkRecords,
}

/// Everything the Desk research and Focus groups screens show.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct MethodsView {
    /// The toolkit's choices and prompts.
    pub template: MethodsTemplate,
    /// The audit's participant groups (focus group breakdown).
    pub groups: Vec<ParticipantGroup>,
    /// The records.
    pub records: MethodRecords,
    /// Each focus group's breakdown and balance, by record id.
    pub balances: BTreeMap<String, Balance>,
    /// All focus groups together.
    pub overview: FocusOverview,
}

/// Builds the view of `records` (shared with the report).
pub fn methods_view(
    records: MethodRecords,
    groups: Vec<ParticipantGroup>,
    template: &MethodsTemplate,
) -> MethodsView {
    let group_ids: Vec<String> = groups.iter().map(|g| g.id.clone()).collect();
    let balances = records
        .focus_groups
        .iter()
        .map(|g| (g.id.clone(), Balance::of(g, &group_ids, &template.focus)))
        .collect();
    let overview = FocusOverview::of(&records.focus_groups, &group_ids, &template.focus);
    MethodsView {
        template: template.clone(),
        groups,
        records,
        balances,
        overview,
    }
}

impl Profile {
    /// The desk research and focus group records of an audit, with what the screens need.
    pub fn methods(&self, audit_id: &DocumentId) -> Result<MethodsView, ProfileError> {
        let data = self.audit(audit_id)?;
        let groups = data.groups.value().cloned().unwrap_or_default();
        Ok(methods_view(
            data.method_records(),
            groups,
            &self.templates.methods,
        ))
    }

    /// Adds a blank record and returns its id.
    pub fn add_method_record(
        &mut self,
        audit_id: &DocumentId,
        record: MethodRecord,
    ) -> Result<String, ProfileError> {
        let template = self.templates.methods.clone();
        self.edit_audit(audit_id, |audit| audit.add_method_record(record, &template))
    }

    /// Removes a record.
    pub fn remove_method_record(
        &mut self,
        audit_id: &DocumentId,
        record: MethodRecord,
        id: &str,
    ) -> Result<(), ProfileError> {
        self.edit_audit(audit_id, |audit| audit.remove_method_record(record, id))
    }

    /// Sets one field of a record (see [`crate::model::AuditDocument::set_method_field`]).
    pub fn set_method_field(
        &mut self,
        audit_id: &DocumentId,
        record: MethodRecord,
        id: &str,
        field: &str,
        value: &Value,
    ) -> Result<(), ProfileError> {
        let template = self.templates.methods.clone();
        self.edit_audit(audit_id, |audit| {
            audit.set_method_field(record, id, field, value, &template)
        })
    }

    /// Adds a hot spot to a focus group and returns its id.
    pub fn add_hot_spot(
        &mut self,
        audit_id: &DocumentId,
        focus_group: &str,
    ) -> Result<String, ProfileError> {
        self.edit_audit(audit_id, |audit| audit.add_hot_spot(focus_group))
    }

    /// Sets a field of the desk research summary.
    pub fn set_desk_summary(
        &mut self,
        audit_id: &DocumentId,
        field: &str,
        text: &str,
    ) -> Result<(), ProfileError> {
        self.edit_audit(audit_id, |audit| audit.set_desk_summary(field, text))
    }

    /// The benchmark self-assessment of an audit created as one.
    pub fn benchmark(&self, audit_id: &DocumentId) -> Result<BenchmarkView, ProfileError> {
        let data = self.audit(audit_id)?;
        match (data.benchmark(), data.benchmark_records()) {
            (Some(template), Some(records)) => Ok(BenchmarkView {
                template: template.clone(),
                records,
            }),
            _ => Err(ModelError::NotInAudit("EUROCITIES benchmark").into()),
        }
    }

    /// Sets one field of the benchmark self-assessment (see
    /// [`crate::model::AuditDocument::set_benchmark_field`]).
    pub fn set_benchmark_field(
        &mut self,
        audit_id: &DocumentId,
        field: &str,
        value: &Value,
    ) -> Result<(), ProfileError> {
        self.edit_audit(audit_id, |audit| audit.set_benchmark_field(field, value))
    }
}
