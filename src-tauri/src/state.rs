//! The app's state, built once at start-up and managed by Tauri: the
//! profile (one database per device), what the sync runner is doing, and
//! the demo invite when the embedded server runs.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use cityaudit_core::profile::{Profile, ProfileError};
use cityaudit_core::views::SyncActivity;
use cityaudit_core::views::SyncStatusView;

use crate::embedded::DemoInvite;

/// File name of the profile database inside the data folder.
pub const PROFILE_FILE: &str = "profile.sqlite";

/// Why the app's state could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The data folder could not be created.
    #[error("cannot create the data folder {0}: {1}")]
    DataDir(String, std::io::Error),
    /// The profile database could not be opened.
    #[error("cannot open the profile in {0}: {1}")]
    Profile(String, ProfileError),
}

/// Everything the commands share.
pub struct AppState {
    data_dir: PathBuf,
    profile: Mutex<Profile>,
    activity: Mutex<SyncActivity>,
    /// Held while a sync runs, so two never overlap.
    sync_turn: Mutex<()>,
    /// Upload progress of the running sync: hash -> (sent, total).
    progress: Mutex<HashMap<String, (u64, u64)>>,
    /// Download progress of the running sync: (done, total).
    downloads: Mutex<Option<(usize, usize)>>,
    /// The last status shown, for answering while a sync holds the profile.
    last_status: Mutex<Option<SyncStatusView>>,
    demo: Option<DemoInvite>,
}

fn relock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl AppState {
    /// Opens (or creates) the profile in `data_dir`.
    pub fn open(data_dir: &Path, demo: Option<DemoInvite>) -> Result<Self, OpenError> {
        std::fs::create_dir_all(data_dir)
            .map_err(|e| OpenError::DataDir(data_dir.display().to_string(), e))?;
        let profile = Profile::open(&data_dir.join(PROFILE_FILE))
            .map_err(|e| OpenError::Profile(data_dir.display().to_string(), e))?;
        Ok(AppState {
            data_dir: data_dir.to_owned(),
            profile: Mutex::new(profile),
            activity: Mutex::new(SyncActivity::default()),
            sync_turn: Mutex::new(()),
            progress: Mutex::new(HashMap::new()),
            downloads: Mutex::new(None),
            last_status: Mutex::new(None),
            demo,
        })
    }

    /// The folder holding the profile.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The profile, locked for one action. A panic in another holder does not
    /// make the profile unusable: every action is durable or undone.
    pub fn profile(&self) -> MutexGuard<'_, Profile> {
        relock(&self.profile)
    }

    /// What the sync runner is doing.
    pub fn activity(&self) -> SyncActivity {
        *relock(&self.activity)
    }

    /// Updates what the sync runner is doing.
    pub fn set_activity(&self, activity: SyncActivity) {
        *relock(&self.activity) = activity;
    }

    /// The turn to sync, unless a sync is already running.
    pub fn try_sync_turn(&self) -> Option<MutexGuard<'_, ()>> {
        match self.sync_turn.try_lock() {
            Ok(guard) => Some(guard),
            Err(std::sync::TryLockError::Poisoned(poisoned)) => Some(poisoned.into_inner()),
            Err(std::sync::TryLockError::WouldBlock) => None,
        }
    }

    /// The profile if no sync holds it right now.
    pub fn try_profile(&self) -> Option<MutexGuard<'_, Profile>> {
        match self.profile.try_lock() {
            Ok(guard) => Some(guard),
            Err(std::sync::TryLockError::Poisoned(poisoned)) => Some(poisoned.into_inner()),
            Err(std::sync::TryLockError::WouldBlock) => None,
        }
    }

    /// Forgets the upload and download progress of the previous run.
    pub fn clear_progress(&self) {
        relock(&self.progress).clear();
        *relock(&self.downloads) = None;
    }

    /// Records how many photos of this run's downloads were handled.
    pub fn record_download_progress(&self, done: usize, total: usize) {
        *relock(&self.downloads) = Some((done, total));
    }

    /// Download progress of the running sync: (done, total), once known.
    pub fn download_progress(&self) -> Option<(usize, usize)> {
        *relock(&self.downloads)
    }

    /// Records how far an upload got.
    pub fn record_progress(&self, hash: &str, sent: u64, total: u64) {
        relock(&self.progress).insert(hash.to_owned(), (sent, total));
    }

    /// Upload progress of the running sync: hash -> (sent, total).
    pub fn progress(&self) -> HashMap<String, (u64, u64)> {
        relock(&self.progress).clone()
    }

    /// Remembers the status last shown.
    pub fn remember_status(&self, status: &SyncStatusView) {
        *relock(&self.last_status) = Some(status.clone());
    }

    /// The status last shown, if any.
    pub fn last_status(&self) -> Option<SyncStatusView> {
        relock(&self.last_status).clone()
    }

    /// The invite of the embedded demo server, if it runs.
    pub fn demo(&self) -> Option<&DemoInvite> {
        self.demo.as_ref()
    }
}
