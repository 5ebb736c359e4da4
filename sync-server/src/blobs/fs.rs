//! Blobs as files in a local folder: `DIR/HASH` for complete blobs,
//! `DIR/partial/HASH.UPLOADER` for uploads in progress, one per uploader so
//! nobody can disturb another's upload.
//!
//! Every chunk is fsynced before it is acknowledged; a completed upload is
//! verified and then renamed into place, so a file named by a hash always
//! holds exactly the bytes of that hash. Uploads left unfinished for
//! [`PARTIAL_LIFETIME`] are removed.

use sha2::{Digest, Sha256};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

use super::{BlobStore, BlobStoreError, ChunkOutcome, ContentRange};
use cityaudit_core::ids::BlobHash;

/// A folder of content-addressed blobs.
#[derive(Debug)]
pub struct FsBlobStore {
    dir: PathBuf,
    partial: PathBuf,
    /// Serialises chunk writes so that checking the offset and appending
    /// are one step; holds when unfinished uploads were last swept.
    writing: Mutex<Instant>,
}

/// How long an unfinished upload is kept after its last chunk.
pub const PARTIAL_LIFETIME: Duration = Duration::from_secs(48 * 3600);

/// Unfinished uploads one uploader may have at once.
pub const MAX_UNFINISHED_UPLOADS: usize = 16;

/// How often unfinished uploads are swept (on a chunk write).
const SWEEP_EVERY: Duration = Duration::from_secs(3600);

impl FsBlobStore {
    /// Opens (creating) the blob folder `dir`.
    pub fn open(dir: &Path) -> Result<Self, BlobStoreError> {
        let partial = dir.join("partial");
        fs::create_dir_all(&partial)?;
        let store = FsBlobStore {
            dir: dir.to_owned(),
            partial,
            writing: Mutex::new(Instant::now()),
        };
        store.expire_partials(PARTIAL_LIFETIME)?;
        Ok(store)
    }

    /// Removes unfinished uploads whose last chunk is older than `age`;
    /// returns how many.
    pub fn expire_partials(&self, age: Duration) -> io::Result<usize> {
        let mut removed = 0;
        for entry in fs::read_dir(&self.partial)? {
            let entry = entry?;
            let modified = entry.metadata()?.modified()?;
            let old = SystemTime::now()
                .duration_since(modified)
                .is_ok_and(|elapsed| elapsed >= age);
            if old {
                fs::remove_file(entry.path())?;
                removed += 1;
            }
        }
        Ok(removed)
    }

    fn complete_path(&self, hash: &BlobHash) -> PathBuf {
        self.dir.join(hash.as_str())
    }

    fn partial_path(&self, hash: &BlobHash, uploader: &str) -> PathBuf {
        self.partial
            .join(format!("{}.{}", hash.as_str(), uploader_key(uploader)))
    }

    /// How many unfinished uploads `uploader` has.
    fn unfinished(&self, uploader: &str) -> io::Result<usize> {
        let suffix = format!(".{}", uploader_key(uploader));
        let mut count = 0;
        for entry in fs::read_dir(&self.partial)? {
            if entry?.file_name().to_string_lossy().ends_with(&suffix) {
                count += 1;
            }
        }
        Ok(count)
    }
}

