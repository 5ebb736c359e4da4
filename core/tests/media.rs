//! Photos: EXIF positions against the fixtures' expected values, shared
//! copies free of metadata, thumbnails, bad input, and adding a photo to a
//! response in a real profile database.

use anyhow::{bail, Context};
use std::collections::HashMap;
use std::path::PathBuf;

use cityaudit_core::media::{prepare, read_metadata, MediaError, NewPhoto, THUMBNAIL_SIZE};
use cityaudit_core::model::{Location, LocationSource, NewAudit, NewParticipant, TemplateChoice};
use cityaudit_core::profile::{Profile, ProfileError};

fn fixture(name: &str) -> anyhow::Result<Vec<u8>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/photos")
        .join(name);
    std::fs::read(&path).with_context(|| format!("reading {}", path.display()))
}

/// Rows of expected.csv by file name: (has_gps, lat, lon, orientation, width, height).
struct Expected {
    has_gps: bool,
    lat: Option<f64>,
    lon: Option<f64>,
    orientation: Option<u8>,
    width: u32,
    height: u32,
}

/// Splits one CSV line, honouring double quotes.
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(String::new()),
            _ => fields.last_mut().expect("one field").push(c),
        }
    }
    fields
}

fn expected() -> anyhow::Result<HashMap<String, Expected>> {
    let text = String::from_utf8(fixture("expected.csv")?)?;
    let mut rows = HashMap::new();
    for line in text.lines().skip(1).filter(|l| !l.is_empty()) {
        let f = csv_fields(line);
        if f.len() < 11 {
            bail!("short row in expected.csv: {line}");
        }
        rows.insert(
            f[0].clone(),
            Expected {
                has_gps: f[1] == "yes",
                lat: f[2].parse().ok(),
                lon: f[3].parse().ok(),
                orientation: f[8].parse().ok(),
                width: f[9].parse()?,
                height: f[10].parse()?,
            },
        );
    }
    Ok(rows)
}

const READABLE: &[&str] = &[
    "DSCN0010.jpg",
    "portrait_6.jpg",
    "Samsung_GT-I9000.jpg",
    "Kodak_CX7530.jpg",
    "Nikon_D5000.jpg",
    "png_with_exif_and_gps.png",
    "no_exif.png",
    "img_1771_no_exif.jpg",
    "Canon_40D.jpg",
    "gps-2000-scaled.jpg",
    "Hasselblad_L1D-20c.jpg",
];

#[test]
fn gps_positions_match_the_expected_values() -> anyhow::Result<()> {
    let expected = expected()?;
    for name in READABLE {
        let row = expected
            .get(*name)
            .context("fixture listed in expected.csv")?;
        let metadata = read_metadata(&fixture(name)?);
        let placeholder = row.lat == Some(0.0) && row.lon == Some(0.0);
        match (row.has_gps && !placeholder, metadata.position) {
            (true, Some((lat, lon))) => {
                let (want_lat, want_lon) = (row.lat.context("lat")?, row.lon.context("lon")?);
                assert!(
                    (lat - want_lat).abs() < 1e-6,
                    "{name}: lat {lat} != {want_lat}"
                );
                assert!(
                    (lon - want_lon).abs() < 1e-6,
                    "{name}: lon {lon} != {want_lon}"
                );
            }
            (false, None) => {}
            (want, got) => panic!("{name}: expected a position: {want}, read {got:?}"),
        }
        assert_eq!(metadata.orientation, row.orientation, "{name}: orientation");
    }
    Ok(())
}

#[test]
fn the_time_taken_comes_from_date_time_original() -> anyhow::Result<()> {
    let metadata = read_metadata(&fixture("DSCN0010.jpg")?);
    // 2008:10:22 16:28:39, camera time without zone, kept as written.
    assert_eq!(metadata.taken_at, Some(1_224_692_919_000));
    assert_eq!(
        read_metadata(&fixture("img_1771_no_exif.jpg")?).taken_at,
        None
    );
    Ok(())
}

