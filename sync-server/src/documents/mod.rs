//! Documents on the server: loading them from storage, appending the
//! changes a request made, compacting long tails, and the blob references
//! of response documents. [`cache`] keeps recently used documents loaded.

pub mod cache;

use automerge::{AutoCommit, ChangeHash, ObjId, ObjType, ReadDoc, ScalarValue, Value, ROOT};

use crate::error::AppError;
use crate::storage::{DocumentInfo, DocumentKind, Transaction};
pub use cache::DocCache;
use cityaudit_core::ids::{BlobHash, DocumentId};
use cityaudit_core::sync::access::NamedOwner;

/// Compact a document into one snapshot once about this many change rows
/// are in its tail (see [`compact_after`]).
pub const COMPACT_AFTER_CHANGES: usize = 64;

/// The tail length at which `doc` is compacted: [`COMPACT_AFTER_CHANGES`]
/// give or take a quarter, fixed per document. Participants of one walk
/// sync at the same pace: with one threshold for all, their documents were
/// compacted in the same second and the server stalled (throughput halved
/// for two seconds with 1,000 devices). Spread out, the same work goes
/// unnoticed.
pub fn compact_after(doc: &DocumentId) -> usize {
    let spread = COMPACT_AFTER_CHANGES / 2;
    let offset = doc.as_str().bytes().fold(0usize, |acc, b| {
        acc.wrapping_mul(31).wrapping_add(usize::from(b))
    });
    COMPACT_AFTER_CHANGES - spread / 2 + offset % spread
}

/// A document's storage rows as loaded: which change rows are folded into
/// the in-memory document, so compaction deletes exactly those.
#[derive(Debug)]
pub struct DocRows {
    /// What the document is.
    pub info: DocumentInfo,
    seqs: Vec<i64>,
}

/// Loads a stored document.
pub fn load(
    tx: &mut dyn Transaction,
    info: DocumentInfo,
) -> Result<(DocRows, AutoCommit), AppError> {
    let stored = tx
        .load_document(&info.id)?
        .ok_or_else(|| AppError::NotFound(format!("document {} does not exist", info.id)))?;
    let mut doc = AutoCommit::load(&stored.bytes)
        .map_err(|e| AppError::Internal(format!("stored document {} is damaged: {e}", info.id)))?;
    // Databases from before heads were recorded learn them on first load.
    let heads = encode_heads(&doc.get_heads());
    if tx.document_heads(&info.id)?.as_deref() != Some(heads.as_slice()) {
        tx.set_document_heads(&info.id, &heads)?;
    }
    let rows = DocRows {
        info,
        seqs: stored.change_seqs,
    };
    Ok((rows, doc))
}

/// Loads a document, from `cache` when it holds the document at the heads
/// storage records (the document is then taken out of the cache: give it
/// back with [`keep`] once the request's work is done).
pub fn load_cached(
    tx: &mut dyn Transaction,
    cache: &DocCache,
    info: DocumentInfo,
) -> Result<(DocRows, AutoCommit), AppError> {
    if let Some((rows, doc, _)) = take_cached(tx, cache, info.clone())? {
        return Ok((rows, doc));
    }
    tracing::debug!(doc = %info.id, "document loaded from storage");
    load(tx, info)
}

/// Takes a document out of `cache` if it holds it at the heads storage
/// records, with those heads (encoded); `None` when it must be loaded.
pub fn take_cached(
    tx: &mut dyn Transaction,
    cache: &DocCache,
    info: DocumentInfo,
) -> Result<Option<(DocRows, AutoCommit, Vec<u8>)>, AppError> {
    let Some(heads) = tx.document_heads(&info.id)? else {
        return Ok(None);
    };
    Ok(cache
        .take(&info.id, &heads)
        .map(|(doc, seqs)| (DocRows { info, seqs }, doc, heads)))
}

