//! Who may read and write which document and blob: the access policy of the
//! sync server and of the devices, as pure functions over what is known of
//! a caller (the server's memberships, or a device's session).
//!
//! The rules (documented in `docs/protocol.md`, §2 "Who may do what"):
//! - a participant reads its audit's document, reads and writes its own
//!   response document, and never reads another participant's answers;
//! - a facilitator reads every document of its audits, writes the audit
//!   document, and only reads response documents;
//! - blobs are readable by whoever may read a response document that
//!   references them, and by the facilitators of an audit whose document
//!   references them (photos received outside the app); participants
//!   upload their photos, facilitators the photos they received;
//! - a reader (a facilitator of a later round) reads an earlier audit's
//!   document and responses to compare, and writes and fetches no photo;
//! - an audit's base map package (referenced by its audit document) is
//!   readable by every member of the audit: participants, facilitators and
//!   readers; facilitators upload it.
//!
//! Nothing here does I/O: the server and the device look the facts up and
//! ask here, so both apply the same rules. The server also checks that the
//! writer of a reference uploaded the blob, which only it can know.

use crate::ids::DocumentId;
use crate::model::Role;

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

/// The response documents of its audit a membership may read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadableResponses<'a> {
    /// None of them (a participant without a response document).
    None,
    /// Only this one, the participant's own: read and written.
    Own(&'a DocumentId),
    /// Every one (facilitators): read, never written.
    Every,
}

/// Which response documents of its audit `membership` may read; every
/// membership also reads its audit's document.
pub fn readable_responses(membership: &Membership) -> ReadableResponses<'_> {
    match membership.role {
        Role::Facilitator | Role::Reader => ReadableResponses::Every,
        Role::Participant => membership
            .response_doc
            .as_ref()
            .map_or(ReadableResponses::None, ReadableResponses::Own),
    }
}

/// What one membership allows on the document `doc`.
fn membership_access(membership: &Membership, doc: DocumentRef<'_>) -> Access {
    match doc {
        DocumentRef::Audit { audit_id } if *audit_id == membership.audit_id => {
            match membership.role {
                Role::Facilitator => Access::ReadWrite,
                Role::Participant | Role::Reader => Access::Read,
            }
        }
        DocumentRef::Response { audit_id, doc_id } if *audit_id == membership.audit_id => {
            match readable_responses(membership) {
                ReadableResponses::Own(own) if own == doc_id => Access::ReadWrite,
                ReadableResponses::Every => Access::Read,
                ReadableResponses::Own(_) | ReadableResponses::None => Access::Denied,
            }
        }
        DocumentRef::Audit { .. } | DocumentRef::Response { .. } => Access::Denied,
    }
}

/// What `memberships` allow on the document `doc`.
pub fn document_access(memberships: &[Membership], doc: DocumentRef<'_>) -> Access {
    memberships
        .iter()
        .map(|m| membership_access(m, doc))
        .max()
        .unwrap_or(Access::Denied)
}

/// True when `membership` may write `doc`: the one membership whose holder
/// can have written what the document says (a blob reference, say).
pub fn may_write(membership: &Membership, doc: DocumentRef<'_>) -> bool {
    membership_access(membership, doc).can_write()
}

