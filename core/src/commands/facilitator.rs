//! The facilitator's commands (the UI's `ui/src/facilitatorApi.ts`), one
//! function each: prepare an audit, make invites, follow progress, read the
//! results and keep the debrief's records, export. They act on the
//! session's audit and need the facilitator role; every rule they apply is
//! core's, so a shell only moves the request in and the result or
//! [`CommandError`] out.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{CommandError, CommandResult};
use crate::analysis::{AuditResults, ProgressView};
use crate::export::{ExportError, ExportFormat};
use crate::ids::DocumentId;
use crate::model::Role;
use crate::model::{
    now_ms, AreaIdeas, ConsensusRecord, FacilitatorRecords, Location, LocationSource, ModelError,
    NewAudit, PhotovoiceWindow, PlannedStop, ReportText, TemplateChoice,
};
use crate::profile::{Profile, ProfileError, Session};
use crate::report::words::Words;
use crate::store::StoreError;
use crate::sync::client::{SyncClient, SyncError};
use crate::sync::facilitator::qr_svg;
use crate::sync::http::Transport;
use crate::sync::invites::seconds_until;
use crate::sync::prepare::{prepare_audit, AuditPlan};
use crate::sync::protocol::CreateInviteRequest;
use crate::templates::TemplateSet;
use crate::views::facilitator::{AuditSummary, ExportResult, MapFeatures, ReviewPhoto};
use crate::views::{self, AuditView};

/// The session, when this device is a facilitator of an audit.
pub(super) fn facilitator_session(profile: &Profile) -> CommandResult<Session> {
    match profile.session()? {
        None => Err(CommandError::new(
            "not_joined",
            "This device has not joined an audit yet.",
        )),
        Some(session) if session.role != Role::Facilitator => Err(CommandError::new(
            "not_allowed",
            "Only a facilitator can do this. Join with a facilitator invite.",
        )),
        Some(session) => Ok(session),
    }
}

/// The session's audit, when it is on this device; only an audit that is
/// truly missing is `audit_not_arrived`, any other failure keeps its code.
fn audit_here(profile: &Profile) -> CommandResult<DocumentId> {
    let session = facilitator_session(profile)?;
    match profile.audit(&session.audit_id) {
        Ok(_) => Ok(session.audit_id),
        Err(ProfileError::Store(store)) if matches!(*store, StoreError::NotFound(_)) => {
            Err(CommandError::new(
                "audit_not_arrived",
                "The audit has not arrived on this device yet. Sync when you are online.",
            ))
        }
        Err(other) => Err(other.into()),
    }
}

fn audit_id_of(text: &str) -> CommandResult<DocumentId> {
    DocumentId::parse(text).map_err(|_| ModelError::NotAnAuditId(text.to_owned()).into())
}

/// A position as the UI sends it.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PositionInput {
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

/// A planned stop as the Prepare form sends it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PlannedStopInput {
    /// Name of area.
    pub name_of_area: String,
    /// Specific location.
    pub specific_location: String,
    /// A pin placed on the map, if any.
    pub position: Option<PositionInput>,
}

/// When photos may be taken, in milliseconds since the epoch.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TimeWindow {
    /// Opens at.
    pub opens_at: i64,
    /// Closes at.
    pub closes_at: i64,
}

/// The Prepare form as the UI sends it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CreateAuditCommand {
    /// Title.
    pub title: String,
    /// City.
    pub city: String,
    /// First day, `YYYY-MM-DD`.
    pub starts_on: String,
    /// Last day, `YYYY-MM-DD`.
    pub ends_on: String,
    /// Where participants gather.
    pub meeting_point: String,
    /// `checklist`, `photovoice`, `both` or `benchmark`.
    pub templates: String,
    /// The stops of the walk, in order.
    pub planned_stops: Vec<PlannedStopInput>,
    /// When photos may be taken (required with the photovoice).
    pub photovoice_window: Option<TimeWindow>,
    /// The city's adapted template (from a workbook or the editor), if not
    /// the built-in one.
    #[serde(default)]
    pub template: Option<TemplateSet>,
}

