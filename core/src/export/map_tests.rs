//! The map's features: scores and colours per stop, the route, the legend
//! of what is present, the participant's own map, and the GeoJSON and the
//! report's SVG carrying the same features.

use serde_json::json;

use super::*;
use crate::model::methods::MethodRecord;
use crate::model::{AuditData, ResponseData, TrackPoint};
use crate::snapshot::scale::{self, score_colour, NO_SCORE_COLOUR, SCORE_COLOURS};
use crate::templates::Templates;
use crate::testdata::{fixture, Fixture};

fn features_of(audit: &AuditData, responses: &[ResponseData]) -> MapFeatures {
    let input = ExportInput {
        audit_id: "audit",
        audit,
        responses,
        earlier: None,
        blobs: &NoBlobs,
        lang: "en",
    };
    map_features(&input)
}

fn stop<'a>(map: &'a MapFeatures, kind: &str, name: &str) -> &'a MapStop {
    map.stops
        .iter()
        .find(|s| s.kind == kind && s.name_of_area == name)
        .unwrap_or_else(|| panic!("no {kind} stop {name}"))
}

fn keys(map: &MapFeatures) -> Vec<&str> {
    map.legend.iter().map(|e| e.key.as_str()).collect()
}

#[test]
fn planned_stops_take_the_mean_of_every_matched_visit_and_visits_their_own() {
    let f = fixture();
    let map = features_of(&f.audit_data(), &f.response_data());
    // Central Square: A scored 4 and 2, B scored 2 there; the Station: C 3.
    let central = stop(&map, "planned", "Central Square");
    assert_eq!(central.order, Some(1));
    assert!((central.mean_score.unwrap() - 8.0 / 3.0).abs() < 1e-9);
    assert_eq!(central.colour, SCORE_COLOURS[2], "2.67 shows as 3");
    let station = stop(&map, "planned", "Station");
    assert_eq!((station.order, station.mean_score), (Some(2), Some(3.0)));
    // B's unplanned park visit scored 5; it colours no planned stop.
    let park = stop(&map, "visited", "Park");
    assert_eq!(park.mean_score, Some(5.0));
    assert_eq!(park.colour, SCORE_COLOURS[4]);
    assert_eq!(park.order, None);
    for s in &map.stops {
        assert_eq!(s.colour, score_colour(s.mean_score));
    }
    assert_eq!(map.route.len(), 2);
    assert_eq!((map.route[0].lat, map.route[1].lat), (42.69, 42.71));
    assert_eq!(map.score_scale.len(), 5);
    assert_eq!(map.score_scale[0].colour, SCORE_COLOURS[0]);
}

#[test]
fn the_legend_names_only_what_is_drawn_in_the_colours_it_is_drawn_in() {
    let f = fixture();
    let audit = f.audit_data();
    let map = features_of(&audit, &f.response_data());
    assert_eq!(
        keys(&map),
        [
            "map.legend.planned",
            "map.legend.visited",
            "map.legend.route",
            "map.legend.photo",
            "map.legend.track",
            "map.legend.score1",
            "map.legend.score2",
            "map.legend.score3",
            "map.legend.score4",
            "map.legend.score5",
        ]
    );
    let photo = map.legend.iter().find(|e| e.key == "map.legend.photo");
    assert_eq!(photo.unwrap().colour, scale::PHOTO_COLOUR);
    // Without responses: planned stops and the route, no scores, no tracks.
    let bare = features_of(&audit, &[]);
    assert_eq!(keys(&bare), ["map.legend.planned", "map.legend.route"]);
    assert!(bare.stops.iter().all(|s| s.colour == NO_SCORE_COLOUR));
}

