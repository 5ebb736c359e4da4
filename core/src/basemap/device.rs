//! A device's base map: attaching a package (facilitators), what the map
//! views ask ([`BaseMapInfo`], byte ranges of the package), and opening it
//! for the report.

use serde::Serialize;

use super::pmtiles::{PmTiles, PmTilesError, TileType};
use super::{Source, MAX_BASE_MAP_BYTES};
use crate::ids::{BlobHash, DocumentId};
use crate::model::{now_ms, BaseMap, BaseMapRef};
use crate::profile::{Profile, ProfileError};
use crate::store::StoreError;

/// Media type under which a package is queued for upload.
pub const MEDIA_TYPE: &str = "application/vnd.pmtiles";

/// Most bytes one `base_map_range` call returns.
pub const MAX_RANGE_BYTES: u64 = 1024 * 1024;

/// Why a base map could not be attached or read.
#[derive(Debug, thiserror::Error)]
pub enum BaseMapError {
    /// The file is not a usable PMTiles package.
    #[error(transparent)]
    Package(#[from] PmTilesError),
    /// The package is larger than [`MAX_BASE_MAP_BYTES`].
    #[error("the map package has {bytes} bytes; at most {max} are allowed (extract a smaller area or fewer zooms)")]
    TooLarge {
        /// Its size.
        bytes: u64,
        /// The limit.
        max: u64,
    },
    /// The audit has no base map.
    #[error("this audit has no base map")]
    NoBaseMap,
    /// The package has not arrived on this device yet.
    #[error("the base map has not arrived on this device yet: sync when online")]
    NotOnDevice,
    /// A range outside the package or longer than [`MAX_RANGE_BYTES`].
    #[error(
        "bytes {offset}+{length} are outside the {size}-byte map package or longer than {max}"
    )]
    OutOfRange {
        /// First byte asked for.
        offset: u64,
        /// Bytes asked for.
        length: u64,
        /// The package's size.
        size: u64,
        /// Most bytes per call.
        max: u64,
    },
}

/// The audit's base map as the map views see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct BaseMapInfo {
    /// The package's SHA-256.
    pub hash: String,
    /// A name for people.
    pub name: String,
    /// Size in bytes.
    #[cfg_attr(test, ts(type = "number"))]
    pub bytes: u64,
    /// `mvt`, `png`, `jpeg` or `webp`.
    pub tile_type: TileType,
    /// West, south, east, north in degrees.
    pub bounds: [f64; 4],
    /// Lowest zoom with tiles.
    pub min_zoom: u8,
    /// Highest zoom with tiles.
    pub max_zoom: u8,
    /// Longitude, latitude and zoom to open the map at.
    pub centre: [f64; 3],
    /// True when the whole package is on this device.
    pub available: bool,
}

impl BaseMapInfo {
    fn new(map: &BaseMap, available: bool) -> Self {
        BaseMapInfo {
            hash: map.hash.to_string(),
            name: map.name.clone(),
            bytes: map.bytes,
            tile_type: map.tile_type,
            bounds: map.bounds,
            min_zoom: map.min_zoom,
            max_zoom: map.max_zoom,
            centre: map.centre,
            available,
        }
    }
}

/// Checks a package and describes it: the reference a facilitator attaches.
pub fn describe(name: &str, bytes: &[u8]) -> Result<BaseMapRef, BaseMapError> {
    let size = bytes.len() as u64;
    if size > MAX_BASE_MAP_BYTES {
        return Err(BaseMapError::TooLarge {
            bytes: size,
            max: MAX_BASE_MAP_BYTES,
        });
    }
    let package = PmTiles::open(bytes)?;
    let h = package.header();
    let tile_type = serde_json::to_value(h.tile_type)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    Ok(BaseMapRef {
        hash: BlobHash::of(bytes).to_string(),
        name: name.trim().to_owned(),
        bytes: size,
        tile_type,
        bounds: h.bounds.to_vec(),
        min_zoom: i64::from(h.min_zoom),
        max_zoom: i64::from(h.max_zoom),
        centre: h.centre.to_vec(),
        added_at: now_ms(),
    })
}

/// A package held on the device, read by range.
pub struct HeldPackage<'a> {
    profile: &'a Profile,
    hash: BlobHash,
    size: u64,
}

impl Source for HeldPackage<'_> {
    fn size(&self) -> std::io::Result<u64> {
        Ok(self.size)
    }

    fn read_at(&self, offset: u64, len: usize) -> std::io::Result<Vec<u8>> {
        let bytes = self
            .profile
            .blobs()
            .read_range(&self.hash, offset, len)
            .map_err(std::io::Error::other)?;
        if bytes.len() == len {
            Ok(bytes)
        } else {
            Err(std::io::ErrorKind::UnexpectedEof.into())
        }
    }
}

impl Profile {
    /// Attaches the package `bytes` as the audit's base map: checked with
    /// the PMTiles reader, kept as a blob queued for upload, then recorded
    /// in the audit document. Refused, with nothing kept, when the package
    /// is not usable or the audit refuses the reference.
    pub fn attach_base_map(
        &mut self,
        audit_id: &DocumentId,
        name: &str,
        bytes: &[u8],
    ) -> Result<BaseMap, ProfileError> {
        let reference = describe(name, bytes)?;
        let hash = self.store_photo_blob(bytes, MEDIA_TYPE)?;
        let kept_before = self
            .audit(audit_id)?
            .base_map()
            .is_some_and(|m| m.hash == hash);
        if let Err(error) = self.edit_audit(audit_id, |audit| audit.set_base_map(&reference)) {
            if !kept_before {
                let _ = self.store().unqueue_upload(&hash);
                let _ = self.blobs().remove(&hash);
            }
            return Err(error);
        }
        self.audit(audit_id)?
            .base_map()
            .ok_or_else(|| StoreError::NotFound("base map".into()).into())
    }

