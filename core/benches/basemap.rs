//! Base maps: opening the fixture package (header and root directory) and
//! reading one tile, and drawing the report's base map layer for the demo
//! area's extent (tiles read, decoded and turned into SVG paths).

use std::path::Path;
use std::time::Duration;

use cityaudit_core::basemap::PmTiles;
use cityaudit_core::report::basemap_layer::{BaseLayer, PackageLayer};
use cityaudit_core::report::projection::Fit;
use criterion::{criterion_group, Criterion};
use geo_types::Point;

fn fixture() -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/map/demo-area.pmtiles"),
    )
    .expect("tests/fixtures/map/demo-area.pmtiles")
}

fn criterion_benches(c: &mut Criterion) {
    let bytes = fixture();
    let mut group = c.benchmark_group("basemap");
    group.bench_function("open_and_one_tile", |b| {
        b.iter(|| {
            let package = PmTiles::open(bytes.as_slice()).expect("open");
            package.tile(14, 9253, 6039).expect("read").expect("tile")
        })
    });
    let points = [
        Point::new(23.3219, 42.6977),
        Point::new(23.3340, 42.7020),
        Point::new(23.3300, 42.6810),
    ];
    let fit = Fit::new(&points, 640.0, 420.0, 30.0).expect("fit");
    let layer = PackageLayer::new(PmTiles::open(bytes.clone()).expect("open"));
    println!(
        "report base map layer: {} bytes of SVG",
        layer.draw(&fit, 640.0, 420.0).len()
    );
    group.bench_function("report_layer", |b| {
        b.iter(|| layer.draw(&fit, 640.0, 420.0))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50).measurement_time(Duration::from_secs(3));
    targets = criterion_benches
}

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
