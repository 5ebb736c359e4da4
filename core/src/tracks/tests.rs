//! The recorder's rules and the GPX reader, as specifications.

use proptest::prelude::*;

use super::gpx::{parse_gpx, GpxError, MAX_GPX_BYTES, MAX_GPX_POINTS};
use super::*;

fn recording() -> TrackSoFar {
    TrackSoFar {
        consent: true,
        recording: true,
        points: 0,
        last: None,
    }
}

fn fix(lat: f64, lon: f64, at: i64) -> Fix {
    Fix {
        lat,
        lon,
        accuracy_m: Some(5.0),
        at,
    }
}

#[test]
fn the_first_accurate_fix_is_kept_and_a_near_or_early_one_is_not() {
    let recorder = TrackRecorder::default();
    let mut so_far = recording();
    let first = fix(42.6977, 23.3219, 0);
    assert_eq!(recorder.keep_all(&mut so_far, &[first]).len(), 1);
    // 11 s later but about 1 m away; 5 s later and 100 m away.
    assert_eq!(
        recorder.decide(&so_far, &fix(42.69771, 23.3219, 11_000)),
        Decision::TooClose
    );
    assert_eq!(
        recorder.decide(&so_far, &fix(42.6986, 23.3219, 5_000)),
        Decision::TooSoon
    );
    assert_eq!(
        recorder.decide(&so_far, &fix(42.6986, 23.3219, 11_000)),
        Decision::Kept
    );
    let vague = Fix {
        accuracy_m: Some(120.0),
        ..fix(42.7, 23.33, 60_000)
    };
    assert_eq!(recorder.decide(&so_far, &vague), Decision::Inaccurate);
}

#[test]
fn nothing_is_kept_without_consent_while_paused_or_when_full() {
    let recorder = TrackRecorder::default();
    let far = fix(1.0, 1.0, 0);
    let no_consent = TrackSoFar {
        consent: false,
        ..recording()
    };
    assert_eq!(recorder.decide(&no_consent, &far), Decision::NoConsent);
    let paused = TrackSoFar {
        recording: false,
        ..recording()
    };
    assert_eq!(recorder.decide(&paused, &far), Decision::Paused);
    let full = TrackSoFar {
        points: recorder.rules.max_points,
        ..recording()
    };
    assert_eq!(recorder.decide(&full, &far), Decision::Full);
    assert_eq!(
        recorder.decide(&recording(), &fix(91.0, 0.0, 0)),
        Decision::Invalid
    );
}

#[test]
fn distances_are_metres_on_the_globe() {
    // One degree of latitude is about 111.2 km.
    let d = distance_m(0.0, 0.0, 1.0, 0.0);
    assert!((d - 111_195.0).abs() < 50.0, "{d}");
    assert_eq!(distance_m(42.0, 23.0, 42.0, 23.0), 0.0);
}

