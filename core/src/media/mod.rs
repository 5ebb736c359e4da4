//! Photos on the device: what their EXIF says (position, time, orientation),
//! the shared copy without metadata, the thumbnail, and where a photo's
//! location comes from. Recording a photo in a profile is
//! `crate::profile`'s part; this module knows nothing of profiles.

mod jpeg;
mod metadata;
mod shared;

pub use jpeg::{orientation_exif, rebuild_jpeg};
pub use metadata::{read_metadata, PhotoMetadata};
pub use shared::{prepare, thumbnail_of_shared, PreparedPhoto, THUMBNAIL_SIZE};

use crate::model::{Location, LocationSource};

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
