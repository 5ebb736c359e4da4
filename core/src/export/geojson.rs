//! GeoJSON (RFC 7946) FeatureCollection of the map's features (planned
//! stops, the route, stop visits, photos, tracks, hot spots), with the
//! same mean scores and colours as the app's map and the report's;
//! coordinates are `[longitude, latitude]`.
//!
//! Property keys and codes (`kind`, `location_source`, `colour`) are the
//! same in every language, for GIS tools; words a person reads come in the
//! export's language as extra properties: `kind_label` on every feature
//! (the map legend's words) and `theme_title` on photos. What people wrote
//! (names, captions, titles) is as they wrote it.

use std::collections::HashMap;

use serde_json::{json, Value};

use crate::report::words::Words;
use crate::snapshot::{map_features, shared_photos, shown_track, ExportInput, MapStop};

/// The map legend's catalogue key for each feature kind.
const KIND_LABELS: [(&str, &str); 6] = [
    ("planned_stop", "map.legend.planned"),
    ("route", "map.legend.route"),
    ("stop_visit", "map.legend.visited"),
    ("photo", "map.legend.photo"),
    ("track", "map.legend.track"),
    ("hot_spot", "map.legend.hotSpot"),
];

/// The words for a feature kind in the export's language.
fn kind_label(words: &Words, kind: &str) -> String {
    KIND_LABELS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or_else(|| kind.to_owned(), |(_, key)| words.t(key))
}

/// A photovoice theme's title in the export's language, else its id.
pub(super) fn theme_title(input: &ExportInput<'_>, id: &str) -> String {
    input
        .audit
        .photovoice()
        .and_then(|p| p.themes.iter().find(|t| t.id == id))
        .map_or_else(|| id.to_owned(), |t| t.title.get(input.lang).to_owned())
}

fn point(lat: f64, lon: f64) -> Value {
    json!({ "type": "Point", "coordinates": [lon, lat] })
}

/// The score properties of a stop as the map computed them.
fn scored(stops: &HashMap<(&str, &str), &MapStop>, kind: &str, id: &str) -> (Value, Value) {
    stops
        .get(&(kind, id))
        .map_or((Value::Null, Value::Null), |s| {
            (json!(s.mean_score), json!(s.colour))
        })
}

/// The audit's places as a GeoJSON FeatureCollection. Every feature has a
/// `kind` property: `planned_stop`, `route`, `stop_visit`, `photo`, `track`
/// or `hot_spot`, and `kind_label`, its words in the export's language;
/// photos have their theme's id (`theme`) and `theme_title`. Stops carry `mean_score` and `colour` (the map's score
/// scale); planned stops their walking `order`. Items without a position
/// are left out; the route and a track need two points; tracks of
/// participants who withdrew track consent are left out.
pub fn geojson(input: &ExportInput<'_>) -> Value {
    let words = Words::or_english(input.lang);
    let label = |kind: &str| kind_label(&words, kind);
    let map = map_features(input);
    let by_id: HashMap<(&str, &str), &MapStop> = map
        .stops
        .iter()
        .map(|s| ((s.kind, s.id.as_str()), s))
        .collect();
    let mut features = Vec::new();
    let mut planned: Vec<_> = input.audit.planned_stops().collect();
    planned.sort_by_key(|(id, s)| (s.order, (*id).clone()));
    for (id, stop) in planned {
        if let Some(pos) = &stop.position {
            let (mean, colour) = scored(&by_id, "planned", id);
            let order = by_id.get(&("planned", id.as_str())).and_then(|s| s.order);
            features.push(json!({
                "type": "Feature",
                "geometry": point(pos.lat, pos.lon),
                "properties": {
                    "kind": "planned_stop",
                    "kind_label": label("planned_stop"),
                    "id": id,
                    "name_of_area": stop.name_of_area,
                    "specific_location": stop.specific_location,
                    "order": order,
                    "mean_score": mean,
                    "colour": colour,
                }
            }));
        }
    }
    if !map.route.is_empty() {
        let coordinates: Vec<[f64; 2]> = map.route.iter().map(|p| [p.lon, p.lat]).collect();
        features.push(json!({
            "type": "Feature",
            "geometry": { "type": "LineString", "coordinates": coordinates },
            "properties": { "kind": "route", "kind_label": label("route") }
        }));
    }
    let mut responses: Vec<_> = input
        .responses
        .iter()
        .filter_map(|r| r.participant().map(|p| (p, r)))
        .collect();
    responses.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    for (p, r) in &responses {
        for (id, visit) in r.stops() {
            if let Some(pos) = &visit.location {
                let (mean, colour) = scored(&by_id, "visited", id);
                features.push(json!({
                    "type": "Feature",
                    "geometry": point(pos.lat, pos.lon),
                    "properties": {
                        "kind": "stop_visit",
                        "kind_label": label("stop_visit"),
                        "id": id,
                        "participant_id": p.id,
                        "pseudonym": p.display_name,
                        "planned_stop": visit.planned_stop,
                        "name_of_area": visit.name_of_area,
                        "specific_location": visit.specific_location,
                        "visited_at": visit.visited_at,
                        "location_source": pos.source.as_str(),
                        "mean_score": mean,
                        "colour": colour,
                    }
                }));
            }
        }
    }
    for photo in shared_photos(input) {
        if let Some(pos) = &photo.location {
            features.push(json!({
                "type": "Feature",
                "geometry": point(pos.lat, pos.lon),
                "properties": {
                    "kind": "photo",
                    "kind_label": label("photo"),
                    "hash": photo.hash,
                    "title": photo.title,
                    "caption": photo.caption,
                    "theme": photo.theme,
                    "theme_title": theme_title(input, &photo.theme),
                    "credit": photo.credit,
                    "participant_id": photo.participant_id,
                    "taken_at": photo.taken_at,
                    "location_source": pos.source.as_str(),
                }
            }));
        }
    }
    for (p, r) in &responses {
        let shown = shown_track(r);
        let coordinates: Vec<[f64; 2]> = shown.iter().map(|t| [t.lon, t.lat]).collect();
        if coordinates.len() >= 2 {
            let times: Vec<i64> = r.track().take(coordinates.len()).map(|t| t.at).collect();
            features.push(json!({
                "type": "Feature",
                "geometry": { "type": "LineString", "coordinates": coordinates },
                "properties": {
                    "kind": "track",
                    "kind_label": label("track"),
                    "participant_id": p.id,
                    "pseudonym": p.display_name,
                    "times": times,
                }
            }));
        }
    }
    for spot in &map.hot_spots {
        features.push(json!({
            "type": "Feature",
            "geometry": point(spot.lat, spot.lon),
            "properties": {
                "kind": "hot_spot",
                "kind_label": label("hot_spot"),
                "label": spot.label,
            }
        }));
    }
    json!({ "type": "FeatureCollection", "features": features })
}
