//! Photos a facilitator received outside the app: stripped like
//! participants' photos, recorded with credit and consent, refused with
//! nothing left behind when a field is wrong, and part of the review
//! gallery, the report, the ZIP credits and the GeoJSON.

use anyhow::Context;
use std::path::{Path, PathBuf};

use cityaudit_core::export::ExportFormat;
use cityaudit_core::ids::DocumentId;
use cityaudit_core::media::{MediaError, NewReceivedPhoto};
use cityaudit_core::model::{Location, LocationSource, NewAudit, TemplateChoice};
use cityaudit_core::profile::{Profile, ProfileError};
use cityaudit_core::views::facilitator::{export_to_dir, photos_for_review};

fn fixture(name: &str) -> anyhow::Result<Vec<u8>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/photos")
        .join(name);
    std::fs::read(&path).with_context(|| format!("reading {}", path.display()))
}

fn facilitator_profile(dir: &Path) -> anyhow::Result<(Profile, DocumentId)> {
    let mut profile = Profile::open(&dir.join("laptop.sqlite"))?;
    let audit = profile.create_audit(&NewAudit::undated(
        "Spring walk",
        "Sofia",
        TemplateChoice {
            checklist: true,
            photovoice: true,
            benchmark: false,
        },
    ))?;
    Ok((profile, audit))
}

fn received(title: &str) -> NewReceivedPhoto {
    NewReceivedPhoto {
        title: title.into(),
        caption: "Sent after the walk".into(),
        theme: "improvement".into(),
        credit: "Amina K.".into(),
        received_via: "email".into(),
        consent: true,
        consent_note: "Consent form signed and returned by e-mail on 4 May".into(),
        location: None,
        keep_photo_position: false,
    }
}

#[test]
fn a_received_photo_is_stripped_and_recorded_with_credit_and_consent() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let (mut profile, audit) = facilitator_profile(dir.path())?;
    // DSCN0010.jpg carries a GPS position, a make (NIKON) and a model.
    let original = fixture("DSCN0010.jpg")?;
    let hash = profile.add_received_photo_file(&audit, &original, &received("Bus stop"))?;

    let shared = profile.blobs().get(&hash)?;
    assert!(exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(&shared))
        .is_err());
    assert!(!shared.windows(5).any(|w| w == b"NIKON"));
    let queued: Vec<_> = profile
        .pending_uploads()?
        .into_iter()
        .map(|u| u.hash)
        .collect();
    assert_eq!(queued, vec![hash.clone()]);

    let photos = profile.audit(&audit)?.received_photos();
    assert_eq!(photos.len(), 1);
    let (key, photo) = &photos[0];
    assert_eq!(key, hash.as_str());
    assert_eq!(photo.credit, "Amina K.");
    assert_eq!(photo.received_via, "email");
    assert!(photo.consent);
    assert!(photo.consent_note.contains("4 May"));
    assert_eq!(
        photo.location, None,
        "the photo's position is not kept unasked"
    );
    assert_eq!(photo.media_type, "image/jpeg");
    assert_eq!(photo.size, shared.len() as u64);

    let review = photos_for_review(&profile, &audit)?;
    let shown = review
        .iter()
        .find(|p| p.hash == hash.as_str())
        .context("in review")?;
    assert_eq!(shown.credit, "Amina K.");
    assert_eq!(shown.received_via.as_deref(), Some("email"));
    assert!(shown.thumbnail.starts_with("data:image/jpeg;base64,"));

    // The same picture twice is refused.
    let again = profile.add_received_photo_file(&audit, &original, &received("Again"));
    assert!(matches!(
        again,
        Err(ProfileError::Media(MediaError::Duplicate))
    ));
    Ok(())
}

#[test]
fn the_photo_position_is_kept_only_when_asked_and_a_typed_one_wins() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let (mut profile, audit) = facilitator_profile(dir.path())?;
    let keep = NewReceivedPhoto {
        keep_photo_position: true,
        ..received("Square")
    };
    let from_photo = profile.add_received_photo_file(&audit, &fixture("DSCN0010.jpg")?, &keep)?;
    let typed = Location::new(42.69, 23.32, LocationSource::Manual)?;
    let placed = NewReceivedPhoto {
        location: Some(typed),
        ..keep.clone()
    };
    let from_typing =
        profile.add_received_photo_file(&audit, &fixture("gps-2000-scaled.jpg")?, &placed)?;

    let photos = profile.audit(&audit)?.received_photos();
    let location = |hash: &str| {
        photos
            .iter()
            .find(|(h, _)| h == hash)
            .and_then(|(_, p)| p.location)
    };
    let exif = location(from_photo.as_str()).context("exif position")?;
    assert_eq!(exif.source, LocationSource::Exif);
    assert!((exif.lat - 43.467448).abs() < 1e-6);
    assert_eq!(location(from_typing.as_str()), Some(typed));
    Ok(())
}