impl CreateAuditCommand {
    /// The plan the form describes (checked by [`AuditPlan::validate`]).
    pub fn to_plan(&self) -> CommandResult<AuditPlan> {
        let mut stops = Vec::with_capacity(self.planned_stops.len());
        for (order, stop) in (0_i64..).zip(&self.planned_stops) {
            let position = stop
                .position
                .map(|p| Location::new(p.lat, p.lon, LocationSource::Manual))
                .transpose()?;
            stops.push(PlannedStop {
                name_of_area: stop.name_of_area.clone(),
                specific_location: stop.specific_location.clone(),
                position,
                order,
            });
        }
        Ok(AuditPlan {
            audit: NewAudit {
                title: self.title.clone(),
                city: self.city.clone(),
                starts_on: self.starts_on.clone(),
                ends_on: self.ends_on.clone(),
                meeting_point: self.meeting_point.clone(),
                templates: TemplateChoice::from_name(&self.templates)?,
            },
            stops,
            photovoice_window: self.photovoice_window.map(|w| PhotovoiceWindow {
                starts_at: w.opens_at,
                ends_at: w.closes_at,
            }),
            template: self.template.clone(),
        })
    }
}

/// Creates the audit on the session's server, fetches it, plans its stops
/// and photovoice window and syncs them; the session then works on it.
pub fn create_audit(
    profile: &mut Profile,
    request: CreateAuditCommand,
) -> CommandResult<AuditView> {
    let plan = request.to_plan()?;
    let session = facilitator_session(profile)?;
    let id = prepare_audit(profile, &session, &plan)?;
    Ok(profile.audit_view(&id)?)
}

/// What a call to the server needs, taken from the profile so that the
/// call itself runs without holding it (the UI stays responsive).
#[derive(Debug, Clone)]
pub struct ServerLink {
    session: Session,
    transport: Arc<dyn Transport>,
}

impl ServerLink {
    /// The facilitator's session and the profile's transport.
    pub fn of(profile: &Profile) -> CommandResult<Self> {
        Ok(ServerLink {
            session: facilitator_session(profile)?,
            transport: profile.transport(),
        })
    }

    fn client(&self) -> SyncClient {
        SyncClient::with_transport(Arc::clone(&self.transport), &self.session)
    }

    /// The server's last receipt from each participant of the session's
    /// audit; empty when the server does not answer (then unknown).
    pub fn last_syncs(&self) -> BTreeMap<String, i64> {
        self.client()
            .participants(&self.session.audit_id)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|s| s.last_sync_at.map(|at| (s.participant_id, at)))
            .collect()
    }
}

/// The invite form as the UI sends it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CreateInviteCommand {
    /// `participant` or `facilitator`.
    pub role: String,
    /// When it expires, in milliseconds since the epoch.
    pub expires_at: i64,
    /// How many people may join with it.
    pub max_uses: u32,
}

/// An invite as the UI shows it, with its QR code.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct InviteView {
    /// The code, `XXXX-XXXX`.
    pub code: String,
    /// The app link.
    pub link: String,
    /// The QR code (of the browser link when the server gives one) as SVG.
    pub qr_svg: String,
    /// Role granted.
    pub role: Role,
    /// When it expires, in milliseconds since the epoch.
    pub expires_at: i64,
    /// How many people may join with it.
    pub max_uses: u32,
}

/// Creates an invite to the session's audit on the server, within core's
/// invite limits (checked before the server is asked).
pub fn create_invite(link: &ServerLink, request: CreateInviteCommand) -> CommandResult<InviteView> {
    let role = Role::parse(&request.role).ok_or_else(|| {
        CommandError::new(
            "unknown_role",
            format!(
                "Unknown role {:?}: choose participant, facilitator or reader.",
                request.role
            ),
        )
        .with_details(serde_json::json!({ "role": request.role }))
    })?;
    let invite = CreateInviteRequest {
        role,
        expires_in_secs: seconds_until(request.expires_at, now_ms()),
        max_uses: request.max_uses,
    };
    invite.validate()?;
    let created = link
        .client()
        .create_invite(&link.session.audit_id, &invite)?;
    // A phone's camera opens the browser link; older servers send only the app link.
    let qr_text = if created.web_link.is_empty() {
        &created.link
    } else {
        &created.web_link
    };
    Ok(InviteView {
        qr_svg: qr_svg(qr_text)?,
        code: created.code,
        link: created.link,
        role: created.role,
        expires_at: created.expires_at,
        max_uses: created.max_uses,
    })
}

