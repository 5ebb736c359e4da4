//! The `admin` commands: work directly on the data folder (the server may
//! be running; SQLite's locking keeps both consistent). The first
//! facilitator credential comes from here: nothing is open by default.

use qrcode::render::unicode::Dense1x2;
use qrcode::QrCode;

use crate::auth::{new_token, token_hash};
use crate::documents;
use crate::error::AppError;
use crate::service::audits::{create_audit_in, create_invite_in, participants_in};
use crate::state::AppState;
use crate::storage::{DocumentKind, Principal, StorageError};
use cityaudit_core::ids::{random_record_id, DocumentId};
use cityaudit_core::model::{limits, now_ms, AuditDocument, Location, NewAudit, PlannedStop};
use cityaudit_core::sync::protocol::{CreateInviteRequest, Invite, ParticipantStatus, Role};

/// Why an admin command failed.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    /// The input was refused or the operation failed.
    #[error("{0}")]
    App(#[from] AppError),
    /// The database failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// No such participant or token.
    #[error("{0}")]
    NotFound(String),
    /// Invalid input.
    #[error("{0}")]
    Invalid(String),
    /// The QR code could not be drawn.
    #[error("cannot draw the QR code: {0}")]
    Qr(#[from] qrcode::types::QrError),
}

/// A facilitator credential, shown once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedFacilitator {
    /// The facilitator's id (for `create-audit --facilitator`).
    pub id: String,
    /// Their token (the server keeps only its hash).
    pub token: String,
}

/// One line of `list-audits`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditSummary {
    /// Audit document id.
    pub id: DocumentId,
    /// Title (empty if unreadable).
    pub title: String,
    /// City (empty if unreadable).
    pub city: String,
    /// Members (participants and facilitators).
    pub members: usize,
}

/// A stop to plan with [`plan_stop`].
#[derive(Debug, Clone, PartialEq)]
pub struct NewStop {
    /// Name of the area (required).
    pub name_of_area: String,
    /// Specific location (may be empty).
    pub specific_location: String,
    /// Where it is, typed by the facilitator.
    pub position: Option<Location>,
    /// Position in the walk; `None`: after every planned stop.
    pub order: Option<i64>,
}

/// Creates a facilitator who may create audits over HTTP.
pub fn create_facilitator(state: &AppState, name: &str) -> Result<CreatedFacilitator, AdminError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > limits::DISPLAY_NAME {
        return Err(AdminError::Invalid(format!(
            "the name must have 1 to {} characters",
            limits::DISPLAY_NAME
        )));
    }
    let now = now_ms();
    let id = random_record_id();
    let token = new_token();
    let mut tx = state.storage.begin()?;
    tx.insert_principal(&Principal {
        id: id.clone(),
        kind: Role::Facilitator,
        name: name.to_owned(),
        created_at: now,
    })?;
    tx.insert_token(&token_hash(&token), &id, now)?;
    tx.commit()?;
    Ok(CreatedFacilitator { id, token })
}

/// Creates an audit; `facilitator` (an id from `create-facilitator`)
/// becomes its facilitator.
pub fn create_audit(
    state: &AppState,
    audit: &NewAudit,
    facilitator: Option<&str>,
) -> Result<DocumentId, AdminError> {
    let mut tx = state.storage.begin()?;
    let creator = match facilitator {
        Some(id) => match tx.principal(id)? {
            Some(p) if p.kind == Role::Facilitator => Some(p),
            _ => {
                return Err(AdminError::NotFound(format!(
                    "there is no facilitator {id}"
                )))
            }
        },
        None => None,
    };
    let id = create_audit_in(
        tx.as_mut(),
        &state.templates,
        audit,
        creator.as_ref(),
        now_ms(),
    )?;
    tx.commit()?;
    Ok(id)
}

/// Creates an invite to an audit.
pub fn create_invite(
    state: &AppState,
    audit_id: &DocumentId,
    request: &CreateInviteRequest,
    server_url: &str,
) -> Result<Invite, AdminError> {
    let mut tx = state.storage.begin()?;
    let invite = create_invite_in(tx.as_mut(), audit_id, request, None, server_url, now_ms())?;
    tx.commit()?;
    Ok(invite)
}

