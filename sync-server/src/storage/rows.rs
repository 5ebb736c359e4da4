//! Stored texts decoded into the domain types, once for both backends.
//!
//! Each backend reads its driver's row into plain values (a [`MemberRow`],
//! the three texts of a document); what those texts must look like (an id,
//! a role, a document kind, a count) and the [`StorageError::Corrupt`] a
//! damaged one gives are decided here, so SQLite and PostgreSQL cannot
//! drift apart.

use super::{DocumentInfo, DocumentKind, MemberRecord, StorageError};
use cityaudit_core::ids::DocumentId;
use cityaudit_core::model::Role;

/// The columns of `members` (as `m`) in the order [`MemberRow`] holds
/// them. A macro, so both dialects can `concat!` it into their SQL at
/// compile time (PostgreSQL caches statements by `&'static str`).
macro_rules! member_columns {
    () => {
        "m.principal_id, m.audit_id, m.role, m.response_doc, m.display_name, m.grp, m.gender, m.joined_at"
    };
}
pub(super) use member_columns;

/// A stored value that is not in the form this version writes.
pub(super) fn corrupt(what: &'static str, detail: impl Into<String>) -> StorageError {
    StorageError::Corrupt {
        what,
        detail: detail.into(),
    }
}

/// A stored role (`facilitator`, `participant`).
pub(super) fn role(text: &str) -> Result<Role, StorageError> {
    Role::parse(text).ok_or_else(|| corrupt("role", text))
}

/// A stored document id.
pub(super) fn doc_id(text: &str) -> Result<DocumentId, StorageError> {
    DocumentId::from_storage(text).map_err(|e| corrupt("document id", e.to_string()))
}

/// A stored document kind (`audit`, `response`).
pub(super) fn kind(text: &str) -> Result<DocumentKind, StorageError> {
    DocumentKind::parse(text).ok_or_else(|| corrupt("document kind", text))
}

/// A stored count that must fit a `u32` (`what` names it in the error).
pub(super) fn count(value: i64, what: &'static str) -> Result<u32, StorageError> {
    u32::try_from(value).map_err(|_| corrupt(what, value.to_string()))
}

/// What a document's `id, kind, audit_id` columns say.
pub(super) fn document_info(
    id: &str,
    kind_text: &str,
    audit_id: &str,
) -> Result<DocumentInfo, StorageError> {
    Ok(DocumentInfo {
        id: doc_id(id)?,
        kind: kind(kind_text)?,
        audit_id: doc_id(audit_id)?,
    })
}

/// A `members` row as the driver read it ([`member_columns!`], in order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct MemberRow {
    pub principal_id: String,
    pub audit_id: String,
    pub role: String,
    pub response_doc: Option<String>,
    pub display_name: String,
    pub group: String,
    pub gender: Option<String>,
    pub joined_at: i64,
}

impl MemberRow {
    /// The membership the row stores.
    pub fn decode(self) -> Result<MemberRecord, StorageError> {
        Ok(MemberRecord {
            principal_id: self.principal_id,
            audit_id: doc_id(&self.audit_id)?,
            role: role(&self.role)?,
            response_doc: self.response_doc.as_deref().map(doc_id).transpose()?,
            display_name: self.display_name,
            group: self.group,
            gender: self.gender,
            joined_at: self.joined_at,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn participant_row(audit: &DocumentId, response: &DocumentId) -> MemberRow {
        MemberRow {
            principal_id: "p1".into(),
            audit_id: audit.as_str().into(),
            role: Role::Participant.as_str().into(),
            response_doc: Some(response.as_str().into()),
            display_name: "Lark".into(),
            group: "g1".into(),
            gender: None,
            joined_at: 7,
        }
    }

    #[test]
    fn a_member_row_decodes_into_its_membership() {
        let (audit, response) = (DocumentId::random(), DocumentId::random());
        let member = participant_row(&audit, &response)
            .decode()
            .expect("decodes");
        assert_eq!(
            member,
            MemberRecord {
                principal_id: "p1".into(),
                audit_id: audit,
                role: Role::Participant,
                response_doc: Some(response),
                display_name: "Lark".into(),
                group: "g1".into(),
                gender: None,
                joined_at: 7,
            }
        );
    }

    #[test]
    fn a_damaged_text_is_reported_as_corrupt_naming_what_was_read() {
        let (audit, response) = (DocumentId::random(), DocumentId::random());
        let mut row = participant_row(&audit, &response);
        row.role = "admin".into();
        assert!(matches!(
            row.decode(),
            Err(StorageError::Corrupt { what: "role", detail }) if detail == "admin"
        ));
        let mut row = participant_row(&audit, &response);
        row.response_doc = Some("not an id".into());
        assert!(matches!(
            row.decode(),
            Err(StorageError::Corrupt {
                what: "document id",
                ..
            })
        ));
        assert!(matches!(
            document_info(audit.as_str(), "photo", audit.as_str()),
            Err(StorageError::Corrupt { what: "document kind", detail }) if detail == "photo"
        ));
        assert!(matches!(
            count(-1, "invite use count"),
            Err(StorageError::Corrupt { what: "invite use count", detail }) if detail == "-1"
        ));
    }

    #[test]
    fn document_info_reads_id_kind_and_audit() {
        let audit = DocumentId::random();
        let response = DocumentId::random();
        assert_eq!(
            document_info(response.as_str(), "response", audit.as_str()).expect("decodes"),
            DocumentInfo {
                id: response,
                kind: DocumentKind::Response,
                audit_id: audit,
            }
        );
    }
}
