//! `POST /v1/join`: redeem an invite code for a device token.

use automerge::AutoCommit;
use cityaudit_core::ids::{random_record_id, DocumentId};
use cityaudit_core::model::{now_ms, AuditDocument};
use cityaudit_core::sync::protocol::{InviteCode, JoinRequest, JoinResponse, Role};

use crate::auth::{new_token, token_hash};
use crate::documents::{self, DocCache};
use crate::error::AppError;
use crate::state::AppState;
use crate::storage::{InviteRecord, MemberRecord, Principal, Transaction};

/// Redeems an invite: creates the person, their membership, their roster
/// entry in the audit document and a device token, all in one transaction.
pub fn join(state: &AppState, request: JoinRequest) -> Result<JoinResponse, AppError> {
    let code = InviteCode::parse(&request.code).ok_or_else(unknown_code)?;
    let mut tx = state.storage.begin()?;
    let (response, audit_id) = join_with(tx.as_mut(), &state.documents, &code, &request, now_ms())?;
    if let Err(error) = tx.commit() {
        state.documents.forget(&audit_id);
        return Err(error.into());
    }
    Ok(response)
}

pub(super) fn unknown_code() -> AppError {
    AppError::InvalidInvite(
        "this invite code is not known; check it for typos or ask for a new invite".into(),
    )
}

/// The invite of `code` while it may still be used (401 otherwise).
fn usable_invite(
    tx: &mut dyn Transaction,
    code: &InviteCode,
    now: i64,
) -> Result<InviteRecord, AppError> {
    let invite = tx.invite(code.as_str())?.ok_or_else(unknown_code)?;
    check_usable(&invite, now)?;
    Ok(invite)
}

/// Refuses (401) an invite that has expired or been used as often as allowed.
pub(super) fn check_usable(invite: &InviteRecord, now: i64) -> Result<(), AppError> {
    if now >= invite.expires_at {
        return Err(AppError::InvalidInvite(
            "this invite has expired; ask the facilitator for a new one".into(),
        ));
    }
    if invite.uses >= invite.max_uses {
        return Err(AppError::InvalidInvite(
            "this invite has been used as often as allowed; ask the facilitator for a new one"
                .into(),
        ));
    }
    Ok(())
}

/// The join's work inside its transaction; also returns the audit whose
/// document it changed (and put back into `cache`).
fn join_with(
    tx: &mut dyn Transaction,
    cache: &DocCache,
    code: &InviteCode,
    request: &JoinRequest,
    now: i64,
) -> Result<(JoinResponse, DocumentId), AppError> {
    let invite = usable_invite(tx, code, now)?;
    if invite.role == Role::Reader {
        return Err(AppError::BadRequest(
            "this code opens an earlier audit to read, not to join: a facilitator enters it \
             on the Results screen to compare rounds"
                .into(),
        ));
    }
    let audit = tx.document_info(&invite.audit_id)?.ok_or_else(|| {
        AppError::Internal(format!("invite for missing audit {}", invite.audit_id))
    })?;
    let participant_id = random_record_id();
    let response_doc = (invite.role == Role::Participant).then(DocumentId::random);
    let entry = request.roster_entry(invite.role, response_doc.as_ref(), now)?;

    let (mut rows, doc) = documents::load_cached(tx, cache, audit)?;
    let mut audit_doc = AuditDocument::from_automerge(doc);
    let before = audit_doc.automerge().get_heads();
    audit_doc.add_to_roster(&participant_id, &entry)?;
    rows.persist_since(tx, audit_doc.automerge(), &before)?;

    tx.insert_principal(&Principal {
        id: participant_id.clone(),
        kind: invite.role,
        name: entry.display_name.clone(),
        created_at: now,
    })?;
    tx.insert_member(&MemberRecord {
        principal_id: participant_id.clone(),
        audit_id: invite.audit_id.clone(),
        role: invite.role,
        response_doc: response_doc.clone(),
        display_name: entry.display_name,
        group: entry.group,
        gender: entry.gender,
        joined_at: now,
    })?;
    let token = new_token();
    tx.insert_token(&token_hash(&token), &participant_id, now)?;
    tx.count_invite_use(&invite.code)?;
    documents::keep(
        cache,
        rows,
        std::mem::replace(audit_doc.automerge(), AutoCommit::new()),
    );
    Ok((
        JoinResponse {
            token,
            role: invite.role,
            audit_id: invite.audit_id.clone(),
            participant_id,
            response_doc,
        },
        invite.audit_id,
    ))
}
