//! The default storage backend: one embedded SQLite file (WAL), one
//! connection guarded by a mutex. Commits are made durable in groups
//! ([`group_sync`]): a commit returns once it is on disk, as with
//! `synchronous=FULL`, but concurrent requests share one fsync.
//!
//! Transactions are `BEGIN IMMEDIATE`: a request takes the write lock up
//! front, so two requests (or the server and an `admin` command in another
//! process) never interleave their reads and writes of one document.

mod checkpoint;
mod group_sync;

use rusqlite::{params, Connection, OptionalExtension};
use std::fs::File;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use checkpoint::Checkpointer;
use group_sync::GroupSync;

use super::rows::{corrupt, doc_id, document_info, member_columns, role, MemberRow};
use super::{
    DocumentInfo, InviteRecord, MemberRecord, MemberStatus, Principal, Storage, StorageError,
    StoredDocument, TokenRecord, Transaction, TOUCH_GRANULARITY_MS,
};
use cityaudit_core::ids::{BlobHash, DocumentId};

/// Each entry migrates the schema from version `index` to `index + 1`.
const MIGRATIONS: &[&str] = &[
    "
    CREATE TABLE principals (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        created_at INTEGER NOT NULL
    );
    CREATE TABLE tokens (
        hash TEXT PRIMARY KEY,
        principal_id TEXT NOT NULL REFERENCES principals(id),
        created_at INTEGER NOT NULL,
        last_sync_at INTEGER,
        revoked_at INTEGER
    );
    CREATE INDEX tokens_by_principal ON tokens(principal_id);
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        audit_id TEXT NOT NULL,
        snapshot BLOB NOT NULL,
        created_at INTEGER NOT NULL
    );
    CREATE INDEX documents_by_audit ON documents(audit_id, kind);
    CREATE TABLE changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        doc_id TEXT NOT NULL REFERENCES documents(id),
        bytes BLOB NOT NULL
    );
    CREATE INDEX changes_by_doc ON changes(doc_id, seq);
    CREATE TABLE members (
        principal_id TEXT NOT NULL REFERENCES principals(id),
        audit_id TEXT NOT NULL,
        role TEXT NOT NULL,
        response_doc TEXT UNIQUE,
        display_name TEXT NOT NULL,
        grp TEXT NOT NULL,
        gender TEXT,
        joined_at INTEGER NOT NULL,
        PRIMARY KEY (principal_id, audit_id)
    );
    CREATE INDEX members_by_audit ON members(audit_id, joined_at);
    CREATE TABLE invites (
        code TEXT PRIMARY KEY,
        audit_id TEXT NOT NULL,
        role TEXT NOT NULL,
        created_by TEXT,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        max_uses INTEGER NOT NULL,
        uses INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE sync_states (
        token_hash TEXT NOT NULL,
        doc_id TEXT NOT NULL,
        state BLOB NOT NULL,
        PRIMARY KEY (token_hash, doc_id)
    );
    CREATE TABLE blob_refs (
        doc_id TEXT NOT NULL,
        hash TEXT NOT NULL,
        PRIMARY KEY (doc_id, hash)
    );
    CREATE INDEX blob_refs_by_hash ON blob_refs(hash);
",
    "
    ALTER TABLE documents ADD COLUMN heads BLOB;
",
    // A sync writes one change, the document's heads and the caller's sync
    // state. Change rows are clustered by document (no separate index) and
    // numbered per document, and the heads sit apart from the snapshot, so
    // a sync writes three small pages instead of rewriting the document row,
    // an index page and the global counter.
    "
    CREATE TABLE document_state (
        id TEXT PRIMARY KEY REFERENCES documents(id),
        heads BLOB,
        last_seq INTEGER NOT NULL
    ) WITHOUT ROWID;
    INSERT INTO document_state (id, heads, last_seq)
        SELECT id, heads, (SELECT coalesce(max(seq), 0) FROM changes) FROM documents;
    CREATE TABLE document_changes (
        doc_id TEXT NOT NULL REFERENCES documents(id),
        seq INTEGER NOT NULL,
        bytes BLOB NOT NULL,
        PRIMARY KEY (doc_id, seq)
    ) WITHOUT ROWID;
    INSERT INTO document_changes (doc_id, seq, bytes) SELECT doc_id, seq, bytes FROM changes;
    DROP TABLE changes;
    ALTER TABLE documents DROP COLUMN heads;
",
    // Revocation is per audit: a facilitator revokes a membership of an
    // audit they facilitate, not the person everywhere.
    "ALTER TABLE members ADD COLUMN revoked_at INTEGER;",
    // Who uploaded a blob: only they, and facilitators of an audit whose
    // documents they made reference it, may download it.
    "
    CREATE TABLE blob_uploaders (
        hash TEXT NOT NULL,
        principal_id TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        PRIMARY KEY (hash, principal_id)
    ) WITHOUT ROWID;
    CREATE INDEX blob_uploaders_by_principal ON blob_uploaders(principal_id);
",
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// SQLite storage in one file.
#[derive(Debug)]
pub struct SqliteStorage {
    conn: Mutex<Connection>,
    /// Group commit; `None` when the WAL file cannot be synced separately
    /// (every commit then syncs itself, `synchronous=FULL`).
    group: Option<GroupSync>,
    /// Background WAL checkpoints (with group commit only).
    _checkpointer: Option<Checkpointer>,
}

impl SqliteStorage {
    /// Opens (creating or migrating) the database at `path`.
    pub fn open(path: &Path) -> Result<Self, StorageError> {
        let mut conn = Connection::open(path)?;
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(Duration::from_secs(10))?;
        migrate(&mut conn)?;
        let group = if mode.eq_ignore_ascii_case("wal") {
            wal_file(&conn).map(GroupSync::new)
        } else {
            None
        };
        let mut checkpointer = None;
        if group.is_some() {
            // Commits now only write the WAL; `GroupSync` syncs it and
            // `Checkpointer` copies it into the database file.
            conn.pragma_update(None, "synchronous", "NORMAL")?;
            conn.pragma_update(None, "wal_autocheckpoint", 0)?;
            checkpointer = Some(Checkpointer::start(path)?);
        }
        Ok(SqliteStorage {
            conn: Mutex::new(conn),
            group,
            _checkpointer: checkpointer,
        })
    }
}

/// A handle on the database's WAL file, which exists while a connection in
/// WAL mode is open and is only removed when the last one closes.
fn wal_file(conn: &Connection) -> Option<File> {
    let db = conn.path().filter(|p| !p.is_empty())?;
    match File::open(format!("{db}-wal")) {
        Ok(file) => Some(file),
        Err(error) => {
            tracing::warn!(%error, "no group commit: the WAL file cannot be opened");
            None
        }
    }
}

fn migrate(conn: &mut Connection) -> Result<(), StorageError> {
    let found: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(StorageError::TooNew {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    for (from, sql) in MIGRATIONS.iter().enumerate().skip(found.max(0) as usize) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Another process may have migrated while we waited for the lock.
        let now: i64 = tx.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        if now > from as i64 {
            continue;
        }
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", from as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

impl Storage for SqliteStorage {
    fn begin(&self) -> Result<Box<dyn Transaction + '_>, StorageError> {
        // A panic while holding the lock leaves no open transaction behind
        // (the guard's drop rolled it back), so the connection is usable.
        let conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        conn.execute_batch("BEGIN IMMEDIATE")?;
        let changes_at_begin = conn.total_changes();
        Ok(Box::new(SqliteTransaction {
            conn,
            open: true,
            changes_at_begin,
            group: self.group.as_ref(),
        }))
    }
}

/// An open `BEGIN IMMEDIATE` transaction on the guarded connection.
struct SqliteTransaction<'a> {
    conn: MutexGuard<'a, Connection>,
    open: bool,
    /// The connection's count of changed rows when the transaction began.
    changes_at_begin: u64,
    group: Option<&'a GroupSync>,
}

impl Drop for SqliteTransaction<'_> {
    fn drop(&mut self) {
        if self.open {
            if let Err(error) = self.conn.execute_batch("ROLLBACK") {
                tracing::error!(%error, "rollback failed");
            }
        }
    }
}

fn is_constraint(error: &rusqlite::Error) -> bool {
    matches!(error, rusqlite::Error::SqliteFailure(e, _)
        if e.code == rusqlite::ErrorCode::ConstraintViolation)
}

/// Reads the columns [`member_columns!`] lists, from the first on.
fn member_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<MemberRow> {
    Ok(MemberRow {
        principal_id: row.get(0)?,
        audit_id: row.get(1)?,
        role: row.get(2)?,
        response_doc: row.get(3)?,
        display_name: row.get(4)?,
        group: row.get(5)?,
        gender: row.get(6)?,
        joined_at: row.get(7)?,
    })
}

/// Reads a document's `id, kind, audit_id` columns.
fn info_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<(String, String, String)> {
    Ok((row.get(0)?, row.get(1)?, row.get(2)?))
}

impl Transaction for SqliteTransaction<'_> {
    fn insert_principal(&mut self, p: &Principal) -> Result<(), StorageError> {
        self.conn
            .execute(
                "INSERT INTO principals (id, kind, name, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![p.id, p.kind.as_str(), p.name, p.created_at],
            )
            .map_err(|e| {
                if is_constraint(&e) {
                    StorageError::Duplicate("participant id")
                } else {
                    e.into()
                }
            })?;
        Ok(())
    }

    fn principal(&mut self, id: &str) -> Result<Option<Principal>, StorageError> {
        let row = self
            .conn
            .prepare_cached("SELECT id, kind, name, created_at FROM principals WHERE id = ?1")?
            .query_row(params![id], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, i64>(3)?,
                ))
            })
            .optional()?;
        row.map(|(id, kind_text, name, created_at)| {
            Ok(Principal {
                id,
                kind: role(&kind_text)?,
                name,
                created_at,
            })
        })
        .transpose()
    }

    fn insert_token(
        &mut self,
        hash: &str,
        principal_id: &str,
        now: i64,
    ) -> Result<(), StorageError> {
        self.conn.execute(
            "INSERT INTO tokens (hash, principal_id, created_at) VALUES (?1, ?2, ?3)",
            params![hash, principal_id, now],
        )?;
        Ok(())
    }

    fn token(&mut self, hash: &str) -> Result<Option<TokenRecord>, StorageError> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT principal_id, revoked_at IS NOT NULL FROM tokens WHERE hash = ?1",
            )?
            .query_row(params![hash], |row| {
                Ok(TokenRecord {
                    principal_id: row.get(0)?,
                    revoked: row.get(1)?,
                })
            })
            .optional()?)
    }

    fn touch_token(&mut self, hash: &str, now: i64) -> Result<(), StorageError> {
        self.conn
            .prepare_cached(
                "UPDATE tokens SET last_sync_at = ?2 WHERE hash = ?1
                 AND (last_sync_at IS NULL OR last_sync_at <= ?2 - ?3 OR last_sync_at > ?2)",
            )?
            .execute(params![hash, now, TOUCH_GRANULARITY_MS])?;
        Ok(())
    }

    fn revoke_principal(&mut self, principal_id: &str, now: i64) -> Result<usize, StorageError> {
        Ok(self.conn.execute(
            "UPDATE tokens SET revoked_at = ?2 WHERE principal_id = ?1 AND revoked_at IS NULL",
            params![principal_id, now],
        )?)
    }

    fn revoke_token(&mut self, hash: &str, now: i64) -> Result<bool, StorageError> {
        let exists = self
            .conn
            .query_row(
                "SELECT 1 FROM tokens WHERE hash = ?1",
                params![hash],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        self.conn.execute(
            "UPDATE tokens SET revoked_at = ?2 WHERE hash = ?1 AND revoked_at IS NULL",
            params![hash, now],
        )?;
        Ok(exists)
    }

    fn insert_member(&mut self, m: &MemberRecord) -> Result<(), StorageError> {
        self.conn
            .execute(
                "INSERT INTO members (principal_id, audit_id, role, response_doc, display_name, grp, gender, joined_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    m.principal_id,
                    m.audit_id.as_str(),
                    m.role.as_str(),
                    m.response_doc.as_ref().map(DocumentId::as_str),
                    m.display_name,
                    m.group,
                    m.gender,
                    m.joined_at
                ],
            )
            .map_err(|e| {
                if is_constraint(&e) {
                    StorageError::Duplicate("membership")
                } else {
                    e.into()
                }
            })?;
        Ok(())
    }

    fn memberships(&mut self, principal_id: &str) -> Result<Vec<MemberRecord>, StorageError> {
        let mut stmt = self.conn.prepare_cached(concat!(
            "SELECT ",
            member_columns!(),
            " FROM members m
             WHERE m.principal_id = ?1 AND m.revoked_at IS NULL ORDER BY m.joined_at"
        ))?;
        let rows = stmt.query_map(params![principal_id], member_row)?;
        rows.map(|row| row?.decode()).collect()
    }

    fn set_membership_revoked(
        &mut self,
        principal_id: &str,
        audit_id: &DocumentId,
        revoked_at: Option<i64>,
    ) -> Result<bool, StorageError> {
        let changed = self.conn.execute(
            "UPDATE members SET revoked_at = ?3 WHERE principal_id = ?1 AND audit_id = ?2",
            params![principal_id, audit_id.as_str(), revoked_at],
        )?;
        Ok(changed > 0)
    }

    fn members(&mut self, audit_id: &DocumentId) -> Result<Vec<MemberStatus>, StorageError> {
        let mut stmt = self.conn.prepare_cached(concat!(
            "SELECT ",
            member_columns!(),
            ",
                    (SELECT max(t.last_sync_at) FROM tokens t WHERE t.principal_id = m.principal_id),
                    (SELECT count(*) FROM tokens t WHERE t.principal_id = m.principal_id),
                    (SELECT count(*) FROM tokens t WHERE t.principal_id = m.principal_id AND t.revoked_at IS NULL),
                    m.revoked_at IS NOT NULL
             FROM members m WHERE m.audit_id = ?1 ORDER BY m.joined_at, m.principal_id"
        ))?;
        let rows = stmt.query_map(params![audit_id.as_str()], |row| {
            Ok((
                member_row(row)?,
                row.get::<_, Option<i64>>(8)?,
                row.get::<_, i64>(9)?,
                row.get::<_, i64>(10)?,
                row.get::<_, bool>(11)?,
            ))
        })?;
        rows.map(|row| {
            let (member, last_sync_at, tokens, valid, membership_revoked) = row?;
            Ok(MemberStatus {
                member: member.decode()?,
                last_sync_at,
                revoked: membership_revoked || (tokens > 0 && valid == 0),
            })
        })
        .collect()
    }

    fn insert_invite(&mut self, i: &InviteRecord) -> Result<(), StorageError> {
        self.conn
            .execute(
                "INSERT INTO invites (code, audit_id, role, created_by, created_at, expires_at, max_uses, uses)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    i.code,
                    i.audit_id.as_str(),
                    i.role.as_str(),
                    i.created_by,
                    i.created_at,
                    i.expires_at,
                    i.max_uses,
                    i.uses
                ],
            )
            .map_err(|e| {
                if is_constraint(&e) {
                    StorageError::Duplicate("invite code")
                } else {
                    e.into()
                }
            })?;
        Ok(())
    }

    fn invite(&mut self, code: &str) -> Result<Option<InviteRecord>, StorageError> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT code, audit_id, role, created_by, created_at, expires_at, max_uses, uses
                 FROM invites WHERE code = ?1",
            )?
            .query_row(params![code], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, Option<String>>(3)?,
                    row.get::<_, i64>(4)?,
                    row.get::<_, i64>(5)?,
                    row.get::<_, u32>(6)?,
                    row.get::<_, u32>(7)?,
                ))
            })
            .optional()?;
        row.map(
            |(code, audit_id, role_text, created_by, created_at, expires_at, max_uses, uses)| {
                Ok(InviteRecord {
                    code,
                    audit_id: doc_id(&audit_id)?,
                    role: role(&role_text)?,
                    created_by,
                    created_at,
                    expires_at,
                    max_uses,
                    uses,
                })
            },
        )
        .transpose()
    }

    fn count_invite_use(&mut self, code: &str) -> Result<(), StorageError> {
        self.conn.execute(
            "UPDATE invites SET uses = uses + 1 WHERE code = ?1",
            params![code],
        )?;
        Ok(())
    }

    fn insert_document(
        &mut self,
        info: &DocumentInfo,
        snapshot: &[u8],
        now: i64,
    ) -> Result<(), StorageError> {
        self.conn
            .execute(
                "INSERT INTO documents (id, kind, audit_id, snapshot, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    info.id.as_str(),
                    info.kind.as_str(),
                    info.audit_id.as_str(),
                    snapshot,
                    now
                ],
            )
            .map_err(|e| {
                if is_constraint(&e) {
                    StorageError::Duplicate("document")
                } else {
                    e.into()
                }
            })?;
        self.conn
            .prepare_cached(
                "INSERT INTO document_state (id, heads, last_seq) VALUES (?1, NULL, 0)",
            )?
            .execute(params![info.id.as_str()])?;
        Ok(())
    }

    fn document_info(&mut self, id: &DocumentId) -> Result<Option<DocumentInfo>, StorageError> {
        let row = self
            .conn
            .prepare_cached("SELECT id, kind, audit_id FROM documents WHERE id = ?1")?
            .query_row(params![id.as_str()], info_row)
            .optional()?;
        row.map(|(id, kind_text, audit)| document_info(&id, &kind_text, &audit))
            .transpose()
    }

    fn audits(&mut self) -> Result<Vec<DocumentId>, StorageError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM documents WHERE kind = 'audit' ORDER BY created_at, id",
        )?;
        let rows = stmt.query_map([], |row| row.get::<_, String>(0))?;
        rows.map(|row| doc_id(&row?)).collect()
    }

    fn responses(&mut self, audit_id: &DocumentId) -> Result<Vec<DocumentInfo>, StorageError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, kind, audit_id FROM documents WHERE audit_id = ?1 AND kind = 'response'
             ORDER BY created_at, id",
        )?;
        let rows = stmt.query_map(params![audit_id.as_str()], info_row)?;
        rows.map(|row| {
            let (id, kind_text, audit) = row?;
            document_info(&id, &kind_text, &audit)
        })
        .collect()
    }

    fn load_document(&mut self, id: &DocumentId) -> Result<Option<StoredDocument>, StorageError> {
        let snapshot: Option<Vec<u8>> = self
            .conn
            .prepare_cached("SELECT snapshot FROM documents WHERE id = ?1")?
            .query_row(params![id.as_str()], |row| row.get(0))
            .optional()?;
        let Some(mut bytes) = snapshot else {
            return Ok(None);
        };
        let mut change_seqs = Vec::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, bytes FROM document_changes WHERE doc_id = ?1 ORDER BY seq",
        )?;
        let mut rows = stmt.query(params![id.as_str()])?;
        while let Some(row) = rows.next()? {
            change_seqs.push(row.get::<_, i64>(0)?);
            bytes.extend_from_slice(&row.get::<_, Vec<u8>>(1)?);
        }
        Ok(Some(StoredDocument { bytes, change_seqs }))
    }

    fn append_change(&mut self, id: &DocumentId, bytes: &[u8]) -> Result<i64, StorageError> {
        let seq: i64 = self
            .conn
            .prepare_cached(
                "UPDATE document_state SET heads = NULL, last_seq = last_seq + 1
                 WHERE id = ?1 RETURNING last_seq",
            )?
            .query_row(params![id.as_str()], |row| row.get(0))
            .optional()?
            .ok_or_else(|| corrupt("change", format!("document {id} does not exist")))?;
        self.conn
            .prepare_cached(
                "INSERT INTO document_changes (doc_id, seq, bytes) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![id.as_str(), seq, bytes])?;
        Ok(seq)
    }

    fn document_heads(&mut self, id: &DocumentId) -> Result<Option<Vec<u8>>, StorageError> {
        let heads: Option<Option<Vec<u8>>> = self
            .conn
            .prepare_cached("SELECT heads FROM document_state WHERE id = ?1")?
            .query_row(params![id.as_str()], |row| row.get(0))
            .optional()?;
        Ok(heads.flatten())
    }

    fn set_document_heads(&mut self, id: &DocumentId, heads: &[u8]) -> Result<(), StorageError> {
        self.conn
            .prepare_cached("UPDATE document_state SET heads = ?2 WHERE id = ?1")?
            .execute(params![id.as_str(), heads])?;
        Ok(())
    }

    fn compact(
        &mut self,
        id: &DocumentId,
        snapshot: &[u8],
        folded: &[i64],
    ) -> Result<(), StorageError> {
        self.conn.execute(
            "UPDATE documents SET snapshot = ?2 WHERE id = ?1",
            params![id.as_str(), snapshot],
        )?;
        let mut stmt = self
            .conn
            .prepare_cached("DELETE FROM document_changes WHERE doc_id = ?1 AND seq = ?2")?;
        for seq in folded {
            stmt.execute(params![id.as_str(), seq])?;
        }
        Ok(())
    }

    fn sync_state(
        &mut self,
        token_hash: &str,
        doc: &DocumentId,
    ) -> Result<Option<Vec<u8>>, StorageError> {
        Ok(self
            .conn
            .prepare_cached("SELECT state FROM sync_states WHERE token_hash = ?1 AND doc_id = ?2")?
            .query_row(params![token_hash, doc.as_str()], |row| row.get(0))
            .optional()?)
    }

    fn set_sync_state(
        &mut self,
        token_hash: &str,
        doc: &DocumentId,
        state: &[u8],
    ) -> Result<(), StorageError> {
        self.conn
            .prepare_cached(
                "INSERT INTO sync_states (token_hash, doc_id, state) VALUES (?1, ?2, ?3)
                 ON CONFLICT(token_hash, doc_id) DO UPDATE SET state = excluded.state",
            )?
            .execute(params![token_hash, doc.as_str(), state])?;
        Ok(())
    }

    fn set_blob_refs(&mut self, doc: &DocumentId, hashes: &[BlobHash]) -> Result<(), StorageError> {
        self.conn
            .prepare_cached("DELETE FROM blob_refs WHERE doc_id = ?1")?
            .execute(params![doc.as_str()])?;
        let mut stmt = self
            .conn
            .prepare_cached("INSERT OR IGNORE INTO blob_refs (doc_id, hash) VALUES (?1, ?2)")?;
        for hash in hashes {
            stmt.execute(params![doc.as_str(), hash.as_str()])?;
        }
        Ok(())
    }

    fn blob_referrers(&mut self, hash: &BlobHash) -> Result<Vec<DocumentInfo>, StorageError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id, d.kind, d.audit_id FROM blob_refs r JOIN documents d ON d.id = r.doc_id
             WHERE r.hash = ?1 ORDER BY d.id",
        )?;
        let rows = stmt.query_map(params![hash.as_str()], info_row)?;
        rows.map(|row| {
            let (id, kind_text, audit) = row?;
            document_info(&id, &kind_text, &audit)
        })
        .collect()
    }

    fn add_blob_uploader(
        &mut self,
        hash: &BlobHash,
        principal_id: &str,
        bytes: u64,
    ) -> Result<(), StorageError> {
        self.conn
            .prepare_cached(
                "INSERT OR IGNORE INTO blob_uploaders (hash, principal_id, bytes) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![hash.as_str(), principal_id, i64::try_from(bytes).unwrap_or(i64::MAX)])?;
        Ok(())
    }

    fn blob_uploaders(&mut self, hash: &BlobHash) -> Result<Vec<String>, StorageError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT principal_id FROM blob_uploaders WHERE hash = ?1 ORDER BY principal_id",
        )?;
        let rows = stmt.query_map(params![hash.as_str()], |row| row.get::<_, String>(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn uploaded_bytes(&mut self, principal_id: &str) -> Result<u64, StorageError> {
        let total: i64 = self.conn.query_row(
            "SELECT coalesce(sum(bytes), 0) FROM blob_uploaders WHERE principal_id = ?1",
            params![principal_id],
            |row| row.get(0),
        )?;
        Ok(u64::try_from(total).unwrap_or(0))
    }

    fn commit(mut self: Box<Self>) -> Result<(), StorageError> {
        self.conn.execute_batch("COMMIT")?;
        self.open = false;
        let Some(group) = self.group else {
            return Ok(());
        };
        let wrote = self.conn.total_changes() != self.changes_at_begin;
        let ticket = group.committed(wrote);
        // Free the connection for the next request while the disk syncs.
        drop(self);
        group.wait_durable(ticket).map_err(StorageError::Durability)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::{conformance, DocumentKind};

    fn open() -> (tempfile::TempDir, SqliteStorage) {
        let dir = tempfile::tempdir().expect("tempdir");
        let storage = SqliteStorage::open(&dir.path().join("server.sqlite")).expect("open");
        (dir, storage)
    }

    fn audit_info() -> DocumentInfo {
        let id = DocumentId::random();
        DocumentInfo {
            id: id.clone(),
            kind: DocumentKind::Audit,
            audit_id: id,
        }
    }

    #[test]
    fn committed_rows_survive_reopening_and_dropped_transactions_leave_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("server.sqlite");
        conformance::committed_rows_survive_reopening_and_dropped_transactions_leave_nothing(
            &|| Box::new(SqliteStorage::open(&path).expect("open")),
        );
    }

    #[test]
    fn documents_load_as_snapshot_plus_changes_and_compaction_removes_only_folded_rows() {
        let (_dir, storage) = open();
        conformance::documents_load_as_snapshot_plus_changes_and_compaction_removes_only_folded_rows(&storage);
    }

    #[test]
    fn revoked_tokens_are_reported_and_members_show_sync_status() {
        let (_dir, storage) = open();
        conformance::revoked_tokens_are_reported_and_members_show_sync_status(&storage);
    }

    #[test]
    fn invites_count_their_uses_and_codes_are_unique() {
        let (_dir, storage) = open();
        conformance::invites_count_their_uses_and_codes_are_unique(&storage);
    }

    #[test]
    fn an_invites_last_use_is_taken_once() {
        let (_dir, storage) = open();
        conformance::an_invites_last_use_is_taken_once(&storage);
    }

    #[test]
    fn sync_states_and_blob_references_round_trip() {
        let (_dir, storage) = open();
        conformance::sync_states_and_blob_references_round_trip(&storage);
    }

    #[test]
    fn recorded_heads_follow_the_appended_changes() {
        let (_dir, storage) = open();
        conformance::recorded_heads_follow_the_appended_changes(&storage);
    }

    #[test]
    fn a_version_2_database_keeps_its_heads_and_changes_and_numbers_new_changes_after_them() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("server.sqlite");
        let (recorded, unknown) = (audit_info(), DocumentId::random());
        {
            let conn = Connection::open(&path).expect("open");
            conn.execute_batch(&MIGRATIONS[..2].concat())
                .expect("version 2");
            conn.pragma_update(None, "user_version", 2)
                .expect("version");
            for (id, heads) in [(&recorded.id, Some(vec![3u8; 32])), (&unknown, None)] {
                conn.execute(
                    "INSERT INTO documents (id, kind, audit_id, snapshot, created_at, heads)
                     VALUES (?1, 'audit', ?1, x'01', 1, ?2)",
                    params![id.as_str(), heads],
                )
                .expect("old row");
            }
            for bytes in [b"a", b"b"] {
                conn.execute(
                    "INSERT INTO changes (doc_id, bytes) VALUES (?1, ?2)",
                    params![recorded.id.as_str(), &bytes[..]],
                )
                .expect("old change");
            }
        }
        let storage = SqliteStorage::open(&path).expect("migrate");
        let mut tx = storage.begin().expect("begin");
        assert_eq!(
            tx.document_heads(&recorded.id).expect("heads"),
            Some(vec![3u8; 32])
        );
        assert_eq!(tx.document_heads(&unknown).expect("heads"), None);
        let stored = tx.load_document(&recorded.id).expect("load").expect("row");
        assert_eq!(
            (stored.bytes, stored.change_seqs),
            (b"\x01ab".to_vec(), vec![1, 2])
        );
        assert_eq!(tx.append_change(&unknown, b"c").expect("append"), 3);
        assert_eq!(tx.append_change(&recorded.id, b"c").expect("append"), 3);
        assert_eq!(tx.document_heads(&recorded.id).expect("heads"), None);
    }

    #[test]
    fn a_database_from_before_recorded_heads_learns_them_on_first_load() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("server.sqlite");
        let info = audit_info();
        let mut doc = automerge::AutoCommit::new();
        {
            let conn = Connection::open(&path).expect("open");
            conn.execute_batch(MIGRATIONS[0]).expect("version 1");
            conn.pragma_update(None, "user_version", 1)
                .expect("version");
            conn.execute(
                "INSERT INTO documents (id, kind, audit_id, snapshot, created_at)
                 VALUES (?1, 'audit', ?1, ?2, 1)",
                params![info.id.as_str(), doc.save()],
            )
            .expect("old row");
        }
        let storage = SqliteStorage::open(&path).expect("migrate");
        let mut tx = storage.begin().expect("begin");
        assert_eq!(tx.document_heads(&info.id).expect("heads"), None);
        crate::documents::load(tx.as_mut(), info.clone()).expect("load");
        assert_eq!(
            tx.document_heads(&info.id).expect("heads"),
            Some(crate::documents::encode_heads(&doc.get_heads()))
        );
    }

    #[test]
    fn a_database_from_a_newer_server_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("server.sqlite");
        Connection::open(&path)
            .expect("open")
            .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .expect("version");
        assert!(matches!(
            SqliteStorage::open(&path),
            Err(StorageError::TooNew { .. })
        ));
    }

    #[test]
    fn the_wal_is_copied_into_the_database_file_in_the_background() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("server.sqlite");
        let storage = SqliteStorage::open(&path).expect("open");
        let size = || std::fs::metadata(&path).expect("database file").len();
        let before = size();
        let info = audit_info();
        let mut tx = storage.begin().expect("begin");
        tx.insert_document(&info, &[0; 1000], 1).expect("insert");
        tx.commit().expect("commit");
        for _ in 0..200 {
            let mut tx = storage.begin().expect("begin");
            tx.append_change(&info.id, &[7; 4000]).expect("append");
            tx.commit().expect("commit");
        }
        // Commits only write the WAL (the automatic checkpoint is off): the
        // background checkpoint copies them into the file while it is open.
        let deadline = std::time::Instant::now() + checkpoint::INTERVAL * 20;
        while size() < before + 800_000 && std::time::Instant::now() < deadline {
            std::thread::sleep(checkpoint::INTERVAL / 4);
        }
        assert!(size() >= before + 800_000, "{} -> {}", before, size());
    }
}