/// The membership under which the caller may create the response document
/// `doc_id`, which the server does not hold yet: only a participant's own,
/// which its device creates and the server first hears of at sync.
pub fn own_new_response<'a>(
    memberships: &'a [Membership],
    doc_id: &DocumentId,
) -> Option<&'a Membership> {
    memberships.iter().find(|m| {
        may_write(
            m,
            DocumentRef::Response {
                audit_id: &m.audit_id,
                doc_id,
            },
        )
    })
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
/// write, i.e. facilitates. Participants do not read received photos;
/// readers of an earlier audit compare its scores and see none of its
/// photos.
pub fn may_read_blob(memberships: &[Membership], referrers: &[DocumentRef<'_>]) -> bool {
    let photo_readers: Vec<Membership> = memberships
        .iter()
        .filter(|m| m.role != Role::Reader)
        .cloned()
        .collect();
    referrers.iter().any(|doc| {
        let access = document_access(&photo_readers, *doc);
        match doc {
            DocumentRef::Audit { .. } => access.can_write(),
            DocumentRef::Response { .. } => access.can_read(),
        }
    })
}

/// True when the caller may fetch the base map package that the audit
/// `audit_id`'s document references: every member of the audit, whatever
/// their role; nobody else.
pub fn may_read_base_map(memberships: &[Membership], audit_id: &DocumentId) -> bool {
    memberships.iter().any(|m| &m.audit_id == audit_id)
}

/// True when a device joined under `membership` may download the base map
/// of `audit_id`, which it holds: the server's [`may_read_base_map`].
pub fn device_may_read_base_map(membership: &Membership, audit_id: &DocumentId) -> bool {
    may_read_base_map(std::slice::from_ref(membership), audit_id)
}

/// True when a person of `kind` (the role they were first created with)
/// may create audits and redeem reader invites to earlier audits:
/// facilitators.
pub fn may_create_audits(kind: Role) -> bool {
    kind == Role::Facilitator
}

/// True when the caller may upload blobs: participants (their photos) and
/// facilitators (photos received outside the app).
pub fn may_upload_blobs(memberships: &[Membership]) -> bool {
    memberships.iter().any(|m| {
        m.role == Role::Facilitator || (m.role == Role::Participant && m.response_doc.is_some())
    })
}

/// True when the caller may upload a blob larger than a photo (a base map
/// package, up to [`MAX_BASE_MAP_BYTES`](crate::basemap::MAX_BASE_MAP_BYTES)):
/// facilitators, who attach base maps.
pub fn may_upload_base_maps(memberships: &[Membership]) -> bool {
    memberships.iter().any(|m| m.role == Role::Facilitator)
}

/// A document a device holds, as the device asks about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeldDocument<'a> {
    /// An audit document.
    Audit,
    /// A response document.
    Response(&'a DocumentId),
}

impl<'a> HeldDocument<'a> {
    /// The document as the server sees it, taken to be of `membership`'s audit.
    fn of(self, membership: &'a Membership) -> DocumentRef<'a> {
        let audit_id = &membership.audit_id;
        match self {
            HeldDocument::Audit => DocumentRef::Audit { audit_id },
            HeldDocument::Response(doc_id) => DocumentRef::Response { audit_id, doc_id },
        }
    }
}

/// What a device joined under `membership` (its session's) may do with a
/// document it holds, as the server would answer at sync: the device
/// refuses locally what the server would refuse. The device knows only the
/// membership it joined with and holds only documents its token may read,
/// so each document is asked about as one of that membership's audit (a
/// facilitator's device holds every audit it facilitates).
pub fn device_access(membership: &Membership, doc: HeldDocument<'_>) -> Access {
    document_access(std::slice::from_ref(membership), doc.of(membership))
}

/// True when a device joined under `membership` may download a blob that
/// the documents `referrers`, held on the device, reference: the server's
/// [`may_read_blob`] for the device's documents.
pub fn device_may_read_blob(membership: &Membership, referrers: &[HeldDocument<'_>]) -> bool {
    let referrers: Vec<DocumentRef<'_>> = referrers.iter().map(|doc| doc.of(membership)).collect();
    may_read_blob(std::slice::from_ref(membership), &referrers)
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
/// a participant or reader there, or a facilitator junior to the caller (the owner is
/// senior to everyone, then earlier joiners to later ones). So a
/// co-facilitator cannot lock out the owner or whoever invited them, and a
/// revocation reaches only that one audit.
pub fn may_revoke(caller: &[Tenure<'_>], target: Tenure<'_>) -> bool {
    caller.iter().any(|mine| {
        mine.membership.role == Role::Facilitator
            && mine.membership.audit_id == target.membership.audit_id
            && (target.membership.role != Role::Facilitator
                || mine.seniority() < target.seniority())
    })
}

#[cfg(test)]
#[path = "access_tests.rs"]
mod tests;
