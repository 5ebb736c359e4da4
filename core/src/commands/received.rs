//! The facilitator's commands for photos received outside the app (the
//! UI's `ui/src/receivedApi.ts`): add one to the session audit's photovoice
//! set, or remove it. Both answer with the review gallery.

use serde::Deserialize;

use super::methods::audit_id;
use super::{picked_photo, CommandError, CommandResult, PickedFile};
use crate::ids::BlobHash;
use crate::media::NewReceivedPhoto;
use crate::profile::Profile;
use crate::views::facilitator::{photos_for_review, ReviewPhoto};
use crate::views::LocationView;

/// A received photo as the UI sends it: the picture and its record.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AddReceivedPhotoCommand {
    /// The picture.
    #[serde(flatten)]
    pub file: PickedFile,
    /// Title, caption, theme, credit, how it came, consent.
    #[serde(flatten)]
    pub photo: NewReceivedPhoto,
    /// A position typed or placed by the facilitator.
    #[serde(default)]
    pub location: Option<LocationView>,
}

/// A received photo, by hash.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ReceivedPhotoRef {
    /// The shared copy's hash.
    pub hash: String,
}

/// Adds a received photo to the session audit's photovoice set.
pub fn add_received_photo(
    profile: &mut Profile,
    request: AddReceivedPhotoCommand,
    bytes: Option<&[u8]>,
) -> CommandResult<Vec<ReviewPhoto>> {
    let audit = audit_id(profile)?;
    let picture = picked_photo(&request.file, bytes)?;
    let photo = NewReceivedPhoto {
        location: request
            .location
            .map(LocationView::to_location)
            .transpose()?,
        ..request.photo
    };
    profile.add_received_photo_file(&audit, &picture, &photo)?;
    Ok(photos_for_review(profile, &audit)?)
}

/// Removes a received photo from the session audit's photovoice set.
pub fn remove_received_photo(
    profile: &mut Profile,
    request: ReceivedPhotoRef,
) -> CommandResult<Vec<ReviewPhoto>> {
    let audit = audit_id(profile)?;
    let hash = BlobHash::parse(&request.hash)
        .map_err(|e| CommandError::new("unknown_photo", e.to_string()))?;
    profile.remove_received_photo(&audit, &hash)?;
    Ok(photos_for_review(profile, &audit)?)
}
