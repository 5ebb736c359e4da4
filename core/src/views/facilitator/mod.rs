//! What the facilitator's screens show, read from the facilitator's local
//! profile: after a sync it holds the audit document and every participant's
//! response document. Results, progress, the map and exports are computed
//! here from those documents by [`crate::analysis`] and [`crate::export`].

mod review;
#[cfg(test)]
mod ui_fixtures;

pub use crate::export::{LatLon, MapFeatures, MapPhoto, MapStop, MapTrack};
pub use review::{map_features, photos_for_review, ReviewPhoto};

use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::analysis::{self, AuditResults, EarlierAudit, ProgressView};
use crate::export::{self, ExportError, ExportFormat, ExportInput};
use crate::ids::{BlobHash, DocumentId};
use crate::model::{AuditData, ResponseData, RosterEntry};
use crate::profile::{Profile, ProfileError};

/// Why a facilitator view could not be made.
#[derive(Debug, thiserror::Error)]
pub enum FacilitatorViewError {
    /// The local profile failed.
    #[error(transparent)]
    Profile(#[from] ProfileError),
    /// The export failed.
    #[error(transparent)]
    Export(#[from] ExportError),
    /// The earlier audit is not on this device.
    #[error("the earlier audit {0} is not on this device: sync first")]
    EarlierMissing(String),
    /// The export folder could not be written.
    #[error("cannot write the export to {0}: {1}")]
    Write(String, std::io::Error),
}

/// Every response document of `audit_id` held by the profile, ordered by
/// document id. Read through the profile's per-document summaries, so
/// documents unchanged since the last read are neither loaded nor hydrated.
///
/// A response is attributed by the audit's roster, which the server writes
/// when someone joins: the roster entry whose response document it is
/// gives its participant id, name, group and gender, whatever the document
/// itself says (a participant cannot answer in another's name). Responses
/// of an audit without a roster (made on this device) keep their own.
pub fn audit_responses(
    profile: &Profile,
    audit_id: &DocumentId,
) -> Result<Vec<ResponseData>, ProfileError> {
    let audit = profile.audit(audit_id)?;
    let by_document: BTreeMap<&str, (&String, &RosterEntry)> = audit
        .roster()
        .filter_map(|(id, entry)| Some((entry.response_doc.as_deref()?, (id, entry))))
        .collect();
    Ok(profile
        .read_responses()?
        .into_iter()
        .filter(|(_, response)| {
            response.audit_id.value().map(String::as_str) == Some(audit_id.as_str())
        })
        .map(|(doc_id, mut response)| {
            if let Some((id, entry)) = by_document.get(doc_id.as_str()) {
                response.attribute_to(id, entry);
            }
            response
        })
        .collect())
}

fn earlier_data(
    profile: &Profile,
    earlier: Option<&DocumentId>,
) -> Result<Option<(String, AuditData, Vec<ResponseData>)>, FacilitatorViewError> {
    let Some(id) = earlier else {
        return Ok(None);
    };
    let audit = profile
        .audit(id)
        .map_err(|_| FacilitatorViewError::EarlierMissing(id.to_string()))?
        .clone();
    let responses = audit_responses(profile, id)?;
    Ok(Some((id.to_string(), audit, responses)))
}

/// Participants' comments per statement, as the facilitator chose to show them.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CommentsView {
    /// Display names shown (else "Participant N").
    pub show_names: bool,
    /// By statement id.
    pub by_item: std::collections::BTreeMap<String, Vec<analysis::Comment>>,
    /// Keys of the comments quoted in the report.
    pub quoted: Vec<String>,
}

/// The comments of the audit's participants, per statement.
pub fn comments(profile: &Profile, audit_id: &DocumentId) -> Result<CommentsView, ProfileError> {
    let audit = profile.audit(audit_id)?;
    let records = audit.records();
    let responses = audit_responses(profile, audit_id)?;
    Ok(CommentsView {
        show_names: records.show_names,
        by_item: analysis::comments(audit, &responses, records.show_names),
        quoted: records.quoted_comments,
    })
}

/// The merged results of the audit, compared with `compare_with` when given.
pub fn results(
    profile: &Profile,
    audit_id: &DocumentId,
    compare_with: Option<&DocumentId>,
) -> Result<AuditResults, FacilitatorViewError> {
    let audit = profile.audit(audit_id)?;
    let responses = audit_responses(profile, audit_id)?;
    let earlier = earlier_data(profile, compare_with)?;
    let earlier = earlier.as_ref().map(|(id, audit, responses)| EarlierAudit {
        id,
        audit,
        responses,
    });
    Ok(analysis::analyse(audit, &responses, earlier))
}

/// Progress of every participant. `last_sync` maps participant ids to the
/// server's last receipt (empty when offline: unknown). A photo counts as
/// uploaded when its full-size copy is in the profile's blob folder, which
/// only the server can have filled for another person's photo.
pub fn progress(
    profile: &Profile,
    audit_id: &DocumentId,
    last_sync: &BTreeMap<String, i64>,
) -> Result<ProgressView, FacilitatorViewError> {
    let audit = profile.audit(audit_id)?;
    let responses = audit_responses(profile, audit_id)?;
    let blobs = profile.blobs();
    let uploaded: BTreeSet<String> = responses
        .iter()
        .flat_map(ResponseData::photo_hashes)
        .filter(|hash| blobs.contains(hash))
        .map(|hash| hash.as_str().to_owned())
        .collect();
    Ok(analysis::progress(audit, &responses, last_sync, &uploaded))
}

/// An audit the facilitator can choose for the comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AuditSummary {
    /// Document id.
    pub id: String,
    /// Title.
    pub title: String,
    /// City.
    pub city: String,
    /// First day, `YYYY-MM-DD`.
    pub starts_on: String,
    /// Last day, `YYYY-MM-DD`.
    pub ends_on: String,
}

