//! Photo blobs (named by SHA-256) and their thumbnails, kept either as files
//! in folders beside the profile database (the native app) or as rows of
//! the database itself (the browser app, whose only durable file system is
//! the database in the browser's private file system).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension};

use crate::ids::BlobHash;

mod ranges;

/// Why a blob could not be stored or read.
#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    /// File system error.
    #[error("photo file error: {0}")]
    Io(#[from] std::io::Error),
    /// Database error (blobs kept in the database).
    #[error("photo storage error: {0}")]
    Database(#[from] rusqlite::Error),
    /// The stored bytes do not match their hash.
    #[error("stored photo {0} is damaged (hash mismatch)")]
    Damaged(String),
}

/// Where a profile keeps its photos.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BlobPlace {
    /// Files in `<profile>.blobs/` and `<profile>.thumbnails/` beside the database.
    #[default]
    Folders,
    /// Rows of the database's `files` table (written in the same durable
    /// transactions as everything else).
    Database,
}

/// A folder of content-addressed blob files.
#[derive(Debug, Clone)]
pub struct BlobDir {
    dir: PathBuf,
}

impl BlobDir {
    /// The blob folder of the profile whose database is `db_path`.
    pub fn beside(db_path: &Path) -> Self {
        BlobDir {
            dir: sibling(db_path, "blobs"),
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
        write_durably(&self.dir, &target, bytes)?;
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

/// `<stem>.<what>` beside the database file.
pub(crate) fn sibling(db_path: &Path, what: &str) -> PathBuf {
    let stem = db_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "profile".into());
    db_path.with_file_name(format!("{stem}.{what}"))
}

/// Writes a temporary file, fsyncs it, renames it into place and fsyncs the folder.
fn write_durably(dir: &Path, target: &Path, bytes: &[u8]) -> Result<(), BlobError> {
    fs::create_dir_all(dir)?;
    let partial = target.with_extension("partial");
    let mut file = fs::File::create(&partial)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    fs::rename(&partial, target)?;
    fs::File::open(dir)?.sync_all()?;
    Ok(())
}

/// A profile's photos and thumbnails, wherever they are kept.
#[derive(Debug, Clone, Copy)]
pub struct Blobs<'a> {
    place: BlobPlace,
    db_path: &'a Path,
    conn: &'a Connection,
}

/// Key of a blob or thumbnail row in the `files` table.
fn key(kind: &str, hash: &BlobHash) -> String {
    format!("{kind}/{}", hash.as_str())
}

impl<'a> Blobs<'a> {
    pub(super) fn new(place: BlobPlace, db_path: &'a Path, conn: &'a Connection) -> Self {
        Blobs {
            place,
            db_path,
            conn,
        }
    }

    /// The folder of blob files (meaningful for [`BlobPlace::Folders`]).
    pub fn folder(&self) -> BlobDir {
        BlobDir::beside(self.db_path)
    }

    /// The thumbnail file of a photo (meaningful for [`BlobPlace::Folders`]).
    pub fn thumbnail_path(&self, hash: &BlobHash) -> PathBuf {
        self.thumbnail_folder()
            .join(format!("{}.jpg", hash.as_str()))
    }

    fn thumbnail_folder(&self) -> PathBuf {
        sibling(self.db_path, "thumbnails")
    }

    fn put_row(&self, key: &str, bytes: &[u8]) -> Result<(), BlobError> {
        self.conn
            .prepare_cached("INSERT OR REPLACE INTO files (name, bytes) VALUES (?1, ?2)")?
            .execute(params![key, bytes])?;
        Ok(())
    }

    fn get_row(&self, key: &str) -> Result<Option<Vec<u8>>, BlobError> {
        Ok(self
            .conn
            .prepare_cached("SELECT bytes FROM files WHERE name = ?1")?
            .query_row([key], |row| row.get(0))
            .optional()?)
    }

    fn remove_row(&self, key: &str) -> Result<(), BlobError> {
        self.conn
            .prepare_cached("DELETE FROM files WHERE name = ?1")?
            .execute([key])?;
        Ok(())
    }

