//! The device-side sync client: pushes and pulls every document of a
//! profile in batched requests, uploads queued photo blobs with resume,
//! and retries transient failures as [`super::schedule`] decides.
//!
//! Blocking calls through the profile's [`Transport`]: the app runs them on
//! a background thread, the browser app inside its Web Worker.

use automerge::sync::{BloomFilter, Have, Message, State};
use automerge::AutoCommit;
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use super::download::short;
use super::http::{parse_json, Body, HttpClient, Method, Transport, MAX_JSON_ANSWER};
use super::protocol::{
    BlobChunkResponse, DocumentMessage, JoinRequest, JoinResponse, MissingBlobsRequest,
    MissingBlobsResponse, SyncRequest, SyncResponse, MAX_BATCH_DOCUMENTS, MAX_BLOB_CHUNK,
    MAX_MISSING_HASHES,
};
use super::schedule::SyncSchedule;
use crate::ids::DocumentId;
use crate::profile::{Profile, ProfileError, Session};

/// Most request rounds of one document sync before giving up for now.
const MAX_ROUNDS: usize = 12;

/// Why a sync did not complete, in words a person understands.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The server could not be reached.
    #[error("The server cannot be reached. Everything is saved on this device and will be sent when you are online.")]
    Offline(String),
    /// The token was refused.
    #[error(
        "This device is no longer allowed to sync ({0}). Ask the facilitator for a new invite."
    )]
    Unauthorized(String),
    /// The server refused part of the request.
    #[error("The server refused the data: {0}")]
    Refused(String),
    /// The server failed; retrying later helps.
    #[error("The server had a problem ({0}). It will be tried again.")]
    Server(String),
    /// The server is busy (429 or 503) and may say when to come back.
    #[error("The server is busy ({message}). It will be tried again.")]
    Busy {
        /// The server's words.
        message: String,
        /// Its `Retry-After`, if it sent one.
        retry_after: Option<Duration>,
    },
    /// The server's answer could not be understood.
    #[error("The server sent an answer this app does not understand: {0}")]
    Protocol(String),
    /// This device has not joined an audit.
    #[error("This device has not joined an audit yet.")]
    NotJoined,
    /// Photos downloaded from the server did not match their content; they
    /// were not kept. The list names them by the start of their hash.
    #[error("The server sent damaged copies of {count} photo(s) ({names}); they were not kept and will be fetched again at the next sync.", count = .0.len(), names = .0.join(", "))]
    DamagedDownload(Vec<String>),
    /// The local store failed.
    #[error(transparent)]
    Local(#[from] ProfileError),
}

impl SyncError {
    /// True when trying again later may succeed.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            SyncError::Offline(_) | SyncError::Server(_) | SyncError::Busy { .. }
        )
    }

    /// How long the server asked to wait, if it did.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            SyncError::Busy { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

/// Figures from one completed sync.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// HTTP requests made for documents.
    pub round_trips: usize,
    /// Request bytes sent for documents (JSON bodies).
    pub bytes_sent: usize,
    /// Response bytes received for documents.
    pub bytes_received: usize,
    /// Blobs uploaded completely.
    pub blobs_uploaded: usize,
    /// Blobs downloaded, verified and stored.
    pub blobs_downloaded: usize,
}

/// Progress of a sync's photo transfers, reported while it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transfer<'a> {
    /// An upload got `sent` of `total` bytes of the blob `hash`.
    Upload {
        /// The blob.
        hash: &'a str,
        /// Bytes the server holds.
        sent: u64,
        /// Size of the blob.
        total: u64,
    },
    /// `done` of `total` blobs to download have been handled.
    Download {
        /// Blobs handled so far.
        done: usize,
        /// Blobs to download in this sync.
        total: usize,
    },
}

/// A sync client for one server and device token.
#[derive(Debug, Clone)]
pub struct SyncClient {
    pub(super) http: HttpClient,
}

/// A persisted sync state keeps only the heads both sides shared. The
/// server keeps everything it acknowledged, so the device may assume it
/// still holds them: the first message then carries the new changes at
/// once, and one edited score syncs in one round trip instead of two. If
/// the server lacks something after all, its reply says what it needs and
/// the next round sends it.
fn assume_server_holds_shared(mut state: State) -> State {
    if state.shared_heads.is_empty() {
        return state;
    }
    let shared = state.shared_heads.clone();
    state.their_heads = Some(shared.clone());
    state.their_need = Some(Vec::new());
    state.their_have = Some(vec![Have {
        last_sync: shared,
        bloom: BloomFilter::default(),
    }]);
    state
}

/// Redeems an invite code at `server`.
pub fn join(
    transport: Arc<dyn Transport>,
    server: &str,
    request: &JoinRequest,
) -> Result<JoinResponse, SyncError> {
    HttpClient::new(transport, server, None).post_json("/v1/join", request)
}