/// Puts a document back into `cache` with its current heads. Call it
/// before the transaction commits; if the commit fails, [`DocCache::forget`]
/// it (an entry that outlived a failed commit would not match the recorded
/// heads anyway, so it could never be served).
pub fn keep(cache: &DocCache, rows: DocRows, mut doc: AutoCommit) {
    let heads = encode_heads(&doc.get_heads());
    cache.put(rows.info.id, doc, heads, rows.seqs);
}

/// Stores a new document (e.g. an empty one about to receive its first
/// changes from its participant).
pub fn insert(
    tx: &mut dyn Transaction,
    info: DocumentInfo,
    doc: &mut AutoCommit,
    now: i64,
) -> Result<DocRows, AppError> {
    tx.insert_document(&info, &doc.save(), now)?;
    tx.set_document_heads(&info.id, &encode_heads(&doc.get_heads()))?;
    Ok(DocRows {
        info,
        seqs: Vec::new(),
    })
}

impl DocRows {
    /// Appends what changed in `doc` since `before` as one change row, and
    /// compacts when the tail has grown long. Returns true when anything changed.
    pub fn persist_since(
        &mut self,
        tx: &mut dyn Transaction,
        doc: &mut AutoCommit,
        before: &[ChangeHash],
    ) -> Result<bool, AppError> {
        // `save_after` commits any open transaction first.
        let change = doc.save_after(before);
        if change.is_empty() {
            return Ok(false);
        }
        self.append(tx, doc, &change)?;
        Ok(true)
    }

    /// As [`DocRows::persist_since`] after `doc` received `received`, the
    /// encoded changes of a sync message: when `doc` took all of them, they
    /// are stored as they arrived instead of being encoded again from the
    /// document (changes it already had are skipped when the row is loaded).
    pub fn persist_received(
        &mut self,
        tx: &mut dyn Transaction,
        doc: &mut AutoCommit,
        before: &[ChangeHash],
        received: &[u8],
    ) -> Result<bool, AppError> {
        if doc.get_heads() == before {
            return Ok(false);
        }
        if !doc.get_missing_deps(&[]).is_empty() {
            // Some changes wait for others: keep only what was applied.
            return self.persist_since(tx, doc, before);
        }
        self.append(tx, doc, received)?;
        Ok(true)
    }

    fn append(
        &mut self,
        tx: &mut dyn Transaction,
        doc: &mut AutoCommit,
        change: &[u8],
    ) -> Result<(), AppError> {
        let seq = tx.append_change(&self.info.id, change)?;
        tx.set_document_heads(&self.info.id, &encode_heads(&doc.get_heads()))?;
        self.seqs.push(seq);
        if self.seqs.len() >= compact_after(&self.info.id) {
            tx.compact(&self.info.id, &doc.save(), &self.seqs)?;
            self.seqs.clear();
        }
        Ok(())
    }
}

/// Heads in the form storage records them: sorted, 32 bytes each, concatenated.
pub fn encode_heads(heads: &[ChangeHash]) -> Vec<u8> {
    let mut sorted = heads.to_vec();
    sorted.sort();
    sorted.iter().flat_map(|hash| hash.0).collect()
}

/// The blob hashes a document references: the keys of a response
/// document's `photos`, of an audit document's `facilitator.received_photos`
/// (records this version cannot read still count: their key is the hash),
/// and an audit document's base map package ([`base_map_hash`]). Only
/// those keys are read, not the records.
pub fn photo_hashes(doc: &AutoCommit, kind: DocumentKind) -> Vec<BlobHash> {
    let mut hashes = keyed_photos(doc, kind);
    if kind == DocumentKind::Audit {
        hashes.extend(base_map_hash(doc));
    }
    hashes
}

/// The hash of the base map package an audit document references
/// (`facilitator.base_map.hash`), read directly.
pub fn base_map_hash(doc: &AutoCommit) -> Option<BlobHash> {
    let map = map_at(doc, ROOT, "facilitator").and_then(|f| map_at(doc, f, "base_map"))?;
    match doc.get(map, "hash") {
        Ok(Some((Value::Scalar(value), _))) => match value.as_ref() {
            ScalarValue::Str(s) => BlobHash::parse(s).ok(),
            _ => None,
        },
        _ => None,
    }
}

