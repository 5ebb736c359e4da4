//! Unsigned LEB128 varints, as PMTiles directories write them.

/// Reads varints from a byte slice.
pub(super) struct Varints<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Varints<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Self {
        Varints { bytes, at: 0 }
    }

    /// Bytes not read yet.
    pub(super) fn remaining(&self) -> usize {
        self.bytes.len() - self.at
    }

    /// The next varint, or None when the bytes end or it overflows 64 bits.
    pub(super) fn next(&mut self) -> Option<u64> {
        let mut value: u64 = 0;
        for shift in (0..64).step_by(7) {
            let byte = *self.bytes.get(self.at)?;
            self.at += 1;
            let bits = u64::from(byte & 0x7f);
            if shift == 63 && bits > 1 {
                return None;
            }
            value |= bits << shift;
            if byte & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::Varints;

    #[test]
    fn varints_read_small_large_and_refuse_overflow() {
        let mut v = Varints::new(&[0x00, 0x7f, 0xac, 0x02]);
        assert_eq!(v.next(), Some(0));
        assert_eq!(v.next(), Some(127));
        assert_eq!(v.next(), Some(300));
        assert_eq!(v.next(), None);
        let max = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
        assert_eq!(Varints::new(&max).next(), Some(u64::MAX));
        let over = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02];
        assert_eq!(Varints::new(&over).next(), None);
        assert_eq!(Varints::new(&[0x80]).next(), None, "truncated");
    }
}
