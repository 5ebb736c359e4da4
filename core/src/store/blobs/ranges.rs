//! Large blobs (base map packages) read and downloaded by range, never
//! held whole in memory: a file read with seeks in the native app; in the
//! browser app's database, a download kept as rows of chunks
//! (`part/<hash>/<offset>`) that stay its storage once a `done/<hash>` row
//! marks them verified.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::PathBuf;

use rusqlite::{params, OptionalExtension};
use sha2::{Digest, Sha256};

use super::{key, BlobError, BlobPlace, Blobs};
use crate::ids::BlobHash;

fn part_prefix(hash: &BlobHash) -> String {
    format!("part/{}/", hash.as_str())
}

impl Blobs<'_> {
    fn download_path(&self, hash: &BlobHash) -> PathBuf {
        self.folder().path(hash).with_extension("download")
    }

    /// The size of a complete blob held here, or None.
    pub fn size(&self, hash: &BlobHash) -> Result<Option<u64>, BlobError> {
        match self.place {
            BlobPlace::Folders => match fs::metadata(self.folder().path(hash)) {
                Ok(meta) => Ok(Some(meta.len())),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(e.into()),
            },
            BlobPlace::Database => {
                let whole: Option<i64> = self
                    .conn
                    .prepare_cached("SELECT length(bytes) FROM files WHERE name = ?1")?
                    .query_row([key("blob", hash)], |row| row.get(0))
                    .optional()?;
                if let Some(len) = whole {
                    return Ok(Some(len.unsigned_abs()));
                }
                if self.get_row(&key("done", hash))?.is_none() {
                    return Ok(None);
                }
                Ok(Some(self.parts_length(hash)?))
            }
        }
    }

    fn parts_length(&self, hash: &BlobHash) -> Result<u64, BlobError> {
        let prefix = part_prefix(hash);
        let total: i64 = self
            .conn
            .prepare_cached(
                "SELECT coalesce(sum(length(bytes)), 0) FROM files
                 WHERE name >= ?1 AND name < ?1 || x'ff'",
            )?
            .query_row([prefix], |row| row.get(0))?;
        Ok(total.unsigned_abs())
    }

    /// `len` bytes of a complete blob from `offset` (fewer at its end).
    pub fn read_range(
        &self,
        hash: &BlobHash,
        offset: u64,
        len: usize,
    ) -> Result<Vec<u8>, BlobError> {
        match self.place {
            BlobPlace::Folders => {
                let mut file = File::open(self.folder().path(hash))?;
                file.seek(SeekFrom::Start(offset))?;
                let mut bytes = Vec::with_capacity(len);
                file.take(len as u64).read_to_end(&mut bytes)?;
                Ok(bytes)
            }
            BlobPlace::Database => {
                let whole: Option<Vec<u8>> = self
                    .conn
                    .prepare_cached("SELECT substr(bytes, ?2, ?3) FROM files WHERE name = ?1")?
                    .query_row(
                        params![key("blob", hash), offset as i64 + 1, len as i64],
                        |row| row.get(0),
                    )
                    .optional()?;
                if let Some(bytes) = whole {
                    return Ok(bytes);
                }
                self.read_parts(hash, offset, len)
            }
        }
    }

    /// Reads a range across the chunk rows of a downloaded blob.
    fn read_parts(&self, hash: &BlobHash, offset: u64, len: usize) -> Result<Vec<u8>, BlobError> {
        let prefix = part_prefix(hash);
        let end = offset.saturating_add(len as u64);
        let mut out = Vec::with_capacity(len.min(16 << 20));
        let mut stmt = self.conn.prepare_cached(
            "SELECT name, bytes FROM files WHERE name >= ?1 AND name < ?1 || x'ff' ORDER BY name",
        )?;
        let mut rows = stmt.query([&prefix])?;
        while let Some(row) = rows.next()? {
            let name: String = row.get(0)?;
            let start: u64 = name[prefix.len()..].parse().unwrap_or(u64::MAX);
            let bytes: Vec<u8> = row.get(1)?;
            let stop = start.saturating_add(bytes.len() as u64);
            if stop <= offset || start >= end {
                continue;
            }
            let from = usize::try_from(offset.saturating_sub(start)).unwrap_or(usize::MAX);
            let to = usize::try_from(end.min(stop) - start).unwrap_or(usize::MAX);
            out.extend_from_slice(bytes.get(from..to).unwrap_or_default());
        }
        Ok(out)
    }

    /// Bytes received so far of an unfinished download of the blob.
    pub fn received(&self, hash: &BlobHash) -> Result<u64, BlobError> {
        match self.place {
            BlobPlace::Folders => match fs::metadata(self.download_path(hash)) {
                Ok(meta) => Ok(meta.len()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(0),
                Err(e) => Err(e.into()),
            },
            BlobPlace::Database => self.parts_length(hash),
        }
    }

    /// Appends a downloaded chunk at `offset`, which must be where the
    /// received part ends; durable when it returns.
    pub fn append_received(
        &self,
        hash: &BlobHash,
        offset: u64,
        bytes: &[u8],
    ) -> Result<(), BlobError> {
        let received = self.received(hash)?;
        if offset != received {
            return Err(BlobError::Io(std::io::Error::other(format!(
                "a download chunk at {offset} does not follow the {received} bytes received"
            ))));
        }
        match self.place {
            BlobPlace::Folders => {
                fs::create_dir_all(self.folder().path(hash).parent().unwrap_or(&PathBuf::new()))?;
                let mut file = OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(self.download_path(hash))?;
                file.write_all(bytes)?;
                file.sync_all()?;
                Ok(())
            }
            BlobPlace::Database => {
                let name = format!("{}{offset:016}", part_prefix(hash));
                self.put_row(&name, bytes)
            }
        }
    }

    /// Checks a finished download's SHA-256 (reading it in pieces) and, when
    /// it matches, makes it the blob; else discards it. True when kept.
    pub fn finish_received(&self, hash: &BlobHash) -> Result<bool, BlobError> {
        let total = self.received(hash)?;
        let mut hasher = Sha256::new();
        let mut offset = 0;
        while offset < total {
            let piece = match self.place {
                BlobPlace::Folders => {
                    let mut file = File::open(self.download_path(hash))?;
                    file.seek(SeekFrom::Start(offset))?;
                    let mut piece = Vec::new();
                    file.take(4 << 20).read_to_end(&mut piece)?;
                    piece
                }
                BlobPlace::Database => self.read_parts(hash, offset, 4 << 20)?,
            };
            if piece.is_empty() {
                break;
            }
            offset += piece.len() as u64;
            hasher.update(&piece);
        }
        if hex::encode(hasher.finalize()) != hash.as_str() {
            self.discard_received(hash)?;
            return Ok(false);
        }
        match self.place {
            BlobPlace::Folders => {
                let folder = self.folder().path(hash);
                fs::rename(self.download_path(hash), &folder)?;
                if let Some(dir) = folder.parent() {
                    File::open(dir)?.sync_all()?;
                }
            }
            BlobPlace::Database => self.put_row(&key("done", hash), &total.to_le_bytes())?,
        }
        Ok(true)
    }

    /// Drops an unfinished download.
    pub fn discard_received(&self, hash: &BlobHash) -> Result<(), BlobError> {
        match self.place {
            BlobPlace::Folders => match fs::remove_file(self.download_path(hash)) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
                _ => Ok(()),
            },
            BlobPlace::Database => {
                self.conn
                    .prepare_cached("DELETE FROM files WHERE name >= ?1 AND name < ?1 || x'ff'")?
                    .execute([part_prefix(hash)])?;
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::BlobPlace;
    use crate::ids::BlobHash;
    use crate::store::Store;

    #[test]
    fn a_download_in_chunks_is_verified_then_read_by_range_in_either_place() {
        let bytes: Vec<u8> = (0..10_000u32).map(|i| (i % 251) as u8).collect();
        let hash = BlobHash::of(&bytes);
        for place in [BlobPlace::Folders, BlobPlace::Database] {
            let dir = tempfile::tempdir().expect("tempdir");
            let store = Store::open_with(&dir.path().join("p.sqlite"), place).expect("open");
            let blobs = store.blobs();
            assert_eq!(blobs.size(&hash).expect("size"), None);
            blobs
                .append_received(&hash, 0, &bytes[..4000])
                .expect("first");
            assert!(
                blobs.append_received(&hash, 0, &bytes[..10]).is_err(),
                "not at the end"
            );
            assert_eq!(blobs.received(&hash).expect("received"), 4000);
            assert_eq!(blobs.size(&hash).expect("size"), None, "not complete yet");
            blobs
                .append_received(&hash, 4000, &bytes[4000..])
                .expect("rest");
            assert!(blobs.finish_received(&hash).expect("finish"));
            assert!(blobs.contains(&hash), "{place:?}");
            assert_eq!(blobs.size(&hash).expect("size"), Some(10_000));
            assert_eq!(
                blobs.read_range(&hash, 3990, 20).expect("range"),
                &bytes[3990..4010]
            );
            assert_eq!(
                blobs.read_range(&hash, 9995, 20).expect("end"),
                &bytes[9995..]
            );
        }
    }

    #[test]
    fn a_damaged_download_is_discarded() {
        for place in [BlobPlace::Folders, BlobPlace::Database] {
            let dir = tempfile::tempdir().expect("tempdir");
            let store = Store::open_with(&dir.path().join("p.sqlite"), place).expect("open");
            let blobs = store.blobs();
            let hash = BlobHash::of(b"the real map");
            blobs
                .append_received(&hash, 0, b"something else")
                .expect("chunk");
            assert!(!blobs.finish_received(&hash).expect("finish"));
            assert_eq!(blobs.received(&hash).expect("received"), 0);
            assert!(!blobs.contains(&hash));
        }
    }
}
