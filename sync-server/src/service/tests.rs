//! Scenarios across the services, in process: devices that speak the sync
//! protocol with plain Automerge documents, as any client would.

use automerge::sync::{Message, State, SyncDoc};
use automerge::transaction::Transactable;
use automerge::{AutoCommit, ReadDoc, ROOT};
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use std::collections::BTreeMap;

use super::sync::Batch;
use super::{audits, blobs, join, sync};
use crate::admin;
use crate::blobs::ContentRange;
use crate::error::AppError;
use crate::state::AppState;
use cityaudit_core::ids::{BlobHash, DocumentId};
use cityaudit_core::model::{
    AnswerInput, AuditDocument, NewAudit, NewParticipant, PhotoInput, PhotoRecord,
    ResponseDocument, TemplateChoice,
};
use cityaudit_core::sync::protocol::{
    CreateInviteRequest, DocumentMessage, JoinRequest, JoinResponse, MissingBlobsRequest,
    RevokeRequest, Role, SyncRequest, SyncResponse,
};

/// A device: its documents and its sync state per document.
struct Device {
    token: String,
    docs: BTreeMap<DocumentId, AutoCommit>,
    states: BTreeMap<DocumentId, State>,
}

impl Device {
    fn new(token: &str) -> Self {
        Device {
            token: token.to_owned(),
            docs: BTreeMap::new(),
            states: BTreeMap::new(),
        }
    }

    /// The next batch: one entry per document held.
    fn batch(&mut self) -> Vec<DocumentMessage> {
        let mut out = Vec::new();
        for (id, doc) in &mut self.docs {
            let state = self.states.entry(id.clone()).or_default();
            let message = doc.sync().generate_sync_message(state);
            out.push(DocumentMessage {
                doc_id: id.clone(),
                message: message.map(|m| BASE64.encode(m.encode())),
            });
        }
        out
    }

    /// One request with every document's message; false when there was
    /// nothing to say (after the first round).
    fn round(&mut self, server: &AppState, first: bool) -> Result<bool, AppError> {
        let documents = self.batch();
        if !first && documents.iter().all(|d| d.message.is_none()) {
            return Ok(false);
        }
        let reply = sync::sync(
            server,
            &self.token,
            SyncRequest { documents },
            Batch::Complete,
        )?;
        self.receive(reply);
        Ok(true)
    }

    /// Receives the server's reply into the documents.
    fn receive(&mut self, reply: SyncResponse) {
        for document in reply.documents {
            let Some(encoded) = document.message else {
                continue;
            };
            let message =
                Message::decode(&BASE64.decode(encoded).expect("base64")).expect("sync message");
            let state = self.states.entry(document.doc_id.clone()).or_default();
            self.docs
                .entry(document.doc_id)
                .or_default()
                .sync()
                .receive_sync_message(state, message)
                .expect("receive");
        }
    }

    /// Syncs until neither side has anything to say; returns the requests made.
    fn sync(&mut self, server: &AppState) -> Result<usize, AppError> {
        for round in 0..12 {
            if !self.round(server, round == 0)? {
                return Ok(round);
            }
        }
        panic!("sync did not settle");
    }
}

pub(crate) struct World {
    _dir: tempfile::TempDir,
    pub(crate) server: AppState,
    audit: DocumentId,
    facilitator: Device,
}

pub(crate) fn world() -> World {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = AppState::open(dir.path(), None).expect("open");
    let facilitator = admin::create_facilitator(&server, "Ana").expect("facilitator");
    let audit = NewAudit {
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
    };
    let audit = admin::create_audit(&server, &audit, Some(&facilitator.id)).expect("audit");
    World {
        _dir: dir,
        server,
        audit,
        facilitator: Device::new(&facilitator.token),
    }
}

impl World {
    fn invite(&self, role: Role) -> String {
        let request = CreateInviteRequest {
            role,
            expires_in_secs: 3600,
            max_uses: 10,
        };
        admin::create_invite(&self.server, &self.audit, &request, "http://test")
            .expect("invite")
            .code
    }

    pub(crate) fn join(&self, name: &str) -> JoinResponse {
        let request = JoinRequest {
            code: self.invite(Role::Participant).to_lowercase(),
            display_name: name.into(),
            group: "tcn_communities".into(),
            gender: None,
        };
        join::join(&self.server, request).expect("join")
    }

    /// A participant who joined, synced the audit, and created and answered
    /// their response document.
    fn participant(&self, name: &str) -> (JoinResponse, Device) {
        let joined = self.join(name);
        let mut device = Device::new(&joined.token);
        device.sync(&self.server).expect("first sync");
        let audit_doc = device.docs.get(&joined.audit_id).expect("audit arrived");
        let audit = AuditDocument::from_automerge(audit_doc.clone())
            .read()
            .expect("audit readable");
        let joining = NewParticipant {
            display_name: name.into(),
            group: "tcn_communities".into(),
            gender: None,
            accept_photo_terms: true,
            share_photo_locations: true,
        };
        let response_id = joined.response_doc.clone().expect("participant");
        let mut response =
            ResponseDocument::create(&joined.audit_id, &audit, &joined.participant_id, &joining)
                .expect("response");
        response
            .answer(&audit, "vision.1", &AnswerInput::score(4).expect("score"))
            .expect("answer");
        device
            .docs
            .insert(response_id, response.automerge().clone());
        (joined, device)
    }

