//! `POST /v1/sync`: a batch of per-document Automerge sync messages.
//!
//! 1. Every entry is checked before anything is applied: the document
//!    exists (or is the caller's own response document, created on first
//!    sync), the message decodes, every change chunk in it decodes, and the
//!    caller may read the document and — if the message carries changes —
//!    write it. One bad entry refuses the whole batch and changes nothing.
//! 2. Each message is received into its document with the caller's
//!    persisted sync state for that document; new changes are appended.
//! 3. A reply is generated per document, plus an opening message for every
//!    document the caller may read and did not mention.
//! 4. Sync states, blob references and the token's last sync are stored and
//!    the transaction commits before the response is sent.

use automerge::sync::{Have, Message, State, SyncDoc};
use automerge::{AutoCommit, Automerge, Change, LoadOptions, OnPartialLoad, VerificationMode};
use base64::alphabet::STANDARD;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine;
use std::collections::HashSet;

use super::{authenticate, Caller};
use crate::documents::{self, photo_hashes, DocRows};
use crate::error::AppError;
use crate::state::AppState;
use crate::storage::{DocumentInfo, DocumentKind, Transaction};
use cityaudit_core::ids::DocumentId;
use cityaudit_core::model::now_ms;
use cityaudit_core::sync::access::check_sync_message;
use cityaudit_core::sync::protocol::{
    DocumentMessage, Role, SyncRequest, SyncResponse, MAX_BATCH_DOCUMENTS,
};

/// Standard base64; padding is written, and accepted or not on reading.
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// One checked entry of a batch, ready to apply.
struct Checked {
    info: DocumentInfo,
    exists: bool,
    message: Option<Message>,
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
    let mut tx = state.storage.begin()?;
    let caller = authenticate(tx.as_mut(), token)?;
    let checked = check_batch(tx.as_mut(), &caller, request.documents)?;
    let now = now_ms();
    let mut mentioned = HashSet::new();
    let mut replies = Vec::new();
    for entry in checked {
        mentioned.insert(entry.info.id.clone());
        replies.push(apply(tx.as_mut(), &caller, entry, now)?);
    }
    let unmentioned = match batch {
        Batch::Complete => readable_documents(tx.as_mut(), &caller)?,
        Batch::Partial => Vec::new(),
    };
    for info in unmentioned {
        if mentioned.contains(&info.id) {
            continue;
        }
        if let Some(reply) = opening_message(tx.as_mut(), &caller, info, Unmentioned::Yes)? {
            replies.push(reply);
        }
    }
    tx.touch_token(&caller.token_hash, now)?;
    tx.commit()?;
    Ok(SyncResponse { documents: replies })
}

fn check_batch(
    tx: &mut dyn Transaction,
    caller: &Caller,
    documents: Vec<DocumentMessage>,
) -> Result<Vec<Checked>, AppError> {
    let mut seen = HashSet::new();
    let mut checked = Vec::with_capacity(documents.len());
    for entry in documents {
        if !seen.insert(entry.doc_id.clone()) {
            return Err(AppError::BadRequest(format!(
                "document {} appears more than once in the batch",
                entry.doc_id
            )));
        }
        let (info, exists) = match tx.document_info(&entry.doc_id)? {
            Some(info) => (info, true),
            None => (own_new_response(caller, &entry.doc_id)?, false),
        };
        let message = entry
            .message
            .as_deref()
            .map(|encoded| decode_message(&entry.doc_id, encoded))
            .transpose()?;
        let carries_changes = message.as_ref().is_some_and(|m| !m.changes.is_empty());
        check_sync_message(
            &caller.memberships,
            &info.id,
            info.as_ref(),
            carries_changes,
        )?;
        checked.push(Checked {
            info,
            exists,
            message,
        });
    }
    Ok(checked)
}

