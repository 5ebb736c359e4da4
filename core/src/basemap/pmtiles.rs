//! A PMTiles v3 reader: the 127-byte header, the root and leaf directories
//! (varint run-length entries) and tiles by z/x/y, with bounded work on
//! hostile files: every directory and tile is size-checked before it is
//! read and while it is decompressed, and a lookup passes through at most
//! [`MAX_DIRECTORY_DEPTH`] directories.
//!
//! The format: <https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md>.

use std::io::Read;

use serde::{Deserialize, Serialize};

use super::source::Source;
use super::tileid::tile_id;
use super::varint::Varints;
use super::{MAX_DIRECTORY_BYTES, MAX_DIRECTORY_DEPTH, MAX_TILE_BYTES};

/// Length of a v3 header.
pub const HEADER_BYTES: usize = 127;

/// Why a package could not be read.
#[derive(Debug, thiserror::Error)]
pub enum PmTilesError {
    /// The file does not start with the PMTiles magic.
    #[error("this is not a PMTiles map package")]
    NotPmTiles,
    /// A PMTiles file of another version.
    #[error("this map package is PMTiles version {0}; version 3 is needed (convert it with `pmtiles convert`)")]
    WrongVersion(u8),
    /// The file ends before a part the header points to.
    #[error("the map package is truncated: its {what} ends past the file's {size} bytes")]
    Truncated {
        /// Which part.
        what: &'static str,
        /// The file's length.
        size: u64,
    },
    /// A header value is impossible.
    #[error("the map package's header is invalid: {0}")]
    BadHeader(String),
    /// Tiles or directories use a compression this reader lacks.
    #[error("the map package's {what} use {compression:?} compression; only gzip or none is supported (re-extract it with gzip)")]
    UnsupportedCompression {
        /// Tiles or directories.
        what: &'static str,
        /// The compression.
        compression: Compression,
    },
    /// The tiles are of a kind the app cannot show.
    #[error(
        "the map package holds tiles of type {0}; vector (MVT), PNG, JPEG or WebP tiles are needed"
    )]
    UnsupportedTileType(u8),
    /// A directory larger than [`MAX_DIRECTORY_BYTES`].
    #[error("a directory of the map package is larger than {max} bytes")]
    DirectoryTooLarge {
        /// The limit.
        max: usize,
    },
    /// A lookup passed through more than [`MAX_DIRECTORY_DEPTH`] directories.
    #[error("the map package's directories nest deeper than {max} levels")]
    DirectoryTooDeep {
        /// The limit.
        max: usize,
    },
    /// A directory's entries cannot be decoded.
    #[error("a directory of the map package is damaged: {0}")]
    BadDirectory(String),
    /// A tile larger than [`MAX_TILE_BYTES`], as stored or decompressed.
    #[error("a tile of the map package is larger than {max} bytes once decompressed")]
    TileTooLarge {
        /// The limit.
        max: usize,
    },
    /// A tile's compressed bytes are damaged.
    #[error("a tile of the map package is damaged: {0}")]
    BadTile(String),
    /// Reading the file failed.
    #[error("the map package could not be read: {0}")]
    Io(#[from] std::io::Error),
}

/// How tiles or directories are compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// Not stated.
    Unknown,
    /// Stored as is.
    None,
    /// gzip.
    Gzip,
    /// Brotli.
    Brotli,
    /// Zstandard.
    Zstd,
    /// A value this version does not know.
    Other(u8),
}

impl Compression {
    fn from_byte(byte: u8) -> Self {
        match byte {
            0 => Compression::Unknown,
            1 => Compression::None,
            2 => Compression::Gzip,
            3 => Compression::Brotli,
            4 => Compression::Zstd,
            other => Compression::Other(other),
        }
    }
}

/// What the tiles hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum TileType {
    /// Mapbox Vector Tiles.
    Mvt,
    /// PNG images.
    Png,
    /// JPEG images.
    Jpeg,
    /// WebP images.
    Webp,
}

