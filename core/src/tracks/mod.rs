//! Walk tracks: the rules deciding which device positions are kept in a
//! participant's track ([`TrackRecorder`]), and recorded GPX files replayed
//! through the same rules ([`gpx`]).
//!
//! The app asks for the device position at a battery-friendly interval
//! while a walk is in progress; core keeps a position only when recording
//! is on, the participant consented, the fix is accurate enough, and it is
//! both [`TrackRules::min_interval_ms`] and [`TrackRules::min_distance_m`]
//! away from the last kept point, up to [`limits::TRACK_POINTS`] points.

pub mod gpx;

use crate::model::{limits, TrackPoint};

/// The thresholds of the recorder.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrackRules {
    /// Least time between two kept points, in milliseconds.
    pub min_interval_ms: i64,
    /// Least distance between two kept points, in metres.
    pub min_distance_m: f64,
    /// Fixes less accurate than this (radius in metres) are dropped.
    pub max_accuracy_m: f64,
    /// Most points one response's track holds.
    pub max_points: usize,
}

impl Default for TrackRules {
    /// 10 s and 15 m apart (a walking pace gives a point every 10-15 s: a
    /// readable line, a few hundred points per walk), fixes within 50 m.
    fn default() -> Self {
        TrackRules {
            min_interval_ms: 10_000,
            min_distance_m: 15.0,
            max_accuracy_m: 50.0,
            max_points: limits::TRACK_POINTS,
        }
    }
}

/// A position the device reported.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fix {
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Accuracy radius in metres, when the source tells (GPX files do not).
    pub accuracy_m: Option<f64>,
    /// When (ms since epoch).
    pub at: i64,
}

/// What the recorder knows of the track so far.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct TrackSoFar {
    /// The participant consented to recording.
    pub consent: bool,
    /// Recording is on on this device.
    pub recording: bool,
    /// Points in the track.
    pub points: usize,
    /// The last kept point.
    pub last: Option<TrackPoint>,
}

/// Why a position was not kept (or that it was).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Kept.
    Kept,
    /// The participant did not consent.
    NoConsent,
    /// Recording is paused.
    Paused,
    /// Not a position on Earth.
    Invalid,
    /// Less accurate than the rules allow.
    Inaccurate,
    /// Too soon after the last kept point (or earlier than it).
    TooSoon,
    /// Too near the last kept point.
    TooClose,
    /// The track holds as many points as allowed.
    Full,
}

/// Decides which positions go into a track.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TrackRecorder {
    /// The thresholds.
    pub rules: TrackRules,
}

impl TrackRecorder {
    /// Whether `fix` is kept after `so_far`.
    pub fn decide(&self, so_far: &TrackSoFar, fix: &Fix) -> Decision {
        let rules = &self.rules;
        if !so_far.consent {
            return Decision::NoConsent;
        }
        if !so_far.recording {
            return Decision::Paused;
        }
        let on_earth = (-90.0..=90.0).contains(&fix.lat) && (-180.0..=180.0).contains(&fix.lon);
        if !on_earth {
            return Decision::Invalid;
        }
        if fix
            .accuracy_m
            .is_some_and(|a| !(a.is_finite() && a >= 0.0 && a <= rules.max_accuracy_m))
        {
            return Decision::Inaccurate;
        }
        if so_far.points >= rules.max_points {
            return Decision::Full;
        }
        if let Some(last) = so_far.last {
            if fix.at.saturating_sub(last.at) < rules.min_interval_ms {
                return Decision::TooSoon;
            }
            if distance_m(last.lat, last.lon, fix.lat, fix.lon) < rules.min_distance_m {
                return Decision::TooClose;
            }
        }
        Decision::Kept
    }

    /// Runs `fixes` through the rules after `so_far`; returns the kept
    /// points (and updates `so_far` as if they were stored).
    pub fn keep_all(&self, so_far: &mut TrackSoFar, fixes: &[Fix]) -> Vec<TrackPoint> {
        let mut kept = Vec::new();
        for fix in fixes {
            if self.decide(so_far, fix) == Decision::Kept {
                let point = TrackPoint {
                    lat: fix.lat,
                    lon: fix.lon,
                    at: fix.at,
                };
                kept.push(point);
                so_far.points += 1;
                so_far.last = Some(point);
            }
        }
        kept
    }
}

/// Great-circle distance in metres (haversine, mean Earth radius); plenty
/// for points metres to kilometres apart.
pub fn distance_m(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    const EARTH_RADIUS_M: f64 = 6_371_008.8;
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
}

/// Recording as the app shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TrackingState {
    /// The participant consented to recording their walk track.
    pub consent: bool,
    /// Recording is on on this device.
    pub recording: bool,
    /// Points in the track.
    pub points: usize,
    /// When the last point was kept (RFC 3339, UTC), if any.
    pub last_at: Option<String>,
}

#[cfg(test)]
mod tests;
