//! Profile behaviour on a real SQLite file: edits survive reopening,
//! refused edits leave nothing behind, photos are stored and queued.

use super::*;
use crate::model::{AnswerValue, TemplateChoice};

fn new_profile(dir: &std::path::Path) -> (Profile, DocumentId) {
    let mut profile = Profile::open(&dir.join("p.sqlite")).expect("open");
    let audit = profile
        .create_audit(&NewAudit {
            title: "Walk".into(),
            city: "Sofia".into(),
            starts_on: String::new(),
            ends_on: String::new(),
            meeting_point: String::new(),
            templates: TemplateChoice {
                checklist: true,
                photovoice: true,
            },
        })
        .expect("audit");
    let response = profile
        .join(
            &audit,
            &NewParticipant {
                display_name: "Lark".into(),
                group: "other".into(),
                gender: None,
                accept_photo_terms: true,
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
