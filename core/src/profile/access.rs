//! Which local edits the joined role may make.
//!
//! The sync server refuses a whole batch when it carries a change the token
//! may not write (see `crate::sync::access`). Refusing such edits on the
//! device, before they exist, keeps a profile from holding changes it could
//! never sync. A profile without a session (not joined) edits freely.

use super::{ProfileError, Session};
use crate::ids::DocumentId;
use crate::sync::protocol::Role;

/// May the session change the audit document `_audit`? Facilitators only.
pub(super) fn check_audit_edit(
    session: Option<&Session>,
    _audit: &DocumentId,
) -> Result<(), ProfileError> {
    match session.map(|s| s.role) {
        Some(Role::Participant) => Err(ProfileError::NotAllowed(
            "Only a facilitator can change the audit.",
        )),
        Some(Role::Facilitator) | None => Ok(()),
    }
}

/// May the session change the response document `response`? Only the
/// participant who owns it.
pub(super) fn check_response_edit(
    session: Option<&Session>,
    response: &DocumentId,
) -> Result<(), ProfileError> {
    let Some(session) = session else {
        return Ok(());
    };
    match session.role {
        Role::Facilitator => Err(ProfileError::NotAllowed(
            "A facilitator cannot change a participant's answers.",
        )),
        Role::Participant if session.response_doc.as_ref() == Some(response) => Ok(()),
        Role::Participant => Err(ProfileError::NotAllowed(
            "These answers belong to another participant.",
        )),
    }
}
