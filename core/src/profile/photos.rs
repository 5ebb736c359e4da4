//! Photos in a profile: a participant's picked photos (the shared copy
//! without metadata, the thumbnail, the record), photos a facilitator
//! received outside the app, and photos downloaded from the server.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use std::path::PathBuf;

use super::{Profile, ProfileError};
use crate::ids::{BlobHash, DocumentId};
use crate::media::{
    choose_location, prepare, thumbnail_of_shared, MediaError, NewPhoto, NewReceivedPhoto,
    PreparedPhoto,
};
use crate::model::{now_ms, PhotoEdit, PhotoInput, PhotoRecord, ReceivedPhoto};
use crate::store::StoreError;

impl Profile {
    /// The folder of photo thumbnails beside this profile's database.
    pub fn thumbnail_dir(&self) -> PathBuf {
        crate::store::blobs::sibling(self.store.path(), "thumbnails")
    }

    /// The thumbnail file of a photo (a JPEG), for profiles keeping photos in folders.
    pub fn thumbnail_path(&self, hash: &BlobHash) -> PathBuf {
        self.blobs().thumbnail_path(hash)
    }

    /// The thumbnail as a `data:` URL, if it exists on this device.
    pub fn thumbnail_data_url(&self, hash: &BlobHash) -> Option<String> {
        let bytes = self.blobs().thumbnail(hash)?;
        Some(format!("data:image/jpeg;base64,{}", BASE64.encode(bytes)))
    }

    /// Adds a photo record.
    pub fn add_photo(
        &mut self,
        response_id: &DocumentId,
        photo: &PhotoInput,
    ) -> Result<(), ProfileError> {
        self.edit_response(response_id, |doc, audit| doc.add_photo(audit, photo))
    }

    /// Edits a photo's title, caption or theme.
    pub fn edit_photo(
        &mut self,
        response_id: &DocumentId,
        hash: &BlobHash,
        edit: &PhotoEdit,
    ) -> Result<(), ProfileError> {
        self.edit_response(response_id, |doc, audit| doc.edit_photo(audit, hash, edit))
    }

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
