//! WAL checkpoints on a background thread.
//!
//! SQLite's automatic checkpoint runs inside the commit that crosses the
//! WAL size threshold: that request then copies the WAL into the database
//! file and fsyncs it while holding the connection, and every request
//! queued behind it waits (the slowest syncs under load were these). Here
//! the automatic checkpoint is off and a second connection checkpoints
//! every [`INTERVAL`] in `PASSIVE` mode, which never blocks writers: they
//! keep appending to the WAL while it copies, and the WAL starts over from
//! its beginning once a checkpoint has caught up.

use rusqlite::Connection;
use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::storage::StorageError;

/// How often the WAL is checkpointed.
pub(super) const INTERVAL: Duration = Duration::from_millis(250);

/// The checkpointing thread; stopped (and joined) when dropped.
#[derive(Debug)]
pub(super) struct Checkpointer {
    stop: Option<Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Starts checkpointing the WAL of the database at `path`.
    pub(super) fn start(path: &Path) -> Result<Self, StorageError> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(10))?;
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("wal-checkpoint".into())
            .spawn(move || loop {
                match stopped.recv_timeout(INTERVAL) {
                    Err(RecvTimeoutError::Timeout) => checkpoint(&conn),
                    // Stopping: one last checkpoint keeps the WAL short.
                    Ok(()) | Err(RecvTimeoutError::Disconnected) => {
                        checkpoint(&conn);
                        return;
                    }
                }
            })
            .map_err(|e| {
                StorageError::Unavailable(format!("cannot start the checkpoint thread: {e}"))
            })?;
        Ok(Checkpointer {
            stop: Some(stop),
            thread: Some(thread),
        })
    }
}

fn checkpoint(conn: &Connection) {
    if let Err(error) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
        tracing::warn!(%error, "WAL checkpoint failed; retrying later");
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
