//! A facilitator's device downloads the participants' photos against the
//! real server binary: every blob byte-equal with a thumbnail, a photo whose
//! upload is not finished waited for, a copy damaged on the server's disk
//! refused (never stored) with a clear error and fetched again once sound,
//! and participants never download another person's photos.

use anyhow::{ensure, Context, Result};
use reqwest::blocking::Client;
use std::path::Path;

use cityaudit_core::ids::BlobHash;
use cityaudit_core::sync::client::SyncError;
use cityaudit_core::sync::download::blobs_to_download;
use cityaudit_core::views::SyncActivity;
use cityaudit_tests::device::{fixture, Phone};
use cityaudit_tests::server::{create_audit, create_facilitator, participant_invite, Server};

/// A server with an audit, a facilitator token and a participant invite.
struct Setup {
    server: Server,
    token: String,
    audit: cityaudit_core::ids::DocumentId,
    code: String,
}

fn setup(dir: &Path) -> Result<Setup> {
    let data = dir.join("data");
    let server = Server::start(&data)?;
    let token = create_facilitator(&data, "Ana")?;
    let audit = create_audit(&Client::new(), &server.url, &token, "Photo walk")?;
    let code = participant_invite(&data, &audit, 10)?;
    Ok(Setup {
        server,
        token,
        audit,
        code,
    })
}

/// True when `bytes` is a JPEG of at most 320 px on its longest side.
fn is_small_jpeg(bytes: &[u8]) -> bool {
    let Ok(size) = imagesize(bytes) else {
        return false;
    };
    bytes.starts_with(&[0xFF, 0xD8]) && size.0.max(size.1) <= 320 && size.0.min(size.1) > 0
}

/// Width and height from a baseline or progressive JPEG's SOF segment.
fn imagesize(bytes: &[u8]) -> Result<(u16, u16)> {
    let mut at = 2;
    while at + 9 < bytes.len() {
        ensure!(bytes[at] == 0xFF, "JPEG marker expected at {at}");
        let kind = bytes[at + 1];
        let length = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
        if matches!(kind, 0xC0..=0xC3) {
            let height = u16::from_be_bytes([bytes[at + 5], bytes[at + 6]]);
            let width = u16::from_be_bytes([bytes[at + 7], bytes[at + 8]]);
            return Ok((width, height));
        }
        at += 2 + length;
    }
    anyhow::bail!("no frame header")
}

#[test]
fn facilitator_downloads_both_photos_byte_equal_with_thumbnails() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let s = setup(dir.path())?;
    let mut walker = Phone::join(
        &s.server.url,
        &s.code,
        "Falcon",
        &dir.path().join("p.sqlite"),
    )?;
    let first = fixture("DSCN0010.jpg")?;
    let second = fixture("img_1771_no_exif.jpg")?;
    let hash_a = walker.add_photo(&first, "Square", None)?;
    let hash_b = walker.add_photo(&second, "Library", None)?;
    // The documents arrive before the photos: the facilitator waits for them.
    walker.client.sync_documents(&mut walker.profile)?;

    let mut lead = Phone::facilitator(
        &s.server.url,
        &s.token,
        &s.audit,
        &dir.path().join("f.sqlite"),
    )?;
    let report = lead.sync().context("facilitator sync before the upload")?;
    assert_eq!(report.blobs_downloaded, 0, "nothing uploaded yet");
    let waiting = lead.profile.sync_status_view(SyncActivity::default())?;
    assert_eq!(
        waiting.pending_downloads, 2,
        "two photos wait for their upload"
    );
    assert_eq!(
        waiting.last_error, None,
        "a photo not uploaded yet is no error"
    );

    walker.sync().context("participant uploads")?;
    let report = lead.sync().context("facilitator sync after the upload")?;
    assert_eq!(report.blobs_downloaded, 2);
    let blobs = lead.profile.blobs();
    for (hash, original) in [(&hash_a, &first), (&hash_b, &second)] {
        let stored = blobs.get(hash)?;
        ensure!(
            &stored == original,
            "the facilitator's copy of {hash} is byte-equal"
        );
        let thumbnail = std::fs::read(lead.profile.thumbnail_path(hash))
            .with_context(|| format!("thumbnail of {hash}"))?;
        ensure!(
            is_small_jpeg(&thumbnail),
            "thumbnail of {hash} is a JPEG of at most 320 px"
        );
    }
    let status = lead.profile.sync_status_view(SyncActivity::default())?;
    assert_eq!(status.pending_downloads, 0);
    assert!(
        status.uploads.is_empty(),
        "downloads are never queued for upload"
    );
    assert_eq!(lead.profile.pending_uploads()?.len(), 0);

    // A second sync downloads nothing again.
    assert_eq!(lead.sync()?.blobs_downloaded, 0);

    // The participant's own photos are already there: it never downloads.
    let other = Phone::join(
        &s.server.url,
        &s.code,
        "Heron",
        &dir.path().join("o.sqlite"),
    )?;
    assert!(blobs_to_download(&other.profile)?.is_empty());
    assert!(blobs_to_download(&walker.profile)?.is_empty());
    Ok(())
}