    /// How many documents the server stores and a hash of all their bytes.
    fn count_documents(&self) -> (usize, BlobHash) {
        let mut tx = self.server.storage.begin().expect("begin");
        let mut ids = tx.audits().expect("audits");
        ids.extend(
            tx.responses(&self.audit)
                .expect("responses")
                .into_iter()
                .map(|i| i.id),
        );
        let bytes: Vec<u8> = ids
            .iter()
            .flat_map(|id| tx.load_document(id).expect("load").expect("exists").bytes)
            .collect();
        (ids.len(), BlobHash::of(&bytes))
    }
}

fn response_of(device: &mut Device, joined: &JoinResponse) -> ResponseDocument {
    let id = joined.response_doc.as_ref().expect("participant");
    ResponseDocument::from_automerge(device.docs.get(id).expect("held").clone())
}

/// A photo record of `size` bytes with `hash`, in the "friendly" theme.
fn photo_input(hash: &BlobHash, title: &str, size: usize, added_at: i64) -> PhotoInput {
    PhotoInput {
        hash: hash.clone(),
        record: PhotoRecord {
            title: title.into(),
            caption: String::new(),
            theme: "friendly".into(),
            location: None,
            taken_at: None,
            stop: None,
            media_type: "image/jpeg".into(),
            size: size as u64,
            consent: true,
            added_at,
        },
    }
}

#[test]
fn a_participants_answers_reach_the_facilitator() {
    let mut w = world();
    let (joined, mut device) = w.participant("Falcon");
    device.sync(&w.server).expect("participant sync");
    w.facilitator.sync(&w.server).expect("facilitator sync");
    let response_id = joined.response_doc.clone().expect("participant");
    let mut theirs = response_of(&mut device, &joined);
    let mut seen = ResponseDocument::from_automerge(
        w.facilitator
            .docs
            .get(&response_id)
            .expect("facilitator got the response")
            .clone(),
    );
    assert_eq!(seen.automerge().get_heads(), theirs.automerge().get_heads());
    assert_eq!(seen.read().expect("read"), theirs.read().expect("read"));
    let audit = AuditDocument::from_automerge(w.facilitator.docs[&w.audit].clone())
        .read()
        .expect("audit");
    let roster: Vec<_> = audit.roster().collect();
    assert_eq!(roster.len(), 1);
    assert_eq!(roster[0].0, &joined.participant_id);
    assert_eq!(roster[0].1.display_name, "Falcon");
    assert_eq!(
        roster[0].1.response_doc.as_deref(),
        Some(response_id.as_str())
    );
}

#[test]
fn a_new_device_gets_its_documents_in_the_first_reply() {
    let w = world();
    let joined = w.join("Falcon");
    let mut device = Device::new(&joined.token);
    let partial = sync::sync(
        &w.server,
        &joined.token,
        SyncRequest { documents: vec![] },
        Batch::Partial,
    )
    .expect("sync");
    assert!(
        partial.documents.is_empty(),
        "a partial batch brings nothing unasked"
    );
    let reply = sync::sync(
        &w.server,
        &joined.token,
        SyncRequest { documents: vec![] },
        Batch::Complete,
    )
    .expect("sync");
    assert_eq!(reply.documents.len(), 1);
    let message = reply.documents[0].message.clone().expect("opening message");
    let message = Message::decode(&BASE64.decode(message).expect("base64")).expect("decode");
    let mut doc = AutoCommit::new();
    doc.sync()
        .receive_sync_message(&mut State::new(), message)
        .expect("receive");
    assert!(AuditDocument::from_automerge(doc).read().is_ok());
    // A device in sync settles quickly and sends nothing more.
    let rounds = device.sync(&w.server).expect("sync");
    assert!(rounds <= 3, "{rounds} rounds");
    assert_eq!(device.sync(&w.server).expect("again"), 1);
}

#[test]
fn a_participant_may_not_read_another_participants_answers() {
    let w = world();
    let (first, mut first_device) = w.participant("Falcon");
    first_device.sync(&w.server).expect("sync");
    let (_, mut second_device) = w.participant("Heron");
    second_device.sync(&w.server).expect("sync");
    assert!(!second_device
        .docs
        .contains_key(first.response_doc.as_ref().expect("participant")));
    second_device.docs.insert(
        first.response_doc.clone().expect("participant"),
        AutoCommit::new(),
    );
    let error = second_device.sync(&w.server).expect_err("refused");
    assert!(matches!(error, AppError::Forbidden(_)), "{error}");
}

#[test]
fn a_participant_may_not_change_the_audit_and_the_whole_batch_is_refused() {
    let w = world();
    let (joined, mut device) = w.participant("Falcon");
    device
        .docs
        .get_mut(&joined.audit_id)
        .expect("audit")
        .put(ROOT, "title", "Hacked")
        .expect("edit");
    device.states.clear();
    // The first round exchanges heads; the second carries the changes to
    // both the own response and the audit.
    device.round(&w.server, true).expect("heads only");
    let before = w.count_documents();
    let error = device.round(&w.server, false).expect_err("refused");
    assert!(matches!(error, AppError::Forbidden(_)), "{error}");
    assert_eq!(
        w.count_documents(),
        before,
        "not even the own response was stored"
    );
}

