//! Photo blobs, addressed by SHA-256, behind a small trait; uploads arrive
//! in ranged chunks and resume where they stopped.
//!
//! [`fs`] keeps them in a local folder (the default); an object store can
//! replace it by implementing [`BlobStore`].

pub mod fs;

use cityaudit_core::basemap::MAX_BASE_MAP_BYTES;
use cityaudit_core::ids::BlobHash;
use cityaudit_core::sync::protocol::MAX_BLOB_CHUNK;

pub use fs::FsBlobStore;

/// Why a blob operation failed.
#[derive(Debug, thiserror::Error)]
pub enum BlobStoreError {
    /// The chunk does not start where the received part ends.
    #[error("the upload is at byte {received}; send the chunk that starts there")]
    WrongOffset {
        /// Bytes received so far: where the next chunk must start.
        received: u64,
    },
    /// All bytes arrived but their SHA-256 is not the blob's name.
    #[error(
        "the uploaded bytes hash to {actual}, not to the blob's name; the upload was discarded"
    )]
    HashMismatch {
        /// The hash of what arrived.
        actual: String,
    },
    /// The uploader has too many unfinished uploads.
    #[error("at most {max} unfinished uploads at once: finish one first")]
    TooManyUnfinished {
        /// The most allowed.
        max: usize,
    },
    /// File system or backend error.
    #[error("blob storage error: {0}")]
    Io(#[from] std::io::Error),
}

/// How far an upload got after a chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkOutcome {
    /// Bytes received so far (the total once complete).
    pub received: u64,
    /// True when the blob is complete and verified.
    pub complete: bool,
}

/// A store of content-addressed blobs with resumable uploads.
pub trait BlobStore: Send + Sync {
    /// True when the complete, verified blob is stored.
    fn contains(&self, hash: &BlobHash) -> Result<bool, BlobStoreError>;

    /// Bytes of `uploader`'s unfinished upload of the blob (0 when none).
    fn received(&self, hash: &BlobHash, uploader: &str) -> Result<u64, BlobStoreError>;

    /// Adds the chunk `bytes` at `range` to `uploader`'s upload of the blob
    /// (each uploader has their own, so nobody can disturb another's),
    /// atomically with respect to other chunks. A chunk that does not start
    /// at the received length is refused ([`BlobStoreError::WrongOffset`]).
    /// When the upload reaches `range.total` bytes its SHA-256 is checked: a
    /// match makes the blob available (or, if someone already uploaded the
    /// same bytes, is simply done), a mismatch discards the upload
    /// ([`BlobStoreError::HashMismatch`]).
    fn write_chunk(
        &self,
        hash: &BlobHash,
        uploader: &str,
        range: ContentRange,
        bytes: &[u8],
    ) -> Result<ChunkOutcome, BlobStoreError>;

    /// The complete blob, if stored.
    fn read(&self, hash: &BlobHash) -> Result<Option<Vec<u8>>, BlobStoreError>;

    /// The complete blob's size, if stored.
    fn size(&self, hash: &BlobHash) -> Result<Option<u64>, BlobStoreError>;

    /// At most `len` bytes of the complete blob from `offset` (fewer at its
    /// end), if stored; only those bytes are read.
    fn read_range(
        &self,
        hash: &BlobHash,
        offset: u64,
        len: u64,
    ) -> Result<Option<Vec<u8>>, BlobStoreError>;
}

/// A parsed `Content-Range: bytes START-END/TOTAL` header (END inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContentRange {
    /// First byte of the chunk.
    pub start: u64,
    /// Last byte of the chunk (inclusive).
    pub end: u64,
    /// Size of the whole blob.
    pub total: u64,
}

/// Why a `Content-Range` header was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RangeError {
    /// Not of the form `bytes START-END/TOTAL` with START <= END < TOTAL.
    #[error(
        "Content-Range must read `bytes START-END/TOTAL` with START <= END < TOTAL, got {0:?}"
    )]
    Malformed(String),
    /// The whole blob would be larger than allowed.
    #[error("a blob may have at most {max} bytes; this one has {total}")]
    BlobTooLarge {
        /// Declared size.
        total: u64,
        /// The limit.
        max: u64,
    },
    /// The chunk is larger than allowed.
    #[error("a chunk may have at most {max} bytes; this one has {len}")]
    ChunkTooLarge {
        /// Chunk length.
        len: u64,
        /// The limit.
        max: u64,
    },
    /// The body's length differs from the range's.
    #[error("Content-Range announces {expected} bytes but the body has {actual}")]
    LengthMismatch {
        /// Length from the header.
        expected: u64,
        /// Length of the body.
        actual: u64,
    },
}

