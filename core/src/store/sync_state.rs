//! Sync bookkeeping kept in the profile database: the Automerge sync state
//! per document and server, and the persistent queue of blob uploads.

use rusqlite::{params, OptionalExtension};

use super::{Store, StoreError};
use crate::ids::{BlobHash, DocumentId};

/// A queued blob upload and how far it got.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct QueuedUpload {
    /// The blob.
    pub hash: BlobHash,
    /// Its media type.
    pub media_type: String,
    /// Total bytes.
    pub size: u64,
    /// Bytes the server confirmed so far.
    pub sent: u64,
}

impl Store {
    /// The stored sync state of a document with a server, if any.
    pub fn sync_state(&self, doc: &DocumentId, peer: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .connection()
            .prepare_cached("SELECT state FROM sync_states WHERE doc_id = ?1 AND peer = ?2")?
            .query_row(params![doc.as_str(), peer], |row| row.get(0))
            .optional()?)
    }

    /// Persists the sync state of a document with a server.
    pub fn set_sync_state(
        &self,
        doc: &DocumentId,
        peer: &str,
        state: &[u8],
    ) -> Result<(), StoreError> {
        self.connection()
            .prepare_cached(
                "INSERT INTO sync_states (doc_id, peer, state) VALUES (?1, ?2, ?3)
                 ON CONFLICT(doc_id, peer) DO UPDATE SET state = excluded.state",
            )?
            .execute(params![doc.as_str(), peer, state])?;
        Ok(())
    }

    /// Queues a blob for upload (no-op when already queued).
    pub fn queue_upload(
        &self,
        hash: &BlobHash,
        media_type: &str,
        size: u64,
        now: i64,
    ) -> Result<(), StoreError> {
        self.connection().execute(
            "INSERT OR IGNORE INTO uploads (hash, media_type, size, queued_at) VALUES (?1, ?2, ?3, ?4)",
            params![hash.as_str(), media_type, size as i64, now],
        )?;
        Ok(())
    }

    /// Drops a queued upload (of a photo that was not recorded after all).
    pub fn unqueue_upload(&self, hash: &BlobHash) -> Result<(), StoreError> {
        self.connection().execute(
            "DELETE FROM uploads WHERE hash = ?1",
            params![hash.as_str()],
        )?;
        Ok(())
    }

    /// Uploads not yet confirmed complete, oldest first.
    pub fn pending_uploads(&self) -> Result<Vec<QueuedUpload>, StoreError> {
        let mut stmt = self.connection().prepare_cached(
            "SELECT hash, media_type, size, sent FROM uploads WHERE done = 0 ORDER BY queued_at, hash",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, i64>(2)?,
                row.get::<_, i64>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (hash, media_type, size, sent) = row?;
            if let Ok(hash) = BlobHash::parse(&hash) {
                out.push(QueuedUpload {
                    hash,
                    media_type,
                    size: size.max(0) as u64,
                    sent: sent.max(0) as u64,
                });
            }
        }
        Ok(out)
    }

    /// Records upload progress; `done` once the server verified the blob.
    pub fn set_upload_progress(
        &self,
        hash: &BlobHash,
        sent: u64,
        done: bool,
    ) -> Result<(), StoreError> {
        self.connection().execute(
            "UPDATE uploads SET sent = ?2, done = ?3 WHERE hash = ?1",
            params![hash.as_str(), sent as i64, done],
        )?;
        Ok(())
    }
}
