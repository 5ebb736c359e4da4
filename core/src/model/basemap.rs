//! The audit's offline base map: a reference, in the audit document under
//! `facilitator.base_map`, to a PMTiles package kept as a blob (by its
//! SHA-256), with what devices need to know before they hold its bytes.
//! Written by facilitators; every member of the audit may fetch the blob.

use autosurgeon::{reconcile_prop, Hydrate, Reconcile};
use serde::{Deserialize, Serialize};

use super::audit::{AuditData, AuditDocument};
use super::tolerant::Fields;
use super::{check_text, limits, ModelError};
use crate::basemap::{TileType, MAX_BASE_MAP_BYTES};
use crate::ids::BlobHash;

/// The base map reference as stored in the audit document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Hydrate, Reconcile)]
pub struct BaseMapRef {
    /// SHA-256 of the package (its blob's name).
    pub hash: String,
    /// A name for people, e.g. the file's name.
    pub name: String,
    /// The package's size in bytes.
    pub bytes: u64,
    /// `mvt`, `png`, `jpeg` or `webp`.
    pub tile_type: String,
    /// West, south, east, north in degrees.
    pub bounds: Vec<f64>,
    /// Lowest zoom with tiles.
    pub min_zoom: i64,
    /// Highest zoom with tiles.
    pub max_zoom: i64,
    /// Longitude, latitude and zoom to open the map at.
    pub centre: Vec<f64>,
    /// When it was attached (ms since epoch).
    pub added_at: i64,
}

impl Fields for BaseMapRef {
    const FIELDS: &'static [&'static str] = &[
        "hash",
        "name",
        "bytes",
        "tile_type",
        "bounds",
        "min_zoom",
        "max_zoom",
        "centre",
        "added_at",
    ];
}

/// A base map reference whose values were checked: what readers use.
#[derive(Debug, Clone, PartialEq)]
pub struct BaseMap {
    /// The package's blob.
    pub hash: BlobHash,
    /// A name for people.
    pub name: String,
    /// Size in bytes.
    pub bytes: u64,
    /// What the tiles hold.
    pub tile_type: TileType,
    /// West, south, east, north.
    pub bounds: [f64; 4],
    /// Lowest zoom.
    pub min_zoom: u8,
    /// Highest zoom.
    pub max_zoom: u8,
    /// Longitude, latitude, zoom.
    pub centre: [f64; 3],
}

fn invalid(field: &str, reason: impl Into<String>) -> ModelError {
    ModelError::InvalidValue {
        field: field.into(),
        reason: reason.into(),
    }
}

impl BaseMapRef {
    /// The record's values checked: a real hash, a known tile type, bounds
    /// and centre on the globe, zooms 0-31 in order, a size within
    /// [`MAX_BASE_MAP_BYTES`].
    pub fn checked(&self) -> Result<BaseMap, ModelError> {
        check_text("map name", &self.name, limits::SHORT_TEXT, true)?;
        let hash = BlobHash::parse(&self.hash).map_err(|e| invalid("map", e.to_string()))?;
        let tile_type: TileType = serde_json::from_value(self.tile_type.clone().into())
            .map_err(|_| invalid("map", format!("tile type {:?}", self.tile_type)))?;
        let zoom = |z: i64| u8::try_from(z).ok().filter(|&z| z <= 31);
        let (Some(min_zoom), Some(max_zoom)) = (zoom(self.min_zoom), zoom(self.max_zoom)) else {
            return Err(invalid("map", "zooms outside 0-31"));
        };
        let bounds: [f64; 4] = self
            .bounds
            .clone()
            .try_into()
            .map_err(|_| invalid("map", "bounds need four numbers"))?;
        let centre: [f64; 3] = self
            .centre
            .clone()
            .try_into()
            .map_err(|_| invalid("map", "the centre needs three numbers"))?;
        let on_globe = |lon: f64, lat: f64| lon.abs() <= 180.0 && lat.abs() <= 90.0;
        if min_zoom > max_zoom
            || !on_globe(bounds[0], bounds[1])
            || !on_globe(bounds[2], bounds[3])
            || bounds[1] > bounds[3]
            || !on_globe(centre[0], centre[1])
            || self.bytes > MAX_BASE_MAP_BYTES
        {
            return Err(invalid("map", "bounds, zooms or size out of range"));
        }
        Ok(BaseMap {
            hash,
            name: self.name.clone(),
            bytes: self.bytes,
            tile_type,
            bounds,
            min_zoom,
            max_zoom,
            centre,
        })
    }
}

