use std::io::Write;

use proptest::prelude::*;

use super::*;
use crate::basemap::tile_id;

pub(crate) fn fixture() -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures/map/demo-area.pmtiles"),
    )
    .expect("tests/fixtures/map/demo-area.pmtiles (scripts/make-map-fixture)")
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).expect("gzip");
    encoder.finish().expect("gzip")
}

fn varint(mut v: u64, out: &mut Vec<u8>) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// A directory of (tile id, offset, length, run length) entries.
fn directory(entries: &[(u64, u64, u64, u64)]) -> Vec<u8> {
    let mut out = Vec::new();
    varint(entries.len() as u64, &mut out);
    let mut last = 0;
    for e in entries {
        varint(e.0 - last, &mut out);
        last = e.0;
    }
    for e in entries {
        varint(e.3, &mut out);
    }
    for e in entries {
        varint(e.2, &mut out);
    }
    for e in entries {
        varint(e.1 + 1, &mut out);
    }
    out
}

/// A package (no compression inside) with `root`, `leaves` and `tiles`.
fn package(root: &[u8], leaves: &[u8], tiles: &[u8], tile_compression: u8) -> Vec<u8> {
    let mut head = vec![0u8; HEADER_BYTES];
    head[..7].copy_from_slice(b"PMTiles");
    head[7] = 3;
    let root_at = HEADER_BYTES as u64;
    let leaves_at = root_at + root.len() as u64;
    let tiles_at = leaves_at + leaves.len() as u64;
    for (at, value) in [
        (8, root_at),
        (16, root.len() as u64),
        (24, tiles_at + tiles.len() as u64),
        (32, 0),
        (40, leaves_at),
        (48, leaves.len() as u64),
        (56, tiles_at),
        (64, tiles.len() as u64),
    ] {
        head[at..at + 8].copy_from_slice(&value.to_le_bytes());
    }
    head[97] = 1; // directories: none
    head[98] = tile_compression;
    head[99] = 1; // mvt
    head[100] = 0;
    head[101] = 14;
    for (at, value) in [
        (102, -1_000_000_i32),
        (106, -1_000_000),
        (110, 1_000_000),
        (114, 1_000_000),
    ] {
        head[at..at + 4].copy_from_slice(&value.to_le_bytes());
    }
    [head, root.to_vec(), leaves.to_vec(), tiles.to_vec()].concat()
}

#[test]
fn the_fixture_header_says_what_the_script_wrote() {
    let bytes = fixture();
    let map = PmTiles::open(bytes.as_slice()).expect("open");
    let h = map.header();
    assert_eq!(h.tile_type, TileType::Mvt);
    assert_eq!(h.tile_compression, Compression::Gzip);
    assert_eq!((h.min_zoom, h.max_zoom), (12, 15));
    assert_eq!(h.bounds, [23.3, 42.675, 23.34, 42.715]);
    assert_eq!(h.centre, [23.32, 42.695, 14.0]);
    assert_eq!(h.addressed_tiles, 50);
}

#[test]
fn a_fixture_tile_is_found_and_decompressed() {
    let bytes = fixture();
    let map = PmTiles::open(bytes.as_slice()).expect("open");
    let tile = map.tile(14, 9253, 6039).expect("read").expect("present");
    // An uncompressed MVT starts with a layer (field 3, length-delimited).
    assert_eq!(tile[0], 0x1a);
    assert!(map.tile(14, 0, 0).expect("read").is_none(), "far away");
    assert!(
        map.tile(20, 0, 0).expect("read").is_none(),
        "beyond max zoom"
    );
    assert!(map.tile(40, 0, 0).expect("read").is_none(), "no such zoom");
}

#[test]
fn a_package_is_read_from_a_file_by_range() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("map.pmtiles");
    std::fs::write(&path, fixture()).expect("write");
    let map = PmTiles::open(std::fs::File::open(&path).expect("file")).expect("open");
    assert!(map.tile(15, 18506, 12078).expect("read").is_some());
}

#[test]
fn leaf_directories_are_followed() {
    let tile = gzip(b"\x1a\x00");
    let id = tile_id(3, 1, 2).expect("id");
    let leaf = directory(&[(id, 0, tile.len() as u64, 1)]);
    let root = directory(&[(0, 0, leaf.len() as u64, 0)]);
    let bytes = package(&root, &leaf, &tile, 2);
    let map = PmTiles::open(bytes.as_slice()).expect("open");
    assert_eq!(map.tile(3, 1, 2).expect("read"), Some(b"\x1a\x00".to_vec()));
    assert_eq!(map.tile(3, 1, 3).expect("read"), None);
}

#[test]
fn runs_of_equal_tiles_share_their_bytes() {
    let tile = b"ocean".to_vec();
    let first = tile_id(2, 0, 0).expect("id");
    let root = directory(&[(first, 0, 5, 3)]);
    let map_bytes = package(&root, &[], &tile, 1);
    let map = PmTiles::open(map_bytes.as_slice()).expect("open");
    for id in first..first + 3 {
        let (z, x, y) = (2..3)
            .flat_map(|z| (0..4).flat_map(move |x| (0..4).map(move |y| (z, x, y))))
            .find(|&(z, x, y)| tile_id(z, x, y) == Some(id))
            .expect("tile of id");
        assert_eq!(map.tile(z, x, y).expect("read"), Some(tile.clone()));
    }
}

