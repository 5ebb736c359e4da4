//! A bounded in-memory cache of loaded documents, so a busy document (the
//! audit document every device mentions) is not loaded from storage and
//! rebuilt on every request.
//!
//! An entry is valid only while its heads equal the heads storage records
//! for the document: another server instance on the same database (or an
//! `admin` command) that changes the document changes those heads, and the
//! entry is then ignored and reloaded. A request takes its documents out of
//! the cache and puts them back when its work is done; an entry whose
//! transaction fails to commit is forgotten, and one that was put back
//! before a failed commit no longer matches the recorded heads anyway.

use automerge::{AutoCommit, ReadDoc};
use std::collections::HashMap;
use std::sync::Mutex;

use cityaudit_core::ids::DocumentId;

/// Default number of documents kept (`serve --doc-cache`).
pub const DEFAULT_CAPACITY: usize = 2048;

/// Default budget of all cached documents together, in operations, each
/// change counting as [`CHANGE_COST`] operations (see `docs/protocol.md`).
pub const DEFAULT_OPERATION_BUDGET: u64 = 4_000_000;

/// What one change costs in the budget, in operations. Automerge 0.12 holds
/// a document in memory at about 100 bytes per operation plus about 1 KB
/// per change (its hash, dependencies, actor and time): a document of many
/// small edits (a participant's taps) is mostly changes, and a budget of
/// operations alone let 1,000 such documents take 1.5 GB in the soak test.
pub const CHANGE_COST: u64 = 10;

/// A document's cost in the budget.
fn cost(doc: &AutoCommit) -> u64 {
    let stats = doc.stats();
    stats
        .num_ops
        .saturating_add(stats.num_changes.saturating_mul(CHANGE_COST))
}

/// A cached document with the heads it had when it was put back.
struct Entry {
    doc: AutoCommit,
    heads: Vec<u8>,
    seqs: Vec<i64>,
    used: u64,
    operations: u64,
}

#[derive(Default)]
struct Inner {
    entries: HashMap<DocumentId, Entry>,
    clock: u64,
    operations: u64,
}

impl Inner {
    fn remove(&mut self, id: &DocumentId) -> Option<Entry> {
        let entry = self.entries.remove(id)?;
        self.operations -= entry.operations;
        Some(entry)
    }
}

/// Least-recently-used cache of documents, keyed by document id, holding
/// at most `capacity` documents and `operation_budget` operations.
pub struct DocCache {
    capacity: usize,
    operation_budget: u64,
    inner: Mutex<Inner>,
}

impl std::fmt::Debug for DocCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DocCache")
            .field("capacity", &self.capacity)
            .field("len", &self.len())
            .finish()
    }
}

impl DocCache {
    /// A cache holding at most `capacity` documents (0 turns it off).
    pub fn new(capacity: usize) -> Self {
        DocCache {
            capacity,
            operation_budget: DEFAULT_OPERATION_BUDGET,
            inner: Mutex::new(Inner::default()),
        }
    }

    /// The same cache holding at most `budget` operations in all.
    pub fn with_operation_budget(mut self, budget: u64) -> Self {
        self.operation_budget = budget;
        self
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // The map stays consistent even if a holder panicked.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Takes the document out of the cache if it is there with exactly
    /// `heads` (as storage records them); returns it with the change rows
    /// folded into it. A stale entry is dropped.
    pub fn take(&self, id: &DocumentId, heads: &[u8]) -> Option<(AutoCommit, Vec<i64>)> {
        let entry = self.lock().remove(id)?;
        (entry.heads == heads).then_some((entry.doc, entry.seqs))
    }

    /// Puts a document back with its current `heads` (encoded as storage
    /// records them) and the change rows folded into it, evicting the least
    /// recently used document when full.
    pub fn put(&self, id: DocumentId, doc: AutoCommit, heads: Vec<u8>, seqs: Vec<i64>) {
        let operations = cost(&doc);
        if self.capacity == 0 || operations > self.operation_budget {
            return;
        }
        let mut inner = self.lock();
        inner.remove(&id);
        inner.clock += 1;
        let used = inner.clock;
        inner.operations += operations;
        inner.entries.insert(
            id,
            Entry {
                doc,
                heads,
                seqs,
                used,
                operations,
            },
        );
        while inner.entries.len() > self.capacity || inner.operations > self.operation_budget {
            // Linear scan: eviction is rare next to hits and the map is small.
            let oldest = inner
                .entries
                .iter()
                .min_by_key(|(_, e)| e.used)
                .map(|(id, _)| id.clone());
            match oldest {
                Some(oldest) => inner.remove(&oldest),
                None => break,
            };
        }
    }

    /// Drops a document (its transaction failed to commit).
    pub fn forget(&self, id: &DocumentId) {
        self.lock().remove(id);
    }

    /// How many documents are cached.
    pub fn len(&self) -> usize {
        self.lock().entries.len()
    }

    /// True when nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> AutoCommit {
        AutoCommit::new()
    }

