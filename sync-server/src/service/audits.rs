//! Facilitator actions: create audits and invites, list an audit's
//! participants, revoke tokens. The `*_in` functions do the work inside a
//! transaction without asking who calls; the admin CLI uses them directly,
//! the HTTP endpoints after authenticating and checking access.

use automerge::AutoCommit;
use cityaudit_core::ids::DocumentId;
use cityaudit_core::model::{now_ms, AuditDocument, NewAudit};
use cityaudit_core::sync::access::{may_manage_audit, may_revoke, Membership, Tenure};
use cityaudit_core::sync::protocol::{
    CreateAuditResponse, CreateInviteRequest, Invite, InviteCode, ParticipantStatus, RevokeRequest,
    Role,
};
use cityaudit_core::templates::Templates;

use super::{authenticate, Caller};
use crate::documents;
use crate::error::AppError;
use crate::state::AppState;
use crate::storage::{
    DocumentInfo, DocumentKind, InviteRecord, MemberRecord, Principal, StorageError, Transaction,
};

/// Creates an audit document from the built-in templates; `creator`
/// becomes its facilitator.
pub fn create_audit_in(
    tx: &mut dyn Transaction,
    templates: &Templates,
    audit: &NewAudit,
    creator: Option<&Principal>,
    now: i64,
) -> Result<DocumentId, AppError> {
    let id = DocumentId::random();
    let mut doc = AuditDocument::create(&id, audit, templates)?;
    let info = DocumentInfo {
        id: id.clone(),
        kind: DocumentKind::Audit,
        audit_id: id.clone(),
    };
    let snapshot: &mut AutoCommit = doc.automerge();
    documents::insert(tx, info, snapshot, now)?;
    if let Some(creator) = creator {
        add_facilitator_in(tx, &id, creator, now)?;
    }
    Ok(id)
}

/// Makes an existing person facilitator of an audit (no roster entry: the
/// roster lists those who joined with an invite).
pub fn add_facilitator_in(
    tx: &mut dyn Transaction,
    audit_id: &DocumentId,
    person: &Principal,
    now: i64,
) -> Result<(), AppError> {
    tx.insert_member(&MemberRecord {
        principal_id: person.id.clone(),
        audit_id: audit_id.clone(),
        role: Role::Facilitator,
        response_doc: None,
        display_name: person.name.clone(),
        group: String::new(),
        gender: None,
        joined_at: now,
    })?;
    Ok(())
}

/// `POST /v1/audits`: any facilitator may create an audit.
pub fn create_audit(
    state: &AppState,
    token: &str,
    audit: NewAudit,
) -> Result<CreateAuditResponse, AppError> {
    let mut tx = state.storage.begin()?;
    let caller = authenticate(tx.as_mut(), token)?;
    if caller.principal.kind != Role::Facilitator {
        return Err(AppError::Forbidden(
            "only facilitators may create audits".into(),
        ));
    }
    let audit_id = create_audit_in(
        tx.as_mut(),
        &state.templates,
        &audit,
        Some(&caller.principal),
        now_ms(),
    )?;
    tx.commit()?;
    Ok(CreateAuditResponse { audit_id })
}

