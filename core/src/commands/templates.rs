//! The facilitator's template commands: export the built-in or the audit's
//! template as a workbook, read an edited workbook back, check the Prepare
//! screen editor's set, and show how an audit's template differs from the
//! built-in INTEGRA one.

use serde::{Deserialize, Serialize};
#[cfg(feature = "template-files")]
use std::path::Path;

use super::facilitator::facilitator_session;
use super::CommandResult;
#[cfg(feature = "template-files")]
use super::{CommandError, PickError, PickedFile};
use crate::model::ModelError;
use crate::profile::Profile;
use crate::templates::{TemplateDiff, TemplateSet};

/// A template set with what a facilitator needs to judge it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TemplatePreview {
    /// The set, checked (new statements numbered).
    pub template: TemplateSet,
    /// How it differs from the built-in INTEGRA set.
    pub diff: TemplateDiff,
    /// True when the set is not the built-in one as shipped: another id or
    /// version, or any text, statement or language changed.
    pub adapted: bool,
    /// The built-in checklist's version, to show beside the set's own.
    pub builtin_version: u32,
    /// Each language besides English and whether a speaker reviewed it.
    pub languages: Vec<LanguageReview>,
}

/// A template language and its review state.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct LanguageReview {
    /// Language tag (`bg`, `fa`, `pt-BR`).
    pub language: String,
    /// True once a speaker reviewed the texts.
    pub reviewed: bool,
}

/// The editor's set as the UI sends it for checking.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CheckTemplateCommand {
    /// The set as edited.
    pub template: TemplateSet,
}

/// Largest template workbook accepted from a picker.
pub const MAX_TEMPLATE_FILE_BYTES: u64 = 5 * 1024 * 1024;

/// The set checked, with its differences from the built-in set.
pub fn preview(profile: &Profile, mut template: TemplateSet) -> CommandResult<TemplatePreview> {
    template.check().map_err(ModelError::from)?;
    let builtin = TemplateSet::builtin(profile.templates());
    let languages = template
        .languages()
        .into_iter()
        .map(|language| LanguageReview {
            reviewed: template
                .checklist
                .translations
                .get(&language)
                .is_some_and(|r| r.reviewed),
            language,
        })
        .collect();
    let diff = TemplateDiff::between(&builtin, &template);
    Ok(TemplatePreview {
        adapted: !diff.is_empty()
            || template.checklist.id != builtin.checklist.id
            || template.checklist.version != builtin.checklist.version,
        diff,
        builtin_version: builtin.checklist.version,
        languages,
        template,
    })
}

/// Checks the editor's set (what Prepare would use) and says how it differs.
pub fn check_template(
    profile: &Profile,
    request: CheckTemplateCommand,
) -> CommandResult<TemplatePreview> {
    preview(profile, request.template)
}

/// The built-in INTEGRA checklist, photovoice texts and groups.
pub fn builtin_template(profile: &Profile) -> CommandResult<TemplatePreview> {
    preview(profile, TemplateSet::builtin(profile.templates()))
}

/// The session audit's template snapshot, with its differences from the built-in set.
pub fn audit_template(profile: &Profile) -> CommandResult<TemplatePreview> {
    let session = facilitator_session(profile)?;
    let audit = profile.audit(&session.audit_id)?;
    let set = audit.template_set(profile.templates());
    preview(profile, set)
}

/// Which template to write as a workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum TemplateSource {
    /// The built-in INTEGRA checklist, photovoice texts and groups.
    Builtin,
    /// The session audit's snapshot.
    Audit,
}

/// Writes the built-in or the audit's template as a workbook into `dir`
/// (`integra-template.xlsx`, or the audit's title) and says where it went.
#[cfg(feature = "template-files")]
pub fn export_template(
    profile: &Profile,
    source: TemplateSource,
    dir: &Path,
) -> CommandResult<crate::views::facilitator::ExportResult> {
    let (set, name) = match source {
        TemplateSource::Builtin => (
            TemplateSet::builtin(profile.templates()),
            "integra-template.xlsx".to_owned(),
        ),
        TemplateSource::Audit => {
            let session = facilitator_session(profile)?;
            let audit = profile.audit(&session.audit_id)?;
            let name = crate::views::facilitator::export_file_stem(audit);
            (
                audit.template_set(profile.templates()),
                format!("{name}-template.xlsx"),
            )
        }
    };
    let bytes = crate::templates::workbook::write_workbook(&set)
        .map_err(|e| CommandError::new("template_not_written", e.to_string()))?;
    let path = dir.join(name);
    let failed = |e: std::io::Error| {
        CommandError::new(
            "export_failed",
            format!("Cannot write {}: {e}", path.display()),
        )
    };
    std::fs::create_dir_all(dir).map_err(failed)?;
    std::fs::write(&path, &bytes).map_err(failed)?;
    Ok(crate::views::facilitator::ExportResult {
        path: path.display().to_string(),
        bytes: bytes.len() as u64,
    })
}

/// Reads an edited template workbook (all or nothing): the set it holds,
/// checked, with its differences from the built-in set; or the first
/// problem, named by sheet, row and column (`template_invalid`).
#[cfg(feature = "template-files")]
pub fn read_template_file(
    profile: &Profile,
    file: &PickedFile,
    bytes: Option<&[u8]>,
) -> CommandResult<TemplatePreview> {
    let bytes = file
        .read(bytes, MAX_TEMPLATE_FILE_BYTES)
        .map_err(|error| match error {
            PickError::Missing => {
                CommandError::new("template_file_missing", "Choose a template file first.")
            }
            PickError::TooLarge(_) => CommandError::from(ModelError::from(
                crate::templates::TemplateProblem::new(crate::templates::ProblemKind::FileTooLarge)
                    .with_max(MAX_TEMPLATE_FILE_BYTES as usize),
            )),
            PickError::Unreadable(why) => {
                CommandError::new("template_file_unreadable", format!("Cannot open {why}"))
            }
            PickError::Incomplete => CommandError::new(
                "template_file_unreadable",
                "The template file did not arrive whole; pick it again.",
            ),
        })?;
    let builtin = TemplateSet::builtin(profile.templates());
    let set =
        crate::templates::workbook::read_workbook(&bytes, &builtin).map_err(ModelError::from)?;
    preview(profile, set)
}
