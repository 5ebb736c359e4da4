//! Group commit for the SQLite backend: durable commits at a fraction of
//! one fsync each.
//!
//! The database runs in WAL mode with `synchronous=NORMAL`, so `COMMIT`
//! only writes the transaction's frames to the WAL file. A committed
//! request then waits here until the WAL file has been fsynced by a
//! separate handle: the first waiter syncs, every commit written before its
//! sync started is durable when it returns, and commits that arrive during
//! a sync are covered by the next one. The connection is free while the
//! disk syncs, so the next requests run meanwhile. A request is answered
//! only once its commit is durable, as with `synchronous=FULL`.
//!
//! If a sync fails, every later commit is reported as failed too (the
//! server must be restarted), as a retried fsync cannot be trusted.
//!
//! A transaction that wrote nothing still waits for the commits before it
//! (it may have read their rows), which costs nothing when they are synced.

use std::fs::File;
use std::io;
use std::sync::{Condvar, Mutex, MutexGuard};

#[derive(Debug, Default)]
struct Progress {
    /// Commits that wrote, numbered in commit order.
    committed: u64,
    /// Every commit up to this number is on disk.
    synced: u64,
    /// Some waiter is syncing the WAL file right now.
    syncing: bool,
    /// A sync failed: what it should have made durable may be lost, and a
    /// later sync that succeeds proves nothing (Linux may have dropped the
    /// dirty pages), so no commit is reported durable any more.
    failed: bool,
}

/// Fsyncs a WAL file for groups of commits.
#[derive(Debug)]
pub(super) struct GroupSync {
    wal: File,
    progress: Mutex<Progress>,
    done: Condvar,
}

impl GroupSync {
    /// Syncs through `wal`, an open handle on the database's `-wal` file.
    pub(super) fn new(wal: File) -> Self {
        GroupSync {
            wal,
            progress: Mutex::new(Progress::default()),
            done: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Progress> {
        self.progress.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Records a commit that just returned (call it while still holding the
    /// connection, so numbers follow commit order); `wrote` is false for a
    /// transaction that changed no row. Returns the ticket to wait for.
    pub(super) fn committed(&self, wrote: bool) -> u64 {
        let mut progress = self.lock();
        if wrote {
            progress.committed += 1;
        }
        progress.committed
    }

    /// Returns once every commit up to `ticket` is on disk.
    pub(super) fn wait_durable(&self, ticket: u64) -> io::Result<()> {
        let mut progress = self.lock();
        loop {
            if progress.failed {
                return Err(io::Error::other(
                    "an earlier sync of the database's WAL file failed; restart the server",
                ));
            }
            if progress.synced >= ticket {
                return Ok(());
            }
            if progress.syncing {
                progress = self.done.wait(progress).unwrap_or_else(|p| p.into_inner());
                continue;
            }
            progress.syncing = true;
            let target = progress.committed;
            drop(progress);
            let result = self.wal.sync_data();
            progress = self.lock();
            progress.syncing = false;
            match &result {
                Ok(()) => progress.synced = progress.synced.max(target),
                Err(_) => progress.failed = true,
            }
            self.done.notify_all();
            result?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn a_ticket_is_durable_after_waiting_and_reads_wait_only_for_unsynced_writes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = File::create(dir.path().join("x-wal")).expect("file");
        let group = GroupSync::new(file);
        assert_eq!(group.committed(false), 0, "nothing written yet");
        group.wait_durable(0).expect("nothing to wait for");
        let first = group.committed(true);
        let second = group.committed(true);
        assert_eq!((first, second), (1, 2));
        group.wait_durable(first).expect("sync");
        assert!(group.lock().synced >= second, "one sync covered both");
        assert_eq!(group.committed(false), 2);
    }

    #[test]
    fn many_waiters_share_syncs() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = File::create(dir.path().join("x-wal")).expect("file");
        let group = Arc::new(GroupSync::new(file));
        let threads: Vec<_> = (0..16)
            .map(|_| {
                let group = group.clone();
                std::thread::spawn(move || {
                    let ticket = group.committed(true);
                    group.wait_durable(ticket).expect("sync");
                    assert!(group.lock().synced >= ticket);
                })
            })
            .collect();
        for thread in threads {
            thread.join().expect("thread");
        }
        assert_eq!(group.lock().synced, 16);
    }
}
