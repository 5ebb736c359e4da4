//! The profile's side of sync: generating and receiving per-document sync
//! messages durably, adopting documents that arrive from the server, the
//! session with the server, and photo blobs queued for upload.

use automerge::sync::{Message, State, SyncDoc};
use automerge::AutoCommit;
use serde::{Deserialize, Serialize};

use super::{persist_received, OpenAudit, OpenResponse, Profile, ProfileError};
use crate::ids::{BlobHash, DocumentId};
use crate::model::Role;
use crate::model::{now_ms, AuditDocument, ModelError, NewParticipant, ResponseDocument};
use crate::store::{Blobs, DocumentKind, HeadsKey, QueuedUpload, StoreError};
use crate::sync::access::Membership;
use crate::sync::budget::{measure_message, RECEIVED_LIMITS};
use crate::sync::protocol::JoinResponse;

const SESSION_KEY: &str = "session";
const LAST_SYNC_KEY: &str = "last_sync_at";
const LAST_ERROR_KEY: &str = "last_sync_error";
const JOINING_KEY: &str = "joining";

/// The device's membership of an audit on a server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// Server base URL, e.g. `http://127.0.0.1:8787`.
    pub server: String,
    /// Device token (kept only on this device).
    pub token: String,
    /// Role granted.
    pub role: Role,
    /// The audit.
    pub audit_id: DocumentId,
    /// Pseudonymous participant id.
    pub participant_id: String,
    /// The participant's response document (participants only).
    pub response_doc: Option<DocumentId>,
    /// Earlier audits this facilitator reads to compare rounds (reader
    /// invites redeemed with this session's token).
    #[serde(default)]
    pub read_only_audits: Vec<DocumentId>,
}

impl Session {
    /// A session from the server's answer to a join.
    pub fn from_join(server: &str, join: JoinResponse) -> Self {
        Session {
            server: server.trim_end_matches('/').to_owned(),
            token: join.token,
            role: join.role,
            audit_id: join.audit_id,
            participant_id: join.participant_id,
            response_doc: join.response_doc,
            read_only_audits: Vec::new(),
        }
    }

    /// The membership this session holds, as the access policy sees it:
    /// the device asks the policy with it what the server would allow.
    pub fn membership(&self) -> Membership {
        Membership {
            audit_id: self.audit_id.clone(),
            role: self.role,
            response_doc: self.response_doc.clone(),
        }
    }

    /// The membership under which this device holds documents of `audit`:
    /// a reader's for an earlier audit it reads, else the session's.
    pub fn membership_for(&self, audit: &DocumentId) -> Membership {
        if self.read_only_audits.contains(audit) {
            Membership {
                audit_id: audit.clone(),
                role: Role::Reader,
                response_doc: None,
            }
        } else {
            self.membership()
        }
    }
}

impl Profile {
    /// The saved session, if this device has joined an audit.
    pub fn session(&self) -> Result<Option<Session>, ProfileError> {
        Ok(self.session.clone())
    }

    /// Reads the session from the store (when the profile opens).
    pub(super) fn load_session(&self) -> Result<Option<Session>, ProfileError> {
        Ok(self
            .store
            .setting(SESSION_KEY)?
            .and_then(|json| serde_json::from_str(&json).ok()))
    }

    /// Saves the session durably. From then on the profile refuses edits
    /// the session's role may not make (the server would refuse them).
    pub fn set_session(&mut self, session: &Session) -> Result<(), ProfileError> {
        let json =
            serde_json::to_string(session).map_err(|_| ModelError::WrongDocument("session"))?;
        self.store.set_setting(SESSION_KEY, &json)?;
        self.session = Some(session.clone());
        Ok(())
    }

    /// Keeps what the person entered to join, until their response document exists.
    pub fn set_joining(&self, joining: &NewParticipant) -> Result<(), ProfileError> {
        let json = serde_json::to_string(joining)
            .map_err(|_| ModelError::WrongDocument("join details"))?;
        Ok(self.store.set_setting(JOINING_KEY, &json)?)
    }

    /// What the person entered to join, if saved.
    pub fn joining(&self) -> Result<Option<NewParticipant>, ProfileError> {
        Ok(self
            .store
            .setting(JOINING_KEY)?
            .and_then(|json| serde_json::from_str(&json).ok()))
    }