/// An unknown document id is only acceptable as the caller's own response
/// document, which the device creates and the server first hears of here.
fn own_new_response(caller: &Caller, doc_id: &DocumentId) -> Result<DocumentInfo, AppError> {
    caller
        .memberships
        .iter()
        .find(|m| m.role == Role::Participant && m.response_doc.as_ref() == Some(doc_id))
        .map(|m| DocumentInfo {
            id: doc_id.clone(),
            kind: DocumentKind::Response,
            audit_id: m.audit_id.clone(),
        })
        .ok_or_else(|| AppError::NotFound(format!("document {doc_id} does not exist")))
}

/// Decodes a base64 Automerge sync message and every change chunk in it.
pub fn decode_message(doc_id: &DocumentId, encoded: &str) -> Result<Message, AppError> {
    let raw = BASE64.decode(encoded).map_err(|e| {
        AppError::BadRequest(format!("the message for {doc_id} is not valid base64: {e}"))
    })?;
    let message = Message::decode(&raw).map_err(|e| {
        AppError::BadRequest(format!(
            "the message for {doc_id} is not an Automerge sync message: {e}"
        ))
    })?;
    if !message.changes.iter().all(chunk_decodes) {
        return Err(AppError::BadRequest(format!(
            "the message for {doc_id} carries a damaged change"
        )));
    }
    Ok(message)
}

/// A change chunk is one encoded change, several encoded changes one after
/// another (version 2 messages concatenate them), or a whole saved
/// document. Automerge would skip a damaged chunk silently when applying
/// it; checking first lets the server refuse it instead.
fn chunk_decodes(chunk: &[u8]) -> bool {
    if Change::try_from(chunk).is_ok() {
        return true;
    }
    let mut rest = chunk;
    while !rest.is_empty() {
        let Some((kind, length)) = storage_chunk(rest) else {
            return false;
        };
        let (one, tail) = rest.split_at(length);
        let decodes = match kind {
            DOCUMENT_CHUNK => {
                let strict = LoadOptions::new()
                    .on_partial_load(OnPartialLoad::Error)
                    .verification_mode(VerificationMode::Check);
                Automerge::load_with_options(one, strict).is_ok()
            }
            _ => Change::try_from(one).is_ok(),
        };
        if !decodes {
            return false;
        }
        rest = tail;
    }
    true
}

/// Magic bytes that open every Automerge storage chunk.
const CHUNK_MAGIC: [u8; 4] = [0x85, 0x6f, 0x4a, 0x83];
/// Chunk type of a whole document.
const DOCUMENT_CHUNK: u8 = 0;

/// The type and total length (header included) of the storage chunk at the
/// start of `bytes`: magic (4), checksum (4), type (1), data length
/// (unsigned LEB128), data.
fn storage_chunk(bytes: &[u8]) -> Option<(u8, usize)> {
    if bytes.len() < 9 || bytes[..4] != CHUNK_MAGIC {
        return None;
    }
    let kind = bytes[8];
    if kind > 2 {
        return None;
    }
    let mut length: u64 = 0;
    let mut position = 9;
    for shift in (0..64).step_by(7) {
        let byte = *bytes.get(position)?;
        position += 1;
        length |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            let total = position.checked_add(usize::try_from(length).ok()?)?;
            return (total <= bytes.len()).then_some((kind, total));
        }
    }
    None
}

