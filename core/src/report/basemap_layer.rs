//! The base map under the report's static map: the audit's PMTiles package
//! drawn as SVG at a zoom chosen for the map's extent. Vector tiles become
//! muted paths (water, parks, buildings, roads, one path per kind, points
//! rounded to whole pixels and thinned); raster tiles are embedded as
//! `data:` images. Work is bounded: at most [`MAX_TILES`] tiles.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use geo_types::Coord;

use super::projection::Fit;
use crate::basemap::mvt::{self, GeomType};
use crate::basemap::{PmTiles, Source, TileType};
use crate::model::BaseMap;
use crate::snapshot::BlobSource;

/// Most tiles drawn under one map.
pub const MAX_TILES: usize = 36;

/// A layer drawn under the report's map, fitted to it.
pub trait BaseLayer {
    /// SVG elements covering the `width` x `height` box of `fit`.
    fn draw(&self, fit: &Fit, width: f64, height: f64) -> String;
}

/// A package whose bytes come from the report's blob source by range.
pub struct BlobPackage<'a> {
    blobs: &'a dyn BlobSource,
    hash: String,
    size: u64,
}

impl Source for BlobPackage<'_> {
    fn size(&self) -> std::io::Result<u64> {
        Ok(self.size)
    }

    fn read_at(&self, offset: u64, len: usize) -> std::io::Result<Vec<u8>> {
        match self.blobs.blob_range(&self.hash, offset, len) {
            Some(bytes) if bytes.len() == len => Ok(bytes),
            _ => Err(std::io::ErrorKind::UnexpectedEof.into()),
        }
    }
}

/// The audit's package, opened from `blobs`, when it is there and readable.
pub fn open<'a>(map: &BaseMap, blobs: &'a dyn BlobSource) -> Option<PackageLayer<BlobPackage<'a>>> {
    let source = BlobPackage {
        blobs,
        hash: map.hash.to_string(),
        size: map.bytes,
    };
    PmTiles::open(source)
        .ok()
        .map(|package| PackageLayer { package })
}

/// A PMTiles package as a base layer.
pub struct PackageLayer<S: Source> {
    package: PmTiles<S>,
}

impl<S: Source> PackageLayer<S> {
    /// A layer drawing `package`.
    pub fn new(package: PmTiles<S>) -> Self {
        PackageLayer { package }
    }
}

/// The vector layers drawn, bottom first, with their SVG style.
const STYLES: [(&str, &str); 4] = [
    ("landuse", "fill=\"#dcead3\""),
    ("water", "fill=\"#c6dbea\""),
    ("buildings", "fill=\"#e2ddd6\""),
    (
        "roads",
        "fill=\"none\" stroke=\"#ffffff\" stroke-linecap=\"round\" stroke-linejoin=\"round\"",
    ),
];

/// Road widths in pixels by `kind`; others as minor roads.
fn road_width(kind: &str) -> f64 {
    match kind {
        "highway" => 4.0,
        "major_road" => 3.0,
        "path" => 1.0,
        _ => 1.8,
    }
}

/// Land uses drawn (parks and the like); others are left out.
fn green(kind: &str) -> bool {
    matches!(
        kind,
        "park"
            | "garden"
            | "forest"
            | "wood"
            | "grass"
            | "meadow"
            | "cemetery"
            | "recreation_ground"
            | "nature_reserve"
    )
}

/// The zoom whose tiles match the fit's scale (256-pixel tiles), within
/// the package's zooms and [`MAX_TILES`].
fn zoom_for(fit: &Fit, width: f64, height: f64, min: u8, max: u8) -> u8 {
    let ideal = (fit.scale() / 256.0).log2().round().clamp(0.0, 31.0) as u8;
    let mut z = ideal.clamp(min, max);
    while z > min && tiles_at(fit, width, height, z).len() > MAX_TILES {
        z -= 1;
    }
    z
}

