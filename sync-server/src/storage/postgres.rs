//! The scale-out storage backend: one PostgreSQL database shared by any
//! number of server instances, through a small pool of connections per
//! instance.
//!
//! Transactions run at PostgreSQL's default isolation (read committed).
//! What must not race between instances is guarded explicitly:
//! - a document is loaded in one statement (snapshot, change rows and the
//!   document's change counter read together), so a compaction committed
//!   meanwhile cannot be half seen;
//! - appending a change inserts a row and bumps the document's change
//!   counter under its row lock; recorded heads and compaction are written
//!   only if the counter still says what this transaction loaded (a
//!   compare-and-set), so a snapshot or heads that miss a change committed
//!   by another instance are never written, and compaction deletes exactly
//!   the rows it folded in;
//! - reading an invite locks its row (`FOR UPDATE`), so two joins cannot
//!   both take an invite's last use;
//! - looking for a document that does not exist takes a transaction-scoped
//!   advisory lock on its id and looks again, so two first syncs of one new
//!   response document create it once.
//!
//! The server calls storage only from blocking threads
//! (`service::run_blocking`), which the synchronous `postgres` client needs.

use postgres::error::SqlState;
use postgres::types::ToSql;
use postgres::{Client, Config, NoTls, Row, Statement};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::str::FromStr;
use std::time::Duration;

use super::rows::{corrupt, count, doc_id, document_info, member_columns, role, MemberRow};
use super::{
    DocumentInfo, InviteRecord, MemberRecord, MemberStatus, Principal, Storage, StorageError,
    StoredDocument, TokenRecord, Transaction,
};
use cityaudit_core::ids::{BlobHash, DocumentId};

/// Each entry migrates the schema from version `index` to `index + 1`.
const MIGRATIONS: &[&str] = &[
    "
    CREATE TABLE principals (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        created_at BIGINT NOT NULL
    );
    CREATE TABLE tokens (
        hash TEXT PRIMARY KEY,
        principal_id TEXT NOT NULL REFERENCES principals(id),
        created_at BIGINT NOT NULL,
        last_sync_at BIGINT,
        revoked_at BIGINT
    );
    CREATE INDEX tokens_by_principal ON tokens(principal_id);
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        audit_id TEXT NOT NULL,
        snapshot BYTEA NOT NULL,
        created_at BIGINT NOT NULL,
        heads BYTEA,
        changes_appended BIGINT NOT NULL DEFAULT 0
    );
    CREATE INDEX documents_by_audit ON documents(audit_id, kind);
    CREATE TABLE changes (
        seq BIGSERIAL PRIMARY KEY,
        doc_id TEXT NOT NULL REFERENCES documents(id),
        bytes BYTEA NOT NULL
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
        joined_at BIGINT NOT NULL,
        PRIMARY KEY (principal_id, audit_id)
    );
    CREATE INDEX members_by_audit ON members(audit_id, joined_at);
    CREATE TABLE invites (
        code TEXT PRIMARY KEY,
        audit_id TEXT NOT NULL,
        role TEXT NOT NULL,
        created_by TEXT,
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        max_uses BIGINT NOT NULL,
        uses BIGINT NOT NULL DEFAULT 0
    );
    CREATE TABLE sync_states (
        token_hash TEXT NOT NULL,
        doc_id TEXT NOT NULL,
        state BYTEA NOT NULL,
        PRIMARY KEY (token_hash, doc_id)
    );
    CREATE TABLE blob_refs (
        doc_id TEXT NOT NULL,
        hash TEXT NOT NULL,
        PRIMARY KEY (doc_id, hash)
    );
    CREATE INDEX blob_refs_by_hash ON blob_refs(hash);
",
    // Revocation is per audit (see the SQLite schema).
    "ALTER TABLE members ADD COLUMN revoked_at BIGINT;",
    // Who uploaded a blob (see the SQLite schema).
    "
    CREATE TABLE blob_uploaders (
        hash TEXT NOT NULL,
        principal_id TEXT NOT NULL,
        bytes BIGINT NOT NULL,
        PRIMARY KEY (hash, principal_id)
    );
    CREATE INDEX blob_uploaders_by_principal ON blob_uploaders(principal_id);
",
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Connections each server instance opens at most.
pub const DEFAULT_POOL_SIZE: usize = 8;

