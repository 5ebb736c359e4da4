//! Multi-device scenarios against the real sync server binary: an offline
//! walk synced in random order, one person on two devices, and a
//! facilitator holding more documents than one batch may carry.

use anyhow::{Context, Result};
use automerge::ReadDoc;
use rand::seq::SliceRandom;
use reqwest::blocking::Client;
use reqwest::StatusCode;
use std::collections::BTreeMap;

use cityaudit_core::ids::BlobHash;
use cityaudit_core::model::{AnswerInput, StopVisitInput};
use cityaudit_core::sync::client::SyncError;
use cityaudit_core::sync::protocol::MAX_BATCH_DOCUMENTS;
use cityaudit_tests::device::{fixture, Phone};
use cityaudit_tests::server::{create_audit, create_facilitator, participant_invite, Server};

const PHOTOS: [&str; 3] = ["Canon_40D.jpg", "DSCN0010.jpg", "DSCN0021.jpg"];

#[test]
fn an_offline_walk_reaches_the_facilitator_whole() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let data = dir.path().join("data");
    let server = Server::start(&data)?;
    let url = server.url.clone();
    let address = server.address().to_owned();
    let http = Client::new();
    let facilitator_token = create_facilitator(&data, "Ana")?;
    let audit = create_audit(&http, &url, &facilitator_token, "Walk")?;
    let code = participant_invite(&data, &audit, 10)?;
    let mut phones = Vec::new();
    for name in ["Falcon", "Heron", "Lark"] {
        let db = dir.path().join(format!("{name}.sqlite"));
        phones.push((name, Phone::join(&url, &code, name, &db)?));
    }
    assert!(server.terminate()?, "clean stop");

    // Field work with no server: scores, stop visits with per-stop scores, photos.
    let mut photos: BTreeMap<BlobHash, Vec<u8>> = BTreeMap::new();
    for (n, (name, phone)) in phones.iter_mut().enumerate() {
        let response = phone.response_id()?;
        for item in 1..=8 {
            let score = AnswerInput::score((item + n as i64) % 5 + 1)?;
            phone
                .profile
                .answer(&response, &format!("vision.{item}"), &score)?;
        }
        phone.profile.answer(
            &response,
            "attitudes.1",
            &AnswerInput {
                value: Some(cityaudit_core::model::AnswerValue::DontKnow),
                comment: Some(format!("{name} was not sure")),
            },
        )?;
        let stop = phone.profile.visit_stop(
            &response,
            &StopVisitInput {
                planned_stop: None,
                name_of_area: "Centre".into(),
                specific_location: format!("Library seen by {name}"),
                visited_at: 1_777_000_000_000,
                utc_offset_min: 120,
                location: None,
            },
        )?;
        phone.profile.answer_at_stop(
            &response,
            &stop,
            "environment.1",
            &AnswerInput::score(n as i64 + 2)?,
        )?;
        let bytes = fixture(PHOTOS[n])?;
        let hash = phone.add_photo(&bytes, name, Some(stop))?;
        photos.insert(hash, bytes);
        let offline = phone.client.sync_once(&mut phone.profile);
        assert!(matches!(offline, Err(SyncError::Offline(_))), "{offline:?}");
        assert!(phone.profile.last_sync_error()?.is_some());
    }

    // The server comes back on the same address; devices sync in random order.
    let server = Server::start_on(&data, &address)?;
    phones.shuffle(&mut rand::rng());
    for (_, phone) in &mut phones {
        let report = phone.sync()?;
        assert_eq!(report.blobs_uploaded, 1);
        assert!(report.round_trips <= 2, "{report:?}");
        assert_eq!(phone.profile.pending_changes(&url)?, 0);
        assert!(phone.profile.pending_uploads()?.is_empty());
        assert!(phone.profile.last_sync_error()?.is_none());
    }

    // The facilitator sees exactly every answer and photo.
    let mut facilitator = Phone::facilitator(
        &url,
        &facilitator_token,
        &audit,
        &dir.path().join("f.sqlite"),
    )?;
    facilitator.sync()?;
    let expected: Vec<_> = phones
        .iter()
        .map(|(_, p)| p.response_id())
        .collect::<Result<_>>()?;
    let mut held = facilitator.profile.response_ids();
    let mut wanted = expected.clone();
    held.sort();
    wanted.sort();
    assert_eq!(held, wanted, "exactly the three responses");
    for (_, phone) in &phones {
        let id = phone.response_id()?;
        assert_eq!(
            facilitator.profile.response(&id)?,
            phone.profile.response(&id)?
        );
    }
    for (hash, bytes) in &photos {
        let got = http
            .get(format!("{url}/v1/blobs/{hash}"))
            .bearer_auth(&facilitator_token)
            .send()?;
        assert_eq!(got.status(), StatusCode::OK);
        let got = got.bytes()?;
        assert_eq!(got.as_ref(), bytes.as_slice());
        assert_eq!(&BlobHash::of(&got), hash);
    }

    // Reopened, the facilitator's device syncs without loading the responses
    // that did not change, and still receives the one that did.
    let session = facilitator.session.clone();
    drop(facilitator);
    let mut facilitator = Phone::with_session(session, &dir.path().join("f.sqlite"))?;
    facilitator.sync()?;
    assert_eq!(facilitator.profile.loaded_response_count(), 0);
    let (_, phone) = &mut phones[0];
    let changed = phone.response_id()?;
    phone
        .profile
        .answer(&changed, "vision.1", &AnswerInput::score(5)?)?;
    phone.sync()?;
    facilitator.sync()?;
    assert_eq!(facilitator.profile.loaded_response_count(), 1);
    assert_eq!(
        facilitator.profile.response(&changed)?,
        phone.profile.response(&changed)?
    );
    drop(server);
    Ok(())
}

