//! Answering a message that only confirms the document's current heads
//! without loading the document.
//!
//! After a device receives changes, its next message says "I now have
//! heads H" and carries nothing else. When H are the heads storage records
//! for the document, the device and the server hold the same document: the
//! server records H as shared with the device and answers exactly what
//! Automerge would have generated after loading the document (its heads, an
//! empty bloom filter since H, no changes), built from the message alone.

use automerge::sync::{BloomFilter, ChunkList, Have, Message, MessageFlags, MessageVersion};
use automerge::ChangeHash;
use std::collections::HashSet;

use super::{load_state, save_state};
use crate::documents::encode_heads;
use crate::error::AppError;
use crate::service::Caller;
use crate::storage::Transaction;
use cityaudit_core::ids::DocumentId;

/// The reply to a message that only confirms the document's recorded
/// current heads, with the shared heads recorded; `None` when the message
/// is anything else (or the heads are not recorded), so the document must
/// be loaded.
pub(super) fn confirmation(
    tx: &mut dyn Transaction,
    caller: &Caller,
    doc_id: &DocumentId,
    message: &Message,
) -> Result<Option<Message>, AppError> {
    if !message.changes.is_empty() || !message.need.is_empty() || message.heads.is_empty() {
        return Ok(None);
    }
    let Some(current) = tx.document_heads(doc_id)? else {
        return Ok(None);
    };
    if encode_heads(&message.heads) != current {
        return Ok(None);
    }
    // Automerge answers a `have` whose last sync it does not know with a
    // reset; heads the device says it has since synced past are known.
    let heads: HashSet<&ChangeHash> = message.heads.iter().collect();
    let known = message
        .have
        .iter()
        .all(|have| have.last_sync.iter().all(|hash| heads.contains(hash)));
    if !known {
        return Ok(None);
    }
    let mut sorted = message.heads.clone();
    sorted.sort();
    let (mut state, stored) = load_state(tx, caller, doc_id)?;
    state.shared_heads.clone_from(&message.heads);
    save_state(tx, caller, doc_id, &state, stored)?;
    Ok(Some(reply(sorted, message.flags.is_some())))
}

/// What Automerge generates for a peer at the same heads: no changes, no
/// needs, a `have` with an empty bloom filter since those heads.
fn reply(heads: Vec<ChangeHash>, peer_sent_flags: bool) -> Message {
    let mut flags = MessageFlags::new();
    flags.set(MessageFlags::SUPPORTS_SYNC_RESET);
    Message {
        heads: heads.clone(),
        need: Vec::new(),
        have: vec![Have {
            last_sync: heads,
            bloom: BloomFilter::from_hashes(std::iter::empty::<ChangeHash>()),
        }],
        changes: ChunkList::empty(),
        flags: Some(flags),
        // A peer that sends flags understands version 2 messages.
        version: if peer_sent_flags {
            MessageVersion::V2
        } else {
            MessageVersion::V1
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use automerge::sync::{State, SyncDoc};
    use automerge::transaction::Transactable;
    use automerge::{AutoCommit, ROOT};

    /// A server document and a device that just received all of it: the
    /// device's next message only confirms the heads.
    fn confirming_pair() -> (AutoCommit, Message) {
        let mut server = AutoCommit::new();
        for n in 0..3 {
            server.put(ROOT, format!("k{n}"), n).expect("put");
            server.commit();
        }
        let mut device = AutoCommit::new();
        let (mut server_state, mut device_state) = (State::new(), State::new());
        for _ in 0..6 {
            if let Some(m) = device.sync().generate_sync_message(&mut device_state) {
                server
                    .sync()
                    .receive_sync_message(&mut server_state, m)
                    .expect("server receives");
            }
            if let Some(m) = server.sync().generate_sync_message(&mut server_state) {
                device
                    .sync()
                    .receive_sync_message(&mut device_state, m)
                    .expect("device receives");
            }
            if device.get_heads() == server.get_heads() {
                break;
            }
        }
        assert_eq!(device.get_heads(), server.get_heads());
        let confirm = device
            .sync()
            .generate_sync_message(&mut device_state)
            .expect("a confirmation");
        (server, confirm)
    }

    #[test]
    fn the_quick_reply_is_byte_for_byte_what_automerge_generates() {
        let (mut server, confirm) = confirming_pair();
        assert!(confirm.changes.is_empty() && confirm.need.is_empty());
        let quick = reply(
            {
                let mut h = confirm.heads.clone();
                h.sort();
                h
            },
            confirm.flags.is_some(),
        );
        // What a server that loaded the document answers, with a sync state
        // decoded from storage (only the shared heads survive).
        let mut state = State::new();
        server
            .sync()
            .receive_sync_message(&mut state, confirm)
            .expect("receive");
        let generated = server
            .sync()
            .generate_sync_message(&mut state)
            .expect("a reply");
        assert_eq!(quick.encode(), generated.encode());
    }
}