impl SyncClient {
    /// A client for the session's server and token over the native transport.
    #[cfg(feature = "native-http")]
    pub fn for_session(session: &Session) -> Result<Self, SyncError> {
        Ok(SyncClient::with_transport(
            super::http::native_transport(),
            session,
        ))
    }

    /// A client for the session's server and token over `transport`.
    pub fn with_transport(transport: Arc<dyn Transport>, session: &Session) -> Self {
        SyncClient {
            http: HttpClient::new(transport, &session.server, Some(&session.token)),
        }
    }

    /// A client for the profile's session over the profile's transport.
    pub fn for_profile(profile: &Profile) -> Result<Self, SyncError> {
        let session = profile.session()?.ok_or(SyncError::NotJoined)?;
        Ok(SyncClient::with_transport(profile.transport(), &session))
    }

    /// Syncs every document of the profile until both sides are quiet.
    ///
    /// Each round is one request carrying every document's message; a
    /// profile holding more than [`MAX_BATCH_DOCUMENTS`] documents splits a
    /// round into several `?partial=true` requests, except the first request
    /// of the sync, which is complete so documents new to this device arrive.
    pub fn sync_documents(&self, profile: &mut Profile) -> Result<SyncReport, SyncError> {
        let peer = self.http.server().to_owned();
        let mut states: HashMap<DocumentId, State> = HashMap::new();
        for id in profile.document_ids() {
            let state = assume_server_holds_shared(profile.load_sync_state(&id, &peer)?);
            states.insert(id, state);
        }
        let mut incoming: Vec<(DocumentId, AutoCommit)> = Vec::new();
        let mut report = SyncReport::default();
        for round in 0..MAX_ROUNDS {
            let mut documents = Vec::new();
            let mut ids: Vec<DocumentId> = states.keys().cloned().collect();
            ids.sort();
            for id in ids {
                let state = states.entry(id.clone()).or_default();
                let message = profile.generate_sync_message(&id, state);
                documents.push(DocumentMessage {
                    doc_id: id,
                    message: message.map(|m| BASE64.encode(m.encode())),
                });
            }
            let nothing_to_say = documents.iter().all(|d| d.message.is_none());
            if nothing_to_say && round > 0 {
                break;
            }
            let split = documents.len() > MAX_BATCH_DOCUMENTS;
            let mut heard = false;
            let mut batches = Vec::new();
            while documents.len() > MAX_BATCH_DOCUMENTS {
                let rest = documents.split_off(MAX_BATCH_DOCUMENTS);
                batches.push(std::mem::replace(&mut documents, rest));
            }
            batches.push(documents);
            for (index, batch) in batches.into_iter().enumerate() {
                let complete = !split || (round == 0 && index == 0);
                if !complete && batch.iter().all(|d| d.message.is_none()) {
                    continue;
                }
                let reply = self.post_sync(batch, !complete, &mut report)?;
                for document in reply.documents {
                    let state = states.entry(document.doc_id.clone()).or_default();
                    let Some(encoded) = document.message else {
                        continue;
                    };
                    heard = true;
                    let raw = BASE64
                        .decode(encoded)
                        .map_err(|e| SyncError::Protocol(e.to_string()))?;
                    let message =
                        Message::decode(&raw).map_err(|e| SyncError::Protocol(e.to_string()))?;
                    profile.receive_sync_message(
                        &document.doc_id,
                        state,
                        message,
                        &mut incoming,
                    )?;
                }
            }
            // Persist what both sides now share, so an interrupted sync resumes.
            let held = profile.document_ids();
            for (id, state) in &states {
                if held.contains(id) {
                    profile.save_sync_state(id, &peer, state)?;
                }
            }
            if nothing_to_say && !heard {
                break;
            }
        }
        Ok(report)
    }

    /// Sends one sync request (`partial`: it mentions only some documents).
    fn post_sync(
        &self,
        documents: Vec<DocumentMessage>,
        partial: bool,
        report: &mut SyncReport,
    ) -> Result<SyncResponse, SyncError> {
        let body = serde_json::to_vec(&SyncRequest { documents })
            .map_err(|e| SyncError::Protocol(e.to_string()))?;
        report.bytes_sent += body.len();
        let path = if partial {
            "/v1/sync?partial=true"
        } else {
            "/v1/sync"
        };
        let response = self.http.exchange(
            Method::Post,
            path,
            Body::json_bytes(body),
            MAX_JSON_ANSWER,
            false,
        )?;
        report.round_trips += 1;
        report.bytes_received += response.body.len();
        parse_json(&response.body)
    }

