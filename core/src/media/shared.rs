//! The shared copy of a photo and its thumbnail.
//!
//! The shared copy is what leaves the device: the picture without EXIF,
//! XMP, ICC profiles, comments or any other metadata (no make, model,
//! serial or GPS; the consented location lives in the response document).
//! A JPEG that needs no rotation keeps its compressed data untouched (the
//! metadata segments are cut out); a rotated JPEG or a PNG is decoded,
//! turned upright and encoded again, so the orientation is in the pixels.

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageFormat};
use std::io::Cursor;

use super::{MediaError, PhotoMetadata};

/// Longest side of a thumbnail, in pixels.
pub const THUMBNAIL_SIZE: u32 = 320;
/// JPEG quality of re-encoded shared copies.
const SHARED_QUALITY: u8 = 90;
/// JPEG quality of thumbnails.
const THUMBNAIL_QUALITY: u8 = 80;
/// Largest picture accepted, in pixels (a 100-megapixel camera fits).
const MAX_PIXELS: u64 = 120_000_000;

/// A photo made ready to keep and share.
#[derive(Debug, Clone)]
pub struct PreparedPhoto {
    /// The shared copy's bytes.
    pub shared: Vec<u8>,
    /// Its media type (`image/jpeg` or `image/png`).
    pub media_type: &'static str,
    /// A JPEG thumbnail, at most [`THUMBNAIL_SIZE`] pixels on its longest side.
    pub thumbnail: Vec<u8>,
    /// What the original's EXIF said.
    pub metadata: PhotoMetadata,
}

/// The ISO base media brands of HEIF pictures (HEIC is an iPhone's default).
const HEIF_BRANDS: [&[u8; 4]; 6] = [b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1"];

/// The picture format of `bytes`, or why it cannot be used: HEIF/HEIC and
/// formats the app does not decode are "not supported yet" (with what to
/// do), anything else is not a picture.
fn picture_format(bytes: &[u8]) -> Result<ImageFormat, MediaError> {
    let heif = bytes.get(4..8) == Some(b"ftyp")
        && bytes
            .get(8..12)
            .is_some_and(|brand| HEIF_BRANDS.iter().any(|b| b.as_slice() == brand));
    if heif {
        return Err(MediaError::Unsupported("HEIC".into()));
    }
    let format = image::guess_format(bytes).map_err(|_| MediaError::NotAnImage)?;
    if !matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP
    ) {
        let name = format.extensions_str().first().copied().unwrap_or("this");
        return Err(MediaError::Unsupported(name.to_uppercase()));
    }
    Ok(format)
}

/// Reads a picked photo and makes its shared copy and thumbnail. JPEG and
/// PNG keep their format; a WebP picture is shared as a JPEG (decoded and
/// encoded again, so nothing of its metadata goes along).
pub fn prepare(bytes: &[u8]) -> Result<PreparedPhoto, MediaError> {
    let format = picture_format(bytes)?;
    let metadata = super::read_metadata(bytes);
    let mut reader = image::ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 4);
    reader.limits(limits);
    let decoded = reader
        .decode()
        .map_err(|e| MediaError::Unreadable(e.to_string()))?;
    let upright = orient(decoded, metadata.orientation.unwrap_or(1));
    let needs_rotation = metadata.orientation.is_some_and(|o| o != 1);
    let (shared, media_type) = match format {
        ImageFormat::Jpeg if !needs_rotation => (strip_jpeg(bytes)?, "image/jpeg"),
        ImageFormat::Jpeg | ImageFormat::WebP => {
            (encode_jpeg(&upright, SHARED_QUALITY)?, "image/jpeg")
        }
        _ => (encode_png(&upright)?, "image/png"),
    };
    let thumbnail = encode_jpeg(
        &upright.thumbnail(THUMBNAIL_SIZE, THUMBNAIL_SIZE),
        THUMBNAIL_QUALITY,
    )?;
    Ok(PreparedPhoto {
        shared,
        media_type,
        thumbnail,
        metadata,
    })
}

