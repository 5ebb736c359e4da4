//! `POST /v1/sync`: a batch of per-document Automerge sync messages.
//!
//! 1. Every entry is checked before anything is applied: the document
//!    exists (or is the caller's own response document, created on first
//!    sync), the message decodes, every change chunk in it decodes, and the
//!    caller may read the document and — if the message carries changes —
//!    write it. One bad entry refuses the whole batch and changes nothing.
//! 2. Each message is received into its document with the caller's
//!    persisted sync state for that document; new changes are appended.
//!    Messages with changes for documents the cache holds are received
//!    before the transaction and kept only if nothing moved meanwhile
//!    ([`early`]).
//! 3. A reply is generated per document, plus an opening message for every
//!    document the caller may read and did not mention.
//! 4. Sync states, blob references and the token's last sync are stored and
//!    the transaction commits before the response is sent.

mod decode;
mod early;
mod quick;

use automerge::sync::{Have, Message, State, SyncDoc};
use automerge::AutoCommit;
use base64::Engine;
use std::collections::{HashMap, HashSet};

use super::{authenticate, Caller};
use crate::documents::{self, DocCache, DocRows};
use crate::error::AppError;
use crate::state::AppState;
use crate::storage::{DocumentInfo, DocumentKind, Transaction};
use cityaudit_core::ids::DocumentId;
use cityaudit_core::model::now_ms;
use cityaudit_core::sync::access::{
    self, check_response_identity, check_sync_message, readable_responses, ReadableResponses,
    Refusal,
};
use cityaudit_core::sync::budget::MessageCost;
use cityaudit_core::sync::protocol::{
    DocumentMessage, SyncRequest, SyncResponse, MAX_BATCH_DOCUMENTS,
};
use decode::only_changes;
pub use decode::{decode_message, BASE64};
use early::{Early, Received};

/// One checked entry of a batch, ready to apply.
struct Checked {
    info: DocumentInfo,
    exists: bool,
    message: Option<Message>,
    /// A document of an audit the caller's membership of was revoked, which
    /// its device still holds: answered with nothing, so the caller's other
    /// audits keep syncing.
    withdrawn: bool,
}

/// Whether a request mentions every document the device holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Batch {
    /// Every document the device holds is mentioned; the reply also brings
    /// every readable document it left out, whole.
    #[default]
    Complete,
    /// One of several requests (a device holding more than
    /// [`MAX_BATCH_DOCUMENTS`] documents): only mentioned documents are answered.
    Partial,
}

/// Handles one sync request for the holder of `token`.
pub fn sync(
    state: &AppState,
    token: &str,
    request: SyncRequest,
    batch: Batch,
) -> Result<SyncResponse, AppError> {
    if request.documents.len() > MAX_BATCH_DOCUMENTS {
        return Err(AppError::TooLarge(format!(
            "a sync batch may hold at most {MAX_BATCH_DOCUMENTS} documents; this one has {}",
            request.documents.len()
        )));
    }
    // Decoding needs no storage: done before the transaction, so the
    // storage lock is held only for the work that needs it. Errors are
    // reported in their place, after authentication. The request's
    // messages share one decoding budget.
    let mut spent = MessageCost::default();
    let entries: Vec<Entry> = request
        .documents
        .into_iter()
        .map(|entry| {
            let message = entry
                .message
                .as_deref()
                .map(|encoded| decode_message(&entry.doc_id, encoded, &mut spent))
                .transpose();
            (entry.doc_id, message)
        })
        .collect();
    let mut tx = state.storage.begin()?;
    let caller = authenticate(tx.as_mut(), token)?;
    let taken = early::take(tx.as_mut(), &state.documents, &caller, &entries)?;
    let mut early = HashMap::new();
    if !taken.is_empty() {
        // Receiving changes needs no storage: done without holding it
        // (see `early`), then the transaction starts again to write.
        drop(tx);
        early = early::receive_all(taken);
        tx = state.storage.begin()?;
    }
    write(state, tx, &caller, entries, batch, early)
}

