//! Where a package's bytes come from: memory or a file, read by range so a
//! large package is never loaded whole.

use std::io::{self, Read, Seek, SeekFrom};

/// Bytes readable by range.
pub trait Source {
    /// Total length in bytes.
    fn size(&self) -> io::Result<u64>;

    /// `len` bytes from `offset`; fails when the range passes the end.
    fn read_at(&self, offset: u64, len: usize) -> io::Result<Vec<u8>>;
}

impl Source for [u8] {
    fn size(&self) -> io::Result<u64> {
        Ok(self.len() as u64)
    }

    fn read_at(&self, offset: u64, len: usize) -> io::Result<Vec<u8>> {
        let start = usize::try_from(offset).map_err(|_| past_end())?;
        let end = start.checked_add(len).ok_or_else(past_end)?;
        self.get(start..end)
            .map(<[u8]>::to_vec)
            .ok_or_else(past_end)
    }
}

impl<T: Source + ?Sized> Source for &T {
    fn size(&self) -> io::Result<u64> {
        (**self).size()
    }

    fn read_at(&self, offset: u64, len: usize) -> io::Result<Vec<u8>> {
        (**self).read_at(offset, len)
    }
}

impl Source for Vec<u8> {
    fn size(&self) -> io::Result<u64> {
        self.as_slice().size()
    }

    fn read_at(&self, offset: u64, len: usize) -> io::Result<Vec<u8>> {
        self.as_slice().read_at(offset, len)
    }
}

impl Source for std::fs::File {
    fn size(&self) -> io::Result<u64> {
        Ok(self.metadata()?.len())
    }

    fn read_at(&self, offset: u64, len: usize) -> io::Result<Vec<u8>> {
        let mut file = self;
        file.seek(SeekFrom::Start(offset))?;
        let mut bytes = vec![0; len];
        file.read_exact(&mut bytes)?;
        Ok(bytes)
    }
}

fn past_end() -> io::Error {
    io::Error::new(io::ErrorKind::UnexpectedEof, "range past the end")
}