/// The thumbnail of a shared copy that came from the server. Shared copies
/// are already upright (their orientation is in the pixels), so no EXIF is
/// read.
pub fn thumbnail_of_shared(bytes: &[u8]) -> Result<Vec<u8>, MediaError> {
    let format = image::guess_format(bytes).map_err(|_| MediaError::NotAnImage)?;
    if !matches!(format, ImageFormat::Jpeg | ImageFormat::Png) {
        return Err(MediaError::NotAnImage);
    }
    let mut reader = image::ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 4);
    reader.limits(limits);
    let decoded = reader
        .decode()
        .map_err(|e| MediaError::Unreadable(e.to_string()))?;
    encode_jpeg(
        &decoded.thumbnail(THUMBNAIL_SIZE, THUMBNAIL_SIZE),
        THUMBNAIL_QUALITY,
    )
}

/// Turns the picture upright according to its EXIF orientation (1-8).
fn orient(image: DynamicImage, orientation: u8) -> DynamicImage {
    match orientation {
        2 => image.fliph(),
        3 => image.rotate180(),
        4 => image.flipv(),
        5 => image.rotate90().fliph(),
        6 => image.rotate90(),
        7 => image.rotate270().fliph(),
        8 => image.rotate270(),
        _ => image,
    }
}

fn encode_jpeg(image: &DynamicImage, quality: u8) -> Result<Vec<u8>, MediaError> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(&DynamicImage::ImageRgb8(image.to_rgb8()))
        .map_err(|e| MediaError::Encode(e.to_string()))?;
    Ok(out)
}

fn encode_png(image: &DynamicImage) -> Result<Vec<u8>, MediaError> {
    let mut out = Cursor::new(Vec::new());
    image
        .write_to(&mut out, ImageFormat::Png)
        .map_err(|e| MediaError::Encode(e.to_string()))?;
    Ok(out.into_inner())
}

/// Copies a JPEG without its metadata segments: APP1-APP13 and APP15
/// (EXIF, XMP, ICC, maker data) and comments. JFIF (APP0) and Adobe
/// (APP14, needed to decode some colour spaces) stay; the image data is
/// copied byte for byte.
pub fn strip_jpeg(bytes: &[u8]) -> Result<Vec<u8>, MediaError> {
    let broken = || MediaError::Unreadable("the JPEG structure is broken".into());
    if bytes.get(0..2) != Some(&[0xFF, 0xD8]) {
        return Err(broken());
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&[0xFF, 0xD8]);
    let mut at = 2;
    loop {
        // Fill bytes (0xFF) may pad between segments.
        while bytes.get(at) == Some(&0xFF) && bytes.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        let (&mark, &kind) = (
            bytes.get(at).ok_or_else(broken)?,
            bytes.get(at + 1).ok_or_else(broken)?,
        );
        if mark != 0xFF {
            return Err(broken());
        }
        match kind {
            // Start of scan: the rest is entropy-coded data and later segments
            // (more scans in progressive files); metadata never follows.
            0xDA => {
                out.extend_from_slice(&bytes[at..]);
                return Ok(out);
            }
            0xD9 => {
                out.extend_from_slice(&[0xFF, 0xD9]);
                return Ok(out);
            }
            0x01 | 0xD0..=0xD7 => {
                out.extend_from_slice(&[0xFF, kind]);
                at += 2;
            }
            _ => {
                let high = usize::from(*bytes.get(at + 2).ok_or_else(broken)?);
                let low = usize::from(*bytes.get(at + 3).ok_or_else(broken)?);
                let end = at + 2 + (high << 8 | low);
                let segment = bytes.get(at..end).ok_or_else(broken)?;
                let metadata = matches!(kind, 0xE1..=0xED | 0xEF | 0xFE);
                if !metadata {
                    out.extend_from_slice(segment);
                }
                at = end;
            }
        }
    }
}
