//! Decoding the base64 Automerge sync messages of a batch, refusing any
//! whose change chunks do not decode.

use automerge::sync::Message;
use automerge::{Automerge, Change, LoadOptions, OnPartialLoad, VerificationMode};
use base64::alphabet::STANDARD;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine;

use crate::error::AppError;
use cityaudit_core::ids::DocumentId;
use cityaudit_core::sync::budget::{
    measure_more, storage_chunks, BudgetError, MessageCost, DOCUMENT_CHUNK, MESSAGE_LIMITS,
};

/// Standard base64; padding is written, and accepted or not on reading.
pub const BASE64: GeneralPurpose = GeneralPurpose::new(
    &STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Decodes a base64 Automerge sync message and every change chunk in it,
/// once the chunks are measured within what the request may still spend
/// (`spent` is what its earlier messages cost).
pub fn decode_message(
    doc_id: &DocumentId,
    encoded: &str,
    spent: &mut MessageCost,
) -> Result<Message, AppError> {
    let raw = BASE64.decode(encoded).map_err(|e| {
        AppError::BadRequest(format!("the message for {doc_id} is not valid base64: {e}"))
    })?;
    let message = Message::decode(&raw).map_err(|e| {
        AppError::BadRequest(format!(
            "the message for {doc_id} is not an Automerge sync message: {e}"
        ))
    })?;
    measure_more(message.changes.iter(), &MESSAGE_LIMITS, spent).map_err(|e| match e {
        BudgetError::TooLarge { .. } => AppError::TooLarge(format!("{doc_id}: {e}")),
        BudgetError::Malformed(_) => AppError::BadRequest(format!("{doc_id}: {e}")),
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
/// it; checking first lets the server refuse it instead. Only called on
/// chunks already measured, so decoding them is bounded work.
fn chunk_decodes(chunk: &[u8]) -> bool {
    if Change::try_from(chunk).is_ok() {
        return true;
    }
    storage_chunks(chunk).all(|one| match one {
        Some(c) if c.kind == DOCUMENT_CHUNK => {
            let strict = LoadOptions::new()
                .on_partial_load(OnPartialLoad::Error)
                .verification_mode(VerificationMode::Check);
            Automerge::load_with_options(c.whole, strict).is_ok()
        }
        Some(c) => Change::try_from(c.whole).is_ok(),
        None => false,
    })
}

/// Whether every chunk of a decoded message is made of change chunks only
/// (no whole document), so the bytes can be stored as they arrived.
pub fn only_changes(message: &Message) -> bool {
    message
        .changes
        .iter()
        .all(|chunk| storage_chunks(chunk).all(|one| one.is_some_and(|c| c.kind != DOCUMENT_CHUNK)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use automerge::transaction::Transactable;
    use automerge::AutoCommit;
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

    #[test]
    fn messages_with_only_change_chunks_are_told_apart_from_whole_documents() {
        let changes = Message {
            changes: vec![two_changes()].into(),
            ..empty_message()
        };
        assert!(only_changes(&changes));
        let mut doc = AutoCommit::new();
        doc.put(ROOT, "k", 1).expect("put");
        let whole = Message {
            changes: vec![doc.save()].into(),
            ..empty_message()
        };
        assert!(!only_changes(&whole));
    }

    fn empty_message() -> Message {
        Message {
            heads: Vec::new(),
            need: Vec::new(),
            have: Vec::new(),
            changes: Vec::<Vec<u8>>::new().into(),
            flags: None,
            version: automerge::sync::MessageVersion::V1,
        }
    }
}
