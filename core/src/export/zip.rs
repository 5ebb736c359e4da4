//! ZIP of the full-size shared photos with a credits file.

use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;

use super::csv::iso_utc;
use super::geojson::theme_title;
use super::ExportError;
use crate::report::words::Words;
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
/// time and place of each, listing photos not yet uploaded too. The
/// credits' fixed words and the themes' titles are in the export's language
/// (`credits.*` in the report catalogue); folder names use the theme ids.
pub fn photos_zip(input: &ExportInput<'_>) -> Result<Vec<u8>, ExportError> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .unix_permissions(0o644);
    let words = Words::or_english(input.lang);
    let title = input.audit.title.value().cloned().unwrap_or_default();
    let mut credits = words.f("credits.intro", &[("title", &title)]);
    credits.push_str("\n\n");
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
            None => words.t("credits.notUploaded"),
        };
        let unknown = || words.t("credits.unknown");
        let taken = photo.taken_at.map(iso_utc).unwrap_or_else(unknown);
        let place = photo
            .location
            .map(|l| format!("{:.6}, {:.6} ({})", l.lat, l.lon, l.source.as_str()))
            .unwrap_or_else(unknown);
        let theme = theme_title(input, &photo.theme);
        for (key, name, value) in [
            ("credits.file", "file", file.as_str()),
            ("credits.title", "title", photo.title.as_str()),
            ("credits.caption", "caption", photo.caption.as_str()),
            ("credits.theme", "theme", theme.as_str()),
            ("credits.photo", "credit", photo.credit.as_str()),
            ("credits.taken", "time", taken.as_str()),
            ("credits.place", "place", place.as_str()),
        ] {
            credits.push_str(&words.f(key, &[(name, value)]));
            credits.push('\n');
        }
        credits.push_str(&format!("SHA-256: {}\n\n", photo.hash));
    }
    zip.start_file(CREDITS_FILE, options).map_err(zip_error)?;
    zip.write_all(credits.as_bytes())?;
    Ok(zip.finish().map_err(zip_error)?.into_inner())
}
