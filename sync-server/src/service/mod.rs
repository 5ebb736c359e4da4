//! What the endpoints do, without HTTP: each function authenticates the
//! token, asks core's access policy, and does its work in one storage
//! transaction. They block (SQLite, Automerge), so handlers run them on
//! tokio's blocking pool through [`run_blocking`].

pub mod audits;
pub mod blobs;
pub mod join;
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
    let record = tx.token(&hash)?.ok_or_else(|| {
        AppError::Unauthorized("this token is not known to the server; join with an invite".into())
    })?;
    if record.revoked {
        return Err(AppError::Unauthorized(
            "this device's token was revoked; ask a facilitator for a new invite".into(),
        ));
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

/// Runs blocking work on tokio's blocking pool with the shared state.
pub async fn run_blocking<T, F>(state: &AppState, work: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(&AppState) -> Result<T, AppError> + Send + 'static,
{
    let state = state.clone();
    tokio::task::spawn_blocking(move || work(&state))
        .await
        .map_err(|e| AppError::Internal(format!("request worker failed: {e}")))?
}

#[cfg(test)]
mod tests;
