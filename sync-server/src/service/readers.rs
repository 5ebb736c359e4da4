//! `POST /v1/readers`: a facilitator redeems a reader invite to an earlier
//! audit, made by that audit's facilitators, and from then on reads its
//! audit document and responses (never its photos) to compare rounds.
//! The invite is redeemed with the facilitator's own token: no new person,
//! no roster entry in the earlier audit, nothing written to its documents.

use automerge::AutoCommit;
use cityaudit_core::model::{now_ms, AuditDocument, Lenient};
use cityaudit_core::sync::access::may_create_audits;
use cityaudit_core::sync::protocol::{EarlierAudit, InviteCode, RedeemReaderRequest, Role};

use super::authenticate;
use super::join::{check_usable, unknown_code};
use crate::documents;
use crate::error::AppError;
use crate::state::AppState;
use crate::storage::{MemberRecord, StorageError};

/// Adds a reader membership of the invite's audit to the caller.
pub fn redeem(
    state: &AppState,
    token: &str,
    request: &RedeemReaderRequest,
) -> Result<EarlierAudit, AppError> {
    let code = InviteCode::parse(&request.code).ok_or_else(unknown_code)?;
    let now = now_ms();
    let mut tx = state.storage.begin()?;
    let caller = authenticate(tx.as_mut(), token)?;
    if !may_create_audits(caller.principal.kind) {
        return Err(AppError::Forbidden(
            "only facilitators may read earlier audits".into(),
        ));
    }
    let invite = tx.invite(code.as_str())?.ok_or_else(unknown_code)?;
    if invite.role != Role::Reader {
        return Err(AppError::BadRequest(
            "this invite is for joining an audit, not for reading an earlier one".into(),
        ));
    }
    // A retried request (its answer lost) finds the reader already there;
    // someone already in the audit otherwise keeps the access they have.
    let held = caller
        .memberships
        .iter()
        .find(|m| m.audit_id == invite.audit_id);
    let already = match held {
        Some(m) if m.role == Role::Reader => true,
        Some(_) => {
            return Err(AppError::BadRequest(
                "you are already in this audit: compare with it without a reader invite".into(),
            ))
        }
        None => false,
    };
    if !already {
        check_usable(&invite, now)?;
    }
    let audit = tx.document_info(&invite.audit_id)?.ok_or_else(|| {
        AppError::Internal(format!("invite for missing audit {}", invite.audit_id))
    })?;
    if !already {
        let inserted = tx.insert_member(&MemberRecord {
            principal_id: caller.principal.id.clone(),
            audit_id: invite.audit_id.clone(),
            role: Role::Reader,
            response_doc: None,
            display_name: caller.principal.name.clone(),
            group: String::new(),
            gender: None,
            joined_at: now,
        });
        match inserted {
            Ok(()) => tx.count_invite_use(&invite.code)?,
            // A membership the audit's facilitators revoked stays revoked.
            Err(StorageError::Duplicate(_)) => {
                return Err(AppError::Forbidden(
                    "your access to this audit was revoked by its facilitators".into(),
                ))
            }
            Err(other) => return Err(other.into()),
        }
    }
    let (rows, doc) = documents::load_cached(tx.as_mut(), &state.documents, audit)?;
    let mut audit_doc = AuditDocument::from_automerge(doc);
    let data = audit_doc.read()?;
    documents::keep(
        &state.documents,
        rows,
        std::mem::replace(audit_doc.automerge(), AutoCommit::new()),
    );
    tx.commit()?;
    let text = |value: &Lenient<String>| value.value().cloned().unwrap_or_default();
    Ok(EarlierAudit {
        audit_id: invite.audit_id,
        title: text(&data.title),
        city: text(&data.city),
        starts_on: text(&data.starts_on),
    })
}
