//! The profile as the app's screens see it: views of the session, the
//! audit, one's own response and sync, plus the chosen UI language.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use std::collections::HashSet;
use std::path::PathBuf;

use super::{Profile, ProfileError};
use crate::ids::{BlobHash, DocumentId};
use crate::model::ModelError;
use crate::store::StoreError;
use crate::views::{AuditView, ResponseView, SessionView, SyncState, SyncStatusView, UploadView};

const LANGUAGE_KEY: &str = "language";
/// Longest language tag accepted (BCP 47 tags in use are far shorter).
const MAX_LANGUAGE_TAG: usize = 35;

/// How the app's sync runner last fared, which the store alone cannot tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SyncActivity {
    /// A sync is running now.
    pub running: bool,
    /// The last attempt failed because the server could not be reached.
    pub offline: bool,
}

impl Profile {
    /// The UI language chosen on this device; `None` follows the system.
    pub fn language(&self) -> Result<Option<String>, ProfileError> {
        Ok(self.store.setting(LANGUAGE_KEY)?.filter(|l| !l.is_empty()))
    }

    /// Chooses the UI language (`None` follows the system).
    pub fn set_language(&self, language: Option<&str>) -> Result<(), ProfileError> {
        let tag = language.map(str::trim).unwrap_or("");
        let valid = tag.len() <= MAX_LANGUAGE_TAG
            && tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !valid {
            return Err(ModelError::InvalidLanguage(tag.chars().take(40).collect()).into());
        }
        Ok(self.store.set_setting(LANGUAGE_KEY, tag)?)
    }

    /// The session as the UI shows it, if this device has joined an audit.
    pub fn session_view(&self) -> Result<Option<SessionView>, ProfileError> {
        let Some(session) = self.session()? else {
            return Ok(None);
        };
        let response = match &session.response_doc {
            Some(id) if self.responses.contains_key(id) => Some(self.response(id)?),
            _ => None,
        };
        let mut view = SessionView::new(&session, response.as_ref(), self.language()?);
        if view.display_name.is_empty() {
            if let Some(joining) = self.joining()? {
                view.display_name = joining.display_name;
                view.group = joining.group;
            }
        }
        Ok(Some(view))
    }

    /// The audit as the participant's screens need it.
    pub fn audit_view(&self, id: &DocumentId) -> Result<AuditView, ProfileError> {
        Ok(AuditView::new(id.as_str(), self.audit(id)?))
    }

    /// One's own response with photo thumbnails and upload state.
    pub fn response_view(&self, id: &DocumentId) -> Result<ResponseView, ProfileError> {
        let response = self.response(id)?;
        let pending: HashSet<BlobHash> = self
            .pending_uploads()?
            .into_iter()
            .map(|upload| upload.hash)
            .collect();
        Ok(ResponseView::new(&response, |hash, record| {
            let parsed = BlobHash::parse(hash).ok();
            let thumbnail = parsed
                .as_ref()
                .and_then(|h| self.thumbnail_data_url(h))
                .unwrap_or_default();
            let uploaded = parsed.is_some_and(|h| !pending.contains(&h));
            crate::views::PhotoView::new(hash, record, thumbnail, uploaded)
        }))
    }

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

    /// Sync status for the status bar, given what the sync runner knows.
    pub fn sync_status_view(
        &mut self,
        activity: SyncActivity,
    ) -> Result<SyncStatusView, ProfileError> {
        let session = self.session()?;
        let pending_changes = match &session {
            Some(session) => self.pending_changes(&session.server)?,
            None => 0,
        };
        let titles = self.photo_titles()?;
        let uploads = self
            .pending_uploads()?
            .into_iter()
            .map(|upload| UploadView {
                title: titles
                    .iter()
                    .find(|(hash, _)| hash == upload.hash.as_str())
                    .map(|(_, title)| title.clone())
                    .unwrap_or_default(),
                hash: upload.hash.to_string(),
                sent_bytes: upload.sent,
                total_bytes: upload.size,
            })
            .collect();
        let pending_downloads = crate::sync::download::blobs_to_download(self)?.len();
        let last_sync_at = self.last_sync_at()?;
        let last_error = self.last_sync_error()?;
        let state = if activity.running {
            SyncState::Syncing
        } else if activity.offline {
            SyncState::Offline
        } else if last_error.is_some() {
            SyncState::Error
        } else if last_sync_at.is_none() {
            SyncState::NeverSynced
        } else {
            SyncState::UpToDate
        };
        Ok(SyncStatusView {
            state,
            pending_changes,
            uploads,
            pending_downloads,
            last_sync_at,
            last_error,
        })
    }

    /// Titles of the photos in this profile's responses, by blob hash.
    fn photo_titles(&self) -> Result<Vec<(String, String)>, ProfileError> {
        let mut titles = Vec::new();
        for id in self.response_ids() {
            let response = self.response(&id)?;
            titles.extend(
                response
                    .photos()
                    .map(|(hash, record)| (hash.clone(), record.title.clone())),
            );
        }
        Ok(titles)
    }

    /// The session's response document, or a clear error when there is none.
    pub fn session_response_id(&self) -> Result<DocumentId, ProfileError> {
        let session = self.session()?.ok_or(ModelError::NotJoined)?;
        let id = session.response_doc.ok_or(ModelError::NotJoined)?;
        if !self.responses.contains_key(&id) {
            return Err(StoreError::NotFound(id.to_string()).into());
        }
        Ok(id)
    }
}
