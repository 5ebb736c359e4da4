//! The photovoice review gallery and the map of stops, photos and tracks.

use serde::Serialize;

use super::audit_responses;
use crate::export::{self, ExportInput, MapFeatures};
use crate::ids::{BlobHash, DocumentId};
use crate::model::PhotoRecord;
use crate::profile::{Profile, ProfileError};
use crate::views::LocationView;

/// A photo as the review gallery shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
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
    /// Received outside the app: how; `None` for participants' photos.
    pub received_via: Option<String>,
    /// For a received photo: how its photographer gave consent.
    pub consent_note: String,
}

/// Every photo of the audit's responses and every photo received outside
/// the app, by theme then time taken.
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
                parsed.is_some_and(|h| blobs.contains(&h)),
            ));
        }
    }
    for (hash, photo) in profile.audit(audit_id)?.received_photos() {
        let parsed = BlobHash::parse(&hash).ok();
        photos.push(ReviewPhoto {
            title: photo.title,
            caption: photo.caption,
            theme: photo.theme,
            credit: photo.credit,
            participant_id: String::new(),
            location: photo.location.as_ref().map(LocationView::from),
            taken_at: photo.taken_at,
            marked: marked.contains(&hash),
            thumbnail: parsed
                .as_ref()
                .and_then(|h| profile.thumbnail_data_url(h))
                .unwrap_or_default(),
            uploaded: parsed.is_some_and(|h| blobs.contains(&h)),
            received_via: Some(photo.received_via),
            consent_note: photo.consent_note,
            hash,
        });
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
        received_via: None,
        consent_note: String::new(),
    }
}

/// The map of the audit: planned stops, visited stops, photos and tracks,
/// the same features the GeoJSON export and the report's map show.
pub fn map_features(profile: &Profile, audit_id: &DocumentId) -> Result<MapFeatures, ProfileError> {
    let audit = profile.audit(audit_id)?;
    let responses = audit_responses(profile, audit_id)?;
    let no_blobs = |_: &str| -> Option<Vec<u8>> { None };
    let input = ExportInput {
        audit_id: audit_id.as_str(),
        audit,
        responses: &responses,
        earlier: None,
        blobs: &no_blobs,
        lang: "en",
    };
    Ok(export::map_features(&input))
}