/// Creates an invite to an audit with a fresh code.
pub fn create_invite_in(
    tx: &mut dyn Transaction,
    audit_id: &DocumentId,
    request: &CreateInviteRequest,
    created_by: Option<&str>,
    server_url: &str,
    now: i64,
) -> Result<Invite, AppError> {
    existing_audit(tx, audit_id)?;
    request
        .validate()
        .map_err(|e| AppError::BadRequest(e.to_string()))?;
    let expires_at = now.saturating_add((request.expires_in_secs as i64).saturating_mul(1000));
    // 31^8 codes: a collision is rare; retry a few times rather than fail.
    for _ in 0..8 {
        let code = InviteCode::random();
        let record = InviteRecord {
            code: code.as_str().to_owned(),
            audit_id: audit_id.clone(),
            role: request.role,
            created_by: created_by.map(str::to_owned),
            created_at: now,
            expires_at,
            max_uses: request.max_uses,
            uses: 0,
        };
        match tx.insert_invite(&record) {
            Ok(()) => {
                return Ok(Invite {
                    link: code.link(server_url),
                    web_link: code.web_link(server_url),
                    code: code.to_string(),
                    role: request.role,
                    expires_at,
                    max_uses: request.max_uses,
                })
            }
            Err(StorageError::Duplicate(_)) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(AppError::Internal("no free invite code found".into()))
}

/// `POST /v1/audits/{id}/invites`: a facilitator of the audit invites.
pub fn create_invite(
    state: &AppState,
    token: &str,
    audit_id: &DocumentId,
    request: &CreateInviteRequest,
    server_url: &str,
) -> Result<Invite, AppError> {
    let mut tx = state.storage.begin()?;
    let caller = authenticate(tx.as_mut(), token)?;
    authorize_manage(tx.as_mut(), &caller, audit_id)?;
    let invite = create_invite_in(
        tx.as_mut(),
        audit_id,
        request,
        Some(&caller.principal.id),
        server_url,
        now_ms(),
    )?;
    tx.commit()?;
    Ok(invite)
}

/// Everyone in an audit, with their sync status.
pub fn participants_in(
    tx: &mut dyn Transaction,
    audit_id: &DocumentId,
) -> Result<Vec<ParticipantStatus>, AppError> {
    existing_audit(tx, audit_id)?;
    Ok(tx
        .members(audit_id)?
        .into_iter()
        .map(|status| ParticipantStatus {
            participant_id: status.member.principal_id,
            display_name: status.member.display_name,
            group: status.member.group,
            role: status.member.role,
            response_doc: status.member.response_doc,
            last_sync_at: status.last_sync_at,
            revoked: status.revoked,
        })
        .collect())
}

/// `GET /v1/audits/{id}/participants`: for facilitators of the audit.
pub fn participants(
    state: &AppState,
    token: &str,
    audit_id: &DocumentId,
) -> Result<Vec<ParticipantStatus>, AppError> {
    let mut tx = state.storage.begin()?;
    let caller = authenticate(tx.as_mut(), token)?;
    authorize_manage(tx.as_mut(), &caller, audit_id)?;
    participants_in(tx.as_mut(), audit_id)
}

/// `POST /v1/tokens/revoke`: a facilitator revokes every token of someone
/// in an audit they facilitate.
pub fn revoke(state: &AppState, token: &str, request: &RevokeRequest) -> Result<(), AppError> {
    let mut tx = state.storage.begin()?;
    let caller = authenticate(tx.as_mut(), token)?;
    let person = &request.participant_id;
    // The same answer whether the person exists or not: a token learns
    // nothing about people outside its own audits.
    let refused = || {
        AppError::Forbidden(format!(
            "you may not revoke {person}: only a facilitator of an audit they are in may, \
             and not a facilitator who joined it before them"
        ))
    };
    let own: Vec<Tenure<'_>> = caller
        .members
        .iter()
        .zip(&caller.memberships)
        .map(|(record, membership)| tenure(record, membership))
        .collect();
    let target = tx.memberships(person)?;
    let revocable: Vec<&DocumentId> = target
        .iter()
        .filter(|record| {
            let membership = record.membership();
            may_revoke(&own, tenure(record, &membership))
        })
        .map(|record| &record.audit_id)
        .collect();
    if revocable.is_empty() {
        return Err(refused());
    }
    let now = now_ms();
    for audit_id in &revocable {
        tx.set_membership_revoked(person, audit_id, Some(now))?;
    }
    // Someone left with no audit has nothing to reach: their tokens stop.
    // A reader is a facilitator elsewhere, who keeps creating audits.
    if revocable.len() == target.len() && target.iter().all(|r| r.role != Role::Reader) {
        tx.revoke_principal(person, now)?;
    }
    tx.commit()?;
    Ok(())
}

/// A membership's seniority: the facilitator who created an audit is
/// recorded with no group ([`add_facilitator_in`]); everyone who joins by
/// invite has one.
fn tenure<'a>(record: &MemberRecord, membership: &'a Membership) -> Tenure<'a> {
    Tenure {
        membership,
        created_the_audit: record.role == Role::Facilitator && record.group.is_empty(),
        joined_at: record.joined_at,
    }
}

fn existing_audit(tx: &mut dyn Transaction, audit_id: &DocumentId) -> Result<(), AppError> {
    match tx.document_info(audit_id)? {
        Some(info) if info.kind == DocumentKind::Audit => Ok(()),
        _ => Err(AppError::NotFound(format!("there is no audit {audit_id}"))),
    }
}

fn authorize_manage(
    tx: &mut dyn Transaction,
    caller: &Caller,
    audit_id: &DocumentId,
) -> Result<(), AppError> {
    // Whether the audit exists is told only to its facilitators.
    if !may_manage_audit(&caller.memberships, audit_id) {
        return Err(AppError::Forbidden(format!(
            "only facilitators of audit {audit_id} may do this"
        )));
    }
    existing_audit(tx, audit_id)
}
