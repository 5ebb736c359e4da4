//! The HTTP sync protocol's bodies (JSON), shared by the server and clients.
//! `docs/protocol.md` describes every endpoint, body, status and limit.
//!
//! Binary payloads (Automerge sync messages) travel base64-encoded (standard
//! alphabet, with padding) inside JSON so any HTTP client can speak it.

use serde::{Deserialize, Serialize};

use crate::ids::{BlobHash, DocumentId};
use crate::model::{limits, normalize_gender, ModelError, NewAudit, RosterEntry};

/// Largest request body the server accepts on JSON endpoints, in bytes.
pub const MAX_JSON_BODY: usize = 8 * 1024 * 1024;
/// Largest chunk of a blob upload, in bytes.
pub const MAX_BLOB_CHUNK: usize = 4 * 1024 * 1024;
/// Largest blob (a shared photo), in bytes.
pub const MAX_BLOB_SIZE: u64 = 25 * 1024 * 1024;
/// Most documents in one sync batch.
pub const MAX_BATCH_DOCUMENTS: usize = 500;
/// Most hashes one `POST /v1/blobs/missing` may ask about (a client asks in batches).
pub const MAX_MISSING_HASHES: usize = 1_000;
/// Bytes of photos one person may store on the server.
pub const MAX_UPLOADED_BYTES: u64 = 512 * 1024 * 1024;
/// Longest lifetime of an invite, in seconds (90 days).
pub const MAX_INVITE_LIFETIME_SECS: u64 = 90 * 24 * 3600;
/// Most joins one invite may allow.
pub const MAX_INVITE_USES: u32 = 10_000;

pub use crate::model::Role;

/// `POST /v1/readers`: a facilitator redeems a reader invite to an earlier audit.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RedeemReaderRequest {
    /// The reader invite's code as typed (case and separators ignored).
    pub code: String,
}

/// The earlier audit a reader invite opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EarlierAudit {
    /// The audit (read from the next sync on).
    pub audit_id: DocumentId,
    /// Its title.
    pub title: String,
    /// Its city.
    pub city: String,
    /// Its first day, `YYYY-MM-DD`.
    pub starts_on: String,
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
    /// Optional gender: a choice's code (see `model::GENDER_CHOICES`) or a
    /// self-description.
    #[serde(default)]
    pub gender: Option<String>,
}

impl JoinRequest {
    /// The roster entry for this person, checked except for the group and
    /// display name, which the audit document checks when it is added.
    pub fn roster_entry(
        &self,
        role: Role,
        response_doc: Option<&DocumentId>,
        joined_at: i64,
    ) -> Result<RosterEntry, ModelError> {
        let gender = normalize_gender(self.gender.as_deref());
        if let Some(gender) = &gender {
            let len = gender.chars().count();
            if len > limits::DISPLAY_NAME {
                return Err(ModelError::TooLong {
                    field: "gender",
                    len,
                    max: limits::DISPLAY_NAME,
                });
            }
        }
        Ok(RosterEntry {
            display_name: self.display_name.trim().to_owned(),
            group: self.group.clone(),
            gender,
            role: role.as_str().to_owned(),
            response_doc: response_doc.map(|d| d.to_string()),
            joined_at,
        })
    }
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

/// The characters of an invite code: digits and capitals without the ones
/// people confuse (0/O, 1/I/L).
pub const INVITE_CODE_ALPHABET: &str = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// Characters in an invite code (shown as two groups of four).
pub const INVITE_CODE_LEN: usize = 8;

/// An invite code in its canonical form: [`INVITE_CODE_LEN`] characters of
/// [`INVITE_CODE_ALPHABET`]. Displayed as `XXXX-XXXX`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct InviteCode(String);

impl InviteCode {
    /// A fresh random code.
    pub fn random() -> Self {
        use rand::Rng;
        let alphabet = INVITE_CODE_ALPHABET.as_bytes();
        let mut rng = rand::rng();
        let code = (0..INVITE_CODE_LEN)
            .map(|_| char::from(alphabet[rng.random_range(0..alphabet.len())]))
            .collect();
        InviteCode(code)
    }

    /// Reads a code as a person typed it: case, spaces and dashes are
    /// ignored. `None` when it cannot be a code.
    pub fn parse(typed: &str) -> Option<Self> {
        let code: String = typed
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let valid = code.chars().count() == INVITE_CODE_LEN
            && code.chars().all(|c| INVITE_CODE_ALPHABET.contains(c));
        valid.then_some(InviteCode(code))
    }

