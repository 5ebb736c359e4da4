//! Schema migrations keyed on `PRAGMA user_version`.

use rusqlite::Connection;

use super::StoreError;

/// Each entry migrates from version `index` to `index + 1`.
pub(super) const MIGRATIONS: &[&str] = &[
    // 1: documents as snapshot + tail of incremental changes; settings.
    "CREATE TABLE documents (
        doc_id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        audit_id TEXT NOT NULL,
        snapshot BLOB NOT NULL
     );
     CREATE TABLE changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
        bytes BLOB NOT NULL
     );
     CREATE INDEX changes_by_doc ON changes(doc_id, seq);
     CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
    // 2: sync state per document and server; the persistent blob upload queue.
    "CREATE TABLE sync_states (
        doc_id TEXT NOT NULL,
        peer TEXT NOT NULL,
        state BLOB NOT NULL,
        PRIMARY KEY (doc_id, peer)
     );
     CREATE TABLE uploads (
        hash TEXT PRIMARY KEY,
        media_type TEXT NOT NULL,
        size INTEGER NOT NULL,
        sent INTEGER NOT NULL DEFAULT 0,
        done INTEGER NOT NULL DEFAULT 0,
        queued_at INTEGER NOT NULL
     );",
    // 3: each document's current heads (recorded on every write; missing for
    // documents written before, learnt on first read) and the per-document
    // summary cache keyed by the heads it was made from. The heads live in
    // their own small rows (one b-tree, no rowid): updating a column of
    // `documents` would rewrite the whole snapshot on every appended change.
    "CREATE TABLE document_heads (
        doc_id TEXT PRIMARY KEY REFERENCES documents(doc_id) ON DELETE CASCADE,
        heads BLOB NOT NULL
     ) WITHOUT ROWID;
     CREATE TABLE document_summaries (
        doc_id TEXT PRIMARY KEY REFERENCES documents(doc_id) ON DELETE CASCADE,
        heads BLOB NOT NULL,
        summary BLOB NOT NULL
     );",
    // 4: photo blobs and thumbnails of profiles that keep them in the
    // database (the browser app), keyed `blob/<hash>` and `thumbnail/<hash>`.
    "CREATE TABLE files (name TEXT PRIMARY KEY, bytes BLOB NOT NULL);",
];

/// The schema version this build writes.
pub const CURRENT_VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the database to the current version, one transaction per step.
pub(super) fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let found: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if found > CURRENT_VERSION {
        return Err(StoreError::TooNew {
            found,
            supported: CURRENT_VERSION,
        });
    }
    for (from, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", from as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn a_version_one_database_is_migrated_and_keeps_its_rows() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("p.sqlite");
        {
            let mut conn = Connection::open(&path).expect("open");
            let tx = conn.transaction().expect("tx");
            tx.execute_batch(MIGRATIONS[0]).expect("v1");
            tx.execute("INSERT INTO settings (key, value) VALUES ('k', 'v')", [])
                .expect("row");
            tx.pragma_update(None, "user_version", 1).expect("version");
            tx.commit().expect("commit");
        }
        let store = Store::open(&path).expect("migrates");
        let version: i64 = store
            .connection()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .expect("version");
        assert_eq!(version, CURRENT_VERSION);
        assert_eq!(store.setting("k").expect("read"), Some("v".into()));
        assert!(store.pending_uploads().expect("v2 table").is_empty());
    }

    #[test]
    fn a_database_from_a_newer_version_is_refused_untouched() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("p.sqlite");
        Connection::open(&path)
            .expect("open")
            .pragma_update(None, "user_version", CURRENT_VERSION + 1)
            .expect("version");
        let error = Store::open(&path).expect_err("refused");
        assert!(matches!(error, StoreError::TooNew { .. }), "{error}");
        assert!(error.to_string().contains("update the app"));
    }
}
