//! Sync runs: one on request ("sync now") and a background loop that keeps
//! trying while the server is unreachable, so work reaches the server as
//! soon as there is a connection.
//!
//! A run holds the profile for its document exchange; upload progress is
//! reported through the state so the status bar can show it meanwhile.

use std::time::Duration;

use cityaudit_core::profile::SyncActivity;
use cityaudit_core::sync::client::{SyncClient, SyncError, Transfer};
use cityaudit_core::sync::joining::finish_join;
use tauri::{AppHandle, Manager, Runtime};

use crate::state::AppState;

/// Time between background syncs when all is well.
pub const SYNC_INTERVAL: Duration = Duration::from_secs(15);
/// Longest wait between attempts while the server cannot be reached.
pub const MAX_RETRY_INTERVAL: Duration = Duration::from_secs(120);

/// What a sync run came to.
#[derive(Debug)]
pub enum RunOutcome {
    /// The run finished (successfully or not).
    Ran(Result<(), SyncError>),
    /// Another run was already going on.
    AlreadyRunning,
    /// The device has not joined an audit.
    NotJoined,
}

/// Runs one sync now (blocking): finishes a pending join, then exchanges
/// documents, uploads photos and downloads the photos this device may
/// read, recording the outcome.
pub fn run_once(state: &AppState) -> RunOutcome {
    let Some(_turn) = state.try_sync_turn() else {
        return RunOutcome::AlreadyRunning;
    };
    let session = match state.profile().session() {
        Ok(Some(session)) => session,
        Ok(None) => return RunOutcome::NotJoined,
        Err(error) => return RunOutcome::Ran(Err(error.into())),
    };
    state.set_activity(SyncActivity {
        running: true,
        offline: state.activity().offline,
    });
    state.clear_progress();
    let result = SyncClient::for_session(&session).and_then(|client| {
        let mut profile = state.profile();
        finish_join(&mut profile)?;
        client
            .sync_once_with_progress(&mut profile, |transfer| match transfer {
                Transfer::Upload { hash, sent, total } => state.record_progress(hash, sent, total),
                Transfer::Download { done, total } => state.record_download_progress(done, total),
            })
            .map(|_| ())
    });
    let offline = matches!(result, Err(SyncError::Offline(_)));
    state.set_activity(SyncActivity {
        running: false,
        offline,
    });
    RunOutcome::Ran(result)
}

/// Starts the background loop: a sync every [`SYNC_INTERVAL`], and while the
/// server is unreachable, retries with a growing pause up to
/// [`MAX_RETRY_INTERVAL`].
pub fn start<R: Runtime>(app: AppHandle<R>) {
    let spawned = std::thread::Builder::new()
        .name("background-sync".into())
        .spawn(move || {
            let mut pause = Duration::ZERO;
            loop {
                std::thread::sleep(pause);
                let state = app.state::<AppState>();
                pause = match run_once(&state) {
                    RunOutcome::Ran(Err(error)) if error.is_transient() => {
                        (pause * 2).clamp(SYNC_INTERVAL, MAX_RETRY_INTERVAL)
                    }
                    _ => SYNC_INTERVAL,
                };
            }
        });
    if let Err(error) = spawned {
        eprintln!("background sync could not start ({error}); use \"Sync now\"");
    }
}
