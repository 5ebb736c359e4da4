//! The shared copy leaks nothing hidden in a JPEG: photos built in the test
//! from the public corpus with metadata where a deny-list would miss it (a
//! second JPEG after the end marker, segments between the scan and the end
//! marker, an MPF secondary image, a motion-photo trailer). For each, the
//! shared copy holds none of the original's EXIF strings and decodes to the
//! same pixels as the original.

use anyhow::Context;
use std::path::PathBuf;

use cityaudit_core::media::{prepare, read_metadata};

fn fixture(name: &str) -> anyhow::Result<Vec<u8>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/photos")
        .join(name);
    std::fs::read(&path).with_context(|| format!("reading {}", path.display()))
}

/// Every text field of the photo's EXIF (make, model, software, serial…),
/// at least four characters long.
fn exif_strings(photo: &[u8]) -> anyhow::Result<Vec<String>> {
    let exif = exif::Reader::new().read_from_container(&mut std::io::Cursor::new(photo))?;
    let mut strings = Vec::new();
    for field in exif.fields() {
        if let exif::Value::Ascii(values) = &field.value {
            for value in values {
                let text = String::from_utf8_lossy(value).trim().to_owned();
                if text.len() >= 4 {
                    strings.push(text);
                }
            }
        }
    }
    Ok(strings)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Where the original's final end-of-image marker is.
fn end_marker(jpeg: &[u8]) -> anyhow::Result<usize> {
    jpeg.windows(2)
        .rposition(|w| w == [0xFF, 0xD9])
        .context("an end-of-image marker")
}

/// The APP1 segment of a JPEG (its EXIF, with make, model and GPS).
fn app1(jpeg: &[u8]) -> anyhow::Result<Vec<u8>> {
    let at = jpeg
        .windows(2)
        .position(|w| w == [0xFF, 0xE1])
        .context("an APP1 segment")?;
    let length = usize::from(u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]));
    Ok(jpeg[at..at + 2 + length].to_vec())
}

/// A segment with marker `kind` and `payload`.
fn segment(kind: u8, payload: &[u8]) -> Vec<u8> {
    let mut out = vec![0xFF, kind];
    out.extend_from_slice(&(payload.len() as u16 + 2).to_be_bytes());
    out.extend_from_slice(payload);
    out
}

/// The hidden-data variants of `original`, by name.
fn variants(original: &[u8]) -> anyhow::Result<Vec<(&'static str, Vec<u8>)>> {
    let eoi = end_marker(original)?;
    let exif = app1(original)?;
    let mut second_jpeg = original.to_vec();
    second_jpeg.extend_from_slice(original);

    let mut between_scan_and_end = original[..eoi].to_vec();
    between_scan_and_end.extend_from_slice(&exif);
    between_scan_and_end.extend_from_slice(&segment(0xFE, b"serial 4021337 made by the camera"));
    between_scan_and_end.extend_from_slice(&original[eoi..]);

    // Multi-Picture Format: an APP2 "MPF" index after the start of image
    // and the secondary image (with its own EXIF) after the end marker.
    let mut mpf = original[..2].to_vec();
    let mut index = b"MPF\0MM\0\x2A\0\0\0\x08".to_vec();
    index.extend_from_slice(&[0u8; 40]);
    mpf.extend_from_slice(&segment(0xE2, &index));
    mpf.extend_from_slice(&original[2..]);
    mpf.extend_from_slice(original);

    // A motion photo: an MP4 after the picture, with a vendor trailer.
    let mut motion = original.to_vec();
    motion.extend_from_slice(b"\0\0\0\x18ftypmp42\0\0\0\0isommp42");
    motion.extend_from_slice(&exif);
    motion.extend_from_slice(b"MotionPhoto_Data");

    Ok(vec![
        ("a second JPEG after the end marker", second_jpeg),
        (
            "APP1 and COM between the scan and the end marker",
            between_scan_and_end,
        ),
        ("an MPF secondary image", mpf),
        ("a motion-photo trailer", motion),
    ])
}

fn check_leaks_nothing(name: &str, expected_orientation: Option<u8>) -> anyhow::Result<()> {
    let original = fixture(name)?;
    let secrets = exif_strings(&original)?;
    assert!(
        secrets.len() >= 2,
        "{name}: the corpus photo has EXIF strings"
    );
    let pixels = image::load_from_memory(&original)?.to_rgb8();
    for (variant, photo) in variants(&original)? {
        let shared = prepare(&photo)
            .with_context(|| format!("{name}, {variant}"))?
            .shared;
        for secret in &secrets {
            assert!(
                !contains(&shared, secret.as_bytes()),
                "{name}, {variant}: the shared copy still holds {secret:?}"
            );
        }
        for marker in [&b"MPF\0"[..], b"ftyp", b"MotionPhoto", b"serial", b"GPS"] {
            assert!(
                !contains(&shared, marker),
                "{name}, {variant}: the shared copy still holds {marker:?}"
            );
        }
        assert_eq!(
            shared.windows(2).filter(|w| *w == [0xFF, 0xD8]).count(),
            1,
            "{name}, {variant}: one picture"
        );
        assert!(shared.ends_with(&[0xFF, 0xD9]), "{name}, {variant}");
        assert_eq!(
            read_metadata(&shared).orientation,
            expected_orientation,
            "{name}, {variant}: only the orientation is kept"
        );
        assert_eq!(
            image::load_from_memory(&shared)?.to_rgb8(),
            pixels,
            "{name}, {variant}: same pixels"
        );
    }
    Ok(())
}

#[test]
fn an_upright_photo_leaks_nothing_hidden_and_keeps_its_pixels() -> anyhow::Result<()> {
    check_leaks_nothing("DSCN0010.jpg", None)
}

#[test]
fn a_rotated_photo_keeps_only_its_orientation() -> anyhow::Result<()> {
    check_leaks_nothing("Samsung_GT-I9000.jpg", Some(6))
}

#[test]
fn the_corpus_photo_with_a_trailing_jpeg_is_shared_without_it() -> anyhow::Result<()> {
    let original = fixture("corrupted.jpg")?;
    let secrets = exif_strings(&original)?;
    let prepared = prepare(&original)?;
    for secret in &secrets {
        assert!(!contains(&prepared.shared, secret.as_bytes()), "{secret:?}");
    }
    // Its second picture (59 KB after the end marker) and its EXIF stay behind.
    let dropped = original.len() - prepared.shared.len();
    assert!(
        dropped > app1(&original)?.len() + 50_000,
        "only {dropped} bytes left out"
    );
    assert_eq!(
        prepared
            .shared
            .windows(2)
            .filter(|w| *w == [0xFF, 0xD8])
            .count(),
        1
    );
    assert_eq!(
        image::load_from_memory(&prepared.shared)?.to_rgb8(),
        image::load_from_memory(&original)?.to_rgb8()
    );
    Ok(())
}