#[test]
fn a_facilitator_only_reads_response_documents() {
    let mut w = world();
    let (joined, mut device) = w.participant("Falcon");
    device.sync(&w.server).expect("participant");
    w.facilitator.sync(&w.server).expect("facilitator");
    let response_id = joined.response_doc.clone().expect("participant");
    w.facilitator
        .docs
        .get_mut(&response_id)
        .expect("held")
        .put(ROOT, "kind", "tampered")
        .expect("edit");
    w.facilitator.states.clear();
    let error = w.facilitator.sync(&w.server).expect_err("refused");
    assert!(matches!(error, AppError::Forbidden(_)), "{error}");
}

#[test]
fn a_facilitators_audit_edits_reach_participants() {
    let mut w = world();
    let (_, mut device) = w.participant("Falcon");
    w.facilitator.sync(&w.server).expect("facilitator");
    let audit = w.audit.clone();
    let mut doc = AuditDocument::from_automerge(w.facilitator.docs[&audit].clone());
    doc.set_photovoice_window(cityaudit_core::model::PhotovoiceWindow {
        starts_at: 1,
        ends_at: 2,
    })
    .expect("edit");
    w.facilitator
        .docs
        .insert(audit.clone(), doc.automerge().clone());
    w.facilitator.sync(&w.server).expect("push");
    device.sync(&w.server).expect("pull");
    let seen = AuditDocument::from_automerge(device.docs[&audit].clone())
        .read()
        .expect("read");
    assert!(seen.photovoice_window.value().is_some_and(Option::is_some));
}

#[test]
fn damaged_messages_are_refused_and_change_nothing() {
    let w = world();
    let (joined, mut device) = w.participant("Falcon");
    let before = w.count_documents();
    let mut batch = device.batch();
    let own = joined.response_doc.clone().expect("participant");
    let damaged = |text: &str| DocumentMessage {
        doc_id: joined.audit_id.clone(),
        message: Some(text.to_owned()),
    };
    let mut change = device.docs.get_mut(&own).expect("own").save();
    let middle = change.len() / 2;
    change[middle] ^= 0xff;
    let own_message = batch
        .iter()
        .find(|d| d.doc_id == own)
        .and_then(|d| d.message.clone())
        .expect("the new response has a message");
    let mut bad_change =
        Message::decode(&BASE64.decode(own_message).expect("base64")).expect("decode");
    bad_change.changes = vec![change].into();
    for bad in [
        damaged("not base64!"),
        damaged(&BASE64.encode(b"not a sync message")),
        DocumentMessage {
            doc_id: own.clone(),
            message: Some(BASE64.encode(bad_change.encode())),
        },
    ] {
        let mut documents = batch.clone();
        documents.retain(|d| d.doc_id != bad.doc_id);
        documents.push(bad);
        let error = sync::sync(
            &w.server,
            &joined.token,
            SyncRequest { documents },
            Batch::Complete,
        )
        .expect_err("refused");
        assert!(matches!(error, AppError::BadRequest(_)), "{error}");
        assert_eq!(w.count_documents(), before);
    }
    batch.push(batch[0].clone());
    let error = sync::sync(
        &w.server,
        &joined.token,
        SyncRequest { documents: batch },
        Batch::Complete,
    )
    .expect_err("duplicate");
    assert!(matches!(error, AppError::BadRequest(_)), "{error}");
}

#[test]
fn unknown_documents_are_refused_as_other_peoples_are() {
    let w = world();
    let (joined, mut device) = w.participant("Falcon");
    device.sync(&w.server).expect("sync");
    let (_, mut other) = w.participant("Heron");
    other.sync(&w.server).expect("sync");
    let theirs = other
        .docs
        .keys()
        .find(|id| **id != w.audit)
        .expect("their response")
        .clone();
    let refusal = |doc_id: &DocumentId| {
        let documents = vec![DocumentMessage {
            doc_id: doc_id.clone(),
            message: None,
        }];
        sync::sync(
            &w.server,
            &joined.token,
            SyncRequest { documents },
            Batch::Complete,
        )
        .expect_err("refused")
    };
    let unknown = DocumentId::random();
    let (unknown_error, their_error) = (refusal(&unknown), refusal(&theirs));
    assert!(
        matches!(unknown_error, AppError::Forbidden(_)),
        "{unknown_error}"
    );
    assert_eq!(
        unknown_error.to_string().replace(unknown.as_str(), "X"),
        their_error.to_string().replace(theirs.as_str(), "X"),
        "the same answer whether the document exists or not"
    );
}

#[test]
fn revoked_and_unknown_tokens_are_refused_everywhere() {
    let w = world();
    let (joined, mut device) = w.participant("Falcon");
    let facilitator_token = w.facilitator.token.clone();
    let request = RevokeRequest {
        participant_id: joined.participant_id.clone(),
    };
    let participant_revoking = audits::revoke(&w.server, &joined.token, &request);
    assert!(matches!(participant_revoking, Err(AppError::Forbidden(_))));
    audits::revoke(&w.server, &facilitator_token, &request).expect("revoke");
    let error = device.sync(&w.server).expect_err("revoked");
    assert!(matches!(error, AppError::Unauthorized(_)), "{error}");
    let missing = MissingBlobsRequest { hashes: vec![] };
    assert!(matches!(
        blobs::missing(&w.server, &joined.token, &missing),
        Err(AppError::Unauthorized(_))
    ));
    assert!(matches!(
        blobs::missing(&w.server, "made-up", &missing),
        Err(AppError::Unauthorized(_))
    ));
    let people = audits::participants(&w.server, &facilitator_token, &w.audit).expect("list");
    let status = people
        .iter()
        .find(|p| p.participant_id == joined.participant_id)
        .expect("listed");
    assert!(status.revoked);
    assert!(status.last_sync_at.is_some());
}

