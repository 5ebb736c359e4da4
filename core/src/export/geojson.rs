//! GeoJSON (RFC 7946) FeatureCollection of planned stops, stop visits,
//! photos and tracks; coordinates are `[longitude, latitude]`.

use serde_json::{json, Value};

use crate::snapshot::{shared_photos, ExportInput};

fn point(lat: f64, lon: f64) -> Value {
    json!({ "type": "Point", "coordinates": [lon, lat] })
}

/// The audit's places as a GeoJSON FeatureCollection. Every feature has a
/// `kind` property: `planned_stop`, `stop_visit`, `photo` or `track`.
/// Items without a position are left out; a track needs two points.
pub fn geojson(input: &ExportInput<'_>) -> Value {
    let mut features = Vec::new();
    let mut planned: Vec<_> = input.audit.planned_stops().collect();
    planned.sort_by_key(|(id, s)| (s.order, (*id).clone()));
    for (id, stop) in planned {
        if let Some(pos) = &stop.position {
            features.push(json!({
                "type": "Feature",
                "geometry": point(pos.lat, pos.lon),
                "properties": {
                    "kind": "planned_stop",
                    "id": id,
                    "name_of_area": stop.name_of_area,
                    "specific_location": stop.specific_location,
                    "order": stop.order,
                }
            }));
        }
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
                features.push(json!({
                    "type": "Feature",
                    "geometry": point(pos.lat, pos.lon),
                    "properties": {
                        "kind": "stop_visit",
                        "id": id,
                        "participant_id": p.id,
                        "pseudonym": p.display_name,
                        "planned_stop": visit.planned_stop,
                        "name_of_area": visit.name_of_area,
                        "specific_location": visit.specific_location,
                        "visited_at": visit.visited_at,
                        "location_source": pos.source.as_str(),
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
                    "hash": photo.hash,
                    "title": photo.title,
                    "caption": photo.caption,
                    "theme": photo.theme,
                    "credit": photo.credit,
                    "participant_id": photo.participant_id,
                    "taken_at": photo.taken_at,
                    "location_source": pos.source.as_str(),
                }
            }));
        }
    }
    for (p, r) in &responses {
        let coordinates: Vec<[f64; 2]> = r.track().map(|t| [t.lon, t.lat]).collect();
        if coordinates.len() >= 2 {
            let times: Vec<i64> = r.track().map(|t| t.at).collect();
            features.push(json!({
                "type": "Feature",
                "geometry": { "type": "LineString", "coordinates": coordinates },
                "properties": {
                    "kind": "track",
                    "participant_id": p.id,
                    "pseudonym": p.display_name,
                    "times": times,
                }
            }));
        }
    }
    json!({ "type": "FeatureCollection", "features": features })
}