/// The tiles at zoom `z` covering the box.
fn tiles_at(fit: &Fit, width: f64, height: f64, z: u8) -> Vec<(u32, u32)> {
    let n = f64::from(1u32 << z.min(31));
    let top_left = fit.world_at(0.0, 0.0);
    let bottom_right = fit.world_at(width, height);
    let index = |v: f64| (v * n).floor().clamp(0.0, n - 1.0) as u32;
    let (x0, x1) = (index(top_left.x), index(bottom_right.x));
    let (y0, y1) = (index(top_left.y), index(bottom_right.y));
    let mut tiles = Vec::new();
    for x in x0..=x1 {
        for y in y0..=y1 {
            tiles.push((x, y));
            if tiles.len() > MAX_TILES {
                return tiles;
            }
        }
    }
    tiles
}

/// Paths of one style, built up as SVG path data.
#[derive(Default)]
struct Paths {
    /// (layer, kind) -> path data.
    by_style: std::collections::BTreeMap<(usize, String), String>,
}

impl Paths {
    fn add(&mut self, style: usize, kind: &str, points: &[Coord<f64>], close: bool) {
        let mut d = String::new();
        let mut last: Option<(i64, i64)> = None;
        for p in points {
            let at = (p.x.round() as i64, p.y.round() as i64);
            if last == Some(at) {
                continue;
            }
            d.push_str(if last.is_none() { "M" } else { "L" });
            d.push_str(&format!("{} {}", at.0, at.1));
            last = Some(at);
        }
        if d.matches(['M', 'L']).count() < 2 {
            return;
        }
        if close {
            d.push('Z');
        }
        self.by_style
            .entry((style, kind.to_owned()))
            .or_default()
            .push_str(&d);
    }
}

impl<S: Source> PackageLayer<S> {
    fn vector(&self, fit: &Fit, width: f64, height: f64, z: u8) -> String {
        let n = f64::from(1u32 << z);
        let mut paths = Paths::default();
        for (x, y) in tiles_at(fit, width, height, z).into_iter().take(MAX_TILES) {
            let Ok(Some(tile)) = self.package.tile(z, x, y) else {
                continue;
            };
            let Ok(layers) = mvt::decode(&tile, |name| STYLES.iter().any(|(l, _)| *l == name))
            else {
                continue;
            };
            for layer in layers {
                let Some(style) = STYLES.iter().position(|(l, _)| *l == layer.name) else {
                    continue;
                };
                let extent = f64::from(layer.extent);
                for feature in &layer.features {
                    let kind = feature.kind.as_deref().unwrap_or("");
                    if layer.name == "landuse" && !green(kind) {
                        continue;
                    }
                    let kind = if layer.name == "roads" { kind } else { "" };
                    let close = feature.geom_type == GeomType::Polygon;
                    if feature.geom_type == GeomType::Point {
                        continue;
                    }
                    for part in &feature.parts {
                        let points: Vec<Coord<f64>> = part
                            .iter()
                            .map(|&(px, py)| {
                                fit.place(Coord {
                                    x: (f64::from(x) + f64::from(px) / extent) / n,
                                    y: (f64::from(y) + f64::from(py) / extent) / n,
                                })
                            })
                            .collect();
                        if outside(&points, width, height) {
                            continue;
                        }
                        paths.add(style, kind, &points, close);
                    }
                }
            }
        }
        let mut svg = String::new();
        for ((style, kind), d) in paths.by_style {
            let (layer, attributes) = STYLES[style];
            let width = if layer == "roads" {
                format!(" stroke-width=\"{}\"", road_width(&kind))
            } else {
                String::new()
            };
            let class = if kind.is_empty() {
                format!("basemap-{layer}")
            } else {
                format!("basemap-{layer} {kind}")
            };
            svg.push_str(&format!(
                "<path class=\"{class}\" {attributes}{width} d=\"{d}\"/>"
            ));
        }
        svg
    }