#[test]
fn a_photo_damaged_on_the_server_is_refused_and_fetched_again_once_sound() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let s = setup(dir.path())?;
    let mut walker = Phone::join(
        &s.server.url,
        &s.code,
        "Falcon",
        &dir.path().join("p.sqlite"),
    )?;
    let sound = fixture("DSCN0021.jpg")?;
    let other = fixture("Canon_40D.jpg")?;
    let damaged_hash = walker.add_photo(&sound, "Bridge", None)?;
    let other_hash = walker.add_photo(&other, "Market", None)?;
    walker.sync()?;

    // One bit flipped in the server's copy.
    let on_disk = s.server.data.join("blobs").join(damaged_hash.as_str());
    let mut bytes = std::fs::read(&on_disk).context("the server keeps blobs in DATA/blobs")?;
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    std::fs::write(&on_disk, &bytes)?;

    let mut lead = Phone::facilitator(
        &s.server.url,
        &s.token,
        &s.audit,
        &dir.path().join("f.sqlite"),
    )?;
    let error = lead.sync().expect_err("a damaged photo is an error");
    ensure!(
        matches!(&error, SyncError::DamagedDownload(names) if names.len() == 1),
        "unexpected error {error:?}"
    );
    let words = error.to_string();
    ensure!(
        words.contains(&damaged_hash.as_str()[..12]) && words.contains("damaged"),
        "the error names the photo in plain words: {words}"
    );
    let blobs = lead.profile.blobs();
    ensure!(
        !blobs.folder().path(&damaged_hash).exists(),
        "the damaged copy is not stored"
    );
    ensure!(
        !lead.profile.thumbnail_path(&damaged_hash).exists(),
        "no thumbnail of a damaged copy"
    );
    let partials = std::fs::read_dir(
        blobs
            .folder()
            .path(&damaged_hash)
            .parent()
            .context("blob folder")?,
    )?
    .filter_map(|e| e.ok())
    .filter(|e| e.file_name().to_string_lossy().ends_with(".partial"))
    .count();
    assert_eq!(partials, 0, "no half-written blob left behind");
    assert_eq!(
        blobs.get(&other_hash)?,
        other,
        "the sound photo still arrived"
    );
    let status = lead.profile.sync_status_view(SyncActivity::default())?;
    assert_eq!(status.pending_downloads, 1);
    assert_eq!(status.last_error.as_deref(), Some(words.as_str()));

    // Once the server's copy is sound again, the next sync fetches it.
    std::fs::write(&on_disk, &sound)?;
    let report = lead.sync().context("sync after the repair")?;
    assert_eq!(report.blobs_downloaded, 1);
    assert_eq!(lead.profile.blobs().get(&damaged_hash)?, sound);
    assert_eq!(BlobHash::of(&sound), damaged_hash);
    let status = lead.profile.sync_status_view(SyncActivity::default())?;
    assert_eq!((status.pending_downloads, status.last_error), (0, None));
    Ok(())
}