    /// The audit's base map, with whether its package is on this device.
    pub fn base_map_info(
        &self,
        audit_id: &DocumentId,
    ) -> Result<Option<BaseMapInfo>, ProfileError> {
        let Some(map) = self.audit(audit_id)?.base_map() else {
            return Ok(None);
        };
        let available = self.blobs().contains(&map.hash);
        Ok(Some(BaseMapInfo::new(&map, available)))
    }

    /// `length` bytes of the audit's package from `offset` (at most
    /// [`MAX_RANGE_BYTES`], within the package).
    pub fn base_map_range(
        &self,
        audit_id: &DocumentId,
        offset: u64,
        length: u64,
    ) -> Result<Vec<u8>, ProfileError> {
        let package = self.held_base_map(audit_id)?;
        let inside = offset
            .checked_add(length)
            .is_some_and(|end| end <= package.size);
        if !inside || length > MAX_RANGE_BYTES {
            return Err(BaseMapError::OutOfRange {
                offset,
                length,
                size: package.size,
                max: MAX_RANGE_BYTES,
            }
            .into());
        }
        // Lossless: at most MAX_RANGE_BYTES.
        Ok(package
            .read_at(offset, length as usize)
            .map_err(PmTilesError::from)
            .map_err(BaseMapError::from)?)
    }

    /// The audit's package on this device, readable by range.
    pub fn held_base_map(&self, audit_id: &DocumentId) -> Result<HeldPackage<'_>, ProfileError> {
        let map = self
            .audit(audit_id)?
            .base_map()
            .ok_or(BaseMapError::NoBaseMap)?;
        let size = self
            .blobs()
            .size(&map.hash)
            .map_err(|e| StoreError::Blob(e.to_string()))?
            .ok_or(BaseMapError::NotOnDevice)?;
        Ok(HeldPackage {
            profile: self,
            hash: map.hash,
            size,
        })
    }

    /// The audit's package opened for reading tiles, when it is on this
    /// device and readable.
    pub fn open_base_map(&self, audit_id: &DocumentId) -> Option<PmTiles<HeldPackage<'_>>> {
        PmTiles::open(self.held_base_map(audit_id).ok()?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::Device;
    use crate::model::{NewAudit, TemplateChoice};
    use crate::profile::{ProfileOptions, Session};
    use crate::store::BlobPlace;
    use crate::sync::http::NoTransport;
    use crate::sync::protocol::Role;

    fn walk(profile: &mut Profile) -> DocumentId {
        let templates = TemplateChoice {
            checklist: true,
            photovoice: false,
            benchmark: false,
        };
        profile
            .create_audit(&NewAudit::undated("Walk", "Sofia", templates))
            .expect("audit")
    }

    #[test]
    fn a_browser_participant_reads_the_map_once_its_download_finished() {
        let dir = tempfile::tempdir().expect("tempdir");
        let options = ProfileOptions {
            transport: std::sync::Arc::new(NoTransport),
            blobs: BlobPlace::Database,
        };
        let mut profile = Profile::open_with(&dir.path().join("p.sqlite"), options).expect("open");
        let audit = walk(&mut profile);
        let bytes = crate::basemap::pmtiles::tests::fixture();
        let map = profile
            .attach_base_map(&audit, "Centre.pmtiles", &bytes)
            .expect("attach");
        // As on a participant's device that synced the audit, not the package.
        profile.blobs().remove(&map.hash).expect("remove");
        profile
            .set_session(&Session {
                server: "http://127.0.0.1:1".into(),
                token: "t".into(),
                role: Role::Participant,
                audit_id: audit.clone(),
                participant_id: "p1".into(),
                response_doc: None,
                read_only_audits: Vec::new(),
            })
            .expect("session");
        let wanted =
            crate::sync::basemap_download::base_maps_to_download(&profile).expect("wanted");
        assert_eq!(wanted, vec![(map.hash.clone(), bytes.len() as u64)]);
        let blobs = profile.blobs();
        blobs
            .append_received(&map.hash, 0, &bytes[..5000])
            .expect("chunk");
        blobs
            .append_received(&map.hash, 5000, &bytes[5000..])
            .expect("chunk");
        assert!(blobs.finish_received(&map.hash).expect("finish"));

        let mut device = Device::new(profile);
        let info: serde_json::Value =
            serde_json::from_str(&device.call("base_map_info", "{}", None).expect("info"))
                .expect("json");
        assert_eq!(info["available"], true);
        assert_eq!(info["tileType"], "mvt");
        assert_eq!(info["bounds"][0], 23.3);
        let range = device
            .call_bytes("base_map_range", r#"{"offset":100,"length":50}"#)
            .expect("range");
        assert_eq!(range, bytes[100..150]);
        let too_long = device
            .call_bytes("base_map_range", r#"{"offset":0,"length":2000000}"#)
            .expect_err("at most 1 MiB");
        assert_eq!(too_long.code, "base_map_range");
    }

    #[test]
    fn a_facilitator_attaching_a_non_package_keeps_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut profile = Profile::open(&dir.path().join("p.sqlite")).expect("open");
        let audit = walk(&mut profile);
        let error = profile
            .attach_base_map(&audit, "photo.jpg", b"\xff\xd8\xff\xe0 not a map")
            .expect_err("refused");
        assert!(matches!(
            error,
            ProfileError::BaseMap(BaseMapError::Package(PmTilesError::NotPmTiles))
        ));
        assert!(profile.pending_uploads().expect("queue").is_empty());
        assert_eq!(profile.base_map_info(&audit).expect("info"), None);
    }
}