impl TileType {
    fn from_byte(byte: u8) -> Result<Self, PmTilesError> {
        match byte {
            1 => Ok(TileType::Mvt),
            2 => Ok(TileType::Png),
            3 => Ok(TileType::Jpeg),
            4 => Ok(TileType::Webp),
            other => Err(PmTilesError::UnsupportedTileType(other)),
        }
    }

    /// The tiles' media type.
    pub fn media_type(self) -> &'static str {
        match self {
            TileType::Mvt => "application/vnd.mapbox-vector-tile",
            TileType::Png => "image/png",
            TileType::Jpeg => "image/jpeg",
            TileType::Webp => "image/webp",
        }
    }
}

/// A part of the file: offset and length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    offset: u64,
    length: u64,
}

/// What a package's header says.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    root: Span,
    leaves: Span,
    tile_data: Span,
    internal_compression: Compression,
    /// How tiles are compressed.
    pub tile_compression: Compression,
    /// What the tiles hold.
    pub tile_type: TileType,
    /// Lowest zoom with tiles.
    pub min_zoom: u8,
    /// Highest zoom with tiles.
    pub max_zoom: u8,
    /// West, south, east, north in degrees.
    pub bounds: [f64; 4],
    /// Longitude, latitude and zoom to open the map at.
    pub centre: [f64; 3],
    /// Tiles the package addresses (0 when unknown).
    pub addressed_tiles: u64,
}

fn u64_at(bytes: &[u8], at: usize) -> u64 {
    let mut le = [0u8; 8];
    le.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(le)
}

fn degrees_at(bytes: &[u8], at: usize) -> f64 {
    let mut le = [0u8; 4];
    le.copy_from_slice(&bytes[at..at + 4]);
    f64::from(i32::from_le_bytes(le)) / 10_000_000.0
}

impl Header {
    /// Parses and checks the first [`HEADER_BYTES`] of a file of `size` bytes.
    pub fn parse(bytes: &[u8], size: u64) -> Result<Self, PmTilesError> {
        if bytes.len() < 7 || &bytes[..7] != b"PMTiles" {
            return Err(PmTilesError::NotPmTiles);
        }
        let version = *bytes.get(7).ok_or(PmTilesError::Truncated {
            what: "header",
            size,
        })?;
        if version != 3 {
            return Err(PmTilesError::WrongVersion(version));
        }
        if bytes.len() < HEADER_BYTES {
            return Err(PmTilesError::Truncated {
                what: "header",
                size,
            });
        }
        let span = |at: usize, what: &'static str| -> Result<Span, PmTilesError> {
            let span = Span {
                offset: u64_at(bytes, at),
                length: u64_at(bytes, at + 8),
            };
            match span.offset.checked_add(span.length) {
                Some(end) if end <= size => Ok(span),
                _ => Err(PmTilesError::Truncated { what, size }),
            }
        };
        let header = Header {
            root: span(8, "root directory")?,
            leaves: span(40, "leaf directories")?,
            tile_data: span(56, "tile data")?,
            addressed_tiles: u64_at(bytes, 72),
            internal_compression: Compression::from_byte(bytes[97]),
            tile_compression: Compression::from_byte(bytes[98]),
            tile_type: TileType::from_byte(bytes[99])?,
            min_zoom: bytes[100],
            max_zoom: bytes[101],
            bounds: [
                degrees_at(bytes, 102),
                degrees_at(bytes, 106),
                degrees_at(bytes, 110),
                degrees_at(bytes, 114),
            ],
            centre: [
                degrees_at(bytes, 119),
                degrees_at(bytes, 123),
                f64::from(bytes[118]),
            ],
        };
        span(24, "metadata")?;
        header.check()?;
        Ok(header)
    }

    fn check(&self) -> Result<(), PmTilesError> {
        let bad = |why: String| Err(PmTilesError::BadHeader(why));
        if self.min_zoom > self.max_zoom || self.max_zoom > 31 {
            return bad(format!("zooms {} to {}", self.min_zoom, self.max_zoom));
        }
        let [west, south, east, north] = self.bounds;
        let lon = -180.0..=180.0;
        let lat = -90.0..=90.0;
        if !(lon.contains(&west)
            && lon.contains(&east)
            && lat.contains(&south)
            && lat.contains(&north))
            || south > north
        {
            return bad(format!("bounds {west}, {south}, {east}, {north}"));
        }
        if self.root.length == 0 {
            return bad("no root directory".into());
        }
        for (what, compression) in [
            ("directories", self.internal_compression),
            ("tiles", self.tile_compression),
        ] {
            if !matches!(compression, Compression::None | Compression::Gzip) {
                return Err(PmTilesError::UnsupportedCompression { what, compression });
            }
        }
        Ok(())
    }
}

