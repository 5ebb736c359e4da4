//! What the endpoints do, without HTTP: each function authenticates the
//! token, asks core's access policy, and does its work in one storage
//! transaction. They block (SQLite, Automerge), so handlers run them on
//! tokio's blocking pool through [`run_blocking`].

pub mod audits;
pub mod blobs;
pub mod join;
pub mod readers;
pub mod sync;

use crate::auth::token_hash;
use crate::error::AppError;
use crate::state::AppState;
use crate::storage::{MemberRecord, Principal, Transaction};
use cityaudit_core::sync::access::Membership;

/// The authenticated caller of a request.
#[derive(Debug, Clone)]
pub struct Caller {
    /// SHA-256 of the token used (keys the per-device sync states).
    pub token_hash: String,
    /// Who holds the token.
    pub principal: Principal,
    /// Their memberships, as stored.
    pub members: Vec<MemberRecord>,
    /// Their memberships, as the access policy sees them.
    pub memberships: Vec<Membership>,
}

/// Looks up the bearer token: 401 when unknown or revoked.
pub fn authenticate(tx: &mut dyn Transaction, token: &str) -> Result<Caller, AppError> {
    let hash = token_hash(token);
    let record = tx
        .token(&hash)?
        .ok_or_else(|| AppError::Unauthorized(UNKNOWN_TOKEN.into()))?;
    if record.revoked {
        return Err(AppError::Unauthorized(REVOKED.into()));
    }
    let principal = tx.principal(&record.principal_id)?.ok_or_else(|| {
        AppError::Internal(format!("token of unknown person {}", record.principal_id))
    })?;
    let members = tx.memberships(&principal.id)?;
    let memberships = members.iter().map(MemberRecord::membership).collect();
    Ok(Caller {
        token_hash: hash,
        principal,
        members,
        memberships,
    })
}

/// Refuses a token the server does not know or has revoked (401), in a
/// short read of its own: for checking a token before a body is read.
pub fn check_token(state: &AppState, token: &str) -> Result<(), AppError> {
    let mut tx = state.storage.begin()?;
    let record = tx.token(&token_hash(token))?;
    match record {
        Some(record) if !record.revoked => Ok(()),
        Some(_) => Err(AppError::Unauthorized(REVOKED.into())),
        None => Err(AppError::Unauthorized(UNKNOWN_TOKEN.into())),
    }
}

/// Why an unknown token is refused.
const UNKNOWN_TOKEN: &str = "this token is not known to the server; join with an invite";
/// Why a revoked token is refused.
const REVOKED: &str = "this device's token was revoked; ask a facilitator for a new invite";

/// Runs blocking work on tokio's blocking pool with the shared state, at
/// most [`AppState::workers`] requests at once, admitted first come, first
/// served: under load, requests wait their turn in order instead of
/// hundreds of threads racing for the storage lock, which kept the slowest
/// requests waiting several times longer than the median.
pub async fn run_blocking<T, F>(state: &AppState, work: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(&AppState) -> Result<T, AppError> + Send + 'static,
{
    let turn = state
        .workers
        .clone()
        .acquire_owned()
        .await
        .map_err(|e| AppError::Internal(format!("request workers stopped: {e}")))?;
    let state = state.clone();
    tokio::task::spawn_blocking(move || {
        let result = work(&state);
        drop(turn);
        result
    })
    .await
    .map_err(|e| AppError::Internal(format!("request worker failed: {e}")))?
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod worker_tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn at_most_the_configured_number_of_requests_work_at_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let state = AppState::open(dir.path(), None)
            .expect("state")
            .with_workers(2);
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..8 {
            let (state, running, most) = (state.clone(), running.clone(), most.clone());
            tasks.spawn(async move {
                run_blocking(&state, move |_| {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(std::time::Duration::from_millis(20));
                    running.fetch_sub(1, Ordering::SeqCst);
                    Ok(())
                })
                .await
            });
        }
        while let Some(done) = tasks.join_next().await {
            done.expect("task").expect("work");
        }
        assert_eq!(most.load(Ordering::SeqCst), 2);
    }
}
