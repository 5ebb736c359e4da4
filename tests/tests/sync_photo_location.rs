//! A photo's location is the participant's choice, end to end through the
//! real sync server: a shared photo carries its position (its own, or a pin
//! that replaces it) in the response document, the facilitator's copy, the
//! GeoJSON and the report map; a photo kept private carries none anywhere,
//! and no shared copy on the server holds a position.

use anyhow::{Context, Result};
use reqwest::blocking::Client;

use cityaudit_core::export::ExportFormat;
use cityaudit_core::media::{read_metadata, NewPhoto};
use cityaudit_core::model::{Location, LocationSource};
use cityaudit_core::views::facilitator::export_to_dir;
use cityaudit_tests::device::{fixture, Phone};
use cityaudit_tests::server::{create_audit, create_facilitator, participant_invite, Server};

/// The own positions of gps-2000-scaled.jpg (a pin replaces it) and
/// DSCN0021.jpg (kept private), as the GeoJSON would write them.
const UNSHARED_POSITIONS: [&str; 4] = ["-38.405195", "144.188958", "43.467082", "11.884538"];

#[test]
fn a_photo_location_goes_only_where_the_participant_chose() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(&dir.path().join("server"))?;
    let http = Client::new();
    let lead = create_facilitator(&server.data, "Lead")?;
    let audit = create_audit(&http, &server.url, &lead, "Where photos were taken")?;
    let mut facilitator =
        Phone::facilitator(&server.url, &lead, &audit, &dir.path().join("f.sqlite"))?;
    facilitator.sync()?;
    let code = participant_invite(&server.data, &audit, 5)?;
    let mut walker = Phone::join(&server.url, &code, "Heron", &dir.path().join("p.sqlite"))?;
    let response = walker.response_id()?;

    let pin = Location::new(42.6977, 23.3219, LocationSource::Manual)?;
    let photo = |title: &str, pin: Option<Location>, share: bool| NewPhoto {
        title: title.into(),
        caption: format!("{title}, on the walk"),
        theme: "improvement".into(),
        stop: None,
        fallback_location: pin,
        share_location: Some(share),
    };
    let shared = walker.profile.add_photo_file(
        &response,
        &fixture("DSCN0010.jpg")?,
        &photo("Shared square", None, true),
    )?;
    let pinned = walker.profile.add_photo_file(
        &response,
        &fixture("gps-2000-scaled.jpg")?,
        &photo("Pinned market", Some(pin), true),
    )?;
    let private = walker.profile.add_photo_file(
        &response,
        &fixture("DSCN0021.jpg")?,
        &photo("Private doorway", Some(pin), false),
    )?;
    assert_eq!(walker.sync()?.blobs_uploaded, 3);

    // The device's own document.
    let locations = |phone: &Phone| -> Result<Vec<(String, Option<Location>)>> {
        let data = phone.profile.response(&response)?;
        let mut found: Vec<_> = data
            .photos()
            .map(|(_, r)| (r.title.clone(), r.location))
            .collect();
        found.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(found)
    };
    let on_device = locations(&walker)?;
    let exif_square = on_device[2].1.context("the shared photo's position")?;
    assert_eq!(on_device[2].0, "Shared square");
    assert_eq!(exif_square.source, LocationSource::Exif);
    assert_eq!(on_device[0], ("Pinned market".into(), Some(pin)));
    assert_eq!(on_device[1], ("Private doorway".into(), None));

    // The facilitator's copy, through the server, is the same.
    facilitator.sync()?;
    assert_eq!(locations(&facilitator)?, on_device);

    // No shared copy on the server holds a position or any EXIF but orientation.
    for hash in [&shared, &pinned, &private] {
        let bytes = http
            .get(format!("{}/v1/blobs/{hash}", server.url))
            .bearer_auth(&lead)
            .send()?
            .error_for_status()?
            .bytes()?;
        assert!(read_metadata(&bytes).position.is_none(), "{hash}");
        assert!(!bytes.windows(4).any(|w| w == b"Exif"), "{hash}: EXIF");
    }

    // GeoJSON: the two shared photos, at their chosen positions; not the private one.
    let out = dir.path().join("exports");
    let map = export_to_dir(
        &facilitator.profile,
        &audit,
        ExportFormat::Geojson,
        &out,
        "en",
    )?;
    let text = std::fs::read_to_string(&map.path)?;
    let geojson: serde_json::Value = serde_json::from_str(&text)?;
    let photos: Vec<(&str, &serde_json::Value)> = geojson["features"]
        .as_array()
        .context("features")?
        .iter()
        .filter(|f| f["properties"]["kind"] == "photo")
        .filter_map(|f| Some((f["properties"]["title"].as_str()?, &f["geometry"])))
        .collect();
    let titles: Vec<&str> = photos.iter().map(|(t, _)| *t).collect();
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert!(titles.contains(&"Shared square") && titles.contains(&"Pinned market"));
    let pinned_geometry = photos
        .iter()
        .find(|(t, _)| *t == "Pinned market")
        .map(|(_, g)| g["coordinates"].clone())
        .context("the pinned photo")?;
    assert_eq!(pinned_geometry, serde_json::json!([23.3219, 42.6977]));
    // Neither the pinned photo's own position nor the private one's is anywhere.
    assert!(UNSHARED_POSITIONS.iter().all(|p| !text.contains(p)));

    // The report's map: the shared photos are drawn, the private one is not.
    for hash in [&shared, &pinned, &private] {
        facilitator
            .profile
            .mark_photo(&audit, hash.as_str(), true)?;
    }
    let report = export_to_dir(&facilitator.profile, &audit, ExportFormat::Html, &out, "en")?;
    let html = std::fs::read_to_string(&report.path)?;
    let svg_map = html
        .split("<svg")
        .find(|part| part.contains("class=\"map\""))
        .context("the report's map")?;
    assert!(svg_map.contains("<title>Shared square</title>"));
    assert!(svg_map.contains("<title>Pinned market</title>"));
    assert!(!svg_map.contains("Private doorway"));
    Ok(())
}
