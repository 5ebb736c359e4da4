//! The per-document summary cache: a document's read form, saved beside it
//! with the heads it was made from.
//!
//! Reading hundreds of response documents means loading and hydrating each
//! Automerge document (about a millisecond apiece). A summary whose heads
//! equal the heads the store recorded at the document's last write is that
//! same read form, so it can stand in for the document. The store only
//! keeps the bytes; what a summary holds and how it is encoded is the
//! reader's business (`crate::profile`), and a row that does not decode is
//! simply made again.

use automerge::ChangeHash;
use rusqlite::{params, Connection};

use super::{DocumentKind, Store, StoreError};
use crate::ids::DocumentId;

/// A document's heads in the form the store records and compares: the
/// change hashes sorted and concatenated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadsKey(Vec<u8>);

impl HeadsKey {
    /// The key of these heads (in any order).
    pub fn of(heads: &[ChangeHash]) -> Self {
        let mut sorted: Vec<&ChangeHash> = heads.iter().collect();
        sorted.sort();
        HeadsKey(sorted.iter().flat_map(|hash| hash.0).collect())
    }

    /// The stored bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The change hashes, or `None` when the bytes are not a whole number of hashes.
    pub fn hashes(&self) -> Option<Vec<ChangeHash>> {
        if !self.0.len().is_multiple_of(32) {
            return None;
        }
        self.0
            .chunks(32)
            .map(|chunk| ChangeHash::try_from(chunk).ok())
            .collect()
    }
}

/// A document of one kind with its recorded heads and its cached summary, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryRow {
    /// The document.
    pub id: DocumentId,
    /// Heads recorded at the document's last write; `None` for a row
    /// written before heads were recorded (learnt when a summary is saved).
    pub heads: Option<HeadsKey>,
    /// The cached summary and the heads it was made from.
    pub summary: Option<(HeadsKey, Vec<u8>)>,
}

impl SummaryRow {
    /// The cached summary, when it was made from the document's current
    /// heads (`current`, or the recorded ones when `None`).
    pub fn fresh_summary(&self, current: Option<&HeadsKey>) -> Option<&[u8]> {
        let current = current.or(self.heads.as_ref())?;
        match &self.summary {
            Some((heads, bytes)) if heads == current => Some(bytes),
            _ => None,
        }
    }
}

/// Records a document's current heads (inside the caller's transaction).
pub(super) fn record_heads(
    conn: &Connection,
    id: &DocumentId,
    heads: &HeadsKey,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO document_heads (doc_id, heads) VALUES (?1, ?2)
         ON CONFLICT(doc_id) DO UPDATE SET heads = excluded.heads",
    )?
    .execute(params![id.as_str(), heads.as_bytes()])?;
    Ok(())
}

