//! Blobs as files in a local folder: `DIR/HASH` for complete blobs,
//! `DIR/partial/HASH` for uploads in progress.
//!
//! Every chunk is fsynced before it is acknowledged; a completed upload is
//! verified and then renamed into place, so a file named by a hash always
//! holds exactly the bytes of that hash.

use sha2::{Digest, Sha256};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::{BlobStore, BlobStoreError, ChunkOutcome, ContentRange};
use cityaudit_core::ids::BlobHash;

/// A folder of content-addressed blobs.
#[derive(Debug)]
pub struct FsBlobStore {
    dir: PathBuf,
    partial: PathBuf,
    /// Serialises chunk writes so that checking the offset and appending
    /// are one step.
    writing: Mutex<()>,
}

impl FsBlobStore {
    /// Opens (creating) the blob folder `dir`.
    pub fn open(dir: &Path) -> Result<Self, BlobStoreError> {
        let partial = dir.join("partial");
        fs::create_dir_all(&partial)?;
        Ok(FsBlobStore {
            dir: dir.to_owned(),
            partial,
            writing: Mutex::new(()),
        })
    }

    fn complete_path(&self, hash: &BlobHash) -> PathBuf {
        self.dir.join(hash.as_str())
    }

    fn partial_path(&self, hash: &BlobHash) -> PathBuf {
        self.partial.join(hash.as_str())
    }
}

fn len_if_exists(path: &Path) -> io::Result<Option<u64>> {
    match fs::metadata(path) {
        Ok(meta) => Ok(Some(meta.len())),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

fn hash_file(path: &Path) -> io::Result<String> {
    let mut file = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0; 64 * 1024];
    loop {
        let read = file.read(&mut buffer)?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
    }
    Ok(hex::encode(hasher.finalize()))
}

impl BlobStore for FsBlobStore {
    fn contains(&self, hash: &BlobHash) -> Result<bool, BlobStoreError> {
        Ok(len_if_exists(&self.complete_path(hash))?.is_some())
    }

    fn received(&self, hash: &BlobHash) -> Result<u64, BlobStoreError> {
        Ok(len_if_exists(&self.partial_path(hash))?.unwrap_or(0))
    }

    fn write_chunk(
        &self,
        hash: &BlobHash,
        range: ContentRange,
        bytes: &[u8],
    ) -> Result<ChunkOutcome, BlobStoreError> {
        let _writing = self.writing.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(len) = len_if_exists(&self.complete_path(hash))? {
            return Ok(ChunkOutcome {
                received: len,
                complete: true,
            });
        }
        let partial = self.partial_path(hash);
        let received = len_if_exists(&partial)?;
        if range.start != received.unwrap_or(0) {
            return Err(BlobStoreError::WrongOffset {
                received: received.unwrap_or(0),
            });
        }
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&partial)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        if received.is_none() {
            sync_dir(&self.partial)?;
        }
        let now = range.start + bytes.len() as u64;
        if now < range.total {
            return Ok(ChunkOutcome {
                received: now,
                complete: false,
            });
        }
        let actual = hash_file(&partial)?;
        if actual != hash.as_str() {
            fs::remove_file(&partial)?;
            return Err(BlobStoreError::HashMismatch { actual });
        }
        fs::rename(&partial, self.complete_path(hash))?;
        sync_dir(&self.dir)?;
        sync_dir(&self.partial)?;
        Ok(ChunkOutcome {
            received: now,
            complete: true,
        })
    }

    fn read(&self, hash: &BlobHash) -> Result<Option<Vec<u8>>, BlobStoreError> {
        match fs::read(self.complete_path(hash)) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(start: u64, len: u64, total: u64) -> ContentRange {
        ContentRange {
            start,
            end: start + len - 1,
            total,
        }
    }

    #[test]
    fn a_blob_uploaded_in_chunks_is_verified_and_readable() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = FsBlobStore::open(dir.path()).expect("open");
        let bytes = b"a photo in three chunks";
        let hash = BlobHash::of(bytes);
        assert!(!store.contains(&hash).expect("contains"));
        let first = store
            .write_chunk(&hash, range(0, 8, 23), &bytes[..8])
            .expect("first");
        assert_eq!(
            first,
            ChunkOutcome {
                received: 8,
                complete: false
            }
        );
        assert_eq!(store.received(&hash).expect("received"), 8);
        store
            .write_chunk(&hash, range(8, 8, 23), &bytes[8..16])
            .expect("second");
        let last = store
            .write_chunk(&hash, range(16, 7, 23), &bytes[16..])
            .expect("last");
        assert!(last.complete);
        assert_eq!(store.read(&hash).expect("read"), Some(bytes.to_vec()));
        assert_eq!(store.received(&hash).expect("received"), 0);
        let again = store
            .write_chunk(&hash, range(0, 8, 23), &bytes[..8])
            .expect("known");
        assert_eq!(
            again,
            ChunkOutcome {
                received: 23,
                complete: true
            }
        );
    }

    #[test]
    fn a_chunk_at_the_wrong_offset_is_refused_with_the_received_length() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = FsBlobStore::open(dir.path()).expect("open");
        let bytes = b"0123456789";
        let hash = BlobHash::of(bytes);
        store
            .write_chunk(&hash, range(0, 4, 10), &bytes[..4])
            .expect("first");
        let error = store
            .write_chunk(&hash, range(6, 4, 10), &bytes[6..])
            .expect_err("gap");
        assert!(matches!(error, BlobStoreError::WrongOffset { received: 4 }));
        let error = store
            .write_chunk(&hash, range(0, 4, 10), &bytes[..4])
            .expect_err("repeat");
        assert!(matches!(error, BlobStoreError::WrongOffset { received: 4 }));
    }

    #[test]
    fn bytes_that_do_not_match_the_hash_are_discarded() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = FsBlobStore::open(dir.path()).expect("open");
        let hash = BlobHash::of(b"the real photo");
        let error = store
            .write_chunk(&hash, range(0, 5, 5), b"wrong")
            .expect_err("mismatch");
        assert!(matches!(error, BlobStoreError::HashMismatch { .. }));
        assert_eq!(store.received(&hash).expect("received"), 0);
        assert!(!store.contains(&hash).expect("contains"));
        assert_eq!(store.read(&hash).expect("read"), None);
    }
}