#[test]
fn invites_expire_run_out_and_check_the_group() {
    let w = world();
    let code = {
        let request = CreateInviteRequest {
            role: Role::Participant,
            expires_in_secs: 3600,
            max_uses: 1,
        };
        admin::create_invite(&w.server, &w.audit, &request, "http://test")
            .expect("invite")
            .code
    };
    let mut request = JoinRequest {
        code: code.clone(),
        display_name: "Falcon".into(),
        group: "astronauts".into(),
        gender: None,
    };
    let error = join::join(&w.server, request.clone()).expect_err("group");
    assert!(matches!(error, AppError::BadRequest(_)), "{error}");
    request.group = "ngos".into();
    join::join(&w.server, request.clone()).expect("first use");
    let error = join::join(&w.server, request.clone()).expect_err("used up");
    assert!(matches!(error, AppError::InvalidInvite(_)), "{error}");
    request.code = "2222-2222".into();
    let error = join::join(&w.server, request).expect_err("unknown");
    assert!(matches!(error, AppError::InvalidInvite(_)), "{error}");
}

#[test]
fn a_facilitator_invite_adds_a_facilitator_who_reads_everything() {
    let w = world();
    let (_, mut participant) = w.participant("Falcon");
    participant.sync(&w.server).expect("sync");
    let request = JoinRequest {
        code: w.invite(Role::Facilitator),
        display_name: "Co-facilitator".into(),
        group: "ngos".into(),
        gender: None,
    };
    let joined = join::join(&w.server, request).expect("join");
    assert_eq!(joined.role, Role::Facilitator);
    assert_eq!(joined.response_doc, None);
    let mut device = Device::new(&joined.token);
    device.sync(&w.server).expect("sync");
    assert_eq!(device.docs.len(), 2, "audit and the participant's response");
    let invite = audits::create_invite(
        &w.server,
        &joined.token,
        &w.audit,
        &CreateInviteRequest {
            role: Role::Participant,
            expires_in_secs: 60,
            max_uses: 1,
        },
        "http://test",
    );
    assert!(invite.is_ok());
    let created = audits::create_audit(
        &w.server,
        &joined.token,
        NewAudit::undated(
            "Second",
            "Plovdiv",
            TemplateChoice {
                checklist: true,
                photovoice: false,
                benchmark: false,
            },
        ),
    )
    .expect("facilitators create audits");
    assert!(audits::participants(&w.server, &joined.token, &created.audit_id).is_ok());
}

#[test]
fn participants_may_not_manage_audits() {
    let w = world();
    let (joined, _) = w.participant("Falcon");
    let request = CreateInviteRequest {
        role: Role::Facilitator,
        expires_in_secs: 60,
        max_uses: 1,
    };
    let error = audits::create_invite(&w.server, &joined.token, &w.audit, &request, "http://x")
        .expect_err("refused");
    assert!(matches!(error, AppError::Forbidden(_)), "{error}");
    let error = audits::participants(&w.server, &joined.token, &w.audit).expect_err("refused");
    assert!(matches!(error, AppError::Forbidden(_)), "{error}");
    let error =
        audits::participants(&w.server, &joined.token, &DocumentId::random()).expect_err("403");
    assert!(
        matches!(error, AppError::Forbidden(_)),
        "an unknown audit is refused as one the caller does not run: {error}"
    );
}

