//! The durable local store: one SQLite file per profile.
//!
//! Every edit is appended as an incremental Automerge change inside one
//! transaction (WAL, `synchronous=FULL`), so a save the participant saw is
//! on disk even if the app is killed or the battery dies. When a document's
//! tail of changes grows, it is compacted into a snapshot in one
//! transaction. Every write also records the document's current heads, so
//! a cached summary of the document (see [`SummaryRow`]) can be checked
//! without loading it. Schema migrations are keyed on `PRAGMA user_version`.

pub(crate) mod blobs;
mod migrations;
mod summaries;
mod sync_state;

pub use blobs::{BlobDir, BlobError, BlobPlace, Blobs};
pub use summaries::{HeadsKey, SummaryRow};
pub use sync_state::QueuedUpload;

use automerge::{AutoCommit, ChangeHash};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::path::{Path, PathBuf};

use crate::ids::DocumentId;

/// The schema statements of versions 1 to `version`, to make old databases in tests.
#[cfg(test)]
pub(crate) fn migrations_up_to(version: usize) -> String {
    migrations::MIGRATIONS[..version].join("\n")
}

/// Compact a document once this many changes are in its tail.
pub const COMPACT_AFTER_CHANGES: i64 = 64;

/// Why the store failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite reported an error.
    #[error("local database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A stored document could not be decoded.
    #[error("stored document {doc} is damaged: {source}")]
    Corrupt {
        /// The document.
        doc: String,
        /// Automerge's complaint.
        source: Box<automerge::AutomergeError>,
    },
    /// A photo file could not be stored.
    #[error("{0}")]
    Blob(String),
    /// No such document in this profile.
    #[error("document {0} is not in this profile")]
    NotFound(String),
    /// The database was written by a newer version of cityaudit.
    #[error("the local database has schema version {found}, newer than this app's {supported}; update the app")]
    TooNew {
        /// Version in the file.
        found: i64,
        /// Newest version this build knows.
        supported: i64,
    },
}

/// What kind of document a row holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// An audit document.
    Audit,
    /// A participant's response document.
    Response,
}

impl DocumentKind {
    /// Stored text.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Audit => "audit",
            DocumentKind::Response => "response",
        }
    }

    /// Parses stored text (`audit` or `response`).
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "audit" => Some(DocumentKind::Audit),
            "response" => Some(DocumentKind::Response),
            _ => None,
        }
    }
}

/// A document listed in the store.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StoredDocument {
    /// Its id.
    pub id: DocumentId,
    /// Audit or response.
    pub kind: DocumentKind,
    /// The audit it belongs to (itself for an audit document).
    pub audit_id: DocumentId,
}

/// Size figures of one stored document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredSize {
    /// Bytes of the snapshot.
    pub snapshot_bytes: u64,
    /// Bytes of the change tail.
    pub tail_bytes: u64,
    /// Changes in the tail.
    pub tail_changes: u64,
}

/// An open profile database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
    blob_place: BlobPlace,
}

