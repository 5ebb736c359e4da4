//! Devices for the tests: a [`Phone`] is a real profile with the core sync
//! client; a [`RawDevice`] speaks the protocol with bare Automerge documents,
//! so tests can send exactly the messages they mean.

use anyhow::{bail, Context, Result};
use automerge::sync::{Message, State, SyncDoc};
use automerge::AutoCommit;
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use reqwest::blocking::Client;
use reqwest::StatusCode;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use cityaudit_core::ids::{BlobHash, DocumentId};
use cityaudit_core::model::{NewParticipant, PhotoInput, PhotoRecord};
use cityaudit_core::profile::{Profile, Session};
use cityaudit_core::sync::client::{join, SyncClient, SyncError, SyncReport};
use cityaudit_core::sync::http::default_transport;
use cityaudit_core::sync::protocol::{
    DocumentMessage, JoinRequest, Role, SyncRequest, SyncResponse,
};

/// A participant or facilitator device with its own profile database.
pub struct Phone {
    /// The profile.
    pub profile: Profile,
    /// The session with the server.
    pub session: Session,
    /// The sync client.
    pub client: SyncClient,
}

/// The joining details used for every test participant.
pub fn joining(name: &str) -> NewParticipant {
    NewParticipant {
        display_name: name.into(),
        group: "tcn_communities".into(),
        gender: None,
        accept_photo_terms: true,
        share_photo_locations: true,
    }
}

impl Phone {
    /// Joins with an invite code, syncs the audit document and creates the
    /// participant's response document (not yet synced).
    pub fn join(url: &str, code: &str, name: &str, db: &Path) -> Result<Self> {
        Self::join_as(url, code, name, "tcn_communities", db)
    }

    /// Like [`Phone::join`], as a member of participant group `group`.
    pub fn join_as(url: &str, code: &str, name: &str, group: &str, db: &Path) -> Result<Self> {
        let joined = join(
            default_transport(),
            url,
            &JoinRequest {
                code: code.to_owned(),
                display_name: name.into(),
                group: group.into(),
                gender: None,
            },
        )?;
        let session = Session::from_join(url, joined);
        let mut phone = Self::with_session(session, db)?;
        phone.client.sync_documents(&mut phone.profile)?;
        let session = phone.session.clone();
        let details = NewParticipant {
            group: group.into(),
            ..joining(name)
        };
        phone.profile.create_joined_response(&session, &details)?;
        Ok(phone)
    }

    /// A device for an existing session (a facilitator token, or the same
    /// person's second device).
    pub fn with_session(session: Session, db: &Path) -> Result<Self> {
        let mut profile = Profile::open(db)?;
        profile.set_session(&session)?;
        let client = SyncClient::for_session(&session)?;
        Ok(Phone {
            profile,
            session,
            client,
        })
    }

    /// A facilitator device holding a token from the admin command.
    pub fn facilitator(url: &str, token: &str, audit: &DocumentId, db: &Path) -> Result<Self> {
        let session = Session {
            server: url.to_owned(),
            token: token.to_owned(),
            role: Role::Facilitator,
            audit_id: audit.clone(),
            participant_id: String::new(),
            response_doc: None,
            read_only_audits: Vec::new(),
        };
        Self::with_session(session, db)
    }

    /// A co-facilitator's device: joins `audit` with a facilitator invite
    /// made by the server's admin command in `server_data`.
    pub fn co_facilitator(
        server_data: &Path,
        url: &str,
        audit: &DocumentId,
        db: &Path,
    ) -> Result<Self> {
        let args = [
            "create-invite",
            "--audit",
            audit.as_str(),
            "--role",
            "facilitator",
        ];
        let invite = crate::server::admin(server_data, &args)?;
        let code = invite.lines().next().context("invite code")?.trim();
        let request = JoinRequest {
            code: code.to_owned(),
            display_name: "Co-lead".into(),
            group: "ngos".into(),
            gender: None,
        };
        let joined = join(default_transport(), url, &request)?;
        let session = Session::from_join(url, joined);
        if session.role != Role::Facilitator {
            bail!("a facilitator invite gave the role {:?}", session.role);
        }
        Self::with_session(session, db)
    }