/// One directory entry: a run of tiles (`run_length` > 0) or a leaf
/// directory (`run_length` == 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    tile_id: u64,
    offset: u64,
    length: u64,
    run_length: u64,
}

/// An open package: its header and root directory, tiles read on demand.
#[derive(Debug)]
pub struct PmTiles<S: Source> {
    header: Header,
    root: Vec<Entry>,
    source: S,
}

impl<S: Source> PmTiles<S> {
    /// Reads and checks the header and the root directory.
    pub fn open(source: S) -> Result<Self, PmTilesError> {
        let size = source.size()?;
        let head_len = usize::try_from(size.min(HEADER_BYTES as u64)).unwrap_or(HEADER_BYTES);
        let header = Header::parse(&source.read_at(0, head_len)?, size)?;
        let root = read_directory(&source, &header, header.root)?;
        Ok(PmTiles {
            header,
            root,
            source,
        })
    }

    /// The package's header.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The tile `z/x/y` decompressed (MVT bytes or an image), or None when
    /// the package has no such tile.
    pub fn tile(&self, z: u8, x: u32, y: u32) -> Result<Option<Vec<u8>>, PmTilesError> {
        let Some(id) = tile_id(z, x, y) else {
            return Ok(None);
        };
        let mut entries = self.root.clone();
        for _ in 0..MAX_DIRECTORY_DEPTH {
            let Some(entry) = find(&entries, id) else {
                return Ok(None);
            };
            if entry.run_length > 0 {
                return self.read_tile(entry).map(Some);
            }
            let leaf = Span {
                offset: self
                    .header
                    .leaves
                    .offset
                    .checked_add(entry.offset)
                    .ok_or_else(|| bad_dir("a leaf offset overflows"))?,
                length: entry.length,
            };
            if leaf.offset.saturating_add(leaf.length)
                > self.header.leaves.offset + self.header.leaves.length
            {
                return Err(bad_dir("a leaf directory lies outside the leaf section"));
            }
            entries = read_directory(&self.source, &self.header, leaf)?;
        }
        Err(PmTilesError::DirectoryTooDeep {
            max: MAX_DIRECTORY_DEPTH,
        })
    }

    fn read_tile(&self, entry: Entry) -> Result<Vec<u8>, PmTilesError> {
        let data = self.header.tile_data;
        let in_data = entry
            .offset
            .checked_add(entry.length)
            .is_some_and(|end| end <= data.length);
        if !in_data {
            return Err(PmTilesError::Truncated {
                what: "tile data",
                size: data.offset + data.length,
            });
        }
        let length = usize::try_from(entry.length)
            .ok()
            .filter(|&l| l <= MAX_TILE_BYTES)
            .ok_or(PmTilesError::TileTooLarge {
                max: MAX_TILE_BYTES,
            })?;
        let stored = self.source.read_at(data.offset + entry.offset, length)?;
        match self.header.tile_compression {
            Compression::Gzip => gunzip(&stored, MAX_TILE_BYTES).map_err(|e| match e {
                Gunzip::TooLarge => PmTilesError::TileTooLarge {
                    max: MAX_TILE_BYTES,
                },
                Gunzip::Damaged(why) => PmTilesError::BadTile(why),
            }),
            _ => Ok(stored),
        }
    }
}

