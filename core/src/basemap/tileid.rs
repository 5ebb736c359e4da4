//! PMTiles tile ids: tiles of lower zooms first, each zoom along a Hilbert
//! curve, so nearby tiles sit near each other in the file.

/// The id of tile `z/x/y`, or None when the tile does not exist (zoom above
/// 31, or x/y outside the zoom's grid).
pub fn tile_id(z: u8, x: u32, y: u32) -> Option<u64> {
    if z > 31 {
        return None;
    }
    let n: u64 = 1 << z;
    let (mut x, mut y) = (u64::from(x), u64::from(y));
    if x >= n || y >= n {
        return None;
    }
    // Tiles of all lower zooms: (4^z - 1) / 3.
    let base = ((1u64 << (2 * u32::from(z))) - 1) / 3;
    let mut d: u64 = 0;
    let mut s = n / 2;
    while s > 0 {
        let rx = u64::from(x & s > 0);
        let ry = u64::from(y & s > 0);
        d += s * s * ((3 * rx) ^ ry);
        // Rotate the quadrant so the curve continues.
        if ry == 0 {
            if rx == 1 {
                x = n - 1 - x;
                y = n - 1 - y;
            }
            std::mem::swap(&mut x, &mut y);
        }
        s /= 2;
    }
    Some(base + d)
}

#[cfg(test)]
mod tests {
    use super::tile_id;

    #[test]
    fn tile_ids_match_the_reference_implementation() {
        // Values from the PyPI `pmtiles` package's zxy_to_tileid.
        assert_eq!(tile_id(0, 0, 0), Some(0));
        assert_eq!(tile_id(1, 0, 0), Some(1));
        assert_eq!(tile_id(1, 0, 1), Some(2));
        assert_eq!(tile_id(1, 1, 1), Some(3));
        assert_eq!(tile_id(1, 1, 0), Some(4));
        assert_eq!(tile_id(14, 9253, 6039), Some(REFERENCE_14));
        assert_eq!(tile_id(31, 0, 0), Some(1_537_228_672_809_129_301));
        assert_eq!(tile_id(32, 0, 0), None);
        assert_eq!(tile_id(2, 4, 0), None);
    }

    const REFERENCE_14: u64 = 317_006_563;
}
