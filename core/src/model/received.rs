//! Photos a facilitator received outside the app (e-mail, messaging) and
//! adds to the photovoice set, with the photographer's credit and how their
//! consent was given. Kept in the audit document under
//! `facilitator.received_photos`, keyed by the shared copy's blob hash like
//! participants' photo records.

use autosurgeon::{reconcile_prop, Hydrate, Reconcile};
use serde::{Deserialize, Serialize};

use super::audit::{AuditData, AuditDocument};
use super::response::readable;
use super::tolerant::Fields;
use super::{check_text, limits, Location, ModelError};
use crate::ids::BlobHash;

/// How a photo reached the facilitator.
pub const RECEIVED_VIA: &[&str] = &["email", "messaging", "in_person", "other"];

/// A photo received outside the app, as recorded in the audit document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Hydrate, Reconcile)]
#[serde(rename_all = "camelCase")]
pub struct ReceivedPhoto {
    /// Title.
    pub title: String,
    /// Short caption.
    pub caption: String,
    /// Photovoice theme id.
    pub theme: String,
    /// The photographer's name or credit line, as they wish to be credited.
    pub credit: String,
    /// How the photo reached the facilitator: one of [`RECEIVED_VIA`].
    pub received_via: String,
    /// True: the photographer consented to its use under the usage terms.
    pub consent: bool,
    /// How and when that consent was given (e.g. "reply by e-mail, 2 May").
    pub consent_note: String,
    /// Where it was taken, if known.
    pub location: Option<Location>,
    /// When it was taken (ms since epoch), if known.
    pub taken_at: Option<i64>,
    /// Media type of the shared blob, e.g. `image/jpeg`.
    pub media_type: String,
    /// Size of the shared blob in bytes.
    pub size: u64,
    /// When the facilitator added it (ms since epoch).
    pub added_at: i64,
}

impl Fields for ReceivedPhoto {
    const FIELDS: &'static [&'static str] = &[
        "title",
        "caption",
        "theme",
        "credit",
        "received_via",
        "consent",
        "consent_note",
        "location",
        "taken_at",
        "media_type",
        "size",
        "added_at",
    ];
}

impl ReceivedPhoto {
    /// Checks the record against the audit: texts, theme, consent, position.
    pub fn validate(&self, audit: &AuditData) -> Result<(), ModelError> {
        let photovoice = audit
            .photovoice()
            .ok_or(ModelError::NotInAudit("photovoice"))?;
        check_text("title", &self.title, limits::SHORT_TEXT, true)?;
        check_text("caption", &self.caption, limits::LONG_TEXT, false)?;
        check_text("credit", &self.credit, limits::SHORT_TEXT, true)?;
        check_text("consent note", &self.consent_note, limits::LONG_TEXT, true)?;
        check_text("media type", &self.media_type, 100, true)?;
        if !self.consent {
            return Err(ModelError::InvalidValue {
                field: "consent".into(),
                reason:
                    "a photo received outside the app is added only with the photographer's consent"
                        .into(),
            });
        }
        if !RECEIVED_VIA.contains(&self.received_via.as_str()) {
            return Err(ModelError::InvalidValue {
                field: "received via".into(),
                reason: format!("choose one of {}", RECEIVED_VIA.join(", ")),
            });
        }
        if !photovoice.themes.iter().any(|t| t.id == self.theme) {
            return Err(ModelError::UnknownTheme(self.theme.clone()));
        }
        if let Some(location) = &self.location {
            location.validate()?;
        }
        Ok(())
    }
}

impl AuditData {
    /// The readable received photos by hash (records a newer or broken
    /// writer left unreadable are skipped).
    pub fn received_photos(&self) -> Vec<(String, ReceivedPhoto)> {
        let Some(data) = self.facilitator.value() else {
            return Vec::new();
        };
        readable(&data.received_photos)
            .map(|(hash, photo)| (hash.clone(), photo.clone()))
            .collect()
    }

    /// The blob hashes of the received photos, including records this
    /// version cannot read (their key is the hash).
    pub fn received_photo_hashes(&self) -> Vec<BlobHash> {
        self.facilitator
            .value()
            .and_then(|data| data.received_photos.value())
            .into_iter()
            .flat_map(|photos| photos.keys())
            .filter_map(|hash| BlobHash::parse(hash).ok())
            .collect()
    }
}

impl AuditDocument {
    /// Adds a received photo (its shared copy is stored and uploaded
    /// separately). Refused, with nothing written, when a field is wrong or
    /// the photo is already in the set.
    pub fn add_received_photo(
        &mut self,
        hash: &BlobHash,
        photo: &ReceivedPhoto,
    ) -> Result<(), ModelError> {
        let data = self.read()?;
        photo.validate(&data)?;
        if data.received_photo_hashes().contains(hash) {
            return Err(ModelError::InvalidValue {
                field: "photo".into(),
                reason: "this photo has already been added".into(),
            });
        }
        self.prepare_records()?;
        let photos = self.path(&["facilitator", "received_photos"])?;
        reconcile_prop(self.automerge(), &photos, hash.as_str(), photo)?;
        self.automerge().commit();
        Ok(())
    }

    /// Removes a received photo from the set (e.g. its photographer
    /// withdrew consent).
    pub fn remove_received_photo(&mut self, hash: &BlobHash) -> Result<(), ModelError> {
        if !self.read()?.received_photo_hashes().contains(hash) {
            return Err(ModelError::UnknownPhoto(hash.to_string()));
        }
        let photos = self.path(&["facilitator", "received_photos"])?;
        automerge::transaction::Transactable::delete(self.automerge(), &photos, hash.as_str())?;
        self.automerge().commit();
        Ok(())
    }
}