impl Store {
    /// Opens (creating or migrating) the profile database at `path`, with
    /// photos in folders beside it.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        Store::open_with(path, BlobPlace::Folders)
    }

    /// Opens the profile database at `path`, keeping photos in `blob_place`.
    pub fn open_with(path: &Path, blob_place: BlobPlace) -> Result<Self, StoreError> {
        let mut conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrations::migrate(&mut conn)?;
        Ok(Store {
            conn,
            path: path.to_owned(),
            blob_place,
        })
    }

    /// The profile's photos and thumbnails.
    pub fn blobs(&self) -> Blobs<'_> {
        Blobs::new(self.blob_place, &self.path, &self.conn)
    }

    /// Path of the database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The SQLite connection, for modules that keep their own tables here.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Stores a new document as a snapshot.
    pub fn insert_document(
        &mut self,
        id: &DocumentId,
        kind: DocumentKind,
        audit_id: &DocumentId,
        doc: &mut AutoCommit,
    ) -> Result<(), StoreError> {
        let snapshot = doc.save();
        let heads = HeadsKey::of(&doc.get_heads());
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO documents (doc_id, kind, audit_id, snapshot) VALUES (?1, ?2, ?3, ?4)",
            params![id.as_str(), kind.as_str(), audit_id.as_str(), snapshot],
        )?;
        summaries::record_heads(&tx, id, &heads)?;
        tx.commit()?;
        Ok(())
    }

    /// Appends an incremental change durably, with the document's heads
    /// after it (one transaction; with `synchronous=FULL` it is on disk when
    /// this returns).
    pub fn append_change(
        &mut self,
        id: &DocumentId,
        change: &[u8],
        heads: &[ChangeHash],
    ) -> Result<(), StoreError> {
        let heads = HeadsKey::of(heads);
        let append = |conn: &Connection| -> rusqlite::Result<()> {
            conn.prepare_cached("INSERT INTO changes (doc_id, bytes) VALUES (?1, ?2)")?
                .execute(params![id.as_str(), change])?;
            summaries::record_heads(conn, id, &heads)
        };
        let tx = self.conn.transaction()?;
        let appended = append(&tx).and_then(|()| tx.commit());
        match appended {
            Ok(()) => Ok(()),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                Err(StoreError::NotFound(id.to_string()))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Replaces a document's snapshot and tail with one snapshot of `doc`.
    pub fn compact(&mut self, id: &DocumentId, doc: &mut AutoCommit) -> Result<(), StoreError> {
        let snapshot = doc.save();
        let heads = HeadsKey::of(&doc.get_heads());
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE documents SET snapshot = ?2 WHERE doc_id = ?1",
            params![id.as_str(), snapshot],
        )?;
        summaries::record_heads(&tx, id, &heads)?;
        tx.execute(
            "DELETE FROM changes WHERE doc_id = ?1",
            params![id.as_str()],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Loads a document: its snapshot plus every change in its tail, decoded
    /// in one pass. Returns the document and the length of its tail.
    pub fn load_document(&self, id: &DocumentId) -> Result<(AutoCommit, i64), StoreError> {
        let mut bytes: Vec<u8> = self
            .conn
            .prepare_cached("SELECT snapshot FROM documents WHERE doc_id = ?1")?
            .query_row(params![id.as_str()], |row| row.get(0))
            .optional()?
            .ok_or_else(|| StoreError::NotFound(id.to_string()))?;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT bytes FROM changes WHERE doc_id = ?1 ORDER BY seq")?;
        let mut rows = stmt.query(params![id.as_str()])?;
        let mut tail = 0;
        while let Some(row) = rows.next()? {
            // A saved document followed by change chunks is itself loadable.
            bytes.extend_from_slice(&row.get::<_, Vec<u8>>(0)?);
            tail += 1;
        }
        let doc = AutoCommit::load(&bytes).map_err(|source| StoreError::Corrupt {
            doc: id.to_string(),
            source: Box::new(source),
        })?;
        Ok((doc, tail))
    }

    /// Lists the documents in this profile.
    pub fn list_documents(&self) -> Result<Vec<StoredDocument>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT doc_id, kind, audit_id FROM documents ORDER BY rowid")?;
        let rows = stmt.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, kind, audit) = row?;
            // Rows this version cannot interpret are skipped, never fatal.
            if let (Ok(id), Some(kind), Ok(audit_id)) = (
                DocumentId::parse(&id),
                DocumentKind::parse(&kind),
                DocumentId::parse(&audit),
            ) {
                out.push(StoredDocument { id, kind, audit_id });
            }
        }
        Ok(out)
    }

    /// Size figures of one document.
    pub fn stored_size(&self, id: &DocumentId) -> Result<StoredSize, StoreError> {
        self.conn
            .query_row(
                "SELECT length(snapshot),
                        (SELECT coalesce(sum(length(bytes)), 0) FROM changes WHERE doc_id = ?1),
                        (SELECT count(*) FROM changes WHERE doc_id = ?1)
                 FROM documents WHERE doc_id = ?1",
                params![id.as_str()],
                |row| {
                    Ok(StoredSize {
                        snapshot_bytes: row.get(0)?,
                        tail_bytes: row.get(1)?,
                        tail_changes: row.get(2)?,
                    })
                },
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(id.to_string()))
    }

    /// Reads a profile setting.
    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                params![key],
                |row| row.get(0),
            )
            .optional()?)
    }

    /// Writes a profile setting durably.
    pub fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    /// Runs SQLite's integrity check; `ok` when the file is sound.
    pub fn integrity_check(&self) -> Result<String, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))?)
    }
}
