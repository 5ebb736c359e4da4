//! The server's durable state behind a small trait: people and their device
//! tokens, audit memberships, invites, documents (snapshot + append-only
//! changes), per-device sync states and which documents reference which blob.
//!
//! Every request works in one [`Transaction`]: it commits everything or
//! nothing, and a sync is committed before its reply is sent. Changes are
//! appended, never read-modify-written; compaction removes exactly the
//! change rows it folded into the snapshot, so a backend shared by several
//! server instances ([`postgres`]) loses no concurrent update.
//!
//! [`sqlite`] is the default backend: one file, zero configuration.
//! [`postgres`] lets several instances behind a load balancer share one
//! database.

#[cfg(any(test, feature = "conformance"))]
pub mod conformance;
pub mod postgres;
mod rows;
pub mod sqlite;

use cityaudit_core::ids::{BlobHash, DocumentId};
use cityaudit_core::model::Role;
use cityaudit_core::sync::access::{DocumentRef, Membership};

pub use postgres::PostgresStorage;
pub use sqlite::SqliteStorage;

/// Why the storage failed.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// SQLite reported an error.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// PostgreSQL reported an error.
    #[error("PostgreSQL error: {}", postgres_message(.0))]
    Postgres(#[from] ::postgres::Error),
    /// The PostgreSQL server could not be reached or refused the login.
    #[error("cannot connect to PostgreSQL at {target}: {}", postgres_message(.source))]
    Connect {
        /// `user@host:port/database` (never the password).
        target: String,
        /// Why.
        source: ::postgres::Error,
    },
    /// The database URL could not be understood.
    #[error("the database URL is not valid: {0}")]
    Config(String),
    /// The database cannot take the request now (every connection busy).
    #[error("the database is busy: {0}")]
    Unavailable(String),
    /// A stored value is not in the form this version writes.
    #[error("stored {what} is damaged: {detail}")]
    Corrupt {
        /// What was being read.
        what: &'static str,
        /// What is wrong with it.
        detail: String,
    },
    /// The database was written by a newer version of the server.
    #[error("the database has schema version {found}, newer than this server's {supported}; update the server")]
    TooNew {
        /// Version in the file.
        found: i64,
        /// Newest version this build knows.
        supported: i64,
    },
    /// A row that must be unique already exists.
    #[error("{0} already exists")]
    Duplicate(&'static str),
    /// A commit could not be made durable (the disk refused to sync).
    #[error("the commit could not be written to disk: {0}")]
    Durability(std::io::Error),
}

/// A PostgreSQL error with its cause (the error's own text names only its kind).
fn postgres_message(error: &::postgres::Error) -> String {
    match std::error::Error::source(error) {
        Some(cause) => format!("{error}: {cause}"),
        None => error.to_string(),
    }
}

/// A token's recorded last sync may be this many milliseconds old before
/// [`Transaction::touch_token`] writes it again: a sync that changed nothing
/// else then writes nothing at all.
pub const TOUCH_GRANULARITY_MS: i64 = 30_000;

/// A person known to the server: a facilitator created by the CLI, or
/// someone who joined with an invite. The id is the pseudonymous
/// participant id used in the audit document's roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// Pseudonymous id.
    pub id: String,
    /// Facilitators may create audits; participants may not.
    pub kind: Role,
    /// Name (display name for those who joined).
    pub name: String,
    /// Creation time (ms since epoch).
    pub created_at: i64,
}

/// A device token as stored (only its SHA-256 is kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRecord {
    /// Whose token it is.
    pub principal_id: String,
    /// True once revoked: the token is refused everywhere.
    pub revoked: bool,
}

/// One person's membership of one audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRecord {
    /// The person.
    pub principal_id: String,
    /// The audit.
    pub audit_id: DocumentId,
    /// Role held.
    pub role: Role,
    /// Their response document (participants only).
    pub response_doc: Option<DocumentId>,
    /// Display name.
    pub display_name: String,
    /// Participant group id (empty for facilitators who created the audit).
    pub group: String,
    /// Optional self-described gender.
    pub gender: Option<String>,
    /// When they joined (ms since epoch).
    pub joined_at: i64,
}

