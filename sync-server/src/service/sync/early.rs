//! Receiving change-carrying messages before the write transaction.
//!
//! Applying a received change is Automerge's work and needs no storage, yet
//! it was half of what a sync did while holding the one SQLite connection,
//! so the second core idled while requests queued for it. A request now
//! takes the documents its changes are for out of the document cache in a
//! short read, receives the messages into them without holding storage,
//! and then writes in its transaction as before, but only if nothing moved
//! meanwhile: the document's recorded heads and the caller's stored sync
//! state must still be what the read saw. If another request (or another
//! server instance) changed either, the work is discarded and the message
//! is received again inside the transaction, as every message was before.
//!
//! A document is out of the cache while a request works on it, so a second
//! request for it loads it from storage; whichever commits second then
//! finds the heads moved and redoes its work in the transaction.

use automerge::sync::{Message, State, SyncDoc};
use automerge::{AutoCommit, ChangeHash, ReadDoc};
use std::collections::HashMap;

use super::{load_state, storable_changes, Entry};
use crate::documents::{self, photo_hashes, DocCache, DocRows};
use crate::error::AppError;
use crate::service::Caller;
use crate::storage::{DocumentKind, Transaction};
use cityaudit_core::ids::{BlobHash, DocumentId};
use cityaudit_core::sync::access::check_sync_message;
use cityaudit_core::sync::budget::MAX_DOCUMENT_OPERATIONS;

/// A message received into its document, with what is left to store.
pub(super) struct Received {
    /// The document's heads before the message.
    pub before: Vec<ChangeHash>,
    /// The message's changes as they arrived, when they may be stored so
    /// ([`storable_changes`]).
    pub changes: Option<Vec<u8>>,
    /// The caller's sync state after the message and the reply.
    pub state: State,
    /// The reply to send.
    pub reply: Option<Message>,
    /// The photo hashes of a response document whose heads moved.
    pub photos: Option<Vec<BlobHash>>,
    /// Whether changes of the message wait for a dependency the document
    /// lacks. They are not kept (the document stays out of the cache, so
    /// nothing waits in memory between requests); the reply asks the device
    /// to send again what the server does not have.
    pub waiting: bool,
}

/// Receives `message` into `doc` with the caller's sync state and
/// generates the reply.
pub(super) fn receive(
    doc: &mut AutoCommit,
    info_kind: DocumentKind,
    doc_id: &DocumentId,
    mut state: State,
    message: Message,
) -> Result<Received, AppError> {
    let before = doc.get_heads();
    let changes = storable_changes(doc, &message);
    doc.sync()
        .receive_sync_message(&mut state, message)
        .map_err(|e| {
            AppError::BadRequest(format!(
                "the message for {doc_id} could not be applied: {e}"
            ))
        })?;
    let operations = doc.stats().num_ops;
    if operations > MAX_DOCUMENT_OPERATIONS {
        return Err(AppError::TooLarge(format!(
            "document {doc_id} may hold at most {MAX_DOCUMENT_OPERATIONS} operations; \
             with this message it would hold {operations}"
        )));
    }
    let waiting = !doc.get_missing_deps(&[]).is_empty();
    if waiting {
        state.needs_reset = true;
    }
    let reply = doc.sync().generate_sync_message(&mut state);
    let photos = (doc.get_heads() != before).then(|| photo_hashes(doc, info_kind));
    Ok(Received {
        before,
        changes,
        state,
        reply,
        photos,
        waiting,
    })
}

/// A document taken out of the cache with a message received into it.
pub(super) struct Early {
    /// The document's rows.
    pub rows: DocRows,
    /// The document, with the message received.
    pub doc: AutoCommit,
    /// The heads storage recorded when the document was taken (encoded).
    pub recorded: Vec<u8>,
    /// The caller's sync state as stored then.
    pub stored_state: Option<Vec<u8>>,
    /// What receiving left to store.
    pub received: Received,
}

/// A taken document and the message still to receive into it.
pub(super) struct Taken {
    rows: DocRows,
    doc: AutoCommit,
    recorded: Vec<u8>,
    state: State,
    stored_state: Option<Vec<u8>>,
    message: Message,
}

/// Takes out of `cache` every document of `entries` that a message with
/// changes the caller may make is for, with the caller's sync state.
/// Documents the cache does not hold are left to the transaction.
pub(super) fn take(
    tx: &mut dyn Transaction,
    cache: &DocCache,
    caller: &Caller,
    entries: &[Entry],
) -> Result<Vec<Taken>, AppError> {
    let mut taken = Vec::new();
    for (doc_id, message) in entries {
        let Ok(Some(message)) = message else {
            continue;
        };
        if message.changes.is_empty() {
            continue;
        }
        let Some(info) = tx.document_info(doc_id)? else {
            continue;
        };
        if check_sync_message(&caller.memberships, &info.id, info.as_ref(), true).is_err() {
            continue;
        }
        let Some((rows, doc, recorded)) = documents::take_cached(tx, cache, info)? else {
            continue;
        };
        let (state, stored_state) = load_state(tx, caller, doc_id)?;
        taken.push(Taken {
            rows,
            doc,
            recorded,
            state,
            stored_state,
            message: message.clone(),
        });
    }
    Ok(taken)
}