fn text(value: &crate::model::Lenient<String>) -> String {
    value.value().cloned().unwrap_or_default()
}

/// The summary of an audit on this device.
pub fn audit_summary(profile: &Profile, id: &DocumentId) -> Option<AuditSummary> {
    let audit = profile.audit(id).ok()?;
    Some(AuditSummary {
        id: id.to_string(),
        title: text(&audit.title),
        city: text(&audit.city),
        starts_on: text(&audit.starts_on),
        ends_on: text(&audit.ends_on),
    })
}

/// Other audits on this device to compare `own` with, newest first: those
/// of `city` (case and surrounding spaces ignored), and the earlier audits
/// in `read_only` (opened with a reader invite, whatever their city's
/// spelling).
pub fn audits_of_city(
    profile: &Profile,
    own: &DocumentId,
    city: &str,
    read_only: &[DocumentId],
) -> Vec<AuditSummary> {
    let wanted = city.trim().to_lowercase();
    let mut found: Vec<AuditSummary> = profile
        .audit_ids()
        .into_iter()
        .filter(|id| id != own)
        .filter_map(|id| audit_summary(profile, &id))
        .filter(|summary| {
            summary.city.trim().to_lowercase() == wanted
                || read_only.iter().any(|r| r.as_str() == summary.id)
        })
        .collect();
    found.sort_by(|a, b| b.starts_on.cmp(&a.starts_on).then(a.id.cmp(&b.id)));
    found
}

/// Where an export was saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ExportResult {
    /// The file written.
    pub path: String,
    /// Its size.
    pub bytes: u64,
}

/// `cityaudit-` and the audit's title: letters and digits kept, the rest dashes.
pub fn export_file_stem(audit: &AuditData) -> String {
    let title = text(&audit.title);
    let mut slug = String::new();
    for c in title.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug = if slug.is_empty() { "audit" } else { slug };
    format!("cityaudit-{slug}")
}

/// A file name made of the audit's title and what the export holds.
pub fn export_file_name(audit: &AuditData, format: ExportFormat) -> String {
    let kind = match format {
        ExportFormat::Md | ExportFormat::Html => "-report",
        ExportFormat::Zip => "-photos",
        ExportFormat::Csv => "-answers",
        ExportFormat::Problems => "-unreadable",
        ExportFormat::Geojson => "-map",
    };
    format!("{}{kind}.{}", export_file_stem(audit), format.extension())
}