#[test]
fn photos_are_readable_by_their_participant_and_the_facilitator_only() {
    let mut w = world();
    let (joined, mut device) = w.participant("Falcon");
    let (other, mut other_device) = w.participant("Heron");
    other_device.sync(&w.server).expect("sync");
    let photo = b"jpeg bytes of a photo".to_vec();
    let hash = BlobHash::of(&photo);
    let audit = AuditDocument::from_automerge(device.docs[&joined.audit_id].clone())
        .read()
        .expect("audit");
    let mut response = response_of(&mut device, &joined);
    response
        .add_photo(&audit, &photo_input(&hash, "Library", photo.len(), 1))
        .expect("photo");
    let response_id = joined.response_doc.clone().expect("participant");
    device
        .docs
        .insert(response_id, response.automerge().clone());
    device.sync(&w.server).expect("sync");

    let ask = MissingBlobsRequest {
        hashes: vec![hash.clone(), hash.clone()],
    };
    let missing = blobs::missing(&w.server, &joined.token, &ask).expect("missing");
    assert_eq!(missing.missing.len(), 1);
    assert_eq!(missing.missing[0].offset, 0);
    let first = ContentRange {
        start: 0,
        end: 9,
        total: photo.len() as u64,
    };
    blobs::put_chunk(&w.server, &joined.token, &hash, first, &photo[..10]).expect("chunk");
    let missing = blobs::missing(&w.server, &joined.token, &ask).expect("missing");
    assert_eq!(missing.missing[0].offset, 10, "resume point");
    let rest = ContentRange {
        start: 10,
        end: photo.len() as u64 - 1,
        total: photo.len() as u64,
    };
    let done =
        blobs::put_chunk(&w.server, &joined.token, &hash, rest, &photo[10..]).expect("last chunk");
    assert!(done.complete);
    assert!(blobs::missing(&w.server, &joined.token, &ask)
        .expect("missing")
        .missing
        .is_empty());

    assert_eq!(
        blobs::get(&w.server, &joined.token, &hash, blobs::BlobPart::Whole).expect("own photo"),
        photo
    );
    let facilitator = w.facilitator.token.clone();
    w.facilitator.sync(&w.server).expect("sync");
    assert_eq!(
        blobs::get(&w.server, &facilitator, &hash, blobs::BlobPart::Whole).expect("facilitator"),
        photo
    );
    let error = blobs::get(&w.server, &other.token, &hash, blobs::BlobPart::Whole)
        .expect_err("other participant");
    assert!(matches!(error, AppError::Forbidden(_)), "{error}");
    let error = blobs::get(
        &w.server,
        &facilitator,
        &BlobHash::of(b"nothing"),
        blobs::BlobPart::Whole,
    )
    .expect_err("403");
    assert!(
        matches!(error, AppError::Forbidden(_)),
        "an unknown blob is refused as any other: {error}"
    );
    // Facilitators upload too (photos received outside the app), into an
    // upload of their own that changes nothing of the participant's.
    let chunk = blobs::put_chunk(&w.server, &facilitator, &hash, first, &photo[..10])
        .expect("facilitators upload received photos");
    assert!(!chunk.complete);
    assert_eq!(
        blobs::get(&w.server, &joined.token, &hash, blobs::BlobPart::Whole).expect("unchanged"),
        photo
    );

    // Another participant who learned the hash writes it into their own
    // response document: that opens nothing, and `missing` does not tell
    // them the photo exists.
    let other_audit = AuditDocument::from_automerge(other_device.docs[&other.audit_id].clone())
        .read()
        .expect("audit");
    let mut theirs = response_of(&mut other_device, &other);
    theirs
        .add_photo(
            &other_audit,
            &photo_input(&hash, "Not mine", photo.len(), 2),
        )
        .expect("photo record");
    let their_response = other.response_doc.clone().expect("participant");
    other_device
        .docs
        .insert(their_response, theirs.automerge().clone());
    other_device.sync(&w.server).expect("sync");
    let error =
        blobs::get(&w.server, &other.token, &hash, blobs::BlobPart::Whole).expect_err("not theirs");
    assert!(
        matches!(&error, AppError::NotFound(m) if m.contains("not been uploaded")),
        "the answer for a photo nobody uploaded: {error}"
    );
    let asked = blobs::missing(&w.server, &other.token, &ask).expect("missing");
    assert_eq!(asked.missing.len(), 1, "reported missing for them");
    assert_eq!(asked.missing[0].offset, 0);
}

#[test]
fn acknowledged_changes_survive_a_restart() {
    let w = world();
    let (joined, mut device) = w.participant("Falcon");
    device.sync(&w.server).expect("sync");
    let dir = w._dir.path().to_owned();
    let restarted = AppState::open(&dir, None).expect("reopen");
    let mut fresh = Device::new(&w.facilitator.token);
    fresh.sync(&restarted).expect("sync after restart");
    let id = joined.response_doc.expect("participant");
    assert_eq!(
        fresh.docs.get_mut(&id).expect("response").get_heads(),
        device.docs.get_mut(&id).expect("own").get_heads()
    );
    // The participant's next sync after the restart is quiet.
    assert_eq!(device.sync(&restarted).expect("quiet"), 1);
}

#[test]
fn an_idle_document_is_answered_without_loading_it() {
    let w = world();
    let (_joined, mut device) = w.participant("Falcon");
    device.sync(&w.server).expect("participant sync");
    // Damage the audit document's stored snapshot: any load now fails.
    let mut tx = w.server.storage.begin().expect("begin");
    tx.compact(&w.audit, b"damaged", &[]).expect("damage");
    tx.commit().expect("commit");
    // The device has nothing to say and has seen every change: the reply
    // comes from the recorded heads alone.
    let requests = device.sync(&w.server).expect("idle sync");
    assert_eq!(requests, 1);
    // Once the heads are unknown (a change row appended by other means),
    // the server loads the document again, and the damage shows.
    let mut tx = w.server.storage.begin().expect("begin");
    tx.append_change(&w.audit, b"").expect("append");
    tx.commit().expect("commit");
    assert!(matches!(device.sync(&w.server), Err(AppError::Internal(_))));
}

#[test]
fn a_device_behind_the_recorded_heads_still_gets_the_new_changes() {
    let mut w = world();
    let (_joined, mut device) = w.participant("Falcon");
    device.sync(&w.server).expect("participant sync");
    let before = device.docs.get_mut(&w.audit).expect("audit").get_heads();
    // A second participant joins: the roster in the audit document changes.
    let (_other, mut other) = w.participant("Heron");
    other.sync(&w.server).expect("other sync");
    w.facilitator.sync(&w.server).expect("facilitator sync");
    device.sync(&w.server).expect("catch up");
    assert_ne!(
        device.docs.get_mut(&w.audit).expect("audit").get_heads(),
        before
    );
    assert_eq!(
        device.docs.get_mut(&w.audit).expect("audit").get_heads(),
        w.facilitator
            .docs
            .get_mut(&w.audit)
            .expect("audit")
            .get_heads()
    );
}