fn with_hot_spot(f: &mut Fixture) {
    let templates = Templates::builtin().expect("templates");
    let group = f
        .audit
        .add_method_record(MethodRecord::FocusGroup, &templates.methods)
        .expect("group");
    let spot = f.audit.add_hot_spot(&group).expect("spot");
    let mut set = |field: String, value| {
        f.audit
            .set_method_field(
                MethodRecord::FocusGroup,
                &group,
                &field,
                &value,
                &templates.methods,
            )
            .expect("field")
    };
    set(format!("hot_spots.{spot}.name"), json!("Station underpass"));
    set(
        format!("hot_spots.{spot}.position"),
        json!({ "lat": 42.705, "lon": 23.325, "accuracyM": null, "source": "manual" }),
    );
    // A second, unplaced hot spot is not on the map.
    f.audit.add_hot_spot(&group).expect("unplaced");
}

#[test]
fn placed_hot_spots_are_on_the_facilitators_map_and_in_the_geojson() {
    let mut f = fixture();
    with_hot_spot(&mut f);
    let (audit, responses) = (f.audit_data(), f.response_data());
    let map = features_of(&audit, &responses);
    assert_eq!(map.hot_spots.len(), 1);
    assert_eq!(map.hot_spots[0].label, "Station underpass");
    assert!(keys(&map).contains(&"map.legend.hotSpot"));
    let input = ExportInput {
        audit_id: "audit",
        audit: &audit,
        responses: &responses,
        earlier: None,
        blobs: &NoBlobs,
        lang: "en",
    };
    let geo = geojson(&input);
    let features = geo["features"].as_array().unwrap();
    let spot = features
        .iter()
        .find(|x| x["properties"]["kind"] == "hot_spot")
        .expect("hot spot");
    assert_eq!(spot["geometry"]["coordinates"], json!([23.325, 42.705]));
    let route = features
        .iter()
        .find(|x| x["properties"]["kind"] == "route")
        .expect("route");
    assert_eq!(
        route["geometry"]["coordinates"],
        json!([[23.32, 42.69], [23.33, 42.71]])
    );
    let central = features
        .iter()
        .find(|x| x["properties"]["kind"] == "planned_stop" && x["properties"]["order"] == 1)
        .expect("first stop");
    assert_eq!(central["properties"]["colour"], SCORE_COLOURS[2]);
    let track = features
        .iter()
        .find(|x| x["properties"]["kind"] == "track")
        .expect("track");
    assert_eq!(track["geometry"]["type"], "LineString");
    assert_eq!(track["properties"]["pseudonym"], map.tracks[0].pseudonym);
    assert_eq!(
        track["geometry"]["coordinates"].as_array().unwrap().len(),
        map.tracks[0].points.len()
    );
}

#[test]
fn a_participant_sees_the_planned_stops_and_only_their_own_things() {
    let mut f = fixture();
    with_hot_spot(&mut f);
    let audit = f.audit_data();
    let responses = f.response_data();
    // B: a visit at Central Square scored 2, the park, and the track.
    let b = &responses[1];
    let map = participant_map_features(&audit, b);
    let own = b.participant().unwrap().display_name.clone();
    assert!(map
        .stops
        .iter()
        .filter(|s| s.kind == "visited")
        .all(|s| s.pseudonym.as_deref() == Some(own.as_str())));
    assert_eq!(map.stops.iter().filter(|s| s.kind == "planned").count(), 2);
    assert_eq!(
        stop(&map, "planned", "Central Square").mean_score,
        Some(2.0)
    );
    assert_eq!(stop(&map, "planned", "Station").mean_score, None);
    assert_eq!(map.tracks.len(), 1);
    assert_eq!(map.tracks[0].pseudonym, own);
    assert!(
        map.hot_spots.is_empty(),
        "focus groups are the facilitator's"
    );
    assert!(map.photos.is_empty(), "the photo is A's");
    // A sees their own photo and no track.
    let a = participant_map_features(&audit, &responses[0]);
    assert_eq!(a.photos.len(), 1);
    assert!(a.tracks.is_empty());
    assert!(!keys(&a).contains(&"map.legend.track"));
}