impl ContentRange {
    /// Parses the header value and checks it against the limits.
    pub fn parse(value: &str) -> Result<Self, RangeError> {
        let malformed = || RangeError::Malformed(value.chars().take(80).collect());
        let rest = value
            .trim()
            .strip_prefix("bytes ")
            .ok_or_else(malformed)?
            .trim_start();
        let (span, total) = rest.split_once('/').ok_or_else(malformed)?;
        let (start, end) = span.split_once('-').ok_or_else(malformed)?;
        let number = |text: &str| -> Result<u64, RangeError> {
            if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
                return Err(malformed());
            }
            text.parse().map_err(|_| malformed())
        };
        let range = ContentRange {
            start: number(start)?,
            end: number(end)?,
            total: number(total)?,
        };
        if range.start > range.end || range.end >= range.total {
            return Err(malformed());
        }
        // Photos are checked against their own smaller limit by the
        // upload handler: only a map package may be this large.
        if range.total > MAX_BASE_MAP_BYTES {
            return Err(RangeError::BlobTooLarge {
                total: range.total,
                max: MAX_BASE_MAP_BYTES,
            });
        }
        if range.len() > MAX_BLOB_CHUNK as u64 {
            return Err(RangeError::ChunkTooLarge {
                len: range.len(),
                max: MAX_BLOB_CHUNK as u64,
            });
        }
        Ok(range)
    }

    /// Bytes in the chunk.
    pub fn len(&self) -> u64 {
        self.end - self.start + 1
    }

    /// Always false: a range holds at least one byte.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Checks that the body has the announced length.
    pub fn check_body(&self, body_len: usize) -> Result<(), RangeError> {
        let actual = body_len as u64;
        if actual == self.len() {
            Ok(())
        } else {
            Err(RangeError::LengthMismatch {
                expected: self.len(),
                actual,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_range_reads_start_end_and_total() {
        let range = ContentRange::parse("bytes 0-99/1000").expect("valid");
        assert_eq!(
            range,
            ContentRange {
                start: 0,
                end: 99,
                total: 1000
            }
        );
        assert_eq!(range.len(), 100);
        assert!(range.check_body(100).is_ok());
        assert!(range.check_body(99).is_err());
        assert_eq!(
            ContentRange::parse("bytes 999-999/1000")
                .expect("last byte")
                .len(),
            1
        );
    }

    #[test]
    fn content_range_rejects_malformed_headers() {
        for bad in [
            "",
            "bytes",
            "0-99/1000",
            "bytes 0-99",
            "bytes */1000",
            "bytes 0-99/*",
            "bytes 10-5/1000",
            "bytes 0-1000/1000",
            "bytes -1-5/10",
            "bytes +1-5/10",
            "bytes 0-5/99999999999999999999999",
            "items 0-5/10",
        ] {
            assert!(
                matches!(ContentRange::parse(bad), Err(RangeError::Malformed(_))),
                "{bad:?} should be malformed"
            );
        }
    }

    #[test]
    fn content_range_enforces_the_size_limits() {
        let too_big = format!("bytes 0-0/{}", MAX_BASE_MAP_BYTES + 1);
        assert!(matches!(
            ContentRange::parse(&too_big),
            Err(RangeError::BlobTooLarge { .. })
        ));
        let big_chunk = format!("bytes 0-{}/{}", MAX_BLOB_CHUNK, MAX_BASE_MAP_BYTES);
        assert!(matches!(
            ContentRange::parse(&big_chunk),
            Err(RangeError::ChunkTooLarge { .. })
        ));
        let full_chunk = format!("bytes 0-{}/{}", MAX_BLOB_CHUNK - 1, MAX_BASE_MAP_BYTES);
        assert!(ContentRange::parse(&full_chunk).is_ok());
    }
}
