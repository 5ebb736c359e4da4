//! Web Mercator, fitted into a box: the projection of the report's map and
//! of the app's map (`ui/src/logic/mapProjection.ts`), so both place the
//! same positions the same way, north up.

use geo_types::{Coord, Point};

/// Web Mercator's latitude limit, in degrees.
const MAX_LAT: f64 = 85.051_128_78;

/// The smallest span (world units) a fit covers, so one point or a tight
/// cluster is not a blur: about 150 m.
const MIN_SPAN: f64 = 1.0 / 262_144.0;

/// Web Mercator world coordinates in `[0, 1] x [0, 1]` (y grows southwards)
/// of a point whose x is the longitude and y the latitude.
pub fn mercator(point: Point<f64>) -> Coord<f64> {
    let lat = point.y().clamp(-MAX_LAT, MAX_LAT).to_radians();
    Coord {
        x: (point.x() + 180.0) / 360.0,
        y: (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / std::f64::consts::PI) / 2.0,
    }
}

/// Positions fitted into a `width` x `height` box less a margin on every
/// side, keeping the aspect and centring the shorter side.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    scale: f64,
    origin: Coord<f64>,
}

impl Fit {
    /// The fit of `points`; `None` when there are none.
    pub fn new(points: &[Point<f64>], width: f64, height: f64, margin: f64) -> Option<Self> {
        let world: Vec<Coord<f64>> = points.iter().map(|p| mercator(*p)).collect();
        let first = world.first()?;
        let (mut min, mut max) = (*first, *first);
        for c in &world {
            min = Coord {
                x: min.x.min(c.x),
                y: min.y.min(c.y),
            };
            max = Coord {
                x: max.x.max(c.x),
                y: max.y.max(c.y),
            };
        }
        let span_x = (max.x - min.x).max(MIN_SPAN);
        let span_y = (max.y - min.y).max(MIN_SPAN);
        let inner_w = (width - 2.0 * margin).max(1.0);
        let inner_h = (height - 2.0 * margin).max(1.0);
        let scale = (inner_w / span_x).min(inner_h / span_y);
        let origin = Coord {
            x: (min.x + max.x) / 2.0 - width / 2.0 / scale,
            y: (min.y + max.y) / 2.0 - height / 2.0 / scale,
        };
        Some(Fit { scale, origin })
    }

    /// Pixels per world unit (the world is 1 x 1).
    pub fn scale(&self) -> f64 {
        self.scale
    }

    /// Where the world coordinate `world` goes in the box, in pixels.
    pub fn place(&self, world: Coord<f64>) -> Coord<f64> {
        Coord {
            x: (world.x - self.origin.x) * self.scale,
            y: (world.y - self.origin.y) * self.scale,
        }
    }

    /// The world coordinate at pixel `(x, y)` of the box.
    pub fn world_at(&self, x: f64, y: f64) -> Coord<f64> {
        Coord {
            x: self.origin.x + x / self.scale,
            y: self.origin.y + y / self.scale,
        }
    }

    /// Where `point` goes in the box, in pixels from its top left corner.
    pub fn project(&self, point: Point<f64>) -> Coord<f64> {
        let world = mercator(point);
        Coord {
            x: (world.x - self.origin.x) * self.scale,
            y: (world.y - self.origin.y) * self.scale,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mercator_places_the_equator_and_the_meridian_at_the_centre() {
        let centre = mercator(Point::new(0.0, 0.0));
        assert!((centre.x - 0.5).abs() < 1e-12 && (centre.y - 0.5).abs() < 1e-12);
        // North is up: a northern point has a smaller y.
        assert!(mercator(Point::new(0.0, 42.7)).y < 0.5);
        // The poles are clamped, not infinite.
        assert!(mercator(Point::new(0.0, 90.0)).y.is_finite());
    }

    #[test]
    fn a_fit_keeps_every_point_inside_the_margin_and_the_aspect() {
        // Two stops in Sofia, about 1 km apart east-west and 500 m north-south.
        let points = [Point::new(23.3219, 42.6977), Point::new(23.3340, 42.7020)];
        let fit = Fit::new(&points, 640.0, 420.0, 30.0).expect("points");
        let (a, b) = (fit.project(points[0]), fit.project(points[1]));
        for c in [a, b] {
            assert!((30.0 - 1e-6..=610.0 + 1e-6).contains(&c.x), "{c:?}");
            assert!((30.0 - 1e-6..=390.0 + 1e-6).contains(&c.y), "{c:?}");
        }
        // East is right, north is up, and the wider side fills the box.
        assert!(b.x > a.x && b.y < a.y);
        assert!((b.x - a.x - 580.0).abs() < 1e-6);
        // Web Mercator keeps angles: the on-screen ratio is the ground's.
        let ground_ratio =
            (42.7020f64 - 42.6977) / ((23.3340 - 23.3219) * 42.7f64.to_radians().cos());
        let screen_ratio = (a.y - b.y) / (b.x - a.x);
        assert!(
            (screen_ratio / ground_ratio - 1.0).abs() < 0.01,
            "{screen_ratio} {ground_ratio}"
        );
    }

    #[test]
    fn one_point_is_centred_and_nothing_has_no_fit() {
        let point = Point::new(14.42, 50.08);
        let fit = Fit::new(&[point], 640.0, 420.0, 30.0).expect("a point");
        let at = fit.project(point);
        assert!((at.x - 320.0).abs() < 1e-6 && (at.y - 210.0).abs() < 1e-6);
        assert_eq!(Fit::new(&[], 640.0, 420.0, 30.0), None);
    }
}
