//! Walk tracks on a real SQLite profile: consent in the document, recording
//! on/off on the device, positions kept by the rules, a GPX replay, and a
//! document written before consent existed.

use automerge::transaction::Transactable;
use automerge::ReadDoc;

use super::*;
use crate::model::{NewAudit, NewParticipant, TemplateChoice};
use crate::tracks::gpx::parse_gpx;
use crate::tracks::Fix;

const WALK: &str = include_str!("../../../tests/fixtures/map/demo-walk.gpx");

fn new_profile(dir: &std::path::Path) -> (Profile, DocumentId) {
    let mut profile = Profile::open(&dir.join("p.sqlite")).expect("open");
    let choice = TemplateChoice {
        checklist: true,
        photovoice: false,
        benchmark: false,
    };
    let audit = profile
        .create_audit(&NewAudit::undated("Walk", "Sofia", choice))
        .expect("audit");
    let joining = NewParticipant {
        display_name: "Lark".into(),
        group: "other".into(),
        gender: None,
        accept_photo_terms: false,
        share_photo_locations: false,
    };
    let response = profile.join(&audit, &joining).expect("join");
    (profile, response)
}

fn fix(lat: f64, at: i64) -> Fix {
    Fix {
        lat,
        lon: 23.32,
        accuracy_m: Some(8.0),
        at,
    }
}

#[test]
fn without_consent_nothing_is_recorded_and_recording_cannot_start() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut profile, response) = new_profile(dir.path());
    let state = profile.tracking_state(&response).expect("state");
    assert!(!state.consent && !state.recording && state.points == 0);
    let refused = profile.set_tracking(&response, true).unwrap_err();
    assert!(matches!(
        refused,
        ProfileError::Invalid(ref e) if matches!(**e, ModelError::TrackConsentMissing)
    ));
    let (kept, _) = profile
        .record_position(&response, &fix(42.69, 0))
        .expect("offered");
    assert!(!kept);
    let replayed = profile
        .replay_track(&response, &parse_gpx(WALK).expect("gpx"))
        .expect("replay");
    assert_eq!(replayed.points, 0);
    assert_eq!(
        profile.response(&response).expect("read").track().count(),
        0
    );
}

#[test]
fn with_consent_and_recording_on_positions_are_kept_by_the_rules_and_survive_reopening() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut profile, response) = new_profile(dir.path());
    profile.set_track_consent(&response, true).expect("consent");
    // Consent alone does not record: recording is off until turned on.
    assert!(
        !profile
            .record_position(&response, &fix(42.69, 0))
            .expect("offer")
            .0
    );
    profile.set_tracking(&response, true).expect("on");
    assert!(
        profile
            .record_position(&response, &fix(42.69, 0))
            .expect("offer")
            .0
    );
    assert!(
        !profile
            .record_position(&response, &fix(42.6901, 20_000))
            .expect("near")
            .0
    );
    assert!(
        !profile
            .record_position(&response, &fix(42.70, 3_000))
            .expect("soon")
            .0
    );
    let (kept, state) = profile
        .record_position(&response, &fix(42.70, 20_000))
        .expect("offer");
    assert!(kept);
    assert_eq!(state.points, 2);
    assert_eq!(state.last_at.as_deref(), Some("1970-01-01T00:00:20Z"));
    drop(profile);

    let mut profile = Profile::open(&dir.path().join("p.sqlite")).expect("reopen");
    let state = profile.tracking_state(&response).expect("state");
    assert!(state.consent && state.recording, "{state:?}");
    assert_eq!(state.points, 2);
    // Pausing keeps the consent and stops recording.
    profile.set_tracking(&response, false).expect("pause");
    assert!(
        !profile
            .record_position(&response, &fix(42.8, 90_000))
            .expect("paused")
            .0
    );
    // Withdrawing consent also stops recording, and is in the document.
    profile.set_tracking(&response, true).expect("on");
    let state = profile
        .set_track_consent(&response, false)
        .expect("withdraw");
    assert!(!state.consent && !state.recording);
    let participant = profile
        .response(&response)
        .expect("read")
        .participant()
        .cloned();
    assert_eq!(
        participant.and_then(|p| p.track_consent).map(|c| c.given),
        Some(false)
    );
}

#[test]
fn a_replayed_walk_keeps_the_rules_points_at_the_files_times() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut profile, response) = new_profile(dir.path());
    profile.set_track_consent(&response, true).expect("consent");
    profile.set_tracking(&response, true).expect("on");
    let fixes = parse_gpx(WALK).expect("gpx");
    let state = profile.replay_track(&response, &fixes).expect("replay");
    let track: Vec<_> = profile
        .response(&response)
        .expect("read")
        .track()
        .copied()
        .collect();
    assert_eq!(track.len(), state.points);
    assert!(
        track.len() > 20 && track.len() < fixes.len(),
        "{}",
        track.len()
    );
    assert_eq!(track[0].at, fixes[0].at);
    assert!(track.windows(2).all(|p| p[1].at - p[0].at >= 10_000));
    // Replaying the same file again adds nothing: every point is too soon.
    let again = profile.replay_track(&response, &fixes).expect("again");
    assert_eq!(again.points, state.points);
}

#[test]
fn a_document_without_track_consent_reads_as_never_asked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut profile, response) = new_profile(dir.path());
    // As another implementation would write it: no `track_consent` key.
    let open = profile.responses.get_mut(&response).expect("open");
    let loaded = open.get_mut(&profile.store, &response).expect("loaded");
    let doc = loaded.doc.automerge();
    let participant = match doc.get(automerge::ROOT, "participant").expect("get") {
        Some((_, id)) => id,
        None => panic!("no participant"),
    };
    doc.delete(&participant, "track_consent").expect("delete");
    let read = loaded.doc.read().expect("read");
    let p = read.participant().expect("participant is readable");
    assert_eq!(p.track_consent, None);
    assert!(p.shares_track() && !p.records_track());
}