    /// The canonical form without separator, as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The link shown as a QR code: `cityaudit://join?server=URL&code=CODE`,
    /// with the server URL percent-encoded.
    pub fn link(&self, server: &str) -> String {
        let server = server.trim_end_matches('/');
        let mut encoded = String::with_capacity(server.len() * 3);
        for byte in server.bytes() {
            if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
                encoded.push(char::from(byte));
            } else {
                encoded.push_str(&format!("%{byte:02X}"));
            }
        }
        format!("cityaudit://join?server={encoded}&code={self}")
    }

    /// The link a phone's camera opens in the browser:
    /// `https://HOST/app/join?code=CODE`. The browser app is served by the
    /// sync server itself, so the server is the link's own origin; the
    /// native app accepts this form too.
    pub fn web_link(&self, server: &str) -> String {
        format!("{}/app/join?code={self}", server.trim_end_matches('/'))
    }
}

impl std::fmt::Display for InviteCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (first, second) = self.0.split_at(INVITE_CODE_LEN / 2);
        write!(f, "{first}-{second}")
    }
}

/// A created invite.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Invite {
    /// The code a person types (e.g. `K7QX-M2PA`).
    pub code: String,
    /// `cityaudit://join?server=...&code=...`, for the native app.
    pub link: String,
    /// `https://…/app/join?code=…`: the QR code's content, opened by a
    /// phone's camera in the browser app (and accepted by the native app).
    /// Empty from servers older than the browser app.
    #[serde(default)]
    pub web_link: String,
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

/// `POST /v1/tokens/revoke`: revoke every device token of a participant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevokeRequest {
    /// The participant (or facilitator) whose tokens stop working.
    pub participant_id: String,
}

/// A JSON error body: `{ "error": code, "message": text }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// Machine-readable code, e.g. `unauthorized`, `forbidden`, `too_large`.
    pub error: String,
    /// What went wrong, in words a person understands.
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invite_codes_are_read_ignoring_case_spaces_and_dashes() {
        let code = InviteCode::parse("k7qx-m2pa").expect("valid");
        assert_eq!(code.as_str(), "K7QXM2PA");
        assert_eq!(code.to_string(), "K7QX-M2PA");
        assert_eq!(InviteCode::parse(" K7QX M2PA "), Some(code.clone()));
        assert_eq!(InviteCode::parse("K7-QX-M2-PA"), Some(code));
    }

    #[test]
    fn invite_codes_with_wrong_length_or_confusable_characters_are_refused() {
        assert_eq!(InviteCode::parse("K7QX-M2P"), None);
        assert_eq!(InviteCode::parse("K7QX-M2PAA"), None);
        assert_eq!(InviteCode::parse("K7QX-M2P0"), None, "zero is not used");
        assert_eq!(InviteCode::parse("K7QX-M2PI"), None, "I is not used");
        assert_eq!(InviteCode::parse(""), None);
        assert_eq!(InviteCode::parse("K7QX-M2PÄ"), None);
    }

    #[test]
    fn random_invite_codes_parse_back() {
        for _ in 0..100 {
            let code = InviteCode::random();
            assert_eq!(InviteCode::parse(&code.to_string()), Some(code.clone()));
            assert_eq!(InviteCode::parse(&code.as_str().to_lowercase()), Some(code));
        }
    }

    #[test]
    fn invite_link_encodes_the_server_url() {
        let code = InviteCode::parse("K7QXM2PA").expect("valid");
        assert_eq!(
            code.link("https://audit.example.org/"),
            "cityaudit://join?server=https%3A%2F%2Faudit.example.org&code=K7QX-M2PA"
        );
    }

    #[test]
    fn roster_entry_trims_and_checks_gender() {
        let mut join = JoinRequest {
            code: "K7QX-M2PA".into(),
            display_name: " Falcon ".into(),
            group: "ngo".into(),
            gender: Some("  ".into()),
        };
        let doc = DocumentId::random();
        let entry = join
            .roster_entry(Role::Participant, Some(&doc), 5)
            .expect("valid");
        assert_eq!(entry.display_name, "Falcon");
        assert_eq!(entry.gender, None);
        assert_eq!(entry.role, "participant");
        assert_eq!(entry.response_doc.as_deref(), Some(doc.as_str()));
        join.gender = Some(" Female ".into());
        let entry = join
            .roster_entry(Role::Participant, None, 5)
            .expect("valid");
        assert_eq!(
            entry.gender.as_deref(),
            Some("woman"),
            "a choice is stored as its code"
        );
        join.gender = Some("x".repeat(limits::DISPLAY_NAME + 1));
        assert!(join.roster_entry(Role::Participant, None, 5).is_err());
    }
}