fn apply(
    tx: &mut dyn Transaction,
    caller: &Caller,
    entry: Checked,
    now: i64,
) -> Result<DocumentMessage, AppError> {
    let doc_id = entry.info.id.clone();
    let Some(message) = entry.message else {
        // The device has nothing to say: answer only if the server holds
        // changes it has not confirmed.
        if !entry.exists || is_idle(tx, caller, &doc_id)? {
            return Ok(DocumentMessage {
                doc_id,
                message: None,
            });
        }
        let reply = opening_message(tx, caller, entry.info, Unmentioned::No)?;
        return Ok(reply.unwrap_or(DocumentMessage {
            doc_id,
            message: None,
        }));
    };
    let (mut rows, mut doc) = if entry.exists {
        documents::load(tx, entry.info)?
    } else {
        let mut doc = AutoCommit::new();
        let rows = documents::insert(tx, entry.info, &mut doc, now)?;
        (rows, doc)
    };
    let (mut sync_state, stored) = load_state(tx, caller, &doc_id)?;
    let before = doc.get_heads();
    doc.sync()
        .receive_sync_message(&mut sync_state, message)
        .map_err(|e| {
            AppError::BadRequest(format!(
                "the message for {doc_id} could not be applied: {e}"
            ))
        })?;
    if rows.persist_since(tx, &mut doc, &before)? && rows.info.kind == DocumentKind::Response {
        tx.set_blob_refs(&doc_id, &photo_hashes(&doc))?;
    }
    let reply = doc.sync().generate_sync_message(&mut sync_state);
    save_state(tx, caller, &rows, &sync_state, stored)?;
    Ok(DocumentMessage {
        doc_id,
        message: reply.map(|m| BASE64.encode(m.encode())),
    })
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
fn opening_message(
    tx: &mut dyn Transaction,
    caller: &Caller,
    info: DocumentInfo,
    unmentioned: Unmentioned,
) -> Result<Option<DocumentMessage>, AppError> {
    let (rows, mut doc) = documents::load(tx, info)?;
    let (mut sync_state, stored) = load_state(tx, caller, &rows.info.id)?;
    let mut shared = sync_state.shared_heads.clone();
    let mut heads = doc.get_heads();
    shared.sort();
    heads.sort();
    if heads.is_empty() || (unmentioned == Unmentioned::No && shared == heads) {
        return Ok(None);
    }
    if unmentioned == Unmentioned::Yes {
        sync_state.their_heads = Some(Vec::new());
        sync_state.their_need = Some(Vec::new());
        sync_state.their_have = Some(vec![Have::default()]);
    }
    let reply = doc.sync().generate_sync_message(&mut sync_state);
    save_state(tx, caller, &rows, &sync_state, stored)?;
    Ok(reply.map(|m| DocumentMessage {
        doc_id: rows.info.id.clone(),
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

fn save_state(
    tx: &mut dyn Transaction,
    caller: &Caller,
    rows: &DocRows,
    state: &State,
    stored: Option<Vec<u8>>,
) -> Result<(), AppError> {
    if stored.is_none() && state.shared_heads.is_empty() {
        return Ok(());
    }
    let encoded = state.encode();
    if stored.as_deref() != Some(encoded.as_slice()) {
        tx.set_sync_state(&caller.token_hash, &rows.info.id, &encoded)?;
    }
    Ok(())
}

/// Every stored document the caller may read: the audit documents of its
/// audits, its own response document, and — for facilitators — every
/// response document of the audits they facilitate.
fn readable_documents(
    tx: &mut dyn Transaction,
    caller: &Caller,
) -> Result<Vec<DocumentInfo>, AppError> {
    let mut out = Vec::new();
    for member in &caller.memberships {
        if let Some(info) = tx.document_info(&member.audit_id)? {
            out.push(info);
        }
        match member.role {
            Role::Participant => {
                if let Some(own) = &member.response_doc {
                    out.extend(tx.document_info(own)?);
                }
            }
            Role::Facilitator => out.extend(tx.responses(&member.audit_id)?),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod chunk_tests {
    use super::*;
    use automerge::transaction::Transactable;
    use automerge::ROOT;

    fn two_changes() -> Vec<u8> {
        let mut doc = AutoCommit::new();
        doc.put(ROOT, "base", 1).expect("put");
        doc.commit();
        let heads = doc.get_heads();
        for n in 0..2 {
            doc.put(ROOT, "n", n).expect("put");
            doc.commit();
        }
        doc.get_changes(&heads)
            .iter()
            .flat_map(|c| c.raw_bytes().to_vec())
            .collect()
    }

    #[test]
    fn concatenated_changes_decode_and_damaged_ones_do_not() {
        let bundle = two_changes();
        assert!(chunk_decodes(&bundle));
        let mut damaged = bundle.clone();
        let last = damaged.len() - 2;
        damaged[last] ^= 0xff;
        assert!(!chunk_decodes(&damaged));
        assert!(!chunk_decodes(&bundle[..bundle.len() - 1]));
        assert!(!chunk_decodes(b"\\x85\\x6f\\x4a\\x83garbage"));
    }
}
