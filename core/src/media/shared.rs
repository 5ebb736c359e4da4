//! The shared copy of a photo and its thumbnail.
//!
//! The shared copy is what leaves the device: the picture without EXIF,
//! XMP, ICC profiles, comments or any other metadata (no make, model,
//! serial or GPS; the location, when the person shares it, lives in the
//! response document). A JPEG is rebuilt from an allow-list
//! ([`super::jpeg`]): its compressed picture untouched and its orientation
//! kept as the only EXIF field, so nothing is decoded and encoded again. A
//! PNG or WebP picture is decoded, turned upright and encoded again.

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageFormat};
use std::io::Cursor;

use super::jpeg::rebuild_jpeg;
use super::{MediaError, PhotoMetadata};

/// Longest side of a thumbnail, in pixels.
pub const THUMBNAIL_SIZE: u32 = 320;
/// JPEG quality of shared copies made from WebP pictures.
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

/// Reads a picked photo and makes its shared copy and thumbnail. A JPEG is
/// rebuilt from its picture data (its orientation kept as a tag); a PNG is
/// encoded again upright; a WebP picture is shared as an upright JPEG.
pub fn prepare(bytes: &[u8]) -> Result<PreparedPhoto, MediaError> {
    let format = picture_format(bytes)?;
    let metadata = super::read_metadata(bytes);
    let orientation = metadata.orientation.unwrap_or(1);
    if format == ImageFormat::Jpeg {
        let shared = rebuild_jpeg(bytes, orientation)?;
        // The thumbnail is made from the shared copy: it must decode.
        let thumbnail = jpeg_thumbnail(&shared, orientation)?;
        return Ok(PreparedPhoto {
            shared,
            media_type: "image/jpeg",
            thumbnail,
            metadata,
        });
    }
    let upright = orient(decode(bytes, format)?, orientation);
    let (shared, media_type) = match format {
        ImageFormat::WebP => (encode_jpeg(&upright, SHARED_QUALITY)?, "image/jpeg"),
        _ => (encode_png(&upright)?, "image/png"),
    };
    Ok(PreparedPhoto {
        shared,
        media_type,
        thumbnail: thumbnail_of(&upright)?,
        metadata,
    })
}

/// The thumbnail of a shared copy that came from the server, upright by
/// the orientation it carries.
pub fn thumbnail_of_shared(bytes: &[u8]) -> Result<Vec<u8>, MediaError> {
    match image::guess_format(bytes).map_err(|_| MediaError::NotAnImage)? {
        ImageFormat::Jpeg => {
            let orientation = super::read_metadata(bytes).orientation.unwrap_or(1);
            jpeg_thumbnail(bytes, orientation)
        }
        ImageFormat::Png => thumbnail_of(&decode(bytes, ImageFormat::Png)?),
        _ => Err(MediaError::NotAnImage),
    }
}

/// Decodes a whole picture, refusing one over [`MAX_PIXELS`].
fn decode(bytes: &[u8], format: ImageFormat) -> Result<DynamicImage, MediaError> {
    let mut reader = image::ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 4);
    reader.limits(limits);
    reader
        .decode()
        .map_err(|e| MediaError::Unreadable(e.to_string()))
}

/// A JPEG's thumbnail, turned upright. It is decoded at a reduced scale
/// (1/2 to 1/8: the decoder skips the fine detail instead of computing it);
/// a picture that scaled decoder refuses (damaged data it is strict about,
/// CMYK, 16-bit) is decoded whole by the tolerant one.
fn jpeg_thumbnail(bytes: &[u8], orientation: u8) -> Result<Vec<u8>, MediaError> {
    let picture = match scaled_jpeg(bytes)? {
        Some(picture) => picture,
        None => decode(bytes, ImageFormat::Jpeg)?,
    };
    thumbnail_of(&orient(picture, orientation))
}

/// A JPEG decoded at the smallest scale still at least a thumbnail's size,
/// `None` when the scaled decoder cannot decode it, an error when it is
/// larger than [`MAX_PIXELS`].
fn scaled_jpeg(bytes: &[u8]) -> Result<Option<DynamicImage>, MediaError> {
    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    let Some(info) = decoder.read_info().ok().and(decoder.info()) else {
        return Ok(None);
    };
    if u64::from(info.width) * u64::from(info.height) > MAX_PIXELS {
        return Err(MediaError::Unreadable(format!(
            "{} x {} pixels is larger than the {} megapixels accepted",
            info.width,
            info.height,
            MAX_PIXELS / 1_000_000
        )));
    }
    let side = THUMBNAIL_SIZE as u16;
    let Ok((width, height)) = decoder.scale(side, side) else {
        return Ok(None);
    };
    let Ok(pixels) = decoder.decode() else {
        return Ok(None);
    };
    let (width, height) = (u32::from(width), u32::from(height));
    Ok(match info.pixel_format {
        jpeg_decoder::PixelFormat::RGB24 => {
            image::RgbImage::from_raw(width, height, pixels).map(DynamicImage::ImageRgb8)
        }
        jpeg_decoder::PixelFormat::L8 => {
            image::GrayImage::from_raw(width, height, pixels).map(DynamicImage::ImageLuma8)
        }
        _ => None,
    })
}

/// A JPEG thumbnail of an upright picture.
fn thumbnail_of(upright: &DynamicImage) -> Result<Vec<u8>, MediaError> {
    encode_jpeg(
        &upright.thumbnail(THUMBNAIL_SIZE, THUMBNAIL_SIZE),
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