impl AuditData {
    /// The audit's base map, when one is attached and its reference is
    /// readable and valid (a broken one from another writer is ignored:
    /// the map then shows a plain background).
    pub fn base_map(&self) -> Option<BaseMap> {
        self.facilitator
            .value()?
            .base_map
            .value()?
            .as_ref()?
            .value()?
            .checked()
            .ok()
    }
}

impl AuditDocument {
    /// Attaches a base map (replacing any earlier one); refused, with
    /// nothing written, when the reference is invalid.
    pub fn set_base_map(&mut self, map: &BaseMapRef) -> Result<(), ModelError> {
        map.checked()?;
        self.prepare_records()?;
        let facilitator = self.path(&["facilitator"])?;
        reconcile_prop(self.automerge(), &facilitator, "base_map", Some(map))?;
        self.automerge().commit();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::DocumentId;
    use crate::model::{NewAudit, TemplateChoice};
    use crate::templates::Templates;

    fn audit() -> AuditDocument {
        let templates = TemplateChoice {
            checklist: true,
            photovoice: false,
            benchmark: false,
        };
        AuditDocument::create(
            &DocumentId::random(),
            &NewAudit::undated("Walk", "Sofia", templates),
            &Templates::builtin().expect("templates"),
        )
        .expect("audit")
    }

    fn reference() -> BaseMapRef {
        BaseMapRef {
            hash: BlobHash::of(b"map").to_string(),
            name: "Centre.pmtiles".into(),
            bytes: 13_450,
            tile_type: "mvt".into(),
            bounds: vec![23.3, 42.675, 23.34, 42.715],
            min_zoom: 12,
            max_zoom: 15,
            centre: vec![23.32, 42.695, 14.0],
            added_at: 1,
        }
    }

    #[test]
    fn a_base_map_is_attached_replaced_and_read_back() {
        let mut doc = audit();
        assert_eq!(doc.read().expect("read").base_map(), None);
        doc.set_base_map(&reference()).expect("attach");
        let map = doc.read().expect("read").base_map().expect("map");
        assert_eq!(map.tile_type, TileType::Mvt);
        assert_eq!((map.min_zoom, map.max_zoom), (12, 15));
        let newer = BaseMapRef {
            hash: BlobHash::of(b"newer").to_string(),
            tile_type: "png".into(),
            ..reference()
        };
        doc.set_base_map(&newer).expect("replace");
        let map = doc.read().expect("read").base_map().expect("map");
        assert_eq!(map.hash, BlobHash::of(b"newer"));
        assert_eq!(map.tile_type, TileType::Png);
    }

    #[test]
    fn an_invalid_reference_is_refused_and_nothing_is_written() {
        let mut doc = audit();
        doc.set_base_map(&reference()).expect("attach");
        for bad in [
            BaseMapRef {
                hash: "not a hash".into(),
                ..reference()
            },
            BaseMapRef {
                tile_type: "avif".into(),
                ..reference()
            },
            BaseMapRef {
                bounds: vec![1.0, 2.0],
                ..reference()
            },
            BaseMapRef {
                min_zoom: 16,
                ..reference()
            },
            BaseMapRef {
                bytes: MAX_BASE_MAP_BYTES + 1,
                ..reference()
            },
        ] {
            assert!(doc.set_base_map(&bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            doc.read().expect("read").base_map().expect("kept").hash,
            BlobHash::of(b"map")
        );
    }
}