/// The transaction that answers a sync request and stores what it changed,
/// with the messages already received early; commits before returning.
fn write(
    state: &AppState,
    mut tx: Box<dyn Transaction + '_>,
    caller: &Caller,
    entries: Vec<Entry>,
    batch: Batch,
    mut early: HashMap<DocumentId, Early>,
) -> Result<SyncResponse, AppError> {
    let mut docs = Docs {
        cache: &state.documents,
        kept: Vec::new(),
    };
    let reply = match respond(tx.as_mut(), &mut docs, caller, entries, batch, &mut early) {
        Ok(reply) => reply,
        Err(error) => {
            docs.forget_kept();
            return Err(error);
        }
    };
    if let Err(error) = tx.commit() {
        docs.forget_kept();
        return Err(error.into());
    }
    Ok(reply)
}

/// The document cache as one request uses it: which documents it put back,
/// so they are forgotten if the request fails after all.
struct Docs<'a> {
    cache: &'a DocCache,
    kept: Vec<DocumentId>,
}

impl Docs<'_> {
    fn load(
        &mut self,
        tx: &mut dyn Transaction,
        info: DocumentInfo,
    ) -> Result<(DocRows, AutoCommit), AppError> {
        documents::load_cached(tx, self.cache, info)
    }

    fn keep(&mut self, rows: DocRows, doc: AutoCommit) {
        self.kept.push(rows.info.id.clone());
        documents::keep(self.cache, rows, doc);
    }

    fn forget_kept(&self) {
        for id in &self.kept {
            self.cache.forget(id);
        }
    }
}

/// A batch entry: the document and its decoded message (or why it did
/// not decode).
type Entry = (DocumentId, Result<Option<Message>, AppError>);

/// Everything of a sync request that happens inside its transaction.
fn respond(
    tx: &mut dyn Transaction,
    docs: &mut Docs<'_>,
    caller: &Caller,
    entries: Vec<Entry>,
    batch: Batch,
    early: &mut HashMap<DocumentId, Early>,
) -> Result<SyncResponse, AppError> {
    let checked = check_batch(tx, caller, entries)?;
    let now = now_ms();
    let mut mentioned = HashSet::new();
    let mut replies = Vec::new();
    for entry in checked {
        mentioned.insert(entry.info.id.clone());
        let received_early = early.remove(&entry.info.id);
        replies.push(apply(tx, docs, caller, entry, now, received_early)?);
    }
    let unmentioned = match batch {
        Batch::Complete => unmentioned_documents(tx, caller, &mentioned)?,
        Batch::Partial => Vec::new(),
    };
    for info in unmentioned {
        if let Some(reply) = opening_message(tx, docs, caller, info, Unmentioned::Yes)? {
            replies.push(reply);
        }
    }
    tx.touch_token(&caller.token_hash, now)?;
    Ok(SyncResponse { documents: replies })
}

fn check_batch(
    tx: &mut dyn Transaction,
    caller: &Caller,
    entries: Vec<Entry>,
) -> Result<Vec<Checked>, AppError> {
    let mut seen = HashSet::new();
    let mut checked = Vec::with_capacity(entries.len());
    // Looked up once per audit, and only for refused entries.
    let mut revoked_from: HashMap<DocumentId, bool> = HashMap::new();
    for (doc_id, message) in entries {
        if !seen.insert(doc_id.clone()) {
            return Err(AppError::BadRequest(format!(
                "document {doc_id} appears more than once in the batch"
            )));
        }
        let (info, exists) = match tx.document_info(&doc_id)? {
            Some(info) => (info, true),
            None => (own_new_response(caller, &doc_id)?, false),
        };
        let message = message?;
        let carries_changes = message.as_ref().is_some_and(|m| !m.changes.is_empty());
        let allowed = check_sync_message(
            &caller.memberships,
            &info.id,
            info.as_ref(),
            carries_changes,
        );
        let withdrawn = match allowed {
            Ok(_) => false,
            Err(Refusal::NotReadable(_)) if exists && !carries_changes => {
                let audit = info.audit_id.clone();
                let revoked = match revoked_from.get(&audit) {
                    Some(known) => *known,
                    None => {
                        let found = was_revoked_from(tx, caller, &audit)?;
                        revoked_from.insert(audit, found);
                        found
                    }
                };
                if !revoked {
                    return Err(Refusal::NotReadable(info.id.to_string()).into());
                }
                true
            }
            Err(refusal) => return Err(refusal.into()),
        };
        checked.push(Checked {
            info,
            exists,
            message,
            withdrawn,
        });
    }
    Ok(checked)
}