#[test]
fn shared_copies_carry_only_the_orientation_and_keep_the_picture() -> anyhow::Result<()> {
    let expected = expected()?;
    for name in READABLE {
        let row = expected.get(*name).context("row")?;
        let prepared = prepare(&fixture(name)?)?;
        let exif =
            exif::Reader::new().read_from_container(&mut std::io::Cursor::new(&prepared.shared));
        let rotated =
            row.orientation.is_some_and(|o| o != 1) && prepared.media_type == "image/jpeg";
        if rotated {
            // A rotated JPEG keeps its orientation as the one EXIF field.
            let exif = exif?;
            let fields: Vec<_> = exif.fields().map(|f| f.tag).collect();
            assert_eq!(fields, [exif::Tag::Orientation], "{name}: EXIF fields");
            assert_eq!(read_metadata(&prepared.shared).orientation, row.orientation);
        } else {
            assert!(exif.is_err(), "{name}: the shared copy still has EXIF");
        }
        for marker in [&b"http://ns.adobe.com/xap"[..], b"ICC_PROFILE", b"MPF\0"] {
            let found = prepared.shared.windows(marker.len()).any(|w| w == marker);
            assert!(!found, "{name}: the shared copy still holds {marker:?}");
        }
        let picture = image::load_from_memory(&prepared.shared)?;
        // A JPEG keeps its stored pixels (turned by its tag); a PNG or WebP
        // is turned in its pixels: orientations 5-8 swap width and height.
        let quarter = !rotated && matches!(row.orientation, Some(5..=8));
        let (w, h) = if quarter {
            (row.height, row.width)
        } else {
            (row.width, row.height)
        };
        assert_eq!(
            (picture.width(), picture.height()),
            (w, h),
            "{name}: size as stored"
        );
        let thumb = image::load_from_memory(&prepared.thumbnail)?;
        assert!(
            thumb.width().max(thumb.height()) <= THUMBNAIL_SIZE,
            "{name}: thumbnail size"
        );
        let upright_wide = if matches!(row.orientation, Some(5..=8)) {
            row.height >= row.width
        } else {
            row.width >= row.height
        };
        assert_eq!(
            thumb.width() >= thumb.height(),
            upright_wide,
            "{name}: thumbnail upright"
        );
    }
    Ok(())
}

#[test]
fn an_upright_jpeg_keeps_its_image_data_byte_for_byte() -> anyhow::Result<()> {
    let original = fixture("DSCN0010.jpg")?;
    let prepared = prepare(&original)?;
    assert_eq!(prepared.media_type, "image/jpeg");
    // From the first start-of-scan on, the shared copy is the original's
    // tail (the original's own first scan may be the EXIF thumbnail's).
    let scan_at = prepared
        .shared
        .windows(2)
        .position(|w| w == [0xFF, 0xDA])
        .context("a start of scan")?;
    let image_data = &prepared.shared[scan_at..];
    assert!(image_data.len() > 100_000, "the image data is all there");
    assert!(
        original.ends_with(image_data),
        "entropy-coded data unchanged"
    );
    assert!(prepared.shared.len() < original.len());
    Ok(())
}

#[test]
fn a_webp_photo_is_shared_as_a_jpeg_without_its_metadata() -> anyhow::Result<()> {
    let original = fixture("HTC_Desire.webp")?;
    let prepared = prepare(&original)?;
    assert_eq!(prepared.media_type, "image/jpeg");
    assert_eq!(
        image::guess_format(&prepared.shared)?,
        image::ImageFormat::Jpeg
    );
    for marker in [&b"Exif"[..], b"HTC", b"Desire"] {
        let found = prepared.shared.windows(marker.len()).any(|w| w == marker);
        assert!(!found, "the shared copy still holds {marker:?}");
    }
    let picture = image::load_from_memory(&prepared.shared)?;
    assert_eq!((picture.width(), picture.height()), (776, 909));
    let (lat, lon) = prepared
        .metadata
        .position
        .expect("the WebP's EXIF position");
    assert!((lat - 45.500667).abs() < 1e-5 && (lon - 9.110333).abs() < 1e-5);
    Ok(())
}

