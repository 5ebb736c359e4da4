//! Who may read and write which document and blob: the access policy of the
//! sync server, as pure functions over what the server knows of a caller.
//!
//! The rules (see `DESIGN.md`, "Identity and access"):
//! - a participant reads its audit's document, reads and writes its own
//!   response document, and never reads another participant's answers;
//! - a facilitator reads every document of its audits, writes the audit
//!   document, and only reads response documents;
//! - blobs are readable by whoever may read a response document that
//!   references them, and by the facilitators of an audit whose document
//!   references them (photos received outside the app); participants
//!   upload their photos, facilitators the photos they received.
//!
//! Nothing here does I/O: the server looks the facts up and asks here.

use crate::ids::DocumentId;
use crate::sync::protocol::Role;

/// A caller's membership of one audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    /// The audit.
    pub audit_id: DocumentId,
    /// The role held in it.
    pub role: Role,
    /// The caller's own response document (participants only).
    pub response_doc: Option<DocumentId>,
}

/// A document as the server knows it: which audit it belongs to and whether
/// it is the audit document itself or a response document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentRef<'a> {
    /// The audit document of this audit.
    Audit {
        /// The audit (and document) id.
        audit_id: &'a DocumentId,
    },
    /// A participant's response document.
    Response {
        /// The audit it belongs to.
        audit_id: &'a DocumentId,
        /// The response document's id.
        doc_id: &'a DocumentId,
    },
}

/// What a caller may do with a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Access {
    /// Neither read nor write; the caller must not learn its content.
    Denied,
    /// Receive the document's changes, send none.
    Read,
    /// Receive and send changes.
    ReadWrite,
}

impl Access {
    /// True for [`Access::Read`] and [`Access::ReadWrite`].
    pub fn can_read(self) -> bool {
        self >= Access::Read
    }

    /// True for [`Access::ReadWrite`].
    pub fn can_write(self) -> bool {
        self == Access::ReadWrite
    }
}

/// Why a sync message for a document was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The caller may not read the document at all.
    #[error("you may not read document {0}")]
    NotReadable(String),
    /// The caller may read the document but sent changes to it.
    #[error("document {0} is read-only for you: the message carries changes")]
    ReadOnly(String),
    /// A change makes a response document name another participant or audit.
    #[error("response document {doc} belongs to {expected}: its {field} cannot be {named:?}")]
    WrongIdentity {
        /// The response document.
        doc: String,
        /// `participant.id` or `audit_id`.
        field: &'static str,
        /// The value the document now holds.
        named: String,
        /// Whose it is, as the server recorded it.
        expected: String,
    },
}

/// Who a response document says it belongs to: its `participant.id` and
/// `audit_id`, when set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NamedOwner {
    /// The document's `participant.id`.
    pub participant_id: Option<String>,
    /// The document's `audit_id`.
    pub audit_id: Option<String>,
}

/// Checks that a response document names the participant and audit the
/// server recorded for it, so that no participant can write answers in
/// another's name (absent values are fine: a document still arriving).
pub fn check_response_identity(
    doc_id: &DocumentId,
    named: &NamedOwner,
    participant_id: &str,
    audit_id: &DocumentId,
) -> Result<(), Refusal> {
    let wrong = |field, named: &str, expected: &str| Refusal::WrongIdentity {
        doc: doc_id.to_string(),
        field,
        named: named.to_owned(),
        expected: expected.to_owned(),
    };
    if let Some(named) = named.participant_id.as_deref() {
        if named != participant_id {
            return Err(wrong(
                "participant.id",
                named,
                &format!("participant {participant_id}"),
            ));
        }
    }
    if let Some(named) = named.audit_id.as_deref() {
        if named != audit_id.as_str() {
            return Err(wrong("audit_id", named, &format!("audit {audit_id}")));
        }
    }
    Ok(())
}

/// What `memberships` allow on the document `doc`.
pub fn document_access(memberships: &[Membership], doc: DocumentRef<'_>) -> Access {
    let (audit_id, response) = match doc {
        DocumentRef::Audit { audit_id } => (audit_id, None),
        DocumentRef::Response { audit_id, doc_id } => (audit_id, Some(doc_id)),
    };
    memberships
        .iter()
        .filter(|m| &m.audit_id == audit_id)
        .map(|m| match (m.role, response) {
            (Role::Facilitator, None) => Access::ReadWrite,
            (Role::Participant, None) => Access::Read,
            (Role::Facilitator, Some(_)) => Access::Read,
            (Role::Participant, Some(doc_id)) if m.response_doc.as_ref() == Some(doc_id) => {
                Access::ReadWrite
            }
            (Role::Participant, Some(_)) => Access::Denied,
        })
        .max()
        .unwrap_or(Access::Denied)
}

