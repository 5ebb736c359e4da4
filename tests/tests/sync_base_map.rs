//! Offline base maps through the real sync server: a facilitator attaches
//! the fixture package (tests/fixtures/map/demo-area.pmtiles); a
//! participant's device receives it at sync and reads it by range; a
//! participant of another audit may not fetch it; a file that is not a
//! map package, or an upload too large, is refused with a clear error and
//! nothing is lost; the report's map draws the base map when there is one.

use std::path::Path;

use anyhow::{ensure, Context, Result};
use reqwest::blocking::Client;
use reqwest::header::CONTENT_RANGE;
use reqwest::StatusCode;

use cityaudit_core::basemap::{TileType, MAX_BASE_MAP_BYTES};
use cityaudit_core::commands::basemap::{attach_base_map, AttachBaseMapCommand};
use cityaudit_core::commands::PickedFile;
use cityaudit_core::export::ExportFormat;
use cityaudit_core::ids::{BlobHash, DocumentId};
use cityaudit_core::model::{Location, LocationSource, PlannedStop};
use cityaudit_core::sync::protocol::{ErrorBody, MAX_BLOB_SIZE};
use cityaudit_core::views::facilitator::export_to_dir;
use cityaudit_tests::device::Phone;
use cityaudit_tests::server::{create_audit, create_facilitator, participant_invite, Server};

fn package() -> Result<Vec<u8>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/map/demo-area.pmtiles");
    std::fs::read(&path).with_context(|| format!("{}", path.display()))
}

fn attach(
    phone: &mut Phone,
    name: &str,
    bytes: &[u8],
) -> Result<cityaudit_core::basemap::BaseMapInfo, cityaudit_core::commands::CommandError> {
    let request = AttachBaseMapCommand {
        file: PickedFile {
            path: None,
            data_base64: None,
            file_name: name.into(),
        },
        name: String::new(),
    };
    attach_base_map(&mut phone.profile, request, Some(bytes))
}

fn get_blob(
    http: &Client,
    url: &str,
    token: &str,
    hash: &BlobHash,
    range: Option<(u64, u64)>,
) -> Result<(StatusCode, Vec<u8>)> {
    let mut address = format!("{url}/v1/blobs/{}", hash.as_str());
    if let Some((offset, length)) = range {
        address.push_str(&format!("?offset={offset}&length={length}"));
    }
    let response = http.get(address).bearer_auth(token).send()?;
    Ok((response.status(), response.bytes()?.to_vec()))
}

#[test]
fn a_base_map_reaches_the_audit_s_members_and_nobody_else() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(&dir.path().join("server"))?;
    let http = Client::new();
    let lead = create_facilitator(&server.data, "Lead")?;
    let audit = create_audit(&http, &server.url, &lead, "Walk with a map")?;
    let mut facilitator =
        Phone::facilitator(&server.url, &lead, &audit, &dir.path().join("f.sqlite"))?;
    facilitator.sync()?;

    let bytes = package()?;
    let info = attach(&mut facilitator, "Centre.pmtiles", &bytes)?;
    assert_eq!(info.name, "Centre.pmtiles");
    assert_eq!(info.tile_type, TileType::Mvt);
    assert_eq!((info.min_zoom, info.max_zoom), (12, 15));
    assert_eq!(info.bytes, bytes.len() as u64);
    assert!(info.available);
    let report = facilitator.sync()?;
    assert_eq!(report.blobs_uploaded, 1);
    let hash = BlobHash::parse(&info.hash)?;

    // A participant's device (a desktop profile) receives it at sync.
    let code = participant_invite(&server.data, &audit, 5)?;
    let mut walker = Phone::join(&server.url, &code, "Heron", &dir.path().join("p.sqlite"))?;
    let before = walker.profile.base_map_info(&audit)?;
    assert!(before.is_none() || !before.as_ref().is_some_and(|i| i.available));
    let report = walker.sync()?;
    assert_eq!(report.blobs_downloaded, 1);
    let received = walker
        .profile
        .base_map_info(&audit)?
        .context("base map info")?;
    assert!(received.available);
    assert_eq!(received.hash, info.hash);
    let mut read = Vec::new();
    while (read.len() as u64) < received.bytes {
        let length = (received.bytes - read.len() as u64).min(4096);
        read.extend(
            walker
                .profile
                .base_map_range(&audit, read.len() as u64, length)?,
        );
    }
    assert_eq!(read, bytes, "the ranges read back the package");
    let past = walker
        .profile
        .base_map_range(&audit, received.bytes - 10, 20);
    assert!(past.is_err(), "a range past the end is refused");

    // The server serves members by range, and refuses an outsider.
    let (status, part) = get_blob(
        &http,
        &server.url,
        &walker.session.token,
        &hash,
        Some((7, 100)),
    )?;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(part, bytes[7..107]);
    let other_lead = create_facilitator(&server.data, "Other")?;
    let other = create_audit(&http, &server.url, &other_lead, "Another walk")?;
    let other_code = participant_invite(&server.data, &other, 5)?;
    let outsider = Phone::join(
        &server.url,
        &other_code,
        "Kite",
        &dir.path().join("o.sqlite"),
    )?;
    for range in [None, Some((0, 100))] {
        let (status, body) = get_blob(&http, &server.url, &outsider.session.token, &hash, range)?;
        assert_eq!(status, StatusCode::FORBIDDEN, "{range:?}");
        let error: ErrorBody = serde_json::from_slice(&body)?;
        assert_eq!(error.error, "forbidden");
    }
    Ok(())
}

