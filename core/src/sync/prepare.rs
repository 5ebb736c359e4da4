//! Preparing an audit from a facilitator's device, as one workflow: the
//! plan is checked, the audit is created on the server, the device switches
//! to it and fetches it, puts in the city's adapted template if it has one,
//! plans its stops and photovoice window, and sends the plan back. The app's Prepare form and the desktop demo both use it.

use super::client::{SyncClient, SyncError};
use crate::ids::DocumentId;
use crate::model::Role;
use crate::model::{ModelError, NewAudit, PhotovoiceWindow, PlannedStop};
use crate::profile::{Profile, ProfileError, Session};
use crate::templates::TemplateSet;

/// A new audit with its plan: what the Prepare form holds.
#[derive(Debug, Clone)]
pub struct AuditPlan {
    /// The audit.
    pub audit: NewAudit,
    /// The stops of the walk, in order.
    pub stops: Vec<PlannedStop>,
    /// When photos may be taken (required with the photovoice).
    pub photovoice_window: Option<PhotovoiceWindow>,
    /// The city's adapted checklist, photovoice texts and groups, if not the built-in ones.
    pub template: Option<TemplateSet>,
}

impl AuditPlan {
    /// Checks the whole plan before anything is created: the audit, every
    /// stop, and a photovoice window that a photovoice needs.
    pub fn validate(&self) -> Result<(), ModelError> {
        self.audit.validate()?;
        if let Some(template) = &self.template {
            template.clone().check()?;
        }
        for stop in &self.stops {
            stop.validate()?;
        }
        match &self.photovoice_window {
            Some(window) => window.validate(),
            None if self.audit.templates.photovoice => Err(ModelError::PhotovoiceWindowMissing),
            None => Ok(()),
        }
    }
}

/// Why an audit could not be prepared, and how far it got.
#[derive(Debug, thiserror::Error)]
pub enum PrepareError {
    /// The plan was refused; nothing was created.
    #[error(transparent)]
    Invalid(Box<ModelError>),
    /// The session is not a facilitator's; nothing was created.
    #[error("only a facilitator can create an audit: join with a facilitator invite")]
    NotFacilitator,
    /// The server did not create the audit (offline, refused); nothing was created.
    #[error(transparent)]
    NotCreated(SyncError),
    /// The audit exists on the server and the device works on it, but it
    /// did not arrive, so its stops and window were not planned.
    #[error(
        "the audit was created on the server but has not arrived on this device ({error}): \
         sync when you are online, then plan its stops and photovoice window"
    )]
    NotArrived {
        /// The new audit.
        audit_id: DocumentId,
        /// Why the sync failed.
        error: SyncError,
    },
    /// The audit and its plan are saved on this device, but the plan has
    /// not reached the server yet.
    #[error(
        "the audit is saved on this device, but its plan has not reached the server yet \
         ({error}): it is sent with the next sync, so sync when you are online and do not \
         create the audit again"
    )]
    NotSent {
        /// The new audit.
        audit_id: DocumentId,
        /// Why the sync failed.
        error: SyncError,
    },
    /// The device's store failed.
    #[error(transparent)]
    Local(#[from] ProfileError),
}

impl From<ModelError> for PrepareError {
    fn from(error: ModelError) -> Self {
        PrepareError::Invalid(Box::new(error))
    }
}

/// Creates the audit of `plan` on the facilitator's server (`session`; its
/// audit is replaced by the new one, which the profile then works on),
/// fetches it, plans its stops and photovoice window, and syncs the plan.
/// A failed sync is an error saying what was kept; the audit stays.
pub fn prepare_audit(
    profile: &mut Profile,
    session: &Session,
    plan: &AuditPlan,
) -> Result<DocumentId, PrepareError> {
    plan.validate()?;
    if session.role != Role::Facilitator {
        return Err(PrepareError::NotFacilitator);
    }
    let client = SyncClient::with_transport(profile.transport(), session);
    let audit_id = client
        .create_audit(&plan.audit)
        .map_err(PrepareError::NotCreated)?;
    let session = Session {
        audit_id: audit_id.clone(),
        ..session.clone()
    };
    profile.set_session(&session)?;
    if let Err(error) = client.sync_once(profile) {
        return Err(PrepareError::NotArrived { audit_id, error });
    }
    if let Some(template) = &plan.template {
        profile.replace_template(&audit_id, template)?;
    }
    for stop in &plan.stops {
        profile.plan_stop(&audit_id, stop)?;
    }
    if let Some(window) = plan.photovoice_window {
        profile.set_photovoice_window(&audit_id, window)?;
    }
    match client.sync_once(profile) {
        Ok(_) => Ok(audit_id),
        Err(error) => Err(PrepareError::NotSent { audit_id, error }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TemplateChoice;

    fn plan(templates: &str, window: Option<PhotovoiceWindow>) -> AuditPlan {
        AuditPlan {
            audit: NewAudit {
                title: "Harbour walk".into(),
                city: "Varna".into(),
                starts_on: "2026-06-01".into(),
                ends_on: "2026-06-02".into(),
                meeting_point: String::new(),
                templates: TemplateChoice::from_name(templates).expect("templates"),
            },
            stops: Vec::new(),
            photovoice_window: window,
            template: None,
        }
    }

    #[test]
    fn a_photovoice_needs_its_window() {
        let error = plan("both", None).validate().expect_err("no window");
        assert!(matches!(error, ModelError::PhotovoiceWindowMissing));
        assert_eq!(
            error.to_string(),
            "set when photos may be taken for the photovoice"
        );
        assert!(plan("checklist", None).validate().is_ok());
        let window = PhotovoiceWindow {
            starts_at: 1,
            ends_at: 2,
        };
        assert!(plan("photovoice", Some(window)).validate().is_ok());
    }

    #[test]
    fn an_audit_ending_before_it_starts_is_refused_before_anything_is_created() {
        let mut backwards = plan("checklist", None);
        backwards.audit.ends_on = "2026-05-01".into();
        let error = backwards.validate().expect_err("backwards");
        assert!(matches!(error, ModelError::EndsBeforeStart { .. }));
    }

    #[test]
    fn a_participant_cannot_prepare_an_audit() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut profile = Profile::open(&dir.path().join("p.sqlite")).expect("profile");
        let session = Session {
            server: "http://127.0.0.1:9".into(),
            token: "t".into(),
            role: Role::Participant,
            audit_id: DocumentId::random(),
            participant_id: "p".into(),
            response_doc: None,
            read_only_audits: Vec::new(),
        };
        let error = prepare_audit(&mut profile, &session, &plan("checklist", None))
            .expect_err("participant");
        assert!(matches!(error, PrepareError::NotFacilitator));
    }

    #[test]
    fn unknown_templates_are_named() {
        let error = TemplateChoice::from_name("all").expect_err("unknown");
        assert!(error.to_string().contains("\"all\""), "{error}");
    }
}