#[test]
fn one_person_on_two_devices_merges_both_edits() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let data = dir.path().join("data");
    let server = Server::start(&data)?;
    let url = server.url.clone();
    let http = Client::new();
    let facilitator_token = create_facilitator(&data, "Ana")?;
    let audit = create_audit(&http, &url, &facilitator_token, "Walk")?;
    let code = participant_invite(&data, &audit, 1)?;
    let mut phone = Phone::join(&url, &code, "Falcon", &dir.path().join("phone.sqlite"))?;
    let response = phone.response_id()?;
    phone
        .profile
        .answer(&response, "vision.1", &AnswerInput::score(1)?)?;
    phone.sync().context("phone first")?;
    let mut tablet = Phone::with_session(phone.session.clone(), &dir.path().join("tablet.sqlite"))?;
    tablet.sync().context("tablet first")?;
    assert_eq!(
        tablet.profile.response(&response)?,
        phone.profile.response(&response)?
    );

    // Both edit the same item (and one item each) while offline.
    let mut with_comment = AnswerInput::score(2)?;
    with_comment.comment = Some("phone".into());
    phone.profile.answer(&response, "vision.1", &with_comment)?;
    phone
        .profile
        .answer(&response, "vision.2", &AnswerInput::score(3)?)?;
    tablet
        .profile
        .answer(&response, "vision.1", &AnswerInput::score(5)?)?;
    tablet
        .profile
        .answer(&response, "vision.3", &AnswerInput::score(4)?)?;

    phone.sync().context("phone second")?;
    tablet.sync().context("tablet second")?;
    phone.sync().context("phone third")?;
    let merged = phone.profile.response(&response)?;
    assert_eq!(
        merged,
        tablet.profile.response(&response)?,
        "both devices agree"
    );
    let answers: BTreeMap<_, _> = merged.answers().collect();
    assert!(
        answers.contains_key(&"vision.2".to_owned()),
        "phone's own edit kept"
    );
    assert!(
        answers.contains_key(&"vision.3".to_owned()),
        "tablet's own edit kept"
    );

    // The concurrent score: one value wins by the CRDT rules, the other is
    // kept as a conflict in the document, not silently dropped.
    let doc = phone.profile.store().load_document(&response)?.0;
    let (_, answers_obj) = doc
        .get(automerge::ROOT, "answers")?
        .context("answers map")?;
    let (_, item) = doc.get(&answers_obj, "vision.1")?.context("vision.1")?;
    let (_, value) = doc.get(&item, "value")?.context("value")?;
    let conflicts = doc.get_all(&item, "value")?;
    let scores: Vec<String> = conflicts.iter().map(|(v, _)| format!("{v:?}")).collect();
    assert!(
        conflicts.len() == 2 || doc.get_all(&value, "score").map(|c| c.len()).unwrap_or(0) == 2,
        "both concurrent scores are in the document: {scores:?}"
    );
    drop(server);
    Ok(())
}

#[test]
fn a_facilitator_with_more_documents_than_a_batch_syncs() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let data = dir.path().join("data");
    let server = Server::start(&data)?;
    let url = server.url.clone();
    let http = Client::new();
    let token = create_facilitator(&data, "Ana")?;
    let mut audits = Vec::new();
    for n in 0..=MAX_BATCH_DOCUMENTS {
        audits.push(create_audit(&http, &url, &token, &format!("Walk {n}"))?);
    }
    let mut facilitator =
        Phone::facilitator(&url, &token, &audits[0], &dir.path().join("f.sqlite"))?;
    facilitator.sync()?;
    assert_eq!(
        facilitator.profile.audit_ids().len(),
        MAX_BATCH_DOCUMENTS + 1
    );
    // A later sync of 501 documents splits into partial batches and settles.
    let stop = cityaudit_core::model::PlannedStop {
        name_of_area: "Centre".into(),
        specific_location: "Library".into(),
        position: None,
        order: 1,
    };
    let last = audits[MAX_BATCH_DOCUMENTS].clone();
    facilitator.profile.plan_stop(&last, &stop)?;
    let report = facilitator.sync()?;
    assert!(report.round_trips >= 2, "{report:?}");
    assert_eq!(facilitator.profile.pending_changes(&url)?, 0);
    let mut other = Phone::facilitator(&url, &token, &audits[0], &dir.path().join("g.sqlite"))?;
    other.sync()?;
    assert_eq!(
        other.profile.audit(&last)?,
        facilitator.profile.audit(&last)?
    );
    drop(server);
    Ok(())
}
