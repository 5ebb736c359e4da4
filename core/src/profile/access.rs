//! Which local edits the joined role may make.
//!
//! The sync server refuses a whole batch when it carries a change the token
//! may not write. Refusing such edits on the device, before they exist,
//! keeps a profile from holding changes it could never sync; the device asks
//! the server's own policy ([`crate::sync::access::device_access`]) with the
//! session's membership. A profile without a session (not joined) edits
//! freely.

use super::{ProfileError, Session};
use crate::ids::DocumentId;
use crate::model::Role;
use crate::sync::access::{device_access, Access, HeldDocument};

/// May the session change the audit document `audit`? Facilitators only,
/// and not an earlier audit they read to compare rounds.
pub(super) fn check_audit_edit(
    session: Option<&Session>,
    audit: &DocumentId,
) -> Result<(), ProfileError> {
    let Some(session) = session else {
        return Ok(());
    };
    let membership = session.membership_for(audit);
    if device_access(&membership, HeldDocument::Audit).can_write() {
        Ok(())
    } else if membership.role == Role::Reader {
        Err(ProfileError::NotAllowed(
            "This earlier audit is read-only: it was shared to compare rounds.",
        ))
    } else {
        Err(ProfileError::NotAllowed(
            "Only a facilitator can change the audit.",
        ))
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
    match device_access(&session.membership(), HeldDocument::Response(response)) {
        Access::ReadWrite => Ok(()),
        // Readable but not writable: a facilitator's view of the answers.
        Access::Read => Err(ProfileError::NotAllowed(
            "A facilitator cannot change a participant's answers.",
        )),
        Access::Denied => Err(ProfileError::NotAllowed(
            "These answers belong to another participant.",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(role: Role, response_doc: Option<DocumentId>) -> Session {
        Session {
            server: "http://127.0.0.1:1".into(),
            token: "t".into(),
            role,
            audit_id: DocumentId::random(),
            participant_id: "p1".into(),
            response_doc,
            read_only_audits: Vec::new(),
        }
    }

    fn refusal(result: Result<(), ProfileError>) -> &'static str {
        match result {
            Err(ProfileError::NotAllowed(why)) => why,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn each_refusal_says_why_in_the_words_of_the_role() {
        let mine = DocumentId::random();
        let theirs = DocumentId::random();
        let participant = session(Role::Participant, Some(mine.clone()));
        let facilitator = session(Role::Facilitator, None);
        let audit = participant.audit_id.clone();
        assert!(check_response_edit(Some(&participant), &mine).is_ok());
        assert_eq!(
            refusal(check_response_edit(Some(&participant), &theirs)),
            "These answers belong to another participant."
        );
        assert_eq!(
            refusal(check_response_edit(Some(&facilitator), &theirs)),
            "A facilitator cannot change a participant's answers."
        );
        assert_eq!(
            refusal(check_audit_edit(Some(&participant), &audit)),
            "Only a facilitator can change the audit."
        );
        assert!(check_audit_edit(Some(&facilitator), &audit).is_ok());
    }

    #[test]
    fn a_facilitator_edits_every_audit_its_device_holds_and_no_one_is_stopped_before_joining() {
        let facilitator = session(Role::Facilitator, None);
        let another_audit = DocumentId::random();
        assert!(check_audit_edit(Some(&facilitator), &another_audit).is_ok());
        assert!(check_audit_edit(None, &another_audit).is_ok());
        assert!(check_response_edit(None, &another_audit).is_ok());
    }

    #[test]
    fn an_earlier_audit_read_to_compare_rounds_is_not_edited() {
        let mut facilitator = session(Role::Facilitator, None);
        let earlier = DocumentId::random();
        facilitator.read_only_audits.push(earlier.clone());
        assert_eq!(
            refusal(check_audit_edit(Some(&facilitator), &earlier)),
            "This earlier audit is read-only: it was shared to compare rounds."
        );
        let own = facilitator.audit_id.clone();
        assert!(check_audit_edit(Some(&facilitator), &own).is_ok());
    }
}