fn keyed_photos(doc: &AutoCommit, kind: DocumentKind) -> Vec<BlobHash> {
    let photos = match kind {
        DocumentKind::Response => map_at(doc, ROOT, "photos"),
        DocumentKind::Audit => {
            map_at(doc, ROOT, "facilitator").and_then(|f| map_at(doc, f, "received_photos"))
        }
    };
    photos
        .map(|photos| {
            doc.keys(&photos)
                .filter_map(|key| BlobHash::parse(&key).ok())
                .collect()
        })
        .unwrap_or_default()
}

/// Who a response document names as its owner: `participant.id` and
/// `audit_id`, read directly (two keys, whatever the document's size).
pub fn named_owner(doc: &AutoCommit) -> NamedOwner {
    let text = |parent: ObjId, key: &str| match doc.get(parent, key) {
        Ok(Some((Value::Scalar(value), _))) => match value.as_ref() {
            ScalarValue::Str(s) => Some(s.to_string()),
            other => Some(other.to_string()),
        },
        Ok(Some((Value::Object(_), _))) => Some("(an object)".to_owned()),
        _ => None,
    };
    NamedOwner {
        participant_id: map_at(doc, ROOT, "participant").and_then(|p| text(p, "id")),
        audit_id: text(ROOT, "audit_id"),
    }
}

/// The map at `parent[key]`, if it is one.
fn map_at(doc: &AutoCommit, parent: ObjId, key: &str) -> Option<ObjId> {
    match doc.get(parent, key) {
        Ok(Some((Value::Object(ObjType::Map), map))) => Some(map),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::{SqliteStorage, Storage};
    use automerge::transaction::Transactable;
    use automerge::ROOT;
    use cityaudit_core::ids::DocumentId;

    #[test]
    fn documents_are_compacted_at_different_tail_lengths_around_the_default() {
        let thresholds: std::collections::BTreeSet<usize> = (0..200)
            .map(|_| compact_after(&DocumentId::random()))
            .collect();
        let (low, high) = (COMPACT_AFTER_CHANGES * 3 / 4, COMPACT_AFTER_CHANGES * 5 / 4);
        assert!(
            thresholds.iter().all(|t| (low..high).contains(t)),
            "{thresholds:?}"
        );
        assert!(thresholds.len() > 16, "spread out: {thresholds:?}");
        let id = DocumentId::random();
        assert_eq!(compact_after(&id), compact_after(&id), "fixed per document");
    }

    #[test]
    fn changes_are_appended_and_the_tail_is_compacted_without_losing_any() {
        let dir = tempfile::tempdir().expect("tempdir");
        let storage = SqliteStorage::open(&dir.path().join("s.sqlite")).expect("open");
        let id = DocumentId::random();
        let info = DocumentInfo {
            id: id.clone(),
            kind: DocumentKind::Audit,
            audit_id: id.clone(),
        };
        let mut tx = storage.begin().expect("begin");
        let mut doc = AutoCommit::new();
        let mut rows = insert(tx.as_mut(), info.clone(), &mut doc, 1).expect("insert");
        for n in 0..(compact_after(&id) as i64 + 5) {
            let before = doc.get_heads();
            doc.put(ROOT, format!("k{n}"), n).expect("put");
            assert!(rows
                .persist_since(tx.as_mut(), &mut doc, &before)
                .expect("persist"));
        }
        let before = doc.get_heads();
        assert!(!rows
            .persist_since(tx.as_mut(), &mut doc, &before)
            .expect("nothing"));
        tx.commit().expect("commit");
        let mut tx = storage.begin().expect("begin");
        let stored = tx.load_document(&id).expect("load").expect("exists");
        assert_eq!(stored.change_seqs.len(), 5, "tail after one compaction");
        let (_, mut loaded) = load(tx.as_mut(), info).expect("load");
        assert_eq!(loaded.get_heads(), doc.get_heads());
    }
}
