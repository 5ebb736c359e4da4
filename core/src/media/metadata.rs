//! What a photo's EXIF says that the app uses: the GPS position, when it
//! was taken, and its orientation. Everything else is ignored (and left out
//! of the shared copy).
//!
//! Readers meet odd files in the field: positions stored as signed
//! rationals, seconds of 0/0, GPS tags all zero from a camera without a
//! fix, broken pointers. Each is read as well as it can be, or treated as
//! unknown; none is an error.

use exif::{Exif, Field, In, Reader, Tag, Value};

use crate::dates::parse_exif_datetime;
use std::io::Cursor;

/// The EXIF facts the app uses.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PhotoMetadata {
    /// Latitude and longitude in degrees, when the photo has a usable GPS position.
    pub position: Option<(f64, f64)>,
    /// When it was taken (ms since the epoch), from DateTimeOriginal and its offset if any.
    pub taken_at: Option<i64>,
    /// EXIF orientation 1-8 of the primary image, when present.
    pub orientation: Option<u8>,
}

/// Reads the metadata; a photo without (readable) EXIF gives empty metadata.
pub fn read_metadata(bytes: &[u8]) -> PhotoMetadata {
    let Some(exif) = read_exif(bytes) else {
        return PhotoMetadata::default();
    };
    PhotoMetadata {
        position: position(&exif),
        taken_at: taken_at(&exif),
        orientation: exif
            .get_field(Tag::Orientation, In::PRIMARY)
            .and_then(|f| f.value.get_uint(0))
            .and_then(|o| u8::try_from(o).ok())
            .filter(|o| (1..=8).contains(o)),
    }
}

/// The EXIF of a container (JPEG, PNG, ...), keeping what is readable when parts are broken.
pub(crate) fn read_exif(bytes: &[u8]) -> Option<Exif> {
    Reader::new()
        .continue_on_error(true)
        .read_from_container(&mut Cursor::new(bytes))
        .or_else(|e| e.distill_partial_result(|_| {}))
        .ok()
}

fn rationals(field: &Field) -> Option<Vec<f64>> {
    let values: Vec<f64> = match &field.value {
        Value::Rational(v) => v
            .iter()
            .map(|r| {
                if r.denom == 0 {
                    0.0
                } else {
                    f64::from(r.num) / f64::from(r.denom)
                }
            })
            .collect(),
        Value::SRational(v) => v
            .iter()
            .map(|r| {
                if r.denom == 0 {
                    0.0
                } else {
                    f64::from(r.num) / f64::from(r.denom)
                }
            })
            .collect(),
        _ => return None,
    };
    (!values.is_empty()).then_some(values)
}

fn degrees(exif: &Exif, value: Tag, reference: Tag, negative: u8) -> Option<f64> {
    let parts = rationals(exif.get_field(value, In::PRIMARY)?)?;
    let magnitude = parts[0]
        + parts.get(1).copied().unwrap_or(0.0) / 60.0
        + parts.get(2).copied().unwrap_or(0.0) / 3600.0;
    let sign = match &exif.get_field(reference, In::PRIMARY)?.value {
        Value::Ascii(text) => match text.first().and_then(|t| t.first()) {
            Some(letter) if letter.eq_ignore_ascii_case(&negative) => -1.0,
            Some(_) => 1.0,
            None => return None,
        },
        _ => return None,
    };
    magnitude.is_finite().then_some(sign * magnitude.abs())
}

fn position(exif: &Exif) -> Option<(f64, f64)> {
    let lat = degrees(exif, Tag::GPSLatitude, Tag::GPSLatitudeRef, b'S')?;
    let lon = degrees(exif, Tag::GPSLongitude, Tag::GPSLongitudeRef, b'W')?;
    let on_globe = (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon);
    // 0,0 is what cameras write without a fix; nobody audits a city in the Gulf of Guinea.
    let placeholder = lat == 0.0 && lon == 0.0;
    (on_globe && !placeholder).then_some((lat, lon))
}

fn ascii(exif: &Exif, tag: Tag) -> Option<String> {
    match &exif.get_field(tag, In::PRIMARY)?.value {
        Value::Ascii(parts) => parts.first().map(|p| {
            String::from_utf8_lossy(p)
                .trim()
                .trim_end_matches('\0')
                .to_owned()
        }),
        _ => None,
    }
}

fn taken_at(exif: &Exif) -> Option<i64> {
    let text = ascii(exif, Tag::DateTimeOriginal).or_else(|| ascii(exif, Tag::DateTime))?;
    let local = parse_exif_datetime(&text)?;
    let offset_min = ascii(exif, Tag::OffsetTimeOriginal)
        .and_then(|o| parse_offset(&o))
        .unwrap_or(0);
    Some(local - offset_min * 60_000)
}

/// `+HH:MM` / `-HH:MM` as minutes.
fn parse_offset(text: &str) -> Option<i64> {
    let sign = match text.get(0..1)? {
        "+" => 1,
        "-" => -1,
        _ => return None,
    };
    let hours: i64 = text.get(1..3)?.parse().ok()?;
    let minutes: i64 = text.get(4..6)?.parse().ok()?;
    Some(sign * (hours * 60 + minutes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_read_as_minutes() {
        assert_eq!(parse_offset("+02:00"), Some(120));
        assert_eq!(parse_offset("-05:30"), Some(-330));
        assert_eq!(parse_offset("Z"), None);
    }

    #[test]
    fn bytes_that_are_no_photo_have_no_metadata() {
        assert_eq!(read_metadata(b"not a photo"), PhotoMetadata::default());
    }
}