/// Progress per participant, with the server's last receipts from
/// [`ServerLink::last_syncs`].
pub fn progress(
    profile: &Profile,
    last_sync: &BTreeMap<String, i64>,
) -> CommandResult<ProgressView> {
    let id = audit_here(profile)?;
    Ok(views::facilitator::progress(profile, &id, last_sync)?)
}

/// `{ compareWith }` of `results`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ResultsCommand {
    /// The earlier audit to compare with, if any.
    #[serde(default)]
    pub compare_with: Option<String>,
}

/// The merged results, compared with an earlier audit when chosen.
pub fn results(profile: &Profile, request: ResultsCommand) -> CommandResult<AuditResults> {
    let earlier = request
        .compare_with
        .as_deref()
        .map(audit_id_of)
        .transpose()?;
    let id = audit_here(profile)?;
    Ok(views::facilitator::results(profile, &id, earlier.as_ref())?)
}

/// Other audits of a city on this device, and earlier audits opened with
/// a reader invite, newest first.
pub fn audits_of_city(profile: &Profile, city: &str) -> CommandResult<Vec<AuditSummary>> {
    let id = audit_here(profile)?;
    let read_only = facilitator_session(profile)?.read_only_audits;
    Ok(views::facilitator::audits_of_city(
        profile, &id, city, &read_only,
    ))
}

/// `{ code }` of `open_earlier_audit`: a reader invite made by an earlier
/// audit's facilitators.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct EarlierAuditCommand {
    /// The invite code as typed.
    pub code: String,
}

/// Opens an earlier audit to compare rounds: redeems the reader invite on
/// the server, keeps the audit as read-only on this device (no edits, no
/// photos) and syncs to fetch its audit document and responses.
pub fn open_earlier_audit(
    profile: &mut Profile,
    request: EarlierAuditCommand,
) -> CommandResult<AuditSummary> {
    let mut session = facilitator_session(profile)?;
    let client = SyncClient::with_transport(profile.transport(), &session);
    let earlier = client
        .redeem_reader(&request.code)
        .map_err(|error| match error {
            // The token is checked first: a 401 after it is about the code.
            SyncError::Unauthorized(why) => CommandError::new(
                "reader_invite_invalid",
                format!("This reader invite cannot be used: {why}."),
            ),
            other => other.into(),
        })?;
    if earlier.audit_id == session.audit_id {
        return Err(CommandError::new(
            "reader_invite_own_audit",
            "This reader invite is for the audit you are working on.",
        ));
    }
    if !session.read_only_audits.contains(&earlier.audit_id) {
        session.read_only_audits.push(earlier.audit_id.clone());
        profile.set_session(&session)?;
    }
    client.sync_once(profile)?;
    views::facilitator::audit_summary(profile, &earlier.audit_id).ok_or_else(|| {
        CommandError::new(
            "earlier_audit_missing",
            "The earlier audit has not arrived yet: it will come with the next sync.",
        )
        .with_details(serde_json::json!({ "auditId": earlier.audit_id.as_str() }))
    })
}

/// Consensus, ideas, wrap-up, marked photos and report texts.
pub fn facilitator_records(profile: &Profile) -> CommandResult<FacilitatorRecords> {
    let id = audit_here(profile)?;
    Ok(profile.facilitator_records(&id)?)
}

/// An agreed score (`null`: not agreed yet) and a note for a statement.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ConsensusCommand {
    /// The statement.
    pub item: String,
    /// The agreed score.
    pub score: Option<i64>,
    /// The note.
    pub note: String,
}

/// Records the agreed score and a note for a statement.
pub fn set_consensus(
    profile: &mut Profile,
    request: ConsensusCommand,
) -> CommandResult<ConsensusRecord> {
    // Only the type changes here; `Score` decides what is allowed.
    let score = request
        .score
        .map(|s| u8::try_from(s).map_err(|_| ModelError::AgreedScoreOutOfRange(s)))
        .transpose()?;
    let id = audit_here(profile)?;
    profile
        .set_consensus(&id, &request.item, score, &request.note)
        .map_err(|error| match error {
            // An agreed score has no "don't know": say so.
            ProfileError::Invalid(model) => match *model {
                ModelError::ScoreOutOfRange(s) => ModelError::AgreedScoreOutOfRange(s).into(),
                other => other.into(),
            },
            other => other.into(),
        })
}