#[test]
fn a_withdrawn_track_consent_takes_the_track_off_every_map() {
    let mut f = fixture();
    f.responses[1].set_track_consent(false).expect("withdraw");
    let map = features_of(&f.audit_data(), &f.response_data());
    assert!(map.tracks.is_empty());
    assert!(!keys(&map).contains(&"map.legend.track"));
    f.responses[1].set_track_consent(true).expect("give");
    let extra = [TrackPoint {
        lat: 42.7,
        lon: 23.3,
        at: 9,
    }];
    f.responses[1].add_track_points(&extra).expect("point");
    let map = features_of(&f.audit_data(), &f.response_data());
    assert_eq!(map.tracks.len(), 1);
}

#[test]
fn the_reports_map_draws_the_features_with_a_matching_legend_and_no_text_outside() {
    let mut f = fixture();
    with_hot_spot(&mut f);
    // A planned stop whose name is far longer than the map is wide, at its right edge.
    let long = "Old town market square behind the railway station and the bus terminal, \
                by the fountain where the Saturday flea market is held"
        .to_owned();
    f.audit
        .plan_stop(&crate::model::PlannedStop {
            name_of_area: long,
            specific_location: "east gate".into(),
            position: Some(crate::model::Location {
                lat: 42.70,
                lon: 23.36,
                accuracy_m: None,
                source: crate::model::LocationSource::Manual,
            }),
            order: 3,
        })
        .expect("stop");
    let map = features_of(&f.audit_data(), &f.response_data());
    let svg =
        crate::report::svg::map(&map, None, &crate::report::words::Words::english()).expect("svg");
    let width: f64 = 640.0;
    for entry in &map.legend {
        let at = svg
            .find(&format!("data-key=\"{}\"", entry.key))
            .unwrap_or_else(|| panic!("{} drawn", entry.key));
        let glyph = &svg[at..at + 200];
        assert!(glyph.contains(&entry.colour), "{glyph}");
    }
    assert_eq!(svg.matches("class=\"legend\"").count(), map.legend.len());
    // Every marker's colour is one the legend shows.
    for s in &map.stops {
        assert!(
            map.legend.iter().any(|e| e.colour == s.colour),
            "{}",
            s.colour
        );
    }
    assert_eq!(svg.matches("class=\"track\"").count(), map.tracks.len());
    assert_eq!(svg.matches("class=\"route\"").count(), 1);
    assert_eq!(svg.matches("class=\"photo\"").count(), map.photos.len());
    assert_eq!(svg.matches("class=\"hot-spot\"").count(), 1);
    // Texts start inside and, at a generous 7px a character, end inside.
    for piece in svg.split("<text ").skip(1) {
        let x: f64 = piece
            .split("x=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .and_then(|v| v.parse().ok())
            .expect("x");
        let text = piece
            .split('>')
            .nth(1)
            .unwrap_or("")
            .split('<')
            .next()
            .unwrap_or("");
        let chars = text.chars().count() as f64;
        let middle = piece.contains("text-anchor=\"middle\"");
        let (left, right) = if middle {
            (x - chars * 3.5, x + chars * 3.5)
        } else {
            (x, x + chars * 7.0)
        };
        assert!(left >= 0.0 && right <= width, "{text:?} at {x}");
    }
    assert!(
        svg.contains("3. Old town market"),
        "the long name is listed"
    );
}

#[test]
fn the_reports_legend_words_are_the_catalogues() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/i18n/en.json");
    let catalogue: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("en.json")).expect("json");
    let scores = (1..=5).map(|n| format!("map.legend.score{n}"));
    for key in LEGEND_KINDS.iter().map(|k| (*k).to_owned()).chain(scores) {
        assert_eq!(
            catalogue[&key].as_str(),
            Some(
                crate::report::svg::legend_label(&crate::report::words::Words::english(), &key)
                    .as_str()
            ),
            "{key}"
        );
    }
}
