//! Photos received outside the app through the real sync server: the
//! facilitator who added one uploads its shared copy, a co-facilitator's
//! device downloads it and sees its credit, and participants, who read the
//! audit document, may not fetch the photo itself.

use anyhow::{Context, Result};
use reqwest::blocking::Client;
use reqwest::StatusCode;

use cityaudit_core::media::NewReceivedPhoto;
use cityaudit_core::views::facilitator::photos_for_review;
use cityaudit_tests::device::{fixture, Phone};
use cityaudit_tests::server::{create_audit, create_facilitator, participant_invite, Server};

#[test]
fn a_received_photo_reaches_co_facilitators_and_not_participants() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(&dir.path().join("server"))?;
    let http = Client::new();
    let lead = create_facilitator(&server.data, "Lead")?;
    let audit = create_audit(&http, &server.url, &lead, "Photos by e-mail")?;
    let mut a = Phone::facilitator(&server.url, &lead, &audit, &dir.path().join("a.sqlite"))?;
    a.sync()?;
    let code = participant_invite(&server.data, &audit, 5)?;
    let mut walker = Phone::join(&server.url, &code, "Heron", &dir.path().join("p.sqlite"))?;

    let received = NewReceivedPhoto {
        title: "Closed playground".into(),
        caption: "Sent by a neighbour".into(),
        theme: "improvement".into(),
        credit: "Amina K.".into(),
        received_via: "messaging".into(),
        consent: true,
        consent_note: "Agreed in a voice message on 4 May".into(),
        location: None,
        keep_photo_position: false,
    };
    let hash = a
        .profile
        .add_received_photo_file(&audit, &fixture("DSCN0010.jpg")?, &received)?;
    let report = a.sync()?;
    assert_eq!(report.blobs_uploaded, 1);
    assert!(a.profile.pending_uploads()?.is_empty());

    let mut b = Phone::co_facilitator(
        &server.data,
        &server.url,
        &audit,
        &dir.path().join("b.sqlite"),
    )?;
    let report = b.sync()?;
    assert_eq!(report.blobs_downloaded, 1);
    assert_eq!(b.profile.blobs().get(&hash)?, a.profile.blobs().get(&hash)?);
    let review = photos_for_review(&b.profile, &audit)?;
    let photo = review
        .iter()
        .find(|p| p.hash == hash.as_str())
        .context("the received photo in the co-facilitator's gallery")?;
    assert_eq!(photo.credit, "Amina K.");
    assert_eq!(photo.received_via.as_deref(), Some("messaging"));
    assert!(photo.uploaded);

    // The participant holds the audit document naming the hash, yet neither
    // downloads the photo nor may fetch it.
    let report = walker.sync()?;
    assert_eq!(report.blobs_downloaded, 0);
    assert_eq!(
        walker.profile.audit(&audit)?.received_photo_hashes(),
        vec![hash.clone()]
    );
    let asked = http
        .get(format!("{}/v1/blobs/{hash}", server.url))
        .bearer_auth(&walker.session.token)
        .send()?;
    assert_eq!(asked.status(), StatusCode::FORBIDDEN);
    let asked = http
        .get(format!("{}/v1/blobs/{hash}", server.url))
        .bearer_auth(&lead)
        .send()?;
    assert_eq!(asked.status(), StatusCode::OK);
    Ok(())
}
