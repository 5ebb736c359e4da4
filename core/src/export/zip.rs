//! ZIP of the full-size shared photos with a credits file.

use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;

use super::csv::iso_utc;
use super::ExportError;
use crate::snapshot::{shared_photos, ExportInput};

/// Name of the credits file in the ZIP.
pub const CREDITS_FILE: &str = "CREDITS.txt";

fn zip_error(e: impl std::fmt::Display) -> ExportError {
    ExportError::Zip(e.to_string())
}

/// A file name from a title: letters and digits kept, the rest `-`.
fn slug(title: &str) -> String {
    let slug: String = title
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let slug: String = slug.chars().take(40).collect();
    if slug.is_empty() {
        "photo".to_owned()
    } else {
        slug
    }
}

/// The ZIP: `photos/<theme>/<nnn>-<title>.<ext>` for every shared photo
/// whose blob is available (stored, not recompressed: photos are already
/// compressed), and `CREDITS.txt` with title, caption, theme, photographer,
/// time and place of each, listing photos not yet uploaded too.
pub fn photos_zip(input: &ExportInput<'_>) -> Result<Vec<u8>, ExportError> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .unix_permissions(0o644);
    let title = input.audit.title.value().cloned().unwrap_or_default();
    let mut credits = format!("Photos of the audit \"{title}\" (photovoice)\n\n");
    for (index, photo) in shared_photos(input).iter().enumerate() {
        let ext = match photo.media_type.as_str() {
            "image/png" => "png",
            "image/webp" => "webp",
            _ => "jpg",
        };
        let name = format!(
            "photos/{}/{:03}-{}.{ext}",
            slug(&photo.theme),
            index + 1,
            slug(&photo.title)
        );
        let file = match input.blobs.blob(&photo.hash) {
            Some(bytes) => {
                zip.start_file(name.as_str(), options).map_err(zip_error)?;
                zip.write_all(&bytes)?;
                name
            }
            None => "(not uploaded yet)".to_owned(),
        };
        credits.push_str(&format!(
            "File: {file}\nTitle: {}\nCaption: {}\nTheme: {}\nPhoto: {}\nTaken: {}\nPlace: {}\nSHA-256: {}\n\n",
            photo.title,
            photo.caption,
            photo.theme,
            photo.credit,
            photo.taken_at.map(iso_utc).unwrap_or_else(|| "unknown".into()),
            photo
                .location
                .map(|l| format!("{:.6}, {:.6} ({})", l.lat, l.lon, l.source.as_str()))
                .unwrap_or_else(|| "unknown".into()),
            photo.hash,
        ));
    }
    zip.start_file(CREDITS_FILE, options).map_err(zip_error)?;
    zip.write_all(credits.as_bytes())?;
    Ok(zip.finish().map_err(zip_error)?.into_inner())
}
