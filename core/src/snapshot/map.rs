//! The map's features for the app: planned stops in walking order with the
//! route, stop visits, photo locations, walk tracks and focus-group hot
//! spots, stops coloured by their mean score on the one scale of
//! [`super::scale`], and the legend of what is present. The GeoJSON export
//! and the report's SVG map are built from these same features.
//!
//! How visits match planned stops: a stop visit belongs to the planned stop
//! its `planned_stop` field names (the participant chose it when recording
//! the visit; core checked it exists). Visits without one, or naming a stop
//! the audit no longer has, are shown on their own and colour no planned
//! stop.

use std::collections::BTreeMap;

use serde::Serialize;

use super::scale::{
    score_colour, score_scale, ScoreColour, HOT_SPOT_COLOUR, NO_SCORE_COLOUR, PHOTO_COLOUR,
    ROUTE_COLOUR, SCORE_COLOURS, TRACK_COLOUR,
};
use super::{shared_photos, ExportInput};
use crate::model::{limits, AnswerValue, AuditData, ResponseData};

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
    /// 1-based walking order of a planned stop (among all planned stops,
    /// so it matches the participant's list); `None` for visits.
    pub order: Option<u32>,
    /// Mean of the valid 1-5 answers given at the stop: for a planned
    /// stop over every visit matched to it, for a visit over its own.
    pub mean_score: Option<f64>,
    /// CSS hex colour of `mean_score` on the score scale; neutral without one.
    pub colour: String,
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

/// A point of a track or of the route.
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

/// A hot spot named in a focus group, placed on the map.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct MapHotSpot {
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Its name as recorded.
    pub label: String,
}

/// How a legend entry is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum LegendShape {
    /// A dot.
    Circle,
    /// A line.
    Line,
    /// A square.
    Square,
}

/// One entry of the legend: its catalogue key, colour and shape.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct MapLegendEntry {
    /// Catalogue key, e.g. `map.legend.planned`.
    pub key: String,
    /// CSS hex colour, the same the features are drawn in.
    pub colour: String,
    /// Shape.
    pub shape: LegendShape,
}

/// Everything with a position; items without one are left out.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct MapFeatures {
    /// Planned stops (walking order), then stop visits.
    pub stops: Vec<MapStop>,
    /// The planned stops' positions in walking order (empty below two).
    pub route: Vec<LatLon>,
    /// Photos with a location.
    pub photos: Vec<MapPhoto>,
    /// Tracks of two or more points.
    pub tracks: Vec<MapTrack>,
    /// Focus-group hot spots with a position.
    pub hot_spots: Vec<MapHotSpot>,
    /// What the map shows: only kinds present, then the score scale when
    /// any stop has a score. A stop's shape names its kind and its fill is
    /// its score colour (the neutral colour of its kind's entry without one).
    pub legend: Vec<MapLegendEntry>,
    /// The score colour scale, score 1 first.
    pub score_scale: Vec<ScoreColour>,
}

/// The legend keys of the feature kinds, in the order the legend lists them.
pub const LEGEND_KINDS: [&str; 6] = [
    "map.legend.planned",
    "map.legend.visited",
    "map.legend.route",
    "map.legend.photo",
    "map.legend.track",
    "map.legend.hotSpot",
];

/// The map's features of an audit, as the facilitator and the report see
/// them: every participant's visits, photos shared with consent, tracks
/// (unless their participant withdrew track consent) and hot spots.
pub fn map_features(input: &ExportInput<'_>) -> MapFeatures {
    let photos = shared_photos(input);
    build(input.audit, input.responses, photos, true)
}

/// The map a participant sees: the planned stops, their own stop visits,
/// their own photos and their own track only (planned stops' scores come
/// from their own visits).
pub fn participant_map_features(audit: &AuditData, own: &ResponseData) -> MapFeatures {
    let responses = std::slice::from_ref(own);
    let input = ExportInput {
        audit_id: "",
        audit,
        responses,
        earlier: None,
        blobs: &super::NoBlobs,
        lang: "en",
    };
    let own_id = own.participant().map(|p| p.id.as_str());
    let photos = shared_photos(&input)
        .into_iter()
        .filter(|p| Some(p.participant_id.as_str()) == own_id && p.received_via.is_none())
        .collect();
    build(audit, responses, photos, false)
}

/// The readable track of a response as the map shows it: empty when its
/// participant withdrew track consent, at most [`limits::TRACK_POINTS`].
pub fn shown_track(response: &ResponseData) -> Vec<LatLon> {
    if !response.participant().is_some_and(|p| p.shares_track()) {
        return Vec::new();
    }
    response
        .track()
        .take(limits::TRACK_POINTS)
        .map(|t| LatLon {
            lat: t.lat,
            lon: t.lon,
        })
        .collect()
}

/// Valid 1-5 answers to per-stop statements given at one visit.
fn stop_scores<'a>(
    audit: &'a AuditData,
    response: &'a ResponseData,
    stop: &'a str,
) -> impl Iterator<Item = f64> + 'a {
    response
        .stop_answers(stop)
        .filter(|(item, _)| audit.item(item).is_some_and(|(s, _)| s.per_stop))
        .filter_map(|(_, answer)| match answer.value {
            AnswerValue::Score(score) => Some(f64::from(score.get())),
            _ => None,
        })
}