/// True when the caller was in `audit` until its facilitators revoked that
/// membership (only asked when the caller may not read a document of it).
fn was_revoked_from(
    tx: &mut dyn Transaction,
    caller: &Caller,
    audit: &DocumentId,
) -> Result<bool, AppError> {
    Ok(tx
        .members(audit)?
        .iter()
        .any(|m| m.revoked && m.member.principal_id == caller.principal.id))
}

/// An unknown document id is only acceptable as the caller's own response
/// document, which the device creates and the server first hears of here.
fn own_new_response(caller: &Caller, doc_id: &DocumentId) -> Result<DocumentInfo, AppError> {
    access::own_new_response(&caller.memberships, doc_id)
        .map(|m| DocumentInfo {
            id: doc_id.clone(),
            kind: DocumentKind::Response,
            audit_id: m.audit_id.clone(),
        })
        // Told as for any document the caller may not read, whether it
        // exists or not.
        .ok_or_else(|| Refusal::NotReadable(doc_id.to_string()).into())
}

fn apply(
    tx: &mut dyn Transaction,
    docs: &mut Docs<'_>,
    caller: &Caller,
    entry: Checked,
    now: i64,
    received_early: Option<Early>,
) -> Result<DocumentMessage, AppError> {
    let doc_id = entry.info.id.clone();
    if entry.withdrawn {
        tracing::debug!(doc = %doc_id, path = "withdrawn", "sync entry");
        return Ok(DocumentMessage {
            doc_id,
            message: None,
        });
    }
    let Some(message) = entry.message else {
        // The device has nothing to say: answer only if the server holds
        // changes it has not confirmed.
        if !entry.exists || is_idle(tx, caller, &doc_id)? {
            tracing::debug!(doc = %doc_id, path = "idle", "sync entry");
            return Ok(DocumentMessage {
                doc_id,
                message: None,
            });
        }
        tracing::debug!(doc = %doc_id, path = "behind", "sync entry");
        let reply = opening_message(tx, docs, caller, entry.info, Unmentioned::No)?;
        return Ok(reply.unwrap_or(DocumentMessage {
            doc_id,
            message: None,
        }));
    };
    if entry.exists {
        if let Some(reply) = quick::confirmation(tx, caller, &doc_id, &message)? {
            tracing::debug!(doc = %doc_id, path = "confirmed", "sync entry");
            return Ok(DocumentMessage {
                doc_id,
                message: Some(BASE64.encode(reply.encode())),
            });
        }
    }
    if let Some(early) = received_early {
        if early.still_current(tx, caller)? {
            tracing::debug!(doc = %doc_id, path = "early", "sync entry");
            return store(
                tx,
                docs,
                caller,
                early.rows,
                early.doc,
                early.stored_state,
                early.received,
            );
        }
        // Another request changed the document meanwhile: received again below.
    }
    tracing::debug!(doc = %doc_id, path = "message", changes = message.changes.len(), "sync entry");
    let (rows, mut doc) = if entry.exists {
        docs.load(tx, entry.info)?
    } else {
        let mut doc = AutoCommit::new();
        let rows = documents::insert(tx, entry.info, &mut doc, now)?;
        (rows, doc)
    };
    let (sync_state, stored) = load_state(tx, caller, &doc_id)?;
    let received = early::receive(&mut doc, rows.info.kind, &doc_id, sync_state, message)?;
    store(tx, docs, caller, rows, doc, stored, received)
}

