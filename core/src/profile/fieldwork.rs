//! A participant's field work: joining an audit, scoring statements for the
//! whole city and at stops, recording stop visits, accepting the photovoice
//! terms and the walk's track. Each edit is saved durably before it returns.

use super::{OpenResponse, Profile, ProfileError};
use crate::ids::{random_record_id, DocumentId};
use crate::model::{
    AnswerInput, ModelError, NewParticipant, ResponseDocument, StopVisitInput, TrackPoint,
};
use crate::store::{DocumentKind, StoreError};

impl Profile {
    /// Joins an audit: creates this participant's response document with a
    /// fresh pseudonymous participant id. Returns the response document id.
    pub fn join(
        &mut self,
        audit_id: &DocumentId,
        joining: &NewParticipant,
    ) -> Result<DocumentId, ProfileError> {
        let audit = self.audit(audit_id)?;
        let id = DocumentId::random();
        let mut doc = ResponseDocument::create(audit_id, audit, &random_record_id(), joining)?;
        self.store
            .insert_document(&id, DocumentKind::Response, audit_id, doc.automerge())?;
        self.responses
            .insert(id.clone(), OpenResponse::in_memory(doc, audit_id.clone()));
        Ok(id)
    }

    /// Answers a whole-city statement (score, don't know, comment).
    pub fn answer(
        &mut self,
        response_id: &DocumentId,
        item_id: &str,
        input: &AnswerInput,
    ) -> Result<(), ProfileError> {
        self.edit_response(response_id, |doc, audit| doc.answer(audit, item_id, input))
    }

    /// Answers a per-stop statement at a recorded stop.
    pub fn answer_at_stop(
        &mut self,
        response_id: &DocumentId,
        stop_id: &str,
        item_id: &str,
        input: &AnswerInput,
    ) -> Result<(), ProfileError> {
        self.edit_response(response_id, |doc, audit| {
            doc.answer_at_stop(audit, stop_id, item_id, input)
        })
    }

    /// Records a stop visit; returns the stop id.
    pub fn visit_stop(
        &mut self,
        response_id: &DocumentId,
        visit: &StopVisitInput,
    ) -> Result<String, ProfileError> {
        self.edit_response(response_id, |doc, audit| doc.visit_stop(audit, visit))
    }

    /// Accepts the photovoice usage terms later than joining, with whether
    /// photos share their location by default.
    pub fn accept_photo_terms(
        &mut self,
        response_id: &DocumentId,
        share_locations: bool,
    ) -> Result<(), ProfileError> {
        self.edit_response(response_id, |doc, audit| {
            doc.accept_photo_terms(audit, share_locations).map(|_| ())
        })
    }

    /// Appends GPS track points.
    pub fn add_track_points(
        &mut self,
        response_id: &DocumentId,
        points: &[TrackPoint],
    ) -> Result<(), ProfileError> {
        self.edit_response(response_id, |doc, _| doc.add_track_points(points))
    }

    /// The session's response document, or a clear error when there is none.
    pub fn session_response_id(&self) -> Result<DocumentId, ProfileError> {
        let session = self.session()?.ok_or(ModelError::NotJoined)?;
        let id = session.response_doc.ok_or(ModelError::NotJoined)?;
        if !self.responses.contains_key(&id) {
            return Err(StoreError::NotFound(id.to_string()).into());
        }
        Ok(id)
    }
}
