//! The shared copy of a JPEG, rebuilt from an allow-list.
//!
//! Only what draws the primary picture is copied: its frame, its tables
//! (quantisation, Huffman, arithmetic conditioning, restart interval, the
//! Adobe colour transform, rebuilt without anything else) and its scans,
//! byte for byte. Everything else is left behind by construction: EXIF,
//! XMP, ICC profiles, maker notes, comments, MPF and any segment between
//! scans, and everything after the end marker (secondary images, depth
//! maps, motion-photo video, vendor trailers). A minimal EXIF block holding
//! only the orientation is added when the picture is not upright, so no
//! pixel is decoded or encoded again.

use super::MediaError;

/// Start of image.
const SOI: u8 = 0xD8;
/// End of image.
const EOI: u8 = 0xD9;
/// Start of scan.
const SOS: u8 = 0xDA;
/// Adobe's APP14 segment (its colour transform byte decides how some
/// pictures decode).
const APP14: u8 = 0xEE;

/// Whether a marker starts a frame (baseline, progressive, lossless or
/// arithmetic; not DHT 0xC4, JPG 0xC8 or DAC 0xCC).
fn is_frame(kind: u8) -> bool {
    matches!(kind, 0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF)
}

/// Whether a segment is a table the picture needs: Huffman, arithmetic
/// conditioning, quantisation, number of lines, restart interval.
fn is_table(kind: u8) -> bool {
    matches!(kind, 0xC4 | 0xCC | 0xDB | 0xDC | 0xDD)
}

fn broken(what: &str) -> MediaError {
    MediaError::Unreadable(format!("the JPEG structure is broken ({what})"))
}

/// The shared copy of a JPEG: start of image, the orientation (when it is
/// not 1), the primary picture's frame, tables and scans, end of image.
pub fn rebuild_jpeg(bytes: &[u8], orientation: u8) -> Result<Vec<u8>, MediaError> {
    if bytes.get(0..2) != Some(&[0xFF, SOI]) {
        return Err(broken("no start of image"));
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&[0xFF, SOI]);
    if (2..=8).contains(&orientation) {
        out.extend_from_slice(&orientation_exif(orientation));
    }
    let mut at = 2;
    let mut frame = false;
    let mut scans = 0;
    loop {
        // Fill bytes (0xFF) may pad before a marker.
        while bytes.get(at) == Some(&0xFF) && bytes.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        let (Some(&mark), Some(&kind)) = (bytes.get(at), bytes.get(at + 1)) else {
            // A file cut short after its scans still shows what it has.
            if scans > 0 {
                break;
            }
            return Err(broken("it ends before the picture"));
        };
        if mark != 0xFF {
            return Err(broken("a segment does not start with a marker"));
        }
        if kind == EOI {
            break;
        }
        if kind == 0x01 || (0xD0..=0xD7).contains(&kind) {
            at += 2;
            continue;
        }
        let length = bytes
            .get(at + 2..at + 4)
            .map(|l| usize::from(u16::from_be_bytes([l[0], l[1]])))
            .ok_or_else(|| broken("a segment has no length"))?;
        let end = at + 2 + length;
        let segment = bytes
            .get(at..end)
            .filter(|_| length >= 2)
            .ok_or_else(|| broken("a segment is longer than the file"))?;
        at = end;
        if is_frame(kind) {
            // A second frame is another picture (a hierarchical or appended one).
            if frame {
                break;
            }
            frame = true;
            out.extend_from_slice(segment);
        } else if is_table(kind) {
            out.extend_from_slice(segment);
        } else if kind == APP14 {
            if let Some(adobe) = adobe_segment(segment) {
                out.extend_from_slice(&adobe);
            }
        } else if kind == SOS {
            if !frame {
                return Err(broken("a scan comes before the frame"));
            }
            let data_end = entropy_coded_end(bytes, at);
            out.extend_from_slice(segment);
            out.extend_from_slice(&bytes[at..data_end]);
            at = data_end;
            scans += 1;
        }
        // Anything else (APPn, COM, JPGn, DHP, EXP, unknown) stays behind.
    }
    if scans == 0 {
        return Err(broken("no picture data"));
    }
    out.extend_from_slice(&[0xFF, EOI]);
    Ok(out)
}

/// Where the entropy-coded data that starts at `from` ends: at the next
/// marker that can follow a scan (0xC0-0xFE, not a restart marker). A
/// stuffed zero, a restart marker or a byte pair that is no marker (damage
/// the decoder deals with) is part of the data.
fn entropy_coded_end(bytes: &[u8], from: usize) -> usize {
    let mut at = from;
    while at + 1 < bytes.len() {
        if bytes[at] == 0xFF {
            match bytes[at + 1] {
                0xFF => at += 1,
                0xD0..=0xD7 | 0x00..=0xBF => at += 2,
                _ => return at,
            }
        } else {
            at += 1;
        }
    }
    bytes.len()
}