fn fixes() -> impl Strategy<Value = Vec<Fix>> {
    prop::collection::vec(
        (
            -0.002f64..0.002,
            -0.002f64..0.002,
            0i64..30_000,
            prop::option::of(0.0f64..100.0),
        ),
        0..200,
    )
    .prop_map(|steps| {
        let mut at = 0;
        steps
            .into_iter()
            .map(|(dlat, dlon, dt, accuracy_m)| {
                at += dt;
                Fix {
                    lat: 42.69 + dlat,
                    lon: 23.32 + dlon,
                    accuracy_m,
                    at,
                }
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn kept_points_respect_every_rule(
        fixes in fixes(),
        max_points in 1usize..40,
        consent in any::<bool>(),
        on in any::<bool>(),
    ) {
        let rules = TrackRules { max_points, ..TrackRules::default() };
        let recorder = TrackRecorder { rules };
        let mut so_far = TrackSoFar { consent, recording: on, points: 0, last: None };
        let kept = recorder.keep_all(&mut so_far, &fixes);
        if !consent || !on {
            prop_assert!(kept.is_empty());
        }
        prop_assert!(kept.len() <= max_points);
        for pair in kept.windows(2) {
            prop_assert!(pair[1].at - pair[0].at >= rules.min_interval_ms);
            let d = distance_m(pair[0].lat, pair[0].lon, pair[1].lat, pair[1].lon);
            prop_assert!(d >= rules.min_distance_m);
        }
        for point in &kept {
            let source = fixes.iter().find(|f| f.at == point.at && f.lat == point.lat).unwrap();
            prop_assert!(source.accuracy_m.is_none_or(|a| a <= rules.max_accuracy_m));
        }
    }
}

const WALK: &str = include_str!("../../../tests/fixtures/map/demo-walk.gpx");

#[test]
fn the_demo_walk_is_read_in_order_with_its_times() {
    let fixes = parse_gpx(WALK).unwrap();
    assert!(fixes.len() >= 50, "{}", fixes.len());
    assert!(fixes.windows(2).all(|p| p[1].at - p[0].at == 5_000));
    assert!(fixes.iter().all(|f| f.accuracy_m.is_none()));
    let mut so_far = recording();
    let kept = TrackRecorder::default().keep_all(&mut so_far, &fixes);
    assert!(
        kept.len() >= 10 && kept.len() < fixes.len(),
        "{}",
        kept.len()
    );
}

#[test]
fn a_bad_coordinate_is_named_with_its_line() {
    let text = "<?xml version=\"1.0\"?>\n<gpx version=\"1.1\">\n<trk><trkseg>\n\
        <trkpt lat=\"42.69\" lon=\"23.32\"><time>2026-05-14T09:00:00Z</time></trkpt>\n\
        <trkpt lat=\"north\" lon=\"23.32\"><time>2026-05-14T09:00:05Z</time></trkpt>\n\
        </trkseg></trk></gpx>";
    let error = parse_gpx(text).unwrap_err();
    assert_eq!(
        error,
        GpxError::BadCoordinate {
            line: 5,
            attribute: "lat",
            value: "north".into()
        }
    );
    assert!(error.to_string().contains("line 5"), "{error}");
    let off_earth = text.replace("lat=\"north\"", "lat=\"42.69\"").replace(
        "lon=\"23.32\"><time>2026-05-14T09:00:05Z",
        "lon=\"200\"><time>2026-05-14T09:00:05Z",
    );
    assert!(matches!(
        parse_gpx(&off_earth),
        Err(GpxError::BadCoordinate {
            attribute: "lon",
            line: 5,
            ..
        })
    ));
    let no_time = text
        .replace("lat=\"north\"", "lat=\"42.7\"")
        .replace("<time>2026-05-14T09:00:05Z</time>", "");
    assert!(matches!(
        parse_gpx(&no_time),
        Err(GpxError::BadTime { line: 5, .. })
    ));
}

#[test]
fn huge_files_and_too_many_points_are_refused() {
    let huge = "x".repeat(MAX_GPX_BYTES + 1);
    assert!(matches!(parse_gpx(&huge), Err(GpxError::TooLarge { .. })));
    let point = "<trkpt lat=\"1\" lon=\"1\"><time>2026-05-14T09:00:00Z</time></trkpt>";
    let many = format!(
        "<gpx><trk><trkseg>{}</trkseg></trk></gpx>",
        point.repeat(MAX_GPX_POINTS + 1)
    );
    assert!(many.len() <= MAX_GPX_BYTES);
    assert_eq!(
        parse_gpx(&many),
        Err(GpxError::TooManyPoints {
            max: MAX_GPX_POINTS
        })
    );
}

#[test]
fn text_that_is_not_gpx_is_refused_clearly() {
    assert_eq!(parse_gpx("just some words"), Err(GpxError::NotGpx));
    assert!(matches!(
        parse_gpx("<gpx><trk></gpx>"),
        Err(GpxError::NotXml { line: 1, .. })
    ));
    assert_eq!(
        parse_gpx("<gpx version=\"1.1\"></gpx>"),
        Err(GpxError::NoPoints)
    );
}