#[test]
fn bad_input_is_refused_with_a_clear_error() -> anyhow::Result<()> {
    assert!(matches!(
        prepare(b"hello, not a photo"),
        Err(MediaError::NotAnImage)
    ));
    // An iPhone's HEIC (ISO base media, brand "heic") is named, with what to do.
    let mut heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec();
    heic.extend_from_slice(&[0; 64]);
    let refused = prepare(&heic).expect_err("HEIC is not decoded");
    assert!(matches!(&refused, MediaError::Unsupported(f) if f == "HEIC"));
    let words = refused.to_string();
    assert!(
        words.contains("not supported yet") && words.contains("JPEG"),
        "{words}"
    );
    // Other picture formats are named too, never "not a photo".
    let mut avif = b"\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf".to_vec();
    avif.extend_from_slice(&[0; 64]);
    for (bytes, format) in [
        (avif, "AVIF"),
        (b"GIF89a\x01\0\x01\0\0\0\0;".to_vec(), "GIF"),
    ] {
        let refused = prepare(&bytes).expect_err("not decoded");
        assert!(
            matches!(&refused, MediaError::Unsupported(f) if f == format),
            "{format}: {refused}"
        );
    }
    let mut truncated = fixture("DSCN0010.jpg")?;
    truncated.truncate(3000);
    let error = prepare(&truncated).expect_err("a truncated photo is refused");
    assert!(
        error.to_string().starts_with("the photo cannot be read"),
        "{error}"
    );
    Ok(())
}

fn joined_profile(
    dir: &std::path::Path,
) -> anyhow::Result<(Profile, cityaudit_core::ids::DocumentId)> {
    let mut profile = Profile::open(&dir.join("phone.sqlite"))?;
    let audit = profile.create_audit(&NewAudit::undated(
        "Walk",
        "Sofia",
        TemplateChoice {
            checklist: true,
            photovoice: true,
            benchmark: false,
        },
    ))?;
    let response = profile.join(
        &audit,
        &NewParticipant {
            display_name: "Falcon".into(),
            group: "ngos".into(),
            gender: None,
            accept_photo_terms: true,
            share_photo_locations: true,
        },
    )?;
    Ok((profile, response))
}

fn new_photo(title: &str, fallback: Option<Location>) -> NewPhoto {
    NewPhoto {
        title: title.into(),
        caption: "A caption".into(),
        theme: "friendly".into(),
        stop: None,
        fallback_location: fallback,
        share_location: None,
    }
}

#[test]
fn adding_photos_records_the_location_source_and_queues_the_shared_copy() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let (mut profile, response) = joined_profile(dir.path())?;
    let pin = Location::new(42.69, 23.32, LocationSource::Manual)?;
    let device = Location::new(42.7, 23.3, LocationSource::Device)?;

    let with_gps = profile.add_photo_file(
        &response,
        &fixture("DSCN0010.jpg")?,
        &new_photo("Square", Some(device)),
    )?;
    let without = profile.add_photo_file(
        &response,
        &fixture("img_1771_no_exif.jpg")?,
        &new_photo("Library", Some(pin)),
    )?;
    let nothing = profile.add_photo_file(
        &response,
        &fixture("Canon_40D.jpg")?,
        &new_photo("Bench", None),
    )?;

    let data = profile.response(&response)?;
    let records: HashMap<&str, _> = data.photos().map(|(h, r)| (h.as_str(), r)).collect();
    let gps = records[with_gps.as_str()]
        .location
        .context("exif location")?;
    assert_eq!(gps.source, LocationSource::Exif);
    assert!((gps.lat - 43.467448).abs() < 1e-6);
    assert_eq!(records[without.as_str()].location, Some(pin));
    assert_eq!(records[nothing.as_str()].location, None);

    let queued: Vec<_> = profile
        .pending_uploads()?
        .into_iter()
        .map(|u| u.hash)
        .collect();
    assert_eq!(queued.len(), 3);
    let stored = profile.blobs().get(&with_gps)?;
    assert!(exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(&stored))
        .is_err());
    assert!(read_metadata(&stored).position.is_none());
    assert!(profile
        .thumbnail_data_url(&with_gps)
        .context("thumbnail")?
        .starts_with("data:image/jpeg;base64,"));

    // The same picture twice is refused, and nothing new is queued.
    let again = profile.add_photo_file(
        &response,
        &fixture("DSCN0010.jpg")?,
        &new_photo("Again", None),
    );
    assert!(matches!(
        again,
        Err(ProfileError::Media(MediaError::Duplicate))
    ));
    assert_eq!(profile.pending_uploads()?.len(), 3);
    Ok(())
}