    fn raster(&self, fit: &Fit, width: f64, height: f64, z: u8) -> String {
        let n = f64::from(1u32 << z);
        let media = self.package.header().tile_type.media_type();
        let mut svg = String::new();
        for (x, y) in tiles_at(fit, width, height, z).into_iter().take(MAX_TILES) {
            let Ok(Some(tile)) = self.package.tile(z, x, y) else {
                continue;
            };
            let corner = fit.place(Coord {
                x: f64::from(x) / n,
                y: f64::from(y) / n,
            });
            let size = fit.scale() / n;
            svg.push_str(&format!(
                "<image class=\"basemap-tile\" x=\"{:.1}\" y=\"{:.1}\" width=\"{size:.1}\" height=\"{size:.1}\" preserveAspectRatio=\"none\" href=\"data:{media};base64,{}\"/>",
                corner.x,
                corner.y,
                BASE64.encode(&tile)
            ));
        }
        svg
    }
}

/// True when every point lies beyond one side of the box (with a margin).
fn outside(points: &[Coord<f64>], width: f64, height: f64) -> bool {
    let m = 8.0;
    points.iter().all(|p| p.x < -m)
        || points.iter().all(|p| p.x > width + m)
        || points.iter().all(|p| p.y < -m)
        || points.iter().all(|p| p.y > height + m)
}

impl<S: Source> BaseLayer for PackageLayer<S> {
    fn draw(&self, fit: &Fit, width: f64, height: f64) -> String {
        let header = self.package.header();
        let z = zoom_for(fit, width, height, header.min_zoom, header.max_zoom);
        let inner = match header.tile_type {
            TileType::Mvt => self.vector(fit, width, height, z),
            TileType::Png | TileType::Jpeg | TileType::Webp => self.raster(fit, width, height, z),
        };
        if inner.is_empty() {
            return String::new();
        }
        format!(
            "<clipPath id=\"basemap-clip\"><rect width=\"{width}\" height=\"{height}\"/></clipPath><g class=\"basemap\" clip-path=\"url(#basemap-clip)\">{inner}</g>"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::Point;

    fn fixture_layer() -> PackageLayer<Vec<u8>> {
        let bytes = crate::basemap::pmtiles::tests::fixture();
        PackageLayer::new(PmTiles::open(bytes).expect("open"))
    }

    #[test]
    fn the_fixture_draws_roads_water_parks_and_buildings_inside_the_box() {
        let points = [Point::new(23.3219, 42.6977), Point::new(23.3340, 42.7020)];
        let fit = Fit::new(&points, 640.0, 420.0, 30.0).expect("fit");
        let svg = fixture_layer().draw(&fit, 640.0, 420.0);
        for class in [
            "basemap-roads major_road",
            "basemap-roads minor_road",
            "basemap-buildings",
        ] {
            assert!(svg.contains(class), "{class} missing");
        }
        assert!(svg.contains("clip-path"));
        assert!(svg.len() < 60_000, "{} bytes", svg.len());
    }

    #[test]
    fn the_zoom_follows_the_extent_within_the_package() {
        let near = [Point::new(23.3219, 42.6977), Point::new(23.3240, 42.6990)];
        let far = [Point::new(23.0, 42.5), Point::new(23.6, 42.9)];
        let z = |points: &[Point<f64>]| {
            let fit = Fit::new(points, 640.0, 420.0, 30.0).expect("fit");
            zoom_for(&fit, 640.0, 420.0, 12, 15)
        };
        assert_eq!(z(&near), 15, "close up: the package's highest zoom");
        assert_eq!(z(&far), 12, "wide: the lowest");
    }

    #[test]
    fn an_area_the_package_does_not_cover_draws_nothing() {
        let points = [Point::new(2.35, 48.85), Point::new(2.36, 48.86)];
        let fit = Fit::new(&points, 640.0, 420.0, 30.0).expect("fit");
        assert_eq!(fixture_layer().draw(&fit, 640.0, 420.0), "");
    }
}