#[test]
fn files_that_are_not_pmtiles_v3_say_so() {
    assert!(matches!(
        PmTiles::open(&b"\xff\xd8\xff\xe0 a jpeg"[..]),
        Err(PmTilesError::NotPmTiles)
    ));
    assert!(matches!(
        PmTiles::open(&b""[..]),
        Err(PmTilesError::NotPmTiles)
    ));
    let mut v2 = fixture();
    v2[7] = 2;
    assert!(matches!(
        PmTiles::open(v2.as_slice()),
        Err(PmTilesError::WrongVersion(2))
    ));
    let mut brotli = fixture();
    brotli[98] = 3;
    assert!(matches!(
        PmTiles::open(brotli.as_slice()),
        Err(PmTilesError::UnsupportedCompression { what: "tiles", .. })
    ));
    let mut avif = fixture();
    avif[99] = 5;
    assert!(matches!(
        PmTiles::open(avif.as_slice()),
        Err(PmTilesError::UnsupportedTileType(5))
    ));
}

#[test]
fn a_truncated_package_says_truncated() {
    let bytes = fixture();
    for cut in [60, HEADER_BYTES, 200, bytes.len() - 1] {
        let error = PmTiles::open(&bytes[..cut]).expect_err("truncated");
        assert!(
            matches!(error, PmTilesError::Truncated { .. }),
            "cut at {cut}: {error}"
        );
    }
}

#[test]
fn hostile_directories_are_refused_with_bounded_work() {
    // A count of a billion entries in a few bytes.
    let mut lying = Vec::new();
    varint(1_000_000_000, &mut lying);
    lying.extend([1, 1, 1, 1]);
    let error = PmTiles::open(package(&lying, &[], b"x", 1).as_slice()).expect_err("lie");
    assert!(matches!(error, PmTilesError::BadDirectory(_)), "{error}");

    // Leaves pointing at themselves, forever.
    let leaf_len = directory(&[(0, 0, 9, 0)]).len() as u64;
    let leaf = directory(&[(0, 0, leaf_len, 0)]);
    let root = directory(&[(0, 0, leaf.len() as u64, 0)]);
    let bytes = package(&root, &leaf, b"x", 1);
    let map = PmTiles::open(bytes.as_slice()).expect("open");
    assert!(matches!(
        map.tile(5, 3, 3),
        Err(PmTilesError::DirectoryTooDeep { .. })
    ));

    // A tile that inflates beyond the limit.
    let bomb = gzip(&vec![0u8; MAX_TILE_BYTES + 1]);
    let root = directory(&[(0, 0, bomb.len() as u64, 1)]);
    let bytes = package(&root, &[], &bomb, 2);
    let map = PmTiles::open(bytes.as_slice()).expect("open");
    assert!(matches!(
        map.tile(0, 0, 0),
        Err(PmTilesError::TileTooLarge { .. })
    ));

    // A directory that inflates beyond the limit.
    let mut big = package(&gzip(&vec![0u8; MAX_DIRECTORY_BYTES + 1]), &[], b"x", 2);
    big[97] = 2;
    assert!(matches!(
        PmTiles::open(big.as_slice()),
        Err(PmTilesError::DirectoryTooLarge { .. })
    ));

    // A tile entry pointing past the tile data.
    let root = directory(&[(0, 10, 5, 1)]);
    let bytes = package(&root, &[], b"tiny", 1);
    let map = PmTiles::open(bytes.as_slice()).expect("open");
    assert!(matches!(
        map.tile(0, 0, 0),
        Err(PmTilesError::Truncated { .. })
    ));
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        if let Ok(map) = PmTiles::open(bytes.as_slice()) {
            let _ = map.tile(0, 0, 0);
            let _ = map.tile(3, 2, 5);
        }
    }

    #[test]
    fn damaging_the_fixture_never_panics(at in 0usize..13_450, value in any::<u8>(), z in 12u8..16) {
        let mut bytes = fixture();
        if at < bytes.len() {
            bytes[at] = value;
        }
        if let Ok(map) = PmTiles::open(bytes.as_slice()) {
            let n = 1u32 << z;
            let x = (23.32 + 180.0) / 360.0 * f64::from(n);
            let _ = map.tile(z, x as u32, n / 2 - n / 8);
        }
    }

    #[test]
    fn arbitrary_pmtiles_headers_never_panic(tail in proptest::collection::vec(any::<u8>(), 120..400)) {
        let bytes = [b"PMTiles\x03".to_vec(), tail].concat();
        if let Ok(map) = PmTiles::open(bytes.as_slice()) {
            let _ = map.tile(0, 0, 0);
        }
    }
}