/// Adds a planned stop to an audit, as a facilitator's app does
/// ([`AuditDocument::plan_stop`]), and returns the stop's id. A stop
/// without an order (`stop.order` is `None`) comes after every planned
/// stop. Devices receive it with their next sync.
pub fn plan_stop(
    state: &AppState,
    audit_id: &DocumentId,
    stop: &NewStop,
) -> Result<String, AdminError> {
    let mut tx = state.storage.begin()?;
    let info = match tx.document_info(audit_id)? {
        Some(info) if info.kind == DocumentKind::Audit => info,
        _ => {
            return Err(AdminError::NotFound(format!(
                "there is no audit {audit_id}"
            )))
        }
    };
    let (mut rows, doc) = documents::load(tx.as_mut(), info)?;
    let mut audit = AuditDocument::from_automerge(doc);
    let order = match stop.order {
        Some(order) => order,
        None => {
            let data = audit.read().map_err(AppError::from)?;
            data.planned_stops()
                .map(|(_, s)| s.order)
                .max()
                .unwrap_or(0)
                + 1
        }
    };
    let planned = PlannedStop {
        name_of_area: stop.name_of_area.clone(),
        specific_location: stop.specific_location.clone(),
        position: stop.position,
        order,
    };
    let before = audit.automerge().get_heads();
    let id = audit.plan_stop(&planned).map_err(AppError::from)?;
    rows.persist_since(tx.as_mut(), audit.automerge(), &before)?;
    tx.commit()?;
    Ok(id)
}

/// Text as the admin commands print it: control and bidirectional-control
/// characters (stored by an older version, or by another implementation)
/// shown escaped, so a name cannot forge a row or drive the terminal.
pub fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if cityaudit_core::model::forbidden_char(c, false) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Every audit with its title, city and number of members.
pub fn list_audits(state: &AppState) -> Result<Vec<AuditSummary>, AdminError> {
    let mut tx = state.storage.begin()?;
    let mut out = Vec::new();
    for id in tx.audits()? {
        let info = tx
            .document_info(&id)?
            .ok_or_else(|| AdminError::NotFound(format!("audit {id} vanished")))?;
        let (_, doc) = documents::load(tx.as_mut(), info)?;
        let data = AuditDocument::from_automerge(doc).read().ok();
        let text = |pick: fn(&cityaudit_core::model::AuditData) -> Option<&String>| {
            data.as_ref().and_then(pick).cloned().unwrap_or_default()
        };
        out.push(AuditSummary {
            title: text(|d| d.title.value()),
            city: text(|d| d.city.value()),
            members: tx.members(&id)?.len(),
            id,
        });
    }
    Ok(out)
}

/// Everyone in an audit with their sync status.
pub fn list_participants(
    state: &AppState,
    audit_id: &DocumentId,
) -> Result<Vec<ParticipantStatus>, AdminError> {
    let mut tx = state.storage.begin()?;
    Ok(participants_in(tx.as_mut(), audit_id)?)
}

/// Revokes every device token of a participant; returns how many were valid.
pub fn revoke_participant(state: &AppState, participant_id: &str) -> Result<usize, AdminError> {
    let mut tx = state.storage.begin()?;
    if tx.principal(participant_id)?.is_none() {
        return Err(AdminError::NotFound(format!(
            "there is no participant {participant_id}"
        )));
    }
    let revoked = tx.revoke_principal(participant_id, now_ms())?;
    tx.commit()?;
    Ok(revoked)
}

/// Restores a person's revoked membership of an audit.
pub fn restore_membership(
    state: &AppState,
    participant_id: &str,
    audit_id: &DocumentId,
) -> Result<(), AdminError> {
    let mut tx = state.storage.begin()?;
    if !tx.set_membership_revoked(participant_id, audit_id, None)? {
        return Err(AdminError::NotFound(format!(
            "{participant_id} is not a member of audit {audit_id}"
        )));
    }
    tx.commit()?;
    Ok(())
}

/// Issues a new device token to a person (e.g. after their tokens were
/// revoked); returns it. Only its hash is stored.
pub fn reissue_token(state: &AppState, participant_id: &str) -> Result<String, AdminError> {
    let mut tx = state.storage.begin()?;
    if tx.principal(participant_id)?.is_none() {
        return Err(AdminError::NotFound(format!(
            "there is no participant {participant_id}"
        )));
    }
    let token = new_token();
    tx.insert_token(&token_hash(&token), participant_id, now_ms())?;
    tx.commit()?;
    Ok(token)
}

/// Revokes one token.
pub fn revoke_token(state: &AppState, token: &str) -> Result<(), AdminError> {
    let mut tx = state.storage.begin()?;
    if !tx.revoke_token(&token_hash(token.trim()), now_ms())? {
        return Err(AdminError::NotFound("no such token".into()));
    }
    tx.commit()?;
    Ok(())
}