    #[test]
    fn an_entry_is_returned_only_for_the_heads_it_was_put_with() {
        let cache = DocCache::new(4);
        let id = DocumentId::random();
        cache.put(id.clone(), doc(), vec![1; 32], vec![7]);
        assert!(cache.take(&id, &[2; 32]).is_none(), "stale heads");
        assert!(cache.is_empty(), "a stale entry is dropped");
        cache.put(id.clone(), doc(), vec![1; 32], vec![7]);
        let (_, seqs) = cache.take(&id, &[1; 32]).expect("fresh");
        assert_eq!(seqs, vec![7]);
        assert!(cache.take(&id, &[1; 32]).is_none(), "taken out");
    }

    #[test]
    fn the_least_recently_used_document_is_evicted_and_zero_capacity_keeps_none() {
        let cache = DocCache::new(2);
        let ids: Vec<DocumentId> = (0..3).map(|_| DocumentId::random()).collect();
        for id in &ids {
            cache.put(id.clone(), doc(), Vec::new(), Vec::new());
        }
        assert_eq!(cache.len(), 2);
        assert!(cache.take(&ids[0], &[]).is_none(), "oldest evicted");
        assert!(cache.take(&ids[2], &[]).is_some());
        let off = DocCache::new(0);
        off.put(ids[0].clone(), doc(), Vec::new(), Vec::new());
        assert!(off.is_empty());
    }

    fn with_operations(count: usize) -> AutoCommit {
        use automerge::transaction::Transactable;
        let mut doc = AutoCommit::new();
        for n in 0..count {
            doc.put(automerge::ROOT, format!("k{n}"), 1).expect("put");
        }
        doc.commit();
        doc
    }

    #[test]
    fn the_cache_holds_no_more_operations_than_its_budget() {
        // A document of 10 operations in one change costs 10 + CHANGE_COST.
        assert_eq!(cost(&with_operations(10)), 10 + CHANGE_COST);
        let cache = DocCache::new(10).with_operation_budget(45);
        let ids: Vec<DocumentId> = (0..3).map(|_| DocumentId::random()).collect();
        for id in &ids {
            cache.put(id.clone(), with_operations(10), Vec::new(), Vec::new());
        }
        assert_eq!(cache.len(), 2, "the third document pushed the oldest out");
        assert!(cache.take(&ids[0], &[]).is_none());
        cache.put(ids[0].clone(), with_operations(40), Vec::new(), Vec::new());
        assert!(
            cache.take(&ids[0], &[]).is_none(),
            "a document over the whole budget is not kept"
        );
        assert!(cache.take(&ids[1], &[]).is_some(), "and evicts nothing");
        cache.put(ids[2].clone(), with_operations(20), Vec::new(), Vec::new());
        assert_eq!(cache.len(), 1, "putting a document back replaces it");
    }

    #[test]
    fn a_forgotten_document_is_gone() {
        let cache = DocCache::new(2);
        let id = DocumentId::random();
        cache.put(id.clone(), doc(), Vec::new(), Vec::new());
        cache.forget(&id);
        assert!(cache.take(&id, &[]).is_none());
    }
}
