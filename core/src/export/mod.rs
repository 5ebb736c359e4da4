//! Exports of an audit: CSV of every answer, CSV of the values that could
//! not be read (schema.md §7), GeoJSON of stops, photos and
//! tracks, the City Audit Report (Markdown and self-contained HTML), and a
//! ZIP of the shared photos with a credits file.
//!
//! Everything is computed from the documents by [`crate::analysis`]; the
//! app's export buttons and `cityaudit-sync export` both call [`export`].

mod csv;
mod geojson;
mod zip;

pub use self::csv::{answers_csv, problems_csv, PROBLEMS_HEADER};
pub use self::geojson::geojson;
pub use self::zip::photos_zip;
pub use crate::snapshot::scale::{self, ScoreColour};
pub use crate::snapshot::{
    legend, map_features, participant_map_features, shared_photos, shown_track, BlobSource,
    ExportInput, LatLon, LegendShape, MapFeatures, MapHotSpot, MapLegendEntry, MapPhoto, MapStop,
    MapTrack, NoBlobs, SharedPhoto, LEGEND_KINDS,
};

use serde::{Deserialize, Serialize};
use std::io::Write;
use std::str::FromStr;

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum ExportFormat {
    /// CSV, one row per participant x statement and per stop answer.
    Csv,
    /// CSV, one row per value of a response that could not be read.
    Problems,
    /// GeoJSON FeatureCollection of stops, photos and tracks.
    Geojson,
    /// The City Audit Report as Markdown.
    Md,
    /// The City Audit Report as self-contained HTML.
    Html,
    /// ZIP of the full-size shared photos with a credits file.
    Zip,
}

impl ExportFormat {
    /// The usual file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv | ExportFormat::Problems => "csv",
            ExportFormat::Geojson => "geojson",
            ExportFormat::Md => "md",
            ExportFormat::Html => "html",
            ExportFormat::Zip => "zip",
        }
    }
}

impl FromStr for ExportFormat {
    type Err = ExportError;
    fn from_str(text: &str) -> Result<Self, ExportError> {
        match text {
            "csv" => Ok(ExportFormat::Csv),
            "problems" => Ok(ExportFormat::Problems),
            "geojson" => Ok(ExportFormat::Geojson),
            "md" | "markdown" => Ok(ExportFormat::Md),
            "html" => Ok(ExportFormat::Html),
            "zip" => Ok(ExportFormat::Zip),
            other => Err(ExportError::UnknownFormat(other.to_owned())),
        }
    }
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Not one of csv, problems, geojson, md, html, zip.
    #[error("unknown export format {0:?}: choose csv, problems, geojson, md, html or zip")]
    UnknownFormat(String),
    /// Writing the output failed.
    #[error("writing the export failed: {0}")]
    Io(#[from] std::io::Error),
    /// Building the ZIP failed.
    #[error("building the ZIP failed: {0}")]
    Zip(String),
    /// The report has no such language.
    #[error(transparent)]
    UnknownLanguage(#[from] crate::report::words::WordsError),
    /// Serialising JSON failed.
    #[error("building the GeoJSON failed: {0}")]
    Json(#[from] serde_json::Error),
}

/// Writes the export in `format` to `out`.
pub fn export(
    format: ExportFormat,
    input: &ExportInput<'_>,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    // An unknown language is refused before anything is written, whatever the format.
    crate::report::words::Words::new(input.lang)?;
    match format {
        ExportFormat::Csv => out.write_all(answers_csv(input).as_bytes())?,
        ExportFormat::Problems => out.write_all(problems_csv(input).as_bytes())?,
        ExportFormat::Geojson => serde_json::to_writer_pretty(&mut *out, &geojson(input))?,
        ExportFormat::Md => out.write_all(crate::report::markdown(input).as_bytes())?,
        ExportFormat::Html => out.write_all(crate::report::html(input).as_bytes())?,
        ExportFormat::Zip => {
            let bytes = photos_zip(input)?;
            out.write_all(&bytes)?;
        }
    }
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod lang_tests;
#[cfg(test)]
mod map_tests;
#[cfg(test)]
mod tests;
