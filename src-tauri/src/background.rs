//! Sync runs: one on request ("sync now") and a background loop that keeps
//! trying while the server is unreachable, so work reaches the server as
//! soon as there is a connection.
//!
//! A run holds the profile for its document exchange; upload progress is
//! reported through the state so the status bar can show it meanwhile.

use std::time::Duration;

use cityaudit_core::commands::run_sync;
use cityaudit_core::sync::client::{SyncError, Transfer};
use cityaudit_core::sync::schedule::SyncSchedule;
use cityaudit_core::views::SyncActivity;
use tauri::{AppHandle, Manager, Runtime};

use crate::state::AppState;

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
    match state.profile().session() {
        Ok(Some(_)) => {}
        Ok(None) => return RunOutcome::NotJoined,
        Err(error) => return RunOutcome::Ran(Err(error.into())),
    }
    state.set_activity(SyncActivity {
        running: true,
        offline: state.activity().offline,
    });
    state.clear_progress();
    let result = run_sync(&mut state.profile(), |transfer| match transfer {
        Transfer::Upload { hash, sent, total } => state.record_progress(hash, sent, total),
        Transfer::Download { done, total } => state.record_download_progress(done, total),
    })
    .map(|_| ());
    let offline = matches!(result, Err(SyncError::Offline(_)));
    state.set_activity(SyncActivity {
        running: false,
        offline,
    });
    RunOutcome::Ran(result)
}

/// Starts the background loop: syncs paced by core's [`SyncSchedule`] (the
/// regular interval, or a jittered, growing pause while the server cannot
/// be reached, never shorter than its `Retry-After`).
pub fn start<R: Runtime>(app: AppHandle<R>) {
    let spawned = std::thread::Builder::new()
        .name("background-sync".into())
        .spawn(move || {
            let mut schedule = SyncSchedule::default();
            let mut pause = Duration::ZERO;
            loop {
                std::thread::sleep(pause);
                let state = app.state::<AppState>();
                pause = match run_once(&state) {
                    RunOutcome::Ran(result) => schedule.after(result.as_ref().map(|_| ())),
                    _ => schedule.after(Ok(())),
                };
            }
        });
    if let Err(error) = spawned {
        eprintln!("background sync could not start ({error}); use \"Sync now\"");
    }
}