/// Sum and count, for means over several visits.
#[derive(Default, Clone, Copy)]
struct Tally(f64, usize);

impl Tally {
    fn add(&mut self, scores: impl Iterator<Item = f64>) {
        for s in scores {
            self.0 += s;
            self.1 += 1;
        }
    }
    fn mean(self) -> Option<f64> {
        (self.1 > 0).then(|| self.0 / self.1 as f64)
    }
}

fn stop(
    (lat, lon): (f64, f64),
    id: &str,
    kind: &'static str,
    names: (&str, &str),
    pseudonym: Option<String>,
    order: Option<u32>,
    mean_score: Option<f64>,
) -> MapStop {
    MapStop {
        lat,
        lon,
        id: id.to_owned(),
        kind,
        name_of_area: names.0.to_owned(),
        specific_location: names.1.to_owned(),
        pseudonym,
        order,
        mean_score,
        colour: score_colour(mean_score).to_owned(),
    }
}

fn build(
    audit: &AuditData,
    responses: &[ResponseData],
    photos: Vec<super::SharedPhoto>,
    with_hot_spots: bool,
) -> MapFeatures {
    let mut planned: Vec<_> = audit.planned_stops().collect();
    planned.sort_by_key(|(id, s)| (s.order, (*id).clone()));
    let mut tallies: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut visits = Vec::new();
    let mut tracks = Vec::new();
    for r in responses {
        let Some(p) = r.participant() else { continue };
        for (id, v) in r.stops() {
            let mut own = Tally::default();
            own.add(stop_scores(audit, r, id));
            if let Some(planned_id) = &v.planned_stop {
                let tally = tallies.entry(planned_id.as_str()).or_default();
                tally.0 += own.0;
                tally.1 += own.1;
            }
            if let Some(l) = v.location {
                let names = (v.name_of_area.as_str(), v.specific_location.as_str());
                let who = Some(p.display_name.clone());
                visits.push(stop(
                    (l.lat, l.lon),
                    id,
                    "visited",
                    names,
                    who,
                    None,
                    own.mean(),
                ));
            }
        }
        let points = shown_track(r);
        if points.len() >= 2 {
            tracks.push(MapTrack {
                participant_id: p.id.clone(),
                pseudonym: p.display_name.clone(),
                points,
            });
        }
    }
    let mut stops = Vec::new();
    let mut route = Vec::new();
    for (index, (id, s)) in planned.into_iter().enumerate() {
        let Some(pos) = s.position else { continue };
        let mean = tallies.get(id.as_str()).and_then(|t| t.mean());
        let order = u32::try_from(index + 1).ok();
        let names = (s.name_of_area.as_str(), s.specific_location.as_str());
        stops.push(stop(
            (pos.lat, pos.lon),
            id,
            "planned",
            names,
            None,
            order,
            mean,
        ));
        route.push(LatLon {
            lat: pos.lat,
            lon: pos.lon,
        });
    }
    if route.len() < 2 {
        route.clear();
    }
    stops.extend(visits);
    let photos = photos
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
    let hot_spots = if with_hot_spots {
        hot_spots(audit)
    } else {
        Vec::new()
    };
    let mut features = MapFeatures {
        stops,
        route,
        photos,
        tracks,
        hot_spots,
        legend: Vec::new(),
        score_scale: score_scale(),
    };
    features.legend = legend(&features);
    features
}

/// Hot spots of every focus group that have a position, in the order recorded.
fn hot_spots(audit: &AuditData) -> Vec<MapHotSpot> {
    audit
        .method_records()
        .focus_groups
        .into_iter()
        .flat_map(|g| g.hot_spots)
        .filter_map(|h| {
            h.position.map(|p| MapHotSpot {
                lat: p.lat,
                lon: p.lon,
                label: h.name,
            })
        })
        .collect()
}

/// The legend of what `features` holds: one entry per kind present, in
/// the colour it is drawn in, then the score scale if any stop has a score.
pub fn legend(features: &MapFeatures) -> Vec<MapLegendEntry> {
    let has = |kind: &str| features.stops.iter().any(|s| s.kind == kind);
    let present = [
        (has("planned"), NO_SCORE_COLOUR, LegendShape::Square),
        (has("visited"), NO_SCORE_COLOUR, LegendShape::Circle),
        (!features.route.is_empty(), ROUTE_COLOUR, LegendShape::Line),
        (
            !features.photos.is_empty(),
            PHOTO_COLOUR,
            LegendShape::Circle,
        ),
        (!features.tracks.is_empty(), TRACK_COLOUR, LegendShape::Line),
        (
            !features.hot_spots.is_empty(),
            HOT_SPOT_COLOUR,
            LegendShape::Square,
        ),
    ];
    let entry = |key: &str, colour: &str, shape| MapLegendEntry {
        key: key.to_owned(),
        colour: colour.to_owned(),
        shape,
    };
    let mut legend: Vec<MapLegendEntry> = LEGEND_KINDS
        .iter()
        .zip(present)
        .filter(|(_, (shown, _, _))| *shown)
        .map(|(key, (_, colour, shape))| entry(key, colour, shape))
        .collect();
    if features.stops.iter().any(|s| s.mean_score.is_some()) {
        for (step, colour) in SCORE_COLOURS.iter().enumerate() {
            let key = format!("map.legend.score{}", step + 1);
            legend.push(entry(&key, colour, LegendShape::Circle));
        }
    }
    legend
}