#[test]
fn a_message_confirming_the_current_heads_is_answered_without_loading_the_document() {
    let w = world();
    let (_joined, mut device) = w.participant("Falcon");
    device.sync(&w.server).expect("participant sync");
    // Damage the audit document's stored snapshot: any load now fails.
    let mut tx = w.server.storage.begin().expect("begin");
    tx.compact(&w.audit, b"damaged", &[]).expect("damage");
    tx.commit().expect("commit");
    // Drop the server's cached copy too, as a second instance would not have one.
    w.server.documents.forget(&w.audit);
    // A device that restarted without its sync state says which heads it has.
    let audit_doc = device.docs.get_mut(&w.audit).expect("audit");
    let heads = audit_doc.get_heads();
    let confirm = audit_doc
        .sync()
        .generate_sync_message(&mut State::new())
        .expect("a message");
    assert!(confirm.changes.is_empty());
    let reply = sync::sync(
        &w.server,
        &device.token,
        SyncRequest {
            documents: vec![DocumentMessage {
                doc_id: w.audit.clone(),
                message: Some(BASE64.encode(confirm.encode())),
            }],
        },
        Batch::Partial,
    )
    .expect("answered from the recorded heads");
    let message = reply.documents[0].message.clone().expect("a reply");
    let message = Message::decode(&BASE64.decode(message).expect("base64")).expect("decode");
    assert_eq!(message.heads, heads);
    assert!(message.changes.is_empty() && message.need.is_empty());
    // The heads are now recorded as shared: a null entry is idle.
    assert_eq!(device.sync(&w.server).expect("idle"), 1);
}

#[test]
fn two_server_instances_on_one_database_serve_each_others_changes() {
    let mut w = world();
    let second = AppState::open(w._dir.path(), None).expect("second instance");
    let (joined, mut device) = w.participant("Falcon");
    device.sync(&w.server).expect("sync with the first");
    let response_id = joined.response_doc.clone().expect("participant");
    let audit = AuditDocument::from_automerge(device.docs[&w.audit].clone())
        .read()
        .expect("audit");
    let answer = |device: &mut Device, item: &str| {
        let mut response = ResponseDocument::from_automerge(device.docs[&response_id].clone());
        response
            .answer(&audit, item, &AnswerInput::score(3).expect("score"))
            .expect("answer");
        device
            .docs
            .insert(response_id.clone(), response.automerge().clone());
    };
    // Each instance now caches the response document at some heads; every
    // sync through one makes the other's copy stale.
    answer(&mut device, "vision.2");
    device.sync(&second).expect("sync with the second");
    answer(&mut device, "vision.3");
    device.sync(&w.server).expect("the first again");
    answer(&mut device, "vision.4");
    device.sync(&second).expect("the second again");
    let own = device.docs.get_mut(&response_id).expect("own").get_heads();
    w.facilitator.sync(&w.server).expect("facilitator");
    let seen = w
        .facilitator
        .docs
        .get_mut(&response_id)
        .expect("response")
        .get_heads();
    assert_eq!(seen, own);
    let third = AppState::open(w._dir.path(), None)
        .expect("third instance")
        .with_doc_cache(0);
    let mut fresh = Device::new(&w.facilitator.token);
    fresh.sync(&third).expect("sync from storage alone");
    assert_eq!(
        fresh
            .docs
            .get_mut(&response_id)
            .expect("response")
            .get_heads(),
        own
    );
    assert_eq!(
        ResponseDocument::from_automerge(fresh.docs[&response_id].clone())
            .read()
            .expect("read"),
        ResponseDocument::from_automerge(device.docs[&response_id].clone())
            .read()
            .expect("read"),
        "every answer, whichever instance received it"
    );
}

/// A change that arrives before the one it depends on waits in memory; when
/// the missing one arrives, both are stored, not only the bytes of the
/// second message.
#[test]
fn a_change_that_arrived_before_its_dependency_is_not_held_and_is_sent_again() {
    let w = world();
    let (joined, mut device) = w.participant("Lale");
    device.sync(&w.server).expect("first sync");
    let response = joined.response_doc.clone().expect("participant");
    let doc = device.docs.get_mut(&response).expect("own response");
    for key in ["a", "b", "c"] {
        doc.put(ROOT, key, 1).expect("put");
        doc.commit();
    }
    let heads = doc.get_heads();
    let last = doc
        .get_last_local_change()
        .expect("change")
        .raw_bytes()
        .to_vec();
    // One request whose message carries only the last of the three changes.
    let mut documents = device.batch();
    for entry in documents.iter_mut().filter(|d| d.doc_id == response) {
        let encoded = entry.message.take().expect("a message with changes");
        let mut message =
            Message::decode(&BASE64.decode(encoded).expect("base64")).expect("decode");
        assert!(!message.changes.is_empty());
        message.changes = vec![last.clone()].into();
        entry.message = Some(BASE64.encode(message.encode()));
    }
    let reply = sync::sync(
        &w.server,
        &device.token,
        SyncRequest { documents },
        Batch::Complete,
    )
    .expect("accepted");
    let stored_heads = || {
        let mut tx = w.server.storage.begin().expect("begin");
        let info = tx.document_info(&response).expect("info").expect("stored");
        let (_, mut stored) = crate::documents::load(tx.as_mut(), info).expect("load");
        (
            stored.get_heads(),
            tx.document_heads(&response).expect("heads"),
        )
    };
    let (before, recorded) = stored_heads();
    assert_ne!(before, heads, "the waiting change is not stored");
    assert!(
        w.server
            .documents
            .take(&response, &recorded.expect("recorded"))
            .is_none(),
        "the document with a waiting change is not kept in memory"
    );
    device.receive(reply);
    device
        .sync(&w.server)
        .expect("the device sends what is missing");
    let (after, _) = stored_heads();
    assert_eq!(after, heads);
}

