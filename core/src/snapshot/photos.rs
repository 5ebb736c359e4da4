//! The shared photos of an audit with their credits.

use serde::Serialize;

use super::ExportInput;
use crate::model::Location;

/// A shared photo with its photographer's credit.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SharedPhoto {
    /// SHA-256 of the shared blob.
    pub hash: String,
    /// Title.
    pub title: String,
    /// Caption.
    pub caption: String,
    /// Theme id.
    pub theme: String,
    /// The photographer's display name.
    pub credit: String,
    /// The photographer's participant id (empty for a photo received
    /// outside the app).
    pub participant_id: String,
    /// Received outside the app: how (e-mail, messaging…); `None` for
    /// participants' photos.
    pub received_via: Option<String>,
    /// Where it was taken, if known.
    pub location: Option<Location>,
    /// When it was taken, if known.
    pub taken_at: Option<i64>,
    /// Media type of the blob.
    pub media_type: String,
}

/// Every photo shared with consent (participants' and those received
/// outside the app), by theme (template order), then taking
/// time, then hash.
pub fn shared_photos(input: &ExportInput<'_>) -> Vec<SharedPhoto> {
    let themes: Vec<&str> = input
        .audit
        .photovoice()
        .map(|p| p.themes.iter().map(|t| t.id.as_str()).collect())
        .unwrap_or_default();
    let mut photos: Vec<SharedPhoto> = input
        .responses
        .iter()
        .filter_map(|r| r.participant().map(|p| (p, r)))
        .flat_map(|(p, r)| {
            r.photos()
                .filter(|(_, record)| record.consent)
                .map(move |(hash, record)| SharedPhoto {
                    hash: hash.clone(),
                    title: record.title.clone(),
                    caption: record.caption.clone(),
                    theme: record.theme.clone(),
                    credit: p.display_name.clone(),
                    participant_id: p.id.clone(),
                    location: record.location,
                    taken_at: record.taken_at,
                    media_type: record.media_type.clone(),
                    received_via: None,
                })
        })
        .collect();
    photos.extend(
        input
            .audit
            .received_photos()
            .into_iter()
            .filter(|(_, photo)| photo.consent)
            .map(|(hash, photo)| SharedPhoto {
                hash,
                title: photo.title,
                caption: photo.caption,
                theme: photo.theme,
                credit: photo.credit,
                participant_id: String::new(),
                location: photo.location,
                taken_at: photo.taken_at,
                media_type: photo.media_type,
                received_via: Some(photo.received_via),
            }),
    );
    photos.sort_by(|a, b| {
        let rank = |t: &str| themes.iter().position(|x| *x == t).unwrap_or(usize::MAX);
        (rank(&a.theme), a.taken_at, &a.hash).cmp(&(rank(&b.theme), b.taken_at, &b.hash))
    });
    photos
}