/// Receives each taken message into its document (no storage held). A
/// message that fails is dropped here, with its document: the transaction
/// receives it again and reports the error in its place.
pub(super) fn receive_all(taken: Vec<Taken>) -> HashMap<DocumentId, Early> {
    let mut early = HashMap::new();
    for mut one in taken {
        let id = one.rows.info.id.clone();
        let kind = one.rows.info.kind;
        if let Ok(received) = receive(&mut one.doc, kind, &id, one.state, one.message) {
            early.insert(
                id,
                Early {
                    rows: one.rows,
                    doc: one.doc,
                    recorded: one.recorded,
                    stored_state: one.stored_state,
                    received,
                },
            );
        }
    }
    early
}

impl Early {
    /// Whether storage still holds what the document was taken at: its
    /// recorded heads and the caller's sync state.
    pub(super) fn still_current(
        &self,
        tx: &mut dyn Transaction,
        caller: &Caller,
    ) -> Result<bool, AppError> {
        let id = &self.rows.info.id;
        Ok(
            tx.document_heads(id)?.as_deref() == Some(self.recorded.as_slice())
                && tx.sync_state(&caller.token_hash, id)? == self.stored_state,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::sync::{write, Batch, BASE64};
    use crate::service::{authenticate, tests::world};
    use crate::state::AppState;
    use automerge::sync::MessageVersion;
    use automerge::transaction::Transactable;
    use automerge::ROOT;
    use base64::Engine;
    use cityaudit_core::sync::protocol::{DocumentMessage, SyncRequest};

    /// The last change of `doc`, as a batch entry for `id`.
    fn last_change(id: &DocumentId, doc: &mut AutoCommit) -> Entry {
        let change = doc.get_last_local_change().expect("a change");
        let message = Message {
            heads: doc.get_heads(),
            need: Vec::new(),
            have: Vec::new(),
            changes: vec![change.raw_bytes().to_vec()].into(),
            flags: None,
            version: MessageVersion::V1,
        };
        (id.clone(), Ok(Some(message)))
    }

    fn sync_whole(server: &AppState, token: &str, entry: &Entry) {
        let (id, Ok(Some(message))) = entry else {
            panic!("a message");
        };
        let request = SyncRequest {
            documents: vec![DocumentMessage {
                doc_id: id.clone(),
                message: Some(BASE64.encode(message.clone().encode())),
            }],
        };
        super::super::sync(server, token, request, Batch::Partial).expect("sync");
    }

    /// Takes and receives `entry` early, runs `meanwhile`, then writes.
    fn early_then_write(server: &AppState, token: &str, entry: Entry, meanwhile: impl FnOnce()) {
        let mut tx = server.storage.begin().expect("begin");
        let caller = authenticate(tx.as_mut(), token).expect("caller");
        let entries = vec![entry];
        let taken = take(tx.as_mut(), &server.documents, &caller, &entries).expect("take");
        assert_eq!(taken.len(), 1, "the cached document is taken");
        drop(tx);
        let early = receive_all(taken);
        meanwhile();
        let tx = server.storage.begin().expect("begin");
        write(server, tx, &caller, entries, Batch::Partial, early).expect("write");
    }

    /// The stored document, loaded from its rows, and whether the heads
    /// storage records are its heads.
    fn stored(server: &AppState, id: &DocumentId) -> (AutoCommit, bool) {
        server.documents.forget(id);
        let mut tx = server.storage.begin().expect("begin");
        let recorded = tx.document_heads(id).expect("heads");
        let info = tx.document_info(id).expect("info").expect("stored");
        let (_, mut doc) = documents::load(tx.as_mut(), info).expect("load");
        let matches = recorded == Some(documents::encode_heads(&doc.get_heads()));
        (doc, matches)
    }

    #[test]
    fn changes_received_early_are_stored_unless_the_document_moved_meanwhile() {
        let world = world();
        let joined = world.join("Lale");
        let (server, token) = (&world.server, joined.token.as_str());
        let id = joined.response_doc.clone().expect("participant");
        let mut phone = AutoCommit::new();
        phone.put(ROOT, "base", 1).expect("put");
        phone.commit();
        let mut tablet = phone.fork();
        sync_whole(server, token, &last_change(&id, &mut phone));

        // Nothing moves meanwhile: the early work is what is stored.
        phone.put(ROOT, "phone", 1).expect("put");
        phone.commit();
        early_then_write(server, token, last_change(&id, &mut phone), || {});
        let (doc, heads_match) = stored(server, &id);
        assert!(heads_match);
        assert!(doc.get(ROOT, "phone").expect("get").is_some());

        // The tablet's change is stored while the phone's is received early:
        // the early work is discarded and the phone's received again.
        phone.put(ROOT, "phone again", 1).expect("put");
        phone.commit();
        tablet.put(ROOT, "tablet", 1).expect("put");
        tablet.commit();
        let tablet_entry = last_change(&id, &mut tablet);
        sync_whole(server, token, &last_change(&id, &mut phone));
        phone.put(ROOT, "phone last", 1).expect("put");
        phone.commit();
        early_then_write(server, token, last_change(&id, &mut phone), || {
            sync_whole(server, token, &tablet_entry);
        });
        let (doc, heads_match) = stored(server, &id);
        assert!(heads_match, "the recorded heads are the stored document's");
        for key in ["base", "phone", "phone again", "tablet", "phone last"] {
            assert!(doc.get(ROOT, key).expect("get").is_some(), "{key}");
        }
    }
}