/// Checks one incoming sync message: readable at all, and carrying changes
/// only where the caller may write.
pub fn check_sync_message(
    memberships: &[Membership],
    doc_id: &DocumentId,
    doc: DocumentRef<'_>,
    carries_changes: bool,
) -> Result<Access, Refusal> {
    let access = document_access(memberships, doc);
    if !access.can_read() {
        return Err(Refusal::NotReadable(doc_id.to_string()));
    }
    if carries_changes && !access.can_write() {
        return Err(Refusal::ReadOnly(doc_id.to_string()));
    }
    Ok(access)
}

/// True when the caller may fetch a blob referenced by `referrers`: a
/// response document whose photo records name its hash, which the caller
/// may read, or an audit document (received photos), which the caller may
/// write, i.e. facilitates. Participants do not read received photos.
pub fn may_read_blob(memberships: &[Membership], referrers: &[DocumentRef<'_>]) -> bool {
    referrers.iter().any(|doc| {
        let access = document_access(memberships, *doc);
        match doc {
            DocumentRef::Audit { .. } => access.can_write(),
            DocumentRef::Response { .. } => access.can_read(),
        }
    })
}

/// True when the caller may upload blobs: participants (their photos) and
/// facilitators (photos received outside the app).
pub fn may_upload_blobs(memberships: &[Membership]) -> bool {
    memberships.iter().any(|m| {
        m.role == Role::Facilitator || (m.role == Role::Participant && m.response_doc.is_some())
    })
}

/// True when the caller facilitates `audit_id`: may create invites, list
/// its participants and revoke their tokens.
pub fn may_manage_audit(memberships: &[Membership], audit_id: &DocumentId) -> bool {
    memberships
        .iter()
        .any(|m| &m.audit_id == audit_id && m.role == Role::Facilitator)
}

/// A membership with its seniority in the audit.
#[derive(Debug, Clone, Copy)]
pub struct Tenure<'a> {
    /// The membership.
    pub membership: &'a Membership,
    /// Whether its holder created the audit (its owner).
    pub created_the_audit: bool,
    /// When its holder joined the audit (ms since the epoch).
    pub joined_at: i64,
}

impl Tenure<'_> {
    /// Orders facilitators: the owner first, then by joining time.
    fn seniority(&self) -> (bool, i64) {
        (!self.created_the_audit, self.joined_at)
    }
}