/// The invite's QR code: its browser link (`https://…/app/join?code=…`),
/// which a phone's camera opens in the browser app (and the native app
/// accepts too); the `cityaudit://` link for invites without one.
pub fn invite_qr(invite: &Invite) -> Result<String, AdminError> {
    if invite.web_link.is_empty() {
        qr_code(&invite.link)
    } else {
        qr_code(&invite.web_link)
    }
}

/// True when `server_url` is `https://`: a phone's browser runs the app
/// (service worker, private file system) only in a secure context, which
/// for another machine means HTTPS.
pub fn is_https(server_url: &str) -> bool {
    server_url
        .trim()
        .get(..8)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("https://"))
}

/// The link as a QR code drawn with Unicode half blocks, for a terminal.
pub fn qr_code(link: &str) -> Result<String, AdminError> {
    let code = QrCode::new(link.as_bytes())?;
    Ok(code
        .render::<Dense1x2>()
        .dark_color(Dense1x2::Light)
        .light_color(Dense1x2::Dark)
        .quiet_zone(true)
        .build())
}

#[cfg(test)]
mod tests {
    use super::*;
    use cityaudit_core::model::{LocationSource, TemplateChoice};
    use std::collections::BTreeMap;

    fn new_audit() -> NewAudit {
        NewAudit {
            title: "Sofia walk".into(),
            city: "Sofia".into(),
            starts_on: "2026-05-01".into(),
            ends_on: "2026-05-01".into(),
            meeting_point: "Town hall".into(),
            templates: TemplateChoice {
                checklist: true,
                photovoice: true,
                benchmark: false,
            },
        }
    }

    #[test]
    fn a_facilitator_created_here_facilitates_the_audit_created_for_them() {
        let dir = tempfile::tempdir().expect("tempdir");
        let state = AppState::open(dir.path(), None).expect("open");
        let facilitator = create_facilitator(&state, "Ana").expect("facilitator");
        let audit = create_audit(&state, &new_audit(), Some(&facilitator.id)).expect("audit");
        let audits = list_audits(&state).expect("list");
        assert_eq!(audits.len(), 1);
        assert_eq!(audits[0].id, audit);
        assert_eq!(audits[0].title, "Sofia walk");
        assert_eq!(audits[0].members, 1);
        let people = list_participants(&state, &audit).expect("participants");
        assert_eq!(
            printable("Ali\n\tfacilitator"),
            "Ali\\u{a}\\u{9}facilitator"
        );
        assert_eq!(printable("\u{1b}[2J\u{202e}"), "\\u{1b}[2J\\u{202e}");
        assert_eq!(printable("علي"), "علي");
        assert_eq!(people[0].role, Role::Facilitator);
        assert_eq!(people[0].participant_id, facilitator.id);
        assert!(create_audit(&state, &new_audit(), Some("nobody")).is_err());
    }

    #[test]
    fn planned_stops_reach_the_audit_document_in_walk_order() {
        let dir = tempfile::tempdir().expect("tempdir");
        let state = AppState::open(dir.path(), None).expect("open");
        let audit = create_audit(&state, &new_audit(), None).expect("audit");
        let market = NewStop {
            name_of_area: "Kapana".into(),
            specific_location: "Corner of Zhelezarska".into(),
            position: Some(Location {
                lat: 42.1497,
                lon: 24.7496,
                accuracy_m: None,
                source: LocationSource::Manual,
            }),
            order: None,
        };
        let first = plan_stop(&state, &audit, &market).expect("first stop");
        let second = NewStop {
            name_of_area: "Stolipinovo".into(),
            specific_location: String::new(),
            position: None,
            order: None,
        };
        let second = plan_stop(&state, &audit, &second).expect("second stop");
        let early = NewStop {
            order: Some(-1),
            ..market.clone()
        };
        let early = plan_stop(&state, &audit, &early).expect("a stop before them");

        let mut tx = state.storage.begin().expect("tx");
        let info = tx.document_info(&audit).expect("info").expect("stored");
        let (_, doc) = documents::load(tx.as_mut(), info).expect("load");
        let data = AuditDocument::from_automerge(doc).read().expect("read");
        let stops: BTreeMap<&String, &PlannedStop> = data.planned_stops().collect();
        assert_eq!(stops.len(), 3);
        assert_eq!(stops[&first].order, 1);
        assert_eq!(stops[&first].name_of_area, "Kapana");
        assert_eq!(stops[&first].position, market.position);
        assert_eq!(stops[&second].order, 2);
        assert_eq!(stops[&second].position, None);
        assert_eq!(stops[&early].order, -1);
    }