/// How long a request waits for a free connection before failing.
const POOL_WAIT: Duration = Duration::from_secs(30);

/// Advisory lock key under which the schema is migrated.
const MIGRATION_LOCK: i64 = 0x6369_7479_6175_6469; // "cityaudi"

/// The connections of one instance, kept by r2d2.
///
/// r2d2 rather than deadpool-postgres: storage is called only from
/// blocking threads, with the synchronous `postgres` client, and r2d2 is
/// synchronous too (a blocking checkout with a time limit), where
/// deadpool-postgres hands out async `tokio-postgres` clients and would
/// need a runtime handle and `block_on` around every statement. Our own
/// [`Connector`] rather than r2d2_postgres's manager: it keeps each
/// connection's prepared statements beside it and can mark a connection
/// broken (a failed ROLLBACK or COMMIT) so the pool never hands it out
/// again. r2d2's defaults also close a connection idle for 10 minutes and
/// renew every connection after 30, on its own worker threads.
type Pool = r2d2::Pool<Connector>;

/// A connection checked out of the [`Pool`]; back in it when dropped
/// (closed instead when [`Conn::broken`] or closed by the database).
type PooledConn = r2d2::PooledConnection<Connector>;

/// PostgreSQL storage shared by several server instances.
pub struct PostgresStorage {
    target: String,
    /// `None` only while the storage is dropped (see its `Drop`).
    pool: Option<Pool>,
    max: usize,
    /// How long [`Storage::begin`] waits for a free connection.
    wait: Duration,
}

impl std::fmt::Debug for PostgresStorage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The config holds the password: show only where it points.
        f.debug_struct("PostgresStorage")
            .field("target", &self.target)
            .field("max", &self.max)
            .finish()
    }
}

/// One connection with its prepared statements.
struct Conn {
    client: Client,
    statements: HashMap<&'static str, Statement>,
    /// Set when the connection's state is unknown (a failed BEGIN, ROLLBACK
    /// or COMMIT): the pool then closes it rather than hand it out again.
    broken: bool,
}

/// Opens the pool's connections and tells it which ones it must not reuse.
struct Connector {
    /// Holds the password: never shown (no `Debug`).
    config: Config,
    target: String,
}

impl r2d2::ManageConnection for Connector {
    type Connection = Conn;
    type Error = StorageError;

    fn connect(&self) -> Result<Conn, StorageError> {
        let client = self
            .config
            .connect(NoTls)
            .map_err(|source| StorageError::Connect {
                target: self.target.clone(),
                source,
            })?;
        Ok(Conn {
            client,
            statements: HashMap::new(),
            broken: false,
        })
    }

    /// Checked as an idle connection is taken. Only what the client knows,
    /// without a round trip: a connection the database closed unseen fails
    /// its BEGIN, which [`Storage::begin`] retries once on another.
    fn is_valid(&self, conn: &mut Conn) -> Result<(), StorageError> {
        if conn.client.is_closed() {
            return Err(StorageError::Unavailable(format!(
                "the database at {} closed an idle connection",
                self.target
            )));
        }
        Ok(())
    }

    fn has_broken(&self, conn: &mut Conn) -> bool {
        conn.broken || conn.client.is_closed()
    }
}

/// Sends what goes wrong in the pool's background (connecting, dropping a
/// closed connection) to the server's log.
#[derive(Debug)]
struct LogPoolErrors;

impl r2d2::HandleError<StorageError> for LogPoolErrors {
    fn handle_error(&self, error: StorageError) {
        tracing::warn!(%error, "PostgreSQL connection pool");
    }
}

impl PostgresStorage {
    /// Connects to `url` (`postgres://user[:password]@host[:port]/db` or
    /// the `key=value` form), using `password` when the URL has none, and
    /// creates or migrates the schema.
    pub fn open(url: &str, password: Option<&str>) -> Result<Self, StorageError> {
        Self::open_with_pool(url, password, DEFAULT_POOL_SIZE)
    }