/// Adobe's APP14 rebuilt with only its colour transform, or `None` when the
/// segment is not Adobe's.
fn adobe_segment(segment: &[u8]) -> Option<[u8; 16]> {
    let payload = segment.get(4..)?;
    if !payload.starts_with(b"Adobe") {
        return None;
    }
    let transform = *payload.get(11)?;
    let mut adobe = [0u8; 16];
    adobe[..4].copy_from_slice(&[0xFF, APP14, 0x00, 14]);
    adobe[4..9].copy_from_slice(b"Adobe");
    adobe[9..11].copy_from_slice(&100u16.to_be_bytes());
    adobe[15] = transform;
    Some(adobe)
}

/// An APP1 EXIF segment holding one field, the orientation (1-8).
pub fn orientation_exif(orientation: u8) -> Vec<u8> {
    let mut exif = vec![0xFF, 0xE1, 0x00, 34];
    exif.extend_from_slice(b"Exif\0\0");
    // TIFF header, big-endian, first IFD at offset 8.
    exif.extend_from_slice(b"MM\0\x2A\0\0\0\x08");
    // One entry: tag 0x0112 (Orientation), type 3 (SHORT), count 1, value.
    exif.extend_from_slice(&1u16.to_be_bytes());
    exif.extend_from_slice(&[0x01, 0x12, 0x00, 0x03, 0, 0, 0, 1]);
    exif.extend_from_slice(&[0, orientation, 0, 0]);
    // No next IFD.
    exif.extend_from_slice(&[0, 0, 0, 0]);
    exif
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny structurally valid JPEG: SOI, DQT, SOF0, SOS + data, EOI.
    fn tiny(extra_before_eoi: &[u8], trailer: &[u8]) -> Vec<u8> {
        let mut jpeg = vec![0xFF, SOI];
        jpeg.extend_from_slice(&[0xFF, 0xE1, 0x00, 0x08, b'E', b'x', b'i', b'f', 0, 0]);
        jpeg.extend_from_slice(&[0xFF, 0xDB, 0x00, 0x04, 0x00, 0x01]);
        jpeg.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x04, 0x08, 0x00]);
        jpeg.extend_from_slice(&[0xFF, SOS, 0x00, 0x03, 0x01]);
        jpeg.extend_from_slice(&[0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56]);
        jpeg.extend_from_slice(extra_before_eoi);
        jpeg.extend_from_slice(&[0xFF, EOI]);
        jpeg.extend_from_slice(trailer);
        jpeg
    }

    #[test]
    fn keeps_frame_tables_and_scan_and_nothing_else() {
        let comment = [0xFF, 0xFE, 0x00, 0x06, b'M', b'a', b'k', b'e'];
        let original = tiny(&comment, b"\xFF\xD8trailing second picture");
        let shared = rebuild_jpeg(&original, 1).expect("rebuilt");
        let mut expected = vec![0xFF, SOI];
        expected.extend_from_slice(&[0xFF, 0xDB, 0x00, 0x04, 0x00, 0x01]);
        expected.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x04, 0x08, 0x00]);
        expected.extend_from_slice(&[0xFF, SOS, 0x00, 0x03, 0x01]);
        expected.extend_from_slice(&[0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56]);
        expected.extend_from_slice(&[0xFF, EOI]);
        assert_eq!(shared, expected);
    }

    #[test]
    fn adds_only_the_orientation_when_it_is_not_upright() {
        let shared = rebuild_jpeg(&tiny(&[], &[]), 6).expect("rebuilt");
        let exif = orientation_exif(6);
        assert_eq!(exif.len(), 36);
        assert_eq!(&shared[2..38], exif.as_slice());
        assert_eq!(
            rebuild_jpeg(&tiny(&[], &[]), 1).expect("rebuilt").len() + exif.len(),
            shared.len()
        );
    }

    #[test]
    fn refuses_what_is_not_a_jpeg_picture() {
        assert!(rebuild_jpeg(b"not a jpeg", 1).is_err());
        assert!(rebuild_jpeg(&[0xFF, SOI, 0xFF, 0xDB, 0x00, 0x40, 0x00], 1).is_err());
        assert!(rebuild_jpeg(&[0xFF, SOI, 0xFF, EOI], 1).is_err());
        let scan_first = [0xFF, SOI, 0xFF, SOS, 0x00, 0x02, 0x00, 0xFF, EOI];
        assert!(rebuild_jpeg(&scan_first, 1).is_err());
    }
}