impl MemberRecord {
    /// The membership as the access policy sees it.
    pub fn membership(&self) -> Membership {
        Membership {
            audit_id: self.audit_id.clone(),
            role: self.role,
            response_doc: self.response_doc.clone(),
        }
    }
}

/// A member of an audit with their devices' sync status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberStatus {
    /// The membership.
    pub member: MemberRecord,
    /// Latest sync of any of their tokens (ms since epoch).
    pub last_sync_at: Option<i64>,
    /// True when their membership of this audit is revoked, or they have
    /// tokens and every one is revoked.
    pub revoked: bool,
}

/// An invite as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InviteRecord {
    /// Canonical code (no separator).
    pub code: String,
    /// The audit it admits to.
    pub audit_id: DocumentId,
    /// Role granted.
    pub role: Role,
    /// Who created it (`None` for the CLI).
    pub created_by: Option<String>,
    /// Creation time (ms since epoch).
    pub created_at: i64,
    /// Expiry (ms since epoch).
    pub expires_at: i64,
    /// How many joins it allows.
    pub max_uses: u32,
    /// How many joins it has admitted.
    pub uses: u32,
}

pub use cityaudit_core::store::DocumentKind;

/// What the server knows of a document without loading it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentInfo {
    /// Its id.
    pub id: DocumentId,
    /// Audit or response.
    pub kind: DocumentKind,
    /// The audit it belongs to (itself for an audit document).
    pub audit_id: DocumentId,
}

impl DocumentInfo {
    /// The document as the access policy sees it.
    pub fn as_ref(&self) -> DocumentRef<'_> {
        match self.kind {
            DocumentKind::Audit => DocumentRef::Audit {
                audit_id: &self.audit_id,
            },
            DocumentKind::Response => DocumentRef::Response {
                audit_id: &self.audit_id,
                doc_id: &self.id,
            },
        }
    }
}

/// A stored document: its snapshot followed by its change rows (loadable
/// as one Automerge byte string), and which change rows those are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDocument {
    /// Snapshot and changes, concatenated.
    pub bytes: Vec<u8>,
    /// Sequence numbers of the change rows included.
    pub change_seqs: Vec<i64>,
}

/// A storage backend.
pub trait Storage: Send + Sync {
    /// Begins a transaction. Dropping it without [`Transaction::commit`]
    /// rolls everything back.
    fn begin(&self) -> Result<Box<dyn Transaction + '_>, StorageError>;
}

/// The operations of one transaction.
pub trait Transaction {
    /// Stores a new person.
    fn insert_principal(&mut self, principal: &Principal) -> Result<(), StorageError>;
    /// A person by id.
    fn principal(&mut self, id: &str) -> Result<Option<Principal>, StorageError>;
    /// Stores a device token's hash for a person.
    fn insert_token(
        &mut self,
        hash: &str,
        principal_id: &str,
        now: i64,
    ) -> Result<(), StorageError>;
    /// A token by hash.
    fn token(&mut self, hash: &str) -> Result<Option<TokenRecord>, StorageError>;
    /// Records a completed sync of a token. Backends may skip the write
    /// while the recorded time is less than [`TOUCH_GRANULARITY_MS`] old.
    fn touch_token(&mut self, hash: &str, now: i64) -> Result<(), StorageError>;
    /// Revokes every token of a person; returns how many were still valid.
    fn revoke_principal(&mut self, principal_id: &str, now: i64) -> Result<usize, StorageError>;
    /// Revokes one token; false when no such token exists.
    fn revoke_token(&mut self, hash: &str, now: i64) -> Result<bool, StorageError>;

    /// Stores a membership.
    fn insert_member(&mut self, member: &MemberRecord) -> Result<(), StorageError>;
    /// Every membership of a person that is not revoked.
    fn memberships(&mut self, principal_id: &str) -> Result<Vec<MemberRecord>, StorageError>;
    /// Revokes (`Some(time)`) or restores (`None`) a person's membership of
    /// an audit; false when they are not a member of it.
    fn set_membership_revoked(
        &mut self,
        principal_id: &str,
        audit_id: &DocumentId,
        revoked_at: Option<i64>,
    ) -> Result<bool, StorageError>;
    /// Every member of an audit, with sync status, in joining order.
    fn members(&mut self, audit_id: &DocumentId) -> Result<Vec<MemberStatus>, StorageError>;

