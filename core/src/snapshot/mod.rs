//! An audit as the exports and the report read it: its documents, the
//! earlier audit to compare with, where the photos come from, and what is
//! derived from them alike for every output (the shared photos with their
//! credits, the map's features). Both [`crate::export`] and
//! [`crate::report`] build on this module; neither needs the other's parts.

mod map;
mod photos;
pub mod scale;

pub use self::map::{
    legend, map_features, participant_map_features, shown_track, LatLon, LegendShape, MapFeatures,
    MapHotSpot, MapLegendEntry, MapPhoto, MapStop, MapTrack, LEGEND_KINDS,
};
pub use self::photos::{shared_photos, SharedPhoto};

use crate::analysis::EarlierAudit;
use crate::model::{AuditData, ResponseData};

/// Where the full-size shared photos come from (the server's blob folder,
/// the device's store).
pub trait BlobSource {
    /// The blob's bytes, or `None` when it is not (yet) available.
    fn blob(&self, hash: &str) -> Option<Vec<u8>>;

    /// `len` bytes of a blob from `offset` (fewer at its end), read without
    /// loading the whole blob; `None` when not available. Sources that
    /// cannot read by range say `None`, and the report's map then has no
    /// base map (a package may be hundreds of MiB).
    fn blob_range(&self, _hash: &str, _offset: u64, _len: usize) -> Option<Vec<u8>> {
        None
    }
}

/// No blobs at all (photos are then listed without images).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoBlobs;

impl BlobSource for NoBlobs {
    fn blob(&self, _: &str) -> Option<Vec<u8>> {
        None
    }
}

impl<F: Fn(&str) -> Option<Vec<u8>>> BlobSource for F {
    fn blob(&self, hash: &str) -> Option<Vec<u8>> {
        self(hash)
    }
}

/// Everything an export reads.
#[derive(Clone, Copy)]
pub struct ExportInput<'a> {
    /// The audit's document id.
    pub audit_id: &'a str,
    /// The audit document.
    pub audit: &'a AuditData,
    /// All participants' responses.
    pub responses: &'a [ResponseData],
    /// The earlier audit to compare with, if chosen and available.
    pub earlier: Option<EarlierAudit<'a>>,
    /// The shared photos.
    pub blobs: &'a dyn BlobSource,
    /// Language of the export (`en`, `bg`, `ar`…): template texts, the
    /// report's and the exports' fixed words; English as fallback.
    pub lang: &'a str,
}
