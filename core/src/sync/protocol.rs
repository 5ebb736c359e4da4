//! The HTTP sync protocol's bodies (JSON), shared by the server and clients.
//! `docs/protocol.md` describes every endpoint, body, status and limit.
//!
//! Binary payloads (Automerge sync messages) travel base64-encoded (standard
//! alphabet, with padding) inside JSON so any HTTP client can speak it.

use serde::{Deserialize, Serialize};

use crate::ids::{BlobHash, DocumentId};
use crate::model::NewAudit;

/// Largest request body the server accepts on JSON endpoints, in bytes.
pub const MAX_JSON_BODY: usize = 8 * 1024 * 1024;
/// Largest chunk of a blob upload, in bytes.
pub const MAX_BLOB_CHUNK: usize = 4 * 1024 * 1024;
/// Largest blob (a shared photo), in bytes.
pub const MAX_BLOB_SIZE: u64 = 25 * 1024 * 1024;
/// Most documents in one sync batch.
pub const MAX_BATCH_DOCUMENTS: usize = 500;

/// A role granted by an invite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Scores, visits stops, takes photos; reads the audit, writes only its own response.
    Participant,
    /// Reads everything of its audits and writes the audit document.
    Facilitator,
}

impl Role {
    /// Stored text.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Participant => "participant",
            Role::Facilitator => "facilitator",
        }
    }

    /// Parses stored text.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "participant" => Some(Role::Participant),
            "facilitator" => Some(Role::Facilitator),
            _ => None,
        }
    }
}

/// `POST /v1/join`: redeem an invite code.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct JoinRequest {
    /// The invite code as typed (case and separators ignored).
    pub code: String,
    /// Display name for the roster (a pseudonym is fine).
    pub display_name: String,
    /// Participant group id.
    pub group: String,
    /// Optional self-described gender.
    #[serde(default)]
    pub gender: Option<String>,
}

/// Answer to a join.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinResponse {
    /// Device token: send as `Authorization: Bearer <token>`. Shown once; the server keeps only its hash.
    pub token: String,
    /// Granted role.
    pub role: Role,
    /// The audit document.
    pub audit_id: DocumentId,
    /// Pseudonymous participant id.
    pub participant_id: String,
    /// The participant's response document (participants only): the device creates it.
    pub response_doc: Option<DocumentId>,
}

/// One document's sync message in a batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentMessage {
    /// The document.
    pub doc_id: DocumentId,
    /// A standard Automerge sync message, base64; `None` when this side has nothing to say.
    pub message: Option<String>,
}

/// `POST /v1/sync`: a batch of per-document sync messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncRequest {
    /// Messages, at most one per document.
    pub documents: Vec<DocumentMessage>,
}

/// The server's replies: one per requested document, plus an opening
/// message for every readable document the request did not mention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncResponse {
    /// Replies.
    pub documents: Vec<DocumentMessage>,
}

/// `POST /v1/blobs/missing`: which of these blobs does the server lack?
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingBlobsRequest {
    /// Hashes the client wants to upload.
    pub hashes: Vec<BlobHash>,
}

/// A blob the server lacks and how much of it is already received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingBlob {
    /// Its hash.
    pub hash: BlobHash,
    /// Bytes already received; resume the upload here.
    pub offset: u64,
}

/// Answer to `POST /v1/blobs/missing`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingBlobsResponse {
    /// Blobs to upload (known hashes are left out).
    pub missing: Vec<MissingBlob>,
}

/// Answer to a chunk upload `PUT /v1/blobs/{hash}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlobChunkResponse {
    /// Bytes received so far.
    pub offset: u64,
    /// True once the whole blob arrived and its hash was verified.
    pub complete: bool,
}

/// `POST /v1/audits`: a facilitator creates an audit.
pub type CreateAuditRequest = NewAudit;

/// Answer to creating an audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateAuditResponse {
    /// The new audit document.
    pub audit_id: DocumentId,
}

/// `POST /v1/audits/{id}/invites`: create an invite.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateInviteRequest {
    /// Role granted.
    pub role: Role,
    /// Lifetime in seconds from now.
    pub expires_in_secs: u64,
    /// How many people may join with it.
    pub max_uses: u32,
}

/// A created invite.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invite {
    /// The code a person types (e.g. `K7QX-M2PA`).
    pub code: String,
    /// `cityaudit://join?server=...&code=...`, for the QR code.
    pub link: String,
    /// Role granted.
    pub role: Role,
    /// Expiry (ms since epoch).
    pub expires_at: i64,
    /// Uses allowed.
    pub max_uses: u32,
}

/// One row of `GET /v1/audits/{id}/participants`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipantStatus {
    /// Pseudonymous participant id.
    pub participant_id: String,
    /// Display name.
    pub display_name: String,
    /// Group id.
    pub group: String,
    /// Role.
    pub role: Role,
    /// Response document, for participants.
    pub response_doc: Option<DocumentId>,
    /// Last successful sync (ms since epoch).
    pub last_sync_at: Option<i64>,
    /// True when the device token was revoked.
    pub revoked: bool,
}

/// A JSON error body: `{ "error": code, "message": text }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// Machine-readable code, e.g. `unauthorized`, `forbidden`, `too_large`.
    pub error: String,
    /// What went wrong, in words a person understands.
    pub message: String,
}