/// Stores what receiving a message into `doc` left: its new changes, blob
/// references, the caller's sync state; then keeps the document loaded and
/// returns the reply.
fn store(
    tx: &mut dyn Transaction,
    docs: &mut Docs<'_>,
    caller: &Caller,
    mut rows: DocRows,
    mut doc: AutoCommit,
    stored_state: Option<Vec<u8>>,
    received: Received,
) -> Result<DocumentMessage, AppError> {
    let doc_id = rows.info.id.clone();
    if rows.info.kind == DocumentKind::Response && doc.get_heads() != received.before {
        check_owner(caller, &rows.info, &doc)?;
    }
    let changed = match &received.changes {
        Some(bytes) => rows.persist_received(tx, &mut doc, &received.before, bytes)?,
        None => rows.persist_since(tx, &mut doc, &received.before)?,
    };
    if let (true, Some(photos)) = (changed, &received.photos) {
        tx.set_blob_refs(&doc_id, photos)?;
    }
    save_state(tx, caller, &doc_id, &received.state, stored_state)?;
    if !received.waiting {
        docs.keep(rows, doc);
    }
    Ok(DocumentMessage {
        doc_id,
        message: received.reply.map(|m| BASE64.encode(m.encode())),
    })
}

/// Refuses a change after which a response document names another
/// participant or audit than the server recorded for it. Only its owner
/// writes a response document (the access policy), so the owner is the caller.
fn check_owner(caller: &Caller, info: &DocumentInfo, doc: &AutoCommit) -> Result<(), AppError> {
    let owner = caller
        .members
        .iter()
        .find(|m| m.response_doc.as_ref() == Some(&info.id))
        .ok_or_else(|| AppError::Forbidden(format!("document {} is not yours", info.id)))?;
    check_response_identity(
        &info.id,
        &documents::named_owner(doc),
        &owner.principal_id,
        &info.audit_id,
    )?;
    Ok(())
}

/// The encoded changes of `message`, to be stored as they arrived if `doc`
/// takes all of them ([`DocRows::persist_received`]): only when the message
/// holds nothing but change chunks and no earlier change waits in `doc` for
/// a missing dependency (such a change, kept only in memory, may apply with
/// this message, and must then be stored too).
fn storable_changes(doc: &mut AutoCommit, message: &Message) -> Option<Vec<u8>> {
    (only_changes(message) && doc.get_missing_deps(&[]).is_empty())
        .then(|| message.changes.iter().collect::<Vec<_>>().concat())
}

/// Whether the heads last shared with the caller are the document's
/// current heads as recorded, so a device with nothing to say needs no
/// reply: answered from two small rows, without loading the document.
/// False when the heads are not recorded (the document is then loaded).
fn is_idle(
    tx: &mut dyn Transaction,
    caller: &Caller,
    doc_id: &DocumentId,
) -> Result<bool, AppError> {
    let Some(current) = tx.document_heads(doc_id)? else {
        return Ok(false);
    };
    let (state, _) = load_state(tx, caller, doc_id)?;
    Ok(documents::encode_heads(&state.shared_heads) == current)
}

/// Whether the device left a document out of its request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unmentioned {
    /// Left out: a device mentions every document it holds, so it has
    /// nothing of this one.
    Yes,
    /// Mentioned without a message.
    No,
}