/// An area's ideas for improvement and recommendations.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AreaIdeasCommand {
    /// The area (a checklist section).
    pub section: String,
    /// Ideas for improvement.
    pub ideas: String,
    /// Recommendations.
    pub recommendations: String,
}

/// Sets an area's ideas for improvement and recommendations.
pub fn set_area_ideas(
    profile: &mut Profile,
    request: AreaIdeasCommand,
) -> CommandResult<AreaIdeas> {
    let id = audit_here(profile)?;
    Ok(profile.set_area_ideas(
        &id,
        &request.section,
        &request.ideas,
        &request.recommendations,
    )?)
}

/// A wrap-up finding of the photovoice.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct WrapUpCommand {
    /// The wrap-up question.
    pub question: String,
    /// The finding.
    pub text: String,
}

/// Records a wrap-up finding of the photovoice.
pub fn set_wrap_up(profile: &mut Profile, request: WrapUpCommand) -> CommandResult<()> {
    let id = audit_here(profile)?;
    Ok(profile.set_wrap_up(&id, &request.question, &request.text)?)
}

/// One of the report's free texts.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ReportTextCommand {
    /// Which text.
    pub which: ReportText,
    /// The text.
    pub text: String,
}

/// Sets one of the report's free texts.
pub fn set_report_text(profile: &mut Profile, request: ReportTextCommand) -> CommandResult<()> {
    let id = audit_here(profile)?;
    Ok(profile.set_report_text(&id, request.which, &request.text)?)
}

/// Keeps the chosen earlier audit in the audit document (`None`: none).
pub fn set_compare_with(profile: &mut Profile, earlier: Option<&str>) -> CommandResult<()> {
    let earlier = earlier.map(audit_id_of).transpose()?;
    let id = audit_here(profile)?;
    Ok(profile.set_compare_with(&id, earlier.as_ref())?)
}

/// A photo to mark for the report, or unmark.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct MarkPhotoCommand {
    /// The photo's hash.
    pub hash: String,
    /// Mark it.
    pub marked: bool,
}

/// Marks or unmarks a photo for the report.
pub fn mark_photo(profile: &mut Profile, request: MarkPhotoCommand) -> CommandResult<ReviewPhoto> {
    let id = audit_here(profile)?;
    profile.mark_photo(&id, &request.hash, request.marked)?;
    views::facilitator::photos_for_review(profile, &id)?
        .into_iter()
        .find(|p| p.hash == request.hash)
        .ok_or_else(|| CommandError::new("unknown_photo", "No such photo in this audit."))
}

/// Every photo of the audit for the photovoice review.
pub fn photos_for_review(profile: &Profile) -> CommandResult<Vec<ReviewPhoto>> {
    let id = audit_here(profile)?;
    Ok(views::facilitator::photos_for_review(profile, &id)?)
}

/// Stops, photos and tracks with a position.
pub fn map_features(profile: &Profile) -> CommandResult<MapFeatures> {
    let id = audit_here(profile)?;
    Ok(views::facilitator::map_features(profile, &id)?)
}

/// Writes an export of the audit in `format` (`csv`, `geojson`, `md`,
/// `html` or `zip`) into `dir`, and says where it went. The report is
/// written in `lang`, the facilitator's choice (`unknown_report_language`
/// when the report has no such language); without a choice, in the UI's
/// language when the report has it, else in English.
pub fn export(
    profile: &Profile,
    format: &str,
    lang: Option<&str>,
    dir: &Path,
) -> CommandResult<ExportResult> {
    let format: ExportFormat = format.parse()?;
    let lang = match lang {
        Some(chosen) => Words::new(chosen).map_err(ExportError::from)?.lang(),
        None => {
            let ui = profile.language().ok().flatten().unwrap_or_default();
            Words::or_english(&ui).lang()
        }
    };
    let id = audit_here(profile)?;
    Ok(views::facilitator::export_to_dir(
        profile, &id, format, dir, lang,
    )?)
}

#[cfg(test)]
#[path = "facilitator_tests.rs"]
mod tests;
