//! Profile behaviour on a real SQLite file: edits survive reopening,
//! refused edits leave nothing behind, photos are stored and queued.

use super::*;
use crate::ids::BlobHash;
use crate::model::Role;
use crate::model::{
    AnswerInput, AnswerValue, NewAudit, NewParticipant, PlannedStop, TemplateChoice,
};

fn new_profile(dir: &std::path::Path) -> (Profile, DocumentId) {
    let mut profile = Profile::open(&dir.join("p.sqlite")).expect("open");
    let audit = profile
        .create_audit(&NewAudit::undated(
            "Walk",
            "Sofia",
            TemplateChoice {
                checklist: true,
                photovoice: true,
                benchmark: false,
            },
        ))
        .expect("audit");
    let response = profile
        .join(
            &audit,
            &NewParticipant {
                display_name: "Lark".into(),
                group: "other".into(),
                gender: None,
                accept_photo_terms: true,
                share_photo_locations: true,
            },
        )
        .expect("join");
    (profile, response)
}

#[test]
fn saved_answers_are_there_after_reopening_and_refused_ones_are_not() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut profile, response) = new_profile(dir.path());
    for n in 0..(COMPACT_AFTER_CHANGES + 5) {
        let score = AnswerInput::score(n % 5 + 1).expect("score");
        profile
            .answer(&response, "vision.1", &score)
            .expect("answer");
    }
    let refused = profile.answer(
        &response,
        "vision.1",
        &AnswerInput {
            value: Some(AnswerValue::Invalid("nine".into())),
            comment: None,
        },
    );
    assert!(matches!(refused, Err(ProfileError::Invalid(_))));
    let before = profile.response(&response).expect("read");
    drop(profile);

    let reopened = Profile::open(&dir.path().join("p.sqlite")).expect("reopen");
    let after = reopened.response(&response).expect("read");
    assert_eq!(after, before);
    let last = (COMPACT_AFTER_CHANGES + 4) % 5 + 1;
    let (_, answer) = after
        .answers()
        .find(|(id, _)| *id == "vision.1")
        .expect("answer");
    assert_eq!(answer.value.score().map(|s| i64::from(s.get())), Some(last));
    let size = reopened.store().stored_size(&response).expect("size");
    assert!(
        size.tail_changes < COMPACT_AFTER_CHANGES as u64,
        "tail was compacted"
    );
}

#[test]
fn photo_blobs_are_stored_by_hash_and_queued_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (profile, _) = new_profile(dir.path());
    let hash = profile
        .store_photo_blob(b"shared jpeg bytes", "image/jpeg")
        .expect("stored");
    assert_eq!(hash, BlobHash::of(b"shared jpeg bytes"));
    profile
        .store_photo_blob(b"shared jpeg bytes", "image/jpeg")
        .expect("same again");
    let pending = profile.pending_uploads().expect("queue");
    assert_eq!(pending.len(), 1);
    assert_eq!((pending[0].size, pending[0].sent), (17, 0));
    assert_eq!(
        profile.blobs().get(&hash).expect("read"),
        b"shared jpeg bytes"
    );
}

fn session(role: Role, audit_id: &DocumentId, response_doc: Option<DocumentId>) -> Session {
    Session {
        server: "http://127.0.0.1:1".into(),
        token: "t".into(),
        role,
        audit_id: audit_id.clone(),
        participant_id: "p1".into(),
        response_doc,
        read_only_audits: Vec::new(),
    }
}

fn stop() -> PlannedStop {
    PlannedStop {
        name_of_area: "Centre".into(),
        specific_location: "Library".into(),
        position: None,
        order: 1,
    }
}

#[test]
fn a_participant_session_edits_only_its_own_response_and_never_the_audit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut profile, mine) = new_profile(dir.path());
    let audit = profile.audit_ids()[0].clone();
    let joining = NewParticipant {
        display_name: "Wren".into(),
        group: "other".into(),
        gender: None,
        accept_photo_terms: true,
        share_photo_locations: true,
    };
    let theirs = profile.join(&audit, &joining).expect("second response");
    profile
        .set_session(&session(Role::Participant, &audit, Some(mine.clone())))
        .expect("session");
    let score = AnswerInput::score(4).expect("score");
    profile
        .answer(&mine, "vision.1", &score)
        .expect("own answer");
    let before = profile.response(&theirs).expect("read");
    let refused = profile.answer(&theirs, "vision.1", &score);
    assert!(matches!(refused, Err(ProfileError::NotAllowed(_))));
    assert_eq!(profile.response(&theirs).expect("read"), before);
    let stops_before = profile.audit(&audit).expect("audit").clone();
    assert!(matches!(
        profile.plan_stop(&audit, &stop()),
        Err(ProfileError::NotAllowed(_))
    ));
    assert_eq!(profile.audit(&audit).expect("audit"), &stops_before);

    // The rule survives reopening: the session is read back from the store.
    drop(profile);
    let mut reopened = Profile::open(&dir.path().join("p.sqlite")).expect("reopen");
    assert!(matches!(
        reopened.answer(&theirs, "vision.1", &score),
        Err(ProfileError::NotAllowed(_))
    ));
}

#[test]
fn a_facilitator_session_edits_the_audit_but_no_response() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut profile, response) = new_profile(dir.path());
    let audit = profile.audit_ids()[0].clone();
    profile
        .set_session(&session(Role::Facilitator, &audit, None))
        .expect("session");
    profile
        .plan_stop(&audit, &stop())
        .expect("facilitator plans a stop");
    let score = AnswerInput::score(2).expect("score");
    assert!(matches!(
        profile.answer(&response, "vision.1", &score),
        Err(ProfileError::NotAllowed(_))
    ));
}