/// The server's message for a document the device did not send one for:
/// `None` when there is nothing to send.
///
/// For a document the device did not mention, the server takes it that the
/// device has nothing of it (whatever it synced before with this token) and
/// sends every change at once, so a new device gets its documents in one
/// round trip and a device that lost a document gets it back.
///
/// For a document mentioned without a message, the server takes it that the
/// device still holds the heads it confirmed before (the device keeps what it
/// acknowledged, as the server does) and sends the changes made since at
/// once, instead of first asking what the device has. A device that lacks
/// them after all says so in its next message.
fn opening_message(
    tx: &mut dyn Transaction,
    docs: &mut Docs<'_>,
    caller: &Caller,
    info: DocumentInfo,
    unmentioned: Unmentioned,
) -> Result<Option<DocumentMessage>, AppError> {
    let (rows, mut doc) = docs.load(tx, info)?;
    let doc_id = rows.info.id.clone();
    let (mut sync_state, stored) = load_state(tx, caller, &doc_id)?;
    let mut shared = sync_state.shared_heads.clone();
    let mut heads = doc.get_heads();
    shared.sort();
    heads.sort();
    if heads.is_empty() || (unmentioned == Unmentioned::No && shared == heads) {
        docs.keep(rows, doc);
        return Ok(None);
    }
    let assumed = match unmentioned {
        Unmentioned::Yes => Vec::new(),
        Unmentioned::No => shared,
    };
    sync_state.their_heads = Some(assumed.clone());
    sync_state.their_need = Some(Vec::new());
    sync_state.their_have = Some(vec![Have {
        last_sync: assumed,
        ..Have::default()
    }]);
    let reply = doc.sync().generate_sync_message(&mut sync_state);
    save_state(tx, caller, &doc_id, &sync_state, stored)?;
    docs.keep(rows, doc);
    Ok(reply.map(|m| DocumentMessage {
        doc_id,
        message: Some(BASE64.encode(m.encode())),
    }))
}

/// The caller's persisted sync state for a document (fresh when none or
/// unreadable).
///
/// Automerge's read-only sync mode is deliberately not used for documents
/// the caller may only read: a peer told so would keep changes it should
/// not have made to itself and never converge, silently; asking for them
/// and refusing them with 403 makes the mistake visible.
fn load_state(
    tx: &mut dyn Transaction,
    caller: &Caller,
    doc_id: &DocumentId,
) -> Result<(State, Option<Vec<u8>>), AppError> {
    let stored = tx.sync_state(&caller.token_hash, doc_id)?;
    let state = stored
        .as_deref()
        .and_then(|bytes| State::decode(bytes).ok())
        .unwrap_or_default();
    Ok((state, stored))
}

/// Persists a sync state unless it is unchanged (no write, so a request
/// that changed nothing commits without writing).
fn save_state(
    tx: &mut dyn Transaction,
    caller: &Caller,
    doc_id: &DocumentId,
    state: &State,
    stored: Option<Vec<u8>>,
) -> Result<(), AppError> {
    if stored.is_none() && state.shared_heads.is_empty() {
        return Ok(());
    }
    let encoded = state.encode();
    if stored.as_deref() != Some(encoded.as_slice()) {
        tx.set_sync_state(&caller.token_hash, doc_id, &encoded)?;
    }
    Ok(())
}

/// Every stored document the caller may read and did not mention: the
/// audit documents of its audits and the response documents each
/// membership reads ([`readable_responses`]: a participant its own, a
/// facilitator every one of the audit). Mentioned documents are not looked
/// up again.
fn unmentioned_documents(
    tx: &mut dyn Transaction,
    caller: &Caller,
    mentioned: &HashSet<DocumentId>,
) -> Result<Vec<DocumentInfo>, AppError> {
    let mut out = Vec::new();
    for member in &caller.memberships {
        if !mentioned.contains(&member.audit_id) {
            out.extend(tx.document_info(&member.audit_id)?);
        }
        match readable_responses(member) {
            ReadableResponses::Own(own) => {
                if !mentioned.contains(own) {
                    out.extend(tx.document_info(own)?);
                }
            }
            ReadableResponses::Every => out.extend(
                tx.responses(&member.audit_id)?
                    .into_iter()
                    .filter(|info| !mentioned.contains(&info.id)),
            ),
            ReadableResponses::None => {}
        }
    }
    Ok(out)
}