#[test]
fn a_refused_photo_leaves_nothing_behind() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let (mut profile, response) = joined_profile(dir.path())?;
    let refused = profile.add_photo_file(
        &response,
        &fixture("Kodak_CX7530.jpg")?,
        &NewPhoto {
            theme: "no-such-theme".into(),
            ..new_photo("Square", None)
        },
    );
    assert!(refused.is_err());
    assert!(profile.pending_uploads()?.is_empty());
    assert_eq!(profile.response(&response)?.photos().count(), 0);
    let thumbnails = std::fs::read_dir(profile.thumbnail_dir())
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(thumbnails, 0);
    Ok(())
}

#[test]
fn the_location_is_shared_only_by_the_participants_choice() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    // Joined sharing locations by default (see `joined_profile`).
    let (mut profile, response) = joined_profile(dir.path())?;
    let pin = Location::new(42.69, 23.32, LocationSource::Manual)?;
    let device = Location::new(42.7, 23.3, LocationSource::Device)?;
    let photo = |title: &str, placed: Option<Location>, share: Option<bool>| NewPhoto {
        share_location: share,
        ..new_photo(title, placed)
    };

    let by_default = profile.add_photo_file(
        &response,
        &fixture("DSCN0010.jpg")?,
        &photo("Default", Some(device), None),
    )?;
    let pinned = profile.add_photo_file(
        &response,
        &fixture("gps-2000-scaled.jpg")?,
        &photo("Pinned", Some(pin), Some(true)),
    )?;
    let kept_private = profile.add_photo_file(
        &response,
        &fixture("Kodak_CX7530.jpg")?,
        &photo("Private", Some(pin), Some(false)),
    )?;
    let data = profile.response(&response)?;
    let location = |hash: &cityaudit_core::ids::BlobHash| {
        data.photos()
            .find(|(h, _)| h.as_str() == hash.as_str())
            .and_then(|(_, r)| r.location)
    };
    assert_eq!(
        location(&by_default).map(|l| l.source),
        Some(LocationSource::Exif)
    );
    assert_eq!(
        location(&pinned),
        Some(pin),
        "a pin replaces the photo's own"
    );
    assert_eq!(
        location(&kept_private),
        None,
        "not shared: no position at all"
    );
    for hash in [&by_default, &pinned, &kept_private] {
        let stored = profile.blobs().get(hash)?;
        assert!(
            read_metadata(&stored).position.is_none(),
            "never in the copy"
        );
    }

    // Changing one's mind later removes the position from the document.
    profile.edit_photo(
        &response,
        &by_default,
        &cityaudit_core::model::PhotoEdit {
            forget_location: true,
            ..Default::default()
        },
    )?;
    let data = profile.response(&response)?;
    assert!(data
        .photos()
        .all(|(h, r)| h.as_str() == pinned.as_str() || r.location.is_none()));
    Ok(())
}

#[test]
fn a_participant_who_did_not_choose_to_share_shares_no_location() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let mut profile = Profile::open(&dir.path().join("phone.sqlite"))?;
    let audit = profile.create_audit(&NewAudit::undated(
        "Walk",
        "Sofia",
        TemplateChoice {
            checklist: true,
            photovoice: true,
            benchmark: false,
        },
    ))?;
    let response = profile.join(
        &audit,
        &NewParticipant {
            display_name: "Heron".into(),
            group: "ngos".into(),
            gender: None,
            accept_photo_terms: true,
            share_photo_locations: false,
        },
    )?;
    let hash = profile.add_photo_file(
        &response,
        &fixture("DSCN0010.jpg")?,
        &new_photo("Square", None),
    )?;
    let data = profile.response(&response)?;
    let consent = data
        .participant()
        .and_then(|p| p.photo_consent.clone())
        .context("consent")?;
    assert_eq!(consent.shares_locations, Some(false));
    let record = data
        .photos()
        .find(|(h, _)| h.as_str() == hash.as_str())
        .context("the photo")?
        .1;
    assert_eq!(record.location, None);
    Ok(())
}
