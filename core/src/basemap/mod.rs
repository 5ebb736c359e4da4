//! Offline base maps: PMTiles packages (one file of vector or raster tiles
//! for an audit's area) that a facilitator attaches to an audit and devices
//! receive like photos.
//!
//! [`pmtiles`] reads a package (header, directories, tiles) with bounded
//! work on hostile files; [`mvt`] decodes vector tiles for the report's
//! static map.

pub mod device;
pub mod mvt;
pub mod pmtiles;
mod source;
mod tileid;
mod varint;

pub use device::{BaseMapError, BaseMapInfo};
pub use pmtiles::{Compression, Header, PmTiles, PmTilesError, TileType};
pub use source::Source;
pub use tileid::tile_id;

/// Most bytes one directory may have, compressed or decompressed: real
/// leaf directories of a planet-wide package stay far below.
pub const MAX_DIRECTORY_BYTES: usize = 8 * 1024 * 1024;

/// Most bytes one tile may have, compressed or decompressed.
pub const MAX_TILE_BYTES: usize = 4 * 1024 * 1024;

/// Most directories one lookup passes through (the root and its leaves).
pub const MAX_DIRECTORY_DEPTH: usize = 4;

/// Largest package a facilitator may attach (and the server accepts).
pub const MAX_BASE_MAP_BYTES: u64 = 256 * 1024 * 1024;

/// True when `bytes` start like a PMTiles v3 package (magic and version):
/// the server's cheap check on the first chunk of an upload larger than a
/// photo, before any of it is stored.
pub fn starts_like_a_package(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PMTiles\x03")
}
