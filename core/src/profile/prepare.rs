//! Preparing an audit: creating it from the built-in templates, planning its
//! stops, its roster and the photovoice time window.

use super::{OpenAudit, Profile, ProfileError};
use crate::ids::DocumentId;
use crate::model::{AuditDocument, NewAudit, PhotovoiceWindow, PlannedStop, RosterEntry};
use crate::store::DocumentKind;
use crate::templates::TemplateSet;

impl Profile {
    /// Creates an audit from the built-in templates.
    pub fn create_audit(&mut self, audit: &NewAudit) -> Result<DocumentId, ProfileError> {
        let id = DocumentId::random();
        let mut doc = AuditDocument::create(&id, audit, &self.templates)?;
        self.store
            .insert_document(&id, DocumentKind::Audit, &id, doc.automerge())?;
        let data = doc.read()?;
        self.audits
            .insert(id.clone(), OpenAudit { doc, data, tail: 0 });
        Ok(id)
    }

    /// Adds a planned stop to an audit.
    pub fn plan_stop(
        &mut self,
        audit_id: &DocumentId,
        stop: &PlannedStop,
    ) -> Result<String, ProfileError> {
        self.edit_audit(audit_id, |audit| audit.plan_stop(stop))
    }

    /// Adds a roster entry to an audit.
    pub fn add_to_roster(
        &mut self,
        audit_id: &DocumentId,
        participant_id: &str,
        entry: &RosterEntry,
    ) -> Result<(), ProfileError> {
        self.edit_audit(audit_id, |audit| audit.add_to_roster(participant_id, entry))
    }

    /// Replaces the audit's template snapshot with a city's adapted set
    /// (only before participants join).
    pub fn replace_template(
        &mut self,
        audit_id: &DocumentId,
        set: &TemplateSet,
    ) -> Result<(), ProfileError> {
        self.edit_audit(audit_id, |audit| audit.replace_template(set))
    }

    /// Sets when photos may be taken for the photovoice.
    pub fn set_photovoice_window(
        &mut self,
        audit_id: &DocumentId,
        window: PhotovoiceWindow,
    ) -> Result<(), ProfileError> {
        self.edit_audit(audit_id, |audit| audit.set_photovoice_window(window))
    }
}