    /// As [`PostgresStorage::open`], with at most `max` connections.
    pub fn open_with_pool(
        url: &str,
        password: Option<&str>,
        max: usize,
    ) -> Result<Self, StorageError> {
        let mut config = Config::from_str(url).map_err(|e| StorageError::Config(e.to_string()))?;
        if config.get_password().is_none() {
            if let Some(password) = password {
                config.password(password);
            }
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        config.application_name("cityaudit-sync");
        let target = describe(&config);
        let connector = Connector {
            config,
            target: target.clone(),
        };
        // Migrated on a connection of its own, opened here: a database that
        // cannot be reached is reported at once and as such, where the pool
        // would keep trying in the background until a request gives up.
        let mut first = r2d2::ManageConnection::connect(&connector)?;
        migrate(&mut first.client)?;
        drop(first);
        let max = max.max(1);
        let pool = r2d2::Pool::builder()
            .max_size(u32::try_from(max).unwrap_or(u32::MAX))
            // One spare connection, opened in the background. It is also
            // what makes r2d2 replace a connection it closed as broken and
            // wake a request waiting for one (it wakes waiters only when a
            // connection is given back or newly opened).
            .min_idle(Some(1))
            .connection_timeout(POOL_WAIT)
            .test_on_check_out(true)
            .error_handler(Box::new(LogPoolErrors))
            .build_unchecked(connector);
        Ok(PostgresStorage {
            target,
            pool: Some(pool),
            max,
            wait: POOL_WAIT,
        })
    }

    /// How long a transaction waits for a free connection before failing
    /// with [`StorageError::Unavailable`] (30 s unless set here).
    pub fn with_pool_wait(mut self, wait: Duration) -> Self {
        self.wait = wait;
        self
    }

    /// Where the storage points, without the password (for logs).
    pub fn target(&self) -> &str {
        &self.target
    }

    fn pool(&self) -> &Pool {
        self.pool
            .as_ref()
            .expect("the pool is there until the storage is dropped")
    }

    /// An idle connection, a new one if the pool has room, or the next one
    /// given back, within [`PostgresStorage::with_pool_wait`].
    fn take(&self) -> Result<PooledConn, StorageError> {
        let pool = self.pool();
        pool.get_timeout(self.wait).map_err(|error| {
            // r2d2 says "timed out waiting for connection", followed by the
            // last failed attempt to connect, if any.
            let last_attempt = error
                .to_string()
                .split_once(": ")
                .map(|(_, why)| format!("; {why}"))
                .unwrap_or_default();
            StorageError::Unavailable(format!(
                "no free connection to PostgreSQL at {} after {:?} ({} of {} open){last_attempt}",
                self.target,
                self.wait,
                pool.state().connections,
                self.max
            ))
        })
    }
}

impl Drop for PostgresStorage {
    fn drop(&mut self) {
        // Each synchronous client owns a small runtime, which may not be
        // dropped on an async thread (the server drops its state there when
        // it stops): the pool, with its idle clients, is dropped on a thread
        // of its own. (r2d2 closes a connection on the thread that gives it
        // back, a blocking one, or on its own worker threads.)
        let Some(pool) = self.pool.take() else {
            return;
        };
        let closer = std::thread::spawn(move || drop(pool));
        if closer.join().is_err() {
            tracing::error!("closing PostgreSQL connections failed");
        }
    }
}

/// `user@host:port/db`, never the password.
fn describe(config: &Config) -> String {
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(host)) => host.clone(),
        #[cfg(unix)]
        Some(postgres::config::Host::Unix(path)) => path.display().to_string(),
        None => "localhost".into(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    format!(
        "{}@{host}:{port}/{}",
        config.get_user().unwrap_or("?"),
        config.get_dbname().unwrap_or("?")
    )
}

fn migrate(client: &mut Client) -> Result<(), StorageError> {
    let mut tx = client.transaction()?;
    // Instances starting together migrate one after the other.
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)")?;
    let found: i64 = match tx.query_opt("SELECT version FROM schema_version", &[])? {
        Some(row) => row.try_get(0)?,
        None => {
            tx.execute("INSERT INTO schema_version (version) VALUES (0)", &[])?;
            0
        }
    };
    if found > SCHEMA_VERSION {
        return Err(StorageError::TooNew {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    for sql in MIGRATIONS.iter().skip(found.max(0) as usize) {
        tx.batch_execute(sql)?;
    }
    tx.execute("UPDATE schema_version SET version = $1", &[&SCHEMA_VERSION])?;
    tx.commit()?;
    Ok(())
}

impl Storage for PostgresStorage {
    fn begin(&self) -> Result<Box<dyn Transaction + '_>, StorageError> {
        let mut conn = self.take()?;
        if let Err(error) = conn.client.batch_execute("BEGIN") {
            // An idle connection the database closed (a restart): retry once
            // on a fresh one.
            tracing::warn!(%error, "dropping a broken PostgreSQL connection");
            conn.broken = true;
            drop(conn);
            conn = self.take()?;
            if let Err(error) = conn.client.batch_execute("BEGIN") {
                conn.broken = true;
                return Err(error.into());
            }
        }
        Ok(Box::new(PostgresTransaction {
            conn: Some(conn),
            complete_at: HashMap::new(),
        }))
    }
}

/// An open transaction on a pooled connection; rolled back when dropped
/// uncommitted.
struct PostgresTransaction {
    conn: Option<PooledConn>,
    /// Per document: the change counter up to which this transaction's view
    /// is complete (loaded, inserted, or appended without anyone else
    /// appending in between); `None` once another instance's change slipped
    /// in, so heads and compaction must not be written.
    complete_at: HashMap<String, Option<i64>>,
}

impl Drop for PostgresTransaction {
    fn drop(&mut self) {
        let Some(conn) = self.conn.as_mut() else {
            return;
        };
        if let Err(error) = conn.client.batch_execute("ROLLBACK") {
            tracing::error!(%error, "rollback failed; dropping the connection");
            conn.broken = true;
        }
    }
}

/// The advisory lock key of a document id (the same in every instance).
fn document_lock(id: &DocumentId) -> i64 {
    let digest = Sha256::digest(format!("document:{}", id.as_str()).as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    i64::from_be_bytes(first)
}

/// Reads the columns [`member_columns!`] lists, from the first on.
fn member_row(row: &Row) -> Result<MemberRow, StorageError> {
    Ok(MemberRow {
        principal_id: row.try_get(0)?,
        audit_id: row.try_get(1)?,
        role: row.try_get(2)?,
        response_doc: row.try_get(3)?,
        display_name: row.try_get(4)?,
        group: row.try_get(5)?,
        gender: row.try_get(6)?,
        joined_at: row.try_get(7)?,
    })
}

/// Reads a document's `id, kind, audit_id` columns.
fn info_from_row(row: &Row) -> Result<DocumentInfo, StorageError> {
    document_info(row.try_get(0)?, row.try_get(1)?, row.try_get(2)?)
}

impl PostgresTransaction {
    fn conn(&mut self) -> Result<&mut Conn, StorageError> {
        self.conn
            .as_deref_mut()
            .ok_or_else(|| StorageError::Unavailable("the transaction is already finished".into()))
    }

    /// The prepared statement for `sql` on this connection.
    fn prepared(&mut self, sql: &'static str) -> Result<(Statement, &mut Client), StorageError> {
        let conn = self.conn()?;
        let statement = match conn.statements.get(sql) {
            Some(statement) => statement.clone(),
            None => {
                let statement = conn.client.prepare(sql)?;
                conn.statements.insert(sql, statement.clone());
                statement
            }
        };
        Ok((statement, &mut conn.client))
    }

    fn execute(
        &mut self,
        sql: &'static str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<u64, StorageError> {
        let (statement, client) = self.prepared(sql)?;
        Ok(client.execute(&statement, params)?)
    }

    fn query(
        &mut self,
        sql: &'static str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<Row>, StorageError> {
        let (statement, client) = self.prepared(sql)?;
        Ok(client.query(&statement, params)?)
    }

    fn query_opt(
        &mut self,
        sql: &'static str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<Row>, StorageError> {
        let (statement, client) = self.prepared(sql)?;
        Ok(client.query_opt(&statement, params)?)
    }

    /// Runs an `INSERT … ON CONFLICT DO NOTHING`: a conflict is reported as
    /// [`StorageError::Duplicate`] without aborting the transaction.
    fn insert_unique(
        &mut self,
        sql: &'static str,
        params: &[&(dyn ToSql + Sync)],
        what: &'static str,
    ) -> Result<(), StorageError> {
        match self.execute(sql, params) {
            Ok(0) => Err(StorageError::Duplicate(what)),
            Ok(_) => Ok(()),
            Err(StorageError::Postgres(e)) if e.code() == Some(&SqlState::UNIQUE_VIOLATION) => {
                Err(StorageError::Duplicate(what))
            }
            Err(e) => Err(e),
        }
    }

    fn select_info(&mut self, id: &DocumentId) -> Result<Option<DocumentInfo>, StorageError> {
        self.query_opt(
            "SELECT id, kind, audit_id FROM documents WHERE id = $1",
            &[&id.as_str()],
        )?
        .as_ref()
        .map(info_from_row)
        .transpose()
    }

    /// The counter value this transaction's view of `id` is complete at.
    fn complete_at(&self, id: &DocumentId) -> Option<i64> {
        self.complete_at.get(id.as_str()).copied().flatten()
    }
}

impl Transaction for PostgresTransaction {
    fn insert_principal(&mut self, p: &Principal) -> Result<(), StorageError> {
        self.insert_unique(
            "INSERT INTO principals (id, kind, name, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT DO NOTHING",
            &[&p.id, &p.kind.as_str(), &p.name, &p.created_at],
            "participant id",
        )
    }

    fn principal(&mut self, id: &str) -> Result<Option<Principal>, StorageError> {
        let Some(row) = self.query_opt(
            "SELECT id, kind, name, created_at FROM principals WHERE id = $1",
            &[&id],
        )?
        else {
            return Ok(None);
        };
        Ok(Some(Principal {
            id: row.try_get(0)?,
            kind: role(row.try_get(1)?)?,
            name: row.try_get(2)?,
            created_at: row.try_get(3)?,
        }))
    }

    fn insert_token(
        &mut self,
        hash: &str,
        principal_id: &str,
        now: i64,
    ) -> Result<(), StorageError> {
        self.execute(
            "INSERT INTO tokens (hash, principal_id, created_at) VALUES ($1, $2, $3)",
            &[&hash, &principal_id, &now],
        )?;
        Ok(())
    }

    fn token(&mut self, hash: &str) -> Result<Option<TokenRecord>, StorageError> {
        let Some(row) = self.query_opt(
            "SELECT principal_id, revoked_at IS NOT NULL FROM tokens WHERE hash = $1",
            &[&hash],
        )?
        else {
            return Ok(None);
        };
        Ok(Some(TokenRecord {
            principal_id: row.try_get(0)?,
            revoked: row.try_get(1)?,
        }))
    }

    fn touch_token(&mut self, hash: &str, now: i64) -> Result<(), StorageError> {
        // Two syncs of one token finishing together both succeed; the later
        // time wins.
        self.execute(
            "UPDATE tokens SET last_sync_at = GREATEST(COALESCE(last_sync_at, 0), $2)
             WHERE hash = $1",
            &[&hash, &now],
        )?;
        Ok(())
    }

    fn revoke_principal(&mut self, principal_id: &str, now: i64) -> Result<usize, StorageError> {
        let n = self.execute(
            "UPDATE tokens SET revoked_at = $2 WHERE principal_id = $1 AND revoked_at IS NULL",
            &[&principal_id, &now],
        )?;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }

    fn revoke_token(&mut self, hash: &str, now: i64) -> Result<bool, StorageError> {
        let exists = self
            .query_opt("SELECT 1 FROM tokens WHERE hash = $1", &[&hash])?
            .is_some();
        self.execute(
            "UPDATE tokens SET revoked_at = $2 WHERE hash = $1 AND revoked_at IS NULL",
            &[&hash, &now],
        )?;
        Ok(exists)
    }

    fn insert_member(&mut self, m: &MemberRecord) -> Result<(), StorageError> {
        self.insert_unique(
            "INSERT INTO members (principal_id, audit_id, role, response_doc, display_name, grp, gender, joined_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
            &[
                &m.principal_id,
                &m.audit_id.as_str(),
                &m.role.as_str(),
                &m.response_doc.as_ref().map(DocumentId::as_str),
                &m.display_name,
                &m.group,
                &m.gender,
                &m.joined_at,
            ],
            "membership",
        )
    }

    fn memberships(&mut self, principal_id: &str) -> Result<Vec<MemberRecord>, StorageError> {
        const SQL: &str = concat!(
            "SELECT ",
            member_columns!(),
            " FROM members m WHERE m.principal_id = $1 AND m.revoked_at IS NULL ORDER BY m.joined_at"
        );
        self.query(SQL, &[&principal_id])?
            .iter()
            .map(|row| member_row(row)?.decode())
            .collect()
    }

    fn set_membership_revoked(
        &mut self,
        principal_id: &str,
        audit_id: &DocumentId,
        revoked_at: Option<i64>,
    ) -> Result<bool, StorageError> {
        let changed = self.execute(
            "UPDATE members SET revoked_at = $3 WHERE principal_id = $1 AND audit_id = $2",
            &[&principal_id, &audit_id.as_str(), &revoked_at],
        )?;
        Ok(changed > 0)
    }

    fn members(&mut self, audit_id: &DocumentId) -> Result<Vec<MemberStatus>, StorageError> {
        const SQL: &str = concat!(
            "SELECT ",
            member_columns!(),
            ",
                (SELECT max(t.last_sync_at) FROM tokens t WHERE t.principal_id = m.principal_id),
                (SELECT count(*) FROM tokens t WHERE t.principal_id = m.principal_id),
                (SELECT count(*) FROM tokens t WHERE t.principal_id = m.principal_id AND t.revoked_at IS NULL),
                m.revoked_at IS NOT NULL
             FROM members m WHERE m.audit_id = $1 ORDER BY m.joined_at, m.principal_id"
        );
        self.query(SQL, &[&audit_id.as_str()])?
            .iter()
            .map(|row| {
                let tokens: i64 = row.try_get(9)?;
                let valid: i64 = row.try_get(10)?;
                let membership_revoked: bool = row.try_get(11)?;
                Ok(MemberStatus {
                    member: member_row(row)?.decode()?,
                    last_sync_at: row.try_get(8)?,
                    revoked: membership_revoked || (tokens > 0 && valid == 0),
                })
            })
            .collect()
    }

    fn insert_invite(&mut self, i: &InviteRecord) -> Result<(), StorageError> {
        self.insert_unique(
            "INSERT INTO invites (code, audit_id, role, created_by, created_at, expires_at, max_uses, uses)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
            &[
                &i.code,
                &i.audit_id.as_str(),
                &i.role.as_str(),
                &i.created_by,
                &i.created_at,
                &i.expires_at,
                &i64::from(i.max_uses),
                &i64::from(i.uses),
            ],
            "invite code",
        )
    }

    fn invite(&mut self, code: &str) -> Result<Option<InviteRecord>, StorageError> {
        // Locked until commit: the join that reads the use count is the one
        // that counts the use, whichever instance the next join reaches.
        let Some(row) = self.query_opt(
            "SELECT code, audit_id, role, created_by, created_at, expires_at, max_uses, uses
             FROM invites WHERE code = $1 FOR UPDATE",
            &[&code],
        )?
        else {
            return Ok(None);
        };
        Ok(Some(InviteRecord {
            code: row.try_get(0)?,
            audit_id: doc_id(row.try_get(1)?)?,
            role: role(row.try_get(2)?)?,
            created_by: row.try_get(3)?,
            created_at: row.try_get(4)?,
            expires_at: row.try_get(5)?,
            max_uses: count(row.try_get(6)?, "invite use limit")?,
            uses: count(row.try_get(7)?, "invite use count")?,
        }))
    }

    fn count_invite_use(&mut self, code: &str) -> Result<(), StorageError> {
        self.execute(
            "UPDATE invites SET uses = uses + 1 WHERE code = $1",
            &[&code],
        )?;
        Ok(())
    }

    fn insert_document(
        &mut self,
        info: &DocumentInfo,
        snapshot: &[u8],
        now: i64,
    ) -> Result<(), StorageError> {
        self.insert_unique(
            "INSERT INTO documents (id, kind, audit_id, snapshot, created_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT DO NOTHING",
            &[
                &info.id.as_str(),
                &info.kind.as_str(),
                &info.audit_id.as_str(),
                &snapshot,
                &now,
            ],
            "document",
        )?;
        self.complete_at
            .insert(info.id.as_str().to_owned(), Some(0));
        Ok(())
    }

    fn document_info(&mut self, id: &DocumentId) -> Result<Option<DocumentInfo>, StorageError> {
        if let Some(info) = self.select_info(id)? {
            return Ok(Some(info));
        }
        // The caller may be about to create it: hold the id's lock until
        // commit, and look again in case another instance just did.
        self.execute("SELECT pg_advisory_xact_lock($1)", &[&document_lock(id)])?;
        self.select_info(id)
    }

    fn audits(&mut self) -> Result<Vec<DocumentId>, StorageError> {
        self.query(
            "SELECT id FROM documents WHERE kind = 'audit' ORDER BY created_at, id",
            &[],
        )?
        .iter()
        .map(|row| doc_id(row.try_get(0)?))
        .collect()
    }

    fn responses(&mut self, audit_id: &DocumentId) -> Result<Vec<DocumentInfo>, StorageError> {
        self.query(
            "SELECT id, kind, audit_id FROM documents WHERE audit_id = $1 AND kind = 'response'
             ORDER BY created_at, id",
            &[&audit_id.as_str()],
        )?
        .iter()
        .map(info_from_row)
        .collect()
    }

    fn load_document(&mut self, id: &DocumentId) -> Result<Option<StoredDocument>, StorageError> {
        // One statement, so one consistent view of snapshot and changes.
        let Some(row) = self.query_opt(
            "SELECT d.snapshot, d.changes_appended,
                    ARRAY(SELECT c.seq FROM changes c WHERE c.doc_id = d.id ORDER BY c.seq),
                    ARRAY(SELECT c.bytes FROM changes c WHERE c.doc_id = d.id ORDER BY c.seq)
             FROM documents d WHERE d.id = $1",
            &[&id.as_str()],
        )?
        else {
            return Ok(None);
        };
        let mut bytes: Vec<u8> = row.try_get(0)?;
        let appended: i64 = row.try_get(1)?;
        let change_seqs: Vec<i64> = row.try_get(2)?;
        let changes: Vec<Vec<u8>> = row.try_get(3)?;
        for change in &changes {
            bytes.extend_from_slice(change);
        }
        // Once stale in this transaction, stay stale: an earlier in-memory
        // copy may still be written back.
        self.complete_at
            .entry(id.as_str().to_owned())
            .or_insert(Some(appended));
        Ok(Some(StoredDocument { bytes, change_seqs }))
    }

    fn append_change(&mut self, id: &DocumentId, bytes: &[u8]) -> Result<i64, StorageError> {
        // The counter update takes the document's row lock until commit, and
        // tells whether anyone appended since this transaction looked.
        let row = self
            .query_opt(
                "UPDATE documents SET heads = NULL, changes_appended = changes_appended + 1
                 WHERE id = $1 RETURNING changes_appended",
                &[&id.as_str()],
            )?
            .ok_or_else(|| corrupt("change", format!("document {id} does not exist")))?;
        let appended: i64 = row.try_get(0)?;
        let seq: i64 = self
            .query_opt(
                "INSERT INTO changes (doc_id, bytes) VALUES ($1, $2) RETURNING seq",
                &[&id.as_str(), &bytes],
            )?
            .ok_or_else(|| corrupt("change", "no sequence number returned"))?
            .try_get(0)?;
        let complete = match self.complete_at(id) {
            Some(before) if before + 1 == appended => Some(appended),
            _ => None,
        };
        self.complete_at.insert(id.as_str().to_owned(), complete);
        Ok(seq)
    }

    fn document_heads(&mut self, id: &DocumentId) -> Result<Option<Vec<u8>>, StorageError> {
        Ok(self
            .query_opt("SELECT heads FROM documents WHERE id = $1", &[&id.as_str()])?
            .map(|row| row.try_get::<_, Option<Vec<u8>>>(0))
            .transpose()?
            .flatten())
    }

    fn set_document_heads(&mut self, id: &DocumentId, heads: &[u8]) -> Result<(), StorageError> {
        let Some(appended) = self.complete_at(id) else {
            // This transaction's copy may miss another instance's change:
            // leave the heads unknown (the next load records them).
            return Ok(());
        };
        // A reader does not wait for a writer's row lock (nor risk a
        // deadlock with it): the writer records the heads itself.
        self.execute(
            "UPDATE documents SET heads = $2 WHERE id = (
                 SELECT id FROM documents WHERE id = $1 AND changes_appended = $3
                 FOR UPDATE SKIP LOCKED)",
            &[&id.as_str(), &heads, &appended],
        )?;
        Ok(())
    }

    fn compact(
        &mut self,
        id: &DocumentId,
        snapshot: &[u8],
        folded: &[i64],
    ) -> Result<(), StorageError> {
        let Some(appended) = self.complete_at(id) else {
            tracing::debug!(doc = %id, "compaction skipped: another instance appended meanwhile");
            return Ok(());
        };
        let updated = self.execute(
            "UPDATE documents SET snapshot = $2 WHERE id = $1 AND changes_appended = $3",
            &[&id.as_str(), &snapshot, &appended],
        )?;
        if updated == 1 {
            self.execute(
                "DELETE FROM changes WHERE doc_id = $1 AND seq = ANY($2)",
                &[&id.as_str(), &folded],
            )?;
        }
        Ok(())
    }

    fn sync_state(
        &mut self,
        token_hash: &str,
        doc: &DocumentId,
    ) -> Result<Option<Vec<u8>>, StorageError> {
        self.query_opt(
            "SELECT state FROM sync_states WHERE token_hash = $1 AND doc_id = $2",
            &[&token_hash, &doc.as_str()],
        )?
        .map(|row| row.try_get(0).map_err(StorageError::from))
        .transpose()
    }

    fn set_sync_state(
        &mut self,
        token_hash: &str,
        doc: &DocumentId,
        state: &[u8],
    ) -> Result<(), StorageError> {
        self.execute(
            "INSERT INTO sync_states (token_hash, doc_id, state) VALUES ($1, $2, $3)
             ON CONFLICT (token_hash, doc_id) DO UPDATE SET state = excluded.state",
            &[&token_hash, &doc.as_str(), &state],
        )?;
        Ok(())
    }

    fn set_blob_refs(&mut self, doc: &DocumentId, hashes: &[BlobHash]) -> Result<(), StorageError> {
        self.execute("DELETE FROM blob_refs WHERE doc_id = $1", &[&doc.as_str()])?;
        for hash in hashes {
            self.execute(
                "INSERT INTO blob_refs (doc_id, hash) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                &[&doc.as_str(), &hash.as_str()],
            )?;
        }
        Ok(())
    }

    fn blob_referrers(&mut self, hash: &BlobHash) -> Result<Vec<DocumentInfo>, StorageError> {
        self.query(
            "SELECT d.id, d.kind, d.audit_id FROM blob_refs r JOIN documents d ON d.id = r.doc_id
             WHERE r.hash = $1 ORDER BY d.id",
            &[&hash.as_str()],
        )?
        .iter()
        .map(info_from_row)
        .collect()
    }

    fn add_blob_uploader(
        &mut self,
        hash: &BlobHash,
        principal_id: &str,
        bytes: u64,
    ) -> Result<(), StorageError> {
        self.execute(
            "INSERT INTO blob_uploaders (hash, principal_id, bytes) VALUES ($1, $2, $3)
             ON CONFLICT DO NOTHING",
            &[
                &hash.as_str(),
                &principal_id,
                &i64::try_from(bytes).unwrap_or(i64::MAX),
            ],
        )?;
        Ok(())
    }

    fn blob_uploaders(&mut self, hash: &BlobHash) -> Result<Vec<String>, StorageError> {
        self.query(
            "SELECT principal_id FROM blob_uploaders WHERE hash = $1 ORDER BY principal_id",
            &[&hash.as_str()],
        )?
        .iter()
        .map(|row| Ok(row.try_get(0)?))
        .collect()
    }

    fn uploaded_bytes(&mut self, principal_id: &str) -> Result<u64, StorageError> {
        let total: i64 = self
            .query(
                "SELECT coalesce(sum(bytes), 0)::BIGINT FROM blob_uploaders WHERE principal_id = $1",
                &[&principal_id],
            )?
            .first()
            .map(|row| row.try_get(0))
            .transpose()?
            .unwrap_or(0);
        Ok(u64::try_from(total).unwrap_or(0))
    }

    fn commit(mut self: Box<Self>) -> Result<(), StorageError> {
        let mut conn = self.conn.take().ok_or_else(|| {
            StorageError::Unavailable("the transaction is already finished".into())
        })?;
        conn.client.batch_execute("COMMIT").map_err(|error| {
            conn.broken = true;
            error.into()
        })
    }
}