#[test]
fn a_refused_received_photo_says_why_and_leaves_nothing_behind() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let (mut profile, audit) = facilitator_profile(dir.path())?;
    let kept =
        profile.add_received_photo_file(&audit, &fixture("DSCN0010.jpg")?, &received("Kept"))?;
    let photo = fixture("Canon_40D.jpg")?;
    let cases = [
        (
            NewReceivedPhoto {
                consent: false,
                ..received("No consent")
            },
            "consent",
        ),
        (
            NewReceivedPhoto {
                credit: "  ".into(),
                ..received("No credit")
            },
            "credit must not be empty",
        ),
        (
            NewReceivedPhoto {
                consent_note: String::new(),
                ..received("No note")
            },
            "consent note must not be empty",
        ),
        (
            NewReceivedPhoto {
                theme: "nowhere".into(),
                ..received("Theme")
            },
            "no theme",
        ),
        (
            NewReceivedPhoto {
                received_via: "pigeon".into(),
                ..received("Via")
            },
            "received via",
        ),
    ];
    for (input, expected) in cases {
        let error = profile
            .add_received_photo_file(&audit, &photo, &input)
            .expect_err(expected);
        assert!(
            error.to_string().contains(expected),
            "{error} (wanted {expected})"
        );
    }
    let not_a_photo =
        profile.add_received_photo_file(&audit, b"%PDF-1.4 invoice", &received("PDF"));
    assert!(not_a_photo.is_err());

    let hashes = profile.audit(&audit)?.received_photo_hashes();
    assert_eq!(hashes, vec![kept.clone()], "the earlier photo is kept");
    let queued: Vec<_> = profile
        .pending_uploads()?
        .into_iter()
        .map(|u| u.hash)
        .collect();
    assert_eq!(queued, vec![kept.clone()]);
    let thumbnails = std::fs::read_dir(profile.thumbnail_dir())?.count();
    assert_eq!(thumbnails, 1);
    Ok(())
}

#[test]
fn received_photos_are_in_the_report_zip_and_map_with_their_credit() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let (mut profile, audit) = facilitator_profile(dir.path())?;
    let placed = NewReceivedPhoto {
        location: Some(Location::new(42.69, 23.32, LocationSource::Manual)?),
        ..received("Bus stop")
    };
    let hash = profile.add_received_photo_file(&audit, &fixture("DSCN0010.jpg")?, &placed)?;
    profile.mark_photo(&audit, hash.as_str(), true)?;
    let out = dir.path().join("exports");

    let report = export_to_dir(&profile, &audit, ExportFormat::Md, &out, "en")?;
    let markdown = std::fs::read_to_string(&report.path)?;
    assert!(
        markdown.contains("1 photo was received outside the app with the photographers' consent (credits: Amina K.)"),
        "{markdown}"
    );
    assert!(markdown.contains("Photo: Amina K."), "{markdown}");

    let zip = export_to_dir(&profile, &audit, ExportFormat::Zip, &out, "en")?;
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip.path)?)?;
    let mut credits = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("CREDITS.txt")?, &mut credits)?;
    assert!(credits.contains("Amina K."), "{credits}");

    let map = export_to_dir(&profile, &audit, ExportFormat::Geojson, &out, "en")?;
    let geojson: serde_json::Value = serde_json::from_slice(&std::fs::read(&map.path)?)?;
    let credits: Vec<&str> = geojson["features"]
        .as_array()
        .context("features")?
        .iter()
        .filter_map(|f| f["properties"]["credit"].as_str())
        .collect();
    assert_eq!(credits, vec!["Amina K."]);

    profile.remove_received_photo(&audit, &hash)?;
    let report = export_to_dir(&profile, &audit, ExportFormat::Md, &out, "en")?;
    assert!(!std::fs::read_to_string(&report.path)?.contains("Amina K."));
    Ok(())
}

#[test]
fn the_commands_take_the_ui_request_and_are_for_facilitators_only() -> anyhow::Result<()> {
    use base64::Engine;
    use cityaudit_core::commands::received::{add_received_photo, remove_received_photo};
    use cityaudit_core::model::Role;
    use cityaudit_core::profile::Session;

    let dir = tempfile::tempdir()?;
    let (mut profile, audit) = facilitator_profile(dir.path())?;
    let session = |role| Session {
        server: "http://127.0.0.1:9".into(),
        token: "t".into(),
        role,
        audit_id: audit.clone(),
        participant_id: String::new(),
        response_doc: None,
        read_only_audits: Vec::new(),
    };
    let data = base64::engine::general_purpose::STANDARD.encode(fixture("DSCN0010.jpg")?);
    let request = serde_json::json!({
        "dataBase64": data,
        "fileName": "from-whatsapp.jpg",
        "title": "Closed playground",
        "theme": "improvement",
        "credit": "Amina K.",
        "receivedVia": "messaging",
        "consent": true,
        "consentNote": "Voice message, 4 May",
        "path": null,
        "location": { "lat": 42.69, "lon": 23.32, "accuracyM": null, "source": "manual" },
        "keepPhotoPosition": false,
    });

    profile.set_session(&session(Role::Participant))?;
    let refused = add_received_photo(&mut profile, serde_json::from_value(request.clone())?, None)
        .expect_err("participants may not add received photos");
    assert_eq!(refused.code, "not_allowed");

    profile.set_session(&session(Role::Facilitator))?;
    let gallery = add_received_photo(&mut profile, serde_json::from_value(request)?, None)
        .map_err(|e| anyhow::anyhow!("{}: {}", e.code, e.message))?;
    assert_eq!(gallery.len(), 1);
    assert_eq!(gallery[0].credit, "Amina K.");
    assert_eq!(gallery[0].consent_note, "Voice message, 4 May");
    let placed = gallery[0].location.context("the typed position is kept")?;
    assert_eq!((placed.lat, placed.lon), (42.69, 23.32));

    let hash = serde_json::json!({ "hash": gallery[0].hash });
    let gallery = remove_received_photo(&mut profile, serde_json::from_value(hash)?)
        .map_err(|e| anyhow::anyhow!("{}: {}", e.code, e.message))?;
    assert!(gallery.is_empty());
    Ok(())
}