/// True when a caller holding `caller` memberships may revoke the `target`
/// membership: the caller facilitates the target's audit, and the target is
/// a participant there or a facilitator junior to the caller (the owner is
/// senior to everyone, then earlier joiners to later ones). So a
/// co-facilitator cannot lock out the owner or whoever invited them, and a
/// revocation reaches only that one audit.
pub fn may_revoke(caller: &[Tenure<'_>], target: Tenure<'_>) -> bool {
    caller.iter().any(|mine| {
        mine.membership.role == Role::Facilitator
            && mine.membership.audit_id == target.membership.audit_id
            && (target.membership.role == Role::Participant
                || mine.seniority() < target.seniority())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    struct World {
        audit: DocumentId,
        other_audit: DocumentId,
        mine: DocumentId,
        theirs: DocumentId,
    }

    fn world() -> World {
        World {
            audit: DocumentId::random(),
            other_audit: DocumentId::random(),
            mine: DocumentId::random(),
            theirs: DocumentId::random(),
        }
    }

    fn participant(w: &World) -> Vec<Membership> {
        vec![Membership {
            audit_id: w.audit.clone(),
            role: Role::Participant,
            response_doc: Some(w.mine.clone()),
        }]
    }

    fn facilitator(w: &World) -> Vec<Membership> {
        vec![Membership {
            audit_id: w.audit.clone(),
            role: Role::Facilitator,
            response_doc: None,
        }]
    }

    fn audit_doc(w: &World) -> DocumentRef<'_> {
        DocumentRef::Audit { audit_id: &w.audit }
    }

    fn response<'a>(w: &'a World, doc_id: &'a DocumentId) -> DocumentRef<'a> {
        DocumentRef::Response {
            audit_id: &w.audit,
            doc_id,
        }
    }

    #[test]
    fn participant_reads_the_audit_and_writes_only_its_own_response() {
        let w = world();
        let me = participant(&w);
        assert_eq!(document_access(&me, audit_doc(&w)), Access::Read);
        assert_eq!(
            document_access(&me, response(&w, &w.mine)),
            Access::ReadWrite
        );
        assert_eq!(
            document_access(&me, response(&w, &w.theirs)),
            Access::Denied
        );
    }

    #[test]
    fn participant_may_not_send_changes_to_the_audit_document() {
        let w = world();
        let me = participant(&w);
        assert!(check_sync_message(&me, &w.audit, audit_doc(&w), false).is_ok());
        assert_eq!(
            check_sync_message(&me, &w.audit, audit_doc(&w), true),
            Err(Refusal::ReadOnly(w.audit.to_string()))
        );
        assert!(check_sync_message(&me, &w.mine, response(&w, &w.mine), true).is_ok());
    }

    #[test]
    fn participant_may_not_even_ask_for_another_participants_answers() {
        let w = world();
        let me = participant(&w);
        assert_eq!(
            check_sync_message(&me, &w.theirs, response(&w, &w.theirs), false),
            Err(Refusal::NotReadable(w.theirs.to_string()))
        );
    }

    #[test]
    fn facilitator_writes_the_audit_and_only_reads_responses() {
        let w = world();
        let f = facilitator(&w);
        assert_eq!(document_access(&f, audit_doc(&w)), Access::ReadWrite);
        assert_eq!(document_access(&f, response(&w, &w.theirs)), Access::Read);
        assert!(check_sync_message(&f, &w.theirs, response(&w, &w.theirs), false).is_ok());
        assert!(check_sync_message(&f, &w.theirs, response(&w, &w.theirs), true).is_err());
    }

    #[test]
    fn nobody_reads_documents_of_audits_they_are_not_in() {
        let w = world();
        let other = DocumentRef::Audit {
            audit_id: &w.other_audit,
        };
        assert_eq!(document_access(&participant(&w), other), Access::Denied);
        assert_eq!(document_access(&facilitator(&w), other), Access::Denied);
        assert_eq!(document_access(&[], audit_doc(&w)), Access::Denied);
    }

    #[test]
    fn blobs_follow_the_documents_that_reference_them() {
        let w = world();
        let referenced_by_mine = [response(&w, &w.mine)];
        let referenced_by_theirs = [response(&w, &w.theirs)];
        assert!(may_read_blob(&participant(&w), &referenced_by_mine));
        assert!(!may_read_blob(&participant(&w), &referenced_by_theirs));
        assert!(may_read_blob(&facilitator(&w), &referenced_by_theirs));
        assert!(!may_read_blob(&facilitator(&w), &[]));
        assert!(may_upload_blobs(&participant(&w)));
        assert!(may_upload_blobs(&facilitator(&w)));
        assert!(!may_upload_blobs(&[]));
    }

    #[test]
    fn photos_received_outside_the_app_are_for_the_audits_facilitators_only() {
        let w = world();
        let received = [audit_doc(&w)];
        assert!(may_read_blob(&facilitator(&w), &received));
        assert!(
            !may_read_blob(&participant(&w), &received),
            "participants read the audit document, not its photos"
        );
        let elsewhere = [DocumentRef::Audit {
            audit_id: &w.other_audit,
        }];
        assert!(!may_read_blob(&facilitator(&w), &elsewhere));
    }

    #[test]
    fn only_facilitators_of_a_shared_audit_manage_and_revoke() {
        let w = world();
        assert!(may_manage_audit(&facilitator(&w), &w.audit));
        assert!(!may_manage_audit(&facilitator(&w), &w.other_audit));
        assert!(!may_manage_audit(&participant(&w), &w.audit));
    }

    #[test]
    fn a_facilitator_revokes_participants_and_later_facilitators_of_their_audit_only() {
        let w = world();
        let tenure = |membership, created_the_audit, joined_at| Tenure {
            membership,
            created_the_audit,
            joined_at,
        };
        let facilitating = facilitator(&w);
        let owner = [tenure(&facilitating[0], true, 10)];
        let co = [tenure(&facilitating[0], false, 10)];
        let later = tenure(&facilitating[0], false, 20);
        let member = participant(&w);
        let member = tenure(&member[0], false, 5);
        assert!(may_revoke(&owner, member));
        assert!(may_revoke(&co, member));
        assert!(
            may_revoke(&owner, co[0]),
            "the owner revokes a co-facilitator"
        );
        assert!(may_revoke(&co, later), "and one who joined later");
        assert!(
            !may_revoke(&co, owner[0]),
            "a co-facilitator cannot lock out the owner"
        );
        assert!(!may_revoke(&[later], co[0]), "nor one who joined before");
        assert!(!may_revoke(&owner, owner[0]), "nor anyone themselves");
        assert!(!may_revoke(&[member], member));
        let elsewhere = Membership {
            audit_id: w.other_audit.clone(),
            role: Role::Participant,
            response_doc: Some(w.theirs.clone()),
        };
        assert!(!may_revoke(&owner, tenure(&elsewhere, false, 30)));
    }
}