/// The participant id a document names, as the server holds it.
fn named_participant(server: &AppState, doc_id: &DocumentId) -> Option<String> {
    let mut tx = server.storage.begin().expect("begin");
    let stored = tx.load_document(doc_id).expect("load").expect("stored");
    let doc = AutoCommit::load(&stored.bytes).expect("readable");
    crate::documents::named_owner(&doc).participant_id
}

#[test]
fn a_participant_cannot_write_answers_in_another_persons_name() {
    let w = world();
    let (heron, _) = w.participant("Heron");
    for field in ["participant.id", "audit_id"] {
        let (falcon, mut device) = w.participant("Falcon");
        device.sync(&w.server).expect("the honest first sync");
        let response_id = falcon.response_doc.clone().expect("participant");
        assert_eq!(
            named_participant(&w.server, &response_id).as_deref(),
            Some(falcon.participant_id.as_str())
        );
        let doc = device.docs.get_mut(&response_id).expect("own response");
        let other_audit = DocumentId::random();
        match field {
            "participant.id" => {
                let participant = match doc.get(ROOT, "participant").expect("read") {
                    Some((automerge::Value::Object(_), id)) => id,
                    other => panic!("no participant map: {other:?}"),
                };
                doc.put(&participant, "id", heron.participant_id.as_str())
                    .expect("forge");
            }
            _ => doc
                .put(ROOT, "audit_id", other_audit.as_str())
                .expect("forge"),
        }
        doc.put(ROOT, "note", "and one more change").expect("put");
        let before = w.count_documents();
        let error = device.sync(&w.server).expect_err("refused");
        assert!(
            matches!(&error, AppError::Forbidden(m) if m.contains(field)),
            "{field}: {error}"
        );
        assert_eq!(w.count_documents(), before, "{field}: nothing stored");
        assert_eq!(
            named_participant(&w.server, &response_id).as_deref(),
            Some(falcon.participant_id.as_str()),
            "{field}: the server's copy still names its owner"
        );
    }
}

/// One request from `device` carrying `changes` for `doc_id` as they are.
fn send_raw_changes(
    w: &World,
    device: &Device,
    doc_id: &DocumentId,
    heads: Vec<automerge::ChangeHash>,
    changes: Vec<Vec<u8>>,
) -> Result<SyncResponse, AppError> {
    let message = Message {
        heads,
        need: Vec::new(),
        have: Vec::new(),
        changes: changes.into(),
        flags: None,
        version: automerge::sync::MessageVersion::V1,
    };
    let documents = vec![DocumentMessage {
        doc_id: doc_id.clone(),
        message: Some(BASE64.encode(message.encode())),
    }];
    sync::sync(
        &w.server,
        &device.token,
        SyncRequest { documents },
        Batch::Partial,
    )
}

/// A change to `doc` adding a text of `length` characters (all the same
/// letter, so automerge compresses it to a few kilobytes).
fn text_change(doc: &mut AutoCommit, key: &str, length: usize) -> Vec<u8> {
    let text = doc
        .put_object(ROOT, key, automerge::ObjType::Text)
        .expect("text");
    doc.splice_text(&text, 0, 0, &"a".repeat(length))
        .expect("splice");
    doc.commit();
    let mut change = doc.get_last_local_change().expect("change").clone();
    change.bytes().to_vec()
}

#[test]
fn a_compressed_bomb_is_refused_from_its_size_before_it_is_decoded() {
    let w = world();
    let (joined, mut device) = w.participant("Lale");
    device.sync(&w.server).expect("first sync");
    let response = joined.response_doc.clone().expect("participant");
    let doc = device.docs.get_mut(&response).expect("own response");
    let bomb = text_change(doc, "comment", 2_000_000);
    assert!(bomb.len() < 10_000, "{} bytes", bomb.len());
    let heads = doc.get_heads();
    let before = w.count_documents();
    let error = send_raw_changes(&w, &device, &response, heads, vec![bomb]).expect_err("refused");
    assert!(
        matches!(&error, AppError::TooLarge(m) if m.contains("200000 operations")),
        "{error}"
    );
    assert_eq!(w.count_documents(), before, "nothing stored");
}

#[test]
fn a_document_stops_growing_at_its_operation_cap_and_keeps_what_it_had() {
    let w = world();
    let (joined, mut device) = w.participant("Lale");
    device.sync(&w.server).expect("first sync");
    let response = joined.response_doc.clone().expect("participant");
    let mut refused = None;
    for round in 0..8 {
        let doc = device.docs.get_mut(&response).expect("own response");
        let change = text_change(doc, &format!("text{round}"), 190_000);
        let heads = doc.get_heads();
        if let Err(error) = send_raw_changes(&w, &device, &response, heads, vec![change]) {
            refused = Some((round, error, w.count_documents()));
            break;
        }
    }
    let (round, error, stored) = refused.expect("refused before eight rounds");
    assert_eq!(round, 5, "five changes of 190,000 fit under 1,000,000");
    assert!(
        matches!(&error, AppError::TooLarge(m) if m.contains("1000000 operations")),
        "{error}"
    );
    assert_eq!(w.count_documents(), stored);
    let mut tx = w.server.storage.begin().expect("begin");
    let info = tx.document_info(&response).expect("info").expect("stored");
    let (_, stored) = crate::documents::load(tx.as_mut(), info).expect("load");
    assert!(stored.get(ROOT, "text4").expect("get").is_some());
    assert!(stored.get(ROOT, "text5").expect("get").is_none());
}

