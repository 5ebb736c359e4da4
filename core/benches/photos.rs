//! Preparing a 12-megapixel phone photo (4000 x 3000, about 4 MB) in each
//! EXIF orientation 1-8: metadata, the shared copy rebuilt from its
//! picture data, and the 320 px thumbnail (`media::prepare`). The photo is
//! generated here: a gradient with noise, so it compresses like a photo.

use cityaudit_core::media::{orientation_exif, prepare};
use criterion::{criterion_group, Criterion};
use image::codecs::jpeg::JpegEncoder;
use std::time::Duration;

const WIDTH: u32 = 4000;
const HEIGHT: u32 = 3000;

/// A 12 MP JPEG without EXIF.
fn twelve_megapixels() -> Vec<u8> {
    let mut seed: u32 = 12345;
    let picture = image::RgbImage::from_fn(WIDTH, HEIGHT, |x, y| {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
        let noise = (seed >> 24) as u8 / 8;
        image::Rgb([
            (x * 255 / WIDTH) as u8 / 2 + noise,
            (y * 255 / HEIGHT) as u8 / 2 + noise,
            ((x + y) % 256) as u8 / 2 + noise,
        ])
    });
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, 90)
        .encode_image(&picture)
        .expect("encode");
    jpeg
}

/// The photo with an EXIF orientation right after its start of image.
fn with_orientation(jpeg: &[u8], orientation: u8) -> Vec<u8> {
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&orientation_exif(orientation));
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn criterion_benches(c: &mut Criterion) {
    let plain = twelve_megapixels();
    println!("generated photo: {WIDTH} x {HEIGHT}, {} bytes", plain.len());
    let mut group = c.benchmark_group("prepare_12mp");
    for orientation in 1..=8 {
        let photo = with_orientation(&plain, orientation);
        group.bench_function(format!("orientation_{orientation}"), |b| {
            b.iter(|| prepare(&photo).expect("prepare"))
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).measurement_time(Duration::from_secs(4));
    targets = criterion_benches
}

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