impl Store {
    /// Every document of `kind` with its recorded heads and cached summary,
    /// in the order they were stored.
    pub fn summary_rows(&self, kind: DocumentKind) -> Result<Vec<SummaryRow>, StoreError> {
        let mut stmt = self.connection().prepare_cached(
            "SELECT d.doc_id, h.heads, s.heads, s.summary
             FROM documents d
             LEFT JOIN document_heads h ON h.doc_id = d.doc_id
             LEFT JOIN document_summaries s ON s.doc_id = d.doc_id
             WHERE d.kind = ?1 ORDER BY d.rowid",
        )?;
        let rows = stmt.query_map(params![kind.as_str()], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, Option<Vec<u8>>>(1)?,
                row.get::<_, Option<Vec<u8>>>(2)?,
                row.get::<_, Option<Vec<u8>>>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, heads, summary_heads, summary) = row?;
            // Rows this version cannot interpret are skipped, never fatal.
            let Ok(id) = DocumentId::parse(&id) else {
                continue;
            };
            out.push(SummaryRow {
                id,
                heads: heads.map(HeadsKey),
                summary: summary_heads.map(HeadsKey).zip(summary),
            });
        }
        Ok(out)
    }

    /// The heads recorded at a document's last write (`None` when not
    /// recorded yet or no such document).
    pub fn recorded_heads(&self, id: &DocumentId) -> Result<Option<HeadsKey>, StoreError> {
        use rusqlite::OptionalExtension;
        Ok(self
            .connection()
            .prepare_cached("SELECT heads FROM document_heads WHERE doc_id = ?1")?
            .query_row(params![id.as_str()], |row| row.get::<_, Vec<u8>>(0))
            .optional()?
            .map(HeadsKey))
    }

    /// Saves summaries, each with the heads it was made from, in one
    /// transaction. A document without recorded heads (written before they
    /// were recorded) learns them here: the summary was made from the
    /// document as stored.
    pub fn save_summaries(
        &self,
        summaries: &[(DocumentId, HeadsKey, Vec<u8>)],
    ) -> Result<(), StoreError> {
        if summaries.is_empty() {
            return Ok(());
        }
        let tx = self.connection().unchecked_transaction()?;
        for (id, heads, bytes) in summaries {
            tx.prepare_cached(
                "INSERT INTO document_summaries (doc_id, heads, summary) VALUES (?1, ?2, ?3)
                 ON CONFLICT(doc_id) DO UPDATE SET heads = excluded.heads, summary = excluded.summary",
            )?
            .execute(params![id.as_str(), heads.as_bytes(), bytes])?;
            tx.prepare_cached(
                "INSERT OR IGNORE INTO document_heads (doc_id, heads) VALUES (?1, ?2)",
            )?
            .execute(params![id.as_str(), heads.as_bytes()])?;
        }
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use automerge::transaction::Transactable;
    use automerge::{AutoCommit, ROOT};

    fn doc_with(value: i64) -> AutoCommit {
        let mut doc = AutoCommit::new();
        doc.put(ROOT, "n", value).expect("put");
        doc.commit();
        doc
    }

    #[test]
    fn every_write_records_the_documents_current_heads() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut store = Store::open(&dir.path().join("p.sqlite")).expect("open");
        let id = DocumentId::random();
        let mut doc = doc_with(1);
        store
            .insert_document(&id, DocumentKind::Response, &id, &mut doc)
            .expect("insert");
        assert_eq!(
            store.recorded_heads(&id).expect("heads"),
            Some(HeadsKey::of(&doc.get_heads()))
        );

        let before = doc.get_heads();
        doc.put(ROOT, "n", 2).expect("put");
        doc.commit();
        let change = doc.save_after(&before);
        store
            .append_change(&id, &change, &doc.get_heads())
            .expect("append");
        let heads = HeadsKey::of(&doc.get_heads());
        assert_eq!(
            store.recorded_heads(&id).expect("heads"),
            Some(heads.clone())
        );
        assert_eq!(heads.hashes(), Some(doc.get_heads()));

        store.compact(&id, &mut doc).expect("compact");
        assert_eq!(store.recorded_heads(&id).expect("heads"), Some(heads));
    }

    #[test]
    fn a_summary_is_fresh_only_for_the_heads_it_was_made_from() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut store = Store::open(&dir.path().join("p.sqlite")).expect("open");
        let id = DocumentId::random();
        let mut doc = doc_with(1);
        store
            .insert_document(&id, DocumentKind::Response, &id, &mut doc)
            .expect("insert");
        let made_from = HeadsKey::of(&doc.get_heads());
        store
            .save_summaries(&[(id.clone(), made_from.clone(), b"one".to_vec())])
            .expect("save");
        let rows = store.summary_rows(DocumentKind::Response).expect("rows");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].fresh_summary(None), Some(&b"one"[..]));

        let before = doc.get_heads();
        doc.put(ROOT, "n", 2).expect("put");
        doc.commit();
        let change = doc.save_after(&before);
        store
            .append_change(&id, &change, &doc.get_heads())
            .expect("append");
        let rows = store.summary_rows(DocumentKind::Response).expect("rows");
        assert_eq!(rows[0].fresh_summary(None), None, "stale after a write");
        assert_eq!(rows[0].fresh_summary(Some(&made_from)), Some(&b"one"[..]));
        assert!(store
            .summary_rows(DocumentKind::Audit)
            .expect("rows")
            .is_empty());
    }
}