    /// Stores an invite; [`StorageError::Duplicate`] if the code is taken.
    fn insert_invite(&mut self, invite: &InviteRecord) -> Result<(), StorageError>;
    /// An invite by canonical code.
    fn invite(&mut self, code: &str) -> Result<Option<InviteRecord>, StorageError>;
    /// Counts one join with an invite.
    fn count_invite_use(&mut self, code: &str) -> Result<(), StorageError>;

    /// Stores a new document from a snapshot.
    fn insert_document(
        &mut self,
        info: &DocumentInfo,
        snapshot: &[u8],
        now: i64,
    ) -> Result<(), StorageError>;
    /// What is known of a document, if it exists.
    fn document_info(&mut self, id: &DocumentId) -> Result<Option<DocumentInfo>, StorageError>;
    /// Every audit document, oldest first.
    fn audits(&mut self) -> Result<Vec<DocumentId>, StorageError>;
    /// Every response document of an audit, oldest first.
    fn responses(&mut self, audit_id: &DocumentId) -> Result<Vec<DocumentInfo>, StorageError>;
    /// A document's snapshot and change rows.
    fn load_document(&mut self, id: &DocumentId) -> Result<Option<StoredDocument>, StorageError>;
    /// Appends a change row; returns its sequence number. The document's
    /// recorded heads become unknown until [`Transaction::set_document_heads`].
    fn append_change(&mut self, id: &DocumentId, bytes: &[u8]) -> Result<i64, StorageError>;
    /// The document's current heads as recorded (sorted 32-byte change
    /// hashes, concatenated); `None` when unknown or no such document.
    fn document_heads(&mut self, id: &DocumentId) -> Result<Option<Vec<u8>>, StorageError>;
    /// Records the document's current heads (as [`Transaction::document_heads`] returns them).
    fn set_document_heads(&mut self, id: &DocumentId, heads: &[u8]) -> Result<(), StorageError>;
    /// Replaces the snapshot and deletes exactly the change rows `folded`
    /// into it (rows appended meanwhile by others stay).
    fn compact(
        &mut self,
        id: &DocumentId,
        snapshot: &[u8],
        folded: &[i64],
    ) -> Result<(), StorageError>;

    /// The persisted Automerge sync state of a token for a document.
    fn sync_state(
        &mut self,
        token_hash: &str,
        doc: &DocumentId,
    ) -> Result<Option<Vec<u8>>, StorageError>;
    /// Persists a sync state.
    fn set_sync_state(
        &mut self,
        token_hash: &str,
        doc: &DocumentId,
        state: &[u8],
    ) -> Result<(), StorageError>;

    /// Replaces the set of blobs a document references.
    fn set_blob_refs(&mut self, doc: &DocumentId, hashes: &[BlobHash]) -> Result<(), StorageError>;
    /// The documents that reference a blob.
    fn blob_referrers(&mut self, hash: &BlobHash) -> Result<Vec<DocumentInfo>, StorageError>;
    /// Records that a person uploaded a blob's whole bytes (`bytes` long).
    fn add_blob_uploader(
        &mut self,
        hash: &BlobHash,
        principal_id: &str,
        bytes: u64,
    ) -> Result<(), StorageError>;
    /// The people who uploaded a blob's whole bytes.
    fn blob_uploaders(&mut self, hash: &BlobHash) -> Result<Vec<String>, StorageError>;
    /// Bytes of all the blobs a person uploaded.
    fn uploaded_bytes(&mut self, principal_id: &str) -> Result<u64, StorageError>;

    /// Makes everything durable; returns once it is on disk (SQLite syncs
    /// the WAL file for groups of concurrent commits).
    fn commit(self: Box<Self>) -> Result<(), StorageError>;
}
