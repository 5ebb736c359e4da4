//! The photovoice review gallery and the map of stops, photos and tracks.

use serde::Serialize;

use super::audit_responses;
use crate::ids::{BlobHash, DocumentId};
use crate::model::PhotoRecord;
use crate::profile::{Profile, ProfileError};
use crate::views::LocationView;

/// A photo as the review gallery shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewPhoto {
    /// Blob hash.
    pub hash: String,
    /// Title.
    pub title: String,
    /// Caption.
    pub caption: String,
    /// Theme id.
    pub theme: String,
    /// The photographer's display name.
    pub credit: String,
    /// The photographer's participant id.
    pub participant_id: String,
    /// Where it was taken, when known.
    pub location: Option<LocationView>,
    /// When it was taken, when known.
    pub taken_at: Option<i64>,
    /// Marked for the report.
    pub marked: bool,
    /// The thumbnail as a `data:` URL (empty when this device has none).
    pub thumbnail: String,
    /// The full-size copy is on this device (it came from the server).
    pub uploaded: bool,
}

/// Every photo of the audit's responses, by theme then time taken.
pub fn photos_for_review(
    profile: &Profile,
    audit_id: &DocumentId,
) -> Result<Vec<ReviewPhoto>, ProfileError> {
    let marked = profile.audit(audit_id)?.records().marked_photos;
    let blobs = profile.blobs();
    let mut photos = Vec::new();
    for response in audit_responses(profile, audit_id)? {
        let (participant_id, credit) = response
            .participant()
            .map(|p| (p.id.clone(), p.display_name.clone()))
            .unwrap_or_default();
        for (hash, record) in response.photos() {
            let parsed = BlobHash::parse(hash).ok();
            photos.push(review_photo(
                hash,
                record,
                (&participant_id, &credit),
                marked.contains(hash),
                parsed.as_ref().and_then(|h| profile.thumbnail_data_url(h)),
                parsed.is_some_and(|h| blobs.path(&h).is_file()),
            ));
        }
    }
    photos.sort_by(|a, b| {
        (a.theme.as_str(), a.taken_at, a.hash.as_str()).cmp(&(
            b.theme.as_str(),
            b.taken_at,
            b.hash.as_str(),
        ))
    });
    Ok(photos)
}

fn review_photo(
    hash: &str,
    record: &PhotoRecord,
    (participant_id, credit): (&str, &str),
    marked: bool,
    thumbnail: Option<String>,
    uploaded: bool,
) -> ReviewPhoto {
    ReviewPhoto {
        hash: hash.to_owned(),
        title: record.title.clone(),
        caption: record.caption.clone(),
        theme: record.theme.clone(),
        credit: credit.to_owned(),
        participant_id: participant_id.to_owned(),
        location: record.location.as_ref().map(LocationView::from),
        taken_at: record.taken_at,
        marked,
        thumbnail: thumbnail.unwrap_or_default(),
        uploaded,
    }
}

/// A point on the map.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LatLon {
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

/// A planned or visited stop with a position.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MapStop {
    /// Planned stop id, or the visit's id.
    pub id: String,
    /// `planned` or `visited`.
    pub kind: &'static str,
    /// Name of area.
    pub name_of_area: String,
    /// Specific location.
    pub specific_location: String,
    /// Who visited it; `None` for planned stops.
    pub pseudonym: Option<String>,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

/// A photo with a position.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MapPhoto {
    /// Blob hash.
    pub hash: String,
    /// Title.
    pub title: String,
    /// Theme id.
    pub theme: String,
    /// The photographer's display name.
    pub credit: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

/// One participant's track.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MapTrack {
    /// Participant id.
    pub participant_id: String,
    /// Display name.
    pub pseudonym: String,
    /// In time order.
    pub points: Vec<LatLon>,
}

/// Everything with a position; items without one are left out.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct MapFeatures {
    /// Planned and visited stops.
    pub stops: Vec<MapStop>,
    /// Photos.
    pub photos: Vec<MapPhoto>,
    /// Tracks with at least one point.
    pub tracks: Vec<MapTrack>,
}

/// The map of the audit: planned stops, visited stops, photos and tracks.
pub fn map_features(profile: &Profile, audit_id: &DocumentId) -> Result<MapFeatures, ProfileError> {
    let audit = profile.audit(audit_id)?;
    let mut map = MapFeatures::default();
    for (id, stop) in audit.planned_stops() {
        if let Some(at) = &stop.position {
            map.stops.push(MapStop {
                id: id.clone(),
                kind: "planned",
                name_of_area: stop.name_of_area.clone(),
                specific_location: stop.specific_location.clone(),
                pseudonym: None,
                lat: at.lat,
                lon: at.lon,
            });
        }
    }
    for response in audit_responses(profile, audit_id)? {
        let (participant_id, pseudonym) = response
            .participant()
            .map(|p| (p.id.clone(), p.display_name.clone()))
            .unwrap_or_default();
        for (id, visit) in response.stops() {
            if let Some(at) = &visit.location {
                map.stops.push(MapStop {
                    id: id.clone(),
                    kind: "visited",
                    name_of_area: visit.name_of_area.clone(),
                    specific_location: visit.specific_location.clone(),
                    pseudonym: Some(pseudonym.clone()),
                    lat: at.lat,
                    lon: at.lon,
                });
            }
        }
        for (hash, photo) in response.photos() {
            if let Some(at) = &photo.location {
                map.photos.push(MapPhoto {
                    hash: hash.clone(),
                    title: photo.title.clone(),
                    theme: photo.theme.clone(),
                    credit: pseudonym.clone(),
                    lat: at.lat,
                    lon: at.lon,
                });
            }
        }
        let mut points: Vec<_> = response.track().collect();
        points.sort_by_key(|p| p.at);
        if !points.is_empty() {
            map.tracks.push(MapTrack {
                participant_id,
                pseudonym,
                points: points
                    .iter()
                    .map(|p| LatLon {
                        lat: p.lat,
                        lon: p.lon,
                    })
                    .collect(),
            });
        }
    }
    Ok(map)
}
