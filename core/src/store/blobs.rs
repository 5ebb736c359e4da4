//! Photo blobs as files beside the profile database, named by SHA-256.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::ids::BlobHash;

/// Why a blob could not be stored or read.
#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    /// File system error.
    #[error("photo file error: {0}")]
    Io(#[from] std::io::Error),
    /// The stored file does not match its hash.
    #[error("stored photo {0} is damaged (hash mismatch)")]
    Damaged(String),
}

/// A folder of content-addressed blobs.
#[derive(Debug, Clone)]
pub struct BlobDir {
    dir: PathBuf,
}

impl BlobDir {
    /// The blob folder of the profile whose database is `db_path`.
    pub fn beside(db_path: &Path) -> Self {
        let name = db_path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "profile".into());
        BlobDir {
            dir: db_path.with_file_name(format!("{name}.blobs")),
        }
    }

    /// Path of a blob's file.
    pub fn path(&self, hash: &BlobHash) -> PathBuf {
        self.dir.join(hash.as_str())
    }

    /// Stores bytes durably (write, fsync, rename) and returns their hash.
    pub fn put(&self, bytes: &[u8]) -> Result<BlobHash, BlobError> {
        let hash = BlobHash::of(bytes);
        let target = self.path(&hash);
        if target.exists() {
            return Ok(hash);
        }
        fs::create_dir_all(&self.dir)?;
        let partial = self.dir.join(format!("{}.partial", hash.as_str()));
        let mut file = fs::File::create(&partial)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&partial, &target)?;
        fs::File::open(&self.dir)?.sync_all()?;
        Ok(hash)
    }

    /// Reads a blob and checks its hash.
    pub fn get(&self, hash: &BlobHash) -> Result<Vec<u8>, BlobError> {
        let bytes = fs::read(self.path(hash))?;
        if BlobHash::of(&bytes) != *hash {
            return Err(BlobError::Damaged(hash.to_string()));
        }
        Ok(bytes)
    }
}
