//! The map's features for the app: planned stops, stop visits, photo
//! locations and tracks (the same data as the GeoJSON export).

use serde::Serialize;

use super::{shared_photos, ExportInput};

/// A stop on the map.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct MapStop {
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Planned stop id or stop visit id.
    pub id: String,
    /// `planned` or `visited`.
    pub kind: &'static str,
    /// Name of area.
    pub name_of_area: String,
    /// Specific location.
    pub specific_location: String,
    /// Who visited it; `None` for planned stops.
    pub pseudonym: Option<String>,
}

/// A photo on the map.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct MapPhoto {
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Blob hash.
    pub hash: String,
    /// Title.
    pub title: String,
    /// Theme id.
    pub theme: String,
    /// Photographer's display name.
    pub credit: String,
}

/// A point of a track.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct LatLon {
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

/// A participant's track.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct MapTrack {
    /// Participant id.
    pub participant_id: String,
    /// Display name.
    pub pseudonym: String,
    /// Points in order.
    pub points: Vec<LatLon>,
}

/// Everything with a position; items without one are left out.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct MapFeatures {
    /// Planned stops (walking order), then stop visits.
    pub stops: Vec<MapStop>,
    /// Photos with a location.
    pub photos: Vec<MapPhoto>,
    /// Tracks of two or more points.
    pub tracks: Vec<MapTrack>,
}

/// The map's features of an audit.
pub fn map_features(input: &ExportInput<'_>) -> MapFeatures {
    let mut planned: Vec<_> = input.audit.planned_stops().collect();
    planned.sort_by_key(|(id, s)| (s.order, (*id).clone()));
    let mut stops: Vec<MapStop> = planned
        .into_iter()
        .filter_map(|(id, s)| {
            s.position.map(|p| MapStop {
                lat: p.lat,
                lon: p.lon,
                id: id.clone(),
                kind: "planned",
                name_of_area: s.name_of_area.clone(),
                specific_location: s.specific_location.clone(),
                pseudonym: None,
            })
        })
        .collect();
    let mut tracks = Vec::new();
    for r in input.responses {
        let Some(p) = r.participant() else { continue };
        stops.extend(r.stops().filter_map(|(id, v)| {
            v.location.map(|l| MapStop {
                lat: l.lat,
                lon: l.lon,
                id: id.clone(),
                kind: "visited",
                name_of_area: v.name_of_area.clone(),
                specific_location: v.specific_location.clone(),
                pseudonym: Some(p.display_name.clone()),
            })
        }));
        let points: Vec<LatLon> = r
            .track()
            .map(|t| LatLon {
                lat: t.lat,
                lon: t.lon,
            })
            .collect();
        if points.len() >= 2 {
            tracks.push(MapTrack {
                participant_id: p.id.clone(),
                pseudonym: p.display_name.clone(),
                points,
            });
        }
    }
    let photos = shared_photos(input)
        .into_iter()
        .filter_map(|p| {
            p.location.map(|l| MapPhoto {
                lat: l.lat,
                lon: l.lon,
                hash: p.hash,
                title: p.title,
                theme: p.theme,
                credit: p.credit,
            })
        })
        .collect();
    MapFeatures {
        stops,
        photos,
        tracks,
    }
}