#[test]
fn a_co_facilitator_cannot_lock_out_the_owner_and_revocation_stays_in_its_audit() {
    let w = world();
    let owner = w.facilitator.token.clone();
    // The owner also runs a second audit.
    let second = audits::create_audit(
        &w.server,
        &owner,
        NewAudit::undated(
            "Second",
            "Plovdiv",
            TemplateChoice {
                checklist: true,
                photovoice: false,
                benchmark: false,
            },
        ),
    )
    .expect("second audit")
    .audit_id;
    let co = join::join(
        &w.server,
        JoinRequest {
            code: w.invite(Role::Facilitator),
            display_name: "Co".into(),
            group: "ngos".into(),
            gender: None,
        },
    )
    .expect("co-facilitator joins");
    let owner_id = {
        let mut tx = w.server.storage.begin().expect("begin");
        super::authenticate(tx.as_mut(), &owner)
            .expect("owner")
            .principal
            .id
    };
    let refused = audits::revoke(
        &w.server,
        &co.token,
        &RevokeRequest {
            participant_id: owner_id.clone(),
        },
    )
    .expect_err("the owner cannot be revoked by a co-facilitator");
    let unknown = audits::revoke(
        &w.server,
        &co.token,
        &RevokeRequest {
            participant_id: "nobody-at-all".into(),
        },
    )
    .expect_err("unknown");
    assert!(matches!(&refused, AppError::Forbidden(_)), "{refused}");
    assert_eq!(
        refused.to_string().replace(&owner_id, "X"),
        unknown.to_string().replace("nobody-at-all", "X"),
        "the same answer whether the person exists or not"
    );
    assert!(audits::participants(&w.server, &owner, &w.audit).is_ok());
    assert!(audits::participants(&w.server, &owner, &second).is_ok());

    // The owner revokes the co-facilitator, who also runs an audit of their own.
    let theirs = audits::create_audit(
        &w.server,
        &co.token,
        NewAudit::undated(
            "Theirs",
            "Varna",
            TemplateChoice {
                checklist: true,
                photovoice: false,
                benchmark: false,
            },
        ),
    )
    .expect("their audit")
    .audit_id;
    audits::revoke(
        &w.server,
        &owner,
        &RevokeRequest {
            participant_id: co.participant_id.clone(),
        },
    )
    .expect("the owner revokes a co-facilitator");
    assert!(matches!(
        audits::participants(&w.server, &co.token, &w.audit),
        Err(AppError::Forbidden(_))
    ));
    assert!(
        audits::participants(&w.server, &co.token, &theirs).is_ok(),
        "their own audit is not touched"
    );
    let listed = audits::participants(&w.server, &owner, &w.audit).expect("list");
    assert!(listed
        .iter()
        .any(|p| p.participant_id == co.participant_id && p.revoked));

    // An administrator undoes it.
    admin::restore_membership(&w.server, &co.participant_id, &w.audit).expect("restore");
    assert!(audits::participants(&w.server, &co.token, &w.audit).is_ok());
}

#[test]
fn a_revoked_person_gets_a_new_token_from_the_administrator() {
    let w = world();
    let (joined, mut device) = w.participant("Falcon");
    audits::revoke(
        &w.server,
        &w.facilitator.token,
        &RevokeRequest {
            participant_id: joined.participant_id.clone(),
        },
    )
    .expect("revoke");
    assert!(matches!(
        device.sync(&w.server),
        Err(AppError::Unauthorized(_))
    ));
    admin::restore_membership(&w.server, &joined.participant_id, &w.audit).expect("restore");
    let token = admin::reissue_token(&w.server, &joined.participant_id).expect("reissue");
    device.token = token;
    device
        .sync(&w.server)
        .expect("syncs again with the new token");
}

#[test]
fn a_benchmark_self_assessment_refuses_participants_and_keeps_the_invite() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = AppState::open(dir.path(), None).expect("open");
    let facilitator = admin::create_facilitator(&server, "Ana").expect("facilitator");
    let benchmark = NewAudit::undated(
        "Neighbourhoods",
        "Sofia",
        TemplateChoice {
            checklist: false,
            photovoice: false,
            benchmark: true,
        },
    );
    let audit = admin::create_audit(&server, &benchmark, Some(&facilitator.id)).expect("audit");
    let invite = |role| {
        let request = CreateInviteRequest {
            role,
            expires_in_secs: 3600,
            max_uses: 1,
        };
        admin::create_invite(&server, &audit, &request, "http://test")
            .expect("invite")
            .code
    };
    let request = |code: String| JoinRequest {
        code,
        display_name: "Mira".into(),
        group: "local_government".into(),
        gender: None,
    };
    let code = invite(Role::Participant);
    let refused = join::join(&server, request(code.clone())).expect_err("no participants");
    assert!(matches!(refused, AppError::BadRequest(_)), "{refused:?}");
    assert!(refused.to_string().contains("benchmark"), "{refused}");
    // Nothing was used up or added: the same single-use invite is refused the same way.
    let again = join::join(&server, request(code)).expect_err("still no participants");
    assert!(again.to_string().contains("benchmark"), "{again}");
    let joined = join::join(&server, request(invite(Role::Facilitator))).expect("facilitator");
    assert_eq!(joined.role, Role::Facilitator);
}
