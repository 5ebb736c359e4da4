//! The mutation fuzzer of `examples/fuzz.rs`, bounded for every test run:
//! a few thousand damaged sync messages and photos, none of which may make
//! the server's decoder or the photo reader panic. Longer runs are in
//! `docs/benchmarks.md`.

#[path = "../examples/fuzz.rs"]
mod fuzz;

#[test]
fn damaged_sync_messages_and_photos_never_panic() -> anyhow::Result<()> {
    let (sync, photos) = fuzz::run(fuzz::Budget::Rounds(3_000), 11)?;
    assert_eq!((sync.panics, photos.panics), (0, 0));
    // The mutations reach both outcomes: the run is not all refusals.
    assert!(sync.accepted > 0 && sync.refused > 0, "{sync:?}");
    assert!(photos.accepted > 0 && photos.refused > 0, "{photos:?}");
    Ok(())
}