    /// Creates this participant's response document under the ids the server
    /// assigned at join. The audit document must already be here (synced).
    pub fn create_joined_response(
        &mut self,
        session: &Session,
        joining: &NewParticipant,
    ) -> Result<DocumentId, ProfileError> {
        let id = session
            .response_doc
            .clone()
            .ok_or(ModelError::NotInAudit("response document for this role"))?;
        if self.responses.contains_key(&id) {
            return Ok(id);
        }
        let audit = self.audit(&session.audit_id)?;
        let mut doc =
            ResponseDocument::create(&session.audit_id, audit, &session.participant_id, joining)?;
        self.store.insert_document(
            &id,
            DocumentKind::Response,
            &session.audit_id,
            doc.automerge(),
        )?;
        self.responses.insert(
            id.clone(),
            OpenResponse::in_memory(doc, session.audit_id.clone()),
        );
        Ok(id)
    }

    /// Every document id in this profile.
    pub fn document_ids(&self) -> Vec<DocumentId> {
        let mut ids = self.audit_ids();
        ids.extend(self.response_ids());
        ids
    }

    /// The persisted sync state of a document with `peer` (fresh if none or unreadable).
    pub fn load_sync_state(&self, doc: &DocumentId, peer: &str) -> Result<State, ProfileError> {
        Ok(self
            .store
            .sync_state(doc, peer)?
            .and_then(|bytes| State::decode(&bytes).ok())
            .unwrap_or_default())
    }

    /// Persists a sync state (only the part that survives reconnects).
    pub fn save_sync_state(
        &self,
        doc: &DocumentId,
        peer: &str,
        state: &State,
    ) -> Result<(), ProfileError> {
        Ok(self.store.set_sync_state(doc, peer, &state.encode())?)
    }

    /// The next sync message for a document, if it has anything to say.
    /// A response document that cannot be loaded says nothing (its damage
    /// shows when it is read), and neither does one not in memory whose
    /// recorded heads the server confirmed and has said nothing new of: the
    /// server answers such a `null` entry with whatever the device lacks,
    /// so a facilitator's sync loads only the documents that changed.
    pub fn generate_sync_message(
        &mut self,
        doc: &DocumentId,
        state: &mut State,
    ) -> Option<Message> {
        if let Some(open) = self.audits.get_mut(doc) {
            return open.doc.automerge().sync().generate_sync_message(state);
        }
        if !self.responses.get(doc)?.is_loaded() && self.store_matches_confirmed(doc, state) {
            return None;
        }
        let open = self.responses.get_mut(doc)?;
        let loaded = open.get_mut(&self.store, doc).ok()?;
        loaded.doc.automerge().sync().generate_sync_message(state)
    }

    /// Whether the server confirmed exactly the heads the store records for
    /// `doc` and has told nothing else of it (no heads of its own, no needs).
    fn store_matches_confirmed(&self, doc: &DocumentId, state: &State) -> bool {
        let shared = &state.shared_heads;
        !shared.is_empty()
            && state.their_heads.as_ref() == Some(shared)
            && state.their_need.as_ref().is_none_or(Vec::is_empty)
            && self.store.recorded_heads(doc).ok().flatten() == Some(HeadsKey::of(shared))
    }

    /// Applies a received sync message and makes its changes durable before
    /// returning. Documents this profile does not have yet are adopted once
    /// their content has arrived. A message that would decode into more than
    /// a whole document may hold is refused before decoding.
    pub fn receive_sync_message(
        &mut self,
        doc_id: &DocumentId,
        state: &mut State,
        message: Message,
        incoming: &mut Vec<(DocumentId, AutoCommit)>,
    ) -> Result<(), ProfileError> {
        measure_message(message.changes.iter(), &RECEIVED_LIMITS)?;
        if let Some(open) = self.audits.get_mut(doc_id) {
            let doc = open.doc.automerge();
            let before = doc.get_heads();
            doc.sync()
                .receive_sync_message(state, message)
                .map_err(ModelError::from)?;
            persist_received(&mut self.store, doc_id, doc, &before, &mut open.tail)?;
            open.data = open.doc.read()?;
            return Ok(());
        }
        if let Some(open) = self.responses.get_mut(doc_id) {
            let loaded = open.get_mut(&self.store, doc_id)?;
            let doc = loaded.doc.automerge();
            let before = doc.get_heads();
            doc.sync()
                .receive_sync_message(state, message)
                .map_err(ModelError::from)?;
            let saved = persist_received(&mut self.store, doc_id, doc, &before, &mut loaded.tail);
            loaded.refresh_heads();
            return saved;
        }
        let position = incoming.iter().position(|(id, _)| id == doc_id);
        let index = position.unwrap_or_else(|| {
            incoming.push((doc_id.clone(), AutoCommit::new()));
            incoming.len() - 1
        });
        let doc = &mut incoming[index].1;
        doc.sync()
            .receive_sync_message(state, message)
            .map_err(ModelError::from)?;
        if !doc.get_heads().is_empty() {
            let (id, doc) = incoming.swap_remove(index);
            self.adopt(id, doc)?;
        }
        Ok(())
    }