    /// Stores a blob durably and returns its hash.
    pub fn put(&self, bytes: &[u8]) -> Result<BlobHash, BlobError> {
        match self.place {
            BlobPlace::Folders => self.folder().put(bytes),
            BlobPlace::Database => {
                let hash = BlobHash::of(bytes);
                self.put_row(&key("blob", &hash), bytes)?;
                Ok(hash)
            }
        }
    }

    /// Reads a blob and checks its hash.
    pub fn get(&self, hash: &BlobHash) -> Result<Vec<u8>, BlobError> {
        let bytes = match self.place {
            BlobPlace::Folders => return self.folder().get(hash),
            BlobPlace::Database => self.get_row(&key("blob", hash))?.ok_or_else(|| {
                std::io::Error::new(std::io::ErrorKind::NotFound, "no such photo")
            })?,
        };
        if BlobHash::of(&bytes) != *hash {
            return Err(BlobError::Damaged(hash.to_string()));
        }
        Ok(bytes)
    }

    /// True when the blob is stored here.
    pub fn contains(&self, hash: &BlobHash) -> bool {
        match self.place {
            BlobPlace::Folders => self.folder().path(hash).is_file(),
            BlobPlace::Database => self.size(hash).is_ok_and(|size| size.is_some()),
        }
    }

    /// Stores a photo's thumbnail (a JPEG), replacing any earlier one.
    pub fn put_thumbnail(&self, hash: &BlobHash, jpeg: &[u8]) -> Result<(), BlobError> {
        match self.place {
            BlobPlace::Folders => {
                write_durably(&self.thumbnail_folder(), &self.thumbnail_path(hash), jpeg)
            }
            BlobPlace::Database => self.put_row(&key("thumbnail", hash), jpeg),
        }
    }

    /// A photo's thumbnail, if stored here.
    pub fn thumbnail(&self, hash: &BlobHash) -> Option<Vec<u8>> {
        match self.place {
            BlobPlace::Folders => fs::read(self.thumbnail_path(hash)).ok(),
            BlobPlace::Database => self.get_row(&key("thumbnail", hash)).ok().flatten(),
        }
    }

    /// Removes a photo and its thumbnail (nothing happens for missing ones).
    pub fn remove(&self, hash: &BlobHash) -> Result<(), BlobError> {
        match self.place {
            BlobPlace::Folders => {
                for path in [self.folder().path(hash), self.thumbnail_path(hash)] {
                    match fs::remove_file(path) {
                        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
                        _ => {}
                    }
                }
                Ok(())
            }
            BlobPlace::Database => {
                self.remove_row(&key("blob", hash))?;
                self.remove_row(&key("thumbnail", hash))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn both_places(test: impl Fn(Blobs<'_>)) {
        for place in [BlobPlace::Folders, BlobPlace::Database] {
            let dir = tempfile::tempdir().expect("tempdir");
            let store = Store::open_with(&dir.path().join("p.sqlite"), place).expect("open");
            test(store.blobs());
        }
    }

    #[test]
    fn blobs_and_thumbnails_round_trip_in_either_place() {
        both_places(|blobs| {
            let hash = blobs.put(b"photo bytes").expect("put");
            assert_eq!(hash, BlobHash::of(b"photo bytes"));
            assert!(blobs.contains(&hash));
            assert_eq!(blobs.get(&hash).expect("get"), b"photo bytes");
            blobs.put_thumbnail(&hash, b"thumb").expect("thumb");
            assert_eq!(blobs.thumbnail(&hash).as_deref(), Some(&b"thumb"[..]));
            blobs.remove(&hash).expect("remove");
            assert!(!blobs.contains(&hash));
            assert!(blobs.thumbnail(&hash).is_none());
            assert!(blobs.get(&hash).is_err());
            blobs.remove(&hash).expect("removing twice is fine");
        });
    }

    #[test]
    fn a_damaged_blob_in_the_database_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store =
            Store::open_with(&dir.path().join("p.sqlite"), BlobPlace::Database).expect("open");
        let hash = store.blobs().put(b"original").expect("put");
        store
            .connection()
            .execute(
                "UPDATE files SET bytes = ?1 WHERE name = ?2",
                params![&b"tampered"[..], key("blob", &hash)],
            )
            .expect("tamper");
        assert!(matches!(
            store.blobs().get(&hash),
            Err(BlobError::Damaged(_))
        ));
    }
}
