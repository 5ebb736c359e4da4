//! Photos on the device: what their EXIF says (position, time, orientation),
//! the shared copy without metadata, the thumbnail, and adding a picked
//! photo to one's response.

mod jpeg;
mod metadata;
mod shared;

pub use jpeg::{orientation_exif, rebuild_jpeg};
pub use metadata::{read_metadata, PhotoMetadata};
pub use shared::{prepare, thumbnail_of_shared, PreparedPhoto, THUMBNAIL_SIZE};

use crate::ids::{BlobHash, DocumentId};
use crate::model::{now_ms, Location, LocationSource, PhotoInput, PhotoRecord, ReceivedPhoto};
use crate::profile::{Profile, ProfileError};
use crate::store::StoreError;

/// Why a photo could not be used.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    /// The bytes are not a picture.
    #[error("this file is not a photo: choose a JPEG, PNG or WebP picture")]
    NotAnImage,
    /// A picture format the app does not read yet.
    #[error("{0} photos are not supported yet: choose a JPEG, PNG or WebP photo, or on an iPhone share the photo as JPEG (Settings › Camera › Formats › Most Compatible takes JPEG photos)")]
    Unsupported(String),
    /// The picture is damaged or too large.
    #[error("the photo cannot be read: {0}")]
    Unreadable(String),
    /// The shared copy or thumbnail could not be made.
    #[error("the photo could not be prepared: {0}")]
    Encode(String),
    /// The same photo is already in the gallery.
    #[error("this photo is already in your gallery")]
    Duplicate,
}

/// What the person enters for a new photo.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPhoto {
    /// Title.
    pub title: String,
    /// Short caption.
    pub caption: String,
    /// Photovoice theme id.
    pub theme: String,
    /// The stop it was taken at, if any.
    pub stop: Option<String>,
    /// A pin the participant placed (source `manual`: it replaces the
    /// photo's own position) or the device position (used when the photo
    /// has none).
    pub fallback_location: Option<Location>,
    /// Share this photo's location; `None`: as the participant chose when
    /// accepting the photovoice terms.
    pub share_location: Option<bool>,
}

/// What a facilitator enters for a photo received outside the app.
#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct NewReceivedPhoto {
    /// Title.
    pub title: String,
    /// Short caption.
    #[serde(default)]
    pub caption: String,
    /// Photovoice theme id.
    pub theme: String,
    /// The photographer's name or credit line.
    pub credit: String,
    /// How it reached the facilitator (see [`crate::model::RECEIVED_VIA`]).
    pub received_via: String,
    /// The photographer consented to its use under the usage terms.
    pub consent: bool,
    /// How and when that consent was given.
    pub consent_note: String,
    /// A position typed or placed by the facilitator (the command reads it
    /// as a checked [`crate::views::LocationView`]).
    #[serde(skip)]
    pub location: Option<Location>,
    /// Keep the photo's own GPS position when no position is given.
    #[serde(default)]
    pub keep_photo_position: bool,
}

/// The location of a photo, only when the participant shares it: a pin
/// they placed (it replaces the photo's own position), else the photo's
/// EXIF position, else the device's position, else none.
pub fn choose_location(
    metadata: &PhotoMetadata,
    placed: Option<Location>,
    share: bool,
) -> Option<Location> {
    if !share {
        return None;
    }
    let exif = || {
        metadata
            .position
            .and_then(|(lat, lon)| Location::new(lat, lon, LocationSource::Exif).ok())
    };
    match placed {
        Some(pin) if pin.source == LocationSource::Manual => Some(pin),
        device => exif().or(device),
    }
}

impl Profile {
    /// Adds a picked photo to a response: keeps the shared copy (queued for
    /// upload) and a thumbnail, and records title, caption, theme, location
    /// and time. Returns the shared copy's hash. A refused photo leaves
    /// nothing behind.
    pub fn add_photo_file(
        &mut self,
        response_id: &DocumentId,
        bytes: &[u8],
        photo: &NewPhoto,
    ) -> Result<BlobHash, ProfileError> {
        let prepared = prepare(bytes)?;
        let hash = BlobHash::of(&prepared.shared);
        let response = self.response(response_id)?;
        let known = response.photos().any(|(h, _)| h == hash.as_str());
        if known {
            return Err(MediaError::Duplicate.into());
        }
        if let Some(fallback) = &photo.fallback_location {
            fallback.validate()?;
        }
        let share = photo.share_location.unwrap_or_else(|| {
            response
                .participant()
                .is_some_and(|p| p.shares_photo_locations())
        });
        let record = PhotoRecord {
            title: photo.title.trim().to_owned(),
            caption: photo.caption.trim().to_owned(),
            theme: photo.theme.clone(),
            location: choose_location(&prepared.metadata, photo.fallback_location, share),
            taken_at: prepared.metadata.taken_at,
            stop: photo.stop.clone(),
            media_type: prepared.media_type.to_owned(),
            size: prepared.shared.len() as u64,
            consent: true,
            added_at: now_ms(),
        };
        let input = PhotoInput {
            hash: hash.clone(),
            record,
        };
        self.keep_prepared(&prepared, |profile| profile.add_photo(response_id, &input))
    }