    #[test]
    fn a_stop_is_checked_like_the_apps_and_needs_an_audit() {
        let dir = tempfile::tempdir().expect("tempdir");
        let state = AppState::open(dir.path(), None).expect("open");
        let audit = create_audit(&state, &new_audit(), None).expect("audit");
        let nameless = NewStop {
            name_of_area: "  ".into(),
            specific_location: String::new(),
            position: None,
            order: None,
        };
        assert!(plan_stop(&state, &audit, &nameless).is_err());
        let off_the_map = NewStop {
            name_of_area: "Kapana".into(),
            position: Some(Location {
                lat: 91.0,
                lon: 0.0,
                accuracy_m: None,
                source: LocationSource::Manual,
            }),
            ..nameless.clone()
        };
        assert!(plan_stop(&state, &audit, &off_the_map).is_err());
        let fine = NewStop {
            name_of_area: "Kapana".into(),
            ..nameless
        };
        let err = plan_stop(&state, &DocumentId::random(), &fine).expect_err("no audit");
        assert!(err.to_string().contains("there is no audit"), "{err}");
    }

    #[test]
    fn invites_carry_a_typable_code_and_a_link() {
        let dir = tempfile::tempdir().expect("tempdir");
        let state = AppState::open(dir.path(), None).expect("open");
        let audit = create_audit(&state, &new_audit(), None).expect("audit");
        let request = CreateInviteRequest {
            role: Role::Participant,
            expires_in_secs: 3600,
            max_uses: 5,
        };
        let invite =
            create_invite(&state, &audit, &request, "http://127.0.0.1:8787").expect("invite");
        assert_eq!(invite.code.len(), 9);
        assert!(invite
            .link
            .starts_with("cityaudit://join?server=http%3A%2F%2F127.0.0.1%3A8787&code="));
        assert_eq!(
            invite.web_link,
            format!("http://127.0.0.1:8787/app/join?code={}", invite.code)
        );
        assert!(qr_code(&invite.link).expect("qr").contains('█'));
        let missing = DocumentId::random();
        assert!(create_invite(&state, &missing, &request, "http://x").is_err());
    }

    #[test]
    fn the_invite_qr_code_carries_the_browser_link() {
        let dir = tempfile::tempdir().expect("tempdir");
        let state = AppState::open(dir.path(), None).expect("open");
        let audit = create_audit(&state, &new_audit(), None).expect("audit");
        let request = CreateInviteRequest {
            role: Role::Participant,
            expires_in_secs: 3600,
            max_uses: 5,
        };
        let invite =
            create_invite(&state, &audit, &request, "https://audit.example.org/").expect("invite");
        assert_eq!(
            invite.web_link,
            format!("https://audit.example.org/app/join?code={}", invite.code)
        );
        let qr = invite_qr(&invite).expect("qr");
        assert_eq!(qr, qr_code(&invite.web_link).expect("qr"));
        assert_ne!(qr, qr_code(&invite.link).expect("qr"));
        let older = Invite {
            web_link: String::new(),
            ..invite
        };
        assert_eq!(
            invite_qr(&older).expect("qr"),
            qr_code(&older.link).expect("qr")
        );
    }

    #[test]
    fn only_https_server_urls_open_in_a_phone_browser() {
        assert!(is_https("https://audit.example.org"));
        assert!(is_https(" HTTPS://audit.example.org"));
        assert!(!is_https("http://192.168.1.20:8787"));
        assert!(!is_https("https:"));
    }

    #[test]
    fn revoking_unknown_people_or_tokens_says_so() {
        let dir = tempfile::tempdir().expect("tempdir");
        let state = AppState::open(dir.path(), None).expect("open");
        assert!(matches!(
            revoke_participant(&state, "nobody"),
            Err(AdminError::NotFound(_))
        ));
        assert!(matches!(
            revoke_token(&state, "nothing"),
            Err(AdminError::NotFound(_))
        ));
        let facilitator = create_facilitator(&state, "Ana").expect("facilitator");
        revoke_token(&state, &facilitator.token).expect("revoke");
        assert_eq!(
            revoke_participant(&state, &facilitator.id).expect("revoke"),
            0
        );
    }
}
