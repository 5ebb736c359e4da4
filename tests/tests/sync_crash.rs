//! The sync server killed with SIGKILL in the middle of a batch of syncs and
//! a photo upload: what it acknowledged survives, the devices complete on
//! retry, and the interrupted upload resumes from its offset.

use anyhow::{Context, Result};
use automerge::{ChangeHash, ReadDoc};
use reqwest::blocking::Client;
use reqwest::StatusCode;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use cityaudit_core::ids::BlobHash;
use cityaudit_core::model::AnswerInput;
use cityaudit_core::sync::protocol::{MissingBlobsResponse, MAX_BLOB_CHUNK};
use cityaudit_tests::device::{Phone, RawDevice};
use cityaudit_tests::server::{create_audit, create_facilitator, participant_invite, Server};

const ITEMS: [&str; 6] = [
    "vision.1",
    "vision.2",
    "participation.1",
    "participation.2",
    "attitudes.1",
    "attitudes.2",
];

/// Heads of a device's response document as stored on the device.
fn heads(phone: &Phone) -> Result<Vec<ChangeHash>> {
    let (mut doc, _) = phone.profile.store().load_document(&phone.response_id()?)?;
    Ok(doc.get_heads())
}

/// A large photo-sized blob, different per seed.
fn photo_bytes(seed: u32) -> Vec<u8> {
    let size = 2 * MAX_BLOB_CHUNK + 123_457;
    (0..size as u32)
        .map(|n| (n.wrapping_mul(2_654_435_761).wrapping_add(seed) >> 13) as u8)
        .collect()
}

#[test]
fn a_killed_server_keeps_what_it_acknowledged_and_uploads_resume() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let data = dir.path().join("data");
    let server = Server::start(&data)?;
    let url = server.url.clone();
    let address = server.address().to_owned();
    let http = Client::new();
    let facilitator_token = create_facilitator(&data, "Ana")?;
    let audit = create_audit(&http, &url, &facilitator_token, "Walk")?;
    let code = participant_invite(&data, &audit, 10)?;

    // The uploader holds a three-chunk photo; the others keep scoring and syncing.
    let mut uploader = Phone::join(&url, &code, "Falcon", &dir.path().join("up.sqlite"))?;
    let photo = photo_bytes(1);
    let hash = uploader.add_photo(&photo, "Square", None)?;
    let mut syncers = Vec::new();
    for n in 0..3 {
        let db = dir.path().join(format!("s{n}.sqlite"));
        syncers.push(Phone::join(&url, &code, &format!("Syncer {n}"), &db)?);
    }

    let (first_chunk_tx, first_chunk_rx) = mpsc::channel::<u64>();
    let (killed_tx, killed_rx) = mpsc::channel::<()>();
    let upload = thread::spawn(move || -> Result<(Phone, u64)> {
        uploader.client.sync_documents(&mut uploader.profile)?;
        let mut acknowledged = 0;
        let mut signalled = false;
        let outcome = uploader
            .client
            .upload_blobs(&uploader.profile, |_, sent, _| {
                acknowledged = sent;
                if !signalled {
                    signalled = true;
                    let _ = first_chunk_tx.send(sent);
                    // Hold the upload here until the server has been killed.
                    let _ = killed_rx.recv_timeout(Duration::from_secs(30));
                }
            });
        assert!(outcome.is_err(), "the upload was interrupted: {outcome:?}");
        Ok((uploader, acknowledged))
    });
    let mut workers = Vec::new();
    for (n, mut phone) in syncers.into_iter().enumerate() {
        workers.push(thread::spawn(
            move || -> Result<(Phone, Vec<ChangeHash>)> {
                let response = phone.response_id()?;
                let mut acknowledged = Vec::new();
                for round in 0..500_i64 {
                    let item = ITEMS[(round as usize + n) % ITEMS.len()];
                    phone
                        .profile
                        .answer(&response, item, &AnswerInput::score(round % 5 + 1)?)?;
                    match phone.client.sync_documents(&mut phone.profile) {
                        Ok(_) => acknowledged = heads(&phone)?,
                        Err(_) => break,
                    }
                }
                Ok((phone, acknowledged))
            },
        ));
    }

    let first = first_chunk_rx.recv_timeout(Duration::from_secs(60))?;
    assert_eq!(first, MAX_BLOB_CHUNK as u64, "one chunk acknowledged");
    thread::sleep(Duration::from_millis(150));
    server.kill()?;
    killed_tx.send(())?;
    let (mut uploader, uploaded_before) = upload.join().expect("upload thread")?;
    let mut phones = Vec::new();
    for worker in workers {
        let (phone, acknowledged) = worker.join().expect("sync thread")?;
        assert!(
            !acknowledged.is_empty(),
            "each device saw syncs acknowledged"
        );
        phones.push((phone, acknowledged));
    }

    // Restarted on the same data: every acknowledged change is there.
    let server = Server::start_on(&data, &address)?;
    let mut facilitator = RawDevice::new(&facilitator_token);
    facilitator.sync(&http, &url)?;
    for (phone, acknowledged) in &phones {
        let doc = facilitator
            .docs
            .get(&phone.response_id()?)
            .context("response on the server")?;
        for head in acknowledged {
            assert!(
                doc.get_change_by_hash(head).is_some(),
                "acknowledged change {head} survived"
            );
        }
    }

    // The upload resumes where the server's bytes end, not at zero.
    let missing: MissingBlobsResponse = http
        .post(format!("{url}/v1/blobs/missing"))
        .bearer_auth(&uploader.session.token)
        .json(&serde_json::json!({ "hashes": [hash.as_str()] }))
        .send()?
        .json()?;
    let resume_at = missing.missing.first().context("still missing")?.offset;
    assert!(
        resume_at >= uploaded_before && resume_at > 0,
        "{resume_at} >= {uploaded_before}"
    );
    let mut first_progress = None;
    let done = uploader
        .client
        .upload_blobs(&uploader.profile, |_, sent, _| {
            first_progress.get_or_insert(sent);
        })?;
    assert_eq!(done, 1);
    let expected_first = (resume_at + MAX_BLOB_CHUNK as u64).min(photo.len() as u64);
    assert_eq!(
        first_progress,
        Some(expected_first),
        "resumed from {resume_at}"
    );

    // Every device completes on retry; the facilitator gets it all.
    uploader.sync()?;
    for (phone, _) in &mut phones {
        phone.sync()?;
    }
    let mut fresh = RawDevice::new(&facilitator_token);
    fresh.sync(&http, &url)?;
    for phone in phones.iter().map(|(p, _)| p).chain([&uploader]) {
        let doc = fresh
            .docs
            .get_mut(&phone.response_id()?)
            .context("response")?;
        assert_eq!(doc.get_heads(), heads(phone)?);
    }
    let downloaded = http
        .get(format!("{url}/v1/blobs/{hash}"))
        .bearer_auth(&facilitator_token)
        .send()?;
    assert_eq!(downloaded.status(), StatusCode::OK);
    let bytes = downloaded.bytes()?;
    assert_eq!(BlobHash::of(&bytes), hash);
    assert_eq!(bytes.len(), photo.len());
    drop(server);
    Ok(())
}