    /// Stores a document that arrived from the server, classified by its `kind`.
    fn adopt(&mut self, id: DocumentId, mut doc: AutoCommit) -> Result<(), ProfileError> {
        let response = ResponseDocument::from_automerge(doc.clone());
        let audit_doc = AuditDocument::from_automerge(doc.clone());
        if let Ok(data) = audit_doc.read() {
            if data.kind.value().map(String::as_str) == Some("audit") {
                self.store
                    .insert_document(&id, DocumentKind::Audit, &id, &mut doc)?;
                let open = OpenAudit {
                    doc: audit_doc,
                    data,
                    tail: 0,
                };
                self.audits.insert(id, open);
                return Ok(());
            }
        }
        let data = response.read()?;
        let audit_id = data
            .audit_id
            .value()
            .and_then(|a| DocumentId::parse(a).ok())
            .ok_or(ModelError::WrongDocument("audit or response"))?;
        self.store
            .insert_document(&id, DocumentKind::Response, &audit_id, &mut doc)?;
        self.responses
            .insert(id, OpenResponse::in_memory(response, audit_id));
        Ok(())
    }

    /// Local changes the server has not confirmed, over all documents.
    pub fn pending_changes(&mut self, peer: &str) -> Result<usize, ProfileError> {
        let mut pending = 0;
        for id in self.document_ids() {
            let shared = self.load_sync_state(&id, peer)?.shared_heads;
            let doc = match self.audits.get_mut(&id) {
                Some(open) => open.doc.automerge(),
                None => match self.responses.get_mut(&id) {
                    // A document not in memory whose recorded heads the
                    // server shares has nothing pending: no need to load it.
                    Some(open)
                        if !open.is_loaded()
                            && self.store.recorded_heads(&id)? == Some(HeadsKey::of(&shared)) =>
                    {
                        continue
                    }
                    Some(open) => open.get_mut(&self.store, &id)?.doc.automerge(),
                    None => continue,
                },
            };
            pending += doc.get_changes(&shared).len();
        }
        Ok(pending)
    }

    /// This profile's photos and thumbnails.
    pub fn blobs(&self) -> Blobs<'_> {
        self.store.blobs()
    }

    /// Stores a photo blob durably and queues it for upload.
    pub fn store_photo_blob(
        &self,
        bytes: &[u8],
        media_type: &str,
    ) -> Result<BlobHash, ProfileError> {
        let hash = self
            .blobs()
            .put(bytes)
            .map_err(|e| StoreError::Blob(e.to_string()))?;
        self.store
            .queue_upload(&hash, media_type, bytes.len() as u64, now_ms())?;
        Ok(hash)
    }

    /// Uploads still to finish.
    pub fn pending_uploads(&self) -> Result<Vec<QueuedUpload>, ProfileError> {
        Ok(self.store.pending_uploads()?)
    }

    /// When the last sync succeeded (ms since epoch).
    pub fn last_sync_at(&self) -> Result<Option<i64>, ProfileError> {
        Ok(self
            .store
            .setting(LAST_SYNC_KEY)?
            .and_then(|v| v.parse().ok()))
    }

    /// The last sync error in words, cleared by a successful sync.
    pub fn last_sync_error(&self) -> Result<Option<String>, ProfileError> {
        Ok(self
            .store
            .setting(LAST_ERROR_KEY)?
            .filter(|e| !e.is_empty()))
    }

    /// Records the outcome of a sync attempt.
    pub fn record_sync_outcome(&self, error: Option<&str>) -> Result<(), ProfileError> {
        if error.is_none() {
            self.store
                .set_setting(LAST_SYNC_KEY, &now_ms().to_string())?;
        }
        Ok(self
            .store
            .set_setting(LAST_ERROR_KEY, error.unwrap_or(""))?)
    }
}