    /// This participant's response document.
    pub fn response_id(&self) -> Result<DocumentId> {
        self.session
            .response_doc
            .clone()
            .context("not a participant")
    }

    /// Syncs documents and uploads blobs, retrying transient failures briefly.
    pub fn sync(&mut self) -> Result<SyncReport, SyncError> {
        self.client
            .sync_with_retry(&mut self.profile, 5, Duration::from_millis(50))
    }

    /// Stores a photo file as a blob and records it in the response.
    pub fn add_photo(
        &mut self,
        bytes: &[u8],
        title: &str,
        stop: Option<String>,
    ) -> Result<BlobHash> {
        let response = self.response_id()?;
        let hash = self.profile.store_photo_blob(bytes, "image/jpeg")?;
        self.profile.add_photo(
            &response,
            &PhotoInput {
                hash: hash.clone(),
                record: PhotoRecord {
                    title: title.into(),
                    caption: format!("{title}, seen on the walk"),
                    theme: "friendly".into(),
                    location: None,
                    taken_at: Some(1_777_000_000_000),
                    stop,
                    media_type: "image/jpeg".into(),
                    size: bytes.len() as u64,
                    consent: true,
                    added_at: 1_777_000_000_000,
                },
            },
        )?;
        Ok(hash)
    }
}

/// The bytes of a photo in `tests/fixtures/`.
pub fn fixture(name: &str) -> Result<Vec<u8>> {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "fixtures", name]
        .iter()
        .collect();
    std::fs::read(&path).with_context(|| format!("reading {}", path.display()))
}

/// A device that speaks the protocol with bare Automerge documents.
pub struct RawDevice {
    /// Its token.
    pub token: String,
    /// Documents held.
    pub docs: BTreeMap<DocumentId, AutoCommit>,
    /// Sync state per document (in memory).
    pub states: BTreeMap<DocumentId, State>,
}

impl RawDevice {
    /// A device holding nothing yet.
    pub fn new(token: &str) -> Self {
        RawDevice {
            token: token.to_owned(),
            docs: BTreeMap::new(),
            states: BTreeMap::new(),
        }
    }

    /// The next message for every held document.
    pub fn batch(&mut self) -> Vec<DocumentMessage> {
        let mut out = Vec::new();
        for (id, doc) in &mut self.docs {
            let state = self.states.entry(id.clone()).or_default();
            out.push(DocumentMessage {
                doc_id: id.clone(),
                message: doc
                    .sync()
                    .generate_sync_message(state)
                    .map(|m| BASE64.encode(m.encode())),
            });
        }
        out
    }

    /// Syncs until quiet; returns the rounds used.
    pub fn sync(&mut self, http: &Client, url: &str) -> Result<usize> {
        for round in 0..12 {
            let documents = self.batch();
            if round > 0 && documents.iter().all(|d| d.message.is_none()) {
                return Ok(round);
            }
            let response = http
                .post(format!("{url}/v1/sync"))
                .bearer_auth(&self.token)
                .json(&SyncRequest { documents })
                .send()?;
            if response.status() != StatusCode::OK {
                bail!("sync answered {}", response.status());
            }
            let reply: SyncResponse = response.json()?;
            for document in reply.documents {
                let Some(encoded) = document.message else {
                    continue;
                };
                let message = Message::decode(&BASE64.decode(encoded)?)?;
                let state = self.states.entry(document.doc_id.clone()).or_default();
                self.docs
                    .entry(document.doc_id)
                    .or_default()
                    .sync()
                    .receive_sync_message(state, message)?;
            }
        }
        bail!("sync did not settle")
    }
}