/// The entry covering tile `id`: the last whose id is at most `id`, when
/// its run reaches `id` or it is a leaf directory.
fn find(entries: &[Entry], id: u64) -> Option<Entry> {
    let at = entries
        .partition_point(|e| e.tile_id <= id)
        .checked_sub(1)?;
    let entry = entries[at];
    (entry.run_length == 0 || id - entry.tile_id < entry.run_length).then_some(entry)
}

fn bad_dir(why: &str) -> PmTilesError {
    PmTilesError::BadDirectory(why.to_owned())
}

/// Reads, decompresses and decodes the directory at `span`.
fn read_directory<S: Source + ?Sized>(
    source: &S,
    header: &Header,
    span: Span,
) -> Result<Vec<Entry>, PmTilesError> {
    let too_large = PmTilesError::DirectoryTooLarge {
        max: MAX_DIRECTORY_BYTES,
    };
    let length = usize::try_from(span.length)
        .ok()
        .filter(|&l| l <= MAX_DIRECTORY_BYTES)
        .ok_or(too_large)?;
    let stored = source.read_at(span.offset, length)?;
    let bytes = match header.internal_compression {
        Compression::Gzip => gunzip(&stored, MAX_DIRECTORY_BYTES).map_err(|e| match e {
            Gunzip::TooLarge => PmTilesError::DirectoryTooLarge {
                max: MAX_DIRECTORY_BYTES,
            },
            Gunzip::Damaged(why) => PmTilesError::BadDirectory(why),
        })?,
        _ => stored,
    };
    decode_directory(&bytes)
}

/// Decodes a directory's varint columns: count, tile id deltas, run
/// lengths, lengths, offsets (0 = right after the previous entry, else
/// offset + 1).
fn decode_directory(bytes: &[u8]) -> Result<Vec<Entry>, PmTilesError> {
    let mut v = Varints::new(bytes);
    let truncated = || bad_dir("its entries end early");
    let count = v.next().ok_or_else(truncated)?;
    // Each entry takes at least four bytes: a count beyond that is a lie
    // that must not size an allocation.
    let count = usize::try_from(count)
        .ok()
        .filter(|&c| c <= v.remaining() / 4)
        .ok_or_else(|| bad_dir("it claims more entries than it has bytes for"))?;
    let mut entries = vec![
        Entry {
            tile_id: 0,
            offset: 0,
            length: 0,
            run_length: 0,
        };
        count
    ];
    let mut last_id: u64 = 0;
    for (i, entry) in entries.iter_mut().enumerate() {
        let delta = v.next().ok_or_else(truncated)?;
        if i > 0 && delta == 0 {
            return Err(bad_dir("its tile ids are not increasing"));
        }
        last_id = last_id
            .checked_add(delta)
            .ok_or_else(|| bad_dir("a tile id overflows"))?;
        entry.tile_id = last_id;
    }
    for entry in entries.iter_mut() {
        entry.run_length = v.next().ok_or_else(truncated)?;
    }
    for entry in entries.iter_mut() {
        entry.length = v.next().ok_or_else(truncated)?;
    }
    for i in 0..count {
        let value = v.next().ok_or_else(truncated)?;
        entries[i].offset = if value == 0 && i > 0 {
            let previous = entries[i - 1];
            previous
                .offset
                .checked_add(previous.length)
                .ok_or_else(|| bad_dir("an offset overflows"))?
        } else {
            value
                .checked_sub(1)
                .ok_or_else(|| bad_dir("the first entry has no offset"))?
        };
    }
    Ok(entries)
}

enum Gunzip {
    TooLarge,
    Damaged(String),
}

/// gzip-decompresses at most `max` bytes.
fn gunzip(bytes: &[u8], max: usize) -> Result<Vec<u8>, Gunzip> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .take(max as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| Gunzip::Damaged(e.to_string()))?;
    if out.len() > max {
        return Err(Gunzip::TooLarge);
    }
    Ok(out)
}

#[cfg(test)]
#[path = "pmtiles_tests.rs"]
pub(crate) mod tests;