    /// Adds a photo received outside the app (e-mail, messaging) to the
    /// audit's photovoice set: its shared copy is made exactly like a
    /// participant's (no EXIF but the orientation), queued for upload, and
    /// recorded with the photographer's credit and consent. The photo's own
    /// GPS position is kept only when `received.keep_photo_position`.
    pub fn add_received_photo_file(
        &mut self,
        audit_id: &DocumentId,
        bytes: &[u8],
        received: &NewReceivedPhoto,
    ) -> Result<BlobHash, ProfileError> {
        let prepared = prepare(bytes)?;
        let hash = BlobHash::of(&prepared.shared);
        if self
            .audit(audit_id)?
            .received_photo_hashes()
            .contains(&hash)
        {
            return Err(MediaError::Duplicate.into());
        }
        let photo_position = received
            .keep_photo_position
            .then_some(&prepared.metadata)
            .and_then(|m| choose_location(m, None, true));
        let record = ReceivedPhoto {
            title: received.title.trim().to_owned(),
            caption: received.caption.trim().to_owned(),
            theme: received.theme.clone(),
            credit: received.credit.trim().to_owned(),
            received_via: received.received_via.clone(),
            consent: received.consent,
            consent_note: received.consent_note.trim().to_owned(),
            location: received.location.or(photo_position),
            taken_at: prepared.metadata.taken_at,
            media_type: prepared.media_type.to_owned(),
            size: prepared.shared.len() as u64,
            added_at: now_ms(),
        };
        self.keep_prepared(&prepared, |profile| {
            profile.edit_audit(audit_id, |audit| audit.add_received_photo(&hash, &record))
        })
    }

    /// Stores a prepared photo's shared copy (queued for upload) and
    /// thumbnail, then records it with `record`; when recording is refused,
    /// nothing of the photo stays queued or on disk.
    fn keep_prepared(
        &mut self,
        prepared: &PreparedPhoto,
        record: impl FnOnce(&mut Self) -> Result<(), ProfileError>,
    ) -> Result<BlobHash, ProfileError> {
        let hash = BlobHash::of(&prepared.shared);
        self.write_thumbnail(&hash, &prepared.thumbnail)?;
        let stored = self.store_photo_blob(&prepared.shared, prepared.media_type)?;
        debug_assert_eq!(stored, hash);
        if let Err(error) = record(self) {
            let _ = self.store().unqueue_upload(&hash);
            let _ = self.blobs().remove(&hash);
            return Err(error);
        }
        Ok(hash)
    }

    /// Keeps a photo downloaded from the server, with its thumbnail: only
    /// when its bytes hash to `hash` (else `Ok(false)` and nothing is
    /// written). The blob is written to a temporary file and renamed, so a
    /// killed app never leaves half a photo under its name; it is not queued
    /// for upload (the server has it).
    pub fn keep_downloaded_photo(
        &self,
        hash: &BlobHash,
        bytes: &[u8],
    ) -> Result<bool, ProfileError> {
        if BlobHash::of(bytes) != *hash {
            return Ok(false);
        }
        // A picture the app cannot decode is still kept (it goes into the
        // report's ZIP); it only has no thumbnail.
        if let Ok(thumbnail) = thumbnail_of_shared(bytes) {
            self.write_thumbnail(hash, &thumbnail)?;
        }
        self.blobs()
            .put(bytes)
            .map_err(|e| StoreError::Blob(e.to_string()))?;
        Ok(true)
    }

    fn write_thumbnail(&self, hash: &BlobHash, jpeg: &[u8]) -> Result<(), ProfileError> {
        self.blobs()
            .put_thumbnail(hash, jpeg)
            .map_err(|e| StoreError::Blob(format!("thumbnail: {e}")).into())
    }
}

impl From<MediaError> for ProfileError {
    fn from(error: MediaError) -> Self {
        ProfileError::Media(error)
    }
}