#[test]
fn a_file_that_is_no_map_package_or_too_large_is_refused_and_nothing_is_lost() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(&dir.path().join("server"))?;
    let http = Client::new();
    let lead = create_facilitator(&server.data, "Lead")?;
    let audit = create_audit(&http, &server.url, &lead, "Careful walk")?;
    let mut facilitator =
        Phone::facilitator(&server.url, &lead, &audit, &dir.path().join("f.sqlite"))?;
    facilitator.sync()?;
    let bytes = package()?;
    let info = attach(&mut facilitator, "Centre.pmtiles", &bytes)?;

    let error = attach(&mut facilitator, "notes.txt", b"not a map at all").expect_err("refused");
    assert_eq!(error.code, "base_map_invalid");
    assert!(error.message.contains("not a PMTiles"), "{}", error.message);
    let mut truncated = bytes.clone();
    truncated.truncate(bytes.len() / 2);
    let error = attach(&mut facilitator, "half.pmtiles", &truncated).expect_err("refused");
    assert_eq!(error.code, "base_map_invalid");
    assert!(error.message.contains("truncated"), "{}", error.message);
    let kept = facilitator.profile.base_map_info(&audit)?.context("kept")?;
    assert_eq!(
        kept.hash, info.hash,
        "the attached map is still the audit's"
    );
    assert_eq!(
        facilitator.profile.pending_uploads()?.len(),
        1,
        "only the real package is queued"
    );
    facilitator.sync()?;

    // The server refuses uploads beyond the limits, whoever sends them.
    let put = |token: &str, total: u64, first: &[u8]| -> Result<(StatusCode, String)> {
        let fake = BlobHash::of(format!("a large upload of {total}").as_bytes());
        let response = http
            .put(format!("{}/v1/blobs/{}", server.url, fake.as_str()))
            .bearer_auth(token)
            .header(
                CONTENT_RANGE,
                format!("bytes 0-{}/{total}", first.len() - 1),
            )
            .header("content-type", "application/octet-stream")
            .body(first.to_vec())
            .send()?;
        let status = response.status();
        Ok((status, response.text()?))
    };
    let (status, body) = put(&lead, MAX_BASE_MAP_BYTES + 1, &bytes[..1000])?;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    let (status, body) = put(&lead, MAX_BLOB_SIZE + 1, b"\xff\xd8\xff a huge jpeg")?;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    ensure!(body.contains("PMTiles"), "the refusal says why: {body}");
    let code = participant_invite(&server.data, &audit, 5)?;
    let walker = Phone::join(&server.url, &code, "Heron", &dir.path().join("p.sqlite"))?;
    let (status, body) = put(&walker.session.token, MAX_BLOB_SIZE + 1, &bytes[..1000])?;
    assert_eq!(
        status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "a participant uploads photos only: {body}"
    );
    let (status, _) = put(&lead, MAX_BLOB_SIZE + 1, &bytes[..1000])?;
    assert_eq!(
        status,
        StatusCode::OK,
        "a facilitator's package may be larger than a photo"
    );

    // Nothing was lost: the package still arrives whole.
    let mut walker = walker;
    walker.sync()?;
    assert!(
        walker
            .profile
            .base_map_info(&audit)?
            .context("info")?
            .available
    );
    Ok(())
}

fn plan_stops(phone: &mut Phone, audit: &DocumentId) -> Result<()> {
    for (order, name, lat, lon) in [
        (1, "Central Square", 42.6977, 23.3219),
        (2, "Station", 42.7020, 23.3340),
        (3, "Park", 42.6810, 23.3300),
    ] {
        let stop = PlannedStop {
            name_of_area: name.into(),
            specific_location: String::new(),
            position: Some(Location::new(lat, lon, LocationSource::Manual)?),
            order,
        };
        phone.profile.plan_stop(audit, &stop)?;
    }
    Ok(())
}

fn report_map(phone: &Phone, audit: &DocumentId, dir: &Path) -> Result<String> {
    let result = export_to_dir(&phone.profile, audit, ExportFormat::Html, dir, "en")?;
    let html = std::fs::read_to_string(&result.path)?;
    let start = html.find("class=\"map\"").context("the report has a map")?;
    let end = html[start..].find("</svg>").context("the map ends")? + start;
    Ok(html[start..end].to_owned())
}

#[test]
fn the_report_map_draws_the_base_map_when_the_audit_has_one() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(&dir.path().join("server"))?;
    let http = Client::new();
    let lead = create_facilitator(&server.data, "Lead")?;
    let audit = create_audit(&http, &server.url, &lead, "Mapped walk")?;
    let mut facilitator =
        Phone::facilitator(&server.url, &lead, &audit, &dir.path().join("f.sqlite"))?;
    facilitator.sync()?;
    plan_stops(&mut facilitator, &audit)?;

    let plain = report_map(&facilitator, &audit, &dir.path().join("plain"))?;
    assert!(!plain.contains("basemap-roads"), "no package, no roads");

    attach(&mut facilitator, "Centre.pmtiles", &package()?)?;
    let mapped = report_map(&facilitator, &audit, &dir.path().join("mapped"))?;
    for class in [
        "basemap-roads",
        "basemap-water",
        "basemap-buildings",
        "basemap-landuse",
    ] {
        assert!(mapped.contains(class), "{class} in the report's map");
    }
    assert!(
        mapped.contains("class=\"planned\""),
        "the stops are still drawn"
    );
    assert!(
        mapped.find("basemap").unwrap_or(usize::MAX)
            < mapped.find("class=\"planned\"").unwrap_or(0),
        "the base map lies underneath"
    );
    assert!(
        mapped.len() < 80_000,
        "a reasonable size: {} bytes",
        mapped.len()
    );
    Ok(())
}