    /// Uploads every queued blob, resuming each from the server's offset.
    /// `progress(hash, sent, total)` is called after each chunk.
    pub fn upload_blobs(
        &self,
        profile: &Profile,
        mut progress: impl FnMut(&str, u64, u64),
    ) -> Result<usize, SyncError> {
        let queued = profile.pending_uploads()?;
        if queued.is_empty() {
            return Ok(0);
        }
        // What the server lacks, asked in batches it accepts.
        let mut missing = HashMap::new();
        for batch in queued.chunks(MAX_MISSING_HASHES) {
            let request = MissingBlobsRequest {
                hashes: batch.iter().map(|q| q.hash.clone()).collect(),
            };
            let answer: MissingBlobsResponse =
                self.http.post_json("/v1/blobs/missing", &request)?;
            missing.extend(answer.missing.into_iter().map(|m| (m.hash.clone(), m)));
        }
        let store = profile.store();
        let mut uploaded = 0;
        for upload in &queued {
            let Some(todo) = missing.get(&upload.hash) else {
                store
                    .set_upload_progress(&upload.hash, upload.size, true)
                    .map_err(ProfileError::from)?;
                progress(upload.hash.as_str(), upload.size, upload.size);
                continue;
            };
            // Read by chunk: a base map package may be hundreds of MiB.
            let blobs = profile.blobs();
            let unreadable =
                |e: crate::store::BlobError| SyncError::Refused(format!("photo file: {e}"));
            let total = blobs
                .size(&upload.hash)
                .map_err(unreadable)?
                .ok_or_else(|| {
                    SyncError::Refused(format!("photo file {} is missing", short(&upload.hash)))
                })?;
            let mut offset = todo.offset.min(total);
            loop {
                let chunk = blobs
                    .read_range(&upload.hash, offset, MAX_BLOB_CHUNK)
                    .map_err(unreadable)?;
                if chunk.is_empty() {
                    return Err(SyncError::Refused(format!(
                        "photo file {} ends before its {total} bytes",
                        short(&upload.hash)
                    )));
                }
                let end = offset + chunk.len() as u64;
                let range = format!("bytes {offset}-{}/{total}", end.saturating_sub(1));
                let response = self.http.exchange(
                    Method::Put,
                    &format!("/v1/blobs/{}", upload.hash),
                    Body::chunk(chunk, range),
                    MAX_JSON_ANSWER,
                    false,
                )?;
                let answer: BlobChunkResponse = parse_json(&response.body)?;
                // A server's offset is never trusted to slice with: past the
                // end or backwards, the upload stops here with an error.
                if answer.offset > total || (!answer.complete && answer.offset <= offset) {
                    return Err(SyncError::Protocol(format!(
                        "the server answered offset {} for an upload at {offset} of {total} bytes",
                        answer.offset
                    )));
                }
                offset = answer.offset;
                store
                    .set_upload_progress(&upload.hash, offset, answer.complete)
                    .map_err(ProfileError::from)?;
                progress(upload.hash.as_str(), offset, total);
                if answer.complete {
                    uploaded += 1;
                    break;
                }
                if end >= total {
                    return Err(SyncError::Protocol("upload did not complete".into()));
                }
            }
        }
        Ok(uploaded)
    }

    /// Syncs documents, uploads queued blobs, then downloads the blobs this
    /// device may read and lacks (see [`super::download`]), once, recording
    /// the outcome.
    pub fn sync_once(&self, profile: &mut Profile) -> Result<SyncReport, SyncError> {
        self.sync_once_with_progress(profile, |_| {})
    }

    /// Like [`SyncClient::sync_once`], reporting each upload chunk and each
    /// downloaded blob to `progress`. Photos that arrived damaged are an
    /// error after every other photo was tried.
    pub fn sync_once_with_progress(
        &self,
        profile: &mut Profile,
        mut progress: impl FnMut(Transfer<'_>),
    ) -> Result<SyncReport, SyncError> {
        let result = self.sync_documents(profile).and_then(|mut report| {
            report.blobs_uploaded = self.upload_blobs(profile, |hash, sent, total| {
                progress(Transfer::Upload { hash, sent, total })
            })?;
            let downloads = self.download_blobs(profile, |done, total| {
                progress(Transfer::Download { done, total })
            })?;
            report.blobs_downloaded = downloads.downloaded;
            if !downloads.damaged.is_empty() {
                let names = downloads.damaged.iter().map(|h| short(h).to_owned());
                return Err(SyncError::DamagedDownload(names.collect()));
            }
            Ok(report)
        });
        let error = result.as_ref().err().map(ToString::to_string);
        profile.record_sync_outcome(error.as_deref())?;
        result
    }

    /// Like [`SyncClient::sync_once`], retrying transient failures at most
    /// `attempts` times with the pauses of a [`SyncSchedule`] starting at
    /// `base_delay` (jittered, doubling, honouring `Retry-After`).
    pub fn sync_with_retry(
        &self,
        profile: &mut Profile,
        attempts: u32,
        base_delay: Duration,
    ) -> Result<SyncReport, SyncError> {
        let cap = base_delay.saturating_mul(1 << 10);
        let mut schedule = SyncSchedule::new(base_delay, base_delay, cap);
        loop {
            match self.sync_once(profile) {
                Err(e) if e.is_transient() && schedule.failures() + 1 < attempts => {
                    std::thread::sleep(schedule.after(Err(&e)));
                }
                other => return other,
            }
        }
    }
}