/// Writes the export of the audit in `format` into `dir` (created when
/// missing), with the earlier audit the records name when it is on this
/// device. The photos come from the profile's blob folder.
pub fn export_to_dir(
    profile: &Profile,
    audit_id: &DocumentId,
    format: ExportFormat,
    dir: &Path,
    lang: &str,
) -> Result<ExportResult, FacilitatorViewError> {
    let audit = profile.audit(audit_id)?;
    let responses = audit_responses(profile, audit_id)?;
    let compare_with = audit
        .records()
        .compare_with
        .and_then(|id| DocumentId::parse(&id).ok());
    // An earlier audit that is not on this device is left out, not an error.
    let earlier = earlier_data(profile, compare_with.as_ref()).unwrap_or(None);
    let blobs = DeviceBlobs(profile.blobs());
    let input = ExportInput {
        audit_id: audit_id.as_str(),
        audit,
        responses: &responses,
        earlier: earlier.as_ref().map(|(id, audit, responses)| EarlierAudit {
            id,
            audit,
            responses,
        }),
        blobs: &blobs,
        lang,
    };
    let mut bytes = Vec::new();
    export::export(format, &input, &mut bytes)?;
    let path: PathBuf = dir.join(export_file_name(audit, format));
    let write = || -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        let partial = path.with_extension("partial");
        std::fs::write(&partial, &bytes)?;
        std::fs::rename(&partial, &path)
    };
    write().map_err(|e| FacilitatorViewError::Write(path.display().to_string(), e))?;
    Ok(ExportResult {
        path: path.display().to_string(),
        bytes: bytes.len() as u64,
    })
}

/// The device's blobs as the exports read them: photos whole (checked),
/// a base map package by range.
struct DeviceBlobs<'a>(crate::store::Blobs<'a>);

impl export::BlobSource for DeviceBlobs<'_> {
    fn blob(&self, hash: &str) -> Option<Vec<u8>> {
        self.0.get(&BlobHash::parse(hash).ok()?).ok()
    }

    fn blob_range(&self, hash: &str, offset: u64, len: usize) -> Option<Vec<u8>> {
        self.0
            .read_range(&BlobHash::parse(hash).ok()?, offset, len)
            .ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{NewAudit, NewParticipant, TemplateChoice};

    fn joining(name: &str) -> NewParticipant {
        NewParticipant {
            display_name: name.into(),
            group: "other".into(),
            gender: None,
            accept_photo_terms: false,
            share_photo_locations: false,
        }
    }

    #[test]
    fn responses_are_attributed_by_the_roster_not_by_what_they_say() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut profile = Profile::open(&dir.path().join("f.sqlite")).expect("open");
        let audit = profile
            .create_audit(&NewAudit::undated(
                "Walk",
                "Sofia",
                TemplateChoice {
                    checklist: true,
                    photovoice: false,
                    benchmark: false,
                },
            ))
            .expect("audit");
        let forged = profile.join(&audit, &joining("P2")).expect("join");
        profile.join(&audit, &joining("Kestrel")).expect("join");
        let heron = RosterEntry {
            display_name: "Heron".into(),
            group: "ngos".into(),
            gender: Some("woman".into()),
            role: "participant".into(),
            response_doc: Some(forged.to_string()),
            joined_at: 1,
        };
        profile
            .edit_audit(&audit, |doc| doc.add_to_roster("p-heron", &heron))
            .expect("roster");

        let responses = audit_responses(&profile, &audit).expect("responses");
        let mut people: Vec<(String, String, String)> = responses
            .iter()
            .filter_map(|r| r.participant())
            .map(|p| (p.id.clone(), p.display_name.clone(), p.group.clone()))
            .collect();
        people.sort();
        assert_eq!(people.len(), 2);
        assert!(people.contains(&("p-heron".into(), "Heron".into(), "ngos".into())));
        assert!(people
            .iter()
            .any(|(_, name, group)| name == "Kestrel" && group == "other"));
    }
}
