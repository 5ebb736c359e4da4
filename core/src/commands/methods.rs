//! The facilitator's desk research and focus group commands (the UI's
//! `ui/src/methodsApi.ts`), and those of participants' comments in the
//! debrief. They act on the session's audit; core's access rules refuse
//! them to anyone but a facilitator of it.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::CommandResult;
use crate::ids::DocumentId;
use crate::model::methods::MethodRecord;
use crate::profile::{BenchmarkView, MethodsView, Profile};
use crate::views;
use crate::views::facilitator::CommentsView;

/// A record of a kind, by id.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RecordRef {
    /// The kind of record.
    pub record: MethodRecord,
    /// Its id.
    pub id: String,
}

/// A new record of a kind.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct NewRecord {
    /// The kind of record.
    pub record: MethodRecord,
}

/// One field's new value.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FieldValue {
    /// The kind of record.
    pub record: MethodRecord,
    /// Its id.
    pub id: String,
    /// The field's path, e.g. `themes.vision.notes`.
    pub field: String,
    /// The value: a text, a choice id, `true`/`false`, a number, a position or `null`.
    pub value: Value,
}

/// A new hot spot of a focus group.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct NewHotSpot {
    /// The focus group's id.
    pub focus_group: String,
}

/// A desk research summary text.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SummaryText {
    /// `strengths`, `weaknesses` or `recommendations`.
    pub field: String,
    /// The text.
    pub text: String,
}

/// A record just added, and the records now.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Added {
    /// The new record's id.
    pub id: String,
    /// Everything the screens show.
    pub methods: MethodsView,
}

pub(super) fn audit_id(profile: &Profile) -> CommandResult<DocumentId> {
    Ok(super::facilitator::facilitator_session(profile)?.audit_id)
}

/// The records and what the screens need.
pub fn methods(profile: &Profile) -> CommandResult<MethodsView> {
    Ok(profile.methods(&audit_id(profile)?)?)
}

/// Adds a blank record.
pub fn add_method_record(profile: &mut Profile, request: NewRecord) -> CommandResult<Added> {
    let audit = audit_id(profile)?;
    let id = profile.add_method_record(&audit, request.record)?;
    Ok(Added {
        id,
        methods: profile.methods(&audit)?,
    })
}

/// Removes a record.
pub fn remove_method_record(
    profile: &mut Profile,
    request: RecordRef,
) -> CommandResult<MethodsView> {
    let audit = audit_id(profile)?;
    profile.remove_method_record(&audit, request.record, &request.id)?;
    Ok(profile.methods(&audit)?)
}

/// Sets one field of a record.
pub fn set_method_field(profile: &mut Profile, request: FieldValue) -> CommandResult<MethodsView> {
    let audit = audit_id(profile)?;
    profile.set_method_field(
        &audit,
        request.record,
        &request.id,
        &request.field,
        &request.value,
    )?;
    Ok(profile.methods(&audit)?)
}

/// Adds a hot spot to a focus group.
pub fn add_hot_spot(profile: &mut Profile, request: NewHotSpot) -> CommandResult<Added> {
    let audit = audit_id(profile)?;
    let id = profile.add_hot_spot(&audit, &request.focus_group)?;
    Ok(Added {
        id,
        methods: profile.methods(&audit)?,
    })
}

/// Sets a text of the desk research summary.
pub fn set_desk_summary(profile: &mut Profile, request: SummaryText) -> CommandResult<MethodsView> {
    let audit = audit_id(profile)?;
    profile.set_desk_summary(&audit, &request.field, &request.text)?;
    Ok(profile.methods(&audit)?)
}

/// One field of the benchmark self-assessment.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct BenchmarkField {
    /// The field's path, e.g. `factors.kf3.assessment` or `summary`.
    pub field: String,
    /// The value: a text, or a rating level id ("" clears it).
    pub value: Value,
}

/// The benchmark self-assessment of the session's audit.
pub fn benchmark(profile: &Profile) -> CommandResult<BenchmarkView> {
    Ok(profile.benchmark(&audit_id(profile)?)?)
}

/// Sets one field of the benchmark self-assessment.
pub fn set_benchmark_field(
    profile: &mut Profile,
    request: BenchmarkField,
) -> CommandResult<BenchmarkView> {
    let audit = audit_id(profile)?;
    profile.set_benchmark_field(&audit, &request.field, &request.value)?;
    Ok(profile.benchmark(&audit)?)
}

/// Whether comments show names.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ShowNames {
    /// True: display names; false: "Participant N".
    pub show: bool,
}

/// A comment to quote in the report, or not.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct QuoteComment {
    /// The comment's key.
    pub key: String,
    /// Quote it.
    pub quoted: bool,
}

/// Participants' comments per statement.
pub fn comments(profile: &Profile) -> CommandResult<CommentsView> {
    Ok(views::facilitator::comments(profile, &audit_id(profile)?)?)
}

/// Shows names with the comments, or anonymises them.
pub fn set_show_names(profile: &mut Profile, request: ShowNames) -> CommandResult<CommentsView> {
    let audit = audit_id(profile)?;
    profile.set_show_names(&audit, request.show)?;
    Ok(views::facilitator::comments(profile, &audit)?)
}

/// Quotes a comment in the report, or stops quoting it.
pub fn quote_comment(profile: &mut Profile, request: QuoteComment) -> CommandResult<CommentsView> {
    let audit = audit_id(profile)?;
    profile.quote_comment(&audit, &request.key, request.quoted)?;
    Ok(views::facilitator::comments(profile, &audit)?)
}