/// An uploader's part of a file name: short, and safe whatever the id holds.
fn uploader_key(uploader: &str) -> String {
    hex::encode(&Sha256::digest(uploader.as_bytes())[..8])
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

    fn received(&self, hash: &BlobHash, uploader: &str) -> Result<u64, BlobStoreError> {
        Ok(len_if_exists(&self.partial_path(hash, uploader))?.unwrap_or(0))
    }

    fn write_chunk(
        &self,
        hash: &BlobHash,
        uploader: &str,
        range: ContentRange,
        bytes: &[u8],
    ) -> Result<ChunkOutcome, BlobStoreError> {
        let mut last_sweep = self.writing.lock().unwrap_or_else(|p| p.into_inner());
        if last_sweep.elapsed() >= SWEEP_EVERY {
            *last_sweep = Instant::now();
            self.expire_partials(PARTIAL_LIFETIME)?;
        }
        let partial = self.partial_path(hash, uploader);
        let received = len_if_exists(&partial)?;
        if received.is_none() && self.unfinished(uploader)? >= MAX_UNFINISHED_UPLOADS {
            return Err(BlobStoreError::TooManyUnfinished {
                max: MAX_UNFINISHED_UPLOADS,
            });
        }
        if range.start != received.unwrap_or(0) {
            return Err(BlobStoreError::WrongOffset {
                received: received.unwrap_or(0),
            });
        }
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&partial)?;
        if let Err(e) = file.write_all(bytes).and_then(|()| file.sync_all()) {
            // A chunk is kept whole or not at all (a full disk leaves no
            // empty or half-written upload behind).
            drop(file);
            let _ = match received {
                Some(len) => OpenOptions::new()
                    .write(true)
                    .open(&partial)
                    .and_then(|f| f.set_len(len)),
                None => fs::remove_file(&partial),
            };
            return Err(e.into());
        }
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
        if len_if_exists(&self.complete_path(hash))?.is_some() {
            // Someone else uploaded the same bytes first.
            fs::remove_file(&partial)?;
        } else {
            fs::rename(&partial, self.complete_path(hash))?;
            sync_dir(&self.dir)?;
        }
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

    fn size(&self, hash: &BlobHash) -> Result<Option<u64>, BlobStoreError> {
        Ok(len_if_exists(&self.complete_path(hash))?)
    }

    fn read_range(
        &self,
        hash: &BlobHash,
        offset: u64,
        len: u64,
    ) -> Result<Option<Vec<u8>>, BlobStoreError> {
        let mut file = match File::open(self.complete_path(hash)) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        file.seek(SeekFrom::Start(offset))?;
        let mut bytes = Vec::new();
        file.take(len).read_to_end(&mut bytes)?;
        Ok(Some(bytes))
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
            .write_chunk(&hash, "lark", range(0, 8, 23), &bytes[..8])
            .expect("first");
        assert_eq!(
            first,
            ChunkOutcome {
                received: 8,
                complete: false
            }
        );
        assert_eq!(store.received(&hash, "lark").expect("received"), 8);
        store
            .write_chunk(&hash, "lark", range(8, 8, 23), &bytes[8..16])
            .expect("second");
        let last = store
            .write_chunk(&hash, "lark", range(16, 7, 23), &bytes[16..])
            .expect("last");
        assert!(last.complete);
        assert_eq!(store.read(&hash).expect("read"), Some(bytes.to_vec()));
        assert_eq!(store.received(&hash, "lark").expect("received"), 0);
    }

    #[test]
    fn each_uploader_has_their_own_upload_that_nobody_else_can_reset() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = FsBlobStore::open(dir.path()).expect("open");
        let bytes = b"0123456789";
        let hash = BlobHash::of(bytes);
        store
            .write_chunk(&hash, "lark", range(0, 6, 10), &bytes[..6])
            .expect("lark's first chunk");
        // Someone who knows the hash starts over with a smaller total.
        let other = store
            .write_chunk(&hash, "kite", range(0, 2, 2), b"01")
            .expect_err("not the bytes of the hash");
        assert!(matches!(other, BlobStoreError::HashMismatch { .. }));
        assert_eq!(store.received(&hash, "lark").expect("received"), 6);
        assert_eq!(store.received(&hash, "kite").expect("received"), 0);
        let done = store
            .write_chunk(&hash, "lark", range(6, 4, 10), &bytes[6..])
            .expect("lark finishes");
        assert!(done.complete);
        // A second uploader of the same bytes proves them and is done too.
        let again = store
            .write_chunk(&hash, "kite", range(0, 10, 10), bytes)
            .expect("kite");
        assert!(again.complete);
        assert_eq!(store.read(&hash).expect("read"), Some(bytes.to_vec()));
    }

    #[test]
    fn unfinished_uploads_are_limited_per_uploader_and_expire() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = FsBlobStore::open(dir.path()).expect("open");
        for n in 0..MAX_UNFINISHED_UPLOADS {
            let hash = BlobHash::of(format!("invented {n}").as_bytes());
            store
                .write_chunk(&hash, "lark", range(0, 1, 1_000_000), b"x")
                .expect("unfinished");
        }
        let one_more = BlobHash::of(b"one more");
        let refused = store
            .write_chunk(&one_more, "lark", range(0, 1, 1_000_000), b"x")
            .expect_err("too many");
        assert!(matches!(refused, BlobStoreError::TooManyUnfinished { .. }));
        store
            .write_chunk(&one_more, "kite", range(0, 1, 1_000_000), b"x")
            .expect("someone else is not held up");
        assert_eq!(
            store
                .expire_partials(Duration::from_secs(3600))
                .expect("sweep"),
            0
        );
        assert_eq!(
            store.expire_partials(Duration::ZERO).expect("sweep"),
            MAX_UNFINISHED_UPLOADS + 1
        );
        assert_eq!(store.received(&one_more, "kite").expect("received"), 0);
    }

    #[test]
    fn a_chunk_at_the_wrong_offset_is_refused_with_the_received_length() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = FsBlobStore::open(dir.path()).expect("open");
        let bytes = b"0123456789";
        let hash = BlobHash::of(bytes);
        store
            .write_chunk(&hash, "lark", range(0, 4, 10), &bytes[..4])
            .expect("first");
        let error = store
            .write_chunk(&hash, "lark", range(6, 4, 10), &bytes[6..])
            .expect_err("gap");
        assert!(matches!(error, BlobStoreError::WrongOffset { received: 4 }));
        let error = store
            .write_chunk(&hash, "lark", range(0, 4, 10), &bytes[..4])
            .expect_err("repeat");
        assert!(matches!(error, BlobStoreError::WrongOffset { received: 4 }));
    }

    #[test]
    fn bytes_that_do_not_match_the_hash_are_discarded() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = FsBlobStore::open(dir.path()).expect("open");
        let hash = BlobHash::of(b"the real photo");
        let error = store
            .write_chunk(&hash, "lark", range(0, 5, 5), b"wrong")
            .expect_err("mismatch");
        assert!(matches!(error, BlobStoreError::HashMismatch { .. }));
        assert_eq!(store.received(&hash, "lark").expect("received"), 0);
        assert!(!store.contains(&hash).expect("contains"));
        assert_eq!(store.read(&hash).expect("read"), None);
    }
}
